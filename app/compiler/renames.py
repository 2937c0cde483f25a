"""The `renamed_from` rules: an earlier name must be free in this version, and claimed only once.

A question's `renamed_from` names ids it had in earlier versions, an option's the codes it had; the
diff (`app/compiler/diff/`) matches old and new versions through them, so that answers carry over
instead of being reported as removed and added. Two questions claiming the same old id, or an old
id that is still in use, would make that match ambiguous, so both are errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from app.compiler import spec
from app.compiler.reader import Path

Report = Callable[..., None]  # (code, path, **params): the check stage's `error`
Line = Callable[[Path], int]  # the line a path is on


def check_names(items: Iterable[tuple[str, Sequence[str], Path]], kind: str, error: Report, line: Line) -> None:
    """One namespace: items are (current name, earlier names, path of the item)."""
    items = list(items)
    current = {name: path for name, _, path in items}
    claimed: dict[str, tuple[str, Path]] = {}
    name_key = "code" if kind == "option" else "id"
    for name, earlier, path in items:
        for i, old in enumerate(earlier):
            where: Path = (*path, "renamed_from", i) if len(earlier) > 1 else (*path, "renamed_from")
            if old in current:
                error("E215", where, old=old, kind=kind, first_line=line((*current[old], name_key)))
            elif old in claimed:
                other, other_path = claimed[old]
                error("E216", where, old=old, kind=kind, other=other, first_line=line(other_path))
            else:
                claimed[old] = (name, (*path, "renamed_from"))


def check_option_lists(
    survey: spec.Survey, inline: Iterable[tuple[list[spec.Option], Path]], error: Report, line: Line
) -> None:
    """Option codes are a namespace per list: each shared choice list, and each inline list."""
    shared = [(options, ("choice_lists", name)) for name, options in survey.choice_lists.items()]
    for options, path in [*shared, *inline]:
        check_names([(o.code, o.renamed_from, (*path, i)) for i, o in enumerate(options)], "option", error, line)
