"""The app's one screen: the timeline or a lookup view on top, the detail of the selected row and
its source below, one status line for state and messages.

The UI thread never runs the core's slow paths: loading, filtering, searching, jumping and
building the lookup views run in `@work(thread=True)` workers that report back with messages
named for what happened (`EventsLoaded`, `FilterApplied`, `SearchFinished`, `DateJumped`,
`ListingBuilt`). What stays on the UI thread are constant-time lookups for the row on screen.
"""

from __future__ import annotations

import gc
import threading
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from time import monotonic, sleep
from typing import ClassVar

from rich.text import Text
from textual import on, work
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
    Hits,
    Noise,
    TimelineIndex,
    YearRows,
    country_names,
    is_sorted,
    next_hit,
    preview_rows,
    window_rows,
)
from dateline.core.timeline.display import (
    describe_event,
    event_when,
    one_line,
    parse_jump,
    parse_range,
)
from dateline.core.timeline.lookup import KeyDateRow, Lookups, Scope
from dateline.tui.data import PREVIEW_EVENTS, Loaded, Preview, StoreSource, TimelineSource
from dateline.tui.detail import DetailView
from dateline.tui.listing import VIEWS, ListingView, view_header
from dateline.tui.log import LogScreen
from dateline.tui.messages import (
    DateJumped,
    EventsCounted,
    EventsLoaded,
    FacetsIndexed,
    FilterApplied,
    FirstEventsLoaded,
    IngestProgressed,
    ListingBuilt,
    LoadFailed,
    SearchFinished,
)
from dateline.tui.prompts import PickerScreen, PromptBar
from dateline.tui.source_view import Shown, SourceView, header_lines
from dateline.tui.timeline import TimelineView, header_text
from dateline.tui.views import (
    article_detail,
    copy_text,
    figure_detail,
    listing,
    quote_detail,
    source_span,
)

PROGRESS_AFTER = 1.0  # seconds: a quicker ingest shows no progress bar at all
THROTTLE = 0.05  # seconds between two refills of the detail and source panes
# Seconds the full load waits for the preview's rows to be drawn before it starts regardless.
FIRST_SCREEN_WAIT = 1.0
READ_AHEAD = 40  # rows before the end of a preview at which its next page is read
SEARCH_SETTLE = 0.03  # seconds a key typed in the search prompt waits for the next
# Past this many events, searching as you type starts at the second letter ("k*": 3 s at 1.5 M).
ONE_LETTER_EVENTS = 100_000
PANES = ("timeline", "detail", "source")
MESSAGE_SECONDS = 5.0
MIN_SOURCES_CYCLE = (1, 2, 3)
SEVERITY_STYLE = {"information": "bold", "warning": "bold reverse", "error": "bold reverse"}


@contextmanager
def collector_paused(enabled: bool = True) -> Iterator[None]:
    """No garbage collection while the block builds the timeline (millions of objects, few
    cycles): each full collection walks every tracked object so far, holding the interpreter
    (and so the app's keys) for tens of milliseconds at a million events, again and again as
    the timeline grows. Afterwards what was built is frozen, out of the collector's sight for
    good: the timeline lives as long as the app, and a collection after a keystroke must not
    walk it. Not while ingesting (`enabled=False`): an ingest is long and its garbage wants
    collecting."""
    if not enabled:
        yield
        return
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


def view_binding(key: str, mode: str, shown: bool = False) -> Binding:
    number, title = VIEWS[mode]
    return Binding(key, f"view('{mode}')", "Views" if shown else title, show=shown,
                   key_display="1…5" if shown else None,
                   tooltip=f"View {number}: {title}" + (
                       " (1 timeline · 2 key dates · 3 quotes · 4 figures · 5 articles)"
                       if shown else ""))


class MainScreen(Screen[None]):
    """The one screen of the app; every key of the main view is bound here."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [(0, "-narrow"),
                                                                       (120, "-wide")]

    # The description is the footer's word; the tooltip is the help overlay's sentence. The
    # footer shows few keys, so it fits a 60-column terminal; `?` lists them all.
    BINDINGS: ClassVar[list[BindingType]] = [
        view_binding("1", "timeline", shown=True),
        view_binding("2", "keydates"),
        view_binding("3", "quotes"),
        view_binding("4", "figures"),
        view_binding("5", "articles"),
        Binding("f", "filter", "Filter",
                tooltip="Filter by actor or country: fuzzy autocomplete; filters combine"),
        Binding("a", "pick_actor", "Actor", show=False, tooltip="Filter by an actor"),
        Binding("c", "pick_country", "Country", show=False, tooltip="Filter by a country"),
        Binding("slash", "search", "Search",
                tooltip="Search events and claims, dated or not (as `dateline search`): as you "
                "type; Enter keeps the hits"),
        Binding("n", "next_hit", "Next hit", show=False, tooltip="Next search hit"),
        Binding("N", "previous_hit", "Prev hit", show=False, tooltip="Previous search hit"),
        Binding("t", "jump", "Jump",
                tooltip="Jump to a date (2024-10-08, 2024-10, 2024-W40, 1973, 1970s) or keep a "
                "range (2024-10..2024-11, since 2024-09, until 2023)"),
        Binding("m", "min_sources", "Min sources", show=False,
                tooltip="Minimum number of sources: 1, 2, 3 (each press the next)"),
        Binding("o", "order", "Order", show=False,
                tooltip="Order the timeline by date or by number of sources"),
        Binding("r", "reported", "Reported", show=False,
                tooltip="Show or hide events dated only by their report's publication date"),
        Binding("s", "next_source", "Next src", show=False,
                tooltip="Show the selected event's next source (article)"),
        Binding("y", "copy", "Copy", show=False,
                tooltip="Copy the selected row (an event with its sources, a quote…)"),
        Binding("escape", "clear", "Clear", show=False,
                tooltip="Clear the filters and noise controls (again: clear the search)"),
        Binding("tab", "pane(1)", "Next pane", show=False,
                tooltip="Next pane: list, detail, source"),
        Binding("shift+tab", "pane(-1)", "Previous pane", show=False, tooltip="Previous pane"),
        Binding("L", "log", "Log", show=False, tooltip="Every message so far (ingest, skipped "
                "files)"),
        Binding("question_mark", "help", "Help", tooltip="This help: every key"),
        Binding("q", "quit", "Quit", tooltip="Quit dateline"),
    ]

    def __init__(self, source: TimelineSource) -> None:
        super().__init__()
        self.source = source
        self.index: TimelineIndex | None = None
        self.lookups: Lookups | None = None
        self.loaded: Loaded | None = None
        self.is_loading = True
        self.previewing = False  # the timeline shows the first events only (FirstEventsLoaded)
        self.mode = "timeline"
        self.filters: tuple[Facet, ...] = ()
        self.noise = Noise()
        self.members: frozenset[int] | None = None
        self.query_text = ""
        self.hits: list[int] = []
        self.claim_hits: frozenset[str] = frozenset()
        self.search_origin: int | None = None
        self.pending_jump: str | None = None
        self.source_choice = 0  # which of the selected event's sources the source pane shows
        self.lower = "detail"  # the lower pane shown below 120 columns
        self.source_stale = True
        self.progress_total = 0
        self.shown_at = 0.0
        self.shown_position: int | None = None  # the event the detail pane shows
        self.show_timer: Timer | None = None
        self.message: tuple[str, str] | None = None  # (severity, text) on the status line
        self.message_timer: Timer | None = None
        self.log_lines: list[tuple[str, str]] = []
        self.keep: dict[str, object] = {}  # each lookup view's selected row
        self.mounted_at = 0.0
        self.first_drawn = threading.Event()  # the preview's rows are on screen
        self.events_total: int | None = None  # the whole timeline's, when known before it
        self.window_since: date | None = None  # the preview shows the events from this day
        self.preview: Preview | None = None  # what the timeline shows while previewing
        self.fetching_more = False  # the next page of the preview is being read
        self.preview_complete = False  # the preview reaches the timeline's last event
        self.loading_timer: Timer | None = None

    # Layout ---------------------------------------------------------------------------------

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="status")
        with Vertical(id="body"):
            with Vertical(id="timeline-pane", classes="pane"):
                yield Static(id="timeline-title", classes="pane-title")
                yield TimelineView(id="timeline")
                yield ListingView(id="listing")
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
    def listing(self) -> ListingView:
        return self.query_one(ListingView)

    @property
    def list_widget(self) -> Widget:
        """The list on top: the timeline or the lookup view shown."""
        return self.timeline if self.mode == "timeline" else self.listing

    @property
    def wide(self) -> bool:
        return self.has_class("-wide")

    def on_mount(self) -> None:
        self.mounted_at = monotonic()
        self.listing.display = False
        self.set_timer(PROGRESS_AFTER, self.show_progress)
        self.update_titles()
        self.update_status()
        self.timeline.focus()
        # Read before the app started (`StoreSource.prefetch`): in the very first frame.
        try:
            preview = self.source.ready_preview(PREVIEW_EVENTS)
        except Exception:  # a nicety, as the preview is: the load reports what is wrong
            preview = None
        if preview is not None and preview.events:
            self.on_first_events_loaded(FirstEventsLoaded(preview))
        self.load(preview if preview is not None and preview.events else None)

    def on_resize(self) -> None:
        self.update_titles()

    def update_titles(self) -> None:
        width = self.size.width or 80
        title = header_text(width) if self.mode == "timeline" else view_header(self.mode)
        # Fixed-size bars: repaint them without a layout pass (layout=False).
        self.query_one("#timeline-title", Static).update(title, layout=False)
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
        if self.message is not None:
            severity, message = self.message
            status.append(f" {message} ", SEVERITY_STYLE.get(severity, "bold"))
            status.append("│")
        number, title = VIEWS[self.mode]
        status.append(f" {number} {title}", "bold")
        index = self.index
        if self.filters or self.noise.active:
            status.append(" · ")
            for number, facet in enumerate(self.filters):
                if number:
                    status.append(" + ")
                status.append(f"{facet.kind} ")
                status.append(one_line(facet.name), "bold reverse")
            for number, control in enumerate(self.noise.describe()):
                if number or self.filters:
                    status.append(" + ")
                status.append(control, "bold reverse")
            total = len(index.events) if index else 0
            status.append(f" · {len(self.timeline.view)}/{total} events · Esc clears")
        elif index is None:
            status.append(self.loading_status())
        else:
            count = len(index.articles)
            status.append(f" · {len(index.events)} events, {count} article"
                          f"{'s' if count != 1 else ''}")
            status.append(" · no filter (f a c)", "dim")
        if self.query_text:
            status.append(" │ ")
            status.append(f"/{one_line(self.query_text)}", "bold")
            status.append(" " + self.hits_summary())
        self.query_one("#status", Static).update(status, layout=False)

    def loading_status(self) -> str:
        """While the whole timeline loads: what is on screen of how much, and for how long (a
        store of a million events takes minutes)."""
        if not self.previewing:
            return " · loading…"
        shown = len(self.timeline.view)
        total = f" of {self.events_total:,}" if self.events_total is not None else ""
        seconds = int(monotonic() - self.mounted_at)
        which = f"{shown:,}{total} events from {self.window_since.isoformat()}" if \
            self.window_since else f"first {shown:,}{total} events"
        return f" · {which} · loading the rest… {seconds} s"

    def hits_summary(self) -> str:
        shown = self._hits_in_view()
        hidden = len(self.hits) - shown
        text = f"{shown} event{'s' if shown != 1 else ''}"
        if hidden:
            text += f" (+{hidden} filtered out)"
        if self.claim_hits:
            text += f", {len(self.claim_hits)} quote{'s' if len(self.claim_hits) != 1 else ''}"
        if shown and self.mode == "timeline":
            text += " · n/N"
        return text

    def _hits_in_view(self) -> int:
        if self.members is None:
            return len(self.hits)
        return sum(1 for hit in self.hits if hit in self.members)

    def say(self, text: str, severity: str = "information",
            seconds: float = MESSAGE_SECONDS, log: bool = True) -> None:
        """A message on the status line for a few seconds (and in the log, L): never a toast
        over the content."""
        if log:
            self.log_lines.append((severity, text))
        self.message = (severity, one_line(text))
        if self.message_timer is not None:
            self.message_timer.stop()
        self.message_timer = self.set_timer(seconds, self._unsay)
        self.update_status()

    def _unsay(self) -> None:
        self.message = None
        self.message_timer = None
        self.update_status()

    # Loading --------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load(self, preview: Preview | None = None) -> None:
        """Load the whole timeline; first read and draw its first events (unless `preview`
        is they, drawn already)."""

        def progress(done: int, total: int, name: str) -> None:
            self.post_message(IngestProgressed(done, total, name))

        # The first screen first: a big store takes seconds to load whole.
        if preview is None:
            try:
                preview = self.source.preview(PREVIEW_EVENTS)
            except Exception:  # a preview is a nicety: the load below reports what is wrong
                preview = None
            if preview is not None and preview.events:
                self.post_message(FirstEventsLoaded(preview))
        if preview is not None and preview.events:
            # The load below holds the interpreter most of the time: let the first screen be
            # drawn before it starts, not while it runs.
            self.first_drawn.wait(FIRST_SCREEN_WAIT)
            try:
                total = self.source.event_count()
            except Exception:  # only the status line's "of N": the load reports failures
                total = None
            self.post_message(EventsCounted(total))
        # The collector paused while millions of objects are made (see `collector_paused`).
        with collector_paused(enabled=not self.source.ingests):
            try:
                loaded = self.source.load(progress)
            except Exception as error:  # any failure must reach the screen, not kill the UI
                self.post_message(LoadFailed(f"{type(error).__name__}: {error}"))
                return
            index = TimelineIndex(loaded.timeline)
            lookups = Lookups(index)
            story_start = index.story_start()  # a pass over the events: not on the UI thread
        self.post_message(EventsLoaded(loaded, index, lookups, story_start))
        with collector_paused():
            # Facets after the first screen: drawing rows needs only the events.
            index.build_facets(country_names())
            self.post_message(FacetsIndexed(index))
            for kind in (None, ACTOR, COUNTRY):  # the pickers' names, folded before a key
                index.suggest("", kind)
            if not isinstance(self.source, StoreSource):
                index.haystacks()  # the in-memory search's text, ready before the first search
            lookups.warm()  # the other views' rows, ready before the first visit

    def on_ingest_progressed(self, message: IngestProgressed) -> None:
        self.progress_total = message.total
        if monotonic() - self.mounted_at >= PROGRESS_AFTER:
            self.show_progress()  # the first file took longer than the wait itself
        bar = self.query_one(ProgressBar)
        bar.update(total=max(message.total, 1), progress=message.done)
        files = f"{message.total} article{'s' if message.total != 1 else ''}"
        if message.total and message.done >= message.total:
            label = f"Read {files}; merging the timeline…"
        else:
            label = f"Reading {min(message.done + 1, message.total)}/{files}: " \
                f"{one_line(message.name)}"
        self.query_one("#progress-label", Label).update(Text(label, end=""))

    def show_progress(self) -> None:
        if self.is_loading and self.progress_total:
            self.query_one("#progress-box").add_class("-visible")

    def on_first_events_loaded(self, message: FirstEventsLoaded) -> None:
        if self.index is not None:  # the whole timeline came first
            self.first_drawn.set()
            if message.preview.since is not None:  # a jump's window: jump in it instead
                self.jump(message.preview.since.isoformat())
            return
        preview = message.preview
        cursor = 0
        if message.extends:
            self.fetching_more = False
            if self.preview is None or preview.since != self.window_since:
                return  # the user jumped elsewhere meanwhile
            if len(preview.events) == len(self.preview.events):
                self.preview_complete = True  # the timeline's end: nothing more to read
                return
            cursor = self.timeline.cursor or 0
        else:
            self.preview_complete = False
        self.preview = preview
        self.previewing = True
        self.window_since = preview.since
        if preview.since is None:
            rows = preview_rows(preview.year_counts, len(preview.events))
        else:
            rows = window_rows([e.start.year for e in preview.events], dict(preview.year_counts))
        self.timeline.set_rows(preview.events, rows, cursor,
                               message="No event from that date on.")
        self.update_status()
        self.call_after_refresh(self.first_drawn.set)

    def on_events_counted(self, message: EventsCounted) -> None:
        self.events_total = message.total
        if self.index is None:
            self.update_status()
            # The seconds on the status line: a load this long must be seen to go on.
            self.loading_timer = self.set_interval(1.0, self.tick_loading, name="loading")

    def tick_loading(self) -> None:
        if self.index is None and self.previewing:
            self.update_status()
        elif self.loading_timer is not None:
            self.loading_timer.stop()
            self.loading_timer = None

    def on_events_loaded(self, message: EventsLoaded) -> None:
        self.is_loading = False
        self.query_one("#progress-box").remove_class("-visible")
        index = self.index = message.index
        self.loaded = message.loaded
        self.lookups = message.lookups
        count = len(index.events)
        empty = "No events." if message.loaded.timeline.articles else \
            "No articles yet: start dateline with files or folders, e.g. dateline seeds/"
        # Open at the story's present, unless the cursor was moved in the preview already:
        # then on the event it is on.
        cursor = message.story_start
        position = self.timeline.event_position
        if self.previewing and (position or self.window_since) and position is not None:
            cursor = index.positions.get(self.timeline.events[position].id, cursor)
        self.previewing = False
        self.window_since = None
        self.timeline.set_rows(index.events, index.rows(range(count)), cursor, message=empty)
        self.report_load(message.loaded)
        self.update_status()
        if self.query_text or self.query_one(PromptBar).mode == "search":
            self.run_search(self.query_one(PromptBar).value if
                            self.query_one(PromptBar).mode == "search" else self.query_text,
                            self.query_one(PromptBar).mode == "search")
        if self.pending_jump is not None:
            target, self.pending_jump = self.pending_jump, None
            self.jump(target)
        if self.mode != "timeline":
            self.refresh_listing()

    def report_load(self, loaded: Loaded) -> None:
        """The ingest's summary and skipped files: one status-line message, each in the log."""
        for error in loaded.errors:
            self.log_lines.append(("warning", f"Skipped {error}"))
        # The store's path is in the log; the status line has no room for it.
        parts = [loaded.note.split(" (store:")[0]] if loaded.note else []
        if loaded.note:
            self.log_lines.append(("information", loaded.note))
        if loaded.errors:
            skipped = len(loaded.errors)
            parts.append(f"skipped {skipped} file{'s' if skipped != 1 else ''} (L: why)")
        if parts:
            self.say(" · ".join(parts), "warning" if loaded.errors else "information",
                     seconds=8.0, log=False)

    def on_facets_indexed(self, message: FacetsIndexed) -> None:
        # The detail drawn before the facets lacks the countries: draw it again, complete.
        if self.mode == "timeline" and self.timeline.event_position is not None:
            self.show_selected()
        if isinstance(self.app.screen, PickerScreen):
            self.app.screen.facets_indexed()
        self.update_status()

    def on_load_failed(self, message: LoadFailed) -> None:
        self.is_loading = False
        self.query_one("#progress-box").remove_class("-visible")
        self.timeline.empty_message = f"Could not load: {one_line(message.error)}"
        if self.previewing:  # the first events drawn are no timeline on their own
            self.previewing = False
            self.timeline.set_rows((), YearRows((), ()), message=self.timeline.empty_message)
        self.timeline.refresh()
        self.say(f"Could not load: {message.error}", "error", seconds=15.0)

    # The selected row ------------------------------------------------------------------------

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
        if self.mode != "timeline":
            return
        self.read_ahead()
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
        if self.mode != "timeline":
            self.show_target_source()
            return
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

    def show_target_source(self) -> None:
        """The source of the lookup row under the cursor: its quote or figure marked."""
        target, index = self.listing.target, self.index
        shown = None
        if target is not None and index is not None:
            if isinstance(target, KeyDateRow):
                if target.best is not None:
                    event = index.events[target.best]
                    mention = event.mentions[0]
                    article = index.articles.get(mention.article_id)
                    if article is not None:
                        shown = Shown(article, mention, index.article_claims(article.id), 1,
                                      len(event.mentions))
            else:
                article_id, span = source_span(target, index)
                article = index.articles.get(article_id)
                if article is not None:
                    shown = Shown(article, None, index.article_claims(article.id), span=span)
        self.query_one(SourceView).show(shown)
        self.update_source_title()
        self.source_stale = False

    def set_lower(self, pane: str) -> None:
        """Below 120 columns, show the detail or the source pane under the list."""
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
        self.open_source()

    def open_source(self) -> None:
        self.set_lower("source")
        if self.source_stale:
            self.show_source()
        self.call_after_refresh(self.query_one(SourceView).focus)

    @on(SourceView.Back)
    def back(self, message: SourceView.Back) -> None:
        """Esc in the source or detail: the detail pane again, the list focused."""
        self.set_lower("detail")
        self.list_widget.focus()

    def action_next_source(self) -> None:
        event = self.current_event()
        if event is None or self.mode != "timeline":
            self.app.bell()
            return
        if len(event.mentions) < 2:
            self.say("Only one source reports this event.")
        self.source_choice = (self.source_choice + 1) % max(len(event.mentions), 1)
        self.set_lower("source")
        self.show_source()

    def action_pane(self, step: int) -> None:
        widgets: dict[str, Widget] = {"timeline": self.list_widget,
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
        index = self.index
        if index is None:
            self.app.bell()
            return
        if self.mode == "timeline":
            event = self.current_event()
            if event is None:
                self.app.bell()
                return
            self.app.copy_to_clipboard(describe_event(event, index.sources(event)))
            self.say(f"Copied {event_when(event)} with its sources.")
            return
        text = copy_text(self.listing.target, index)
        if text is None:
            self.app.bell()
            return
        self.app.copy_to_clipboard(text)
        self.say("Copied the row.")

    # Views ----------------------------------------------------------------------------------

    def action_view(self, mode: str) -> None:
        if mode == self.mode:
            return
        if self.mode != "timeline" and self.listing.target is not None:
            self.keep[self.mode] = self.listing.target
        focused_list = self.focused is None or self.focused is self.list_widget
        self.mode = mode
        self.timeline.display = mode == "timeline"
        self.listing.display = mode != "timeline"
        self.update_titles()
        self.update_status()
        if focused_list or self.focused is None:
            self.list_widget.focus()
        if mode == "timeline":
            self.show_selected()
        else:
            self.listing.set_rows((), lambda row, dim: Text(), "Building…")
            self.refresh_listing()

    def scope(self) -> Scope:
        index = self.index
        hits = Hits(self.hits, self.claim_hits) if self.query_text.strip() else None
        members = self.members
        return Scope(members, frozenset(f.key for f in self.filters if f.kind == ACTOR),
                     bool(self.filters), self.noise, hits) if index else Scope()

    def refresh_listing(self) -> None:
        if self.lookups is not None and self.mode != "timeline":
            self.build_listing(self.mode, self.lookups, self.scope())

    @work(thread=True, exclusive=True, group="listing")
    def build_listing(self, mode: str, lookups: Lookups, scope: Scope) -> None:
        rows, formatter, message = listing(mode, lookups, scope)
        if not get_current_worker().is_cancelled:
            self.post_message(ListingBuilt(mode, rows, formatter, message, lookups))

    def on_listing_built(self, message: ListingBuilt) -> None:
        if message.mode != self.mode or message.lookups is not self.lookups:
            return  # the user has moved on
        keep = self.listing.target if self.listing.rows else self.keep.get(self.mode)
        self.listing.set_rows(message.rows, message.formatter, message.message, keep)

    @on(ListingView.Highlighted)
    def listing_highlighted(self, message: ListingView.Highlighted) -> None:
        index, target = self.index, message.target
        detail = self.query_one(DetailView)
        if index is None or target is None:
            detail.show(None, None)
        elif isinstance(target, KeyDateRow):
            detail.show(index.events[target.best] if target.best is not None else None, index)
        else:
            from dateline.core.timeline.lookup import ArticleRow, Quote

            if isinstance(target, Quote):
                detail.show_renderable(quote_detail(target, index))
            elif isinstance(target, ArticleRow):
                detail.show_renderable(article_detail(target, index))
            else:
                detail.show_renderable(figure_detail(target, index))  # type: ignore[arg-type]
        self.source_stale = True
        if self.wide or self.lower == "source":
            self.show_source()

    @on(ListingView.Chosen)
    def listing_chosen(self, message: ListingView.Chosen) -> None:
        target = message.target
        if isinstance(target, KeyDateRow):
            self.action_view("timeline")
            self.jump(target.key.date.isoformat(), target.best)
            return
        self.source_stale = True
        self.open_source()

    # Filters and noise ----------------------------------------------------------------------

    def open_picker(self, kind: str | None) -> None:
        if self.index is None:
            self.say("Still loading the timeline…")
            self.app.release_typeahead()  # type: ignore[attr-defined]
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
            self.apply_filters((*self.filters, facet), self.noise)
            if not facet.count and facet.quotes and self.mode == "timeline":
                # Someone quoted on no dated event: what they said is in the Quotes view.
                self.say(f"{one_line(facet.name)} is on no event: their quotes (1: back)")
                self.action_view("quotes")

    def set_noise(self, noise: Noise) -> None:
        self.apply_filters(self.filters, noise)

    def action_min_sources(self) -> None:
        cycle = MIN_SOURCES_CYCLE
        following = cycle[(cycle.index(self.noise.min_sources) + 1) % len(cycle)] \
            if self.noise.min_sources in cycle else 1
        self.set_noise(replace(self.noise, min_sources=following))

    def action_order(self) -> None:
        self.set_noise(replace(self.noise, by_sources=not self.noise.by_sources))

    def action_reported(self) -> None:
        self.set_noise(replace(self.noise, reported=not self.noise.reported))
        self.say("Reported events " + ("shown." if not self.noise.reported else "hidden."))

    @work(thread=True, exclusive=True, group="filter")
    def apply_filters(self, filters: tuple[Facet, ...], noise: Noise) -> None:
        index = self.index
        if index is None:
            return
        view = index.select(filters, noise)
        whole = isinstance(view, range) and len(view) == len(index.events)
        members = None if whole else frozenset(view)
        if not get_current_worker().is_cancelled:
            self.post_message(FilterApplied(filters, noise, view, members))

    def on_filter_applied(self, message: FilterApplied) -> None:
        if self.index is None:
            return
        keep = self.timeline.event_position
        self.filters, self.noise, self.members = message.filters, message.noise, message.members
        view = message.view
        if keep is None:
            cursor = 0
        elif is_sorted(view):
            cursor = min(bisect_left(view, keep), max(len(view) - 1, 0))
        else:
            cursor = view.index(keep) if keep in (self.members or ()) else 0  # type: ignore[attr-defined]
        self.timeline.set_rows(self.index.events, self.index.rows(view, message.noise.by_sources),
                               cursor, message="No event matches the filters (Esc clears "
                               "them).")
        self.update_status()
        self.refresh_listing()

    def action_clear(self) -> None:
        if self.filters or self.noise.active:
            self.apply_filters((), Noise())
        elif self.query_text:
            self.set_search("", Hits([]))
        else:
            self.app.bell()

    # Search ---------------------------------------------------------------------------------

    def action_search(self) -> None:
        self.search_origin = self.timeline.cursor
        self.query_one(PromptBar).open("search", "/", "search events and claims…",
                                       self.query_text)

    def action_jump(self) -> None:
        self.query_one(PromptBar).open("jump", "Jump to", "a date: 2024-10-08, 2024-10, "
                                       "1973 · a range: 2024-10..2024-11, since 2024-09")

    @on(PromptBar.Changed)
    def prompt_changed(self, message: PromptBar.Changed) -> None:
        if message.mode == "search" and self.query_one(PromptBar).mode == "search":
            self.run_search(message.value, True)

    @on(PromptBar.Done)
    def prompt_done(self, message: PromptBar.Done) -> None:
        prompt = self.query_one(PromptBar)
        if prompt.mode != message.mode:
            return  # the prompt was already closed (a key typed ahead, then Enter)
        prompt.close()
        self.list_widget.focus()
        if message.mode == "search":
            if message.accepted:
                self.run_search(message.value, False)
            else:
                self.set_search("", Hits([]))
                if self.search_origin is not None:
                    self.timeline.move_to(self.search_origin, far=True)
        elif message.mode == "jump" and message.accepted and message.value.strip():
            found = parse_range(message.value)
            if found is not None:
                self.set_noise(replace(self.noise, since=found[0], until=found[1]))
            elif self.index is None and self.previewing and self.source.windows:
                self.jump_window(message.value)  # the events from that date, from the store
            elif self.index is None:
                self.defer_jump(message.value)
            else:
                self.action_view("timeline")
                self.jump(message.value)
        elif message.mode == "export" and message.accepted and message.value.strip():
            self.export(message.value.strip())

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str, incremental: bool) -> None:
        index = self.index
        if index is None:
            return
        if incremental:
            if len(query.strip()) < 2 and len(index.events) > ONE_LETTER_EVENTS:
                return  # one letter's prefix is in most of a big timeline: seconds, no use
            # Keys typed in a burst: search for the last of them only. A store search, once
            # started, runs to its end (~0.5 s at a million events) and they queue up.
            sleep(SEARCH_SETTLE)
            if get_current_worker().is_cancelled:
                return
        hits = self.source.search(query, index, prefix=incremental) if query.strip() else \
            Hits([])
        if not get_current_worker().is_cancelled:
            self.post_message(SearchFinished(query, hits, incremental))

    def on_search_finished(self, message: SearchFinished) -> None:
        prompt = self.query_one(PromptBar)
        if message.incremental and (prompt.mode != "search" or prompt.value != message.query):
            return  # typed on since: a newer search is on its way
        self.set_search(message.query, message.hits)
        if message.query.strip() and self.mode == "timeline":
            origin = self.search_origin if self.search_origin is not None else \
                (self.timeline.cursor or 0)
            found = next_hit(self.hits, self.timeline.view, self.members, origin,
                             inclusive=True)
            if found is not None:
                self.timeline.move_to(found, far=True)
            elif not message.incremental and self.claim_hits:
                self.say(f"No event for “{one_line(message.query)}”; "
                         f"{len(self.claim_hits)} quote(s): view 3 (1: back)")
                self.action_view("quotes")
            elif not message.incremental:
                self.say(f"No match for “{one_line(message.query)}”.")
        if prompt.mode == "search":
            prompt.set_info(self.hits_summary().split(" · ")[0] if message.query.strip()
                            else "")

    def set_search(self, query: str, hits: Hits) -> None:
        self.query_text, self.hits, self.claim_hits = query, hits.events, hits.claims
        self.timeline.set_hits(frozenset(hits.events), tuple(query.casefold().split()))
        self.update_status()
        self.refresh_listing()

    def _step_hit(self, forward: bool) -> None:
        if self.mode != "timeline":
            self.listing.action_move(1 if forward else -1)
            return
        cursor = self.timeline.cursor
        if not self.hits or cursor is None:
            self.say("No search hits: / searches." if not self.query_text
                     else f"No event for “{one_line(self.query_text)}” here.")
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
    def jump(self, target: str, event: int | None = None) -> None:
        index = self.index
        interval = parse_jump(target)
        if index is None or interval is None:
            self.post_message(DateJumped(target, None))
            return
        view = self.timeline.view
        position = index.position_on_or_after(view, interval[0])
        if event is not None:  # a key date: its best event, when the view shows it
            exact = bisect_left(view, event) if is_sorted(view) else -1
            if 0 <= exact < len(view) and view[exact] == event:
                position = exact
        self.post_message(DateJumped(target, position))

    @work(thread=True, exclusive=True, group="jump")
    def jump_window(self, target: str) -> None:
        """A jump while the whole timeline loads: the events from that date, read from the
        store, replace those on screen (the cursor stays on its event once the load is in)."""
        interval = parse_jump(target)
        if interval is None:
            self.post_message(DateJumped(target, None))
            return
        try:
            preview = self.source.window(interval[0], PREVIEW_EVENTS)
        except Exception:  # the store cannot say now: the jump waits for the whole timeline
            self.app.call_from_thread(self.defer_jump, target)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(FirstEventsLoaded(preview))

    def defer_jump(self, target: str) -> None:
        if self.index is None:
            self.pending_jump = target
            self.say("Still loading: the jump follows.")
        else:
            self.jump(target)

    def read_ahead(self) -> None:
        """While the whole timeline loads, the cursor near the end of the events on screen
        reads the next page of them from the store."""
        cursor, preview = self.timeline.cursor, self.preview
        if (self.index is None and self.previewing and self.source.windows
                and preview is not None and cursor is not None and not self.fetching_more
                and not self.preview_complete
                and cursor >= len(self.timeline.view) - READ_AHEAD):
            self.fetching_more = True
            self.read_more(preview)

    @work(thread=True, exclusive=True, group="more")
    def read_more(self, preview: Preview) -> None:
        try:
            more = self.source.more(preview, PREVIEW_EVENTS)
        except Exception:  # no more from the store for now: the whole timeline will come
            more = preview
        self.post_message(FirstEventsLoaded(more, True))

    def on_date_jumped(self, message: DateJumped) -> None:
        if message.position is None:
            self.say(f"“{one_line(message.target)}” is not a date; try 2024-10-08, 2024-10, "
                     "2024-W40, 1973, 1970s, or a range: 2024-10..2024-11.", "warning")
            return
        self.timeline.move_to(message.position, far=True)

    # Export, help, log ----------------------------------------------------------------------

    def action_export(self) -> None:
        self.query_one(PromptBar).open("export", "Export to", "a file: view.json, view.csv, "
                                       "view.ics, view.timelinejs.json")

    @work(thread=True, exclusive=True, group="export")
    def export(self, path: str) -> None:
        from dateline.tui.export import export_view

        index = self.index
        if index is None:
            return
        try:
            written = export_view(index, self.timeline.view, path)
        except (OSError, ValueError) as error:
            self.app.call_from_thread(self.say, f"Could not export to {path}: {error}",
                                      "error")
            return
        self.app.call_from_thread(self.say, written)

    def action_help(self) -> None:
        from dateline.tui.app import help_sections
        from dateline.tui.help import HelpScreen

        self.app.push_screen(HelpScreen(help_sections()))

    def action_log(self) -> None:
        self.app.push_screen(LogScreen(self.log_lines))

    def action_quit(self) -> None:
        self.app.exit()
