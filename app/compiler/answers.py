"""Answers documents as flat (loc, value) pairs: for showing what differs between two of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.compiler.model import CompiledSurvey, Section

Loc = tuple[str | int, ...]


def at(doc: Any, loc: Sequence[str | int]) -> Any:
    """The value at `loc` in an answers document (through loop iterations and table rows), or None
    where the document has nothing there."""
    for key in loc:
        if isinstance(doc, dict):
            doc = doc.get(key)
        elif isinstance(doc, list) and isinstance(key, int) and 0 <= key < len(doc):
            doc = doc[key]
        else:
            return None
    return doc


def has_answers(section: Section, doc: Any) -> bool:
    """Whether an answers document answers any of a section's questions (an "other" text counts)."""
    return isinstance(doc, dict) and any(q in doc or f"{q}_other" in doc for q in section.questions)


def flatten(survey: CompiledSurvey, answers: Any) -> dict[Loc, Any]:
    """Every answer by its loc; loops and tables are opened, other values kept whole."""
    out: dict[Loc, Any] = {}

    def walk(data: Any, prefix: Loc) -> None:
        if not isinstance(data, dict):
            return
        for key, value in data.items():
            q = survey.questions.get(key)
            loc = (*prefix, key)
            if q is not None and q.type == "loop" and isinstance(value, dict):
                for code, iteration in value.items():
                    walk(iteration, (*loc, code))
            elif q is not None and q.type == "table" and isinstance(value, list):
                for i, row in enumerate(value):
                    walk(row, (*loc, i))
            elif value not in (None, "", [], {}):
                out[loc] = value

    walk(answers, ())
    return out


def differences(survey: CompiledSurvey, mine: Any, theirs: Any) -> list[tuple[Loc, Any, Any]]:
    """(loc, my value, their value) for every answer that is not the same in both, in document order."""
    a, b = flatten(survey, mine), flatten(survey, theirs)
    keys = list(dict.fromkeys([*a, *b]))
    return [(loc, a.get(loc), b.get(loc)) for loc in keys if a.get(loc) != b.get(loc)]
