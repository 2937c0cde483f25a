"""Browser tests: Debian's Chromium driven by Playwright against a real `uvicorn` server.

Each test gets a migrated, clean database (`db`), the shipped survey published with a cycle open, a
focal point of Kenya, and a server process on that database. `page` is a browser tab signed in by
opening an invitation link, exactly as a focal point would. Uncaught JavaScript errors and console
errors (a Content-Security-Policy violation, for one) fail the test that caused them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Locator,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from app.compiler import CompiledSurvey, compile_text
from app.core.db import session_scope
from app.users import service as users
from app.users.models import Role
from app.web.i18n import gettext_for
from tests.conftest import SHIPPED
from tests.factory import Person, person, publish, shipped_sections
from tests.servers import Server, serve

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1200, "height": 900}
TIMEOUT_MS = 10_000  # every Playwright wait is bounded by this (or less)
expect.set_options(timeout=TIMEOUT_MS)

SURVEY = "technology-needs"
PARTY = "KEN"
FORM = f"/forms/{SURVEY}/{PARTY}"
API = f"/api/v1/surveys/{SURVEY}/responses/{PARTY}"
SECTIONS = shipped_sections()


@dataclass
class Site:
    """The server under test, with the focal point of Kenya and a way to look at what it stored."""

    server: Server
    focal_point: Person

    @property
    def url(self) -> str:
        return self.server.url

    def api(self, path: str = "", who: Person | None = None) -> httpx.Response:
        """GET an API path under the response of Kenya, with a focal point's bearer token."""
        response = httpx.get(f"{self.url}{API}{path}", headers=(who or self.focal_point).auth, timeout=10)
        assert response.status_code == 200, response.text
        return response

    def stored(self) -> dict[str, Any]:
        """The response of Kenya as the API returns it: status, revision, answers."""
        body: dict[str, Any] = self.api().json()
        return body

    def put(self, answers: dict[str, Any]) -> int:
        """Save answers through the API (to prepare a test, not to test the pages); returns the revision."""
        current = self.stored()["revision"]
        headers = {**self.focal_point.auth, **({"If-Match": str(current)} if current else {})}
        response = httpx.put(f"{self.url}{API}", json={"answers": answers}, headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        return int(response.json()["revision"])

    def invitation(self, who: Person | None = None) -> str:
        """A fresh single-use invitation link for `who` (default: the focal point)."""
        with session_scope() as session:
            token = users.invite(session, users.get_user(session, (who or self.focal_point).email), None)
        return f"{self.url}/invitations/{token}"


@dataclass
class Problems:
    """JavaScript errors and console errors seen in a browser context."""

    seen: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda exc: self.seen.append(f"{page.url}: uncaught {exc}"))
        page.on("console", lambda msg: self._console(page, msg))

    def _console(self, page: Page, msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        text = msg.text
        # A status shown to the person (422 after a form post, 409 on a conflict) is logged by
        # Chromium as a failed resource; that is the server's answer, not a script error.
        if text.startswith("Failed to load resource: the server responded with a status of"):
            return
        self.seen.append(f"{page.url}: console error {text}")


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield chromium
    chromium.close()


@pytest.fixture
def site(db: str) -> Iterator[Site]:
    """The shipped survey published with a cycle open, a focal point of KEN, and a server on the test database."""
    publish()
    focal_point = person(Role.focal_point, PARTY, email="focal.point@environment.go.ke")
    with serve(db) as server:
        yield Site(server, focal_point)


@pytest.fixture
def problems() -> Iterator[Problems]:
    found = Problems()
    yield found
    assert not found.seen, "JavaScript problems:\n" + "\n".join(found.seen)


def new_context(browser: Browser, site: Site, problems: Problems, **options: Any) -> BrowserContext:
    """A browser context (a separate cookie jar) on the site, with every wait bounded."""
    context = browser.new_context(base_url=site.url, viewport=VIEWPORT, **options)  # type: ignore[arg-type]
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    context.on("page", problems.watch)
    return context


def sign_in(page: Page, site: Site, who: Person | None = None) -> None:
    """Open an invitation link: it sets the session cookie and brings the person back (to the start page
    here, as no page sent them to sign in)."""
    page.goto(site.invitation(who))
    assert any(c["name"] == "tns_session" for c in page.context.cookies()), f"not signed in at {page.url}"


@pytest.fixture
def context(browser: Browser, site: Site, problems: Problems) -> Iterator[BrowserContext]:
    ctx = new_context(browser, site, problems)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext, site: Site, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A tab of a focal point of Kenya, signed in from an invitation link."""
    tab = context.new_page()
    sign_in(tab, site)
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        shoot(tab, f"FAILED-{request.node.name}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keeps the outcome of the test itself on the item, for `page` to take a screenshot of a failure."""
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


def shoot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """A screenshot in test-artifacts/ (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    with contextlib.suppress(Error):  # a screenshot is a help, never the reason a test fails
        page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


# ---- the shipped survey's own texts, so that tests find controls by what a person reads ----


_SURVEY: list[CompiledSurvey] = []


def shipped() -> CompiledSurvey:
    if not _SURVEY:
        result = compile_text(SHIPPED.read_bytes(), SHIPPED.name)
        assert result.survey is not None
        _SURVEY.append(result.survey)
    return _SURVEY[0]


def title(qid: str, lang: str = "en") -> str:
    """A question's title (or a section's) in `lang`, as the page shows it (`{item}` left as is)."""
    survey = shipped()
    if qid in survey.questions:
        return survey.text(survey.questions[qid].spec.title, lang)
    section = next(s for s in survey.sections if s.id == qid)
    return survey.text(section.spec.title, lang)


def option(qid: str, code: str, lang: str = "en") -> str:
    """The label of one option (or matrix row) of a question, in `lang`."""
    q = shipped().questions[qid]
    found = next(o for o in (*q.options, *q.rows) if o.code == code)
    return shipped().text(found.label, lang)


# ---- what a person does on a form page ----


def wrap(page: Page, *loc: str | int) -> Locator:
    """The block of one question on the page, by its answer's location (`sector_needs`, `asgm`, `need_types`)."""
    return page.locator(f"#f-{'-'.join(str(p) for p in loc)}-wrap")


def status(page: Page) -> Locator:
    return page.locator("form.survey-form .autosave-status")


def ui(message: str, lang: str = "en", **values: Any) -> str:
    """One of the platform's own interface strings (buttons, headings), in `lang`."""
    return gettext_for(lang)(message, **values)


def autosaved(page: Page, action: Callable[[], object], lang: str = "en") -> None:
    """Do `action` (a change on the form) and wait until app.js says the answers are saved.

    The status line is cleared first, so that an earlier "Saved" is not taken for this save."""
    status(page).evaluate("el => { el.textContent = '' }")
    action()
    expect(status(page)).to_have_text(ui("Saved", lang))


def save_and_continue(page: Page, lang: str = "en") -> None:
    """Press "Save and continue" and wait for the page it leads to (after any autosave on its way, as a
    person would see "Saving…" and wait: pressing it meanwhile is a known bug, see test_fill_in.py)."""
    if status(page).count():
        expect(status(page)).not_to_have_text(ui("Saving…", lang))
    with page.expect_navigation():
        page.get_by_role("button", name=ui("Save and continue", lang)).click()


def docs_screenshot(page: Page, name: str) -> Path:
    """A screenshot for the README: the viewport (1200×900) only, scrolled to the top, no focus ring."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=False, animations="disabled")
    return path
