"""Exports of a cycle's responses: CSV (wide, long, codebook), XLSX and JSON, streamed.

`export()` checks everything that can fail before the first byte (so that an error is a clean 4xx),
and returns a stream that reads the database in its own read-only transaction: an export of
100,000 responses neither holds the request's session nor blocks anyone saving a draft.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session

from app.core.db import read_scope
from app.results.export import writers
from app.results.export.source import Selection, Version, versions

Format = Literal["csv", "xlsx", "json"]
Layout = Literal["wide", "long", "codebook"]
Writer = Callable[[Session, Selection, list[Version]], Iterator[bytes]]

MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True, slots=True)
class Export:
    media_type: str
    filename: str
    chunks: Iterator[bytes]


def writer(format: Format, layout: Layout) -> Writer:
    if format == "csv":
        return {"wide": writers.wide_csv, "long": writers.long_csv, "codebook": writers.codebook_csv}[layout]
    return writers.xlsx if format == "xlsx" else writers.json_stream


def export(selection: Selection, format: Format, layout: Layout = "wide") -> Export:
    write = writer(format, layout)
    suffix = f"-{layout}" if format == "csv" else ""
    name = f"{selection.survey_id}-{selection.cycle}{suffix}.{format}"

    def chunks() -> Iterator[bytes]:
        with read_scope() as session:
            yield from write(session, selection, versions(session, selection))

    return Export(MEDIA[format], name, chunks())
