"""Bodies of the registry API."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.registry.models import CountryBase, DevelopmentStatus


class CountryOut(CountryBase):
    names: dict[str, str] = Field(description="Short names in the six UN languages")


class CountryUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"is_party": True, "development_status": "developing"}]}
    )

    is_party: bool | None = None
    development_status: DevelopmentStatus | None = None


class ImportOut(BaseModel):
    changed: int
