"""Who may do what, as a matrix of roles x endpoints. Denied requests get 401, 403 or 404, never data."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import col

from app.core.db import session_scope
from app.core.types import utcnow
from app.users import service as users
from app.users.models import ApiToken, Role
from tests.factory import SMALL, STAKEHOLDERS, person, publish

pytestmark = pytest.mark.db

URL = "/api/v1/surveys/small/responses"
SECRET = "Confidential answer of Kenya"

ROLES = ("anonymous", "admin", "secretariat", "focal_point_own", "focal_point_other", "respondent")
# endpoint: (method, path, state needed, body, expected status per role in ROLES order)
MATRIX: dict[str, tuple[str, str, str, Any, tuple[int, ...]]] = {
    "list": ("GET", URL, "draft", None, (401, 200, 200, 403, 403, 403)),
    "read": ("GET", URL + "/KEN", "draft", None, (401, 200, 200, 200, 404, 404)),
    "save": ("PUT", URL + "/KEN", "draft", {"answers": {"name": "edited"}}, (401, 200, 403, 200, 404, 404)),
    "submit": ("POST", URL + "/KEN/submit", "draft", None, (401, 200, 403, 200, 404, 404)),
    "return": ("POST", URL + "/KEN/return", "submitted", {"comments": []}, (401, 200, 200, 403, 404, 404)),
    "accept": ("POST", URL + "/KEN/accept", "submitted", None, (401, 200, 200, 403, 404, 404)),
    "revisions": ("GET", URL + "/KEN/revisions", "draft", None, (401, 200, 200, 200, 404, 404)),
    "revision": ("GET", URL + "/KEN/revisions/1", "draft", None, (401, 200, 200, 200, 404, 404)),
}
CASES = [
    pytest.param(endpoint, role, expected[i], id=f"{endpoint}-{role}")
    for endpoint, (_, _, _, _, expected) in MATRIX.items()
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("endpoint", "role", "status"), CASES)
def test_access(client: TestClient, endpoint: str, role: str, status: int) -> None:
    publish(SMALL)
    publish(STAKEHOLDERS)
    kenya = person(Role.focal_point, "KEN")
    people = {
        "admin": person(Role.admin),
        "secretariat": person(Role.secretariat),
        "focal_point_own": person(Role.focal_point, "KEN"),
        "focal_point_other": person(Role.focal_point, "UGA"),
        "respondent": person(Role.respondent, survey="stakeholders"),
    }
    assert client.put(URL + "/KEN", json={"answers": {"name": SECRET}}, headers=kenya.auth).status_code == 200
    method, path, state, body, _ = MATRIX[endpoint]
    if state == "submitted":
        assert client.post(URL + "/KEN/submit", headers=kenya.auth).status_code == 200
    headers = {} if role == "anonymous" else dict(people[role].auth)
    if method == "PUT":
        headers["If-Match"] = "1"
    response = client.request(method, path, json=body, headers=headers)
    assert response.status_code == status, response.text
    if status >= 400:
        assert SECRET not in response.text and "answers" not in response.json()
        assert response.json()["errors"][0]["code"]


def test_a_bad_token_is_401(client: TestClient) -> None:
    publish(SMALL)
    response = client.get(URL + "/KEN", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"


def test_individual_surveys_are_addressed_by_respondent_code(client: TestClient) -> None:
    """A stakeholder survey: one response per invited respondent, with the same rules."""
    publish(STAKEHOLDERS)
    ngo = person(Role.respondent, "BRA", survey="stakeholders")
    other = person(Role.respondent, survey="stakeholders")
    url = f"/api/v1/surveys/stakeholders/responses/{ngo.respondent}"
    saved = client.put(url, json={"answers": {"name": "NGO"}}, headers=ngo.auth)
    assert saved.status_code == 200
    assert (saved.json()["subject"], saved.json()["party"]) == (ngo.respondent, "BRA")
    assert client.get(url, headers=other.auth).status_code == 404
    assert client.post(url + "/submit", headers=ngo.auth).json()["status"] == "submitted"
    assert client.get("/api/v1/surveys/stakeholders/responses/KEN", headers=ngo.auth).status_code == 404


@pytest.mark.parametrize("change", ["revoke_token", "deactivate_user"])
def test_a_revoked_token_or_an_inactive_user_is_refused_at_once(client: TestClient, change: str) -> None:
    """The save route reads the token's user with the target (one query): no cache, so the next
    request after a revocation or a deactivation is refused, like on every other route."""
    publish(SMALL)
    kenya = person(Role.focal_point, "KEN")
    saved = client.put(URL + "/KEN", json={"answers": {"name": "first"}}, headers=kenya.auth)
    assert saved.status_code == 200
    with session_scope() as session:
        user = users.get_user(session, kenya.email)
        if change == "revoke_token":
            session.execute(update(ApiToken).where(col(ApiToken.user_id) == user.id).values(revoked_at=utcnow()))
        else:
            user.active = False
    headers = {**kenya.auth, "If-Match": "1"}
    refused = client.put(URL + "/KEN", json={"answers": {"name": "second"}}, headers=headers)
    assert refused.status_code == 401 and refused.json()["errors"][0]["code"]
    assert client.get(URL + "/KEN", headers=kenya.auth).status_code == 401
