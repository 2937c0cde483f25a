"""The secretariat's results page: coverage by region, then a chart for every question.

/results/{survey}?by=un_group&status=submitted&ldc=true&cycle=2026

The same `by` and filters as the aggregates API, so that each chart's JSON and CSV links give the
numbers drawn. The charts are computed by `app.results` (one aggregate per question) and drawn by
`app.web.figures` and `app.web.charts`; this module only reads the form and assembles the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from starlette.datastructures import QueryParams

from app.core.errors import ForbiddenError
from app.registry.models import DevelopmentStatus, UNGroup
from app.results import coverage as coverage_service
from app.results.aggregates import DEFAULT_STATUSES, Query
from app.results.batch import aggregate_all, aggregated
from app.surveys.models import Cycle
from app.surveys.service import compiled_by_id, get_cycle, list_cycles
from app.users.models import Role
from app.web.charts import Stack, stacked_chart
from app.web.context import PageDep
from app.web.figures import BOOLEAN_KEYS, FigureBuilder, Gettext, group_label
from app.web.i18n import RTL, gettext_for

router = APIRouter(include_in_schema=False)

BY_KEYS = ("un_group", "development_status", "ldc", "lldc", "sids")
STATUSES = ("draft", "submitted", "returned", "accepted")
CHOICES: dict[str, tuple[str, ...]] = {
    "un_group": tuple(g.value for g in UNGroup),
    "development_status": tuple(d.value for d in DevelopmentStatus),
    **{key: ("true", "false") for key in BOOLEAN_KEYS},
}


@dataclass(slots=True)
class Filters:
    """What the form asks for; unknown values are ignored (a page, unlike the API, does not refuse)."""

    cycle: str | None = None
    by: str | None = None
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    party: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, params: QueryParams) -> Filters:
        by = params.get("by")
        statuses = tuple(s for s in STATUSES if s in params.getlist("status"))
        party = {k: params[k] for k in BY_KEYS if params.get(k) in CHOICES[k]}
        return cls(params.get("cycle") or None, by if by in BY_KEYS else None, statuses or DEFAULT_STATUSES, party)

    def party_filters(self) -> dict[str, Any]:
        return {k: {"true": True, "false": False}.get(v, v) for k, v in self.party.items()}

    def api_query(self, lang: str, **extra: str) -> str:
        """The query string that asks the API for the same numbers."""
        params: list[tuple[str, str]] = [("cycle", self.cycle)] if self.cycle else []
        params += [("by", self.by)] if self.by else []
        params += [("status", s) for s in self.statuses]
        params += [*self.party.items(), ("lang", lang), *extra.items()]
        return urlencode(params)


def _require_reviewer(p: PageDep) -> None:
    user = p.require_user()
    if user.role not in (Role.secretariat, Role.admin):
        raise ForbiddenError("only the secretariat and administrators can see the results")


@router.get("/results/{survey}", response_class=HTMLResponse)
def dashboard(survey: str, p: PageDep) -> HTMLResponse:
    _require_reviewer(p)
    filters = Filters.read(p.request.query_params)
    cycle = get_cycle(p.session, survey, filters.cycle)
    compiled = compiled_by_id(p.session, cycle.version_id)[1]
    lang = p.lang if p.lang in compiled.languages else compiled.default_language
    _ = gettext_for(p.lang)
    builder = FigureBuilder(compiled, lang, _, filters.by, p.lang in RTL)
    ids = aggregated(compiled)
    by = [filters.by] if filters.by else []
    query = Query("", [cycle], by, filters.statuses, filters.party_filters(), [], lang)
    results = dict(zip(ids, aggregate_all(p.session, compiled, query, ids, texts=False), strict=True))
    sections = []
    for section in compiled.sections:
        figures = [
            builder.figure(compiled.questions[qid], results[qid])
            for qid in ids
            if compiled.questions[qid].section == section.id
        ]
        if figures:
            sections.append((section.id, compiled.text(section.spec.title, lang), figures))
    api = f"/api/v1/surveys/{survey}"
    return p.render(
        "dashboard.html",
        survey_id=survey,
        survey_title=compiled.text(compiled.spec.title, lang),
        cycle=cycle,
        cycles=[c.code for c in list_cycles(p.session, survey)],
        filters=filters,
        choices=CHOICES,
        statuses=STATUSES,
        group_label=lambda key, value: group_label(key, value, _),
        coverage=_coverage(p, cycle, _),
        coverage_csv=f"{api}/coverage?{urlencode({'cycle': cycle.code, 'format': 'csv'})}",
        sections=sections,
        api=api,
    )


COVERAGE_SEGMENTS = (("submitted", "accepted"), ("draft", "returned"), ("not_started",))


def _coverage(p: PageDep, cycle: Cycle, _: Gettext) -> dict[str, Any]:
    """Totals by UN regional group and by development status: a stacked bar per group and a table."""
    report = coverage_service.coverage(p.session, cycle)
    segments = [_("Submitted or accepted"), _("Draft or returned"), _("Not started")]
    out: dict[str, Any] = {"not_responded": len(report["not_responded"]), "parties": len(report["parties"])}
    for key in ("un_group", "development_status"):
        totals = report[f"by_{key}"]
        largest = max((t["total"] for t in totals), default=0)
        stacks = [
            Stack(
                group_label(key, t[key], _),
                [sum(t[s] for s in states) for states in COVERAGE_SEGMENTS],
                largest,
                str(t["total"]),
            )
            for t in totals
        ]
        title = _("Responses by UN regional group") if key == "un_group" else _("Responses by development status")
        desc = "; ".join(
            f"{st.label}: " + ", ".join(f"{s} {n}" for s, n in zip(segments, st.counts, strict=True)) for st in stacks
        )
        out[key] = {
            "title": title,
            "chart": stacked_chart(f"coverage-{key}", stacks, segments, title, desc, p.lang in RTL) if stacks else None,
            "table": [(group_label(key, t[key], _), t) for t in totals],
        }
    return out
