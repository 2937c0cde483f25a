"""Invitation links: single use, expiring, they sign a person in to the browser; sign-out is real."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from app.core.db import session_scope
from app.users import service
from app.users.models import Role
from tests.factory import Person, person

pytestmark = pytest.mark.db


def invitation(who: Person, ttl: dt.timedelta = service.INVITATION_TTL) -> str:
    with session_scope() as session:
        return service.invite(session, service.get_user(session, who.email), None, ttl)


def test_an_invitation_signs_in_once(client: TestClient) -> None:
    fp = person(Role.focal_point, "KEN")
    token = invitation(fp)
    opened = client.get(f"/invitations/{token}", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/"
    cookie = opened.headers["set-cookie"]
    assert "tns_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert client.get("/api/v1/me").json()["email"] == fp.email  # the client keeps the cookie
    again = TestClient(client.app).get(f"/invitations/{token}", follow_redirects=False)
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "invitation_used"


def test_an_expired_or_unknown_invitation_is_refused(client: TestClient) -> None:
    fp = person(Role.focal_point, "KEN")
    expired = invitation(fp, dt.timedelta(seconds=-1))
    assert client.get(f"/invitations/{expired}").json()["errors"][0]["code"] == "invitation_expired"
    assert client.get("/invitations/nonsense").status_code == 404
    assert client.get("/api/v1/me").status_code == 401


def test_sign_out_ends_the_session(client: TestClient) -> None:
    import re

    fp = person(Role.focal_point, "KEN")
    client.get(f"/invitations/{invitation(fp)}", follow_redirects=False)
    stolen = client.cookies.get("tns_session")
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
    assert csrf is not None
    assert client.post("/signout", data={"csrf": csrf.group(1)}, follow_redirects=False).status_code == 303
    replay = TestClient(client.app, cookies={"tns_session": stolen or ""})
    assert replay.get("/api/v1/me").status_code == 401


def test_admin_api_adds_users_and_invitations(client: TestClient) -> None:
    admin = person(Role.admin)
    created = client.post(
        "/api/v1/users", json={"email": "New.FP@example.org", "role": "focal_point", "party": "ken"}, headers=admin.auth
    )
    assert created.status_code == 200
    body = created.json()
    assert (body["user"]["email"], body["user"]["party"]) == ("new.fp@example.org", "KEN")
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"}).json()["role"] == "focal_point"
    )
    link = client.post(f"/api/v1/users/{body['user']['id']}/invitations", headers=admin.auth).json()["link"]
    assert "/invitations/" in link
    dup = client.post("/api/v1/users", json={"email": "new.fp@example.org", "role": "secretariat"}, headers=admin.auth)
    assert dup.status_code == 409
    no_party = client.post("/api/v1/users", json={"email": "x@example.org", "role": "focal_point"}, headers=admin.auth)
    assert no_party.status_code == 422 and no_party.json()["errors"][0]["code"] == "party_required"
    fp = person(Role.focal_point, "KEN")
    assert (
        client.post("/api/v1/users", json={"email": "y@example.org", "role": "admin"}, headers=fp.auth).status_code
        == 403
    )


def test_the_api_with_a_browser_cookie_needs_the_csrf_token_to_change_anything(client: TestClient) -> None:
    import re

    from tests.factory import SMALL, publish

    publish(SMALL)
    fp = person(Role.focal_point, "KEN")
    client.get(f"/invitations/{invitation(fp)}", follow_redirects=False)
    url = "/api/v1/surveys/small/responses/KEN"
    assert client.get(url).status_code == 200  # reading with the cookie is fine
    forged = client.put(url, json={"answers": {"name": "forged"}})
    assert forged.status_code == 403 and forged.json()["errors"][0]["code"] == "csrf"
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
    assert token is not None
    assert (
        client.put(url, json={"answers": {"name": "mine"}}, headers={"X-CSRF-Token": token.group(1)}).status_code == 200
    )
