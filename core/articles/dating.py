"""Publication dates inferred from an article's own text, where the evidence agrees.

Two kinds of evidence count. A dateline or "Published" line at the top that gives a full date
("WASHINGTON, Aug. 11, 1998 (AP) —") is the date itself; an update stamp ("6 January 2011 Last
updated at 04:46 GMT") is not, since publication may precede it. Otherwise a weekday the story
mentions in the past tense, close to a full date it gives that falls on that weekday ("on
Tuesday … Oct. 8, 2024", a Tuesday), places publication in the week from that date; the date
is taken only where nothing the story reports as past (a day, a month, a year) is later, so it
is the window's earliest consistent day. Evidence in page furniture or reader comments does
not count. Anything less leaves the article undated: its relative dates then stay unplaced,
because a wrong guess would move every "last week" in it, and that is worse than none
(bench/undated.py measures it: on Timeline17 with dates removed, no article gets a wrong day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateline.core.temporal.resources import resources
from dateline.core.temporal.tense import FUTURE, tense_at
from dateline.core.temporal.timex import Timex

_HEADER_CHARS = 200
# A weekday confirms a full date only this close to it (see infer_published).
_AGREEMENT_CHARS = 150
# "6 January 2011 Last updated at 04:46 GMT": an update stamp, on or after publication.
_UPDATE_AFTER = re.compile(r"\s*,?\s*(?:last\s+)?updated\b", re.IGNORECASE)
_HEADER_CUE = re.compile(r"^\s*(?:published|posted|date)\b(?:\s+on)?[:\s]*$",
                         re.IGNORECASE)
# "WASHINGTON, ", "SEOUL, South Korea, ": what stands before the date on a dateline.
_DATELINE = re.compile(r"^\s*(?:[A-Z][A-Z .'-]+,\s*(?:[A-Z][A-Za-z .]+,\s*)?)?$")
_WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
             "saturday": 6, "sunday": 7}
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


@dataclass(frozen=True, slots=True)
class InferredDate:
    published: date
    evidence: tuple[str, ...]


def _full_days(timexes: list[Timex]) -> list[Timex]:
    """Absolute dates to the day, found without a reference date."""
    return [t for t in timexes if t.type in ("DATE", "TIME") and t.granularity == "day"
            and t.interval is not None and t.interval[0] == t.interval[1]
            and re.match(r"\d{4}-\d\d-\d\d", t.value)]


def _header_date(text: str, days: list[Timex]) -> InferredDate | None:
    for timex in days:
        if timex.start > _HEADER_CHARS:
            break
        line_start = text.rfind("\n", 0, timex.start) + 1
        before = text[line_start : timex.start]
        first_line = line_start == 0 or text[:line_start].strip() == ""
        if _UPDATE_AFTER.match(text, timex.end) or re.search(r"updated", before, re.I):
            continue
        if _HEADER_CUE.match(before) or (first_line and _DATELINE.match(before)):
            return InferredDate(timex.interval[0], (f"dateline {timex.text!r}",))
    return None


def _is_future(text: str, timex: Timex) -> bool:
    return tense_at(text, timex.start, timex.end, resources().tense) == FUTURE


def _stated_days(text: str, days: list[Timex]) -> list[Timex]:
    """Full dates the story reports as past or present: no open span ("until 31 May 2011"),
    no range end, nothing in a future clause ("the trial will open on …")."""
    return [t for t in days if t.mod is None and not t.parts and not _is_future(text, t)]


def infer_published(text: str, timexes: list[Timex],
                    content: list[tuple[int, int]] | None = None) -> InferredDate | None:
    """The publication date the text itself gives, or None where the evidence is thin.

    `timexes` are the text's expressions tagged without a reference date; `content`, where
    given, the spans of the article's own text (no page furniture or reader comments), to which
    the weekday evidence is limited.

    A weekday the story mentions in the past tense that falls on one of its full dates places
    publication in the week from that date; every full date it reports is a lower bound. The
    latest such date is taken only where it is also the latest date the story reports: a later
    date, or a weekday date far behind the story's news, leaves the article undated.
    """
    days = sorted(_full_days(timexes), key=lambda t: t.start)
    if not days:
        return None
    header = _header_date(text, days)
    if header:
        return header
    if content is not None:
        days = [t for t in days if _within(t.start, t.end, content)]
    days = _stated_days(text, days)
    if not days:
        return None
    weekdays = {}
    for m in _WEEKDAY.finditer(text):
        if any(t.start <= m.start() < t.end for t in days):
            continue  # part of a full date: "Tuesday, Oct. 8, 2024" agrees with itself
        if content is not None and not _within(m.start(), m.end(), content):
            continue
        if tense_at(text, m.start(), m.end(), resources().tense) == FUTURE:
            continue
        weekdays.setdefault(_WEEKDAYS[m.group(1).lower()], []).append(m)
    # A weekday confirms a date it stands near: far apart, they agree by chance one time in
    # seven ("Born: August 29, 1958" and "on Friday" in a 2009 story).
    agreeing = [t for t in days if any(
        abs(m.start() - t.start) <= _AGREEMENT_CHARS
        for m in weekdays.get(t.interval[0].isoweekday(), ()))]
    if not agreeing:
        return None
    latest = max(agreeing, key=lambda t: t.interval[0])
    bound = max(t.interval[0] for t in days)
    if bound != latest.interval[0]:
        return None  # the story reports a later day than the one its weekday confirms
    if any(t.interval[0] > latest.interval[0] for t in _stated_periods(text, timexes, content)):
        return None  # "… in June 2009": a later month or year than the weekday's date
    word = weekdays[latest.interval[0].isoweekday()][0].group(1)
    return InferredDate(latest.interval[0], (f"{word!r} agrees with {latest.text!r}",
                                             "no later date reported"))


def _stated_periods(text: str, timexes: list[Timex],
                    content: list[tuple[int, int]] | None) -> list[Timex]:
    """Months and years the story reports as past or present (lower bounds, like its days)."""
    return [t for t in timexes if t.type == "DATE" and t.interval is not None
            and t.granularity in ("month", "year") and re.match(r"\d{4}", t.value)
            and t.mod is None and not t.parts and not _is_future(text, t)
            and (content is None or _within(t.start, t.end, content))]


def _within(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)
