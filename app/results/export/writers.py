"""The export formats, each a stream of bytes produced in constant memory: CSV wide and long, the
codebook, JSON, and XLSX (written row by row to temporary files by openpyxl's write-only mode)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlmodel import Session

from app.results.cells import csv_chunks, neutralise
from app.results.export import layout
from app.results.export.codebook import CODEBOOK_COLUMNS, codebook
from app.results.export.fields import Versions
from app.results.export.source import COLUMNS, Merge, Selection, Version, responses, table_rows

CHUNK = 1 << 16


def wide_csv(session: Session, selection: Selection, found: list[Version]) -> Iterator[bytes]:
    merge = Merge(session, selection, found)
    versions = Versions([v.survey for v in found], selection.lang, merge.away)
    paths = layout.table_paths(versions)
    if len(found) == 1:
        counts = table_rows(session, selection, paths)
    else:  # answers of earlier versions move (a renamed table): count the rows where they land
        counts = dict.fromkeys(paths, 0)
        for meta, doc in responses(session, selection):
            merged = merge(meta["version"], doc)
            for path in paths:
                rows = (layout.holder(merged, path[:-1]) or {}).get(str(path[-1]))
                counts[path] = max(counts[path], len(rows) if isinstance(rows, list) else 0)
    columns = layout.Wide(layout.wide(versions, counts))
    header = [*COLUMNS, *columns.names]
    rows = (
        [*meta.values(), *columns.cells(merge(meta["version"], doc))] for meta, doc in responses(session, selection)
    )
    yield from csv_chunks(header, rows)


def long_csv(session: Session, selection: Selection, found: list[Version]) -> Iterator[bytes]:
    merge = Merge(session, selection, found)
    versions = Versions([v.survey for v in found], selection.lang, merge.away)
    meta_columns = ("subject", "party", "status", "version")
    rows = (
        (*(meta[k] for k in meta_columns), *answer)
        for meta, doc in responses(session, selection)
        for answer in layout.long_rows(versions, merge(meta["version"], doc))
    )
    yield from csv_chunks((*(f"_{k}" for k in meta_columns), *layout.LONG_COLUMNS), rows)


def codebook_csv(_session: Session, selection: Selection, found: list[Version]) -> Iterator[bytes]:
    yield from csv_chunks(CODEBOOK_COLUMNS, codebook(found, selection.lang))


def json_stream(session: Session, selection: Selection, found: list[Version]) -> Iterator[bytes]:
    """{survey, cycle, versions: {sha256: {...}}, responses: [{..., version, answers}]}, streamed."""
    head = {
        "survey": selection.survey_id,
        "cycle": selection.cycle,
        "statuses": list(selection.statuses),
        "versions": {
            v.sha256: {"published_at": v.published_at.isoformat(timespec="seconds"), "in_use": i == 0}
            for i, v in enumerate(found)
        },
    }
    buffer = [json.dumps(head, ensure_ascii=False)[:-1], ', "responses": [']
    size, first = 0, True
    for meta, doc in responses(session, selection):
        item = json.dumps({**meta, "answers": doc}, ensure_ascii=False)
        buffer.append(item if first else ",\n" + item)
        first = False
        size += len(item)
        if size >= CHUNK:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    buffer.append("]}\n")
    yield "".join(buffer).encode()


def xlsx(session: Session, selection: Selection, found: list[Version]) -> Iterator[bytes]:
    """A sheet per section, loop and table, then the codebook; rows go to disk as they come."""
    merge = Merge(session, selection, found)
    versions = Versions([v.survey for v in found], selection.lang, merge.away)
    book = Workbook(write_only=True)
    taken: set[str] = set()
    plan = layout.sheets(versions)
    sheets = []
    loop_labels = {s.loop: versions.labels(versions.variants(s.loop)[0].over or "") for s in plan if s.loop}
    for sheet in plan:
        ws = book.create_sheet(layout.sheet_title(sheet.name, taken))
        ws.append([*COLUMNS, *sheet.keys, *(n for f in sheet.fields for n in f.names)])
        sheets.append((sheet, ws, loop_labels.get(sheet.loop or "", {})))
    for meta, answers in responses(session, selection):
        doc = merge(meta["version"], answers)
        if not isinstance(doc, dict):
            continue
        front = list(meta.values())
        for sheet, ws, labels in sheets:
            for keys, holder in sheet.rows(doc, labels):
                answers = [c for f in sheet.fields for c in f.cells(holder.get(f.question), holder)]
                ws.append([_cell(v) for v in (*front, *keys, *answers)])
    ws = book.create_sheet(layout.sheet_title("codebook", taken))
    ws.append(list(CODEBOOK_COLUMNS))
    for row in codebook(found, selection.lang):
        ws.append([_cell(v) for v in row])
    with tempfile.SpooledTemporaryFile(max_size=8 << 20) as out:
        book.save(out)
        out.seek(0)
        while chunk := out.read(CHUNK):
            yield chunk


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value
