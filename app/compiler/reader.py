"""Stage 1, read: untrusted YAML text to plain Python data plus the position of every node.

Safety, since definitions are untrusted input:
- only the core tags (str, int, float, bool, null, seq, map) are built: no object construction;
- a size limit on the text and a limit on how many nodes aliases may expand to ("billion laughs");
- duplicate keys are errors (most YAML loaders silently keep the last one);
- scalars follow YAML 1.2's core schema, so `no`, `on` and `off` stay strings (YAML 1.1 would
  silently turn an option code `no` into False).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from app.compiler.diagnostics import Diagnostic, Location, make

try:  # libyaml's parser is about ten times faster; the pure-Python one is the fallback.
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_BYTES = 5 * 1024 * 1024
MAX_ALIAS_EXPANSION = 100_000

Path = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


_IMPLICIT = (
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")),
    (_INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")),
    (
        _FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
    ),
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)$")),
)
_MAYBE_NOT_STR = frozenset("tTfF-+0123456789.~nN")


class _Core12Resolver:
    """YAML 1.2 core schema for plain scalars, and nothing else (no path resolvers: it is hot)."""

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def check_resolver_prefix(self, *args: object) -> bool:
        return False

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0] and (value == "" or value[0] in _MAYBE_NOT_STR):
                for tag, pattern in _IMPLICIT:
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


class _Loader(_Core12Resolver, _Parser):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass(slots=True)
class Document:
    """Plain data read from one file, with (line, column) of each value and each mapping key."""

    file: str
    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path, *, key: bool = False) -> Location:
        """The location of `path`, or of its nearest located ancestor."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                line, col = table[probe]
                return Location(self.file, line, col, format_path(tuple(path)))
            if key:
                table = self.values  # fall back to the value position of ancestors
                key = False
                continue
            probe = probe[:-1]
        line, col = self.values.get((), (1, 1))
        return Location(self.file, line, col, format_path(tuple(path)))


class _AbortError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


@dataclass(slots=True)
class _Builder:
    doc: Document
    errors: list[Diagnostic]
    max_expansion: int
    expanded: int = 0
    active: set[int] = field(default_factory=set)
    seen: set[int] = field(default_factory=set)

    def here(self, node: Node, path: Path) -> Location:
        m = node.start_mark
        return Location(self.doc.file, m.line + 1, m.column + 1, format_path(path))

    def build(self, node: Node, path: Path, via_alias: bool = False) -> Any:
        # An alias is the same node object reached again; count what aliases expand to.
        via_alias = via_alias or id(node) in self.seen
        if via_alias:
            self.expanded += 1
            if self.expanded > self.max_expansion:
                detail = "a 'billion laughs' file?"
                raise _AbortError(make("E104", self.here(node, path), limit=self.max_expansion, detail=detail))
        self.seen.add(id(node))
        self.doc.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.active:
            raise _AbortError(make("E105", self.here(node, path), detail="an alias refers to its own ancestor"))
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode) and node.tag == _SEQ:
                return [self.build(item, (*path, i), via_alias) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode) and node.tag == _MAP:
                return self.mapping(node, path, via_alias)
            raise _AbortError(make("E105", self.here(node, path), detail=f"tag {node.tag} is not allowed"))
        finally:
            self.active.discard(id(node))

    def mapping(self, node: MappingNode, path: Path, via_alias: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _AbortError(make("E105", self.here(key_node, path), detail="keys must be plain scalars"))
            if key_node.value == "<<" and not key_node.style:
                raise _AbortError(
                    make(
                        "E105",
                        self.here(key_node, path),
                        detail="merge keys (<<) are not supported",
                    )
                )
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first:
                self.errors.append(make("E102", self.here(key_node, (*path, key)), key=key, first_line=first[key]))
                continue
            first[key] = line
            self.doc.keys[(*path, key)] = (line, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, (*path, key), via_alias)
        return out

    def scalar(self, node: ScalarNode, path: Path) -> Any:
        value: str = node.value
        tag = node.tag
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _INT:
            try:
                if value.startswith("0o"):
                    return int(value[2:], 8)
                if value.startswith("0x"):
                    return int(value[2:], 16)
                return int(value)
            except ValueError:
                pass
        if tag == _FLOAT:
            low = value.lower().lstrip("+")
            if low in (".inf", "-.inf"):
                return -math.inf if low.startswith("-") else math.inf
            if low == ".nan":
                return math.nan
            try:
                return float(value)
            except ValueError:
                pass
        raise _AbortError(make("E105", self.here(node, path), detail=f"tag {tag} is not allowed"))


def read_text(
    text: str | bytes,
    file: str = "<string>",
    *,
    max_bytes: int = MAX_BYTES,
    max_alias_expansion: int = MAX_ALIAS_EXPANSION,
) -> tuple[Document | None, list[Diagnostic]]:
    """Read YAML into a located document. Returns (None, errors) when nothing usable was read."""
    start = Location(file, 1, 1)
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > max_bytes:
        return None, [make("E103", start, size=size, limit=max_bytes)]
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, [make("E106", start, detail=f"not UTF-8 ({exc.reason} at byte {exc.start})")]
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else start
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        code = "E105" if "single document" in detail else "E101"
        return None, [make(code, where, detail=detail or str(exc))]
    except yaml.YAMLError as exc:
        return None, [make("E101", start, detail=str(exc))]
    doc = Document(file, None)
    if root is None:
        return None, [make("E107", start)]
    errors: list[Diagnostic] = []
    builder = _Builder(doc, errors, max_alias_expansion)
    try:
        doc.data = builder.build(root, ())
    except _AbortError as abort:
        return None, [*errors, abort.diagnostic]
    except RecursionError:
        return None, [*errors, make("E105", start, detail="nesting is too deep")]
    if not isinstance(doc.data, dict):
        return None, [*errors, make("E107", start)]
    return doc, errors


def read_file(path: str, **limits: int) -> tuple[Document | None, list[Diagnostic]]:
    try:
        size = os.path.getsize(path)
        max_bytes = limits.get("max_bytes", MAX_BYTES)
        if size > max_bytes:
            return None, [make("E103", Location(path, 1, 1), size=size, limit=max_bytes)]
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        return None, [make("E106", Location(path, 1, 1), detail=exc.strerror or str(exc))]
    return read_text(raw, path, **limits)
