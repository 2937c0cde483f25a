"""The same path in Arabic: `?lang=ar` once, then every page is Arabic and right to left (the choice
is remembered), the survey's labels come from the definition's Arabic texts, and a response goes
from the first section through the loop to submission."""

from __future__ import annotations

import re
from functools import partial

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    FORM,
    Site,
    autosaved,
    docs_screenshot,
    option,
    save_and_continue,
    shoot,
    title,
    ui,
    wrap,
)

pytestmark = pytest.mark.db

AR = "ar"


def expect_arabic(page: Page) -> None:
    """The page is in Arabic and laid out right to left."""
    html = page.locator("html")
    expect(html).to_have_attribute("lang", AR)
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("navigation", name=ui("Language", AR)).locator("[aria-current]")).to_have_text("العربية")


def choose(page: Page, qid: str, code: str, *loc: str) -> None:
    wrap(page, *loc, qid).get_by_label(option(qid, code, AR), exact=True).check()


def test_a_focal_point_answers_in_arabic_through_the_loop_to_submission(page: Page, site: Site) -> None:
    page.goto(f"{FORM}/s/respondent?lang=ar")
    expect_arabic(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(title("respondent", AR))
    expect(page).to_have_title(re.compile(title("respondent", AR)))
    # The page reads right to left: the main column starts on the right of the side bar.
    main_box = page.locator(".layout-main").bounding_box()
    side_box = page.locator(".layout-side").bounding_box()
    assert main_box and side_box and main_box["x"] > side_box["x"]

    page.get_by_label(title("respondent_name", AR)).fill("أمينة ديالو")
    page.get_by_label(title("institution", AR)).fill("وزارة البيئة")
    page.get_by_label(title("respondent_email", AR)).fill("amina@environment.go.ke")
    coordinated = wrap(page, "response_coordinated")
    expect(coordinated.get_by_role("group")).to_contain_text(title("response_coordinated", AR))
    autosaved(page, lambda: coordinated.get_by_label(ui("No", AR), exact=True).check(), AR)
    shoot(page, "arabic-01-section")
    save_and_continue(page, AR)

    # No ?lang= any more: the language is remembered.
    expect(page).to_have_url(re.compile(r"/s/party_context$"))
    expect_arabic(page)
    choose(page, "development_status", "developing")
    choose(page, "inventory_status", "in_progress")
    choose(page, "asgm_status", "more_than_insignificant")
    choose(page, "asgm_nap_status", "submitted")
    save_and_continue(page, AR)

    expect(page).to_have_url(re.compile(r"/s/sectors$"))
    expect_arabic(page)
    choose(page, "priority_sectors", "asgm")
    choose(page, "priority_sectors", "wastes")
    ranking = wrap(page, "sector_priority_order")
    ranking.get_by_label(option("priority_sectors", "wastes", AR)).select_option("1")
    save_and_continue(page, AR)

    # The loop: a page per sector, titles with the sector's Arabic name in them.
    expect(page).to_have_url(re.compile(r"/s/needs_by_sector$"))
    expect_arabic(page)
    parts = page.get_by_role("navigation", name=ui("Parts of this section", AR))
    expect(parts.get_by_role("link")).to_have_text(
        [option("priority_sectors", "asgm", AR), option("priority_sectors", "wastes", AR)]
    )
    asgm = option("priority_sectors", "asgm", AR)
    for code in ("asgm", "wastes"):
        loc = ("sector_needs", code)
        name = option("priority_sectors", code, AR)
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
        wanted = wrap(page, *loc, "alternatives_wanted")
        expect(wanted.locator("label")).to_contain_text(title("alternatives_wanted", AR).replace("{item}", name))
        choose(page, "tech_state", "identified", *loc)
        wrap(page, *loc, "alternatives_in_use").get_by_role("textbox").fill("تجارب محدودة")
        wanted.get_by_role("textbox").fill("معدات التركيز بالجاذبية")
        choose(page, "need_types", "equipment", *loc)
        wrap(page, *loc, "need_details").get_by_role("textbox").fill("٣٠ جهازاً")
        cost = wrap(page, *loc, "estimated_cost_usd")
        cost.get_by_role("textbox").fill("120000")
        expect(cost).to_contain_text("دولار أمريكي")
        choose(page, "barriers", "insufficient_funding", *loc)
        autosaved(page, partial(choose, page, "support_received", "none", *loc), AR)
        if code == "asgm":
            page.reload()  # the answers come back from the server, and the sections' states are current
            expect(wanted.get_by_role("textbox")).to_have_value("معدات التركيز بالجاذبية")
            shoot(page, "arabic-02-loop")
            docs_screenshot(page, "section-ar.png")
        save_and_continue(page, AR)
    expect(page).to_have_url(re.compile(r"/s/challenges$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title("challenges", AR))

    # The matrix, the yes/no of the table, the required answer of cooperation.
    for row in shipped_rows():
        page.get_by_role("group", name=option("challenge_severity", row, AR), exact=True).get_by_label(
            option("challenge_severity", "major", AR), exact=True
        ).check()
    shoot(page, "arabic-03-matrix")
    save_and_continue(page, AR)
    wrap(page, "has_transfer_projects").get_by_label(ui("No", AR), exact=True).check()
    save_and_continue(page, AR)
    expect(page).to_have_url(re.compile(r"/s/financing$"))
    save_and_continue(page, AR)
    choose(page, "request_facilitation", "maybe")
    save_and_continue(page, AR)
    expect(page).to_have_url(re.compile(r"/s/final$"))
    save_and_continue(page, AR)

    expect(page).to_have_url(re.compile(r"/review$"))
    expect_arabic(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Check your answers", AR))
    expect(page.get_by_text("أمينة ديالو")).to_be_visible()
    expect(page.get_by_role("region", name=title("needs_by_sector", AR))).to_contain_text(asgm)
    shoot(page, "arabic-04-review")
    with page.expect_navigation():
        page.get_by_role("button", name=ui("Submit response", AR)).click()
    expect(page).to_have_url(re.compile(r"/confirmation$"))
    expect_arabic(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Response submitted", AR))
    expect(page.locator("main")).to_contain_text("كينيا")  # the party's name in Arabic
    shoot(page, "arabic-05-confirmation")

    page.get_by_role("link", name=ui("Printable version", AR)).click()
    expect_arabic(page)
    expect(page.locator("main")).to_contain_text("معدات التركيز بالجاذبية")
    shoot(page, "arabic-06-print")

    stored = site.stored()
    assert stored["status"] == "submitted"
    assert stored["answers"]["respondent_name"] == "أمينة ديالو"
    assert set(stored["answers"]["sector_needs"]) == {"asgm", "wastes"}
    assert stored["answers"]["sector_priority_order"] == ["wastes"]


def shipped_rows() -> list[str]:
    from tests.browser.conftest import shipped

    return [r.code for r in shipped().questions["challenge_severity"].rows]
