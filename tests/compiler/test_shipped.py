"""The shipped survey: compiles cleanly, all six languages complete, and generated responses to it
validate both with the validator and against its response JSON Schema."""

from __future__ import annotations

from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings

from app.compiler import compile_file, validate
from app.compiler.schemas import response_schema
from tests.compiler.strategies import answers
from tests.conftest import ROOT

RESULT = compile_file(ROOT / "survey_definitions" / "technology-needs.yaml")
SURVEY = RESULT.survey
assert SURVEY is not None, [d.format_line() for d in RESULT.diagnostics]
SCHEMA = response_schema(SURVEY)


def test_compiles_with_no_error_and_no_warning() -> None:
    assert RESULT.diagnostics == []


def test_offers_the_six_un_languages_english_first() -> None:
    assert SURVEY.languages == ("en", "fr", "es", "ru", "zh", "ar")
    assert SURVEY.spec.respondent == "party"
    unreviewed = {lang for lang, status in SURVEY.spec.translations.items() if not status.reviewed}
    assert unreviewed == {"fr", "es", "ru", "zh", "ar"}


def test_asks_for_specific_needs_per_sector() -> None:
    q = SURVEY.questions
    loop = next(x for x in q.values() if x.type == "loop")
    assert q[loop.over or ""].type == "multiple_choice"
    child_types = {q[c].type for c in loop.children}
    assert {"multiple_choice", "single_choice", "decimal"} <= child_types
    need_codes = {o.code for x in q.values() if x.id == "need_types" for o in x.options}
    assert {"equipment", "skills", "funding", "infrastructure"} <= need_codes
    assert any(x.type == "matrix" for x in q.values())
    assert any(x.type == "table" for x in q.values())
    assert any(x.type == "ranking" for x in q.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers(SURVEY))
def test_generated_responses_validate_and_match_the_response_schema(doc: dict[str, Any]) -> None:
    assert validate(SURVEY, doc, "draft").errors == []
    jsonschema.validate(doc, SCHEMA)
