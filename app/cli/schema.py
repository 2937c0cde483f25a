"""`tns schema`: JSON Schemas for editors (the definition language) and for responses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from app.compiler import compile_file
from app.compiler.schemas import definition_schema, response_schema

cli = typer.Typer(help="Print JSON Schemas.", no_args_is_help=True)


def _print(schema: dict[str, Any]) -> None:
    typer.echo(json.dumps(schema, ensure_ascii=False, indent=2))


@cli.command("definition")
def definition() -> None:
    """The JSON Schema of the YAML definition language (for yaml-language-server)."""
    _print(definition_schema())


@cli.command("response")
def response(file: Annotated[Path, typer.Argument(help="A survey definition file")]) -> None:
    """The JSON Schema of an answers document to the survey in FILE."""
    result = compile_file(file)
    if result.survey is None:
        for d in result.errors:
            typer.echo(d.format_line(), err=True)
        raise typer.Exit(1)
    _print(response_schema(result.survey))
