"""The help overlay: every key binding of every pane, generated from the bindings themselves so
it cannot fall behind them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

Section = tuple[str, Sequence[BindingType]]

LEGEND = (
    ("Dates", "2024-10-08 a day · 2024-10 a month · 2024-W40 a week · 1970s a decade · "
     "~ approximate · 2024-10-08…13 a range · 2023… since then"),
    ("Marks", "≠ the sources disagree (date or figure) · • a search hit · SRC sources"),
    ("Stances", "asserted: underlined · denied: bold · hedged: italic"),
)


def keys_of(binding: BindingType) -> list[str]:
    """The keys a binding answers to, as the help shows them."""
    key = binding.key if isinstance(binding, Binding) else binding[0]
    return [format_key(k.strip()) for k in key.split(",")]


def description_of(binding: BindingType) -> str:
    if isinstance(binding, Binding):
        return binding.tooltip or binding.description or binding.action
    return binding[2] if len(binding) > 2 else binding[1]


def help_table(sections: Iterable[Section]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", no_wrap=True, style="bold")
    table.add_column()
    for title, bindings in sections:
        table.add_row(Text(""), Text(""))
        table.add_row(Text(""), Text(title, style="bold underline"))
        for binding in bindings:
            table.add_row(Text(" / ".join(keys_of(binding))), Text(description_of(binding)))
    table.add_row(Text(""), Text(""))
    for title, text in LEGEND:
        table.add_row(Text(title, style="italic"), Text(text))
    return table


# The scrolling keys every text overlay shares; each lists them beside its own close keys.
SCROLL_BINDINGS: list[BindingType] = [
    Binding("down,j", "scroll(1)", "Scroll down", show=False),
    Binding("up,k", "scroll(-1)", "Scroll up", show=False),
]


class TextOverlay(ModalScreen[None]):
    """A framed, scrolling text over the app (help, the message log), closed by its keys."""

    FRAME_TITLE = ""
    BODY_ID = ""

    def body(self) -> RenderableType:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = self.FRAME_TITLE
            scroll.border_subtitle = "Esc closes"
            yield Static(self.body(), id=self.BODY_ID)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)


class HelpScreen(TextOverlay):
    """Every binding, by pane. Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close help"),
        *SCROLL_BINDINGS,
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: 90%; border: round $accent;
        background: $surface; padding: 0 1;
    }
    """
    FRAME_TITLE = "dateline keys"
    BODY_ID = "help-body"

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__()
        self.table = help_table([*sections, ("This help", self.BINDINGS)])

    def body(self) -> RenderableType:
        return self.table
