"""How many stored answers each change concerns: the number that turns "breaking" into a decision.

Pure: the caller passes answers documents as stored (drafts, submissions, from any version's
database rows) and the old version they were answered against. A breaking change that touches no
answer is nothing to decide about; one that touches 40 drafts is.

What "touched" means per class (the counts are of answer values, and of documents with at least one):

- removed, renamed, moved, type changed, text changed, condition changed: every answer to the question;
- options removed or recoded (and an option's show_if): answers that hold one of those codes,
  including the iterations of a loop over the question;
- constraint tightened: answers the new bound refuses; for an added constraint rule, which needs
  the rest of the document to evaluate, every answer to the question (an upper estimate);
- required added: documents without an answer to the question (they must be completed to submit);
- added, options added, loosened, required removed: nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from app.compiler.diff.changes import Change, Kind, SurveyDiff, Target
from app.compiler.model import CompiledSurvey

Loc = tuple[str | int, ...]
_EMPTY: tuple[Any, ...] = (None, "", [], {})


@dataclass(frozen=True, slots=True)
class Touched:
    change: Change
    documents: int  # answers documents with at least one touched answer (or, for required_added, without one)
    answers: int  # answer values touched over all documents (for required_added: answers missing)


def touched(diff: SurveyDiff, old: CompiledSurvey, documents: Iterable[Mapping[str, Any]]) -> list[Touched]:
    """One `Touched` per change of `diff`, in the same order, counted over `documents` (old version)."""
    per_doc = [list(_values(old, doc)) for doc in documents]
    out = []
    for change in diff.changes:
        counts = [_count(change, old, values) for values in per_doc]
        out.append(Touched(change, sum(1 for c in counts if c), sum(counts)))
    return out


def _values(survey: CompiledSurvey, doc: Mapping[str, Any]) -> Iterator[tuple[Loc, str, Any]]:
    """(loc, key, value) of every non-empty answer at every level, loops and tables included."""

    def walk(data: Any, prefix: Loc) -> Iterator[tuple[Loc, str, Any]]:
        if not isinstance(data, Mapping):
            return
        for key, value in data.items():
            if value in _EMPTY:
                continue
            loc = (*prefix, key)
            yield loc, key, value
            q = survey.questions.get(key)
            if q is not None and q.type == "loop" and isinstance(value, Mapping):
                for code, iteration in value.items():
                    yield from walk(iteration, (*loc, code))
            elif q is not None and q.type == "table" and isinstance(value, list):
                for i, row in enumerate(value):
                    yield from walk(row, (*loc, i))

    yield from walk(doc, ())


def _count(change: Change, old: CompiledSurvey, values: list[tuple[Loc, str, Any]]) -> int:
    """Touched answers in one document (for required_added: 1 when the document lacks the answer)."""
    qid = change.old_id
    if qid is None or change.kind in _NOTHING:
        return 0
    if change.target is Target.SURVEY:
        return 0
    if change.target is Target.SECTION:
        ids = {q.id for q in old.questions.values() if q.section == qid}
        return sum(1 for _, key, _ in values if key in ids)
    mine = [v for _, key, v in values if key == qid]
    if change.kind is Kind.REQUIRED_ADDED:
        return 0 if mine else 1
    if change.kind in (Kind.OPTIONS_REMOVED, Kind.OPTIONS_RECODED) or change.field == "option_show_if":
        codes = set(change.codes) | {a for a, _ in change.recoded}
        return sum(_holds(v, codes, change.field) for v in mine) + _iterations(old, qid, codes, values)
    if change.kind is Kind.CONSTRAINT_TIGHTENED and change.field != "rule":
        return sum(1 for v in mine if _refused(change, v))
    if change.kind is Kind.REMOVED and change.field != "other":
        mine += [v for _, key, v in values if key == f"{qid}_other"]
    return len(mine)


_NOTHING = (Kind.ADDED, Kind.OPTIONS_ADDED, Kind.CONSTRAINT_LOOSENED, Kind.REQUIRED_REMOVED)


def _holds(value: Any, codes: set[str], part: str) -> bool:
    if part == "rows" and isinstance(value, Mapping):
        return any(k in codes and v not in _EMPTY for k, v in value.items())
    if part == "columns" and isinstance(value, Mapping):
        return any(v in codes for v in value.values())
    if isinstance(value, list):
        return any(v in codes for v in value)
    return value in codes


def _iterations(old: CompiledSurvey, source: str, codes: set[str], values: list[tuple[Loc, str, Any]]) -> int:
    """Loop iterations over a removed or recoded option of the loop's source question."""
    loops = {q.id for q in old.questions.values() if q.type == "loop" and q.over == source}
    count = 0
    for _, key, value in values:
        if key in loops and isinstance(value, Mapping):
            count += sum(1 for code, iteration in value.items() if code in codes and iteration not in _EMPTY)
    return count


def _refused(change: Change, value: Any) -> bool:
    """Whether the tightened bound refuses a stored value; values it cannot compare are not counted."""
    bound, key = change.after, change.field
    try:
        if key in ("min", "max"):
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                return False
            return bool(value < bound) if key == "min" else bool(value > bound)
        if key == "decimals":
            return isinstance(value, int | float) and round(value, bound) != value
        if key == "pattern":
            return isinstance(value, str) and re.fullmatch(bound, value) is None
        if key == "exclusive":
            return isinstance(value, list) and len(value) > 1 and change.codes[0] in value
        if isinstance(value, str | list) and key.startswith(("min_", "max_")):
            return bool(len(value) < bound) if key.startswith("min_") else bool(len(value) > bound)
    except (TypeError, re.error):
        return False
    return False
