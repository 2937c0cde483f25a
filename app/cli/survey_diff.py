"""`tns survey diff OLD NEW`: what changes between two versions of a survey, and which changes break answers.

OLD and NEW are definition files, or published versions written SURVEY@VERSION (a version id, a
sha256 prefix of at least 8 characters, or `latest`): `technology-needs@latest` against the edited
file is the check to run before publishing. Exit codes, for scripts and CI: 0 when no change is
breaking, 1 when at least one is, 2 when a definition cannot be read or does not compile (its
diagnostics are printed as `tns lint` prints them).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from app.cli.lint import Format
from app.compiler import CompileResult, compile_file, compile_text
from app.compiler.diff import Change, SurveyDiff, Target, Touched, diff
from app.core.errors import DomainError

NO_BREAKING, BREAKING, DOES_NOT_COMPILE = 0, 1, 2


def survey_diff(
    old: Annotated[
        str, typer.Argument(help="The earlier version: a file, or SURVEY@VERSION (id, sha256 prefix, latest)")
    ],
    new: Annotated[str, typer.Argument(help="The later version: a file, or SURVEY@VERSION")],
    format: Annotated[Format, typer.Option("--format", help="text (one line per change) or json")] = Format.text,
) -> None:
    """Compare two versions of a survey; exit 0 if no change is breaking, 1 if one is, 2 if a file does not compile."""
    results = [load(old), load(new)]
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
        for line in text_report(result, old, new):
            typer.echo(line)
    raise typer.Exit(BREAKING if result.has_breaking else NO_BREAKING)


def load(ref: str) -> CompileResult:
    """A file, or (when no such file exists) a published version SURVEY@VERSION from the database."""
    if "@" not in ref or Path(ref).exists():
        return compile_file(ref)
    from app.core.db import session_scope  # only this form needs a database
    from app.surveys import service

    survey, version = ref.split("@", 1)
    try:
        with session_scope() as session:
            found = (
                service.latest_version(session, survey)
                if version == "latest"
                else service.get_version(session, survey, version)
            )
            source = found.source
    except DomainError as exc:
        typer.echo(f"error: {ref}: {exc}", err=True)
        raise typer.Exit(DOES_NOT_COMPILE) from None
    return compile_text(source, ref)


def _version(r: CompileResult) -> dict[str, Any]:
    assert r.survey is not None
    return {"file": r.file, "survey": r.survey.id, "sha256": r.sha256}


def text_report(result: SurveyDiff, old: str, new: str, counts: Sequence[Touched] = ()) -> list[str]:
    """A summary line, then the changes grouped by section: id, class, safe or breaking, what changed
    (and, when publishing, how many stored answers each change touches)."""
    changes = result.changes
    touching = {id(t.change): t for t in counts if t.answers}
    head = f"{old} -> {new}: {len(changes)} change(s), {len(result.breaking)} breaking"
    if not changes:
        return [head]
    id_width = max(len(c.id) for c in changes)
    kind_width = max(len(c.kind.value) for c in changes)
    groups: dict[str, list[str]] = {}  # in order of first appearance, so each heading is printed once
    for c in changes:
        safety = "safe" if c.safe else "breaking"
        line = f"  {c.id:<{id_width}}  {c.kind.value:<{kind_width}}  {safety:<8}  {c.detail}"
        if id(c) in touching:
            t = touching[id(c)]
            line += f"  [{t.answers} answer(s) in {t.documents} response(s)]"
        groups.setdefault(_group(c), []).append(line.rstrip())
    lines = [head]
    for heading, rows in groups.items():
        lines += ["", heading, *rows]
    return lines


def _group(c: Change) -> str:
    return "survey" if c.target is Target.SURVEY else f"section {c.section}"
