"""The lookup views (2 key dates, 3 quotes, 4 figures, 5 articles), search over claims dated or
not, keys typed in one burst, and the noise controls — driven with Pilot on a story made by
hand (tests/tui_fixtures.lookup_timeline), so nothing depends on the extraction pipeline."""

from __future__ import annotations

from datetime import date

import pytest
from textual import events

from dateline.core.timeline.lookup import ArticleRow, KeyDateRow, Quote
from dateline.tui.app import PALETTE, DatelineApp, help_sections
from dateline.tui.help import HelpScreen, description_of
from dateline.tui.listing import FigureAt
from dateline.tui.prompts import PickerScreen, PromptBar
from dateline.tui.source_view import SourceView

from tests import tui_fixtures as fixtures
from tests.tui_fixtures import lookup_timeline, make_app, screen_text, settle


def drive(scenario, size=(100, 30), app: DatelineApp | None = None) -> DatelineApp:
    return fixtures.drive(scenario, size, app or make_app(lookup_timeline()))


async def view(pilot, key: str) -> None:
    """Press a view's key and wait for its rows."""
    await pilot.press(key)
    main = pilot.app.main
    await settle(pilot, lambda: main.mode == "timeline" or (main.listing.formatter is not None
                 and main.listing.empty_message != "Building…"))
    await pilot.pause(0.05)


def targets(app) -> list[object]:
    listing = app.main.listing
    return [listing.rows[n].target for n in listing.items]


async def burst(pilot, text: str, *keys: str) -> None:
    """Keys as they arrive over SSH: all queued at once, before the app handles any."""
    app = pilot.app
    for char in text:
        name = {"/": "slash", " ": "space", "-": "minus", ".": "full_stop"}.get(char, char)
        app.post_message(events.Key(name, char))
    for key in keys:
        app.post_message(events.Key(key, "\r" if key == "enter" else None))
    await pilot.pause(0.3)


# Views ---------------------------------------------------------------------------------------


def test_tui_views_have_one_key_each_listed_in_help_and_palette():
    async def scenario(app, pilot):
        for key, mode, title in (("2", "keydates", "Key dates"), ("3", "quotes", "Quotes"),
                                 ("4", "figures", "Figures"), ("5", "articles", "Articles"),
                                 ("1", "timeline", "Timeline")):
            await view(pilot, key)
            assert app.main.mode == mode
            assert f" {key} {title}" in screen_text(app).splitlines()[0]
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {description_of(b) for _, bindings in help_sections() for b in bindings}
        for title in ("Key dates", "Quotes", "Figures", "Articles"):
            assert any(title in d for d in described)
            assert any(title in palette for palette, _, _ in PALETTE)

    drive(scenario)


def test_tui_key_dates_rank_days_and_enter_jumps_to_the_timeline():
    async def scenario(app, pilot):
        await view(pilot, "2")
        rows = targets(app)
        assert [r.key.date for r in rows] == [date(2024, 10, 8), date(2024, 10, 9)]
        assert all(isinstance(r, KeyDateRow) for r in rows)
        assert "officials said 3,000 soldiers" in screen_text(app)
        await pilot.press("j", "enter")
        await settle(pilot, lambda: app.main.mode == "timeline")
        await settle(pilot, lambda: app.main.current_event().id == "e1009")

    drive(scenario)


def test_tui_quotes_group_by_speaker_with_stance_cue_and_date_or_reported():
    async def scenario(app, pilot):
        await view(pilot, "3")
        quotes = [t for t in targets(app) if isinstance(t, Quote)]
        assert {q.claim_id for q in quotes} == {"a1#1", "a1#2", "b2#1"}  # undated one too
        text = screen_text(app)
        assert "Maria Zakharova · 1 quote" in text
        line = next(row for row in text.splitlines() if "the reports were false" in row)
        assert "reported 2024-10-17" in line and "denies" in line and "(said)" in line
        line = next(row for row in text.splitlines() if "3,000 soldiers" in row)
        assert "2024-10-08" in line and "reported" not in line and "asserts" in line

    drive(scenario)


def test_tui_enter_on_a_quote_shows_it_marked_in_its_source():
    async def scenario(app, pilot):
        await view(pilot, "3")
        listing = app.main.listing
        while not (isinstance(listing.target, Quote) and listing.target.claim_id == "a1#2"):
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause(0.1)
        source = app.main.query_one(SourceView)
        assert source.shown is not None and source.shown.article.id == "a1"
        claim = lookup_timeline().claims["a1#2"]
        assert source.shown.marked == (claim.start, claim.end)
        assert source.display and app.main.lower == "source"

    drive(scenario)


def test_tui_figures_side_by_side_and_disagreements_marked():
    async def scenario(app, pilot):
        await view(pilot, "4")
        figures = [t for t in targets(app) if isinstance(t, FigureAt)]
        assert [f.figure.value for f in figures] == [3000, 1500, 12000]
        assert [f.figure.article_id for f in figures] == ["a1", "b2", "a1"]
        text = screen_text(app)
        assert "troops · 3 figures · sources disagree ≠" in text
        rows = [row for row in text.splitlines() if "soldiers”" in row]
        assert len(rows) == 3 and all("≠" in row for row in rows)
        assert "Every figure for troops" in detail_text(app)
        await pilot.press("j", "enter")
        await pilot.pause(0.1)
        shown = app.main.query_one(SourceView).shown
        assert shown is not None and shown.article.id == "b2"

    drive(scenario)


def test_tui_articles_list_outlet_title_date_source_and_events():
    async def scenario(app, pilot):
        await view(pilot, "5")
        rows = targets(app)
        assert [r.article.id for r in rows] == ["a1", "b2"]
        assert all(isinstance(r, ArticleRow) for r in rows)
        text = screen_text(app)
        planet = next(row for row in text.splitlines() if "Daily Planet" in row)
        assert "2024-10-17" in planet and "given" in planet and "Troops arrive" in planet
        assert "  2 ev" in planet
        post = next(row for row in text.splitlines() if "Evening Post" in row)
        assert "inferred" in post and "Seoul said on 2024-10-09" in post  # no title: line 1
        await pilot.press("j", "enter")
        await pilot.pause(0.1)
        source = app.main.query_one(SourceView)
        assert source.shown.article.id == "b2" and source.shown.marked is None
        assert source.scroll_offset.y == 0

    drive(scenario)


def detail_text(app) -> str:
    from dateline.tui.detail import DetailView

    detail = app.main.query_one(DetailView)
    return "\n".join(detail.render_line(y).text for y in range(detail.size.height))


# Search and filters in every view ----------------------------------------------------------


def test_tui_search_finds_an_undated_claim_and_shows_it_in_quotes():
    async def scenario(app, pilot):
        await pilot.press("slash", *"Zakharova", "enter")
        await settle(pilot, lambda: app.main.mode == "quotes")
        await pilot.pause(0.1)
        assert [t.claim_id for t in targets(app)] == ["a1#2"]
        assert "1 quote" in screen_text(app).splitlines()[0]

    drive(scenario)


def test_tui_search_applies_in_every_view():
    async def scenario(app, pilot):
        await pilot.press("slash", *"seoul", "enter")
        await settle(pilot, lambda: app.main.query_text == "seoul")
        await view(pilot, "5")
        assert [r.article.id for r in targets(app)] == ["b2"]
        await view(pilot, "4")
        assert [f.figure.value for f in targets(app)] == [1500]
        await view(pilot, "3")
        assert [q.claim_id for q in targets(app)] == ["b2#1"]

    drive(scenario)


def test_tui_filters_apply_in_every_view_and_an_undated_speaker_can_be_picked():
    async def scenario(app, pilot):
        await pilot.press("a", *"zakh")
        await settle(pilot, lambda: isinstance(app.screen, PickerScreen)
                     and app.screen.answered == "zakh")
        assert app.screen.suggestions[0].facet.name == "Maria Zakharova"
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.mode == "quotes" and bool(app.main.filters))
        await pilot.pause(0.1)
        assert [q.claim_id for q in targets(app)] == ["a1#2"]
        await pilot.press("escape")
        await settle(pilot, lambda: not app.main.filters)
        await pilot.press("c", *"South Korea")
        await settle(pilot, lambda: isinstance(app.screen, PickerScreen)
                     and app.screen.answered == "South Korea")
        await pilot.press("enter")
        await settle(pilot, lambda: bool(app.main.filters))
        await pilot.pause(0.1)
        assert [q.claim_id for q in targets(app)] == ["b2#1"]
        await view(pilot, "5")
        assert [r.article.id for r in targets(app)] == ["b2"]

    drive(scenario)


# Keys typed in one burst -------------------------------------------------------------------


def test_tui_search_typed_in_one_burst_goes_whole_into_the_prompt():
    async def scenario(app, pilot):
        await burst(pilot, "/pact")
        prompt = app.main.query_one(PromptBar)
        assert prompt.mode == "search" and prompt.value == "pact"
        assert not isinstance(app.screen, PickerScreen)  # the 'a' did not open the picker

    drive(scenario)


def test_tui_jump_typed_in_one_burst_with_enter_lands_on_the_day():
    async def scenario(app, pilot):
        await pilot.press("g")
        await burst(pilot, "t2024-10-09", "enter")
        await settle(pilot, lambda: app.main.current_event().id == "e1009")
        assert not app.main.query_one(PromptBar).is_open

    drive(scenario)


def test_tui_picker_typed_in_one_burst_applies_the_filter():
    async def scenario(app, pilot):
        await burst(pilot, "cnorth korea", "enter")
        await settle(pilot, lambda: bool(app.main.filters))
        assert app.main.filters[0].key == "KP"
        assert [app.main.index.events[p].id for p in app.main.timeline.view] == ["e1961"]

    drive(scenario)


# Noise controls ----------------------------------------------------------------------------


def event_ids(app) -> list[str]:
    return [app.main.index.events[p].id for p in app.main.timeline.view]


def test_tui_t_with_a_range_keeps_only_those_days_and_esc_clears_it():
    async def scenario(app, pilot):
        await pilot.press("t", *"2024-10-09..2024-10", "enter")
        await settle(pilot, lambda: app.main.noise.since is not None)
        assert event_ids(app) == ["e1009", "e1017"]
        assert "2024-10-09…2024-10-31" in screen_text(app).splitlines()[0]
        await view(pilot, "3")  # the range applies to quotes by their dates too
        assert {q.claim_id for q in targets(app)} == {"a1#2", "b2#1"}
        await pilot.press("escape")
        await settle(pilot, lambda: not app.main.noise.active)
        await view(pilot, "1")
        assert len(event_ids(app)) == 4

    drive(scenario)


def test_tui_reported_events_toggle_min_sources_and_order_by_sources():
    timeline = lookup_timeline()
    second = timeline.events[1]
    # A second source for one event: ordering by sources puts it first.
    second.mentions.append(timeline.events[2].mentions[0])

    async def scenario(app, pilot):
        await pilot.press("r")
        await settle(pilot, lambda: not app.main.noise.reported)
        assert "e1017" not in event_ids(app)
        await pilot.press("r", "o")
        await settle(pilot, lambda: app.main.noise.by_sources and app.main.noise.reported)
        assert event_ids(app)[0] == "e1008"
        assert "2 sources" in screen_text(app)
        await pilot.press("m")
        await settle(pilot, lambda: app.main.noise.min_sources == 2)
        assert event_ids(app) == ["e1008"]
        await pilot.press("escape")
        await settle(pilot, lambda: not app.main.noise.active)
        assert len(event_ids(app)) == 4

    drive(scenario, app=make_app(timeline))


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
def test_tui_footer_fits_every_shown_key(size):
    async def scenario(app, pilot):
        footer = screen_text(app).splitlines()[-1]
        for label in ("/ Search", "f Filter", "t Jump", "? Help", "q Quit", "1…5 Views"):
            assert label in footer, (label, footer)

    drive(scenario, size=size)
