"""Web security: CSRF tokens bound to the browser session, and the headers every page carries."""

from __future__ import annotations

import hashlib
import hmac

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import ForbiddenError

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


def csrf_token(secret: str, session_token: str) -> str:
    """Derived from the session, so nothing is stored and every worker agrees."""
    return hmac.new(secret.encode(), b"csrf:" + session_token.encode(), hashlib.sha256).hexdigest()[:40]


def check_csrf(secret: str, session_token: str | None, sent: str | None) -> None:
    if not session_token or not sent or not hmac.compare_digest(csrf_token(secret, session_token), sent):
        raise ForbiddenError("the form has expired or did not come from this site; reload the page", code="csrf")


class SecurityHeaders:
    """Adds the Content-Security-Policy (no inline scripts) and friends to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        # The API explorer (/docs) is FastAPI's Swagger UI, which needs inline scripts and a CDN.
        headers = HEADERS[1:] if scope["path"] in ("/docs", "/redoc", "/docs/oauth2-redirect") else HEADERS

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, with_headers)
