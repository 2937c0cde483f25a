"""Secrets handed to people (API tokens, invitation links, session cookies): random, stored hashed.

A token is 32 random bytes; the database keeps only its SHA-256, so a leaked database reveals no
usable token. (A slow hash is for guessable passwords; these are not guessable.)
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from app.core.errors import ForbiddenError


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_token(secret: str, session_token: str) -> str:
    """Derived from the browser session, so nothing is stored and every worker agrees."""
    return hmac.new(secret.encode(), b"csrf:" + session_token.encode(), hashlib.sha256).hexdigest()[:40]


def check_csrf(secret: str, session_token: str | None, sent: str | None) -> None:
    if not session_token or not sent or not hmac.compare_digest(csrf_token(secret, session_token), sent):
        raise ForbiddenError("the form has expired or did not come from this site; reload the page", code="csrf")
