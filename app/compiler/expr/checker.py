"""Type-check an expression against the questions it names, and turn it into a Python closure.

One walk does both: each node yields its type and a function of the answers. Unanswered (or hidden)
questions are `null`: arithmetic with null is null, comparisons with null are false (except
`== null` and `!= null`), and `and`, `or`, `not` treat null as false.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from app.compiler.diagnostics import did_you_mean
from app.compiler.expr.nodes import Binary, Call, ListLit, Literal, Name, Node, Self, Unary


class Kind(StrEnum):
    BOOL = "boolean"
    NUMBER = "number"
    TEXT = "text"
    DATE = "date"
    CODE = "an option code"
    CODES = "a set of option codes"
    ROWS = "a table"
    GROUP = "a group of answers"
    LIST = "a list"
    NULL = "null"


@dataclass(frozen=True, slots=True)
class Type:
    kind: Kind
    options: frozenset[str] | None = None  # the valid codes of CODE and CODES
    source: str = ""  # what the value came from, for messages

    def describe(self) -> str:
        return f"'{self.source}' ({self.kind.value})" if self.source else self.kind.value


class Env(Protocol):
    """What an expression reads at run time."""

    today: dt.date
    self_value: Any
    item: str | None
    option: str | None

    def value(self, qid: str) -> Any: ...


Fn = Callable[[Env], Any]


class ExprError(Exception):
    """A problem in an expression: a catalogue code, the 0-based column, and the template's params."""

    def __init__(self, error_code: str, col: int, /, **params: Any) -> None:
        super().__init__(error_code)
        self.code = error_code
        self.col = col
        self.params = params


class Resolver(Protocol):
    """Resolves names for one place in the survey: raises ExprError if a name is not usable there."""

    def question(self, name: str, col: int) -> Type: ...

    def special(self, name: str, col: int) -> Type | None:
        """The type of `item` or `option` where they are bound; None if `name` is not special."""

    def self_type(self, col: int) -> Type: ...


FUNCTIONS = ("answered", "count", "len", "position", "selected", "sum", "today")
_ORDERED = (Kind.NUMBER, Kind.DATE, Kind.TEXT)
_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}


def _literal_type(value: object) -> Type:
    if value is None:
        return Type(Kind.NULL)
    if isinstance(value, bool):
        return Type(Kind.BOOL)
    if isinstance(value, int | float):
        return Type(Kind.NUMBER)
    return Type(Kind.TEXT, source=str(value))


class Checker:
    def __init__(self, resolver: Resolver) -> None:
        self.r = resolver

    def compile(self, node: Node) -> tuple[Type, Fn]:
        if isinstance(node, Literal):
            value = node.value
            return _literal_type(value), lambda env: value
        if isinstance(node, ListLit):
            values = tuple(item.value for item in node.items)
            return Type(Kind.LIST), lambda env: values
        if isinstance(node, Self):
            return self.r.self_type(node.col), lambda env: env.self_value
        if isinstance(node, Name):
            return self.name(node)
        if isinstance(node, Unary):
            return self.unary(node)
        if isinstance(node, Binary):
            if node.op in ("and", "or"):
                return self.logic(node)
            if node.op in _ARITH:
                return self.arith(node)
            if node.op == "in":
                return self.membership(node)
            return self.compare(node)
        return self.call(node)

    def name(self, node: Name) -> tuple[Type, Fn]:
        special = self.r.special(node.name, node.col)
        if special is not None:
            attr = node.name
            return special, lambda env: getattr(env, attr)
        typ = self.r.question(node.name, node.col)
        qid = node.name
        return typ, lambda env: env.value(qid)

    def boolean(self, node: Node, where: str) -> Fn:
        typ, fn = self.compile(node)
        if typ.kind not in (Kind.BOOL, Kind.NULL):
            raise ExprError("E402", node.col, detail=f"{where} needs true or false, not {typ.describe()}")
        return fn

    def unary(self, node: Unary) -> tuple[Type, Fn]:
        if node.op == "not":
            inner = self.boolean(node.operand, "'not'")
            return Type(Kind.BOOL), lambda env: not inner(env)
        typ, fn = self.compile(node.operand)
        self.expect_number(typ, node.operand.col, "'-'")
        return Type(Kind.NUMBER), lambda env: None if (v := fn(env)) is None else -v

    def logic(self, node: Binary) -> tuple[Type, Fn]:
        left = self.boolean(node.left, f"'{node.op}'")
        right = self.boolean(node.right, f"'{node.op}'")
        if node.op == "and":
            return Type(Kind.BOOL), lambda env: bool(left(env)) and bool(right(env))
        return Type(Kind.BOOL), lambda env: bool(left(env)) or bool(right(env))

    @staticmethod
    def expect_number(typ: Type, col: int, where: str) -> None:
        if typ.kind not in (Kind.NUMBER, Kind.NULL):
            raise ExprError("E402", col, detail=f"{where} needs numbers, not {typ.describe()}")

    def arith(self, node: Binary) -> tuple[Type, Fn]:
        lt, lf = self.compile(node.left)
        rt, rf = self.compile(node.right)
        self.expect_number(lt, node.left.col, f"'{node.op}'")
        self.expect_number(rt, node.right.col, f"'{node.op}'")
        op = _ARITH[node.op]

        def run(env: Env) -> Any:
            a, b = lf(env), rf(env)
            if a is None or b is None or (node.op == "/" and b == 0):
                return None
            return op(a, b)

        return Type(Kind.NUMBER), run

    def check_code(self, code_node: Node, typ: Type) -> None:
        """A string literal compared with a choice answer must be one of its codes."""
        if not (isinstance(code_node, Literal) and isinstance(code_node.value, str) and typ.options is not None):
            return
        if code_node.value not in typ.options:
            hint = did_you_mean(code_node.value, sorted(typ.options))
            raise ExprError("E303", code_node.col, code=code_node.value, question=typ.source, hint=hint)

    def compare(self, node: Binary) -> tuple[Type, Fn]:
        lt, lf = self.compile(node.left)
        rt, rf = self.compile(node.right)
        op = _CMP[node.op]
        equality = node.op in ("==", "!=")
        if Kind.NULL in (lt.kind, rt.kind):
            if not equality:
                raise ExprError("E402", node.col, detail=f"'{node.op}' cannot compare with null")
            if node.op == "==":
                return Type(Kind.BOOL), lambda env: lf(env) is None and rf(env) is None
            return Type(Kind.BOOL), lambda env: (lf(env) is None) != (rf(env) is None)
        lf, rf = self.unify(node, lt, lf, rt, rf)

        def run(env: Env) -> bool:
            a, b = lf(env), rf(env)
            if a is None or b is None:
                return False
            return op(a, b)

        return Type(Kind.BOOL), run

    def unify(self, node: Binary, lt: Type, lf: Fn, rt: Type, rf: Fn) -> tuple[Fn, Fn]:
        """Check that two sides can be compared; coerce date literals. Returns the two functions."""
        kinds = {lt.kind, rt.kind}
        equality = node.op in ("==", "!=")
        if kinds == {Kind.CODE, Kind.TEXT} and equality:
            self.check_code(node.right, lt)
            self.check_code(node.left, rt)
            return lf, rf
        text_side = node.right if rt.kind == Kind.TEXT else node.left
        if kinds == {Kind.DATE, Kind.TEXT} and isinstance(text_side, Literal):
            return self.date_literal(node.left, lf), self.date_literal(node.right, rf)
        if lt.kind == rt.kind and lt.kind in (*_ORDERED, Kind.BOOL, Kind.CODE):
            if not equality and lt.kind not in _ORDERED:
                raise ExprError("E402", node.col, detail=f"'{node.op}' cannot order {lt.describe()}")
            return lf, rf
        raise ExprError("E402", node.col, detail=f"cannot compare {lt.describe()} with {rt.describe()}")

    @staticmethod
    def date_literal(node: Node, fn: Fn) -> Fn:
        if not isinstance(node, Literal):
            return fn
        try:
            value = dt.date.fromisoformat(str(node.value))
        except ValueError:
            raise ExprError("E402", node.col, detail=f"'{node.value}' is not a date (YYYY-MM-DD)") from None
        return lambda env: value

    def membership(self, node: Binary) -> tuple[Type, Fn]:
        lt, lf = self.compile(node.left)
        rt, rf = self.compile(node.right)
        if rt.kind == Kind.LIST and lt.kind in (Kind.CODE, Kind.TEXT, Kind.NUMBER):
            if lt.kind == Kind.CODE and isinstance(node.right, ListLit):
                for item in node.right.items:
                    self.check_code(item, lt)
            return Type(Kind.BOOL), lambda env: (v := lf(env)) is not None and v in rf(env)
        if rt.kind == Kind.CODES and lt.kind in (Kind.TEXT, Kind.CODE):
            self.check_code(node.left, rt)
            return Type(Kind.BOOL), lambda env: (v := rf(env)) is not None and lf(env) in v
        raise ExprError("E402", node.col, detail=f"cannot test {lt.describe()} 'in' {rt.describe()}")

    def call(self, node: Call) -> tuple[Type, Fn]:
        name = node.func
        args = node.args
        if name not in FUNCTIONS:
            raise ExprError("E404", node.col, name=name, hint=did_you_mean(name, FUNCTIONS))
        handler: Callable[[Call], tuple[Type, Fn]] = getattr(self, f"fn_{name}")
        arity = {"today": 0, "len": 1, "count": 1, "answered": 1, "selected": 2, "position": 2}
        if name in arity and len(args) != arity[name]:
            plural = "s" if arity[name] != 1 else ""
            raise ExprError("E405", node.col, name=name, detail=f"takes {arity[name]} argument{plural}")
        return handler(node)

    def fn_today(self, node: Call) -> tuple[Type, Fn]:
        return Type(Kind.DATE), lambda env: env.today

    def fn_len(self, node: Call) -> tuple[Type, Fn]:
        typ, fn = self.compile(node.args[0])
        if typ.kind != Kind.TEXT:
            raise ExprError("E405", node.col, name="len", detail=f"needs text, not {typ.describe()}")
        return Type(Kind.NUMBER), lambda env: len(fn(env) or "")

    def fn_count(self, node: Call) -> tuple[Type, Fn]:
        typ, fn = self.compile(node.args[0])
        if typ.kind not in (Kind.CODES, Kind.ROWS, Kind.GROUP):
            detail = f"counts selections or table rows, not {typ.describe()}"
            raise ExprError("E405", node.col, name="count", detail=detail)
        return Type(Kind.NUMBER), lambda env: len(fn(env) or ())

    def fn_answered(self, node: Call) -> tuple[Type, Fn]:
        arg = node.args[0]
        if not isinstance(arg, Name | Self):
            raise ExprError("E405", node.col, name="answered", detail="takes a question id or '.'")
        _, fn = self.compile(arg)
        return Type(Kind.BOOL), lambda env: fn(env) not in (None, "", [], {})

    def fn_selected(self, node: Call) -> tuple[Type, Fn]:
        typ, fn = self.compile(node.args[0])
        code_type, code_fn = self.compile(node.args[1])
        if typ.kind not in (Kind.CODES, Kind.CODE):
            detail = f"needs a choice question first, not {typ.describe()}"
            raise ExprError("E405", node.col, name="selected", detail=detail)
        if code_type.kind not in (Kind.TEXT, Kind.CODE):
            detail = f"needs an option code second, not {code_type.describe()}"
            raise ExprError("E405", node.col, name="selected", detail=detail)
        self.check_code(node.args[1], typ)
        if typ.kind == Kind.CODE:
            return Type(Kind.BOOL), lambda env: (v := fn(env)) is not None and v == code_fn(env)
        return Type(Kind.BOOL), lambda env: (v := fn(env)) is not None and code_fn(env) in v

    def fn_position(self, node: Call) -> tuple[Type, Fn]:
        typ, fn = self.compile(node.args[0])
        if typ.kind != Kind.CODES:
            detail = f"needs a ranking or multiple-choice question, not {typ.describe()}"
            raise ExprError("E405", node.col, name="position", detail=detail)
        self.check_code(node.args[1], typ)
        _, code_fn = self.compile(node.args[1])

        def run(env: Env) -> int | None:
            ranked = fn(env) or []
            code = code_fn(env)
            return ranked.index(code) + 1 if code in ranked else None

        return Type(Kind.NUMBER), run

    def fn_sum(self, node: Call) -> tuple[Type, Fn]:
        if not node.args:
            raise ExprError("E405", node.col, name="sum", detail="takes at least one argument")
        fns: list[Fn] = []
        for arg in node.args:
            typ, fn = self.compile(arg)
            self.expect_number(typ, arg.col, "sum()")
            fns.append(fn)
        return Type(Kind.NUMBER), lambda env: sum(v for f in fns if (v := f(env)) is not None)
