"""The country and party registry over HTTP: public reads, administrator edits."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Literal

import yaml
from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse

from app.api.deps import Admin, SessionDep
from app.core.errors import InvalidError
from app.registry import service
from app.registry.models import Country, DevelopmentStatus, UNGroup
from app.registry.schemas import CountryOut, CountryUpdate, ImportOut

router = APIRouter(prefix="/api/v1/parties", tags=["parties"])


@router.get("", response_model=list[CountryOut])
def list_parties(
    session: SessionDep,
    un_group: UNGroup | None = None,
    development_status: DevelopmentStatus | None = None,
    ldc: bool | None = None,
    lldc: bool | None = None,
    sids: bool | None = None,
    is_party: bool | None = None,
) -> Any:
    """The registry: every UN member state and the European Union, with the attributes the
    secretariat filters by. Filters combine with AND."""
    filters = dict(
        un_group=un_group, development_status=development_status, ldc=ldc, lldc=lldc, sids=sids, is_party=is_party
    )
    return service.list_countries(session, filters)


@router.get("/export", response_class=PlainTextResponse)
def export_parties(
    session: SessionDep, format: Annotated[Literal["csv", "yaml"], Query()] = "csv"
) -> PlainTextResponse:
    """iso3, name, is_party and development_status of every country: edit and import back."""
    rows = service.export_rows(session)
    if format == "yaml":
        return PlainTextResponse(
            yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), media_type="application/yaml"
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["iso3"])
    writer.writeheader()
    writer.writerows(rows)
    return PlainTextResponse(out.getvalue(), media_type="text/csv")


@router.get("/{iso3}", response_model=CountryOut)
def read_party(iso3: str, session: SessionDep) -> Country:
    return service.get_country(session, iso3)


@router.patch("/{iso3}", response_model=CountryOut)
def update_party(iso3: str, body: CountryUpdate, session: SessionDep, user: Admin) -> Country:
    """Mark a country as a Party, or set its self-identified development status (admin)."""
    return service.update_country(session, iso3, body.model_dump(exclude_unset=True), user.id)


@router.post(
    "/import",
    response_model=ImportOut,
    openapi_extra={"requestBody": {"content": {"text/csv": {}, "application/yaml": {}}, "required": True}},
)
async def import_parties(request: Request, session: SessionDep, user: Admin) -> ImportOut:
    """Set is_party and development_status from CSV or YAML rows keyed by iso3 (admin). All or nothing."""
    body = await request.body()
    if len(body) > 1024 * 1024:
        raise InvalidError("the import is larger than 1 MB", code="too_large")
    kind = "yaml" if "yaml" in request.headers.get("content-type", "") else "csv"
    try:
        rows = service.read_rows(body.decode("utf-8"), kind)
    except (UnicodeDecodeError, yaml.YAMLError, csv.Error) as exc:
        raise InvalidError(f"cannot read the {kind}: {exc}", code="unreadable") from None
    return ImportOut(changed=service.import_rows(session, rows, user.id))
