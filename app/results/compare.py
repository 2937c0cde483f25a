"""Two cycles side by side: which parties answered both, and what changed in each party's answers.

Answers are compared by location (question id, loop option, table row) after bringing the earlier
document into the later version's ids and codes (questions renamed with `renamed_from`, options
recoded), so that a rename is not reported as one answer removed and another added.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from app.compiler import CompiledSurvey
from app.compiler.answers import flatten
from app.compiler.diff import Kind, diff
from app.responses.models import Response, Status, answers_of_record
from app.surveys.models import Cycle
from app.surveys.service import compiled_by_id, list_cycles

Loc = tuple[str | int, ...]


def previous_cycle(session: Session, cycle: Cycle) -> Cycle | None:
    """The cycle of the same survey opened just before this one."""
    earlier = [c for c in list_cycles(session, cycle.survey_id) if (c.id or 0) < (cycle.id or 0)]
    return earlier[-1] if earlier else None


def _documents(session: Session, cycle: Cycle, statuses: Sequence[str], subject: str | None = None) -> dict[str, Any]:
    """subject -> (status, version id, the answers as submitted, or the draft's)."""
    doc = answers_of_record()
    stmt = select(col(Response.subject), col(Response.status), col(Response.version_id), doc).where(
        col(Response.cycle_id) == cycle.id, col(Response.status).in_(statuses)
    )
    if subject is not None:
        stmt = stmt.where(col(Response.subject) == subject)
    return {s: (st, v, d) for s, st, v, d in session.execute(stmt.order_by(col(Response.subject)))}


def in_version(old: CompiledSurvey, new: CompiledSurvey, doc: Any) -> dict[Loc, Any]:
    """An earlier document's answers by location in the later version (renames and recodes applied)."""
    flat = flatten(old, doc)
    if old is new:
        return flat
    matched, recodes = _renames(old, new)
    loops = {q.id for q in new.questions.values() if q.type == "loop"}
    out: dict[Loc, Any] = {}
    for loc, value in flat.items():
        parts: list[str | int] = []
        for part in loc:
            previous = parts[-1] if parts else None
            if isinstance(previous, str) and previous in loops:  # a loop's option: its source's code
                parts.append(recodes.get(new.questions[previous].over or "", {}).get(str(part), str(part)))
            elif isinstance(part, str):
                parts.append(_renamed(matched, part))
            else:
                parts.append(part)
        codes = recodes.get(str(parts[-1]))
        if codes:
            value = [codes.get(v, v) for v in value] if isinstance(value, list) else codes.get(value, value)
        out[tuple(parts)] = value
    return out


@lru_cache(maxsize=16)
def _renames(old: CompiledSurvey, new: CompiledSurvey) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(old question id -> new id, new question id -> {old code: new code}) between two versions;
    computed once per pair (compiled versions are cached objects, hashed by identity), not once
    per party compared."""
    d = diff(old, new)
    recodes: dict[str, dict[str, str]] = {}
    for change in d.changes:
        if change.kind is Kind.OPTIONS_RECODED and change.new_id:
            recodes.setdefault(change.new_id, {}).update(dict(change.recoded))
    return d.matched, recodes


def _renamed(matched: dict[str, str], key: str) -> str:
    """A question id (or its "other" text's key) in the later version."""
    if key in matched:
        return matched[key]
    if key.endswith("_other") and key[:-6] in matched:
        return matched[key[:-6]] + "_other"
    return key


def overview(session: Session, first: Cycle, second: Cycle, statuses: Sequence[str]) -> dict[str, Any]:
    """Who answered both cycles, who only one, and how many answers changed for each party."""
    a, b = _documents(session, first, statuses), _documents(session, second, statuses)
    both = sorted(set(a) & set(b))
    counts = {s: len(_changes(session, a[s], b[s])) for s in both}
    return {
        "cycles": [first.code, second.code],
        "statuses": list(statuses),
        "both": [{"subject": s, "changed_answers": counts[s]} for s in both],
        f"only_{first.code}": sorted(set(a) - set(b)),
        f"only_{second.code}": sorted(set(b) - set(a)),
    }


def party_changes(session: Session, first: Cycle, second: Cycle, subject: str) -> dict[str, Any]:
    """Every answer that is not the same in both cycles: (loc, question, before, after, change)."""
    every = [s.value for s in Status]
    a, b = _documents(session, first, every, subject), _documents(session, second, every, subject)
    result: dict[str, Any] = {
        "subject": subject,
        "cycles": [first.code, second.code],
        "statuses": [a[subject][0].value if subject in a else None, b[subject][0].value if subject in b else None],
    }
    if subject in a and subject in b:
        result["changes"] = _changes(session, a[subject], b[subject])
    else:
        result["changes"] = []
    return result


def _changes(session: Session, earlier: Any, later: Any) -> list[dict[str, Any]]:
    old = compiled_by_id(session, earlier[1])[1]
    new = compiled_by_id(session, later[1])[1]
    before, after = in_version(old, new, earlier[2]), flatten(new, later[2])
    out: list[dict[str, Any]] = []
    for loc in dict.fromkeys([*after, *before]):
        x, y = before.get(loc), after.get(loc)
        if x == y:
            continue
        question = next((p for p in reversed(loc) if isinstance(p, str) and p in new.questions), str(loc[-1]))
        change = "added" if x is None else "removed" if y is None else "changed"
        out.append({"loc": list(loc), "question": question, "before": x, "after": y, "change": change})
    order = {qid: i for i, qid in enumerate(new.questions)}
    out.sort(key=lambda c: order.get(str(c["question"]), len(order)))
    return out
