"""The dateline app: a timeline of events, the detail of the selected one, and its source.

The UI thread never runs the core's slow paths: loading, filtering, searching and jumping run in
`@work(thread=True)` workers that report back with messages named for what happened
(`EventsLoaded`, `FilterApplied`, `SearchFinished`, `DateJumped`). What stays on the UI thread
are constant-time lookups for the one event on screen.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from importlib.resources import files
from time import monotonic
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Label, ProgressBar, Static
from textual.worker import get_current_worker

from dateline.core.model import Event
from dateline.core.timeline.browse import (
    ACTOR,
    COUNTRY,
    Facet,
    TimelineIndex,
    YearRows,
    country_names,
    next_hit,
    preview_rows,
)
from dateline.core.timeline.display import describe_event, event_when, one_line, parse_jump
from dateline.tui.data import Loaded, StoreSource, TimelineSource
from dateline.tui.detail import DetailView
from dateline.tui.help import HelpScreen, Section
from dateline.tui.messages import (
    DateJumped,
    EventsLoaded,
    FacetsIndexed,
    FilterApplied,
    FirstEventsLoaded,
    IngestProgressed,
    LoadFailed,
    SearchFinished,
)
from dateline.tui.prompts import PickerScreen, PromptBar
from dateline.tui.source_view import Shown, SourceView, header_lines
from dateline.tui.timeline import TimelineView, header_text

PROGRESS_AFTER = 1.0  # seconds: a quicker ingest shows no progress bar at all
THROTTLE = 0.05  # seconds between two refills of the detail and source panes
# Events drawn before the whole timeline is loaded: more than a tall terminal shows.
PREVIEW_EVENTS = 200
PANES = ("timeline", "detail", "source")


class MainScreen(Screen[None]):
    """The one screen of the app; every key of the main view is bound here."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [(0, "-narrow"),
                                                                       (120, "-wide")]

    # The description is the footer's word; the tooltip is the help overlay's sentence.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "filter", "Filter",
                tooltip="Filter by actor or country: fuzzy autocomplete; filters combine"),
        Binding("a", "pick_actor", "Actor", show=False, tooltip="Filter by an actor"),
        Binding("c", "pick_country", "Country", show=False, tooltip="Filter by a country"),
        Binding("slash", "search", "Search",
                tooltip="Search events and claims (full text): as you type; Enter keeps the hits"),
        Binding("n", "next_hit", "Next hit", show=False, tooltip="Next search hit"),
        Binding("N", "previous_hit", "Prev hit", show=False, tooltip="Previous search hit"),
        Binding("t", "jump", "Jump",
                tooltip="Jump to a date: 2024-10-08, 2024-10, 2024-W40, 1973, 1970s"),
        Binding("s", "next_source", "Next src",
                tooltip="Show the selected event's next source (article)"),
        Binding("y", "copy", "Copy",
                tooltip="Copy the selected event (date, text, sources) to the clipboard"),
        Binding("escape", "clear", "Clear", show=False,
                tooltip="Clear the filters (again: clear the search)"),
        Binding("tab", "pane(1)", "Next pane", show=False,
                tooltip="Next pane: timeline, detail, source"),
        Binding("shift+tab", "pane(-1)", "Previous pane", show=False, tooltip="Previous pane"),
        Binding("question_mark", "help", "Help", tooltip="This help: every key"),
        Binding("q", "quit", "Quit", tooltip="Quit dateline"),
    ]

    def __init__(self, source: TimelineSource) -> None:
        super().__init__()
        self.source = source
        self.index: TimelineIndex | None = None
        self.loaded: Loaded | None = None
        self.is_loading = True
        self.previewing = False  # the timeline shows the first events only (FirstEventsLoaded)
        self.filters: tuple[Facet, ...] = ()
        self.members: frozenset[int] | None = None
        self.query_text = ""
        self.hits: list[int] = []
        self.search_origin: int | None = None
        self.source_choice = 0  # which of the selected event's sources the source pane shows
        self.lower = "detail"  # the lower pane shown below 120 columns
        self.source_stale = True
        self.progress_total = 0
        self.shown_at = 0.0
        self.shown_position: int | None = None  # the event the detail pane shows
        self.show_timer: Timer | None = None

    # Layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with Vertical(id="body"):
            with Vertical(id="timeline-pane", classes="pane"):
                yield Static(id="timeline-title", classes="pane-title")
                yield TimelineView(id="timeline")
            with Horizontal(id="lower", classes="-show-detail"):
                with Vertical(id="detail-pane", classes="pane"):
                    yield Static(id="detail-title", classes="pane-title")
                    yield DetailView(id="detail")
                with Vertical(id="source-pane", classes="pane"):
                    yield Static(id="source-title", classes="pane-title")
                    yield SourceView(id="source")
        with Horizontal(id="progress-box"):
            yield Label("Reading articles…", id="progress-label")
            yield ProgressBar(id="progress", show_eta=False)
        yield PromptBar(id="prompt")
        yield Footer(compact=True)

    @property
    def timeline(self) -> TimelineView:
        return self.query_one(TimelineView)

    @property
    def wide(self) -> bool:
        return self.has_class("-wide")

    def on_mount(self) -> None:
        self.set_timer(PROGRESS_AFTER, self.show_progress)
        self.update_titles()
        self.update_status()
        self.timeline.focus()
        self.load()

    def on_resize(self) -> None:
        self.update_titles()

    def update_titles(self) -> None:
        width = self.size.width or 80
        # Fixed-size bars: repaint them without a layout pass (layout=False).
        self.query_one("#timeline-title", Static).update(header_text(width), layout=False)
        hint = "" if self.wide else " · Tab: source"
        self.query_one("#detail-title", Static).update(Text(f" Detail{hint}", end=""),
                                                       layout=False)
        self.update_source_title()

    def update_source_title(self) -> None:
        lines = header_lines(self.query_one(SourceView).shown)
        self.query_one("#source-title", Static).update(Text("\n", end="").join(
            Text(" ", end="") + line for line in lines), layout=False)

    def update_status(self) -> None:
        status = Text(no_wrap=True, end="")
        index = self.index
        if self.filters:
            status.append(" Filter: ", "bold")
            for number, facet in enumerate(self.filters):
                if number:
                    status.append(" + ")
                status.append(f"{facet.kind} ")
                status.append(one_line(facet.name), "bold reverse")
            total = len(index.events) if index else 0
            status.append(f" · {len(self.timeline.view)}/{total} events · Esc clears")
        else:
            status.append(" dateline", "bold")
            if index is None:
                status.append(" · loading…")
            else:
                status.append(f" · {len(index.events)} events from {len(index.articles)} "
                              f"article{'s' if len(index.articles) != 1 else ''}")
            status.append(" · no filter (f a c)", "dim")
        if self.query_text:
            shown = self._hits_in_view()
            status.append(" │ ")
            status.append(f"/{one_line(self.query_text)}", "bold")
            hidden = len(self.hits) - shown
            status.append(f" {shown} hit{'s' if shown != 1 else ''}"
                          + (f" ({hidden} filtered out)" if hidden else "")
                          + (" · n/N" if shown else ""))
        self.query_one("#status", Static).update(status, layout=False)

    def _hits_in_view(self) -> int:
        if self.members is None:
            return len(self.hits)
        return sum(1 for hit in self.hits if hit in self.members)

    # Loading --------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        def progress(done: int, total: int, name: str) -> None:
            self.post_message(IngestProgressed(done, total, name))

        # The first screen first: a big store takes seconds to load whole.
        try:
            preview = self.source.preview(PREVIEW_EVENTS)
        except Exception:  # a preview is a nicety: the load below reports what is wrong
            preview = None
        if preview is not None and preview.events:
            self.post_message(FirstEventsLoaded(preview))
        try:
            loaded = self.source.load(progress)
        except Exception as error:  # any failure must reach the screen, not kill the UI
            self.post_message(LoadFailed(f"{type(error).__name__}: {error}"))
            return
        # The timeline lives as long as the app: move it out of the garbage collector's sight.
        # Otherwise every full collection walks its millions of objects, and with 100k events
        # that is a visible pause on every keystroke that allocates.
        gc.freeze()
        index = TimelineIndex(loaded.timeline)
        self.post_message(EventsLoaded(loaded, index))
        # Facets after the first screen: drawing rows needs only the events.
        index.build_facets(country_names())
        self.post_message(FacetsIndexed(index))
        if not isinstance(self.source, StoreSource):
            index.haystacks()  # the in-memory search's text, ready before the first search
        gc.freeze()

    def on_ingest_progressed(self, message: IngestProgressed) -> None:
        self.progress_total = message.total
        bar = self.query_one(ProgressBar)
        bar.update(total=max(message.total, 1), progress=message.done)
        if message.total and message.done >= message.total:
            label = f"Read {message.total} articles; merging the timeline…"
        else:
            label = f"Reading {message.done + 1}/{message.total} {one_line(message.name)}"
        self.query_one("#progress-label", Label).update(Text(label, end=""))

    def show_progress(self) -> None:
        if self.is_loading and self.progress_total:
            self.query_one("#progress-box").add_class("-visible")

    def on_first_events_loaded(self, message: FirstEventsLoaded) -> None:
        if self.index is not None:
            return  # the whole timeline came first
        events = message.preview.events
        self.previewing = True
        self.timeline.set_rows(events, preview_rows(message.preview.year_counts, len(events)))

    def on_events_loaded(self, message: EventsLoaded) -> None:
        self.is_loading = False
        self.query_one("#progress-box").remove_class("-visible")
        self.index, self.loaded = message.index, message.loaded
        count = len(message.index.events)
        empty = "No events." if message.loaded.timeline.articles else \
            "No articles yet: start dateline with files or folders, e.g. dateline seeds/"
        # The preview's events are the timeline's first: the cursor stays where it was moved.
        cursor = self.timeline.cursor if self.previewing else None
        self.previewing = False
        self.timeline.set_rows(message.index.events, message.index.rows(range(count)), cursor,
                               message=empty)
        for error in message.loaded.errors[:3]:
            self.notify(one_line(error), title="Skipped", severity="warning", timeout=8)
        if len(message.loaded.errors) > 3:
            self.notify(f"{len(message.loaded.errors) - 3} more files skipped",
                        severity="warning", timeout=8)
        if message.loaded.note:
            self.notify(one_line(message.loaded.note), timeout=5)
        self.update_status()

    def on_facets_indexed(self, message: FacetsIndexed) -> None:
        self.update_status()

    def on_load_failed(self, message: LoadFailed) -> None:
        self.is_loading = False
        self.query_one("#progress-box").remove_class("-visible")
        self.timeline.empty_message = f"Could not load: {one_line(message.error)}"
        if self.previewing:  # the first events drawn are no timeline on their own
            self.previewing = False
            self.timeline.set_rows((), YearRows((), ()), message=self.timeline.empty_message)
        self.timeline.refresh()
        self.notify(one_line(message.error), title="Could not load", severity="error",
                    timeout=15)

    # The selected event ----------------------------------------------------------------------

    def current_event(self) -> Event | None:
        position = self.timeline.event_position
        if self.index is None or position is None:
            return None
        return self.index.events[position]

    @on(TimelineView.Highlighted)
    def highlighted(self, message: TimelineView.Highlighted) -> None:
        self.source_choice = 0
        if self.show_timer is not None:
            self.show_timer.stop()
            self.show_timer = None
        # At most one detail a THROTTLE: a held-down j scrolls the timeline at key-repeat
        # speed and fills the detail and source once the cursor rests (and at once for a
        # single key press).
        if monotonic() - self.shown_at >= THROTTLE:
            self.show_selected()
        else:
            self.show_timer = self.set_timer(THROTTLE, self.show_selected)

    def show_selected(self) -> None:
        """Fill the detail (and, where it shows, the source) with the selected event."""
        self.show_timer = None
        self.shown_at = monotonic()
        self.shown_position = self.timeline.event_position
        self.query_one(DetailView).show(self.current_event(), self.index)
        self.source_stale = True
        if self.wide or self.lower == "source":
            self.show_source()

    def show_source(self) -> None:
        event, index = self.current_event(), self.index
        shown = None
        if event is not None and index is not None and event.mentions:
            self.source_choice %= len(event.mentions)
            mention = event.mentions[self.source_choice]
            article = index.articles.get(mention.article_id)
            if article is not None:
                shown = Shown(article, mention, index.article_claims(article.id),
                              self.source_choice + 1, len(event.mentions))
        self.query_one(SourceView).show(shown)
        self.update_source_title()
        self.source_stale = False

    def set_lower(self, pane: str) -> None:
        """Below 120 columns, show the detail or the source pane under the timeline."""
        self.lower = pane
        lower = self.query_one("#lower")
        lower.set_class(pane == "detail", "-show-detail")
        lower.set_class(pane == "source", "-show-source")
        if pane == "source" and self.source_stale:
            self.show_source()

    @on(TimelineView.Opened)
    def opened(self, message: TimelineView.Opened) -> None:
        if self.shown_position != message.event_position:
            self.show_selected()  # Enter within the throttle: catch up first
        self.set_lower("source")
        if self.source_stale:
            self.show_source()
        self.call_after_refresh(self.query_one(SourceView).focus)

    @on(SourceView.Back)
    def back(self, message: SourceView.Back) -> None:
        self.timeline.focus()

    def action_next_source(self) -> None:
        event = self.current_event()
        if event is None:
            self.app.bell()
            return
        if len(event.mentions) < 2:
            self.notify("Only one source reports this event.", timeout=3)
        self.source_choice = (self.source_choice + 1) % max(len(event.mentions), 1)
        self.set_lower("source")
        self.show_source()

    def action_pane(self, step: int) -> None:
        widgets: dict[str, Widget] = {"timeline": self.timeline,
                                      "detail": self.query_one(DetailView),
                                      "source": self.query_one(SourceView)}
        current = next((name for name, widget in widgets.items()
                        if self.focused is not None
                        and (self.focused is widget or widget in self.focused.ancestors)),
                       "timeline")
        target = PANES[(PANES.index(current) + step) % len(PANES)]
        if target != "timeline":
            self.set_lower(target)
        self.call_after_refresh(widgets[target].focus)

    def action_copy(self) -> None:
        event = self.current_event()
        if event is None or self.index is None:
            self.app.bell()
            return
        self.app.copy_to_clipboard(describe_event(event, self.index.sources(event)))
        self.notify(f"Copied {event_when(event)} with its sources.", timeout=3)

    # Filters --------------------------------------------------------------------------------

    def open_picker(self, kind: str | None) -> None:
        if self.index is None or not self.index.facets_ready:
            self.notify("Still indexing actors and countries…", timeout=2)
            return
        self.app.push_screen(PickerScreen(self.index, kind), self.picked)

    def action_filter(self) -> None:
        self.open_picker(None)

    def action_pick_actor(self) -> None:
        self.open_picker(ACTOR)

    def action_pick_country(self) -> None:
        self.open_picker(COUNTRY)

    def picked(self, facet: Facet | None) -> None:
        if facet is not None and facet not in self.filters:
            self.apply_filters((*self.filters, facet))

    @work(thread=True, exclusive=True, group="filter")
    def apply_filters(self, filters: tuple[Facet, ...]) -> None:
        index = self.index
        if index is None:
            return
        view = index.select(filters)
        members = None if isinstance(view, range) else frozenset(view)
        if not get_current_worker().is_cancelled:
            self.post_message(FilterApplied(filters, view, members))

    def on_filter_applied(self, message: FilterApplied) -> None:
        if self.index is None:
            return
        keep = self.timeline.event_position
        self.filters, self.members = message.filters, message.members
        view = message.view
        cursor = min(bisect_left(view, keep), max(len(view) - 1, 0)) if keep is not None else 0
        self.timeline.set_rows(self.index.events, self.index.rows(view), cursor,
                               message="No event matches the filters (Esc clears them).")
        self.update_status()

    def action_clear(self) -> None:
        if self.filters:
            self.apply_filters(())
        elif self.query_text:
            self.set_search("", [])
        else:
            self.app.bell()

    # Search ---------------------------------------------------------------------------------

    def still_loading(self) -> bool:
        """True (and says so) while the timeline is not loaded whole: searching and jumping
        need all of it."""
        if self.index is None:
            self.notify("Still loading the timeline…", timeout=2)
            return True
        return False

    def action_search(self) -> None:
        if self.still_loading():
            return
        self.search_origin = self.timeline.cursor
        self.query_one(PromptBar).open("search", "/", "search events and claims…",
                                       self.query_text)

    def action_jump(self) -> None:
        if self.still_loading():
            return
        self.query_one(PromptBar).open("jump", "Jump to", "a date: 2024-10-08, 2024-10, "
                                       "1973, 1970s, 2024-W40")

    @on(PromptBar.Changed)
    def prompt_changed(self, message: PromptBar.Changed) -> None:
        if message.mode == "search":
            self.run_search(message.value, True)

    @on(PromptBar.Done)
    def prompt_done(self, message: PromptBar.Done) -> None:
        prompt = self.query_one(PromptBar)
        prompt.close()
        self.timeline.focus()
        if message.mode == "search":
            if message.accepted:
                self.run_search(message.value, False)
            else:
                self.set_search("", [])
                if self.search_origin is not None:
                    self.timeline.move_to(self.search_origin, far=True)
        elif message.mode == "jump" and message.accepted and message.value.strip():
            self.jump(message.value)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str, incremental: bool) -> None:
        index = self.index
        if index is None:
            return
        hits = self.source.search(query, index, prefix=incremental) if query.strip() else []
        if not get_current_worker().is_cancelled:
            self.post_message(SearchFinished(query, hits, incremental))

    def on_search_finished(self, message: SearchFinished) -> None:
        prompt = self.query_one(PromptBar)
        if message.incremental and (prompt.mode != "search"
                                    or prompt.query_one("#prompt-input").value != message.query):
            return  # typed on since: a newer search is on its way
        self.set_search(message.query, message.hits)
        if message.query.strip():
            origin = self.search_origin if self.search_origin is not None else \
                (self.timeline.cursor or 0)
            found = next_hit(self.hits, self.timeline.view, self.members, origin,
                             inclusive=True)
            if found is not None:
                self.timeline.move_to(found, far=True)
            elif not message.incremental:
                self.notify(f"No match for “{one_line(message.query)}”.", timeout=3)
        if prompt.mode == "search":
            shown = self._hits_in_view()
            prompt.set_info(f"{shown} hit{'s' if shown != 1 else ''}" if message.query.strip()
                            else "")

    def set_search(self, query: str, hits: list[int]) -> None:
        self.query_text, self.hits = query, hits
        self.timeline.set_hits(frozenset(hits), tuple(query.casefold().split()))
        self.update_status()

    def _step_hit(self, forward: bool) -> None:
        cursor = self.timeline.cursor
        if not self.hits or cursor is None:
            self.notify("No search hits: / searches." if not self.query_text
                        else f"No hit for “{one_line(self.query_text)}” here.", timeout=2)
            return
        found = next_hit(self.hits, self.timeline.view, self.members, cursor, forward)
        if found is None:
            self.app.bell()
        else:
            self.timeline.move_to(found, far=True)

    def action_next_hit(self) -> None:
        self._step_hit(True)

    def action_previous_hit(self) -> None:
        self._step_hit(False)

    # Jump -----------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="jump")
    def jump(self, target: str) -> None:
        index = self.index
        interval = parse_jump(target)
        if index is None or interval is None:
            self.post_message(DateJumped(target, None))
            return
        position = index.position_on_or_after(self.timeline.view, interval[0])
        self.post_message(DateJumped(target, position))

    def on_date_jumped(self, message: DateJumped) -> None:
        if message.position is None:
            self.notify(f"“{one_line(message.target)}” is not a date; try 2024-10-08, 2024-10, "
                        "2024-W40, 1973 or 1970s.", severity="warning", timeout=4)
            return
        self.timeline.move_to(message.position, far=True)

    # Help -----------------------------------------------------------------------------------

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(help_sections()))

    def action_quit(self) -> None:
        self.app.exit()


def help_sections() -> list[Section]:
    """The bindings of every part of the app, in the order the help shows them."""
    from dateline.tui.prompts import PickerScreen as Picker

    return [
        ("Everywhere", [*MainScreen.BINDINGS,
                        Binding("ctrl+p", "command_palette", "Command palette: every action"),
                        Binding("ctrl+q", "quit", "Quit")]),
        ("Timeline", TimelineView.BINDINGS),
        ("Source pane", SourceView.BINDINGS),
        ("Detail pane", DetailView.BINDINGS),
        ("Filter picker (f, a, c)", [*Picker.BINDINGS]),
        ("Search and jump prompt (/, t)", [*PromptBar.BINDINGS,
                                           Binding("enter", "accept", "Search / jump")]),
    ]


# The command palette offers every action of the main screen: (title, help, action name).
PALETTE: Sequence[tuple[str, str, str]] = (
    ("Filter by actor or country", "f — fuzzy pick; filters combine", "filter"),
    ("Filter by actor", "a", "pick_actor"),
    ("Filter by country", "c", "pick_country"),
    ("Clear filters", "Esc — then clears the search", "clear"),
    ("Search events and claims", "/ — then n / N", "search"),
    ("Next search hit", "n", "next_hit"),
    ("Previous search hit", "N", "previous_hit"),
    ("Jump to a date", "t — 2024-10, 1973, 1970s", "jump"),
    ("Open the source", "Enter — the article of the selected event", "open_source"),
    ("Next source", "s — the event's next article", "next_source"),
    ("Copy the event", "y — date, text and sources to the clipboard (OSC 52)", "copy"),
    ("First event", "g", "first"),
    ("Last event", "G", "last"),
    ("Help: every key", "?", "help"),
)


class DatelineApp(App[None]):
    """dateline: one browsable timeline of dated events and attributed claims."""

    TITLE = "dateline"
    CSS = files("dateline.tui").joinpath("app.tcss").read_text(encoding="utf-8")

    def __init__(self, source: TimelineSource, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.source = source
        # Tests turn blinking off so that screenshots do not depend on when they are taken.
        self.cursor_blink = cursor_blink

    def get_default_screen(self) -> Screen:
        return MainScreen(self.source)

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        main = self.main
        for title, help_text, action in PALETTE:
            yield SystemCommand(title, help_text, _palette_action(main, action))
        for command in super().get_system_commands(screen):
            if command.title != "Quit":
                yield command
        yield SystemCommand("Quit", "q", self.exit)


def _palette_action(main: MainScreen, action: str) -> Callable[[], None]:
    def run() -> None:
        if action in ("first", "last"):
            getattr(main.timeline, f"action_{action}")()
        elif action == "open_source":
            main.timeline.action_open()
        else:
            getattr(main, f"action_{action}")()

    return run
