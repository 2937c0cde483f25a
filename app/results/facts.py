"""Turn a submitted record into facts (see models.py). Written in the submission's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete
from sqlmodel import Session

from app.compiler import CompiledSurvey
from app.compiler.model import NUMBER_TYPES, Question
from app.compiler.validate import Frames, evaluator
from app.results.models import AnswerFact, QuestionShown


def facts_of(survey: CompiledSurvey, record: dict[str, Any]) -> tuple[list[dict[str, Any]], list[tuple[str, str, str]]]:
    """(facts, shown) of a submitted record: every answer as rows, and every (question, loop code)
    that applied. Pure; `record` holds only answers that were shown (validate's submit record)."""
    ev = evaluator(survey, record)
    facts: list[dict[str, Any]] = []
    shown: list[tuple[str, str, str]] = []

    def level(ids: tuple[str, ...], data: dict[str, Any], frames: Frames, loop_code: str, row: str) -> None:
        for qid in ids:
            q = survey.questions[qid]
            if not q.answerable or not ev.visible(qid, frames):
                continue
            shown.append((qid, loop_code, row))
            value = data.get(qid)
            if value is None:
                continue
            if q.type == "loop":
                for code, iteration in value.items():
                    level(q.children, iteration, (*frames, (qid, code)), code, "")
            elif q.type == "table":
                for i, cells in enumerate(value):
                    facts.append(_fact(qid, loop_code, str(i)))
                    level(q.children, cells, (*frames, (qid, i)), loop_code, str(i))
            else:
                facts.extend(_answer(q, value, data.get(f"{qid}_other"), loop_code, row))

    top = tuple(qid for section in survey.sections for qid in section.questions)
    level(top, record, (), "", "")
    return facts, shown


def _fact(qid: str, loop_code: str, row: str, **values: Any) -> dict[str, Any]:
    return {
        "question_id": qid,
        "loop_code": loop_code,
        "row_key": row,
        "option": None,
        "num": None,
        "text": None,
        "position": None,
        **values,
    }


def _answer(q: Question, value: Any, other: Any, loop_code: str, row: str) -> list[dict[str, Any]]:
    t = q.type
    other_code = q.other_option.code if q.other_option else None
    if t in ("single_choice", "rating"):
        return [_fact(q.id, loop_code, row, option=value, text=other if value == other_code else None)]
    if t == "yes_no":
        return [_fact(q.id, loop_code, row, option="true" if value else "false")]
    if t == "multiple_choice":
        return [_fact(q.id, loop_code, row, option=c, text=other if c == other_code else None) for c in value]
    if t == "ranking":
        return [_fact(q.id, loop_code, row, option=c, position=i + 1) for i, c in enumerate(value)]
    if t == "matrix":
        return [_fact(q.id, loop_code, r, option=c) for r, c in value.items()]
    if t in NUMBER_TYPES:
        return [_fact(q.id, loop_code, row, num=float(value))]
    return [_fact(q.id, loop_code, row, text=str(value))]


def replace_facts(session: Session, response_id: int, survey: CompiledSurvey, record: dict[str, Any]) -> None:
    """The facts of a response are those of its latest submission."""
    session.execute(delete(AnswerFact).where(AnswerFact.response_id == response_id))  # type: ignore[arg-type]
    session.execute(delete(QuestionShown).where(QuestionShown.response_id == response_id))  # type: ignore[arg-type]
    facts, shown = facts_of(survey, record)
    if facts:
        session.execute(AnswerFact.__table__.insert(), [{"response_id": response_id, **f} for f in facts])  # type: ignore[attr-defined]
    if shown:
        rows = [
            {"response_id": response_id, "question_id": q, "loop_code": c, "row_key": r}
            for q, c, r in dict.fromkeys(shown)
        ]
        session.execute(QuestionShown.__table__.insert(), rows)  # type: ignore[attr-defined]
