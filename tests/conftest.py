"""Test configuration: a fresh, migrated database per run, SQLite by default, PostgreSQL when
TNS_DATABASE_URL names one (as .ci/run does). Each database test starts from a clean state: the
rows a test made are deleted after it (the registry's countries stay, reset to their defaults)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("TNS_ENV", "test")

ROOT = Path(__file__).resolve().parents[1]
BASE_URL = os.environ.get("TNS_DATABASE_URL", "")  # read once: fixtures change the variable
SHIPPED = ROOT / "survey_definitions" / "technology-needs.yaml"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of this run's own: a new PostgreSQL database, or a new SQLite file."""
    with fresh_database(tmp_path_factory) as url:
        yield url


@pytest.fixture
def scratch_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Another new, empty database, for tests that migrate up and down."""
    with fresh_database(tmp_path_factory) as url:
        yield url


@contextmanager
def fresh_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = BASE_URL
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


def _use(url: str) -> None:
    from app.core import config, db

    os.environ["TNS_DATABASE_URL"] = url
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()


@pytest.fixture(scope="session")
def migrated(database_url: str) -> Iterator[str]:
    """The run's database, migrated to head with the registry loaded."""
    previous = os.environ.get("TNS_DATABASE_URL")
    _use(database_url)
    from app.cli.db import upgrade_database

    upgrade_database()
    yield database_url
    from app.core.db import get_engine

    get_engine().dispose()
    if previous is None:
        os.environ.pop("TNS_DATABASE_URL", None)
    else:
        os.environ["TNS_DATABASE_URL"] = previous


@pytest.fixture
def settings(scratch_database_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Settings pointing at a new, empty database; caches cleared so every part sees them."""
    from app.core import config, db

    monkeypatch.setenv("TNS_DATABASE_URL", scratch_database_url)
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    yield config.get_settings()
    db.get_engine().dispose()
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()


@pytest.fixture
def db(migrated: str) -> Iterator[str]:
    """A migrated database with no rows but the registry's; cleaned after the test."""
    _use(migrated)
    yield migrated
    from sqlalchemy import update
    from sqlmodel import SQLModel

    import app.models  # noqa: F401
    from app.core.db import session_scope
    from app.registry.models import Country

    with session_scope() as session:
        for table in reversed(SQLModel.metadata.sorted_tables):
            if table.name != "country":
                session.execute(table.delete())
        session.execute(update(Country).values(is_party=False, development_status=None))
