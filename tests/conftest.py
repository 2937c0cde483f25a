"""Test configuration: a fresh, migrated database per run, SQLite by default, PostgreSQL when
TNS_DATABASE_URL names one (as .ci/run does)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("TNS_ENV", "test")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of this run's own: a new PostgreSQL database, or a new SQLite file."""
    base = os.environ.get("TNS_DATABASE_URL", "")
    if base.startswith("postgresql"):
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        name = f"tns_test_{uuid.uuid4().hex[:12]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(base).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'tns.sqlite3'}"


@pytest.fixture
def settings(database_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Settings pointing at the run's database; caches cleared so every part sees them."""
    from app.core import config, db

    monkeypatch.setenv("TNS_DATABASE_URL", database_url)
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    yield config.get_settings()
    db.get_engine().dispose()
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
