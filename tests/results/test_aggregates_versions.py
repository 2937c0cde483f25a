"""Aggregates after a new version: submissions answered against the old one count under the
question and option they are now (renames, recodes, mapped questions and merges), once each."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.core.db import session_scope
from app.surveys import service as surveys
from app.users.models import Role
from tests.api.test_publish_migrate import answer, post_yaml
from tests.factory import person
from tests.migration_cases import definition

pytestmark = pytest.mark.db

CODES = "[{code: x, label: X}, {code: y, label: Y}, {code: z, label: Z}]"
OLD = (
    f"- {{id: many, type: multiple_choice, title: Many, options: {CODES}}}\n"
    "- {id: kind, type: single_choice, title: Kind, options: [{code: a, label: A}, {code: b, label: B}]}\n"
    "- {id: flag, type: yes_no, title: Flag}\n"
    "- {id: per, type: loop, over: many, title: Per, questions: [{id: cost, type: integer, title: Cost}]}\n"
)
NEW = (
    "- {id: many, type: multiple_choice, title: Many, options: [{code: x, label: X}, {code: z, label: Z}]}\n"
    "- {id: category, renamed_from: kind, type: single_choice, title: Kind,"
    " options: [{code: a, label: A}, {code: bb, renamed_from: b, label: B}]}\n"
    "- {id: level, type: single_choice, title: Flag, options: [{code: hi, label: Hi}, {code: lo, label: Lo}]}\n"
    "- {id: per, type: loop, over: many, title: Per, questions: [{id: cost, type: decimal, title: Cost}]}\n"
)
MAPPING = "questions: {level: {from: flag, values: {true: hi, false: lo}}}\noptions: {many: {y: x}}\n"
ANSWERS = {"many": ["x", "y"], "kind": "b", "flag": True, "per": {"x": {"cost": 10}, "y": {"cost": 20}}}


def counts(client: TestClient, sec: Any, question: str) -> dict[str, tuple[int, int]]:
    r = client.get(f"/api/v1/surveys/aggv/aggregates/{question}", headers=sec.auth)
    assert r.status_code == 200, r.json()
    return {row["option"]: (row["count"], row["base"]) for row in r.json()["rows"]}


def test_old_submissions_count_under_their_new_ids_and_codes(client: TestClient, db: str) -> None:
    admin = person(Role.admin)
    first = post_yaml(client, admin, definition("aggv", OLD))
    assert first.status_code == 200, first.json()
    with session_scope() as session:
        surveys.open_cycle(session, "aggv", "2026", None, None, None)
    _, sec = answer(client, "aggv", ANSWERS)  # KEN draft, GHA submitted, BRA accepted
    assert counts(client, sec, "many") == {"x": (2, 2), "y": (2, 2)}
    r = post_yaml(client, admin, definition("aggv", NEW, MAPPING))
    assert r.status_code == 200, r.json()
    assert counts(client, sec, "many") == {"x": (2, 2)}  # y merged into x: each response once
    assert counts(client, sec, "category") == {"bb": (2, 2)}  # renamed and recoded
    assert counts(client, sec, "level") == {"hi": (2, 2)}  # yes_no mapped to a choice
    cost = client.get("/api/v1/surveys/aggv/aggregates/cost", headers=sec.auth).json()["rows"]
    assert [(row["many"], row["n"], row["sum"]) for row in cost] == [("x", 2, 20)]  # the x iteration kept
