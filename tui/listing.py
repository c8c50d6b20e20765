"""The lookup views (key dates, quotes, figures, articles): one Line-API list with a cursor, and
how each view draws its rows.

Rows are plain data from `core.timeline.lookup` (a heading is a row without a target); each is
drawn only when on screen, so a view of 30,000 quotes costs what fifty do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dateline.core.model import Article
from dateline.core.timeline.display import one_line, short_id
from dateline.core.timeline.figures import Figure, FigureGroup, format_value
from dateline.core.timeline.lookup import ArticleRow, KeyDateRow, Quote
from dateline.tui.detail import STANCE_STYLE, STANCE_WORD
from dateline.tui.text import set_virtual_height, truncate

CURSOR_MARK = "▶"

# The views, by key: (name, title, the pane's column titles).
VIEWS: dict[str, tuple[str, str]] = {
    "timeline": ("1", "Timeline"),
    "keydates": ("2", "Key dates"),
    "quotes": ("3", "Quotes"),
    "figures": ("4", "Figures"),
    "articles": ("5", "Articles"),
}


@dataclass(frozen=True, slots=True)
class Row:
    """A heading (target None) or an item of a view."""

    heading: str | None
    target: object | None = None


@dataclass(frozen=True, slots=True)
class FigureAt:
    """A figure of a group, as a row's target (the group is shown beside it in the detail)."""

    group: FigureGroup
    at: int

    @property
    def figure(self) -> Figure:
        return self.group.figures[self.at]


Formatter = Callable[[object, Style], Text]


class ListingView(ScrollView, can_focus=True):
    """The rows of one lookup view; the cursor rests on items, never on headings."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Previous row", show=False),
        Binding("down,j", "move(1)", "Next row", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("g,home", "first", "First row", show=False),
        Binding("G,end", "last", "Last row", show=False),
        Binding("enter", "choose", "Open", key_display="⏎", show=False,
                tooltip="Key dates: jump to the day in the timeline; quotes, figures, "
                "articles: show in the source"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"listing--cursor", "listing--heading",
                                             "listing--empty", "listing--dim",
                                             "listing--mark"}

    DEFAULT_CSS = """
    ListingView { overflow-x: hidden; overflow-y: scroll; scrollbar-size-vertical: 1; }
    ListingView > .listing--cursor { background: $primary 40%; text-style: bold; }
    ListingView:focus > .listing--cursor { background: $primary; color: $text; }
    ListingView > .listing--heading { color: $text-secondary; text-style: bold; }
    ListingView > .listing--empty { color: $foreground-muted; text-style: italic; }
    ListingView > .listing--dim { color: $foreground-muted; }
    ListingView > .listing--mark { color: $text-error; text-style: bold; }
    """

    class Highlighted(Message):
        def __init__(self, target: object | None) -> None:
            self.target = target
            super().__init__()

    class Chosen(Message):
        def __init__(self, target: object) -> None:
            self.target = target
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[Row] = ()
        self.items: list[int] = []  # row numbers of the items, ascending
        self.cursor: int | None = None  # an index into items
        self.formatter: Formatter | None = None
        self.empty_message = ""

    @property
    def target(self) -> object | None:
        if self.cursor is None or not self.items:
            return None
        return self.rows[self.items[self.cursor]].target

    def set_rows(self, rows: Sequence[Row], formatter: Formatter, message: str,
                 keep: object | None = None) -> None:
        """Show new rows; the cursor goes to the row whose target is `keep`, else the first."""
        self.rows, self.formatter, self.empty_message = rows, formatter, message
        self.items = [n for n, row in enumerate(rows) if row.target is not None]
        set_virtual_height(self, len(rows))  # no layout pass: the scrollbar always shows
        at = next((k for k, n in enumerate(self.items) if rows[n].target == keep), 0)
        self.cursor = None
        self.refresh()
        self.move_to(at, force=True)
        self.call_after_refresh(self._scroll_to_cursor)

    def move_to(self, item: int, force: bool = False) -> None:
        if not self.items:
            changed = self.cursor is not None or force
            self.cursor = None
            if changed:
                self.post_message(self.Highlighted(None))
            return
        item = max(0, min(item, len(self.items) - 1))
        if item == self.cursor and not force:
            return
        self.cursor = item
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.target))

    def _scroll_to_cursor(self) -> None:
        if self.cursor is None or not self.items:
            return
        row = self.items[self.cursor]
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_offset.y)
        # Keep a heading just above the first item of its group in sight.
        wanted = row - 1 if row > 0 and self.rows[row - 1].target is None else row
        if wanted < top:
            self.scroll_to(y=wanted, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        if self.cursor is not None:
            self.move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        if self.cursor is not None:
            self.move_to(self.cursor + step * max(self.scrollable_content_region.height - 1, 1))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.items) - 1)

    def action_choose(self) -> None:
        if self.target is not None:
            self.post_message(self.Chosen(self.target))

    def on_click(self, event: events.Click) -> None:
        row = event.y + round(self.scroll_offset.y)
        if row in self.items:
            self.move_to(self.items.index(row))
            if event.chain > 1:
                self.action_choose()

    def on_resize(self) -> None:
        self._scroll_to_cursor()

    def spans_style(self, component: str) -> Style:
        return self.get_component_rich_style(component, partial=True)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = y + round(self.scroll_offset.y)
        if not self.rows or self.formatter is None:
            if y == 0:
                return self._strip(Text(" " + self.empty_message,
                                        style=self.spans_style("listing--empty")), width, base)
            return Strip.blank(width, base)
        if row >= len(self.rows):
            return Strip.blank(width, base)
        entry = self.rows[row]
        if entry.target is None:
            label = f"── {entry.heading} "
            line = Text(label + "─" * max(width - len(label), 0),
                        style=self.spans_style("listing--heading"), end="")
            return self._strip(line, width, base)
        is_cursor = self.cursor is not None and self.items[self.cursor] == row
        style = base + self.get_component_rich_style("listing--cursor") if is_cursor else base
        line = Text(f"{CURSOR_MARK if is_cursor else ' '} ", end="")
        dim = self.spans_style("listing--dim")
        line.append_text(self.formatter(entry.target, dim.without_color if is_cursor else dim))
        return self._strip(line, width, style)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text = truncate(text, width)
        return Strip(list(text.render(self.app.console))).adjust_cell_length(
            width, style).apply_style(style)


# How each view draws an item --------------------------------------------------------------


def key_date_line(row: object, dim: Style, text_of: Callable[[int], str] | None = None
                  ) -> Text:
    assert isinstance(row, KeyDateRow)
    line = Text(no_wrap=True, end="")
    line.append(row.key.date.isoformat() + " ", "bold")
    line.append(f"{row.sources:>3} src ", dim)
    line.append(f"{len(row.events):>3} ev  ", dim)
    if text_of is not None and row.best is not None:
        line.append(one_line(text_of(row.best)))
    return line


def quote_date(quote: Quote) -> str:
    if quote.day is None:
        return "undated"
    return f"reported {quote.day.isoformat()}" if quote.reported else quote.day.isoformat()


def quote_line(row: object, dim: Style) -> Text:
    assert isinstance(row, Quote)
    claim = row.claim
    line = Text(no_wrap=True, end="")
    line.append(quote_date(row).ljust(20), dim if row.reported else "")
    line.append(STANCE_WORD.get(claim.stance, claim.stance), STANCE_STYLE.get(claim.stance, ""))
    line.append(f" ({one_line(claim.cue)}) ", dim)
    line.append("“" + one_line(claim.text) + "”")
    return line


def figure_line(row: object, dim: Style, articles: dict[str, Article] | None = None) -> Text:
    assert isinstance(row, FigureAt)
    figure = row.figure
    line = Text(no_wrap=True, end="")
    line.append("≠ " if row.at in row.group.disputed else "  ", "bold")
    line.append(format_value(figure.value).rjust(11) + "  ", "bold")
    day = figure.day.isoformat() if figure.day else "undated"
    line.append(day + ("r " if figure.reported else "  "), dim)
    article = (articles or {}).get(figure.article_id)
    source = short_id(figure.article_id) + (f" {one_line(article.outlet)}" if article and
                                            article.outlet else "")
    line.append(source[:22].ljust(23))
    line.append("“" + figure.text + "”")
    if figure.speaker:
        line.append(f" — {one_line(figure.speaker)}", dim)
    return line


def article_line(row: object, dim: Style) -> Text:
    assert isinstance(row, ArticleRow)
    article = row.article
    line = Text(no_wrap=True, end="")
    line.append(article.published.isoformat() if article.published else "undated   ", "bold")
    how = {"metadata": "given", "inferred": "inferred"}.get(article.published_source or "", "")
    line.append(f" {how:<8} ", dim)
    line.append(f"{len(row.events):>3} ev  ", dim)
    line.append(one_line(article.outlet or "unknown outlet")[:20].ljust(21))
    line.append(one_line(article.title or first_line(article.text)))
    return line


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def view_header(mode: str) -> Text:
    """The column titles of a lookup view."""
    titles = {
        "keydates": "  DAY        SOURCES EVENTS  BEST SENTENCE",
        "quotes": "  DATE                STANCE (CUE) QUOTE — by speaker",
        "figures": "  ≠       FIGURE  DATE        SOURCE                 AS WRITTEN",
        "articles": "  PUBLISHED  (DATE)  EVENTS  OUTLET               TITLE",
    }
    return Text(titles.get(mode, ""), no_wrap=True, end="")
