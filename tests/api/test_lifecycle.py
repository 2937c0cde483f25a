"""The response lifecycle through the API: draft -> submitted -> returned -> draft -> accepted.

Every save is a revision; stale saves, failed submissions and invalid answers change nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.audit.models import AuditEvent
from app.core.db import session_scope
from app.users.models import Role
from tests.factory import SMALL, Person, person, publish

pytestmark = pytest.mark.db

URL = "/api/v1/surveys/small/responses/KEN"


@pytest.fixture
def fp(db: str) -> Person:
    publish(SMALL)
    return person(Role.focal_point, "KEN")


@pytest.fixture
def sec(db: str) -> Person:
    return person(Role.secretariat)


def put(client: TestClient, who: Person, answers: dict[str, Any], revision: int | None = None) -> Any:
    headers = dict(who.auth)
    if revision is not None:
        headers["If-Match"] = str(revision)
    return client.put(URL, json={"answers": answers}, headers=headers)


def test_not_started_response(client: TestClient, fp: Person) -> None:
    body = client.get(URL, headers=fp.auth).json()
    assert (body["status"], body["revision"], body["answers"]) == ("not_started", 0, {})


def test_every_save_is_a_revision_and_the_previous_ones_are_kept(client: TestClient, fp: Person) -> None:
    first = put(client, fp, {"name": "A"})
    assert first.status_code == 200 and first.json()["revision"] == 1
    assert first.headers["ETag"] == '"1"'
    second = put(client, fp, {"name": "A", "count": 3}, revision=1)
    assert second.json()["revision"] == 2 and second.json()["status"] == "draft"
    history = client.get(URL + "/revisions", headers=fp.auth).json()
    assert [(r["number"], r["author"]) for r in history] == [(1, fp.email), (2, fp.email)]
    assert client.get(URL + "/revisions/1", headers=fp.auth).json()["answers"] == {"name": "A"}


def test_stale_save_is_refused_with_the_current_revision_and_overwrites_nothing(client: TestClient, fp: Person) -> None:
    put(client, fp, {"name": "mine"})
    put(client, fp, {"name": "colleague"}, revision=1)
    stale = put(client, fp, {"name": "late"}, revision=1)
    assert stale.status_code == 409
    assert stale.json()["current_revision"] == 2
    assert stale.json()["errors"][0]["code"] == "stale_revision"
    assert client.get(URL, headers=fp.auth).json()["answers"] == {"name": "colleague"}


def test_save_without_a_revision_when_the_response_exists_is_428(client: TestClient, fp: Person) -> None:
    put(client, fp, {"name": "A"})
    missing = put(client, fp, {"name": "B"})
    assert missing.status_code == 428 and missing.json()["current_revision"] == 1
    assert client.get(URL, headers=fp.auth).json()["answers"] == {"name": "A"}


@pytest.mark.parametrize("header", ['"1"', 'W/"1"', "1"])
def test_if_match_forms(client: TestClient, fp: Person, header: str) -> None:
    put(client, fp, {"name": "A"})
    response = client.put(URL, json={"answers": {"name": "B"}}, headers={**fp.auth, "If-Match": header})
    assert response.status_code == 200


def test_type_errors_are_422_with_every_error_and_the_draft_unchanged(client: TestClient, fp: Person) -> None:
    put(client, fp, {"name": "A"})
    bad = put(client, fp, {"name": 5, "count": -1, "colour": "red"}, revision=1)
    assert bad.status_code == 422
    assert {(tuple(e["loc"]), e["code"]) for e in bad.json()["errors"]} == {
        (("name",), "invalid_type"),
        (("count",), "below_min"),
        (("colour",), "unknown_question"),
    }
    after = client.get(URL, headers=fp.auth).json()
    assert (after["revision"], after["answers"]) == (1, {"name": "A"})


def test_error_messages_in_the_requested_language(client: TestClient, db: str) -> None:
    publish()
    fp = person(Role.focal_point, "KEN")
    url = "/api/v1/surveys/technology-needs/responses/KEN"
    fr = client.put(url + "?lang=fr", json={"answers": {"respondent_email": "nope"}}, headers=fp.auth)
    assert fr.status_code == 422
    assert fr.json()["errors"][0]["msg"].startswith("Saisissez une adresse électronique")


def test_failed_submission_lists_every_error_and_keeps_the_draft(client: TestClient, fp: Person) -> None:
    put(client, fp, {"count": 2})
    failed = client.post(URL + "/submit", headers=fp.auth)
    assert failed.status_code == 422
    assert [(e["loc"], e["code"]) for e in failed.json()["errors"]] == [(["name"], "required")]
    after = client.get(URL, headers=fp.auth).json()
    assert (after["status"], after["revision"], after["answers"]) == ("draft", 1, {"count": 2})


def test_the_whole_lifecycle(client: TestClient, fp: Person, sec: Person) -> None:
    put(client, fp, {"name": "A"})
    submitted = client.post(URL + "/submit", headers=fp.auth)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_at"]

    locked = put(client, fp, {"name": "changed"}, revision=1)
    assert locked.status_code == 409 and locked.json()["errors"][0]["code"] == "not_editable"

    comments = {"message": "Please add the count", "comments": [{"loc": ["count"], "text": "How many?"}]}
    returned = client.post(URL + "/return", json=comments, headers=sec.auth)
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    seen = client.get(URL, headers=fp.auth).json()
    assert [(c["loc"], c["text"]) for c in seen["comments"]] == [(["count"], "How many?")]

    amended = put(client, fp, {"name": "A", "count": 4}, revision=1)
    assert amended.status_code == 200 and amended.json()["status"] == "draft"
    assert client.post(URL + "/submit", headers=fp.auth).json()["status"] == "submitted"
    accepted = client.post(URL + "/accept", headers=sec.auth)
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert put(client, fp, {"name": "late"}, revision=2).status_code == 409

    listing = client.get("/api/v1/surveys/small/responses", headers=sec.auth).json()
    assert [(r["subject"], r["status"], r["revision"]) for r in listing] == [("KEN", "accepted", 2)]

    with session_scope() as session:
        actions = [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()]  # type: ignore[arg-type]
    assert [a for a in actions if a.startswith("response.")] == [
        "response.start",
        "response.submitted",
        "response.returned",
        "response.submitted",
        "response.accepted",
    ]


def test_transitions_out_of_order_are_refused(client: TestClient, fp: Person, sec: Person) -> None:
    put(client, fp, {"name": "A"})
    assert client.post(URL + "/accept", headers=sec.auth).status_code == 409
    assert client.post(URL + "/return", json={}, headers=sec.auth).status_code == 409
    client.post(URL + "/submit", headers=fp.auth)
    assert client.post(URL + "/submit", headers=fp.auth).status_code == 409


def test_comments_must_name_questions_of_the_survey(client: TestClient, fp: Person, sec: Person) -> None:
    put(client, fp, {"name": "A"})
    client.post(URL + "/submit", headers=fp.auth)
    bad = client.post(URL + "/return", json={"comments": [{"loc": ["nope"], "text": "?"}]}, headers=sec.auth)
    assert bad.status_code == 422
    assert client.get(URL, headers=fp.auth).json()["status"] == "submitted"


def test_saving_outside_the_open_period_is_refused(client: TestClient, db: str) -> None:
    import datetime as dt

    publish(SMALL, "2020", opens=dt.date(2020, 1, 1), closes=dt.date(2020, 12, 31))
    fp = person(Role.focal_point, "KEN")
    closed = client.put(URL + "?cycle=2020", json={"answers": {"name": "A"}}, headers=fp.auth)
    assert closed.status_code == 403
    assert closed.json()["errors"][0]["code"] == "cycle_closed"
    assert "2020-12-31" in closed.json()["errors"][0]["msg"]


def test_malformed_bodies_get_the_error_shape(client: TestClient, fp: Person) -> None:
    not_json = client.put(URL, content=b"{", headers={**fp.auth, "content-type": "application/json"})
    assert not_json.status_code == 422 and not_json.json()["errors"]
    wrong_shape = client.put(URL, json={"answers": [], "extra": 1}, headers=fp.auth)
    assert wrong_shape.status_code == 422
    too_big = client.put(URL, content=b"x" * (7 * 1024 * 1024), headers={**fp.auth, "content-type": "application/json"})
    assert too_big.status_code == 413 and too_big.json()["errors"][0]["code"] == "payload_too_large"
    assert client.put(URL, json={"answers": {}}, headers={**fp.auth, "If-Match": "abc"}).status_code == 422
