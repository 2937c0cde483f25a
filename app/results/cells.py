"""Cells for spreadsheets: CSV in chunks, and values a spreadsheet would not run as formulas.

CSV files start with a UTF-8 byte-order mark: without it Excel reads UTF-8 as a legacy code page and
shows Arabic, Chinese and Cyrillic as mojibake. pandas strips it; in R use `fileEncoding =
"UTF-8-BOM"` (readr strips it by itself).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

BOM = "\ufeff"
CHUNK = 1 << 16
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell a spreadsheet would run as a formula is written as text (prefixed with ')."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[bytes]:
    """A CSV file as UTF-8 chunks of about 64 kB: constant memory whatever the number of rows."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    starts = FORMULA_STARTS
    for row in rows:  # neutralise() inlined: this runs for every cell of every row
        writer.writerow([("'" + v) if v.__class__ is str and v.startswith(starts) else v for v in row])
        if out.tell() >= CHUNK:
            yield out.getvalue().encode()
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode()
