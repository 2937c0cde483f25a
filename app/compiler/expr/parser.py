"""Tokeniser and precedence-climbing parser for the condition language. No `eval`, ever.

Grammar, loosest binding first:
    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in") sum)?
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary)*
    unary   := "-" unary | atom
    atom    := NUMBER | STRING | true | false | null | "." | NAME | NAME "(" args ")"
             | "[" literals "]" | "(" expr ")"
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.compiler.expr.nodes import Binary, Call, ListLit, Literal, Name, Node, Self, Unary

MAX_LENGTH = 2000
MAX_DEPTH = 50

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|\(|\)|\[|\]|,|\.)
    """,
    re.VERBOSE,
)

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})


class ExprSyntaxError(Exception):
    def __init__(self, message: str, col: int) -> None:
        super().__init__(message)
        self.message = message
        self.col = col  # 0-based offset in the expression text


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # number string name op end
    text: str
    col: int


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ExprSyntaxError(f"unexpected character {text[pos]!r}", pos)
        kind = m.lastgroup or ""
        if kind != "ws":
            tokens.append(Token(kind, m.group(), pos))
        pos = m.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


def _unquote(raw: str) -> str:
    body = raw[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        t = self.tokens[self.i]
        self.i += 1
        return t

    def at(self, *texts: str) -> bool:
        t = self.tok
        return t.kind in ("op", "name") and t.text in texts

    def expect(self, text: str) -> Token:
        if not self.at(text):
            raise ExprSyntaxError(f"expected '{text}' but found {self.describe(self.tok)}", self.tok.col)
        return self.take()

    @staticmethod
    def describe(t: Token) -> str:
        return "the end of the expression" if t.kind == "end" else f"'{t.text}'"

    def parse(self) -> Node:
        node = self.or_()
        if self.tok.kind != "end":
            raise ExprSyntaxError(f"unexpected {self.describe(self.tok)}", self.tok.col)
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.at("or"):
            col = self.take().col
            node = Binary("or", node, self.and_(), col)
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.at("and"):
            col = self.take().col
            node = Binary("and", node, self.not_(), col)
        return node

    def not_(self) -> Node:
        if self.at("not"):
            col = self.take().col
            return Unary("not", self.nested(self.not_), col)
        return self.compare()

    def compare(self) -> Node:
        node = self.sum()
        if self.at("==", "!=", "<", "<=", ">", ">=", "in"):
            op = self.take()
            node = Binary(op.text, node, self.sum(), op.col)
            if self.at("==", "!=", "<", "<=", ">", ">=", "in"):
                raise ExprSyntaxError("comparisons cannot be chained; use 'and'", self.tok.col)
        return node

    def sum(self) -> Node:
        node = self.product()
        while self.at("+", "-"):
            op = self.take()
            node = Binary(op.text, node, self.product(), op.col)
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.at("*", "/"):
            op = self.take()
            node = Binary(op.text, node, self.unary(), op.col)
        return node

    def unary(self) -> Node:
        if self.at("-"):
            col = self.take().col
            return Unary("-", self.nested(self.unary), col)
        return self.atom()

    def nested(self, rule: object) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprSyntaxError("expression is nested too deeply", self.tok.col)
        try:
            return rule()  # type: ignore[operator, no-any-return]
        finally:
            self.depth -= 1

    def atom(self) -> Node:
        t = self.tok
        if t.kind == "number":
            self.take()
            return Literal(float(t.text) if "." in t.text else int(t.text), t.col)
        if t.kind == "string":
            self.take()
            return Literal(_unquote(t.text), t.col)
        if t.kind == "name":
            self.take()
            if t.text in ("true", "false"):
                return Literal(t.text == "true", t.col)
            if t.text == "null":
                return Literal(None, t.col)
            if t.text in KEYWORDS:
                raise ExprSyntaxError(f"unexpected '{t.text}'", t.col)
            if self.at("("):
                return self.call(t)
            return Name(t.text, t.col)
        if self.at("."):
            self.take()
            return Self(t.col)
        if self.at("("):
            self.take()
            node = self.nested(self.or_)
            self.expect(")")
            return node
        if self.at("["):
            return self.list_literal()
        raise ExprSyntaxError(f"expected a value but found {self.describe(t)}", t.col)

    def call(self, name: Token) -> Node:
        self.expect("(")
        args: list[Node] = []
        if not self.at(")"):
            args.append(self.nested(self.or_))
            while self.at(","):
                self.take()
                args.append(self.nested(self.or_))
        self.expect(")")
        return Call(name.text, tuple(args), name.col)

    def list_literal(self) -> Node:
        col = self.expect("[").col
        items: list[Literal] = []
        while not self.at("]"):
            item = self.unary()
            if isinstance(item, Unary) and isinstance(item.operand, Literal):
                value = item.operand.value
                if isinstance(value, int | float) and not isinstance(value, bool):
                    item = Literal(-value, item.col)
            if not isinstance(item, Literal):
                raise ExprSyntaxError("a list may only hold literal values", item.col)
            items.append(item)
            if not self.at("]"):
                self.expect(",")
        self.expect("]")
        return ListLit(tuple(items), col)


def parse(text: str) -> Node:
    """Parse an expression; raises ExprSyntaxError with the column of the problem."""
    if len(text) > MAX_LENGTH:
        raise ExprSyntaxError(f"expression is longer than {MAX_LENGTH} characters", 0)
    if not text.strip():
        raise ExprSyntaxError("expression is empty", 0)
    return _Parser(text).parse()
