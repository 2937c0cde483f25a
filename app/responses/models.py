"""Responses, every saved revision of them, and the secretariat's review comments."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import UniqueConstraint, and_, case
from sqlmodel import Field, SQLModel, col

from app.core.types import JSONType, UTCDateTime, enum_type, utcnow


class Status(StrEnum):
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    accepted = "accepted"


class Respondent(SQLModel, table=True):
    """An invited individual of a survey whose respondent unit is `individual`."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)  # the id used in URLs instead of a party code
    survey_id: str = Field(index=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    country: str | None = Field(default=None, foreign_key="country.iso3")
    organisation: str = Field(default="", max_length=300)


class Response(SQLModel, table=True):
    """One party's (or respondent's) response in one cycle. `answers` is the latest revision's."""

    __table_args__ = (UniqueConstraint("cycle_id", "subject"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    subject: str = Field(max_length=32)  # a party's ISO3 code, or a respondent's code
    party: str | None = Field(default=None, foreign_key="country.iso3", index=True)
    respondent_id: int | None = Field(default=None, foreign_key="respondent.id")
    version_id: int = Field(foreign_key="survey_version.id")  # the version it is answered against
    status: Status = Field(default=Status.draft, index=True, sa_type=enum_type(Status))
    revision: int = 0
    answers: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    # What the last submission recorded: the answers that applied (shown), as the facts count them.
    # Exports of submitted and accepted responses read it; drafts keep hidden answers in `answers`.
    record: dict[str, Any] | None = Field(default=None, sa_type=JSONType)
    # What changed in the answers when a new version was published (the migration report), shown to
    # the focal point the next time they open the response, until they save or dismiss it.
    notice: dict[str, Any] | None = Field(default=None, sa_type=JSONType)
    # Pre-filled from an earlier cycle: {"from": cycle code, "sections": [section ids]}, the sections
    # whose answers the focal point has not yet confirmed or changed (submit waits for them).
    carried: dict[str, Any] | None = Field(default=None, sa_type=JSONType)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    submitted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    returned_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    accepted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class Revision(SQLModel, table=True):
    """Every save of a response, kept: who saved what, when."""

    __table_args__ = (UniqueConstraint("response_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    number: int
    answers: dict[str, Any] = Field(sa_type=JSONType)
    author_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Set when this revision moved the response to another version: from and to (version ids) and
    # the report of every answer that did not stay as it was (app/compiler/migrate). None for saves.
    migration: dict[str, Any] | None = Field(default=None, sa_type=JSONType)


class ReviewComment(SQLModel, table=True):
    """A secretariat comment on one answer, made when a submission is returned."""

    __tablename__ = "review_comment"

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    revision: int
    loc: list[str | int] = Field(sa_type=JSONType)
    text: str
    author_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


def answers_of_record() -> Any:
    """SQL: a response's answers as they stand for everyone else: what a submitted or accepted
    response submitted (the answers that applied), a draft's or returned response's latest save."""
    recorded = and_(
        col(Response.status).in_([Status.submitted.value, Status.accepted.value]), col(Response.record).is_not(None)
    )
    return case((recorded, col(Response.record)), else_=col(Response.answers))
