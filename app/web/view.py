"""What a page shows: each question of a section with its value, visibility, options and error,
in the person's language. Templates only lay these out; no survey logic lives in them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from app.compiler import CompiledSurvey
from app.compiler.expr.nodes import to_json
from app.compiler.expr.parser import parse
from app.compiler.model import Condition, Question
from app.compiler.validate import Evaluator, Frames

Loc = tuple[str | int, ...]


@dataclass(slots=True)
class OptionView:
    code: str
    label: str
    hint: str
    checked: bool
    shown: bool
    exclusive: bool = False
    other: bool = False
    rank: int | None = None  # the position, for a ranking


@dataclass(slots=True)
class RowView:
    """A matrix row, a table row, or a loop iteration."""

    key: str  # the row or option code, or the table row index
    label: str
    fields: list[FieldView] = field(default_factory=list)
    value: str | None = None  # a matrix row's chosen column
    error: str = ""
    id: str = ""
    shown: bool = True
    frames: str = "[]"


@dataclass(slots=True)
class FieldView:
    q: Question
    name: str  # the form field name (see fields.py)
    id: str  # the HTML id, from the answer's loc
    title: str
    hint: str
    value: Any
    shown: bool
    required: bool
    error: str = ""
    options: list[OptionView] = field(default_factory=list)
    rows: list[RowView] = field(default_factory=list)
    columns: list[FieldView] = field(default_factory=list)  # a table's column headers
    other_value: str = ""
    other_error: str = ""
    comments: list[str] = field(default_factory=list)
    unit: str = ""
    placeholder: str = ""
    body: str = ""
    add_label: str = ""  # a table's "add a row" button
    frames: str = "[]"  # JSON of the loop and table frames the question is in, for app.js

    @property
    def type(self) -> str:
        return self.q.type

    @property
    def described_by(self) -> str:
        parts = [f"{self.id}-hint" if self.hint else "", f"{self.id}-error" if self.error else ""]
        return " ".join(p for p in parts if p)


def html_id(loc: Loc) -> str:
    return "f-" + "-".join(str(p) for p in loc)


@dataclass(slots=True)
class PageBuilder:
    survey: CompiledSurvey
    answers: dict[str, Any]
    lang: str
    errors: dict[Loc, str]
    comments: dict[Loc, list[str]]
    evaluator: Evaluator
    item: str | None = None  # the loop iteration shown (one per page keeps pages light)

    def text(self, value: Any, item: str = "") -> str:
        out = self.survey.text(value, self.lang)
        return out.replace("{item}", item) if item else out

    def section(self, section_id: str) -> list[FieldView]:
        section = next(s for s in self.survey.sections if s.id == section_id)
        return self.level(section.questions, self.answers, (), (), "")

    def level(self, ids: tuple[str, ...], data: Any, loc: Loc, frames: Frames, item: str) -> list[FieldView]:
        data = data if isinstance(data, dict) else {}
        return [self.field(self.survey.questions[qid], data, loc, frames, item) for qid in ids]

    def field(self, q: Question, data: dict[str, Any], loc: Loc, frames: Frames, item: str) -> FieldView:
        here = (*loc, q.id)
        s = q.spec
        required = q.required is not False
        view = FieldView(
            q=q,
            name=".".join(str(p) for p in here),
            id=html_id(here),
            title=self.text(getattr(s, "title", None), item),
            hint=self.text(getattr(s, "hint", None), item),
            value=data.get(q.id),
            shown=self.evaluator.visible(q.id, frames),
            required=required,
            error=self.errors.get(here, ""),
            comments=self.comments.get(here, []),
            unit=self.text(getattr(s, "unit", None)),
            placeholder=self.text(getattr(s, "placeholder", None)),
            body=self.text(getattr(s, "body", None), item),
            add_label=self.text(getattr(s, "add_label", None), item),
            frames=json.dumps([list(f) for f in frames]),
        )
        if q.options and q.type != "matrix":
            view.options = self.options(q, view.value, frames, item)
        if q.other_option is not None:
            view.other_value = str(data.get(f"{q.id}_other") or "")
            view.other_error = self.errors.get((*loc, f"{q.id}_other"), "")
        if q.type == "matrix":
            view.options = [OptionView(o.code, self.text(o.label), self.text(o.hint), False, True) for o in q.options]
            value = view.value if isinstance(view.value, dict) else {}
            view.rows = [
                RowView(
                    r.code,
                    self.text(r.label),
                    value=value.get(r.code),
                    error=self.errors.get((*here, r.code), ""),
                    id=html_id((*here, r.code)),
                )
                for r in q.rows
            ]
        elif q.type == "loop":
            value = view.value if isinstance(view.value, dict) else {}
            source = self.survey.questions[q.over or ""]
            labels = {o.code: self.text(o.label) for o in source.options}
            for code in self.iterations(q, frames):
                if self.item is not None and code != self.item:
                    continue
                iteration_frames = (*frames, (q.id, code))
                row = RowView(
                    code,
                    labels[code],
                    id=html_id((*here, code)),
                    frames=json.dumps([list(f) for f in iteration_frames]),
                )
                row.shown = view.shown and self.evaluator.visible(q.children[0], iteration_frames)
                row.fields = self.level(q.children, value.get(code), (*here, code), iteration_frames, labels[code])
                view.rows.append(row)
        elif q.type == "table":
            rows = view.value if isinstance(view.value, list) else []
            view.columns = self.level(q.children, {}, (*here, "*"), (*frames, (q.id, 0)), item)
            for i, row_data in enumerate(rows):
                row = RowView(str(i), str(i + 1), id=html_id((*here, i)))
                row.fields = self.level(q.children, row_data, (*here, i), (*frames, (q.id, i)), item)
                view.rows.append(row)
        return view

    def iterations(self, q: Question, frames: Frames = ()) -> list[str]:
        """The codes a loop runs over now: its source's selected options."""
        return [c for c in self.survey.loop_codes(q) if self.evaluator.visible(q.children[0], (*frames, (q.id, c)))]

    def options(self, q: Question, value: Any, frames: Frames, item: str) -> list[OptionView]:
        offered = {o.code for o in self.evaluator.available(q, frames)}
        chosen = value if isinstance(value, list) else [value] if value is not None else []
        out = []
        for o in q.options:
            view = OptionView(
                o.code,
                self.text(o.label, item),
                self.text(o.hint, item),
                o.code in chosen,
                o.code in offered,
                exclusive=o.exclusive and q.type == "multiple_choice",
                other=o.other and q.other_option is o,
            )
            if q.type == "ranking" and o.code in chosen:
                view.rank = chosen.index(o.code) + 1
            out.append(view)
        return out


def _tree(condition: Condition | None) -> Any:
    return to_json(parse(condition.source)) if condition is not None else None


@lru_cache(maxsize=32)
def client_model(survey: CompiledSurvey) -> dict[str, Any]:
    """What app.js needs to evaluate conditions as the server does: questions, sections, trees."""
    questions = {}
    for q in survey.questions.values():
        other = q.other_option
        entry = {
            "id": q.id,
            "type": q.type,
            "section": q.section,
            "scope": list(q.scope),
            "over": q.over,
            "children": list(q.children),
            "options": [
                {"code": o.code, "show_if": _tree(o.show_if)} for o in q.options if o.show_if or q.type == "ranking"
            ],
            "rows": [r.code for r in q.rows],
            "other": other.code if other is not None else None,
            "show_if": _tree(q.show_if),
            "choice_filter": _tree(q.choice_filter),
        }
        questions[q.id] = {k: v for k, v in entry.items() if v not in (None, [], "")}
    return {
        "questions": questions,
        "sections": {s.id: {"show_if": _tree(s.show_if), "questions": list(s.questions)} for s in survey.sections},
        "loop_codes": {q.id: list(survey.loop_codes(q)) for q in survey.questions.values() if q.type == "loop"},
    }


def error_links(
    survey: CompiledSurvey,
    by_loc: dict[Loc, str],
    lang: str,
    base: str,
    section: str | None = None,
    item: str | None = None,
) -> list[tuple[str, str]]:
    """(href, "Question: message") for the error summary: each link leads to its field, on this
    page or on the page (section, loop iteration) where the field is."""
    section_of = {qid: s.id for s in survey.sections for qid in s.questions}
    section_ids = {s.id for s in survey.sections}
    out = []
    for loc, msg in by_loc.items():
        first = survey.questions.get(str(loc[0]).removesuffix("_other"))
        if first is None:  # a section (carried over, not confirmed yet), or nothing we can point at
            out.append((f"{base}/s/{loc[0]}" if str(loc[0]) in section_ids else "#main", msg))
            continue
        loop_item = str(loc[1]) if first.type == "loop" and len(loc) > 1 else None
        here = section_of.get(first.id) == section and (loop_item is None or loop_item == item)
        page = "" if here else f"{base}/s/{section_of.get(first.id, '')}" + (f"?item={loop_item}" if loop_item else "")
        question = next(
            (survey.questions[str(p)] for p in reversed(loc) if str(p).removesuffix("_other") in survey.questions), None
        )
        title = survey.text(getattr(question.spec, "title", None), lang) if question is not None else ""
        if loop_item is not None:
            source = survey.questions[first.over or ""]
            label = next((survey.text(o.label, lang) for o in source.options if o.code == loop_item), loop_item)
            title = title.replace("{item}", label)
        out.append((f"{page}#{html_id(loc)}", f"{title}: {msg}" if title else msg))
    return out


def errors_by_loc(errors: list[dict[str, Any]]) -> dict[Loc, str]:
    out: dict[Loc, str] = {}
    for e in errors:
        out.setdefault(tuple(e["loc"]), e["msg"])
    return out
