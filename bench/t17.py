"""Timeline17 helpers for the benches: the gold-timeline reader, day ranking and Date-F1.

Pure functions only (text in, values out), so the tests can check them on hand-written input
without the corpus. The gold format is the original T17/tilse one: a `YYYY-MM-DD` line, the
day's sentences one a line, then a line of dashes; real files break it (`MJ_bbc` has a date line
`2011-04-0`), so the reader reports what it skips instead of failing or guessing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

_SEPARATOR = re.compile(r"-{3,}")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# What a date line was meant to be: digits and dashes only, starting with a year.
_DATE_ATTEMPT = re.compile(r"\d{4}-[\d-]*")


@dataclass(frozen=True, slots=True)
class GoldTimeline:
    """A journalist's timeline: its days in order with their sentences, and what was skipped."""

    days: tuple[tuple[date, tuple[str, ...]], ...]
    problems: tuple[str, ...] = ()

    @property
    def dates(self) -> frozenset[date]:
        return frozenset(day for day, _ in self.days)


def _parse_day(line: str) -> date | None:
    match = _DAY.fullmatch(line)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def parse_gold_timeline(text: str) -> GoldTimeline:
    """Read a T17/tilse timeline file's text.

    An entry whose date line is malformed is dropped with a problem naming its line: its day is
    unknown, and a guessed day would score as gold. A day given by two entries (T17 does this)
    keeps both entries' sentences under one date.
    """
    sentences: dict[date, list[str]] = {}
    problems: list[str] = []
    current: list[str] | None = None
    expecting_date = True  # at the start of the file and after every separator
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if _SEPARATOR.fullmatch(line):
            current, expecting_date = None, True
            continue
        if expecting_date:
            expecting_date = False
            day = _parse_day(line)
            if day is not None:
                current = sentences.setdefault(day, [])
                continue
            current = None
            if _DATE_ATTEMPT.fullmatch(line):
                problems.append(f"line {number}: malformed date {line!r}; entry skipped")
            else:
                problems.append(f"line {number}: expected a date line, got {line[:40]!r}; "
                                "entry skipped")
            continue
        if current is not None:
            current.append(line)
    days = tuple((day, tuple(lines)) for day, lines in sorted(sentences.items()))
    return GoldTimeline(days=days, problems=tuple(problems))


@dataclass(frozen=True, slots=True)
class DateScore:
    precision: float
    recall: float
    f1: float


def date_f1(predicted: Iterable[date], gold: Collection[date]) -> DateScore:
    """Date selection scored as in timeline summarisation (Martschat & Markert 2018, news-tls):
    precision over the predicted days, recall over the gold days, both as sets."""
    chosen, reference = set(predicted), set(gold)
    shared = len(chosen & reference)
    precision = shared / len(chosen) if chosen else 0.0
    recall = shared / len(reference) if reference else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return DateScore(precision, recall, f1)


def top_days(counts: Mapping[date, float], k: int,
             span: tuple[date, date] | None = None) -> list[date]:
    """The k days with the highest counts, optionally only those inside `span` (inclusive).

    Ties go to the earlier day, so a run is repeatable; days with a zero count are never chosen.
    """
    days = [day for day, count in counts.items()
            if count > 0 and (span is None or span[0] <= day <= span[1])]
    days.sort(key=lambda day: (-counts[day], day))
    return days[:k]
