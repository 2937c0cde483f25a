"""Check an answers document against a compiled survey. Pure: no web, no database.

An answers document is a JSON object keyed by question id. A loop's answer is an object keyed by
the looped option's code, each holding the loop's questions; a table's is a list of row objects;
a matrix's an object of row code to column code; the text of an "other, please specify" option sits
beside its question under `<id>_other`.

Two modes:
- draft: only what is present is checked, and only what more typing could not fix: types, formats
  (email, date, pattern), option codes, upper bounds and numeric ranges. Partial answers are fine.
- submit: everything, on the answers that are shown: required questions, lower bounds, constraints,
  filtered options. Answers to questions that conditions hide are left out of the returned record
  (the draft keeps them; nothing is deleted).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from app.compiler import spec
from app.compiler.messages import render
from app.compiler.model import NUMBER_TYPES, TEXT_TYPES, CompiledSurvey, Option, Question

Mode = Literal["draft", "submit"]
Loc = tuple[str | int, ...]
Frames = tuple[tuple[str, str | int], ...]  # (container id, option code or row index), outermost first

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DEFAULT_MAX_LENGTH = {"text": 1_000, "long_text": 20_000, "email": 320}


@dataclass(frozen=True, slots=True)
class AnswerError:
    loc: Loc
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    custom: spec.Text | None = None  # a message written in the definition

    def message(self, survey: CompiledSurvey, lang: str | None = None) -> str:
        if self.custom is not None:
            return survey.text(self.custom, lang)
        return render(self.code, self.params, lang or survey.default_language)

    def as_dict(self, survey: CompiledSurvey, lang: str | None = None) -> dict[str, Any]:
        return {"loc": list(self.loc), "code": self.code, "msg": self.message(survey, lang)}

    def messages(self, survey: CompiledSurvey) -> dict[str, str]:
        return {lang: self.message(survey, lang) for lang in survey.languages}


@dataclass(slots=True)
class Validation:
    errors: list[AnswerError]
    record: dict[str, Any]  # submit mode: the answers that are shown; draft mode: the answers
    hidden: list[Loc] = field(default_factory=list)  # submit mode: answers left out as hidden

    @property
    def ok(self) -> bool:
        return not self.errors


class _Env:
    """What a condition sees: answers of questions in scope, hidden ones as null."""

    __slots__ = ("frames", "item", "option", "run", "self_value", "today")

    def __init__(self, run: Evaluator, frames: Frames, self_value: Any = None, option: str | None = None) -> None:
        self.run = run
        self.frames = frames
        self.self_value = self_value
        self.option = option
        self.today = run.today
        loops = [key for cid, key in frames if run.survey.questions[cid].type == "loop"]
        self.item = str(loops[-1]) if loops else None

    def value(self, qid: str) -> Any:
        return self.run.value(qid, self.frames)


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


class Evaluator:
    """Which questions and options are shown for a set of answers, as the server sees it."""

    def __init__(self, survey: CompiledSurvey, answers: dict[str, Any], mode: Mode, today: dt.date) -> None:
        self.survey = survey
        self.answers = answers
        self.mode = mode
        self.today = today
        self.errors: list[AnswerError] = []
        self.hidden: list[Loc] = []
        self._visible: dict[tuple[str, Frames], bool] = {}
        self._values: dict[tuple[str, Frames], Any] = {}
        self._sections: dict[str, bool] = {}

    # -- where answers are ---------------------------------------------------------------------

    def container(self, frames: Frames) -> dict[str, Any]:
        node: Any = self.answers
        for cid, key in frames:
            node = node.get(cid) if isinstance(node, dict) else None
            if isinstance(key, int):
                node = node[key] if isinstance(node, list) and 0 <= key < len(node) else None
            else:
                node = node.get(key) if isinstance(node, dict) else None
        return node if isinstance(node, dict) else {}

    def raw(self, q: Question, frames: Frames) -> Any:
        return self.container(frames[: len(q.scope)]).get(q.id)

    # -- what is shown -------------------------------------------------------------------------

    def section_visible(self, section_id: str) -> bool:
        if section_id not in self._sections:
            section = next(s for s in self.survey.sections if s.id == section_id)
            self._sections[section_id] = section.show_if is None or section.show_if(_Env(self, ()))
        return self._sections[section_id]

    def visible(self, qid: str, frames: Frames) -> bool:
        q = self.survey.questions[qid]
        frames = frames[: len(q.scope)]
        key = (qid, frames)
        cached = self._visible.get(key)
        if cached is not None:
            return cached
        shown = self.section_visible(q.section)
        if shown and q.scope:
            parent = self.survey.questions[q.scope[-1]]
            shown = self.visible(parent.id, frames[:-1])
            if shown and parent.over is not None:
                selected = self.value(parent.over, frames[:-1]) or []
                code = frames[-1][1]
                shown = code in selected and code in self.survey.loop_codes(parent)
        if shown and q.show_if is not None:
            shown = q.show_if(_Env(self, frames))
        self._visible[key] = shown
        return shown

    def value(self, qid: str, frames: Frames) -> Any:
        """The answer as conditions see it: typed, and null when hidden or not valid."""
        q = self.survey.questions[qid]
        frames = frames[: len(q.scope)]
        key = (qid, frames)
        if key in self._values:
            return self._values[key]
        self._values[key] = None  # guards against re-entry while computing
        result = None
        if self.visible(qid, frames):
            result = _typed(q, self.raw(q, frames))
            if q.type == "loop" and result:  # only the iterations of options still selected
                selected = self.value(q.over or "", frames) or []
                result = {k: v for k, v in result.items() if k in selected and k in self.survey.loop_codes(q)}
        self._values[key] = result
        return result

    def available(self, q: Question, frames: Frames) -> list[Option]:
        """The options offered, after option conditions and the choice filter."""
        out = []
        for o in q.options:
            if o.show_if is not None and not o.show_if(_Env(self, frames)):
                continue
            if q.choice_filter is not None and not q.choice_filter(_Env(self, frames, option=o.code)):
                continue
            out.append(o)
        return out

    # -- checking ------------------------------------------------------------------------------

    def error(self, loc: Loc, error_code: str, custom: spec.Text | None = None, /, **params: Any) -> None:
        self.errors.append(AnswerError(loc, error_code, params, custom))

    def check_level(self, ids: tuple[str, ...], data: Any, loc: Loc, frames: Frames) -> dict[str, Any]:
        """Check one level of answers (the top, a loop iteration or a table row); returns the record."""
        if not isinstance(data, dict):
            self.error(loc, "invalid_type", expected="object")
            return {}
        allowed = set(ids)
        for qid in ids:
            if self.survey.questions[qid].other_option is not None:
                allowed.add(f"{qid}_other")
        for key in data:
            if key not in allowed:
                self.error((*loc, key), "unknown_question", key=key)
        record: dict[str, Any] = {}
        for qid in ids:
            q = self.survey.questions[qid]
            value = data.get(qid)
            qloc = (*loc, qid)
            shown = self.mode == "draft" or self.visible(qid, frames)
            if not shown:
                if not _is_empty(value) or f"{qid}_other" in data:
                    self.hidden.append(qloc)
                continue
            if not q.answerable:
                if value is not None:
                    self.error(qloc, "not_answerable")
                continue
            if value is None:
                if q.type == "loop" and self.mode == "submit":
                    value = {}  # each selected option's iteration may hold required questions
                else:
                    self.check_required(q, None, qloc, frames)
                    continue
            kept = self.check_answer(q, value, qloc, frames)
            if kept is not None:
                record[qid] = kept
            self.check_other(q, value, data, loc, record)
            if self.mode == "submit" and kept is not None:
                self.check_required(q, kept, qloc, frames)
                self.check_constraints(q, kept, qloc, frames)
        return record

    def check_required(self, q: Question, value: Any, loc: Loc, frames: Frames) -> None:
        if self.mode != "submit" or q.type == "loop" or not _is_empty(value):
            return
        if self.is_required(q, frames):
            self.error(loc, "required")

    def is_required(self, q: Question, frames: Frames) -> bool:
        return q.required if isinstance(q.required, bool) else q.required(_Env(self, frames))

    def check_constraints(self, q: Question, value: Any, loc: Loc, frames: Frames) -> None:
        if _is_empty(value):
            return
        typed = _typed(q, value)
        for c in q.constraints:
            if not c.rule(_Env(self, frames, self_value=typed)):
                self.error(loc, "constraint", c.message)

    def check_other(self, q: Question, value: Any, data: dict[str, Any], loc: Loc, record: dict[str, Any]) -> None:
        other = q.other_option
        if other is None:
            return
        key = f"{q.id}_other"
        text = data.get(key)
        chosen = value == other.code or (isinstance(value, list) and other.code in value)
        if text is not None and not isinstance(text, str):
            self.error((*loc, key), "invalid_type", expected="text")
        elif text is not None and len(text) > DEFAULT_MAX_LENGTH["text"]:
            self.error((*loc, key), "too_long", max=DEFAULT_MAX_LENGTH["text"])
        elif text is not None and "\x00" in text:
            self.error((*loc, key), "invalid_character")
        elif chosen and text and text.strip():
            record[key] = text
        elif chosen and self.mode == "submit":
            self.error((*loc, key), "other_required")
        elif text and self.mode == "submit":
            self.hidden.append((*loc, key))
        elif text:
            record[key] = text

    def check_answer(self, q: Question, value: Any, loc: Loc, frames: Frames) -> Any:
        t = q.type
        if t in TEXT_TYPES:
            return self.check_text(q, value, loc)
        if t in NUMBER_TYPES:
            return self.check_number(q, value, loc)
        if t == "yes_no":
            if not isinstance(value, bool):
                return self.error(loc, "invalid_type", expected="boolean")
            return value
        if t == "date":
            return self.check_date(q, value, loc)
        if t in ("single_choice", "rating"):
            return self.check_single(q, value, loc, frames)
        if t in ("multiple_choice", "ranking"):
            return self.check_multi(q, value, loc, frames)
        if t == "matrix":
            return self.check_matrix(q, value, loc, frames)
        if t == "table":
            return self.check_table(q, value, loc, frames)
        return self.check_loop(q, value, loc, frames)

    def check_text(self, q: Question, value: Any, loc: Loc) -> Any:
        if not isinstance(value, str):
            return self.error(loc, "invalid_type", expected="text")
        s = q.spec
        max_length = getattr(s, "max_length", None) or DEFAULT_MAX_LENGTH[q.type]
        if len(value) > max_length:
            return self.error(loc, "too_long", max=max_length)
        if "\x00" in value:  # no database stores it in text, and nobody types it
            return self.error(loc, "invalid_character")
        if value == "":
            return value
        if q.type == "email" and not EMAIL.match(value):
            return self.error(loc, "invalid_email")
        if q.pattern is not None and not q.pattern.fullmatch(value):
            return self.error(loc, "pattern_mismatch", getattr(s, "pattern_message", None))
        min_length = getattr(s, "min_length", None)
        if self.mode == "submit" and min_length is not None and len(value) < min_length:
            return self.error(loc, "too_short", min=min_length)
        return value

    def check_number(self, q: Question, value: Any, loc: Loc) -> Any:
        s = q.spec
        assert isinstance(s, spec.NumberQuestion)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return self.error(loc, "invalid_type", expected="integer" if q.type == "integer" else "number")
        if q.type == "integer" and not float(value).is_integer():
            return self.error(loc, "invalid_type", expected="integer")
        if s.min is not None and value < s.min:
            return self.error(loc, "below_min", min=_num(s.min))
        if s.max is not None and value > s.max:
            return self.error(loc, "above_max", max=_num(s.max))
        if s.decimals is not None and round(value, s.decimals) != value:
            return self.error(loc, "too_many_decimals", decimals=s.decimals)
        return int(value) if q.type == "integer" else value

    def check_date(self, q: Question, value: Any, loc: Loc) -> Any:
        s = q.spec
        assert isinstance(s, spec.DateQuestion)
        parsed = _date(value)
        if parsed is None:
            return self.error(loc, "invalid_date")
        if s.min is not None and parsed < dt.date.fromisoformat(s.min):
            return self.error(loc, "below_min", min=s.min)
        if s.max is not None and parsed > dt.date.fromisoformat(s.max):
            return self.error(loc, "above_max", max=s.max)
        return value

    def check_code(self, q: Question, value: Any, loc: Loc, codes: frozenset[str]) -> bool:
        if not isinstance(value, str):
            self.error(loc, "invalid_type", expected="option")
            return False
        if value not in codes:
            self.error(loc, "invalid_option", code=value)
            return False
        return True

    def offered(self, q: Question, frames: Frames) -> set[str] | None:
        """Codes the person could choose, or None in draft mode (where every code is accepted)."""
        if self.mode == "draft":
            return None
        if q.choice_filter is None and not any(o.show_if for o in q.options):
            return None
        return {o.code for o in self.available(q, frames)}

    def check_single(self, q: Question, value: Any, loc: Loc, frames: Frames) -> Any:
        if not self.check_code(q, value, loc, q.codes):
            return None
        offered = self.offered(q, frames)
        if offered is not None and value not in offered:
            return self.error(loc, "option_not_available", code=value)
        return value

    def check_multi(self, q: Question, value: Any, loc: Loc, frames: Frames) -> Any:
        if not isinstance(value, list):
            return self.error(loc, "invalid_type", expected="list")
        seen: set[str] = set()
        for code in value:
            if not self.check_code(q, code, loc, q.codes):
                return None
            if code in seen:
                return self.error(loc, "duplicate_option", code=code)
            seen.add(code)
        offered = self.offered(q, frames)
        if offered is not None:
            for code in value:
                if code not in offered:
                    return self.error(loc, "option_not_available", code=code)
        exclusive = next((o.code for o in q.options if o.exclusive and o.code in seen), None)
        exclusive = exclusive if q.type == "multiple_choice" else None
        if exclusive is not None and len(value) > 1:
            return self.error(loc, "exclusive_option", code=exclusive)
        s = q.spec
        low = getattr(s, "min_selected", None) or getattr(s, "min_ranked", None)
        high = getattr(s, "max_selected", None) or getattr(s, "max_ranked", None)
        if high is not None and len(value) > high:
            return self.error(loc, "too_many_selected", max=high)
        if self.mode == "submit" and low is not None and value and len(value) < low:
            return self.error(loc, "too_few_selected", min=low)
        return list(value)

    def check_matrix(self, q: Question, value: Any, loc: Loc, frames: Frames) -> Any:
        if not isinstance(value, dict):
            return self.error(loc, "invalid_type", expected="object")
        rows = {r.code for r in q.rows}
        before = len(self.errors)
        for row, col in value.items():
            if row not in rows:
                self.error((*loc, row), "unknown_row", key=row)
            elif col is not None:
                self.check_code(q, col, (*loc, row), q.codes)
        if len(self.errors) > before:
            return None
        kept = {r.code: value[r.code] for r in q.rows if value.get(r.code) is not None}
        if self.mode == "submit" and kept and self.is_required(q, frames):
            for r in q.rows:
                if r.code not in kept:
                    self.error((*loc, r.code), "required")
        return kept

    def check_table(self, q: Question, value: Any, loc: Loc, frames: Frames) -> Any:
        s = q.spec
        assert isinstance(s, spec.TableQuestion)
        if not isinstance(value, list):
            return self.error(loc, "invalid_type", expected="list")
        max_rows = s.max_rows or 1000
        if len(value) > max_rows:
            return self.error(loc, "too_many_rows", max=max_rows)
        if self.mode == "submit" and s.min_rows and value and len(value) < s.min_rows:
            self.error(loc, "too_few_rows", min=s.min_rows)
        rows = []
        for i, row in enumerate(value):
            rows.append(self.check_level(q.children, row, (*loc, i), (*frames, (q.id, i))))
        return rows

    def check_loop(self, q: Question, value: Any, loc: Loc, frames: Frames) -> Any:
        if not isinstance(value, dict):
            return self.error(loc, "invalid_type", expected="object")
        codes = self.survey.loop_codes(q)
        for code in value:
            if code not in codes:
                self.error((*loc, code), "invalid_option", code=code)
        if self.mode == "draft":
            keys = [code for code in value if code in codes]
        else:
            keys = [code for code in self.value(q.over or "", frames) or [] if code in codes]
            self.hidden.extend((*loc, code) for code in value if code in codes and code not in keys)
        out = {}
        for code in keys:
            out[code] = self.check_level(q.children, value.get(code, {}), (*loc, code), (*frames, (q.id, code)))
        return out


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _typed(q: Question, raw: Any) -> Any:
    """A raw answer as conditions see it; None if it is not of the question's type."""
    if raw is None:
        return None
    t = q.type
    if t in TEXT_TYPES or t in ("single_choice", "rating"):
        return raw if isinstance(raw, str) and raw != "" else None
    if t in NUMBER_TYPES:
        ok = isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw)
        return raw if ok else None
    if t == "yes_no":
        return raw if isinstance(raw, bool) else None
    if t == "date":
        return _date(raw)
    if t in ("multiple_choice", "ranking", "table"):
        return raw if isinstance(raw, list) else None
    return raw if isinstance(raw, dict) else None


def validate(
    survey: CompiledSurvey,
    answers: Any,
    mode: Mode = "draft",
    *,
    today: dt.date | None = None,
) -> Validation:
    run = Evaluator(survey, answers if isinstance(answers, dict) else {}, mode, today or dt.date.today())
    if not isinstance(answers, dict):
        return Validation([AnswerError((), "invalid_type", {"expected": "object"})], {})
    top = tuple(qid for section in survey.sections for qid in section.questions)
    record = run.check_level(top, answers, (), ())
    return Validation(run.errors, record, run.hidden)


def evaluator(survey: CompiledSurvey, answers: Any, today: dt.date | None = None) -> Evaluator:
    """Visibility of sections, questions and options for these answers (what a renderer needs)."""
    return Evaluator(survey, answers if isinstance(answers, dict) else {}, "submit", today or dt.date.today())
