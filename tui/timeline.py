"""The timeline pane: one row per event in date order, a heading before each year.

A Line-API `ScrollView`: it draws only the rows on screen, each from the event it shows, so
100,000 events cost no more to open or scroll than fifty (Textual's DataTable needs seconds to
first paint at that size, ListView one widget per row).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dateline.core.model import Event
from dateline.core.timeline.browse import YearRows
from dateline.core.timeline.display import event_when, one_line
from dateline.tui.text import set_virtual_height, truncate

DATE_WIDTH = 15  # "~2024-10-08…13" and a space; longer labels push the row, never truncate
SOURCES_WIDTH = 4
CONFLICT_MARK = "≠"
HIT_MARK = "•"
CURSOR_MARK = "▶"


def source_count(event: Event) -> int:
    return len({mention.article_id for mention in event.mentions})


class TimelineView(ScrollView, can_focus=True):
    """The events of the current view; the cursor is a position in that view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Previous event", show=False),
        Binding("down,j", "cursor_down", "Next event", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("g,home", "first", "First event", show=False),
        Binding("G,end", "last", "Last event", show=False),
        Binding("enter", "open", "Source", key_display="⏎", show=False,
                tooltip="Open the selected event's source article"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--cursor",
        "timeline--year",
        "timeline--date",
        "timeline--approximate",
        "timeline--sources",
        "timeline--conflict",
        "timeline--hit",
        "timeline--match",
        "timeline--empty",
    }

    DEFAULT_CSS = """
    TimelineView {
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
    }
    TimelineView > .timeline--cursor { background: $primary 40%; text-style: bold; }
    TimelineView:focus > .timeline--cursor { background: $primary; color: $text; }
    TimelineView > .timeline--year { color: $secondary; text-style: bold; }
    TimelineView > .timeline--date { color: $text-primary; }
    TimelineView > .timeline--approximate { color: $text-warning; text-style: italic; }
    TimelineView > .timeline--sources { color: $foreground-muted; }
    TimelineView > .timeline--conflict { color: $text-error; text-style: bold; }
    TimelineView > .timeline--hit { color: $text-accent; text-style: bold; }
    TimelineView > .timeline--match { text-style: reverse; }
    TimelineView > .timeline--empty { color: $foreground-muted; text-style: italic; }
    """

    class Highlighted(Message):
        """The cursor moved to another event (None: the view is empty)."""

        def __init__(self, event_position: int | None) -> None:
            self.event_position = event_position
            super().__init__()

    class Opened(Message):
        """Enter on an event: show its source."""

        def __init__(self, event_position: int) -> None:
            self.event_position = event_position
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.events: Sequence[Event] = ()
        self.rows: YearRows = YearRows((), ())
        self.cursor: int | None = None  # a position in rows.view
        self.hits: frozenset[int] = frozenset()
        self.match_words: tuple[str, ...] = ()
        self.empty_message = "Loading…"
        self._styles: dict[str, Style] = {}

    # State ----------------------------------------------------------------------------------

    @property
    def view(self) -> Sequence[int]:
        return self.rows.view

    @property
    def event_position(self) -> int | None:
        """The timeline position of the event under the cursor."""
        if self.cursor is None or not self.view:
            return None
        return self.view[self.cursor]

    def set_rows(self, events: Sequence[Event], rows: YearRows, cursor: int | None = None,
                 message: str = "") -> None:
        """Show a new view; the cursor goes to `cursor` (a view position) or the first event."""
        self.events = events
        self.rows = rows
        self.empty_message = message
        set_virtual_height(self, len(rows))  # no layout pass: the scrollbar always shows
        self.cursor = None
        self.refresh()
        self.move_to(0 if cursor is None else cursor, force=True, far=True)
        # The scroll range follows the new size only after a refresh: scroll again then, or a
        # cursor far down (the story's present, a place kept after clearing filters) stays
        # off screen.
        self.call_after_refresh(self._scroll_to_cursor, True)

    def set_hits(self, hits: frozenset[int], words: tuple[str, ...]) -> None:
        self.hits = hits
        self.match_words = tuple(w for w in words if w)
        self.refresh()

    def move_to(self, position: int, force: bool = False, far: bool = False) -> None:
        """Put the cursor on view position `position` (clamped) and scroll it into view; a
        `far` move (a jump, a search hit) brings the row to a third of the way down, so what
        follows it is in sight too."""
        if not self.view:
            changed = self.cursor is not None or force
            self.cursor = None
            if changed:
                self.post_message(self.Highlighted(None))
            return
        position = max(0, min(position, len(self.view) - 1))
        if position == self.cursor and not force:
            return
        old, top = self.cursor, self.scroll_offset.y
        self.cursor = position
        self._scroll_to_cursor(far)
        if old is not None and not force and self.scroll_offset.y == top:
            # Nothing scrolled: repaint the two rows the cursor left and reached, not the pane.
            self.refresh_line(self.rows.row_of(old))
            self.refresh_line(self.rows.row_of(position))
        else:
            self.refresh()
        self.post_message(self.Highlighted(self.view[position]))

    def _scroll_to_cursor(self, far: bool = False) -> None:
        if self.cursor is None:
            return
        row = self.rows.row_of(self.cursor)
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_offset.y)
        # Keep the year heading in sight when the cursor is on the first event of a year.
        wanted_top = row - 1 if row > 0 and self.rows.at(row - 1)[0] is not None else row
        if far and not top <= row < top + height:
            self.scroll_to(y=max(wanted_top - height // 3, 0), animate=False, immediate=True)
        elif wanted_top < top:
            self.scroll_to(y=wanted_top, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    # Actions --------------------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        if self.cursor is not None:
            self.move_to(self.cursor - 1)

    def action_cursor_down(self) -> None:
        if self.cursor is not None:
            self.move_to(self.cursor + 1)

    def action_page_up(self) -> None:
        if self.cursor is not None:
            self.move_to(self.cursor - max(self.scrollable_content_region.height - 1, 1))

    def action_page_down(self) -> None:
        if self.cursor is not None:
            self.move_to(self.cursor + max(self.scrollable_content_region.height - 1, 1))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.view) - 1)

    def action_open(self) -> None:
        if self.event_position is not None:
            self.post_message(self.Opened(self.event_position))

    def on_click(self, event: events.Click) -> None:
        row = event.y + round(self.scroll_offset.y)
        if 0 <= row < len(self.rows):
            _, position = self.rows.at(row)
            if position is not None:
                self.move_to(position)
                if event.chain > 1:
                    self.action_open()

    def on_resize(self) -> None:
        self._scroll_to_cursor()

    # Drawing --------------------------------------------------------------------------------

    def spans_style(self, component: str) -> Style:
        """A component's own style, without the widget's background: laid over a row or a
        span, it must not paint over the cursor's or the marked clause's background. Cached
        until the styles change (a theme): every row asks for the same few."""
        cached = self._styles.get(component)
        if cached is None:
            cached = self._styles[component] = self.get_component_rich_style(component,
                                                                             partial=True)
        return cached

    def notify_style_update(self) -> None:
        self._styles = {}
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = y + round(self.scroll_offset.y)
        if not self.view:
            if y == 0:
                style = self.spans_style("timeline--empty")
                return self._strip(Text(" " + self.empty_message, style=style), width, base)
            return Strip.blank(width, base)
        if row >= len(self.rows):
            return Strip.blank(width, base)
        label, position = self.rows.at(row)
        if position is None:
            return self._year_strip(label or "", row, width, base)
        return self._event_strip(position, width, base)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text = truncate(text, width)
        segments = list(text.render(self.app.console))
        return Strip(segments).adjust_cell_length(width, style).apply_style(style)

    def _year_strip(self, years: str, row: int, width: int, base: Style) -> Strip:
        k = bisect_left(self.rows.heading_rows, row)
        count = self.rows.count(k)
        label = f"── {years} · {count} event{'s' if count != 1 else ''} "
        line = Text(label + "─" * max(width - len(label), 0), no_wrap=True, end="",
                    style=self.spans_style("timeline--year"))
        return self._strip(line, width, base)

    def _event_strip(self, position: int, width: int, base: Style) -> Strip:
        event_position = self.view[position]
        event = self.events[event_position]
        is_cursor = position == self.cursor
        # The cursor's whole style (not partial): its text colour is worked out against its
        # own background, so it stays readable in every theme.
        row_style = base + self.get_component_rich_style("timeline--cursor") if is_cursor \
            else base

        def component(name: str) -> Style:
            # On the cursor row the cursor's colours hold for every span (a primary-coloured
            # date on a primary background is unreadable); spans keep bold, italic, reverse.
            style = self.spans_style(name)
            return style.without_color if is_cursor else style

        line = Text(no_wrap=True, end="")
        line.append(f"{CURSOR_MARK if is_cursor else ' '} ")
        label = event_when(event)
        date_style = component("timeline--approximate" if event.approximate else
                               "timeline--date")
        line.append(label.ljust(DATE_WIDTH - 1) + " ", date_style)
        line.append(f"{source_count(event):>{SOURCES_WIDTH - 1}} ", component("timeline--sources"))
        line.append(CONFLICT_MARK if event.conflicts else " ", component("timeline--conflict"))
        line.append(HIT_MARK if event_position in self.hits else " ", component("timeline--hit"))
        line.append(" ")
        text = Text(one_line(event.text), no_wrap=True, end="")
        if self.match_words and event_position in self.hits:
            folded = text.plain.casefold()
            match_style = component("timeline--match")
            for word in self.match_words:
                start = folded.find(word)
                while start >= 0 and len(folded) == len(text.plain):
                    text.stylize(match_style, start, start + len(word))
                    start = folded.find(word, start + len(word))
        line.append_text(text)
        return self._strip(line, width, row_style)


def header_text(width: int) -> Text:
    """The column titles above the timeline rows."""
    title = "  " + "WHEN".ljust(DATE_WIDTH) + "SRC".rjust(SOURCES_WIDTH - 1) + " " \
        + CONFLICT_MARK + HIT_MARK + " EVENT"
    return Text(title[:width], no_wrap=True, end="")
