"""Hypothesis strategies that generate answers documents from a compiled survey.

`answers(survey)` draws documents that are valid in draft mode: any subset of questions, each
answer of its question's type and within its bounds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from app.compiler import CompiledSurvey
from app.compiler import spec as s
from app.compiler.model import Question

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30
)


def _choice_list(q: Question) -> st.SearchStrategy[list[str]]:
    spec = q.spec
    codes = [o.code for o in q.options if not o.exclusive]
    high = getattr(spec, "max_selected", None) or getattr(spec, "max_ranked", None) or len(codes)
    plain = st.lists(st.sampled_from(codes), unique=True, max_size=min(high, len(codes)))
    exclusive = [o.code for o in q.options if o.exclusive]
    if exclusive:
        return st.one_of(plain, st.sampled_from(exclusive).map(lambda c: [c]))
    return plain


def answer(survey: CompiledSurvey, q: Question) -> st.SearchStrategy[Any]:
    spec = q.spec
    t = q.type
    if t in ("text", "long_text"):
        assert isinstance(spec, s.TextQuestion)
        if q.pattern is not None:
            return st.from_regex(q.pattern, fullmatch=True).filter(lambda v: len(v) <= (spec.max_length or 1000))
        return TEXT.map(lambda v: v[: spec.max_length] if spec.max_length else v)
    if t == "email":
        return st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.org", fullmatch=True)
    if t == "integer":
        assert isinstance(spec, s.NumberQuestion)
        low = int(spec.min) if spec.min is not None else -(10**9)
        return st.integers(low, int(spec.max) if spec.max is not None else 10**9)
    if t == "decimal":
        assert isinstance(spec, s.NumberQuestion)
        values = st.floats(spec.min, spec.max if spec.max is not None else 1e12, allow_nan=False, allow_infinity=False)
        if spec.min is None:
            values = st.floats(-1e12, spec.max if spec.max is not None else 1e12, allow_nan=False)
        places = spec.decimals
        return values.map(lambda v: round(v, places) if places is not None else v).filter(
            lambda v: (spec.min is None or v >= spec.min) and (spec.max is None or v <= spec.max)
        )
    if t == "yes_no":
        return st.booleans()
    if t == "date":
        assert isinstance(spec, s.DateQuestion)
        low = dt.date.fromisoformat(spec.min) if spec.min else dt.date(1900, 1, 1)
        high = dt.date.fromisoformat(spec.max) if spec.max else dt.date(2100, 12, 31)
        return st.dates(low, high).map(dt.date.isoformat)
    if t in ("single_choice", "rating"):
        return st.sampled_from([o.code for o in q.options])
    if t == "multiple_choice":
        return _choice_list(q)
    if t == "ranking":
        return _choice_list(q).flatmap(lambda codes: st.permutations(codes))
    if t == "matrix":
        return st.fixed_dictionaries(
            {}, optional={r.code: st.sampled_from([o.code for o in q.options]) for r in q.rows}
        )
    if t == "table":
        assert isinstance(spec, s.TableQuestion)
        return st.lists(level(survey, q.children), max_size=min(spec.max_rows or 3, 3))
    # loop
    return st.fixed_dictionaries({}, optional={code: level(survey, q.children) for code in survey.loop_codes(q)})


def level(survey: CompiledSurvey, ids: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for qid in ids:
        q = survey.questions[qid]
        if q.answerable:
            optional[qid] = answer(survey, q)
    return st.fixed_dictionaries({}, optional=optional)


def answers(survey: CompiledSurvey) -> st.SearchStrategy[dict[str, Any]]:
    return level(survey, tuple(qid for section in survey.sections for qid in section.questions))


def answer_locs(survey: CompiledSurvey, doc: dict[str, Any]) -> list[tuple[tuple[str | int, ...], Question]]:
    """Every (loc, question) of a scalar-like answer present in the document, nested ones too."""
    out: list[tuple[tuple[str | int, ...], Question]] = []

    def walk(data: dict[str, Any], prefix: tuple[str | int, ...]) -> None:
        for qid, value in data.items():
            q = survey.questions.get(qid)
            if q is None:
                continue
            if q.type == "table":
                for i, row in enumerate(value):
                    walk(row, (*prefix, qid, i))
            elif q.type == "loop":
                for code, iteration in value.items():
                    walk(iteration, (*prefix, qid, code))
            else:
                out.append(((*prefix, qid), q))

    walk(doc, ())
    return out
