"""The focal point's pages say what changed in their answers after a new version was published."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.core.db import session_scope
from app.main import create_app
from app.surveys import service as surveys
from app.users.models import Role
from tests.api.test_publish_migrate import post_yaml
from tests.factory import person
from tests.migration_cases import definition
from tests.web.conftest import sign_in

pytestmark = pytest.mark.db

OLD = "- {id: a, type: text, title: First}\n- {id: b, type: text, title: Second}\n"
NEW = definition("web", "- {id: a, type: text, title: First}\n", "drop: {questions: [b]}\n")


def test_the_overview_lists_what_changed_until_dismissed(db: str) -> None:
    admin, fp = person(Role.admin), person(Role.focal_point, "KEN")
    with TestClient(create_app()) as client:
        assert post_yaml(client, admin, definition("web", OLD)).status_code == 200
        with session_scope() as session:
            surveys.open_cycle(session, "web", "2026", None, None, None)
        put = client.put("/api/v1/surveys/web/responses/KEN", json={"answers": {"a": "x", "b": "y"}}, headers=fp.auth)
        assert put.status_code == 200
        assert post_yaml(client, admin, NEW).status_code == 200
        sign_in(client, fp)
        page = client.get("/forms/web/KEN").text
        assert "The survey has changed since you last saved" in page
        assert "Removed: the new version no longer asks it" in page and "(y)" in page
        assert "Le questionnaire a changé" in client.get("/forms/web/KEN?lang=fr").text
        assert "Supprimée : la nouvelle version" in client.get("/forms/web/KEN/s/s").text  # remembered
        client.get("/forms/web/KEN?lang=en")
        csrf = client.get("/forms/web/KEN").text.split('name="csrf" value="')[1].split('"')[0]
        done = client.post("/forms/web/KEN/notice/dismiss", data={"csrf": csrf}, follow_redirects=False)
        assert done.status_code == 303
        assert "The survey has changed" not in client.get("/forms/web/KEN").text
