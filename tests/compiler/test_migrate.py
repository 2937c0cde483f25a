"""Draft migration, pure: each class of change carries, converts, drops or refuses, and loses nothing."""

from __future__ import annotations

import pytest

from app.compiler.diff import touched
from app.compiler.migrate import DROPPED, migrate, plan
from tests.compiler.helpers import survey_of
from tests.migration_cases import CASES, Case, definition, expected_of, unaccounted


@pytest.mark.parametrize("case", CASES)
def test_every_answer_is_carried_converted_or_named(case: Case, request: pytest.FixtureRequest) -> None:
    case_id = request.node.callspec.id
    old = survey_of(definition("t", case.old))
    new = survey_of(definition("t", case.new, case.mapping))
    migration = plan(old, new)
    assert migration.problems == []
    uncovered = migration.uncovered(touched(migration.diff, old, [case.answers]))
    expected = expected_of(case, case_id)
    if expected is None:
        assert [d.code for d in uncovered] and {d.code for d in uncovered} == {"E510"}
        return
    assert uncovered == []
    doc, report = migrate(migration, case.answers)
    assert doc == expected
    assert unaccounted(case.answers, doc, report) == []
    if case.mapping.startswith("drop"):
        assert report.count(DROPPED) >= 1


def test_the_refusal_names_the_question_the_file_line_and_the_fix() -> None:
    case = Case(definition("t", "- {id: a, type: text, title: A}\n- {id: b, type: text, title: B}\n"), "")
    old = survey_of(case.old)
    new = survey_of(definition("t", "- {id: a, type: text, title: A}\n"))
    migration = plan(old, new)
    (d,) = migration.uncovered(touched(migration.diff, old, [{"b": "x"}]))
    assert d.code == "E510" and d.location.file == "test.yaml"
    assert "b: text question removed" in d.message and "mapping.drop.questions: [b]" in d.message


def test_a_breaking_change_without_answers_needs_no_mapping() -> None:
    old = survey_of(definition("t", "- {id: a, type: text, title: A}\n- {id: b, type: text, title: B}\n"))
    new = survey_of(definition("t", "- {id: a, type: text, title: A}\n"))
    migration = plan(old, new)
    assert migration.uncovered(touched(migration.diff, old, [{"a": "x"}])) == []


@pytest.mark.parametrize(
    ("mapping", "code"),
    [
        pytest.param("questions: {a: {from: nope}}\n", "E505", id="unknown-old-question"),
        pytest.param("drop: {questions: [nope]}\n", "E505", id="unknown-dropped-question"),
        pytest.param("options: {c: {nope: x}}\n", "E506", id="unknown-old-option"),
        pytest.param("questions: {n: {from: a}}\n", "E507", id="incompatible-conversion"),
        pytest.param("questions: {c: {from: f}}\n", "E507", id="yes-no-without-values"),
    ],
)
def test_a_mapping_that_does_not_fit_the_previous_version(mapping: str, code: str) -> None:
    questions = (
        "- {id: a, type: text, title: A}\n- {id: n, type: date, title: N}\n- {id: f, type: yes_no, title: F}\n"
        "- {id: c, type: single_choice, title: C, options: [{code: x, label: X}]}\n"
    )
    old = survey_of(definition("t", questions))
    new = survey_of(definition("t", questions, mapping))
    assert [d.code for d in plan(old, new).problems] == [code]


@pytest.mark.parametrize(
    ("mapping", "codes"),
    [
        pytest.param("questions: {nope: {from: a}}\n", ["E501"], id="unknown-new-question"),
        pytest.param("options: {c: {old: nope}}\n", ["E502"], id="unknown-new-option"),
        pytest.param("options: {a: {old: x}}\n", ["E503"], id="question-without-options"),
        pytest.param("questions: {a: {from: o}, c: {from: o}}\n", ["E504"], id="mapped-twice"),
        pytest.param("questions: {a: {from: o}}\ndrop: {questions: [o]}\n", ["E504"], id="mapped-and-dropped"),
        pytest.param(
            "questions: {c: {from: f, values: {true: x, false: nope}}}\n", ["E502"], id="unknown-value-option"
        ),
        pytest.param("keep_invalid: [nope]\n", ["E501"], id="keep-unknown"),
    ],
)
def test_the_mapping_is_checked_at_compile_time(mapping: str, codes: list[str]) -> None:
    from tests.compiler.helpers import compile_yaml

    questions = (
        "- {id: a, type: text, title: A}\n- {id: c, type: single_choice, title: C, options: [{code: x, label: X}]}\n"
    )
    result = compile_yaml(definition("t", questions, mapping))
    assert [d.code for d in result.diagnostics] == codes
    assert all(d.location.line > 8 for d in result.diagnostics)  # in the mapping section, not line 1
