"""Normalisers of durations, offsets ("two years ago") and sets ("every week"), and of the
rarer forms: "the year", spelled years, "the week of", era years."""

from __future__ import annotations

import re
from datetime import date

from dateline.core.temporal.norm_base import (
    _QUANTITY_BEFORE,
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
    parse_number,
    pick_day,
    pick_month,
    unit_of,
)
from dateline.core.temporal.norm_relative import _POD_CODES
from dateline.core.temporal.resources import Resources
from dateline.core.temporal.values import (
    add_days,
    add_months,
    iso_week,
    last_day,
    month_value,
    quarter_of,
)

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
