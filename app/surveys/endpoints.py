"""Survey definitions, versions and cycles over HTTP. Thin: the service does the work."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from app.api.deps import Admin, SessionDep
from app.compiler.schemas import response_schema
from app.core.errors import InvalidError, NotFoundError
from app.surveys import service
from app.surveys.carry import open_from
from app.surveys.models import Cycle, SurveyVersion
from app.surveys.schemas import CycleIn, CycleOut, MigratedOut, PublishOut, SurveyDetail, SurveySummary, VersionOut

router = APIRouter(prefix="/api/v1/surveys", tags=["surveys"])

Lang = Annotated[str | None, Query(description="Language of the titles; default: the survey's first.")]
CycleQ = Annotated[str | None, Query(description="Cycle code (default: the open cycle).")]
MAX_DEFINITION_BYTES = 5 * 1024 * 1024


def _cycle_out(session: SessionDep, cycle: Cycle) -> CycleOut:
    version = session.get(SurveyVersion, cycle.version_id)
    return CycleOut(
        code=cycle.code,
        version=version.sha256 if version else "",
        opens_on=cycle.opens_on,
        closes_on=cycle.closes_on,
        open_now=cycle.is_open(dt.date.today()),
    )


def _shown_version(session: SessionDep, survey: str, cycle: str | None) -> tuple[SurveyVersion, str | None]:
    try:
        c = service.get_cycle(session, survey, cycle)
    except NotFoundError:
        if cycle is not None:
            raise
        return service.latest_version(session, survey), None
    version = session.get(SurveyVersion, c.version_id)
    assert version is not None
    return version, c.code


@router.get("", response_model=list[SurveySummary])
def list_surveys(session: SessionDep, lang: Lang = None) -> list[SurveySummary]:
    """Every published survey, its latest version and its cycles."""
    out = []
    for survey_id in service.survey_ids(session):
        latest = service.latest_version(session, survey_id)
        compiled = service.compiled(latest)
        out.append(
            SurveySummary(
                id=survey_id,
                title=compiled.text(compiled.spec.title, lang),
                languages=list(compiled.languages),
                respondent=compiled.spec.respondent,
                latest_version=latest.sha256,
                cycles=[_cycle_out(session, c) for c in service.list_cycles(session, survey_id)],
            )
        )
    return out


@router.get("/{survey}", response_model=SurveyDetail)
def read_survey(survey: str, session: SessionDep, lang: Lang = None, cycle: CycleQ = None) -> SurveyDetail:
    """The definition, as JSON, in the version in use (the open cycle's, or the latest)."""
    version, cycle_code = _shown_version(session, survey, cycle)
    compiled = service.compiled(version)
    return SurveyDetail(
        id=survey,
        title=compiled.text(compiled.spec.title, lang),
        languages=list(compiled.languages),
        respondent=compiled.spec.respondent,
        version=version.sha256,
        cycle=cycle_code,
        definition=version.definition,
    )


@router.get("/{survey}/versions", response_model=list[VersionOut])
def list_versions(survey: str, session: SessionDep, lang: Lang = None) -> list[VersionOut]:
    """Every published version, oldest first. Published versions never change."""
    out = []
    for v in service.list_versions(session, survey):
        compiled = service.compiled(v)
        out.append(
            VersionOut(
                id=v.id or 0,
                sha256=v.sha256,
                published_at=v.published_at,
                title=compiled.text(compiled.spec.title, lang),
            )
        )
    return out


@router.get("/{survey}/response-schema")
def read_response_schema(survey: str, session: SessionDep, cycle: CycleQ = None) -> dict[str, Any]:
    """The JSON Schema of an answers document to the version in use."""
    version, _ = _shown_version(session, survey, cycle)
    return response_schema(service.compiled(version))


@router.post(
    "",
    response_model=PublishOut,
    openapi_extra={"requestBody": {"content": {"application/yaml": {"schema": {"type": "string"}}}, "required": True}},
)
async def publish(
    request: Request,
    session: SessionDep,
    user: Admin,
    dry_run: Annotated[bool, Query(description="Report the changes and what would move, publish nothing.")] = False,
) -> PublishOut:
    """Publish a definition (the YAML as the request body) as an immutable version (admin).

    Compared with the latest version: a breaking change over stored answers that the definition's
    `mapping:` does not cover is refused (409); open cycles and their drafts move to the new version."""
    source = await request.body()
    if len(source) > MAX_DEFINITION_BYTES:
        raise InvalidError("the definition is larger than 5 MB", code="too_large")
    published = service.publish(session, source, "request body", user.id, dry_run=dry_run)
    return PublishOut(
        survey=published.version.survey_id,
        version=published.version.sha256,
        created=published.created,
        dry_run=dry_run,
        previous_version=published.previous.sha256 if published.previous else None,
        diff=published.diff_json(),
        cycles_moved=published.moved,
        responses_migrated=[MigratedOut(**m.as_json()) for m in published.migrated],
    )


@router.post("/{survey}/cycles", response_model=CycleOut)
def open_cycle(survey: str, body: CycleIn, session: SessionDep, user: Admin) -> CycleOut:
    """Open a cycle of the survey on its latest (or a named) version (admin). With `from`, every
    response of that earlier cycle starts the new one as a draft pre-filled with its answers
    (through the versions' mappings), marked as carried over until confirmed section by section."""
    if body.from_:
        cycle, carried = open_from(
            session, survey, body.code, body.from_, body.opens_on, body.closes_on, user.id, body.version
        )
        return _cycle_out(session, cycle).model_copy(update={"carried_over": carried.as_json()})
    cycle = service.open_cycle(session, survey, body.code, body.opens_on, body.closes_on, user.id, body.version)
    return _cycle_out(session, cycle)
