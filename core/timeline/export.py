"""Exports of a merged `Timeline`: JSON (dateline's own shape), CSV, iCalendar and TimelineJS.

Pure functions: a Timeline in, a dict or a string out. Nothing reads the clock — the ICS
DTSTAMP is an argument — so the same timeline always exports to the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from dateline.core.model import Article, Event, Timeline

FORMATS = ("json", "csv", "ics", "timelinejs")
CSV_HEADER = ("start", "end", "granularity", "value", "approximate", "text", "sources",
              "actors", "countries", "conflicts")
SUMMARY_CHARS = 120  # an ICS SUMMARY / TimelineJS headline: long enough to identify, short
ICS_LINE_OCTETS = 75  # RFC 5545 §3.1
ICS_PRODID = "-//dateline//dateline timeline export//EN"
DEFAULT_TITLE = "dateline timeline"
# Granularities below a month show the day; from a month up to a year the month; coarser, the year.
_DAY_UNITS = frozenset({"day", "week"})
_MONTH_UNITS = frozenset({"month", "season", "quarter", "half"})


# --- shared helpers --------------------------------------------------------------------------


NO_COUNTRY_GROUP = "No country named"


def country_name(code: str) -> str:
    """The English short name of an ISO 3166-1 alpha-2 code ("KP" -> "North Korea")."""
    from dateline.core.entities.gazetteer import (
        countries,  # deferred: reads the gazetteer once, when needed
    )

    country = countries().get(code.upper())
    return country.name if country is not None else code


def event_actor_ids(event: Event) -> list[str]:
    return _unique(a for m in event.mentions for a in m.actor_ids)


def event_countries(event: Event) -> list[str]:
    return _unique(c for m in event.mentions for c in m.countries)


def event_claim_ids(event: Event) -> list[str]:
    return _unique(c for m in event.mentions for c in m.claim_ids)


def event_article_ids(event: Event) -> list[str]:
    return _unique(m.article_id for m in event.mentions)


def short_text(text: str, limit: int = SUMMARY_CHARS) -> str:
    """`text` on one line, cut at a word boundary with an ellipsis when over `limit`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] or flat[: limit - 1]
    return cut.rstrip(",;:") + "…"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _source_labels(timeline: Timeline, article_ids: Iterable[str]) -> list[str]:
    """"Outlet (article id)" per article, or the id alone when the outlet is unknown."""
    articles = {a.id: a for a in timeline.articles}
    labels = []
    for article_id in article_ids:
        outlet = articles[article_id].outlet if article_id in articles else None
        labels.append(f"{outlet} ({article_id})" if outlet else article_id)
    return labels


def _conflict_labels(event: Event) -> list[str]:
    """"date: 2024-10-08 (a, b) vs 2024-10-09 (c)" per conflict."""
    return [
        f"{c.attribute}: " + " vs ".join(f"{value} ({', '.join(ids)})" for value, ids in c.values)
        for c in event.conflicts
    ]


# --- JSON ------------------------------------------------------------------------------------


def to_json(timeline: Timeline) -> dict[str, Any]:
    """The timeline as dateline's JSON document: articles, events, claims, actors, key dates."""
    return {
        "articles": [_article_json(a) for a in timeline.articles],
        "events": [_event_json(e) for e in timeline.events],
        "claims": [
            {
                "id": claim_id,
                "article": timeline.claim_articles.get(claim_id),
                "speaker": claim.speaker_id,
                "speaker_name": claim.speaker_name,
                "cue": claim.cue,
                "stance": claim.stance,
                "start": claim.start,
                "end": claim.end,
                "text": claim.text,
                "date": claim.date.value if claim.date else None,
            }
            for claim_id, claim in timeline.claims.items()
        ],
        "actors": [
            {
                "id": actor_id,
                "name": actor.name,
                "kind": actor.kind,
                "country": country_name(actor.country) if actor.country else None,
                "aliases": list(actor.aliases),
                "articles": list(timeline.actor_articles.get(actor_id, [])),
            }
            for actor_id, actor in timeline.actors.items()
        ],
        "key_dates": [
            {"date": k.date.isoformat(), "score": k.score, "events": list(k.event_ids)}
            for k in timeline.key_dates
        ],
    }


def _article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": _iso(article.published),
        "published_source": article.published_source,
        "path": article.path,
    }


def _event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "granularity": event.granularity,
        "value": event.value,
        "approximate": event.approximate,
        "certainty": event.certainty,
        "text": event.text,
        "mentions": [
            {"article": m.article_id, "start": m.start, "end": m.end, "sentence": m.sentence,
             "certainty": m.certainty}
            for m in event.mentions
        ],
        "actors": event_actor_ids(event),
        "countries": [country_name(c) for c in event_countries(event)],
        "claims": event_claim_ids(event),
        "conflicts": [
            {
                "attribute": c.attribute,
                "values": [{"value": v, "articles": list(ids)} for v, ids in c.values],
            }
            for c in event.conflicts
        ],
    }


def to_json_text(timeline: Timeline) -> str:
    return json.dumps(to_json(timeline), ensure_ascii=False, indent=2) + "\n"


# --- CSV -------------------------------------------------------------------------------------


def to_csv(timeline: Timeline) -> str:
    """One row per event (RFC 4180, CRLF); list cells are joined with "; ". Every cell is
    one line without control characters, and one a spreadsheet would read as a formula
    (starting with = + - @ tab CR) is prefixed with an apostrophe (`core.printable.cell_text`)."""
    from dateline.core.printable import cell_text

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in _csv_rows(timeline):
        writer.writerow([cell_text(cell) for cell in row])
    return out.getvalue()


def _csv_rows(timeline: Timeline) -> Iterable[tuple[str, ...]]:
    for event in timeline.events:
        names = [
            timeline.actors[a].name if a in timeline.actors else a for a in event_actor_ids(event)
        ]
        yield (
            event.start.isoformat(),
            event.end.isoformat(),
            event.granularity,
            event.value,
            "true" if event.approximate else "false",
            event.text,
            "; ".join(_source_labels(timeline, event_article_ids(event))),
            "; ".join(names),
            "; ".join(country_name(c) for c in event_countries(event)),
            "; ".join(_conflict_labels(event)),
        )


# --- iCalendar (RFC 5545) --------------------------------------------------------------------


def to_ics(timeline: Timeline, stamp: datetime, *, title: str = DEFAULT_TITLE) -> str:
    """One all-day VEVENT per event; `stamp` (UTC) becomes every DTSTAMP."""
    dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{ICS_PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ics_escape(title)}",
    ]
    for event in timeline.events:
        description = [event.text]
        sources = _source_labels(timeline, event_article_ids(event))
        if sources:
            description.append("Sources: " + "; ".join(sources))
        conflicts = _conflict_labels(event)
        if conflicts:
            description.append("Sources disagree: " + "; ".join(conflicts))
        lines += [
            "BEGIN:VEVENT",
            f"UID:{ics_uid(event.id)}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{event.start:%Y%m%d}",
            # DTEND of an all-day event is exclusive: the day after the last one.
            f"DTEND;VALUE=DATE:{event.end + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_escape(short_text(event.text))}",
            f"DESCRIPTION:{ics_escape(chr(10).join(description))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)


def ics_uid(event_id: str) -> str:
    """A globally unique, stable UID for an event id (ASCII whatever the id holds)."""
    return f"{hashlib.sha256(event_id.encode()).hexdigest()[:32]}@dateline"


def ics_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines; other
    control characters (which RFC 5545 forbids) become visible stand-ins."""
    from dateline.core.printable import printable

    text = printable(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets, never inside a UTF-8 character;
    continuation lines start with one space (RFC 5545 §3.1)."""
    data = line.encode("utf-8")
    if len(data) <= ICS_LINE_OCTETS:
        return line
    pieces, budget, start = [], ICS_LINE_OCTETS, 0
    while start < len(data):
        end = min(start + budget, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, budget = end, ICS_LINE_OCTETS - 1  # the leading space counts
    return "\r\n ".join(pieces)


# --- TimelineJS ------------------------------------------------------------------------------


def to_timelinejs(timeline: Timeline, *, title: str = DEFAULT_TITLE) -> dict[str, Any]:
    """TimelineJS3's JSON: a title slide and one slide per event. Dates carry only the units
    the event's granularity knows (a month-level event has no day); headlines and text are
    HTML-escaped, since TimelineJS renders them as HTML."""
    slug = _unique_slugs(e.id for e in timeline.events)
    slides = []
    for event in timeline.events:
        slide: dict[str, Any] = {
            "start_date": _tljs_date(event.start, event.granularity),
            "text": {"headline": html.escape(short_text(event.text)),
                     "text": _tljs_text(timeline, event)},
            "unique_id": slug[event.id],
        }
        end = _tljs_date(event.end, event.granularity)
        if end != slide["start_date"]:
            slide["end_date"] = end
        countries = event_countries(event)
        # Every slide in a named group: TimelineJS draws ungrouped slides in an extra,
        # unlabelled row.
        slide["group"] = country_name(countries[0]) if countries else NO_COUNTRY_GROUP
        slides.append(slide)
    count = f"{len(timeline.events)} events from {len(timeline.articles)} articles"
    return {"title": {"text": {"headline": html.escape(title), "text": count}}, "events": slides}


def _tljs_date(day: date, granularity: str | None) -> dict[str, int]:
    if granularity in _DAY_UNITS or granularity is None:
        return {"year": day.year, "month": day.month, "day": day.day}
    if granularity in _MONTH_UNITS:
        return {"year": day.year, "month": day.month}
    return {"year": day.year}


def _tljs_text(timeline: Timeline, event: Event) -> str:
    parts = [f"<p>{html.escape(event.text)}</p>"]
    sources = _source_labels(timeline, event_article_ids(event))
    if sources:
        parts.append(f"<p>Sources: {html.escape('; '.join(sources))}</p>")
    conflicts = _conflict_labels(event)
    if conflicts:
        parts.append(f"<p>Sources disagree: {html.escape('; '.join(conflicts))}</p>")
    return "".join(parts)


_SLUG_JUNK = re.compile(r"[^A-Za-z0-9_-]+")


def _unique_slugs(ids: Iterable[str]) -> dict[str, str]:
    """URL-hash-safe unique ids (TimelineJS puts unique_id in the address bar)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for event_id in ids:
        base = _SLUG_JUNK.sub("-", event_id).strip("-") or "event"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        out[event_id] = slug
    return out


# --- one entry point for the CLI -------------------------------------------------------------


def render(timeline: Timeline, fmt: str, *, stamp: datetime) -> str:
    """The timeline in format `fmt` (one of FORMATS) as text."""
    renderers: dict[str, Callable[[], str]] = {
        "json": lambda: to_json_text(timeline),
        "csv": lambda: to_csv(timeline),
        "ics": lambda: to_ics(timeline, stamp),
        "timelinejs": lambda: json.dumps(to_timelinejs(timeline), ensure_ascii=False, indent=2)
        + "\n",
    }
    if fmt not in renderers:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    return renderers[fmt]()
