"""From the previous version to this one: one rule per old question, and what the mapping misses.

`plan(old, new)` compares the two versions (the diff library), checks the new version's `mapping:`
against the old version (old ids and codes exist, conversions fit the old types), and decides for
every question of the old version where its answers go:

- carried to a new question: the same id, a `renamed_from`, or a `mapping.questions` entry; the
  value converted when the type changed, option codes translated (recodes, mapped merges);
- dropped on purpose: named in `mapping.drop`;
- not carried: nothing says where they go (they stay in the revision history).

`Migration.uncovered(touched)` lists the breaking changes with answers that the mapping does not
cover: publishing refuses those, one diagnostic each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.compiler.diagnostics import Diagnostic, Location, did_you_mean, make
from app.compiler.diff import Change, Kind, SurveyDiff, Touched, diff
from app.compiler.diff.match import match_options
from app.compiler.diff.question import SAFE_TYPE_CHANGES
from app.compiler.mapping import location_key
from app.compiler.migrate.convert import Converter, converter, needs_values
from app.compiler.model import CompiledSurvey, Question


@dataclass(slots=True)
class Rule:
    """Where the answers of one old question go."""

    old: Question
    new: Question | None  # None: dropped or not carried
    dropped: bool = False  # on purpose (mapping.drop)
    convert: Converter | None = None
    values: dict[str, str] = field(default_factory=dict)  # yes_no -> choice
    codes: dict[str, str] = field(default_factory=dict)  # old code -> new code (same, recoded or mapped)
    dropped_codes: frozenset[str] = frozenset()
    rows: dict[str, str] = field(default_factory=dict)  # a matrix's rows, old code -> new code
    why: str = ""  # why it is not carried

    @property
    def converted(self) -> bool:
        return self.new is not None and (self.new.id != self.old.id or self.new.type != self.old.type)


@dataclass(slots=True)
class Migration:
    old: CompiledSurvey
    new: CompiledSurvey
    diff: SurveyDiff
    rules: dict[str, Rule]  # by old question id
    problems: list[Diagnostic]  # the mapping does not fit the previous version

    def uncovered(self, touched: list[Touched]) -> list[Diagnostic]:
        """One diagnostic per breaking change with answers that the mapping does not cover."""
        out = []
        for t in touched:
            if t.change.safe or t.answers == 0:
                continue
            missing = _missing(self, t.change)
            if missing:
                where = self.new.locations.get(t.change.new_id or "") or self.new.locations.get("mapping")
                where = where or Location(_file(self.new), 1, 1)
                params: dict[str, Any] = {"id": t.change.id, "detail": t.change.detail, "missing": missing}
                out.append(make("E510", where, answers=t.answers, documents=t.documents, **params))
        return out


_NOWHERE = Location("", 1, 1)


def _file(survey: CompiledSurvey) -> str:
    return next(iter(survey.locations.values()), _NOWHERE).file


def plan(old: CompiledSurvey, new: CompiledSurvey, d: SurveyDiff | None = None) -> Migration:
    d = d or diff(old, new)
    m = new.mapping
    problems: list[Diagnostic] = []

    def problem(code: str, key: str, **params: Any) -> None:
        problems.append(make(code, new.locations.get(key) or new.locations.get("mapping", _NOWHERE), **params))

    sources: dict[str, str] = {}  # old id -> new id, from mapping.questions
    for new_id, entry in m.questions.items():
        key = location_key("questions", new_id)
        o, n = old.questions.get(entry.from_), new.questions[new_id]
        if o is None:
            problem("E505", key, ref=entry.from_, hint=did_you_mean(entry.from_, old.questions))
            continue
        if converter(o.type, n.type) is None:
            problem("E507", key, detail=f"a {o.type} answer ({o.id}) cannot become a {n.type} answer ({new_id})")
            continue
        if needs_values(o.type, n.type) and len(entry.values) < 2:
            problem("E507", key, detail=f"'{new_id}' takes yes/no answers: say the option for true and for false")
            continue
        if tuple(d.matched.get(c, "?") for c in o.scope) != n.scope:
            problem("E507", key, detail=f"'{o.id}' and '{new_id}' are not in the same loop or table")
            continue
        sources[o.id] = new_id
    dropped = set(m.drop.questions)
    for old_id in m.drop.questions:
        base = old_id.removesuffix("_other")
        if old_id not in old.questions and not (base in old.questions and old.questions[base].other_option):
            key = location_key("drop", "questions", old_id)
            problem("E505", key, ref=old_id, hint=did_you_mean(old_id, old.questions))
    feeds = {n: o for o, n in d.matched.items() if o not in sources and o not in dropped}
    feeds.update({n: o for o, n in sources.items()})  # new id -> the old question its answers come from
    for part, table in (("options", m.options), ("drop.options", m.drop.options)):
        for new_id, codes in table.items():
            key = location_key(*part.split("."), new_id)
            source = old.questions.get(feeds.get(new_id, ""))
            if source is None:
                detail = f"no question of the previous version becomes '{new_id}': its {part} cannot be mapped"
                problem("E507", key, detail=detail)
                continue
            for code in codes:
                if code not in source.codes and code not in {r.code for r in source.rows}:
                    problem("E506", key, option=code, question=source.id)
    rules = {qid: _rule(old, new, d, qid, sources, dropped) for qid in old.questions}
    return Migration(old, new, d, rules, problems)


def _rule(
    old: CompiledSurvey, new: CompiledSurvey, d: SurveyDiff, qid: str, sources: dict[str, str], dropped: set[str]
) -> Rule:
    o = old.questions[qid]
    if qid in dropped or any(c in dropped for c in o.scope):  # dropping a loop or table drops what is inside
        return Rule(o, None, dropped=True)
    m = new.mapping
    target = sources.get(qid)
    if target is None:
        target = d.matched.get(qid)
        if target is None:
            return Rule(o, None, why="the question is no longer asked")
        n = new.questions[target]
        if tuple(d.matched.get(c, "?") for c in o.scope) != n.scope:
            return Rule(o, None, why="the question moved into or out of a loop or table")
        if o.type != n.type and (o.type, n.type) not in SAFE_TYPE_CHANGES:
            return Rule(o, None, why=f"the type changed from {o.type} to {n.type}")
        if o.over is not None and n.over is not None and d.matched.get(o.over) != n.over:
            return Rule(o, None, why="the loop goes over another question")
    n = new.questions[target]
    entry = m.questions.get(n.id)
    values: dict[str, str] = {str(k): v for k, v in entry.values.items()} if entry and entry.from_ == qid else {}
    options = match_options(o.options, n.options)
    codes = {a.code: b.code for a, b in options.kept}
    codes.update(m.options.get(n.id, {}))
    rows = {a.code: b.code for a, b in match_options(o.rows, n.rows).kept}
    dropped_codes = frozenset(m.drop.options.get(n.id, ()))
    return Rule(o, n, False, converter(o.type, n.type), values, codes, dropped_codes, rows)


def _missing(mig: Migration, change: Change) -> str:
    """What the mapping would have to say for this breaking change; '' when it says it."""
    m = mig.new.mapping
    rule = mig.rules.get(change.old_id or "")
    if change.field == "other":  # the "other, please specify" text is no longer asked
        base = (change.old_id or "").removesuffix("_other")
        if change.old_id in m.drop.questions or base in m.drop.questions:
            return ""
        return f"drop the texts on purpose (mapping.drop.questions: [{change.old_id}])"
    if rule is None:
        return "map or drop its answers"
    if rule.dropped:
        return ""
    if change.kind is Kind.REMOVED or change.kind is Kind.MOVED or change.kind is Kind.TYPE_CHANGED:
        if rule.new is not None:
            return ""
        hint = f"mapping.questions: {{NEW_ID: {{from: {rule.old.id}}}}}" if change.kind is Kind.REMOVED else ""
        how = f"map its answers to a question ({hint}) or drop them" if hint else "drop its answers"
        return f"{how} on purpose (mapping.drop.questions: [{rule.old.id}])"
    if change.kind is Kind.OPTIONS_REMOVED:
        left = [c for c in change.codes if c not in rule.codes and c not in rule.dropped_codes and c not in rule.rows]
        if not left:
            return ""
        new_id = change.new_id
        return (
            f"say where option(s) {', '.join(left)} go (mapping.options: {{{new_id}: {{{left[0]}: NEW_CODE}}}}) "
            f"or drop them (mapping.drop.options: {{{new_id}: [{', '.join(left)}]}})"
        )
    if change.kind in (Kind.CONSTRAINT_TIGHTENED, Kind.CONDITION_CHANGED):
        if change.new_id in m.keep_invalid:
            return ""
        return f"keep the stored answers for the focal point to correct (mapping.keep_invalid: [{change.new_id}])"
    return "drop its answers on purpose (mapping.drop.questions)"
