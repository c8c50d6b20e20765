"""What every normaliser shares: the Context a match is read in, the Resolution it returns,
the registry rules name their normaliser in, small readers of matched words, and the choice of
year for dates written without one."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dateline.core.temporal.resources import Resources
from dateline.core.temporal.tense import FUTURE, PAST, tense_at
from dateline.core.temporal.values import MAX_YEAR, MIN_YEAR, last_day


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
_TENSE_REACH_MONTHS = 9
# A past verb that governs the month itself reaches back up to eleven months ("They met in
# December", said in October, is last December); see `past_verb_before`.
_DIRECT_PAST_REACH_MONTHS = 11
_VERB_IN = re.compile(r"(?:\b([A-Za-z’']+)\s+)?\b([A-Za-z]+)\s+in\s+$")
_BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being", "has", "have", "had"})


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


def past_verb_before(ctx: Context, start: int) -> bool:
    """Whether a simple past verb governs the expression at `start`: "met in December", not
    "is heard in May", "was planned for March" or "a cutback in September"."""
    found = _VERB_IN.search(ctx.text, max(0, start - 40), start)
    if found is None:
        return False
    before, verb = (found.group(1) or "").lower(), found.group(2).lower()
    if before in _BE_FORMS:
        return False  # a participle: "is heard in", "was planned in"
    cues = ctx.res.tense
    return (verb in cues.past and verb not in _BE_FORMS) or (
        len(verb) > 4 and verb.endswith("ed") and verb not in cues.not_past)


def pick_month(dct: date, month: int, tense: str | None,
               reach: int = _TENSE_REACH_MONTHS) -> tuple[int, int]:
    """The year for "in June" by the same convention, comparing whole months; `reach` is how
    many months back a past tense may go."""
    here = dct.year * 12 + dct.month - 1
    candidates = [year * 12 + month - 1 for year in _years_around(dct)]
    # Either may be missing at the calendar's ends (no year 0 before January of year 1).
    past = max((c for c in candidates if c <= here), default=None)
    future = min((c for c in candidates if c >= here), default=None)
    if tense == PAST and past is not None and here - past <= reach:
        chosen = past
    elif tense == FUTURE and future is not None and future - here <= _TENSE_REACH_MONTHS:
        chosen = future
    else:
        chosen = min(candidates, key=lambda c: (abs(c - here), c > here))
    year, index = divmod(chosen, 12)
    return year, index + 1
