"""Users (admin), invitation links and browser sessions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from app.api.deps import SESSION_COOKIE, Admin, CurrentUser, SessionDep, SettingsDep
from app.core.errors import NotFoundError
from app.core.types import utcnow
from app.users import service
from app.users.models import User
from app.users.schemas import InvitationOut, NewUserOut, UserIn, UserOut

router = APIRouter(tags=["users"])


@router.get("/api/v1/me", response_model=UserOut)
def me(user: CurrentUser) -> User:
    """Who the token or the session cookie belongs to."""
    return user


@router.post("/api/v1/users", response_model=NewUserOut)
def add_user(body: UserIn, session: SessionDep, admin: Admin) -> Any:
    """Create a user and their first API token (shown once) (admin)."""
    new = service.add_user(
        session, body.email, body.role, party=body.party, name=body.name, survey=body.survey, actor_id=admin.id
    )
    return {"user": new.user, "token": new.token, "respondent": new.respondent.code if new.respondent else None}


@router.post("/api/v1/users/{user_id}/invitations", response_model=InvitationOut)
def invite(user_id: int, request: Request, session: SessionDep, admin: Admin) -> InvitationOut:
    """A single-use, expiring link that signs the user in to the browser (admin)."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"no user {user_id}", loc=["user_id"])
    token = service.invite(session, user, admin.id)
    expires = (utcnow() + service.INVITATION_TTL).date().isoformat()
    return InvitationOut(link=str(request.url_for("redeem_invitation", token=token)), expires_at=expires)


@router.get("/invitations/{token}", name="redeem_invitation", include_in_schema=False)
def redeem_invitation(token: str, request: Request, session: SessionDep, settings: SettingsDep) -> RedirectResponse:
    """Open an invitation link: sign in (a session cookie) and go back to where the person was."""
    _user, session_token = service.redeem(session, token)
    back = request.cookies.get("tns_next", "/")
    local = back.startswith("/") and not back.startswith(("//", "/\\"))  # never off to another site
    response = RedirectResponse(back if local else "/", status_code=303)
    response.delete_cookie("tns_next")
    response.set_cookie(
        SESSION_COOKIE,
        session_token,
        max_age=int(service.SESSION_TTL.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.env == "production",
    )
    return response
