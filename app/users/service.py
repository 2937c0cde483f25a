"""Users, API tokens, invitation links and browser sessions."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from app.audit.service import record
from app.core.errors import ConflictError, InvalidError, NotFoundError, UnauthorizedError
from app.core.security import new_token, token_hash
from app.core.types import utcnow
from app.registry.service import get_country
from app.responses.models import Respondent
from app.users.models import ApiToken, Invitation, Role, User, WebSession

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
INVITATION_TTL = dt.timedelta(days=14)
SESSION_TTL = dt.timedelta(days=7)


@dataclass(frozen=True, slots=True)
class NewUser:
    user: User
    token: str  # shown once, never stored
    respondent: Respondent | None = None


def add_user(
    session: Session,
    email: str,
    role: Role,
    *,
    party: str | None = None,
    name: str = "",
    survey: str | None = None,
    actor_id: int | None = None,
) -> NewUser:
    """Create a user and a first API token. Focal points need a party; respondents a survey."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise InvalidError(f"'{email}' is not an email address", loc=["email"], code="invalid_email")
    if session.exec(select(User).where(User.email == email)).first():
        raise ConflictError(f"a user with email '{email}' exists already", loc=["email"], code="user_exists")
    if role is Role.focal_point and not party:
        raise InvalidError(
            "a focal point is bound to one party: give --party ISO3", loc=["party"], code="party_required"
        )
    if role is Role.respondent and not survey:
        raise InvalidError("a respondent is invited to one survey", loc=["survey"], code="survey_required")
    country = get_country(session, party).iso3 if party else None
    user = User(email=email, role=role, party=country if role is not Role.respondent else None, name=name)
    session.add(user)
    session.flush()
    respondent = None
    if role is Role.respondent and survey:
        respondent = Respondent(
            code=f"R{secrets.token_hex(4).upper()}", survey_id=survey, user_id=user.id or 0, country=country
        )
        session.add(respondent)
    token = issue_token(session, user)
    record(session, "user.add", email, actor_id, role=role.value, party=country, survey=survey)
    return NewUser(user, token, respondent)


def issue_token(session: Session, user: User) -> str:
    token = new_token()
    session.add(ApiToken(user_id=user.id or 0, token_hash=token_hash(token)))
    session.flush()
    return token


def get_user(session: Session, email: str) -> User:
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        raise NotFoundError(f"no user '{email}'", loc=["email"])
    return user


# Every request of an API client or a browser reads one of these: built once, so their cache keys
# are computed once (building the statement cost as much as running it).
_BY_TOKEN = (
    select(User)
    .join(ApiToken, col(ApiToken.user_id) == col(User.id))
    .where(col(ApiToken.token_hash) == bindparam("hash"), col(ApiToken.revoked_at).is_(None), col(User.active))
)
_BY_SESSION = (
    select(WebSession, User)
    .join(User, col(User.id) == col(WebSession.user_id))
    .where(col(WebSession.token_hash) == bindparam("hash"), col(User.active))
)


def user_for_token(session: Session, token: str) -> User:
    row = session.exec(_BY_TOKEN, params={"hash": token_hash(token)}).first()
    if row is None:
        raise UnauthorizedError("unknown or revoked token")
    return row


def invite(session: Session, user: User, actor_id: int | None, ttl: dt.timedelta = INVITATION_TTL) -> str:
    """A single-use link token that signs `user` in to the browser until it expires."""
    token = new_token()
    expires = utcnow() + ttl
    session.add(Invitation(user_id=user.id or 0, token_hash=token_hash(token), expires_at=expires, created_by=actor_id))
    record(session, "invitation.create", user.email, actor_id, expires=expires.isoformat())
    session.flush()
    return token


def redeem(session: Session, token: str) -> tuple[User, str]:
    """Use an invitation (once): returns the user and a new session token for the cookie."""
    now = utcnow()
    invitation = session.exec(select(Invitation).where(Invitation.token_hash == token_hash(token))).first()
    if invitation is None:
        raise NotFoundError("this invitation link is not valid", code="invitation_invalid")
    if invitation.used_at is not None:
        raise ConflictError("this invitation link has been used already; ask for a new one", code="invitation_used")
    if _aware(invitation.expires_at) < now:
        raise ConflictError("this invitation link has expired; ask for a new one", code="invitation_expired")
    # Mark it used only if nobody else did meanwhile: a link opened twice at once signs in once.
    claimed = session.execute(
        update(Invitation)
        .where(col(Invitation.id) == invitation.id, col(Invitation.used_at).is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError("this invitation link has been used already; ask for a new one", code="invitation_used")
    user = session.get(User, invitation.user_id)
    assert user is not None
    record(session, "invitation.redeem", user.email, user.id)
    return user, start_session(session, user)


def start_session(session: Session, user: User) -> str:
    token = new_token()
    session.add(WebSession(user_id=user.id or 0, token_hash=token_hash(token), expires_at=utcnow() + SESSION_TTL))
    session.flush()
    return token


def user_for_session(session: Session, token: str) -> User:
    row = session.exec(_BY_SESSION, params={"hash": token_hash(token)}).first()
    if row is None or _aware(row[0].expires_at) < utcnow():
        raise UnauthorizedError(
            "your session has ended; sign in again with your invitation link", code="session_expired"
        )
    return row[1]


def end_session(session: Session, token: str) -> None:
    ws = session.exec(select(WebSession).where(WebSession.token_hash == token_hash(token))).first()
    if ws is not None:
        session.delete(ws)


def respondent_for(session: Session, user: User, survey_id: str) -> Respondent | None:
    return session.exec(
        select(Respondent).where(Respondent.user_id == user.id, Respondent.survey_id == survey_id)
    ).first()


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes (stored as UTC)."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
