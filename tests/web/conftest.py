"""A browser-like client: signed in through an invitation, with the CSRF token of its session."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from app.core.db import session_scope
from app.main import create_app
from app.users import service
from app.users.models import Role
from tests.factory import Person, person, publish


@dataclass
class Browser:
    client: TestClient
    who: Person

    def csrf(self, path: str = "/") -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', self.client.get(path).text)
        assert found, "no CSRF token on the page"
        return found.group(1)


def sign_in(client: TestClient, who: Person) -> None:
    with session_scope() as session:
        token = service.invite(session, service.get_user(session, who.email), None)
    response = client.get(f"/invitations/{token}", follow_redirects=False)
    assert response.status_code == 303


@pytest.fixture
def browser(db: str) -> Iterator[Browser]:
    publish()
    fp = person(Role.focal_point, "KEN")
    with TestClient(create_app()) as client:
        sign_in(client, fp)
        yield Browser(client, fp)
