"""How many stored answers each change touches: counted over answers documents of the old version."""

from __future__ import annotations

from typing import Any

import pytest

from app.compiler.diff import Kind, diff, touched
from tests.compiler.helpers import survey_of, wrap

OLD = """\
- {id: a, type: integer, title: A, max: 100}
- {id: b, type: text, title: B}
- id: c
  type: multiple_choice
  title: C
  options: [{code: x, label: X}, {code: y, label: Y}, {code: o, label: Other, other: true}]
- {id: l, type: loop, over: c, title: L, questions: [{id: n, type: integer, title: N}]}
- {id: t, type: table, title: T, columns: [{id: col, type: text, title: Col}]}
"""
DOCS: list[dict[str, Any]] = [
    {"a": 5, "b": "short", "c": ["x", "y"], "l": {"x": {"n": 1}, "y": {"n": 2}}, "t": [{"col": "r1"}, {"col": "r2"}]},
    {"a": 150, "c": ["y", "o"], "c_other": "dental", "l": {"y": {"n": 3}}},
    {"b": "a much longer answer", "t": [{}]},
    {},
]

CASES = [
    # (what replaces a piece of the old definition, the change, documents touched, answers touched)
    pytest.param(("max: 100", "max: 10"), Kind.CONSTRAINT_TIGHTENED, 1, 1, id="bound-refuses-one-value"),
    pytest.param(("max: 100", "max: 1000"), Kind.CONSTRAINT_LOOSENED, 0, 0, id="loosened-touches-nothing"),
    pytest.param(("id: b, type: text, title: B", "id: b, type: text, title: B, max_length: 10"),
                 Kind.CONSTRAINT_TIGHTENED, 1, 1, id="max-length"),
    pytest.param(("{id: b, type: text, title: B}", "{id: b2, type: text, title: B, renamed_from: b}"),
                 Kind.RENAMED, 2, 2, id="renamed-carries-every-answer"),
    pytest.param(("{id: b, type: text, title: B}", "{id: z, type: note, body: Z}"), Kind.REMOVED, 2, 2,
                 id="removed"),
    pytest.param(("{code: y, label: Y}, ", ""), Kind.OPTIONS_REMOVED, 2, 4, id="option-removed-and-its-loop-iterations"),
    pytest.param(("{code: y, label: Y}", "{code: why, label: Y, renamed_from: y}"), Kind.OPTIONS_RECODED, 2, 4,
                 id="option-recoded"),
    pytest.param(("{code: o, label: Other, other: true}", "{code: o, label: Other}"), Kind.REMOVED, 1, 1,
                 id="other-text-removed"),
    pytest.param(("type: multiple_choice\n  title: C", "type: multiple_choice\n  title: C\n  max_selected: 1"),
                 Kind.CONSTRAINT_TIGHTENED, 2, 2, id="max-selected"),
    pytest.param(("title: A, max: 100", "title: A, max: 100, required: true"), Kind.REQUIRED_ADDED, 2, 2,
                 id="required-added-counts-documents-without-an-answer"),
    pytest.param(("{id: col, type: text, title: Col}", "{id: col, type: integer, title: Col}"), Kind.TYPE_CHANGED,
                 1, 2, id="type-changed-in-a-table"),
    pytest.param(("title: A,", "title: Aa,"), Kind.TEXT_CHANGED, 2, 2, id="reworded"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "kind", "documents", "answers"), CASES)
def test_touched_answers(edit: tuple[str, str], kind: Kind, documents: int, answers: int) -> None:
    old = survey_of(wrap(OLD))
    assert edit[0] in OLD
    new = survey_of(wrap(OLD.replace(edit[0], edit[1], 1)))
    counts = {(t.change.kind, t.change.id): (t.documents, t.answers) for t in touched(diff(old, new), old, DOCS)}
    found = [v for (k, _), v in counts.items() if k is kind]
    assert found == [(documents, answers)], counts


def test_one_count_per_change_in_the_same_order() -> None:
    old = survey_of(wrap(OLD))
    new = survey_of(wrap(OLD.replace("max: 100", "max: 10").replace("title: B", "title: Bee")))
    result = diff(old, new)
    assert [t.change for t in touched(result, old, DOCS)] == list(result.changes)
    assert [(t.documents, t.answers) for t in touched(result, old, [])] == [(0, 0)] * len(result.changes)
