"""The database engine and sessions: SQLite file by default (embedded), PostgreSQL in production.

The session dependency owns the transaction: services add and flush, the request commits once at
the end (before the response is sent), or rolls back on any error.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from app.core.config import get_settings

POOL_SIZE = 10


def make_engine(url: str, *, pooled: bool = True) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    if not pooled:
        return create_engine(url, poolclass=NullPool, connect_args={"options": "-c jit=off"})
    # A fixed pool: `app.api.deps` lets at most POOL_SIZE requests per worker hold a session, so no
    # request ever waits for a connection while holding a thread another request needs.
    # No JIT: it compiled the whole-survey aggregates for longer (1.3 s) than they then ran.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=POOL_SIZE,
        max_overflow=0,
        pool_timeout=60,
        connect_args={"options": "-c jit=off"},
    )


def _sqlite_engine(url: str) -> Engine:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" below start transactions
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        # Take the write lock up front: two deferred transactions that both read and then write
        # would otherwise fail with "database is locked" instead of waiting their turn. A read-only
        # transaction (see read_scope) takes no lock: in WAL mode it reads a snapshot beside writers.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("read_only") else "BEGIN IMMEDIATE")

    return engine


class _Engines:
    """One engine per database URL per process, created once even when many threads ask at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._engines: dict[str, Engine] = {}

    def __call__(self) -> Engine:
        url = get_settings().database_url
        with self._lock:
            engine = self._engines.get(url)
            if engine is None:
                engine = self._engines[url] = make_engine(url)
            return engine

    def cache_clear(self) -> None:
        with self._lock:
            self._engines.clear()


get_engine = _Engines()


@contextmanager
def session_scope() -> Iterator[Session]:
    """One transaction: committed if the block succeeds, rolled back if it raises."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


class _ReadEngines(_Engines):
    """Engines for long reads (exports), apart from the requests' pool: an export holds its
    connection for as long as it streams, and must not take one of the `POOL_SIZE` connections the
    requests admitted by `app.api.deps` count on. No pool: a connection per export, closed after."""

    def __call__(self) -> Engine:
        url = get_settings().database_url
        with self._lock:
            engine = self._engines.get(url)
            if engine is None:
                engine = self._engines[url] = make_engine(url, pooled=False)
            return engine


get_read_engine = _ReadEngines()


@contextmanager
def read_scope() -> Iterator[Session]:
    """A long read (an export) that sees one snapshot of the database and blocks no writer."""
    engine = get_read_engine()
    options: dict[str, object] = {"read_only": True}
    if engine.dialect.name == "postgresql":
        options["isolation_level"] = "REPEATABLE READ"
    with Session(engine) as session:
        session.connection(execution_options=options)
        try:
            yield session
        finally:
            session.rollback()


def ping(engine: Engine) -> str:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return engine.dialect.name
