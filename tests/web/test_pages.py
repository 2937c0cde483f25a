"""The form pages without JavaScript: every action is a plain form post, checked on the server."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.users.models import Role
from tests.factory import person, shipped_sections
from tests.web.conftest import Browser, sign_in

pytestmark = pytest.mark.db

BASE = "/forms/technology-needs/KEN"
SECTIONS = shipped_sections()


def post(b: Browser, path: str, data: dict[str, object], revision: int | None = None) -> object:
    page = b.client.get(path.split("?")[0] + ("?" + path.split("?")[1] if "?" in path else ""))
    rev = re.search(r'name="revision" value="(\d+)"', page.text)
    body = {
        "csrf": b.csrf(),
        "revision": str(revision if revision is not None else (rev.group(1) if rev else 0)),
        **data,
    }
    return b.client.post(path, data=body, follow_redirects=False)  # type: ignore[arg-type]


def test_every_page_of_the_shipped_survey_renders(browser: Browser) -> None:
    for section in SECTIONS:
        page = browser.client.get(f"{BASE}/s/{section}")
        assert page.status_code == 200, section
        assert 'lang="en" dir="ltr"' in page.text
    for path in ("", "/review", "/print"):
        assert browser.client.get(BASE + path).status_code == 200


def test_pages_are_light_and_carry_a_strict_content_security_policy(browser: Browser) -> None:
    page = browser.client.get(f"{BASE}/s/respondent")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in page.text and " style=" not in page.text and "onclick" not in page.text
    assets = sum(len(browser.client.get(f"/static/{a}").content) for a in ("app.css", "app.js"))
    assert len(page.content) + assets < 100_000


def test_arabic_is_right_to_left(browser: Browser) -> None:
    page = browser.client.get(f"{BASE}/s/respondent?lang=ar")
    assert 'lang="ar" dir="rtl"' in page.text
    assert "المجيب والمؤسسة" in page.text  # the section title from the YAML, in Arabic
    assert browser.client.cookies.get("tns_lang") == "ar"
    assert 'lang="ar" dir="rtl"' in browser.client.get(f"{BASE}/s/sectors").text  # remembered


def test_save_without_javascript_then_continue(browser: Browser) -> None:
    response = post(browser, f"{BASE}/s/respondent", {"respondent_name": "Amina Diallo", "action": "continue"})
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"] == f"{BASE}/s/party_context"  # type: ignore[attr-defined]
    page = browser.client.get(f"{BASE}/s/respondent")
    assert 'value="Amina Diallo"' in page.text and "Revision 1" in page.text


def test_a_post_without_the_csrf_token_is_refused(browser: Browser) -> None:
    response = browser.client.post(f"{BASE}/s/respondent", data={"respondent_name": "X", "revision": "0"})
    assert response.status_code == 403
    assert "did not come from this site" in response.text


def test_errors_keep_what_was_typed_and_point_at_the_field(browser: Browser) -> None:
    response = post(browser, f"{BASE}/s/respondent", {"respondent_name": "Amina", "respondent_email": "amina@"})
    assert response.status_code == 422  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert 'class="error-summary"' in text and 'href="#f-respondent_email"' in text
    assert 'value="amina@"' in text and 'value="Amina"' in text  # nothing typed is cleared
    assert 'aria-invalid="true"' in text and 'aria-describedby="f-respondent_email-error"' in text
    fr = post(browser, f"{BASE}/s/respondent?lang=fr", {"respondent_email": "amina@"})
    assert "Saisissez une adresse électronique" in fr.text  # type: ignore[attr-defined]


def test_a_loop_has_a_page_per_selected_option(browser: Browser) -> None:
    post(
        browser,
        f"{BASE}/s/sectors",
        {
            "priority_sectors": ["asgm", "products"],
            "sector_priority_order.rank.asgm": "1",
            "sector_priority_order.rank.products": "2",
        },
    )
    page = browser.client.get(f"{BASE}/s/needs_by_sector")  # in the order of the options: products first
    assert 'aria-current="page">Mercury-added products' in page.text
    assert "sector_needs.asgm.need_types" not in page.text  # one sector per page keeps pages light
    saved = post(
        browser,
        f"{BASE}/s/needs_by_sector?item=asgm",
        {
            "sector_needs.asgm._present": "1",
            "sector_needs.asgm.need_types": ["equipment", "skills"],
            "action": "continue",
        },
    )
    assert saved.headers["location"] == f"{BASE}/s/challenges"  # type: ignore[attr-defined]
    saved = post(
        browser,
        f"{BASE}/s/needs_by_sector?item=products",
        {"sector_needs.products._present": "1", "sector_needs.products.need_types": ["funding"], "action": "continue"},
    )
    assert saved.headers["location"] == f"{BASE}/s/needs_by_sector?item=asgm"  # type: ignore[attr-defined]
    answers = browser.client.get("/api/v1/surveys/technology-needs/responses/KEN", headers=browser.who.auth).json()[
        "answers"
    ]
    assert answers["sector_needs"]["asgm"]["need_types"] == ["equipment", "skills"]
    assert answers["sector_needs"]["products"]["need_types"] == ["funding"]  # the other page kept asgm's answers
    assert answers["sector_priority_order"] == ["asgm", "products"]


def test_table_rows_are_added_and_removed_without_javascript(browser: Browser) -> None:
    post(browser, f"{BASE}/s/technology_transfer", {"has_transfer_projects": "true"})
    post(
        browser,
        f"{BASE}/s/technology_transfer",
        {"has_transfer_projects": "true", "transfer_projects.rows": "0", "action": "add_row:transfer_projects"},
    )
    post(
        browser,
        f"{BASE}/s/technology_transfer",
        {
            "has_transfer_projects": "true",
            "transfer_projects.rows": "1",
            "transfer_projects.0.project_name": "Retorts",
            "action": "add_row:transfer_projects",
        },
    )
    page = browser.client.get(f"{BASE}/s/technology_transfer")
    assert 'value="Retorts"' in page.text and "Row 2" in page.text
    post(
        browser,
        f"{BASE}/s/technology_transfer",
        {
            "has_transfer_projects": "true",
            "transfer_projects.rows": "2",
            "transfer_projects.0.project_name": "Retorts",
            "action": "remove_row:transfer_projects:1",
        },
    )
    answers = browser.client.get("/api/v1/surveys/technology-needs/responses/KEN", headers=browser.who.auth).json()
    assert answers["answers"]["transfer_projects"] == [{"project_name": "Retorts"}]


def test_a_stale_save_shows_what_differs_and_loses_nothing(browser: Browser) -> None:
    post(browser, f"{BASE}/s/respondent", {"respondent_name": "First"})
    colleague = person(Role.focal_point, "KEN")
    with TestClient(create_app()) as other:
        sign_in(other, colleague)
        b2 = Browser(other, colleague)
        post(b2, f"{BASE}/s/respondent", {"respondent_name": "Colleague"})
    conflict = post(browser, f"{BASE}/s/respondent", {"respondent_name": "Mine"}, revision=1)
    assert conflict.status_code == 409  # type: ignore[attr-defined]
    assert "Colleague" in conflict.text and "Mine" in conflict.text  # type: ignore[attr-defined]
    stored = browser.client.get("/api/v1/surveys/technology-needs/responses/KEN", headers=browser.who.auth).json()
    assert stored["answers"]["respondent_name"] == "Colleague"  # nothing overwritten
    revision = re.search(r'name="revision" value="(\d+)"', conflict.text).group(1)  # type: ignore[attr-defined,union-attr]
    mine = re.search(r'name="mine" value="([^"]+)"', conflict.text).group(1)  # type: ignore[attr-defined,union-attr]
    import html

    kept = browser.client.post(
        f"{BASE}/s/respondent/keep-mine",
        data={"csrf": browser.csrf(), "mine": html.unescape(mine), "revision": revision},
        follow_redirects=False,
    )
    assert kept.status_code == 303
    history = browser.client.get("/api/v1/surveys/technology-needs/responses/KEN/revisions", headers=browser.who.auth)
    assert [r["number"] for r in history.json()] == [1, 2, 3]  # the colleague's revision is kept in the history


def test_autosave_speaks_json_with_the_same_revision_rule(browser: Browser) -> None:
    csrf = browser.csrf()
    url = f"{BASE}/s/respondent/save"
    headers = {"X-CSRF-Token": csrf, "Accept": "application/json"}
    first = browser.client.post(url, data={"revision": "0", "respondent_name": "A"}, headers=headers)
    assert first.json() == {"revision": 1, "status": "draft"}
    stale = browser.client.post(url, data={"revision": "0", "respondent_name": "B"}, headers=headers)
    assert stale.status_code == 409
    assert stale.json()["differences"] == [{"loc": ["respondent_name"], "mine": "B", "theirs": "A"}]
    bad = browser.client.post(url, data={"revision": "1", "respondent_email": "x@"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["respondent_email"]
    assert browser.client.post(url, data={"revision": "1"}, headers={"Accept": "application/json"}).status_code == 403


def test_review_submit_and_confirmation(browser: Browser) -> None:
    review = browser.client.get(f"{BASE}/review")
    assert "Check your answers" in review.text and "Submit response" in review.text
    failed = browser.client.post(f"{BASE}/submit", data={"csrf": browser.csrf()}, follow_redirects=False)
    assert failed.status_code == 422
    assert 'class="error-summary"' in failed.text and f'href="{BASE}/s/respondent#f-respondent_name"' in failed.text


def test_signed_out_visitors_sign_in_and_come_back(db: str) -> None:
    from tests.factory import publish

    publish()
    fp = person(Role.focal_point, "KEN")
    with TestClient(create_app()) as client:
        away = client.get(f"{BASE}/s/sectors", follow_redirects=False)
        assert away.status_code == 303 and away.headers["location"] == "/signin"
        from app.core.db import session_scope
        from app.users import service

        with session_scope() as session:
            token = service.invite(session, service.get_user(session, fp.email), None)
        back = client.get(f"/invitations/{token}", follow_redirects=False)
        assert back.headers["location"] == f"{BASE}/s/sectors"


def test_another_party_is_not_found(browser: Browser) -> None:
    page = browser.client.get("/forms/technology-needs/UGA")
    assert page.status_code == 404 and "Page not found" in page.text


def test_sign_out(browser: Browser) -> None:
    out = browser.client.post("/signout", data={"csrf": browser.csrf()}, follow_redirects=False)
    assert out.status_code == 303
    assert browser.client.get(f"{BASE}/s/respondent", follow_redirects=False).headers["location"] == "/signin"


def test_admin_preview_renders_any_definition_and_saves_nothing(db: str) -> None:
    admin = person(Role.admin)
    from tests.factory import SMALL

    with TestClient(create_app()) as client:
        sign_in(client, admin)
        b = Browser(client, admin)
        page = client.post("/admin/preview", data={"csrf": b.csrf("/admin/preview"), "source": SMALL.decode()})
        assert page.status_code == 200 and 'id="f-name"' in page.text
        broken = client.post("/admin/preview", data={"csrf": b.csrf("/admin/preview"), "source": "id: [\n"})
        assert "E101" in broken.text
        assert client.get("/api/v1/surveys").json() == [] or all(
            s["id"] != "small" for s in client.get("/api/v1/surveys").json()
        )
    fp = person(Role.focal_point, "KEN")
    with TestClient(create_app()) as client:
        sign_in(client, fp)
        assert client.get("/admin/preview").status_code == 403


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example/x", "https://evil.example/"])
def test_sign_in_never_sends_the_person_to_another_site(db: str, target: str) -> None:
    from tests.factory import publish

    publish()
    fp = person(Role.focal_point, "KEN")
    from app.core.db import session_scope
    from app.users import service

    with session_scope() as session:
        token = service.invite(session, service.get_user(session, fp.email), None)
    with TestClient(create_app(), cookies={"tns_next": target}) as client:
        assert client.get(f"/invitations/{token}", follow_redirects=False).headers["location"] == "/"


def test_keep_mine_never_overwrites_a_save_made_after_the_comparison(browser: Browser) -> None:
    post(browser, f"{BASE}/s/respondent", {"respondent_name": "First"})
    post(browser, f"{BASE}/s/respondent", {"respondent_name": "Colleague"})  # revision 2, as if by a colleague
    conflict = post(browser, f"{BASE}/s/respondent", {"respondent_name": "Mine"}, revision=1)
    revision = re.search(r'name="revision" value="(\d+)"', conflict.text).group(1)  # type: ignore[attr-defined,union-attr]
    mine = re.search(r'name="mine" value="([^"]+)"', conflict.text).group(1)  # type: ignore[attr-defined,union-attr]
    post(browser, f"{BASE}/s/respondent", {"respondent_name": "Colleague", "respondent_email": "c@example.org"})
    import html

    again = browser.client.post(
        f"{BASE}/s/respondent/keep-mine",
        follow_redirects=False,
        data={"csrf": browser.csrf(), "mine": html.unescape(mine), "revision": revision},
    )
    assert again.status_code == 409 and "c@example.org" in again.text  # a new comparison, nothing lost
    stored = browser.client.get("/api/v1/surveys/technology-needs/responses/KEN", headers=browser.who.auth).json()
    assert stored["answers"]["respondent_email"] == "c@example.org"
    damaged = browser.client.post(f"{BASE}/s/respondent/keep-mine", data={"csrf": browser.csrf(), "mine": "{"})
    assert damaged.status_code == 422


def test_a_table_inside_a_loop_adds_and_removes_rows_without_javascript(db: str) -> None:
    from tests.factory import publish

    definition = (
        b"id: nested\ntitle: Nested\nsections:\n  - id: s\n    title: S\n    questions:\n"
        b"      - {id: m, type: multiple_choice, title: M, options: [{code: a, label: A}, {code: b, label: B}]}\n"
        b"  - id: t\n    title: T\n    questions:\n"
        b"      - id: l\n        type: loop\n        over: m\n        title: L\n        questions:\n"
        b"          - {id: p, type: table, title: P, columns: [{id: c, type: text, title: C}]}\n"
    )
    publish(definition)
    fp = person(Role.focal_point, "KEN")
    with TestClient(create_app()) as client:
        sign_in(client, fp)
        b = Browser(client, fp)
        base = "/forms/nested/KEN"
        post(b, f"{base}/s/s", {"m": ["a", "b"]})
        post(b, f"{base}/s/t?item=b", {"l.b._present": "1", "l.b.p.rows": "0", "action": "add_row:l.b.p"})
        page = client.get(f"{base}/s/t?item=b")
        assert 'name="l.b.p.0.c"' in page.text and 'value="remove_row:l.b.p:0"' in page.text
        post(b, f"{base}/s/t?item=b", {"l.b._present": "1", "l.b.p.rows": "1", "l.b.p.0.c": "kept"})
        answers = client.get("/api/v1/surveys/nested/responses/KEN", headers=fp.auth).json()["answers"]
        assert answers["l"]["b"]["p"] == [{"c": "kept"}]
        post(
            b,
            f"{base}/s/t?item=b",
            {"l.b._present": "1", "l.b.p.rows": "1", "l.b.p.0.c": "kept", "action": "remove_row:l.b.p:0"},
        )
        answers = client.get("/api/v1/surveys/nested/responses/KEN", headers=fp.auth).json()["answers"]
        assert "p" not in answers.get("l", {}).get("b", {})


def test_a_returned_response_lists_every_comment_with_a_link(browser: Browser) -> None:
    from tests.shipped_answers import answers

    api = "/api/v1/surveys/technology-needs/responses/KEN"
    client, fp = browser.client, browser.who
    assert client.put(api, json={"answers": answers()}, headers=fp.auth).status_code == 200
    assert client.post(api + "/submit", headers=fp.auth).status_code == 200
    sec = person(Role.secretariat)
    body = {"message": "Please check", "comments": [{"loc": ["inventory_year"], "text": "Which inventory?"}]}
    assert client.post(api + "/return", json=body, headers=sec.auth).status_code == 200
    page = client.get(BASE).text
    assert re.search(
        r'<a href="/forms/technology-needs/KEN/s/[a-z_]+#f-inventory_year">[^<]*: Which inventory\?</a>', page
    )
