"""What every page needs: the signed-in person, the language, the templates and the CSRF token."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlmodel import Session

from app.api.deps import SESSION_COOKIE, SessionDep
from app.compiler.spec import LANGUAGES
from app.core.config import get_settings
from app.core.errors import UnauthorizedError
from app.users.models import User
from app.users.service import user_for_session
from app.web.i18n import LANG_COOKIE, NAMES, RTL, choose_language, gettext_for
from app.web.security import check_csrf, csrf_token

TEMPLATES = Path(__file__).with_name("templates")
env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


class SignInRequiredError(Exception):
    """A page needs a signed-in person; the handler sends them to /signin and back afterwards."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


@dataclass(slots=True)
class Page:
    request: Request
    session: Session
    user: User | None
    lang: str
    session_token: str | None

    @property
    def csrf(self) -> str:
        return csrf_token(get_settings().secret_key, self.session_token or "")

    def require_user(self) -> User:
        if self.user is None:
            raise SignInRequiredError(self.request.url.path)
        return self.user

    async def form(self) -> Any:
        """The posted form, after checking its CSRF token (every state-changing post has one)."""
        form = await self.request.form(max_fields=5000)
        sent = form.get("csrf") or self.request.headers.get("x-csrf-token")
        check_csrf(get_settings().secret_key, self.session_token, str(sent) if sent else None)
        return form

    def render(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(
            **language_context(self.request.url.path, self.lang),
            user=self.user,
            csrf=self.csrf,
            request=self.request,
            **context,
        )
        response = HTMLResponse(html, status_code=status_code)
        if self.request.query_params.get("lang") == self.lang:
            response.set_cookie(LANG_COOKIE, self.lang, max_age=365 * 86400, samesite="lax", httponly=True)
        return response


def language_context(path: str, lang: str) -> dict[str, Any]:
    """What every template needs for its language: the translator, the direction, the switch."""
    return {
        "_": gettext_for(lang),
        "lang": lang,
        "dir": "rtl" if lang in RTL else "ltr",
        "languages": [(code, NAMES[code], f"{path}?{urlencode({'lang': code})}") for code in LANGUAGES],
    }


def page(request: Request, session: SessionDep) -> Page:
    token = request.cookies.get(SESSION_COOKIE)
    user = None
    if token:
        try:
            user = user_for_session(session, token)
        except UnauthorizedError:
            token = None
    return Page(request, session, user, choose_language(request), token)


PageDep = Annotated[Page, Depends(page)]
