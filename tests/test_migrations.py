"""Migrations run from empty to head and back to empty, on the run's database."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect

from app.cli.db import _config
from app.core.config import Settings


@pytest.mark.db
def test_upgrade_from_empty_and_downgrade_to_empty(settings: Settings) -> None:
    from alembic import command

    config = _config()
    command.upgrade(config, "head")
    engine = create_engine(settings.database_url)
    try:
        assert "alembic_version" in inspect(engine).get_table_names()
        command.downgrade(config, "base")
        engine.dispose()
        remaining = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
    finally:
        engine.dispose()
