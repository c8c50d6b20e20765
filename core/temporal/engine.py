"""Find temporal expressions in English text and normalise them against a reference date.

The engine runs every rule of data/temporal_rules.toml over the text, keeps the longest
non-overlapping matches its normaliser accepts, and then joins neighbours into ranges
("between Oct. 8 and Oct. 13") and open spans ("since August 2023", "by December").
The reference date (the document creation time, DCT) is always an argument: nothing here
reads the clock. Without a DCT only absolute dates get calendar intervals.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from dateline.core.temporal.normalise import (
    NORMALISERS,
    Context,
    Resolution,
    month_number,
    pick_day,
)
from dateline.core.temporal.resources import TRIGGER_NUMBERS, TRIGGER_WORDS, Resources, resources
from dateline.core.temporal.timex import Timex
from dateline.core.temporal.values import interval_of

# Larger units first: a range of a month and a year is as coarse as its year.
_GRANULARITY_ORDER = ["day", "week", "month", "season", "quarter", "half", "year", "decade",
                      "century"]


def tag(text: str, dct: date | None, res: Resources | None = None) -> list[Timex]:
    """Return the temporal expressions of `text`, resolved against `dct`, in text order."""
    res = res or resources()
    context = Context(text, dct, res)
    found = _anchor_to_story_year(text, _anchor_to_periods(_select(text, context, res)), dct)
    found = _times_on_their_day(text, found)
    return _join_ranges(text, [timex for timex, _ in found], context)


_WINDOW_BEFORE, _WINDOW_AFTER = 40, 50  # characters around a trigger a rule may reach


_NUMBER_CLASS = frozenset({"number"})


def _windows(text: str, res: Resources) -> list[tuple[int, int, frozenset[str]]]:
    """Merged stretches of text around trigger words, cut at whitespace so no word is split,
    each with the trigger classes it holds (a rule runs only where one it needs stands)."""
    words = res.triggers
    spots = [(m.start(), m.end(), words[m.group().lower()])
             for m in TRIGGER_WORDS.finditer(text) if m.group().lower() in words]
    spots.extend((m.start(), m.end(), _NUMBER_CLASS) for m in TRIGGER_NUMBERS.finditer(text))
    spots.sort(key=lambda spot: spot[0])
    windows: list[list] = []
    length = len(text)
    for trigger_start, trigger_end, classes in spots:
        start = max(0, trigger_start - _WINDOW_BEFORE)
        end = min(length, trigger_end + _WINDOW_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
            windows[-1][2] = windows[-1][2] | classes
        else:
            windows.append([start, end, classes])
    cut = []
    for start, end, classes in windows:
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < length and not text[end].isspace():
            end += 1
        cut.append((start, end, classes))
    return cut


def _candidates(text: str, res: Resources) -> list[tuple[int, int, int, re.Match[str]]]:
    found = []
    windows = _windows(text, res)
    for rule in res.rules:
        needs = rule.needs
        for window_start, window_end, classes in windows:
            if needs and not needs & classes:
                continue
            for match in rule.regex.finditer(text, window_start, window_end):
                if match.end() > match.start():
                    found.append((match.start(), match.end(), rule.priority, match))
    return found


def _select(text: str, context: Context, res: Resources) -> list[tuple[Timex, str]]:
    """Longest match first; a match its normaliser rejects lets shorter ones through.

    Returns each chosen expression with the name of the rule that found it, in text order.
    """
    candidates = _candidates(text, res)
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken = bytearray(len(text) + 1)
    chosen: list[tuple[Timex, str]] = []
    for start, end, priority, match in candidates:
        if any(taken[start:end]):
            continue
        rule = res.rules[priority]
        resolution = NORMALISERS[rule.normalise](match, context)
        if resolution is None:
            continue
        if resolution.end is not None:
            end = len(text[:resolution.end].rstrip())
        if resolution.value == "RANGE":
            timex = _inline_range(match, context)
        else:
            timex = _build(text, start, end, resolution)
        if timex is None:
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((timex, rule.name))
    chosen.sort(key=lambda pair: pair[0].start)
    return chosen


_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR_OFFSET_RULES = frozenset({"ago"})
_ANCHOR_REACH = 400  # characters: about two sentences of an earnings report


_YEARLESS_RULES = frozenset({"month_day", "day_month", "month_relative", "season", "holiday",
                             "month_day_range", "week_of"})
_EXPLICIT_YEAR_RULES = frozenset({"month_day_year", "day_month_year", "month_year", "year",
                                  "iso_date", "numeric_date", "other_absolute_date"})
_PRESENT_RULES = frozenset({"relative_period", "deictic_day", "this_part_of_day", "weekday",
                            "ago", "quarter_relative", "the_year", "anchored_duration",
                            "past_period", "mod_period"})
_NARRATIVE_MIN_YEARS = 4
_NARRATIVE_RECENT_SHARE = 0.2
_YEAR_PREFIX = re.compile(r"^\d{4}(?=-)")


def _anchor_to_story_year(text: str, found: list[tuple[Timex, str]],
                          dct: date | None) -> list[tuple[Timex, str]]:
    """ "In 1950 … By September, UN forces had…": in a narrative, a month without a year
    belongs to the year the story last named, not to the DCT's, until an expression relative to
    the DCT brings the story back to the present.
    """
    if not _is_narrative(found, dct):
        return found
    anchored = []
    anchor: Timex | None = None
    for timex, rule in found:
        if rule in _EXPLICIT_YEAR_RULES and not timex.parts and _YEAR_PREFIX.match(
                timex.value + "-") and (dct is None or int(timex.value[:4]) < dct.year - 1):
            anchor = timex
        elif rule in _YEARLESS_RULES and anchor is not None and _YEAR_PREFIX.match(timex.value) \
                and not re.search(r"\b(?:last|next|this|coming|past)\b", timex.text, re.I):
            timex = _with_year(timex, anchor.value[:4])
        elif rule in _PRESENT_RULES:
            anchor = None  # "last week", "on Tuesday": back to the present
        anchored.append((timex, rule))
    return anchored


def _is_narrative(found: list[tuple[Timex, str]], dct: date | None) -> bool:
    """A history told from afar (a war narrative written decades later), not news: most of
    its explicit years lie far from the DCT. News anchors yearless dates to the DCT even right
    after a historical year ("growing since 1980. In September, it announced…")."""
    years = [int(t.value[:4]) for t, rule in found
             if rule in _EXPLICIT_YEAR_RULES and _YEAR_PREFIX.match(t.value + "-")]
    if dct is None or len(years) < _NARRATIVE_MIN_YEARS:
        return False
    recent = sum(abs(year - dct.year) <= 1 for year in years)
    return recent / len(years) < _NARRATIVE_RECENT_SHARE


def _with_year(timex: Timex, year: str) -> Timex:
    value = _YEAR_PREFIX.sub(year, timex.value)
    parts = tuple(_with_year(part, year) for part in timex.parts)
    if parts:
        value = "/".join(part.value for part in parts)
    found = interval_of(value, timex.mod)
    if found is None:
        return timex
    return replace(timex, value=value, interval=found[:2], granularity=found[2], parts=parts)


_CLOCK_RULES = frozenset({"clock_time", "clock_time_24h", "noon_midnight"})
_TIME_ON_DAY = re.compile(r"^(?:,?\s*(?:at|around|about|by)?\s*)$", re.IGNORECASE)
_CLOCK_VALUE = re.compile(r"^\d{4}-\d\d-\d\d(T.*)$")


def _times_on_their_day(text: str, found: list[tuple[Timex, str]]) -> list[tuple[Timex, str]]:
    """ "on Oct. 3 at 2 p.m.": a clock time right after a day is on that day, not the DCT's."""
    placed = []
    previous: Timex | None = None
    for timex, rule in found:
        clock = _CLOCK_VALUE.match(timex.value)
        if rule in _CLOCK_RULES and clock and previous is not None \
                and previous.granularity == "day" and not previous.parts \
                and _TIME_ON_DAY.match(text[previous.end : timex.start]) \
                and not re.search(r"\d\d?[,\s]+\d{4}|day\b", timex.text):
            value = previous.interval[0].isoformat() + clock.group(1)
            timex = replace(timex, value=value, interval=previous.interval)
        placed.append((timex, rule))
        previous = timex
    return placed


def _anchor_to_periods(found: list[tuple[Timex, str]]) -> list[tuple[Timex, str]]:
    """ "Profit rose in the third quarter from $5 million a year earlier": the year-earlier
    figure is for the same quarter a year before, so the offset keeps the quarter it refers to.
    """
    anchored = []
    last_quarter: Timex | None = None
    for timex, rule in found:
        quarter = _QUARTER_VALUE.match(timex.value)
        if rule in _YEAR_OFFSET_RULES and last_quarter is not None and \
                re.fullmatch(r"\d{4}", timex.value) and \
                timex.start - last_quarter.end <= _ANCHOR_REACH:
            anchor = _QUARTER_VALUE.match(last_quarter.value)
            shift = int(timex.value) - int(anchor.group(1))
            if shift < 0:
                value = f"{int(anchor.group(1)) + shift}-Q{anchor.group(2)}"
                found_interval = interval_of(value)
                timex = replace(timex, value=value, interval=found_interval[:2],
                                granularity=found_interval[2])
        elif quarter:
            last_quarter = timex
        anchored.append((timex, rule))
    return anchored


def _build(text: str, start: int, end: int, resolution: Resolution) -> Timex:
    span = text[start:end]
    interval, granularity = None, None
    if resolution.type in ("DATE", "TIME"):
        found = interval_of(resolution.value, resolution.mod)
        if found:
            interval, granularity = (found[0], found[1]), found[2]
    elif resolution.anchor:
        interval = resolution.anchor
        granularity = "day"
    return Timex(start, end, span, resolution.type, resolution.value, granularity, interval,
                 resolution.approximate, resolution.mod)


def _leaf(text: str, start: int, end: int, value: str) -> Timex:
    return _build(text, start, end, Resolution("DATE", value))


def _inline_range(match: re.Match[str], context: Context) -> Timex | None:
    """ "1950-53", "Oct. 8-13": one range whose endpoints TimeML annotates separately."""
    groups = match.groupdict()
    text = context.text
    if groups.get("year2"):
        first = int(groups["year"])
        second_text = groups["year2"]
        second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(
            second_text)
        left = _leaf(text, match.start("year"), match.end("year"), f"{first:04d}")
        right = _leaf(text, match.start("year2"), match.end("year2"), f"{second:04d}")
    else:
        month = month_number(groups["month"], context.res)
        first_day = int(re.sub(r"\D", "", groups["day"]))
        second_day = int(re.sub(r"\D", "", groups["day2"]))
        if groups.get("year"):
            year = int(groups["year"])
        elif context.dct:
            picked = pick_day(context.dct, month, first_day,
                              context.tense(match.start(), match.end()))
            year = picked.year if picked else context.dct.year
        else:
            year = None
        prefix = f"{year:04d}" if year else "XXXX"
        left = _leaf(text, match.start("month"), match.end("day"),
                     f"{prefix}-{month:02d}-{first_day:02d}")
        right_end = match.end("year") if groups.get("year") else match.end("day2")
        right = _leaf(text, match.start("day2"), right_end,
                      f"{prefix}-{month:02d}-{second_day:02d}")
    return _range(text, match.start(), match.end(), left, right)


def _range(text: str, start: int, end: int, left: Timex, right: Timex,
           approximate: bool = False) -> Timex:
    interval, granularity = None, None
    if left.interval and right.interval:
        interval = (left.interval[0], max(left.interval[1], right.interval[1]))
        granularity = max((left.granularity, right.granularity),
                          key=lambda g: _GRANULARITY_ORDER.index(g) if g in
                          _GRANULARITY_ORDER else -1)
    return Timex(start, end, text[start:end], "DATE", f"{left.value}/{right.value}",
                 granularity, interval, approximate or left.approximate or right.approximate,
                 None, (left, right))


# --- joining neighbours into ranges and open spans ----------------------------------------

_RANGE_OPENERS = re.compile(
    r"(?P<opener>\b(?:between|from))\s+(?:(?P<approx>about|around|approximately|roughly|circa|"
    r"c\.)\s+)?$", re.IGNORECASE)
_RANGE_JOINERS = {
    "between": re.compile(r"^\s*(?:and|-|–|—)\s*$", re.IGNORECASE),
    "from": re.compile(r"^\s*(?:to|until|till|through|thru|-|–|—)\s*(?:about\s+|around\s+)?$",
                       re.IGNORECASE),
    "": re.compile(r"^\s*(?:through|thru|–|—|-)\s*$", re.IGNORECASE),
}


def _is_datelike(timex: Timex) -> bool:
    return timex.type in ("DATE", "TIME") and timex.interval is not None and not timex.parts


def _join_ranges(text: str, found: list[Timex], context: Context) -> list[Timex]:
    joined: list[Timex] = []
    index = 0
    while index < len(found):
        current = found[index]
        nxt = found[index + 1] if index + 1 < len(found) else None
        pair = _pair_range(text, current, nxt) if nxt else None
        if pair is not None:
            joined.append(pair)
            index += 2
            continue
        joined.append(_open_span(text, _trailing(text, current, context), context))
        index += 1
    return joined


def _pair_range(text: str, left: Timex, right: Timex) -> Timex | None:
    if not (_is_datelike(left) and _is_datelike(right)):
        return None
    if left.interval[0] > right.interval[1]:
        return None
    gap = text[left.end : right.start]
    opener = _RANGE_OPENERS.search(text[max(0, left.start - 25) : left.start])
    kind = opener.group("opener").lower() if opener else ""
    if not _RANGE_JOINERS[kind].match(gap):
        if _adjacent_decades(left, right, gap):
            return _range(text, left.start, right.end, left, right)
        return None
    start = left.start - (len(text[max(0, left.start - 25) : left.start]) - opener.start()) \
        if opener else left.start
    return _range(text, start, right.end, left, right, approximate=bool(
        opener and opener.group("approx")))


def _adjacent_decades(left: Timex, right: Timex, gap: str) -> bool:
    """ "the late 1970s and 1980s": one stretch of time, not two unrelated decades."""
    if left.granularity != "decade" or right.granularity != "decade":
        return False
    if not re.fullmatch(r"\s*(?:and|to|through|-|–)\s*", gap, re.IGNORECASE):
        return False
    return right.interval[0].year - left.interval[0].year <= 10 or left.mod == "END"


_TRAILING = re.compile(r"^\s*(?P<word>onwards?|and beyond|or later|and later|or earlier|"
                       r"and earlier)\b", re.IGNORECASE)


def _trailing(text: str, timex: Timex, context: Context) -> Timex:
    """ "1990 and beyond", "2000 onward": TimeML keeps these words inside the expression."""
    if not _is_datelike(timex):
        return timex
    match = _TRAILING.match(text[timex.end : timex.end + 20])
    if not match:
        return timex
    mod = context.res.range_trailing.get(" ".join(match.group("word").lower().split()))
    end = timex.end + match.end()
    interval = timex.interval
    if mod == "ON_OR_AFTER" and context.dct and context.dct > interval[1]:
        interval = (interval[0], context.dct)
    return replace(timex, end=end, text=text[timex.start : end], mod=mod, interval=interval,
                   approximate=True)


_OPEN_SIGNAL = re.compile(r"\b(?P<signal>since|by|until|till|through|as of|starting(?: in)?|"
                          r"beginning(?: in)?|no later than|up to)\s+$", re.IGNORECASE)


def _open_span(text: str, timex: Timex, context: Context) -> Timex:
    """ "since August 2023" runs from August 2023 to the DCT; "by December" ends in December."""
    if not _is_datelike(timex) or timex.mod:
        return timex
    before = text[max(0, timex.start - 20) : timex.start]
    match = _OPEN_SIGNAL.search(before)
    if not match:
        return timex
    signal = " ".join(match.group("signal").lower().split())
    start = timex.start - (len(before) - match.start())
    if signal in context.res.range_open_start:
        mod = context.res.range_open_start[signal]
        end_day = max(timex.interval[1], context.dct) if context.dct else timex.interval[1]
        interval = (timex.interval[0], end_day)
    elif signal in context.res.range_open_end:
        mod = context.res.range_open_end[signal]
        interval = timex.interval
    else:
        return timex
    return Timex(start, timex.end, text[start : timex.end], timex.type, timex.value,
                 timex.granularity, interval, timex.approximate, mod, (timex,))


def describe(timex: Timex) -> dict:
    """The JSON shape `dateline tag` prints for one expression."""
    return {
        "start": timex.start,
        "end": timex.end,
        "text": timex.text,
        "type": timex.type,
        "value": timex.value,
        "granularity": timex.granularity,
        "interval": [d.isoformat() for d in timex.interval] if timex.interval else None,
        "approximate": timex.approximate,
        "mod": timex.mod,
    }


__all__ = ["describe", "tag"]
