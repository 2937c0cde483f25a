"""The ASGI application: `app.main:app`, built by `create_app` so tests can make their own."""

from __future__ import annotations

from fastapi import FastAPI

from app.api import health
from app.core import errors
from app.surveys import endpoints as surveys


def create_app() -> FastAPI:
    app = FastAPI(
        title="Technology needs survey platform",
        summary="Minamata Convention article 14: the survey of technology needs, barriers and opportunities.",
        version="0.1.0",
    )
    errors.install(app)
    app.include_router(health.router)
    app.include_router(surveys.router)
    return app


app = create_app()
