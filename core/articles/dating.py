"""Publication dates inferred from an article's own text, where the evidence agrees.

Two kinds of evidence count. A dateline or "Published"/"Updated" line at the top that gives a
full date ("WASHINGTON, Aug. 11, 1998 (AP) —") is the date itself. Otherwise a weekday the story
mentions that falls on a full date it also gives ("on Tuesday … Oct. 8, 2024", a Tuesday) says
the story was written in the week of that date; the latest such date is taken. Anything less
leaves the article undated: its relative dates then stay unplaced, because a wrong guess would
move every "last week" in it, and that is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateline.core.temporal.timex import Timex

_HEADER_CHARS = 200
_HEADER_CUE = re.compile(r"^\s*(?:published|updated|posted|date)\b(?:\s+on)?[:\s]*$",
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
        if _HEADER_CUE.match(before) or (first_line and _DATELINE.match(before)):
            return InferredDate(timex.interval[0], (f"dateline {timex.text!r}",))
    return None


def infer_published(text: str, timexes: list[Timex]) -> InferredDate | None:
    """The publication date the text itself gives, or None where the evidence is thin.

    `timexes` are the text's expressions tagged without a reference date.
    """
    days = sorted(_full_days(timexes), key=lambda t: t.start)
    if not days:
        return None
    header = _header_date(text, days)
    if header:
        return header
    weekdays = {_WEEKDAYS[m.group(1).lower()]: m.group(1) for m in _WEEKDAY.finditer(text)
                if not any(t.start <= m.start() < t.end for t in days)}
    agreeing = [t for t in days if t.interval[0].isoweekday() in weekdays]
    if not agreeing:
        return None
    latest = max(agreeing, key=lambda t: t.interval[0])
    word = weekdays[latest.interval[0].isoweekday()]
    return InferredDate(latest.interval[0], (f"{word!r} agrees with {latest.text!r}",))
