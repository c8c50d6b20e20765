"""The Textual app, driven with Pilot as a user would: every key, and the filter, search, jump
and source flows on the five seed articles."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date

import pytest
from textual.command import CommandPalette

from dateline.core.timeline.browse import COUNTRY
from dateline.core.timeline.display import event_when
from dateline.tui.app import PALETTE, DatelineApp, MainScreen, help_sections
from dateline.tui.data import StoreSource
from dateline.tui.detail import DetailView
from dateline.tui.help import HelpScreen, description_of, keys_of
from dateline.tui.prompts import PickerScreen, PromptBar
from dateline.tui.source_view import SourceView
from dateline.tui.timeline import TimelineView

from tests.tui_fixtures import (
    conflicted,
    hostile_timeline,
    make_app,
    most_sourced,
    seed_timeline,
    select,
    settle,
)

Scenario = Callable[[DatelineApp, object], Awaitable[None]]


def drive(scenario: Scenario, size: tuple[int, int] = (80, 24), app: DatelineApp | None = None,
          top: bool = True) -> DatelineApp:
    """Run `scenario(app, pilot)` on a loaded app, from the first event (`g`) unless `top` is
    False (the app opens at the story's present); return the app for after-the-fact checks."""
    app = app or make_app()

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            if top:
                await pilot.press("g")
                await settle(pilot)
            await scenario(app, pilot)

    asyncio.run(main())
    return app


def current(app: DatelineApp):
    return app.main.current_event()


def position(app: DatelineApp) -> int | None:
    return app.main.timeline.event_position


# Opening ------------------------------------------------------------------------------------


def test_tui_opens_on_every_seed_event_in_date_order_at_the_story():
    async def scenario(app, pilot):
        timeline = app.main.timeline
        events = [timeline.events[p] for p in timeline.view]
        assert len(events) == len(seed_timeline().events) > 40
        assert [(e.start, e.end) for e in events] == sorted((e.start, e.end) for e in events)
        # The story's present (October 2024) is on screen, not 1950: background is `g` away.
        assert current(app).start >= date(2024, 9, 1)
        assert "2024-10" in screen_text(app)
        status = str(app.main.query_one("#status").render())
        assert f"{len(events)} events, 5 articles" in status
        await pilot.press("g")
        assert position(app) == 0 and current(app).start.year < 2000
        # Year headings: the first row is one, and every event row sits under one.
        assert timeline.rows.at(0)[1] is None

    drive(scenario, top=False)


def screen_text(app) -> str:
    """What the terminal shows, row by row, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def test_tui_timeline_rows_show_the_date_at_its_granularity_sources_and_conflict():
    async def scenario(app, pilot):
        timeline = app.main.timeline
        lines = [timeline.render_line(y).text for y in range(timeline.size.height)]
        assert any("1950…1953" in line for line in lines)
        where, event = conflicted(seed_timeline())
        await select(pilot, where)
        row = timeline.rows.row_of(timeline.cursor) - round(timeline.scroll_offset.y)
        line = timeline.render_line(row).text
        sources = len({m.article_id for m in event.mentions})
        assert line.startswith(f"▶ {event_when(event)}")
        assert "≠" in line and f" {sources} " in line
        assert event_when(event).startswith("~")  # sources disagree: the date is approximate

    drive(scenario)


# Moving -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("keys", "expected"), [
    (("down",), 1), (("j",), 1), (("j", "j", "up"), 1), (("j", "j", "k"), 1), (("k",), 0),
])
def test_tui_arrows_and_jk_move_the_cursor(keys, expected):
    async def scenario(app, pilot):
        await pilot.press(*keys)
        assert position(app) == expected

    drive(scenario)


def test_tui_page_keys_move_a_screenful():
    async def scenario(app, pilot):
        height = app.main.timeline.scrollable_content_region.height
        await pilot.press("pagedown")
        assert position(app) == height - 1
        await pilot.press("pagedown", "pageup")
        assert position(app) == height - 1

    drive(scenario)


def test_tui_g_and_shift_g_go_to_the_first_and_last_event():
    last = len(seed_timeline().events) - 1

    async def scenario(app, pilot):
        await pilot.press("G")
        assert position(app) == last
        assert current(app) is seed_timeline().events[last]
        await pilot.press("g")
        assert position(app) == 0
        await pilot.press("end", "home")
        assert position(app) == 0

    drive(scenario)


def test_tui_mouse_click_selects_a_row():
    async def scenario(app, pilot):
        timeline = app.main.timeline
        await pilot.click(TimelineView, offset=(10, 2))  # row 2: the second event of 1950–1967
        assert position(app) == 1
        assert timeline.rows.at(2)[1] == 1

    drive(scenario)


def test_tui_detail_follows_the_cursor():
    where, event = conflicted(seed_timeline())

    async def scenario(app, pilot):
        await select(pilot, where)
        detail = app.main.query_one(DetailView)
        text = "\n".join(strip.text for strip in detail._lines)
        sources = app.main.index.sources(event)
        assert f"Sources ({len(sources)})" in text
        for article in sources:
            assert article.outlet in text
        # The date conflict side by side, in words: "June 2024" — 000, 001; "July 2024" — 002.
        assert "June 2024" in text and "July 2024" in text
        header = next(line for line in text.splitlines() if "June 2024" in line)
        assert header.index("June 2024") < header.index("July 2024")
        below = text.splitlines()[text.splitlines().index(header) + 2]
        assert below.index("000") < below.index("002")
        assert "North Korea" in text and "Russia" in text

    drive(scenario)


# Panes --------------------------------------------------------------------------------------


def test_tui_tab_and_shift_tab_cycle_the_panes():
    async def scenario(app, pilot):
        main = app.main
        assert isinstance(main.focused, TimelineView)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(main.focused, DetailView)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(main.focused, SourceView)
        assert main.query_one("#source-pane").display and not main.query_one(
            "#detail-pane").display  # below 120 columns one lower pane at a time
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(main.focused, TimelineView)
        await pilot.press("shift+tab")
        await pilot.pause()
        assert isinstance(main.focused, SourceView)

    drive(scenario)


def test_tui_wide_terminals_show_detail_and_source_together():
    async def scenario(app, pilot):
        main = app.main
        assert main.has_class("-wide")
        assert main.query_one("#detail-pane").display and main.query_one("#source-pane").display
        assert main.query_one(SourceView).shown is not None  # filled without Enter

    drive(scenario, size=(120, 40))


def test_tui_enter_opens_the_source_with_the_event_marked_and_scrolled_into_view():
    async def scenario(app, pilot):
        await pilot.press("G", "enter")
        await pilot.pause()
        source = app.main.query_one(SourceView)
        assert isinstance(app.main.focused, SourceView)
        event = current(app)
        assert source.shown.mention is event.mentions[0]
        first, _ = source._marked
        top = round(source.scroll_offset.y)
        assert top <= first < top + source.scrollable_content_region.height
        # The marked lines hold the mention's text, found by offsets.
        start, _ = source._lines[first]
        assert start <= event.mentions[0].start
        line = source.render_line(first - top).text
        assert line.startswith("▌")
        await pilot.press("escape")
        assert isinstance(app.main.focused, TimelineView)

    drive(scenario)


def test_tui_s_cycles_through_the_events_sources():
    where, event = most_sourced(seed_timeline())
    count = len(event.mentions)
    assert count >= 3

    async def scenario(app, pilot):
        await select(pilot, where)
        source = app.main.query_one(SourceView)
        seen = []
        for _ in range(count):
            await pilot.press("s")
            seen.append((source.shown.which, source.shown.article.id))
        assert [which for which, _ in seen] == [*range(2, count + 1), 1]
        assert {article for _, article in seen} == {m.article_id for m in event.mentions}
        assert source.shown.mention is event.mentions[0]  # back to the first

    drive(scenario)


# Filters ------------------------------------------------------------------------------------


def tagged(country: str) -> set[int]:
    return {n for n, e in enumerate(seed_timeline().events)
            if any(country in m.countries for m in e.mentions)}


def test_tui_filter_syria_keeps_only_the_events_tagged_syria():
    async def scenario(app, pilot):
        await pilot.press("f")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"Syria", "enter")
        await settle(pilot, lambda: bool(app.main.filters))
        main = app.main
        expected = tagged("SY")
        assert expected and set(main.timeline.view) == expected
        status = str(main.query_one("#status").render())
        total = len(seed_timeline().events)
        assert "country Syria" in status and f"{len(expected)}/{total} events" in status

    drive(scenario)


def test_tui_filters_combine_and_escape_clears_them():
    async def scenario(app, pilot):
        main = app.main
        await pilot.press("c", *"Russia", "enter")
        await settle(pilot, lambda: len(main.filters) == 1)
        russia = set(main.timeline.view)
        assert russia == tagged("RU")
        await pilot.press("a", *"Putin", "enter")
        await settle(pilot, lambda: len(main.filters) == 2)
        both = set(main.timeline.view)
        putin = {p for p in russia
                 if "vladimir-putin" in {a.id for a in main.index.actors(main.index.events[p])}}
        assert both == putin and both < russia
        status = str(main.query_one("#status").render())
        assert "country Russia" in status and "actor Vladimir Putin" in status
        await pilot.press("escape")
        await settle(pilot, lambda: not main.filters)
        assert len(main.timeline.view) == len(seed_timeline().events)

    drive(scenario)


def test_tui_pickers_suggest_fuzzily_and_only_their_kind():
    async def scenario(app, pilot):
        await pilot.press("c", *"Syira")  # a typo still finds Syria
        picker = app.screen
        await settle(pilot, lambda: picker.answered == "Syira")
        assert picker.suggestions[0].facet.name == "Syria"
        assert all(s.facet.kind == COUNTRY for s in picker.suggestions)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen) and not app.main.filters

    drive(scenario)


# Search -------------------------------------------------------------------------------------


def test_tui_search_marks_hits_and_n_steps_through_them():
    expected = [n for n, e in enumerate(seed_timeline().events)
                if "yom kippur" in app_text(e).casefold()]

    async def scenario(app, pilot):
        main = app.main
        assert expected
        await pilot.press("slash", *"Yom Kippur", "enter")
        await settle(pilot, lambda: main.query_text == "Yom Kippur" and not main.query_one(
            PromptBar).is_open)
        assert main.hits and set(expected) <= set(main.hits)
        assert position(app) == main.hits[0]
        await pilot.press("n")
        assert position(app) == main.hits[1 % len(main.hits)]
        await pilot.press("N")
        assert position(app) == main.hits[0]
        await pilot.press("N")  # wraps around to the last
        assert position(app) == main.hits[-1]

    drive(scenario)


def app_text(event) -> str:
    return " ".join([event.text, *(m.sentence for m in event.mentions)])


def test_tui_search_moves_as_you_type_and_escape_goes_back():
    async def scenario(app, pilot):
        main = app.main
        await pilot.press("j", "j", "slash", *"zelensk")
        await settle(pilot, lambda: main.query_text == "zelensk")
        assert position(app) == main.hits[0] and "Zelensky" in app_text(current(app))
        await pilot.press("escape")
        await settle(pilot, lambda: not main.query_text)
        assert position(app) == 2 and not main.hits

    drive(scenario)


def test_tui_search_finds_claims():
    timeline = seed_timeline()
    claim_words = "highly likely"
    expected = {n for n, e in enumerate(timeline.events) for m in e.mentions
                for c in m.claim_ids if claim_words in timeline.claims[c].text}
    assert expected

    async def scenario(app, pilot):
        main = app.main
        await pilot.press("slash", *claim_words, "enter")
        await settle(pilot, lambda: main.query_text == claim_words)
        assert expected <= set(main.hits)

    drive(scenario)


# Jump ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("target", "first_day"), [
    ("2024-10", date(2024, 10, 1)), ("1973", date(1973, 1, 1)), ("1970s", date(1970, 1, 1)),
    ("2024-W41", date(2024, 10, 7)),
])
def test_tui_t_jumps_to_the_first_event_on_or_after_a_date(target, first_day):
    events = seed_timeline().events
    expected = next(n for n, e in enumerate(events) if e.start >= first_day)

    async def scenario(app, pilot):
        await pilot.press("G", "t", *target, "enter")
        await settle(pilot, lambda: position(app) == expected)

    drive(scenario)


def test_tui_t_with_no_date_says_so_and_stays():
    async def scenario(app, pilot):
        await pilot.press("j", "t", *"soon", "enter")
        await pilot.pause(0.2)
        assert position(app) == 1
        assert any("not a date" in text for _, text in app.main.log_lines)

    drive(scenario)


# Help, palette, clipboard, quit ------------------------------------------------------------


def test_tui_help_lists_every_binding():
    async def scenario(app, pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app)
        for section, bindings in help_sections():
            assert section in text
            for binding in bindings:
                assert " / ".join(keys_of(binding)) in text, binding
                assert description_of(binding) in text, binding
        for binding in HelpScreen.BINDINGS:
            assert description_of(binding) in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)

    drive(scenario, size=(120, 40))


def help_text(app) -> str:
    from io import StringIO

    from rich.console import Console

    console = Console(width=200, file=StringIO(), color_system=None)
    console.print(app.screen.table)
    return console.file.getvalue()


def test_tui_every_main_action_is_bound_documented_and_in_the_palette():
    bound = {b.action.split("(")[0] for b in MainScreen.BINDINGS}
    in_palette = {action.split("(")[0] for _, _, action in PALETTE}
    missing = bound - in_palette - {"pane", "quit"}  # Tab moves focus; Quit is its own command
    assert not missing


def test_tui_command_palette_runs_the_same_actions():
    async def scenario(app, pilot):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title, _, _ in PALETTE:
            assert title in titles
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Jump to a date")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        prompt = app.main.query_one(PromptBar)
        assert prompt.is_open and prompt.mode == "jump"

    drive(scenario)


def test_tui_y_copies_the_event_with_its_sources():
    where, event = conflicted(seed_timeline())

    async def scenario(app, pilot):
        await select(pilot, where)
        await pilot.press("y")
        copied = app.clipboard
        assert copied.startswith(event_when(event))
        sources = app.main.index.sources(event)
        assert copied.count("source:") == len(sources)
        assert all(article.outlet in copied for article in sources)
        assert "sources disagree on the date" in copied and "July 2024" in copied

    drive(scenario)


def test_tui_q_quits():
    async def scenario(app, pilot):
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running

    drive(scenario)


# Terminal safety ----------------------------------------------------------------------------


def test_tui_article_text_renders_literally_and_cannot_drive_the_terminal():
    async def scenario(app, pilot):
        main = app.main
        await pilot.press("enter")
        await pilot.pause()
        screen_text = []
        for widget in (main.timeline, main.query_one(SourceView), main.query_one(DetailView)):
            for y in range(widget.size.height):
                strip = widget.render_line(y)
                for segment in strip:
                    assert not segment.control
                    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in segment.text)
                screen_text.append(strip.text)
        for static in main.query("#status, #source-title"):
            screen_text.append(str(static.render()))
        text = "\n".join(screen_text)
        assert "[bold]stays[/]" in text and "[red]here[/red]" in text  # markup stays literal
        assert "␛[2J␛[31mclears" in text  # ESC shown, not obeyed
        assert "Title [bold]with[/] ␛[31mmarkup" in text
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
        # The claim (deny: bold) and the mention are styled by offsets, not by searching.
        source = main.query_one(SourceView)
        assert source.shown.claims and source.shown.mention.start == HOSTILE_START
        await pilot.press("y")
        assert "\x1b" not in app.clipboard and "␛" in app.clipboard

    drive(scenario, size=(120, 40), app=make_app(hostile_timeline()))


HOSTILE_START = hostile_timeline().events[0].mentions[0].start


# Loading ------------------------------------------------------------------------------------


def test_tui_opens_a_store_in_a_tmp_path_and_searches_it_with_fts(tmp_path):
    from tests.tui_fixtures import SEEDS

    source = StoreSource(tmp_path / "dateline.db", [str(SEEDS)])
    app = DatelineApp(source, cursor_blink=False)

    async def scenario(app, pilot):
        main = app.main
        assert len(main.timeline.view) == len(seed_timeline().events)
        await pilot.press("slash", *"Zelensky", "enter")
        await settle(pilot, lambda: main.query_text == "Zelensky")
        assert main.hits and "Zelensky" in app_text(current(app))

    try:
        drive(scenario, app=app)
    finally:
        source.close()
    assert (tmp_path / "dateline.db").is_file()


class SlowSource(StoreSource):
    """A source whose ingest takes 3 s, reporting progress as it goes."""

    def __init__(self) -> None:
        self.description = "slow"

    def load(self, progress):
        import time

        from dateline.tui.data import Loaded

        for done in range(6):
            progress(done, 6, f"article-{done}.txt")
            time.sleep(0.5)
        return Loaded(seed_timeline())

    def search(self, query, index, prefix=False):
        return index.search(query)

    def close(self) -> None:
        pass


def test_tui_a_slow_ingest_shows_progress_and_the_ui_stays_responsive():
    async def main() -> None:
        app = DatelineApp(SlowSource(), cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            box = app.main.query_one("#progress-box")
            for _ in range(100):  # it shows after PROGRESS_AFTER (1 s), however loaded the CPU
                if box.display:
                    break
                await pilot.pause(0.05)
            assert box.display and app.main.is_loading
            await pilot.press("question_mark")  # keys still work while it reads
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await settle(pilot)
            assert not box.display
            assert len(app.main.timeline.view) == len(seed_timeline().events)

    asyncio.run(main())
