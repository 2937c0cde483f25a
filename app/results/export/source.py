"""What an export reads: the responses of a cycle, one at a time from the database (a server-side
cursor on PostgreSQL), with their party's attributes and the version each was answered against.

A submitted or accepted response is exported as its submission recorded it (the answers that
applied); a draft or returned one as its latest revision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from sqlalchemy import Integer, and_, case, cast, func, literal, select, type_coerce
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import Text
from sqlmodel import Session, col

from app.compiler import CompiledSurvey
from app.compiler.migrate import DROPPED, NOT_CARRIED
from app.core.types import JSONType
from app.registry.models import Country
from app.responses.models import Response, answers_of_record
from app.results.export.layout import Path
from app.surveys.carry import Chain
from app.surveys.models import Cycle, SurveyVersion
from app.surveys.service import compiled_by_id

META = (
    "subject",
    "party",
    "party_name",
    "un_group",
    "development_status",
    "status",
    "revision",
    "version",
    "submitted_at",
    "accepted_at",
    "updated_at",
)
# In spreadsheets the response's own columns start with "_" (as in KoboToolbox): a question id never
# does, so they cannot clash with an answer's column (the shipped survey asks `development_status`).
COLUMNS = tuple(f"_{name}" for name in META)
BATCH = 500


@dataclass(frozen=True, slots=True)
class Version:
    id: int
    sha256: str
    published_at: dt.datetime
    survey: CompiledSurvey


@dataclass(frozen=True, slots=True)
class Selection:
    """Which responses: a cycle's (by id, with the version in use), in some statuses."""

    survey_id: str
    cycle: str
    cycle_id: int
    version_id: int
    statuses: tuple[str, ...]
    lang: str | None = None

    @classmethod
    def of(cls, cycle: Cycle, statuses: Sequence[str], lang: str | None) -> Selection:
        return cls(cycle.survey_id, cycle.code, cycle.id or 0, cycle.version_id, tuple(statuses), lang)

    def where(self) -> Any:
        return and_(col(Response.cycle_id) == self.cycle_id, col(Response.status).in_(self.statuses))


def versions(session: Session, selection: Selection) -> list[Version]:
    """The versions the selected responses were answered against, the cycle's version first."""
    used = session.execute(select(col(Response.version_id)).distinct().where(selection.where())).scalars()
    ids = sorted({selection.version_id, *used}, key=lambda i: (i != selection.version_id, -i))
    out = []
    for vid in ids:
        published = session.execute(
            select(col(SurveyVersion.published_at)).where(col(SurveyVersion.id) == vid)
        ).scalar_one()
        sha, survey = compiled_by_id(session, vid)
        out.append(Version(vid, sha, published, survey))
    return out


def table_rows(session: Session, selection: Selection, paths: Sequence[Path]) -> dict[Path, int]:
    """The most rows any selected response has in each table (the wide layout's columns)."""
    if not paths:
        return {}
    doc = answers_of_record()
    lengths = []
    for path in paths:
        if session.get_bind().dialect.name == "postgresql":
            at = doc.op("#>")(cast(literal([str(k) for k in path], ARRAY(Text)), ARRAY(Text)))
            lengths.append(func.max(case((func.jsonb_typeof(at) == "array", func.jsonb_array_length(at)))))
        else:
            json_path = "$" + "".join('."' + str(k).replace('"', "") + '"' for k in path)
            lengths.append(func.max(cast(func.json_array_length(doc, json_path), Integer)))
    row = session.execute(select(*lengths).select_from(Response).where(selection.where())).one()
    return {path: int(n or 0) for path, n in zip(paths, row, strict=True)}


def responses(session: Session, selection: Selection) -> Iterator[tuple[dict[str, Any], Any]]:
    """(meta, answers document) of each selected response, by subject, streamed in batches."""
    stmt = (
        select(
            col(Response.subject),
            col(Response.party),
            col(Country.names),
            col(Country.un_group),
            col(Country.development_status),
            col(Response.status),
            col(Response.revision),
            col(SurveyVersion.sha256),
            col(Response.submitted_at),
            col(Response.accepted_at),
            col(Response.updated_at),
            type_coerce(answers_of_record(), JSONType),
        )
        .join(SurveyVersion, col(SurveyVersion.id) == col(Response.version_id))
        .outerjoin(Country, col(Country.iso3) == col(Response.party))
        .where(selection.where())
        .order_by(col(Response.subject))
        .execution_options(yield_per=BATCH)
    )
    lang = selection.lang or "en"
    for r in session.execute(stmt):
        names = r[2] or {}
        meta = {
            "subject": r[0],
            "party": r[1],
            "party_name": names.get(lang) or names.get("en"),
            "un_group": _plain(r[3]),
            "development_status": _plain(r[4]),
            "status": _plain(r[5]),
            "revision": r[6],
            "version": r[7],
            "submitted_at": _time(r[8]),
            "accepted_at": _time(r[9]),
            "updated_at": _time(r[10]),
        }
        yield meta, r[11]


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def _time(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


class Merge:
    """Answers of earlier versions in the version in use, for the layouts that have columns.

    A response answered against an earlier version is carried through each later version's
    renames, recodes and mapping, as drafts are when a version is published; what the version in
    use no longer asks stays under its old id (a column of the earlier version), so that an export
    loses nothing. `away` is what lives on under another id or code (it gets no column of its own).
    One chain of plans serves both.
    """

    def __init__(self, session: Session, selection: Selection, found: Sequence[Version]) -> None:
        self.current = found[0].id
        self.ids = {v.sha256: v.id for v in found}
        self.chain: Chain | None = None
        self.away: frozenset[tuple[str, str]] = frozenset()
        if len(found) > 1:
            chain = self.chain = Chain(session, selection.survey_id, self.current)
            earlier = [v.id for v in found[1:] if v.id < self.current]
            self.away = frozenset().union(*(chain.merged_away(v) for v in earlier))

    def __call__(self, sha: str, doc: Any) -> Any:
        version = self.ids.get(sha, self.current)
        if self.chain is None or version >= self.current or not isinstance(doc, dict):
            return doc
        carried, reports = self.chain.carry(version, doc)
        for report in reports:
            for item in report.items:
                if item.outcome in (DROPPED, NOT_CARRIED) and item.new_loc is None:
                    _put(carried, item.loc, item.before)
        return carried


def _put(doc: dict[str, Any], loc: Sequence[str | int], value: Any) -> None:
    """Put an answer back where it was (a loop iteration or table row is made if it is missing)."""
    node: Any = doc
    for key, after in pairwise(loc):
        if isinstance(node, dict):
            node = node.setdefault(key, [] if isinstance(after, int) else {})
        elif isinstance(node, list) and isinstance(key, int):
            while len(node) <= key:
                node.append({})
            node = node[key]
        else:
            return
    if isinstance(node, dict):
        node.setdefault(loc[-1], value)
