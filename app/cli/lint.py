"""`tns lint`: check survey definitions, one line per problem, the way editors and CI read them."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from app.compiler import CompileResult, Severity, compile_file
from app.core.config import ROOT


class Format(StrEnum):
    text = "text"
    json = "json"


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")))
        else:
            out.append(path)
    return out


def lint(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: survey_definitions/)")] = None,
    format: Annotated[
        Format, typer.Option("--format", help="text (FILE:LINE:COL: CODE message) or json")
    ] = Format.text,
    no_warnings: Annotated[bool, typer.Option("--no-warnings", help="Print errors only.")] = False,
) -> None:
    """Check definitions; exit 1 if any has an error, 0 otherwise (warnings do not fail)."""
    files = _files(paths or [ROOT / "survey_definitions"])
    results: list[CompileResult] = [compile_file(f) for f in files]
    failed = any(not r.ok for r in results)
    if format is Format.json:
        report = [
            {
                "file": r.file,
                "ok": r.ok,
                "diagnostics": [
                    d.as_json() for d in r.diagnostics if not (no_warnings and d.severity is Severity.WARNING)
                ],
            }
            for r in results
        ]
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for r in results:
            for d in r.errors if no_warnings else r.diagnostics:
                typer.echo(d.format_line())
        errors = sum(len(r.errors) for r in results)
        warnings = sum(len(r.warnings) for r in results)
        typer.echo(f"{len(files)} file(s) checked: {errors} error(s), {warnings} warning(s)", err=True)
    if not files:
        typer.echo("no definition files found", err=True)
        raise typer.Exit(1)
    raise typer.Exit(1 if failed else 0)
