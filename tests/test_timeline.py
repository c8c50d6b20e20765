"""The merged timeline of the five seed articles: events, their sources and their conflicts."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from dateline.core.articles.reading import expand_paths, read_article
from dateline.core.model import Event, Sentence, Timeline
from dateline.core.pipeline import analyse
from dateline.core.temporal.engine import tag
from dateline.core.timeline.events import event_mentions
from dateline.core.timeline.merge import build_timeline

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@cache
def seed_timeline() -> Timeline:
    return build_timeline([analyse(read_article(path)) for path in expand_paths([SEEDS])])


def sources(event: Event) -> list[str]:
    return sorted({mention.article_id[:3] for mention in event.mentions})


def events_saying(words: str) -> list[Event]:
    timeline = seed_timeline()
    texts = {a.id: a.text for a in timeline.articles}
    return [e for e in timeline.events
            if any(words in texts[m.article_id][m.start : m.end] for m in e.mentions)]


def test_timeline_places_the_missile_strike_near_donetsk_on_oct_3():
    (event,) = events_saying("near the city of Donetsk")
    assert (event.start, event.end, event.granularity) == (date(2024, 10, 3),) * 2 + ("day",)
    assert sources(event) == ["000"]


def test_timeline_merges_kim_yong_hyuns_tuesday_statement_across_outlets():
    (event,) = events_saying("told parliament on Tuesday")
    assert event.start == date(2024, 10, 8)
    assert {"000", "002"} <= set(sources(event))
    assert "kim-yong-hyun" in {a for m in event.mentions for a in m.actor_ids}


def test_timeline_records_the_pacts_june_july_conflict():
    (event,) = events_saying("latter’s July visit to Pyongyang")
    (conflict,) = [c for c in event.conflicts if c.attribute == "date"]
    by_value = {value: [a[:3] for a in articles] for value, articles in conflict.values}
    assert by_value["2024-07"] == ["002"]
    assert {"000", "001"} <= set(by_value["2024-06"])
    assert event.start.month == 6  # the date most sources give


def test_timeline_takes_nothing_from_scraped_chrome():
    assert events_saying("Joko Widodo") == []
    timeline = seed_timeline()
    texts = {a.id: a.text for a in timeline.articles}
    for claim_id, claim in timeline.claims.items():
        article = timeline.claim_articles[claim_id]
        assert "Joko Widodo" not in texts[article][claim.start : claim.end]


def test_timeline_events_are_in_date_order_with_unique_ids():
    events = seed_timeline().events
    assert [(e.start, e.end) for e in events] == sorted((e.start, e.end) for e in events)
    assert len({e.id for e in events}) == len(events)


def test_timeline_event_ids_are_stable_across_builds():
    paths = expand_paths([SEEDS])
    first = build_timeline([analyse(read_article(p)) for p in paths])
    second = build_timeline([analyse(read_article(p)) for p in reversed(paths)])
    assert [e.id for e in first.events] == [e.id for e in second.events]


@pytest.mark.parametrize(
    ("sentence", "clauses"),
    [
        ("Kim told parliament on Tuesday it was likely troops would go, given that Russia and "
         "North Korea signed a pact in June, when Putin visited.", 2),
        ("Egypt and Syria received pilots in their 1967 and 1973 wars with Israel.", 2),
        ("The agency said on Wednesday that the ships sailed between Oct. 8 and Oct. 13.", 2),
    ],
)
def test_timeline_cuts_a_sentence_with_several_dates_into_clauses(sentence, clauses):
    timexes = tag(sentence, date(2024, 10, 23))
    found = event_mentions("a", sentence, [Sentence(0, len(sentence), sentence)], timexes)
    assert len(found) == clauses
    spans = {(m.start, m.end) for m in found}
    if "1967 and 1973" in sentence:
        assert len(spans) == 1  # a list of dates shares its clause
    else:
        assert len(spans) == clauses
        for mention in found:
            assert mention.start <= mention.timex.start and mention.timex.end <= mention.end


def test_timeline_undated_sentences_make_no_event():
    sentence = "Moscow and Pyongyang have denied the claims."
    assert event_mentions("a", sentence, [Sentence(0, len(sentence), sentence)],
                          tag(sentence, date(2024, 10, 23))) == []
