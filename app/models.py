"""Every table, imported in one place so that SQLModel.metadata (and Alembic) sees them all."""

from app.audit.models import AuditEvent
from app.registry.models import Country
from app.responses.models import Respondent, Response, ReviewComment, Revision
from app.results.models import AnswerFact, QuestionShown
from app.surveys.models import Cycle, SurveyVersion
from app.users.models import ApiToken, Invitation, User, WebSession

__all__ = [
    "AnswerFact",
    "ApiToken",
    "AuditEvent",
    "Country",
    "Cycle",
    "Invitation",
    "QuestionShown",
    "Respondent",
    "Response",
    "ReviewComment",
    "Revision",
    "SurveyVersion",
    "User",
    "WebSession",
]
