"""Every class of definition error has a stable code and the line it is on.

Each case marks the line where the error must be reported with a trailing `#!`.
"""

from __future__ import annotations

import pytest

from tests.compiler.helpers import compile_yaml, wrap


def marked_line(text: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.rstrip().endswith("#!"):
            return number
    raise AssertionError("no #! marker in the case")


Q = "- {id: q1, type: integer, title: Q1}\n"

CASES = [
    pytest.param("E101", "id: t\ntitle: T\nsections: [a, b}  #!\n", id="yaml-syntax"),
    pytest.param("E102", "id: t\ntitle: T\ntitle: again #!\nsections: []\n", id="duplicate-key"),
    pytest.param("E105", "id: !!python/object:os.system t #!\n", id="python-tag"),
    pytest.param("E107", "- just #!\n- a list\n", id="not-a-mapping"),
    pytest.param("E201", wrap("- {id: q1, type: integer, title: Q1, mni: 3} #!\n"), id="unknown-key"),
    pytest.param("E202", wrap("- {id: q1, type: integer} #!\n"), id="missing-key"),
    pytest.param("E203", wrap("- {id: q1, type: integer, title: Q1, min: lots} #!\n"), id="invalid-value"),
    pytest.param("E204", wrap("- {id: q1, type: integr, title: Q1} #!\n"), id="unknown-type"),
    pytest.param("E205", wrap("- {id: Q1, type: integer, title: Q1} #!\n"), id="invalid-id"),
    pytest.param("E205", "id: Tech Needs #!\ntitle: T\nsections: [{id: s, title: S, questions: [{id: q, type: yes_no, title: Q}]}]\n", id="invalid-survey-id"),
    pytest.param("E203", wrap("- id: t\n  type: table\n  title: T\n  columns:\n    - {id: c, type: ranking, title: C, options: [{code: a, label: A}]} #!\n"), id="table-column-type"),
    pytest.param("E206", wrap(Q + "- {id: q1, type: text, title: again} #!\n"), id="duplicate-question-id"),
    pytest.param(
        "E206",
        wrap("- id: q1\n  type: single_choice\n  title: Q\n  options:\n    - {code: a, label: A}\n"
             "    - {code: a, label: A again} #!\n"),
        id="duplicate-option-code",
    ),
    pytest.param("E207", wrap("- {id: q1, type: integer, title: Q1, min: 10, max: 5} #!\n"), id="min-greater-than-max"),
    pytest.param("E207", wrap("- {id: q1, type: text, title: Q1, min_length: 9, max_length: 2} #!\n"), id="length-bounds"),
    pytest.param("E208", wrap("- {id: q1, type: text, title: Q1, pattern: '[a-z'} #!\n"), id="invalid-pattern"),
    pytest.param(
        "E209",
        "id: t\ntitle: T\nlanguages: [en, fr]\nsections:\n  - id: s\n    title: {fr: Seulement} #!\n"
        "    questions: [{id: q, type: yes_no, title: Q}]\n",
        id="missing-default-text",
    ),
    pytest.param("E210", wrap("- {id: q1, type: integer, title: {en: Q, xx: Q}} #!\n"), id="unknown-language"),
    pytest.param("E211", wrap("- {id: item, type: integer, title: Q} #!\n"), id="reserved-id"),
    pytest.param("E212", wrap("- {id: q1, type: integer, title: 'Cost in {itme}'} #!\n"), id="unknown-placeholder"),
    pytest.param("E212", wrap("- {id: q1, type: integer, title: 'Cost in {item}'} #!\n"), id="item-placeholder-outside-loop"),
    pytest.param("E213", wrap("- id: q1\n  type: single_choice\n  title: Q\n  options:\n"
                              "    - {code: a, label: A, exclusive: true} #!\n"), id="exclusive-on-single"),
    pytest.param("E215", wrap(Q + "- {id: q2, type: integer, title: Q2, renamed_from: q1} #!\n"), id="renamed-from-existing-id"),
    pytest.param(
        "E215",
        wrap("- id: q1\n  type: single_choice\n  title: Q\n  options:\n    - {code: a, label: A}\n"
             "    - {code: b, label: B, renamed_from: a} #!\n"),
        id="renamed-from-existing-code",
    ),
    pytest.param(
        "E216",
        wrap("- {id: q1, type: integer, title: Q1, renamed_from: old}\n"
             "- {id: q2, type: integer, title: Q2, renamed_from: [older, old]} #!\n"),
        id="renamed-from-twice",
    ),
    pytest.param("E205", wrap("- {id: q1, type: integer, title: Q1, renamed_from: Old} #!\n"), id="renamed-from-invalid-id"),
    pytest.param("E301", wrap(Q + "- {id: q2, type: text, title: Q2, show_if: 'q3 > 1'} #!\n"), id="unknown-question"),
    pytest.param("E302", wrap("- {id: q1, type: single_choice, title: Q, options: colours} #!\n"), id="unknown-choice-list"),
    pytest.param(
        "E303",
        wrap("- {id: q1, type: single_choice, title: Q, options: [{code: a, label: A}]}\n"
             "- {id: q2, type: text, title: Q2, show_if: \"q1 == 'b'\"} #!\n"),
        id="unknown-option-in-condition",
    ),
    pytest.param("E304", wrap(Q + "- {id: l, type: loop, over: q1, title: L, questions: [{id: c, type: text, title: C}]} #!\n"),
                 id="loop-over-non-multiple"),
    pytest.param(
        "E305",
        wrap("- {id: l, type: loop, over: m, title: L, questions: [{id: c, type: text, title: C}]} #!\n"
             "- {id: m, type: multiple_choice, title: M, options: [{code: a, label: A}]}\n"),
        id="loop-source-after-loop",
    ),
    pytest.param(
        "E306",
        wrap("- {id: m, type: multiple_choice, title: M, options: [{code: a, label: A}]}\n"
             "- {id: l, type: loop, over: m, title: L, questions: [{id: c, type: integer, title: C}]}\n"
             "- {id: q2, type: text, title: Q2, show_if: 'c > 1'} #!\n"),
        id="loop-child-used-outside",
    ),
    pytest.param("E401", wrap(Q + "- {id: q2, type: text, title: Q2, show_if: 'q1 > > 1'} #!\n"), id="expression-syntax"),
    pytest.param("E402", wrap(Q + "- {id: q2, type: text, title: Q2, show_if: \"q1 == 'many'\"} #!\n"), id="type-mismatch"),
    pytest.param(
        "E403",
        wrap("- {id: q1, type: yes_no, title: Q1, show_if: q2} #!\n- {id: q2, type: yes_no, title: Q2, show_if: q1}\n"),
        id="condition-cycle",
    ),
    pytest.param("E403", wrap("- {id: q1, type: yes_no, title: Q1, show_if: q1} #!\n"), id="self-cycle"),
    pytest.param("E404", wrap(Q + "- {id: q2, type: text, title: Q2, show_if: 'cuont(q1) > 1'} #!\n"), id="unknown-function"),
    pytest.param("E405", wrap(Q + "- {id: q2, type: text, title: Q2, show_if: 'len(q1) > 1'} #!\n"), id="wrong-arguments"),
    pytest.param("E406", wrap(Q + "- {id: q2, type: text, title: Q2, show_if: 'q1 + 1'} #!\n"), id="not-boolean"),
    pytest.param("E407", wrap(Q + "- {id: q2, type: text, title: Q2, show_if: \"item == 'a'\"} #!\n"), id="item-outside-loop"),
    pytest.param(
        "W101",
        "id: t\ntitle: {en: T, fr: T}\nlanguages: [en, fr]\nsections:\n  - id: s\n    title: {en: S, fr: S}\n"
        "    questions: [{id: q, type: yes_no, title: Only English}] #!\n",
        id="missing-translation",
    ),
    pytest.param(
        "W102",
        "id: t\ntitle: T\nchoice_lists:\n  unused: [{code: a, label: A}] #!\nsections:\n  - id: s\n    title: S\n"
        "    questions: [{id: q, type: yes_no, title: Q}]\n",
        id="unused-choice-list",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("code", "text"), CASES)
def test_error_is_reported_with_code_and_line(code: str, text: str) -> None:
    result = compile_yaml(text)
    found = [(d.code, d.location.line) for d in result.diagnostics]
    assert (code, marked_line(text)) in found, [d.format_line() for d in result.diagnostics]
    if code.startswith("E"):
        assert result.survey is None and not result.ok


def test_every_error_is_found_in_one_pass() -> None:
    text = wrap(
        "- {id: q1, type: integer, title: Q1, min: 10, max: 5}\n"
        "- {id: q1, type: text, title: dup}\n"
        "- {id: q2, type: text, title: Q2, show_if: 'nope > 1', colour: red}\n"
        "- {id: q3, type: single_choice, title: Q3, options: missing_list}\n"
        "- {id: q4, type: text, title: Q4, show_if: 'q1 > 1 and q5'}\n"
    )
    codes = {d.code for d in compile_yaml(text).diagnostics}
    # E201 in q2 (which then is not checked further), and the others in the rest, together.
    assert {"E207", "E206", "E201", "E302", "E301"} <= codes


def test_errors_after_a_broken_question_point_at_the_right_question() -> None:
    text = wrap("- {id: q1, type: chekbox, title: Q1}\n- {id: q2, type: text, title: Q2, show_if: 'nothing'}\n")
    found = [(d.code, d.location.line, d.location.path) for d in compile_yaml(text).errors]
    assert found == [("E204", 7, "sections[0].questions[0].type"), ("E301", 8, "sections[0].questions[1].show_if")]


def test_a_broken_top_level_key_does_not_hide_the_rest() -> None:
    text = (
        "id: t\ntitle: {en: T, de: T}\nlanguages: [en, fr, en]\nsections:\n  - id: s\n    title: {fr: S}\n"
        "    questions:\n      - {id: q, type: yes_no, title: {en: Q, fr: Q}, show_if: nothing}\n"
    )
    codes = [d.code for d in compile_yaml(text).errors]
    assert codes == ["E210", "E203", "E209", "E301"]


def test_diagnostic_says_where_in_the_definition() -> None:
    text = wrap(Q + "- {id: q2, type: text, title: Q2, show_if: 'q9 > 1'}\n")
    (d,) = compile_yaml(text).errors
    assert d.location.path == "sections[0].questions[1].show_if"
    assert d.location.file == "test.yaml"
    assert d.format_line().startswith("test.yaml:8:")
    assert d.as_json()["name"] == "unknown-question"


def test_did_you_mean() -> None:
    text = wrap("- {id: sectors, type: integer, title: Q1}\n- {id: q2, type: text, title: Q2, show_if: 'sector > 1'}\n")
    (d,) = compile_yaml(text).errors
    assert "did you mean 'sectors'?" in d.message


def test_warnings_do_not_fail_compilation() -> None:
    text = "id: t\ntitle: T\nlanguages: [en, fr]\nsections:\n  - id: s\n    title: S\n    questions: [{id: q, type: yes_no, title: Q}]\n"
    result = compile_yaml(text)
    assert result.ok and result.survey is not None
    (w,) = result.warnings
    assert w.code == "W101" and "fr: 0% translated, 3 of 3 texts missing" in w.message
