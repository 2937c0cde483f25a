"""Aggregates of one question, computed by the database (group-bys over the answer facts).

Output is tidy rows: the group keys, then `option`, `count`, `base`, `percent` (choices), or the
numeric statistics. The base of a percentage is the number of responses (or loop iterations, or
table rows) to which the question applied: shown, not skipped by a condition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, String, and_, case, cast, distinct, exists, func, literal, select
from sqlmodel import Session, col

from app.compiler import CompiledSurvey
from app.compiler.model import NUMBER_TYPES, Question
from app.core.errors import InvalidError, NotFoundError
from app.registry.models import Country
from app.responses.models import Response, Status
from app.results.labels import option_labels, row_labels
from app.results.models import AnswerFact, QuestionShown
from app.surveys.models import Cycle

PARTY_KEYS = ("un_group", "development_status", "ldc", "lldc", "sids", "is_party")
DEFAULT_STATUSES = ("submitted", "accepted")
QUANTILES = {"q1": 1, "median": 2, "q3": 3}  # quarters


def statuses(chosen: Sequence[str] | None) -> tuple[str, ...]:
    """The response statuses asked for (default: submitted and accepted), checked."""
    known = [s.value for s in Status]
    if set(chosen or ()) - set(known):
        raise InvalidError(f"status is one of {', '.join(known)}", loc=["status"], code="invalid_status")
    return tuple(chosen or DEFAULT_STATUSES)


@dataclass(slots=True)
class Query:
    question: str
    cycles: list[Cycle]  # one, or two to compare side by side
    by: list[str] = field(default_factory=list)  # party attributes or question ids
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    party_filters: dict[str, Any] = field(default_factory=dict)
    where: list[tuple[str, str]] = field(default_factory=list)  # (question id, option code)
    lang: str | None = None


def _scope(survey: CompiledSurvey, q: Question) -> tuple[str | None, str | None]:
    """(loop id, table id) that a question is inside."""
    loop = next((c for c in q.scope if survey.questions[c].type == "loop"), None)
    table = next((c for c in q.scope if survey.questions[c].type == "table"), None)
    return loop, table


class Builder:
    def __init__(self, survey: CompiledSurvey, query: Query) -> None:
        self.survey = survey
        self.query = query
        q = survey.questions.get(query.question)
        if q is None or not q.answerable:
            raise NotFoundError(f"no question '{query.question}' with answers in this survey", loc=["question"])
        if q.type == "loop":
            raise InvalidError(
                f"'{q.id}' is a loop: its questions have aggregates, by {q.over}",
                loc=["question"],
                code="loop_has_no_answers",
            )
        self.q = q
        self.loop, self.table = _scope(survey, q)
        self.rows_of = q.id if q.type == "table" else self.table  # whose rows a cross-tab matches
        self._cross = {  # the facts of each question grouped by, joined for a cross-tab
            key: AnswerFact.__table__.alias(f"by_{key}")  # type: ignore[attr-defined]
            for key in query.by
            if key in survey.questions and key not in PARTY_KEYS
        }
        for key in query.by:
            if key not in PARTY_KEYS and key not in survey.questions:
                raise InvalidError(
                    f"cannot group by '{key}': use {', '.join(PARTY_KEYS)} or a question id",
                    loc=["by"],
                    code="invalid_by",
                )

    def keys(self, unit: Any) -> list[tuple[str, Any]]:
        """The group-by columns for a unit (a facts or shown alias with response_id, loop_code, row_key)."""
        out: list[tuple[str, Any]] = []
        if len(self.query.cycles) > 1:
            out.append(("cycle", col(Cycle.code)))
        if self.loop:
            out.append((self.survey.questions[self.loop].over or "loop", unit.c.loop_code))
        for key in self.query.by:
            if key in PARTY_KEYS:
                out.append((key, getattr(Country, key)))
            else:
                out.append((key, self._cross[key].c.option))
        return out

    def joined(self, stmt: Select[Any], unit: Any, *, by_row: bool = True) -> Select[Any]:
        """Join a unit to its response, cycle, party and cross-tab answers; apply the filters.
        A cross-tab by a column of the same table matches row by row (`by_row`), except for the
        base of the table itself: the responses with at least one row in that group."""
        cycle_ids = [c.id for c in self.query.cycles]
        stmt = (
            stmt.join(Response, col(Response.id) == unit.c.response_id)
            .join(Cycle, col(Cycle.id) == col(Response.cycle_id))
            .outerjoin(Country, col(Country.iso3) == col(Response.party))
            .where(col(Response.cycle_id).in_(cycle_ids), col(Response.status).in_(self.query.statuses))
        )
        for key in self.query.by:
            if key in PARTY_KEYS:
                continue
            other = self.survey.questions[key]
            g = self._cross[key]
            on = [g.c.response_id == unit.c.response_id, g.c.question_id == key]
            other_loop, other_table = _scope(self.survey, other)
            if other_loop and other_loop == self.loop:
                on.append(g.c.loop_code == unit.c.loop_code)
            if other_table and other_table == self.rows_of and by_row:
                on.append(g.c.row_key == unit.c.row_key)
            stmt = stmt.join(g, and_(*on))
        for name, value in self.query.party_filters.items():
            stmt = stmt.where(getattr(Country, name) == value)
        for qid, code in self.query.where:
            w = AnswerFact.__table__.alias()  # type: ignore[attr-defined]
            stmt = stmt.where(
                exists().where(w.c.response_id == unit.c.response_id, w.c.question_id == qid, w.c.option == code)
            )
        return stmt

    def facts(self) -> Any:
        return AnswerFact.__table__.alias("f")  # type: ignore[attr-defined]

    def bases(self, session: Session) -> dict[tuple[Any, ...], int]:
        """How many units the question applied to, per group."""
        # The unit is a response, a loop iteration or a table row where the question was shown.
        shown = QuestionShown.__table__.alias("s")  # type: ignore[attr-defined]
        unit = shown
        keys = self.keys(unit)
        count = func.count()
        if self._cross:  # a cross-tab can match a unit more than once (a table's rows, a matrix's rows)
            unit_key = cast(unit.c.response_id, String) + "/" + unit.c.loop_code + "/" + unit.c.row_key
            count = func.count(distinct(unit_key))
        stmt = select(*[c for _, c in keys], count).select_from(shown)
        stmt = stmt.where(shown.c.question_id == self.q.id)
        stmt = self.joined(stmt, unit, by_row=self.q.type != "table").group_by(*[c for _, c in keys])
        return {tuple(r[:-1]): int(r[-1]) for r in session.execute(stmt)}


def plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def aggregate(session: Session, survey: CompiledSurvey, query: Query) -> dict[str, Any]:
    b = Builder(survey, query)
    q = b.q
    f = b.facts()
    keys = b.keys(f)
    names = [n for n, _ in keys]
    key_cols = [c for _, c in keys]
    base_of = b.bases(session)
    rows: list[dict[str, Any]] = []
    kind: str
    if q.type in ("single_choice", "rating", "multiple_choice", "yes_no", "matrix"):
        kind = "choice"
        extra = [f.c.row_key] if q.type == "matrix" else []
        stmt = select(*key_cols, *extra, f.c.option, func.count()).select_from(f).where(f.c.question_id == q.id)
        stmt = b.joined(stmt, f).group_by(*key_cols, *extra, f.c.option)
        labels = option_labels(survey, q, query.lang)
        rows_of = row_labels(survey, q, query.lang) if q.type == "matrix" else None
        for r in session.execute(stmt):
            group = tuple(r[: len(keys)])
            head = dict(zip(names, map(plain, group), strict=True))
            matrix_row = r[len(keys)] if rows_of is not None else None
            rows.append(choice_row(head, r[-2], int(r[-1]), base_of.get(group, 0), labels, matrix_row, rows_of))
    elif q.type == "ranking":
        kind = "ranking"
        first = func.sum(case((f.c.position == 1, 1), else_=0))
        stmt = select(*key_cols, f.c.option, func.count(), func.avg(f.c.position), first).select_from(f)
        stmt = b.joined(stmt.where(f.c.question_id == q.id), f).group_by(*key_cols, f.c.option)
        labels = option_labels(survey, q, query.lang)
        for r in session.execute(stmt):
            group = tuple(r[: len(keys)])
            head = dict(zip(names, map(plain, group), strict=True))
            rows.append(ranking_row(head, r[-4], int(r[-3]), r[-2], int(r[-1]), base_of.get(group, 0), labels))
    elif q.type == "table":
        kind = "rows"
        rows = _table_rows(session, b, f, keys, base_of)
    elif q.type in NUMBER_TYPES:
        kind = "number"
        rows = _numbers(session, b, f, keys, base_of)
    else:
        kind = "text"
        stmt = select(*key_cols, col(Response.subject), f.c.text).select_from(f).where(f.c.question_id == q.id)
        stmt = b.joined(stmt, f).order_by(col(Response.subject), f.c.loop_code, f.c.row_key)
        for r in session.execute(stmt):
            rows.append({**dict(zip(names, map(plain, r[: len(keys)]), strict=True)), "subject": r[-2], "text": r[-1]})
    return result(q, kind, names, rows)


def result(q: Question, kind: str, names: list[str], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One question's aggregate as the API returns it, rows in a stable order."""
    rows.sort(key=lambda row: tuple(str(row.get(n)) for n in [*names, "row", "option"]))
    return {
        "question": q.id,
        "type": q.type,
        "kind": kind,
        "keys": names,
        "rows": rows,
        "base": "responses (or loop iterations, or table rows) to which the question applied",
    }


def choice_row(
    head: dict[str, Any],
    option: Any,
    count: int,
    base: int,
    labels: dict[str, str],
    matrix_row: Any = None,
    rows_of: dict[str, str] | None = None,
) -> dict[str, Any]:
    row = dict(head)
    if rows_of is not None:
        row |= {"row": matrix_row, "row_label": rows_of.get(matrix_row, matrix_row)}
    return row | {
        "option": option,
        "option_label": labels.get(option, option),
        "count": count,
        "base": base,
        "percent": round(100 * count / base, 2) if base else None,
    }


def ranking_row(
    head: dict[str, Any], option: Any, count: int, mean: Any, first: int, base: int, labels: dict[str, str]
) -> dict[str, Any]:
    return head | {
        "option": option,
        "option_label": labels.get(option, option),
        "count": count,
        "mean_position": round(float(mean), 4),
        "first": first,
        "base": base,
        "percent_first": round(100 * first / base, 2) if base else None,
    }


def _table_rows(
    session: Session, b: Builder, f: Any, keys: list[tuple[str, Any]], base_of: dict[Any, int]
) -> list[dict[str, Any]]:
    """Row counts, and the sum of each numeric column (e.g. funding by funder with `by=funder`)."""
    key_cols = [c for _, c in keys]
    numeric = [b.survey.questions[c] for c in b.q.children if b.survey.questions[c].type in NUMBER_TYPES]
    sums, stmt = [], select().select_from(f)
    for column in numeric:
        cell = AnswerFact.__table__.alias(f"col_{column.id}")  # type: ignore[attr-defined]
        on = [cell.c.response_id == f.c.response_id, cell.c.loop_code == f.c.loop_code, cell.c.row_key == f.c.row_key]
        stmt = stmt.outerjoin(cell, and_(*on, cell.c.question_id == column.id))
        sums.append(func.sum(cell.c.num))
    counts = [func.count(), func.count(distinct(f.c.response_id))]
    stmt = stmt.add_columns(*key_cols, *counts, *sums).where(f.c.question_id == b.q.id)
    out = []
    for r in session.execute(b.joined(stmt, f).group_by(*key_cols)):
        group = tuple(r[: len(keys)])
        n_rows, with_rows, totals = r[len(keys)], r[len(keys) + 1], r[len(keys) + 2 :]
        if not n_rows:  # no rows at all: an aggregate without groups still returns one
            continue
        out.append(
            {
                **dict(zip([n for n, _ in keys], map(plain, group), strict=True)),
                "rows": int(n_rows),
                "responses_with_rows": int(with_rows),
                **{f"sum.{c.id}": total for c, total in zip(numeric, totals, strict=True)},
                "base": base_of.get(group, 0),
            }
        )
    return out


def _numbers(
    session: Session, b: Builder, f: Any, keys: list[tuple[str, Any]], base_of: dict[Any, int]
) -> list[dict[str, Any]]:
    """n, sum, mean, min, max and quartiles; quartiles from window functions (linear interpolation)."""
    key_cols = [c for _, c in keys]
    names = [n for n, _ in keys]
    inner = b.joined(
        select(
            *[c.label(f"k{i}") for i, c in enumerate(key_cols)],
            f.c.num.label("v"),
            (func.row_number().over(partition_by=key_cols or [literal(1)], order_by=f.c.num) - 1).label("i"),
            func.count().over(partition_by=key_cols or [literal(1)]).label("n"),
        )
        .select_from(f)
        .where(f.c.question_id == b.q.id, f.c.num.is_not(None)),
        f,
    ).subquery()
    gk = [inner.c[f"k{i}"] for i in range(len(key_cols))]
    out = []
    for r in session.execute(select(*gk, *number_columns(inner)).group_by(*gk)):
        group = tuple(r[: len(keys)])
        stats = number_stats(r[len(keys) :])
        if stats is not None:  # no answers at all: an aggregate without groups still returns a row
            out.append({**dict(zip(names, map(plain, group), strict=True)), **stats, "base": base_of.get(group, 0)})
    return out


def number_columns(inner: Any) -> list[Any]:
    """n, sum, mean, min, max, and for each quartile the two values around it: over a subquery with
    the value `v`, its 0-based rank `i` and the count `n` in its group (window functions)."""
    v = inner.c.v
    picks = []
    for quarters in QUANTILES.values():
        # floor((n - 1) * q / 4) by integer division, the same on every database (PostgreSQL's CAST
        # rounds where SQLite's truncates); the interpolation between the two values is done below.
        low = (inner.c.n - 1) * quarters // 4
        picks.append(func.max(case((inner.c.i == low, v))))
        picks.append(func.max(case((inner.c.i == low + 1, v))))
        picks.append(func.max(low))
    return [func.count(), func.sum(v), func.avg(v), func.min(v), func.max(v), *picks]


def number_stats(values: Sequence[Any]) -> dict[str, Any] | None:
    """The statistics from a row of `number_columns`, quartiles by linear interpolation."""
    n, total, mean, low_v, high_v = int(values[0]), values[1], values[2], values[3], values[4]
    if n == 0:
        return None
    stats: dict[str, Any] = {"n": n, "sum": total, "mean": mean, "min": low_v, "max": high_v}
    picks = values[5:]
    for j, (name, quarters) in enumerate(QUANTILES.items()):
        lo_value, hi_value, lo = picks[3 * j], picks[3 * j + 1], picks[3 * j + 2]
        frac = (n - 1) * quarters / 4 - int(lo)
        stats[name] = lo_value if hi_value is None or frac == 0 else lo_value + frac * (hi_value - lo_value)
    return stats
