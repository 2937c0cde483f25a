"""Generated inputs for the benchmarks: a large definition, and a full answers document."""

from __future__ import annotations

from typing import Any

from app.compiler import CompiledSurvey
from app.compiler import spec as s

LANGS = ("en", "fr", "es", "ru", "zh", "ar")


def _text(label: str) -> str:
    words = {"en": "Question", "fr": "Question", "es": "Pregunta", "ru": "Вопрос", "zh": "问题", "ar": "سؤال"}
    return "{" + ", ".join(f'{lang}: "{words[lang]} {label}"' for lang in LANGS) + "}"


def large_definition(sections: int = 65, per_section: int = 50) -> str:
    """A definition of sections × per_section questions with six-language texts and conditions."""
    out = [
        "id: large",
        f"title: {_text('survey')}",
        "languages: [en, fr, es, ru, zh, ar]",
        "choice_lists:",
        "  scale:",
    ]
    out += [f"    - {{code: c{i}, label: {_text(f'option {i}')}}}" for i in range(6)]
    out.append("sections:")
    for si in range(sections):
        out += [f"  - id: s{si}", f"    title: {_text(f'section {si}')}", "    questions:"]
        for qi in range(per_section):
            qid = f"q{si}_{qi}"
            kind = qi % 5
            out.append(f"      - id: {qid}")
            out.append(f"        title: {_text(qid)}")
            out.append(f"        hint: {_text('hint ' + qid)}")
            if kind == 0:
                out.append("        type: single_choice\n        options: scale\n        required: true")
            elif kind == 1:
                out.append("        type: multiple_choice\n        options: scale\n        max_selected: 4")
                out.append(f"        show_if: \"q{si}_{qi - 1} == 'c1'\"")
            elif kind == 2:
                out.append("        type: integer\n        min: 0\n        max: 1000")
                out.append(f'        required: "count(q{si}_{qi - 1}) > 1"')
            elif kind == 3:
                out.append("        type: text\n        max_length: 200")
                out.append(f'        show_if: "q{si}_{qi - 1} > 10 and not (q{si}_{qi - 3} == null)"')
            else:
                out.append("        type: decimal\n        min: 0")
                out.append("        constraints:")
                out.append(f'          - rule: ". <= q{si}_{qi - 2} * 2"')
                out.append(f"            message: {_text('too large')}")
    return "\n".join(out) + "\n"


def full_answers(survey: CompiledSurvey) -> dict[str, Any]:
    """A complete, valid answers document: every question answered, every loop option selected."""

    def value(qid: str) -> Any:
        q = survey.questions[qid]
        spec = q.spec
        t = q.type
        if t in ("text", "long_text"):
            return "+41 22 917 82 48" if q.pattern is not None else "A considered answer of moderate length."
        if t == "email":
            return "focal.point@example.org"
        if t in ("integer", "decimal"):
            assert isinstance(spec, s.NumberQuestion)
            return int(spec.min or 0) + 1 if spec.max is None or spec.max > (spec.min or 0) else spec.min
        if t == "yes_no":
            return True
        if t == "date":
            return "2026-06-01"
        if t in ("single_choice", "rating"):
            return q.options[0].code
        if t in ("multiple_choice", "ranking"):
            return [o.code for o in q.options if not o.exclusive and not o.other][:3]
        if t == "matrix":
            return {r.code: q.options[0].code for r in q.rows}
        if t == "table":
            return [level(q.children) for _ in range(3)]
        return {code: level(q.children) for code in survey.loop_codes(q)}

    def level(ids: tuple[str, ...]) -> dict[str, Any]:
        return {qid: value(qid) for qid in ids if survey.questions[qid].answerable}

    return level(tuple(qid for section in survey.sections for qid in section.questions))
