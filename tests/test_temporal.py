"""The temporal tagger on real sentences from the seed articles and on the forms news uses."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.core.temporal.engine import tag
from dateline.core.temporal.resources import ResourceError, load_resources
from dateline.core.temporal.timex import Timex

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_DCT = {
    "000": date(2024, 10, 10),
    "001": date(2024, 10, 23),
    "002": date(2024, 10, 8),
    "003": date(2024, 10, 17),
    "004": date(2024, 10, 16),
}


def seed_text(number: str) -> str:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path.read_text(encoding="utf-8")


def found_in_seed(number: str, context: str, expression: str) -> Timex:
    """The expression the tagger found at `expression` inside the first `context` of a seed."""
    text = seed_text(number)
    where = text.index(context)
    start = where + context.index(expression)
    end = start + len(expression)
    hits = [t for t in tag(text, SEED_DCT[number]) if t.start <= start and t.end >= end]
    assert hits, f"{expression!r} not tagged in seed {number}"
    return hits[0]


def one(text: str, dct: date | None = date(2024, 10, 10)) -> Timex:
    found = tag(text, dct)
    assert len(found) == 1, [t.text for t in found]
    return found[0]


def days(first: str, last: str) -> tuple[date, date]:
    return date.fromisoformat(first), date.fromisoformat(last)


@pytest.mark.parametrize(
    ("seed", "context", "expression", "value", "interval"),
    [
        ("001", "On Wednesday, the United States confirmed", "Wednesday", "2024-10-23",
         days("2024-10-23", "2024-10-23")),
        ("001", "Vladivostok between Oct. 8 and Oct. 13", "Oct. 8 and Oct. 13",
         "2024-10-08/2024-10-13", days("2024-10-08", "2024-10-13")),
        ("001", "Ussuriysk and Khabarovsk last Wednesday", "last Wednesday", "2024-10-16",
         days("2024-10-16", "2024-10-16")),
        ("001", "to swell to 10,000 by December", "December", "2024-12",
         days("2024-12-01", "2024-12-31")),
        ("001", "since the 1950-53 Korean War", "1950-53", "1950/1953",
         days("1950-01-01", "1953-12-31")),
        ("001", "Five months ago, the autocratic leaders", "Five months ago", "2024-05",
         days("2024-05-01", "2024-05-31")),
        ("001", "to Russia since August 2023", "August 2023", "2023-08",
         days("2023-08-01", "2024-10-23")),
        ("001", "invasion of Ukraine in February 2022", "February 2022", "2022-02",
         days("2022-02-01", "2022-02-28")),
        ("001", "signing the treaty in Pyongyang in June", "June", "2024-06",
         days("2024-06-01", "2024-06-30")),
        ("002", "Last month, Mr. Putin ordered", "Last month", "2024-09",
         days("2024-09-01", "2024-09-30")),
        ("002", "defense minister on Tuesday said", "Tuesday", "2024-10-08",
         days("2024-10-08", "2024-10-08")),
        ("002", "Late last week, the Kyiv Post", "Late last week", "2024-W40",
         days("2024-10-04", "2024-10-06")),
        ("002", "Korean War ended in 1953", "1953", "1953", days("1953-01-01", "1953-12-31")),
        ("000", "near the city of Donetsk on Oct. 3", "Oct. 3", "2024-10-03",
         days("2024-10-03", "2024-10-03")),
        ("000", "told parliament on Tuesday it was", "Tuesday", "2024-10-08",
         days("2024-10-08", "2024-10-08")),
        ("000", "said that between 1960 and 1980 North Korea", "1960 and 1980", "1960/1980",
         days("1960-01-01", "1980-12-31")),
        ("000", "in the late 1970s and 1980s against", "late 1970s and 1980s", "197/198",
         days("1977-01-01", "1989-12-31")),
        ("003", "used in a strike in Kharkiv, Ukraine, Jan. 6.", "Jan. 6", "2024-01-06",
         days("2024-01-06", "2024-01-06")),
        ("003", "in Pyongyang, June 19.", "June 19", "2024-06-19",
         days("2024-06-19", "2024-06-19")),
        ("003", "lower legislative house, Monday, for", "Monday", "2024-10-14",
         days("2024-10-14", "2024-10-14")),
        ("003", "parliamentary speech, Wednesday (local time)", "Wednesday", "2024-10-16",
         days("2024-10-16", "2024-10-16")),
        ("004", "during the Korean War over seventy years ago", "seventy years ago", "1954",
         days("1954-01-01", "1954-12-31")),
        ("004", "Last week, South Korea", "Last week", "2024-W41",
         days("2024-10-07", "2024-10-13")),
    ],
)
def test_temporal_resolves_seed_sentences(seed, context, expression, value, interval):
    timex = found_in_seed(seed, context, expression)
    assert timex.value == value
    assert timex.interval == interval


@pytest.mark.parametrize(
    ("seed", "context", "expression"),
    [
        ("002", "congratulating Mr. Putin on his 72nd birthday", "72nd"),
        ("002", "a 50-year North Korea watcher", "50-year"),
        ("003", "participation of a second state in the war", "second"),
        ("001", "North Korea has one of the world’s largest militaries", "one of the"),
    ],
)
def test_temporal_ignores_numbers_that_are_not_times(seed, context, expression):
    text = seed_text(seed)
    start = text.index(context) + context.index(expression)
    end = start + len(expression)
    overlapping = [t.text for t in tag(text, SEED_DCT[seed]) if t.start < end and t.end > start]
    assert overlapping == []


@pytest.mark.parametrize(
    "sentence",
    [
        "We may see more troops, and we march on.",
        "The seventy-year-old veteran said it was a second chance.",
        "He celebrated his 72nd birthday with one of the generals.",
    ],
)
def test_temporal_ignores_verbs_ordinals_and_ages(sentence):
    assert tag(sentence, date(2024, 10, 10)) == []


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # DCT 2024-10-10 is a Thursday.
        ("The minister spoke on Thursday.", "Thursday", "2024-10-10"),
        ("The minister spoke on Tuesday.", "Tuesday", "2024-10-08"),
        ("The minister spoke on Friday.", "Friday", "2024-10-04"),
        ("The minister will speak on Friday.", "Friday", "2024-10-11"),
        ("The talks resume next Tuesday.", "next Tuesday", "2024-10-15"),
        ("They met last Thursday.", "last Thursday", "2024-10-03"),
        ("It rained earlier this week.", "earlier this week", "2024-W41"),
        ("Troops arrived last week.", "last week", "2024-W40"),
        ("Sales fell this month.", "this month", "2024-10"),
        ("Elections are due next year.", "next year", "2025"),
        ("He left three days ago.", "three days ago", "2024-10-07"),
        ("He left two weeks ago.", "two weeks ago", "2024-09-26"),
        ("It began 18 months ago.", "18 months ago", "2023-04"),
        ("It happened twenty-five years ago.", "twenty-five years ago", "1999"),
        ("The treaty was signed in June.", "June", "2024-06"),
        ("The summit will be held in June.", "June", "2025-06"),
        ("The ceasefire began on Oct. 3.", "Oct. 3", "2024-10-03"),
        ("The vote is scheduled for Nov. 5.", "Nov. 5", "2024-11-05"),
        ("The offer expires Jan. 6.", "Jan. 6", "2025-01-06"),
        ("It was founded on October 3, 2019.", "October 3, 2019", "2019-10-03"),
        ("It was founded on 3 October 2019.", "3 October 2019", "2019-10-03"),
        ("It was founded on 2019-10-03.", "2019-10-03", "2019-10-03"),
        ("It was founded on 10/03/2019.", "10/03/2019", "2019-10-03"),
        ("It was founded on 03.10.2019.", "03.10.2019", "2019-10-03"),
        ("It was founded on 2019/10/03.", "2019/10/03", "2019-10-03"),
        ("It was founded on October the 3rd, 2019.", "October the 3rd, 2019", "2019-10-03"),
        ("It was founded on Thursday, Oct. 3rd, 2019.", "Thursday, Oct. 3rd, 2019",
         "2019-10-03"),
        ("It was founded in 1998.", "1998", "1998"),
        ("It grew in the 1970s.", "the 1970s", "197"),
        ("It grew in the mid-1990s.", "the mid-1990s", "199"),
        ("It was built in the 19th century.", "the 19th century", "18"),
        ("The offensive came last spring.", "last spring", "2024-SP"),
        ("Profit rose in the third quarter.", "the third quarter", "2024-Q3"),
        ("Profit rose in the second quarter of 2023.", "the second quarter of 2023", "2023-Q2"),
        ("He is now in Seoul.", "now", "PRESENT_REF"),
        ("She currently lives there.", "currently", "PRESENT_REF"),
        ("It recently changed.", "recently", "PAST_REF"),
        ("The blast came at 2:30 p.m. on Friday.", "2:30 p.m. on Friday", "2024-10-04T14:30"),
        ("The meeting lasted five hours.", "five hours", "PT5H"),
        ("He served 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("Shipments arrive daily.", "daily", "P1D"),
        ("It happened in the first week of October.", "the first week of October", "2024-W40"),
        ("Prices rose in the second half of 2023.", "the second half of 2023", "2023-H2"),
        ("It happened in mid-October.", "mid-October", "2024-10"),
        ("It was built in the early 2000s.", "the early 2000s", "200"),
    ],
)
def test_temporal_normalises_news_forms(sentence, expression, value):
    timex = one(sentence)
    assert timex.text == expression
    assert timex.value == value


def test_temporal_a_clock_time_after_a_day_is_on_that_day():
    day, clock = tag("He said it on Oct. 3 at 2 p.m.", date(2024, 10, 10))
    assert (day.value, clock.value) == ("2024-10-03", "2024-10-03T14:00")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # A narrative written long after: yearless months belong to the story's year.
        ("The offensive began in 1950. In June 1950 the North attacked. By September, UN forces "
         "had landed at Inchon. In 1951 the front stabilised. In 1952 talks dragged on. "
         "In July, an armistice was discussed.", "1952-07"),
        # News: a historical year nearby does not move "In September" away from the DCT.
        ("The firm has grown since 1980. In September, it announced a merger.", "2024-09"),
    ],
)
def test_temporal_narratives_anchor_yearless_months_to_the_story(text, value):
    assert tag(text, date(2024, 10, 10))[-1].value == value


def test_temporal_approximate_decade_narrows_to_its_third():
    timex = one("It happened in the late 1970s.")
    assert timex.value == "197"
    assert timex.mod == "END"
    assert timex.approximate
    assert timex.interval == days("1977-01-01", "1979-12-31")


@pytest.mark.parametrize(
    ("sentence", "interval"),
    [
        ("It ran from 1960 to 1980.", days("1960-01-01", "1980-12-31")),
        ("It ran between 1960 and 1980.", days("1960-01-01", "1980-12-31")),
        ("The fair ran Oct. 8-13.", days("2024-10-08", "2024-10-13")),
    ],
)
def test_temporal_joins_ranges_into_one_interval(sentence, interval):
    timex = one(sentence)
    assert timex.interval == interval
    assert len(timex.parts) == 2


def test_temporal_open_spans_keep_their_core_expression():
    since = one("Shipments have continued since August 2023.")
    assert since.text == "since August 2023"
    assert since.mod == "ON_OR_AFTER"
    assert since.interval == days("2023-08-01", "2024-10-10")
    assert [part.text for part in since.leaves()] == ["August 2023"]


def test_temporal_the_past_year_is_an_anchored_duration():
    timex = one("Trade grew over the past year.")
    assert (timex.type, timex.value) == ("DURATION", "P1Y")
    assert timex.interval == days("2023-10-10", "2024-10-10")


def test_temporal_without_dct_places_only_absolute_dates():
    found = {t.text: t for t in tag("On Tuesday, a report from March 3, 2021 resurfaced.", None)}
    assert found["Tuesday"].interval is None
    assert found["Tuesday"].value == "XXXX-WXX-2"
    assert found["March 3, 2021"].interval == days("2021-03-03", "2021-03-03")


def test_temporal_offsets_point_into_the_text():
    text = seed_text("001")
    for timex in tag(text, SEED_DCT["001"]):
        assert text[timex.start : timex.end] == timex.text


def test_temporal_malformed_rules_name_the_file_and_line(tmp_path):
    words = Path(__file__).resolve().parent.parent / "data" / "temporal.toml"
    broken = tmp_path / "rules.toml"
    broken.write_text('[[rules]]\nname = "x"\npattern = "unclosed\n', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"rules\.toml.*line 3"):
        load_resources(words, broken)


# --- properties ---------------------------------------------------------------------------

news_words = st.sampled_from([
    "on", "Tuesday", "last", "week", "the", "1970s", "Oct.", "3", "since", "August", "2023",
    "between", "and", "by", "December", "three", "days", "ago", "may", "March", "early",
    "late", "mid-1990s", "said", "will", "next", "year", "quarter", "first", "in", "June",
    "-", "19", ",", ".", "now", "2:30", "p.m.", "a", "50-year", "from", "to", "1960",
])
sentences = st.lists(news_words, max_size=30).map(" ".join)
dcts = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@settings(max_examples=150, deadline=None)
@given(sentences, dcts)
def test_temporal_is_deterministic(text, dct):
    assert tag(text, dct) == tag(text, dct)


@settings(max_examples=150, deadline=None)
@given(sentences, dcts)
def test_temporal_intervals_run_forwards(text, dct):
    for timex in tag(text, dct):
        assert timex.start < timex.end
        assert text[timex.start : timex.end] == timex.text
        if timex.interval:
            assert timex.interval[1] >= timex.interval[0]


weekday_names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(weekday_names), st.sampled_from(["", "on ", "last ", "next ", "this "]),
       st.sampled_from(["They met {}.", "They will meet {}.", "{}, officials said."]), dcts)
def test_temporal_weekdays_land_within_a_week_of_the_dct(day, prefix, frame, dct):
    text = frame.format(prefix + day)
    (timex,) = [t for t in tag(text, dct) if day in t.text]
    assert abs(timex.interval[0] - dct) <= timedelta(days=7)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), dcts))
def test_temporal_never_crashes(text, dct):
    for timex in tag(text, dct):
        assert 0 <= timex.start < timex.end <= len(text)
