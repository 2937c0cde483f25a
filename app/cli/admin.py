"""`tns users`, `tns survey`, `tns cycle`, `tns parties`: administration from the command line.

Each command is one transaction, through the same services as the admin API.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
import yaml

from app.cli.publish_report import publish_report
from app.core.config import get_settings
from app.core.db import session_scope
from app.core.errors import DomainError
from app.registry import service as registry
from app.surveys import service as surveys
from app.surveys.carry import open_from
from app.users import service as users
from app.users.models import Role

users_cli = typer.Typer(help="Users, tokens and invitation links.", no_args_is_help=True)
survey_cli = typer.Typer(help="Publish survey versions and compare them.", no_args_is_help=True)
cycle_cli = typer.Typer(help="Survey cycles.", no_args_is_help=True)
parties_cli = typer.Typer(help="The party registry.", no_args_is_help=True)


class Format(StrEnum):
    csv = "csv"
    yaml = "yaml"


def fail(exc: DomainError) -> typer.Exit:
    for error in exc.payload():
        where = ":".join(str(p) for p in error["loc"])
        typer.echo(f"error: {where + ': ' if where else ''}{error['msg']} [{error['code']}]", err=True)
    return typer.Exit(1)


def link(token: str) -> str:
    s = get_settings()
    return f"http://{s.host}:{s.port}/invitations/{token}"


@users_cli.command("add")
def add_user(
    email: str,
    role: Annotated[Role, typer.Option(help="admin, secretariat, focal_point or respondent")],
    party: Annotated[str | None, typer.Option(help="ISO3: a focal point's party, or a respondent's country")] = None,
    survey: Annotated[str | None, typer.Option(help="A respondent's (individual) survey")] = None,
    name: str = "",
) -> None:
    """Create a user; prints the API token (shown once) alone on the last line."""
    try:
        with session_scope() as session:
            new = users.add_user(session, email, role, party=party, name=name, survey=survey)
            respondent = new.respondent.code if new.respondent else None
    except DomainError as exc:
        raise fail(exc) from None
    typer.echo(f"added {new.user.email} ({role.value}{', ' + party.upper() if party else ''})")
    if respondent:
        typer.echo(f"respondent code: {respondent}")
    typer.echo("API token (shown once):")
    typer.echo(new.token)


@users_cli.command("invite")
def invite(email: str) -> None:
    """Print a single-use invitation link that signs the user in to the browser."""
    try:
        with session_scope() as session:
            token = users.invite(session, users.get_user(session, email), None)
    except DomainError as exc:
        raise fail(exc) from None
    typer.echo(link(token))


@survey_cli.command("publish")
def publish(
    file: Path,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="show the changes and what would move; publish nothing")
    ] = False,
) -> None:
    """Store FILE's compiled definition as an immutable version (identical content: nothing changes).

    The changes from the latest version are printed as `tns survey diff` prints them; a breaking
    change over stored answers that the definition's mapping does not cover is refused."""
    try:
        source = file.read_bytes()
    except OSError as exc:
        typer.echo(f"error: cannot read {file}: {exc.strerror}", err=True)
        raise typer.Exit(1) from None
    try:
        with session_scope() as session:
            published = surveys.publish(session, source, str(file), None, dry_run=dry_run)
    except DomainError as exc:
        raise fail(exc) from None
    for line in publish_report(published, str(file)):
        typer.echo(line)


@cycle_cli.command("open")
def open_cycle(
    survey: str,
    cycle: str,
    opens: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="first day (default: open now)")
    ] = None,
    closes: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="last day (default: no end)")] = None,
    version: Annotated[str | None, typer.Option(help="version id or sha256 prefix (default: latest)")] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="an earlier cycle: each party's answers start from it")
    ] = None,
) -> None:
    """Open CYCLE of SURVEY on its latest (or a named) published version."""
    first, last = opens.date() if opens else None, closes.date() if closes else None
    try:
        with session_scope() as session:
            if from_:
                c, carried = open_from(session, survey, cycle, from_, first, last, None, version)
            else:
                c, carried = surveys.open_cycle(session, survey, cycle, first, last, None, version), None
            window = f"{c.opens_on or 'now'} to {c.closes_on or 'no end'}"
    except DomainError as exc:
        raise fail(exc) from None
    typer.echo(f"{survey}: cycle {cycle} open from {window}")
    if carried:
        typer.echo(
            f"pre-filled from cycle {from_}: {carried.responses} responses, {carried.answers} answers carried over"
            f" ({carried.left_behind} not asked any more, kept in cycle {from_})"
        )


@parties_cli.command("export")
def export(format: Annotated[Format, typer.Option("--format")] = Format.csv) -> None:
    """Print iso3, name, is_party and development_status of every country (edit, then import)."""
    with session_scope() as session:
        rows = registry.export_rows(session)
    if format is Format.yaml:
        typer.echo(yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), nl=False)
        return
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    sys.stdout.write(out.getvalue())


@parties_cli.command("import")
def import_(file: Path) -> None:
    """Set is_party and development_status from a CSV or YAML file keyed by iso3. All rows or none."""
    fmt = "yaml" if file.suffix in (".yaml", ".yml") else "csv"
    try:
        rows = registry.read_rows(file.read_text(encoding="utf-8"), fmt)
        with session_scope() as session:
            changed = registry.import_rows(session, rows, None)
    except DomainError as exc:
        raise fail(exc) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError, csv.Error) as exc:
        typer.echo(f"error: cannot read {file}: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{changed} countries changed")
