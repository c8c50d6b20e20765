"""core.timeline.browse: facets, filters, year rows, jumps and search over a hand-made timeline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dateline.core.model import Actor, Article, Claim, Event, EventMention, Timeline
from dateline.core.temporal.timex import Timex
from dateline.core.timeline import names
from dateline.core.timeline.browse import (
    ACTOR,
    COUNTRY,
    Noise,
    SourceOrder,
    TimelineIndex,
    YearRows,
    next_hit,
)

YEARS = [1950, 1953, 1973, 1973, 1973, 2024, 2024, 2024, 2024]


def event(n: int, year: int, actors: tuple[str, ...] = (), countries: tuple[str, ...] = (),
          claims: tuple[str, ...] = (), text: str = "") -> Event:
    day = date(year, 1 + n % 12, 1)
    timex = Timex(0, 4, "when", "DATE", day.isoformat(), "day", (day, day))
    mention = EventMention("a1", 0, 10, f"sentence {n}", timex, actors, countries, claims)
    return Event(f"e{n}", day, day, "day", day.isoformat(), False, text or f"event {n}",
                 [mention])


def timeline() -> Timeline:
    events = [
        event(0, 1950, countries=("KP",)),
        event(1, 1953, countries=("KP", "KR")),
        event(2, 1973, countries=("SY",), text="pilots in the Yom Kippur war"),
        event(3, 1973, actors=("putin",), countries=("SY", "RU")),
        event(4, 1973, claims=("a1#0",)),
        event(5, 2024, actors=("putin", "kim"), countries=("RU",)),
        event(6, 2024, actors=("kim",), countries=("KP",)),
        event(7, 2024, countries=("RU",), text="troops landed"),
        event(8, 2024, actors=("putin",), countries=("UA",)),
    ]
    events.sort(key=lambda e: (e.start, e.end, e.id))
    actors = {"putin": Actor("putin", "Vladimir Putin", "person", "RU", ("Putin",)),
              "kim": Actor("kim", "Kim Jong Un", "person", "KP", ("Kim Jong-un",)),
              "zelensky": Actor("zelensky", "Volodymyr Zelensky", "person", "UA")}
    claims = {"a1#0": Claim(0, 5, "we deny the troops", "Volodymyr Zelensky", None, None,
                            "zelensky", "said", "deny")}
    articles = [Article("a1", "a1.txt", "text of the article", outlet="Outlet")]
    return Timeline(articles, events, claims, {"a1#0": "a1"}, actors, {})


NAMES = {"KP": ("North Korea", "DPRK"), "KR": ("South Korea",), "SY": ("Syria", "Syrian"),
         "RU": ("Russia", "Russian"), "UA": ("Ukraine",)}


@pytest.fixture
def index() -> TimelineIndex:
    return TimelineIndex(timeline(), NAMES)


def test_browse_select_keeps_events_tagged_with_every_facet(index):
    syria = index.facet(COUNTRY, "SY")
    putin = index.facet(ACTOR, "putin")
    assert [index.events[p].id for p in index.select([syria])] == ["e2", "e3"]
    assert [index.events[p].id for p in index.select([syria, putin])] == ["e3"]
    assert index.select([]) == range(9)


def test_browse_claim_speakers_tag_their_events(index):
    zelensky = index.facet(ACTOR, "zelensky")
    assert [index.events[p].id for p in index.select([zelensky])] == ["e4"]


@pytest.mark.parametrize(("typed", "kind", "first"), [
    ("Syria", None, "Syria"), ("syr", COUNTRY, "Syria"), ("putn", ACTOR, "Vladimir Putin"),
    ("Kim Jong-un", ACTOR, "Kim Jong Un"), ("DPRK", None, "North Korea"),
    ("", None, "North Korea"),  # nothing typed: the most frequent first (ties by name)
])
def test_browse_suggest_matches_names_and_aliases_fuzzily(index, typed, kind, first):
    found = index.suggest(typed, kind)
    assert found[0].facet.name == first
    assert kind is None or all(s.facet.kind == kind for s in found)


def test_browse_suggest_names_the_match_as_written(index):
    """Names are matched folded (case, diacritics), the suggestion shows them as written."""
    for typed in ("putn", "VLADIMIR", "vladímir putin"):
        found = index.suggest(typed, ACTOR)[0]
        assert found.facet.name == "Vladimir Putin"
        assert found.matched in found.facet.names and found.matched != found.matched.lower()


def test_browse_suggest_past_the_fuzzy_names_finds_the_rest_by_a_word_start(monkeypatch):
    """With more names than are matched fuzzily (an archive's), the most frequent actor's are
    still matched fuzzily, and every other name by the start of one of its words."""
    monkeypatch.setattr(names, "FUZZY_NAMES", 2)  # Putin's two names: the most frequent
    index = TimelineIndex(timeline(), NAMES)
    assert index.suggest("putn", ACTOR)[0].facet.name == "Vladimir Putin"  # fuzzily
    assert index.suggest("volod", ACTOR)[0].facet.name == "Volodymyr Zelensky"  # word start
    assert index.suggest("jong", ACTOR)[0].facet.name == "Kim Jong Un"
    assert index.suggest("kim jong-un", ACTOR)[0].facet.name == "Kim Jong Un"  # whole name
    assert index.suggest("zelenksy", ACTOR) == []  # a rare name misspelt: the trade-off


def test_browse_rows_head_each_dense_year_and_group_sparse_ones(index):
    rows = index.rows(range(9))
    headings = [rows.at(r)[0] for r in range(len(rows)) if rows.at(r)[1] is None]
    assert headings == ["1950–1953", "1973", "2024"]
    assert len(rows) == 9 + 3
    for position in range(9):
        assert rows.at(rows.row_of(position)) == (None, position)
    assert [rows.count(k) for k in range(3)] == [2, 3, 4]


def test_browse_rows_of_a_filtered_view(index):
    view = index.select([index.facet(COUNTRY, "KP")])
    rows = index.rows(view)
    assert [rows.at(r) for r in range(len(rows))] == [("1950–2024", None), (None, 0),
                                                        (None, 1), (None, 2)]


def test_browse_year_rows_of_an_empty_view():
    rows = YearRows([], [])
    assert len(rows) == 0


@pytest.mark.parametrize(("day", "position"), [
    (date(1900, 1, 1), 0), (date(1973, 1, 1), 2), (date(2024, 7, 1), 6), (date(2030, 1, 1), 8),
])
def test_browse_position_on_or_after(index, day, position):
    assert index.position_on_or_after(range(9), day) == position


def test_browse_search_matches_every_word_in_events_sentences_and_claims(index):
    ids = lambda found: [index.events[p].id for p in found]  # noqa: E731
    assert ids(index.search("yom kippur")) == ["e2"]
    assert ids(index.search("TROOPS")) == ["e4", "e7"]  # a claim's text, an event's text
    assert ids(index.search("troops landed")) == ["e7"]
    assert ids(index.search("troo")) == ["e4", "e7"]  # as typed so far
    assert index.search("  ") == []


def test_browse_next_hit_wraps_and_skips_filtered_out_hits():
    view = [1, 3, 5, 7]
    members = frozenset(view)
    hits = [0, 3, 4, 7]
    assert next_hit(hits, view, members, 0) == 1  # from event 1 to event 3
    assert next_hit(hits, view, members, 1) == 3  # from 3 to 7
    assert next_hit(hits, view, members, 3) == 1  # wraps to 3
    assert next_hit(hits, view, members, 1, forward=False) == 3  # back from 3 wraps to 7
    assert next_hit(hits, view, members, 1, inclusive=True) == 1  # at the cursor counts
    assert next_hit([0, 4], view, members, 0) is None
    assert next_hit([], view, members, 0) is None


def test_browse_claims_and_sources_of_an_event(index):
    claimed = next(e for e in index.events if e.id == "e4")
    assert [cid for cid, _ in index.claims(claimed)] == ["a1#0"]
    assert [a.id for a in index.actors(claimed)] == ["zelensky"]
    assert [a.id for a in index.sources(claimed)] == ["a1"]
    assert index.claim_events("a1#0") == [index.positions["e4"]]
    assert [c.text for c in index.article_claims("a1")] == ["we deny the troops"]


# Noise controls, the story's present, names --------------------------------------------------


def sourced(timeline: Timeline, position: int, articles: int) -> None:
    """Give the event at `position` more sources (mentions from other articles)."""
    event = timeline.events[position]
    for n in range(1, articles):
        event.mentions.append(replace(event.mentions[0], article_id=f"b{n}"))


def test_browse_noise_keeps_a_date_range_min_sources_and_explicit_events():
    tl = timeline()
    sourced(tl, 5, 3)
    sourced(tl, 7, 2)
    tl.events[6].certainty = "reported"
    index = TimelineIndex(tl)
    assert list(index.select((), Noise(since=date(1973, 1, 1), until=date(1973, 12, 31)))) \
        == [2, 3, 4]
    assert list(index.select((), Noise(min_sources=2))) == [5, 7]
    assert list(index.select((), Noise(reported=False))) == [0, 1, 2, 3, 4, 5, 7, 8]
    assert list(index.select((), Noise(since=date(2024, 1, 1), reported=False))) == [5, 7, 8]
    assert Noise(min_sources=2, reported=False).describe() == ["≥2 sources", "no reported"]


def test_browse_order_by_sources_heads_each_count_and_steps_hits_in_view_order():
    tl = timeline()
    sourced(tl, 5, 3)
    sourced(tl, 1, 2)
    index = TimelineIndex(tl)
    view = index.select((), Noise(by_sources=True))
    assert isinstance(view, SourceOrder)
    assert list(view) == [5, 1, 0, 2, 3, 4, 6, 7, 8]  # by date within a count
    rows = index.rows(view, by_sources=True)
    assert rows.labels == ["3 sources", "2 sources", "1 source"]
    assert next_hit([1, 7], view, None, 0) == 1  # the next hit in view order, not by date
    assert next_hit([1, 7], view, None, 1) == 7
    assert next_hit([1, 7], view, None, 7) == 1  # wraps around
    assert index.position_on_or_after(view, date(2024, 1, 1)) == 0


def test_browse_story_start_is_the_densest_stretch_near_publication():
    tl = timeline()
    tl.articles = [replace(tl.articles[0], published=date(2024, 9, 30))]
    index = TimelineIndex(tl)
    start = index.story_start()
    assert index.events[start].start.year == 2024
    assert start == min(p for p, e in enumerate(tl.events) if e.start >= date(2024, 8, 1))


def test_browse_story_start_without_publication_dates_is_the_densest_stretch():
    index = TimelineIndex(timeline())
    assert index.events[index.story_start()].start.year == 2024


def test_browse_claim_search_finds_claims_on_no_event():
    tl = timeline()
    tl.claims["a1#9"] = Claim(0, 4, "none of their concern", "Maria Zakharova", None, None,
                              None, "said", "deny")
    index = TimelineIndex(tl)
    assert index.search_claims("zakharova") == {"a1#9"}
    assert index.search_claims("deny troops") == {"a1#0"}
    assert index.search("zakharova") == []  # on no event: the timeline has no hit


def test_browse_a_speaker_on_no_event_is_an_actor_to_pick():
    tl = timeline()
    tl.actors["zakharova"] = Actor("zakharova", "Maria Zakharova", "person", "RU")
    tl.claims["a1#9"] = Claim(0, 4, "none of their concern", "Maria Zakharova", None, None,
                              "zakharova", "said", "deny")
    index = TimelineIndex(tl, {})
    best = index.suggest("zakh", ACTOR)[0]
    assert best.facet.name == "Maria Zakharova"
    assert (best.facet.count, best.facet.quotes) == (0, 1)


@pytest.mark.parametrize("name", ["PRK", "KP", "North Korean", "DPRK", "north korea"])
def test_browse_country_filter_accepts_what_the_cli_accepts(name):
    from dateline.core.timeline.browse import country_names
    from dateline.core.timeline.countries import country_code, name_key

    code = country_code(name)
    assert code == "KP"
    assert name_key(name) in {name_key(n) for n in country_names()[code]}
