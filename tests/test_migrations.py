"""Migrations: from empty to head and back to empty, and the models agree with them."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import app.models  # noqa: F401  (every table)
from app.cli.db import _config
from app.core.config import Settings

pytestmark = pytest.mark.db


def test_upgrade_from_empty_and_downgrade_to_empty(settings: Settings) -> None:
    from alembic import command

    config = _config()
    command.upgrade(config, "head")
    engine = create_engine(settings.database_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert {"response", "revision", "survey_version", "cycle", "country", "user"} <= tables
        command.downgrade(config, "base")
        engine.dispose()
        assert set(inspect(engine).get_table_names()) - {"alembic_version"} == set()
        command.upgrade(config, "head")  # and up again: nothing was left behind by the downgrade
    finally:
        command.downgrade(config, "base")
        engine.dispose()


def test_models_and_migrations_agree(settings: Settings) -> None:
    from alembic import command

    config = _config()
    command.upgrade(config, "head")
    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        assert diff == []
    finally:
        command.downgrade(config, "base")
        engine.dispose()
