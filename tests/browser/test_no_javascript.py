"""The forms work without JavaScript: every action is a plain form post that the server answers
with the next page, the same page with a new table row, or the same page with the errors."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import FORM, Problems, Site, new_context, option, save_and_continue, shoot, sign_in, title
from tests.browser.conftest import wrap as block

pytestmark = pytest.mark.db

ADD_PROJECT = re.compile(r"^Add a (project|row)$")


@pytest.fixture
def plain(browser: Browser, site: Site, problems: Problems) -> Iterator[Page]:
    """A signed-in tab of a browser with JavaScript turned off."""
    context = new_context(browser, site, problems, java_script_enabled=False)
    tab = context.new_page()
    sign_in(tab, site)
    yield tab
    context.close()


def test_a_section_is_saved_and_the_next_one_shown(plain: Page, site: Site) -> None:
    page = plain
    page.goto(f"{FORM}/s/respondent")
    coordinated = block(page, "response_coordinated")
    coordinated.get_by_label("Yes").check()
    expect(block(page, "coordinated_institutions")).to_be_hidden()  # no script: conditions apply on the server
    page.get_by_label(title("respondent_name")).fill("Amina Diallo")
    page.get_by_label(title("institution")).fill("Ministry of Environment")
    page.get_by_label(title("respondent_email")).fill("amina@environment.go.ke")
    coordinated.get_by_label("No").check()
    save_and_continue(page)

    expect(page).to_have_url(re.compile(r"/s/party_context$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title("party_context"))
    stored = site.stored()
    assert stored["status"] == "draft" and stored["revision"] == 1
    assert stored["answers"] == {
        "respondent_name": "Amina Diallo",
        "institution": "Ministry of Environment",
        "respondent_email": "amina@environment.go.ke",
        "response_coordinated": False,
    }
    # Back on the section, the answers are there, from the server alone.
    page.get_by_role("link", name="Previous section").click()
    expect(page.get_by_label(title("respondent_name"))).to_have_value("Amina Diallo")
    expect(block(page, "response_coordinated").get_by_label("No")).to_be_checked()


def test_table_rows_are_added_and_removed_with_the_buttons(plain: Page, site: Site) -> None:
    page = plain
    page.goto(f"{FORM}/s/technology_transfer")
    table = block(page, "transfer_projects")
    expect(table).to_be_hidden()  # shown once "Yes" is saved: no script shows it on the spot
    block(page, "has_transfer_projects").get_by_label("Yes").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").filter(has_text="Your answers have been saved.")).to_be_visible()
    expect(table).to_be_visible()
    expect(table.get_by_text("No rows yet.")).to_be_visible()

    with page.expect_navigation():
        table.get_by_role("button", name=ADD_PROJECT).click()
    expect(page).to_have_url(re.compile(r"/s/technology_transfer#f-transfer_projects$"))
    page.get_by_role("group", name="Row 1").get_by_label("Project name").fill("Retorts for miners")
    with page.expect_navigation():
        table.get_by_role("button", name=ADD_PROJECT).click()
    expect(page.get_by_role("group", name="Row 1").get_by_label("Project name")).to_have_value("Retorts for miners")
    row2 = page.get_by_role("group", name="Row 2")
    row2.get_by_label("Project name").fill("Dental amalgam separators")
    row2.get_by_label("Sector").select_option(label=option("priority_sectors", "products"))
    shoot(page, "no-js-table")
    assert len(site.stored()["answers"]["transfer_projects"]) == 2

    with page.expect_navigation():
        page.get_by_role("button", name="Remove row 1").click()
    expect(page.get_by_role("group", name="Row 2")).to_have_count(0)
    expect(page.get_by_role("group", name="Row 1").get_by_label("Project name")).to_have_value(
        "Dental amalgam separators"
    )
    save_and_continue(page)
    expect(page).to_have_url(re.compile(r"/s/financing$"))
    assert site.stored()["answers"]["transfer_projects"] == [
        {"project_name": "Dental amalgam separators", "project_sector": "products"}
    ]


def test_an_error_is_summarised_and_what_was_typed_is_kept(plain: Page, site: Site) -> None:
    page = plain
    page.goto(f"{FORM}/s/respondent")
    page.get_by_label(title("respondent_name")).fill("Amina Diallo")
    page.get_by_label(title("respondent_email")).fill("amina@")
    page.get_by_label(title("respondent_phone")).fill("call me")
    save_and_continue(page)

    expect(page).to_have_url(re.compile(r"/s/respondent$"))  # the same section, not the next
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(summary.get_by_role("link").first).to_have_attribute("href", "#f-respondent_email")
    expect(page.get_by_label(title("respondent_name"))).to_have_value("Amina Diallo")
    email = page.get_by_label(title("respondent_email"))
    expect(email).to_have_value("amina@")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile("Enter an email address"))
    expect(page.get_by_label(title("respondent_phone"))).to_have_value("call me")
    shoot(page, "no-js-error")

    summary.get_by_role("link").first.click()
    expect(email).to_be_focused()
    email.fill("amina@environment.go.ke")
    page.get_by_label(title("respondent_phone")).fill("+254 20 123 4567")
    save_and_continue(page)
    expect(page).to_have_url(re.compile(r"/s/party_context$"))
    assert site.stored()["answers"]["respondent_email"] == "amina@environment.go.ke"
    assert site.stored()["answers"]["respondent_phone"] == "+254 20 123 4567"
