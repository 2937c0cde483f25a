"""Where each answer goes in an export: the wide layout (one row per response, loops and tables
flattened into columns), the sheets of a workbook (one per section, loop and table), and the long
layout (one row per answer). Pure: works from the compiled versions and the answers documents.

A path is the keys from an answers document to the dict that holds an answer, e.g.
`("needs", "asgm")` inside the `asgm` iteration of loop `needs`, `("funding", 2)` in a table's
third row.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from app.compiler import CompiledSurvey
from app.compiler.answers import at
from app.compiler.model import Question
from app.results.export.fields import Field, Versions, field

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Placed:
    path: Path
    field: Field


def holder(doc: Any, path: Path) -> dict[str, Any] | None:
    """The dict at `path` in an answers document, or None where the document has nothing there."""
    found = at(doc, path)
    return found if isinstance(found, dict) else None


class Wide:
    """The wide layout's columns, grouped in runs that share a path (so each dict is found once)."""

    def __init__(self, columns: list[Placed]) -> None:
        self.names = [n for c in columns for n in c.field.names]
        self.runs: list[tuple[Path, list[Field], list[None]]] = []
        for placed in columns:
            if self.runs and self.runs[-1][0] == placed.path:
                self.runs[-1][1].append(placed.field)
                self.runs[-1][2].extend([None] * len(placed.field.names))
            else:
                self.runs.append((placed.path, [placed.field], [None] * len(placed.field.names)))

    def cells(self, doc: Any) -> list[Any]:
        """One row's answer cells."""
        out: list[Any] = []
        for path, fields, empty in self.runs:
            h = holder(doc, path)
            if h is None:
                out += empty
            else:
                for f in fields:
                    out += f.cells(h.get(f.question), h)
        return out


def loop_codes(versions: Versions, loop: str) -> list[str]:
    codes: dict[str, None] = {}
    for survey in versions.surveys:
        if loop in survey.questions:
            codes.update(dict.fromkeys(survey.loop_codes(survey.questions[loop])))
    return list(codes)


def table_paths(versions: Versions) -> list[Path]:
    """Where tables can be in a document: at the top, or in each iteration of a loop."""
    out: dict[Path, None] = {}
    for survey in versions.surveys:
        for q in survey.questions.values():
            if q.type != "table":
                continue
            loop = next((c for c in q.scope if survey.questions[c].type == "loop"), None)
            if loop is None:
                out[(q.id,)] = None
            else:
                out.update({(loop, code, q.id): None for code in loop_codes(versions, loop)})
    return list(out)


def wide(versions: Versions, table_rows: Mapping[Path, int]) -> list[Placed]:
    """Every column, in document order (the newest version's, then what only older ones had)."""
    columns: list[Placed] = []
    seen: set[str] = set()

    def place(path: Path, f: Field) -> None:
        if f.names and f.names[0] not in seen:
            seen.add(f.names[0])
            columns.append(Placed(path, f))

    def walk(survey: CompiledSurvey, qs: list[Question], path: Path, prefix: str) -> None:
        for q in qs:
            children = [survey.questions[c] for c in q.children]
            name = prefix + q.id
            if q.type == "note" or not versions.kept(survey, q.id):
                continue
            if q.type == "loop":
                for code in loop_codes(versions, q.id):
                    walk(survey, children, (*path, q.id, code), f"{name}.{code}.")
            elif q.type == "table":
                place(path, Field(q.id, (f"{name}.rows",), _row_count))
                for i in range(table_rows.get((*path, q.id), 0)):
                    walk(survey, children, (*path, q.id, i), f"{name}.{i + 1}.")
            else:
                place(path, field(versions, q, name))

    for survey in versions.surveys:
        walk(survey, survey.top_level(), (), "")
    return columns


def _row_count(value: Any, _holder: dict[str, Any]) -> list[Any]:
    return [len(value) if isinstance(value, list) else None]


@dataclass(frozen=True, slots=True)
class Sheet:
    """A workbook sheet: the answers at one level (a section's, a loop's iterations, a table's rows)."""

    name: str
    loop: str | None  # the loop whose iterations are rows (or that holds the table)
    table: str | None  # the table whose rows are rows
    fields: list[Field]

    @property
    def keys(self) -> list[str]:
        return [*(["loop", "loop.label"] if self.loop else []), *(["row"] if self.table else [])]

    def rows(self, doc: dict[str, Any], loop_labels: Mapping[str, str]) -> Iterator[tuple[list[Any], dict[str, Any]]]:
        """(key cells, the dict holding the answers) for each row this document makes here."""
        iterations: list[tuple[list[Any], Any]] = [([], doc)]
        if self.loop:
            value = doc.get(self.loop)
            items = value.items() if isinstance(value, dict) else []
            iterations = [([code, loop_labels.get(code, code)], it) for code, it in items]
        for keys, scope in iterations:
            if not isinstance(scope, dict):
                continue
            if self.table is None:
                yield keys, scope
                continue
            table = scope.get(self.table)
            for i, row in enumerate(table if isinstance(table, list) else []):
                if isinstance(row, dict):
                    yield [*keys, i + 1], row


def sheets(versions: Versions) -> list[Sheet]:
    """A sheet per section (its questions outside loops and tables), per loop and per table."""
    out: dict[str, Sheet] = {}
    for survey in versions.surveys:
        for section in survey.sections:
            top = [survey.questions[qid] for qid in section.questions]
            _add(out, Sheet(section.id, None, None, [field(versions, q, q.id) for q in top if _plain(q)]))
            for q in top:
                kids = [survey.questions[c] for c in q.children]
                if q.type == "table":
                    _add(out, Sheet(q.id, None, q.id, [field(versions, c, c.id) for c in kids]))
                if q.type == "loop":
                    _add(out, Sheet(q.id, q.id, None, [field(versions, c, c.id) for c in kids if _plain(c)]))
                    for t in (c for c in kids if c.type == "table"):
                        grand = [field(versions, survey.questions[c], c) for c in t.children]
                        _add(out, Sheet(t.id, q.id, t.id, grand))
    return [s for s in out.values() if s.fields]


def _plain(q: Question) -> bool:
    return q.type not in ("loop", "table", "note")


def _add(out: dict[str, Sheet], sheet: Sheet) -> None:
    key = f"{sheet.loop}/{sheet.table}" if (sheet.loop or sheet.table) else f"section:{sheet.name}"
    if key not in out:  # the newest version defines a sheet; older ones only add missing sheets
        out[key] = sheet


def sheet_title(name: str, taken: set[str]) -> str:
    """A worksheet title Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "sheet"
    title, n = base, 1
    while title.lower() in taken:
        n += 1
        title = f"{base[: 31 - len(str(n)) - 1]}~{n}"
    taken.add(title.lower())
    return title


LONG_COLUMNS = ("question", "loop", "row", "option", "option_label", "value")


def long_rows(versions: Versions, doc: Any) -> Iterator[tuple[Any, ...]]:
    """One row per answer: (question, loop code, table row or matrix row, option, label, value).

    Walks the document rather than the definition, so that an answer no version in the export
    knows about is still written (its value as JSON), never dropped.
    """
    known = {qid: s.questions[qid] for s in reversed(versions.surveys) for qid in s.questions}
    labels: dict[str, dict[str, str]] = {}

    def label(qid: str, code: str) -> str:
        if qid not in labels:
            labels[qid] = versions.labels(qid)
        return labels[qid].get(code, code)

    def walk(data: dict[str, Any], loop: str, row: str) -> Iterator[tuple[Any, ...]]:
        for key, value in data.items():
            q = known.get(key)
            if q is None:
                if not (key.endswith("_other") and key[:-6] in known):
                    yield key, loop, row, None, None, json.dumps(value, ensure_ascii=False)
                continue
            other = data.get(f"{key}_other")
            t = q.type
            if t == "loop" and isinstance(value, dict):
                for code, iteration in value.items():
                    if isinstance(iteration, dict):
                        yield from walk(iteration, code, row)
            elif t == "table" and isinstance(value, list):
                for i, cells_ in enumerate(value):
                    if isinstance(cells_, dict):
                        yield from walk(cells_, loop, str(i + 1))
            elif t in ("single_choice", "rating", "yes_no") and value is not None:
                code = "true" if value is True else "false" if value is False else str(value)
                yield key, loop, row, code, label(key, code), other if q.other_option else None
            elif t in ("multiple_choice", "ranking") and isinstance(value, list):
                for i, code in enumerate(value):
                    extra = i + 1 if t == "ranking" else other if _is_other(q, code) else None
                    yield key, loop, row, code, label(key, code), extra
            elif t == "matrix" and isinstance(value, dict):
                for r, code in value.items():
                    yield key, loop, r, code, label(key, str(code)), None
            elif value is not None:
                yield key, loop, row, None, None, value

    if isinstance(doc, dict):
        yield from walk(doc, "", "")


def _is_other(q: Question, code: str) -> bool:
    return q.other_option is not None and q.other_option.code == code
