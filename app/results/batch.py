"""Every question's aggregates at once: one statement per kind of question (bases; choices and
rankings; numbers; texts) instead of two per question, so that a whole survey costs a few passes
over the facts instead of a hundred queries that each join the cycle's responses again.

The rows are exactly those `aggregate()` gives for each question (a test compares them for every
question). A cross-tab by another question's answer joins differently for each question (same
loop iteration, same table row), so it goes question by question; so do tables (a statement each,
with their columns' sums).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import case, func, literal, select
from sqlmodel import Session, col

from app.compiler import CompiledSurvey
from app.compiler.model import NUMBER_TYPES, Question
from app.registry.models import Country
from app.responses.models import Response
from app.results.aggregates import (
    PARTY_KEYS,
    Builder,
    Query,
    aggregate,
    choice_row,
    number_columns,
    number_stats,
    plain,
    ranking_row,
    result,
)
from app.results.labels import option_labels, row_labels
from app.results.models import AnswerFact, QuestionShown
from app.surveys.models import Cycle

CHOICES = ("single_choice", "rating", "multiple_choice", "yes_no", "matrix")
Group = tuple[Any, ...]


def aggregated(survey: CompiledSurvey, section: str | None = None) -> list[str]:
    """The questions with aggregates (of one section, or all), in document order: every answerable
    one but loops, whose questions have the aggregates, by looped option."""
    return [
        q.id for q in survey.questions.values() if q.answerable and q.type != "loop" and section in (None, q.section)
    ]


def aggregate_all(
    session: Session, survey: CompiledSurvey, query: Query, ids: Sequence[str], *, texts: bool = True
) -> list[dict[str, Any]]:
    """The aggregates of the questions `ids`, in that order. With `texts=False`, a text question
    gives the number of its answers per group (`kind: text_count`) instead of every answer."""
    if not ids:
        return []
    if any(key not in PARTY_KEYS for key in query.by):
        each = [aggregate(session, survey, replace(query, question=qid)) for qid in ids]
        return each if texts else [_counted(session, survey, query, r) if r["kind"] == "text" else r for r in each]
    return _Batch(session, survey, query, [survey.questions[qid] for qid in ids], texts).run()


def _counted(session: Session, survey: CompiledSurvey, query: Query, text: dict[str, Any]) -> dict[str, Any]:
    """A text question's answers counted per group, with the base of each group."""
    names = text["keys"]
    counts: dict[Group, int] = defaultdict(int)
    for row in text["rows"]:
        counts[tuple(row[n] for n in names)] += 1
    bases = {
        tuple(map(plain, k)): v
        for k, v in Builder(survey, replace(query, question=text["question"])).bases(session).items()
    }
    rows = [{**dict(zip(names, g, strict=True)), "n": n, "base": bases.get(g, 0)} for g, n in counts.items()]
    return result(survey.questions[text["question"]], "text_count", names, rows)


class _Batch:
    def __init__(self, session: Session, survey: CompiledSurvey, query: Query, qs: list[Question], texts: bool) -> None:
        self.session, self.survey, self.query, self.qs, self.texts = session, survey, query, qs, texts
        self.b = Builder(survey, replace(query, question=qs[0].id))  # joins and filters: the same for all
        self.compare = len(query.cycles) > 1

    def run(self) -> list[dict[str, Any]]:
        by_type: dict[str, list[Question]] = defaultdict(list)
        for q in self.qs:
            kind = "choice" if q.type in CHOICES or q.type == "ranking" else q.type
            by_type["number" if q.type in NUMBER_TYPES else kind].append(q)
        bases = self._bases()
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        # Matrices group by row as well: apart, so that no CASE in the grouping spoils the
        # planner's estimate of the number of groups (it then sorts millions of rows on disk).
        texts = [q for q in self.qs if q.type not in CHOICES and q.type not in ("ranking", "table", *NUMBER_TYPES)]
        matrices = [q for q in by_type["choice"] if q.type == "matrix"]
        # Counting text answers is the same pass as counting options (their option is null).
        others = [q for q in by_type["choice"] if q.type != "matrix"] + ([] if self.texts else texts)
        for group in (others, matrices):
            if group:
                self._choices(group, bases, rows)
        if by_type["number"]:
            self._numbers(by_type["number"], bases, rows)
        if texts and self.texts:
            self._texts(texts, bases, rows)
        out = []
        for q in self.qs:
            if q.type == "table":
                out.append(aggregate(self.session, self.survey, replace(self.query, question=q.id)))
                continue
            out.append(result(q, self._kind(q), self._names(q), rows[q.id]))
        return out

    def _kind(self, q: Question) -> str:
        if q.type == "ranking":
            return "ranking"
        if q.type in CHOICES:
            return "choice"
        if q.type in NUMBER_TYPES:
            return "number"
        return "text" if self.texts else "text_count"

    # -- grouping ------------------------------------------------------------------------------

    def _keys(self, unit: Any) -> list[Any]:
        """(cycle when comparing,) loop option, party attributes: every question's groups."""
        cycle = [col(Cycle.code)] if self.compare else []
        return [*cycle, unit.c.loop_code, *[getattr(Country, k) for k in self.query.by]]

    def _names(self, q: Question) -> list[str]:
        loop = next((c for c in q.scope if self.survey.questions[c].type == "loop"), None)
        loop_name = [self.survey.questions[loop].over or "loop"] if loop else []
        return [*(["cycle"] if self.compare else []), *loop_name, *self.query.by]

    def _head(self, q: Question, group: Group) -> tuple[dict[str, Any], Group]:
        """The row's keys as `aggregate()` names them, and the group as its bases are keyed."""
        in_loop = any(self.survey.questions[c].type == "loop" for c in q.scope)
        at = 1 if self.compare else 0
        values = group if in_loop else (*group[:at], *group[at + 1 :])
        return dict(zip(self._names(q), map(plain, values), strict=True)), group

    def _bases(self) -> dict[tuple[str, Group], int]:
        shown = QuestionShown.__table__.alias("s")  # type: ignore[attr-defined]
        keys = self._keys(shown)
        stmt = select(shown.c.question_id, *keys, func.count()).select_from(shown)
        stmt = stmt.where(shown.c.question_id.in_([q.id for q in self.qs]))
        stmt = self.b.joined(stmt, shown).group_by(shown.c.question_id, *keys)
        return {(r[0], tuple(r[1:-1])): int(r[-1]) for r in self.session.execute(stmt)}

    # -- kinds ---------------------------------------------------------------------------------

    def _choices(self, qs: list[Question], bases: dict[Any, int], out: dict[str, list[dict[str, Any]]]) -> None:
        f = AnswerFact.__table__.alias("f")  # type: ignore[attr-defined]
        keys = self._keys(f)
        matrix_row = f.c.row_key if qs[0].type == "matrix" else literal("")
        first = func.sum(case((f.c.position == 1, 1), else_=0))
        stmt = select(f.c.question_id, *keys, matrix_row, f.c.option, func.count(), func.avg(f.c.position), first)
        stmt = stmt.select_from(f).where(f.c.question_id.in_([q.id for q in qs]))
        grouping = [f.c.question_id, *keys, *([matrix_row] if qs[0].type == "matrix" else []), f.c.option]
        stmt = self.b.joined(stmt, f).group_by(*grouping)
        lang = self.query.lang
        labels = {q.id: option_labels(self.survey, q, lang) for q in qs if q.type in CHOICES or q.type == "ranking"}
        rows_of = {q.id: row_labels(self.survey, q, lang) for q in qs if q.type == "matrix"}
        n = len(keys)
        for r in self.session.execute(stmt):
            q = self.survey.questions[r[0]]
            head, group = self._head(q, tuple(r[1 : n + 1]))
            base = bases.get((q.id, group), 0)
            option, count = r[n + 2], int(r[n + 3])
            if q.type not in CHOICES and q.type != "ranking":  # a text question, its answers counted
                out[q.id].append({**head, "n": count, "base": base})
            elif q.type == "ranking":
                out[q.id].append(ranking_row(head, option, count, r[n + 4], int(r[n + 5]), base, labels[q.id]))
            else:
                out[q.id].append(choice_row(head, option, count, base, labels[q.id], r[n + 1], rows_of.get(q.id)))

    def _numbers(self, qs: list[Question], bases: dict[Any, int], out: dict[str, list[dict[str, Any]]]) -> None:
        f = AnswerFact.__table__.alias("f")  # type: ignore[attr-defined]
        keys = self._keys(f)
        partition = [f.c.question_id, *keys]
        inner = self.b.joined(
            select(
                f.c.question_id.label("q"),
                *[c.label(f"k{i}") for i, c in enumerate(keys)],
                f.c.num.label("v"),
                (func.row_number().over(partition_by=partition, order_by=f.c.num) - 1).label("i"),
                func.count().over(partition_by=partition).label("n"),
            )
            .select_from(f)
            .where(f.c.question_id.in_([q.id for q in qs]), f.c.num.is_not(None)),
            f,
        ).subquery()
        gk = [inner.c.q, *[inner.c[f"k{i}"] for i in range(len(keys))]]
        for r in self.session.execute(select(*gk, *number_columns(inner)).group_by(*gk)):
            q = self.survey.questions[r[0]]
            head, group = self._head(q, tuple(r[1 : len(gk)]))
            stats = number_stats(r[len(gk) :])
            if stats is not None:
                out[q.id].append({**head, **stats, "base": bases.get((q.id, group), 0)})

    def _texts(self, qs: list[Question], bases: dict[Any, int], out: dict[str, list[dict[str, Any]]]) -> None:
        f = AnswerFact.__table__.alias("f")  # type: ignore[attr-defined]
        keys = self._keys(f)
        ids = [q.id for q in qs]
        stmt = select(f.c.question_id, *keys, col(Response.subject), f.c.text).select_from(f)
        stmt = self.b.joined(stmt.where(f.c.question_id.in_(ids)), f)
        for r in self.session.execute(
            stmt.order_by(f.c.question_id, col(Response.subject), f.c.loop_code, f.c.row_key)
        ):
            q = self.survey.questions[r[0]]
            head, _group = self._head(q, tuple(r[1:-2]))
            out[q.id].append({**head, "subject": r[-2], "text": r[-1]})
