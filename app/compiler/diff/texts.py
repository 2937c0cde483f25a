"""Wording changes, language by language: which texts of a question, a section or the survey differ.

A reworded title is safe for the stored answers, but translators and reviewers need to know which
languages were touched, so the diff says it per language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.compiler import spec
from app.compiler.diff.match import OptionMatch
from app.compiler.model import Option, Question

# The display texts a question may have, in the order they are listed.
QUESTION_TEXTS = ("title", "hint", "body", "placeholder", "unit", "pattern_message", "add_label")
Texts = dict[str, dict[str, str]]  # part ("title", "options.a.label") -> language -> text


def per_language(value: spec.Text | None, default: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {default: value}
    return {str(lang): text for lang, text in value.items()}


def spec_texts(node: Any, keys: Iterable[str], default: str) -> Texts:
    out: Texts = {}
    for key in keys:
        texts = per_language(getattr(node, key, None), default)
        if texts:
            out[key] = texts
    return out


def option_texts(options: Iterable[tuple[str, Option]], part: str, default: str) -> Texts:
    """Labels and hints of options, keyed by the option's (new) code."""
    out: Texts = {}
    for code, o in options:
        for key in ("label", "hint"):
            texts = per_language(getattr(o, key), default)
            if texts:
                out[f"{part}.{code}.{key}"] = texts
    return out


def question_texts(
    q: Question, default: str, parts: Mapping[str, OptionMatch], new_side: bool, messages: Mapping[str, spec.Text]
) -> Texts:
    """Every text of a question; options are keyed by their new code so recoded ones compare."""
    out = spec_texts(q.spec, QUESTION_TEXTS, default)
    for part, match in parts.items():
        pairs = [(n.code, n if new_side else o) for o, n in match.kept]
        out |= option_texts(pairs, part, default)
    for rule, message in messages.items():
        out[f"constraint {rule}"] = per_language(message, default)
    return out


def compare(old: Texts, new: Texts, order: Iterable[str]) -> tuple[list[str], tuple[str, ...], Texts, Texts]:
    """(parts changed, languages changed in `order`, old texts, new texts) of those parts and languages."""
    parts: list[str] = []
    langs: set[str] = set()
    before: Texts = {}
    after: Texts = {}
    for part in dict.fromkeys([*new, *old]):
        a, b = old.get(part, {}), new.get(part, {})
        changed = sorted(lang for lang in {*a, *b} if a.get(lang) != b.get(lang))
        if not changed:
            continue
        parts.append(part)
        langs.update(changed)
        if was := {lang: a[lang] for lang in changed if lang in a}:
            before[part] = was
        if now := {lang: b[lang] for lang in changed if lang in b}:
            after[part] = now
    known = list(order)
    ordered = tuple(sorted(langs, key=lambda lang: (known.index(lang) if lang in known else len(known), lang)))
    return parts, ordered, before, after
