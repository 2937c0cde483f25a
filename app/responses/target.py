"""Whose response, in which cycle: resolved from the URL in one query, before any permission check.

Every route of a response starts here, and autosave is the hottest path, so the survey's cycles,
the version's sha256, the party (or respondent) and the state of the response (id, revision,
status, version) are read in one statement instead of four. The rows are plain columns (no ORM
loading); the response's answers are not read (a save replaces them, other routes load the row).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, select
from sqlmodel import Session

from app.compiler import CompiledSurvey
from app.core.errors import NotFoundError
from app.core.security import token_hash
from app.registry.models import Country
from app.responses.models import Respondent, Response, Status
from app.surveys.models import Cycle, SurveyVersion
from app.surveys.service import compiled_survey, pick_cycle
from app.users.models import ApiToken, User


@dataclass(frozen=True, slots=True)
class ResponseState:
    """A response as it was when the target was resolved (its answers left unread)."""

    id: int
    revision: int
    status: Status
    version_id: int


@dataclass(frozen=True, slots=True)
class Target:
    """Whose response, in which cycle: resolved from the URL before any permission check."""

    cycle: Cycle
    sha256: str  # the version answered in the cycle
    survey: CompiledSurvey
    subject: str
    party: str | None
    respondent: Respondent | None
    state: ResponseState | None = None  # None: no response yet (when resolved)

    @property
    def path(self) -> str:
        return f"{self.cycle.survey_id}/{self.cycle.code}/{self.subject}"


_cycles = Cycle.__table__  # type: ignore[attr-defined]
_respondents = Respondent.__table__  # type: ignore[attr-defined]
_responses = Response.__table__  # type: ignore[attr-defined]
_versions = SurveyVersion.__table__  # type: ignore[attr-defined]
_countries = Country.__table__  # type: ignore[attr-defined]
_tokens = ApiToken.__table__  # type: ignore[attr-defined]
_users = User.__table__  # type: ignore[attr-defined]
_cycle, _respondent, _response, _version, _country, _token, _user = (
    t.c for t in (_cycles, _respondents, _responses, _versions, _countries, _tokens, _users)
)
# The user of an API token, as app.users.service.user_for_token finds it (same conditions).
_token_user = _users.join(
    _tokens,
    and_(_token.user_id == _user.id, _token.token_hash == bindparam("token_hash"), _token.revoked_at.is_(None)),
)

# Every cycle of the survey, each with its version's sha256, the country and the respondent the
# subject may name, the response of the upper-cased subject (a party's code, or a respondent's
# as issued) and the user of the API token if one was given. Built once: its cache key is
# computed once, not per request.
_QUERY = (
    select(
        *_cycle,
        *(c.label(f"u_{c.name}") for c in _user),
        _version.sha256,
        _country.iso3.label("country"),
        _respondent.id.label("r_id"),
        _respondent.code.label("r_code"),
        _respondent.user_id.label("r_user_id"),
        _respondent.country.label("r_country"),
        _respondent.organisation.label("r_organisation"),
        _response.id.label("response_id"),
        _response.revision.label("response_revision"),
        _response.status.label("response_status"),
        _response.version_id.label("response_version_id"),
    )
    .join(_versions, _version.id == _cycle.version_id)
    .outerjoin(_countries, _country.iso3 == bindparam("upper"))
    .outerjoin(_respondents, and_(_respondent.code == bindparam("subject"), _respondent.survey_id == _cycle.survey_id))
    .outerjoin(_responses, and_(_response.cycle_id == _cycle.id, _response.subject == bindparam("upper")))
    .outerjoin(_token_user, _user.active)
    .where(_cycle.survey_id == bindparam("survey"))
    .order_by(_cycle.id)
)
_CYCLE_FIELDS = tuple(c.name for c in _cycle)
_USER_FIELDS = tuple((f"u_{c.name}", c.name) for c in _user)


def resolve(session: Session, survey_id: str, subject: str, code: str | None, today: dt.date | None = None) -> Target:
    """The target of `subject` in the named cycle of a survey (default: the one open today)."""
    return resolve_signed_in(session, survey_id, subject, code, None, today)[0]


def resolve_signed_in(
    session: Session, survey_id: str, subject: str, code: str | None, token: str | None, today: dt.date | None = None
) -> tuple[Target, User | None]:
    """`resolve`, and the user of an API token in the same query: None if no token was given or it
    is unknown, revoked or its user inactive (ask app.users.service for the reason)."""
    params = {
        "survey": survey_id,
        "subject": subject,
        "upper": subject.upper(),
        "token_hash": token_hash(token) if token else None,
    }
    rows = session.execute(_QUERY, params).all()
    cycles = [Cycle(**{name: row._mapping[name] for name in _CYCLE_FIELDS}) for row in rows]
    cycle = pick_cycle(cycles, survey_id, code, today)
    row = next(row for c, row in zip(cycles, rows, strict=True) if c is cycle)
    survey = compiled_survey(session, cycle.version_id, row.sha256)
    if survey.spec.respondent == "individual":
        if row.r_id is None:  # the same words as for another's: codes are not to be guessed
            raise NotFoundError(f"no response '{subject}' that you can see", loc=["party"])
        respondent = Respondent(
            id=row.r_id,
            code=row.r_code,
            survey_id=survey_id,
            user_id=row.r_user_id,
            country=row.r_country,
            organisation=row.r_organisation,
        )
        target = Target(cycle, row.sha256, survey, respondent.code, respondent.country, respondent)
    else:
        if row.country is None:
            raise NotFoundError(f"no country or party '{subject}' in the registry", loc=["party"])
        target = Target(cycle, row.sha256, survey, row.country, row.country, None)
    user = None if row.u_id is None else User(**{name: row._mapping[label] for label, name in _USER_FIELDS})
    if target.subject != subject.upper():  # pragma: no cover - issued codes are upper case; read it on its own
        return _with_state(session, target), user
    if row.response_id is None:
        return target, user
    state = ResponseState(row.response_id, row.response_revision, row.response_status, row.response_version_id)
    return _replace_state(target, state), user


def resolve_target(session: Session, cycle: Cycle, subject: str) -> Target:
    """The target of `subject` in a cycle already loaded."""
    return resolve(session, cycle.survey_id, subject, cycle.code)


def _with_state(session: Session, target: Target) -> Target:
    row = session.execute(
        select(_response.id, _response.revision, _response.status, _response.version_id).where(
            _response.cycle_id == target.cycle.id, _response.subject == target.subject
        )
    ).first()
    return target if row is None else _replace_state(target, ResponseState(*row))


def _replace_state(target: Target, state: ResponseState) -> Target:
    return Target(target.cycle, target.sha256, target.survey, target.subject, target.party, target.respondent, state)
