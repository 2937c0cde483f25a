"""Domain errors and the one error shape every response uses: {"errors": [{loc, code, msg}]}.

Services raise `DomainError`s; `install` maps them (and FastAPI's own errors) to HTTP, in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException


class DomainError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        msg: str,
        *,
        loc: list[str | int] | None = None,
        errors: list[dict[str, Any]] | None = None,
        code: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(msg)
        self.msg = msg
        self.loc = loc or []
        self.errors = errors
        if code is not None:
            self.code = code
        self.extra = extra or {}

    def payload(self) -> list[dict[str, Any]]:
        return self.errors or [{"loc": self.loc, "code": self.code, "msg": self.msg}]


class NotFoundError(DomainError):
    status_code = 404
    code = "not_found"


class InvalidError(DomainError):
    status_code = 422
    code = "invalid"


class UnauthorizedError(DomainError):
    status_code = 401
    code = "unauthorized"


class ForbiddenError(DomainError):
    status_code = 403
    code = "forbidden"


class ConflictError(DomainError):
    status_code = 409
    code = "conflict"


class PreconditionRequiredError(DomainError):
    status_code = 428
    code = "precondition_required"


class PayloadTooLargeError(DomainError):
    status_code = 413
    code = "payload_too_large"


def error_body(errors: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"errors": errors, **extra}


HtmlRenderer = Callable[[Request, int, list[dict[str, Any]]], Response]


def wants_html(request: Request) -> bool:
    """Pages get an HTML error page; the API (and app.js, which asks for JSON) the JSON shape."""
    path = request.url.path
    accept = request.headers.get("accept", "")
    return not path.startswith(("/api/", "/healthz", "/invitations/")) and "application/json" not in accept


def install(app: FastAPI, html: HtmlRenderer | None = None) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        if html is not None and wants_html(request):
            return html(request, exc.status_code, exc.payload())
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return JSONResponse(error_body(exc.payload(), **exc.extra), status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e["loc"]), "code": e["type"], "msg": e["msg"]} for e in exc.errors()]
        return JSONResponse(error_body(errors), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        if html is not None and wants_html(request):
            return html(request, exc.status_code, [{"loc": [], "code": code, "msg": str(exc.detail)}])
        return JSONResponse(
            error_body([{"loc": [], "code": code, "msg": str(exc.detail)}]), status_code=exc.status_code
        )
