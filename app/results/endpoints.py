"""Results for the secretariat: coverage and aggregates, as JSON (tidy rows) or CSV."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response as HTTPResponse

from app.api.deps import Reviewer, SessionDep
from app.core.errors import InvalidError
from app.results import coverage as coverage_service
from app.results.aggregates import DEFAULT_STATUSES, PARTY_KEYS, aggregate
from app.results.aggregates import Query as AggregateQuery
from app.surveys.service import compiled_by_id, get_cycle

router = APIRouter(prefix="/api/v1/surveys/{survey}", tags=["results"])

Format = Annotated[Literal["json", "csv"], Query(description="json (tidy rows) or csv")]
STATUSES = ("draft", "submitted", "returned", "accepted")


def csv_response(rows: list[dict[str, Any]], name: str) -> HTTPResponse:
    out = io.StringIO()
    columns = list(dict.fromkeys(k for row in rows for k in row))
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows({k: neutralise(v) for k, v in row.items()} for row in rows)
    return HTTPResponse(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def neutralise(value: Any) -> Any:
    """A cell a spreadsheet would run as a formula is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@router.get("/coverage")
def coverage(
    survey: str, session: SessionDep, user: Reviewer, cycle: str | None = None, format: Format = "json"
) -> Any:
    """Every party (or respondent): invited, started, submitted, returned, accepted, with dates;
    totals by UN regional group and development status; the parties that have not responded."""
    c = get_cycle(session, survey, cycle)
    report = coverage_service.coverage(session, c)
    if format == "csv":
        return csv_response(report["parties"], f"{survey}-{c.code}-coverage")
    return report


@router.get("/aggregates/{question}")
def aggregates(
    survey: str,
    question: str,
    request: Request,
    session: SessionDep,
    user: Reviewer,
    by: Annotated[list[str] | None, Query(description=f"group by: {', '.join(PARTY_KEYS)} or a question id")] = None,
    status: Annotated[list[str] | None, Query(description="response statuses (default: submitted, accepted)")] = None,
    cycle: str | None = None,
    compare: Annotated[str | None, Query(description="another cycle, side by side")] = None,
    where: Annotated[list[str] | None, Query(description="question:code, e.g. priority_sectors:asgm")] = None,
    lang: str | None = None,
    format: Format = "json",
) -> Any:
    """One question's aggregates, computed by the database: counts and percents of the base for
    choices, the distribution per row for matrices, mean position and first places for rankings,
    n, sum, mean, quartiles for numbers, the answers with their party for texts. Party attributes
    filter too: `?un_group=african&ldc=true`."""
    cycles = [get_cycle(session, survey, cycle)]
    if compare:
        cycles.insert(0, get_cycle(session, survey, compare))
    statuses = tuple(status or DEFAULT_STATUSES)
    if set(statuses) - set(STATUSES):
        raise InvalidError(f"status is one of {', '.join(STATUSES)}", loc=["status"], code="invalid_status")
    conditions = []
    for item in where or []:
        qid, _, code = item.partition(":")
        if not code:
            raise InvalidError("where is question:code", loc=["where"], code="invalid_where")
        conditions.append((qid, code))
    filters = {k: _filter_value(request.query_params[k]) for k in PARTY_KEYS if k in request.query_params}
    compiled = compiled_by_id(session, cycles[-1].version_id)[1]
    query = AggregateQuery(question, cycles, list(by or []), statuses, filters, conditions, lang)
    result = aggregate(session, compiled, query)
    if format == "csv":
        return csv_response(result["rows"], f"{survey}-{question}")
    return result


def _filter_value(raw: str) -> Any:
    return {"true": True, "false": False}.get(raw.lower(), raw)
