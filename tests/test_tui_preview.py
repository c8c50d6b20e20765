"""The first screen before the whole timeline: a store's first events are drawn at once, the full
load swaps in when ready, and the rows drawn before match the rows drawn after."""

from __future__ import annotations

import asyncio
import gc
import re
import threading
from datetime import date, timedelta

import pytest

from dateline.core.model import Event, Timeline
from dateline.core.store import loading
from dateline.core.store.database import Store
from dateline.core.timeline.browse import DENSE_YEAR, TimelineIndex, preview_rows
from dateline.tui.app import DatelineApp
from dateline.tui.data import PREVIEW_EVENTS, Loaded, StoreSource

from tests import timeline_fakes as fakes
from tests.tui_fixtures import SEEDS, make_app, settle


async def rows_drawn(pilot, main, tries: int = 500) -> None:
    """Wait (at most `tries` short pauses) until the timeline draws its first rows."""
    for _ in range(tries):
        if main.timeline.view:
            return
        await pilot.pause(0.01)


@pytest.fixture
def store_path(store_location):
    """A filled store: an SQLite file, then a PostgreSQL schema (tests/store_backends.py)."""
    with Store.open(store_location, merge=fakes.merge) as store:
        store.save(fakes.corpus())
    return store_location


def screen_text(app: DatelineApp) -> str:
    view = app.main.timeline
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def test_tui_draws_the_first_events_before_a_slow_full_load(store_path, monkeypatch):
    release = threading.Event()
    full_load = Store.timeline

    def slow_timeline(self):
        assert release.wait(10), "the test never let the full load finish"
        return full_load(self)

    monkeypatch.setattr(Store, "timeline", slow_timeline)
    with Store.open(store_path) as store:
        events = full_load(store).events
    source = StoreSource(store_path)

    async def main() -> None:
        app = DatelineApp(source, cursor_blink=False)
        async with app.run_test(size=(100, 24)) as pilot:
            main = app.main
            await rows_drawn(pilot, main)
            # The rows are on screen while the full load is still held back.
            assert not release.is_set() and main.index is None and main.is_loading
            assert len(main.timeline.view) == len(events)
            text = screen_text(app)
            assert "2024 · 4 events" in text
            assert events[0].text[:30] in text and "2024-10-02" in text
            await pilot.press("j")  # the timeline moves...
            assert main.timeline.event_position == 1
            await pilot.press("slash")  # ...the search prompt opens; its search waits for it
            await pilot.pause(0.1)
            assert main.query_one("#prompt").display
            await pilot.press("escape")
            await pilot.pause(0.1)
            before = screen_text(app)
            release.set()
            await settle(pilot)
            assert main.index is not None and not main.previewing
            assert main.timeline.event_position == 1  # the cursor stayed put
            assert main.current_event() == events[1]
            assert screen_text(app) == before  # same rows, headings and counts

    try:
        asyncio.run(main())
    finally:
        release.set()
        source.close()


def test_tui_preview_rows_match_the_full_layout():
    """Headings (sparse years sharing one) and their counts as `TimelineIndex.rows` makes them,
    for every length of preview."""
    years = [1950, 1953, 1967, 2001, 2001, 2001, 2002, 2010, 2020, 2020, 2020, 2020]
    events = [Event(f"e{n}", date(y, 1, 1) + timedelta(days=n), date(y, 1, 1) + timedelta(days=n),
                    "day", "", False, "") for n, y in enumerate(years)]
    index = TimelineIndex(Timeline([], events, {}, {}, {}, {}))
    full = index.rows(range(len(events)))
    counts = [(year, years.count(year)) for year in sorted(set(years))]
    for shown in range(1, len(events) + 1):
        preview = preview_rows(counts, shown)
        assert [preview.at(r) for r in range(len(preview))] == \
            [full.at(r) for r in range(full.row_of(shown - 1) + 1)]
        assert [preview.count(k) for k in range(len(preview.labels))] == \
            [full.count(k) for k in range(len(preview.labels))]


# The years of `test_tui_preview_rows_match_the_full_layout`, with a fourth event in 2001: sparse
# years at the start share a heading, 2001 is dense.
YEARS = [1950, 1953, 1967, 2001, 2001, 2001, 2001, 2002, 2010, 2020, 2020, 2020, 2020]


@pytest.fixture
def years_store(store_location):
    """A store whose events start in YEARS, one article each: an SQLite file, then a
    PostgreSQL schema (the app's window reads, on both)."""
    path = store_location
    with Store.open(path, merge=fakes.merge) as store:
        store.save([fakes.analysis(f"/years/{n:02d}.txt",
                                   [(f"Event number {n} happened", date(year, 3, 1 + n), (), ())])
                    for n, year in enumerate(YEARS)])
    return path


def test_year_counts_through_counts_only_what_the_first_screen_shows(years_store):
    with Store.open(years_store) as store:
        conn = store._conn
        # The sparse run 1950-1967 goes on past 1953; 2001 ends it, counted as far as dense.
        assert loading.year_counts_through(conn, 1953, DENSE_YEAR) == \
            [(1950, 1), (1953, 1), (1967, 1), (2001, 3)]
        assert loading.year_counts_through(conn, 2001, DENSE_YEAR) == \
            [(1950, 1), (1953, 1), (1967, 1), (2001, 4), (2002, 1), (2010, 1), (2020, 3)]
        assert loading.year_counts_through(conn, 2020, DENSE_YEAR) == store.year_counts()


def test_year_counts_through_lays_out_every_preview_as_all_counts_do(years_store):
    with Store.open(years_store) as store:
        everything = store.year_counts()
        for shown in range(1, len(YEARS) + 1):
            events = store.first_events(shown)
            counts = loading.year_counts_through(store._conn, events[-1].start.year, DENSE_YEAR)
            preview, full = preview_rows(counts, shown), preview_rows(everything, shown)
            assert [preview.at(r) for r in range(len(preview))] == \
                [full.at(r) for r in range(len(full))]
            assert [preview.count(k) for k in range(len(preview.labels))] == \
                [full.count(k) for k in range(len(full.labels))]


def test_store_source_prefetch_reads_the_first_screen_before_it_is_asked(years_store,
                                                                         monkeypatch):
    read, calls = threading.Event(), []
    first_events = Store.first_events

    def counted(self, limit):
        calls.append(limit)
        read.set()
        return first_events(self, limit)

    monkeypatch.setattr(Store, "first_events", counted)
    source = StoreSource(years_store)
    try:
        source.prefetch()
        assert read.wait(10)  # read in the store's thread, nobody asking yet
        preview = source.preview(PREVIEW_EVENTS)
        assert calls == [PREVIEW_EVENTS]  # the prefetched rows, not read again
        assert [e.start.year for e in preview.events] == YEARS
        assert source.preview(3).events == preview.events[:3] and calls[-1] == 3
    finally:
        source.close()


class _Watched(StoreSource):
    """The store, noting what the app had done when its full load started."""

    def __init__(self, db, screen_rows) -> None:
        super().__init__(db)
        self.screen_rows = screen_rows
        self.seen: dict[str, object] = {}

    def load(self, progress):
        self.seen = {"rows on screen": self.screen_rows(), "collector on": gc.isenabled()}
        return super().load(progress)


def test_tui_full_load_starts_after_the_first_screen_with_the_collector_paused(years_store):
    app: DatelineApp | None = None
    source = _Watched(years_store, lambda: len(app.main.timeline.view) if app else 0)

    async def main() -> None:
        nonlocal app
        app = DatelineApp(source, cursor_blink=False)
        async with app.run_test(size=(100, 24)) as pilot:
            await settle(pilot)
            assert gc.isenabled()  # collecting again once the timeline is in
            assert len(app.main.index.events) == len(YEARS)

    was = gc.isenabled()
    try:
        asyncio.run(main())
    finally:
        source.close()
    assert was
    assert source.seen == {"rows on screen": len(YEARS), "collector on": False}


def test_tui_ingest_load_keeps_the_collector(years_store, tmp_path, monkeypatch):
    """Files to ingest first: a long load that makes garbage, so the collector stays on."""
    article = tmp_path / "new.txt"
    article.write_text("Troops crossed the border on 2024-10-08.\n", encoding="utf-8")
    seen = []
    monkeypatch.setattr(StoreSource, "_load",
                        lambda self, progress: seen.append(gc.isenabled()) or
                        Loaded(Timeline([], [], {}, {}, {}, {})))
    source = StoreSource(years_store, [str(article)])

    async def main() -> None:
        app = DatelineApp(source, cursor_blink=False)
        async with app.run_test(size=(100, 24)) as pilot:
            await settle(pilot)

    try:
        asyncio.run(main())
    finally:
        source.close()
    assert seen == [True]


@pytest.mark.parametrize("shown", [1, 3, 200])
def test_tui_first_screen_of_the_seeds_store_is_its_earliest_events(tmp_path, monkeypatch,
                                                                    shown):
    """The seeds' story starts with sparse years of background (1950–53, 1953...): a first
    screen of 1 or 3 events ends inside that run, yet its headings and counts are those the
    whole timeline gets; 200 holds every event."""
    from dateline.core.store.ingest import ingest
    from dateline.tui import main as main_module

    path = tmp_path / "seeds.db"
    with Store.open(path) as store:
        ingest(store, [SEEDS], jobs=1)
        events = store.timeline().events
    release = threading.Event()
    full_load = Store.timeline
    monkeypatch.setattr(Store, "timeline",
                        lambda self: release.wait(10) and full_load(self))
    monkeypatch.setattr(main_module, "PREVIEW_EVENTS", shown)
    monkeypatch.setattr(main_module, "READ_AHEAD", 0)  # the first screen only
    source = StoreSource(path)

    async def main() -> None:
        app = DatelineApp(source, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            main = app.main
            await rows_drawn(pilot, main)
            assert main.index is None and main.previewing
            assert list(main.timeline.view) == list(range(min(shown, len(events))))
            assert main.timeline.events[0] == events[0]
            for _ in range(500):
                if main.events_total is not None:
                    break
                await pilot.pause(0.01)
            status = str(main.query_one("#status").render())
            assert re.search(f"first {min(shown, len(events))} of {len(events)} events · "
                             r"loading the rest… \d+ s", status)
            before = screen_text(app).splitlines()
            release.set()
            await settle(pilot)
            await pilot.press("g")
            await settle(pilot)
            after = screen_text(app).splitlines()
            # Every row the preview drew (headings with the whole timeline's counts, events)
            # is drawn the same once the whole timeline is in.
            drawn = [line for line in before if line.strip()]
            assert drawn and drawn == after[:len(drawn)]

    try:
        asyncio.run(main())
    finally:
        release.set()
        source.close()


def test_tui_jump_while_loading_shows_that_date_from_the_store(years_store, monkeypatch):
    """A store of many years is still loading: `t 2010` draws the events from 2010 on, read
    from the store (headings counting their whole years); once the load is in, the cursor is
    on the same event, in the whole timeline."""
    release = threading.Event()
    full_load = Store.timeline
    monkeypatch.setattr(Store, "timeline", lambda self: release.wait(10) and full_load(self))
    source = StoreSource(years_store)

    async def main() -> None:
        app = DatelineApp(source, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            main = app.main
            for _ in range(500):
                if main.timeline.view and main.events_total is not None:
                    break
                await pilot.pause(0.01)
            await pilot.press("t", *"2002", "enter")
            for _ in range(500):
                if main.window_since is not None:
                    break
                await pilot.pause(0.01)
            assert main.index is None and main.window_since == date(2002, 1, 1)
            shown = [main.timeline.events[p].start.year for p in main.timeline.view]
            assert shown == [y for y in YEARS if y >= 2002]
            assert main.current_event() is None  # no detail before the load: nothing indexed
            await pilot.press("j", "j")  # on the first 2020 event
            text = screen_text(app)
            assert "2002 · 1 event" in text and "2020 · 4 events" in text
            status = str(main.query_one("#status").render())
            assert f"6 of {len(YEARS)} events from 2002-01-01 · loading the rest" in status
            target = main.timeline.events[main.timeline.event_position]
            assert target.start.year == 2020
            release.set()
            await settle(pilot)
            assert main.index is not None and main.window_since is None
            assert main.current_event() == target
            assert len(main.timeline.view) == len(YEARS)

    try:
        asyncio.run(main())
    finally:
        release.set()
        source.close()


def test_tui_moving_down_while_loading_reads_the_next_events(years_store, monkeypatch):
    """Pages of 3 events: moving down the first screen reads the next page from the store,
    to the timeline's last event, with the headings and counts of the whole timeline."""
    from dateline.tui import main as main_module

    release = threading.Event()
    full_load = Store.timeline
    monkeypatch.setattr(Store, "timeline", lambda self: release.wait(10) and full_load(self))
    monkeypatch.setattr(main_module, "PREVIEW_EVENTS", 3)
    monkeypatch.setattr(main_module, "READ_AHEAD", 1)
    source = StoreSource(years_store)

    async def main() -> None:
        app = DatelineApp(source, cursor_blink=False)
        async with app.run_test(size=(100, 40)) as pilot:
            main = app.main
            await rows_drawn(pilot, main)
            for step in range(1, len(YEARS)):
                await pilot.press("j")
                for _ in range(500):
                    if main.timeline.cursor == step and not main.fetching_more:
                        break
                    await pilot.pause(0.01)
                assert main.index is None and main.timeline.cursor == step
            assert [main.timeline.events[p].start.year for p in main.timeline.view] == YEARS
            before = screen_text(app)
            assert "2001 · 4 events" in before and "2020 · 4 events" in before
            release.set()
            await settle(pilot)
            assert main.timeline.event_position == len(YEARS) - 1  # still on the last event
            assert screen_text(app) == before

    try:
        asyncio.run(main())
    finally:
        release.set()
        source.close()


def test_tui_big_timeline_searches_as_you_type_from_the_second_letter(monkeypatch):
    """On a big timeline one letter searches nothing yet (its prefix is in most events); two
    do. A small one searches from the first letter."""
    from dateline.tui import main as main_module

    async def typed(letters: str) -> str:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("slash", *letters)
            await asyncio.sleep(0.5)
            await pilot.pause()
            return app.main.query_text

    assert asyncio.run(typed("z")) == "z"
    monkeypatch.setattr(main_module, "ONE_LETTER_EVENTS", 10)  # the seeds' timeline is big
    assert asyncio.run(typed("z")) == ""
    assert asyncio.run(typed("ze")) == "ze"


def test_tui_prefetched_first_events_are_drawn_from_the_start(years_store, monkeypatch):
    """`dateline` prefetches the first events while the app's modules import: the app's first
    frame has them, before its load worker has run."""
    release = threading.Event()
    full_load = Store.timeline
    monkeypatch.setattr(Store, "timeline", lambda self: release.wait(10) and full_load(self))
    source = StoreSource(years_store)
    source.prefetch()
    source._prefetched[1].result(10)  # read, as it is by the time the app has imported
    # Not through the load worker's way of asking (which would wait here).
    monkeypatch.setattr(StoreSource, "preview", lambda self, limit: release.wait(10) and None)

    async def main() -> None:
        app = DatelineApp(source, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            main = app.main
            assert main.index is None and len(main.timeline.view) == len(YEARS)
            assert "1950–1967 · 3 events" in screen_text(app)
            release.set()
            await settle(pilot)
            assert len(main.index.events) == len(YEARS)

    try:
        asyncio.run(main())
    finally:
        release.set()
        source.close()


def test_tui_jump_while_loading_waits_when_the_store_cannot_answer(years_store, monkeypatch):
    """The store's window fails (a locked or vanished file): the jump waits for the whole
    timeline, then lands; the app goes on."""
    release = threading.Event()
    full_load = Store.timeline
    monkeypatch.setattr(Store, "timeline", lambda self: release.wait(10) and full_load(self))

    def broken(self, day, limit):
        raise OSError("the store went away")

    monkeypatch.setattr(StoreSource, "_window", broken)
    source = StoreSource(years_store)

    async def main() -> None:
        app = DatelineApp(source, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            main = app.main
            await rows_drawn(pilot, main)
            await pilot.press("t", *"2010", "enter")
            for _ in range(500):
                if main.pending_jump:
                    break
                await pilot.pause(0.01)
            assert main.pending_jump == "2010" and main.window_since is None
            release.set()
            await settle(pilot, lambda: main.current_event().start.year == 2010)

    try:
        asyncio.run(main())
    finally:
        release.set()
        source.close()
