"""Who has responded: per party, and totals by UN regional group and development status."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlmodel import Session, col, select

from app.registry.models import Country
from app.responses.models import Response
from app.surveys.models import Cycle
from app.surveys.service import compiled_by_id
from app.users.models import Role, User

STATES = ("not_started", "draft", "submitted", "returned", "accepted")


def coverage(session: Session, cycle: Cycle) -> dict[str, Any]:
    """Parties are the registry's Parties, plus any country invited (a focal point) or responding."""
    responses = {r.subject: r for r in session.exec(select(Response).where(Response.cycle_id == cycle.id))}
    by_party = compiled_by_id(session, cycle.version_id)[1].spec.respondent == "party"
    focal_points = select(User.party).where(User.role == Role.focal_point, col(User.party).is_not(None))
    invited = set(session.exec(focal_points).all()) if by_party else set()
    rows: list[dict[str, Any]] = []
    for c in session.exec(select(Country).order_by(col(Country.iso3))) if by_party else ():
        r = responses.get(c.iso3)
        if not (c.is_party or c.iso3 in invited or r is not None):
            continue
        rows.append(
            {
                "party": c.iso3,
                "name": c.names.get("en", c.iso3),
                "is_party": c.is_party,
                "un_group": c.un_group.value if c.un_group else None,
                "development_status": c.development_status.value if c.development_status else None,
                "invited": c.iso3 in invited,
                "status": r.status.value if r else "not_started",
                "started_at": r.created_at.isoformat() if r else None,
                "submitted_at": r.submitted_at.isoformat() if r and r.submitted_at else None,
                "returned_at": r.returned_at.isoformat() if r and r.returned_at else None,
                "accepted_at": r.accepted_at.isoformat() if r and r.accepted_at else None,
            }
        )
    others = [s for s in responses if s not in {row["party"] for row in rows}]  # individual respondents
    for subject in sorted(others):
        r = responses[subject]
        rows.append(
            {
                "party": r.party,
                "respondent": subject,
                "status": r.status.value,
                "started_at": r.created_at.isoformat(),
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            }
        )
    responded = ("submitted", "accepted")

    def totals(key: str) -> list[dict[str, Any]]:
        counts: Counter[tuple[Any, Any]] = Counter((row.get(key), row["status"]) for row in rows if "name" in row)
        groups = sorted({g for g, _ in counts}, key=str)
        return [
            {key: g, **{s: counts[(g, s)] for s in STATES}, "total": sum(counts[(g, s)] for s in STATES)}
            for g in groups
        ]

    return {
        "survey": cycle.survey_id,
        "cycle": cycle.code,
        "parties": rows,
        "by_un_group": totals("un_group"),
        "by_development_status": totals("development_status"),
        "not_responded": [row["party"] for row in rows if "name" in row and row["status"] not in responded],
    }
