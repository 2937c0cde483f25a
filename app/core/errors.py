"""Domain errors and the one error shape every response uses: {"errors": [{loc, code, msg}]}.

Services raise `DomainError`s; `install` maps them (and FastAPI's own errors) to HTTP, in one place.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
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


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return JSONResponse(error_body(exc.payload(), **exc.extra), status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e["loc"]), "code": e["type"], "msg": e["msg"]} for e in exc.errors()]
        return JSONResponse(error_body(errors), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(
            error_body([{"loc": [], "code": code, "msg": str(exc.detail)}]), status_code=exc.status_code
        )
