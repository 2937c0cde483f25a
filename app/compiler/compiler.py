"""The survey compiler: YAML text in, a `CompiledSurvey` and diagnostics out. Pure: no web, no database.

    read (reader.py) -> parse (parse.py) -> check (check.py) -> build (build.py)

Every stage runs as far as it can, so one pass reports every problem it can find; the build only
runs when there are no errors.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from app.compiler.build import build
from app.compiler.check import check
from app.compiler.diagnostics import Diagnostic, Severity
from app.compiler.model import CompiledSurvey
from app.compiler.parse import parse
from app.compiler.reader import read_file, read_text


@dataclass(slots=True)
class CompileResult:
    file: str
    survey: CompiledSurvey | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sha256: str = ""  # of the source text: the identity of a published version

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return self.survey is not None and not self.errors


def _sorted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (d.location.line, d.location.column, d.code))


def compile_text(text: str | bytes, file: str = "<string>") -> CompileResult:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    digest = hashlib.sha256(raw).hexdigest()
    doc, diagnostics = read_text(raw, file)
    if doc is None:
        return CompileResult(file, None, _sorted(diagnostics), digest)
    return _compile_document(doc, diagnostics, digest)


def compile_file(path: str | Path) -> CompileResult:
    doc, diagnostics = read_file(str(path))
    if doc is None:
        return CompileResult(str(path), None, _sorted(diagnostics))
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    return _compile_document(doc, diagnostics, digest)


def _compile_document(doc, diagnostics: list[Diagnostic], digest: str) -> CompileResult:  # type: ignore[no-untyped-def]
    parsed = parse(doc)
    diagnostics = [*diagnostics, *parsed.errors]
    if parsed.survey is None:
        return CompileResult(doc.file, None, _sorted(diagnostics), digest)
    checked = check(doc, parsed.survey, parsed.unparsed_ids)
    diagnostics = _sorted([*diagnostics, *checked.diagnostics])
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return CompileResult(doc.file, None, diagnostics, digest)
    return CompileResult(doc.file, build(parsed.survey, checked), diagnostics, digest)
