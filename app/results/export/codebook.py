"""The codebook of an export: every question (id, section, type, where it sits, text) and every option
code with its label, and in which of the exported versions each one exists."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from app.results.labels import option_labels, row_labels

if TYPE_CHECKING:
    from app.results.export.source import Version

CODEBOOK_COLUMNS = ("question", "section", "type", "within", "text", "option", "option_label", "versions")


def codebook(found: Sequence[Version], lang: str | None) -> Iterator[tuple[Any, ...]]:
    """Rows in the newest version's order, then what only older versions had. `versions` is `all`,
    or the first 12 characters of the sha256 of each version that has the question or option."""
    seen: dict[tuple[str, str, str], list[str]] = {}  # (question, kind, code) -> versions
    order: list[tuple[tuple[str, str, str], tuple[Any, ...]]] = []
    for v in found:
        s = v.survey
        for q in s.questions.values():
            if not q.answerable:
                continue
            within = q.parent or ""
            text = s.text(getattr(q.spec, "title", None), lang)
            entries: list[tuple[str, str, str, str]] = [("", "", "", "")]
            entries += [("option", code, code, label) for code, label in option_labels(s, q, lang).items()]
            if q.type == "matrix":
                entries += [("row", code, f"row:{code}", label) for code, label in row_labels(s, q, lang).items()]
            for kind, code, shown, label in entries:
                key = (q.id, kind, code)
                if key not in seen:
                    seen[key] = []
                    order.append((key, (q.id, q.section, q.type, within, text, shown or None, label or None)))
                seen[key].append(v.sha256[:12])
    every = len(found)
    for key, row in order:
        present = seen[key]
        yield (*row, "all" if len(present) == every else " ".join(present))
