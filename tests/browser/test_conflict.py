"""Two browser contexts of the same party edit the same section; the second save shows the conflict
and loses nothing.

Two focal points of Kenya, each in a browser context of their own (their own cookies), open the
respondent section. A changes the name and autosave saves it; B changes the same field, B's
autosave meets the newer revision (409) and the conflict dialog lists the question with both values.
The server keeps A's value until B decides: "Keep my version" saves B's answers as a new revision
(A's stays in the history); "Use the saved version" reloads B's page with A's answers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from app.users.models import Role
from tests.browser.conftest import FORM, Problems, Site, new_context, shoot, sign_in, status, title
from tests.factory import person

pytestmark = pytest.mark.db

SECTION = f"{FORM}/s/respondent"
NAME = title("respondent_name")


@dataclass
class Pair:
    a: Page
    b: Page


@pytest.fixture
def pair(browser: Browser, site: Site, problems: Problems) -> Iterator[Pair]:
    """Two focal points of Kenya, signed in in two browser contexts, both on the respondent section."""
    colleague = person(Role.focal_point, "KEN")
    contexts = [new_context(browser, site, problems) for _ in range(2)]
    pages = [c.new_page() for c in contexts]
    sign_in(pages[0], site)
    sign_in(pages[1], site, colleague)
    for p in pages:
        p.goto(SECTION)
        expect(p.get_by_label(NAME)).to_have_value("")
    yield Pair(*pages)
    for c in contexts:
        c.close()


def make_conflict(pair: Pair, site: Site) -> None:
    """A saves "Amina Diallo"; B, on the page it opened before, types "Baraka Otieno" and is told."""
    a, b = pair.a, pair.b
    a.get_by_label(NAME).fill("Amina Diallo")
    a.get_by_label(NAME).blur()
    expect(status(a)).to_have_text("Saved")
    assert site.stored()["answers"]["respondent_name"] == "Amina Diallo"
    assert site.stored()["revision"] == 1

    dialog = b.locator("#conflict-dialog")
    expect(dialog).to_be_hidden()
    with b.expect_response(lambda r: r.url.endswith("/s/respondent/save")) as saved:
        b.get_by_label(NAME).fill("Baraka Otieno")
        b.get_by_label(NAME).blur()
    assert saved.value.status == 409
    expect(dialog).to_be_visible()
    expect(dialog).to_be_focused()  # the dialog takes the focus, so a screen reader reads it
    expect(dialog.get_by_role("heading")).to_have_text("Someone else saved this response meanwhile")
    rows = dialog.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.locator("th")).to_have_text(NAME)
    expect(rows.locator("td")).to_have_text(["Baraka Otieno", "Amina Diallo"])  # yours, then theirs
    shoot(b, "conflict-dialog")

    stored = site.stored()  # nothing was overwritten
    assert stored["answers"]["respondent_name"] == "Amina Diallo"
    assert stored["revision"] == 1
    expect(b.get_by_label(NAME)).to_have_value("Baraka Otieno")  # nor lost on B's page


def test_keep_my_version_saves_mine_and_keeps_theirs_in_the_history(pair: Pair, site: Site) -> None:
    make_conflict(pair, site)
    b = pair.b
    b.locator("#conflict-dialog").get_by_role("button", name="Keep my version").click()
    expect(status(b)).to_have_text("Saved")
    expect(b.locator("#conflict-dialog")).to_be_hidden()

    stored = site.stored()
    assert stored["answers"]["respondent_name"] == "Baraka Otieno"
    assert stored["revision"] == 2
    history = site.api("/revisions").json()
    assert [r["number"] for r in history] == [1, 2]
    assert site.api("/revisions/1").json()["answers"]["respondent_name"] == "Amina Diallo"
    assert site.api("/revisions/2").json()["answers"]["respondent_name"] == "Baraka Otieno"

    # B's page now edits the newest revision: the next change saves without a conflict.
    b.reload()
    expect(b.get_by_label(NAME)).to_have_value("Baraka Otieno")
    b.get_by_label(title("institution")).fill("Ministry of Environment")
    b.get_by_label(title("institution")).blur()
    expect(status(b)).to_have_text("Saved")
    assert site.stored()["revision"] == 3


def test_use_the_saved_version_reloads_with_theirs(pair: Pair, site: Site) -> None:
    make_conflict(pair, site)
    b = pair.b
    with b.expect_navigation():
        b.locator("#conflict-dialog").get_by_role("button", name="Use the saved version").click()
    expect(b.get_by_label(NAME)).to_have_value("Amina Diallo")
    expect(b.locator("#conflict-dialog")).to_be_hidden()
    expect(status(b)).to_have_text("")  # nothing is saved on the way
    stored = site.stored()
    assert stored["answers"]["respondent_name"] == "Amina Diallo"
    assert stored["revision"] == 1
    assert [r["number"] for r in site.api("/revisions").json()] == [1]


def test_the_status_line_does_not_say_saving_during_a_conflict(pair: Pair, site: Site) -> None:
    make_conflict(pair, site)
    expect(status(pair.b)).not_to_have_text("Saving…", timeout=2000)


def test_answers_kept_offline_meet_a_newer_save_with_the_conflict_dialog(
    page: Page, site: Site, problems: Problems
) -> None:
    """Typed offline, kept in the browser, restored later: saved against the revision they were
    typed on, so a colleague's save made meanwhile is shown, never silently replaced."""
    site.put({"respondent_name": "First"})
    page.goto(f"{FORM}/s/respondent")
    context = page.context
    context.set_offline(True)
    page.get_by_label(title("respondent_name")).fill("Typed offline")
    page.get_by_label(title("respondent_name")).blur()
    expect(status(page)).to_contain_text("offline")
    page.close()  # the person leaves while offline; the answers stay in this browser
    problems.seen.clear()  # the failed save's "ERR_INTERNET_DISCONNECTED" was the point
    context.set_offline(False)
    site.put({"respondent_name": "Colleague"})  # revision 2, while the browser kept its copy
    later = context.new_page()
    problems.watch(later)
    later.goto(f"{FORM}/s/respondent")  # back later: the kept answers are restored and saved
    dialog = later.locator("#conflict-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Typed offline")
    expect(dialog).to_contain_text("Colleague")
    assert site.stored()["answers"]["respondent_name"] == "Colleague"  # nothing overwritten
    shoot(later, "conflict-after-offline")
