"""Who may do what with a response. A focal point of another party is told "not found", never
given data: the existence of another party's response is not theirs to know."""

from __future__ import annotations

from app.core.errors import ForbiddenError, NotFoundError
from app.responses.target import Target
from app.users.models import Role, User


def _own(user: User, target: Target) -> bool:
    if user.role is Role.focal_point:
        return target.respondent is None and user.party == target.party
    if user.role is Role.respondent:
        return target.respondent is not None and target.respondent.user_id == user.id
    return False


def check_read(user: User, target: Target) -> None:
    if user.role in (Role.admin, Role.secretariat) or _own(user, target):
        return
    raise NotFoundError(f"no response '{target.subject}' that you can see", loc=["party"])


def check_edit(user: User, target: Target) -> None:
    """Admins and the response's own focal points or respondent; the secretariat never edits answers."""
    check_read(user, target)
    if user.role is Role.admin or _own(user, target):
        return
    raise ForbiddenError("the secretariat reviews responses but never edits a party's answers")


def check_review(user: User, target: Target) -> None:
    check_read(user, target)
    if user.role not in (Role.admin, Role.secretariat):
        raise ForbiddenError("only the secretariat reviews responses")
