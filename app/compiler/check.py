"""Stage 3, check: every rule that spans several places in a definition, in one pass.

Ids, references, option lists, bounds, patterns, expressions (parsed, name-resolved, type-checked
and turned into closures), cycles between conditions, and texts in every language. The results the
build stage needs (resolved options, compiled conditions, the container chain of each question)
are kept in `Checked` so nothing is computed twice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel

from app.compiler import spec
from app.compiler.diagnostics import Diagnostic, Location, did_you_mean, make
from app.compiler.expr.checker import Checker, ExprError, Kind, Type
from app.compiler.expr.nodes import names_in
from app.compiler.expr.parser import KEYWORDS, ExprSyntaxError, parse
from app.compiler.mapping import check_mapping
from app.compiler.model import Condition, Constraint, Option, Question
from app.compiler.parse import is_placeholder
from app.compiler.reader import Document, Path, format_path
from app.compiler.renames import check_names, check_option_lists

RESERVED = KEYWORDS | {"item", "option"}
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
TEXT_FIELDS = frozenset(
    {
        "title",
        "description",
        "hint",
        "label",
        "body",
        "placeholder",
        "message",
        "pattern_message",
        "unit",
        "add_label",
    }
)


@dataclass(slots=True)
class Entry:
    """A question as found in the definition, before it is fully built."""

    q: spec.AnyQuestion
    path: Path
    section: str
    scope: tuple[str, ...]


@dataclass(slots=True)
class Checked:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    questions: dict[str, Question] = field(default_factory=dict)
    section_conditions: dict[str, Condition] = field(default_factory=dict)
    section_questions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)  # of each question's id, and of mapping entries


def _type_of(q: spec.AnyQuestion, options: tuple[Option, ...]) -> Type | None:
    codes = frozenset(o.code for o in options)
    t = q.type
    if t in ("text", "long_text", "email"):
        return Type(Kind.TEXT, source=q.id)
    if t in ("integer", "decimal"):
        return Type(Kind.NUMBER, source=q.id)
    if t == "yes_no":
        return Type(Kind.BOOL, source=q.id)
    if t == "date":
        return Type(Kind.DATE, source=q.id)
    if t in ("single_choice", "rating"):
        return Type(Kind.CODE, codes, q.id)
    if t in ("multiple_choice", "ranking"):
        return Type(Kind.CODES, codes, q.id)
    if t == "table":
        return Type(Kind.ROWS, source=q.id)
    if t in ("matrix", "loop"):
        return Type(Kind.GROUP, source=q.id)
    return None


class _SilentError(Exception):
    """A reference to a question that failed to parse: already reported, not reported again."""


@dataclass(slots=True)
class _Place:
    """Where an expression is, to resolve the names in it."""

    ctx: _Check
    scope: tuple[str, ...]
    self_q: Question | None = None
    loop_options: frozenset[str] | None = None
    filter_options: frozenset[str] | None = None
    filter_source: str = ""
    loop_source: str = ""

    def question(self, name: str, col: int) -> Type:
        ctx = self.ctx
        entry = ctx.entries.get(name)
        if entry is None:
            if name in ctx.unparsed:
                raise _SilentError(name)
            raise ExprError("E301", col, ref=name, hint=did_you_mean(name, ctx.entries))
        if entry.scope != self.scope[: len(entry.scope)]:
            kind = "the loop" if ctx.entries[entry.scope[-1]].q.type == "loop" else "the table"
            raise ExprError("E306", col, ref=name, container=f"{kind} '{entry.scope[-1]}'")
        typ = ctx.types.get(name)
        if typ is None:
            raise ExprError("E402", col, detail=f"'{name}' is a note and has no answer")
        return typ

    def special(self, name: str, col: int) -> Type | None:
        if name == "item":
            if self.loop_options is None:
                raise ExprError("E407", col, name="item", where="inside a loop")
            return Type(Kind.CODE, self.loop_options, self.loop_source)
        if name == "option":
            if self.filter_options is None:
                raise ExprError("E407", col, name="option", where="in a choice_filter")
            return Type(Kind.CODE, self.filter_options, self.filter_source)
        return None

    def self_type(self, col: int) -> Type:
        if self.self_q is None:
            raise ExprError("E407", col, name=".", where="in a constraint")
        typ = self.ctx.types.get(self.self_q.id)
        assert typ is not None
        return typ


class _Check:
    def __init__(self, doc: Document, survey: spec.Survey, unparsed: set[str]) -> None:
        self.doc = doc
        self.survey = survey
        self.unparsed = unparsed
        self.out = Checked()
        self.entries: dict[str, Entry] = {}
        self.types: dict[str, Type] = {}
        self.lists: dict[str, tuple[Option, ...]] = {}
        self.used_lists: set[str] = set()
        self.deps: dict[str, set[str]] = {}  # node -> nodes its visibility depends on
        self.dep_paths: dict[str, Path] = {}
        self.seen_diagnostics: set[tuple[str, int, int, str]] = set()

    # -- reporting -------------------------------------------------------------------------------

    def error(self, code: str, path: Path, *, key: bool = False, note: str = "", **params: Any) -> None:
        self.report(make(code, self.doc.locate(path, key=key), note=note, **params))

    def report(self, d: Diagnostic) -> None:
        sig = (d.code, d.location.line, d.location.column, d.message)
        if sig not in self.seen_diagnostics:
            self.seen_diagnostics.add(sig)
            self.out.diagnostics.append(d)

    def first_line(self, path: Path) -> int:
        return self.doc.locate(path).line

    # -- the walk --------------------------------------------------------------------------------

    def run(self) -> Checked:
        survey = self.survey
        self.check_languages()
        self.index_lists()
        seen_sections: dict[str, Path] = {}
        for si, section in enumerate(survey.sections):
            path: Path = ("sections", si)
            if section.id in seen_sections and not is_placeholder(section):
                line = self.first_line((*seen_sections[section.id], "id"))
                self.error("E206", (*path, "id"), kind="section", id=section.id, first_line=line)
            seen_sections.setdefault(section.id, path)
            for qi, q in enumerate(section.questions):
                self.index_question(q, (*path, "questions", qi), section.id, ())
            self.out.section_questions[section.id] = tuple(q.id for q in section.questions if not is_placeholder(q))
        for entry in self.entries.values():
            self.build_question(entry)
        self.check_renames()
        for si, section in enumerate(survey.sections):
            path = ("sections", si)
            node = f"section:{section.id}"
            self.deps[node] = set()
            self.dep_paths[node] = (*path, "show_if")
            if section.show_if is not None:
                cond = self.condition(section.show_if, (*path, "show_if"), _Place(self, ()))
                if cond is not None:
                    self.out.section_conditions[section.id] = cond
                    self.deps[node] |= cond.refs
        for entry in self.entries.values():
            self.conditions(entry)
        self.check_cycles()
        for name in self.lists:
            if name not in self.used_lists:
                self.error("W102", ("choice_lists", name), key=True, ref=name)
        self.check_texts()
        if survey.mapping is not None:
            check_mapping(survey.mapping, self.out.questions, self.doc, self.error, self.out.locations)
        return self.out

    def check_languages(self) -> None:
        seen: set[str] = set()
        for i, lang in enumerate(self.survey.languages):
            if lang in seen:
                self.error("E203", ("languages", i), detail=f"language '{lang}' is listed twice")
            seen.add(lang)

    def index_lists(self) -> None:
        for name, options in self.survey.choice_lists.items():
            self.lists[name] = self.options(options, ("choice_lists", name))

    def options(self, options: list[spec.Option], path: Path) -> tuple[Option, ...]:
        seen: dict[str, int] = {}
        out = []
        for i, o in enumerate(options):
            if o.code in seen:
                first = self.first_line((*path, seen[o.code], "code"))
                self.error("E206", (*path, i, "code"), kind="option", id=o.code, first_line=first)
                continue
            seen[o.code] = i
            out.append(Option(o.code, o.label, o.hint, o.exclusive, o.other, renamed_from=tuple(o.renamed_from)))
        if sum(o.other for o in out) > 1:
            self.error("E213", path, detail="only one option can be 'other'")
        if not out:
            name = str(path[-1]) if path[0] == "choice_lists" else "of this question"
            self.error("E214", path, kind="option list", id=name, what="options")
        return tuple(out)

    def index_question(self, q: spec.AnyQuestion, path: Path, section: str, scope: tuple[str, ...]) -> None:
        if is_placeholder(q):
            return
        if q.id in RESERVED:
            self.error("E211", (*path, "id"), id=q.id, detail="it is a word of the condition language")
        if q.id in self.entries:
            line = self.first_line((*self.entries[q.id].path, "id"))
            self.error("E206", (*path, "id"), kind="question", id=q.id, first_line=line)
            return
        self.entries[q.id] = Entry(q, path, section, scope)
        self.out.locations[q.id] = self.doc.locate((*path, "id"))
        if isinstance(q, spec.LoopQuestion):
            for i, child in enumerate(q.questions):
                self.index_question(child, (*path, "questions", i), section, (*scope, q.id))
        elif isinstance(q, spec.TableQuestion):
            for i, col in enumerate(q.columns):
                self.index_question(col, (*path, "columns", i), section, (*scope, q.id))

    def resolve_options(self, ref: list[spec.Option] | str, path: Path) -> tuple[Option, ...]:
        if isinstance(ref, str):
            if ref in self.lists:
                self.used_lists.add(ref)
                return self.lists[ref]
            if ref not in self.unparsed:
                self.error("E302", path, ref=ref, hint=did_you_mean(ref, self.lists))
            return ()
        return self.options(ref, path)

    def build_question(self, entry: Entry) -> None:
        q, path = entry.q, entry.path
        built = Question(q.id, q.type, q, entry.section, _fmt(path), entry.scope)
        built.renamed_from = tuple(getattr(q, "renamed_from", ()))
        if isinstance(q, spec.ChoiceBase):
            built.options = self.resolve_options(q.options, (*path, "options"))
            self.check_flags(q, built.options, path)
        elif isinstance(q, spec.MatrixQuestion):
            built.rows = self.resolve_options(q.rows, (*path, "rows"))
            built.options = self.resolve_options(q.columns, (*path, "columns"))
        elif isinstance(q, spec.LoopQuestion):
            built.children = tuple(c.id for c in q.questions)
            built.over = q.over
            self.check_loop_source(q, entry)
        elif isinstance(q, spec.TableQuestion):
            built.children = tuple(c.id for c in q.columns)
        self.check_bounds(q, path)
        if isinstance(q, spec.TextQuestion) and q.pattern is not None:
            try:
                built.pattern = re.compile(q.pattern)
            except re.error as exc:
                self.error("E208", (*path, "pattern"), detail=str(exc))
        if q.id in self.out.questions:
            return
        self.out.questions[q.id] = built
        typ = _type_of(q, built.options)
        if typ is not None:
            self.types[q.id] = typ
        if f"{q.id}_other" in self.entries and built.other_option is not None:
            other_path = (*self.entries[f"{q.id}_other"].path, "id")
            self.error(
                "E211",
                other_path,
                id=f"{q.id}_other",
                detail=f"it holds the 'other' text of '{q.id}'",
            )

    def check_renames(self) -> None:
        """Earlier ids and codes (`renamed_from`) must be unambiguous: see renames.py."""
        questions = [(qid, getattr(e.q, "renamed_from", ()), e.path) for qid, e in self.entries.items()]
        check_names(questions, "question", self.error, self.first_line)
        inline: list[tuple[list[spec.Option], Path]] = []
        for e in self.entries.values():
            for key in ("options", "rows", "columns"):
                value = getattr(e.q, key, None)
                if isinstance(value, list) and all(isinstance(o, spec.Option) for o in value):
                    inline.append((value, (*e.path, key)))
        check_option_lists(self.survey, inline, self.error, self.first_line)

    def check_flags(self, q: spec.ChoiceBase, options: tuple[Option, ...], path: Path) -> None:
        rules = (
            (
                "exclusive",
                ("multiple_choice",),
                "'exclusive' options belong to multiple_choice questions",
            ),
            (
                "other",
                ("single_choice", "multiple_choice"),
                "'other' options belong to single or multiple choice",
            ),
        )
        for flag, types, detail in rules:
            # Shared lists serve several kinds of question: a flag applies only where it means something.
            index = next((i for i, o in enumerate(options) if getattr(o, flag)), None)
            if q.type in types or index is None or not isinstance(q.options, list):
                continue
            self.error("E213", (*path, "options", index, flag), key=True, detail=detail)

    def check_loop_source(self, q: spec.LoopQuestion, entry: Entry) -> None:
        source = self.entries.get(q.over)
        over_path = (*entry.path, "over")
        if source is None:
            if q.over not in self.unparsed:
                self.error("E301", over_path, ref=q.over, hint=did_you_mean(q.over, self.entries))
            return
        if source.q.type != "multiple_choice":
            self.error("E304", over_path, ref=q.over, what=f"a {source.q.type} question")
        elif source.scope != entry.scope[: len(source.scope)]:
            self.error("E306", over_path, ref=q.over, container=f"'{source.scope[-1]}'")
        elif list(self.entries).index(q.over) > list(self.entries).index(q.id):
            self.error("E305", over_path, ref=q.over)

    def check_bounds(self, q: spec.AnyQuestion, path: Path) -> None:
        pairs = (
            ("min", "max"),
            ("min_length", "max_length"),
            ("min_selected", "max_selected"),
            ("min_ranked", "max_ranked"),
            ("min_rows", "max_rows"),
        )
        for low_key, high_key in pairs:
            low, high = getattr(q, low_key, None), getattr(q, high_key, None)
            if isinstance(q, spec.DateQuestion):
                low, high = (
                    self.date_bound(q.min, (*path, "min")),
                    self.date_bound(q.max, (*path, "max")),
                )
            if low is not None and high is not None and low > high:
                low_s, high_s = (f"{v:g}" if isinstance(v, float) else str(v) for v in (low, high))
                self.error("E207", (*path, low_key), low_key=low_key, low=low_s, high_key=high_key, high=high_s)
            if isinstance(q, spec.DateQuestion):
                return

    def date_bound(self, value: str | None, path: Path) -> dt.date | None:
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.error("E203", path, detail=f"'{value}' is not a date (YYYY-MM-DD)")
            return None

    # -- expressions -----------------------------------------------------------------------------

    def condition(self, source: str, path: Path, place: _Place, *, boolean: bool = True) -> Condition | None:
        where = str(path[-1]) if not isinstance(path[-1], int) else str(path[-2])
        try:
            node = parse(source)
            typ, fn = Checker(place).compile(node)
            if boolean and typ.kind not in (Kind.BOOL, Kind.NULL):
                raise ExprError("E406", 0, where=where.replace("_", " "), type=typ.describe())
        except ExprSyntaxError as exc:
            self.error("E401", path, note=f" (column {exc.col + 1} of the expression)", detail=exc.message)
            return None
        except ExprError as exc:
            note = f" (column {exc.col + 1} of the expression)"
            self.report(make(exc.code, self.doc.locate(path), note=note, **exc.params))
            return None
        except _SilentError:
            return None
        refs = frozenset(n.name for n in names_in(node) if n.name in self.entries)
        return Condition(source, fn, refs)

    def conditions(self, entry: Entry) -> None:
        q, path = entry.q, entry.path
        built = self.out.questions.get(q.id)
        if built is None or built.spec is not q:
            return
        place = _Place(self, entry.scope)
        if entry.scope:
            loop_id = next((c for c in reversed(entry.scope) if self.entries[c].q.type == "loop"), None)
            if loop_id is not None:
                over_id = self.out.questions[loop_id].over or ""
                over = self.out.questions.get(over_id)
                place.loop_options = over.codes if over is not None else frozenset()
                place.loop_source = over_id
        node = q.id
        self.deps[node] = {f"section:{entry.section}", *entry.scope}
        self.dep_paths[node] = (*path, "show_if")
        if built.over is not None:
            self.deps[node].add(built.over)
        if q.show_if is not None:
            built.show_if = self.condition(q.show_if, (*path, "show_if"), place)
            if built.show_if is not None:
                self.deps[node] |= built.show_if.refs
        if isinstance(q, spec.Answerable):
            if isinstance(q.required, str):
                built.required = self.condition(q.required, (*path, "required"), place) or False
            else:
                built.required = q.required
            constraints = []
            self_place = _Place(self, entry.scope, built, place.loop_options, loop_source=place.loop_source)
            for i, c in enumerate(q.constraints):
                rule = self.condition(c.rule, (*path, "constraints", i, "rule"), self_place)
                if rule is not None:
                    constraints.append(Constraint(rule, c.message))
            built.constraints = tuple(constraints)
        if isinstance(q, spec.ChoiceBase):
            self.option_conditions(q, built, place, path)

    def option_conditions(self, q: spec.ChoiceBase, built: Question, place: _Place, path: Path) -> None:
        if q.choice_filter is not None:
            fplace = _Place(self, place.scope, None, place.loop_options, built.codes, q.id, place.loop_source)
            built.choice_filter = self.condition(q.choice_filter, (*path, "choice_filter"), fplace)
            if built.choice_filter is not None:
                self.deps[q.id] |= built.choice_filter.refs
        raw = q.options if isinstance(q.options, list) else self.survey.choice_lists.get(q.options, [])
        base: Path = (*path, "options") if isinstance(q.options, list) else ("choice_lists", str(q.options))
        conds: dict[str, Condition] = {}
        for i, o in enumerate(raw):
            if o.show_if is not None:
                cond = self.condition(o.show_if, (*base, i, "show_if"), place)
                if cond is not None:
                    conds[o.code] = cond
                    self.deps[q.id] |= cond.refs
        if conds:
            built.options = tuple(replace(o, show_if=conds.get(o.code)) for o in built.options)

    def check_cycles(self) -> None:
        """Conditions that (through other questions' visibility) depend on themselves."""
        state: dict[str, int] = {}  # 1 = on the stack, 2 = done
        stack: list[str] = []
        reported: set[frozenset[str]] = set()

        def visit(node: str) -> None:
            state[node] = 1
            stack.append(node)
            for dep in sorted(self.deps.get(node, ())):
                if state.get(dep) == 1:
                    cycle = [*stack[stack.index(dep) :], dep]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        chain = " -> ".join(c.removeprefix("section:") for c in cycle)
                        self.error("E403", self.dep_paths.get(dep, ()), chain=chain)
                elif state.get(dep) is None and dep in self.deps:
                    visit(dep)
            stack.pop()
            state[node] = 2

        for node in list(self.deps):
            if node not in state:
                visit(node)

    # -- texts -----------------------------------------------------------------------------------

    def check_placeholders(self, path: Path, text: spec.Text, in_loop: bool) -> None:
        problem = _placeholder_problem(text, in_loop)
        if problem is not None:
            self.error("E212", path, detail=problem)

    def check_texts(self) -> None:
        languages = self.survey.languages
        default = languages[0]
        texts: list[tuple[Path, spec.Text]] = []
        _collect_texts(self.survey, (), texts)
        others = [code for code in dict.fromkeys(languages[1:]) if code != default]
        missing: dict[str, list[Path]] = {code: [] for code in others}
        undeclared: set[str] = set()
        loops = [e.path for e in self.entries.values() if e.q.type == "loop"]
        for path, text in texts:
            self.check_placeholders(path, text, any(path[: len(p) + 1] == (*p, "questions") for p in loops))
            if isinstance(text, str):
                have = {default}
            else:
                have = {lang for lang, value in text.items() if value.strip()}
                if default not in have:
                    self.error("E209", path, lang=default)
                for code in text:
                    if code not in languages and code not in undeclared:
                        undeclared.add(code)
                        self.error("W103", (*path, code), key=True, lang=code)
            for lang in others:
                if lang not in have:
                    missing[lang].append(path)
        for missing_lang, paths in missing.items():
            if paths:
                total = len(texts)
                percent = int(100 * (total - len(paths)) / total) if total else 100
                first = self.doc.locate(paths[0])
                self.error(
                    "W101",
                    paths[0],
                    lang=missing_lang,
                    percent=percent,
                    missing=len(paths),
                    total=total,
                    first=f"line {first.line}",
                )


def _placeholder_problem(text: spec.Text, in_loop: bool) -> str | None:
    for value in [text] if isinstance(text, str) else text.values():
        for name in _PLACEHOLDER.findall(value):
            if name != "item":
                return f"unknown placeholder '{{{name}}}'; texts may use {{item}} inside a loop"
            if not in_loop:
                return "{item} can only be used in the texts of a loop's questions"
    return None


def _collect_texts(node: Any, path: Path, out: list[tuple[Path, spec.Text]]) -> None:
    if isinstance(node, BaseModel) and not is_placeholder(node):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if value is None:
                continue
            if name in TEXT_FIELDS and isinstance(value, str | dict):
                out.append(((*path, name), value))
            else:
                _collect_texts(value, (*path, name), out)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _collect_texts(item, (*path, i), out)
    elif isinstance(node, dict):
        for key, item in node.items():
            _collect_texts(item, (*path, key), out)


def _fmt(path: Path) -> str:
    return format_path(path)


def check(doc: Document, survey: spec.Survey, unparsed: set[str]) -> Checked:
    return _Check(doc, survey, unparsed).run()
