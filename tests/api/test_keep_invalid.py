"""A value a new version's tighter rule refuses, kept on purpose (`keep_invalid`), never blocks
saving the rest of the draft; submitting asks for it to be corrected."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.users.models import Role
from tests.factory import SMALL, person, publish

pytestmark = pytest.mark.db

URL = "/api/v1/surveys/small/responses/KEN?cycle=2026"
TIGHTER = (
    SMALL.decode().replace(
        "{id: count, type: integer, title: Count, min: 0}", "{id: count, type: integer, title: Count, min: 0, max: 10}"
    )
    + "mapping:\n  keep_invalid: [count]\n"
).encode()


def test_a_kept_value_does_not_block_saving_the_rest(client: TestClient) -> None:
    publish(SMALL)
    fp = person(Role.focal_point, "KEN")
    assert client.put(URL, json={"answers": {"name": "Kenya", "count": 50}}, headers=fp.auth).status_code == 200
    assert b"max: 10" in TIGHTER
    publish(TIGHTER, "2027")  # the open cycle moves to the new version; the draft keeps count = 50
    body = client.get(URL, headers=fp.auth).json()
    assert body["answers"]["count"] == 50
    rev = str(body["revision"])
    saved = client.put(URL, json={"answers": {"name": "Kenya!", "count": 50}}, headers={**fp.auth, "If-Match": rev})
    assert saved.status_code == 200, saved.text
    worse = client.put(
        URL, json={"answers": {"name": "Kenya!", "count": 60}}, headers={**fp.auth, "If-Match": str(int(rev) + 1)}
    )
    assert worse.status_code == 422 and worse.json()["errors"][0]["code"] == "above_max"
    submit = client.post(URL.replace("?", "/submit?"), headers=fp.auth)
    assert submit.status_code == 422 and submit.json()["errors"][0]["code"] == "above_max"
