"""The notice a focal point sees after their draft moved to a new survey version: one line per
answer that did not stay exactly as it was (the migration report, app/compiler/migrate)."""

from __future__ import annotations

from typing import Any

from app.compiler import CompiledSurvey
from app.web.i18n import gettext_for


def notice_lines(
    survey: CompiledSurvey, notice: dict[str, Any] | None, lang: str, ui_lang: str
) -> list[dict[str, str]]:
    """(question, what happened, before -> after) for each item of the stored report: question
    titles in the survey's language `lang`, the rest in the interface's `ui_lang`."""
    if not notice:
        return []
    _ = gettext_for(ui_lang)
    what = {
        "converted": _("Moved or converted to fit the new version"),
        "dropped": _("Removed: the new version no longer asks it"),
        "not_carried": _("Not carried over: kept in the response's history"),
    }
    out = []
    for item in notice.get("items", []):
        loc = item.get("new_loc") or item.get("loc") or []
        names = [str(p) for p in loc]
        q = survey.questions.get(names[-1]) if names else None
        title = survey.text(q.spec.title, lang) if q is not None and hasattr(q.spec, "title") else " › ".join(names)
        change = ""
        if item.get("outcome") == "converted" and item.get("before") != item.get("after"):
            change = f"{_show(item.get('before'))} → {_show(item.get('after'))}"
        elif item.get("outcome") != "converted":
            change = _show(item.get("before"))
        out.append({"question": title, "what": what.get(item.get("outcome", ""), ""), "change": change})
    return out


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "…"
    return "" if value is None else str(value)
