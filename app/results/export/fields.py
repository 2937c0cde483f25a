"""How one question's answer becomes spreadsheet cells: its column names, and a function from the
answer (and the object holding it, for an "other" text) to the cells. Codes always; labels beside.

Column names are the question id, then `.label` for labels, `.<code>` for one option (1/0 for a
multiple choice, the position for a ranking), `.<row>` for a matrix row and `.other` for the text of
an "other" option. A question that exists in several versions gets the union of their options.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app.compiler import CompiledSurvey
from app.compiler.model import Question
from app.results.labels import option_labels, row_labels

Cells = Callable[[Any, dict[str, Any]], list[Any]]
Labels = Callable[[CompiledSurvey, Question, str | None], dict[str, str]]
CHOICE = ("single_choice", "rating")


@dataclass(frozen=True, slots=True)
class Field:
    question: str
    names: tuple[str, ...]
    cells: Cells  # (answer, the dict holding it) -> one value per name


@dataclass(frozen=True, slots=True)
class Versions:
    """The compiled versions an export covers, the one in use first."""

    surveys: Sequence[CompiledSurvey]
    lang: str | None
    # (question id, "") of earlier versions' questions now answered under another id, (question id,
    # code) of options recoded into another code: their answers moved, so they get no column.
    merged_away: frozenset[tuple[str, str]] = frozenset()

    def kept(self, survey: CompiledSurvey, qid: str) -> bool:
        return survey is self.surveys[0] or (qid, "") not in self.merged_away

    def variants(self, qid: str) -> list[Question]:
        return [s.questions[qid] for s in self.surveys if qid in s.questions]

    def labels(self, qid: str) -> dict[str, str]:
        """Every code the question has had, the newest version's first, each with its newest label."""
        return self._merged(qid, option_labels)

    def rows(self, qid: str) -> dict[str, str]:
        return self._merged(qid, row_labels)

    def _merged(self, qid: str, labels: Labels) -> dict[str, str]:
        out: dict[str, str] = {}
        for survey in self.surveys:
            if qid in survey.questions:
                for code, label in labels(survey, survey.questions[qid], self.lang).items():
                    if survey is self.surveys[0] or (qid, code) not in self.merged_away:
                        out.setdefault(code, label)
        return out

    def has_other(self, qid: str) -> bool:
        return any(q.other_option is not None for q in self.variants(qid))


def field(versions: Versions, q: Question, name: str) -> Field:
    """The cells of question `q`, its columns named from `name` (the id, with loop or row prefixes)."""
    t, qid = q.type, q.id
    if t in CHOICE or t == "yes_no":
        labels = versions.labels(qid)
        other = versions.has_other(qid)

        def choice(value: Any, holder: dict[str, Any]) -> list[Any]:
            code = _code(value)
            cells = [code, labels.get(code, code) if code is not None else None]
            return [*cells, holder.get(f"{qid}_other")] if other else cells

        return Field(qid, (name, f"{name}.label", *([f"{name}.other"] if other else [])), choice)
    if t in ("multiple_choice", "ranking"):
        labels = versions.labels(qid)
        other = versions.has_other(qid)
        ranking = t == "ranking"

        def many(value: Any, holder: dict[str, Any]) -> list[Any]:
            if not isinstance(value, list):
                return [None] * (2 + len(labels) + other)
            codes = [str(c) for c in value]
            where = {c: i + 1 for i, c in enumerate(codes)}
            each = [where.get(c) if ranking else int(c in where) for c in labels]
            cells = [" ".join(codes), "; ".join(labels.get(c, c) for c in codes), *each]
            return [*cells, holder.get(f"{qid}_other")] if other else cells

        names = (name, f"{name}.label", *(f"{name}.{c}" for c in labels), *([f"{name}.other"] if other else []))
        return Field(qid, names, many)
    if t == "matrix":
        labels, rows = versions.labels(qid), versions.rows(qid)

        def grid(value: Any, _holder: dict[str, Any]) -> list[Any]:
            value = value if isinstance(value, dict) else {}
            out: list[Any] = []
            for r in rows:
                code = value.get(r)
                out += [code, labels.get(code, code) if code is not None else None]
            return out

        return Field(qid, tuple(n for r in rows for n in (f"{name}.{r}", f"{name}.{r}.label")), grid)
    return Field(qid, (name,), lambda value, _holder: [value])


def _code(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
