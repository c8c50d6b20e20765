"""The message log: everything the status line said (ingest results, skipped files, hints), in
order, so a message that has left the status line can still be read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from dateline.core.timeline.display import one_line
from dateline.tui.help import SCROLL_BINDINGS, TextOverlay

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


class LogScreen(TextOverlay):
    """Every message of this session. Esc, q or L closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,L", "close", "Close the log"),
        *SCROLL_BINDINGS,
    ]

    DEFAULT_CSS = """
    LogScreen { align: center middle; }
    LogScreen > VerticalScroll {
        width: 90; max-width: 100%; height: 80%; border: round $accent;
        background: $surface; padding: 0 1;
    }
    """
    FRAME_TITLE = "Messages"
    BODY_ID = "log-body"

    def __init__(self, lines: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.lines = list(lines)

    def body(self) -> Text:
        return log_text(self.lines)
