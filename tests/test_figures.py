"""Figures: numbers with what they count, read from text, grouped by kind, disagreements marked."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.core.timeline.figures import (
    Figure,
    format_value,
    group_figures,
    read_figures,
    timeline_figures,
)

from tests.tui_fixtures import lookup_timeline, seed_timeline


@pytest.mark.parametrize(("text", "found"), [
    ("Other reports suggest Pyongyang already sent as many as 10,000 troops to support Moscow",
     [("troops", 10_000, "as many as 10,000 troops", "as many as")]),
    ("Russian Navy ships transported 1,500 North Korean special operation forces to the port",
     [("troops", 1_500, "1,500 North Korean special operation forces", "")]),
    ("North Korea has one of the world's largest militaries, with 1.2 million soldiers",
     [("troops", 1_200_000, "1.2 million soldiers", "")]),
    ("North Korea has sent more than 13,000 shipping containers of artillery rounds",
     [("containers", 13_000, "more than 13,000 shipping containers", "more than")]),
    ("rockets and KN-23 short-range ballistic missiles to Russia", []),  # a model, not a count
    ("in 2016 two small units of combat troops", []),  # a year, not a count
    ("20 soldiers and 3 tanks were lost", [("troops", 20, "20 soldiers", ""),
                                           ("weapons", 3, "3 tanks", "")]),
])
def test_figures_read_a_number_with_what_it_counts(text, found):
    assert [(kind, value, written, qualifier)
            for kind, value, written, qualifier, _, _ in read_figures(text)] == found


def test_figures_of_the_seeds_put_the_troop_counts_side_by_side():
    groups = group_figures(timeline_figures(seed_timeline()))
    troops = next(g for g in groups if g.kind == "troops")
    october = {f.value: f for f in troops.figures
               if f.day and date(2024, 10, 1) <= f.day <= date(2024, 10, 31)}
    assert {1_500, 3_000, 10_000, 12_000} <= set(october)
    # The undated claim "as many as 10,000" is there, dated by its report and said so.
    assert october[10_000].reported and october[10_000].speaker == "Other reports"
    disputed = {troops.figures[at].value for at in troops.disputed}
    assert {1_500, 3_000, 10_000, 12_000} <= disputed
    # Background figures of other decades are not in dispute with October 2024.
    assert 1_200_000 not in disputed


def test_figures_disagree_only_across_articles_at_the_same_moment_and_scale():
    def figure(value: float, article: str, day: date) -> Figure:
        return Figure("troops", value, f"{value} troops", "", "", article, 0, 1, day, False)

    groups = group_figures([figure(3_000, "a", date(2024, 10, 8)),
                            figure(3_000, "b", date(2024, 10, 9)),  # agrees
                            figure(12_000, "c", date(2024, 10, 20)),  # disagrees
                            figure(20, "d", date(2024, 10, 21)),  # another scale: killed
                            figure(1_000, "a", date(2024, 10, 10)),  # same article as 3,000
                            figure(3_500, "e", date(1977, 1, 1))])  # decades apart
    troops = groups[0]
    marked = sorted(troops.figures[at].value for at in troops.disputed)
    assert marked == [1_000, 3_000, 3_000, 12_000]


def test_figures_are_read_once_from_an_event_and_its_claim():
    figures = timeline_figures(lookup_timeline())
    assert sorted(f.value for f in figures) == [1_500, 3_000, 12_000]
    assert next(f for f in figures if f.value == 12_000).reported


@pytest.mark.parametrize(("value", "text"), [(10_000, "10,000"), (1_200_000, "1.2 million"),
                                             (20, "20"), (2.5, "2.5")])
def test_figures_format_value(value, text):
    assert format_value(value) == text
