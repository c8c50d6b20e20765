"""The message log: everything the status line said (ingest results, skipped files, hints), in
order, so a message that has left the status line can still be read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from dateline.core.timeline.display import one_line

SEVERITY_STYLE = {"information": "", "warning": "bold", "error": "bold reverse"}


def log_text(lines: Sequence[tuple[str, str]]) -> Text:
    text = Text(end="")
    if not lines:
        text.append("Nothing yet.", "italic")
    for number, (severity, message) in enumerate(lines):
        if number:
            text.append("\n")
        if severity != "information":
            text.append(f"{severity}: ", SEVERITY_STYLE.get(severity, ""))
        text.append(one_line(message))
    return text


class LogScreen(ModalScreen[None]):
    """Every message of this session. Esc, q or L closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,L", "close", "Close the log"),
        Binding("down,j", "scroll(1)", "Scroll down", show=False),
        Binding("up,k", "scroll(-1)", "Scroll up", show=False),
    ]

    DEFAULT_CSS = """
    LogScreen { align: center middle; }
    LogScreen > VerticalScroll {
        width: 90; max-width: 100%; height: 80%; border: round $accent;
        background: $surface; padding: 0 1;
    }
    """

    def __init__(self, lines: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Messages"
            scroll.border_subtitle = "Esc closes"
            yield Static(log_text(self.lines), id="log-body")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)
