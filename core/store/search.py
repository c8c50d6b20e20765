"""Search of the stored timeline: what a user typed becomes an FTS5 query, or the same query as
a PostgreSQL tsquery (bounded, so a long or pasted input stays fast and never becomes syntax),
filters by actor, country and dates become SQL, and matching events and claims come back in
date order as `SearchHit`s."""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from dateline.core.entities.lookup import fold
from dateline.core.errors import DatelineError
from dateline.core.store.dialect import POSTGRES, dialect_of, fold_words
from dateline.core.timeline.countries import country_code, name_key

DEFAULT_LIMIT = 100
MAX_LIMIT = 1_000_000  # more results than any store holds; keeps LIMIT within SQLite's int
# A search runs on every keystroke in the app: past these bounds a typed (not pasted) essay
# would make each one slower than the last, so they are refused with one line instead.
MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "QueryError", "SearchHit", "fts_query", "name_key",
           "query_terms", "search", "ts_query"]


class QueryError(DatelineError, ValueError):
    """A search argument the store cannot use (an unknown country, a query with no words)."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An event or a claim that matched a search, with when it happened and who carried it."""

    kind: str  # "event" or "claim"
    id: str
    start: date | None  # a claim's date is its own, else its article's publication date
    end: date | None
    text: str
    articles: tuple[str, ...]  # article ids
    outlets: tuple[str, ...]  # the distinct outlets of those articles, in the same order
    value: str | None = None  # TIMEX3 value of the event's (or the claim's) date
    speaker: str | None = None  # a claim's speaker as written
    speaker_id: str | None = None
    stance: str | None = None  # a claim's: "assert", "deny" or "hedge"
    cue: str | None = None  # a claim's attribution cue as written: "said", "denied"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: dates as YYYY-MM-DD, tuples as lists."""
        out = dataclasses.asdict(self)
        for key in ("start", "end"):
            out[key] = out[key].isoformat() if out[key] else None
        for key in ("articles", "outlets"):
            out[key] = list(out[key])
        return out



_QUERY_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w", re.UNICODE)


def query_terms(text: str) -> list[tuple[str, bool] | None]:
    """What a user typed as search terms: (words, is a prefix) for a word or a "quoted
    phrase", None for an OR between two terms; words only, never syntax. Raises QueryError
    past MAX_QUERY_CHARS characters or MAX_QUERY_TERMS terms."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the search is {len(text):,} characters long; give at most "
                         f"{MAX_QUERY_CHARS} (a few words find more than a paragraph)")
    terms: list[tuple[str, bool] | None] = []
    for match in _QUERY_TOKEN.finditer(text):
        phrase, word = match.groups()
        if word == "OR":
            if terms and terms[-1] is not None:
                terms.append(None)
            continue
        token = phrase if phrase is not None else word
        prefix = phrase is None and token.endswith("*")
        token = token.rstrip("*") if prefix else token
        if not _WORD.search(token):
            continue
        terms.append((token, prefix))
    while terms and terms[-1] is None:
        terms.pop()
    if sum(term is not None for term in terms) > MAX_QUERY_TERMS:
        raise QueryError(f"the search has more than {MAX_QUERY_TERMS} words; give fewer")
    return terms


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression for what a user typed, or None when there is nothing to match.

    Words are ANDed; "quoted words" are phrases; a trailing * makes a prefix; OR between two
    terms is kept. Everything else is quoted, so punctuation (Jong-un, U.S.) never becomes FTS5
    syntax. Raises QueryError past MAX_QUERY_CHARS characters or MAX_QUERY_TERMS terms.
    """
    return " ".join(
        "OR" if term is None else '"' + term[0].replace('"', '""') + '"' + ("*" if term[1] else "")
        for term in query_terms(text)
    ) or None


def ts_query(text: str) -> str | None:
    """The same query as `fts_query`, for PostgreSQL's to_tsquery: a phrase's words follow
    each other (<->), terms are ANDed (&) unless OR (|) joins them, and a prefix is :*.
    Words are folded as the index is (`fold_words`), so they never become tsquery syntax."""
    parts: list[str] = []
    for term in query_terms(text):
        if term is None:
            if parts and parts[-1] not in ("|", "&"):
                parts.append("|")
            continue
        words = [f"'{w}'" for w in fold_words(term[0]).split()] or ["''"]
        words[-1] += ":*" if term[1] else ""
        if parts and parts[-1] != "|":
            parts.append("&")
        parts.append("(" + " <-> ".join(words) + ")")
    while parts and parts[-1] in ("|", "&"):
        parts.pop()
    return " ".join(parts) or None


def _country(name: str) -> str:
    code = country_code(name)
    if code is None:
        raise QueryError(f"unknown country {name!r}: give its English name, demonym or ISO "
                         "code, e.g. 'UA'")
    return code


def search(
    conn: sqlite3.Connection,
    query: str = "",
    *,
    actor: str | None = None,
    country: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[SearchHit]:
    """Events and claims matching `query` (words; "phrases"; prefix*; OR) and the filters,
    in date order, the earliest `limit` of them (ask for one more to learn whether there
    are more). An empty query lists what the filters keep.

    `actor` matches an actor's id, name or aliases, or a claim's speaker as written,
    ignoring case; `country` is an English name or an ISO code; `since`/`until` keep what
    overlaps those days (inclusive). A claim's country is its speaker's, or its event's.
    """
    limit = max(0, min(limit, MAX_LIMIT))
    match = (ts_query if dialect_of(conn) is POSTGRES else fts_query)(query)
    if match is None and query.strip():
        raise QueryError(f"nothing to search for in {query!r}: give a word")
    filters = _Filters(
        actor_ids=_actor_ids(conn, actor) if actor is not None else None,
        actor_key=name_key(actor) if actor is not None else None,
        country=_country(country) if country is not None else None,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
    )
    rows = [
        *_search_rows(conn, "events", match, filters, limit),
        *_search_rows(conn, "claims", match, filters, limit),
    ]
    # Within a day, what happened before who said what about it; undated claims last.
    rows.sort(key=lambda r: (r[3] or "9999", r[4] or "9999", r[0] != "event", r[2]))
    return _hits(conn, rows[:limit])

def _actor_ids(conn: sqlite3.Connection, actor: str) -> list[str]:
    return [row[0] for row in conn.execute(
        "SELECT DISTINCT actor FROM actor_names WHERE key IN (?, ?)",
        (name_key(actor), fold(actor)),
    )]

def _search_rows(
    conn: sqlite3.Connection, table: str, match: str | None, f: _Filters, limit: int
) -> list[tuple[Any, ...]]:
    """(kind, pk, id, start, end, data) rows of `table` ("events" or "claims"), earliest
    first. Relevance is not ranked: bm25 over every match of a common word costs more
    than the 100 ms a search may take on 100k events, and a timeline reads by date."""
    kind = "event" if table == "events" else "claim"
    where: list[str] = []
    params: list[Any] = []
    if f.since:
        where.append("t.end >= ?")
        params.append(f.since)
    if f.until:
        where.append("t.start <= ?")
        params.append(f.until)
    if f.actor_key is not None:
        marks = ",".join("?" * len(f.actor_ids or ()))
        if kind == "event":
            where.append(f"t.pk IN (SELECT event FROM event_actors WHERE actor IN ({marks}))")
            params.extend(f.actor_ids or ())
        else:
            # A speaker as written matches whole or by a part of the name.
            where.append(f"(t.speaker IN ({marks}) OR t.speaker_key = ? OR "
                         "instr(' ' || t.speaker_key || ' ', ?) > 0)")
            params.extend([*(f.actor_ids or ()), f.actor_key, f" {f.actor_key} "])
    if f.country:
        if kind == "event":
            where.append("t.pk IN (SELECT event FROM event_countries WHERE country = ?)")
            params.append(f.country)
        else:
            where.append("t.pk IN (SELECT claim FROM claim_countries WHERE country = ?)")
            params.append(f.country)
    if match is not None:
        where.insert(0, f"t.pk IN ({dialect_of(conn).match_sql(kind)})")
        params.insert(0, match)
    sql = f"SELECT '{kind}', t.pk, t.id, t.start, t.end, t.data FROM {table} t"
    # Events always have a start, so their order can come straight from events_by_start.
    order = " ORDER BY " + ("" if kind == "event" else "t.start IS NULL, ") + \
        "t.start, t.end, t.pk"
    if where:
        sql += " WHERE " + " AND ".join(where)
    try:
        return conn.execute(sql + order + " LIMIT ?", (*params, limit)).fetchall()
    except sqlite3.OperationalError as error:
        raise QueryError(f"cannot search for {match!r}: {error}") from error

def _hits(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> list[SearchHit]:
    sources = _sources(
        conn, [r[1] for r in rows if r[0] == "event"], [r[1] for r in rows if r[0] == "claim"]
    )
    hits = []
    for kind, pk, hit_id, start, end, data in rows:
        obj = json.loads(data)
        articles, outlets = sources.get((kind, pk), ((), ()))
        if kind == "event":
            hits.append(SearchHit(
                kind, hit_id, date.fromisoformat(start), date.fromisoformat(end),
                obj["text"], articles, outlets, value=obj["value"],
            ))
        else:
            claim_date = obj.get("date") or {}
            hits.append(SearchHit(
                kind, hit_id,
                date.fromisoformat(start) if start else None,
                date.fromisoformat(end) if end else None,
                obj["text"], articles, outlets, value=claim_date.get("value"),
                speaker=obj["speaker_name"], speaker_id=obj.get("speaker_id"),
                stance=obj.get("stance"), cue=obj.get("cue"),
            ))
    return hits

def _sources(
    conn: sqlite3.Connection, event_pks: list[int], claim_pks: list[int]
) -> dict[tuple[str, int], tuple[tuple[str, ...], tuple[str, ...]]]:
    found: dict[tuple[str, int], list[tuple[str, str | None]]] = defaultdict(list)
    if event_pks:
        marks = ",".join("?" * len(event_pks))
        for pk, article_id, outlet in conn.execute(
            "SELECT m.event, a.id, a.outlet FROM mentions m JOIN articles a "
            f"ON a.pk = m.article WHERE m.event IN ({marks}) ORDER BY m.pk", event_pks
        ):
            found["event", pk].append((article_id, outlet))
    if claim_pks:
        marks = ",".join("?" * len(claim_pks))
        for pk, article_id, outlet in conn.execute(
            "SELECT c.pk, a.id, a.outlet FROM claims c JOIN articles a "
            f"ON a.pk = c.article WHERE c.pk IN ({marks})", claim_pks
        ):
            found["claim", pk].append((article_id, outlet))
    out = {}
    for key, pairs in found.items():
        articles = tuple(dict.fromkeys(a for a, _ in pairs))
        outlets = tuple(dict.fromkeys(o for _, o in pairs if o))
        out[key] = (articles, outlets)
    return out


@dataclass(frozen=True, slots=True)
class _Filters:
    actor_ids: list[str] | None
    actor_key: str | None
    country: str | None
    since: str | None
    until: str | None
