"""The `tns` command line."""

from __future__ import annotations

import typer

from app.cli import admin, db, demo, dev, export, lint, schema, serve, survey_diff

cli = typer.Typer(help="Technology needs survey platform.", no_args_is_help=True, add_completion=False)
cli.command("lint")(lint.lint)
cli.add_typer(schema.cli, name="schema")
cli.command("serve")(serve.serve)
cli.add_typer(db.cli, name="db")
cli.add_typer(admin.users_cli, name="users")
admin.survey_cli.command("diff")(survey_diff.survey_diff)
cli.add_typer(admin.survey_cli, name="survey")
cli.add_typer(admin.cycle_cli, name="cycle")
cli.add_typer(admin.parties_cli, name="parties")
cli.add_typer(dev.cli, name="dev")
cli.command("export")(export.export)
cli.add_typer(demo.cli, name="demo")


def main() -> None:
    cli()
