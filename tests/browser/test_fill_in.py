"""A focal point signs in from an invitation, fills in the whole shipped survey (including a loop, a
table and a matrix), triggers a validation error and fixes it, reloads the page half-way and finds
every answer, submits, and opens the printable view.

Everything goes through the real pages in Chromium: typing, clicking, choosing; the API is only
used to check what the server stored."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import APIResponse, Dialog, Page, Route, expect

from tests.browser.conftest import (
    FORM,
    Site,
    autosaved,
    docs_screenshot,
    option,
    save_and_continue,
    shipped,
    shoot,
    status,
    title,
    wrap,
)

pytestmark = pytest.mark.db

ADD_PROJECT = re.compile(r"^Add a (project|row)$")
CHALLENGES = {
    "insufficient_funding": "critical",
    "technical_capacity": "major",
    "institutional_regulatory": "moderate",
    "data_monitoring": "major",
    "access_to_alternatives": "critical",
    "market_conditions": "minor",
    "social_cultural": "moderate",
    "information_awareness": "dont_know",
}

EXPECTED = {
    "respondent_name": "Amina Diallo",
    "respondent_position": "Chemicals focal point",
    "institution": "Ministry of Environment, Chemicals Management Unit",
    "respondent_email": "amina.diallo@environment.go.ke",
    "respondent_phone": "+254 20 123 4567",
    "response_coordinated": True,
    "coordinated_institutions": "Ministry of Mining; Ministry of Health",
    "development_status": "developing",
    "inventory_status": "mia_completed",
    "inventory_year": 2018,
    "asgm_status": "more_than_insignificant",
    "asgm_nap_status": "in_preparation",
    "priority_sectors": ["products", "asgm"],
    "sector_priority_order": ["asgm", "products"],
    "source_categories": ["lamps_cfl", "dental_amalgam"],
    "sector_needs": {
        "products": {
            "tech_state": "pilot",
            "alternatives_in_use": "LED lamps in public buildings",
            "alternatives_wanted": "Mercury-free dental restoratives",
            "need_types": ["equipment", "skills"],
            "need_details": "Curing lights for 40 clinics; training for 200 dentists",
            "most_critical_need": "skills",
            "estimated_cost_usd": 250000,
            "time_frame": "years_1_to_3",
            "barriers": ["insufficient_funding", "market_conditions"],
            "barrier_details": "Amalgam is cheaper",
            "support_received": ["gef"],
        },
        "asgm": {
            "tech_state": "none_in_use",
            "alternatives_wanted": "Gravity concentration and direct smelting",
            "need_types": ["funding"],
            "need_details": "Grants for 30 mining cooperatives",
            "barriers": ["access_to_alternatives"],
            "support_received": ["none"],
        },
    },
    "challenge_severity": CHALLENGES,
    "other_challenges": "Frequent staff turnover",
    "has_transfer_projects": True,
    "transfer_projects": [
        {
            "project_name": "planetGOLD Kenya",
            "project_sector": "asgm",
            "project_funder": "gef",
            "project_start_year": 2020,
            "project_amount_usd": 1500000,
            "project_outcome": "ongoing",
            "project_lessons": "Work with cooperatives",
        }
    ],
    "domestic_share": 50,
    "international_share": 30,
    "private_share": 20,
    "cooperation_opportunities": "Regional centre in Nairobi",
    "share_experience": ["case_studies", "study_visits"],
    "experience_topics": "Dental amalgam phase-down",
    "request_facilitation": "yes",
    "facilitation_details": "Training on mercury-free mining",
    "final_comments": "Thank you",
}


def choose(page: Page, qid: str, code: str, *loc: str) -> None:
    """Check one radio button or checkbox of a question, by its label."""
    wrap(page, *loc, qid).get_by_label(option(qid, code), exact=True).check()


def test_a_focal_point_fills_in_the_whole_survey_and_submits(page: Page, site: Site) -> None:
    # From the start page to the response of Kenya, then "Start".
    page.goto("/")
    survey_title = shipped().text(shipped().spec.title, "en")
    page.get_by_role("link", name=survey_title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(survey_title)
    expect(page.locator("main")).to_contain_text("Kenya")
    expect(page.locator(".tag").first).to_have_text("Not started")
    shoot(page, "fill-in-01-overview")
    page.get_by_role("link", name="Start").click()
    expect(page).to_have_url(re.compile(r"/s/respondent$"))

    # 1. Respondent, with a mistake in the email address.
    page.get_by_label("Name of respondent").fill("Amina Diallo")
    page.get_by_label("Position or title").fill("Chemicals focal point")
    page.get_by_label("Institution or ministry").fill("Ministry of Environment, Chemicals Management Unit")
    page.get_by_label("Email address").fill("amina.diallo@")
    page.get_by_label("Telephone number").fill("+254 20 123 4567")
    institutions = page.get_by_label(title("coordinated_institutions"))
    expect(institutions).to_be_hidden()
    wrap(page, "response_coordinated").get_by_label("Yes").check()
    expect(institutions).to_be_visible()  # the condition applies as soon as "Yes" is chosen
    institutions.fill("Ministry of Mining; Ministry of Health")
    shoot(page, "fill-in-02-section")
    save_and_continue(page)

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(page).to_have_title(re.compile("Respondent and institution"))
    email = page.get_by_label("Email address")
    expect(email).to_have_value("amina.diallo@")  # nothing typed is lost
    expect(page.get_by_label("Name of respondent")).to_have_value("Amina Diallo")
    expect(institutions).to_have_value("Ministry of Mining; Ministry of Health")
    expect(email).to_have_attribute("aria-invalid", "true")
    shoot(page, "fill-in-03-error")
    link = summary.get_by_role("link")
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("href", "#f-respondent_email")
    expect(link).to_have_text(re.compile(r"^Email address: "))  # the summary names the question
    message = link.inner_text().split(": ", 1)[1]
    expect(page.locator("#f-respondent_email-error")).to_contain_text(message)
    link.click()
    expect(email).to_be_focused()  # the summary's link takes the person to the field
    email.fill("amina.diallo@environment.go.ke")
    save_and_continue(page)

    # 2. National context: follow-up questions appear as answers are chosen.
    expect(page).to_have_url(re.compile(r"/s/party_context$"))
    choose(page, "development_status", "developing")
    year = page.get_by_label(title("inventory_year"))
    expect(year).to_be_hidden()
    choose(page, "inventory_status", "mia_completed")
    year.fill("2018")
    choose(page, "asgm_status", "more_than_insignificant")
    choose(page, "asgm_nap_status", "in_preparation")
    save_and_continue(page)

    # 3. Priority sectors: a multiple choice, a ranking of the selected sectors, filtered options.
    expect(page).to_have_url(re.compile(r"/s/sectors$"))
    ranking = wrap(page, "sector_priority_order")
    expect(ranking).to_be_hidden()
    choose(page, "priority_sectors", "asgm")
    choose(page, "priority_sectors", "products")
    expect(ranking).to_be_visible()
    expect(ranking.locator(".rank-row:visible")).to_have_count(2)  # only the selected sectors
    ranking.get_by_label(option("priority_sectors", "asgm")).select_option("1")
    ranking.get_by_label(option("priority_sectors", "products")).select_option("2")
    categories = wrap(page, "source_categories")
    expect(categories.get_by_label(option("source_categories", "chlor_alkali"))).to_be_hidden()
    choose(page, "source_categories", "lamps_cfl")
    choose(page, "source_categories", "dental_amalgam")
    save_and_continue(page)

    # 4. The loop: one page per selected sector, in the order of the options (products first).
    expect(page).to_have_url(re.compile(r"/s/needs_by_sector$"))
    parts = page.get_by_role("navigation", name="Parts of this section")
    expect(parts.get_by_role("link")).to_have_text(
        [option("priority_sectors", "products"), option("priority_sectors", "asgm")]
    )
    expect(parts.locator("[aria-current=page]")).to_have_text(option("priority_sectors", "products"))
    fill_products(page)
    shoot(page, "fill-in-04-loop")

    # Half-way: reload, and every answer of the page is still there (autosave kept them).
    page.reload()
    check_products(page)
    docs_screenshot(page, "section.png")  # for the README
    page.get_by_role("link", name=title("respondent")).click()
    expect(page.get_by_label("Name of respondent")).to_have_value("Amina Diallo")
    expect(page.get_by_label("Email address")).to_have_value("amina.diallo@environment.go.ke")
    expect(wrap(page, "response_coordinated").get_by_label("Yes")).to_be_checked()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/s/needs_by_sector$"))
    check_products(page)
    page.reload()  # a second reload on the loop page: the same answers, again
    check_products(page)

    save_and_continue(page)
    expect(page).to_have_url(re.compile(r"/s/needs_by_sector\?item=asgm$"))
    fill_asgm(page)
    save_and_continue(page)

    # 5. The matrix: one severity per challenge.
    expect(page).to_have_url(re.compile(r"/s/challenges$"))
    for row, column in CHALLENGES.items():
        page.get_by_role("group", name=option("challenge_severity", row), exact=True).get_by_label(
            option("challenge_severity", column), exact=True
        ).check()
    page.get_by_label(title("other_challenges")).fill("Frequent staff turnover")
    shoot(page, "fill-in-05-matrix")
    save_and_continue(page)

    # 6. The table: "Add a project" asks the server for a row, then the row is filled in.
    expect(page).to_have_url(re.compile(r"/s/technology_transfer$"))
    table = wrap(page, "transfer_projects")
    expect(table).to_be_hidden()
    wrap(page, "has_transfer_projects").get_by_label("Yes").check()
    expect(table).to_be_visible()
    expect(table.get_by_text("No rows yet.")).to_be_visible()
    with page.expect_navigation():  # (the definition's label "Add a project" is not shown yet: see below)
        table.get_by_role("button", name=ADD_PROJECT).click()
    project = page.get_by_role("group", name="Row 1")
    expect(project).to_be_visible()
    expect(wrap(page, "has_transfer_projects").get_by_label("Yes")).to_be_checked()
    project.get_by_label("Project name").fill("planetGOLD Kenya")
    project.get_by_label("Sector").select_option(label=option("priority_sectors", "asgm"))
    project.get_by_label("Main source of funding").select_option(label=option("support_received", "gef"))
    project.get_by_label("Start year").fill("2020")
    project.get_by_label("Amount").fill("1500000")
    project.get_by_label("Outcome").select_option(label="Ongoing")
    project.get_by_label("Lessons learned").fill("Work with cooperatives")
    shoot(page, "fill-in-06-table")
    save_and_continue(page)

    # 7. Financing: shares that do not add up to 100 are kept as a draft; submitting will say so.
    expect(page).to_have_url(re.compile(r"/s/financing$"))
    page.get_by_label(title("domestic_share")).fill("50")
    page.get_by_label(title("international_share")).fill("30")
    page.get_by_label(title("private_share")).fill("30")
    save_and_continue(page)

    # 8. Cooperation.
    expect(page).to_have_url(re.compile(r"/s/cooperation$"))
    page.get_by_label(title("cooperation_opportunities")).fill("Regional centre in Nairobi")
    topics = page.get_by_label(title("experience_topics"))
    expect(topics).to_be_hidden()
    choose(page, "share_experience", "case_studies")
    choose(page, "share_experience", "study_visits")
    topics.fill("Dental amalgam phase-down")
    choose(page, "request_facilitation", "yes")
    page.get_by_label(title("facilitation_details")).fill("Training on mercury-free mining")
    save_and_continue(page)

    # 9. Final comments, then the review page.
    expect(page).to_have_url(re.compile(r"/s/final$"))
    page.get_by_label(title("final_comments")).fill("Thank you")
    save_and_continue(page)
    expect(page).to_have_url(re.compile(r"/review$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    shoot(page, "fill-in-07-review")
    for text in (
        "Amina Diallo",
        "planetGOLD Kenya",
        "Gravity concentration and direct smelting",
        "Insufficient funding: Critical",
    ):
        expect(page.get_by_text(text, exact=True).first).to_be_visible()

    # Submitting finds the shares that do not add up; the summary's link leads to the field.
    with page.expect_navigation():
        page.get_by_role("button", name="Submit response").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    link = summary.get_by_role("link", name=re.compile(r": The shares must add up to 100%\.$"))
    expect(link).to_have_attribute("href", f"{FORM}/s/financing#f-private_share")
    shoot(page, "fill-in-08-submit-error")
    link.click()
    expect(page).to_have_url(re.compile(r"/s/financing#f-private_share$"))
    share = page.get_by_label(title("private_share"))
    expect(share).to_be_focused()
    expect(share).to_have_value("30")

    def correct() -> None:
        share.fill("20")
        share.blur()

    autosaved(page, correct)

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Check your answers").click()
    expect(page).to_have_url(re.compile(r"/review$"))
    with page.expect_navigation():
        page.get_by_role("button", name="Submit response").click()
    expect(page).to_have_url(re.compile(r"/confirmation$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Response submitted")
    expect(page.get_by_text("The secretariat will review the response of Kenya")).to_be_visible()
    expect(page.locator(".tag")).to_have_text("Submitted")
    shoot(page, "fill-in-09-confirmation")

    stored = site.stored()
    assert stored["status"] == "submitted"
    assert stored["answers"] == EXPECTED

    # The printable version shows the answers, and prints without the page's navigation.
    page.get_by_role("link", name="Printable version").click()
    expect(page).to_have_url(re.compile(r"/print$"))
    main = page.locator("main")
    for text in (
        "Amina Diallo",
        "amina.diallo@environment.go.ke",
        option("priority_sectors", "asgm"),
        "Mercury-free dental restoratives",
        "planetGOLD Kenya",
        "Training on mercury-free mining",
    ):
        expect(main.get_by_text(text, exact=True).first).to_be_visible()
    expect(main.get_by_text("Market conditions: Minor")).to_be_visible()  # a matrix row and its answer
    expect(main).to_contain_text("1500000")
    shoot(page, "fill-in-10-print")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    shoot(page, "fill-in-11-print-media")


def fill_products(page: Page) -> None:
    loc = ("sector_needs", "products")
    used = wrap(page, *loc, "alternatives_in_use")
    choose(page, "tech_state", "none_in_use", *loc)
    expect(used).to_be_hidden()  # nothing in use: nothing to describe
    choose(page, "tech_state", "pilot", *loc)
    expect(used).to_be_visible()
    used.get_by_role("textbox").fill("LED lamps in public buildings")
    wrap(page, *loc, "alternatives_wanted").get_by_role("textbox").fill("Mercury-free dental restoratives")
    critical = wrap(page, *loc, "most_critical_need")
    choose(page, "need_types", "equipment", *loc)
    expect(critical).to_be_hidden()  # asked only when more than one need is selected
    choose(page, "need_types", "skills", *loc)
    expect(critical).to_be_visible()
    expect(critical.locator(".choice:visible")).to_have_count(2)  # only the needs selected
    choose(page, "most_critical_need", "skills", *loc)
    wrap(page, *loc, "need_details").get_by_role("textbox").fill(
        "Curing lights for 40 clinics; training for 200 dentists"
    )
    wrap(page, *loc, "estimated_cost_usd").get_by_role("textbox").fill("250000")
    expect(wrap(page, *loc, "estimated_cost_usd")).to_contain_text("USD")
    choose(page, "time_frame", "years_1_to_3", *loc)
    choose(page, "barriers", "insufficient_funding", *loc)
    choose(page, "barriers", "market_conditions", *loc)
    wrap(page, *loc, "barrier_details").get_by_role("textbox").fill("Amalgam is cheaper")
    autosaved(page, lambda: choose(page, "support_received", "gef", *loc))


def check_products(page: Page) -> None:
    loc = ("sector_needs", "products")

    def checked(qid: str, code: str) -> None:
        expect(wrap(page, *loc, qid).get_by_label(option(qid, code), exact=True)).to_be_checked()

    def typed(qid: str, value: str) -> None:
        expect(wrap(page, *loc, qid).get_by_role("textbox")).to_have_value(value)

    checked("tech_state", "pilot")
    typed("alternatives_in_use", "LED lamps in public buildings")
    typed("alternatives_wanted", "Mercury-free dental restoratives")
    checked("need_types", "equipment")
    checked("need_types", "skills")
    checked("most_critical_need", "skills")
    typed("need_details", "Curing lights for 40 clinics; training for 200 dentists")
    typed("estimated_cost_usd", "250000")
    checked("time_frame", "years_1_to_3")
    checked("barriers", "insufficient_funding")
    checked("barriers", "market_conditions")
    typed("barrier_details", "Amalgam is cheaper")
    checked("support_received", "gef")
    expect(status(page)).to_have_text("")  # nothing left to save


def fill_asgm(page: Page) -> None:
    loc = ("sector_needs", "asgm")
    expect(page.get_by_role("heading", name=option("priority_sectors", "asgm"))).to_be_visible()
    choose(page, "tech_state", "none_in_use", *loc)
    expect(wrap(page, *loc, "alternatives_in_use")).to_be_hidden()
    wrap(page, *loc, "alternatives_wanted").get_by_role("textbox").fill("Gravity concentration and direct smelting")
    choose(page, "need_types", "funding", *loc)
    wrap(page, *loc, "need_details").get_by_role("textbox").fill("Grants for 30 mining cooperatives")
    choose(page, "barriers", "access_to_alternatives", *loc)
    # "None received" excludes the other sources: choosing it clears "GEF".
    choose(page, "support_received", "gef", *loc)
    choose(page, "support_received", "none", *loc)
    expect(wrap(page, *loc, "support_received").get_by_label(option("support_received", "gef"))).not_to_be_checked()


# ---- bugs found on the way, fixed: these keep them fixed ----


def test_the_add_row_button_says_what_the_definition_says(page: Page, site: Site) -> None:
    site.put({"has_transfer_projects": True})
    page.goto(f"{FORM}/s/technology_transfer")
    expect(wrap(page, "transfer_projects").get_by_role("button", name="Add a project")).to_be_visible(timeout=2000)


def test_an_invalid_answer_autosaved_is_shown_next_to_the_field(page: Page, site: Site) -> None:
    page.goto(f"{FORM}/s/respondent")
    email = page.get_by_label("Email address")
    with page.expect_response(lambda r: r.url.endswith("/s/respondent/save")) as saved:
        email.fill("amina.diallo@")
        email.blur()
    assert saved.value.status == 422
    expect(status(page)).not_to_have_text(re.compile("offline"), timeout=2000)
    expect(status(page)).to_have_text("Not saved: check the errors on the page", timeout=2000)
    expect(email).to_have_attribute("aria-invalid", "true", timeout=2000)
    expect(email).to_have_accessible_description(re.compile("email address"), timeout=2000)


def test_save_and_continue_during_an_autosave_goes_on(page: Page, site: Site) -> None:
    """On a slow connection, "Save and continue" pressed while an autosave is on its way waits for
    it, then posts with the new revision: no "Leave site?" question, no false conflict."""
    dialogs: list[str] = []

    def answer(dialog: Dialog) -> None:
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    held: list[tuple[Route, APIResponse]] = []

    def slow(route: Route) -> None:  # the server saves at once; the answer reaches the browser late
        held.append((route, route.fetch()))

    page.goto(f"{FORM}/s/respondent")
    page.route("**/s/respondent/save", slow)
    page.get_by_label("Name of respondent").fill("Amina Diallo")
    page.get_by_label("Name of respondent").blur()
    expect(status(page)).to_have_text("Saving…")
    for _ in range(100):  # bounded: until the server has the autosave (5 s at most)
        if site.stored()["revision"] == 1:
            break
        page.wait_for_timeout(50)
    assert site.stored()["revision"] == 1
    page.get_by_label("Institution or ministry").fill("Ministry of Environment")
    try:
        with page.expect_navigation():  # pressed while "Saving…" is shown; the answer then arrives
            page.get_by_role("button", name="Save and continue").click()
            page.wait_for_timeout(300)
            for route, response in held:
                route.fulfill(response=response)
        shoot(page, "save-during-autosave")
        expect(page).to_have_url(re.compile(r"/s/party_context$"), timeout=5000)
        assert dialogs == [], f"the browser asked {dialogs} although the person pressed 'Save and continue'"
        assert site.stored()["answers"]["institution"] == "Ministry of Environment"
        assert site.stored()["revision"] == 2
    finally:
        page.unroute("**/s/respondent/save")


def test_every_link_of_the_review_error_summary_leads_to_its_field(page: Page, site: Site) -> None:
    site.put(
        {
            "priority_sectors": ["asgm", "products"],
            "sector_priority_order": ["asgm"],
            "sector_needs": {"products": {"tech_state": "pilot"}, "asgm": {"tech_state": "pilot"}},
            "has_transfer_projects": True,
        }
    )
    page.goto(f"{FORM}/review")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit response").click()
    hrefs = page.locator("#error-summary a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("sector_needs-asgm" in h for h in hrefs) and any(h.endswith("#f-transfer_projects") for h in hrefs)
    broken = []
    for href in hrefs:
        page.goto(href)
        target = href.split("#", 1)[1]
        if page.locator(f"[id='{target}']").count() != 1:
            broken.append(href.removeprefix(FORM))
    assert broken == [], f"{len(broken)} of {len(hrefs)} links lead to a page without their field: {broken}"


def test_the_review_error_summary_names_each_question(page: Page, site: Site) -> None:
    site.put({"respondent_name": "Amina Diallo"})
    page.goto(f"{FORM}/review")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit response").click()
    texts = page.locator("#error-summary a").all_inner_texts()
    assert len(texts) > 3
    assert len(set(texts)) == len(texts), f"identical links in the error summary: {texts}"
