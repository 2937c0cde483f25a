"""The compiled survey: what the validator, the renderer and the API work from.

Built once per definition (stage 4 of the compiler). Display texts stay in the parsed `spec`
objects; what is added here is what every consumer would otherwise recompute: resolved options,
the container chain of each question, and conditions turned into closures.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.compiler import spec
from app.compiler.diagnostics import Location
from app.compiler.expr.checker import Env
from app.compiler.spec import Mapping as MappingSpec
from app.compiler.spec import Text

_UNSET = object()  # a cached value not computed yet (None is a value)
TEXT_TYPES = ("text", "long_text", "email")
NUMBER_TYPES = ("integer", "decimal")
CONTAINER_TYPES = ("loop", "table")


@dataclass(frozen=True, slots=True)
class Condition:
    source: str
    fn: Callable[[Env], Any]
    refs: frozenset[str]

    def __call__(self, env: Env) -> bool:
        return bool(self.fn(env))


@dataclass(frozen=True, slots=True)
class Option:
    code: str
    label: spec.Text
    hint: spec.Text | None = None
    exclusive: bool = False
    other: bool = False
    show_if: Condition | None = None
    renamed_from: tuple[str, ...] = ()  # its codes in earlier versions: answers with them are recoded


@dataclass(frozen=True, slots=True)
class Constraint:
    rule: Condition
    message: spec.Text


@dataclass(slots=True)
class Question:
    id: str
    type: str
    spec: spec.AnyQuestion
    section: str
    path: str  # where it is in the definition, e.g. sections[1].questions[3]
    scope: tuple[str, ...] = ()  # the loops and tables it is inside, outermost first
    options: tuple[Option, ...] = ()  # choice options, or the columns of a matrix
    rows: tuple[Option, ...] = ()  # the rows of a matrix
    children: tuple[str, ...] = ()  # the questions of a loop, the columns of a table
    over: str | None = None  # a loop's source question
    show_if: Condition | None = None
    required: bool | Condition = False
    constraints: tuple[Constraint, ...] = ()
    choice_filter: Condition | None = None
    pattern: re.Pattern[str] | None = None
    renamed_from: tuple[str, ...] = ()  # its ids in earlier versions: their answers carry over
    _codes: frozenset[str] | None = field(default=None, repr=False)  # computed once: validation is hot
    _other: Option | object | None = field(default=_UNSET, repr=False)  # likewise

    @property
    def parent(self) -> str | None:
        return self.scope[-1] if self.scope else None

    @property
    def codes(self) -> frozenset[str]:
        if self._codes is None:
            self._codes = frozenset(o.code for o in self.options)
        return self._codes

    @property
    def other_option(self) -> Option | None:
        if self._other is _UNSET:
            choice = self.type in ("single_choice", "multiple_choice")
            self._other = next((o for o in self.options if o.other), None) if choice else None
        return self._other  # type: ignore[return-value]

    @property
    def answerable(self) -> bool:
        return self.type != "note"


@dataclass(slots=True)
class Section:
    id: str
    spec: spec.Section
    questions: tuple[str, ...]  # top-level question ids, in order
    show_if: Condition | None = None


@dataclass(slots=True, eq=False)  # compared (and cached) by identity: one object per published version
class CompiledSurvey:
    spec: spec.Survey
    sections: tuple[Section, ...]
    questions: dict[str, Question]  # every question, nested ones too, in document order
    warnings: list[str] = field(default_factory=list)
    # Where each question's id is, and each entry of the mapping (keys: mapping.location_key), for
    # the diagnostics of publishing, which compare two versions after both compiled.
    locations: dict[str, Location] = field(default_factory=dict)

    @property
    def mapping(self) -> MappingSpec:
        return self.spec.mapping or MappingSpec()

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.spec.languages)

    @property
    def default_language(self) -> str:
        return self.spec.languages[0]

    def text(self, value: Text | None, lang: str | None = None) -> str:
        """A text in `lang`, falling back to the default language."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        texts: dict[str, str] = {str(k): v for k, v in value.items()}
        return texts.get(lang or self.default_language) or texts.get(self.default_language) or ""

    def loop_codes(self, loop: Question) -> tuple[str, ...]:
        """The codes a loop may run over: its source's options except exclusive ones ("none")."""
        source = self.questions[loop.over or ""]
        return tuple(o.code for o in source.options if not o.exclusive)

    def top_level(self) -> list[Question]:
        return [self.questions[qid] for section in self.sections for qid in section.questions]
