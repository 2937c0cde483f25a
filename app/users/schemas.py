"""Bodies of the users and sign-in API."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.users.models import Role


class UserIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"email": "fp@example.org", "role": "focal_point", "party": "KEN"}]},
    )

    email: str = Field(max_length=320)
    role: Role
    party: str | None = Field(None, description="ISO3 code: the focal point's party, or a respondent's country")
    survey: str | None = Field(None, description="For a respondent: the individual survey they are invited to")
    name: str = Field("", max_length=200)


class UserOut(BaseModel):
    id: int
    email: str
    name: str
    role: Role
    party: str | None


class NewUserOut(BaseModel):
    user: UserOut
    token: str = Field(description="The API token, shown once: it is stored only hashed.")
    respondent: str | None = Field(None, description="The respondent code, for an individual survey")


class InvitationOut(BaseModel):
    link: str = Field(description="Single-use; signs the person in to the browser.")
    expires_at: str
