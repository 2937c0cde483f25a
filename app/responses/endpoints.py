"""The responses API. Thin: resolve the target, check access, call the service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi import Response as HTTPResponse
from fastapi.concurrency import run_in_threadpool
from sqlmodel import Session

from app.api.deps import CurrentUser, Reviewer, SessionDep, bearer_token, current_user
from app.core.errors import InvalidError, NotFoundError
from app.responses import access, service
from app.responses.models import Response
from app.responses.schemas import (
    CommentOut,
    ConfirmBody,
    ResponseOut,
    ResponseSummary,
    ReturnBody,
    RevisionOut,
    SaveBody,
    SavedOut,
)
from app.responses.target import Target, resolve, resolve_signed_in
from app.surveys.service import compiled_by_id, get_cycle

router = APIRouter(prefix="/api/v1/surveys/{survey}/responses", tags=["responses"])

CycleQ = Annotated[str | None, Query(description="Cycle code (default: the open cycle).")]
LangQ = Annotated[str | None, Query(description="Language of error messages (default: the survey's first).")]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Not allowed (role), or the cycle is closed"},
    404: {"description": "No such survey, cycle or party, or not yours to see"},
}


def target(survey: str, party: str, session: SessionDep, cycle: CycleQ = None) -> Target:
    return resolve(session, survey, party, cycle)


TargetDep = Annotated[Target, Depends(target)]


def parse_if_match(value: str | None) -> int | None:
    if value is None or value.strip() == "":
        return None
    raw = value.strip().removeprefix("W/").strip('"')
    if not raw.isdigit():
        raise InvalidError(f"If-Match must be a revision number, not '{value}'", loc=["header", "If-Match"])
    return int(raw)


IfMatch = Annotated[str | None, Header(alias="If-Match", description="The revision you edited, e.g. 3.")]


def view(session: SessionDep, t: Target, response: Response | None, http: HTTPResponse | None = None) -> ResponseOut:
    if http is not None:
        http.headers["ETag"] = f'"{response.revision if response else 0}"'
    base = {"survey": t.cycle.survey_id, "cycle": t.cycle.code, "subject": t.subject, "party": t.party}
    if response is None:
        return ResponseOut(**base, status="not_started", revision=0, version=t.sha256, answers={})
    comments = [CommentOut.model_validate(c, from_attributes=True) for c in service.comments(session, response)]
    return ResponseOut(
        **base,
        status=response.status.value,
        revision=response.revision,
        version=_pinned(session, t, response.version_id),
        answers=response.answers,
        created_at=response.created_at,
        updated_at=response.updated_at,
        submitted_at=response.submitted_at,
        returned_at=response.returned_at,
        accepted_at=response.accepted_at,
        comments=comments,
        notice=response.notice,
        carried_over=response.carried,
    )


def _pinned(session: SessionDep, t: Target, version_id: int) -> str:
    """The sha256 of the version a response is answered against."""
    return t.sha256 if version_id == t.cycle.version_id else compiled_by_id(session, version_id)[0]


@router.get("", response_model=list[ResponseSummary], responses=ERRORS)
def list_responses(survey: str, session: SessionDep, user: Reviewer, cycle: CycleQ = None) -> Any:
    """Every response of the cycle with its status, revision and dates (secretariat)."""
    return service.list_for_cycle(session, get_cycle(session, survey, cycle))


@router.get("/{party}", response_model=ResponseOut, responses=ERRORS)
def read_response(t: TargetDep, session: SessionDep, user: CurrentUser, http: HTTPResponse) -> ResponseOut:
    """The response with its status, current revision (also as ETag) and answers."""
    access.check_read(user, t)
    return view(session, t, service.find(session, t), http)


@router.put(
    "/{party}",
    response_model=SavedOut,
    responses={
        **ERRORS,
        409: {"description": "Stale revision: someone saved meanwhile (body has current_revision)"},
        422: {"description": "Answers of the wrong type or format: every error, with loc"},
        428: {"description": "The response exists but no If-Match was sent"},
    },
)
async def save_response(
    survey: str,
    party: str,
    body: SaveBody,
    request: Request,
    session: SessionDep,
    http: HTTPResponse,
    if_match: IfMatch = None,
    lang: LangQ = None,
    cycle: CycleQ = None,
) -> SavedOut:
    """Save a draft as a new revision. The first save sends no If-Match; every later one names the
    revision it was based on. The answer is short (autosave is the hottest path): read the
    response back with GET when needed."""
    # The same steps as the dependencies of the other routes (target, then user), in one worker
    # thread instead of one each (a trip to the thread pool costs about 0.1 ms of CPU), and an
    # API token's user read with the target, in one query.
    return await run_in_threadpool(_save, survey, party, cycle, body, request, session, http, if_match, lang)


def _save(
    survey: str,
    party: str,
    cycle: str | None,
    body: SaveBody,
    request: Request,
    session: Session,
    http: HTTPResponse,
    if_match: str | None,
    lang: str | None,
) -> SavedOut:
    t, user = resolve_signed_in(session, survey, party, cycle, bearer_token(request))
    if user is None:  # a cookie; or the token is not valid: the usual check and its 401
        user = current_user(request, session)
    access.check_edit(user, t)
    saved = service.save_draft(session, t, body.answers, parse_if_match(if_match), user, lang=lang)
    http.headers["ETag"] = f'"{saved.revision}"'
    return SavedOut(
        survey=t.cycle.survey_id,
        cycle=t.cycle.code,
        subject=t.subject,
        party=t.party,
        status=saved.status.value,
        revision=saved.revision,
        version=_pinned(session, t, saved.version_id),
        updated_at=saved.updated_at,
    )


@router.post("/{party}/submit", response_model=ResponseOut, responses={**ERRORS, 409: {}, 422: {}})
def submit_response(
    t: TargetDep,
    session: SessionDep,
    user: CurrentUser,
    http: HTTPResponse,
    if_match: IfMatch = None,
    lang: LangQ = None,
) -> ResponseOut:
    """Submit after full validation; on 422 every error is listed and the draft is unchanged."""
    access.check_edit(user, t)
    response = service.submit(session, t, user, parse_if_match(if_match), lang=lang)
    return view(session, t, response, http)


@router.post("/{party}/return", response_model=ResponseOut, responses={**ERRORS, 409: {}})
def return_response(t: TargetDep, body: ReturnBody, session: SessionDep, user: CurrentUser) -> ResponseOut:
    """Return a submission for changes, with comments attached to question ids (secretariat)."""
    access.check_review(user, t)
    comments = [(c.loc, c.text) for c in body.comments]
    return view(session, t, service.return_for_changes(session, t, user, comments, body.message))


@router.post("/{party}/accept", response_model=ResponseOut, responses={**ERRORS, 409: {}})
def accept_response(t: TargetDep, session: SessionDep, user: CurrentUser) -> ResponseOut:
    """Accept a submission (secretariat)."""
    access.check_review(user, t)
    return view(session, t, service.accept(session, t, user))


@router.delete("/{party}/notice", status_code=204, responses=ERRORS)
def dismiss_notice(t: TargetDep, session: SessionDep, user: CurrentUser) -> None:
    """Dismiss the notice of what changed when the response moved to a new version."""
    access.check_edit(user, t)
    service.dismiss_notice(session, t)


@router.post("/{party}/confirm", response_model=ResponseOut, responses=ERRORS)
def confirm_carried(t: TargetDep, body: ConfirmBody, session: SessionDep, user: CurrentUser) -> ResponseOut:
    """Confirm sections whose answers were carried over from an earlier cycle (checked, still true)."""
    access.check_edit(user, t)
    return view(session, t, service.confirm_sections(session, t, body.sections))


@router.get("/{party}/revisions", response_model=list[RevisionOut], responses=ERRORS)
def list_revisions(t: TargetDep, session: SessionDep, user: CurrentUser) -> list[RevisionOut]:
    """Every saved revision: number, author and time (answers at .../revisions/{number})."""
    access.check_read(user, t)
    response = service.get(session, t)
    return [
        RevisionOut(number=r.number, author=a, created_at=r.created_at) for r, a in service.revisions(session, response)
    ]


@router.get("/{party}/revisions/{number}", response_model=RevisionOut, responses=ERRORS)
def read_revision(t: TargetDep, number: int, session: SessionDep, user: CurrentUser) -> RevisionOut:
    access.check_read(user, t)
    for r, author in service.revisions(session, service.get(session, t)):
        if r.number == number:
            return RevisionOut(
                number=r.number, author=author, created_at=r.created_at, answers=r.answers, migration=r.migration
            )
    raise NotFoundError(f"no revision {number}", loc=["number"])
