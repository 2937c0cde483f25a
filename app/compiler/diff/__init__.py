"""Comparing two versions of a survey: `diff(old, new)` lists every change, safe or breaking.

Pure, like the rest of the compiler: the command line (`tns survey diff`) and, later, publishing
and draft migration work from the same result. `touched(...)` counts, for each change, the stored
answers documents it concerns.
"""

from __future__ import annotations

from app.compiler.diff.changes import KIND_ORDER, Change, Kind, SurveyDiff, Target
from app.compiler.diff.impact import Touched, touched
from app.compiler.diff.match import canonical, match_questions
from app.compiler.diff.question import QuestionDiff
from app.compiler.diff.texts import compare, spec_texts
from app.compiler.model import CompiledSurvey, Question

__all__ = ["Change", "Kind", "SurveyDiff", "Target", "Touched", "diff", "touched"]

Key = tuple[int, int, int, int]  # where a change is listed: see `_positions`


def diff(old: CompiledSurvey, new: CompiledSurvey) -> SurveyDiff:
    """Every change from `old` to `new` by stable id and option code, in document order."""
    names = match_questions(old, new)
    keyed: list[tuple[Key, Change]] = []
    positions = _positions(old, new, names)
    keyed += [((-1, 0, 0, 0), c) for c in _survey_changes(old, new)]
    keyed += _section_changes(old, new, positions, names)
    kept_new = set(names.values())
    for qid, q in new.questions.items():
        if qid not in kept_new:
            keyed.append((positions["new", qid], _added(q)))
    for qid, q in old.questions.items():
        if qid in names:
            changes = QuestionDiff(old, new, q, new.questions[names[qid]], names).run()
            keyed += [(positions["new", names[qid]], c) for c in changes]
        else:
            keyed.append((positions["old", qid], _removed(q)))
    # Within one question: its own changes in class order, then those of its "other" text.
    keyed.sort(key=lambda kc: (kc[0], kc[1].field == "other", KIND_ORDER[kc[1].kind]))
    return SurveyDiff(old.id, new.id, tuple(c for _, c in keyed), names)


def _positions(old: CompiledSurvey, new: CompiledSurvey, names: dict[str, str]) -> dict[tuple[str, str], Key]:
    """A sort key for every question: its place in the new version; a removed question goes right
    after the closest question before it in the old version that is still there."""
    new_index = {qid: i for i, qid in enumerate(new.questions)}
    out: dict[tuple[str, str], Key] = {("new", qid): (i, 0, 0, 0) for qid, i in new_index.items()}
    anchor = -1
    for i, qid in enumerate(old.questions):
        if qid in names:
            anchor = new_index[names[qid]]
        else:
            out["old", qid] = (anchor, 1, i, 0)
    return out


def _what(q: Question) -> str:
    return "note" if q.type == "note" else f"{q.type} question"


def _added(q: Question) -> Change:
    required = " (required)" if q.required is True else (" (required when ...)" if q.required else "")
    return Change(
        Kind.ADDED,
        Target.QUESTION,
        q.id,
        None,
        q.id,
        True,
        f"{_what(q)} added{required}",
        section=q.section,
        after=q.type,
    )


def _removed(q: Question) -> Change:
    # Notes hold no answers; every other question's answers would be left behind.
    return Change(
        Kind.REMOVED,
        Target.QUESTION,
        q.id,
        q.id,
        None,
        not q.answerable,
        f"{_what(q)} removed",
        section=q.section,
        before=q.type,
    )


def _survey_changes(old: CompiledSurvey, new: CompiledSurvey) -> list[Change]:
    keys = ("title", "description")
    parts, langs, before, after = compare(
        spec_texts(old.spec, keys, old.default_language),
        spec_texts(new.spec, keys, new.default_language),
        new.languages,
    )
    if not parts:
        return []
    detail = f"texts changed ({', '.join(langs)}): {', '.join(parts)}"
    return [
        Change(
            Kind.TEXT_CHANGED,
            Target.SURVEY,
            new.id,
            old.id,
            new.id,
            True,
            detail,
            field="texts",
            languages=langs,
            before=before,
            after=after,
        )
    ]


def _section_changes(
    old: CompiledSurvey, new: CompiledSurvey, positions: dict[tuple[str, str], Key], names: dict[str, str]
) -> list[tuple[Key, Change]]:
    """Sections hold no answers of their own: their changes are all safe, listed before their questions."""
    out: list[tuple[Key, Change]] = []
    old_sections = {s.id: s for s in old.sections}
    new_ids = {s.id for s in new.sections}

    def key(side: str, first: str) -> Key:
        major, minor, index, _ = positions[side, first]
        return (major, minor, index, -1)

    for s in new.sections:
        k = key("new", s.questions[0])
        before = old_sections.get(s.id)
        if before is None:
            out.append((k, Change(Kind.ADDED, Target.SECTION, s.id, None, s.id, True, "section added", section=s.id)))
            continue
        a, b = before.show_if, s.show_if
        sa, sb = (a.source if a else None), (b.source if b else None)
        if (canonical(sa, names) if sa else None) != (canonical(sb) if sb else None):
            detail = f"show_if: {sa or 'none'} -> {sb or 'none'}"
            change = Change(
                Kind.CONDITION_CHANGED,
                Target.SECTION,
                s.id,
                s.id,
                s.id,
                True,
                detail,
                field="show_if",
                before=sa,
                after=sb,
                section=s.id,
            )
            out.append((k, change))
        keys = ("title", "description")
        parts, langs, tb, ta = compare(
            spec_texts(before.spec, keys, old.default_language),
            spec_texts(s.spec, keys, new.default_language),
            new.languages,
        )
        if parts:
            detail = f"texts changed ({', '.join(langs)}): {', '.join(parts)}"
            change = Change(
                Kind.TEXT_CHANGED,
                Target.SECTION,
                s.id,
                s.id,
                s.id,
                True,
                detail,
                field="texts",
                languages=langs,
                before=tb,
                after=ta,
                section=s.id,
            )
            out.append((k, change))
    for s in old.sections:
        if s.id not in new_ids:
            # Listed where its first removed question is, or else after the last of its questions.
            inside = [qid for qid, q in old.questions.items() if q.section == s.id]
            gone = [qid for qid in inside if qid not in names]
            k = key("old", gone[0]) if gone else (positions["new", names[inside[-1]]][0], 2, 0, 0)
            out.append(
                (k, Change(Kind.REMOVED, Target.SECTION, s.id, s.id, None, True, "section removed", section=s.id))
            )
    return out
