"""Calendar arithmetic on TIMEX3 values: shifting dates and turning a value into a day interval.

Every function takes the reference date as an argument; nothing here reads the clock.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
MIN_YEAR, MAX_YEAR = 1, 9999

# TIMEX3 value shapes, shared with core.timeline.display; DAY_VALUE's group 4 is a clock time.
DAY_VALUE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d:\d\d)(?::\d\d)?|T.*)?$")
WEEK_VALUE = re.compile(r"^(\d{4})-W(\d\d)(-WE)?$")
MONTH_VALUE = re.compile(r"^(\d{4})-(\d\d)$")
SEASON_VALUE = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")
HALF_VALUE = re.compile(r"^(\d{4})-H([12])$")
YEAR_VALUE = re.compile(r"^(\d{4})$")
DECADE_VALUE = re.compile(r"^(\d{3})$")
CENTURY_VALUE = re.compile(r"^(\d{2})$")
_RANGE = re.compile(r"^([^/]+)/([^/]+)$")


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(day: date, months: int) -> date:
    """Shift by whole months, clamping the day to the target month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    year = min(max(year, MIN_YEAR), MAX_YEAR)
    return date(year, month + 1, min(day.day, last_day(year, month + 1)))


def add_days(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def week_start(year: int, week: int) -> date:
    return date.fromisocalendar(year, week, 1)


def month_value(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _thirds(start: date, end: date, mod: str | None) -> tuple[date, date]:
    """Narrow an interval to its first, middle or last third for "early", "mid", "late"."""
    if mod not in ("START", "MID", "END"):
        return start, end
    span = (end - start).days + 1
    third = max(-(-span // 3), 1)  # rounded up: "late last week" is Friday to Sunday
    if mod == "START":
        return start, add_days(start, third - 1)
    if mod == "END":
        return add_days(end, -(third - 1)), end
    return add_days(start, third), add_days(end, -third)


def _decade_bounds(mod: str | None, first: int) -> tuple[int, int]:
    # "early 1970s" = 1970-73, "mid" = 1974-76, "late" = 1977-79: the way historians read them.
    if mod == "START":
        return first, first + 3
    if mod == "MID":
        return first + 3, first + 6
    if mod == "END":
        return first + 7, first + 9
    return first, first + 9


def interval_of(value: str, mod: str | None = None) -> tuple[date, date, str] | None:
    """The inclusive day interval and granularity a TIMEX3 DATE/TIME value covers, if any."""
    try:
        return _interval(value, mod)
    except (ValueError, OverflowError):  # a day that does not exist, or past year 1 or 9999
        return None


def _interval(value: str, mod: str | None) -> tuple[date, date, str] | None:
    if m := _RANGE.match(value):
        first, second = interval_of(m.group(1)), interval_of(m.group(2))
        if first is None or second is None:
            return None
        return first[0], max(second[1], first[0]), first[2]
    if m := DAY_VALUE.match(value):
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return day, day, "day"
    if m := WEEK_VALUE.match(value):
        start = week_start(int(m.group(1)), int(m.group(2)))
        if m.group(3):
            return add_days(start, 5), add_days(start, 6), "week"
        return (*_thirds(start, add_days(start, 6), mod), "week")
    if m := MONTH_VALUE.match(value):
        year, month = int(m.group(1)), int(m.group(2))
        bounds = _thirds(date(year, month, 1), date(year, month, last_day(year, month)), mod)
        return (*bounds, "month")
    if m := SEASON_VALUE.match(value):
        year = int(m.group(1))
        first, last = SEASON_MONTHS[m.group(2)]
        end_year = year + 1 if last < first else year
        start, end = date(year, first, 1), date(end_year, last, last_day(end_year, last))
        return (*_thirds(start, end, mod), "season")
    if m := QUARTER_VALUE.match(value):
        year, quarter = int(m.group(1)), int(m.group(2))
        start, end_month = date(year, 3 * quarter - 2, 1), 3 * quarter
        return (*_thirds(start, date(year, end_month, last_day(year, end_month)), mod), "quarter")
    if m := HALF_VALUE.match(value):
        year, half = int(m.group(1)), int(m.group(2))
        start = date(year, 1 if half == 1 else 7, 1)
        end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
        return start, end, "half"
    if m := YEAR_VALUE.match(value):
        year = int(m.group(1))
        return (*_thirds(date(year, 1, 1), date(year, 12, 31), mod), "year")
    if m := DECADE_VALUE.match(value):
        first_year, last_year = _decade_bounds(mod, int(m.group(1)) * 10)
        return date(max(first_year, 1), 1, 1), date(last_year, 12, 31), "decade"
    if m := CENTURY_VALUE.match(value):
        first_year = int(m.group(1)) * 100
        start, end = date(max(first_year, 1), 1, 1), date(first_year + 99, 12, 31)
        return (*_thirds(start, end, mod), "century")
    return None
