"""Publishing a new version over answers: each class of change, on drafts, submitted and accepted
responses. After each publish every answer is carried exactly, converted as mapped, or still in the
history (and the pinned responses); a breaking change the mapping does not cover changes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from app.compiler.migrate import Item, Report
from app.core.db import session_scope
from app.responses.models import Response, Revision
from app.surveys import service as surveys
from app.surveys.models import Cycle, SurveyVersion
from app.users.models import Role
from tests.factory import Person, person
from tests.migration_cases import CASES, Case, definition, expected_of, unaccounted

pytestmark = pytest.mark.db

PARTIES = {"KEN": "draft", "GHA": "submitted", "BRA": "accepted"}


def post_yaml(client: TestClient, who: Person, source: str, *, dry_run: bool = False) -> Any:
    headers = {**who.auth, "Content-Type": "application/yaml"}
    return client.post("/api/v1/surveys", content=source.encode(), headers=headers, params={"dry_run": dry_run})


def answer(client: TestClient, survey: str, answers: dict[str, Any]) -> tuple[dict[str, Person], Person]:
    """A draft (KEN), a submitted (GHA) and an accepted (BRA) response, all with `answers`."""
    sec = person(Role.secretariat)
    fps = {}
    for party, status in PARTIES.items():
        fp = fps[party] = person(Role.focal_point, party)
        url = f"/api/v1/surveys/{survey}/responses/{party}"
        assert client.put(url, json={"answers": answers}, headers=fp.auth).status_code == 200
        if status != "draft":
            r = client.post(url + "/submit", headers={**fp.auth, "If-Match": "1"})
            assert r.status_code == 200, r.json()
        if status == "accepted":
            assert client.post(url + "/accept", headers=sec.auth).status_code == 200
    return fps, sec


def state(survey: str) -> dict[str, Any]:
    with session_scope() as session:
        responses = session.exec(select(Response).join(Cycle).where(Cycle.survey_id == survey)).all()
        return {
            "versions": len(session.exec(select(SurveyVersion).where(SurveyVersion.survey_id == survey)).all()),
            "cycle": [c.version_id for c in surveys.list_cycles(session, survey)],
            "responses": {r.subject: (r.status.value, r.revision, r.version_id, r.answers) for r in responses},
            "revisions": len(
                session.exec(select(Revision).join(Response).join(Cycle).where(Cycle.survey_id == survey)).all()
            ),
        }


def report_of(survey: str, subject: str, number: int) -> Report:
    with session_scope() as session:
        rev = session.exec(
            select(Revision)
            .join(Response)
            .join(Cycle)
            .where(Cycle.survey_id == survey, Response.subject == subject, col(Revision.number) == number)
        ).one()
        stored = rev.migration or {}
    items = [Item(i["outcome"], tuple(i["loc"]), None, i["before"]) for i in stored.get("items", [])]
    return Report(stored.get("summary", {}).get("carried", 0), items)


@pytest.mark.parametrize("case", CASES)
def test_publishing_over_answers(client: TestClient, case: Case, request: pytest.FixtureRequest) -> None:
    case_id = request.node.callspec.id
    survey = f"m-{case_id}"[:60]
    admin = person(Role.admin)
    assert post_yaml(client, admin, definition(survey, case.old)).status_code == 200
    with session_scope() as session:
        surveys.open_cycle(session, survey, "2026", None, None, None)
    answer(client, survey, case.answers)
    before = state(survey)
    expected = expected_of(case, case_id)

    r = post_yaml(client, admin, definition(survey, case.new, case.mapping))

    if expected is None:  # refused, and nothing changed
        assert r.status_code == 409, r.json()
        assert {e["code"] for e in r.json()["errors"]} == {"E510"}
        assert all(e["loc"][0] == "request body" for e in r.json()["errors"])
        assert state(survey) == before
        return
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["cycles_moved"] == ["2026"] and [m["subject"] for m in body["responses_migrated"]] == ["KEN"]
    after = state(survey)
    old_version, new_version = before["cycle"][0], after["cycle"][0]
    assert new_version != old_version
    # The draft: a new revision, on the new version, with the answers carried through the mapping.
    status, revision, version, answers = after["responses"]["KEN"]
    assert (status, revision, version, answers) == ("draft", 2, new_version, expected)
    assert unaccounted(case.answers, answers, report_of(survey, "KEN", 2)) == []
    assert before["responses"]["KEN"][3] == case.answers  # revision 1 keeps what was typed
    # Submitted and accepted responses stay pinned to the version they were answered against.
    for party in ("GHA", "BRA"):
        assert after["responses"][party] == before["responses"][party]
        assert after["responses"][party][2] == old_version


def test_a_dry_run_reports_and_changes_nothing(client: TestClient, db: str) -> None:
    admin = person(Role.admin)
    old = "- {id: a, type: text, title: A}\n- {id: b, type: text, title: B}\n"
    assert post_yaml(client, admin, definition("dry", old)).status_code == 200
    with session_scope() as session:
        surveys.open_cycle(session, "dry", "2026", None, None, None)
    answer(client, "dry", {"a": "x", "b": "y"})
    before = state("dry")
    new = definition("dry", "- {id: a, type: text, title: A}\n", "drop: {questions: [b]}\n")
    r = post_yaml(client, admin, new, dry_run=True)
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["dry_run"] is True and body["created"] is False
    assert body["cycles_moved"] == ["2026"] and body["responses_migrated"][0]["dropped"] == 1
    (change,) = body["diff"]["changes"]
    assert (change["id"], change["kind"], change["safe"], change["answers"], change["documents"]) == (
        "b",
        "removed",
        False,
        3,
        3,
    )
    assert state("dry") == before


def test_a_mapping_that_does_not_fit_the_previous_version_is_refused(client: TestClient, db: str) -> None:
    admin = person(Role.admin)
    assert post_yaml(client, admin, definition("fit", "- {id: a, type: text, title: A}\n")).status_code == 200
    r = post_yaml(client, admin, definition("fit", "- {id: a, type: text, title: A}\n", "drop: {questions: [zz]}\n"))
    assert r.status_code == 422 and [e["code"] for e in r.json()["errors"]] == ["E505"]
    assert r.json()["errors"][0]["loc"][1] > 1  # the line of the mapping entry
