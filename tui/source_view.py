"""The source pane: the article an event mention comes from, with its claims and the event's
clause highlighted at the core's offsets, and the clause scrolled into view.

Claims differ by stance without colour too: asserted underlined, denied bold, hedged italic.
The mention's clause has a tinted background and a bar in the gutter; its date is reversed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dateline.core.model import Article, Claim, EventMention
from dateline.core.timeline.display import one_line
from dateline.tui.text import (
    READING_PANE_BINDINGS,
    display_text,
    line_of,
    set_virtual_height,
    wrap_offsets,
)

GUTTER = 2
STANCE_STYLES = {"assert": "source--assert", "deny": "source--deny", "hedge": "source--hedge"}
STANCE_WORDS = {"assert": "asserted", "deny": "denied", "hedge": "hedged"}


@dataclass(slots=True)
class Shown:
    """What the pane shows: an article, the mention to mark, the article's claims."""

    article: Article
    mention: EventMention | None
    claims: list[Claim]
    which: int = 1  # this source's number among the event's sources
    of: int = 1
    span: tuple[int, int] | None = None  # without a mention: a quote or figure to mark

    @property
    def marked(self) -> tuple[int, int] | None:
        """The stretch of text to mark and scroll to: the mention's, else `span`."""
        if self.mention is not None:
            return self.mention.start, self.mention.end
        return self.span


class SourceView(ScrollView, can_focus=True):
    """An article, wrapped to the pane's width; only the lines on screen are drawn."""

    BINDINGS: ClassVar[list[BindingType]] = READING_PANE_BINDINGS

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "source--assert",
        "source--deny",
        "source--hedge",
        "source--speaker",
        "source--event",
        "source--timex",
        "source--gutter",
        "source--empty",
    }

    DEFAULT_CSS = """
    SourceView { overflow-x: hidden; overflow-y: scroll; scrollbar-size-vertical: 1; }
    SourceView > .source--assert { text-style: underline; color: $text-success; }
    SourceView > .source--deny { text-style: bold; color: $text-error; }
    SourceView > .source--hedge { text-style: italic; color: $text-warning; }
    SourceView > .source--speaker { color: $text-secondary; }
    SourceView > .source--event { background: $primary 30%; }
    SourceView > .source--timex { text-style: reverse; }
    SourceView > .source--gutter { color: $primary; }
    SourceView > .source--empty { color: $foreground-muted; text-style: italic; }
    """

    class Back(Message):
        """Escape in the source: focus the timeline again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: Shown | None = None
        self._text = Text()
        self._lines: list[tuple[int, int]] = []
        self._width = 0
        self._marked: tuple[int, int] | None = None  # first and last line of the mention

    def spans_style(self, component: str) -> Style:
        """A component's own style, without the widget's background: laid over a row or a
        span, it must not paint over the cursor's or the marked clause's background."""
        return self.get_component_rich_style(component, partial=True)

    def show(self, shown: Shown | None) -> None:
        """Show an article and scroll its mention into view."""
        self.shown = shown
        self._text = self._styled(shown) if shown else Text()
        self._width = 0  # re-wrap
        self._layout()
        self.scroll_to_mention()

    def _styled(self, shown: Shown) -> Text:
        """The article as a `Text` with a style span per annotation: offsets, never searching."""
        text = Text(display_text(shown.article.text), no_wrap=True, end="")
        component = self.spans_style
        length = len(text.plain)

        def mark(start: int | None, end: int | None, style: Style) -> None:
            if start is not None and end is not None and 0 <= start < end <= length:
                text.stylize(style, start, end)

        if shown.marked is not None:
            mark(*shown.marked, component("source--event"))
        for claim in shown.claims:
            mark(claim.start, claim.end, component(STANCE_STYLES.get(claim.stance,
                                                                     "source--assert")))
            mark(claim.speaker_start, claim.speaker_end, component("source--speaker"))
        if shown.mention is not None:
            timex = shown.mention.timex
            mark(timex.start, timex.end, component("source--timex"))
        return text

    def _layout(self) -> None:
        width = max(self.scrollable_content_region.width - GUTTER, 10)
        if width == self._width and self._lines:
            return
        self._width = width
        self._lines = wrap_offsets(self._text.plain, width) if self.shown else []
        self._marked = None
        marked = self.shown.marked if self.shown else None
        if marked is not None and self._lines:
            start, end = marked
            self._marked = (line_of(self._lines, start), line_of(self._lines, max(end - 1, start)))
        set_virtual_height(self, len(self._lines))
        self.refresh()

    def scroll_to_mention(self) -> None:
        """Scroll so the mention's first line sits a third of the way down the pane."""
        if self._marked is None:
            self.scroll_to(y=0, animate=False, immediate=True)
            return
        height = self.scrollable_content_region.height
        self.scroll_to(y=max(self._marked[0] - height // 3, 0), animate=False, immediate=True)

    def on_resize(self) -> None:
        if self.shown is not None:
            old = self._width
            self._layout()
            if old != self._width:
                self.scroll_to_mention()

    def action_back(self) -> None:
        self.post_message(self.Back())

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = y + round(self.scroll_offset.y)
        if self.shown is None:
            if y == 0:
                empty = Text(" No event selected.", style=self.spans_style(
                    "source--empty"), end="")
                return Strip(list(empty.render(self.app.console))).adjust_cell_length(
                    width, base).apply_style(base)
            return Strip.blank(width, base)
        if row >= len(self._lines):
            return Strip.blank(width, base)
        start, end = self._lines[row]
        marked = self._marked is not None and self._marked[0] <= row <= self._marked[1]
        line = Text(no_wrap=True, end="")
        line.append("▌ " if marked else "  ", self.spans_style("source--gutter"))
        piece = self._text[start:end]
        piece.rstrip()  # the spaces at a break are the line's end, not content to draw
        line.append_text(piece)
        segments = list(line.render(self.app.console))
        return Strip(segments).crop(0, width).adjust_cell_length(width, base).apply_style(base)


def header_lines(shown: Shown | None) -> list[Text]:
    """Title on top, then outlet, date, which source of how many, and the stance legend."""
    if shown is None:
        return [Text("Source", style="bold", end=""), Text("", end="")]
    article = shown.article
    title = Text(one_line(article.title or f"Untitled article {article.id}"), style="bold",
                 no_wrap=True, end="")
    info = Text(no_wrap=True, end="")
    info.append(one_line(article.outlet or "unknown outlet"))
    if article.published:
        info.append(f" · {article.published.isoformat()}")
        if article.published_source == "inferred":
            info.append(" (inferred)", "italic")
    if shown.mention is not None:
        info.append(f" · source {shown.which}/{shown.of}")
    if shown.of > 1:
        info.append(" (s: next)", "dim")
    info.append("  ")
    info.append("asserted", "underline")
    info.append(" ")
    info.append("denied", "bold")
    info.append(" ")
    info.append("hedged", "italic")
    return [title, info]
