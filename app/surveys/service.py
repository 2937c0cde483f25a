"""Published survey versions and cycles.

A version is the compiled definition as published, identified by the sha256 of its YAML source:
publishing identical content again changes nothing. Compiled surveys are cached by that hash, so a
worker never holds anything that can go stale.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.audit.service import record
from app.compiler import CompiledSurvey, Diagnostic, compile_text
from app.compiler.diff import Touched, touched
from app.compiler.migrate import Migration, plan
from app.core.errors import ConflictError, ForbiddenError, InvalidError, NotFoundError
from app.responses.models import Response, answers_of_record
from app.surveys.migration import Migrated, cycles_to_move, move_cycles
from app.surveys.models import Cycle, SurveyVersion

_cache_lock = threading.Lock()
_cache: OrderedDict[str, CompiledSurvey] = OrderedDict()  # sha256 -> compiled; versions never change
_CACHE_SIZE = 32


def _compile(sha256: str, source: str) -> CompiledSurvey:
    with _cache_lock:
        if sha256 in _cache:
            return _cache[sha256]
    result = compile_text(source, "published")
    if result.survey is None:  # pragma: no cover - only valid definitions are ever published
        raise RuntimeError(f"published version {sha256} no longer compiles")
    with _cache_lock:
        _cache[sha256] = result.survey
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return result.survey


def compiled(version: SurveyVersion) -> CompiledSurvey:
    return _compile(version.sha256, version.source)


def compiled_by_id(session: Session, version_id: int) -> tuple[str, CompiledSurvey]:
    """(sha256, compiled survey) of a version, reading its source only when it is not cached yet."""
    sha256 = session.execute(select(SurveyVersion.sha256).where(SurveyVersion.id == version_id)).scalar_one()
    return sha256, compiled_survey(session, version_id, sha256)


def compiled_survey(session: Session, version_id: int, sha256: str) -> CompiledSurvey:
    """The compiled survey of a version whose sha256 is known, reading its source only when not cached."""
    with _cache_lock:
        cached = _cache.get(sha256)
    if cached is not None:
        return cached
    source = session.execute(select(SurveyVersion.source).where(SurveyVersion.id == version_id)).scalar_one()
    return _compile(sha256, source)


@dataclass(frozen=True, slots=True)
class Published:
    version: SurveyVersion  # not stored on a dry run
    created: bool  # False when identical content was already published (or on a dry run)
    previous: SurveyVersion | None = None  # the latest version before, compared with
    changes: list[Touched] = field(default_factory=list)  # the diff, with the answers each change touches
    matched: dict[str, str] = field(default_factory=dict)
    moved: list[str] = field(default_factory=list)  # the cycles moved to the new version
    migrated: list[Migrated] = field(default_factory=list)  # the responses moved with them
    dry_run: bool = False

    def diff_json(self) -> dict[str, Any] | None:
        if self.previous is None:
            return None
        changes = [{**t.change.as_json(), "documents": t.documents, "answers": t.answers} for t in self.changes]
        breaking = sum(1 for t in self.changes if t.change.breaking)
        return {
            "old": self.previous.sha256,
            "new": self.version.sha256,
            "summary": {"changes": len(changes), "breaking": breaking},
            "changes": changes,
            "matched": self.matched,
        }


def _diagnostics(diagnostics: Sequence[Diagnostic]) -> list[dict[str, Any]]:
    return [
        {"loc": [d.location.file, d.location.line, d.location.column], "code": d.code, "msg": d.message}
        for d in diagnostics
    ]


def publish(session: Session, source: bytes, file: str, actor_id: int | None, *, dry_run: bool = False) -> Published:
    """Store a definition as an immutable version; refuse one with errors (every error listed).

    The new version is compared with the latest published one: a breaking change that touches
    stored answers (any cycle, any status) and that the new version's mapping does not cover is
    refused (409, one error per change). Then the cycles still open move to the new version, and
    their draft and returned responses with them (app/surveys/migration.py), in this transaction.
    """
    result = compile_text(source, file)
    if result.survey is None:
        errors = _diagnostics(result.errors)
        raise InvalidError(f"{file} has {len(errors)} error(s)", errors=errors)
    existing = session.exec(select(SurveyVersion).where(SurveyVersion.sha256 == result.sha256)).first()
    if existing is not None:
        return Published(existing, created=False, dry_run=dry_run)
    version = SurveyVersion(
        survey_id=result.survey.id,
        sha256=result.sha256,
        source=source.decode("utf-8"),
        definition=result.survey.spec.model_dump(mode="json", exclude_none=True, by_alias=True),
        published_by=actor_id,
    )
    previous = session.exec(
        select(SurveyVersion).where(SurveyVersion.survey_id == result.survey.id).order_by(col(SurveyVersion.id).desc())
    ).first()
    migration: Migration | None = None
    changes: list[Touched] = []
    if previous is not None:
        migration, changes = _check_change(session, previous, result.survey, file)
    report = Published(
        version,
        created=not dry_run,
        previous=previous,
        changes=changes,
        matched=dict(migration.diff.matched) if migration else {},
        dry_run=dry_run,
    )
    # A dry run does all of it in a savepoint and rolls it back: the report is the real one.
    savepoint = session.begin_nested()
    try:
        session.add(version)
        session.flush()
    except IntegrityError:  # published by someone else at the same moment: same content, same version
        savepoint.rollback()
        existing = session.exec(select(SurveyVersion).where(SurveyVersion.sha256 == result.sha256)).one()
        return Published(existing, created=False)
    record(session, "survey.publish", f"{version.survey_id}@{version.sha256[:12]}", actor_id, file=file)
    if previous is not None and migration is not None:
        cycles = cycles_to_move(session, version.survey_id, previous.id or 0)
        compiled_of = lambda version_id: compiled_by_id(session, version_id)[1]  # noqa: E731
        migrated = move_cycles(session, migration, cycles, version, actor_id, compiled_of)
        for cycle in cycles:
            record(session, "cycle.move", f"{cycle.survey_id}/{cycle.code}", actor_id, version=version.sha256)
        report = replace(report, moved=[c.code for c in cycles], migrated=migrated)
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return report


def _check_change(
    session: Session, previous: SurveyVersion, new: CompiledSurvey, file: str
) -> tuple[Migration, list[Touched]]:
    """The diff from the previous version, weighed against the answers given to it."""
    old = compiled(previous)
    migration = plan(old, new)
    if migration.problems:
        errors = _diagnostics(migration.problems)
        raise InvalidError(f"{file}: the mapping does not fit the previous version", errors=errors)
    documents = _stored_answers(session, previous)
    changes = touched(migration.diff, old, documents)
    uncovered = migration.uncovered(changes)
    if uncovered:
        raise ConflictError(
            f"{file}: {len(uncovered)} breaking change(s) touch stored answers and the mapping does not cover them",
            code="breaking_change",
            errors=_diagnostics(uncovered),
        )
    return migration, changes


def _stored_answers(session: Session, previous: SurveyVersion) -> list[Any]:
    """Every stored response of the survey, in the previous version's ids and codes: those pinned
    to earlier versions too (submissions stay on the version they answered), carried forward, since
    their answers reach the new version when they are returned, and their facts when cycles move."""
    from app.surveys.carry import Chain  # carry builds on this module

    chain = Chain(session, previous.survey_id, previous.id or 0)
    rows = session.execute(
        select(col(Response.version_id), answers_of_record())
        .join(Cycle, col(Cycle.id) == col(Response.cycle_id))
        .where(col(Cycle.survey_id) == previous.survey_id, col(Response.version_id) <= previous.id)
    ).all()
    return [doc if version == previous.id else chain.carry(version, doc or {})[0] for version, doc in rows]


def list_versions(session: Session, survey_id: str) -> Sequence[SurveyVersion]:
    query = select(SurveyVersion).where(SurveyVersion.survey_id == survey_id).order_by(col(SurveyVersion.id))
    versions = session.exec(query).all()
    if not versions:
        raise NotFoundError(f"no survey '{survey_id}'", loc=["survey"])
    return versions


def latest_version(session: Session, survey_id: str) -> SurveyVersion:
    return list_versions(session, survey_id)[-1]


def get_version(session: Session, survey_id: str, ref: str) -> SurveyVersion:
    """A version by id or by (a prefix of at least 8 characters of) its sha256."""
    for version in list_versions(session, survey_id):
        if ref == str(version.id) or (len(ref) >= 8 and version.sha256.startswith(ref)):
            return version
    raise NotFoundError(f"survey '{survey_id}' has no version '{ref}'", loc=["version"])


def survey_ids(session: Session) -> list[str]:
    return list(session.exec(select(SurveyVersion.survey_id).distinct().order_by(SurveyVersion.survey_id)).all())


def open_cycle(
    session: Session,
    survey_id: str,
    code: str,
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    actor_id: int | None,
    version_ref: str | None = None,
) -> Cycle:
    """Open a cycle of a survey on its latest (or a named) version; refuses a cycle code used before."""
    if opens_on and closes_on and closes_on < opens_on:
        raise InvalidError("a cycle cannot close before it opens", loc=["closes"], code="invalid_dates")
    version = get_version(session, survey_id, version_ref) if version_ref else latest_version(session, survey_id)
    if session.exec(select(Cycle).where(Cycle.survey_id == survey_id, Cycle.code == code)).first():
        raise ConflictError(f"survey '{survey_id}' already has a cycle '{code}'", loc=["cycle"], code="cycle_exists")
    cycle = Cycle(survey_id=survey_id, code=code, version_id=version.id or 0, opens_on=opens_on, closes_on=closes_on)
    session.add(cycle)
    session.flush()
    record(
        session,
        "cycle.open",
        f"{survey_id}/{code}",
        actor_id,
        version=version.sha256,
        opens=str(opens_on),
        closes=str(closes_on),
    )
    return cycle


def list_cycles(session: Session, survey_id: str) -> Sequence[Cycle]:
    return session.exec(select(Cycle).where(Cycle.survey_id == survey_id).order_by(col(Cycle.id))).all()


def get_cycle(session: Session, survey_id: str, code: str | None, today: dt.date | None = None) -> Cycle:
    """The named cycle; without a name, the cycle open today (the latest one, if none is open)."""
    return pick_cycle(list_cycles(session, survey_id), survey_id, code, today)


def pick_cycle(cycles: Sequence[Cycle], survey_id: str, code: str | None, today: dt.date | None = None) -> Cycle:
    """`get_cycle`'s rule applied to a survey's cycles, in the order they were opened."""
    if code is not None:
        for cycle in cycles:
            if cycle.code == code:
                return cycle
        raise NotFoundError(f"survey '{survey_id}' has no cycle '{code}'", loc=["cycle"])
    if not cycles:
        raise NotFoundError(f"survey '{survey_id}' has no cycle yet", loc=["cycle"])
    today = today or dt.date.today()
    open_now = [c for c in cycles if c.is_open(today)]
    return (open_now or cycles)[-1]


def require_open(cycle: Cycle, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    if not cycle.is_open(today):
        window = f"{cycle.opens_on or 'the start'} to {cycle.closes_on or 'no end'}"
        raise ForbiddenError(
            f"cycle '{cycle.code}' is not open today ({today}); it is open from {window}",
            loc=["cycle"],
            code="cycle_closed",
        )


def definition_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file())
