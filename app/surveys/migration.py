"""Moving responses to a newly published version, in the publish transaction.

Each draft and returned response of a cycle that moves gets a new revision, authored by the
publisher, holding its answers carried through the new version's mapping; the revision before
it keeps the old answers, so nothing the focal point typed is ever deleted. The migration report
is stored on the revision (history) and on the response (the notice the focal point sees until
they save or dismiss it).

The write is the save path's conditional UPDATE on `revision`: a browser still holding the
revision before the migration gets 409 on its next save instead of overwriting the migrated
answers, and a save that lands between our read and our write makes us read again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from app.compiler import CompiledSurvey, validate
from app.compiler.migrate import Migration, Report, migrate, plan
from app.core.errors import ConflictError
from app.core.types import utcnow
from app.responses.models import Response, Revision, Status
from app.results.facts import replace_facts
from app.surveys.models import Cycle, SurveyVersion

EDITABLE = (Status.draft, Status.returned)
_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class Migrated:
    cycle: str
    subject: str
    revision: int
    report: Report

    def as_json(self) -> dict[str, Any]:
        return {"cycle": self.cycle, "subject": self.subject, "revision": self.revision, **self.report.summary()}


def cycles_to_move(session: Session, survey_id: str, previous_id: int, today: dt.date | None = None) -> list[Cycle]:
    """The cycles that move to a new version: those on the previous latest version that are not
    closed yet (open now, or opening later). A closed cycle stays on the version it was answered on;
    a cycle opened on purpose on an older version stays there too."""
    today = today or dt.date.today()
    cycles = session.exec(
        select(Cycle).where(Cycle.survey_id == survey_id, Cycle.version_id == previous_id).order_by(col(Cycle.id))
    ).all()
    return [c for c in cycles if c.closes_on is None or today <= c.closes_on]


def move_cycles(
    session: Session,
    migration: Migration,
    cycles: Sequence[Cycle],
    version: SurveyVersion,
    actor_id: int | None,
    compiled_of: Callable[[int], CompiledSurvey],
) -> list[Migrated]:
    out: list[Migrated] = []
    for cycle in cycles:
        previous = cycle.version_id
        moved = session.execute(
            update(Cycle)
            .where(col(Cycle.id) == cycle.id, col(Cycle.version_id) == previous)
            .values(version_id=version.id or 0)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            raise ConflictError(
                f"cycle '{cycle.code}' moved to another version meanwhile (another publish): publish again",
                code="publish_race",
            )
        set_committed_value(cycle, "version_id", version.id or 0)
        translate_facts(session, cycle, migration, previous, compiled_of)
        ids = session.exec(
            select(Response.id).where(
                Response.cycle_id == cycle.id,
                Response.version_id == previous,
                col(Response.status).in_([s.value for s in EDITABLE]),
            )
        ).all()
        for response_id in ids:
            done = migrate_response(session, response_id or 0, migration, previous, version.id or 0, actor_id)
            if done is not None:
                out.append(Migrated(cycle.code, done[0], done[1], done[2]))
    session.flush()
    return out


def migrate_response(
    session: Session, response_id: int, migration: Migration, from_id: int, to_id: int, actor_id: int | None
) -> tuple[str, int, Report] | None:
    """One response to the new version: (subject, new revision, report), or None if it is no longer
    editable on the old version (submitted meanwhile: it stays pinned)."""
    table = Response.__table__  # type: ignore[attr-defined]
    for _ in range(_ATTEMPTS):
        row = session.execute(
            select(table.c.subject, table.c.revision, table.c.answers).where(
                table.c.id == response_id,
                table.c.version_id == from_id,
                table.c.status.in_([s.value for s in EDITABLE]),
            )
        ).first()
        if row is None:
            return None
        subject, revision, answers = row
        doc, report = migrate(migration, answers or {})
        stored = {"from_version": from_id, "to_version": to_id, **report.as_json()}
        now = utcnow()
        bumped = session.execute(
            table.update()
            .where(table.c.id == response_id, table.c.revision == revision, table.c.version_id == from_id)
            .values(
                revision=revision + 1,
                answers=doc,
                version_id=to_id,
                notice=stored if report.changed else None,
                updated_at=now,
            )
        )
        if bumped.rowcount == 1:  # type: ignore[attr-defined]
            session.execute(
                Revision.__table__.insert(),  # type: ignore[attr-defined]
                {
                    "response_id": response_id,
                    "number": revision + 1,
                    "answers": doc,
                    "author_id": actor_id,
                    "created_at": now,
                    "migration": stored,
                },
            )
            return subject, revision + 1, report
    raise RuntimeError(f"response {response_id} kept changing during the migration")  # pragma: no cover


def translate_facts(
    session: Session,
    cycle: Cycle,
    migration: Migration,
    previous: int,
    compiled_of: Callable[[int], CompiledSurvey],
) -> None:
    """Rewrite the answer facts of the cycle's submitted and accepted responses in the new version's
    ids and codes, so that its aggregates count every submission under the question and option it
    is now (renames, recodes, mapped questions and merges; a merge counts a response once).

    The facts are derived data: each response's `record`, what it submitted against its pinned
    version, is untouched (exports read it), and the facts are rebuilt from it, carried through
    the mappings version by version. Answers that are not carried have no facts in the new
    version: it does not ask them (they stay in the record, the exports and the history)."""
    rows = session.execute(
        select(Response.id, Response.version_id, Response.record, Response.answers).where(
            Response.cycle_id == cycle.id,
            # returned ones keep the facts of their last submission until they are submitted again
            col(Response.status).in_([Status.submitted.value, Status.accepted.value, Status.returned.value]),
        )
    ).all()
    steps: dict[int, Migration] = {previous: migration}
    for response_id, version_id, record, answers in rows:
        if record is None:  # submitted before `record` existed: what its submission recorded
            record = validate(compiled_of(version_id), answers or {}, "submit").record
        doc, current = record, version_id
        for next_id in _versions_between(session, cycle.survey_id, version_id, previous):
            step = steps.get(current) or plan(compiled_of(current), compiled_of(next_id))
            steps[current] = step
            doc, current = migrate(step, doc)[0], next_id
        doc = migrate(migration, doc)[0]
        replace_facts(session, response_id or 0, migration.new, doc)


def _versions_between(session: Session, survey_id: str, after: int, upto: int) -> list[int]:
    """The ids of the survey's versions published after `after`, up to `upto` included, in order."""
    ids = session.exec(
        select(SurveyVersion.id)
        .where(
            SurveyVersion.survey_id == survey_id,
            col(SurveyVersion.id) > after,
            col(SurveyVersion.id) <= upto,
        )
        .order_by(col(SurveyVersion.id))
    ).all()
    return [i or 0 for i in ids]


def migrate_to_cycle_version(
    session: Session,
    response: Response,
    cycle: Cycle,
    actor_id: int | None,
    compiled_of: Callable[[int], CompiledSurvey],
) -> Report | None:
    """A pinned response (returned after the cycle moved on) to its cycle's version, version by
    version through each one's mapping. `compiled_of(version_id)` gives a compiled survey."""
    if response.version_id == cycle.version_id:
        return None
    versions = _versions_between(session, cycle.survey_id, response.version_id, cycle.version_id)
    last: Report | None = None
    current = response.version_id
    for next_id in versions:
        step = plan(compiled_of(current), compiled_of(next_id))
        done = migrate_response(session, response.id or 0, step, current, next_id, actor_id)
        if done is None:
            break
        last, current = done[2], next_id
    session.refresh(response)
    return last
