"""Property-based: generated valid answers pass; each kind of invalid answer is caught at its loc."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.compiler import validate
from tests.compiler.strategies import answer_locs, answers
from tests.compiler.test_validate import SURVEY

PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROFILE
@given(answers(SURVEY))
def test_generated_drafts_are_valid(doc: dict[str, Any]) -> None:
    result = validate(SURVEY, doc, "draft")
    assert result.errors == []
    assert result.record == doc


def _at(doc: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        doc = doc[part]
    return doc


def _invalid(q_type: str, spec: Any) -> list[tuple[Any, str]]:
    """Invalid values for a question type, each with the code that must catch it."""
    out: list[tuple[Any, str]] = [({"nested": 1}, "invalid_type")] if q_type not in ("matrix",) else []
    if q_type in ("text", "long_text", "email"):
        out.append((7, "invalid_type"))
        out.append(("x" * ((getattr(spec, "max_length", None) or 1000) + 1), "too_long"))
    if q_type == "email":
        out.append(("not-an-address", "invalid_email"))
    if q_type in ("integer", "decimal"):
        out.append(("12", "invalid_type"))
        if spec.max is not None:
            out.append((spec.max + 1, "above_max"))
        if spec.min is not None:
            out.append((spec.min - 1, "below_min"))
    if q_type == "yes_no":
        out.append(("yes", "invalid_type"))
    if q_type == "date":
        out = [({"nested": 1}, "invalid_date"), ("31/12/2020", "invalid_date"), ("2026-02-30", "invalid_date")]
    if q_type in ("single_choice", "rating"):
        out.append(("no-such-code", "invalid_option"))
    if q_type in ("multiple_choice", "ranking"):
        out.append((["no-such-code"], "invalid_option"))
        out.append(("a-string", "invalid_type"))
    if q_type == "matrix":
        out.append(([], "invalid_type"))
    return out


@PROFILE
@given(answers(SURVEY), st.data())
def test_each_kind_of_invalid_answer_is_caught_at_its_loc(doc: dict[str, Any], data: st.DataObject) -> None:
    locs = answer_locs(SURVEY, doc)
    assume(locs)
    loc, question = data.draw(st.sampled_from(locs), label="answer")
    bad_value, code = data.draw(st.sampled_from(_invalid(question.type, question.spec)), label="invalid")
    broken = copy.deepcopy(doc)
    node: Any = broken
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = bad_value
    errors = [(e.loc, e.code) for e in validate(SURVEY, broken, "draft").errors]
    assert errors == [(loc, code)]


SUBMIT_ONLY = {"required", "too_short", "too_few_selected", "too_few_rows", "other_required", "constraint",
               "option_not_available"}  # fmt: skip


@PROFILE
@given(answers(SURVEY))
def test_submit_adds_only_completeness_errors_and_drops_nothing_unreported(doc: dict[str, Any]) -> None:
    """A draft-valid document fails submission only for what is missing or conditional, and every
    answer it had is either in the submitted record or reported as hidden."""
    result = validate(SURVEY, doc, "submit")
    assert {e.code for e in result.errors} <= SUBMIT_ONLY
    kept = {loc for loc, _ in answer_locs(SURVEY, result.record)}
    for loc, _ in answer_locs(SURVEY, doc):
        if _at(doc, loc) in ("", [], {}):
            continue  # an empty answer carries nothing to lose
        dropped = loc not in kept
        reported = any(loc[: len(h)] == h for h in result.hidden)
        flagged = any(e.loc == loc for e in result.errors)
        assert not dropped or reported or flagged, loc
