"""Results for the secretariat: coverage and aggregates, as JSON (tidy rows) or CSV."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response as HTTPResponse
from fastapi.responses import StreamingResponse

from app.api.deps import CurrentUser, Reviewer, SessionDep
from app.core.errors import InvalidError, NotFoundError
from app.responses import access
from app.responses.target import resolve_target
from app.results import compare
from app.results import coverage as coverage_service
from app.results.aggregates import PARTY_KEYS, aggregate, statuses
from app.results.aggregates import Query as AggregateQuery
from app.results.batch import aggregate_all, aggregated
from app.results.cells import csv_chunks
from app.results.export import export
from app.results.export.source import Selection
from app.surveys.models import Cycle
from app.surveys.service import compiled_by_id, get_cycle

router = APIRouter(prefix="/api/v1/surveys/{survey}", tags=["results"])

Format = Annotated[Literal["json", "csv"], Query(description="json (tidy rows) or csv")]


def csv_response(rows: list[dict[str, Any]], name: str) -> HTTPResponse:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    body = b"".join(csv_chunks(columns, ([row.get(c) for c in columns] for row in rows)))
    return HTTPResponse(body, media_type="text/csv; charset=utf-8", headers=attachment(f"{name}.csv"))


def attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


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


def aggregate_query(
    survey: str,
    request: Request,
    session: SessionDep,
    by: Annotated[list[str] | None, Query(description=f"group by: {', '.join(PARTY_KEYS)} or a question id")] = None,
    status: Annotated[list[str] | None, Query(description="response statuses (default: submitted, accepted)")] = None,
    cycle: str | None = None,
    compare: Annotated[str | None, Query(description="another cycle, side by side")] = None,
    where: Annotated[list[str] | None, Query(description="question:code, e.g. priority_sectors:asgm")] = None,
    lang: str | None = None,
) -> AggregateQuery:
    """The grouping and filters of an aggregate, from the query string. Party attributes filter too:
    `?un_group=african&ldc=true`."""
    cycles = [get_cycle(session, survey, cycle)]
    if compare:
        cycles.insert(0, get_cycle(session, survey, compare))
    conditions = []
    for item in where or []:
        qid, _, code = item.partition(":")
        if not code:
            raise InvalidError("where is question:code", loc=["where"], code="invalid_where")
        conditions.append((qid, code))
    filters = {k: _filter_value(request.query_params[k]) for k in PARTY_KEYS if k in request.query_params}
    return AggregateQuery("", cycles, list(by or []), statuses(status), filters, conditions, lang)


AggregateParams = Annotated[AggregateQuery, Depends(aggregate_query)]


@router.get("/aggregates/{question}")
def aggregates(
    survey: str, question: str, session: SessionDep, user: Reviewer, query: AggregateParams, format: Format = "json"
) -> Any:
    """One question's aggregates, computed by the database: counts and percents of the base for
    choices, the distribution per row for matrices, mean position and first places for rankings,
    n, sum, mean, quartiles for numbers, row counts and column sums for tables, the answers with
    their party for texts."""
    compiled = compiled_by_id(session, query.cycles[-1].version_id)[1]
    result = aggregate(session, compiled, replace(query, question=question))
    if format == "csv":
        return csv_response(result["rows"], f"{survey}-{question}")
    return result


@router.get("/aggregates")
def all_aggregates(
    survey: str,
    session: SessionDep,
    user: Reviewer,
    query: AggregateParams,
    section: Annotated[str | None, Query(description="one section's questions (default: every question)")] = None,
    texts: Annotated[bool, Query(description="false: text questions give their number of answers only")] = True,
    format: Format = "json",
) -> Any:
    """The aggregates of every question of the survey, or of one section, in document order (loops'
    and tables' questions included), with the same grouping and filters as one question's. CSV:
    one table, each row starting with its question id. Computed a few statements for the whole
    survey (one per kind of question), not two per question."""
    compiled = compiled_by_id(session, query.cycles[-1].version_id)[1]
    if section is not None and section not in {s.id for s in compiled.sections}:
        raise NotFoundError(f"no section '{section}' in this survey", loc=["section"])
    ids = aggregated(compiled, section)
    results = aggregate_all(session, compiled, query, ids, texts=texts)
    if format == "csv":
        rows = [{"question": r["question"], "type": r["type"], **row} for r in results for row in r["rows"]]
        return csv_response(rows, f"{survey}-{section or 'all'}")
    return {"questions": results}


@router.get("/export")
def export_responses(
    survey: str,
    session: SessionDep,
    user: Reviewer,
    format: Annotated[Literal["csv", "xlsx", "json"], Query(description="csv, xlsx or json")] = "csv",
    layout: Annotated[
        Literal["wide", "long", "codebook"],
        Query(description="CSV only: one row per response (wide), per answer (long), or the codebook"),
    ] = "wide",
    status: Annotated[list[str] | None, Query(description="response statuses (default: submitted, accepted)")] = None,
    cycle: str | None = None,
    lang: str | None = None,
) -> StreamingResponse:
    """Every response of a cycle, streamed: CSV wide (loops and tables flattened into columns named
    `question.code.child`, `table.row.column`) or long (one row per answer) or the codebook; XLSX
    with a sheet per section, loop and table and a codebook sheet; JSON with the definition version
    each response was answered against. Codes always, labels in `lang`; formula-like cells are
    neutralised."""
    c = get_cycle(session, survey, cycle)
    out = export(Selection.of(c, statuses(status), lang), format, layout)
    return StreamingResponse(out.chunks, media_type=out.media_type, headers=attachment(out.filename))


WithQ = Annotated[str | None, Query(alias="with", description="the earlier cycle (default: the one before)")]


def _two_cycles(session: SessionDep, survey: str, cycle: str | None, earlier: str | None) -> tuple[Cycle, Cycle]:
    second = get_cycle(session, survey, cycle)
    first = get_cycle(session, survey, earlier) if earlier else compare.previous_cycle(session, second)
    if first is None:
        raise NotFoundError(f"cycle '{second.code}' has no earlier cycle to compare with", loc=["with"])
    return first, second


@router.get("/compare")
def compare_cycles(
    survey: str,
    session: SessionDep,
    user: Reviewer,
    cycle: str | None = None,
    earlier: WithQ = None,
    status: Annotated[list[str] | None, Query(description="response statuses (default: submitted, accepted)")] = None,
) -> Any:
    """Two cycles side by side: the parties (or respondents) that answered both, with how many of
    their answers changed, and those that answered only one."""
    first, second = _two_cycles(session, survey, cycle, earlier)
    return compare.overview(session, first, second, statuses(status))


@router.get("/compare/{party}")
def compare_party(
    survey: str, party: str, session: SessionDep, user: CurrentUser, cycle: str | None = None, earlier: WithQ = None
) -> Any:
    """What changed in one party's answers between two cycles, question by question (renamed
    questions and recoded options followed). The party's own focal points may read it too."""
    first, second = _two_cycles(session, survey, cycle, earlier)
    target = resolve_target(session, second, party)
    access.check_read(user, target)
    return compare.party_changes(session, first, second, target.subject)


def _filter_value(raw: str) -> Any:
    return {"true": True, "false": False}.get(raw.lower(), raw)
