"""Reading the merged timeline back from the store: whole (`load_timeline`), or only what a first
screen needs (`first_events`, `year_counts`)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections import defaultdict

from dateline.core.model import Actor, Article, Claim, Event, EventMention, KeyDate, Timeline
from dateline.core.store import codec


def first_events(conn: sqlite3.Connection, limit: int) -> list[Event]:
    """The earliest `limit` events of the stored timeline, in its order (start, end, then
    as stored), each whole — dates, granularity, value, text, conflicts and its mentions
    (so its sources) — without reading the rest: what a first screen needs, in
    milliseconds where `timeline()` takes seconds on a big store."""
    rows = conn.execute(
        "SELECT pk, data FROM events ORDER BY start, end, pk LIMIT ?", (max(limit, 0),)
    ).fetchall()
    return _whole_events(conn, rows)


def events_from(conn: sqlite3.Connection, day: str, limit: int) -> list[Event]:
    """The first `limit` events of the stored timeline that start on or after `day` (ISO), in
    its order, each whole: `first_events` from a date (an index seek)."""
    rows = conn.execute(
        "SELECT pk, data FROM events WHERE start >= ? ORDER BY start, end, pk LIMIT ?",
        (day, max(limit, 0)),
    ).fetchall()
    return _whole_events(conn, rows)


def events_after(conn: sqlite3.Connection, event_id: str, limit: int) -> list[Event]:
    """The `limit` events that follow event `event_id` in the stored timeline's order, each
    whole: the next page after a first screen or a window (an index seek)."""
    rows = conn.execute(
        "SELECT pk, data FROM events WHERE (start, end, pk) > "
        "(SELECT start, end, pk FROM events WHERE id = ?) ORDER BY start, end, pk LIMIT ?",
        (event_id, max(limit, 0)),
    ).fetchall()
    return _whole_events(conn, rows)


def _whole_events(conn: sqlite3.Connection, rows: list[tuple[int, str]]) -> list[Event]:
    """The events of (pk, data) rows, in their order, with their mentions."""
    mentions: dict[int, list[EventMention]] = defaultdict(list)
    if rows:
        marks = ",".join("?" * len(rows))
        for event_pk, data in conn.execute(
            f"SELECT event, data FROM mentions WHERE event IN ({marks}) ORDER BY pk",
            [pk for pk, _ in rows],
        ):
            mentions[event_pk].append(codec.loads(EventMention, data))
    events = []
    for pk, data in rows:
        event = codec.loads(Event, data)
        event.mentions = mentions.get(pk, [])
        events.append(event)
    return events

def year_counts(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    """(year, number of events starting in it) for each year, ascending (an index scan)."""
    return [(int(year), count) for year, count in conn.execute(
        "SELECT substr(start, 1, 4) AS year, count(*) FROM events GROUP BY year "
        "ORDER BY year"
    )]


def event_count(conn: sqlite3.Connection) -> int:
    """How many events the stored timeline holds (a scan of the smallest index: ~30 ms at a
    million and a half events)."""
    return conn.execute("SELECT count(*) FROM events").fetchone()[0]


def year_count(conn: sqlite3.Connection, year: int) -> int:
    """How many events start in `year` (a scan of that year's part of the index)."""
    return conn.execute("SELECT count(*) FROM events WHERE start >= ? AND start < ?",
                        (_year_key(year), _year_key(year + 1))).fetchone()[0]


def year_counts_through(conn: sqlite3.Connection, last: int, dense: int
                        ) -> list[tuple[int, int]]:
    """`year_counts` as far as a first screen whose events end in year `last` needs it: every
    year up to `last`, then the years after it one by one while they hold fewer than `dense`
    events (a run of sparse years shares one heading, whose count spans the run), and the
    first one that does not, counted only up to `dense`.

    It reads the index as far as the end of `last` (and a few entries past it), where
    `year_counts` reads all of it: at a million events, milliseconds instead of a second."""
    counts = [(int(year), count) for year, count in conn.execute(
        "SELECT substr(start, 1, 4) AS year, count(*) FROM events WHERE start < ? "
        "GROUP BY year ORDER BY year", (_year_key(last + 1),)
    )]
    year = last + 1
    while year <= 9999:
        row = conn.execute("SELECT min(start) FROM events WHERE start >= ?",
                           (_year_key(year),)).fetchone()
        if row is None or row[0] is None:
            break
        year = int(row[0][:4])
        count = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM events WHERE start >= ? AND start < ? "
            "LIMIT ?) AS first", (_year_key(year), _year_key(year + 1), dense),
        ).fetchone()[0]
        counts.append((year, count))
        if count >= dense:
            break
        year += 1
    return counts


def _year_key(year: int) -> str:
    """The smallest stored date (ISO, "YYYY-MM-DD") in `year`: dates compare as strings."""
    return f"{year:04d}"

def load_timeline(conn: sqlite3.Connection) -> Timeline:
    """The merged timeline as stored (see `stale`)."""
    articles = [
        dataclasses.replace(codec.loads(Article, data), id=article_id, path=path, text=text)
        for article_id, path, text, data in conn.execute(
            "SELECT id, path, text, article FROM articles ORDER BY id"
        )
    ]
    mentions: dict[int, list[EventMention]] = defaultdict(list)
    for event_pk, data in conn.execute("SELECT event, data FROM mentions ORDER BY pk"):
        mentions[event_pk].append(codec.loads(EventMention, data))
    events = []
    for pk, data in conn.execute("SELECT pk, data FROM events ORDER BY start, end, pk"):
        event = codec.loads(Event, data)
        event.mentions = mentions.get(pk, [])
        events.append(event)
    claims: dict[str, Claim] = {}
    claim_articles: dict[str, str] = {}
    for claim_id, article_id, data in conn.execute(
        "SELECT c.id, a.id, c.data FROM claims c JOIN articles a ON a.pk = c.article "
        "ORDER BY c.pk"
    ):
        claims[claim_id] = codec.loads(Claim, data)
        claim_articles[claim_id] = article_id
    actors = {
        actor_id: codec.loads(Actor, data)
        for actor_id, data in conn.execute("SELECT id, data FROM actors ORDER BY pk")
    }
    actor_articles: dict[str, list[str]] = {actor_id: [] for actor_id in actors}
    for actor_id, article_id in conn.execute(
        "SELECT ac.id, a.id FROM actor_articles x JOIN actors ac ON ac.pk = x.actor "
        "JOIN articles a ON a.pk = x.article ORDER BY x.actor, x.seq"
    ):
        actor_articles[actor_id].append(article_id)
    row = conn.execute("SELECT value FROM meta WHERE key = 'key_dates'").fetchone()
    key_dates = [codec.decode(KeyDate, key_date)
                 for key_date in json.loads(row[0] if row else "[]")]
    return Timeline(articles, events, claims, claim_articles, actors, actor_articles, key_dates)
