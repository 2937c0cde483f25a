"""The syntax tree of the condition language. Every node knows its column in the source text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True, slots=True)
class Literal:
    value: str | int | float | bool | None
    col: int


@dataclass(frozen=True, slots=True)
class ListLit:
    items: tuple[Literal, ...]
    col: int


@dataclass(frozen=True, slots=True)
class Name:
    """A question id, `item` (the looped option's code) or `option` (the candidate in a filter)."""

    name: str
    col: int


@dataclass(frozen=True, slots=True)
class Self:
    """`.`: the answer to the question a constraint belongs to."""

    col: int


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "not" or "-"
    operand: Node
    col: int


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # and or == != < <= > >= + - * / in
    left: Node
    right: Node
    col: int


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple[Node, ...]
    col: int


Node = Union[Literal, ListLit, Name, Self, Unary, Binary, Call]  # noqa: UP007


def names_in(node: Node) -> list[Name]:
    """Every name the expression mentions, in source order."""
    out: list[Name] = []
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Name):
            out.append(n)
        elif isinstance(n, Unary):
            stack.append(n.operand)
        elif isinstance(n, Binary):
            stack.extend((n.right, n.left))
        elif isinstance(n, Call):
            stack.extend(reversed(n.args))
    return out


def to_json(node: Node) -> dict[str, object]:
    """The tree as plain JSON, for the browser's mirror of the evaluator (app/web/static/app.js)."""
    if isinstance(node, Literal):
        return {"lit": node.value}
    if isinstance(node, ListLit):
        return {"list": [item.value for item in node.items]}
    if isinstance(node, Name):
        return {"name": node.name}
    if isinstance(node, Self):
        return {"self": True}
    if isinstance(node, Unary):
        return {"op": "neg" if node.op == "-" else "not", "a": to_json(node.operand)}
    if isinstance(node, Binary):
        return {"op": node.op, "a": to_json(node.left), "b": to_json(node.right)}
    return {"call": node.func, "args": [to_json(a) for a in node.args]}
