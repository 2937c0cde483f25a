"""`tns serve`: run the web service with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from app.core.config import get_settings


def serve(
    workers: Annotated[int, typer.Option(help="uvicorn worker processes")] = 1,
    reload: Annotated[bool, typer.Option(help="Reload on code changes (development)")] = False,
) -> None:
    """Serve the API on TNS_HOST:TNS_PORT (default http://127.0.0.1:8000)."""
    import uvicorn

    settings = get_settings()
    typer.echo(f"Serving on http://{settings.host}:{settings.port} ({settings.env}, {settings.database_url})")
    uvicorn.run("app.main:app", host=settings.host, port=settings.port, workers=workers, reload=reload)
