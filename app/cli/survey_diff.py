"""`tns survey diff OLD NEW`: what changes between two versions of a survey, and which changes break answers.

Exit codes, for scripts and CI: 0 when no change is breaking, 1 when at least one is, 2 when a
definition does not compile (its diagnostics are printed as `tns lint` prints them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from app.cli.lint import Format
from app.compiler import CompileResult, compile_file
from app.compiler.diff import Change, SurveyDiff, Target, diff

NO_BREAKING, BREAKING, DOES_NOT_COMPILE = 0, 1, 2


def survey_diff(
    old: Annotated[Path, typer.Argument(help="The earlier version: a survey definition file")],
    new: Annotated[Path, typer.Argument(help="The later version: a survey definition file")],
    format: Annotated[Format, typer.Option("--format", help="text (one line per change) or json")] = Format.text,
) -> None:
    """Compare two versions of a survey; exit 0 if no change is breaking, 1 if one is, 2 if a file does not compile."""
    results = [compile_file(old), compile_file(new)]
    failed = [r for r in results if r.survey is None]
    for r in failed:
        for d in r.diagnostics:
            typer.echo(d.format_line(), err=True)
        typer.echo(f"{r.file} does not compile: {len(r.errors)} error(s)", err=True)
    if failed:
        raise typer.Exit(DOES_NOT_COMPILE)
    before, after = (r.survey for r in results)
    assert before is not None and after is not None
    if before.id != after.id:
        typer.echo(f"warning: comparing two different surveys ({before.id}, {after.id})", err=True)
    result = diff(before, after)
    if format is Format.json:
        report = {"old": _version(results[0]), "new": _version(results[1]), **result.as_json()}
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for line in text_report(result, str(old), str(new)):
            typer.echo(line)
    raise typer.Exit(BREAKING if result.has_breaking else NO_BREAKING)


def _version(r: CompileResult) -> dict[str, Any]:
    assert r.survey is not None
    return {"file": r.file, "survey": r.survey.id, "sha256": r.sha256}


def text_report(result: SurveyDiff, old: str, new: str) -> list[str]:
    """A summary line, then the changes grouped by section: id, class, safe or breaking, what changed."""
    changes = result.changes
    head = f"{old} -> {new}: {len(changes)} change(s), {len(result.breaking)} breaking"
    if not changes:
        return [head]
    id_width = max(len(c.id) for c in changes)
    kind_width = max(len(c.kind.value) for c in changes)
    groups: dict[str, list[str]] = {}  # in order of first appearance, so each heading is printed once
    for c in changes:
        safety = "safe" if c.safe else "breaking"
        line = f"  {c.id:<{id_width}}  {c.kind.value:<{kind_width}}  {safety:<8}  {c.detail}"
        groups.setdefault(_group(c), []).append(line.rstrip())
    lines = [head]
    for heading, rows in groups.items():
        lines += ["", heading, *rows]
    return lines


def _group(c: Change) -> str:
    return "survey" if c.target is Target.SURVEY else f"section {c.section}"
