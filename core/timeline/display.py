"""Pure helpers that turn the model into what a reader sees: dates at their granularity, TIMEX3
values in words, short source labels, and article text made safe for a terminal.

Nothing here knows about a UI toolkit; the TUI and the CLI both call these functions, so a date
reads the same everywhere. Nothing reads the clock.
"""

from __future__ import annotations

import re
from datetime import date

from dateline.core.model import Article, Event
from dateline.core.temporal.values import (
    CENTURY_VALUE,
    DAY_VALUE,
    DECADE_VALUE,
    HALF_VALUE,
    MONTH_VALUE,
    QUARTER_VALUE,
    SEASON_VALUE,
    WEEK_VALUE,
    YEAR_VALUE,
    interval_of,
)

APPROXIMATE = "~"
RANGE = "…"  # one cell wide, unlike "--"; reads as "through"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}

_DECADE_WORDS = re.compile(r"^(?:the\s+)?(\d{3})0'?s$", re.I)


def _compact(value: str) -> str | None:
    """One TIMEX3 value as a short column label, or None when it is not a calendar value."""
    if m := DAY_VALUE.match(value):
        return value[:10] + (f" {m.group(4)}" if m.group(4) else "")
    if WEEK_VALUE.match(value) or MONTH_VALUE.match(value) or QUARTER_VALUE.match(value) \
            or HALF_VALUE.match(value) or YEAR_VALUE.match(value):
        return value
    if m := SEASON_VALUE.match(value):
        return f"{m.group(1)}-{m.group(2)}"
    if m := DECADE_VALUE.match(value):
        return f"{m.group(1)}0s"
    if m := CENTURY_VALUE.match(value):
        return _ordinal(int(m.group(1)) + 1) + " c."
    return None


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10,
                                                                                  "th")
    return f"{number}{suffix}"


def _at_granularity(day: date, granularity: str) -> str:
    """A day shown at a granularity, for values the compact form cannot read."""
    if granularity == "day":
        return day.isoformat()
    if granularity == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if granularity in ("month", "season", "quarter", "half"):
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == "decade":
        return f"{day.year // 10}0s"
    if granularity == "century":
        return _ordinal(day.year // 100 + 1) + " c."
    return f"{day.year:04d}"


def _shorten_day_range(first: str, second: str) -> str:
    """'2024-10-08', '2024-10-13' -> '2024-10-08…13': the end drops what it shares."""
    if len(first) == len(second) == 10:
        if first[:8] == second[:8]:
            return f"{first}{RANGE}{second[8:]}"
        if first[:5] == second[:5]:
            return f"{first}{RANGE}{second[5:]}"
    return f"{first}{RANGE}{second}"


def format_when(start: date, end: date, granularity: str, value: str,
                approximate: bool = False) -> str:
    """An event's date as the timeline column shows it: at its granularity, '~' when approximate.

    '2024-10-08', '2024-10', '1970s', '~2024-W40', ranges as '2024-10-08…13', and an open span
    ("since 2023", which the core closes at the report's date) as '2023…'.
    """
    parts = value.split("/")
    labels = [_compact(part) for part in parts]
    if len(parts) == 2 and None not in labels:
        first, second = labels
        text = _shorten_day_range(first, second) if granularity == "day" else \
            f"{first}{RANGE}{second}"
    elif len(parts) == 1 and labels[0] is not None:
        text = labels[0]
        natural = interval_of(value)
        if natural is not None and start == natural[0] and end > natural[1]:
            text += RANGE  # open-ended: "since 2023", "from 2000 onward"
        elif natural is not None and end == natural[1] and start < natural[0]:
            text = RANGE + text  # "until", "by December"
    else:
        first, last = _at_granularity(start, granularity), _at_granularity(end, granularity)
        text = first if first == last else (
            _shorten_day_range(first, last) if granularity == "day" else f"{first}{RANGE}{last}")
    return (APPROXIMATE if approximate else "") + text


REPORTED_MARK = "≤ "  # a reported event happened on or before its article's date


def event_when(event: Event) -> str:
    """`format_when` for an event; a reported one (no date of its own) as "≤ 2024-10-08"."""
    shown = format_when(event.start, event.end, event.granularity, event.value,
                        event.approximate)
    return REPORTED_MARK + shown if event.certainty == "reported" else shown


def describe_event(event: Event, sources: list[Article]) -> str:
    """An event as plain text for the clipboard: date, text, sources, disagreements."""
    lines = [f"{event_when(event)}  {one_line(event.text)}"]
    for article in sources:
        outlet = one_line(article.outlet or "unknown outlet")
        published = article.published.isoformat() if article.published else "undated"
        if article.published_source == "inferred":
            published += ", inferred"
        title = f" “{one_line(article.title)}”" if article.title else ""
        lines.append(f"  source: {outlet} ({published}){title} [{one_line(article.id)}]")
    for conflict in event.conflicts:
        values = "; ".join(
            f"{format_value(value) if conflict.attribute == 'date' else one_line(value)}: "
            + ", ".join(short_id(a) for a in ids) for value, ids in conflict.values)
        lines.append(f"  sources disagree on the {conflict.attribute}: {values}")
    return "\n".join(lines)


def format_value(value: str) -> str:
    """A TIMEX3 value in words, for conflicts and details: '2024-06' -> 'June 2024'."""
    if "/" in value:
        return " – ".join(format_value(part) for part in value.split("/", 1))
    if m := DAY_VALUE.match(value):
        day = f"{int(m.group(3))} {MONTHS[int(m.group(2)) - 1][:3]} {m.group(1)}" \
            if 1 <= int(m.group(2)) <= 12 else value[:10]
        return day + (f", {m.group(4)}" if m.group(4) else "")
    if m := WEEK_VALUE.match(value):
        return f"{'weekend of ' if m.group(3) else ''}week {int(m.group(2))} of {m.group(1)}"
    if (m := MONTH_VALUE.match(value)) and 1 <= int(m.group(2)) <= 12:
        return f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    if m := SEASON_VALUE.match(value):
        return f"{SEASONS[m.group(2)]} {m.group(1)}"
    if m := QUARTER_VALUE.match(value):
        return f"Q{m.group(2)} {m.group(1)}"
    if m := HALF_VALUE.match(value):
        return f"{'first' if m.group(2) == '1' else 'second'} half of {m.group(1)}"
    if m := YEAR_VALUE.match(value):
        return m.group(1)
    if m := DECADE_VALUE.match(value):
        return f"the {m.group(1)}0s"
    if m := CENTURY_VALUE.match(value):
        return f"the {_ordinal(int(m.group(1)) + 1)} century"
    return value


def parse_jump(text: str) -> tuple[date, date] | None:
    """The day interval a typed jump target names: '2024-10-08', '2024-10', '1973', '1970s',
    '2024-W40', '2024-Q3'; None when it names none."""
    cleaned = text.strip()
    if m := _DECADE_WORDS.match(cleaned):
        cleaned = m.group(1)
    found = interval_of(cleaned.upper())
    return (found[0], found[1]) if found else None


def short_id(article_id: str) -> str:
    """The label a source goes by in tight places: '000_5b4e…' -> '000' (a numbered file with
    its hash); any other id whole unless very long, since a cut could make two ids look alike."""
    head, sep, _ = article_id.partition("_")
    if sep and head.isdigit():
        return head
    # Ids come from file names, which may hold escapes: shown, never acted on by the terminal.
    shown = one_line(article_id)
    return shown if len(shown) <= 24 else shown[:23] + RANGE


# Control characters an article may carry (from a scrape, a paste, a hostile page) would move the
# cursor, recolour or retitle the terminal if printed. Each is replaced by exactly one visible
# character, so every offset into the text still points at the same place.
_C0_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_SAFE = str.maketrans({
    **_C0_PICTURES,
    0x7F: "\u2421",  # ␡
    **{code: "\ufffd" for code in range(0x80, 0xA0)},  # C1: CSI, OSC, … as one byte each
    # Bidirectional overrides and isolates reorder what follows them on screen ("Trojan Source").
    **{code: "\ufffd" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
    0x2028: " ",  # line and paragraph separators: some terminals break the line on them
    0x2029: " ",
})


def safe_text(text: str) -> str:
    """`text` with every control character except newline and tab replaced one-for-one by a
    visible stand-in (ESC becomes '␛'), so offsets into the original still apply."""
    return text.translate(_SAFE)


def one_line(text: str) -> str:
    """`safe_text` on a single line: newlines and tabs become spaces, runs of spaces one."""
    return " ".join(safe_text(text).split())


_RANGE_SPLIT = re.compile(r"\s*(?:\.\.|…|–|\bto\b)\s*")


def parse_range(text: str) -> tuple[date | None, date | None] | None:
    """The days a typed date range keeps: '2024-10..2024-11', '2024-10..', '..2024-09',
    'since 2024-10', 'until 2024', 'from 2024-09 to 2024-10' -> (since, until), either open;
    None when `text` names no range (a plain date is a jump, not a range)."""
    cleaned = text.strip().casefold()
    for word, side in (("since ", 0), ("after ", 0), ("until ", 1), ("before ", 1)):
        if cleaned.startswith(word):
            found = parse_jump(cleaned[len(word):])
            if found is None:
                return None
            return (found[0], None) if side == 0 else (None, found[1])
    cleaned = cleaned.removeprefix("from ")
    parts = _RANGE_SPLIT.split(cleaned, maxsplit=1)
    if len(parts) != 2:
        return None
    first = parse_jump(parts[0]) if parts[0] else None
    last = parse_jump(parts[1]) if parts[1] else None
    if (parts[0] and first is None) or (parts[1] and last is None) or not (first or last):
        return None
    since, until = (first[0] if first else None), (last[1] if last else None)
    if since and until and since > until:
        return None
    return since, until
