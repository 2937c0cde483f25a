"""The web service basics: health check on the run's database, one error shape everywhere."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import create_app


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


@pytest.mark.db
def test_unknown_route_is_404_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/nowhere")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


@pytest.mark.db
def test_openapi_is_complete(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/healthz",
        "/api/v1/surveys",
        "/api/v1/surveys/{survey}",
        "/api/v1/surveys/{survey}/versions",
        "/api/v1/parties",
        "/api/v1/surveys/{survey}/responses",
        "/api/v1/surveys/{survey}/responses/{party}",
        "/api/v1/surveys/{survey}/responses/{party}/submit",
        "/api/v1/surveys/{survey}/responses/{party}/return",
        "/api/v1/surveys/{survey}/responses/{party}/accept",
        "/api/v1/surveys/{survey}/responses/{party}/revisions",
    ):
        assert path in paths, path
    put = paths["/api/v1/surveys/{survey}/responses/{party}"]["put"]
    assert {"409", "422", "428"} <= set(put["responses"])
    assert put["requestBody"]["content"]["application/json"]["schema"]
