"""The registry: loaded from the project's own data file, parties marked by administrators."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, select

from app.audit.service import record
from app.compiler.spec import LANGUAGES
from app.core.errors import InvalidError, NotFoundError
from app.registry.models import Country, DevelopmentStatus, UNGroup

DATA_FILE = Path(__file__).with_name("countries.csv")
LANGS = LANGUAGES
EDITABLE = ("is_party", "development_status")
FILTERS = ("un_group", "development_status", "ldc", "lldc", "sids", "is_party")


def _reference_rows() -> list[dict[str, str]]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ensure_loaded(session: Session) -> int:
    """Add every country of the data file that the database lacks; never touch edited attributes.

    Returns how many were added.
    """
    have = set(session.exec(select(Country.iso3)).all())
    added = 0
    for row in _reference_rows():
        if row["iso3"] in have:
            continue
        session.add(
            Country(
                iso3=row["iso3"],
                iso2=row["iso2"] or None,
                m49=row["m49"] or None,
                un_group=UNGroup(row["un_group"]) if row["un_group"] else None,
                m49_region=row["m49_region"] or None,
                m49_subregion=row["m49_subregion"] or None,
                ldc=row["ldc"] == "true",
                lldc=row["lldc"] == "true",
                sids=row["sids"] == "true",
                eu_member=row["eu_member"] == "true",
                names={lang: row[f"name_{lang}"] for lang in LANGS},
            )
        )
        added += 1
    session.flush()
    return added


def get_country(session: Session, iso3: str) -> Country:
    country = session.get(Country, iso3.upper())
    if country is None:
        raise NotFoundError(f"no country or party '{iso3}' in the registry", loc=["party"])
    return country


def list_countries(session: Session, filters: dict[str, Any] | None = None) -> Sequence[Country]:
    query = select(Country).order_by(Country.iso3)
    for name, value in (filters or {}).items():
        if value is not None:
            query = query.where(getattr(Country, name) == value)
    return session.exec(query).all()


def _parse_bool(value: Any, where: list[str | int]) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "x"):
        return True
    if text in ("false", "no", "0", ""):
        return False
    raise InvalidError(f"'{value}' is not true or false", loc=where, code="invalid_boolean")


def _parse_status(value: Any, where: list[str | int]) -> DevelopmentStatus | None:
    if value in (None, ""):
        return None
    try:
        return DevelopmentStatus(str(value).strip())
    except ValueError:
        allowed = ", ".join(s.value for s in DevelopmentStatus)
        raise InvalidError(f"'{value}' is not one of {allowed}", loc=where, code="invalid_status") from None


def update_country(session: Session, iso3: str, changes: dict[str, Any], actor_id: int | None) -> Country:
    country = get_country(session, iso3)
    before = {k: getattr(country, k) for k in EDITABLE}
    if "is_party" in changes:
        country.is_party = _parse_bool(changes["is_party"], ["is_party"])
    if "development_status" in changes:
        country.development_status = _parse_status(changes["development_status"], ["development_status"])
    after = {k: getattr(country, k) for k in EDITABLE}
    if after != before:
        session.add(country)
        record(session, "party.update", country.iso3, actor_id, before=_plain(before), after=_plain(after))
    session.flush()
    return country


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.value if hasattr(v, "value") else v) for k, v in values.items()}


def read_rows(text: str, fmt: str) -> list[dict[str, Any]]:
    """Rows of an import file: CSV with a header, or YAML (a list of mappings)."""
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    data = yaml.safe_load(text)
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InvalidError("a YAML import is a list of mappings with iso3 and the attributes to set")
    return data


def import_rows(session: Session, rows: Iterable[dict[str, Any]], actor_id: int | None) -> int:
    """Set is_party / development_status from rows keyed by iso3. All rows or none (one transaction)."""
    changed = 0
    for i, row in enumerate(rows, start=1):
        iso3 = str(row.get("iso3") or "").strip().upper()
        if not iso3:
            raise InvalidError(f"row {i}: no iso3", loc=[i, "iso3"], code="missing_iso3")
        unknown = set(row) - {"iso3", *EDITABLE, "name", "name_en"}
        if unknown:
            raise InvalidError(
                f"row {i}: unknown column(s) {', '.join(sorted(unknown))}", loc=[i], code="unknown_column"
            )
        try:
            country = get_country(session, iso3)
        except NotFoundError:
            raise NotFoundError(f"row {i}: no country '{iso3}' in the registry", loc=[i, "iso3"]) from None
        before = (country.is_party, country.development_status)
        changes = {k: row[k] for k in EDITABLE if k in row}
        try:
            update_country(session, iso3, changes, actor_id)
        except InvalidError as exc:
            raise InvalidError(f"row {i}: {exc.msg}", loc=[i, *exc.loc], code=exc.code) from None
        changed += (country.is_party, country.development_status) != before
    return changed


def export_rows(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "iso3": c.iso3,
            "name_en": c.names.get("en", ""),
            "is_party": c.is_party,
            "development_status": c.development_status.value if c.development_status else "",
        }
        for c in list_countries(session)
    ]
