"""`tns demo seed`: synthetic submitted responses, for trying the results pages and for benchmarks."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from app.cli.admin import fail
from app.core.config import get_settings
from app.core.errors import DomainError
from app.demo.seed import seed as seed_responses

cli = typer.Typer(help="Synthetic data for demonstrations and benchmarks.", no_args_is_help=True)


@cli.command("seed")
def seed(
    responses: Annotated[int, typer.Option("--responses", "-n", min=1, help="How many submitted responses")],
    survey: Annotated[str, typer.Option(help="The survey to fill")] = "technology-needs",
    cycle: Annotated[str | None, typer.Option(help="Default: the open cycle")] = None,
    pool: Annotated[int, typer.Option(min=1, help="Distinct answer documents to draw from")] = 2000,
    rng_seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed, the same data")] = 0,
) -> None:
    """Add N synthetic submitted responses (parties first, then stakeholders of the survey's
    individual variant). Refused in production."""
    if get_settings().env == "production":
        typer.echo("error: tns demo seed does not run with TNS_ENV=production", err=True)
        raise typer.Exit(1)
    started = time.perf_counter()

    def progress(done: int) -> None:
        if done % 10_000 == 0 or done == responses:
            typer.echo(f"  {done} responses ({time.perf_counter() - started:.0f} s)", err=True)

    try:
        result = seed_responses(survey, responses, cycle=cycle, pool=pool, rng_seed=rng_seed, progress=progress)
    except DomainError as exc:
        raise fail(exc) from exc
    typer.echo(
        f"seeded {result.responses} submitted responses ({result.facts} answer facts) "
        f"in {result.survey} cycle {result.cycle}, {time.perf_counter() - started:.1f} s"
    )
