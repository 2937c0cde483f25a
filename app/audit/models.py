"""The audit log: every state change and every administrative action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Field, SQLModel

from app.core.types import JSONType, UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    action: str = Field(max_length=64, index=True)  # e.g. response.submit, survey.publish
    target: str = Field(default="", max_length=200)  # e.g. technology-needs/2026/KEN
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
