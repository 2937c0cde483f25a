"""Reading what the results endpoints return."""

from __future__ import annotations

import csv
import io

import httpx


def read_csv(response: httpx.Response) -> list[dict[str, str]]:
    """The rows of a CSV download, checking it starts with the BOM Excel needs to read UTF-8."""
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
