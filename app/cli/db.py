"""`tns db`: database migrations (Alembic)."""

from __future__ import annotations

import typer
from alembic.config import Config

from app.core.config import ROOT

cli = typer.Typer(help="Database migrations.", no_args_is_help=True)


def _config() -> Config:
    return Config(str(ROOT / "alembic.ini"))


@cli.command("upgrade")
def upgrade(revision: str = typer.Argument("head")) -> None:
    """Migrate the database (TNS_DATABASE_URL) up to REVISION (default: head)."""
    from alembic import command

    command.upgrade(_config(), revision)


@cli.command("downgrade")
def downgrade(revision: str = typer.Argument(..., help="e.g. base")) -> None:
    """Migrate the database down to REVISION."""
    from alembic import command

    command.downgrade(_config(), revision)
