"""Stage 2, parse: located plain data to the typed `spec.Survey`, every shape error at its line.

When the document has errors, the parse still salvages every question, choice list and section
that is valid on its own, so that the check stage can report the rest of the problems in the same
pass. Ids of the parts that failed are kept too, so that references to them are not reported twice.
"""

from __future__ import annotations

import re
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
        if tag in spec.QUESTION_TYPES:
            detail = f"a table column cannot be a {tag} question; columns are {', '.join(spec.COLUMN_TYPES)}"
            if tag == "loop":
                detail = "a loop cannot be inside another loop"
            return make("E203", doc.locate((*path, "type")), detail=detail)
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
    # A question's renamed_from holds ids (E205); an option's holds codes (E203, like `code`).
    renamed = len(loc) > 1 and loc[-2] == "renamed_from" and err.get("ctx", {}).get("pattern") == spec.ID_PATTERN
    if kind == "string_pattern_mismatch" and loc and (loc[-1] in ("id", "over") or renamed):
        survey_id = len(loc) == 1
        rule = (
            "letters a-z, digits, '-' and '_', starting with a letter" if survey_id else "use snake_case (a-z, 0-9, _)"
        )
        return make("E205", doc.locate(path), id=err.get("input"), rule=rule)
    field_name = next((str(s) for s in reversed(rel) if isinstance(s, str)), "")
    detail = f"{field_name}: {err['msg']}" if field_name else err["msg"]
    return make("E203", doc.locate(path), detail=detail)


PLACEHOLDER = "__unparsed_"
_ONE_SECTION = [{"id": "x", "title": "x", "questions": [{"type": "note", "id": "x", "body": "x"}]}]


def is_placeholder(node: object) -> bool:
    return str(getattr(node, "id", "")).startswith(PLACEHOLDER)


def _placeholder(raw: Any, index: int, lost: set[str]) -> spec.NoteQuestion:
    """Stands where a question that failed to parse was, so later positions keep their index."""
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        lost.add(raw["id"])
    return spec.NoteQuestion.model_construct(type="note", id=f"{PLACEHOLDER}{index}", title=None, body="", show_if=None)


def _salvage_question(raw: Any, index: int, lost: set[str]) -> Any:
    """The question if it is valid on its own (loops and tables salvage their children), else a placeholder."""
    adapter = _question_adapter()
    try:
        return adapter.validate_python(raw)
    except ValidationError:
        pass
    if isinstance(raw, dict) and raw.get("type") in ("loop", "table"):
        child_key = "questions" if raw["type"] == "loop" else "columns"
        children = raw.get(child_key)
        if isinstance(children, list):
            salvaged = [_salvage_question(c, i, lost) for i, c in enumerate(children)]
            kept = [c for c in salvaged if not is_placeholder(c)]
            try:
                question = adapter.validate_python({**raw, child_key: kept or _ONE_SECTION[0]["questions"]})
                # The children keep their positions, placeholders included, for the check stage.
                return question.model_copy(update={child_key: salvaged})
            except ValidationError:
                pass
    return _placeholder(raw, index, lost)


def _salvage_section(raw: Any, index: int, lost: set[str]) -> spec.Section:
    raw = raw if isinstance(raw, dict) else {}
    questions_raw = raw.get("questions") if isinstance(raw.get("questions"), list) else []
    questions = [_salvage_question(q, i, lost) for i, q in enumerate(questions_raw)]
    section_id = raw.get("id")
    valid_id = isinstance(section_id, str) and re.match(spec.ID_PATTERN, section_id)
    title = raw.get("title")
    return spec.Section.model_construct(
        id=section_id if valid_id else f"{PLACEHOLDER}s{index}",
        title=title if isinstance(title, str | dict) else "",
        description=None,
        show_if=raw.get("show_if") if isinstance(raw.get("show_if"), str) else None,
        questions=questions,
    )


def _salvage(data: dict[str, Any], lost: set[str]) -> spec.Survey | None:
    """A survey of every part that is valid on its own, with placeholders where parts failed, so
    that the check stage reports the rest at the right places. None if there are no sections."""
    sections_raw = data.get("sections")
    if not isinstance(sections_raw, list):
        return None
    lists: dict[str, list[spec.Option]] = {}
    if isinstance(data.get("choice_lists"), dict):
        for name, options in data["choice_lists"].items():
            try:
                lists[name] = _options_adapter().validate_python(options)
            except ValidationError:
                lost.add(name)
    frame = {k: v for k, v in data.items() if k not in ("sections", "choice_lists")}
    try:
        spec.Survey.model_validate({**frame, "sections": _ONE_SECTION})
    except ValidationError as exc:
        for key in {err["loc"][0] for err in exc.errors() if err["loc"]}:
            frame.pop(str(key), None)
    frame.setdefault("id", "survey")
    frame.setdefault("title", {lang: "?" for lang in frame.get("languages") or ["en"]})
    try:
        header = spec.Survey.model_validate({**frame, "sections": _ONE_SECTION})
    except ValidationError:
        return None
    sections = [_salvage_section(raw, i, lost) for i, raw in enumerate(sections_raw)]
    return header.model_copy(update={"choice_lists": lists, "sections": sections})


def parse(doc: Document) -> Parsed:
    data = doc.data
    try:
        return Parsed(spec.Survey.model_validate(data), [])
    except ValidationError as exc:
        errors = [_diagnostic(doc, (), data, err) for err in exc.errors()]
    lost: set[str] = set()
    survey = _salvage(data, lost)
    return Parsed(survey, errors, lost)
