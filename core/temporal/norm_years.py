"""Normalisers of years and what is counted in them: years (not clock stamps or counts),
year ranges, decades, centuries, seasons and quarters."""

from __future__ import annotations

import re
from datetime import date

from dateline.core.temporal.norm_base import (
    _PREPOSITION_BEFORE,
    Context,
    Resolution,
    _date,
    _key,
    _resolution,
    modifier_of,
    normaliser,
)
from dateline.core.temporal.resources import Resources
from dateline.core.temporal.tense import FUTURE, PAST
from dateline.core.temporal.values import (
    quarter_of,
)

# --- years, decades, centuries, seasons, quarters -----------------------------------------


# "from 297 to 1051", "between 900 and 1000": a count before it that is no year itself.
_COUNT_BEFORE = re.compile(r"(?<![\d,.])(\d[\d,.]*)\s*(?:to|and|or|-|–)\s*$", re.IGNORECASE)
_YEARLIKE = re.compile(r"1\d\d\d|20\d\d")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|his|her|their|our|your|this|that|whose)\s+$",
                                re.IGNORECASE)
_STAMP_MIN_YEARS_AWAY = 5
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
    # "… aftermath 1122 Louis Belanger, a spokesman …"; not "the 2000 Olympics", and not a
    # year near the publication's, which a stamp cannot be told from.
    glued = _STAMP_AFTER.match(after) is not None and not _PREPOSITION_BEFORE.search(before) \
        and not _DETERMINER_BEFORE.search(before) \
        and (ctx.dct is None or abs(int(digits) - ctx.dct.year) > _STAMP_MIN_YEARS_AWAY)
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
