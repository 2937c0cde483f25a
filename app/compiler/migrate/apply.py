"""Carry one answers document from the previous version to the new one, and say what happened.

Every answer of the old document ends up in exactly one of four places: carried as it was (same
place, same value: only counted), converted (moved to a new id or loop iteration, its type
converted, or its option codes translated: listed with before and after), dropped on purpose
(named in the mapping: listed), or not carried (nothing says where it goes: listed; it stays in
the revision history). Nothing is lost silently; `tests/compiler/test_migrate.py` counts it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.compiler.migrate.plan import Migration, Rule

Loc = tuple[str | int, ...]
_EMPTY: tuple[Any, ...] = (None, "", [], {})
CONVERTED, DROPPED, NOT_CARRIED = "converted", "dropped", "not_carried"


@dataclass(frozen=True, slots=True)
class Item:
    """One answer that did not stay exactly as it was."""

    outcome: str  # converted | dropped | not_carried
    loc: Loc  # where it was in the old document
    new_loc: Loc | None  # where it is now (converted answers, and partly dropped choices)
    before: Any
    after: Any = None
    dropped: tuple[str, ...] = ()  # option codes dropped on purpose from a choice
    not_carried: tuple[str, ...] = ()  # option codes nothing says where they go
    why: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "loc": list(self.loc),
            "new_loc": None if self.new_loc is None else list(self.new_loc),
            "before": self.before,
            "after": self.after,
            "dropped": list(self.dropped),
            "not_carried": list(self.not_carried),
            "why": self.why,
        }


@dataclass(slots=True)
class Report:
    carried: int = 0  # answers carried exactly
    items: list[Item] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for i in self.items if i.outcome == outcome)

    @property
    def changed(self) -> bool:
        return bool(self.items)

    def summary(self) -> dict[str, int]:
        return {"carried": self.carried, **{o: self.count(o) for o in (CONVERTED, DROPPED, NOT_CARRIED)}}

    def as_json(self) -> dict[str, Any]:
        return {"summary": self.summary(), "items": [i.as_json() for i in self.items]}


def migrate(migration: Migration, doc: Mapping[str, Any]) -> tuple[dict[str, Any], Report]:
    """The document as the new version holds it, and the report of every answer."""
    return _Run(migration).run(doc)


class _Run:
    def __init__(self, migration: Migration) -> None:
        self.m = migration
        self.report = Report()
        self.drop = set(migration.new.mapping.drop.questions)

    def run(self, doc: Mapping[str, Any]) -> tuple[dict[str, Any], Report]:
        out: dict[str, Any] = {}
        self.level(doc, out, (), ())
        return out, self.report

    def lost(self, rule: Rule | None, loc: Loc, value: Any, why: str = "", *, dropped: bool = False) -> None:
        outcome = DROPPED if dropped or (rule is not None and rule.dropped) else NOT_CARRIED
        why = why or (rule.why if rule is not None else "")
        self.report.items.append(Item(outcome, loc, None, value, why=why))

    def level(self, data: Mapping[str, Any], out: dict[str, Any], old: Loc, new: Loc) -> None:
        others = []
        for key, value in data.items():
            if value in _EMPTY:
                continue
            loc = (*old, key)
            rule = self.m.rules.get(key)
            if rule is None:
                if key.endswith("_other") and key.removesuffix("_other") in self.m.rules:
                    others.append((key, value))
                else:
                    self.lost(None, loc, value, "not a question of the previous version")
                continue
            n = rule.new
            if n is None:
                self.lost(rule, loc, value)
                continue
            if n.id in out:
                self.lost(rule, loc, value, f"'{n.id}' already holds another answer")
                continue
            if rule.old.type == "loop":
                out[n.id] = self.loop(rule, value, loc, (*new, n.id))
            elif rule.old.type == "table":
                out[n.id] = self.table(value, loc, (*new, n.id))
            else:
                self.answer(rule, value, out, loc, (*new, n.id))
        for key, value in others:  # after their questions, whose new ids they follow
            self.other(key, value, out, old, new)

    def answer(self, rule: Rule, value: Any, out: dict[str, Any], loc: Loc, new_loc: Loc) -> None:
        n = rule.new
        assert n is not None and rule.convert is not None
        after = rule.convert(value, rule.values)
        dropped: list[str] = []
        lost: list[str] = []

        def code(c: Any) -> Any:
            if rule.old.type == "yes_no":  # converted to the new codes already
                return c
            if c in rule.dropped_codes:
                dropped.append(c)
            elif c in rule.codes:
                return rule.codes[c]
            else:
                lost.append(c)
            return None

        if after is None:
            lost.append(str(value))
        elif n.type in ("single_choice", "rating"):
            after = code(after)
        elif n.type in ("multiple_choice", "ranking") and isinstance(after, list):
            after = list(dict.fromkeys(c for c in map(code, after) if c is not None))
        elif n.type == "matrix" and isinstance(after, Mapping):
            rows = {rule.rows.get(r): code(c) for r, c in after.items()}
            after = {r: c for r, c in rows.items() if r is not None and c is not None}
        if after in _EMPTY:
            outcome = DROPPED if dropped and not lost else NOT_CARRIED
            why = "its option is no longer offered" if lost else "its option was dropped on purpose"
            self.report.items.append(Item(outcome, loc, None, value, None, tuple(dropped), tuple(lost), why))
            return
        out[n.id] = after
        if new_loc == loc and after == value:
            self.report.carried += 1
        else:
            why = _why(rule, dropped, lost)
            self.report.items.append(Item(CONVERTED, loc, new_loc, value, after, tuple(dropped), tuple(lost), why))

    def loop(self, rule: Rule, value: Any, loc: Loc, new_loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        source = self.m.rules.get(rule.old.over or "")
        if not isinstance(value, Mapping):
            self.lost(rule, loc, value, "not a loop's answers")
            return out
        for code, iteration in value.items():
            if iteration in _EMPTY:
                continue
            if source is None or source.new is None or code not in source.codes:
                dropped = source is not None and (source.dropped or code in source.dropped_codes)
                self.lost(None, (*loc, code), iteration, f"no iteration for '{code}' any more", dropped=dropped)
                continue
            new_code = source.codes[code]
            self.level(iteration, out.setdefault(new_code, {}), (*loc, code), (*new_loc, new_code))
        return {c: i for c, i in out.items() if i}

    def table(self, value: Any, loc: Loc, new_loc: Loc) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        if not isinstance(value, list):
            self.lost(None, loc, value, "not a table's rows")
            return rows
        for i, row in enumerate(value):
            if not isinstance(row, Mapping):
                continue
            cells: dict[str, Any] = {}
            self.level(row, cells, (*loc, i), (*new_loc, len(rows)))
            if cells:
                rows.append(cells)
        return rows

    def other(self, key: str, value: Any, out: dict[str, Any], old: Loc, new: Loc) -> None:
        """An "other, please specify" text follows its question, if the new one still asks for it."""
        rule = self.m.rules[key.removesuffix("_other")]
        loc = (*old, key)
        if key in self.drop or rule.dropped:
            self.lost(rule, loc, value, dropped=True)
        elif rule.new is None:
            self.lost(rule, loc, value)
        elif rule.new.other_option is None:
            self.lost(rule, loc, value, "the 'other, please specify' text is no longer asked")
        else:
            new_key = f"{rule.new.id}_other"
            out[new_key] = value
            if (*new, new_key) == loc:
                self.report.carried += 1
            else:
                self.report.items.append(Item(CONVERTED, loc, (*new, new_key), value, value, why="renamed"))


def _why(rule: Rule, dropped: list[str], lost: list[str]) -> str:
    parts = []
    if rule.new is not None and rule.new.id != rule.old.id:
        parts.append(f"now {rule.new.id}")
    if rule.new is not None and rule.new.type != rule.old.type:
        parts.append(f"{rule.old.type} -> {rule.new.type}")
    if dropped:
        parts.append(f"dropped: {', '.join(dropped)}")
    if lost:
        parts.append(f"no longer offered: {', '.join(lost)}")
    return "; ".join(parts) or "options recoded"
