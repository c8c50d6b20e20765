"""Where the app's timeline comes from: a thin adapter between the app and the core's store.

The app asks a `TimelineSource` for three things, always from a worker thread: a preview (the
first events, for a first screen before the whole timeline is read), load (ingesting PATHs
first, reporting progress) and search. While a big store loads (minutes at a million events) it
may also ask for its event count and for more pages of events: a window from a date (a jump) or
the events after those on screen (moving down). Two sources:

- `StoreSource`: the SQLite store (`core.store.database.Store`), the normal case; search is FTS5.
- `MemorySource`: a ready `Timeline` (tests, the benchmark); search is `TimelineIndex.search`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.core.model import Event, Timeline
from dateline.core.printable import shown_path
from dateline.core.store.paths import shown_store
from dateline.core.timeline.browse import DENSE_YEAR, Hits, TimelineIndex

if TYPE_CHECKING:
    from dateline.core.store.database import Store

# Events drawn before the whole timeline is loaded: more than a tall terminal shows.
PREVIEW_EVENTS = 200
# Hits a search returns at most (the store ranks by relevance, then the app orders by date):
# enough to step through with n/N, few enough to stay under a keystroke's budget.
SEARCH_LIMIT = 2000

Progress = Callable[[int, int, str], None]  # (done, total, name of the file being read)


@dataclass(slots=True)
class Loaded:
    """What a load produced: the timeline, files that could not be read, a note for the user."""

    timeline: Timeline
    errors: list[str] = field(default_factory=list)
    note: str | None = None


@dataclass(slots=True)
class Preview:
    """The first events of a timeline, to draw before the whole of it is loaded."""

    events: list[Event]  # the timeline's first events (or those from `since`), in its order
    # (year, events starting in it), ascending: every year the preview's headings need
    # (`core.store.loading.year_counts_through`), or every year
    year_counts: list[tuple[int, int]]
    since: date | None = None  # a window of the timeline from this day, not its start


class TimelineSource:
    """Base class: a source of one timeline."""

    description = "timeline"
    ingests = False  # `load` analyses files first (long, and makes garbage as it goes)
    windows = False  # `window` can read events from a date while `load` runs

    def preview(self, limit: int) -> Preview | None:
        """The first `limit` events, fast, when the source can give them before `load`; None
        when it cannot (or what `load` returns will differ: an ingest first)."""
        return None

    def ready_preview(self, limit: int) -> Preview | None:
        """The preview, if it is read already (without waiting): see `preview`."""
        return None

    def event_count(self) -> int | None:
        """How many events `load` will give, when the source knows it sooner (None)."""
        return None

    def window(self, day: date, limit: int) -> Preview:
        """The first `limit` events from `day` on, read while `load` runs (see `windows`)."""
        raise NotImplementedError

    def more(self, preview: Preview, limit: int) -> Preview:
        """`preview` and the `limit` events after it, read while `load` runs."""
        raise NotImplementedError

    def load(self, progress: Progress) -> Loaded:
        raise NotImplementedError

    def search(self, query: str, index: TimelineIndex, prefix: bool = False) -> Hits:
        """The events (positions in `index.events`, ascending) and claims (dated or not)
        matching `query`; `prefix` lets the last word match longer words (as-you-type)."""
        # Substrings: a prefix is matched anyway.
        return Hits(index.search(query), index.search_claims(query))

    def close(self) -> None:
        """Release what the source holds (the store's connection)."""


class MemorySource(TimelineSource):
    def __init__(self, timeline: Timeline, description: str = "in memory") -> None:
        self.timeline = timeline
        self.description = description

    def load(self, progress: Progress) -> Loaded:
        return Loaded(self.timeline)


class StoreSource(TimelineSource):
    """The store at `db` (`core.store.database`); PATHs are ingested into it first
    (`core.store.ingest`).

    A `Store` is one SQLite connection, usable from the thread that opened it only, while the
    app runs each load and search in a worker thread of its own: so every store call goes
    through one long-lived thread here, which owns the connection.
    """

    def __init__(self, db: str | os.PathLike[str], paths: Sequence[str] = ()) -> None:
        self.db = os.fspath(db)
        self.paths = list(paths)
        self.ingests = bool(self.paths)
        self.windows = not self.ingests
        self.description = shown_path(shown_store(self.db))  # a URL without its password
        self._store: Store | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dateline-store")
        self._prefetched: tuple[int, Future[Preview | None]] | None = None
        # Windows are read on a connection of their own: the first is busy with the load.
        self._window_store: Store | None = None
        self._window_thread = ThreadPoolExecutor(max_workers=1,
                                                 thread_name_prefix="dateline-window")

    def prefetch(self, limit: int = PREVIEW_EVENTS) -> None:
        """Start reading the preview now, in the store's thread: called before the app's own
        modules are imported (most of a start-up), it is read by the time the app asks."""
        self._prefetched = (limit, self._thread.submit(self._preview, limit))

    def ready_preview(self, limit: int) -> Preview | None:
        prefetched = self._prefetched
        if prefetched is None or prefetched[0] != limit or not prefetched[1].done() or \
                prefetched[1].exception() is not None:
            return None
        self._prefetched = None
        return prefetched[1].result()

    def preview(self, limit: int) -> Preview | None:
        prefetched, self._prefetched = self._prefetched, None
        if prefetched is not None and prefetched[0] == limit:
            return prefetched[1].result()
        return self._thread.submit(self._preview, limit).result()

    def _preview(self, limit: int) -> Preview | None:
        from dateline.core.store.database import Store

        if self.paths:
            return None  # the ingest changes the timeline: nothing to show before it
        store = self._store = self._store or Store.open(self.db)
        if store.stale:
            return None
        events = store.first_events(limit)
        if not events:
            return Preview(events, [])
        # Not `store.year_counts()`: that counts every event, a second at a million of them.
        counts = store.year_counts_through(events[-1].start.year, DENSE_YEAR)
        return Preview(events, counts)

    def event_count(self) -> int | None:
        return self._thread.submit(self._event_count).result()

    def _event_count(self) -> int | None:

        if self._store is None or self.paths or self._store.stale:
            return None  # what the load gives is not stored yet
        return self._store.event_count()

    def window(self, day: date, limit: int) -> Preview:
        return self._window_thread.submit(self._window, day, limit).result()

    def _window(self, day: date, limit: int) -> Preview:
        from dateline.core.store.database import Store

        store = self._window_store = self._window_store or Store.open(self.db)
        events = store.events_from(day, limit)
        years = sorted({event.start.year for event in events})
        return Preview(events, [(year, store.year_count(year))
                                for year in years], since=day)

    def more(self, preview: Preview, limit: int) -> Preview:
        return self._window_thread.submit(self._more, preview, limit).result()

    def _more(self, preview: Preview, limit: int) -> Preview:
        from dateline.core.store.database import Store

        store = self._window_store = self._window_store or Store.open(self.db)
        events = preview.events + store.events_after(preview.events[-1].id, limit)
        last = events[-1].start.year
        if preview.since is None:  # from the start: counted as the first screen is
            counts = store.year_counts_through(last, DENSE_YEAR)
        else:
            counts = [*preview.year_counts, *(
                (year, store.year_count(year)) for year in
                sorted({e.start.year for e in events} - dict(preview.year_counts).keys()))]
        return Preview(events, counts, preview.since)

    def load(self, progress: Progress) -> Loaded:
        return self._thread.submit(self._load, progress).result()

    def _load(self, progress: Progress) -> Loaded:
        from dateline.core.store.database import Store
        from dateline.core.store.ingest import default_jobs, ingest

        store = self._store = self._store or Store.open(self.db)
        errors: list[str] = []
        note = None
        if self.paths:
            report = ingest(store, self.paths, progress=_file_progress(progress),
                            on_error=lambda error: errors.append(str(error)),
                            jobs=default_jobs())
            progress(1, 1, "")
            note = f"{report.summary()} (store: {store.path})"
        elif store.stale:  # an ingest was interrupted before its merge
            store.rebuild()
        return Loaded(store.timeline(), errors, note)

    def search(self, query: str, index: TimelineIndex, prefix: bool = False) -> Hits:
        return self._thread.submit(self._search, query, index, prefix).result()

    def _search(self, query: str, index: TimelineIndex, prefix: bool) -> Hits:
        """The store's search, as `dateline search` runs it: events and claims, dated or not;
        a claim also marks the events that carry it."""
        from dateline.core.store.database import QueryError

        if self._store is None:
            return TimelineSource.search(self, query, index, prefix)
        if prefix and query[-1:].isalnum():
            query += "*"  # FTS5 matches whole words: "Zelen" finds Zelensky only as a prefix
        try:
            hits = self._store.search(query, limit=SEARCH_LIMIT)
        except QueryError:  # nothing searchable typed yet, e.g. a lone quote or dash
            return Hits([])
        found: set[int] = set()
        claims: set[str] = set()
        for hit in hits:
            if hit.kind == "event":
                if hit.id in index.positions:
                    found.add(index.positions[hit.id])
            else:
                claims.add(hit.id)
                found.update(index.claim_events(hit.id))
        return Hits(sorted(found), frozenset(claims))

    def close(self) -> None:
        if self._store is not None:
            self._thread.submit(self._store.close).result()
            self._store = None
        if self._window_store is not None:
            self._window_thread.submit(self._window_store.close).result()
            self._window_store = None
        self._thread.shutdown(wait=False)
        self._window_thread.shutdown(wait=False)


def _file_progress(progress: Progress) -> Callable[[int, int, Path], None]:
    """`core.store.ingest.ingest`'s per-file progress as the app's (done, total, file name).

    Ingest reports a file before analysing it in-process, or as its result arrives from a
    worker; it says nothing before its merge. So once the last file is reported the app is told
    that all are read and the merge comes next (with a pool exactly so; in-process, while the
    last file is still being analysed).
    """

    def report(done: int, total: int, path: Path) -> None:
        progress(done, total, path.name)
        if done + 1 >= total:
            progress(total, total, "")

    return report
