"""Building blocks for database tests: users with tokens, a published survey with an open cycle."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass

from app.core.db import session_scope
from app.surveys import service as surveys
from app.users import service as users
from app.users.models import Role
from tests.conftest import SHIPPED


@dataclass(frozen=True)
class Person:
    email: str
    token: str
    role: Role
    party: str | None = None
    respondent: str | None = None

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def person(role: Role, party: str | None = None, *, survey: str | None = None, email: str | None = None) -> Person:
    email = email or f"{role.value}.{party or 'x'}.{dt.datetime.now().timestamp()}@example.org".lower()
    with session_scope() as session:
        new = users.add_user(session, email, role, party=party, survey=survey)
        code = new.respondent.code if new.respondent else None
    return Person(email, new.token, role, party, code)


def publish(
    source: bytes | None = None, cycle: str = "2026", *, opens: dt.date | None = None, closes: dt.date | None = None
) -> str:
    """Publish a definition (default: the shipped survey) and open a cycle; returns the survey id."""
    with session_scope() as session:
        published = surveys.publish(session, source or SHIPPED.read_bytes(), "test.yaml", None)
        survey_id = published.version.survey_id
        surveys.open_cycle(session, survey_id, cycle, opens, closes, None)
    return survey_id


SMALL = textwrap.dedent(
    """\
    id: small
    title: Small survey
    sections:
      - id: s
        title: S
        questions:
          - {id: name, type: text, title: Name, required: true}
          - {id: count, type: integer, title: Count, min: 0}
          - {id: sectors, type: multiple_choice, title: Sectors, options: [{code: asgm, label: ASGM}, {code: waste, label: Waste}]}
    """
).encode()


def shipped_sections() -> list[str]:
    """The section ids of the shipped survey, in order."""
    from app.compiler import compile_file

    survey = compile_file(SHIPPED).survey
    assert survey is not None
    return [s.id for s in survey.sections]


STAKEHOLDERS = SMALL.replace(b"id: small\n", b"id: stakeholders\nrespondent: individual\n")
