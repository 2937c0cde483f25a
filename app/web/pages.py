"""The focal points' pages. Thin: the same services and the same revision rule as the API.

/forms/{survey}/{party}                    overview: status, sections and their progress
/forms/{survey}/{party}/s/{section}        one section (GET), save it (POST, no JavaScript)
/forms/{survey}/{party}/s/{section}/save   autosave from app.js (JSON answer)
/forms/{survey}/{party}/review             check your answers, then submit
/forms/{survey}/{party}/print              the whole response, for print or PDF
"""

from __future__ import annotations

import copy
import json
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from app.compiler import CompiledSurvey, validate
from app.compiler.answers import differences, has_answers
from app.compiler.validate import evaluator
from app.core.errors import ConflictError, DomainError, InvalidError
from app.registry.service import get_country
from app.responses import access, service
from app.responses.models import Response as ResponseRow
from app.responses.models import Status
from app.responses.target import resolve
from app.users.models import Role
from app.web.changes import since_previous
from app.web.context import PageDep
from app.web.fields import read_level
from app.web.notice import notice_lines
from app.web.view import PageBuilder, client_model, error_links, errors_by_loc

router = APIRouter(include_in_schema=False)


class _Form:
    """Everything about one party's response that a form page needs."""

    def __init__(self, p: PageDep, survey: str, party: str, cycle: str | None = None) -> None:
        self.p = p
        user = p.require_user()
        self.target = resolve(p.session, survey, party, cycle)
        access.check_read(user, self.target)
        self.row: ResponseRow | None = service.find(p.session, self.target)
        self.survey: CompiledSurvey = service.survey_of(p.session, self.row) if self.row else self.target.survey
        self.base = f"/forms/{survey}/{self.target.subject}"
        self.lang = p.lang if p.lang in self.survey.languages else self.survey.default_language

    @property
    def who(self) -> str:
        """The party's name in the page's language (or the respondent's code)."""
        if self.target.party and self.target.respondent is None:
            return get_country(self.p.session, self.target.party).names.get(self.lang, self.target.party)
        return self.target.subject

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.row.answers) if self.row else {}

    @property
    def revision(self) -> int:
        return self.row.revision if self.row else 0

    @property
    def status(self) -> str:
        return self.row.status.value if self.row else "not_started"

    @property
    def notice(self) -> list[dict[str, str]]:
        """What changed in the answers when the response moved to a new version (until saved or dismissed)."""
        if self.row is None or not self.editable:
            return []
        return notice_lines(self.survey, self.row.notice, self.lang, self.p.lang)

    def carried(self, section_id: str) -> str | None:
        """The earlier cycle this section's answers were carried over from, until confirmed or changed."""
        carried = (self.row.carried if self.row else None) or {}
        return str(carried.get("from", "")) or None if section_id in carried.get("sections", []) else None

    def settle(self, section_id: str) -> None:
        """A save of a section's page confirms its carried-over answers (kept or changed)."""
        if self.carried(section_id):
            self.row = service.confirm_sections(self.p.session, self.target, [section_id])

    @property
    def editable(self) -> bool:
        user = self.p.user
        own = user is not None and (user.role is Role.admin or user.role in (Role.focal_point, Role.respondent))
        return own and self.status in ("not_started", "draft", "returned")

    def comments(self) -> dict[tuple[str | int, ...], list[str]]:
        out: dict[tuple[str | int, ...], list[str]] = {}
        if self.row is not None and self.row.status is Status.returned:
            for c in service.comments(self.p.session, self.row):
                out.setdefault(tuple(c.loc), []).append(c.text)
        return out

    def comment_links(self) -> list[tuple[str, str]]:
        """(href, "Question: comment") for every comment of a returned response, so that none is
        missed, even one on a question a later version renamed or removed."""
        by_loc = {loc: " / ".join(texts) for loc, texts in self.comments().items()}
        return error_links(self.survey, by_loc, self.lang, self.base)

    def builder(self, answers: dict[str, Any], errors: dict[Any, str], item: str | None = None) -> PageBuilder:
        ev = evaluator(self.survey, answers)
        return PageBuilder(self.survey, answers, self.lang, errors, self.comments(), ev, item)

    def loop_of(self, section_id: str) -> Any:
        """The loop of a section, if it has one (each of its iterations gets a page of its own)."""
        section = next(s for s in self.survey.sections if s.id == section_id)
        return next(
            (self.survey.questions[q] for q in section.questions if self.survey.questions[q].type == "loop"), None
        )

    def progress(self) -> list[dict[str, Any]]:
        """Each section with its state: complete, in progress, not started, or not applicable."""
        ev = evaluator(self.survey, self.answers)
        problems = {str(e.loc[0]) for e in validate(self.survey, self.answers, "submit").errors if e.loc}
        out = []
        for i, s in enumerate(self.survey.sections):
            ids = set(s.questions)
            answered = has_answers(s, self.answers)
            if not ev.section_visible(s.id):
                state = "not_applicable"
            elif not answered:
                state = "not_started"
            else:
                state = "in_progress" if ids & problems else "complete"
            out.append(
                {
                    "id": s.id,
                    "n": i + 1,
                    "title": self.survey.text(s.spec.title, self.lang),
                    "state": state,
                    "url": f"{self.base}/s/{s.id}",
                }
            )
        return out

    def render(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return self.p.render(
            template,
            status_code,
            form=self,
            survey=self.survey,
            sections=self.progress(),
            survey_title=self.survey.text(self.survey.spec.title, self.lang),
            **context,
        )


def _section(f: _Form, section_id: str) -> Any:
    for i, s in enumerate(f.survey.sections):
        if s.id == section_id:
            return i, s
    raise DomainError(f"no section '{section_id}'", code="not_found")


def _iterations(f: _Form, section_id: str, builder: PageBuilder, item: str | None) -> tuple[list[Any], str | None]:
    """[(code, label, url, current)] of the section's loop, and the iteration to show."""
    loop = f.loop_of(section_id)
    if loop is None:
        return [], None
    codes = builder.iterations(loop)
    if not codes:
        return [], None
    item = item if item in codes else codes[0]
    source = f.survey.questions[loop.over or ""]
    labels = {o.code: f.survey.text(o.label, f.lang) for o in source.options}
    return [(c, labels[c], f"{f.base}/s/{section_id}?item={c}", c == item) for c in codes], item


def _after(f: _Form, section_id: str, item: str | None) -> str:
    """Where "Save and continue" goes: the loop's next iteration, else the next section, else review."""
    iterations, item = _iterations(f, section_id, f.builder(f.answers, {}), item)
    codes = [c for c, *_ in iterations]
    if item in codes and codes.index(item) + 1 < len(codes):
        return str(iterations[codes.index(item) + 1][2])
    index, _ = _section(f, section_id)
    sections = f.survey.sections
    return f"{f.base}/s/{sections[index + 1].id}" if index + 1 < len(sections) else f"{f.base}/review"


def _render_section(
    f: _Form,
    section_id: str,
    answers: dict[str, Any],
    errors: list[dict[str, Any]],
    status_code: int = 200,
    item: str | None = None,
    **context: Any,
) -> HTMLResponse:
    index, section = _section(f, section_id)
    by_loc = errors_by_loc(errors)
    builder = f.builder(answers, by_loc)  # one evaluation of the answers serves the whole page
    iterations, builder.item = _iterations(f, section_id, builder, item)
    fields = builder.section(section_id)
    sections = f.survey.sections
    return f.render(
        "section.html",
        status_code,
        section=section,
        index=index,
        fields=fields,
        summary=error_links(f.survey, by_loc, f.lang, f.base, section_id, builder.item),
        section_title=f.survey.text(section.spec.title, f.lang),
        description=f.survey.text(section.spec.description, f.lang),
        previous=f"{f.base}/s/{sections[index - 1].id}" if index > 0 else None,
        next=f"{f.base}/s/{sections[index + 1].id}" if index + 1 < len(sections) else f"{f.base}/review",
        iterations=iterations,
        action=f"{f.base}/s/{section_id}" + (f"?item={builder.item}" if builder.item else ""),
        answers_json=answers,
        model_json=client_model(f.survey),
        **context,
    )


@router.get("/forms/{survey}/{party}", response_class=HTMLResponse)
def overview(survey: str, party: str, p: PageDep) -> HTMLResponse:
    f = _Form(p, survey, party)
    return f.render("overview.html")


@router.get("/forms/{survey}/{party}/s/{section_id}", response_class=HTMLResponse)
def section_page(survey: str, party: str, section_id: str, p: PageDep, item: str | None = None) -> HTMLResponse:
    f = _Form(p, survey, party)
    return _render_section(f, section_id, f.answers, [], item=item)


async def _posted(f: _Form, section_id: str) -> tuple[FormData, dict[str, Any], int | None]:
    form = await f.p.form()
    _index, section = _section(f, section_id)
    answers = read_level(f.survey, section.questions, form, (), f.answers)
    raw = str(form.get("revision", "")).strip()
    return form, answers, int(raw) if raw.isdigit() else None


def _save(f: _Form, answers: dict[str, Any], revision: int | None) -> service.Saved:
    user = f.p.require_user()
    access.check_edit(user, f.target)
    return service.save_draft(f.p.session, f.target, answers, revision, user, lang=f.lang)


@router.post("/forms/{survey}/{party}/s/{section_id}", response_class=HTMLResponse)
async def save_section(survey: str, party: str, section_id: str, p: PageDep, item: str | None = None) -> Response:
    """Save the section (the no-JavaScript path), then go on, or add or remove a table row."""
    f = _Form(p, survey, party)
    form, answers, revision = await _posted(f, section_id)
    action = str(form.get("action", "save"))
    answers = _table_action(f, answers, action)
    try:
        _save(f, answers, revision if f.row else None)
    except InvalidError as exc:
        return _render_section(f, section_id, answers, exc.payload(), 422, item=item)
    except ConflictError as exc:
        if exc.code != "stale_revision":
            raise
        return _conflict(f, section_id, answers)
    f.row = service.find(p.session, f.target)
    f.settle(section_id)
    here = f"{f.base}/s/{section_id}" + (f"?item={item}&" if item else "?")
    if action == "continue":
        target = _after(f, section_id, item)
    elif action.startswith(("add_row:", "remove_row:")):
        target = f"{here}#f-{action.split(':')[1].replace('.', '-')}".replace("?#", "#").replace("&#", "#")
    else:
        target = f"{here}saved=1"
    return RedirectResponse(target, status_code=303)


def _table_action(f: _Form, answers: dict[str, Any], action: str) -> dict[str, Any]:
    """Add or remove a row of a table: `add_row:NAME` or `remove_row:NAME:INDEX`, where NAME is the
    table's field name (`projects`, or `sector_needs.asgm.projects` inside a loop)."""
    kind, _, rest = action.partition(":")
    if kind not in ("add_row", "remove_row"):
        return answers
    name, _, index = rest.partition(":")
    *path, table = name.split(".")
    q = f.survey.questions.get(table)
    if q is None or q.type != "table" or len(path) % 2:
        return answers
    out = copy.deepcopy(answers)
    level: Any = out
    for loop_id, code in zip(path[::2], path[1::2], strict=True):  # into the loop iteration
        level = level.setdefault(loop_id, {}).setdefault(code, {})
    rows = list(level.get(table) or [])
    if kind == "add_row":
        rows.append({})
    elif index.isdigit() and int(index) < len(rows):
        rows.pop(int(index))
    if rows:
        level[table] = rows
    else:
        level.pop(table, None)
    return out


def _conflict(f: _Form, section_id: str, mine: dict[str, Any]) -> HTMLResponse:
    """Someone saved meanwhile: show what differs and let the person keep theirs or take the other."""
    current = service.get(f.p.session, f.target)
    rows = []
    for loc, my_value, their_value in differences(f.survey, mine, current.answers):
        q = f.survey.questions.get(str(loc[-1]).removesuffix("_other"))
        title = (
            f.survey.text(q.spec.title, f.lang) if q is not None and getattr(q.spec, "title", None) else str(loc[-1])
        )
        rows.append({"loc": " / ".join(str(x) for x in loc), "title": title, "mine": my_value, "theirs": their_value})
    return f.render("conflict.html", 409, section_id=section_id, rows=rows, mine=mine, current=current.revision)


@router.post("/forms/{survey}/{party}/s/{section_id}/keep-mine", response_class=HTMLResponse)
async def keep_mine(survey: str, party: str, section_id: str, p: PageDep) -> Response:
    """After a conflict: save my version over the newer one, knowingly (it becomes a new revision)."""
    f = _Form(p, survey, party)
    form = await p.form()
    try:
        mine = json.loads(str(form.get("mine", "{}")))
    except json.JSONDecodeError:
        raise InvalidError("the form was damaged; go back and save again", code="invalid_form") from None
    raw = str(form.get("revision", ""))
    try:  # against the revision the comparison showed: a save made since then is a new conflict
        _save(f, mine if isinstance(mine, dict) else {}, int(raw) if raw.isdigit() else None)
    except ConflictError as exc:
        if exc.code != "stale_revision" or not isinstance(mine, dict):
            raise
        return _conflict(f, section_id, mine)
    return RedirectResponse(f"{f.base}/s/{section_id}?saved=1", status_code=303)


@router.post("/forms/{survey}/{party}/s/{section_id}/save")
async def autosave(survey: str, party: str, section_id: str, p: PageDep) -> JSONResponse:
    """Autosave from app.js: the same save, answered in JSON (409 carries what differs)."""
    f = _Form(p, survey, party)
    _form, answers, revision = await _posted(f, section_id)
    try:
        row = _save(f, answers, revision if f.row else None)
    except InvalidError as exc:
        return JSONResponse({"errors": exc.payload()}, status_code=422)
    except ConflictError as exc:
        if exc.code != "stale_revision":
            raise
        current = service.get(p.session, f.target)
        diff = [
            {"loc": list(loc), "mine": a, "theirs": b} for loc, a, b in differences(f.survey, answers, current.answers)
        ]
        body = {"errors": exc.payload(), "current_revision": current.revision, "differences": diff, "mine": answers}
        return JSONResponse(body, status_code=409)
    f.settle(section_id)
    return JSONResponse({"revision": row.revision, "status": row.status.value})


@router.post("/forms/{survey}/{party}/s/{section_id}/confirm")
async def confirm_section(survey: str, party: str, section_id: str, p: PageDep) -> Response:
    """The focal point has checked the section's carried-over answers: they still hold."""
    f = _Form(p, survey, party)
    await p.form()  # checks the CSRF token
    access.check_edit(p.require_user(), f.target)
    _section(f, section_id)
    service.confirm_sections(p.session, f.target, [section_id])
    return RedirectResponse(_after(f, section_id, None), status_code=303)


@router.post("/forms/{survey}/{party}/notice/dismiss")
async def dismiss_notice(survey: str, party: str, p: PageDep) -> Response:
    """The focal point has read what changed in their answers with the new version."""
    f = _Form(p, survey, party)
    await p.form()  # checks the CSRF token
    access.check_edit(p.require_user(), f.target)
    service.dismiss_notice(p.session, f.target)
    return RedirectResponse(f.base, status_code=303)


@router.get("/forms/{survey}/{party}/review", response_class=HTMLResponse)
def review(survey: str, party: str, p: PageDep) -> HTMLResponse:
    f = _Form(p, survey, party)
    return _render_review(f, [])


def _render_review(f: _Form, errors: list[dict[str, Any]], status_code: int = 200) -> HTMLResponse:
    by_loc = errors_by_loc(errors)
    builder = f.builder(f.answers, by_loc)
    ev = builder.evaluator
    sections = [
        (s, f.survey.text(s.spec.title, f.lang), builder.section(s.id))
        for s in f.survey.sections
        if ev.section_visible(s.id)
    ]
    summary = error_links(f.survey, by_loc, f.lang, f.base)
    since = since_previous(f.p.session, f.survey, f.target.cycle, f.target.subject, f.lang) if f.row else None
    return f.render("review.html", status_code, review_sections=sections, summary=summary, since=since)


@router.post("/forms/{survey}/{party}/submit", response_class=HTMLResponse)
async def submit(survey: str, party: str, p: PageDep) -> Response:
    f = _Form(p, survey, party)
    form = await p.form()
    user = p.require_user()
    access.check_edit(user, f.target)
    reviewed = str(form.get("revision", ""))
    if f.row is None:  # nothing saved yet: say everything that is missing
        errors = [e.as_dict(f.survey, f.lang) for e in validate(f.survey, {}, "submit").errors]
        return _render_review(f, errors, 422)
    try:
        service.submit(p.session, f.target, user, int(reviewed) if reviewed.isdigit() else f.revision, lang=f.lang)
    except InvalidError as exc:
        return _render_review(f, exc.payload(), 422)
    return RedirectResponse(f"{f.base}/confirmation", status_code=303)


@router.get("/forms/{survey}/{party}/confirmation", response_class=HTMLResponse)
def confirmation(survey: str, party: str, p: PageDep) -> HTMLResponse:
    f = _Form(p, survey, party)
    return f.render("confirmation.html", party_name=f.who)


@router.get("/forms/{survey}/{party}/print", response_class=HTMLResponse)
def print_view(survey: str, party: str, p: PageDep) -> HTMLResponse:
    f = _Form(p, survey, party)
    builder = f.builder(f.answers, {})
    sections = [
        (s, f.survey.text(s.spec.title, f.lang), builder.section(s.id))
        for s in f.survey.sections
        if builder.evaluator.section_visible(s.id)
    ]
    return f.render("print.html", review_sections=sections)
