"""Version-change scenarios: one per class of change, an answers document, what it becomes.

Shared by the pure migration tests (tests/compiler/test_migrate.py) and the publishing tests on
the database (tests/api/test_publish_migrate.py). Each case is the questions of an old and a new
version (YAML list items), the new version's `mapping:` (if any), one answers document of the old
version, and the document expected after migration (None: publishing is refused).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from app.compiler.migrate import Report

CODES = "[{code: x, label: X}, {code: y, label: Y}, {code: z, label: Z, other: true}]"
NAME = "- {id: name, type: text, title: Name}\n"
COUNT = "- {id: count, type: integer, title: Count}\n"
PICK = f"- {{id: pick, type: single_choice, title: Pick, options: {CODES}}}\n"
MANY = f"- {{id: many, type: multiple_choice, title: Many, options: {CODES}}}\n"
LOOP = "- {id: per, type: loop, over: many, title: Per, questions: [{id: cost, type: integer, title: Cost}]}\n"
TABLE = "- {id: rows, type: table, title: Rows, columns: [{id: what, type: text, title: What}]}\n"
FLAG = "- {id: flag, type: yes_no, title: Flag}\n"
BASE = NAME + COUNT + PICK + MANY + LOOP + TABLE + FLAG
DOC: dict[str, Any] = {
    "name": "Ana",
    "count": 7,
    "pick": "z",
    "pick_other": "something else",
    "many": ["x", "y"],
    "per": {"x": {"cost": 10}, "y": {"cost": 20}},
    "rows": [{"what": "one"}, {"what": "two"}],
    "flag": True,
}


@dataclass(frozen=True)
class Case:
    old: str
    new: str
    mapping: str = ""  # the body of `mapping:` (YAML, indented by two)
    expected: dict[str, Any] | None = None  # None: refused
    doc: dict[str, Any] | None = None  # default: DOC

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.doc if self.doc is not None else DOC)


def definition(survey_id: str, questions: str, mapping: str = "") -> str:
    body = textwrap.indent(questions, " " * 6)
    extra = f"mapping:\n{textwrap.indent(textwrap.dedent(mapping), '  ')}" if mapping else ""
    return f"id: {survey_id}\ntitle: T\nsections:\n  - id: s\n    title: S\n    questions:\n{body}{extra}"


def with_(**changes: Any) -> dict[str, Any]:
    out = dict(DOC)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def swap(line: str, new: str) -> str:
    return BASE.replace(line, new)


CASES = [
    pytest.param(
        Case(BASE, BASE + "- {id: extra, type: text, title: Extra, required: true}\n", expected=DOC), id="added"
    ),
    pytest.param(Case(BASE, swap(NAME, ""), "drop: {questions: [name]}\n", with_(name=None)), id="removed-dropped"),
    pytest.param(Case(BASE, swap(NAME, "")), id="removed-refused"),
    pytest.param(
        Case(BASE, swap(NAME, "- {id: full_name, renamed_from: name, type: text, title: Name}\n"), expected=None),
        id="renamed",
    ),
    pytest.param(
        Case(
            BASE, swap(NAME, "- {id: person, type: long_text, title: Person}\n"), "questions: {person: {from: name}}\n"
        ),
        id="removed-mapped-text-to-long-text",
    ),
    pytest.param(Case(BASE, swap(COUNT, "- {id: count, type: decimal, title: Count}\n"), expected=DOC), id="type-safe"),
    pytest.param(
        Case(
            BASE,
            swap(
                FLAG,
                "- {id: flag, type: single_choice, title: Flag, options: [{code: y, label: Y}, {code: n, label: N}]}\n",
            ),
            "questions: {flag: {from: flag, values: {true: y, false: n}}}\n",
            with_(flag="y"),
        ),
        id="type-yes-no-to-choice-mapped",
    ),
    pytest.param(Case(BASE, swap(FLAG, "- {id: flag, type: date, title: Flag}\n")), id="type-changed-refused"),
    pytest.param(
        Case(
            BASE,
            swap(PICK, PICK.replace("single_choice", "multiple_choice")),
            "questions: {pick: {from: pick}}\n",
            with_(pick=["z"]),
        ),
        id="type-single-to-multiple-mapped",
    ),
    pytest.param(
        Case(
            BASE,
            swap(PICK, PICK.replace("{code: x, label: X}", "{code: x, label: X}, {code: w, label: W}")),
            expected=DOC,
        ),
        id="options-added",
    ),
    pytest.param(
        Case(
            BASE,
            swap(MANY, MANY.replace("{code: y, label: Y}, ", "")),
            "drop: {options: {many: [y]}}\n",
            with_(many=["x"], per={"x": {"cost": 10}}),
        ),
        id="options-removed-dropped",
    ),
    pytest.param(Case(BASE, swap(MANY, MANY.replace("{code: y, label: Y}, ", ""))), id="options-removed-refused"),
    pytest.param(
        Case(
            BASE,
            swap(MANY, MANY.replace("{code: y, label: Y}", "{code: yy, renamed_from: y, label: Y}")),
            expected=with_(many=["x", "yy"], per={"x": {"cost": 10}, "yy": {"cost": 20}}),
        ),
        id="options-recoded",
    ),
    pytest.param(
        Case(
            BASE,
            swap(MANY, MANY.replace("{code: y, label: Y}, ", "")),
            "options: {many: {y: x}}\n",
            with_(many=["x"], per={"x": {"cost": 10}}),
        ),
        id="options-merged",
    ),
    pytest.param(
        Case(BASE, swap(COUNT, "- {id: count, type: integer, title: Count, max: 5}\n"), "keep_invalid: [count]\n", DOC),
        id="constraint-tightened-kept",
    ),
    pytest.param(
        Case(BASE, swap(COUNT, "- {id: count, type: integer, title: Count, max: 5}\n")),
        id="constraint-tightened-refused",
    ),
    pytest.param(
        Case(
            swap(COUNT, "- {id: count, type: integer, title: Count, max: 5}\n"),
            BASE,
            expected=with_(count=4),
            doc=with_(count=4),
        ),
        id="constraint-loosened",
    ),
    pytest.param(
        Case(BASE, swap(NAME, "- {id: name, type: text, title: Name, required: true}\n"), expected=DOC),
        id="required-added",
    ),
    pytest.param(
        Case(BASE, swap(NAME, "- {id: name, type: text, title: Name, show_if: count > 3}\n"), expected=DOC),
        id="condition-changed",
    ),
    pytest.param(Case(BASE, swap(NAME, "- {id: name, type: text, title: Full name}\n"), expected=DOC), id="text-only"),
    pytest.param(
        Case(BASE, BASE.replace(", other: true", ""), "drop: {questions: [pick_other]}\n", with_(pick_other=None)),
        id="other-text-dropped",
    ),
    pytest.param(
        Case(
            BASE,
            swap(TABLE, "").replace("questions: [", "questions: [{id: what, type: text, title: What}, "),
            "drop: {questions: [rows]}\n",
            with_(rows=None),
        ),
        id="table-removed-dropped",
    ),
]
RENAMED = with_(name=None, full_name="Ana")
PERSON = with_(name=None, person="Ana")


def expected_of(case: Case, case_id: str) -> dict[str, Any] | None:
    """The expected document (cases whose expectation needs a rename are filled in here)."""
    return {"renamed": RENAMED, "removed-mapped-text-to-long-text": PERSON}.get(case_id, case.expected)


def leaves(doc: Mapping[str, Any], prefix: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(loc, value) of every single value: loops, tables and matrices are walked into."""
    for key, value in doc.items():
        loc = (*prefix, key)
        if isinstance(value, Mapping):
            yield from leaves(value, loc)
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            for i, row in enumerate(value):
                yield from leaves(row, (*loc, i))
        else:
            yield loc, value


def unaccounted(old: Mapping[str, Any], new: Mapping[str, Any], report: Report) -> list[tuple[Any, ...]]:
    """Answers of `old` neither carried exactly into `new` nor named in the report: lost silently."""
    named = [tuple(i.loc) for i in report.items]
    carried = dict(leaves(new))
    lost = []
    for loc, value in leaves(old):
        if carried.get(loc) == value or any(loc[: len(n)] == n for n in named):
            continue
        lost.append(loc)
    return lost
