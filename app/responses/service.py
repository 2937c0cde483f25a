"""The response lifecycle: draft -> submitted -> returned -> draft ... -> accepted.

Every save is a new revision (kept forever, with author and time). Saves name the revision they
were based on: a stale one is refused (409, with the current revision) and overwrites nothing.
The check-and-bump is one conditional UPDATE, so it holds across any number of workers sharing
the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import literal, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from app.audit.service import record
from app.compiler import CompiledSurvey, validate
from app.compiler.answers import at
from app.compiler.messages import render
from app.core.errors import ConflictError, InvalidError, NotFoundError, PreconditionRequiredError
from app.core.types import utcnow
from app.responses import write
from app.responses.models import Response, ReviewComment, Revision, Status
from app.responses.target import Target
from app.results.facts import replace_facts
from app.surveys.migration import migrate_to_cycle_version
from app.surveys.models import Cycle
from app.surveys.service import compiled_by_id, require_open
from app.users.models import User

EDITABLE = (Status.draft, Status.returned)


def find(session: Session, target: Target) -> Response | None:
    query = select(Response).where(Response.cycle_id == target.cycle.id, Response.subject == target.subject)
    return session.exec(query).first()


def get(session: Session, target: Target) -> Response:
    response = find(session, target)
    if response is None:
        raise NotFoundError(f"{target.subject} has not started a response in cycle '{target.cycle.code}'")
    return response


def survey_of(session: Session, response: Response) -> CompiledSurvey:
    return compiled_by_id(session, response.version_id)[1]


def _errors(survey: CompiledSurvey, answers: Any, mode: str, lang: str | None) -> list[dict[str, Any]]:
    result = validate(survey, answers, mode)  # type: ignore[arg-type]
    return [e.as_dict(survey, lang) for e in result.errors]


@dataclass(frozen=True, slots=True)
class Saved:
    """What a save wrote: enough to answer it (the answers are the caller's own)."""

    revision: int
    status: Status
    version_id: int
    updated_at: dt.datetime


def save_draft(
    session: Session,
    target: Target,
    answers: dict[str, Any],
    if_match: int | None,
    actor: User,
    *,
    lang: str | None = None,
    today: dt.date | None = None,
) -> Saved:
    """Save answers as a new revision. Partial answers are fine; types and formats are checked.

    The response's state is the one read with the target (same transaction): the UPDATE checks
    the revision and the status again, so a save made meanwhile is refused, never overwritten.
    """
    require_open(target.cycle, today)
    state = target.state
    if state is None and if_match not in (None, 0):
        raise _stale(0, if_match)
    if state is not None and if_match is None:
        raise PreconditionRequiredError(
            f"this response exists (revision {state.revision}): send If-Match with the revision you edited",
            code="revision_required",
            extra={"current_revision": state.revision},
        )
    if state is not None and state.status not in EDITABLE:
        raise ConflictError(
            f"the response is {state.status.value} and cannot be edited",
            code="not_editable",
            extra={"current_revision": state.revision, "status": state.status.value},
        )
    if state is not None and if_match != state.revision:
        # Checked before the answers: after a new version was published, a stale browser sends
        # answers to the old one, and what it needs to hear is "reload", not "unknown question".
        # The conditional UPDATE below still decides races.
        raise _stale(state.revision, if_match or 0)
    survey = (
        target.survey
        if state is None or state.version_id == target.cycle.version_id
        else compiled_by_id(session, state.version_id)[1]
    )
    errors = _errors(survey, answers, "draft", lang)
    if errors and state is not None:
        # A value already stored as it is (kept by a migration's `keep_invalid`, or carried over
        # from an earlier cycle under a tighter rule) never blocks saving the rest: submit asks
        # for it to be corrected.
        stored = session.execute(select(col(Response.answers)).where(col(Response.id) == state.id)).scalar_one()
        errors = [e for e in errors if not _kept(stored, answers, e["loc"])]
    if errors:
        raise InvalidError(f"{len(errors)} answer(s) are not valid", errors=errors)
    if state is None:
        return _create(session, target, answers, actor)
    assert if_match is not None  # a save of an existing response without one was refused above
    now = utcnow()
    if not write.bump(session, state.id, if_match, answers, actor.id, now):
        current = session.execute(select(col(Response.revision)).where(col(Response.id) == state.id)).scalar_one()
        raise _stale(current, if_match)
    loaded = session.identity_map.get(identity_key(Response, state.id))
    if loaded is not None:  # a page loaded the row in this session: show it what the UPDATE wrote
        for name, value in (
            ("revision", if_match + 1),
            ("answers", answers),
            ("status", Status.draft),
            ("updated_at", now),
            ("notice", None),
        ):
            set_committed_value(loaded, name, value)
    return Saved(if_match + 1, Status.draft, state.version_id, now)


def _kept(stored: Any, answers: Any, loc: list[str | int]) -> bool:
    """The answer at `loc` is one already stored, unchanged."""
    before = at(stored, loc)
    return before is not None and before == at(answers, loc)


def _stale(current: int, sent: int) -> ConflictError:
    return ConflictError(
        f"the response was saved by someone else meanwhile: you edited revision {sent}, the current one is {current}",
        code="stale_revision",
        extra={"current_revision": current},
    )


def _create(session: Session, target: Target, answers: dict[str, Any], actor: User) -> Saved:
    response = Response(
        cycle_id=target.cycle.id or 0,
        subject=target.subject,
        party=target.party,
        respondent_id=target.respondent.id if target.respondent else None,
        version_id=target.cycle.version_id,
        revision=1,
        answers=answers,
    )
    try:
        with session.begin_nested():
            session.add(response)
            session.flush()
    except IntegrityError:  # another first save won the race
        current = find(session, target)
        raise _stale(current.revision if current else 0, 0) from None
    session.add(Revision(response_id=response.id or 0, number=1, answers=answers, author_id=actor.id))
    record(session, "response.start", target.path, actor.id)
    session.flush()
    return Saved(response.revision, response.status, response.version_id, response.updated_at)


def submit(
    session: Session,
    target: Target,
    actor: User,
    if_match: int | None,
    *,
    lang: str | None = None,
    today: dt.date | None = None,
) -> Response:
    """Submit the current revision after full validation; on failure nothing changes (422, every error)."""
    require_open(target.cycle, today)
    response = get(session, target)
    if if_match is not None and if_match != response.revision:
        raise _stale(response.revision, if_match)
    if response.status not in EDITABLE:
        raise ConflictError(f"the response is {response.status.value} already", code="not_submittable")
    survey = survey_of(session, response)
    result = validate(survey, response.answers, "submit")
    errors = [e.as_dict(survey, lang) for e in result.errors] + _unconfirmed(survey, response, lang)
    if errors:
        raise InvalidError(f"the response cannot be submitted: {len(errors)} problem(s)", errors=errors)
    response = _transition(
        session, target, response, Status.submitted, actor, (Status.draft, Status.returned), response.revision
    )
    replace_facts(session, response.id or 0, survey, result.record)  # what the aggregates count
    response.record = result.record  # what the exports of submitted responses show
    session.flush()
    return response


def return_for_changes(
    session: Session, target: Target, actor: User, comments: list[tuple[list[str | int], str]], message: str
) -> Response:
    response = get(session, target)
    survey = survey_of(session, response)
    for i, (loc, _text) in enumerate(comments):
        if not loc or str(loc[0]) not in survey.questions:
            raise InvalidError(
                f"comment {i + 1}: '{loc[0] if loc else ''}' is not a question of this survey",
                loc=["comments", i, "loc"],
                code="unknown_question",
            )
    response = _transition(session, target, response, Status.returned, actor, (Status.submitted,), message=message)
    # Returned after its cycle moved to a newer version: it moves now, through each version's mapping.
    migrate_to_cycle_version(session, response, target.cycle, actor.id, lambda v: compiled_by_id(session, v)[1])
    for loc, text in comments:
        session.add(
            ReviewComment(
                response_id=response.id or 0, revision=response.revision, loc=loc, text=text, author_id=actor.id
            )
        )
    session.flush()
    return response


def dismiss_notice(session: Session, target: Target) -> None:
    """The focal point has read what changed when the response moved to a new version."""
    response = get(session, target)
    response.notice = None
    session.add(response)
    session.flush()


def confirm_sections(session: Session, target: Target, sections: list[str]) -> Response:
    """The focal point has checked these sections' carried-over answers (or changed them)."""
    response = get(session, target)
    pending = list((response.carried or {}).get("sections", []))
    known = {x.id for x in survey_of(session, response).sections} | set(pending)
    unknown = [s for s in sections if s not in known]
    if unknown:
        raise InvalidError(f"no section '{unknown[0]}' in this survey", loc=["sections"], code="unknown_section")
    left = [s for s in pending if s not in sections]
    if left != pending:
        response.carried = {**(response.carried or {}), "sections": left} if left else None
        session.add(response)
        session.flush()
    return response


def _unconfirmed(survey: CompiledSurvey, response: Response, lang: str | None) -> list[dict[str, Any]]:
    """One error per section still carried over from an earlier cycle, not yet confirmed."""
    carried = response.carried or {}
    titles = {s.id: survey.text(s.spec.title, lang) for s in survey.sections}
    # A section a later version removed has nothing left to confirm.
    return [
        {
            "loc": [section],
            "code": "carried_over_unconfirmed",
            "msg": render(
                "carried_over_unconfirmed",
                {"section": titles.get(section, section), "cycle": carried.get("from", "")},
                lang or survey.default_language,
            ),
        }
        for section in carried.get("sections", [])
        if section in titles
    ]


def accept(session: Session, target: Target, actor: User) -> Response:
    return _transition(session, target, get(session, target), Status.accepted, actor, (Status.submitted,))


def _transition(
    session: Session,
    target: Target,
    response: Response,
    to: Status,
    actor: User,
    allowed_from: tuple[Status, ...],
    revision: int | None = None,
    **detail: Any,
) -> Response:
    """Move to `to` if the status is still one of `allowed_from` (checked in the UPDATE itself)."""
    now = utcnow()
    stamps = {Status.submitted: "submitted_at", Status.returned: "returned_at", Status.accepted: "accepted_at"}
    moved = session.execute(
        update(Response)
        .where(col(Response.id) == response.id, col(Response.status).in_([s.value for s in allowed_from]))
        .where(col(Response.revision) == revision if revision is not None else literal(True))
        .values(status=to.value, updated_at=now, **{stamps[to]: now})
        .execution_options(synchronize_session=False)
    )
    session.refresh(response)
    if moved.rowcount != 1 and revision is not None and response.revision != revision:  # type: ignore[attr-defined]
        raise _stale(response.revision, revision)  # saved meanwhile: what was validated is not current
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError(
            f"cannot move a {response.status.value} response to {to.value}",
            code="invalid_transition",
            extra={"status": response.status.value},
        )
    record(session, f"response.{to.value}", target.path, actor.id, revision=response.revision, **detail)
    session.flush()
    return response


def list_for_cycle(session: Session, cycle: Cycle) -> Sequence[Response]:
    return session.exec(select(Response).where(Response.cycle_id == cycle.id).order_by(col(Response.subject))).all()


def revisions(session: Session, response: Response) -> Sequence[tuple[Revision, str | None]]:
    rows = session.exec(
        select(Revision, User.email)
        .join(User, col(User.id) == col(Revision.author_id), isouter=True)
        .where(Revision.response_id == response.id)
        .order_by(col(Revision.number))
    ).all()
    return [(rev, email) for rev, email in rows]


def comments(session: Session, response: Response) -> Sequence[ReviewComment]:
    return session.exec(
        select(ReviewComment).where(ReviewComment.response_id == response.id).order_by(col(ReviewComment.id))
    ).all()
