"""Answers checked against a definition: draft mode checks what is there, submit mode everything."""

from __future__ import annotations

from typing import Any

import pytest

from app.compiler import validate
from tests.compiler.helpers import survey_of

DEFINITION = """\
id: demo
title: {en: Demo, fr: Démo}
languages: [en, fr]
choice_lists:
  sectors:
    - {code: asgm, label: {en: ASGM, fr: EMAPE}}
    - {code: products, label: {en: Products, fr: Produits}}
    - {code: none, label: {en: None, fr: Aucun}, exclusive: true}
    - {code: other, label: {en: Other, fr: Autre}, other: true}
  needs:
    - {code: equipment, label: {en: Equipment, fr: Équipement}}
    - {code: skills, label: {en: Skills, fr: Compétences}}
    - {code: funding, label: {en: Funding, fr: Financement}}
sections:
  - id: intro
    title: {en: Intro, fr: Intro}
    questions:
      - {id: name, type: text, title: {en: Name, fr: Nom}, required: true, min_length: 2, max_length: 20}
      - {id: phone, type: text, title: {en: Phone, fr: Tél}, pattern: '\\+?[0-9 ]{6,15}',
         pattern_message: {en: Digits only, fr: Chiffres seulement}}
      - {id: email, type: email, title: {en: Email, fr: Courriel}}
      - {id: started, type: date, title: {en: Started, fr: Début}, min: '2000-01-01', max: '2030-12-31'}
      - {id: sectors, type: multiple_choice, title: {en: Sectors, fr: Secteurs}, options: sectors, required: true, max_selected: 2}
      - id: sector_loop
        type: loop
        over: sectors
        title: {en: Per sector, fr: Par secteur}
        questions:
          - {id: needs, type: multiple_choice, title: {en: Needs, fr: Besoins}, options: needs, required: true}
          - id: critical
            type: single_choice
            title: {en: Most critical, fr: Le plus critique}
            options: needs
            choice_filter: selected(needs, option)
            required: count(needs) > 1
          - {id: cost, type: decimal, title: {en: Cost, fr: Coût}, min: 0, decimals: 2, show_if: "item == 'asgm'"}
  - id: more
    title: {en: More, fr: Plus}
    show_if: "not selected(sectors, 'none')"
    questions:
      - id: projects
        type: table
        title: {en: Projects, fr: Projets}
        max_rows: 2
        columns:
          - {id: pname, type: text, title: {en: Name, fr: Nom}, required: true}
          - {id: amount, type: decimal, title: {en: Amount, fr: Montant}, min: 0}
      - id: severity
        type: matrix
        title: {en: Severity, fr: Gravité}
        rows: needs
        columns: [{code: low, label: {en: Low, fr: Faible}}, {code: high, label: {en: High, fr: Élevée}}]
        required: true
      - {id: share_a, type: integer, title: {en: A, fr: A}, min: 0, max: 100}
      - id: share_b
        type: integer
        title: {en: B, fr: B}
        min: 0
        max: 100
        constraints:
          - {rule: "sum(share_a, .) == 100", message: {en: Shares must add up to 100, fr: Les parts doivent totaliser 100}}
      - {id: top, type: ranking, title: {en: Top, fr: Top}, options: needs, max_ranked: 2}
      - {id: note, type: note, body: {en: Thanks, fr: Merci}}
"""

SURVEY = survey_of(DEFINITION)

COMPLETE: dict[str, Any] = {
    "name": "Ana",
    "email": "ana@example.org",
    "sectors": ["asgm", "other"],
    "sectors_other": "Dental clinics",
    "sector_loop": {
        "asgm": {"needs": ["skills", "funding"], "critical": "funding", "cost": 1200.5},
        "other": {"needs": ["equipment"]},
    },
    "projects": [{"pname": "Retort pilot", "amount": 50000}],
    "severity": {"equipment": "low", "skills": "high", "funding": "high"},
    "share_a": 40,
    "share_b": 60,
}


def errors_of(answers: dict[str, Any], mode: str = "submit") -> list[tuple[tuple[Any, ...], str]]:
    return [(e.loc, e.code) for e in validate(SURVEY, answers, mode).errors]  # type: ignore[arg-type]


def test_a_complete_response_is_valid() -> None:
    result = validate(SURVEY, COMPLETE, "submit")
    assert result.errors == []
    assert result.record == COMPLETE
    assert result.hidden == []


def test_an_empty_draft_is_valid() -> None:
    assert validate(SURVEY, {}, "draft").errors == []


def test_a_partial_draft_is_valid() -> None:
    assert validate(SURVEY, {"name": "A", "sector_loop": {"products": {"cost": 3}}}, "draft").errors == []


@pytest.mark.parametrize(
    ("answers", "loc", "code"),
    [
        pytest.param({"name": 12}, ("name",), "invalid_type", id="text-type"),
        pytest.param({"name": "x" * 21}, ("name",), "too_long", id="text-too-long"),
        pytest.param({"name": "a\x00b"}, ("name",), "invalid_character", id="nul-character"),
        pytest.param(
            {"sectors": ["other"], "sectors_other": "\x00"}, ("sectors_other",), "invalid_character", id="nul-in-other"
        ),
        pytest.param({"phone": "call me"}, ("phone",), "pattern_mismatch", id="pattern"),
        pytest.param({"email": "ana@"}, ("email",), "invalid_email", id="email"),
        pytest.param({"started": "2026-02-30"}, ("started",), "invalid_date", id="impossible-date"),
        pytest.param({"started": "1999-12-31"}, ("started",), "below_min", id="date-too-early"),
        pytest.param({"sectors": "asgm"}, ("sectors",), "invalid_type", id="multiple-not-list"),
        pytest.param({"sectors": ["mining"]}, ("sectors",), "invalid_option", id="unknown-code"),
        pytest.param({"sectors": ["asgm", "asgm"]}, ("sectors",), "duplicate_option", id="duplicate-code"),
        pytest.param({"sectors": ["asgm", "none"]}, ("sectors",), "exclusive_option", id="exclusive"),
        pytest.param({"sectors": ["asgm", "products", "other"]}, ("sectors",), "too_many_selected", id="max-selected"),
        pytest.param({"sector_loop": {"mining": {}}}, ("sector_loop", "mining"), "invalid_option", id="loop-key"),
        pytest.param(
            {"sector_loop": {"asgm": {"cost": -1}}}, ("sector_loop", "asgm", "cost"), "below_min", id="loop-child-bound"
        ),
        pytest.param(
            {"sector_loop": {"asgm": {"cost": 1.234}}},
            ("sector_loop", "asgm", "cost"),
            "too_many_decimals",
            id="decimals",
        ),
        pytest.param(
            {"sector_loop": {"asgm": {"cost": "1"}}},
            ("sector_loop", "asgm", "cost"),
            "invalid_type",
            id="number-as-string",
        ),
        pytest.param(
            {"sector_loop": {"asgm": {"cost": True}}},
            ("sector_loop", "asgm", "cost"),
            "invalid_type",
            id="bool-is-not-a-number",
        ),
        pytest.param({"projects": [{"amount": "x"}]}, ("projects", 0, "amount"), "invalid_type", id="table-cell"),
        pytest.param({"projects": [{}, {}, {}]}, ("projects",), "too_many_rows", id="max-rows"),
        pytest.param(
            {"projects": [{"colour": 1}]}, ("projects", 0, "colour"), "unknown_question", id="table-unknown-column"
        ),
        pytest.param({"severity": {"power": "low"}}, ("severity", "power"), "unknown_row", id="matrix-row"),
        pytest.param({"severity": {"skills": "medium"}}, ("severity", "skills"), "invalid_option", id="matrix-cell"),
        pytest.param({"share_a": 2.5}, ("share_a",), "invalid_type", id="integer-with-fraction"),
        pytest.param({"share_a": 101}, ("share_a",), "above_max", id="above-max"),
        pytest.param({"top": ["skills", "funding", "equipment"]}, ("top",), "too_many_selected", id="max-ranked"),
        pytest.param({"note": "hi"}, ("note",), "not_answerable", id="note"),
        pytest.param({"colour": "red"}, ("colour",), "unknown_question", id="unknown-question"),
    ],
)
def test_draft_catches_type_format_and_bounds(answers: dict[str, Any], loc: tuple[Any, ...], code: str) -> None:
    assert errors_of(answers, "draft") == [(loc, code)]


@pytest.mark.parametrize(
    ("change", "loc", "code"),
    [
        pytest.param({"name": None}, ("name",), "required", id="required"),
        pytest.param({"name": ""}, ("name",), "required", id="empty-is-unanswered"),
        pytest.param({"name": "A"}, ("name",), "too_short", id="min-length"),
        pytest.param({"sectors_other": ""}, ("sectors_other",), "other_required", id="other-text"),
        pytest.param(
            {"sector_loop": {"asgm": {"needs": ["skills", "funding"]}, "other": {"needs": ["equipment"]}}},
            ("sector_loop", "asgm", "critical"),
            "required",
            id="required-if",
        ),
        pytest.param(
            {
                "sector_loop": {
                    "asgm": {"needs": ["skills", "funding"], "critical": "equipment"},
                    "other": {"needs": ["equipment"]},
                }
            },
            ("sector_loop", "asgm", "critical"),
            "option_not_available",
            id="choice-filter",
        ),
        pytest.param(
            {"sector_loop": {"asgm": {"needs": ["skills"]}}},
            ("sector_loop", "other", "needs"),
            "required",
            id="loop-iteration-for-each-selected",
        ),
        pytest.param({"projects": [{"amount": 5}]}, ("projects", 0, "pname"), "required", id="table-cell-required"),
        pytest.param(
            {"severity": {"equipment": "low", "funding": "high"}},
            ("severity", "skills"),
            "required",
            id="matrix-every-row",
        ),
        pytest.param({"share_b": 50}, ("share_b",), "constraint", id="cross-question-constraint"),
    ],
)
def test_submit_checks_everything_shown(change: dict[str, Any], loc: tuple[Any, ...], code: str) -> None:
    answers = {**COMPLETE, **change}
    answers = {k: v for k, v in answers.items() if v is not None}
    assert errors_of(answers) == [(loc, code)]


def test_hidden_answers_are_left_out_of_the_record_and_reported() -> None:
    answers = {
        **COMPLETE,
        "sectors": ["none"],
        "sector_loop": {"asgm": {"needs": ["skills"], "cost": 5}},
    }
    del answers["sectors_other"]
    result = validate(SURVEY, answers, "submit")
    assert result.errors == []
    # the whole "more" section is hidden when "none" is ticked; the loop iteration for asgm too
    assert "projects" not in result.record and "severity" not in result.record
    assert result.record["sector_loop"] == {}
    assert set(result.hidden) >= {("projects",), ("severity",), ("sector_loop", "asgm")}


def test_conditions_count_only_iterations_of_options_still_selected() -> None:
    survey = survey_of(
        "id: t\ntitle: T\nsections:\n  - id: s\n    title: S\n    questions:\n"
        "      - {id: m, type: multiple_choice, title: M, options: [{code: a, label: A}, {code: b, label: B}]}\n"
        "      - {id: l, type: loop, over: m, title: L, questions: [{id: c, type: text, title: C}]}\n"
        "      - {id: probe, type: yes_no, title: P, show_if: 'count(l) > 1'}\n"
    )
    answers = {"m": ["a"], "l": {"a": {"c": "x"}, "b": {"c": "y"}}, "probe": True}
    result = validate(survey, answers, "submit")
    assert "probe" not in result.record and ("probe",) in result.hidden
    assert ("l", "b") in result.hidden


def test_hidden_questions_are_not_required() -> None:
    answers = {"name": "Ana", "sectors": ["products"], "sector_loop": {"products": {"needs": ["skills"]}}}
    result = validate(SURVEY, answers, "submit")
    # cost is shown only for asgm; the "more" section is shown, so its required matrix is asked
    assert [(e.loc, e.code) for e in result.errors] == [(("severity",), "required")]


def test_constraint_message_comes_from_the_definition_in_each_language() -> None:
    (error,) = validate(SURVEY, {**COMPLETE, "share_b": 10}, "submit").errors
    assert error.messages(SURVEY) == {"en": "Shares must add up to 100", "fr": "Les parts doivent totaliser 100"}


def test_built_in_messages_in_every_language() -> None:
    (error,) = validate(SURVEY, {"share_a": 101}, "draft").errors
    assert error.as_dict(SURVEY, "fr") == {
        "loc": ["share_a"],
        "code": "above_max",
        "msg": "Saisissez une valeur inférieure ou égale à 100",
    }
    assert error.message(SURVEY, "en") == "Enter a value of 100 or less"


def test_pattern_message_from_the_definition() -> None:
    (error,) = validate(SURVEY, {"phone": "nope"}, "draft").errors
    assert error.message(SURVEY, "fr") == "Chiffres seulement"


def test_not_an_object() -> None:
    assert [(e.loc, e.code) for e in validate(SURVEY, ["a"], "draft").errors] == [((), "invalid_type")]
