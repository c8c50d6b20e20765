"""Normalisers: turn one rule match into a TIMEX3 type and value, resolved against the DCT.

Each function takes the match and a Context and returns a Resolution, or None to reject the
match (a blocked year, a verb "may", a date that does not exist). Rules in
data/temporal_rules.toml name the function they use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dateline.core.temporal.resources import Resources
from dateline.core.temporal.tense import FUTURE, PAST, tense_at
from dateline.core.temporal.values import (
    MAX_YEAR,
    MIN_YEAR,
    add_days,
    add_months,
    iso_week,
    last_day,
    month_value,
    quarter_of,
)


@dataclass(frozen=True, slots=True)
class Context:
    text: str
    dct: date | None
    res: Resources

    def tense(self, start: int, end: int) -> str | None:
        return tense_at(self.text, start, end, self.res.tense)

    def before(self, start: int, width: int = 40) -> str:
        return self.text[max(0, start - width) : start]

    def after(self, end: int, width: int = 40) -> str:
        return self.text[end : end + width]


@dataclass(frozen=True, slots=True)
class Resolution:
    type: str
    value: str
    mod: str | None = None
    approximate: bool = False
    anchor: tuple[date, date] | None = None  # for anchored durations ("the past two months")
    end: int | None = None  # where the expression ends, when shorter than the match


Normaliser = Callable[[re.Match[str], Context], Resolution | None]
NORMALISERS: dict[str, Normaliser] = {}

APPROXIMATE_MODS = frozenset({"APPROX", "START", "MID", "END", "LESS_THAN", "MORE_THAN"})
_PREPOSITION_BEFORE = re.compile(
    r"(?:\b(?:in|of|since|by|until|till|through|during|from|before|after|between|to|"
    r"early|late|mid|last|next|this|on|for|until|around|about|throughout|into|over)\s*[-–]?\s*"
    r"|[-–]\s*)$",
    re.IGNORECASE,
)
_QUANTITY_BEFORE = re.compile(
    r"(?:\d|\btimes|\bonce|\btwice|\bmillion|\bbillion|\btrillion|\bpercent|%|\bdollars"
    r"|\bhours|\bcents|\bbarrels|\btons|\bunits)[^.;:!?]{0,25}$",
    re.IGNORECASE,
)


def normaliser(name: str) -> Callable[[Normaliser], Normaliser]:
    def register(function: Normaliser) -> Normaliser:
        NORMALISERS[name] = function
        return function

    return register


# --- small readers of matched words -------------------------------------------------------


def _key(word: str) -> str:
    return " ".join(word.lower().replace("’", "'").replace("-", " ").split()).rstrip(".")


def month_number(word: str, res: Resources) -> int | None:
    return res.months.get(_key(word))


def day_number(word: str) -> int:
    return int(re.sub(r"\D", "", word))


_MAX_QUANTITY = 1e12


def parse_number(word: str, res: Resources) -> float | None:
    """A spelled or written number; None for vague quantities ("several", "a few")."""
    key = _key(word)
    if key in res.numbers:
        return float(res.numbers[key])
    if key in res.vague_numbers or _key(word) in {_key(v) for v in res.vague_numbers}:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", key):
        value = float(key)
        # Past any real count ("999…9 centuries ago") a float overflows to infinity in the date
        # arithmetic downstream; such a number says as little as "many", so it is vague.
        return value if value <= _MAX_QUANTITY else None
    if key.startswith("half"):
        return 0.5
    if key == "a dozen":
        return 12.0
    if key.endswith("hundred"):
        head = key.split()[0]
        return 100.0 * (1 if head in ("a", "one") else res.numbers.get(head, 1))
    total = 0.0
    for part in key.split():
        if part not in res.numbers:
            return None
        total += res.numbers[part]
    return total


def unit_of(word: str, res: Resources) -> str:
    key = _key(word).removesuffix(" long")
    return res.unit_plurals.get(key, key)


def modifier_of(word: str | None, res: Resources) -> str | None:
    if not word:
        return None
    return res.modifiers.get(_key(word))


def _approx_mod(word: str | None, res: Resources) -> str | None:
    if not word:
        return None
    return res.approximators.get(_key(word))


def _date(value: date) -> str:
    return value.isoformat()


def _resolution(type_: str, value: str, mod: str | None = None, **extra) -> Resolution:
    vague = extra.pop("vague", False)
    return Resolution(type_, value, mod, mod in APPROXIMATE_MODS or vague, **extra)


# --- year choice for dates written without one --------------------------------------------

_TENSE_REACH_DAYS = 300
# A past verb reaches back up to eleven months ("They met in December", said in October, is
# last December); a day keeps the shorter reach of `_TENSE_REACH_DAYS`.
_TENSE_REACH_MONTHS = 11


def pick_day(dct: date, month: int, day: int, tense: str | None) -> date | None:
    """The year for "Oct. 3": the last one for past tense, the next for future, else nearest."""
    candidates = []
    # Near the calendar's ends (a DCT in year 1 or 9999) a neighbouring year does not exist.
    for year in _years_around(dct):
        if day <= last_day(year, month):
            candidates.append(date(year, month, day))
    if not candidates:
        return None
    past = [c for c in candidates if c <= dct]
    future = [c for c in candidates if c >= dct]
    # Tense decides only between plausible candidates: in "the offer was extended to Nov. 6"
    # the past verb does not make Nov. 6 eleven months old.
    if tense == PAST and past and (dct - max(past)).days <= _TENSE_REACH_DAYS:
        return max(past)
    if tense == FUTURE and future and (min(future) - dct).days <= _TENSE_REACH_DAYS:
        return min(future)
    return min(candidates, key=lambda c: (abs((c - dct).days), c > dct))


def _years_around(dct: date) -> list[int]:
    """The DCT's year and its neighbours that exist in the calendar (years 1 to 9999)."""
    return [y for y in (dct.year - 1, dct.year, dct.year + 1) if MIN_YEAR <= y <= MAX_YEAR]


def pick_month(dct: date, month: int, tense: str | None) -> tuple[int, int]:
    """The year for "in June" by the same convention, comparing whole months."""
    here = dct.year * 12 + dct.month - 1
    candidates = [year * 12 + month - 1 for year in _years_around(dct)]
    # Either may be missing at the calendar's ends (no year 0 before January of year 1).
    past = max((c for c in candidates if c <= here), default=None)
    future = min((c for c in candidates if c >= here), default=None)
    if tense == PAST and past is not None and here - past <= _TENSE_REACH_MONTHS:
        chosen = past
    elif tense == FUTURE and future is not None and future - here <= _TENSE_REACH_MONTHS:
        chosen = future
    else:
        chosen = min(candidates, key=lambda c: (abs(c - here), c > here))
    year, index = divmod(chosen, 12)
    return year, index + 1


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
        year = pick_month(dct, month_index, ctx.tense(m.start(), m.end()))[0]
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


# --- years, decades, centuries, seasons, quarters -----------------------------------------


# "from 297 to 1051", "between 900 and 1000": a count before it that is no year itself.
_COUNT_BEFORE = re.compile(r"(?<![\d,.])(\d[\d,.]*)\s*(?:to|and|or|-|–)\s*$", re.IGNORECASE)
_YEARLIKE = re.compile(r"1\d\d\d|20\d\d")
_STAMP_AFTER = re.compile(r" [\"“]?[A-Z]")


def _year_blocked(m: re.Match[str], ctx: Context, start: int = -1, end: int = -1) -> bool:
    if start < 0:
        start, end = m.start("year"), m.end("year")
    before = ctx.text[max(0, start - 8) : start]
    if before.rstrip().endswith(ctx.res.year_blockers_before):
        return True
    if re.search(r"[\d.,]\Z", before) or re.match(r"[.,]\d|\s*%|-\d", ctx.text[end : end + 3]):
        return True
    counted = _COUNT_BEFORE.search(ctx.text, max(0, start - 24), start)
    if counted and not _YEARLIKE.fullmatch(counted.group(1)):
        return True
    following = re.match(r"[\s-]+([A-Za-z%-]+)", ctx.text[end : end + 30])
    return bool(following and following.group(1).lower() in ctx.res.year_blockers_after)


def _clock_stamp(m: re.Match[str], ctx: Context) -> str | None:
    """"HH:MM" when a bare year is a live page's time stamp ("1153 Red Cross spokesman …",
    "at 1653 (2153 GMT)", "1000 EST"), else None."""
    digits = m.group("year")
    if m.group("mod") or m.group("fiscal") or len(digits) != 4 or m.end() != m.end("year"):
        return None
    if int(digits[:2]) > 23 or int(digits[2:]) > 59:
        return None
    start, end = m.start("year"), m.end("year")
    after = ctx.text[end : end + 14]
    stripped = after.lstrip(" (")
    if any(stripped.startswith(zone) and not stripped[len(zone):len(zone) + 1].isalpha()
           for zone in ctx.res.clock_zones):
        return f"{digits[:2]}:{digits[2:]}"
    before = ctx.text[max(0, start - 40) : start]
    if re.search(r"\bat\s+$", before):
        return f"{digits[:2]}:{digits[2:]}"
    line_start = ctx.text.rfind("\n", 0, start) + 1
    opens_line = not ctx.text[line_start:start].strip()
    glued = _STAMP_AFTER.match(after) is not None and not _PREPOSITION_BEFORE.search(before) \
        and (ctx.dct is None or abs(int(digits) - ctx.dct.year) > 1)
    if (opens_line and _STAMP_AFTER.match(after)) or glued:
        return f"{digits[:2]}:{digits[2:]}"
    return None


@normaliser("year")
def year(m: re.Match[str], ctx: Context) -> Resolution | None:
    if m.group("era") or _year_blocked(m, ctx):
        return None
    stamp = _clock_stamp(m, ctx)
    if stamp is not None:
        # A time of the publication day; without one it places nothing, so it is dropped.
        return _resolution("TIME", f"{_date(ctx.dct)}T{stamp}") if ctx.dct else None
    value = int(m.group("year"))
    if ctx.dct and value > ctx.dct.year + 50:
        return None
    return _resolution("DATE", f"{value:04d}", modifier_of(m.group("mod"), ctx.res))


@normaliser("year_range")
def year_range(m: re.Match[str], ctx: Context) -> Resolution | None:
    first = int(m.group("year"))
    second_text = m.group("year2")
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    if not first < second <= first + 100:
        return None
    if _year_blocked(m, ctx, m.start("year"), m.end("year2")):
        return None
    return _resolution("DATE", "RANGE")


_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5,
    "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9,
}


@normaliser("decade")
def decade(m: re.Match[str], ctx: Context) -> Resolution | None:
    groups = m.groupdict()
    if groups.get("decade"):
        value = int(groups["decade"]) // 10
    else:
        short = groups.get("short1") or groups.get("short2")
        digit = int(short) // 10 if short else _DECADE_WORDS[_key(groups["decade_word"])]
        reference = ctx.dct.year if ctx.dct else 2000
        century = reference // 100
        if century * 100 + digit * 10 > reference:
            century -= 1
        value = century * 10 + digit
    return _resolution("DATE", f"{value:03d}", modifier_of(groups.get("mod"), ctx.res))


@normaliser("century")
def century(m: re.Match[str], ctx: Context) -> Resolution | None:
    word = m.group("ordinal")
    number = int(re.sub(r"\D", "", word)) if word[0].isdigit() else ctx.res.ordinals.get(
        _key(word))
    if not number or number < 1:
        return None
    return _resolution("DATE", f"{number - 1:02d}", modifier_of(m.group("mod"), ctx.res))


def _relative_shift(rel: str | None) -> int | None:
    key = _key(rel or "")
    if key in ("last", "past", "previous", "this past"):
        return -1
    if key in ("next", "coming", "this coming", "following"):
        return 1
    if key in ("this", "current", "", "the", "that"):
        return 0
    return None


_SEASON_ORDER = ["WI", "SP", "SU", "FA"]


def _season_index(day: date) -> tuple[int, str]:
    """The season a day falls in, with the year TIMEX3 gives it (December is next year's WI)."""
    if day.month == 12:
        return day.year, "WI"
    return day.year, ["WI", "WI", "SP", "SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA"][
        day.month - 1]


@normaliser("season")
def season(m: re.Match[str], ctx: Context) -> Resolution | None:
    code = ctx.res.seasons[_key(m.group("season"))]
    mod = modifier_of(m.group("mod"), ctx.res)
    rel = m.group("rel")
    if m.group("year"):
        return _resolution("DATE", f"{m.group('year')}-{code}", mod)
    if not rel and not mod:
        before = ctx.before(m.start(), 25)
        if not re.search(r"\b(?:in|during|over|by|until|since|through|before|after|for|"
                         r"throughout|this|that|last|next)\s+(?:the\s+)?$", before, re.I):
            return None
        if re.match(r"\s+of\b", ctx.after(m.end())) or m.group("season")[0].isupper():
            return None
    if ctx.dct is None:
        return _resolution("DATE", f"XXXX-{code}", mod)
    here_year, here = _season_index(ctx.dct)
    here_index = here_year * 4 + _SEASON_ORDER.index(here)
    target = _SEASON_ORDER.index(code)
    shift = _relative_shift(rel)
    if rel and _key(rel) == "that":
        return None
    candidates = [(y * 4 + target) for y in (here_year - 1, here_year, here_year + 1)]
    if shift == -1:
        chosen = max(c for c in candidates if c < here_index)
    elif shift == 1:
        chosen = min(c for c in candidates if c > here_index)
    else:
        tense = ctx.tense(m.start(), m.end())
        if tense == PAST:
            chosen = max(c for c in candidates if c <= here_index)
        elif tense == FUTURE:
            chosen = min(c for c in candidates if c >= here_index)
        else:
            chosen = min(candidates, key=lambda c: abs(c - here_index))
    year_value, index = divmod(chosen, 4)
    return _resolution("DATE", f"{year_value}-{_SEASON_ORDER[index]}", mod)


def _ordinal_number(word: str, res: Resources) -> int | None:
    if word[0].isdigit():
        return int(re.sub(r"\D", "", word))
    return res.ordinals.get(_key(word))


@normaliser("quarter")
def quarter(m: re.Match[str], ctx: Context) -> Resolution | None:
    groups = m.groupdict()
    half = _key(groups.get("unit") or "quarter") == "half"
    number = _ordinal_number(groups["ordinal"], ctx.res)
    if number == -1:
        number = 2 if half else 4
    if number is None or not 1 <= number <= (2 if half else 4):
        return None
    letter = "H" if half else "Q"
    year_text = groups.get("year") or groups.get("year_before")
    if year_text:
        return _resolution("DATE", f"{year_text}-{letter}{number}")
    if ctx.dct is None:
        return _resolution("DATE", f"XXXX-{letter}{number}")
    det, rel, yrel = (_key(groups.get(k) or "") for k in ("det", "rel", "yrel"))
    current = quarter_of(ctx.dct) if not half else (1 if ctx.dct.month <= 6 else 2)
    year_value = ctx.dct.year
    if yrel == "last" or det == "last year's" or rel in ("year earlier", "year ago"):
        year_value -= 1
    elif yrel == "next" or det == "next year's":
        year_value += 1
    elif not (yrel or det.endswith("year's")):
        tense = ctx.tense(m.start(), m.end())
        if number > current and tense == PAST:
            year_value -= 1
        elif number < current and tense == FUTURE:
            year_value += 1
    return _resolution("DATE", f"{year_value}-{letter}{number}")


@normaliser("quarter_relative")
def quarter_relative(m: re.Match[str], ctx: Context) -> Resolution | None:
    if "Quarter" in m.group(0) or _key(m.group("det")) == "a":
        return None
    if ctx.after(m.end(), 1) == "-":
        return None  # "quarter-to-quarter", "its quarter-century low"
    if ctx.dct is None:
        return _resolution("DATE", "XXXX-QX")
    rels = {_key(m.group("rel") or ""), _key(m.group("rel2") or "")}
    index = ctx.dct.year * 4 + quarter_of(ctx.dct) - 1
    if rels & {"current", "this"} or _key(m.group("det")) == "this":
        pass
    elif rels & {"next", "coming"}:
        index += 1
    else:
        # "the quarter", "the latest quarter": the last one reported, i.e. the one that ended.
        index -= 1
    if rels & {"year earlier", "year ago", "comparable", "same"} or m.group("ago"):
        index -= 4
    year_value, number = divmod(index, 4)
    return _resolution("DATE", f"{year_value}-Q{number + 1}")


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


# --- durations, offsets and sets ----------------------------------------------------------


def _duration_value(number: float | None, unit: str, res: Resources) -> str | None:
    spec = res.units.get(unit)
    if spec is None:
        return None
    code, is_time = spec["code"], spec["time"]
    prefix = "PT" if is_time else "P"
    if unit == "weekend":
        return "P2D" if number == 1 else ("PXWE" if number is None else f"P{number * 2:g}D")
    if number is None:
        return "PXY" if unit in ("decade", "century") else f"{prefix}X{code}"
    number *= spec.get("factor", 1)
    if unit == "decade":
        return f"P{number * 10:g}Y"
    if unit == "century":
        return f"P{number * 100:g}Y"
    if number != int(number):
        return _fractional_duration(number, unit, res) or f"{prefix}{number:g}{code}"
    return f"{prefix}{int(number)}{code}"


def _fractional_duration(number: float, unit: str, res: Resources) -> str | None:
    # ISO 8601 allows decimals only in the smallest unit; news halves read best split: P2Y6M.
    whole = int(number)
    smaller = {"year": ("M", 12, "P"), "month": ("D", 30, "P"), "week": ("D", 7, "P"),
               "day": ("H", 24, "PT"), "hour": ("M", 60, "PT"), "minute": ("S", 60, "PT")}
    if unit not in smaller:
        return None
    code, factor, prefix = smaller[unit]
    rest = round((number - whole) * factor)
    big = res.units[unit]["code"]
    if unit == "day":
        return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"
    if whole:
        return f"{'PT' if res.units[unit]['time'] else 'P'}{whole}{big}{rest}{code}"
    return f"{prefix}{rest}{code}"


def _blocked_adjectival(m: re.Match[str], ctx: Context) -> bool:
    """ "a 50-year North Korea watcher", "seventy-year-old": descriptions, not time spans."""
    after = ctx.after(m.end(), 40)
    if re.match(r"[-\s]*olds?\b", after, re.I):
        return True
    words = re.findall(r"[A-Za-z]+", re.split(r"[,.;:!?()]", after, maxsplit=1)[0])[:4]
    return any(w.lower() in ctx.res.duration_blockers_after for w in words)


@normaliser("duration")
def duration(m: re.Match[str], ctx: Context) -> Resolution | None:
    groups = m.groupdict()
    unit = unit_of(groups["unit"], ctx.res)
    num_text = groups.get("num")
    if num_text is None:
        # A bare plural: "for years", "within weeks".
        if re.match(r"\s+(?:old|of age)\b", ctx.after(m.end())):
            return None
        value = _duration_value(None, unit, ctx.res)
        return _resolution("DURATION", value, vague=True) if value else None
    number = parse_number(num_text, ctx.res)
    if re.fullmatch(r"(?:1\d|20)\d\d", num_text) and (
            unit in ("quarter", "second", "half") or groups.get("det")):
        return None  # "the 1988 quarter": a year, not 1988 quarters
    if unit == "second" and _key(num_text) in ("a", "an", "one"):
        return None  # "a second state": the ordinal, not a second of time
    if "-" in m.group(0) and _blocked_adjectival(m, ctx):
        return None
    if re.match(r"[-\s]*olds?\b", ctx.after(m.end(), 6), re.I):
        return None
    if number is not None and (groups.get("fraction") or groups.get("and_half")):
        number += 0.5
    if number is not None and number == 0:
        return None
    value = _duration_value(number, unit, ctx.res)
    if value is None:
        return None
    mod = _approx_mod(groups.get("approx"), ctx.res)
    return _resolution("DURATION", value, mod, vague=number is None)


@normaliser("anchored_duration")
def anchored_duration(m: re.Match[str], ctx: Context) -> Resolution | None:
    groups = m.groupdict()
    unit = unit_of(groups["unit"], ctx.res)
    num_text = groups.get("num")
    number = parse_number(num_text, ctx.res) if num_text else 1.0
    rel = _key(groups["rel"])
    if rel in ("last", "previous") and not num_text and not m.group(0).lower().startswith("the"):
        return None
    value = _duration_value(number, unit, ctx.res)
    if value is None:
        return None
    mod = _approx_mod(groups.get("approx"), ctx.res)
    anchor = None
    if ctx.dct and number is not None and unit not in ("second", "minute", "hour"):
        backwards = rel in ("past", "last", "previous", "latest", "recent")
        forwards = rel in ("next", "coming", "following")
        span = _span_days(ctx.dct, number, unit)
        if backwards:
            anchor = (span, ctx.dct)
        elif forwards:
            anchor = (ctx.dct, add_days(ctx.dct, (ctx.dct - span).days))
    return _resolution("DURATION", value, mod, vague=number is None, anchor=anchor)


def _span_days(dct: date, number: float, unit: str) -> date:
    """The day `number` units before the DCT (for anchoring "the past two months")."""
    if unit in ("month", "quarter", "year", "decade", "century"):
        months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit]
        return add_months(dct, -round(number * months))
    days = {"day": 1, "night": 1, "week": 7, "fortnight": 14, "weekend": 7}.get(unit, 1)
    return add_days(dct, -round(number * days))


@normaliser("ago")
def ago(m: re.Match[str], ctx: Context) -> Resolution | None:
    groups = m.groupdict()
    unit = unit_of(groups["unit"] or groups["bare"], ctx.res)
    number = parse_number(groups["num"], ctx.res) if groups.get("num") else None
    direction = _key(groups["dir"])
    forward = direction in ("later", "after", "from now", "hence")
    mod = _approx_mod(groups.get("approx"), ctx.res)
    relative_to_story = direction in ("later", "after") or (
        direction in ("earlier", "before", "previously")
        and (number is None or unit not in ("year", "quarter")))
    if relative_to_story:
        # "Three days later" counts from the story's last date, not from the DCT: it is a span
        # of time, and its date is for the timeline model to anchor.
        value = _duration_value(number, unit, ctx.res)
        if value is None:
            return None
        return _resolution("DURATION", value, mod, vague=number is None,
                           end=m.start("dir"))
    if number is None:
        return _resolution("DATE", "FUTURE_REF" if forward else "PAST_REF", mod, vague=True)
    if ctx.dct is None:
        return None
    sign = 1 if forward else -1
    if unit in ("second", "minute", "hour"):
        return _resolution("DATE", _date(ctx.dct), mod)
    if unit in ("day", "night"):
        return _resolution("DATE", _date(add_days(ctx.dct, sign * round(number))), mod)
    if unit in ("week", "fortnight", "weekend"):
        factor = 14 if unit == "fortnight" else 7
        return _resolution("DATE", _date(add_days(ctx.dct, sign * round(number * factor))), mod)
    if unit in ("month", "quarter"):
        months = round(number * (3 if unit == "quarter" else 1))
        return _resolution("DATE", month_value(add_months(ctx.dct, sign * months)), mod)
    years = round(number * {"year": 1, "decade": 10, "century": 100}[unit])
    if not 1 <= ctx.dct.year + sign * years <= 9999:
        return None  # "99999999999 years ago" names no year the calendar has
    return _resolution("DATE", f"{ctx.dct.year + sign * years:04d}", mod)


@normaliser("set_word")
def set_word(m: re.Match[str], ctx: Context) -> Resolution | None:
    word = m.group("set")
    if word[0].isupper() and not re.search(r"(?:^|[.!?\n]\s*)$", ctx.before(m.start(), 3)):
        return None  # "JoongAng Daily": a name
    return _resolution("SET", ctx.res.sets[_key(word)])


@normaliser("set_every")
def set_every(m: re.Match[str], ctx: Context) -> Resolution | None:
    groups = m.groupdict()
    if groups.get("weekday_plural"):
        index = ctx.res.weekdays.get(_key(groups["weekday_plural"]).rstrip("s"))
        return _resolution("SET", f"XXXX-WXX-{index}") if index else None
    if groups.get("weekday"):
        index = ctx.res.weekdays.get(_key(groups["weekday"]))
        return _resolution("SET", f"XXXX-WXX-{index}") if index else None
    if groups.get("month"):
        index = month_number(groups["month"], ctx.res)
        return _resolution("SET", f"XXXX-{index:02d}") if index else None
    if groups.get("pod"):
        return _resolution("SET", f"XXXX-XX-XXT{_POD_CODES[_key(groups['pod'])]}")
    number = parse_number(groups["num"], ctx.res) if groups.get("num") else 1.0
    value = _duration_value(number, unit_of(groups["unit"], ctx.res), ctx.res)
    return _resolution("SET", value) if value else None


@normaliser("set_per")
def set_per(m: re.Match[str], ctx: Context) -> Resolution | None:
    if _key(m.group("q")) != "per" and not _QUANTITY_BEFORE.search(ctx.before(m.start(), 60)):
        return None
    value = _duration_value(1.0, unit_of(m.group("unit"), ctx.res), ctx.res)
    return _resolution("SET", value) if value else None


@normaliser("reference")
def reference(m: re.Match[str], ctx: Context) -> Resolution | None:
    key = _key(m.group("ref"))
    if key in ctx.res.weak_references:
        return None
    return _resolution("DATE", ctx.res.references[key])


@normaliser("the_year")
def the_year(m: re.Match[str], ctx: Context) -> Resolution | None:
    """ "for the year ended Sept. 30" is a span of a year; "for the year" is this year."""
    if re.match(r"\s+(?:ended|ending|to date|through|before|after|earlier|ago)\b",
                ctx.after(m.end())):
        return _resolution("DURATION", "P1Y")
    if _key(m.group("adj") or "") == "latest":
        return None
    if ctx.dct is None:
        return _resolution("DATE", "XXXX")
    return _resolution("DATE", f"{ctx.dct.year:04d}")


@normaliser("year_earlier_period")
def year_earlier_period(m: re.Match[str], ctx: Context) -> Resolution | None:
    """Earnings-report periods: "the year-earlier quarter", "the latest period"."""
    groups = m.groupdict()
    rel = _key(groups["rel"])
    noun = _key(groups.get("noun") or "").removesuffix("'s")
    if ctx.dct is None:
        return None
    if noun in ("period", "quarter"):
        # Earnings reports speak of the quarter that has just ended.
        index = ctx.dct.year * 4 + quarter_of(ctx.dct) - 2
        if groups.get("year"):
            if noun == "period":
                return _resolution("DATE", groups["year"])
            index = int(groups["year"]) * 4 + index % 4
        elif rel in ("year earlier", "year ago", "prior year", "comparable", "same",
                     "corresponding") or groups.get("ago"):
            index -= 4
        return _resolution("DATE", f"{index // 4}-Q{index % 4 + 1}")
    if rel not in ("year earlier", "year ago", "prior year"):
        return None
    return _resolution("DATE", f"{ctx.dct.year - 1:04d}")


_SMALL_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 0,
}


def _small_number(words: str) -> int:
    return sum(_SMALL_NUMBERS[w] for w in re.split(r"[\s-]+", _key(words)) if w)


@normaliser("spelled_year")
def spelled_year(m: re.Match[str], ctx: Context) -> Resolution | None:
    """Broadcast transcripts spell years out: "nineteen ninety-six", "two thousand"."""
    groups = m.groupdict()
    if groups.get("century"):
        value = _small_number(groups["century"]) * 100 + _small_number(groups["rest"])
    else:
        value = 2000 + (_small_number(groups["small"]) if groups.get("small") else 0)
        if not groups.get("small") and not m.group(0).lower().startswith("the year"):
            return None  # "two thousand" alone is usually a quantity
    return _resolution("DATE", f"{value:04d}")


@normaliser("week_of")
def week_of(m: re.Match[str], ctx: Context) -> Resolution | None:
    """ "the week of March 6": the ISO week holding that day."""
    month_index = month_number(m.group("month"), ctx.res)
    if month_index is None:
        return None
    day_of_month = day_number(m.group("day"))
    try:
        if m.group("year"):
            day = date(int(m.group("year")), month_index, day_of_month)
        elif ctx.dct:
            day = pick_day(ctx.dct, month_index, day_of_month, ctx.tense(m.start(), m.end()))
        else:
            return None
    except ValueError:
        return None
    return _resolution("DATE", iso_week(day)) if day else None


@normaliser("parsed_date")
def parsed_date(m: re.Match[str], ctx: Context) -> Resolution | None:
    """An absolute date in a layout the other rules do not spell out ("03.10.2024")."""
    import dateparser  # deferred: slow to import, and these layouts are rare

    text = m.group("absdate")
    order = "DMY" if "." in text else "YMD" if re.match(r"\d{4}/", text) else None
    settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    if order:
        settings["DATE_ORDER"] = order
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return _resolution("DATE", _date(parsed.date())) if parsed else None


@normaliser("era_year")
def era_year(m: re.Match[str], ctx: Context) -> Resolution | None:
    """ "480 BC" (TIMEX2's BC0480, no calendar interval before year 1), "AD 9", "1066 AD"."""
    mod = modifier_of(m.group("mod"), ctx.res)
    if m.group("year_ad"):
        return _resolution("DATE", f"{int(m.group('year_ad')):04d}", mod)
    number = int(m.group("year"))
    if number == 0:
        return None
    if _key(m.group("era")).replace(".", "").startswith("b"):
        return _resolution("DATE", f"BC{number:04d}", mod)
    return _resolution("DATE", f"{number:04d}", mod)


@normaliser("nth_week_of_month")
def nth_week_of_month(m: re.Match[str], ctx: Context) -> Resolution | None:
    """ "the first week of October": the ISO week holding the month's first (or last) days."""
    month_index = month_number(m.group("month"), ctx.res)
    number = ctx.res.ordinals.get(_key(m.group("ordinal")))
    if month_index is None or number is None:
        return None
    if m.group("year"):
        year_value = int(m.group("year"))
    elif ctx.dct:
        year_value = pick_month(ctx.dct, month_index, ctx.tense(m.start(), m.end()))[0]
    else:
        return None
    if number == -1:
        day = date(year_value, month_index, last_day(year_value, month_index))
    else:
        day = add_days(date(year_value, month_index, 1), 7 * (number - 1))
    return _resolution("DATE", iso_week(day))
