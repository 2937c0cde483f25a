"""Correctness first: random valid responses (hypothesis), every aggregate computed again in plain
Python over the raw answers, compared with what the database computes, with and without `by`."""

from __future__ import annotations

import statistics
import textwrap
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete
from sqlmodel import select

from app.compiler import validate
from app.core.db import session_scope
from app.registry.models import Country
from app.responses import service as responses
from app.responses.models import Response, Revision
from app.responses.target import resolve_target
from app.results.aggregates import Query, aggregate
from app.results.batch import aggregate_all
from app.results.models import AnswerFact, QuestionShown
from app.surveys.service import get_cycle
from app.users import service as users
from app.users.models import Role
from tests.compiler.strategies import answers
from tests.factory import publish

pytestmark = pytest.mark.db

DEFINITION = textwrap.dedent(
    """\
    id: agg
    title: Aggregates
    sections:
      - id: s
        title: S
        questions:
          - {id: has_plan, type: yes_no, title: Plan?}
          - {id: plan_year, type: integer, title: Year, min: 2000, max: 2040, show_if: has_plan}
          - {id: pick, type: single_choice, title: Pick, options: [{code: p, label: P}, {code: q, label: Q}, {code: r, label: R}]}
          - {id: score, type: rating, title: Score, options: [{code: '1', label: Low}, {code: '2', label: Mid}, {code: '3', label: High}]}
          - id: sectors
            type: multiple_choice
            title: Sectors
            options: [{code: a, label: A}, {code: b, label: B}, {code: c, label: C}, {code: none, label: None, exclusive: true}]
          - id: per_sector
            type: loop
            over: sectors
            title: Per sector
            questions:
              - {id: need, type: multiple_choice, title: Need, options: [{code: x, label: X}, {code: y, label: Y}]}
              - {id: cost, type: decimal, title: Cost, min: 0, max: 1000000, decimals: 2}
          - {id: rank, type: ranking, title: Rank, options: [{code: a, label: A}, {code: b, label: B}, {code: c, label: C}]}
          - id: grid
            type: matrix
            title: Grid
            rows: [{code: r1, label: R1}, {code: r2, label: R2}]
            columns: [{code: lo, label: Lo}, {code: hi, label: Hi}]
          - id: projects
            type: table
            title: Projects
            max_rows: 3
            columns:
              - {id: funder, type: single_choice, title: Funder, options: [{code: f1, label: F1}, {code: f2, label: F2}]}
              - {id: amount, type: decimal, title: Amount, min: 0, max: 1000000}
          - {id: comment, type: text, title: Comment, max_length: 20}
    """
).encode()

SURVEY_ID = "agg"


@pytest.fixture(scope="module")
def world(migrated: str) -> dict[str, Any]:
    from tests.conftest import _use

    _use(migrated)
    publish(DEFINITION, "2026")
    with session_scope() as session:
        admin = users.add_user(session, "agg-admin@example.org", Role.admin).user
        cycle = get_cycle(session, SURVEY_ID, "2026")
        survey = resolve_target(session, cycle, "KEN").survey
        parties = [(c.iso3, c.un_group.value if c.un_group else None) for c in session.exec(select(Country)).all()]
    return {"admin": admin, "cycle": cycle, "survey": survey, "parties": parties}


def shown_and_record(survey: Any, doc: dict[str, Any]) -> dict[str, Any]:
    result = validate(survey, doc, "submit")
    assert result.errors == []
    return result.record


def expected(records: list[tuple[str | None, dict[str, Any]]], question: str, by: bool) -> dict[Any, Any]:
    """The aggregate computed by hand, independently of the facts: {(group, option): (count, base)}."""
    counts: Counter[Any] = Counter()
    bases: Counter[Any] = Counter()
    numbers: dict[Any, list[float]] = defaultdict(list)
    for group, rec in records:
        g = (group,) if by else ()
        if question == "plan_year":
            if rec.get("has_plan") is True:
                bases[g] += 1
                if "plan_year" in rec:
                    numbers[g].append(rec["plan_year"])
        elif question in ("pick", "score", "sectors", "has_plan"):
            bases[g] += 1
            value = rec.get(question)
            values = value if isinstance(value, list) else [] if value is None else [value]
            for v in values:
                counts[(*g, "true" if v is True else "false" if v is False else v)] += 1
        elif question in ("need", "cost"):
            for code, it in (rec.get("per_sector") or {}).items():
                bases[(code, *g)] += 1
                if question == "need":
                    for v in it.get("need", []):
                        counts[(code, *g, v)] += 1
                elif "cost" in it:
                    numbers[(code, *g)].append(it["cost"])
        elif question == "grid":
            bases[g] += 1
            for row, v in (rec.get("grid") or {}).items():
                counts[(*g, row, v)] += 1
        elif question == "rank":
            bases[g] += 1
            for i, v in enumerate(rec.get("rank") or []):
                counts[(*g, v)] += 1
                numbers[(*g, v)].append(i + 1)
        elif question in ("funder", "amount"):
            for row in rec.get("projects") or []:
                bases[g] += 1
                if question == "funder" and "funder" in row:
                    counts[(*g, row["funder"])] += 1
                if question == "amount" and "amount" in row:
                    numbers[g].append(row["amount"])
    return {"counts": counts, "bases": bases, "numbers": numbers}


def check(api: dict[str, Any], exp: dict[str, Any], question: str, by: bool) -> None:
    keys = api["keys"]
    if api["kind"] == "choice":
        got = {}
        for row in api["rows"]:
            group = tuple(row[k] for k in keys)
            tail = (row["row"],) if "row" in row else ()
            got[(*group, *tail, row["option"])] = row["count"]
            assert row["base"] == exp["bases"][group], (question, group)
            assert row["percent"] == round(100 * row["count"] / row["base"], 2)
        assert got == {k: v for k, v in exp["counts"].items() if v}, question
    elif api["kind"] == "ranking":
        for row in api["rows"]:
            group = tuple(row[k] for k in keys)
            positions = exp["numbers"][(*group, row["option"])]
            assert row["count"] == len(positions)
            assert row["mean_position"] == pytest.approx(statistics.mean(positions), abs=1e-3)
            assert row["first"] == positions.count(1)
            assert row["base"] == exp["bases"][group]
        assert len(api["rows"]) == len([k for k in exp["numbers"] if exp["numbers"][k]])
    else:
        got_groups = set()
        for row in api["rows"]:
            group = tuple(row[k] for k in keys)
            got_groups.add(group)
            values = sorted(exp["numbers"][group])
            assert row["n"] == len(values)
            assert row["sum"] == pytest.approx(sum(values))
            assert row["mean"] == pytest.approx(statistics.mean(values))
            assert (row["min"], row["max"]) == (pytest.approx(values[0]), pytest.approx(values[-1]))
            q1, median, q3 = (
                statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else [values[0]] * 3
            )
            assert (row["q1"], row["median"], row["q3"]) == (
                pytest.approx(q1),
                pytest.approx(median),
                pytest.approx(q3),
            )
            assert row["base"] == exp["bases"][group]
        assert got_groups == {g for g, v in exp["numbers"].items() if v}


def same(a: Any, b: Any) -> bool:
    """Equal, numbers to 1e-9 (the databases may sum in another order when the query differs)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) or isinstance(b, float):
        return a == pytest.approx(b, rel=1e-9, abs=1e-9)
    return bool(a == b)


def check_table(api: dict[str, Any], records: list[tuple[str | None, dict[str, Any]]], by: list[str]) -> None:
    """Row counts and the sum of the numeric column, per party group or per funder (a column)."""
    rows: Counter[Any] = Counter()
    responses_: defaultdict[Any, set[int]] = defaultdict(set)
    sums: defaultdict[Any, float] = defaultdict(float)
    bases: Counter[Any] = Counter()
    for i, (group, rec) in enumerate(records):
        if by == ["un_group"]:
            bases[(group,)] += 1
        for row in rec.get("projects") or []:
            if by == ["funder"] and "funder" not in row:
                continue
            g = (group,) if by == ["un_group"] else (row["funder"],) if by else ()
            rows[g] += 1
            responses_[g].add(i)
            sums[g] += row.get("amount", 0)
        if not by:
            bases[()] += 1
        for funder in (
            {row["funder"] for row in rec.get("projects") or [] if "funder" in row} if by == ["funder"] else ()
        ):
            bases[(funder,)] += 1
    got = {tuple(r[k] for k in api["keys"]): r for r in api["rows"]}
    assert set(got) == set(rows)
    for g, r in got.items():
        assert (r["rows"], r["responses_with_rows"], r["base"]) == (rows[g], len(responses_[g]), bases[g]), g
        assert (r["sum.amount"] or 0) == pytest.approx(sums[g])


QUESTIONS = ["has_plan", "plan_year", "pick", "score", "sectors", "need", "cost", "rank", "grid", "funder", "amount"]


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_aggregates_match_plain_python(world: dict[str, Any], data: st.DataObject) -> None:
    survey, cycle, admin = world["survey"], world["cycle"], world["admin"]
    n = data.draw(st.integers(60, 120), label="responses")
    docs = data.draw(st.lists(answers(survey), min_size=n, max_size=n), label="answers")
    groups = dict(world["parties"])
    with session_scope() as session:
        for table in (AnswerFact, QuestionShown, Revision, Response):
            session.execute(delete(table))  # type: ignore[arg-type]
        records = []
        for (iso3, _), doc in zip(world["parties"], docs, strict=False):
            target = resolve_target(session, cycle, iso3)
            responses.save_draft(session, target, doc, None, admin)
            responses.submit(session, target, admin, None)
            records.append((groups[iso3], shown_and_record(survey, doc)))
    with session_scope() as session:
        for question in QUESTIONS:
            for by in (False, True):
                api = aggregate(session, survey, Query(question, [cycle], by=["un_group"] if by else []))
                check(api, expected(records, question, by), question, by)
        ids = [q.id for q in survey.questions.values() if q.answerable and q.type != "loop"]
        for by in ([], ["un_group"]):  # the whole survey at once gives what each question gives
            whole = Query("", [cycle], by=by)
            each = [aggregate(session, survey, replace(whole, question=qid)) for qid in ids]
            assert same(aggregate_all(session, survey, whole, ids), each)
        for table_by in ([], ["un_group"], ["funder"]):
            check_table(aggregate(session, survey, Query("projects", [cycle], by=table_by)), records, table_by)
