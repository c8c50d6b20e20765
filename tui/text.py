"""Terminal text for the app: article text as `rich.text.Text` built from plain strings (never
markup), made safe, and wrapped into lines that remember their offsets into the article.

Offsets are the core's: a wrapped line is a (start, end) slice of `Article.text`, so a span the
core found is highlighted at exactly its offsets, and the line holding it is known without
searching the text again.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget

from dateline.core.timeline.display import one_line, safe_text

_WORD = re.compile(r"\S+\s*|\s+")


# The keys of the two reading panes (detail and source): scroll, and Esc back to the timeline.
READING_PANE_BINDINGS: list[BindingType] = [
    Binding("up,k", "scroll_up", "Scroll up", show=False),
    Binding("down,j", "scroll_down", "Scroll down", show=False),
    Binding("pageup", "page_up", "Page up", show=False),
    Binding("pagedown", "page_down", "Page down", show=False),
    Binding("g,home", "scroll_home", "Top", show=False),
    Binding("G,end", "scroll_end", "Bottom", show=False),
    Binding("escape", "back", "Back to timeline", show=False),
]


def display_text(text: str) -> str:
    """Article text as it may be printed: controls replaced one-for-one, tabs as spaces."""
    return safe_text(text).replace("\t", " ")


def plain(text: str, style: str = "") -> Text:
    """A `Text` of `text` taken literally: '[bold]' stays '[bold]', controls are replaced."""
    return Text(one_line(text), style=style, no_wrap=True, end="")


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Word-wrap `text` to `width` cells: (start, end) offsets of each line, newlines excluded.

    Spaces at a break stay at the end of the line they follow (they are cropped when drawn);
    a word wider than the line is cut at the width.
    """
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        end_of_paragraph = offset + len(paragraph)
        if not paragraph:
            lines.append((offset, offset))
        line_start, used = offset, 0
        for match in _WORD.finditer(paragraph):
            word = match.group()
            stripped = word.rstrip()
            start = offset + match.start()
            need = cell_len(stripped)
            if used and used + need > width:
                lines.append((line_start, start))
                line_start, used = start, 0
            while need > width:  # a word longer than a line: cut it
                cut = _cut(word, width)
                lines.append((start, start + cut))
                start += cut
                word = word[cut:]
                stripped = word.rstrip()
                need = cell_len(stripped)
                line_start = start
            used += cell_len(word)
        if paragraph and line_start < end_of_paragraph:
            lines.append((line_start, end_of_paragraph))
        offset = end_of_paragraph + 1
    return lines


def _cut(word: str, width: int) -> int:
    """How many characters of `word` fit in `width` cells (at least one)."""
    used = 0
    for index, char in enumerate(word):
        used += cell_len(char)
        if used > width:
            return max(index, 1)
    return len(word)


def line_of(lines: list[tuple[int, int]], offset: int) -> int:
    """The index of the wrapped line holding character `offset`."""
    low, high = 0, len(lines) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if lines[middle][0] <= offset:
            low = middle
        else:
            high = middle - 1
    return max(low, 0)


def truncate(text: Text, width: int) -> Text:
    """`text` cut to `width` cells with an ellipsis when it is longer."""
    if text.cell_len <= width:
        return text
    cut = text.copy()
    cut.truncate(max(width, 1), overflow="ellipsis")
    return cut


def set_virtual_height(widget: ScrollView, height: int) -> None:
    """Give a Line-API view a new content height without laying out the whole screen.

    Assigning `virtual_size` asks for a layout of the screen (it is a layout reactive), which at
    120x40 costs more than drawing the pane; these panes always show their scrollbar, so only the
    scrollbar's proportions change. Falls back to the assignment if Textual's internals moved.
    """
    size = Size(0, max(height, 1))
    if widget.virtual_size == size:
        return
    update = getattr(widget, "_scroll_update", None)
    if update is None or not widget.is_mounted:
        widget.virtual_size = size
        return
    widget.set_reactive(Widget.virtual_size, size)
    update(size)
    widget.refresh()
