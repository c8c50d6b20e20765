"""The Timeline17 helpers of bench/timeline.py: the gold-timeline reader, day ranking, Date-F1."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

# Appended, not prepended: bench/tui.py must not shadow the tui package.
sys.path.append(str(Path(__file__).resolve().parent.parent / "bench"))

from t17 import date_f1, parse_gold_timeline, top_days

SEPARATOR = "-" * 32

# Hand-written in the T17 layout: a repeated day, a malformed date line (as in MJ_bbc), a
# trailing space after a sentence and no separator after the last entry.
TIMELINE = f"""2009-05-04
Cases rose to 27 .
{SEPARATOR}
2009-05-01
A probable case was under investigation .{' '}
{SEPARATOR}
2009-05-01
Tests confirmed a second transfer .
{SEPARATOR}
2011-04-0
Jury selection begins .
{SEPARATOR}
2009-04-27
The first cases were confirmed .
"""


@pytest.mark.parametrize("text", [TIMELINE])
def test_t17_parse_gold_timeline_reads_days_in_order(text):
    gold = parse_gold_timeline(text)
    assert [day for day, _ in gold.days] == [date(2009, 4, 27), date(2009, 5, 1),
                                             date(2009, 5, 4)]
    assert dict(gold.days)[date(2009, 5, 1)] == (
        "A probable case was under investigation .", "Tests confirmed a second transfer .")


@pytest.mark.parametrize("text", [TIMELINE])
def test_t17_parse_gold_timeline_reports_a_malformed_date_and_drops_its_entry(text):
    gold = parse_gold_timeline(text)
    assert gold.problems == ("line 10: malformed date '2011-04-0'; entry skipped",)
    assert all("Jury" not in s for _, sentences in gold.days for s in sentences)
    assert len(gold.dates) == 3


@pytest.mark.parametrize("text", ["2009-02-30\nNo such day .\n", "Text before a date .\n"])
def test_t17_parse_gold_timeline_reports_a_bad_first_line(text):
    gold = parse_gold_timeline(text)
    assert gold.days == ()
    assert len(gold.problems) == 1 and gold.problems[0].startswith("line 1:")



def day(n: int) -> date:
    return date(2009, 5, n)


@pytest.mark.parametrize(("predicted", "gold", "expected"), [
    ([day(1), day(2), day(3), day(4)], [day(1), day(3), day(5), day(7)], (0.5, 0.5, 0.5)),
    ([day(1), day(2)], [day(1), day(3), day(5), day(7)], (0.5, 0.25, 1 / 3)),
    ([day(1), day(3)], [day(1), day(3)], (1.0, 1.0, 1.0)),
    ([day(2)], [day(1)], (0.0, 0.0, 0.0)),
    ([], [day(1)], (0.0, 0.0, 0.0)),
])
def test_t17_date_f1_on_hand_made_days(predicted, gold, expected):
    score = date_f1(predicted, gold)
    assert (score.precision, score.recall, score.f1) == pytest.approx(expected)


@pytest.mark.parametrize(("span", "expected"), [
    (None, [day(3), day(1), day(9)]),
    ((day(1), day(5)), [day(3), day(1), day(2)]),
])
def test_t17_top_days_ranks_by_count_then_earlier_day(span, expected):
    counts = {day(1): 2, day(2): 1, day(3): 5, day(9): 2, day(4): 0}
    assert top_days(counts, 3, span) == expected
