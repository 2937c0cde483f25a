"""The committed country registry (app/registry/countries.csv) and the script that builds it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tools.build_registry import COLUMNS, build, to_csv

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "app" / "registry" / "countries.csv"
REFERENCE_DIR = ROOT.parent / "shared" / "reference"

HEADER = [
    "iso3",
    "iso2",
    "m49",
    "name_en",
    "name_fr",
    "name_es",
    "name_ru",
    "name_zh",
    "name_ar",
    "un_group",
    "m49_region",
    "m49_subregion",
    "ldc",
    "lldc",
    "sids",
    "eu_member",
]
NAME_COLUMNS = ["name_en", "name_fr", "name_es", "name_ru", "name_zh", "name_ar"]
UN_GROUPS = {"african", "asia_pacific", "eastern_european", "grulac", "weog"}


def read_registry() -> list[dict[str, str]]:
    with REGISTRY.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def by_iso3() -> dict[str, dict[str, str]]:
    return {row["iso3"]: row for row in read_registry()}


def test_header_and_row_count() -> None:
    with REGISTRY.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == HEADER == COLUMNS
    assert len(read_registry()) == 194  # 193 UN member states and the European Union


def test_iso3_unique_and_sorted() -> None:
    codes = [row["iso3"] for row in read_registry()]
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)


def test_every_row_has_six_names() -> None:
    for row in read_registry():
        for column in NAME_COLUMNS:
            assert row[column].strip() == row[column] != "", (row["iso3"], column)


def test_un_groups() -> None:
    rows = read_registry()
    assert {row["un_group"] for row in rows if row["iso3"] != "EUU"} <= UN_GROUPS
    assert [row["iso3"] for row in rows if not row["un_group"]] == ["EUU"]


def test_flags_are_true_or_false() -> None:
    for row in read_registry():
        for column in ("ldc", "lldc", "sids", "eu_member"):
            assert row[column] in {"true", "false"}, (row["iso3"], column)


def test_turkiye_is_in_weog(by_iso3: dict[str, dict[str, str]]) -> None:
    assert by_iso3["TUR"]["un_group"] == "weog"
    assert by_iso3["TUR"]["name_en"] == "Türkiye"


def test_graduated_ldcs_are_not_ldc(by_iso3: dict[str, dict[str, str]]) -> None:
    assert by_iso3["BTN"]["ldc"] == "false"
    assert by_iso3["STP"]["ldc"] == "false"


@pytest.mark.parametrize(
    ("iso3", "column", "value"),
    [
        ("FJI", "sids", "true"),
        ("NPL", "lldc", "true"),
        ("NPL", "ldc", "true"),
        ("DEU", "eu_member", "true"),
        ("DEU", "un_group", "weog"),
        ("BRA", "un_group", "grulac"),
        ("POL", "un_group", "eastern_european"),
        ("SWZ", "name_en", "Eswatini"),
        ("MKD", "name_en", "North Macedonia"),
        ("CIV", "name_en", "Côte d'Ivoire"),
        ("AFG", "m49", "004"),
    ],
)
def test_known_facts(by_iso3: dict[str, dict[str, str]], iso3: str, column: str, value: str) -> None:
    assert by_iso3[iso3][column] == value


def test_european_union(by_iso3: dict[str, dict[str, str]]) -> None:
    eu = by_iso3["EUU"]
    assert (eu["iso2"], eu["m49"], eu["name_en"], eu["name_fr"]) == ("EU", "", "European Union", "Union européenne")
    assert all(eu[column] == "false" for column in ("ldc", "lldc", "sids", "eu_member"))
    assert sum(row["eu_member"] == "true" for row in by_iso3.values()) == 27


def test_build_reproduces_committed_file() -> None:
    if not REFERENCE_DIR.is_dir():
        pytest.skip(f"reference data not available at {REFERENCE_DIR}")
    assert to_csv(build(REFERENCE_DIR)) == REGISTRY.read_text(encoding="utf-8")
