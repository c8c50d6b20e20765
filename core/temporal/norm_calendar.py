"""Normalisers of calendar dates: "Oct. 3, 2024", "June 3", "in June", holidays."""

from __future__ import annotations

import re
from datetime import date

from dateline.core.temporal.norm_base import (
    _DIRECT_PAST_REACH_MONTHS,
    _PREPOSITION_BEFORE,
    _TENSE_REACH_MONTHS,
    Context,
    Resolution,
    _date,
    _key,
    _resolution,
    day_number,
    modifier_of,
    month_number,
    normaliser,
    past_verb_before,
    pick_day,
    pick_month,
)
from dateline.core.temporal.tense import FUTURE, PAST
from dateline.core.temporal.values import (
    add_days,
    last_day,
)

# --- calendar dates -----------------------------------------------------------------------


def _two_digit_year(text: str, dct: date | None) -> int:
    if len(text) == 4:
        return int(text)
    short = int(text)
    pivot = (dct.year if dct else 2000) % 100 + 10
    return (2000 if short <= pivot else 1900) + short


@normaliser("calendar_date")
def calendar_date(m: re.Match[str], ctx: Context) -> Resolution | None:
    month_text = m.group("month")
    month = int(month_text) if month_text.isdigit() else month_number(month_text, ctx.res)
    if month is None:
        return None
    year = _two_digit_year(m.group("year"), ctx.dct)
    try:
        day = date(year, month, day_number(m.group("day")))
    except ValueError:
        return None
    groups = m.groupdict()
    if groups.get("hour"):
        return _resolution("TIME", f"{_date(day)}T{groups['hour']}:{groups['minute']}")
    return _resolution("DATE", _date(day))


@normaliser("month_day")
def month_day(m: re.Match[str], ctx: Context) -> Resolution | None:
    month = month_number(m.group("month"), ctx.res)
    day_of_month = day_number(m.group("day"))
    if month is None or not 1 <= day_of_month <= 31:
        return None
    if day_of_month > last_day(2000, month):
        return None
    mod = modifier_of(m.groupdict().get("mod"), ctx.res)
    if ctx.dct is None:
        return _resolution("DATE", f"XXXX-{month:02d}-{day_of_month:02d}", mod)
    rel = _key(m.groupdict().get("rel") or "")
    tense = {"last": PAST, "next": FUTURE}.get(rel) or ctx.tense(m.start(), m.end())
    day = pick_day(ctx.dct, month, day_of_month, tense)
    if day is None:
        return None
    return _resolution("DATE", _date(day), mod)


@normaliser("month_day_range")
def month_day_range(m: re.Match[str], ctx: Context) -> Resolution | None:
    # The engine splits this into two endpoints; here only the first day is checked.
    month = month_number(m.group("month"), ctx.res)
    first, second = day_number(m.group("day")), day_number(m.group("day2"))
    if month is None or not 1 <= first < second <= last_day(2000, month):
        return None
    return _resolution("DATE", "RANGE")


@normaliser("month_year")
def month_year(m: re.Match[str], ctx: Context) -> Resolution | None:
    month = month_number(m.group("month"), ctx.res)
    if month is None:
        return None
    mod = modifier_of(m.group("mod"), ctx.res)
    return _resolution("DATE", f"{int(m.group('year')):04d}-{month:02d}", mod)


def _month_needs_context(m: re.Match[str], ctx: Context) -> bool:
    """A lone month name is only a date where a preposition or modifier says so."""
    word = m.group("month")
    if not word[0].isupper():
        return True
    if _key(word) in ctx.res.case_sensitive:
        if re.match(r"\s+[A-Z][a-z]", ctx.after(m.end(), 3)):
            return True  # "Jan Kavan", "May Day Parade": a name, not a month
        return not _PREPOSITION_BEFORE.search(ctx.before(m.start(), 20))
    return False


@normaliser("month")
def month(m: re.Match[str], ctx: Context) -> Resolution | None:
    month_index = month_number(m.group("month"), ctx.res)
    if month_index is None:
        return None
    rel, yrel, mod_word = m.group("rel"), m.group("yrel"), m.group("mod")
    if not (rel or yrel or mod_word) and _month_needs_context(m, ctx):
        return None
    mod = modifier_of(mod_word, ctx.res)
    if ctx.dct is None and not m.group("year_ahead"):
        return _resolution("DATE", f"XXXX-{month_index:02d}", mod)
    dct = ctx.dct
    if m.group("year_ahead"):
        year = int(m.group("year_ahead"))  # "in August and September 1914"
    elif yrel:
        shift = {"last": -1, "this": 0, "next": 1}[_key(yrel).split()[-2]]
        year = dct.year + shift
    elif rel:
        key = _key(rel)
        if key in ("last", "past", "previous", "this past"):
            year = dct.year if month_index < dct.month else dct.year - 1
        elif key in ("next", "coming", "this coming"):
            year = dct.year if month_index > dct.month else dct.year + 1
        elif key == "this":
            year = dct.year
        else:
            year = pick_month(dct, month_index, ctx.tense(m.start(), m.end()))[0]
    else:
        reach = _DIRECT_PAST_REACH_MONTHS if past_verb_before(ctx, m.start()) \
            else _TENSE_REACH_MONTHS
        year = pick_month(dct, month_index, ctx.tense(m.start(), m.end()), reach)[0]
    return _resolution("DATE", f"{year:04d}-{month_index:02d}", mod)


@normaliser("holiday")
def holiday(m: re.Match[str], ctx: Context) -> Resolution | None:
    key = _key(m.group("holiday"))
    year_text = m.group("year")

    def on(year: int) -> date | None:
        if key in ctx.res.fixed_holidays:
            month_index, day_of_month = ctx.res.fixed_holidays[key]
            return date(year, month_index, day_of_month)
        if key in ctx.res.weekday_holidays:
            return nth_weekday(year, *ctx.res.weekday_holidays[key])
        return None

    if year_text:
        day = on(int(year_text))
    elif ctx.dct is None:
        return None
    else:
        rel = _key(m.group("rel") or "")
        candidates = [d for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)
                      if (d := on(y)) is not None]
        past = [d for d in candidates if d <= ctx.dct]
        future = [d for d in candidates if d > ctx.dct]
        tense = {"last": PAST, "next": FUTURE}.get(rel) or ctx.tense(m.start(), m.end())
        if tense == FUTURE and future:
            day = min(future)
        elif tense == PAST and past:
            day = max(past)
        else:  # no tense: the nearest ("Talks resume before Christmas" is the coming one)
            day = min(candidates, key=lambda d: (abs((d - ctx.dct).days), d > ctx.dct))
    return _resolution("DATE", _date(day)) if day else None


def nth_weekday(year: int, month_index: int, weekday: int, nth: int) -> date:
    """The nth (1-based; -1 = last) ISO weekday of a month: Thanksgiving = 4th Thursday."""
    if nth > 0:
        first = date(year, month_index, 1)
        offset = (weekday - first.isoweekday()) % 7
        return add_days(first, offset + 7 * (nth - 1))
    last = date(year, month_index, last_day(year, month_index))
    return add_days(last, -((last.isoweekday() - weekday) % 7))
