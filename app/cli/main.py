"""The `tns` command line."""

from __future__ import annotations

import typer

from app.cli import db, lint, schema, serve

cli = typer.Typer(help="Technology needs survey platform.", no_args_is_help=True, add_completion=False)
cli.command("lint")(lint.lint)
cli.add_typer(schema.cli, name="schema")
cli.command("serve")(serve.serve)
cli.add_typer(db.cli, name="db")


def main() -> None:
    cli()
