"""The baseline of the autosave benchmark: a bare FastAPI endpoint that inserts one row.

`PUT /bare/{party}` takes the same body as the real save (`{"answers": {...}}`, the full answers
document, parsed and validated by pydantic as `dict[str, Any]`) and inserts one row (party, JSON
payload, time) into `bench_bare`, in the database named by TNS_DATABASE_URL, through an engine
made by `app.core.db.make_engine` (same pool, same SQLite pragmas). Like the real route it is a
plain `def`, so it runs in FastAPI's thread pool and commits before answering.

Run: `TNS_DATABASE_URL=... python -m uvicorn bench.bare_app:app --workers 2` (bench/autosave.py does).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, insert, text

from app.core.config import get_settings
from app.core.db import make_engine
from app.core.types import JSONType, UTCDateTime, utcnow

metadata = MetaData()
bench_bare = Table(
    "bench_bare",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("party", String(32), nullable=False, index=True),
    Column("payload", JSONType, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)


class Body(BaseModel):
    """The real endpoint's body (app.responses.schemas.SaveBody): same shape, same parsing."""

    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Any]


@lru_cache
def engine() -> Engine:
    return make_engine(get_settings().database_url)


def create_table(db: Engine) -> None:
    """Create `bench_bare` if missing. Workers start together: on PostgreSQL an advisory lock makes
    them take turns (two concurrent CREATE TABLEs of the same name fail); SQLite's engine takes the
    write lock at BEGIN already."""
    with db.begin() as conn:
        if db.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('bench_bare'))"))
        metadata.create_all(conn, checkfirst=True)


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    create_table(engine())
    yield
    engine().dispose()


app = FastAPI(title="bare insert baseline", lifespan=lifespan)


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.put("/bare/{party}")
def save(party: str, body: Body) -> dict[str, Any]:
    with engine().begin() as conn:
        row_id = conn.execute(
            insert(bench_bare).values(party=party, payload=body.answers, created_at=utcnow()).returning(bench_bare.c.id)
        ).scalar_one()
    return {"party": party, "id": row_id}
