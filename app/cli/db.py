"""`tns db`: database migrations (Alembic), and the registry's reference rows."""

from __future__ import annotations

import typer
from alembic.config import Config

from app.core.config import ROOT
from app.core.db import session_scope
from app.registry.service import ensure_loaded

cli = typer.Typer(help="Database migrations.", no_args_is_help=True)


def _config() -> Config:
    return Config(str(ROOT / "alembic.ini"))


def upgrade_database(revision: str = "head") -> int:
    """Migrate, then add any country of the registry data file the database lacks."""
    from alembic import command

    command.upgrade(_config(), revision)
    with session_scope() as session:
        return ensure_loaded(session)


@cli.command("upgrade")
def upgrade(revision: str = typer.Argument("head")) -> None:
    """Migrate the database (TNS_DATABASE_URL) up to REVISION (default: head) and load the registry."""
    added = upgrade_database(revision)
    if added:
        typer.echo(f"registry: {added} countries added")


@cli.command("downgrade")
def downgrade(revision: str = typer.Argument(..., help="e.g. base")) -> None:
    """Migrate the database down to REVISION."""
    from alembic import command

    command.downgrade(_config(), revision)
