"""What changed in a party's answers since the previous cycle, for the review page: each changed
answer with where it is (question, loop option, table row) and its value then and now, as text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.compiler import CompiledSurvey
from app.results import compare
from app.results.labels import option_labels, row_labels
from app.surveys.models import Cycle


@dataclass(frozen=True, slots=True)
class ChangedAnswer:
    where: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class SincePrevious:
    cycle: str
    changes: list[ChangedAnswer]


def since_previous(
    session: Session, survey: CompiledSurvey, cycle: Cycle, subject: str, lang: str
) -> SincePrevious | None:
    """None when there is no earlier cycle, or the party has no response in one of the two."""
    earlier = compare.previous_cycle(session, cycle)
    if earlier is None:
        return None
    result = compare.party_changes(session, earlier, cycle, subject)
    if None in result["statuses"]:
        return None
    rows = [
        ChangedAnswer(
            _where(survey, c["loc"], lang),
            _text(survey, c["question"], c["before"], lang),
            _text(survey, c["question"], c["after"], lang),
        )
        for c in result["changes"]
    ]
    return SincePrevious(earlier.code, rows)


def _where(survey: CompiledSurvey, loc: list[Any], lang: str) -> str:
    """ "Question › option" inside a loop, "Question › 2" in a table's second row."""
    parts: list[str] = []
    for i, part in enumerate(loc):
        q = survey.questions.get(part) if isinstance(part, str) else None
        if q is not None:
            parts.append(survey.text(getattr(q.spec, "title", None), lang) or q.id)
        elif isinstance(part, int):
            parts.append(str(part + 1))
        elif i > 0 and isinstance(loc[i - 1], str) and loc[i - 1] in survey.questions:
            loop = survey.questions[str(loc[i - 1])]
            source = survey.questions.get(loop.over or "")
            parts.append(option_labels(survey, source, lang).get(part, part) if source else str(part))
        else:
            parts.append(str(part))
    return " › ".join(parts)


def _text(survey: CompiledSurvey, qid: str, value: Any, lang: str) -> str:
    if value is None:
        return ""
    q = survey.questions.get(qid)
    if q is None:
        return str(value)
    labels = option_labels(survey, q, lang)
    if isinstance(value, bool):
        return labels["true" if value else "false"]
    if isinstance(value, list):
        return "; ".join(labels.get(str(v), str(v)) for v in value)
    if isinstance(value, dict):  # a matrix: row → column
        rows = row_labels(survey, q, lang)
        return "; ".join(f"{rows.get(r, r)}: {labels.get(str(v), str(v))}" for r, v in value.items())
    return labels.get(str(value), str(value)) if labels else str(value)
