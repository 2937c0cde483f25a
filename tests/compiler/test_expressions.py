"""The condition language: parsed by the project itself, typed against the questions it names."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.compiler import validate
from app.compiler.expr.parser import ExprSyntaxError, parse
from tests.compiler.helpers import compile_yaml, survey_of, wrap

QUESTIONS = """\
- {id: n, type: integer, title: N}
- {id: d, type: decimal, title: D}
- {id: t, type: text, title: T}
- {id: b, type: yes_no, title: B}
- {id: day, type: date, title: Day}
- {id: one, type: single_choice, title: One, options: [{code: a, label: A}, {code: b, label: B}]}
- {id: many, type: multiple_choice, title: Many, options: [{code: x, label: X}, {code: y, label: Y}, {code: z, label: Z}]}
- {id: rank, type: ranking, title: Rank, options: [{code: x, label: X}, {code: y, label: Y}]}
- id: probe
  type: yes_no
  title: Probe
  show_if: "{expr}"
"""


def shown(expr: str, answers: dict[str, Any]) -> bool:
    survey = survey_of(wrap(QUESTIONS.replace("{expr}", expr.replace('"', '\\"'))))
    result = validate(survey, {**answers, "probe": True}, "submit", today=dt.date(2026, 11, 28))
    assert not result.errors, result.errors
    return "probe" in result.record


@pytest.mark.parametrize(
    ("expr", "answers", "expected"),
    [
        pytest.param("n > 3", {"n": 4}, True, id="greater"),
        pytest.param("n > 3", {}, False, id="null-compares-false"),
        pytest.param("not (n > 3)", {}, True, id="not-of-null-comparison"),
        pytest.param("n == null", {}, True, id="equals-null"),
        pytest.param("n != null", {"n": 0}, True, id="zero-is-an-answer"),
        pytest.param("n + d * 2 == 7", {"n": 1, "d": 3}, True, id="precedence"),
        pytest.param("(n + d) * 2 == 8", {"n": 1, "d": 3}, True, id="parentheses"),
        pytest.param("-n < 0", {"n": 2}, True, id="unary-minus"),
        pytest.param("d / 0 == null", {"d": 1.0}, True, id="division-by-zero-is-null"),
        pytest.param('t == "it\'s"', {"t": "it's"}, True, id="double-quoted"),
        pytest.param("b", {"b": True}, True, id="yes-no-as-condition"),
        pytest.param("b and n > 1 or t == 'go'", {"b": False, "t": "go"}, True, id="and-binds-tighter"),
        pytest.param("one == 'a'", {"one": "a"}, True, id="single-choice-equals"),
        pytest.param("one in ['a', 'b']", {"one": "b"}, True, id="in-list"),
        pytest.param("'y' in many", {"many": ["x", "y"]}, True, id="code-in-multiple"),
        pytest.param("selected(many, 'z')", {"many": ["x"]}, False, id="selected-false"),
        pytest.param("count(many) >= 2", {"many": ["x", "z"]}, True, id="count"),
        pytest.param("count(many) == 0", {}, True, id="count-of-unanswered"),
        pytest.param("answered(t)", {"t": ""}, False, id="empty-text-is-unanswered"),
        pytest.param("len(t) > 3", {"t": "hello"}, True, id="len"),
        pytest.param("sum(n, d) == 5.5", {"n": 2, "d": 3.5}, True, id="sum"),
        pytest.param("sum(n, d) == 2", {"n": 2}, True, id="sum-skips-null"),
        pytest.param("position(rank, 'y') == 1", {"rank": ["y", "x"]}, True, id="position"),
        pytest.param("day < '2000-01-01'", {"day": "1999-12-31"}, True, id="date-literal"),
        pytest.param("day < today()", {"day": "2026-11-27"}, True, id="today"),
    ],
)
def test_evaluation(expr: str, answers: dict[str, Any], expected: bool) -> None:
    assert shown(expr, answers) is expected


@pytest.mark.parametrize(
    ("expr", "code"),
    [
        pytest.param("n >", "E401", id="incomplete"),
        pytest.param("n > 1 > 0", "E401", id="chained-comparison"),
        pytest.param("n = 1", "E401", id="single-equals"),
        pytest.param("__import__('os')", "E404", id="no-python"),
        pytest.param("t > 1", "E402", id="text-vs-number"),
        pytest.param("one == 'c'", "E303", id="unknown-code"),
        pytest.param("selected(many, 'w')", "E303", id="unknown-code-in-selected"),
        pytest.param("selected(n, 'a')", "E405", id="selected-on-number"),
        pytest.param("count(n)", "E405", id="count-on-number"),
        pytest.param("many == 'x'", "E402", id="compare-set-to-text"),
        pytest.param("b + 1 > 0", "E402", id="arithmetic-on-boolean"),
        pytest.param("n", "E406", id="number-is-not-a-condition"),
        pytest.param(". > 1", "E407", id="self-outside-constraint"),
        pytest.param("option == 'a'", "E407", id="option-outside-filter"),
        pytest.param("day < 'soon'", "E402", id="bad-date-literal"),
        pytest.param("day < t", "E402", id="date-vs-text-question"),
        pytest.param("nope", "E301", id="unknown-name"),
    ],
)
def test_type_and_syntax_errors(expr: str, code: str) -> None:
    text = wrap(QUESTIONS.replace("{expr}", expr.replace('"', '\\"')))
    assert code in [d.code for d in compile_yaml(text).errors]


def test_parser_reports_the_column() -> None:
    with pytest.raises(ExprSyntaxError) as info:
        parse("a and (b or")
    assert info.value.col == 11


def test_deep_nesting_is_refused_not_a_crash() -> None:
    with pytest.raises(ExprSyntaxError):
        parse("(" * 500 + "a" + ")" * 500)
    with pytest.raises(ExprSyntaxError):
        parse("not " * 500 + "a")
