"""Reported events, key dates, event text and the linear event finder (issue 10)."""

from __future__ import annotations

import sys
from datetime import date

import pytest

from dateline.core.model import Article, Sentence
from dateline.core.pipeline import analyse
from dateline.core.temporal.engine import tag
from dateline.core.timeline import events as events_module
from dateline.core.timeline.events import event_mentions
from dateline.core.timeline.keydates import key_dates
from dateline.core.timeline.merge import build_timeline

DCT = date(2024, 10, 23)


def _analyse(article_id: str, text: str, published: date | None = DCT, title: str | None = None):
    return analyse(Article(id=article_id, path=f"{article_id}.txt", text=text,
                           published=published, title=title))


def _reported(analysis) -> list[str]:
    text = analysis.article.text
    return [text[m.start:m.end] for m in analysis.events if m.certainty == "reported"]


@pytest.mark.parametrize("sentence, reported", [
    ("Maria Zakharova said the reports were false and provocative.", True),
    ("The company announced a new plant near the border.", True),
    ("North Korea has one of the world's largest militaries.", False),
    ("Talks will resume soon between the two delegations.", False),
    ("Who sent the troops to the front line?", False),
])
def test_reported_events_come_from_attributed_and_past_tense_sentences(sentence, reported):
    analysis = _analyse("a", "Background.\n\n" + sentence + "\n")
    found = _reported(analysis)
    assert (sentence in found) is reported
    for mention in analysis.events:
        if mention.certainty == "reported":
            assert mention.timex.interval == (DCT, DCT) and mention.timex.granularity == "day"


def test_headline_is_an_event_reported_at_publication():
    text = "Seoul protests troop deployment\n\nOfficials met on Monday, the ministry said.\n"
    analysis = _analyse("a", text, title="Seoul protests troop deployment")
    assert _reported(analysis)[0] == "Seoul protests troop deployment"
    explicit = [m.timex.value for m in analysis.events if m.certainty == "explicit"]
    assert explicit == ["2024-10-21"]


def test_a_first_line_that_is_not_the_sidecar_title_is_body():
    text = "Officials met on Monday in Seoul, the ministry said.\nThey talked for hours.\n"
    analysis = _analyse("a", text, title="A different headline")
    assert [m.timex.value for m in analysis.events if m.certainty == "explicit"] == ["2024-10-21"]


def test_undated_article_makes_no_reported_event():
    analysis = _analyse("a", "Maria Zakharova said the reports were false and provocative.\n",
                        published=None)
    assert _reported(analysis) == []


def test_reported_merges_with_explicit_on_or_after_and_never_conflicts():
    explicit = _analyse("a", "North Korean troops arrived in Kursk on Oct. 8, officials said.\n",
                        published=date(2024, 10, 9))
    later = _analyse("b", "Background.\n\nNorth Korean troops arrived in Kursk, officials "
                     "said.\n", published=date(2024, 10, 12))
    timeline = build_timeline([explicit, later])
    kursk = [e for e in timeline.events if any("Kursk" in m.sentence for m in e.mentions)]
    assert len(kursk) == 1
    event = kursk[0]
    assert {m.article_id for m in event.mentions} == {"a", "b"}
    assert event.start == date(2024, 10, 8) and event.certainty == "explicit"
    assert event.conflicts == []
    assert {m.certainty for m in event.mentions} == {"explicit", "reported"}


def test_a_report_before_the_explicit_date_does_not_merge():
    explicit = _analyse("a", "North Korean troops arrived in Kursk on Oct. 20, officials said.\n",
                        published=date(2024, 10, 21))
    earlier = _analyse("b", "Background.\n\nNorth Korean troops arrived in Kursk, officials "
                       "said.\n", published=date(2024, 10, 12))
    timeline = build_timeline([explicit, earlier])
    kursk = [e for e in timeline.events if any("Kursk" in m.sentence for m in e.mentions)]
    assert len(kursk) == 2
    assert {e.certainty for e in kursk} == {"explicit", "reported"}
    assert all(e.conflicts == [] for e in kursk)


def test_key_dates_rank_the_day_most_sources_point_at():
    texts = ["The pact was signed on Oct. 8, officials said.",
             "Officials said the pact was signed on Oct. 8 in Pyongyang.",
             "On Oct. 8 the pact was signed, a spokesman said, and talks followed on Oct. 10."]
    analyses = [_analyse(f"a{i}", text + "\n", published=date(2024, 10, 12))
                for i, text in enumerate(texts)]
    timeline = build_timeline(analyses)
    ranked = [k.date for k in timeline.key_dates]
    assert ranked[0] == date(2024, 10, 8)
    assert ranked.index(date(2024, 10, 10)) > 0
    top = timeline.key_dates[0]
    assert top.event_ids and all(
        next(e for e in timeline.events if e.id == i).start == top.date for i in top.event_ids)
    assert key_dates(timeline.events, timeline.articles) == timeline.key_dates


@pytest.mark.parametrize("sentence, value", [
    ("They met in December.", "2023-12"),
    ("Talks resume before Christmas.", "2024-12-25"),
    ("They celebrated at Christmas with the troops.", "2023-12-25"),
])
def test_yearless_months_and_holidays_follow_the_verb(sentence, value):
    assert [t.value for t in tag(sentence, DCT)] == [value]


def test_a_past_verb_reaches_far_back_only_when_it_governs_the_month():
    # Said in February: "planned for March" is the coming March, "met in March" the last one.
    dct = date(1999, 2, 10)
    assert [t.value for t in tag("The accession was planned for March.", dct)] == ["1999-03"]
    assert [t.value for t in tag("The two leaders met in March.", dct)] == ["1998-03"]


def test_a_range_with_one_year_gives_both_ends_that_year():
    (timex,) = tag("Prices rose between September and October of 2007.", DCT)
    assert [part.value for part in timex.parts] == ["2007-09", "2007-10"]


def test_event_text_never_begins_inside_a_quotation():
    sentence = ('"In fact, on Oct. 3 they were already on the side of Russia," Ukrainian '
                'officials said on Oct. 9.')
    found = event_mentions("a", sentence, [Sentence(0, len(sentence), sentence)],
                           tag(sentence, DCT))
    assert len(found) == 2
    for mention in found:
        clause = sentence[mention.start:mention.end]
        assert clause.startswith('"In fact') or not clause.count('"') % 2


def _traced_lines(function, *args) -> int:
    """Lines executed inside core/timeline/events.py: the work, counted, not timed."""
    count = 0
    target = events_module.__file__

    def tracer(frame, event, arg):
        nonlocal count
        if frame.f_code.co_filename != target:
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        function(*args)
    finally:
        sys.settrace(None)
    return count


def test_event_mentions_work_is_linear_in_article_size():
    paragraph = ("Kim Yong-hyun told lawmakers on Tuesday that troops had arrived, "
                 "Seoul said. The ministry denied it on Oct. 3 and again on Oct. 4. "
                 "Zakharova said the reports were false. The company announced a plant. ")

    def work(copies: int) -> int:
        text = paragraph * copies
        analysis = _analyse("a", text)
        numbered = [(f"a#{i}", c) for i, c in enumerate(analysis.claims)]
        return _traced_lines(event_mentions, "a", text, analysis.sentences,
                             analysis.timexes, analysis.mentions, numbered, DCT, None)

    small, large = work(20), work(40)
    assert large <= 2.2 * small


def test_event_text_starts_at_the_quotation_it_is_part_of():
    text = ("Background.\n\n“We saw the convoy. In fact, it crossed the border on Oct. 3,” a "
            "Ukrainian official said.\n")
    (mention,) = [m for m in _analyse("a", text).events if m.certainty == "explicit"]
    assert text[mention.start:mention.end].startswith("“We saw the convoy.")


def test_event_text_keeps_the_sentences_first_word():
    text = ("Background.\n\nSince the war began in February 2022, Seoul has sent only aid.\n")
    (mention,) = [m for m in _analyse("a", text).events if m.certainty == "explicit"]
    assert text[mention.start:mention.end].startswith("Since the war began")
