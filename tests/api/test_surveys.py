"""Published versions are immutable and identified by content; cycles choose the version in use."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.core.db import session_scope
from app.core.errors import InvalidError
from app.surveys import service
from app.users.models import Role
from tests.conftest import SHIPPED
from tests.factory import SMALL, person, publish

pytestmark = pytest.mark.db


def test_publishing_identical_content_again_changes_nothing(db: str) -> None:
    with session_scope() as session:
        first = service.publish(session, SHIPPED.read_bytes(), "a.yaml", None)
        again = service.publish(session, SHIPPED.read_bytes(), "b.yaml", None)
        assert first.created and not again.created
        assert first.version.id == again.version.id
        assert len(service.list_versions(session, "technology-needs")) == 1


def test_a_definition_with_errors_is_not_published(db: str) -> None:
    with session_scope() as session, pytest.raises(InvalidError) as info:
        service.publish(session, SMALL.replace(b"type: integer", b"type: integr"), "bad.yaml", None)
    assert info.value.errors and info.value.errors[0]["code"] == "E204"
    assert info.value.errors[0]["loc"][0] == "bad.yaml"


def test_surveys_versions_and_cycles_over_http(client: TestClient) -> None:
    publish(SMALL)
    listed = client.get("/api/v1/surveys").json()
    assert [(s["id"], [c["code"] for c in s["cycles"]]) for s in listed] == [("small", ["2026"])]
    detail = client.get("/api/v1/surveys/small").json()
    assert detail["cycle"] == "2026" and detail["definition"]["sections"][0]["questions"][0]["id"] == "name"
    versions = client.get("/api/v1/surveys/small/versions").json()
    assert len(versions) == 1 and versions[0]["sha256"] == detail["version"]
    schema = client.get("/api/v1/surveys/small/response-schema").json()
    assert set(schema["properties"]) == {"name", "count", "sectors"}


def test_the_shipped_survey_in_a_language(client: TestClient) -> None:
    publish()
    body = client.get("/api/v1/surveys/technology-needs", params={"lang": "fr"}).json()
    assert body["title"] == body["definition"]["title"]["fr"]


def test_admin_publishes_and_opens_cycles_over_http(client: TestClient) -> None:
    admin = person(Role.admin)
    fp = person(Role.focal_point, "KEN")
    headers = {**admin.auth, "content-type": "application/yaml"}
    assert client.post("/api/v1/surveys", content=SMALL, headers={**fp.auth}).status_code == 403
    first = client.post("/api/v1/surveys", content=SMALL, headers=headers).json()
    again = client.post("/api/v1/surveys", content=SMALL, headers=headers).json()
    assert first["created"] is True and again == {**first, "created": False}
    bad = client.post("/api/v1/surveys", content=b"id: [", headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["code"] == "E101"
    cycle = client.post(
        "/api/v1/surveys/small/cycles", json={"code": "2028", "opens_on": "2028-01-01"}, headers=admin.auth
    )
    assert cycle.status_code == 200 and cycle.json()["open_now"] is False
    twice = client.post("/api/v1/surveys/small/cycles", json={"code": "2028"}, headers=admin.auth)
    assert twice.status_code == 409 and twice.json()["errors"][0]["code"] == "cycle_exists"
    backwards = client.post(
        "/api/v1/surveys/small/cycles",
        json={"code": "x", "opens_on": "2028-02-01", "closes_on": "2028-01-01"},
        headers=admin.auth,
    )
    assert backwards.status_code == 422


def test_the_open_cycle_is_the_default(db: str) -> None:
    import datetime as dt

    publish(SMALL, "2024", opens=dt.date(2024, 1, 1), closes=dt.date(2024, 12, 31))
    with session_scope() as session:
        service.open_cycle(session, "small", "2026", dt.date(2026, 1, 1), None, None)
        service.open_cycle(session, "small", "2030", dt.date(2030, 1, 1), None, None)
        assert service.get_cycle(session, "small", None, today=dt.date(2026, 6, 1)).code == "2026"
        assert service.get_cycle(session, "small", "2024").code == "2024"
        with pytest.raises(Exception, match="no cycle 'nope'"):
            service.get_cycle(session, "small", "nope")
