"""Realistic synthetic answers for any compiled survey, for demonstrations and benchmarks.

Realistic means: options are not equally popular (each question gets its own skewed weights),
optional questions are sometimes skipped, loops run over what was chosen, tables have a few rows,
texts are short phrases in the six UN languages. Every document is checked by the real validator
and repaired (answers that break a rule are dropped) until it can be submitted.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from app.compiler import CompiledSurvey, validate
from app.compiler import spec as s
from app.compiler.answers import at
from app.compiler.model import Condition, Option, Question
from app.compiler.validate import Frames, evaluator

PHRASES = (
    "Training of customs officers on mercury-added products",
    "Laboratory equipment for mercury analysis in fish and hair",
    "Formation des inspecteurs à la gestion des déchets de mercure",
    "Apoyo técnico para la minería aurífera artesanal sin mercurio",
    "Оборудование для мониторинга выбросов ртути",
    "汞废物环境无害化管理的技术援助",
    "بناء القدرات في مجال إدارة النفايات المحتوية على الزئبق",
    "Interim storage facility design and guidance",
    "Inventory update with Toolkit level 2",
    "Regional cooperation on contaminated sites",
)
SKIP = 0.2  # how often an optional question is left unanswered


class Generator:
    def __init__(self, survey: CompiledSurvey, rng: random.Random) -> None:
        self.survey = survey
        self.rng = rng
        # per question, per option: a weight, so that some options are far more popular than others
        self.weights = {
            q.id: [rng.paretovariate(1.2) for _ in q.options] for q in survey.questions.values() if q.options
        }

    def document(self, index: int) -> dict[str, Any]:
        self.root: dict[str, Any] = {}
        self.index = index
        return self._level(self.survey.top_level(), (), self.root)

    def _level(self, questions: list[Question], frames: Frames, out: dict[str, Any]) -> dict[str, Any]:
        """Answers one level (the document, a loop iteration, a table row) into `out`, in order, so
        that conditions and choice filters see what was answered before."""
        for q in questions:
            optional = q.required is False and q.type != "loop"  # a loop's questions say what they need
            if not q.answerable or (optional and self.rng.random() < SKIP):
                continue
            value = self._answer(q, frames)
            if value is not None:
                out[q.id] = value
                other = q.other_option
                if other is not None and (value == other.code or (isinstance(value, list) and other.code in value)):
                    out[f"{q.id}_other"] = self.rng.choice(PHRASES)
        return out

    def _pick(self, q: Question, frames: Frames, k: int = 1) -> list[str]:
        offered = {o.code for o in self._offered(q, frames)}
        pairs = [(o, w) for o, w in zip(q.options, self.weights[q.id], strict=True) if o.code in offered]
        codes = [o for o, _ in pairs if not o.exclusive or q.type in ("single_choice", "rating", "matrix")]
        weights = [w for o, w in pairs if not o.exclusive or q.type in ("single_choice", "rating", "matrix")]
        chosen: list[str] = []
        while codes and len(chosen) < k:
            i = self.rng.choices(range(len(codes)), weights)[0]
            chosen.append(codes.pop(i).code)
            weights.pop(i)
        return chosen

    def _offered(self, q: Question, frames: Frames) -> list[Option]:
        if q.choice_filter is None and not any(o.show_if for o in q.options):
            return list(q.options)
        return evaluator(self.survey, self.root).available(q, frames)

    def _answer(self, q: Question, frames: Frames) -> Any:
        t, spec, rng, index = q.type, q.spec, self.rng, self.index
        if t in ("text", "long_text"):
            text = rng.choice(PHRASES) if q.pattern is None else "+41 22 917 8192"
            limit = getattr(spec, "max_length", None)
            if q.pattern is not None and not q.pattern.fullmatch(text):
                return None
            return text[:limit] if limit else text
        if t == "email":
            return f"focal.point{index}@example.org"
        if t in ("integer", "decimal"):
            assert isinstance(spec, s.NumberQuestion)
            low = spec.min if spec.min is not None else 0
            high = spec.max if spec.max is not None else max(low, 0) + 1_000_000
            value = low + (high - low) * rng.random() ** 2  # more small values than large ones
            return int(value) if t == "integer" else round(value, spec.decimals if spec.decimals is not None else 2)
        if t == "yes_no":
            return rng.random() < 0.6
        if t == "date":
            assert isinstance(spec, s.DateQuestion)
            first = dt.date.fromisoformat(spec.min) if spec.min else dt.date(2015, 1, 1)
            last = dt.date.fromisoformat(spec.max) if spec.max else dt.date(2026, 12, 31)
            return (first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))).isoformat()
        if t in ("single_choice", "rating"):
            picked = self._pick(q, frames)
            return picked[0] if picked else None
        if t in ("multiple_choice", "ranking"):
            high = getattr(spec, "max_selected", None) or getattr(spec, "max_ranked", None) or len(q.options)
            low = max(getattr(spec, "min_selected", None) or getattr(spec, "min_ranked", None) or 1, 1)
            exclusive = [o.code for o in q.options if o.exclusive]
            if exclusive and rng.random() < 0.05:
                return [exclusive[0]]
            return self._pick(q, frames, rng.randint(low, max(low, min(high, 4)))) or None
        if t == "matrix":
            every = q.required is not False  # a required matrix needs every row
            return {r.code: self._pick(q, frames)[0] for r in q.rows if every or rng.random() > SKIP / 2}
        children = [self.survey.questions[c] for c in q.children]
        if t == "table":
            assert isinstance(spec, s.TableQuestion)
            n = max(rng.randint(spec.min_rows or 0, min(spec.max_rows or 4, 4)), spec.min_rows or 0)
            rows: list[dict[str, Any]] = []
            holder = evaluator(self.survey, self.root).container(frames)
            holder[q.id] = rows  # in place, so that the rows' conditions see the rows before them
            for i in range(n):
                rows.append({})
                self._level(children, (*frames, (q.id, i)), rows[-1])
            del holder[q.id]
            return rows or None
        # a loop: one iteration per code chosen in its source question
        chosen = evaluator(self.survey, self.root).value(q.over or "", frames) or []
        codes = set(self.survey.loop_codes(q))
        iterations: dict[str, Any] = {}
        holder = evaluator(self.survey, self.root).container(frames)
        holder[q.id] = iterations
        for code in (c for c in chosen if c in codes):
            iterations[code] = {}
            self._level(children, (*frames, (q.id, code)), iterations[code])
        del holder[q.id]
        return iterations or None


def repaired(survey: CompiledSurvey, doc: dict[str, Any], passes: int = 6) -> tuple[dict[str, Any], bool]:
    """The document with every answer that breaks a rule dropped (with what the rule reads), and
    whether it can now be submitted."""
    for _ in range(passes):
        errors = validate(survey, doc, "submit").errors
        if not errors:
            return doc, True
        for error in errors:
            q = survey.questions.get(_question_of(error.loc))
            drop = {error.loc}
            if q is not None:
                refs = set().union(*(c.rule.refs for c in q.constraints)) if q.constraints else set()
                if isinstance(q.required, Condition):
                    refs |= q.required.refs
                drop |= {(*error.loc[:-1], r) for r in refs}
            for loc in drop:
                _delete(doc, loc)
    return doc, not validate(survey, doc, "submit").errors


def _question_of(loc: tuple[str | int, ...]) -> str:
    names = [p for p in loc if isinstance(p, str)]
    return names[-1] if names else ""


def _delete(doc: Any, loc: tuple[str | int, ...]) -> None:
    parent = at(doc, loc[:-1])
    if isinstance(parent, dict):
        parent.pop(loc[-1], None)
