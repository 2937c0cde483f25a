"""After a publish: the focal point sees what changed, stale saves are refused, a pinned response
moves when it is returned, and the answers a new version no longer asks stay in exports."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.core.db import session_scope
from app.surveys import service as surveys
from app.users.models import Role
from tests.api.test_publish_migrate import answer, post_yaml
from tests.factory import Person, person
from tests.migration_cases import definition
from tests.results.helpers import read_csv

pytestmark = pytest.mark.db

OLD = "- {id: a, type: text, title: A}\n- {id: b, type: text, title: B}\n"
NEW = definition("notice", "- {id: a2, renamed_from: a, type: text, title: A}\n", "drop: {questions: [b]}\n")
URL = "/api/v1/surveys/notice/responses"


@pytest.fixture
def people(client: TestClient, db: str) -> tuple[Person, Person, Person]:
    admin = person(Role.admin)
    assert post_yaml(client, admin, definition("notice", OLD)).status_code == 200
    with session_scope() as session:
        surveys.open_cycle(session, "notice", "2026", None, None, None)
    fps, sec = answer(client, "notice", {"a": "x", "b": "y"})
    assert post_yaml(client, admin, NEW).status_code == 200
    return admin, fps["KEN"], sec


def test_the_draft_shows_what_changed_until_saved(client: TestClient, people: tuple[Person, Person, Person]) -> None:
    admin, fp, _ = people
    body = client.get(f"{URL}/KEN", headers=fp.auth).json()
    assert (body["revision"], body["answers"]) == (2, {"a2": "x"})
    notice = body["notice"]
    assert notice["summary"] == {"carried": 0, "converted": 1, "dropped": 1, "not_carried": 0}
    assert [(i["outcome"], i["loc"]) for i in notice["items"]] == [("converted", ["a"]), ("dropped", ["b"])]
    history = client.get(f"{URL}/KEN/revisions", headers=fp.auth).json()
    assert [(r["number"], r["author"]) for r in history] == [(1, fp.email), (2, admin.email)]
    assert client.get(f"{URL}/KEN/revisions/1", headers=fp.auth).json()["answers"] == {"a": "x", "b": "y"}
    # A browser still on revision 1 is refused, and overwrites nothing.
    stale = client.put(f"{URL}/KEN", json={"answers": {"a": "z"}}, headers={**fp.auth, "If-Match": "1"})
    assert stale.status_code == 409 and stale.json()["current_revision"] == 2
    saved = client.put(f"{URL}/KEN", json={"answers": {"a2": "z"}}, headers={**fp.auth, "If-Match": "2"})
    assert saved.status_code == 200
    assert client.get(f"{URL}/KEN", headers=fp.auth).json()["notice"] is None


def test_the_notice_can_be_dismissed(client: TestClient, people: tuple[Person, Person, Person]) -> None:
    _, fp, _ = people
    assert client.delete(f"{URL}/KEN/notice", headers=fp.auth).status_code == 204
    body = client.get(f"{URL}/KEN", headers=fp.auth).json()
    assert body["notice"] is None and body["revision"] == 2


def test_a_pinned_submission_moves_when_it_is_returned(
    client: TestClient, people: tuple[Person, Person, Person]
) -> None:
    _, _, sec = people
    gha = person(Role.focal_point, "GHA")
    before = client.get(f"{URL}/GHA", headers=gha.auth).json()
    assert before["answers"] == {"a": "x", "b": "y"} and before["status"] == "submitted"
    returned = client.post(f"{URL}/GHA/return", json={"message": "please check"}, headers=sec.auth)
    assert returned.status_code == 200
    body = client.get(f"{URL}/GHA", headers=gha.auth).json()
    assert (body["status"], body["answers"], body["revision"]) == ("returned", {"a2": "x"}, 2)
    assert body["notice"]["summary"]["dropped"] == 1
    assert body["version"] != before["version"]


def test_answers_the_new_version_no_longer_asks_stay_in_exports(
    client: TestClient, people: tuple[Person, Person, Person]
) -> None:
    _, _, sec = people
    rows = {r["_subject"]: r for r in read_csv(client.get("/api/v1/surveys/notice/export", headers=sec.auth))}
    assert rows["GHA"]["b"] == "y" and rows["BRA"]["b"] == "y"  # pinned to the version that asked it
