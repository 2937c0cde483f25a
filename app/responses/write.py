"""The write of a save: the conditional UPDATE of the response and the INSERT of its revision.

Autosave is the hottest path, so these are Core statements built once (their cache keys are
computed once, and no ORM unit of work runs). On PostgreSQL both are one statement: the UPDATE
returns the answers it wrote and the INSERT takes them from it, so the answers are encoded and sent
once. SQLite cannot put an UPDATE in a WITH clause, so there they are two statements in the same
transaction: the same effect.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Integer, bindparam, insert, literal_column, select, update
from sqlalchemy.sql.dml import ReturningInsert
from sqlmodel import Session

from app.responses.models import Response, Revision, Status

EDITABLE = (Status.draft.value, Status.returned.value)

_response = Response.__table__  # type: ignore[attr-defined]
_revision = Revision.__table__  # type: ignore[attr-defined]

# The revision moves on only if it is still the one the save was based on and the response is
# still editable: checked in the UPDATE itself, so it holds across workers and machines.
_UPDATE = (
    update(_response)
    .where(
        _response.c.id == bindparam("response_id"),
        _response.c.revision == bindparam("base"),
        _response.c.status.in_(EDITABLE),
    )
    .values(
        revision=bindparam("number", type_=Integer),
        answers=bindparam("answers", type_=_response.c.answers.type),
        status=Status.draft,
        updated_at=bindparam("now", type_=_response.c.updated_at.type),
        notice=None,  # what changed when a new version was published: seen once the person saves
    )
)
_INSERT = insert(_revision).values(
    response_id=bindparam("response_id"),
    number=bindparam("number"),
    answers=bindparam("answers"),
    author_id=bindparam("author_id"),
    created_at=bindparam("now"),
)
_bumped = _UPDATE.returning(_response.c.id, _response.c.revision, _response.c.answers, _response.c.updated_at).cte(
    "bumped"
)
_BOTH: ReturningInsert[tuple[Any]] = (
    insert(_revision)
    .from_select(
        ["response_id", "number", "answers", "author_id", "created_at"],
        select(
            _bumped.c.id,
            _bumped.c.revision,
            _bumped.c.answers,
            bindparam("author_id", type_=Integer),
            _bumped.c.updated_at,
        ),
    )
    .returning(literal_column("1"))
)


def bump(
    session: Session, response_id: int, base: int, answers: dict[str, Any], author_id: int | None, now: dt.datetime
) -> bool:
    """Store `answers` as revision base + 1 of the response, if it is still at `base` and editable.

    False (and nothing written) if it has moved on or cannot be edited any more."""
    params = {
        "response_id": response_id,
        "base": base,
        "number": base + 1,
        "answers": answers,
        "author_id": author_id,
        "now": now,
    }
    if session.get_bind().dialect.name == "postgresql":
        return session.execute(_BOTH, params).first() is not None
    if session.execute(_UPDATE, params).rowcount != 1:  # type: ignore[attr-defined]
        return False
    session.execute(_INSERT, params)
    return True
