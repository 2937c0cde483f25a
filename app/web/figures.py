"""One figure per question on the dashboard: an aggregate's tidy rows turned into a chart (or a small
table), with its base written out. Numbers come from `app.results.aggregates`; nothing is counted here
except filling in the options nobody chose (0 %), so that every option of the survey is shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from app.compiler import CompiledSurvey
from app.compiler.model import Question
from app.registry.models import DevelopmentStatus, UNGroup
from app.web.charts import Bar, Block, Box, Stack, bar_chart, box_plot, stacked_chart

Gettext = Callable[..., str]
BOOLEAN_KEYS = ("ldc", "lldc", "sids")
STAT_COLUMNS = ("n", "mean", "median", "q1", "q3", "min", "max")


@dataclass(slots=True)
class Panel:
    """What one loop option (or the whole question, outside loops) shows."""

    caption: str
    chart: Markup | None = None
    base: str = ""
    table: list[list[str]] = field(default_factory=list)  # rows of cells, for numbers and tables


@dataclass(slots=True)
class Figure:
    id: str
    title: str
    kind: str
    panels: list[Panel]
    note: str = ""
    answers: int = 0  # texts: how many answers there are


def group_label(key: str, value: Any, _: Gettext) -> str:
    """A party attribute's value in words (the interface's own strings, not the survey's)."""
    if value is None:
        return _("Not recorded")
    if key == "un_group":
        return {
            UNGroup.african: _("African States"),
            UNGroup.asia_pacific: _("Asia-Pacific States"),
            UNGroup.eastern_european: _("Eastern European States"),
            UNGroup.grulac: _("Latin American and Caribbean States"),
            UNGroup.weog: _("Western European and other States"),
        }.get(value, str(value))
    if key == "development_status":
        return {
            DevelopmentStatus.developing: _("Developing country"),
            DevelopmentStatus.transition: _("Economy in transition"),
            DevelopmentStatus.developed: _("Developed country"),
        }.get(value, str(value))
    if key in BOOLEAN_KEYS:
        return _("Yes") if value in (True, "true", 1) else _("No")
    return str(value)


def _group_order(key: str | None, values: set[Any]) -> list[Any]:
    known: list[Any] = [None]
    if key == "un_group":
        known = [g.value for g in UNGroup]
    elif key == "development_status":
        known = [d.value for d in DevelopmentStatus]
    elif key in BOOLEAN_KEYS:
        known = [True, False]
    return [v for v in known if v in values] + sorted((v for v in values if v not in known), key=str)


class FigureBuilder:
    """Turns one aggregate result into a Figure, in the page's language and direction."""

    def __init__(self, survey: CompiledSurvey, lang: str, _: Gettext, by: str | None, rtl: bool) -> None:
        self.survey, self.lang, self._, self.by, self.rtl = survey, lang, _, by, rtl

    def label(self, value: Any) -> str:
        return self.survey.text(value, self.lang)

    def title(self, q: Question) -> str:
        return self.label(getattr(q.spec, "title", None) or q.id).replace("{item}", "…")

    def figure(self, q: Question, result: dict[str, Any]) -> Figure:
        kind = "text" if result["kind"] == "text_count" else result["kind"]
        loop_key = self._loop_key(q)
        panels: list[Panel] = []
        for caption, rows in self._by_loop(q, loop_key, result["rows"]):
            ident = f"c-{q.id}-{len(panels)}"
            if kind == "choice" and q.type == "matrix":
                panels.append(self._matrix(ident, q, caption, rows))
            elif kind == "choice":
                panels.append(self._choice(ident, q, caption, rows))
            elif kind == "ranking":
                panels.append(self._ranking(ident, q, caption, rows))
            elif kind == "number":
                panels.append(self._numbers(ident, q, caption, rows))
            elif kind == "rows":
                panels.append(self._table_rows(caption, rows))
        note = ""
        if q.type == "multiple_choice":
            note = self._("Several answers were possible: the percents may add up to more than 100.")
        elif q.type == "ranking":
            note = self._("A lower mean position means ranked higher.")
        answers = 0
        if kind == "text":  # every answer, or their number per group (texts=False)
            counted = result["kind"] == "text_count"
            answers = sum(r["n"] for r in result["rows"]) if counted else len(result["rows"])
        return Figure(q.id, self.title(q), kind, panels, note, answers)

    def _loop_key(self, q: Question) -> str | None:
        loop = next((c for c in q.scope if self.survey.questions[c].type == "loop"), None)
        return (self.survey.questions[loop].over or "loop") if loop else None

    def _by_loop(
        self, q: Question, loop_key: str | None, rows: list[dict[str, Any]]
    ) -> list[tuple[str, list[dict[str, Any]]]]:
        """[(caption, rows)]: one panel per looped option that has answers, in the survey's order."""
        if loop_key is None:
            return [("", rows)]
        source = self.survey.questions.get(loop_key)
        options = source.options if source else ()
        present = {r.get(loop_key) for r in rows}
        return [
            (self.label(o.label), [r for r in rows if r.get(loop_key) == o.code]) for o in options if o.code in present
        ]

    def _groups(self, rows: Sequence[dict[str, Any]]) -> list[Any]:
        return _group_order(self.by, {r.get(self.by) for r in rows}) if self.by else [None]

    def _base(self, q: Question, bases: dict[Any, int]) -> str:
        if not bases:
            return self._("No answers with these filters.")
        if not self.by:
            n = next(iter(bases.values()))
            if any(self.survey.questions[c].type == "table" for c in q.scope):
                return self._("n = %(n)s table rows to which the question applied", n=n)
            if self.survey.spec.respondent == "party":
                return self._("n = %(n)s parties to which the question applied", n=n)
            return self._("n = %(n)s respondents to which the question applied", n=n)
        parts = "; ".join(f"{group_label(self.by, g, self._)} {n}" for g, n in bases.items())
        return self._("n (to which the question applied), by group: %(groups)s", groups=parts)

    def _options(self, q: Question) -> list[tuple[str, str]]:
        if q.type == "yes_no":
            return [("true", self._("Yes")), ("false", self._("No"))]
        return [(o.code, self.label(o.label)) for o in q.options]

    def _choice(self, ident: str, q: Question, caption: str, rows: list[dict[str, Any]]) -> Panel:
        """Percent of the base per option: one bar per option, or one per option and group."""
        if not rows:
            return Panel(caption, None, self._base(q, {}))
        groups, bases, found = self._found(rows)
        blocks: list[Block] = []
        desc: list[str] = []
        for code, label in self._options(q):
            bars = []
            for i, g in enumerate(groups):
                r = found.get((None, g, code))
                count, base = (r["count"] if r else 0), bases[g]
                value = f"{100 * count / base if base else 0:.0f}% ({count})"
                name = group_label(self.by, g, self._) if self.by else ""
                bars.append(Bar(name, count / base if base else 0.0, value, i))
            blocks.append(Block(label, bars))
            desc.append(f"{label}: " + ", ".join(f"{b.label} {b.value}".strip() for b in bars))
        title = " — ".join(x for x in (self.title(q), caption) if x)
        return Panel(caption, bar_chart(ident, blocks, title, "; ".join(desc), self.rtl), self._base(q, bases))

    def _matrix(self, ident: str, q: Question, caption: str, rows: list[dict[str, Any]]) -> Panel:
        """A bar per matrix row (and group), cut into its columns' shares of the base."""
        if not rows:
            return Panel(caption, None, self._base(q, {}))
        groups, bases, found = self._found(rows)
        columns = self._options(q)
        stacks, desc = [], []
        for o in q.rows:
            for g in groups:
                counts = [found[(o.code, g, code)]["count"] if (o.code, g, code) in found else 0 for code, _ in columns]
                name = " · ".join(
                    x for x in (self.label(o.label), group_label(self.by, g, self._) if self.by else "") if x
                )
                stacks.append(Stack(name, counts, bases[g], f"n = {bases[g]}"))
                desc.append(
                    f"{name}: " + ", ".join(f"{label} {n}" for (_c, label), n in zip(columns, counts, strict=True))
                )
        title = " — ".join(x for x in (self.title(q), caption) if x)
        chart = stacked_chart(ident, stacks, [label for _, label in columns], title, "; ".join(desc), self.rtl)
        return Panel(caption, chart, self._base(q, bases))

    def _found(self, rows: list[dict[str, Any]]) -> tuple[list[Any], dict[Any, int], dict[tuple[Any, ...], Any]]:
        """The groups, each group's base, and the rows by (matrix row, group, option)."""
        groups = self._groups(rows)
        bases = {g: next(r["base"] for r in rows if (r.get(self.by) if self.by else None) == g) for g in groups}
        found = {(r.get("row"), r.get(self.by) if self.by else None, r["option"]): r for r in rows}
        return groups, bases, found

    def _ranking(self, ident: str, q: Question, caption: str, rows: list[dict[str, Any]]) -> Panel:
        if not rows:
            return Panel(caption, None, self._base(q, {}))
        groups = self._groups(rows) if self.by else [None]
        found = {(r.get(self.by) if self.by else None, r["option"]): r for r in rows}
        size = max(len(q.options), 1)
        blocks, desc = [], []
        for code, label in self._options(q):
            bars = []
            for i, g in enumerate(groups):
                r = found.get((g, code))
                if r is None:
                    continue
                value = self._("mean %(m)s, first %(f)s×", m=f"{r['mean_position']:.1f}", f=r["first"])
                bars.append(
                    Bar(group_label(self.by, g, self._) if self.by else "", r["mean_position"] / size, value, i)
                )
                desc.append(f"{label} {bars[-1].label}: {value}")
            if bars:
                blocks.append(Block(label, bars))
        bases = {(r.get(self.by) if self.by else None): r["base"] for r in rows}
        chart = bar_chart(ident, blocks, self.title(q), "; ".join(desc), self.rtl)
        return Panel(caption, chart, self._base(q, bases))

    def _numbers(self, ident: str, q: Question, caption: str, rows: list[dict[str, Any]]) -> Panel:
        if not rows:
            return Panel(caption, None, self._base(q, {}))
        table, boxes = [], []
        order = self._groups(rows) if self.by else [None]
        for g in order:
            r = next(r for r in rows if (r.get(self.by) if self.by else None) == g)
            name = group_label(self.by, g, self._) if self.by else self._("All")
            table.append([name, *(_number(r[c]) for c in STAT_COLUMNS)])
            boxes.append(Box(name, r["min"], r["q1"], r["median"], r["q3"], r["max"]))
        desc = "; ".join(
            f"{row[0]}: " + ", ".join(f"{c} {v}" for c, v in zip(STAT_COLUMNS, row[1:], strict=True)) for row in table
        )
        chart = box_plot(ident, boxes, self.title(q), desc, self.rtl)
        bases = {(r.get(self.by) if self.by else None): r["base"] for r in rows}
        return Panel(caption, chart, self._base(q, bases), table)

    def _table_rows(self, caption: str, rows: list[dict[str, Any]]) -> Panel:
        order = self._groups(rows) if self.by else [None]
        table = []
        for g in order:
            r = next(r for r in rows if (r.get(self.by) if self.by else None) == g)
            name = group_label(self.by, g, self._) if self.by else self._("All")
            table.append([name, str(r["rows"]), str(r["responses_with_rows"]), str(r["base"])])
        return Panel(caption, None, "", table)


def _number(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{float(value):,.2f}"
