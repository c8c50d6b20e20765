"""The detail pane: everything known about the selected event — sources with outlet and date,
actors, countries, claims with speakers and stances, and conflicting sources side by side.

Built from `rich` objects holding plain strings (never markup), so nothing an article says can
style or break the pane.
"""

from __future__ import annotations

from typing import ClassVar

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import BindingType
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dateline.core.model import Article, Conflict, Event
from dateline.core.timeline.browse import TimelineIndex
from dateline.core.timeline.display import event_when, format_value, one_line, short_id
from dateline.tui.text import READING_PANE_BINDINGS, set_virtual_height

STANCE_STYLE = {"assert": "underline", "deny": "bold", "hedge": "italic"}
STANCE_WORD = {"assert": "asserts", "deny": "denies", "hedge": "hedges"}


def source_label(article: Article | None, article_id: str) -> Text:
    """'000 Radio Free Asia' — the short id, then the outlet."""
    label = Text(short_id(article_id), style="bold", end="")
    if article is not None and article.outlet:
        label.append(" " + one_line(article.outlet))
    return label


def _heading(title: str) -> Text:
    return Text(title, style="bold underline")


def conflict_table(conflict: Conflict, index: TimelineIndex) -> Table:
    """One column per value, its sources listed beneath: the disagreement at a glance."""
    table = Table(box=box.MINIMAL, show_edge=False, pad_edge=False, expand=False,
                  header_style="bold")
    for value, _ in conflict.values:
        shown = format_value(value) if conflict.attribute == "date" else one_line(value)
        table.add_column(Text(shown, end=""), overflow="fold")
    depth = max((len(ids) for _, ids in conflict.values), default=0)
    for row in range(depth):
        cells = []
        for _, ids in conflict.values:
            if row < len(ids):
                cells.append(source_label(index.articles.get(ids[row]), ids[row]))
            else:
                cells.append(Text(""))
        table.add_row(*cells)
    return table


def detail(event: Event | None, index: TimelineIndex | None) -> RenderableType:
    if event is None or index is None:
        return Text("No event selected.", style="italic dim")
    parts: list[RenderableType] = []
    top = Text(event_when(event), style="bold")
    top.append(f"  {event.granularity}", "dim")
    if event.approximate:
        top.append(" · approximate", "italic")
    if event.certainty == "reported":
        top.append(" · reported: no date of its own, on or before its article's", "italic")
    if event.conflicts:
        top.append(" · sources disagree ≠", "bold")
    parts += [top, Text(one_line(event.text)), Text("")]

    sources = index.sources(event)
    parts.append(_heading(f"Sources ({len(sources)})"))
    for article in sources:  # lines, not a table: a table costs a frame to lay out
        line = source_label(article, article.id)
        line.end = "\n"
        line.append(" " + (article.published.isoformat() if article.published else "undated"))
        if article.published_source == "inferred":
            line.append(" inferred", "italic")
        parts.append(line)
    parts.append(Text(""))

    actors = index.actors(event)
    if actors:
        parts.append(_heading("Actors"))
        for actor in actors:
            line = Text(one_line(actor.name))
            if actor.title:
                line.append(" — " + one_line(actor.title), "dim")
            parts.append(line)
        parts.append(Text(""))
    countries = index.countries(event)
    if countries:
        parts.append(_heading("Countries"))
        parts.append(Text(", ".join(one_line(c.name) for c in countries)))
        parts.append(Text(""))

    claims = index.claims(event)
    if claims:
        parts.append(_heading("Claims"))
        for claim_id, claim in claims:
            line = Text(one_line(claim.speaker_name) or "someone", style="bold")
            line.append(" ")
            line.append(STANCE_WORD.get(claim.stance, claim.stance),
                        STANCE_STYLE.get(claim.stance, ""))
            line.append(f" ({one_line(claim.cue)}, {short_id(claim_id.split('#')[0])}): ",
                        "dim")
            line.append("“" + one_line(claim.text) + "”")
            parts.append(line)
        parts.append(Text(""))

    if event.conflicts:
        parts.append(_heading("Sources disagree"))
        for conflict in event.conflicts:
            parts.append(Text(f"on the {conflict.attribute}:", style="italic"))
            parts.append(conflict_table(conflict, index))
        parts.append(Text(""))
    parts.append(Text(f"event {event.id}", style="dim"))
    return Group(*parts)


class DetailView(ScrollView, can_focus=True):
    """The details of one event, rendered once per event and width into lines; a Line-API view,
    so showing another event repaints the pane without laying out the screen again."""

    BINDINGS: ClassVar[list[BindingType]] = READING_PANE_BINDINGS

    DEFAULT_CSS = """
    DetailView { overflow-x: hidden; overflow-y: scroll; scrollbar-size-vertical: 1;
                 padding: 0 0 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content: RenderableType = detail(None, None)
        self._lines: list[Strip] = []
        self._width = 0

    def show(self, event: Event | None, index: TimelineIndex | None) -> None:
        self.show_renderable(detail(event, index))

    def show_renderable(self, content: RenderableType) -> None:
        """Show anything: a quote, a figure's group, an article (the lookup views)."""
        self._content = content
        self._width = 0
        self._render_lines()
        self.scroll_to(y=0, animate=False, immediate=True)

    def _render_lines(self) -> None:
        width = max(self.scrollable_content_region.width, 1)
        if width == self._width and self._lines:
            return
        self._width = width
        console = self.app.console
        options = console.options.update(width=width, height=None, highlight=False)
        rendered = console.render_lines(self._content, options, pad=False)
        self._lines = [Strip(line) for line in rendered]
        set_virtual_height(self, len(self._lines))
        self.refresh()

    def on_resize(self) -> None:
        self._render_lines()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + round(self.scroll_offset.y)
        style = self.rich_style
        if not self._lines:
            self._render_lines()
        if row >= len(self._lines):
            return Strip.blank(width, style)
        return self._lines[row].crop(0, width).adjust_cell_length(width, style).apply_style(
            style)

    def action_back(self) -> None:
        from dateline.tui.source_view import SourceView

        self.post_message(SourceView.Back())
