"""Helpers for compiler tests: definitions written inline, as YAML text."""

from __future__ import annotations

import textwrap

from app.compiler import CompiledSurvey, CompileResult, compile_text


def compile_yaml(text: str) -> CompileResult:
    return compile_text(textwrap.dedent(text), "test.yaml")


def survey_of(text: str) -> CompiledSurvey:
    result = compile_yaml(text)
    assert result.survey is not None, [d.format_line() for d in result.diagnostics]
    return result.survey


def codes_and_lines(text: str) -> list[tuple[str, int]]:
    return [(d.code, d.location.line) for d in compile_yaml(text).diagnostics]


def wrap(questions: str, extra: str = "") -> str:
    """A minimal survey around some questions (indented as YAML list items at column 0)."""
    body = textwrap.indent(textwrap.dedent(questions), " " * 6)
    return f"id: t\ntitle: T\n{textwrap.dedent(extra)}sections:\n  - id: s\n    title: S\n    questions:\n{body}"
