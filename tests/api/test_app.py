"""The web service: health check on the run's database, survey definitions as JSON, one error shape."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


@pytest.mark.db
def test_healthz_reports_the_database(client: TestClient, database_url: str) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    expected = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    assert response.json() == {"status": "ok", "database": expected}


@pytest.mark.db
def test_healthz_says_503_when_the_database_is_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core import config, db

    monkeypatch.setenv("TNS_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    try:
        response = TestClient(create_app()).get("/healthz")
    finally:
        config.get_settings.cache_clear()
        db.get_engine.cache_clear()
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_lists_the_shipped_survey(client: TestClient) -> None:
    surveys = client.get("/api/v1/surveys").json()
    ids = [s["id"] for s in surveys]
    assert "technology-needs" in ids
    shipped = next(s for s in surveys if s["id"] == "technology-needs")
    assert shipped["languages"] == ["en", "fr", "es", "ru", "zh", "ar"]
    assert len(shipped["sha256"]) == 64


def test_definition_as_json_in_a_language(client: TestClient) -> None:
    body = client.get("/api/v1/surveys/technology-needs", params={"lang": "fr"}).json()
    assert body["id"] == "technology-needs"
    assert body["definition"]["sections"][0]["questions"]
    assert body["title"] == body["definition"]["title"]["fr"]


def test_response_schema(client: TestClient) -> None:
    schema = client.get("/api/v1/surveys/technology-needs/response-schema").json()
    assert schema["type"] == "object" and "priority_sectors" in schema["properties"]


def test_unknown_survey_is_404_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/surveys/nope")
    assert response.status_code == 404
    assert response.json() == {"errors": [{"loc": ["survey"], "code": "not_found", "msg": "no survey 'nope'"}]}


def test_unknown_route_is_404_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
