"""Which answer types convert into which, and how one value converts.

A conversion must keep the meaning of the answer: a number becomes the same number or its text, a
single choice becomes a one-element list, a yes/no becomes the option the mapping names for it.
Option codes are translated afterwards (recodes, merges), by `apply.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

TEXTS = ("text", "long_text")
SINGLE = ("single_choice", "rating")
MULTI = ("multiple_choice", "ranking")


def _same(value: Any, values: Mapping[str, str]) -> Any:
    return value


def _as_text(value: Any, values: Mapping[str, str]) -> Any:
    return str(value)


def _as_list(value: Any, values: Mapping[str, str]) -> Any:
    return [value]


def _yes_no(value: Any, values: Mapping[str, str]) -> Any:
    return values.get("true" if value else "false")


def _yes_no_list(value: Any, values: Mapping[str, str]) -> Any:
    code = _yes_no(value, values)
    return None if code is None else [code]


Converter = Callable[[Any, Mapping[str, str]], Any]

CONVERSIONS: dict[tuple[str, str], Converter] = {
    ("integer", "decimal"): _same,
    ("email", "text"): _same,
    ("email", "long_text"): _same,
    ("text", "long_text"): _same,
    ("long_text", "text"): _same,
    ("ranking", "multiple_choice"): _same,
    **{(a, b): _same for a in SINGLE for b in SINGLE if a != b},
    **{(a, b): _as_list for a in SINGLE for b in MULTI},
    **{(a, b): _as_text for a in ("integer", "decimal", "date") for b in TEXTS},
    **{("yes_no", b): _yes_no for b in SINGLE},
    **{("yes_no", b): _yes_no_list for b in MULTI},
}


def converter(old_type: str, new_type: str) -> Converter | None:
    """The conversion from one type to another; the identity for the same type; None if none fits."""
    if old_type == new_type:
        return _same
    return CONVERSIONS.get((old_type, new_type))


def needs_values(old_type: str, new_type: str) -> bool:
    return old_type == "yes_no" and new_type != "yes_no"
