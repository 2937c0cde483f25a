"""How answers map to HTML form fields, both ways. The same names are used by app.js.

    simple question      name="q"                      loop child   name="loop.code.q"
    loop iteration       name="loop.code._present"  (hidden: this iteration is on the page)
    multiple choice      name="q" (one checkbox each)   table cell   name="table.3.col"
    matrix row           name="q.row"                   ranking      name="q.rank.code" (a position)
    "other" text         name="q_other"                 table rows   name="table.rows" (hidden: count)

Values that do not parse (a number typed as "12,5") are kept as typed, so that validation reports
them and the page shows them back: nothing typed is cleared by an error.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from app.compiler import CompiledSurvey
from app.compiler.model import Question

Answers = dict[str, Any]


def field_name(prefix: tuple[str, ...], qid: str) -> str:
    return ".".join((*prefix, qid))


def _number(raw: str, integer: bool) -> Any:
    text = raw.strip().replace(" ", "").replace("\u00a0", "")
    try:
        return int(text) if integer else float(text) if any(c in text for c in ".eE") else int(text)
    except ValueError:
        return raw  # kept as typed; validation says what is wrong


def _value(q: Question, form: FormData, name: str) -> Any:
    """The answer to one (non-container) question from the form, or None when left empty."""
    t = q.type
    if t in ("multiple_choice",):
        values = [str(v) for v in form.getlist(name) if str(v)]
        return values or None
    if t == "ranking":
        positions: list[tuple[int, str]] = []
        for o in q.options:
            raw = str(form.get(f"{name}.rank.{o.code}", "")).strip()
            if raw.isdigit():
                positions.append((int(raw), o.code))
        return [code for _, code in sorted(positions)] or None
    if t == "matrix":
        cells = {r.code: str(form.get(f"{name}.{r.code}")) for r in q.rows if form.get(f"{name}.{r.code}")}
        return cells or None
    posted = form.get(name)
    if posted is None or str(posted).strip() == "":
        return None
    text = str(posted)
    if t == "yes_no":
        return {"true": True, "false": False}.get(text, text)
    if t in ("integer", "decimal"):
        return _number(text, t == "integer")
    if t in ("text", "email"):
        return text.strip()
    return text


def read_level(
    survey: CompiledSurvey, ids: tuple[str, ...], form: FormData, prefix: tuple[str, ...], before: Answers
) -> Answers:
    """The answers of one level (a section's questions, a loop iteration, a table row) from the form,
    on top of `before`: questions on the page replace their previous answers; others are kept."""
    out = dict(before)
    for qid in ids:
        q = survey.questions[qid]
        name = field_name(prefix, qid)
        if not q.answerable:
            continue
        if q.type == "loop":
            iterations = dict(before.get(qid) or {}) if isinstance(before.get(qid), dict) else {}
            for code in survey.loop_codes(q):
                if form.get(f"{name}.{code}._present") is None:
                    continue  # an iteration on another page: kept as it was
                previous = iterations.get(code) if isinstance(iterations.get(code), dict) else {}
                iteration = read_level(survey, q.children, form, (*prefix, qid, code), previous or {})
                if iteration:
                    iterations[code] = iteration
                else:
                    iterations.pop(code, None)
            _set(out, qid, iterations or None)
            continue
        if q.type == "table":
            count = str(form.get(f"{name}.rows", "0"))
            rows = []
            previous = before.get(qid)
            old_rows: list[Any] = previous if isinstance(previous, list) else []
            for i in range(min(int(count) if count.isdigit() else 0, 1000)):
                old = old_rows[i] if i < len(old_rows) and isinstance(old_rows[i], dict) else {}
                rows.append(read_level(survey, q.children, form, (*prefix, qid, str(i)), old))
            _set(out, qid, rows or None)
            continue
        _set(out, qid, _value(q, form, name))
        if q.other_option is not None:
            _set(out, f"{qid}_other", _value_text(form, f"{name}_other"))
    return out


def _value_text(form: FormData, name: str) -> str | None:
    raw = form.get(name)
    return str(raw).strip() or None if raw is not None else None


def _set(answers: Answers, key: str, value: Any) -> None:
    if value is None:
        answers.pop(key, None)
    else:
        answers[key] = value
