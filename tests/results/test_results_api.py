"""Coverage and aggregates over HTTP: who may read them, filters, groups, CSV."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.users.models import Role
from tests.factory import SMALL, Person, person, publish
from tests.results.helpers import read_csv

pytestmark = pytest.mark.db

SURVEY = "/api/v1/surveys/small"


def respond(client: TestClient, party: str, answers: dict[str, Any], submit: bool = True) -> None:
    fp = person(Role.focal_point, party)
    url = f"{SURVEY}/responses/{party}"
    assert client.put(url, json={"answers": answers}, headers=fp.auth).status_code == 200
    if submit:
        assert client.post(url + "/submit", headers=fp.auth).status_code == 200


@pytest.fixture
def sec(client: TestClient) -> Person:
    publish(SMALL)
    admin = person(Role.admin)
    for iso3 in ("KEN", "UGA", "FRA", "BRA"):
        client.patch(f"/api/v1/parties/{iso3}", json={"is_party": True}, headers=admin.auth)
    respond(client, "KEN", {"name": '=HYPERLINK("http://x")', "count": 4, "sectors": ["asgm"]})
    respond(client, "UGA", {"name": "Uganda", "count": 6, "sectors": ["asgm", "waste"]})
    respond(client, "FRA", {"name": "France", "count": 10, "sectors": ["waste"]})
    respond(client, "BRA", {"name": "Brazil"}, submit=False)  # a draft: not counted by default
    return person(Role.secretariat)


def test_coverage(client: TestClient, sec: Person) -> None:
    report = client.get(f"{SURVEY}/coverage", headers=sec.auth).json()
    status = {row["party"]: row["status"] for row in report["parties"]}
    assert status == {"BRA": "draft", "FRA": "submitted", "KEN": "submitted", "UGA": "submitted"}
    assert report["not_responded"] == ["BRA"]
    african = next(g for g in report["by_un_group"] if g["un_group"] == "african")
    assert (african["submitted"], african["total"]) == (2, 2)
    rows = read_csv(client.get(f"{SURVEY}/coverage?format=csv", headers=sec.auth))
    assert {r["party"] for r in rows} == {"BRA", "FRA", "KEN", "UGA"}


def test_multiple_choice_percent_of_respondents(client: TestClient, sec: Person) -> None:
    body = client.get(f"{SURVEY}/aggregates/sectors", headers=sec.auth).json()
    got = {r["option"]: (r["count"], r["base"], r["percent"]) for r in body["rows"]}
    assert got == {"asgm": (2, 3, 66.67), "waste": (2, 3, 66.67)}  # may exceed 100 in total


def test_by_party_attribute_and_filters(client: TestClient, sec: Person) -> None:
    body = client.get(f"{SURVEY}/aggregates/count", params={"by": "un_group"}, headers=sec.auth).json()
    stats = {r["un_group"]: (r["n"], r["sum"], r["median"]) for r in body["rows"]}
    assert stats == {"african": (2, 10.0, 5.0), "weog": (1, 10.0, 10.0)}
    only = client.get(f"{SURVEY}/aggregates/count", params={"un_group": "weog"}, headers=sec.auth).json()
    assert [(r["n"], r["sum"]) for r in only["rows"]] == [(1, 10.0)]
    where = client.get(f"{SURVEY}/aggregates/count", params={"where": "sectors:waste"}, headers=sec.auth).json()
    assert [(r["n"], r["sum"]) for r in where["rows"]] == [(2, 16.0)]
    drafts = client.get(f"{SURVEY}/aggregates/sectors", params={"status": ["draft"]}, headers=sec.auth).json()
    assert drafts["rows"] == []


def test_cross_tab_by_another_question(client: TestClient, sec: Person) -> None:
    body = client.get(f"{SURVEY}/aggregates/count", params={"by": "sectors"}, headers=sec.auth).json()
    assert {r["sectors"]: r["sum"] for r in body["rows"]} == {"asgm": 10.0, "waste": 16.0}


def test_text_answers_with_their_party_and_csv_neutralises_formulas(client: TestClient, sec: Person) -> None:
    body = client.get(f"{SURVEY}/aggregates/name", headers=sec.auth).json()
    assert {r["subject"] for r in body["rows"]} == {"KEN", "UGA", "FRA"}
    text = client.get(f"{SURVEY}/aggregates/name?format=csv", headers=sec.auth).text
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_labels_in_a_language_and_codes_always(client: TestClient, sec: Person) -> None:
    body = client.get(f"{SURVEY}/aggregates/sectors", params={"lang": "en"}, headers=sec.auth).json()
    assert {(r["option"], r["option_label"]) for r in body["rows"]} == {("asgm", "ASGM"), ("waste", "Waste")}


def test_compare_two_cycles_side_by_side(client: TestClient, sec: Person) -> None:
    import datetime as dt

    from app.core.db import session_scope
    from app.surveys import service

    with session_scope() as session:
        service.open_cycle(session, "small", "2028", dt.date(2026, 1, 1), None, None)
    respond(client, "KEN", {"name": "Again", "count": 1, "sectors": ["waste"]})
    body = client.get(
        f"{SURVEY}/aggregates/sectors", params={"cycle": "2028", "compare": "2026"}, headers=sec.auth
    ).json()
    assert body["keys"][0] == "cycle"
    assert {(r["cycle"], r["option"]): r["count"] for r in body["rows"]} == {
        ("2026", "asgm"): 2,
        ("2026", "waste"): 2,
        ("2028", "waste"): 1,
    }


def test_table_rows_and_coverage_of_an_individual_survey(client: TestClient, sec: Person) -> None:
    from tests.factory import STAKEHOLDERS

    publish(STAKEHOLDERS)
    ngo = person(Role.respondent, "BRA", survey="stakeholders")
    url = f"/api/v1/surveys/stakeholders/responses/{ngo.respondent}"
    client.put(url, json={"answers": {"name": "NGO"}}, headers=ngo.auth)
    report = client.get("/api/v1/surveys/stakeholders/coverage", headers=sec.auth).json()
    assert [(r.get("respondent"), r["status"]) for r in report["parties"]] == [(ngo.respondent, "draft")]
    assert report["not_responded"] == []  # no Party is expected to answer a stakeholder survey


def test_focal_points_cannot_read_results(client: TestClient, sec: Person) -> None:
    fp = person(Role.focal_point, "KEN")
    assert client.get(f"{SURVEY}/aggregates/sectors", headers=fp.auth).status_code == 403
    assert client.get(f"{SURVEY}/coverage", headers=fp.auth).status_code == 403
    assert client.get(f"{SURVEY}/aggregates/nope", headers=sec.auth).status_code == 404
    assert client.get(f"{SURVEY}/aggregates/count", params={"by": "colour"}, headers=sec.auth).status_code == 422
