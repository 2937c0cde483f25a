"""Labels of option codes in a language, for aggregates and exports (codes are always kept beside)."""

from __future__ import annotations

from app.compiler import CompiledSurvey
from app.compiler.model import Question

YES_NO = {
    "en": ("yes", "no"),
    "fr": ("oui", "non"),
    "es": ("sí", "no"),
    "ru": ("да", "нет"),
    "zh": ("是", "否"),
    "ar": ("نعم", "لا"),
}


def option_labels(survey: CompiledSurvey, q: Question, lang: str | None) -> dict[str, str]:
    """Code → label of a question's options (a matrix's columns); yes/no answers are `true`/`false`."""
    if q.type == "yes_no":
        yes, no = YES_NO.get(lang or survey.default_language, YES_NO["en"])
        return {"true": yes, "false": no}
    return {o.code: survey.text(o.label, lang) for o in q.options}


def row_labels(survey: CompiledSurvey, q: Question, lang: str | None) -> dict[str, str]:
    """Code → label of a matrix's rows."""
    return {r.code: survey.text(r.label, lang) for r in q.rows}
