"""What the survey endpoints return."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class SurveySummary(BaseModel):
    id: str
    title: str
    languages: list[str]
    respondent: str
    sha256: str


class SurveyDetail(SurveySummary):
    definition: dict[str, Any]
