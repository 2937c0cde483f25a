"""The ASGI application: `app.main:app`, built by `create_app` so tests can make their own."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.api import health
from app.core import errors
from app.core.limits import BodyLimit
from app.registry import endpoints as registry
from app.responses import endpoints as responses
from app.results import endpoints as results
from app.surveys import endpoints as surveys
from app.users import endpoints as users
from app.web import dashboard, home, pages
from app.web import errors as web_errors
from app.web.security import SecurityHeaders

DESCRIPTION = """
The REST API of the survey of technology needs, barriers and opportunities (Minamata Convention on
Mercury, article 14). Authenticate with `Authorization: Bearer <token>` (`tns users add` prints one).
Errors always have one shape: `{"errors": [{"loc": [...], "code": "...", "msg": "..."}]}`.
"""
STATIC = Path(__file__).parent / "web" / "static"


def create_app() -> FastAPI:
    app = FastAPI(title="Technology needs survey platform", description=DESCRIPTION, version="0.1.0")
    errors.install(app, html=web_errors.render_error)
    web_errors.install(app)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    for module in (health, surveys, registry, responses, results, users, home, pages, dashboard):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


app = create_app()
