"""The dateline app: the main screen (`tui.main`), its command palette and help, and the key
handling that never loses a key typed fast.

Keys over SSH often arrive in one burst: "/pact" as five keys at once. Textual gives focus to
a new input a moment after it is asked to, and keys that arrive in that moment would go to the
timeline (the 'a' of "pact" would open the actor picker). So a key that opens a prompt starts a
*typeahead*: the keys after it are held, in order, until the prompt's input has focus, then
typed into it (`DatelineApp.typeahead_ready`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from importlib.resources import files

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from dateline.tui.data import TimelineSource
from dateline.tui.help import Section
from dateline.tui.main import MainScreen

__all__ = ["PALETTE", "DatelineApp", "MainScreen", "help_sections"]

# The main screen's keys that open a prompt; what is typed after them goes into it.
PROMPT_KEYS = frozenset({"slash", "t", "f", "a", "c"})
# Keys held longer than this without a prompt opening are let go, as typed.
TYPEAHEAD_WAIT = 2.0


def help_sections() -> list[Section]:
    """The bindings of every part of the app, in the order the help shows them."""
    from dateline.tui.listing import ListingView
    from dateline.tui.prompts import PickerScreen, PromptBar
    from dateline.tui.source_view import SourceView
    from dateline.tui.timeline import TimelineView

    return [
        ("Everywhere", [*MainScreen.BINDINGS,
                        Binding("ctrl+p", "command_palette", "Command palette: every action"),
                        Binding("ctrl+q", "quit", "Quit")]),
        ("Timeline (1)", TimelineView.BINDINGS),
        ("Key dates, quotes, figures, articles (2–5)", ListingView.BINDINGS),
        ("Source and detail panes", SourceView.BINDINGS),
        ("Filter picker (f, a, c)", [*PickerScreen.BINDINGS]),
        ("Search, jump and export prompt (/, t)", [*PromptBar.BINDINGS,
                                                   Binding("enter", "accept", "Search / jump")]),
    ]


# The command palette offers every action of the main screen: (title, help, action name).
PALETTE: Sequence[tuple[str, str, str]] = (
    ("Timeline view", "1 — every event by date", "view('timeline')"),
    ("Key dates view", "2 — the days the sources say most happened", "view('keydates')"),
    ("Quotes view", "3 — every claim by speaker, dated or not", "view('quotes')"),
    ("Figures view", "4 — numbers side by side, ≠ where sources disagree", "view('figures')"),
    ("Articles view", "5 — every article with its date and events", "view('articles')"),
    ("Filter by actor or country", "f — fuzzy pick; filters combine", "filter"),
    ("Filter by actor", "a", "pick_actor"),
    ("Filter by country", "c", "pick_country"),
    ("Minimum number of sources", "m — 1, 2, 3", "min_sources"),
    ("Order by date or by sources", "o", "order"),
    ("Show or hide reported events", "r — dated by their report only", "reported"),
    ("Clear filters", "Esc — then clears the search", "clear"),
    ("Search events and claims", "/ — then n / N", "search"),
    ("Next search hit", "n", "next_hit"),
    ("Previous search hit", "N", "previous_hit"),
    ("Jump to a date or keep a range", "t — 2024-10, 1973, 2024-10..2024-11", "jump"),
    ("Open the source", "Enter — the article of the selected row", "open_source"),
    ("Next source", "s — the event's next article", "next_source"),
    ("Copy the selected row", "y — to the clipboard (OSC 52)", "copy"),
    ("Export the current view…", "the events shown, as .json, .csv, .ics, .timelinejs.json",
     "export"),
    ("Messages", "L — ingest results and skipped files", "log"),
    ("First row", "g", "first"),
    ("Last row", "G", "last"),
    ("Next pane", "Tab", "pane(1)"),
    ("Help: every key", "?", "help"),
)
# Textual's own commands that work here; its "Keys" panel and "Screenshot" do not fit the app.
KEPT_SYSTEM_COMMANDS = frozenset({"Theme", "Change theme"})


class DatelineApp(App[None]):
    """dateline: one browsable timeline of dated events and attributed claims."""

    TITLE = "dateline"
    CSS = files("dateline.tui").joinpath("app.tcss").read_text(encoding="utf-8")

    def __init__(self, source: TimelineSource, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.source = source
        # Tests turn blinking off so that screenshots do not depend on when they are taken.
        self.cursor_blink = cursor_blink
        self._typeahead: list[events.Key] | None = None
        self._typeahead_timer: Timer | None = None

    def get_default_screen(self) -> Screen:
        return MainScreen(self.source)

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    # Typeahead ------------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._typeahead is not None:
                self._typeahead.append(event)  # a prompt is opening: hold the key for it
                return
            if self._opens_prompt(event):
                self._typeahead = []
                self._typeahead_timer = self.set_timer(TYPEAHEAD_WAIT, self.release_typeahead)
        await super().on_event(event)

    def _opens_prompt(self, event: events.Key) -> bool:
        return (event.key in PROMPT_KEYS and len(self.screen_stack) == 1
                and isinstance(self.screen, MainScreen)
                and not isinstance(self.focused, Input))

    def typeahead_ready(self, feed: Callable[[events.Key], None]) -> None:
        """A prompt's input has focus: type into it what was held, in order."""
        keys, self._typeahead = self._typeahead or [], None
        if self._typeahead_timer is not None:
            self._typeahead_timer.stop()
            self._typeahead_timer = None
        for key in keys:
            feed(key)

    def release_typeahead(self) -> None:
        """No prompt opened: the held keys run as typed."""
        keys, self._typeahead = self._typeahead or [], None
        self._typeahead_timer = None
        for key in keys:
            self.post_message(key)

    # Palette --------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        main = self.main
        for title, help_text, action in PALETTE:
            yield SystemCommand(title, help_text, _palette_action(main, action))
        for command in super().get_system_commands(screen):
            if command.title in KEPT_SYSTEM_COMMANDS:
                yield command
        yield SystemCommand("Quit", "q", self.exit)


def _palette_action(main: MainScreen, action: str) -> Callable[[], None]:
    def run() -> None:
        if action in ("first", "last"):
            widget = main.list_widget
            getattr(widget, f"action_{action}")()
        elif action == "open_source":
            if main.mode == "timeline":
                main.timeline.action_open()
            else:
                main.listing.action_choose()
        else:
            main.call_later(main.run_action, action)

    return run
