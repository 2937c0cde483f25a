"""Request and response bodies of the responses API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class SaveBody(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"answers": {"respondent_name": "Amina Diallo", "priority_sectors": ["asgm"]}}]
        },
    )

    answers: dict[str, Any] = Field(description="Answers keyed by question id (see the survey's response-schema).")


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    loc: list[str | int] = Field(min_length=1, description="Where the comment applies, e.g. ['sector_needs', 'asgm'].")
    text: str = Field(min_length=1, max_length=5000)


class ReturnBody(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "message": "Please complete the cost estimates.",
                    "comments": [{"loc": ["sector_needs", "asgm", "estimated_cost_usd"], "text": "Estimate missing"}],
                }
            ]
        },
    )

    message: str = Field("", max_length=5000)
    comments: list[CommentIn] = Field(default_factory=list, max_length=500)


class CommentOut(BaseModel):
    loc: list[str | int]
    text: str
    revision: int
    created_at: dt.datetime


class ResponseOut(BaseModel):
    survey: str
    cycle: str
    subject: str = Field(description="The party's ISO3 code, or the respondent's code.")
    party: str | None
    status: str = Field(description="not_started, draft, submitted, returned or accepted")
    revision: int = Field(description="Send it back as If-Match when saving.")
    version: str = Field(description="sha256 of the survey version the response is answered against.")
    answers: dict[str, Any]
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None
    accepted_at: dt.datetime | None = None
    comments: list[CommentOut] = []
    notice: dict[str, Any] | None = Field(
        None,
        description="What changed in the answers when the response moved to a new survey version (summary and "
        "items: converted, dropped, not_carried), until the next save or DELETE .../notice.",
    )
    carried_over: dict[str, Any] | None = Field(
        None,
        description="Pre-filled from an earlier cycle: {from: cycle, sections: [ids not yet confirmed]}; "
        "POST .../confirm with the sections once checked. Submit waits for every section.",
    )


class ConfirmBody(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"sections": ["respondent"]}]})

    sections: list[str] = Field(min_length=1, max_length=200)


class SavedOut(BaseModel):
    """What a save answers: enough to send the next save (If-Match: revision)."""

    survey: str
    cycle: str
    subject: str
    party: str | None
    status: str
    revision: int = Field(description="Send it back as If-Match with the next save.")
    version: str
    updated_at: dt.datetime


class ResponseSummary(BaseModel):
    subject: str
    party: str | None
    status: str
    revision: int
    created_at: dt.datetime
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    returned_at: dt.datetime | None
    accepted_at: dt.datetime | None


class RevisionOut(BaseModel):
    number: int
    author: str | None
    created_at: dt.datetime
    answers: dict[str, Any] | None = None
    migration: dict[str, Any] | None = Field(
        None, description="Set when this revision moved the response to another version: the migration report."
    )
