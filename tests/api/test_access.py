"""Who may do what, as a matrix of roles x endpoints. Denied requests get 401, 403 or 404, never data."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.users.models import Role
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
