"""Stage 2, parse: located plain data to the typed `spec.Survey`, every shape error at its line.

When the document has errors, the parse still salvages every question, choice list and section
that is valid on its own, so that the check stage can report the rest of the problems in the same
pass. Ids of the parts that failed are kept too, so that references to them are not reported twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from app.compiler import spec
from app.compiler.diagnostics import Diagnostic, did_you_mean, make
from app.compiler.reader import Document, Path


@dataclass(slots=True)
class Parsed:
    survey: spec.Survey | None
    errors: list[Diagnostic]
    # Ids of questions (and names of choice lists) present in the YAML but not parsed.
    unparsed_ids: set[str] = field(default_factory=set)


@cache
def _question_adapter() -> TypeAdapter[Any]:
    return TypeAdapter(spec.Question)


@cache
def _options_adapter() -> TypeAdapter[list[spec.Option]]:
    return TypeAdapter(list[spec.Option])


def _data_path(data: Any, loc: tuple[str | int, ...]) -> tuple[Path, str | int | None]:
    """Map a pydantic loc onto the data: drops union tags; returns (path, trailing missing key)."""
    path: list[str | int] = []
    cur: Any = data
    for i, seg in enumerate(loc):
        if (isinstance(cur, dict) and seg in cur) or (
            isinstance(cur, list) and isinstance(seg, int) and 0 <= seg < len(cur)
        ):
            cur = cur[seg]  # type: ignore[index]
            path.append(seg)
        elif i == len(loc) - 1 and isinstance(cur, dict):
            return tuple(path), seg
    return tuple(path), None


def _known_keys(node: Any) -> frozenset[str]:
    if isinstance(node, dict):
        model = spec.QUESTION_MODELS.get(str(node.get("type")))
        if model is not None:
            return frozenset(model.model_fields)
    return spec.ALL_KEYS


def _diagnostic(doc: Document, base: Path, data: Any, err: Any) -> Diagnostic:
    loc: tuple[str | int, ...] = err["loc"]
    rel, trailing = _data_path(data, loc)
    path: Path = (*base, *rel)
    kind = err["type"]
    if kind == "missing" and trailing is not None:
        return make("E202", doc.locate(path), key=trailing)
    if kind == "extra_forbidden":
        key = str(rel[-1]) if rel else "?"
        parent: Any = data
        for seg in rel[:-1]:
            parent = parent[seg]
        hint = did_you_mean(key, sorted(_known_keys(parent)))
        return make("E201", doc.locate(path, key=True), key=key, hint=hint)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = err.get("ctx", {}).get("tag")
        if tag is None:
            return make("E202", doc.locate(path), key="type")
        hint = did_you_mean(str(tag), spec.QUESTION_TYPES)
        return make("E204", doc.locate((*path, "type")), type=tag, hint=hint)
    if kind == "unknown_language":
        lang = err["ctx"]["lang"]
        return make(
            "E210",
            doc.locate((*path, lang), key=True),
            lang=lang,
            offered=", ".join(spec.LANGUAGES),
        )
    if kind == "string_pattern_mismatch" and loc and loc[-1] in ("id", "over", "renamed_from"):
        return make("E205", doc.locate(path), id=err.get("input"))
    field_name = next((str(s) for s in reversed(rel) if isinstance(s, str)), "")
    detail = f"{field_name}: {err['msg']}" if field_name else err["msg"]
    return make("E203", doc.locate(path), detail=detail)


def _salvage_question(raw: Any, lost: set[str]) -> Any:
    """The question if it is valid on its own (loops and tables salvage their children)."""
    adapter = _question_adapter()
    try:
        return adapter.validate_python(raw)
    except ValidationError:
        pass
    if isinstance(raw, dict):
        for child_key in ("questions", "columns"):
            children = raw.get(child_key)
            if raw.get("type") in ("loop", "table") and isinstance(children, list):
                kept = [c for c in children if _salvage_question(c, lost) is not None]
                try:
                    return adapter.validate_python({**raw, child_key: kept})
                except ValidationError:
                    pass
        if isinstance(raw.get("id"), str):
            lost.add(raw["id"])
    return None


def _salvage(data: dict[str, Any], lost: set[str]) -> spec.Survey | None:
    """A survey of every part that is valid on its own, or None if even the frame is broken."""
    out = dict(data)
    lists = data.get("choice_lists")
    if isinstance(lists, dict):
        kept_lists = {}
        for name, options in lists.items():
            try:
                kept_lists[name] = _options_adapter().validate_python(options)
            except ValidationError:
                lost.add(name)
        out["choice_lists"] = kept_lists
    sections = []
    for raw in data.get("sections") or []:
        if not isinstance(raw, dict):
            continue
        questions = [q for q in raw.get("questions") or [] if _salvage_question(q, lost) is not None]
        try:
            sections.append(spec.Section.model_validate({**raw, "questions": questions}))
        except ValidationError:
            lost.update(q["id"] for q in questions if isinstance(q, dict) and isinstance(q.get("id"), str))
    out["sections"] = sections
    try:
        return spec.Survey.model_validate(out)
    except ValidationError as exc:
        # Drop the top-level keys that are broken and try once more with their defaults.
        broken = {err["loc"][0] for err in exc.errors() if err["loc"]}
        if broken & {"id", "title", "sections"}:
            return None
        try:
            return spec.Survey.model_validate({k: v for k, v in out.items() if k not in broken})
        except ValidationError:
            return None


def parse(doc: Document) -> Parsed:
    data = doc.data
    try:
        return Parsed(spec.Survey.model_validate(data), [])
    except ValidationError as exc:
        errors = [_diagnostic(doc, (), data, err) for err in exc.errors()]
    lost: set[str] = set()
    survey = _salvage(data, lost)
    return Parsed(survey, errors, lost)
