"""JSON Schemas: of the definition language (for editors) and of a response to one survey.

The response schema says what the draft check says (shapes, types, codes, bounds); conditions,
required questions and constraints are beyond JSON Schema and stay with `validate.py`.
"""

from __future__ import annotations

from typing import Any

from app.compiler import spec
from app.compiler.model import CompiledSurvey, Question
from app.compiler.validate import DEFAULT_MAX_LENGTH

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def definition_schema() -> dict[str, Any]:
    schema = spec.Survey.model_json_schema()
    schema["$schema"] = DRAFT
    schema["$id"] = "https://tns.example/schemas/survey-definition.json"
    schema["description"] = "A survey definition of the technology needs survey platform (docs/definitions.md)."
    return schema


def _level(survey: CompiledSurvey, ids: tuple[str, ...]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for qid in ids:
        q = survey.questions[qid]
        if not q.answerable:
            continue
        props[qid] = _answer(survey, q)
        if q.other_option is not None:
            props[f"{qid}_other"] = {"type": "string", "maxLength": DEFAULT_MAX_LENGTH["text"]}
    return {"type": "object", "properties": props, "additionalProperties": False}


def _codes(options: Any) -> list[str]:
    return [o.code for o in options]


def _answer(survey: CompiledSurvey, q: Question) -> dict[str, Any]:
    s = q.spec
    out: dict[str, Any] = {"title": survey.text(s.title) if s.title else q.id}
    t = q.type
    if t in ("text", "long_text", "email"):
        out |= {
            "type": "string",
            "maxLength": getattr(s, "max_length", None) or DEFAULT_MAX_LENGTH[t],
        }
        if t == "email":
            out["format"] = "email"
    elif t in ("integer", "decimal"):
        assert isinstance(s, spec.NumberQuestion)
        out["type"] = "integer" if t == "integer" else "number"
        if s.min is not None:
            out["minimum"] = s.min
        if s.max is not None:
            out["maximum"] = s.max
    elif t == "yes_no":
        out["type"] = "boolean"
    elif t == "date":
        out |= {"type": "string", "format": "date"}
    elif t in ("single_choice", "rating"):
        out["enum"] = _codes(q.options)
    elif t in ("multiple_choice", "ranking"):
        items = {"enum": _codes(q.options)}
        out |= {"type": "array", "items": items, "uniqueItems": True}
        high = getattr(s, "max_selected", None) or getattr(s, "max_ranked", None)
        if high is not None:
            out["maxItems"] = high
    elif t == "matrix":
        cell = {"enum": [*_codes(q.options), None]}  # null: the row is not answered yet
        rows = {r.code: cell for r in q.rows}
        out |= {"type": "object", "properties": rows, "additionalProperties": False}
    elif t == "table":
        assert isinstance(s, spec.TableQuestion)
        out |= {
            "type": "array",
            "items": _level(survey, q.children),
            "maxItems": s.max_rows or 1000,
        }
    elif t == "loop":
        out |= {
            "type": "object",
            "propertyNames": {"enum": list(survey.loop_codes(q))},
            "additionalProperties": _level(survey, q.children),
        }
    return out


def response_schema(survey: CompiledSurvey) -> dict[str, Any]:
    top = tuple(qid for section in survey.sections for qid in section.questions)
    schema = _level(survey, top)
    return {
        "$schema": DRAFT,
        "title": f"Answers to {survey.text(survey.spec.title)}",
        "description": "Keys are question ids; loops are keyed by option code, tables are lists of rows.",
        **schema,
    }
