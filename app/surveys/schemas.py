"""What the survey endpoints return."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class CycleOut(BaseModel):
    code: str
    version: str = Field(description="sha256 of the version answered in this cycle")
    opens_on: dt.date | None
    closes_on: dt.date | None
    open_now: bool
    carried_over: dict[str, int] | None = Field(
        None, description="when opened from an earlier cycle: responses, answers carried, answers left behind"
    )


class SurveySummary(BaseModel):
    id: str
    title: str
    languages: list[str]
    respondent: str
    latest_version: str
    cycles: list[CycleOut]


class SurveyDetail(BaseModel):
    id: str
    title: str
    languages: list[str]
    respondent: str
    version: str = Field(description="sha256 of the version shown")
    cycle: str | None = Field(description="the cycle whose version is shown, if any")
    definition: dict[str, Any]


class VersionOut(BaseModel):
    id: int
    sha256: str
    published_at: dt.datetime
    title: str


class CycleIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        json_schema_extra={"examples": [{"code": "2028", "closes_on": "2028-12-31", "from": "2026"}]},
    )

    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=32)
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    version: str | None = Field(None, description="version id or sha256 prefix (default: the latest)")
    from_: str | None = Field(
        None, alias="from", description="an earlier cycle: each party's response starts from its answers there"
    )


class MigratedOut(BaseModel):
    cycle: str
    subject: str
    revision: int = Field(description="the new revision, authored by the publisher")
    carried: int
    converted: int
    dropped: int
    not_carried: int


class PublishOut(BaseModel):
    survey: str
    version: str
    created: bool = Field(description="false when identical content had been published before, or on a dry run")
    dry_run: bool = False
    previous_version: str | None = Field(None, description="sha256 of the latest version before, compared with")
    diff: dict[str, Any] | None = Field(
        None,
        description="the changes from the previous version, as `tns survey diff --format json`, with touched counts",
    )
    cycles_moved: list[str] = Field([], description="the cycles moved to the new version")
    responses_migrated: list[MigratedOut] = Field([], description="draft and returned responses moved with them")
