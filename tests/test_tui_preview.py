"""The first screen before the whole timeline: a store's first events are drawn at once, the full
load swaps in when ready, and the rows drawn before match the rows drawn after."""

from __future__ import annotations

import asyncio
import threading
from datetime import date, timedelta

import pytest

from dateline.core.model import Event, Timeline
from dateline.core.store.database import Store
from dateline.core.timeline.browse import TimelineIndex, preview_rows
from dateline.tui.app import DatelineApp
from dateline.tui.data import StoreSource

from tests import timeline_fakes as fakes
from tests.tui_fixtures import settle


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
            for _ in range(500):
                if main.timeline.view:
                    break
                await pilot.pause(0.01)
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
