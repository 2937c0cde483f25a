"""Published survey versions (immutable) and the cycles a survey runs in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.types import JSONType, UTCDateTime, utcnow


class SurveyVersion(SQLModel, table=True):
    """A compiled definition as published. Never updated: its sha256 is its identity."""

    __tablename__ = "survey_version"

    id: int | None = Field(default=None, primary_key=True)
    survey_id: str = Field(index=True, max_length=64)
    sha256: str = Field(unique=True, max_length=64)
    source: str  # the YAML as published
    definition: dict[str, Any] = Field(sa_type=JSONType)  # the parsed definition, for API readers
    published_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    published_by: int | None = Field(default=None, foreign_key="user.id")


class Cycle(SQLModel, table=True):
    """One round of a survey (e.g. 2026), open between two dates, answered against one version."""

    __table_args__ = (UniqueConstraint("survey_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    survey_id: str = Field(index=True, max_length=64)
    code: str = Field(max_length=32)
    version_id: int = Field(foreign_key="survey_version.id")
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    def is_open(self, today: dt.date) -> bool:
        return (self.opens_on is None or self.opens_on <= today) and (self.closes_on is None or today <= self.closes_on)
