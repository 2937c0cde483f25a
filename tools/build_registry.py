"""Build the project's country registry (app/registry/countries.csv) from the reference data.

The reference data lives in ../shared/reference, which does not exist where the project is deployed, so the
registry is derived once with this script and the output is committed:

    python tools/build_registry.py [--reference-dir DIR] [--output FILE]

Rows: the 193 UN member states plus the European Union (a Party to the Convention as a regional economic integration
organization), sorted by iso3. Whether a country is a Party, a developing country or an economy in transition is
edited by administrators in the application and is deliberately not part of this file.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE_DIR = ROOT.parent / "shared" / "reference"
DEFAULT_OUTPUT = ROOT / "app" / "registry" / "countries.csv"

COLUMNS = [
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

# Output name column -> language in country-codes.csv's "UNTERM <language> Short" columns.
LANGUAGES = {
    "name_en": "English",
    "name_fr": "French",
    "name_es": "Spanish",
    "name_ru": "Russian",
    "name_zh": "Chinese",
    "name_ar": "Arabic",
}

UN_GROUPS = {
    "African Group": "african",
    "Asia-Pacific Group": "asia_pacific",
    "Eastern European Group": "eastern_european",
    "GRULAC": "grulac",
    "WEOG": "weog",
}

# Türkiye is listed in both Asia-Pacific and WEOG; for UN electoral purposes it sits in WEOG. Any other code listed
# in two groups is an error.
GROUP_OVERRIDES = {"TUR": "weog"}

# Graduations newer than graduated-ldcs.csv, which lists Bhutan (2023) but not Sao Tome and Principe (December 2024).
LATER_LDC_GRADUATIONS = frozenset({"STP"})

# UNTERM short names that country-codes.csv leaves empty. Côte d'Ivoire: the UNTERM names in datasets/country-codes'
# data/unterm_names.csv; Türkiye: the UNTERM names since the 2022 change of name. Used only where the data is empty.
MISSING_UNTERM_NAMES = {
    "CIV": {
        "name_en": "Côte d'Ivoire",
        "name_fr": "Côte d'Ivoire (la)",
        "name_es": "Côte d’Ivoire",
        "name_ru": "Кот-д’Ивуар",
        "name_zh": "科特迪瓦",
        "name_ar": "كوت ديفوار",
    },
    "TUR": {
        "name_en": "Türkiye",
        "name_fr": "Türkiye (la)",
        "name_es": "Türkiye",
        "name_ru": "Турция",
        "name_zh": "土耳其",
        "name_ar": "تركيا",
    },
}

EUROPEAN_UNION = {
    "iso3": "EUU",
    "iso2": "EU",
    "m49": "",
    "name_en": "European Union",
    "name_fr": "Union européenne",
    "name_es": "Unión Europea",
    "name_ru": "Европейский союз",
    "name_zh": "欧洲联盟",
    "name_ar": "الاتحاد الأوروبي",
    "un_group": "",
    "m49_region": "",
    "m49_subregion": "",
    "ldc": "false",
    "lldc": "false",
    "sids": "false",
    "eu_member": "false",
}


def read_rows(path: Path) -> list[dict[str, str]]:
    """All rows of a UTF-8 CSV file with a header row."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_codes(path: Path) -> set[str]:
    """The alpha-3 codes in a countrygroups file (its "Code" column)."""
    return {row["Code"].strip() for row in read_rows(path)}


def read_un_groups(path: Path) -> dict[str, str]:
    """Alpha-3 code -> UN regional group, for every UN member state.

    un-regional-groups.csv is the membership source: it lists exactly the 193 UN member states. country-codes.csv's
    is_independent == "Yes" is not: it also covers Taiwan and the Holy See (195 rows).
    """
    groups: dict[str, str] = {}
    for row in read_rows(path):
        code = row["Code"].strip()
        group = GROUP_OVERRIDES.get(code) or UN_GROUPS[row["Region"].strip()]
        if groups.get(code, group) != group:
            raise ValueError(f"{code} is listed in two UN regional groups: {groups[code]} and {group}")
        groups[code] = group
    return groups


def flag(value: bool) -> str:
    return "true" if value else "false"


def build(reference_dir: Path) -> list[dict[str, str]]:
    """The registry rows, sorted by iso3: the UN member states and the European Union."""
    countries = {row["ISO3166-1-Alpha-3"].strip(): row for row in read_rows(reference_dir / "country-codes.csv")}
    groups = read_un_groups(reference_dir / "un-regional-groups.csv")
    ldc = (
        read_codes(reference_dir / "ldc.csv") - read_codes(reference_dir / "graduated-ldcs.csv") - LATER_LDC_GRADUATIONS
    )
    lldc = read_codes(reference_dir / "lldc.csv")
    sids = read_codes(reference_dir / "sids.csv")
    eu = read_codes(reference_dir / "european-union.csv")

    rows = [EUROPEAN_UNION]
    for iso3, un_group in groups.items():
        if iso3 not in countries:
            raise ValueError(f"UN member {iso3} is missing from country-codes.csv")
        source = countries[iso3]
        row = {
            "iso3": iso3,
            "iso2": source["ISO3166-1-Alpha-2"].strip(),
            "m49": source["M49"].strip().zfill(3),
        }
        for column, language in LANGUAGES.items():
            name = source[f"UNTERM {language} Short"].strip() or MISSING_UNTERM_NAMES.get(iso3, {}).get(column, "")
            if not name:
                raise ValueError(f"{iso3} has no UNTERM {language} short name")
            row[column] = name
        row |= {
            "un_group": un_group,
            "m49_region": source["Region Name"].strip(),
            "m49_subregion": source["Sub-region Name"].strip(),
            "ldc": flag(iso3 in ldc),
            "lldc": flag(iso3 in lldc),
            "sids": flag(iso3 in sids),
            "eu_member": flag(iso3 in eu),
        }
        rows.append(row)
    return sorted(rows, key=lambda row: row["iso3"])


def to_csv(rows: list[dict[str, str]]) -> str:
    """The registry file's text: a header row and one line per row, "\\n" line endings."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reference-dir", type=Path, default=DEFAULT_REFERENCE_DIR)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    rows = build(args.reference_dir)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(to_csv(rows), encoding="utf-8")
    print(f"wrote {len(rows)} rows to {args.output}")


if __name__ == "__main__":
    main()
