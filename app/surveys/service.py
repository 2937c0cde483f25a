"""Survey definitions as the service sees them: the YAML files of the definitions folder, compiled.

Compiled results are cached per file content (sha256), so a worker never serves a stale definition
and never holds anything another worker would need.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.compiler import CompiledSurvey, compile_text
from app.core.errors import NotFoundError


@dataclass(frozen=True, slots=True)
class Definition:
    file: str
    sha256: str
    survey: CompiledSurvey


@lru_cache(maxsize=64)
def _compile(file: str, sha256: str, raw: bytes) -> CompiledSurvey | None:
    return compile_text(raw, file).survey


def load_definitions(folder: Path) -> list[Definition]:
    """Every definition in `folder` that compiles without errors (`tns lint` reports the others)."""
    out = []
    for path in sorted(folder.glob("*.y*ml")):
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        survey = _compile(path.name, digest, raw)
        if survey is not None:
            out.append(Definition(path.name, digest, survey))
    return out


def get_definition(folder: Path, survey_id: str) -> Definition:
    for definition in load_definitions(folder):
        if definition.survey.id == survey_id:
            return definition
    raise NotFoundError(f"no survey '{survey_id}'", loc=["survey"])
