"""The health check."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.core.db import get_engine, ping

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> Any:
    """200 when the database answers, 503 when it does not."""
    try:
        dialect = ping(get_engine())
    except Exception as exc:  # the database is down or unreachable: say so, do not crash
        body = {"status": "error", "database": "unreachable", "detail": type(exc).__name__}
        return JSONResponse(body, status_code=503)
    return {"status": "ok", "database": dialect}
