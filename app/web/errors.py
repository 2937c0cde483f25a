"""Errors on pages: an HTML page in the person's language; no sign-in: off to /signin and back."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.api.deps import SESSION_COOKIE
from app.core.errors import wants_html
from app.web.context import SignInRequiredError, env, language_context
from app.web.home import NEXT_COOKIE
from app.web.i18n import choose_language


def render_error(request: Request, status_code: int, errors: list[dict[str, Any]]) -> Response:
    if status_code == 401:
        return _to_signin(request, expired=bool(request.cookies.get(SESSION_COOKIE)))
    html = env.get_template("error.html").render(
        **language_context(request.url.path, choose_language(request)),
        status=status_code,
        errors=errors,
        user=None,
        csrf="",
    )
    return HTMLResponse(html, status_code=status_code)


def _to_signin(request: Request, expired: bool) -> Response:
    response = RedirectResponse("/signin" + ("?expired=1" if expired else ""), status_code=303)
    if request.method == "GET":
        response.set_cookie(NEXT_COOKIE, request.url.path, max_age=3600, httponly=True, samesite="lax")
    return response


def install(app: FastAPI) -> None:
    @app.exception_handler(SignInRequiredError)
    async def _signin(request: Request, exc: SignInRequiredError) -> Response:
        if not wants_html(request):
            from fastapi.responses import JSONResponse

            body = {"errors": [{"loc": [], "code": "session_expired", "msg": "sign in again"}]}
            return JSONResponse(body, status_code=401)
        return _to_signin(request, expired=bool(request.cookies.get(SESSION_COOKIE)))
