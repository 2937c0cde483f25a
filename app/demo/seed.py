"""`tns demo seed`: fill a cycle with synthetic submitted responses, as the real lifecycle leaves them
(response, first revision, submitted record, answer facts and what was shown), in bulk.

Up to the number of countries without a response, each response is a party's. Beyond, the survey's
stakeholder variant is used (the same questions with `respondent: individual`, published as
`<survey>-stakeholders`), with one invited respondent per response: that is how a survey meets
many thousands of respondents.

Documents come from a pool (by default 2,000 distinct ones, each generated and checked by the real
validator) that responses draw from at random: generating 100,000 documents one by one would take
longer than storing them, and a pool of that size keeps every distribution realistic.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from sqlalchemy import insert, select, text
from sqlmodel import Session, col

from app.compiler import CompiledSurvey, validate
from app.core.db import session_scope
from app.core.errors import NotFoundError
from app.core.types import utcnow
from app.demo.answers import Generator, repaired
from app.registry.models import Country
from app.responses.models import Respondent, Response, Revision, Status
from app.results.facts import facts_of
from app.results.models import AnswerFact, QuestionShown
from app.surveys import service as surveys
from app.surveys.models import Cycle
from app.users import service as users
from app.users.models import Role, User

BATCH = 500
SEED_USER = "demo.seed@example.org"


@dataclass(frozen=True, slots=True)
class Seeded:
    survey: str
    cycle: str
    responses: int
    facts: int


@dataclass(frozen=True, slots=True)
class _Pooled:
    answers: dict[str, Any]
    record: dict[str, Any]
    facts: list[dict[str, Any]]
    shown: list[tuple[str, str, str]]


def seed(
    survey_id: str,
    count: int,
    *,
    cycle: str | None = None,
    pool: int = 2000,
    rng_seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> Seeded:
    rng = random.Random(rng_seed)
    with session_scope() as session:
        c = surveys.get_cycle(session, survey_id, cycle)
        taken = set(session.execute(select(col(Response.subject)).where(col(Response.cycle_id) == c.id)).scalars())
        free = sorted(set(session.execute(select(col(Country.iso3))).scalars()) - taken)
        compiled = surveys.compiled_by_id(session, c.version_id)[1]
        if compiled.spec.respondent == "party" and count > len(free):
            c, compiled = _stakeholder_cycle(session, c)
        author = _seed_user(session, c.survey_id)
        cycle_id, version_id, code = c.id or 0, c.version_id, c.code
        subjects: list[tuple[str, str | None, int | None]]
        if compiled.spec.respondent == "party":
            subjects = [(iso3, iso3, None) for iso3 in rng.sample(free, count)]
        else:
            subjects = _respondents(session, c.survey_id, author, rng, count, sorted(free) or [None])
    documents = _pool(compiled, min(pool, count), rng)
    facts = 0
    for start in range(0, count, BATCH):
        with session_scope() as session:
            facts += _store(session, cycle_id, version_id, author, subjects[start : start + BATCH], documents, rng)
        if progress:
            progress(min(start + BATCH, count))
    with session_scope() as session:  # a bulk load: give the planner its statistics now
        session.execute(text("ANALYZE"))
    return Seeded(compiled.id, code, count, facts)


def _pool(survey: CompiledSurvey, size: int, rng: random.Random) -> list[_Pooled]:
    generator = Generator(survey, rng)
    out: list[_Pooled] = []
    while len(out) < size:
        doc, ok = repaired(survey, generator.document(len(out)))
        if ok:
            record = validate(survey, doc, "submit").record
            facts, shown = facts_of(survey, record)
            out.append(_Pooled(doc, record, facts, list(dict.fromkeys(shown))))
    return out


def _store(
    session: Session,
    cycle_id: int,
    version_id: int,
    author: int,
    subjects: list[tuple[str, str | None, int | None]],
    documents: list[_Pooled],
    rng: random.Random,
) -> int:
    now = utcnow()
    chosen = [rng.choice(documents) for _ in subjects]
    rows = []
    for (subject, party, respondent), doc in zip(subjects, chosen, strict=True):
        accepted = rng.random() < 0.15
        submitted = now - dt.timedelta(days=rng.randint(1, 60), seconds=rng.randint(0, 86_400))
        rows.append(
            {
                "cycle_id": cycle_id,
                "subject": subject,
                "party": party,
                "respondent_id": respondent,
                "version_id": version_id,
                "status": (Status.accepted if accepted else Status.submitted).value,
                "revision": 1,
                "answers": doc.answers,
                "record": doc.record,
                "created_at": submitted - dt.timedelta(days=rng.randint(0, 30)),
                "updated_at": submitted,
                "submitted_at": submitted,
                "accepted_at": submitted + dt.timedelta(days=3) if accepted else None,
            }
        )
    ids = (
        session.execute(insert(Response).returning(col(Response.id), sort_by_parameter_order=True), rows)
        .scalars()
        .all()
    )
    session.execute(
        insert(Revision),
        [
            {"response_id": i, "number": 1, "answers": d.answers, "author_id": author, "created_at": r["created_at"]}
            for i, d, r in zip(ids, chosen, rows, strict=True)
        ],
    )
    facts = [{"response_id": i, **f} for i, d in zip(ids, chosen, strict=True) for f in d.facts]
    if facts:
        session.execute(insert(AnswerFact), facts)
    shown = [
        {"response_id": i, "question_id": q, "loop_code": c, "row_key": r}
        for i, d in zip(ids, chosen, strict=True)
        for q, c, r in d.shown
    ]
    if shown:
        session.execute(insert(QuestionShown), shown)
    return len(facts)


def _stakeholder_cycle(session: Session, party_cycle: Cycle) -> tuple[Cycle, CompiledSurvey]:
    """The stakeholder variant of a party survey, published, with a cycle of the same code open."""
    source = surveys.get_version(session, party_cycle.survey_id, str(party_cycle.version_id)).source
    definition = yaml.safe_load(source)
    definition["id"] = f"{definition['id']}-stakeholders"
    definition["respondent"] = "individual"
    text = yaml.safe_dump(definition, allow_unicode=True, sort_keys=False)
    published = surveys.publish(session, text.encode(), "stakeholders.yaml", None)
    survey_id = published.version.survey_id
    try:
        c = surveys.get_cycle(session, survey_id, party_cycle.code)
    except NotFoundError:
        c = surveys.open_cycle(session, survey_id, party_cycle.code, party_cycle.opens_on, party_cycle.closes_on, None)
    return c, surveys.compiled_by_id(session, c.version_id)[1]


def _seed_user(session: Session, survey_id: str) -> int:
    """The author of every seeded revision (and the invited user behind seeded respondents)."""
    user = session.execute(select(User).where(col(User.email) == SEED_USER)).scalars().first()
    if user is None:
        user = users.add_user(session, SEED_USER, Role.respondent, survey=survey_id, name="Synthetic data").user
    return user.id or 0


def _respondents(
    session: Session, survey_id: str, user: int, rng: random.Random, count: int, countries: list[str | None]
) -> list[tuple[str, str | None, int | None]]:
    run = secrets.token_hex(3).upper()
    rows: list[dict[str, Any]] = [
        {"code": f"S{run}{i:07d}", "survey_id": survey_id, "user_id": user, "country": rng.choice(countries)}
        for i in range(count)
    ]
    out: list[tuple[str, str | None, int | None]] = []
    for start in range(0, count, 5000):
        chunk = rows[start : start + 5000]
        ids = (
            session.execute(insert(Respondent).returning(col(Respondent.id), sort_by_parameter_order=True), chunk)
            .scalars()
            .all()
        )
        out += [(r["code"], r["country"], i) for r, i in zip(chunk, ids, strict=True)]
    return out
