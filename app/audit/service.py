"""Write to the audit log, in the caller's transaction (so an action and its record land together)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.audit.models import AuditEvent


def record(session: Session, action: str, target: str, actor_id: int | None, **detail: Any) -> None:
    session.add(AuditEvent(action=action, target=target, actor_id=actor_id, detail=detail))
