"""The small things a new user met, each driven with Pilot: the detail pane complete on the first
draw, Esc back from the source, the cursor in sight after clearing filters, readable text in
every theme, a palette of commands that work, messages on the status line instead of toasts."""

from __future__ import annotations

import json
import time

import pytest
from textual.command import CommandPalette

from dateline.core.timeline.browse import TimelineIndex
from dateline.tui.app import DatelineApp
from dateline.tui.data import Loaded, TimelineSource
from dateline.tui.detail import DetailView
from dateline.tui.log import LogScreen
from dateline.tui.prompts import PromptBar
from dateline.tui.source_view import SourceView

from tests import tui_fixtures as fixtures
from tests.tui_fixtures import (
    lookup_timeline,
    make_app,
    screen_text,
    seed_timeline,
    settle,
)


def drive(scenario, size=(80, 24), app: DatelineApp | None = None) -> DatelineApp:
    return fixtures.drive(scenario, size, app or make_app())


def detail_text(app) -> str:
    detail = app.main.query_one(DetailView)
    return "\n".join(detail.render_line(y).text for y in range(detail.size.height))


def test_tui_detail_pane_is_complete_on_the_first_draw(monkeypatch):
    """The facets come after the first draw (slowly here); the detail is drawn again then,
    without the cursor moving."""
    build = TimelineIndex.build_facets

    def slow_build(self, names):
        time.sleep(0.3)
        build(self, names)

    monkeypatch.setattr(TimelineIndex, "build_facets", slow_build)

    async def scenario(app, pilot):
        main = app.main
        start = main.timeline.cursor
        await settle(pilot, lambda: main.index.countries(main.current_event()) != [])
        await pilot.pause(0.1)
        assert main.timeline.cursor == start  # nothing moved
        assert "Countries" in detail_text(app)

    drive(scenario, size=(80, 40))


def test_tui_escape_in_the_source_brings_the_detail_back():
    async def scenario(app, pilot):
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.focused is app.main.query_one(SourceView))
        assert app.main.lower == "source" and not app.main.query_one("#detail-pane").display
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert app.main.lower == "detail"
        assert app.main.query_one("#detail-pane").display
        assert not app.main.query_one("#source-pane").display
        assert app.main.focused is app.main.timeline
        assert "Sources (" in detail_text(app)

    drive(scenario)


def test_tui_cursor_stays_in_sight_after_clearing_filters():
    async def scenario(app, pilot):
        timeline = app.main.timeline
        await pilot.press("c", *"Russia", "enter")
        await settle(pilot, lambda: bool(app.main.filters))
        await pilot.press("G")
        await pilot.press("escape")
        await settle(pilot, lambda: not app.main.filters)
        await pilot.pause(0.1)
        row = timeline.rows.row_of(timeline.cursor)
        top = round(timeline.scroll_offset.y)
        assert top <= row < top + timeline.scrollable_content_region.height
        assert "▶" in screen_text(app)

    drive(scenario)


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        def channel(value: int) -> float:
            v = value / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        red, green, blue = rgb
        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_tui_every_theme_keeps_the_rows_readable():
    """Every drawn character of the timeline and a lookup view, the cursor row included,
    stands out from its background (3:1, WCAG's floor for large text) in every theme but the
    ANSI ones, whose colours are the terminal's own."""

    async def scenario(app, pilot):
        themes = sorted(t for t in app.available_themes if not t.startswith("ansi"))
        assert "catppuccin-latte" in themes
        failures = []
        for mode in ("1", "3"):
            await pilot.press(mode)
            await pilot.pause(0.2)
            widget = app.main.list_widget
            for theme in themes:
                app.theme = theme
                await pilot.pause(0.02)
                for y in range(widget.size.height):
                    for segment in widget.render_line(y):
                        style = segment.style
                        if not segment.text.strip() or style is None:
                            continue
                        ratio = contrast(style.color.get_truecolor(),
                                         style.bgcolor.get_truecolor())
                        if ratio < 3:
                            failures.append((mode, theme, y, segment.text, round(ratio, 2)))
        assert not failures

    drive(scenario)


def test_tui_palette_offers_only_commands_that_work():
    async def scenario(app, pilot):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Keys" not in titles and not any("creenshot" in t for t in titles)
        assert "Export the current view…" in titles
        for command in app.get_system_commands(app.screen):
            if command.title in ("Quit", "Help: every key", "Messages") or "heme" in \
                    command.title or "Filter" in command.title:
                continue
            command.callback()
            await pilot.pause(0.05)
            prompt = app.main.query_one(PromptBar)
            if prompt.is_open:
                await pilot.press("escape")
                await pilot.pause(0.05)
            assert app.is_running, command.title
        await pilot.press("1")

    drive(scenario)


def test_tui_palette_exports_the_current_view(tmp_path):
    target = tmp_path / "view.timelinejs.json"

    async def scenario(app, pilot):
        await pilot.press("c", *"Syria", "enter")
        await settle(pilot, lambda: bool(app.main.filters))
        shown = len(app.main.timeline.view)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Export the current")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.main.query_one(PromptBar).mode == "export"
        await pilot.press(*str(target), "enter")
        for _ in range(100):
            if target.exists():
                break
            await pilot.pause(0.05)
        doc = json.loads(target.read_text(encoding="utf-8"))
        assert len(doc["events"]) == shown
        await pilot.pause(0.1)
        assert "Exported" in app.main.log_lines[-1][1]

    drive(scenario)


class Skipping(TimelineSource):
    """A load that skipped four files (as on a real corpus with empty ones)."""

    def load(self, progress):
        errors = [f"/corpus/empty{n}.txt: empty file" for n in range(4)]
        return Loaded(lookup_timeline(), errors, "1 ingested, 0 unchanged, 4 failed "
                      "(store: /tmp/x.db)")


def test_tui_skipped_files_go_to_the_status_line_and_the_log_not_toasts():
    async def scenario(app, pilot):
        await pilot.pause(0.1)
        status = screen_text(app).splitlines()[0]
        assert "skipped 4 files (L: why)" in status
        assert not app._notifications  # nothing stacked over the timeline
        await pilot.press("L")
        assert isinstance(app.screen, LogScreen)
        text = str(app.screen.query_one("#log-body").render())
        assert all(f"empty{n}.txt: empty file" in text for n in range(4))
        assert "(store: /tmp/x.db)" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, LogScreen)

    drive(scenario, app=DatelineApp(Skipping(), cursor_blink=False))


@pytest.mark.parametrize(("done", "total", "label"), [
    (0, 1, "Reading 1/1 article: a.txt"), (1, 1, "Read 1 article; merging the timeline…"),
    (3, 138, "Reading 4/138 articles: a.txt"),
])
def test_tui_progress_text_counts_right(done, total, label):
    from dateline.tui.messages import IngestProgressed

    async def scenario(app, pilot):
        app.main.on_ingest_progressed(IngestProgressed(done, total, "a.txt"))
        await pilot.pause()
        assert str(app.main.query_one("#progress-label").render()) == label

    drive(scenario)


def test_tui_seed_questions_in_a_few_keystrokes():
    """The five questions of issue 11 on the seeds, each a few keys."""
    timeline = seed_timeline()

    async def scenario(app, pilot):
        main = app.main
        # What did Russia's foreign ministry spokeswoman say? An undated quote.
        await pilot.press("slash", *"Zakharova", "enter")
        # A reported event on the timeline (its article's date), or the quote in Quotes when
        # the statement makes no event.
        await settle(pilot, lambda: "Who is involved in the special military operation"
                     in screen_text(app))
        # How many troops, and where do figures conflict?
        await pilot.press("escape", "4")
        await settle(pilot, lambda: main.mode == "figures" and main.listing.items)
        await pilot.pause(0.1)
        text = screen_text(app)
        assert "troops" in text and "sources disagree ≠" in text
        assert "10,000" in text and "1,500" in text
        # The story, not 1950, on the first screen of the timeline.
        await pilot.press("1")
        await pilot.pause(0.1)
        assert main.current_event().start.year == 2024

    assert any(c.speaker_name.endswith("Zakharova") for c in timeline.claims.values())
    drive(scenario, size=(80, 30))
