"""What the user sees, as SVG snapshots (pytest-textual-snapshot), at 80x24 and 120x40.

Update after an intended change with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the report before committing. The app gets the seed timeline in memory, blinking
off and no clock on screen, and the seed timeline comes frozen (tests/data/tui/), so the
pictures depend on nothing but the app's code.
"""

from __future__ import annotations

import pytest

from tests.tui_fixtures import frozen_timeline, lookup_timeline, make_app, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def loaded(pilot) -> None:
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_tui_snapshot_main_screen(snap_compare, size):
    """The timeline from its first event, year headings, the detail of the selected event
    (and, from 120 columns, its source beside it); the footer with the main keys."""
    assert snap_compare(make_app(frozen_timeline()), terminal_size=size, run_before=loaded)


@pytest.mark.parametrize("size", SIZES)
def test_tui_snapshot_help(snap_compare, size):
    """The help overlay: every key of every pane, then how dates and marks read."""
    assert snap_compare(make_app(frozen_timeline()), press=["question_mark"], terminal_size=size,
                        run_before=loaded)


@pytest.mark.parametrize("size", SIZES)
def test_tui_snapshot_filter_picker(snap_compare, size):
    """The filter picker after typing "Sy": Syria first, with its kind and event count."""

    async def typed(pilot) -> None:
        await settle(pilot)
        await pilot.press("f", "S", "y")
        await settle(pilot, lambda: getattr(pilot.app.screen, "answered", None) == "Sy")

    assert snap_compare(make_app(frozen_timeline()), terminal_size=size, run_before=typed)


@pytest.mark.parametrize("size", SIZES)
def test_tui_snapshot_filtered_and_source(snap_compare, size):
    """Filtered to Syria (the filter shown on top), the source of the selected event open with
    its clause marked in the gutter."""

    async def filtered(pilot) -> None:
        await settle(pilot)
        await pilot.press("c", *"Syria", "enter")
        await settle(pilot, lambda: bool(pilot.app.main.filters))
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(frozen_timeline()), terminal_size=size, run_before=filtered)


async def in_view(pilot, key: str) -> None:
    await settle(pilot)
    await pilot.press(key)
    main = pilot.app.main
    await settle(pilot, lambda: main.listing.formatter is not None
                 and main.listing.empty_message != "Building…")
    await pilot.pause(0.1)


def test_tui_snapshot_key_dates(snap_compare):
    """View 2: the ranked days, each with its sources, events and best sentence; the detail of
    the best event below (a story made by hand: the seeds have no key dates yet)."""

    async def keydates(pilot) -> None:
        await in_view(pilot, "2")

    assert snap_compare(make_app(lookup_timeline()), terminal_size=(80, 24),
                        run_before=keydates)


@pytest.mark.parametrize(("key", "name"), [("3", "quotes"), ("4", "figures"),
                                           ("5", "articles")])
def test_tui_snapshot_lookup_view(snap_compare, key, name):
    """Views 3-5 on the seeds: quotes by speaker with stance, cue and date (or "reported");
    figures by what they count with ≠ where sources disagree; articles with outlet, date and
    its source, events and title."""

    async def shown(pilot) -> None:
        await in_view(pilot, key)

    assert snap_compare(make_app(frozen_timeline()), terminal_size=(80, 24), run_before=shown)


def test_tui_snapshot_search_in_quotes(snap_compare):
    """/Zakharova: no event says it, her undated quote does; the Quotes view shows it."""

    async def searched(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"Zakharova", "enter")
        await settle(pilot, lambda: pilot.app.main.mode == "quotes"
                     and bool(pilot.app.main.listing.items))
        await pilot.pause(0.1)

    assert snap_compare(make_app(frozen_timeline()), terminal_size=(80, 24), run_before=searched)
