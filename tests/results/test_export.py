"""Exports over HTTP (CSV wide and long, the codebook, XLSX and JSON, with hostile answers), and the
aggregates of a whole section or survey, tables included, on the same responses."""

from __future__ import annotations

import io
import json
import textwrap
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from app.users.models import Role
from tests.factory import Person, person, publish
from tests.results.helpers import read_csv

pytestmark = pytest.mark.db

DEFINITION = textwrap.dedent(
    """\
    id: exp
    title: Export
    languages: [en, fr]
    sections:
      - id: s
        title: S
        questions:
          - {id: name, type: text, title: Name}
          - {id: has_plan, type: yes_no, title: Plan?}
          - {id: plan_year, type: integer, title: Year, show_if: has_plan}
          - id: pick
            type: single_choice
            title: Pick
            options: [{code: p, label: {en: P, fr: P-fr}}, {code: other, label: Other, other: true}]
          - id: sectors
            type: multiple_choice
            title: Sectors
            options: [{code: a, label: {en: Alpha, fr: Alpha-fr}}, {code: b, label: Beta}]
          - id: per_sector
            type: loop
            over: sectors
            title: Per sector
            questions:
              - {id: cost, type: decimal, title: Cost}
              - id: projects
                type: table
                title: Projects
                columns:
                  - {id: project, type: text, title: Project}
                  - {id: usd, type: integer, title: USD}
          - {id: rank, type: ranking, title: Rank, options: [{code: a, label: A}, {code: b, label: B}]}
          - id: grid
            type: matrix
            title: Grid
            rows: [{code: r1, label: R1}, {code: r2, label: R2}]
            columns: [{code: lo, label: Lo}, {code: hi, label: Hi}]
      - id: t
        title: T
        questions:
          - id: funding
            type: table
            title: Funding
            columns:
              - {id: funder, type: single_choice, title: Funder, options: [{code: gef, label: GEF}, {code: sip, label: SIP}]}
              - {id: amount, type: decimal, title: Amount}
    """
).encode()

URL = "/api/v1/surveys/exp"
KEN = {
    "name": "=cmd|' /C calc'!A0",
    "has_plan": False,
    "plan_year": 2030,  # hidden by has_plan: kept in the draft, not in the submission
    "pick": "other",
    "pick_other": "@SUM(1+1)",
    "sectors": ["a", "b"],
    "per_sector": {
        "a": {"cost": 1.5, "projects": [{"project": "+danger", "usd": 10}, {"project": "P2", "usd": 20}]},
        "b": {"cost": 2},
    },
    "rank": ["b", "a"],
    "grid": {"r1": "hi", "r2": "lo"},
    "funding": [{"funder": "gef", "amount": 100}, {"funder": "sip", "amount": 50}, {"funder": "gef", "amount": 25}],
}
UGA = {"name": "Ouganda \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u4e2d\u6587", "has_plan": True, "plan_year": 2028}


@pytest.fixture
def sec(client: TestClient) -> Person:
    publish(DEFINITION)
    for party, answers, submit in (("KEN", KEN, True), ("UGA", UGA, True), ("BRA", {"name": "draft"}, False)):
        fp = person(Role.focal_point, party)
        url = f"{URL}/responses/{party}"
        assert client.put(url, json={"answers": answers}, headers=fp.auth).status_code == 200
        if submit:
            assert client.post(url + "/submit", headers=fp.auth).status_code == 200
    return person(Role.secretariat)


def test_wide_csv_one_row_per_response_with_loops_and_tables_flattened(client: TestClient, sec: Person) -> None:
    rows = read_csv(client.get(f"{URL}/export", params={"lang": "fr"}, headers=sec.auth))
    assert [r["_subject"] for r in rows] == ["KEN", "UGA"]  # submitted only by default
    ken, uga = rows
    assert ken["sectors"] == "a b" and ken["sectors.label"] == "Alpha-fr; Beta"
    assert (ken["sectors.a"], ken["sectors.b"]) == ("1", "1")
    assert ken["per_sector.a.cost"] == "1.5" and ken["per_sector.b.cost"] == "2"
    assert ken["per_sector.a.projects.rows"] == "2" and ken["per_sector.a.projects.2.usd"] == "20"
    assert ken["per_sector.b.projects.rows"] == ""
    assert ken["funding.rows"] == "3" and ken["funding.3.funder"] == "gef" and ken["funding.3.amount"] == "25"
    assert ken["rank"] == "b a" and (ken["rank.a"], ken["rank.b"]) == ("2", "1")
    assert (ken["grid.r1"], ken["grid.r1.label"]) == ("hi", "Hi")
    assert ken["has_plan"] == "false" and ken["has_plan.label"] == "non"
    assert ken["plan_year"] == ""  # hidden when submitted: not part of the submission
    assert uga["plan_year"] == "2028" and uga["name"] == UGA["name"]
    assert ken["_party_name"] and ken["_version"] and ken["_submitted_at"]


def test_hostile_cells_are_neutralised_everywhere(client: TestClient, sec: Person) -> None:
    ken = read_csv(client.get(f"{URL}/export", headers=sec.auth))[0]
    assert ken["name"] == "'=cmd|' /C calc'!A0"
    assert ken["pick.other"] == "'@SUM(1+1)"
    assert ken["per_sector.a.projects.1.project"] == "'+danger"
    long = read_csv(client.get(f"{URL}/export", params={"layout": "long"}, headers=sec.auth))
    assert {r["value"] for r in long if r["question"] in ("name", "project")} >= {"'=cmd|' /C calc'!A0", "'+danger"}
    book = load_workbook(io.BytesIO(client.get(f"{URL}/export?format=xlsx", headers=sec.auth).content))
    values = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert "'=cmd|' /C calc'!A0" in values and "'@SUM(1+1)" in values and "'+danger" in values
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "@")) for v in values)


def test_long_csv_one_row_per_answer(client: TestClient, sec: Person) -> None:
    rows = read_csv(client.get(f"{URL}/export", params={"layout": "long"}, headers=sec.auth))
    ken = [(r["question"], r["loop"], r["row"], r["option"], r["value"]) for r in rows if r["_subject"] == "KEN"]
    assert ("sectors", "", "", "a", "") in ken and ("sectors", "", "", "b", "") in ken
    assert ("usd", "a", "2", "", "20") in ken
    assert ("rank", "", "", "b", "1") in ken
    assert ("grid", "", "r1", "hi", "") in ken
    assert ("pick", "", "", "other", "'@SUM(1+1)") in ken
    assert ("amount", "", "3", "", "25.0") in ken or ("amount", "", "3", "", "25") in ken
    assert not any(q == "plan_year" for q, *_ in ken)


def test_statuses_and_cycle_select_what_is_exported(client: TestClient, sec: Person) -> None:
    rows = read_csv(client.get(f"{URL}/export", params={"status": ["draft"]}, headers=sec.auth))
    assert [(r["_subject"], r["name"]) for r in rows] == [("BRA", "draft")]
    assert client.get(f"{URL}/export", params={"status": "lost"}, headers=sec.auth).status_code == 422
    assert client.get(f"{URL}/export", params={"cycle": "1999"}, headers=sec.auth).status_code == 404
    assert client.get(f"{URL}/export", params={"format": "pdf"}, headers=sec.auth).status_code == 422
    fp = person(Role.focal_point, "KEN")
    assert client.get(f"{URL}/export", headers=fp.auth).status_code == 403


def test_xlsx_has_a_sheet_per_section_loop_and_table_and_a_codebook(client: TestClient, sec: Person) -> None:
    response = client.get(f"{URL}/export", params={"format": "xlsx", "lang": "fr"}, headers=sec.auth)
    assert response.headers["content-disposition"] == 'attachment; filename="exp-2026.xlsx"'
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["s", "per_sector", "projects", "funding", "codebook"]  # t has only a table
    table = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    head = table["projects"][0]
    assert head[-5:] == ["loop", "loop.label", "row", "project", "usd"]
    assert [r[-5:] for r in table["projects"][1:]] == [
        ["a", "Alpha-fr", 1, "'+danger", 10],
        ["a", "Alpha-fr", 2, "P2", 20],
    ]
    funding = [r[-4:] for r in table["funding"][1:]]
    assert funding == [[1, "gef", "GEF", 100], [2, "sip", "SIP", 50], [3, "gef", "GEF", 25]]
    codebook = table["codebook"]
    assert ["sectors", "s", "multiple_choice", None, "Sectors", "a", "Alpha-fr", "all"] in codebook


def test_json_says_the_version_each_response_was_answered_against(client: TestClient, sec: Person) -> None:
    body = json.loads(client.get(f"{URL}/export", params={"format": "json"}, headers=sec.auth).content)
    (sha,) = body["versions"]
    assert [(r["subject"], r["version"]) for r in body["responses"]] == [("KEN", sha), ("UGA", sha)]
    assert body["responses"][0]["answers"]["per_sector"]["a"]["projects"][0]["usd"] == 10
    assert "plan_year" not in body["responses"][0]["answers"]


def test_codebook_csv(client: TestClient, sec: Person) -> None:
    rows = read_csv(client.get(f"{URL}/export", params={"layout": "codebook"}, headers=sec.auth))
    assert {(r["question"], r["option"]) for r in rows} >= {("grid", "row:r1"), ("grid", "hi"), ("usd", "")}
    assert {r["within"] for r in rows if r["question"] == "usd"} == {"projects"}


def test_every_question_of_a_section_or_of_the_survey_in_one_call(client: TestClient, sec: Person) -> None:
    body = client.get(f"{URL}/aggregates", params={"section": "t"}, headers=sec.auth).json()
    assert [r["question"] for r in body["questions"]] == ["funding", "funder", "amount"]
    every = client.get(f"{URL}/aggregates", params={"by": "un_group"}, headers=sec.auth).json()["questions"]
    assert [r["question"] for r in every][:4] == ["name", "has_plan", "plan_year", "pick"]
    assert len(every) == 14 and "per_sector" not in {r["question"] for r in every}  # a loop: its questions
    assert all(r["keys"][-1] == "un_group" for r in every)
    rows = read_csv(client.get(f"{URL}/aggregates", params={"format": "csv", "section": "t"}, headers=sec.auth))
    assert {(r["question"], r.get("option")) for r in rows} >= {("funder", "gef"), ("funder", "sip")}
    assert client.get(f"{URL}/aggregates", params={"section": "nope"}, headers=sec.auth).status_code == 404
    assert client.get(f"{URL}/aggregates/per_sector", headers=sec.auth).status_code == 422


def test_table_rows_and_sums_grouped_by_a_column(client: TestClient, sec: Person) -> None:
    body = client.get(f"{URL}/aggregates/funding", headers=sec.auth).json()
    assert [(r["rows"], r["responses_with_rows"], r["sum.amount"], r["base"]) for r in body["rows"]] == [(3, 1, 175, 2)]
    by = client.get(f"{URL}/aggregates/funding", params={"by": "funder"}, headers=sec.auth).json()
    assert {r["funder"]: (r["rows"], r["sum.amount"]) for r in by["rows"]} == {"gef": (2, 125.0), "sip": (1, 50.0)}
    amounts = client.get(f"{URL}/aggregates/amount", params={"by": "funder"}, headers=sec.auth).json()
    assert {r["funder"]: (r["n"], r["sum"]) for r in amounts["rows"]} == {"gef": (2, 125.0), "sip": (1, 50.0)}
    projects = client.get(f"{URL}/aggregates/projects", headers=sec.auth).json()  # a table inside a loop
    assert [(r["sectors"], r["rows"], r["sum.usd"]) for r in projects["rows"]] == [("a", 2, 30)]


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({}, id="plain"),
        pytest.param({"by": "un_group"}, id="by-group"),
        pytest.param({"un_group": "african", "status": ["submitted", "draft"]}, id="filtered"),
        pytest.param({"where": "sectors:a"}, id="where"),
        pytest.param({"by": "pick"}, id="cross-tab"),
    ],
)
def test_the_whole_survey_at_once_gives_what_each_question_gives(
    client: TestClient, sec: Person, params: dict[str, Any]
) -> None:
    every = client.get(f"{URL}/aggregates", params=params, headers=sec.auth).json()["questions"]
    for got in every:
        one = client.get(f"{URL}/aggregates/{got['question']}", params=params, headers=sec.auth).json()
        assert got == one, got["question"]
    counts = client.get(f"{URL}/aggregates", params={**params, "texts": "false"}, headers=sec.auth).json()
    name = next(r for r in counts["questions"] if r["question"] == "name")
    assert name["kind"] == "text_count" and sum(r["n"] for r in name["rows"]) == len(
        next(r for r in every if r["question"] == "name")["rows"]
    )
