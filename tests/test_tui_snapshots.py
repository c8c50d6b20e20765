"""What the user sees, as SVG snapshots (pytest-textual-snapshot), at 80x24 and 120x40.

Update after an intended change with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the report before committing. The app gets the seed timeline in memory, blinking
off and no clock on screen, and the seed timeline comes frozen (tests/data/tui/), so the
pictures depend on nothing but the app's code.
"""

from __future__ import annotations

import pytest

from tests.tui_fixtures import frozen_timeline, make_app, settle

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
