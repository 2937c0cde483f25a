"""Which old question is which new one, and which old option is which new one.

Same id first; then `renamed_from`, so that a rename is one change instead of a removal and an
addition (the failure of tools that lose answers on a rename). The compiler has already refused
ambiguous renames (E215, E216), so the first earlier name found in the old version is the match.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.compiler.expr.nodes import to_json
from app.compiler.expr.parser import parse
from app.compiler.model import CompiledSurvey, Option


def match_questions(old: CompiledSurvey, new: CompiledSurvey) -> dict[str, str]:
    """old id -> new id for every question in both versions, in the new version's document order."""
    matched: dict[str, str] = {}
    for qid, q in new.questions.items():
        if qid in old.questions:
            matched[qid] = qid
            continue
        earlier = next((r for r in q.renamed_from if r in old.questions and r not in new.questions), None)
        if earlier is not None and earlier not in matched:
            matched[earlier] = qid
    return matched


@dataclass(slots=True)
class OptionMatch:
    kept: list[tuple[Option, Option]] = field(default_factory=list)  # (old, new), codes equal or recoded
    added: list[Option] = field(default_factory=list)
    removed: list[Option] = field(default_factory=list)
    recoded: list[tuple[str, str]] = field(default_factory=list)  # (old code, new code)


def match_options(old: Sequence[Option], new: Sequence[Option]) -> OptionMatch:
    out = OptionMatch()
    old_by_code = {o.code: o for o in old}
    new_codes = {o.code for o in new}
    used: set[str] = set()
    for n in new:
        if n.code in old_by_code:
            used.add(n.code)
            out.kept.append((old_by_code[n.code], n))
            continue
        earlier = next((r for r in n.renamed_from if r in old_by_code and r not in new_codes and r not in used), None)
        if earlier is None:
            out.added.append(n)
        else:
            used.add(earlier)
            out.kept.append((old_by_code[earlier], n))
            out.recoded.append((earlier, n.code))
    out.removed = [o for o in old if o.code not in used]
    return out


def canonical(source: str, names: Mapping[str, str] | None = None) -> str:
    """An expression as a comparable string: its syntax tree (spacing and columns ignored), with
    question names translated through `names` (old id -> new id) so a renamed reference is no change."""
    tree = to_json(parse(source))
    return json.dumps(_rename(tree, names or {}), sort_keys=True)


def _rename(node: Any, names: Mapping[str, str]) -> Any:
    if isinstance(node, dict):
        if set(node) == {"name"}:
            return {"name": names.get(node["name"], node["name"])}
        return {k: _rename(v, names) for k, v in node.items()}
    if isinstance(node, list):
        return [_rename(v, names) for v in node]
    return node
