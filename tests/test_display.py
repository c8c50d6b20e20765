"""core.timeline.display: dates at their granularity, TIMEX3 values in words, safe terminal text."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.core.model import Article, Conflict, Event
from dateline.core.timeline.display import (
    describe_event,
    format_value,
    format_when,
    one_line,
    parse_jump,
    parse_range,
    safe_text,
    short_id,
)

D = date


@pytest.mark.parametrize(
    ("start", "end", "granularity", "value", "approximate", "shown"),
    [
        (D(2024, 10, 8), D(2024, 10, 8), "day", "2024-10-08", False, "2024-10-08"),
        (D(2024, 10, 1), D(2024, 10, 31), "month", "2024-10", False, "2024-10"),
        (D(1970, 1, 1), D(1979, 12, 31), "decade", "197", False, "1970s"),
        (D(2024, 9, 30), D(2024, 10, 6), "week", "2024-W40", True, "~2024-W40"),
        (D(2024, 10, 8), D(2024, 10, 13), "day", "2024-10-08/2024-10-13", False,
         "2024-10-08…13"),
        (D(2024, 10, 28), D(2024, 11, 2), "day", "2024-10-28/2024-11-02", False,
         "2024-10-28…11-02"),
        (D(2024, 12, 30), D(2025, 1, 2), "day", "2024-12-30/2025-01-02", False,
         "2024-12-30…2025-01-02"),
        (D(1977, 1, 1), D(1989, 12, 31), "decade", "197/198", True, "~1970s…1980s"),
        (D(2023, 1, 1), D(2024, 10, 17), "year", "2023", False, "2023…"),  # since 2023
        (D(1901, 1, 1), D(2000, 12, 31), "century", "19", False, "20th c."),
        (D(2024, 6, 1), D(2024, 8, 31), "season", "2024-SU", False, "2024-SU"),
        (D(2024, 10, 4), D(2024, 10, 4), "day", "2024-10-04T14:30", False, "2024-10-04 14:30"),
        (D(2024, 10, 1), D(2024, 10, 3), "day", "PAST_REF", False, "2024-10-01…03"),
    ],
)
def test_display_format_when_shows_the_granularity(start, end, granularity, value, approximate,
                                                   shown):
    assert format_when(start, end, granularity, value, approximate) == shown


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2024-06", "June 2024"),
        ("2024-07", "July 2024"),
        ("2024-10-08", "8 Oct 2024"),
        ("2024-W40", "week 40 of 2024"),
        ("2024-SU", "summer 2024"),
        ("2024-Q3", "Q3 2024"),
        ("197", "the 1970s"),
        ("19", "the 20th century"),
        ("2024-10-08/2024-10-13", "8 Oct 2024 – 13 Oct 2024"),
        ("PAST_REF", "PAST_REF"),
    ],
)
def test_display_format_value_reads_timex3_values(value, words):
    assert format_value(value) == words


@pytest.mark.parametrize(
    ("typed", "interval"),
    [
        ("2024-10", (D(2024, 10, 1), D(2024, 10, 31))),
        ("1973", (D(1973, 1, 1), D(1973, 12, 31))),
        ("1970s", (D(1970, 1, 1), D(1979, 12, 31))),
        (" 2024-10-08 ", (D(2024, 10, 8), D(2024, 10, 8))),
        ("2024-w41", (D(2024, 10, 7), D(2024, 10, 13))),
        ("soon", None),
        ("", None),
    ],
)
def test_display_parse_jump_reads_a_typed_date(typed, interval):
    assert parse_jump(typed) == interval


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("plain [bold]markup[/] stays", "plain [bold]markup[/] stays"),
        ("\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),
        ("bell\x07 nul\x00 del\x7f", "bell␇ nul␀ del␡"),
        ("csi\x9b31m", "csi\ufffd31m"),
        ("keep\nlines\tand tabs", "keep\nlines\tand tabs"),
        ("cr\rhere", "cr␍here"),
        ("rtl\u202eoverride", "rtl\ufffdoverride"),
    ],
)
def test_display_safe_text_replaces_controls_one_for_one(text, safe):
    assert safe_text(text) == safe
    assert len(safe_text(text)) == len(text)  # offsets into the text still apply


def test_display_one_line_joins_lines_safely():
    assert one_line("a\n b\t\x1bc") == "a b ␛c"


@pytest.mark.parametrize(("article_id", "short"), [
    ("000_5b4eab8f43ccccc4", "000"), ("2009-04-25/558.htm", "2009-04-25/558.htm"),
    ("reuters_story", "reuters_story"), ("a" * 30, "a" * 23 + "…"),
])
def test_display_short_id(article_id, short):
    assert short_id(article_id) == short


def test_display_describe_event_lists_sources_and_disagreements():
    event = Event("e1", D(2024, 6, 1), D(2024, 6, 30), "month", "2024-06", True, "A pact\x1b.",
                  conflicts=[Conflict("date", (("2024-06", ("000_a", "001_b")),
                                               ("2024-07", ("002_c",))))])
    sources = [Article("000_a", "p", "t", title="T", outlet="RFA", published=D(2024, 10, 10),
                       published_source="inferred")]
    text = describe_event(event, sources)
    assert text.splitlines()[0] == "~2024-06  A pact␛."
    assert "RFA (2024-10-10, inferred) “T” [000_a]" in text
    assert "June 2024: 000, 001; July 2024: 002" in text


@pytest.mark.parametrize(("typed", "kept"), [
    ("2024-10..2024-11", (D(2024, 10, 1), D(2024, 11, 30))),
    ("2024-10-08…2024-10-13", (D(2024, 10, 8), D(2024, 10, 13))),
    ("2024-10..", (D(2024, 10, 1), None)),
    ("..2023", (None, D(2023, 12, 31))),
    ("since 2024-09", (D(2024, 9, 1), None)),
    ("until 1999", (None, D(1999, 12, 31))),
    ("from 1970s to 1980s", (D(1970, 1, 1), D(1989, 12, 31))),
    ("2024-10", None),  # a plain date is a jump
    ("2024-11..2024-10", None),  # backwards
    ("soon..later", None),
])
def test_display_parse_range_reads_a_typed_range(typed, kept):
    assert parse_range(typed) == kept
