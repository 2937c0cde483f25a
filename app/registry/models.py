"""The country and party registry: every UN member state and the European Union."""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Field, SQLModel

from app.core.types import JSONType, enum_type


class UNGroup(StrEnum):
    african = "african"
    asia_pacific = "asia_pacific"
    eastern_european = "eastern_european"
    grulac = "grulac"
    weog = "weog"


class DevelopmentStatus(StrEnum):
    developing = "developing"
    transition = "transition"  # economy in transition
    developed = "developed"


class CountryBase(SQLModel):
    iso3: str = Field(primary_key=True, max_length=3)
    iso2: str | None = Field(default=None, max_length=2)
    m49: str | None = Field(default=None, max_length=3)
    un_group: UNGroup | None = Field(default=None, index=True, sa_type=enum_type(UNGroup))
    m49_region: str | None = None
    m49_subregion: str | None = None
    ldc: bool = False
    lldc: bool = False
    sids: bool = False
    eu_member: bool = False
    # Administrator-edited: whether it is a Party, and its self-identified development status.
    is_party: bool = Field(default=False, index=True)
    development_status: DevelopmentStatus | None = Field(default=None, index=True, sa_type=enum_type(DevelopmentStatus))


class Country(CountryBase, table=True):
    names: dict[str, str] = Field(default_factory=dict, sa_type=JSONType)
