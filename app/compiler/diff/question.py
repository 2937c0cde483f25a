"""The changes to one question kept from the old version to the new one (same id, or renamed)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from app.compiler import spec
from app.compiler.diff import texts
from app.compiler.diff.changes import Change, Kind, Target
from app.compiler.diff.match import OptionMatch, canonical, match_options
from app.compiler.model import CompiledSurvey, Condition, Question

# Type changes after which every stored value is still valid and means the same, unchanged.
SAFE_TYPE_CHANGES = frozenset(
    {
        ("integer", "decimal"),
        ("text", "long_text"),
        ("email", "text"),
        ("email", "long_text"),
        ("single_choice", "rating"),
        ("rating", "single_choice"),
    }
)
# Bounds: a higher lower bound, or a lower upper bound, refuses answers that were valid.
LOWER_BOUNDS = ("min", "min_length", "min_selected", "min_ranked", "min_rows")
UPPER_BOUNDS = ("max", "max_length", "max_selected", "max_ranked", "max_rows", "decimals")
CHOICE = ("single_choice", "multiple_choice", "ranking", "rating")


def show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class QuestionDiff:
    """Compares `o` (old) with `n` (new); `names` maps every kept old id to its new id."""

    def __init__(self, old: CompiledSurvey, new: CompiledSurvey, o: Question, n: Question, names: Mapping[str, str]):
        self.old, self.new, self.o, self.n, self.names = old, new, o, n, names
        self.out: list[Change] = []
        self.parts: dict[str, OptionMatch] = {}
        if o.type in CHOICE and n.type in CHOICE:
            self.parts["options"] = match_options(o.options, n.options)
        elif o.type == n.type == "matrix":
            self.parts["rows"] = match_options(o.rows, n.rows)
            self.parts["columns"] = match_options(o.options, n.options)

    def add(self, kind: Kind, safe: bool, detail: str, **extra: Any) -> None:
        o, n = self.o, self.n
        change = Change(kind, Target.QUESTION, n.id, o.id, n.id, safe, detail, section=n.section, **extra)
        self.out.append(change)

    def run(self) -> list[Change]:
        self.identity()
        self.type()
        for part, match in self.parts.items():
            self.options(part, match)
        self.other_text()
        self.bounds()
        self.rules()
        self.required()
        self.conditions()
        self.wording()
        return self.out

    def identity(self) -> None:
        o, n = self.o, self.n
        if o.id != n.id:
            self.add(Kind.RENAMED, True, f"renamed from {o.id}", field="id", before=o.id, after=n.id)
        old_scope = tuple(self.names.get(c, f"{c} (removed)") for c in o.scope)
        if old_scope != n.scope:
            self.add(
                Kind.MOVED,
                False,
                _scope_move(self.old, self.new, o, n),
                field="scope",
                before=list(o.scope),
                after=list(n.scope),
            )
        elif o.section != n.section and not n.scope:
            detail = f"moved from section {o.section} to section {n.section}"
            self.add(Kind.MOVED, True, detail, field="section", before=o.section, after=n.section)

    def type(self) -> None:
        o, n = self.o, self.n
        if o.type != n.type:
            safe = (o.type, n.type) in SAFE_TYPE_CHANGES or o.type == "note"
            self.add(Kind.TYPE_CHANGED, safe, f"type {o.type} -> {n.type}", field="type", before=o.type, after=n.type)
        if o.over is not None and n.over is not None and self.names.get(o.over) != n.over:
            detail = f"loops over {n.over} instead of {o.over}"
            self.add(Kind.TYPE_CHANGED, False, detail, field="over", before=o.over, after=n.over)

    def options(self, part: str, match: OptionMatch) -> None:
        what = "options" if part == "options" else f"{part[:-1]} options"
        if match.added:
            codes = tuple(x.code for x in match.added)
            self.add(Kind.OPTIONS_ADDED, True, f"{what} added: {', '.join(codes)}", field=part, codes=codes)
        if match.removed:
            codes = tuple(x.code for x in match.removed)
            self.add(Kind.OPTIONS_REMOVED, False, f"{what} removed: {', '.join(codes)}", field=part, codes=codes)
        if match.recoded:
            pairs = ", ".join(f"{a} -> {b}" for a, b in match.recoded)
            self.add(Kind.OPTIONS_RECODED, True, f"{what} recoded: {pairs}", field=part, recoded=tuple(match.recoded))
        for o, n in match.kept:
            if self.o.type == self.n.type == "multiple_choice" and o.exclusive != n.exclusive:
                kind = Kind.CONSTRAINT_TIGHTENED if n.exclusive else Kind.CONSTRAINT_LOOSENED
                state = "now" if n.exclusive else "no longer"
                self.add(
                    kind,
                    not n.exclusive,
                    f"option {n.code} is {state} exclusive",
                    field="exclusive",
                    codes=(n.code,),
                    before=o.exclusive,
                    after=n.exclusive,
                )
            before, after = self.expr(o.show_if, old=True), self.expr(n.show_if, old=False)
            if before != after:
                # A narrower option condition can exclude a stored choice at submit; only removing it is safe.
                self.add(
                    Kind.CONDITION_CHANGED,
                    n.show_if is None,
                    f"show_if of option {n.code} changed",
                    field="option_show_if",
                    codes=(n.code,),
                    before=_source(o.show_if),
                    after=_source(n.show_if),
                )

    def other_text(self) -> None:
        """The "other, please specify" text is an answer of its own: `<id>_other`."""
        o, n = self.o, self.n
        had, has = o.other_option is not None, n.other_option is not None
        if had and not has:
            detail = "the 'other, please specify' text is no longer asked"
            other = Change(Kind.REMOVED, Target.QUESTION, f"{n.id}_other", f"{o.id}_other", None, False, detail)
            self.out.append(replace(other, field="other", section=n.section))
        elif has and not had:
            detail = "an 'other, please specify' text is now asked"
            other = Change(Kind.ADDED, Target.QUESTION, f"{n.id}_other", None, f"{n.id}_other", True, detail)
            self.out.append(replace(other, field="other", section=n.section))

    def bounds(self) -> None:
        o, n = self.o.spec, self.n.spec
        shared = type(o).model_fields.keys() & type(n).model_fields.keys()
        for key in (*LOWER_BOUNDS, *UPPER_BOUNDS):
            if key not in shared:
                continue
            a, b = getattr(o, key), getattr(n, key)
            if a == b:
                continue
            lower = key in LOWER_BOUNDS
            tighter = b is not None and (a is None or (b > a if lower else b < a))
            kind = Kind.CONSTRAINT_TIGHTENED if tighter else Kind.CONSTRAINT_LOOSENED
            self.add(kind, not tighter, f"{key} {show(a)} -> {show(b)}", field=key, before=a, after=b)
        a, b = getattr(o, "pattern", None), getattr(n, "pattern", None)
        if "pattern" in shared and a != b:
            kind = Kind.CONSTRAINT_LOOSENED if b is None else Kind.CONSTRAINT_TIGHTENED
            detail = "pattern removed" if b is None else ("pattern added" if a is None else "pattern changed")
            self.add(kind, b is None, f"{detail}: {b or a}", field="pattern", before=a, after=b)

    def rules(self) -> None:
        old_source = {canonical(c.rule.source, self.names): c.rule.source for c in self.o.constraints}
        new_source = {canonical(c.rule.source): c.rule.source for c in self.n.constraints}
        for key in [k for k in new_source if k not in old_source]:
            self.add(
                Kind.CONSTRAINT_TIGHTENED,
                False,
                f"constraint added: {new_source[key]}",
                field="rule",
                after=new_source[key],
            )
        for key in [k for k in old_source if k not in new_source]:
            self.add(
                Kind.CONSTRAINT_LOOSENED,
                True,
                f"constraint removed: {old_source[key]}",
                field="rule",
                before=old_source[key],
            )

    def required(self) -> None:
        a, b = self.expr(self.o.required, old=True), self.expr(self.n.required, old=False)
        if a == b:
            return
        before, after = _source(self.o.required), _source(self.n.required)
        if a is False or b is True:
            kind, detail = Kind.REQUIRED_ADDED, "now required" if b is True else f"now required when {after}"
        elif b is False or a is True:
            kind, detail = Kind.REQUIRED_REMOVED, "no longer required" if b is False else f"required only when {after}"
        else:
            kind, detail = Kind.CONDITION_CHANGED, f"required when {after} (was: when {before})"
        # Stored values stay valid: at most a draft needs one more answer before it is submitted.
        self.add(kind, True, detail, field="required", before=before, after=after)

    def conditions(self) -> None:
        for key, safe_always in (("show_if", True), ("choice_filter", False)):
            a, b = getattr(self.o, key), getattr(self.n, key)
            if self.expr(a, old=True) == self.expr(b, old=False):
                continue
            # A hidden question keeps its answers (safe); a narrower choice filter can refuse a stored choice.
            detail = f"{key}: {show(_source(a))} -> {show(_source(b))}"
            self.add(
                Kind.CONDITION_CHANGED, safe_always or b is None, detail, field=key, before=_source(a), after=_source(b)
            )

    def wording(self) -> None:
        old_d, new_d = self.old.default_language, self.new.default_language
        new_rules = {canonical(c.rule.source): c for c in self.n.constraints}
        # Messages of constraints in both versions, keyed by the new rule's source.
        old_msgs: dict[str, spec.Text] = {}
        for c in self.o.constraints:
            kept = new_rules.get(canonical(c.rule.source, self.names))
            if kept is not None:
                old_msgs[kept.rule.source] = c.message
        new_msgs = {c.rule.source: c.message for c in self.n.constraints if c.rule.source in old_msgs}
        before = texts.question_texts(self.o, old_d, self.parts, False, old_msgs)
        after = texts.question_texts(self.n, new_d, self.parts, True, new_msgs)
        parts, langs, b, a = texts.compare(before, after, self.new.languages)
        if parts:
            detail = f"texts changed ({', '.join(langs)}): {', '.join(parts)}"
            self.add(Kind.TEXT_CHANGED, True, detail, field="texts", languages=langs, before=b, after=a)

    def expr(self, value: Condition | bool | None, *, old: bool) -> object:
        """A condition as comparable data: a bool stays a bool, an expression becomes its tree."""
        if isinstance(value, Condition):
            return canonical(value.source, self.names if old else None)
        return value


def _source(value: Condition | bool | None) -> Any:
    return value.source if isinstance(value, Condition) else value


def _scope_move(old: CompiledSurvey, new: CompiledSurvey, o: Question, n: Question) -> str:
    def where(survey: CompiledSurvey, q: Question) -> str:
        if not q.scope:
            return "the top level"
        parent = q.scope[-1]
        return f"{survey.questions[parent].type} {parent}"

    return f"moved from {where(old, o)} to {where(new, n)}"
