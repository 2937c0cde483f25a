"""Domain errors and the one error shape every response uses: {"errors": [{loc, code, msg}]}.

Services raise `DomainError`s; `install` maps them (and FastAPI's own validation errors) to HTTP.
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
    ):
        super().__init__(msg)
        self.msg = msg
        self.loc = loc or []
        self.errors = errors

    def payload(self) -> list[dict[str, Any]]:
        return self.errors or [{"loc": self.loc, "code": self.code, "msg": self.msg}]


class NotFoundError(DomainError):
    status_code = 404
    code = "not_found"


class InvalidError(DomainError):
    status_code = 422
    code = "invalid"


def error_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"errors": errors}


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(error_body(exc.payload()), status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e["loc"]), "code": e["type"], "msg": e["msg"]} for e in exc.errors()]
        return JSONResponse(error_body(errors), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(
            error_body([{"loc": [], "code": code, "msg": str(exc.detail)}]),
            status_code=exc.status_code,
        )
