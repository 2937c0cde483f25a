"""Cycles that build on each other: a cycle opened from an earlier one starts each party's draft
with its answers there (through the versions' mappings), marked as carried over until the focal
point confirms or changes each section; submit waits for every section."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli.main import cli
from app.users.models import Role
from tests.factory import SMALL, Person, person, publish
from tests.results.test_compare import SMALL_V2, respond
from tests.web.conftest import sign_in

pytestmark = pytest.mark.db

URL = "/api/v1/surveys/small"


@pytest.fixture
def world(client: TestClient) -> dict[str, Person]:
    publish(SMALL, "2026")
    people = {p: person(Role.focal_point, p) for p in ("KEN", "UGA")}
    respond(client, people["KEN"], "2026", {"name": "Kenya", "count": 4, "sectors": ["asgm", "waste"]})
    respond(client, people["UGA"], "2026", {"name": "Uganda (draft)"}, submit=False)
    return {**people, "admin": person(Role.admin)}


def open_2028(client: TestClient, admin: Person) -> dict[str, Any]:
    response = client.post(f"{URL}/cycles", json={"code": "2028", "from": "2026"}, headers=admin.auth)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_new_cycle_starts_from_the_earlier_answers_until_each_section_is_confirmed(
    client: TestClient, world: dict[str, Person]
) -> None:
    opened = open_2028(client, world["admin"])
    assert opened["carried_over"] == {"responses": 2, "answers": 4, "left_behind": 0}
    ken = world["KEN"]
    url = f"{URL}/responses/KEN"
    body = client.get(url, params={"cycle": "2028"}, headers=ken.auth).json()
    assert (body["status"], body["revision"]) == ("draft", 1)
    assert body["answers"] == {"name": "Kenya", "count": 4, "sectors": ["asgm", "waste"]}
    assert body["carried_over"] == {"from": "2026", "sections": ["s"]}
    uga = client.get(f"{URL}/responses/UGA", params={"cycle": "2028"}, headers=world["UGA"].auth).json()
    assert uga["answers"] == {"name": "Uganda (draft)"}  # never submitted: its draft is carried

    refused = client.post(f"{url}/submit", params={"cycle": "2028"}, headers=ken.auth)
    assert refused.status_code == 422
    assert [(e["loc"], e["code"]) for e in refused.json()["errors"]] == [(["s"], "carried_over_unconfirmed")]
    bad = client.post(f"{url}/confirm", params={"cycle": "2028"}, json={"sections": ["nope"]}, headers=ken.auth)
    assert bad.status_code == 422
    other = client.post(f"{url}/confirm", params={"cycle": "2028"}, json={"sections": ["s"]}, headers=world["UGA"].auth)
    assert other.status_code == 404
    confirmed = client.post(f"{url}/confirm", params={"cycle": "2028"}, json={"sections": ["s"]}, headers=ken.auth)
    assert confirmed.json()["carried_over"] is None
    assert client.post(f"{url}/submit", params={"cycle": "2028"}, headers=ken.auth).status_code == 200
    earlier = client.get(url, params={"cycle": "2026"}, headers=ken.auth).json()
    assert earlier["status"] == "submitted" and earlier["answers"]["count"] == 4  # the earlier cycle is untouched


def test_answers_follow_renames_and_recodes_into_the_new_version(client: TestClient, world: dict[str, Person]) -> None:
    publish(SMALL_V2, "2027")  # a new version (rename name -> full_name, recode asgm -> gold)
    response = client.post(f"{URL}/cycles", json={"code": "2028", "from": "2026"}, headers=world["admin"].auth)
    assert response.status_code == 200, response.text
    body = client.get(f"{URL}/responses/KEN", params={"cycle": "2028"}, headers=world["KEN"].auth).json()
    assert body["answers"] == {"full_name": "Kenya", "count": 4, "sectors": ["gold", "waste"]}
    history = client.get(f"{URL}/responses/KEN/revisions", params={"cycle": "2028"}, headers=world["KEN"].auth)
    assert [r["number"] for r in history.json()] == [1]


def test_the_form_asks_to_confirm_and_a_save_of_the_section_confirms(
    client: TestClient, world: dict[str, Person]
) -> None:
    open_2028(client, world["admin"])
    sign_in(client, world["KEN"])
    page = client.get("/forms/small/KEN/s/s").text  # 2028, the cycle opened last
    assert "Answers carried over from cycle 2026" in page
    token = page.split('name="csrf" value="')[1].split('"')[0]
    done = client.post("/forms/small/KEN/s/s/confirm", data={"csrf": token}, follow_redirects=False)
    assert done.status_code == 303
    assert "Answers carried over" not in client.get("/forms/small/KEN/s/s").text
    fr = client.get("/forms/small/UGA/s/s?lang=fr")
    assert fr.status_code == 404  # another party's form


def test_cycle_open_from_on_the_command_line(db: str) -> None:
    publish(SMALL, "2026")
    result = CliRunner().invoke(cli, ["cycle", "open", "small", "2028", "--from", "2026"])
    assert result.exit_code == 0, result.output
    assert "pre-filled from cycle 2026: 0 responses" in result.stdout
    missing = CliRunner().invoke(cli, ["cycle", "open", "small", "2030", "--from", "1999"])
    assert missing.exit_code == 1 and "1999" in missing.stderr
