"""The `mapping:` section, checked on its own: what it says about this version must hold.

A mapping says what happens to the answers of the previous published version (docs/definitions.md,
section 14). The references to this version (question ids, new option codes) are checked here, at
compile time; the references to the previous version (old ids, old codes, whether a conversion
fits the old type) can only be checked when the two are compared, at publish time
(`app.compiler.migrate.plan`), with the same diagnostics and locations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.compiler import spec
from app.compiler.diagnostics import Location, did_you_mean
from app.compiler.model import Question
from app.compiler.reader import Document, Path

Report = Callable[..., None]  # (code, path, key=..., **params): the check stage's `error`
CHOICE_TARGETS = ("single_choice", "multiple_choice", "ranking", "rating")


def location_key(*parts: str) -> str:
    """The key under which a mapping entry's location is kept: `mapping.questions.remarks`, ..."""
    return ".".join(("mapping", *parts))


def check_mapping(
    m: spec.Mapping,
    questions: Mapping[str, Question],
    doc: Document,
    error: Report,
    locations: dict[str, Location],
) -> None:
    def keep(path: Path, *parts: str) -> None:
        locations[location_key(*parts)] = doc.locate(path, key=True)

    def known(ref: str, path: Path) -> Question | None:
        q = questions.get(ref)
        if q is None:
            error("E501", path, key=True, ref=ref, hint=did_you_mean(ref, questions))
        return q

    locations["mapping"] = doc.locate(("mapping",), key=True)
    sources: dict[str, str] = {}
    for new_id, entry in m.questions.items():
        path: Path = ("mapping", "questions", new_id)
        keep(path, "questions", new_id)
        q = known(new_id, path)
        if entry.from_ in sources:
            detail = f"'{entry.from_}' is mapped to both '{sources[entry.from_]}' and '{new_id}'"
            error("E504", (*path, "from"), detail=detail)
        sources.setdefault(entry.from_, new_id)
        if q is None:
            continue
        if not q.answerable:
            error("E503", path, key=True, ref=new_id, what="a note, which holds no answers")
        if entry.values:
            if q.type not in CHOICE_TARGETS:
                detail = f"'values' maps yes/no answers to options, and '{new_id}' is a {q.type} question"
                error("E507", (*path, "values"), key=True, detail=detail)
            else:
                for answer, code in entry.values.items():
                    _option(q, code, (*path, "values", answer), error)
    for i, old_id in enumerate(m.drop.questions):
        keep(("mapping", "drop", "questions", i), "drop", "questions", old_id)
        if old_id in sources:
            detail = f"'{old_id}' is both dropped and mapped to '{sources[old_id]}'"
            error("E504", ("mapping", "drop", "questions", i), detail=detail)
    for new_id, codes in m.options.items():
        path = ("mapping", "options", new_id)
        keep(path, "options", new_id)
        q = known(new_id, path)
        if q is not None and not q.options:
            error("E503", path, key=True, ref=new_id, what=f"a {q.type} question, which has no options")
            continue
        for old_code, new_code in codes.items():
            if q is not None:
                _option(q, new_code, (*path, old_code), error)
            if old_code in m.drop.options.get(new_id, ()):
                detail = f"option '{old_code}' of '{new_id}' is both dropped and mapped to '{new_code}'"
                error("E504", (*path, old_code), key=True, detail=detail)
    for new_id in m.drop.options:
        path = ("mapping", "drop", "options", new_id)
        keep(path, "drop", "options", new_id)
        known(new_id, path)
    for i, new_id in enumerate(m.keep_invalid):
        keep(("mapping", "keep_invalid", i), "keep_invalid", new_id)
        known(new_id, ("mapping", "keep_invalid", i))


def _option(q: Question, code: Any, path: Path, error: Report) -> None:
    if code not in q.codes:
        error("E502", path, option=code, question=q.id, hint=did_you_mean(str(code), q.codes))
