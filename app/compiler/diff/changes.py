"""What a version diff reports: one `Change` per difference, keyed by stable ids and option codes.

A change is *breaking* when a stored answer could be lost, change its meaning, or stop being valid
as stored: publishing it over answers needs someone to say what happens to them (a mapping, or
dropping them on purpose). A *safe* change leaves every stored value valid and meaning what it
meant; at most it asks the respondent for more before the next submit. The table is in
docs/definitions.md, section 14.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """The classes of change, in the order they are listed for one question."""

    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"
    MOVED = "moved"
    TYPE_CHANGED = "type_changed"
    OPTIONS_ADDED = "options_added"
    OPTIONS_REMOVED = "options_removed"
    OPTIONS_RECODED = "options_recoded"
    CONSTRAINT_TIGHTENED = "constraint_tightened"
    CONSTRAINT_LOOSENED = "constraint_loosened"
    REQUIRED_ADDED = "required_added"
    REQUIRED_REMOVED = "required_removed"
    CONDITION_CHANGED = "condition_changed"
    TEXT_CHANGED = "text_changed"


KIND_ORDER = {kind: i for i, kind in enumerate(Kind)}


class Target(StrEnum):
    SURVEY = "survey"
    SECTION = "section"
    QUESTION = "question"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions.

    `id` is the stable id the change is listed under: the new id, or the old one when removed.
    `old_id` / `new_id` are the question's (or section's) ids in each version, None where it does
    not exist. `field` says which part changed: a key of the definition (`max`, `pattern`,
    `show_if`, `required`, `choice_filter`, `over`, `type`), `options` / `rows` / `columns` for
    option lists, `rule` for a constraint, `section` / `scope` for a move, `other` for the
    "other, please specify" text, `texts` for wording. `before` / `after` are plain JSON values.
    """

    kind: Kind
    target: Target
    id: str
    old_id: str | None
    new_id: str | None
    safe: bool
    detail: str
    field: str = ""
    codes: tuple[str, ...] = ()  # option codes added (new codes) or removed (old codes), or the flag's option
    recoded: tuple[tuple[str, str], ...] = ()  # (old code, new code) for options_recoded
    before: Any = None
    after: Any = None
    languages: tuple[str, ...] = ()  # text_changed: the languages whose texts differ
    section: str = ""  # the section it is listed under: the new one, or the old one when removed

    @property
    def breaking(self) -> bool:
        return not self.safe

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "target": self.target.value,
            "id": self.id,
            "old_id": self.old_id,
            "new_id": self.new_id,
            "safe": self.safe,
            "detail": self.detail,
            "field": self.field,
            "codes": list(self.codes),
            "recoded": [list(pair) for pair in self.recoded],
            "before": self.before,
            "after": self.after,
            "languages": list(self.languages),
            "section": self.section,
        }


@dataclass(frozen=True, slots=True)
class SurveyDiff:
    """Every change from `old` to `new`, in document order (the new version's, removed parts where they were)."""

    old_survey: str
    new_survey: str
    changes: tuple[Change, ...]
    # Every question kept, old id -> new id (renames included): what draft migration carries over.
    matched: dict[str, str] = field(default_factory=dict)

    @property
    def breaking(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.breaking)

    @property
    def has_breaking(self) -> bool:
        return any(c.breaking for c in self.changes)

    def as_json(self) -> dict[str, Any]:
        return {
            "old_survey": self.old_survey,
            "new_survey": self.new_survey,
            "summary": {"changes": len(self.changes), "breaking": len(self.breaking)},
            "changes": [c.as_json() for c in self.changes],
            "matched": dict(self.matched),
        }
