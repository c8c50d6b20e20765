"""Normalisers of periods relative to the DCT: "last week", "this morning", "today",
weekdays and clock times."""

from __future__ import annotations

import re
from datetime import date

from dateline.core.temporal.norm_base import (
    Context,
    Resolution,
    _approx_mod,
    _date,
    _key,
    _resolution,
    day_number,
    modifier_of,
    month_number,
    normaliser,
    pick_day,
    unit_of,
)
from dateline.core.temporal.norm_years import _relative_shift
from dateline.core.temporal.tense import FUTURE, PAST
from dateline.core.temporal.values import (
    add_days,
    add_months,
    iso_week,
    month_value,
    quarter_of,
)

# --- periods relative to the DCT ----------------------------------------------------------


def _period_value(dct: date, unit: str, shift: int) -> str | None:
    if unit == "week":
        return iso_week(add_days(dct, 7 * shift))
    if unit == "weekend":
        return iso_week(add_days(dct, 7 * shift)) + "-WE"
    if unit == "month":
        return month_value(add_months(dct, shift))
    if unit == "year":
        return f"{dct.year + shift:04d}"
    if unit == "quarter":
        index = dct.year * 4 + quarter_of(dct) - 1 + shift
        return f"{index // 4}-Q{index % 4 + 1}"
    if unit == "decade":
        return f"{dct.year // 10 + shift:03d}"
    if unit == "century":
        return f"{dct.year // 100 + shift:02d}"
    return None


@normaliser("relative_period")
def relative_period(m: re.Match[str], ctx: Context) -> Resolution | None:
    groups = m.groupdict()
    unit = unit_of(groups["unit"], ctx.res)
    if re.fullmatch(r"(?:[A-Z]\w*\s+)+[A-Z]\w*", m.group(0)) and not re.search(
            r"(?:^|[.!?\n]\s*)$", ctx.before(m.start(), 3)):
        return None  # "ABC's This Week": a title, capitalised mid-sentence
    if groups.get("edge"):
        mod, shift = ("END" if _key(groups["edge"]) == "end" else "START"), 0
    else:
        mod = modifier_of(groups.get("mod"), ctx.res)
        rel = _key(groups.get("rel") or "")
        if rel == "same" or (rel == "that" and unit != "weekend"):
            return None
        shift = _relative_shift(rel)
        if shift is None:
            return None
    if ctx.dct is None:
        return _resolution("DATE", {"week": "XXXX-WXX", "month": "XXXX-XX"}.get(unit, "XXXX"), mod)
    if unit == "weekend" and shift == 0 and ctx.dct.isoweekday() < 6:
        # "this weekend" said on a weekday: the coming one unless the clause is in the past.
        shift = -1 if ctx.tense(m.start(), m.end()) == PAST else 0
    value = _period_value(ctx.dct, unit, shift)
    return _resolution("DATE", value, mod) if value else None


_POD_CODES = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


@normaliser("part_of_day")
def part_of_day(m: re.Match[str], ctx: Context) -> Resolution | None:
    rel = _key(m.group("rel"))
    pod = _POD_CODES[_key(m.group("pod"))]
    mod = modifier_of(m.group("mod"), ctx.res)
    if ctx.dct is None:
        return _resolution("TIME", f"XXXX-XX-XXT{pod}", mod)
    shift = {"this": 0, "last": -1 if pod == "NI" else 0, "tomorrow": 1, "yesterday": -1}[rel]
    if rel == "last" and pod != "NI":
        return None
    return _resolution("TIME", f"{_date(add_days(ctx.dct, shift))}T{pod}", mod)


@normaliser("deictic_day")
def deictic_day(m: re.Match[str], ctx: Context) -> Resolution | None:
    word = _key(m.group("word"))
    shifts = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
              "the day before yesterday": -2, "the day after tomorrow": 2}
    mod = modifier_of(m.group("mod"), ctx.res)
    pod = _POD_CODES.get(_key(m.group("pod") or ""))
    if word == "tonight":
        pod = "NI"
    if ctx.dct is None:
        if word == "today":
            return _resolution("DATE", "PRESENT_REF", mod)
        return None
    day = _date(add_days(ctx.dct, shifts[word]))
    if pod:
        return _resolution("TIME", f"{day}T{pod}", mod)
    return _resolution("DATE", day, mod)


_WEEKDAY_BLOCKERS_BEFORE = re.compile(
    r"\b(?-i:Good|Black|Bloody|Super|Cyber|Ash|Palm|Easter|Holy|Maundy|Shrove|Fat|Big|Blue|"
    r"Manic)\s+$"
)
_WEEKDAY_BLOCKERS_AFTER = re.compile(
    r"^\s+(?-i:Times|Telegraph|Express|Mirror|Herald|Post|Independent|Observer|Night Live|"
    r"Morning Herald|Sport|Star|Mail|Bloody)\b"
)


def resolve_weekday(dct: date, weekday: int, rel: str, tense: str | None) -> date:
    """News convention: the weekday on or before the DCT, unless "next" or future tense."""
    delta_back = (dct.isoweekday() - weekday) % 7
    on_or_before = add_days(dct, -delta_back)
    delta_forward = (weekday - dct.isoweekday()) % 7 or 7
    after = add_days(dct, delta_forward)
    if rel in ("last", "previous", "this past"):
        return on_or_before if delta_back else add_days(dct, -7)
    if rel in ("next", "coming", "this coming"):
        return after
    if tense == FUTURE:
        return dct if rel == "this" and not delta_back else after
    return on_or_before


@normaliser("weekday")
def weekday(m: re.Match[str], ctx: Context) -> Resolution | None:
    word = m.group("weekday")
    if _WEEKDAY_BLOCKERS_BEFORE.search(ctx.before(m.start(), 12)):
        return None
    if _WEEKDAY_BLOCKERS_AFTER.match(ctx.after(m.end(), 25)):
        return None
    index = ctx.res.weekdays.get(_key(word))
    if index is None:
        return None
    mod = modifier_of(m.group("mod"), ctx.res)
    pod = _POD_CODES.get(_key(m.group("pod") or ""))
    if ctx.dct is None:
        value = f"XXXX-WXX-{index}"
        return _resolution("TIME" if pod else "DATE", value + (f"T{pod}" if pod else ""), mod)
    rel = _key(m.group("rel") or "")
    tense = ctx.tense(m.start(), m.end())
    # "Friday night" stays a DATE at day granularity: that is how TimeBank's annotators read a
    # weekday with a part of the day, and the timeline places it on that day either way.
    return _resolution("DATE", _date(resolve_weekday(ctx.dct, index, rel, tense)), mod)


@normaliser("clock_time")
def clock_time(m: re.Match[str], ctx: Context) -> Resolution | None:
    groups = m.groupdict()
    if groups.get("named"):
        hour, minute = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}[
            _key(groups["named"])]
    else:
        hour, minute = int(groups["hour"]), int(groups.get("minute") or 0)
        ampm = _key(groups.get("ampm") or "").replace(".", "").replace(" ", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 24 or minute > 59:
            return None
    day: date | None = ctx.dct
    if groups.get("weekday") and ctx.dct:
        index = ctx.res.weekdays.get(_key(groups["weekday"]))
        day = resolve_weekday(ctx.dct, index, "", ctx.tense(m.start(), m.end())) if index else day
    elif groups.get("month"):
        month_index = month_number(groups["month"], ctx.res)
        if month_index is None:
            return None
        if groups.get("year"):
            try:
                day = date(int(groups["year"]), month_index, day_number(groups["day"]))
            except ValueError:
                return None
        elif ctx.dct:
            day = pick_day(ctx.dct, month_index, day_number(groups["day"]),
                           ctx.tense(m.start(), m.end()))
    clock = f"T{hour:02d}:{minute:02d}"
    mod = _approx_mod(groups.get("approx"), ctx.res) or (
        "APPROX" if groups.get("approx") else None)
    return _resolution("TIME", (_date(day) if day else "") + clock, mod)
