"""Version diffs: each class of change, found by stable id and option code, and marked safe or breaking.

Each case is an old and a new list of questions (YAML, wrapped in a one-section survey) and the
changes expected, as (id, class, safe) in document order.
"""

from __future__ import annotations

import json

import pytest

from app.compiler import compile_file
from app.compiler.diff import Kind, diff
from tests.compiler.helpers import survey_of, wrap
from tests.conftest import ROOT

A = "- {id: a, type: integer, title: A}\n"
B = "- {id: b, type: text, title: B}\n"
CHOICE = "- {{id: c, type: {type}, title: C, options: [{{code: x, label: X}}, {{code: y, label: Y}}]}}\n"
SC = CHOICE.format(type="single_choice")
MC = CHOICE.format(type="multiple_choice")
LOOP = "- {id: l, type: loop, over: c, title: L, questions: [{id: n, type: integer, title: N}]}\n"
TABLE = "- {id: t, type: table, title: T, columns: [{id: col, type: text, title: Col}]}\n"
SAFE, BREAKING = True, False


def q(**keys: object) -> str:
    """One question as a YAML flow mapping: q(id="a", type="integer", title="A", min=0)."""
    return "- {" + ", ".join(f"{k}: {v}" for k, v in keys.items()) + "}\n"


CASES = [
    pytest.param(A, A + B, [("b", Kind.ADDED, SAFE)], id="added"),
    pytest.param(A + B, A, [("b", Kind.REMOVED, BREAKING)], id="removed"),
    pytest.param(A + "- {id: note, type: note, body: Hi}\n", A, [("note", Kind.REMOVED, SAFE)], id="removed-note"),
    pytest.param(A + B, A + q(id="b2", type="text", title="B", renamed_from="b"), [("b2", Kind.RENAMED, SAFE)],
                 id="renamed"),
    pytest.param(A + B, A + q(id="b3", type="text", title="B", renamed_from="[b2, b]"), [("b3", Kind.RENAMED, SAFE)],
                 id="renamed-twice-over-versions"),
    pytest.param(MC + A + LOOP, MC + LOOP.replace("}]}", "}, {id: a, type: integer, title: A}]}"),
                 [("a", Kind.MOVED, BREAKING)], id="moved-into-a-loop"),
    pytest.param(TABLE.replace("}]}", "}, {id: a, type: integer, title: A}]}"), TABLE + A,
                 [("a", Kind.MOVED, BREAKING)], id="moved-out-of-a-table"),
    pytest.param(A, q(id="a", type="decimal", title="A"), [("a", Kind.TYPE_CHANGED, SAFE)], id="type-lossless"),
    pytest.param(A, q(id="a", type="text", title="A"), [("a", Kind.TYPE_CHANGED, BREAKING)], id="type-changed"),
    pytest.param(SC, CHOICE.format(type="rating"), [("c", Kind.TYPE_CHANGED, SAFE)], id="type-single-to-rating"),
    pytest.param(MC + LOOP, MC + MC.replace("id: c", "id: d") + LOOP.replace("over: c", "over: d"),
                 [("d", Kind.ADDED, SAFE), ("l", Kind.TYPE_CHANGED, BREAKING)], id="loop-over-another-question"),
    pytest.param(SC, SC.replace("]}", ", {code: z, label: Z}]}"), [("c", Kind.OPTIONS_ADDED, SAFE)],
                 id="options-added"),
    pytest.param(SC, SC.replace(", {code: y, label: Y}", ""), [("c", Kind.OPTIONS_REMOVED, BREAKING)],
                 id="options-removed"),
    pytest.param(SC, SC.replace("{code: y, label: Y}", "{code: why, label: Y, renamed_from: y}"),
                 [("c", Kind.OPTIONS_RECODED, SAFE)], id="options-recoded"),
    pytest.param(q(id="m", type="matrix", title="M", rows="[{code: r1, label: R1}, {code: r2, label: R2}]",
                   columns="[{code: lo, label: Lo}]"),
                 q(id="m", type="matrix", title="M", rows="[{code: r1, label: R1}]", columns="[{code: lo, label: Lo}]"),
                 [("m", Kind.OPTIONS_REMOVED, BREAKING)], id="matrix-row-removed"),
    pytest.param(SC.replace("Y}", "Y, other: true}"), SC, [("c_other", Kind.REMOVED, BREAKING)],
                 id="other-text-removed"),
    pytest.param(MC, MC.replace("Y}", "Y, exclusive: true}"), [("c", Kind.CONSTRAINT_TIGHTENED, BREAKING)],
                 id="option-made-exclusive"),
    pytest.param(q(id="a", type="integer", title="A", max=10), q(id="a", type="integer", title="A", max=5),
                 [("a", Kind.CONSTRAINT_TIGHTENED, BREAKING)], id="max-lowered"),
    pytest.param(A, q(id="a", type="integer", title="A", min=0), [("a", Kind.CONSTRAINT_TIGHTENED, BREAKING)],
                 id="min-added"),
    pytest.param(q(id="b", type="text", title="B", max_length=50), q(id="b", type="text", title="B", max_length=80),
                 [("b", Kind.CONSTRAINT_LOOSENED, SAFE)], id="max-length-raised"),
    pytest.param(MC, MC.replace("title: C", "title: C, min_selected: 2"), [("c", Kind.CONSTRAINT_TIGHTENED, BREAKING)],
                 id="min-selected-added"),
    pytest.param(B, q(id="b", type="text", title="B", pattern="'[0-9]+'"), [("b", Kind.CONSTRAINT_TIGHTENED, BREAKING)],
                 id="pattern-added"),
    pytest.param(q(id="b", type="text", title="B", pattern="'[0-9]+'"), B, [("b", Kind.CONSTRAINT_LOOSENED, SAFE)],
                 id="pattern-removed"),
    pytest.param(A, q(id="a", type="integer", title="A", constraints="[{rule: '. != 13', message: No}]"),
                 [("a", Kind.CONSTRAINT_TIGHTENED, BREAKING)], id="constraint-rule-added"),
    pytest.param(q(id="a", type="integer", title="A", constraints="[{rule: '. != 13', message: No}]"), A,
                 [("a", Kind.CONSTRAINT_LOOSENED, SAFE)], id="constraint-rule-removed"),
    pytest.param(A, q(id="a", type="integer", title="A", required="true"), [("a", Kind.REQUIRED_ADDED, SAFE)],
                 id="required-added"),
    pytest.param(q(id="a", type="integer", title="A", required="true"), A, [("a", Kind.REQUIRED_REMOVED, SAFE)],
                 id="required-removed"),
    pytest.param(A + q(id="b", type="text", title="B", required="'a > 1'"),
                 A + q(id="b", type="text", title="B", required="'a > 2'"), [("b", Kind.CONDITION_CHANGED, SAFE)],
                 id="required-condition-changed"),
    pytest.param(A + q(id="b", type="text", title="B", show_if="'a > 1'"),
                 A + q(id="b", type="text", title="B", show_if="'a > 2'"), [("b", Kind.CONDITION_CHANGED, SAFE)],
                 id="show-if-changed"),
    pytest.param(A + q(id="b", type="text", title="B", show_if="'a > 1'"),
                 A + q(id="b", type="text", title="B", show_if="'(a)>1'"), [], id="show-if-respaced-is-no-change"),
    pytest.param(A + q(id="b", type="text", title="B", show_if="'a > 1'"),
                 q(id="a2", type="integer", title="A", renamed_from="a")
                 + q(id="b", type="text", title="B", show_if="'a2 > 1'"),
                 [("a2", Kind.RENAMED, SAFE)], id="condition-follows-a-rename"),
    pytest.param(SC, SC.replace("title: C", "title: C, choice_filter: \"option != 'y'\""),
                 [("c", Kind.CONDITION_CHANGED, BREAKING)], id="choice-filter-added"),
    pytest.param(SC, SC.replace("label: X", "label: Ex"), [("c", Kind.TEXT_CHANGED, SAFE)], id="option-label"),
    pytest.param(A, q(id="a", type="integer", title="Aa", hint="How many?"), [("a", Kind.TEXT_CHANGED, SAFE)],
                 id="text-only"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_each_class_of_change(old: str, new: str, expected: list[tuple[str, Kind, bool]]) -> None:
    result = diff(survey_of(wrap(old)), survey_of(wrap(new)))
    assert [(c.id, c.kind, c.safe) for c in result.changes] == expected, [c.detail for c in result.changes]
    json.dumps(result.as_json())  # plain JSON, for --format json and the API later


def test_the_shipped_survey_diffed_with_itself_has_no_change() -> None:
    survey = compile_file(ROOT / "survey_definitions" / "technology-needs.yaml").survey
    assert survey is not None
    result = diff(survey, survey)
    assert result.changes == ()
    assert result.matched == {qid: qid for qid in survey.questions}


def test_texts_changed_say_which_languages() -> None:
    extra = "languages: [en, fr, es]\n"
    old = wrap("- {id: a, type: yes_no, title: {en: A, fr: Ah, es: Ah}}\n", extra)
    new = wrap("- {id: a, type: yes_no, title: {en: A, fr: Oh, es: Oh}, hint: {en: H, fr: H, es: H}}\n", extra)
    (change,) = diff(survey_of(old), survey_of(new)).changes
    assert change.languages == ("en", "fr", "es")  # the hint is new in all three
    assert change.before == {"title": {"fr": "Ah", "es": "Ah"}}
    assert change.after == {"title": {"fr": "Oh", "es": "Oh"}, "hint": {"en": "H", "fr": "H", "es": "H"}}


def test_changes_to_sections_and_moves_between_them() -> None:
    def two_sections(first: str, second: str, show_if: str = "") -> str:
        return (
            f"id: t\ntitle: T\nsections:\n  - id: one\n    title: One\n    questions:\n      {first}"
            f"  - id: two\n    title: Two\n{show_if}    questions:\n      {second}"
        )

    old = survey_of(two_sections(A + "      " + B, "- {id: c, type: yes_no, title: C}\n"))
    new = survey_of(two_sections(A, B + "      - {id: c, type: yes_no, title: C}\n", "    show_if: 'a > 1'\n"))
    found = [(c.target.value, c.id, c.kind, c.safe) for c in diff(old, new).changes]
    assert found == [
        ("section", "two", Kind.CONDITION_CHANGED, SAFE),
        ("question", "b", Kind.MOVED, SAFE),  # answers are keyed by id, not by section
    ]


def test_changes_are_in_document_order_removed_ones_where_they_were() -> None:
    old = survey_of(wrap(A + B + "- {id: gone, type: yes_no, title: G}\n- {id: d, type: date, title: D}\n"))
    new = survey_of(wrap("- {id: first, type: yes_no, title: F}\n" + A + B + "- {id: d, type: date, title: Day}\n"))
    result = diff(old, new)
    assert [(c.id, c.kind) for c in result.changes] == [
        ("first", Kind.ADDED),
        ("gone", Kind.REMOVED),
        ("d", Kind.TEXT_CHANGED),
    ]
    assert diff(old, new) == result  # deterministic


def test_every_change_knows_old_and_new_ids_and_codes() -> None:
    old = survey_of(wrap(SC))
    new = survey_of(
        wrap(SC.replace("id: c,", "id: c2, renamed_from: c,").replace("code: y,", "code: why, renamed_from: y,"))
    )
    renamed, recoded = diff(old, new).changes
    assert (renamed.old_id, renamed.new_id, renamed.kind) == ("c", "c2", Kind.RENAMED)
    assert (recoded.old_id, recoded.new_id, recoded.recoded) == ("c", "c2", (("y", "why"),))
    assert diff(old, new).matched == {"c": "c2"}


def test_renamed_from_is_kept_in_the_compiled_model() -> None:
    survey = survey_of(wrap(q(id="c", type="single_choice", title="C", renamed_from="[b, a]",
                              options="[{code: 1, label: One, renamed_from: 0}]")))  # fmt: skip
    assert survey.questions["c"].renamed_from == ("b", "a")
    assert survey.questions["c"].options[0].renamed_from == ("0",)
