"""Two cycles side by side: who answered both, and what changed in a party's answers, following
questions renamed and options recoded between the cycles' versions."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.users.models import Role
from tests.factory import SMALL, Person, person, publish

pytestmark = pytest.mark.db

URL = "/api/v1/surveys/small"
SMALL_V2 = (
    SMALL.decode()
    .replace(
        "{id: name, type: text, title: Name, required: true}",
        "{id: full_name, type: text, title: Name, renamed_from: name}",
    )
    .replace("{code: asgm, label: ASGM}", "{code: gold, label: Gold mining, renamed_from: asgm}")
).encode()


def respond(client: TestClient, fp: Person, cycle: str, answers: dict[str, Any], submit: bool = True) -> None:
    url = f"{URL}/responses/{fp.party}"
    assert client.put(url, params={"cycle": cycle}, json={"answers": answers}, headers=fp.auth).status_code == 200
    if submit:
        assert client.post(url + "/submit", params={"cycle": cycle}, headers=fp.auth).status_code == 200


@pytest.fixture
def people(client: TestClient) -> dict[str, Person]:
    publish(SMALL, "2026")
    fps = {p: person(Role.focal_point, p) for p in ("KEN", "UGA", "FRA")}
    respond(client, fps["KEN"], "2026", {"name": "Kenya", "count": 4, "sectors": ["asgm", "waste"]})
    respond(client, fps["UGA"], "2026", {"name": "Uganda", "count": 1})
    publish(SMALL_V2, "2028")  # the next cycle runs on a new version: a rename and a recode
    respond(client, fps["KEN"], "2028", {"full_name": "Kenya", "count": 7, "sectors": ["gold"]})
    respond(client, fps["FRA"], "2028", {"full_name": "France"}, submit=False)
    return {**fps, "sec": person(Role.secretariat)}


def test_who_answered_both_cycles(client: TestClient, people: dict[str, Person]) -> None:
    body = client.get(f"{URL}/compare", params={"cycle": "2028"}, headers=people["sec"].auth).json()
    assert body["cycles"] == ["2026", "2028"]  # the earlier one by default
    assert body["both"] == [{"subject": "KEN", "changed_answers": 2}]
    assert (body["only_2026"], body["only_2028"]) == (["UGA"], [])  # FRA's draft is not submitted
    drafts = client.get(
        f"{URL}/compare",
        params={"cycle": "2028", "with": "2026", "status": ["submitted", "draft"]},
        headers=people["sec"].auth,
    ).json()
    assert drafts["only_2028"] == ["FRA"]


def test_what_changed_in_a_party_answers_following_renames_and_recodes(
    client: TestClient, people: dict[str, Person]
) -> None:
    body = client.get(f"{URL}/compare/KEN", params={"cycle": "2028"}, headers=people["KEN"].auth).json()
    assert body["statuses"] == ["submitted", "submitted"]
    changes = {c["question"]: (c["before"], c["after"], c["change"]) for c in body["changes"]}
    assert changes == {"count": (4, 7, "changed"), "sectors": (["gold", "waste"], ["gold"], "changed")}
    # the name was renamed (full_name) and asgm recoded (gold): neither is reported as a change


def test_comparing_is_for_the_party_and_the_secretariat(client: TestClient, people: dict[str, Person]) -> None:
    other = client.get(f"{URL}/compare/KEN", params={"cycle": "2028"}, headers=people["UGA"].auth)
    assert other.status_code == 404
    assert client.get(f"{URL}/compare", params={"cycle": "2028"}, headers=people["KEN"].auth).status_code == 403
    first = client.get(f"{URL}/compare", params={"cycle": "2026"}, headers=people["sec"].auth)
    assert first.status_code == 404 and "no earlier cycle" in first.json()["errors"][0]["msg"]


def test_the_review_page_shows_what_changed_since_the_previous_cycle(
    client: TestClient, people: dict[str, Person]
) -> None:
    from tests.web.conftest import sign_in

    sign_in(client, people["sec"])
    page = client.get("/forms/small/KEN/review").text  # the cycle open last: 2028
    assert "Changes since cycle 2026 (2)" in page
    assert '<th scope="row">Count</th><td>4</td><td>7</td>' in page
    assert "<td>Gold mining; Waste</td><td>Gold mining</td>" in page
    assert "Changes since cycle" not in client.get("/forms/small/UGA/review").text  # no 2028 response


def test_the_whole_survey_side_by_side_gives_what_each_question_gives(
    client: TestClient, people: dict[str, Person]
) -> None:
    params = {"cycle": "2028", "compare": "2026", "status": ["submitted", "draft"]}
    every = client.get(f"{URL}/aggregates", params=params, headers=people["sec"].auth).json()["questions"]
    assert {r["cycle"] for q in every for r in q["rows"]} == {"2026", "2028"}
    for got in every:
        one = client.get(f"{URL}/aggregates/{got['question']}", params=params, headers=people["sec"].auth).json()
        assert got == one, got["question"]


def test_exports_merge_versions_through_renames_and_mappings_and_keep_what_was_dropped(
    client: TestClient, people: dict[str, Person]
) -> None:
    from tests.results.helpers import read_csv

    line = "      - {id: count, type: integer, title: Count, min: 0}\n"
    assert line in SMALL_V2.decode()
    v3 = SMALL_V2.decode().replace(line, "") + "mapping:\n  drop:\n    questions: [count]\n"
    publish(v3.encode(), "2030")  # count is no longer asked: its answers dropped on purpose
    auth = people["sec"].auth
    for cycle, expected in (("2026", ("Kenya", "gold waste", "4")), ("2028", ("Kenya", "gold", "7"))):
        (ken,) = [
            r
            for r in read_csv(client.get(f"{URL}/export", params={"cycle": cycle}, headers=auth))
            if r["_subject"] == "KEN"
        ]
        assert (ken["full_name"], ken["sectors"], ken["count"]) == expected, cycle
        assert "name" not in ken and "sectors.asgm" not in ken  # merged into full_name and gold
    codebook = read_csv(client.get(f"{URL}/export", params={"cycle": "2026", "layout": "codebook"}, headers=auth))
    assert {r["question"]: r["versions"] for r in codebook if not r["option"]}["count"] != "all"


TABLE_V1 = b"""\
id: tab
title: Tables
sections:
  - id: s
    title: S
    questions:
      - id: funding
        type: table
        title: Funding
        columns: [{id: amount, type: integer, title: Amount}]
"""
TABLE_V2 = TABLE_V1.replace(b"      - id: funding\n", b"      - id: funding_sources\n        renamed_from: funding\n")


def test_a_wide_export_has_a_column_for_every_row_of_a_renamed_table(
    client: TestClient, people: dict[str, Person]
) -> None:
    from tests.results.helpers import read_csv

    url = "/api/v1/surveys/tab"
    publish(TABLE_V1, "2026")
    ken, uga = people["KEN"], people["UGA"]
    rows = [{"amount": n} for n in (1, 2, 3)]
    assert client.put(f"{url}/responses/KEN", json={"answers": {"funding": rows}}, headers=ken.auth).status_code == 200
    assert client.post(f"{url}/responses/KEN/submit", headers=ken.auth).status_code == 200
    publish(TABLE_V2, "2027")  # KEN's submission stays on the first version
    body = {"answers": {"funding_sources": [{"amount": 9}]}}
    assert client.put(f"{url}/responses/UGA", params={"cycle": "2026"}, json=body, headers=uga.auth).status_code == 200
    assert client.post(f"{url}/responses/UGA/submit", params={"cycle": "2026"}, headers=uga.auth).status_code == 200
    exported = {r["_subject"]: r for r in read_csv(client.get(f"{url}/export?cycle=2026", headers=people["sec"].auth))}
    assert (exported["KEN"]["funding_sources.rows"], exported["KEN"]["funding_sources.3.amount"]) == ("3", "3")
    assert exported["UGA"]["funding_sources.1.amount"] == "9" and "funding.rows" not in exported["KEN"]
