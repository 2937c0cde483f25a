"""The start page, signing in and out, and the administrator's preview of any definition."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import select

from app.api.deps import SESSION_COOKIE
from app.compiler import compile_text
from app.compiler.validate import evaluator
from app.core.errors import ForbiddenError
from app.registry.service import get_country
from app.responses.models import Respondent
from app.surveys import service as surveys
from app.users.models import Role
from app.users.service import end_session
from app.web.context import PageDep
from app.web.view import PageBuilder

router = APIRouter(include_in_schema=False)
NEXT_COOKIE = "tns_next"


@router.get("/", response_class=HTMLResponse)
def home(p: PageDep) -> HTMLResponse:
    """Signed in: the responses this person can open. Otherwise: how to sign in."""
    if p.user is None:
        return p.render("signin.html")
    links: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []  # the secretariat's dashboards
    for survey_id in surveys.survey_ids(p.session):
        compiled = surveys.compiled(surveys.latest_version(p.session, survey_id))
        title = compiled.text(compiled.spec.title, p.lang)
        if p.user.role in (Role.secretariat, Role.admin):
            results.append({"title": title, "url": f"/results/{survey_id}"})
        if p.user.role is Role.focal_point and p.user.party and compiled.spec.respondent == "party":
            name = get_country(p.session, p.user.party).names.get(p.lang, p.user.party)
            links.append({"title": title, "who": name, "url": f"/forms/{survey_id}/{p.user.party}"})
        elif p.user.role is Role.respondent:
            for r in p.session.exec(
                select(Respondent).where(Respondent.user_id == p.user.id, Respondent.survey_id == survey_id)
            ):
                links.append({"title": title, "who": r.code, "url": f"/forms/{survey_id}/{r.code}"})
    return p.render("home.html", links=links, results=results)


@router.get("/signin", response_class=HTMLResponse)
def signin(p: PageDep) -> HTMLResponse:
    return p.render("signin.html", expired=p.request.query_params.get("expired") == "1")


@router.post("/signout")
async def signout(p: PageDep) -> Response:
    if p.session_token:
        await p.form()
        end_session(p.session, p.session_token)
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/admin/preview", response_class=HTMLResponse)
def preview_form(p: PageDep) -> HTMLResponse:
    _require_admin(p)
    return p.render("preview.html", source="", diagnostics=[], fields=None)


@router.post("/admin/preview", response_class=HTMLResponse)
async def preview(p: PageDep) -> HTMLResponse:
    """Render any YAML definition, published or not, in the same renderer. Nothing is saved."""
    _require_admin(p)
    form = await p.form()
    source = str(form.get("source", ""))
    result = compile_text(source.encode("utf-8"), "preview.yaml")
    fields = section = None
    sections: list[Any] = []
    if result.survey is not None:
        survey = result.survey
        wanted = str(form.get("section", "")) or survey.sections[0].id
        section = next((s for s in survey.sections if s.id == wanted), survey.sections[0])
        lang = p.lang if p.lang in survey.languages else survey.default_language
        fields = PageBuilder(survey, {}, lang, {}, {}, evaluator(survey, {})).section(section.id)
        sections = [(s.id, survey.text(s.spec.title, lang)) for s in survey.sections]
    return p.render(
        "preview.html", source=source, diagnostics=result.diagnostics, fields=fields, section=section, sections=sections
    )


def _require_admin(p: PageDep) -> None:
    user = p.require_user()
    if user.role is not Role.admin:
        raise ForbiddenError("only administrators can preview definitions")
