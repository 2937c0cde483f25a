"""Secrets handed to people (API tokens, invitation links, session cookies): random, stored hashed.

A token is 32 random bytes; the database keeps only its SHA-256, so a leaked database reveals no
usable token. (A slow hash is for guessable passwords; these are not guessable.)
"""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
