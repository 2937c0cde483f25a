"""Cycles that build on each other: a new cycle opened from an earlier one starts with each party's
answers from it, carried into the new cycle's version through each version's mapping, and marked
as carried over, section by section, until the focal point confirms or changes them.

What is carried is what the party submitted (the record of a submitted or accepted response), or
its draft when it never submitted. Answers the new version does not ask are not carried: they
stay in the earlier cycle, where exports and history keep them, and the first revision of the new
response says how many were left behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session, col

from app.audit.service import record
from app.compiler import CompiledSurvey
from app.compiler.answers import flatten, has_answers
from app.compiler.migrate import Migration, Report, migrate, plan
from app.core.errors import InvalidError
from app.core.types import utcnow
from app.responses.models import Response, Revision, Status, answers_of_record
from app.surveys.models import Cycle, SurveyVersion
from app.surveys.service import compiled_by_id, get_cycle, open_cycle


@dataclass(frozen=True, slots=True)
class Carried:
    responses: int
    answers: int  # carried exactly or converted
    left_behind: int  # answers the new version does not ask (still in the earlier cycle)

    def as_json(self) -> dict[str, int]:
        return {"responses": self.responses, "answers": self.answers, "left_behind": self.left_behind}


class Chain:
    """Answers documents carried from earlier versions of a survey to a later one, one published
    version at a time, through each version's mapping; each step's plan is made once."""

    def __init__(self, session: Session, survey_id: str, to_version: int) -> None:
        self.session = session
        self.to_version = to_version
        self.ids = list(
            session.execute(
                select(col(SurveyVersion.id))
                .where(col(SurveyVersion.survey_id) == survey_id, col(SurveyVersion.id) <= to_version)
                .order_by(col(SurveyVersion.id))
            ).scalars()
        )
        self._plans: dict[tuple[int, int], Migration] = {}

    def carry(self, from_version: int, doc: dict[str, Any]) -> tuple[dict[str, Any], list[Report]]:
        if from_version == self.to_version:
            return doc, []
        if from_version > self.to_version:
            raise InvalidError(
                "a cycle cannot start from a cycle answered on a newer version: open it on the latest version",
                loc=["from"],
                code="carry_backwards",
            )
        reports = []
        for step in self._steps(from_version):
            doc, report = migrate(step, doc)
            reports.append(report)
        return doc, reports

    def merged_away(self, from_version: int) -> set[tuple[str, str]]:
        """What of an earlier version lives on under another name in the later one: (question id,
        "") for a question carried into another id, (question id, code) for an option recoded or
        mapped into another code. An export has no column for them: their answers moved."""
        survey = _compiled(self.session, from_version)
        ids: dict[str, str | None] = {qid: qid for qid in survey.questions}
        codes = {q.id: {o.code: o.code for o in q.options} for q in survey.questions.values()}
        for step in self._steps(from_version):
            for old, now in ids.items():
                rule = step.rules.get(now) if now else None
                ids[old] = rule.new.id if rule is not None and rule.new is not None else None
                if rule is not None:
                    codes[old] = {c: rule.codes.get(cc, cc) for c, cc in codes[old].items()}
        away = {(old, "") for old, now in ids.items() if now is not None and now != old}
        away |= {(old, c) for old, now in ids.items() if now == old for c, cc in codes[old].items() if cc != c}
        return away

    def _steps(self, from_version: int) -> Iterator[Migration]:
        current = from_version
        for next_id in (i for i in self.ids if i > from_version):
            step = self._plans.get((current, next_id))
            if step is None:
                old, new = _compiled(self.session, current), _compiled(self.session, next_id)
                step = self._plans[current, next_id] = plan(old, new)
            yield step
            current = next_id


def carry_over(session: Session, earlier: Cycle, cycle: Cycle, actor_id: int | None) -> Carried:
    """Pre-fill `cycle` (just opened, empty) with every response of `earlier`."""
    if earlier.survey_id != cycle.survey_id or earlier.id == cycle.id:
        raise InvalidError("a cycle builds on an earlier cycle of the same survey", loc=["from"], code="invalid_from")
    doc = answers_of_record()
    rows = session.execute(
        select(col(Response.subject), col(Response.party), col(Response.respondent_id), col(Response.version_id), doc)
        .where(col(Response.cycle_id) == earlier.id)
        .order_by(col(Response.subject))
    ).all()
    survey = _compiled(session, cycle.version_id)
    chain = Chain(session, cycle.survey_id, cycle.version_id)
    now = utcnow()
    answers = left = 0
    for subject, party, respondent_id, version_id, old in rows:
        new, reports = chain.carry(version_id, old or {})
        behind = sum(r.count("not_carried") + r.count("dropped") for r in reports)
        answers += len(flatten(survey, new))
        left += behind
        carried = {"from": earlier.code, "sections": _sections(survey, new)}
        response_id = session.execute(
            insert(Response).returning(col(Response.id)),
            {
                "cycle_id": cycle.id,
                "subject": subject,
                "party": party,
                "respondent_id": respondent_id,
                "version_id": cycle.version_id,
                "status": Status.draft.value,
                "revision": 1,
                "answers": new,
                "carried": carried if carried["sections"] else None,
                "created_at": now,
                "updated_at": now,
            },
        ).scalar_one()
        session.execute(
            insert(Revision),
            {
                "response_id": response_id,
                "number": 1,
                "answers": new,
                "author_id": actor_id,
                "created_at": now,
                "migration": {"carried_from": earlier.code, "left_behind": behind},
            },
        )
    result = Carried(len(rows), answers, left)
    record(session, "cycle.carry_over", f"{cycle.survey_id}/{cycle.code}", actor_id, **{"from": earlier.code})
    return result


def _sections(survey: CompiledSurvey, doc: dict[str, Any]) -> list[str]:
    """The sections with at least one carried answer."""
    return [s.id for s in survey.sections if has_answers(s, doc)]


def _compiled(session: Session, version_id: int) -> CompiledSurvey:
    return compiled_by_id(session, version_id)[1]


def open_from(
    session: Session,
    survey_id: str,
    code: str,
    earlier: str,
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    actor_id: int | None,
    version_ref: str | None = None,
) -> tuple[Cycle, Carried]:
    """Open a cycle and pre-fill it from an earlier one, in one transaction."""
    before = get_cycle(session, survey_id, earlier)
    cycle = open_cycle(session, survey_id, code, opens_on, closes_on, actor_id, version_ref)
    return cycle, carry_over(session, before, cycle, actor_id)
