"""The compiler's error catalogue and the diagnostic it reports.

Codes are stable: tests, editors and CI scripts key on them, never on the wording. Each entry has a
short name and a message template filled from the diagnostic's parameters.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    name: str
    template: str
    severity: Severity = Severity.ERROR


_ENTRIES = [
    # E1xx: reading the file
    Entry("E101", "yaml-syntax", "YAML syntax error: {detail}"),
    Entry("E102", "duplicate-key", "duplicate key '{key}' (first defined at line {first_line})"),
    Entry("E103", "file-too-large", "file is {size} bytes; the limit is {limit} bytes"),
    Entry("E104", "alias-expansion", "YAML aliases expand to more than {limit} nodes ({detail})"),
    Entry("E105", "unsupported-yaml", "unsupported YAML: {detail}"),
    Entry("E106", "file-unreadable", "cannot read the file: {detail}"),
    Entry("E107", "not-a-mapping", "a survey definition must be a mapping at the top level"),
    # E2xx: structure of the definition
    Entry("E201", "unknown-key", "unknown key '{key}'{hint}"),
    Entry("E202", "missing-key", "missing required key '{key}'"),
    Entry("E203", "invalid-value", "{detail}"),
    Entry("E204", "unknown-question-type", "unknown question type '{type}'{hint}"),
    Entry("E205", "invalid-id", "'{id}' is not a valid id: {rule}"),
    Entry("E206", "duplicate-id", "{kind} id '{id}' is already used at line {first_line}"),
    Entry("E207", "min-greater-than-max", "{low_key} ({low}) is greater than {high_key} ({high})"),
    Entry("E208", "invalid-pattern", "invalid regular expression: {detail}"),
    Entry("E209", "missing-default-text", "missing text in the default language '{lang}'"),
    Entry("E210", "unknown-language", "unknown language '{lang}'; offered: {offered}"),
    Entry("E211", "reserved-id", "id '{id}' is reserved: {detail}"),
    Entry("E212", "unknown-placeholder", "{detail}"),
    Entry("E213", "invalid-option-flag", "{detail}"),
    Entry("E214", "empty-container", "{kind} {id} has no {what}"),
    Entry("E215", "renamed-from-existing", "renamed_from '{old}': {kind} '{old}' still exists (line {first_line})"),
    Entry(
        "E216",
        "renamed-from-twice",
        "renamed_from '{old}': {kind} '{other}' is renamed from it too (line {first_line})",
    ),
    # E3xx: references
    Entry("E301", "unknown-question", "unknown question '{ref}'{hint}"),
    Entry("E302", "unknown-choice-list", "unknown choice list '{ref}'{hint}"),
    Entry("E303", "unknown-option", "'{code}' is not an option of '{question}'{hint}"),
    Entry(
        "E304",
        "invalid-loop-source",
        "a loop must go over a multiple-choice question; '{ref}' is {what}",
    ),
    Entry("E305", "forward-loop-source", "loop source '{ref}' must come before the loop"),
    Entry("E306", "out-of-scope", "'{ref}' is inside {container} and cannot be used here"),
    # E4xx: expressions
    Entry("E401", "expression-syntax", "expression syntax error: {detail}"),
    Entry("E402", "type-mismatch", "type error: {detail}"),
    Entry("E403", "condition-cycle", "conditions depend on each other in a cycle: {chain}"),
    Entry("E404", "unknown-function", "unknown function '{name}'{hint}"),
    Entry("E405", "wrong-arguments", "{name}() {detail}"),
    Entry("E406", "not-boolean", "a {where} must be true or false; this expression is {type}"),
    Entry("E407", "misplaced-name", "'{name}' can only be used {where}"),
    # E5xx: mappings (what happens to the answers of the previous version; docs/definitions.md, 14)
    Entry("E501", "mapping-unknown-question", "mapping: '{ref}' is not a question of this version{hint}"),
    Entry("E502", "mapping-unknown-option", "mapping: '{option}' is not an option of '{question}'{hint}"),
    Entry("E503", "mapping-nothing-to-map", "mapping: '{ref}' is {what}"),
    Entry("E504", "mapping-conflict", "mapping: {detail}"),
    Entry("E505", "mapping-unknown-old-question", "mapping: '{ref}' is not a question of the previous version{hint}"),
    Entry(
        "E506",
        "mapping-unknown-old-option",
        "mapping: '{option}' is not an option of '{question}' in the previous version",
    ),
    Entry("E507", "mapping-incompatible", "mapping: {detail}"),
    Entry(
        "E510",
        "uncovered-breaking-change",
        "{id}: {detail}, touching {answers} answer(s) in {documents} response(s): {missing}",
    ),
    # W: warnings
    Entry(
        "W101",
        "missing-translation",
        "{lang}: {percent}% translated, {missing} of {total} texts missing (first: {first})",
        Severity.WARNING,
    ),
    Entry("W102", "unused-choice-list", "choice list '{ref}' is never used", Severity.WARNING),
    Entry(
        "W103",
        "undeclared-language",
        "text in '{lang}', which the survey does not offer",
        Severity.WARNING,
    ),
]

CATALOGUE: dict[str, Entry] = {e.code: e for e in _ENTRIES}
BY_NAME: dict[str, Entry] = {e.name: e for e in _ENTRIES}


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: the file, 1-based line and column, and the path inside the definition."""

    file: str
    line: int
    column: int
    path: str = ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    message: str
    location: Location
    severity: Severity
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return CATALOGUE[self.code].name

    def format_line(self) -> str:
        loc = self.location
        return f"{loc.file}:{loc.line}:{loc.column}: {self.code} {self.message}"

    def as_json(self) -> dict[str, Any]:
        loc = self.location
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "path": loc.path,
        }


def make(code: str, location: Location, /, note: str = "", **params: Any) -> Diagnostic:
    entry = CATALOGUE[code]
    message = entry.template.format(**params) + note
    if location.path:
        message = f"{message} (at {location.path})"
    return Diagnostic(code, message, location, entry.severity, params)


def did_you_mean(word: str, candidates: Iterable[object]) -> str:
    """A "; did you mean 'x'?" suffix when a candidate is close, else ''."""
    names = [str(c) for c in candidates]
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
