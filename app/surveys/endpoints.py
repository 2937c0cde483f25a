"""Survey definitions over HTTP. Thin: the service does the work."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.api.deps import SettingsDep
from app.compiler.schemas import response_schema
from app.surveys.schemas import SurveyDetail, SurveySummary
from app.surveys.service import Definition, get_definition, load_definitions

router = APIRouter(prefix="/api/v1/surveys", tags=["surveys"])

Lang = Annotated[str | None, Query(description="Language of the titles; default: the survey's first.")]


def _summary(d: Definition, lang: str | None) -> dict[str, Any]:
    s = d.survey
    return {
        "id": s.id,
        "title": s.text(s.spec.title, lang),
        "languages": list(s.languages),
        "respondent": s.spec.respondent,
        "sha256": d.sha256,
    }


@router.get("", response_model=list[SurveySummary])
def list_surveys(settings: SettingsDep, lang: Lang = None) -> list[dict[str, Any]]:
    return [_summary(d, lang) for d in load_definitions(settings.definitions_dir)]


@router.get("/{survey}", response_model=SurveyDetail)
def read_survey(survey: str, settings: SettingsDep, lang: Lang = None) -> dict[str, Any]:
    d = get_definition(settings.definitions_dir, survey)
    definition = d.survey.spec.model_dump(mode="json", exclude_none=True)
    return {**_summary(d, lang), "definition": definition}


@router.get("/{survey}/response-schema")
def read_response_schema(survey: str, settings: SettingsDep) -> dict[str, Any]:
    """The JSON Schema of an answers document to this survey."""
    return response_schema(get_definition(settings.definitions_dir, survey).survey)
