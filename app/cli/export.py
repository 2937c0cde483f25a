"""`tns export`: the same exports as the API, written to a file or to standard output."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from app.cli.admin import fail
from app.core.db import session_scope
from app.core.errors import DomainError
from app.results.aggregates import statuses
from app.results.export import export as make_export
from app.results.export.source import Selection
from app.surveys.service import get_cycle


class Format(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


class Layout(StrEnum):
    wide = "wide"
    long = "long"
    codebook = "codebook"


def export(
    survey: str,
    cycle: Annotated[str | None, typer.Option(help="Default: the open cycle")] = None,
    format: Annotated[Format, typer.Option("--format")] = Format.csv,
    layout: Annotated[Layout, typer.Option(help="CSV: wide, long or codebook")] = Layout.wide,
    status: Annotated[list[str] | None, typer.Option(help="Repeatable; default: submitted and accepted")] = None,
    lang: Annotated[str | None, typer.Option(help="Language of the labels")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Default: standard output")] = None,
) -> None:
    """Export a cycle's responses (streamed: constant memory whatever their number)."""
    try:
        with session_scope() as session:
            selection = Selection.of(get_cycle(session, survey, cycle), statuses(status), lang)
        result = make_export(selection, format.value, layout.value)
        target = out.open("wb") if out else sys.stdout.buffer
        try:
            for chunk in result.chunks:
                target.write(chunk)
        finally:
            if out:
                target.close()
    except DomainError as exc:
        raise fail(exc) from exc
    if out:
        typer.echo(f"wrote {out} ({out.stat().st_size} bytes)", err=True)
