"""The results dashboard in Chromium: several parties' submitted responses, every chart drawn, no
WCAG A/AA violation (axe), in English and Arabic, and the screenshot in docs/screenshots/."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Browser, expect

from app.users.models import Role
from tests.browser.conftest import SCREENSHOTS, SURVEY, Problems, Site, docs_screenshot, new_context, shoot, sign_in, ui
from tests.browser.test_accessibility import violations
from tests.factory import person, shipped_sections
from tests.shipped_answers import answers

pytestmark = pytest.mark.db

PAGE = f"/results/{SURVEY}"
PARTIES = ("KEN", "UGA", "NGA", "FRA", "DEU", "BRA", "IND")  # three regional groups, two statuses


def submit_responses(site: Site) -> None:
    """Each party's focal point saves and submits a complete response through the API."""
    admin = person(Role.admin)
    for i, party in enumerate(PARTIES):
        fp = site.focal_point if party == "KEN" else person(Role.focal_point, party)
        url = f"{site.url}/api/v1/surveys/{SURVEY}/responses/{party}"
        status = "developed" if party in ("FRA", "DEU") else "developing"
        httpx.patch(
            f"{site.url}/api/v1/parties/{party}",
            json={"is_party": True, "development_status": status},
            headers=admin.auth,
            timeout=10,
        ).raise_for_status()
        httpx.put(url, json={"answers": answers(i)}, headers=fp.auth, timeout=10).raise_for_status()
        if party != "IND":  # one draft: counted only when the form asks for drafts
            httpx.post(f"{url}/submit", headers=fp.auth, timeout=10).raise_for_status()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_dashboard_draws_every_chart(browser: Browser, site: Site, problems: Problems, lang: str) -> None:
    submit_responses(site)
    context = new_context(browser, site, problems)
    page = context.new_page()
    sign_in(page, site, person(Role.secretariat, email=f"analyst.{lang}@mercuryconvention.org"))
    response = page.goto(f"{PAGE}?lang={lang}")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    expect(page.locator("#coverage-un_group")).to_be_visible()
    # A chart for the choice questions, a box plot for numbers; every one has a size once drawn.
    for qid in ("priority_sectors", "challenge_severity", "sector_priority_order", "inventory_year"):
        chart = page.locator(f"#q-{qid} svg.chart").first
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 20, (qid, box)
    assert page.locator("h2").count() >= len(shipped_sections())
    found = violations(page)
    if found:
        shoot(page, f"axe-dashboard-{lang}")
    assert not found, "\n".join(found)

    # The form: compare by regional group; the chart gets a bar per group.
    page.get_by_label(ui("Compare by", lang)).select_option("un_group")
    with page.expect_navigation():
        page.get_by_role("button", name=ui("Show the results", lang)).click()
    assert "by=un_group" in page.url
    expect(
        page.locator("#q-priority_sectors svg.chart text", has_text=ui("African States", lang)).first
    ).to_be_visible()
    if lang == "en":
        page.goto(PAGE)
        docs_screenshot(page, "dashboard.png")
        page.goto(f"{PAGE}?by=development_status#s-sectors")  # and the charts of a section, grouped
        page.evaluate("() => document.getElementById('s-sectors').scrollIntoView()")
        page.screenshot(path=str(SCREENSHOTS / "dashboard-charts.png"), animations="disabled")
    context.close()


def test_the_download_links_answer_with_the_cookie(browser: Browser, site: Site, problems: Problems) -> None:
    submit_responses(site)
    context = new_context(browser, site, problems)
    page = context.new_page()
    sign_in(page, site, person(Role.secretariat))
    page.goto(PAGE)
    href = page.locator("#q-priority_sectors .downloads a", has_text="CSV").get_attribute("href")
    assert href
    got = context.request.get(href)
    assert got.status == 200 and "option,option_label,count,base,percent" in got.text()
    coverage = context.request.get(page.locator("a[href*='/coverage?']").get_attribute("href") or "")
    assert coverage.status == 200 and "KEN" in coverage.text()
    context.close()
