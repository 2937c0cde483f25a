"""Dependencies shared by the routes, as Annotated aliases.

`SessionDep` owns the transaction of a request: it commits after the route returns and before the
response is sent (scope="function"), so a client never sees a success that was not stored.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import anyio
import anyio.to_thread
from fastapi import Depends, Request
from sqlmodel import Session

from app.core.config import Settings, get_settings
from app.core.db import POOL_SIZE, get_engine
from app.core.errors import ForbiddenError, UnauthorizedError
from app.core.security import check_csrf
from app.users.models import Role, User
from app.users.service import user_for_session, user_for_token

SESSION_COOKIE = "tns_session"

SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_session() -> AsyncIterator[Session]:
    """A session whose transaction ends (commit, or rollback on error) in a worker thread.

    Opening it needs no thread: a Session does no I/O until its first statement, which runs in
    the thread of the route or dependency that uses it. A sync generator here would cost two
    trips to the thread pool per request (enter and exit), each about 0.1 ms of CPU; this costs
    one. The end runs outside the thread pool's capacity limit, as FastAPI does for sync
    generators: a request holding a connection must never wait for a thread to give it back.
    """
    session = Session(get_engine(), expire_on_commit=False)
    try:
        yield session
    except BaseException:
        await anyio.to_thread.run_sync(_end, session, False, limiter=anyio.CapacityLimiter(1))
        raise
    await anyio.to_thread.run_sync(_end, session, True, limiter=anyio.CapacityLimiter(1))


def _end(session: Session, commit: bool) -> None:
    with session:
        if commit:
            session.commit()
        else:
            session.rollback()


# At most POOL_SIZE requests of a worker hold a session (a connection) at once; the others wait
# without taking a thread. Without this cap, requests holding connections wait for threads held by
# requests waiting for connections: a deadlock under load (fastapi/fastapi#3205).
SessionDep = Annotated[Session, Depends(get_session, scope="function", max_concurrency=POOL_SIZE)]


def current_user(request: Request, session: SessionDep) -> User:
    """The user of a bearer token (API clients) or of the session cookie (browsers)."""
    token = bearer_token(request)
    if token is not None:
        return user_for_token(session, token)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        if request.method not in ("GET", "HEAD", "OPTIONS"):  # a browser's cookie: prove the page is ours
            check_csrf(get_settings().secret_key, cookie, request.headers.get("x-csrf-token"))
        return user_for_session(session, cookie)
    raise UnauthorizedError("sign in: send 'Authorization: Bearer <token>' or open your invitation link")


CurrentUser = Annotated[User, Depends(current_user)]


def bearer_token(request: Request) -> str | None:
    """The token of `Authorization: Bearer <token>`, which takes precedence over a cookie."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def require_roles(*roles: Role):  # type: ignore[no-untyped-def]
    def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise ForbiddenError(f"this needs the role {' or '.join(r.value for r in roles)}")
        return user

    return check


Admin = Annotated[User, Depends(require_roles(Role.admin))]
Reviewer = Annotated[User, Depends(require_roles(Role.admin, Role.secretariat))]
