"""axe-core on every page of the shipped survey, in English and in Arabic, against the WCAG 2.x A and
AA rules: the sign-in page, the overview, each of the nine sections (a sector page of the loop, the
table with a row), an error summary, the conflict dialog, the review, the confirmation and the
printable version (and the conflict page of a plain form post). And the keyboard basics: Tab reaches the first input, and whatever has the focus
shows it."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    FORM,
    SECTIONS,
    Problems,
    Site,
    new_context,
    save_and_continue,
    shoot,
    sign_in,
    title,
    ui,
)
from tests.shipped_answers import answers

pytestmark = pytest.mark.db

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()
# Violations already reported (see test_a_loop_on_the_review_and_print_pages_is_a_valid_definition_list):
# left out of the page-by-page run so that it catches anything new, and checked on their own below.
KNOWN: set[tuple[str, str]] = set()  # (rule, selector) of violations not fixed yet: none

# Every section answered, with a loop over two sectors and a table with one row: a valid response.
ANSWERS = answers()


def violations(page: Page, known: set[tuple[str, str]] | None = None) -> list[str]:
    """axe's WCAG A/AA violations on the page, one readable line per element (but those `known`)."""
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]})
    out = []
    for v in result.response["violations"]:
        for node in v["nodes"]:
            if (v["id"], " ".join(node["target"])) in (known or set()):
                continue
            out.append(f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}: {node.get('failureSummary', '')}")
    return out


class Audit:
    """Runs axe on each page visited and collects what it finds, so one run reports every page."""

    def __init__(self, page: Page, lang: str) -> None:
        self.page, self.lang, self.found = page, lang, {}  # type: ignore[var-annotated]
        self.checked: list[str] = []

    def check(self, name: str) -> None:
        expect(self.page.locator("html")).to_have_attribute("lang", self.lang)
        self.checked.append(name)
        found = violations(self.page, KNOWN)
        if found:
            self.found[name] = found
            shoot(self.page, f"axe-{self.lang}-{name}")

    def visit(self, path: str, name: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        self.check(name)

    def report(self) -> str:
        return "\n".join(f"{page}:\n  " + "\n  ".join(lines) for page, lines in self.found.items())


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_page_has_no_wcag_violation(browser: Browser, site: Site, problems: Problems, lang: str) -> None:
    context = new_context(browser, site, problems)
    page = context.new_page()
    audit = Audit(page, lang)

    audit.visit(f"/signin?lang={lang}", "signin")  # signed out; the choice of language is remembered
    sign_in(page, site)
    audit.visit("/", "home")
    site.put(ANSWERS)
    audit.visit(FORM, "overview")
    for section in SECTIONS:
        page.goto(f"{FORM}/s/{section}")
        if section == "technology_transfer":  # the table is shown, with its row
            expect(page.get_by_role("group", name=ui("Row %(n)s", lang, n=1))).to_be_visible()
        audit.check(section)
    audit.visit(f"{FORM}/s/needs_by_sector?item=products", "needs_by_sector-products")

    # A page with an error summary and an error on a field (sent by the page's own form).
    page.goto(f"{FORM}/s/respondent")
    page.get_by_label(title("respondent_email", lang)).fill("amina@")
    save_and_continue(page, lang)
    expect(page.locator("#error-summary")).to_be_visible()
    audit.check("respondent-with-error")

    # The conflict dialog, after someone else saved meanwhile.
    page.goto(f"{FORM}/s/final")
    site.put({**ANSWERS, "final_comments": "Saved by a colleague"})
    page.get_by_label(re.compile(re.escape(title("final_comments", lang)))).fill("Mine")
    page.get_by_label(re.compile(re.escape(title("final_comments", lang)))).blur()
    expect(page.locator("#conflict-dialog")).to_be_visible()
    audit.check("conflict-dialog")
    with page.expect_navigation():
        page.get_by_role("button", name=ui("Use the saved version", lang)).click()

    # The conflict page of the plain form post (a save from a page that is out of date).
    site.put({**ANSWERS, "final_comments": "Saved by a colleague, again"})
    with page.expect_navigation():
        page.get_by_role("button", name=ui("Save draft", lang)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Someone else saved this response meanwhile", lang))
    audit.check("conflict-page")

    audit.visit(f"{FORM}/review", "review")
    with page.expect_navigation():
        page.get_by_role("button", name=ui("Submit response", lang)).click()
    expect(page).to_have_url(re.compile(r"/confirmation$"))
    audit.check("confirmation")
    audit.visit(f"{FORM}/print", "print")
    audit.visit(f"{FORM}/s/respondent", "respondent-submitted")  # read-only now
    context.close()

    assert len(audit.checked) == 20
    assert not audit.found, f"axe found WCAG violations ({lang}):\n{audit.report()}"


FOCUS_STYLE = """() => {
  const el = document.activeElement, s = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name"), text: (el.textContent || "").trim().slice(0, 40),
          outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow};
}"""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_keyboard_reaches_the_first_input_and_the_focus_is_visible(page: Page, site: Site, lang: str) -> None:
    page.goto(f"{FORM}/s/respondent?lang={lang}")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=ui("Skip to main content", lang))
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # the skip link shows itself when focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label(title("respondent_name", lang))).to_be_focused()

    # Every stop of the Tab order shows the focus: an outline or a box shadow.
    site.put({"priority_sectors": ["asgm", "products"]})  # the ranking is shown too
    page.goto(f"{FORM}/s/sectors")
    seen: list[dict[str, str]] = []
    for _ in range(80):  # bounded: more than the page's focusable elements
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STYLE)
        if state["tag"] == "body" or (seen and state == seen[0]):
            break
        seen.append(state)
    assert len(seen) > 20, seen
    invisible = [s for s in seen if s["outline"] == "none" and s["shadow"] == "none"]
    assert not invisible, f"focus not visible on: {invisible}"
    kinds = {s["tag"] for s in seen}
    assert {"a", "input", "button"} <= kinds, kinds


def test_a_loop_on_the_review_and_print_pages_is_a_valid_definition_list(page: Page, site: Site) -> None:
    site.put(ANSWERS)
    found = {}
    for name in ("review", "print"):
        page.goto(f"{FORM}/{name}")
        found[name] = violations(page)
    assert found == {"review": [], "print": []}
