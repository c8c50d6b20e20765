"""The embedded store: one SQLite file holding every ingested article, its analysis and the merged
timeline, with a full-text index for search. The CLI and the TUI read and write only through it.

Layout (schema version 1, see `_SCHEMA_V1`):

- `articles`: one row per file, keyed by its resolved path; `id` is the file stem when no other
  stored file has that stem, else the stem prefixed by as many parent folders as it takes to tell
  the files apart (`2009-04-25/558.htm`). The per-article analysis is kept as JSON
  (`core.store.codec`),
  so the merge can be recomputed without reading the files again.
- the merged timeline, rebuilt from all stored analyses by
  `core.timeline.merge.build_timeline` whenever
  an article changes: `events` (+ `mentions`, `event_actors`, `event_countries`, `event_claims`),
  `claims` (+ `claim_countries`), `actors` (+ `actor_names`, `actor_articles`), and two FTS5
  indexes: `event_search` over event text and sentences, `claim_search` over claim text and
  the speaker's names.

Every write runs in one transaction; a failure leaves the store as it was. The schema evolves
through `MIGRATIONS`, applied in order; `PRAGMA user_version` records how many have run.

Several processes may write one store (two `dateline ingest` at once, the app and an ingest):
WAL lets readers go on while one writes; writers queue on the busy timeout and, past it, retry
with backoff (`_retry_locked`). The merge of a rebuild runs outside the write lock, on a
snapshot, and is redone if another writer changed the articles meanwhile (`meta.generation`).
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import re
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path, PurePath
from typing import Any, Self, TypeVar

from dateline.core.errors import DatelineError, PathError
from dateline.core.model import (
    Actor,
    Article,
    ArticleAnalysis,
    Claim,
    Event,
    EventMention,
    Timeline,
)
from dateline.core.store import codec

MEMORY = ":memory:"
ENV_VAR = "DATELINE_DB"
DB_NAME = "dateline.db"
BUSY_TIMEOUT_MS = 10_000  # SQLite's own wait for a lock, per attempt
# How long a writer keeps retrying (with backoff) when another process holds the lock beyond
# the busy timeout: a concurrent ingest may hold it through a big timeline write.
LOCK_WAIT_S = 300.0
REBUILD_ATTEMPTS = 3  # merges outside the lock before merging under it (see `rebuild`)
DEFAULT_LIMIT = 100

Merge = Callable[[Sequence[ArticleAnalysis]], Timeline]
T = TypeVar("T")


class StoreError(PathError):
    """A store that cannot be opened or used."""


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


# --- where the store lives -------------------------------------------------------------------


def default_path() -> Path:
    """The store in the user's data directory (platformdirs: ~/.local/share/dateline on Linux)."""
    from platformdirs import user_data_path  # deferred: only needed when no path is given

    return user_data_path("dateline", appauthor=False) / DB_NAME


def resolve_db_path(option: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The store path: the --db option, else $DATELINE_DB, else `default_path()`."""
    return option or environ.get(ENV_VAR) or os.fspath(default_path())


# --- schema ----------------------------------------------------------------------------------

_SCHEMA_V1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    # The Article's columns that lists and filters read; `article` is the rest, as JSON.
    """CREATE TABLE articles (
        pk INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        id TEXT NOT NULL UNIQUE,
        stem TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        title TEXT,
        outlet TEXT,
        published TEXT,
        text TEXT NOT NULL,
        article TEXT NOT NULL,
        analysis TEXT NOT NULL
    )""",
    "CREATE INDEX articles_by_stem ON articles(stem)",
    "CREATE INDEX articles_by_published ON articles(published)",
    # Dates are ISO strings: they sort and compare as dates.
    """CREATE TABLE events (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        start TEXT NOT NULL,
        end TEXT NOT NULL,
        data TEXT NOT NULL
    )""",
    "CREATE INDEX events_by_start ON events(start, end)",
    "CREATE INDEX events_by_end ON events(end)",
    """CREATE TABLE mentions (
        pk INTEGER PRIMARY KEY,
        event INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
        article INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        data TEXT NOT NULL
    )""",
    "CREATE INDEX mentions_by_event ON mentions(event)",
    "CREATE INDEX mentions_by_article ON mentions(article)",
    """CREATE TABLE event_actors (
        actor TEXT NOT NULL,
        event INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
        PRIMARY KEY (actor, event)
    ) WITHOUT ROWID""",
    "CREATE INDEX event_actors_by_event ON event_actors(event)",
    """CREATE TABLE event_countries (
        country TEXT NOT NULL,
        event INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
        PRIMARY KEY (country, event)
    ) WITHOUT ROWID""",
    "CREATE INDEX event_countries_by_event ON event_countries(event)",
    """CREATE TABLE event_claims (
        event INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
        claim TEXT NOT NULL,
        PRIMARY KEY (event, claim)
    ) WITHOUT ROWID""",
    "CREATE INDEX event_claims_by_claim ON event_claims(claim)",
    # start/end: when the claim was made — its own date, else its article's publication date.
    """CREATE TABLE claims (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        article INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        speaker TEXT,
        speaker_key TEXT NOT NULL,
        start TEXT,
        end TEXT,
        data TEXT NOT NULL
    )""",
    "CREATE INDEX claims_by_start ON claims(start, end)",
    "CREATE INDEX claims_by_speaker ON claims(speaker)",
    "CREATE INDEX claims_by_speaker_key ON claims(speaker_key)",
    "CREATE INDEX claims_by_article ON claims(article)",
    # A claim's countries: its speaker's, and those of the events it is part of.
    """CREATE TABLE claim_countries (
        country TEXT NOT NULL,
        claim INTEGER NOT NULL REFERENCES claims(pk) ON DELETE CASCADE,
        PRIMARY KEY (country, claim)
    ) WITHOUT ROWID""",
    "CREATE INDEX claim_countries_by_claim ON claim_countries(claim)",
    """CREATE TABLE actors (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        country TEXT,
        data TEXT NOT NULL
    )""",
    "CREATE INDEX actors_by_country ON actors(country)",
    # Every name an actor filter may use: id, name, aliases — casefolded, since SQLite's NOCASE
    # folds ASCII only and names are not ASCII-only.
    """CREATE TABLE actor_names (
        key TEXT NOT NULL,
        actor TEXT NOT NULL,
        PRIMARY KEY (key, actor)
    ) WITHOUT ROWID""",
    """CREATE TABLE actor_articles (
        actor INTEGER NOT NULL REFERENCES actors(pk) ON DELETE CASCADE,
        article INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        PRIMARY KEY (actor, article)
    ) WITHOUT ROWID""",
    "CREATE INDEX actor_articles_by_article ON actor_articles(article)",
    # Full-text indexes, rowid = events.pk / claims.pk. Contentless (content=''): search needs
    # only rowids and bm25, the text is in the tables above, and 'delete-all' empties them fast.
    """CREATE VIRTUAL TABLE event_search USING fts5(
        body, content = '', tokenize = 'porter unicode61 remove_diacritics 2'
    )""",
    """CREATE VIRTUAL TABLE claim_search USING fts5(
        body, speaker, content = '', tokenize = 'porter unicode61 remove_diacritics 2'
    )""",
)


def _run(statements: Sequence[str]) -> Callable[[sqlite3.Connection], None]:
    def step(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return step


# Step n (1-based) takes a store from schema version n - 1 to n. Append, never edit.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_run(_SCHEMA_V1),)
SCHEMA_VERSION = len(MIGRATIONS)

_SEARCH_TABLES = ("event_search", "claim_search")
_TIMELINE_TABLES = (
    "actor_articles", "actor_names", "claim_countries", "event_claims", "event_countries",
    "event_actors", "mentions", "claims", "actors", "events",
)  # children before parents, so foreign keys never see an orphan


def migrate(conn: sqlite3.Connection, path: str) -> int:
    """Bring the schema to SCHEMA_VERSION, one transaction per step; return the version found."""
    found = _user_version(conn)
    if found > SCHEMA_VERSION:
        raise StoreError(
            path,
            f"written by a newer dateline (schema version {found}; this one reads up to "
            f"{SCHEMA_VERSION}): upgrade dateline to open it",
        )
    if found == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise StoreError(path, "an SQLite database, but not a dateline store; not touching it")
    for version in range(found + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock.
            if _user_version(conn) < version:
                MIGRATIONS[version - 1](conn)
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return found


def _user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


# --- article ids -----------------------------------------------------------------------------


def assign_ids(paths: Iterable[str]) -> dict[str, str]:
    """Article ids for a set of resolved paths: the stem where unique, else disambiguated.

    Files sharing a stem all get the stem prefixed by their last k parent folders, with the
    smallest k that tells them apart; files that differ only by suffix (a.txt, a.md) keep it.
    The result depends only on the set of paths, never on the order they were ingested in.
    """
    groups: dict[str, list[PurePath]] = defaultdict(list)
    for path in paths:
        p = PurePath(path)
        groups[p.stem].append(p)
    ids: dict[str, str] = {}
    for stem, members in groups.items():
        if len(members) == 1:
            ids[str(members[0])] = stem
            continue
        for candidate in _id_candidates(members):
            if len(set(candidate)) == len(members):
                ids.update((str(p), c) for p, c in zip(members, candidate, strict=True))
                break
    return ids


def _id_candidates(members: list[PurePath]) -> Iterator[list[str]]:
    """Ever longer ids for files sharing a stem: parent folders + stem, then + file name."""
    folders = [p.parent.parts[1:] if p.anchor else p.parent.parts for p in members]
    depth = max(map(len, folders))
    for k in range(1, depth + 1):
        yield ["/".join((*f[-k:], p.stem)) for p, f in zip(members, folders, strict=True)]
    for k in range(depth + 1):
        yield ["/".join((*f[len(f) - k:], p.name)) for p, f in zip(members, folders, strict=True)]
    yield [p.as_posix() for p in members]  # distinct paths never get here; keeps ids total


def _restamp(analysis: ArticleAnalysis, article_id: str, path: str) -> ArticleAnalysis:
    """The analysis under the article's store id: ids in mentions and claim ids follow."""
    old = analysis.article.id
    article = dataclasses.replace(analysis.article, id=article_id, path=path)
    if old == article_id:
        return dataclasses.replace(analysis, article=article)
    prefix = f"{old}#"
    events = [
        dataclasses.replace(
            m,
            article_id=article_id if m.article_id == old else m.article_id,
            claim_ids=tuple(
                f"{article_id}#{c[len(prefix):]}" if c.startswith(prefix) else c
                for c in m.claim_ids
            ),
        )
        for m in analysis.events
    ]
    return dataclasses.replace(analysis, article=article, events=events)


# --- search helpers --------------------------------------------------------------------------

_QUERY_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w", re.UNICODE)


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression for what a user typed, or None when there is nothing to match.

    Words are ANDed; "quoted words" are phrases; a trailing * makes a prefix; OR between two
    terms is kept. Everything else is quoted, so punctuation (Jong-un, U.S.) never becomes FTS5
    syntax.
    """
    terms: list[str] = []
    for match in _QUERY_TOKEN.finditer(text):
        phrase, word = match.groups()
        if word == "OR":
            if terms and terms[-1] != "OR":
                terms.append("OR")
            continue
        token = phrase if phrase is not None else word
        prefix = phrase is None and token.endswith("*")
        token = token.rstrip("*") if prefix else token
        if not _WORD.search(token):
            continue
        terms.append('"' + token.replace('"', '""') + '"' + ("*" if prefix else ""))
    while terms and terms[-1] == "OR":
        terms.pop()
    return " ".join(terms) or None


def name_key(name: str) -> str:
    """How names compare in filters: case- and spacing-insensitive, curly apostrophes straight."""
    return " ".join(name.replace("’", "'").casefold().split())


def country_code(name: str) -> str:
    """The ISO alpha-2 code of a country given by code, alpha-3 or any name the gazetteer knows."""
    from dateline.core.entities.gazetteer import countries

    key = name_key(name)
    if len(key) == 2 and key.upper() in countries():
        return key.upper()
    code = _country_names().get(key)
    if code is None:
        raise QueryError(f"unknown country {name!r}: give its English name or ISO code, e.g. 'UA'")
    return code


@cache
def _country_names() -> dict[str, str]:
    """Every name, alias, abbreviation and alpha-3 code of a country -> its alpha-2 code."""
    from dateline.core.entities.gazetteer import countries

    out: dict[str, str] = {}
    for code, country in countries().items():
        for name in (country.alpha3, country.name, *country.aliases, *country.abbreviations):
            out.setdefault(name_key(name), code)
    return out


# --- the store -------------------------------------------------------------------------------


class Store:
    """An open dateline store. Use `Store.open(path)`, as a context manager or with `close()`.

    A Store is one SQLite connection: use it from one thread (open another Store per worker).
    """

    def __init__(self, conn: sqlite3.Connection, path: str, merge: Merge | None = None) -> None:
        self._conn = conn
        self.path = path
        self._merge = merge
        self._depth = 0

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] = MEMORY, *, create: bool = True,
        merge: Merge | None = None,
    ) -> Self:
        """Open (creating and migrating if needed) the store at `path`; ":memory:" for a
        throwaway one. `merge` replaces
        `core.timeline.merge.build_timeline` (tests, experiments)."""
        name = os.fspath(path)
        if name != MEMORY:
            if not create and not Path(name).is_file():
                raise StoreError(name, "no store here yet: run `dateline ingest PATH...` first")
            try:
                Path(name).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(name, f"cannot create its folder: {error.strerror}") from error
        try:
            conn = sqlite3.connect(name, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(name, f"cannot open: {error}") from error
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            if name != MEMORY:
                # Switching to WAL needs a moment alone with the file, which a second process
                # creating the same store at the same time can deny past the busy timeout.
                _retry_locked(name, lambda: conn.execute("PRAGMA journal_mode = WAL"))
                conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, far fewer fsyncs
            _retry_locked(name, lambda: migrate(conn, name))
        except sqlite3.DatabaseError as error:
            conn.close()
            raise StoreError(name, f"not a dateline store ({error})") from error
        except BaseException:
            conn.close()
            raise
        return cls(conn, name, merge)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; nested uses join the outer one. Rolled back on any error."""
        if self._depth:
            self._depth += 1
            try:
                yield self._conn
            finally:
                self._depth -= 1
            return
        # IMMEDIATE: take the write lock now, not on the first write, so two writers queue
        # on busy_timeout instead of one failing with "database is locked" mid-way.
        _retry_locked(self.path, lambda: self._conn.execute("BEGIN IMMEDIATE"))
        self._depth = 1
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    # --- articles and analyses ---

    def known_hash(self, path: str | os.PathLike[str]) -> str | None:
        """The content hash stored for the file at `path`, or None if it was never ingested."""
        row = self._conn.execute(
            "SELECT content_hash FROM articles WHERE path = ?", (_resolve(path),)
        ).fetchone()
        return row[0] if row else None

    def save(
        self, analyses: Iterable[ArticleAnalysis], *, rebuild: bool = True, force: bool = False
    ) -> int:
        """Store analyses (replacing those of changed files, skipping unchanged ones unless
        `force`) and, if any changed and `rebuild`, rebuild the timeline in the same
        transaction. Without `rebuild` the store is marked stale (see `stale`). Return how many
        articles were written."""
        changed = 0
        with self.transaction() as conn:
            for analysis in analyses:
                changed += self._save_one(conn, analysis, force)
            if changed:
                self._reassign_ids(conn)
                self._bump_generation()
                if rebuild:
                    self.rebuild()
                else:
                    self._set_meta("stale", "1")
        return changed

    def _save_one(self, conn: sqlite3.Connection, analysis: ArticleAnalysis, force: bool) -> int:
        article = analysis.article
        path = _resolve(article.path)
        row = conn.execute("SELECT content_hash FROM articles WHERE path = ?", (path,)).fetchone()
        if row and row[0] == article.content_hash and article.content_hash and not force:
            return 0
        values = (
            article.content_hash,
            article.title,
            article.outlet,
            article.published.isoformat() if article.published else None,
            article.text,
            codec.dumps(dataclasses.replace(article, text="", path=path)),
            codec.dumps_analysis(analysis),
            path,
        )
        if row:
            conn.execute(
                "UPDATE articles SET content_hash = ?, title = ?, outlet = ?, published = ?, "
                "text = ?, article = ?, analysis = ? WHERE path = ?",
                values,
            )
        else:
            # The path stands in as a unique id until _reassign_ids gives the real one.
            conn.execute(
                "INSERT INTO articles (content_hash, title, outlet, published, text, article, "
                "analysis, path, id, stem) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, "\0" + path, PurePath(path).stem),
            )
        return 1

    def _reassign_ids(self, conn: sqlite3.Connection) -> None:
        rows = conn.execute("SELECT path, id FROM articles").fetchall()
        wanted = assign_ids(path for path, _ in rows)
        moved = [(wanted[path], path) for path, old in rows if wanted[path] != old]
        # Two steps, so a swap of ids never trips the UNIQUE constraint half-way.
        conn.executemany("UPDATE articles SET id = char(0) || path WHERE path = ?",
                         [(path,) for _, path in moved])
        conn.executemany("UPDATE articles SET id = ? WHERE path = ?", moved)

    def load_analyses(self, *, for_merge: bool = False) -> list[ArticleAnalysis]:
        """Every stored analysis, under its store id and resolved path, in id order.

        `for_merge` leaves out what merging never reads (regions, sentences, temporal
        expressions, entity mentions): on a 10k-article store that is most of the memory.
        """
        rows = self._conn.execute(
            "SELECT id, path, text, article, analysis FROM articles ORDER BY id"
        )  # iterated, not fetched whole: the JSON of every article at once is gigabytes
        out = []
        for article_id, path, text, article_json, analysis_json in rows:
            try:
                article = dataclasses.replace(codec.loads(Article, article_json), text=text)
                analysis = codec.loads_analysis(analysis_json, article)
            except codec.CodecError as error:
                raise StoreError(
                    self.path, f"the stored analysis of {path} does not fit this dateline "
                    f"({error}); re-ingest it with `dateline ingest --force`",
                ) from error
            if for_merge:
                analysis = dataclasses.replace(analysis, regions=[], sentences=[], timexes=[],
                                               mentions=[])
            out.append(_restamp(analysis, article_id, path))
        return out

    @property
    def stale(self) -> bool:
        """True when articles were saved without rebuilding the timeline afterwards."""
        return self._get_meta("stale") == "1"

    def article_count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    # --- the merged timeline ---

    def rebuild(self) -> Timeline:
        """Merge all stored analyses again and replace the timeline tables with the result.

        The merge (seconds on a big store) runs on a read snapshot, outside the write lock, so
        a concurrent writer is not kept waiting through it; if another writer changed the
        articles meanwhile the merge is redone, and after REBUILD_ATTEMPTS it runs under the
        lock. Called inside a transaction, it merges there."""
        merge = self._merge
        if merge is None:
            from dateline.core.timeline.merge import (
                build_timeline,  # deferred: the merge pulls in the NLP stack
            )

            merge = build_timeline
        if not self._depth:
            for _ in range(REBUILD_ATTEMPTS):
                generation, analyses = self._snapshot()
                timeline = merge(analyses)
                del analyses  # the biggest thing held: let it go before writing
                with self.transaction():
                    if self._get_meta("generation") == generation:
                        self._write(timeline)
                        return timeline
        with self.transaction():
            timeline = merge(self.load_analyses(for_merge=True))
            self._write(timeline)
        return timeline

    def _snapshot(self) -> tuple[str | None, list[ArticleAnalysis]]:
        """The articles' generation and their analyses, read in one snapshot."""
        _retry_locked(self.path, lambda: self._conn.execute("BEGIN"))
        try:
            return self._get_meta("generation"), self.load_analyses(for_merge=True)
        finally:
            self._conn.execute("COMMIT")

    def _write(self, timeline: Timeline) -> None:
        conn = self._conn
        for table in _SEARCH_TABLES:
            conn.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
        for table in _TIMELINE_TABLES:
            conn.execute(f"DELETE FROM {table}")
        _write_timeline(conn, timeline, self.path)
        self._set_meta("stale", "0")

    def _bump_generation(self) -> None:
        """Mark the articles changed, so a merge started before this is not written over it."""
        self._set_meta("generation", str(int(self._get_meta("generation") or 0) + 1))

    def first_events(self, limit: int) -> list[Event]:
        """The earliest `limit` events of the stored timeline, in its order (start, end, then
        as stored), each whole — dates, granularity, value, text, conflicts and its mentions
        (so its sources) — without reading the rest: what a first screen needs, in
        milliseconds where `timeline()` takes seconds on a big store."""
        rows = self._conn.execute(
            "SELECT pk, data FROM events ORDER BY start, end, pk LIMIT ?", (max(limit, 0),)
        ).fetchall()
        mentions: dict[int, list[EventMention]] = defaultdict(list)
        if rows:
            marks = ",".join("?" * len(rows))
            for event_pk, data in self._conn.execute(
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

    def year_counts(self) -> list[tuple[int, int]]:
        """(year, number of events starting in it) for each year, ascending (an index scan)."""
        return [(int(year), count) for year, count in self._conn.execute(
            "SELECT substr(start, 1, 4) AS year, count(*) FROM events GROUP BY year "
            "ORDER BY year"
        )]

    def timeline(self) -> Timeline:
        """The merged timeline as stored (see `stale`)."""
        conn = self._conn
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
        for pk, data in conn.execute("SELECT pk, data FROM events ORDER BY pk"):
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
        return Timeline(articles, events, claims, claim_articles, actors, actor_articles)

    # --- search ---

    def search(
        self,
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
        match = fts_query(query)
        if match is None and query.strip():
            raise QueryError(f"nothing to search for in {query!r}: give a word")
        filters = _Filters(
            actor_ids=self._actor_ids(actor) if actor is not None else None,
            actor_key=name_key(actor) if actor is not None else None,
            country=country_code(country) if country is not None else None,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
        )
        rows = [
            *self._search_rows("events", match, filters, limit),
            *self._search_rows("claims", match, filters, limit),
        ]
        # Within a day, what happened before who said what about it; undated claims last.
        rows.sort(key=lambda r: (r[3] or "9999", r[4] or "9999", r[0] != "event", r[2]))
        return self._hits(rows[:limit])

    def _actor_ids(self, actor: str) -> list[str]:
        """The actors `actor` names: by id, or by any name or alias or a part of one
        ("Zakharova" for Maria Zakharova), ignoring case and diacritics."""
        from dateline.core.timeline.browse import name_matches

        exact = [row[0] for row in self._conn.execute(
            "SELECT DISTINCT actor FROM actor_names WHERE key = ?", (name_key(actor),)
        )]
        if exact:
            return exact
        return sorted({actor_id for key, actor_id in self._conn.execute(
            "SELECT key, actor FROM actor_names") if name_matches(actor, (key,))})

    def _search_rows(
        self, table: str, match: str | None, f: _Filters, limit: int
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
            where.insert(0, f"t.pk IN (SELECT rowid FROM {kind}_search WHERE {kind}_search "
                         "MATCH ?)")
            params.insert(0, match)
        sql = f"SELECT '{kind}', t.pk, t.id, t.start, t.end, t.data FROM {table} t"
        # Events always have a start, so their order can come straight from events_by_start.
        order = " ORDER BY " + ("" if kind == "event" else "t.start IS NULL, ") + \
            "t.start, t.end, t.pk"
        if where:
            sql += " WHERE " + " AND ".join(where)
        try:
            return self._conn.execute(sql + order + " LIMIT ?", (*params, limit)).fetchall()
        except sqlite3.OperationalError as error:
            raise QueryError(f"cannot search for {match!r}: {error}") from error

    def _hits(self, rows: list[tuple[Any, ...]]) -> list[SearchHit]:
        sources = self._sources(
            [r[1] for r in rows if r[0] == "event"], [r[1] for r in rows if r[0] == "claim"]
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
        self, event_pks: list[int], claim_pks: list[int]
    ) -> dict[tuple[str, int], tuple[tuple[str, ...], tuple[str, ...]]]:
        found: dict[tuple[str, int], list[tuple[str, str | None]]] = defaultdict(list)
        if event_pks:
            marks = ",".join("?" * len(event_pks))
            for pk, article_id, outlet in self._conn.execute(
                "SELECT m.event, a.id, a.outlet FROM mentions m JOIN articles a "
                f"ON a.pk = m.article WHERE m.event IN ({marks}) ORDER BY m.pk", event_pks
            ):
                found["event", pk].append((article_id, outlet))
        if claim_pks:
            marks = ",".join("?" * len(claim_pks))
            for pk, article_id, outlet in self._conn.execute(
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

    # --- meta ---

    def _get_meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        if self._get_meta(key) != value:
            self._conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


@dataclass(frozen=True, slots=True)
class _Filters:
    actor_ids: list[str] | None
    actor_key: str | None
    country: str | None
    since: str | None
    until: str | None


def _retry_locked(path: str, step: Callable[[], T], wait: float | None = None) -> T:
    """Run `step`, again and again with growing, jittered pauses while SQLite says the
    database is locked or busy (another process writing past the busy timeout), for up to
    `wait` seconds (LOCK_WAIT_S); then fail with one line naming the store."""
    deadline = time.monotonic() + (LOCK_WAIT_S if wait is None else wait)
    pause = 0.05
    while True:
        try:
            return step()
        except sqlite3.OperationalError as error:
            message = str(error).lower()
            if "locked" not in message and "busy" not in message:
                raise
            if time.monotonic() >= deadline:
                raise StoreError(
                    path, f"{error} (another process has held it for too long; try again when "
                    "it is done)",
                ) from error
        # Jitter: two writers that collided must not retry in lock-step.
        time.sleep(min(pause * random.uniform(0.5, 1.5), max(0.0, deadline - time.monotonic())))
        pause = min(pause * 2, 2.0)


def _resolve(path: str | os.PathLike[str]) -> str:
    return os.path.realpath(path)


def _write_timeline(conn: sqlite3.Connection, timeline: Timeline, store_path: str) -> None:
    """Insert a merged timeline into the (empty) timeline tables, in batches."""
    article_pk = dict(conn.execute("SELECT id, pk FROM articles"))
    published = {a.id: a.published for a in timeline.articles}

    def pk_of(article_id: str, what: str) -> int:
        try:
            return article_pk[article_id]
        except KeyError:
            raise StoreError(
                store_path, f"the merged timeline's {what} cites unknown article {article_id!r}"
            ) from None

    events, mentions, ev_actors, ev_countries, ev_claims = [], [], set(), set(), set()
    event_fts, claim_fts = [], []
    for pk, event in enumerate(timeline.events, start=1):
        data = codec.encode(event)
        data.pop("mentions", None)  # stored row by row in `mentions`
        events.append(
            (pk, event.id, event.start.isoformat(), event.end.isoformat(), codec.dumps_value(data))
        )
        for m in event.mentions:
            mentions.append((pk, pk_of(m.article_id, f"event {event.id}"), codec.dumps(m)))
            ev_actors.update((a, pk) for a in m.actor_ids)
            ev_countries.update((c, pk) for c in m.countries)
            ev_claims.update((pk, c) for c in m.claim_ids)
        sentences = dict.fromkeys(m.sentence for m in event.mentions if m.sentence)
        event_fts.append((pk, "\n".join([event.text, *sentences])))

    claim_event_countries: dict[str, set[str]] = defaultdict(set)
    for event in timeline.events:
        countries = {c for m in event.mentions for c in m.countries}
        for m in event.mentions:
            for claim_id in m.claim_ids:
                claim_event_countries[claim_id] |= countries
    claims, claim_countries = [], set()
    for pk, (claim_id, claim) in enumerate(timeline.claims.items(), start=1):
        article_id = timeline.claim_articles.get(claim_id, claim_id.partition("#")[0])
        interval = claim.date.interval if claim.date and claim.date.interval else None
        if interval is None and published.get(article_id):
            interval = (published[article_id], published[article_id])
        claims.append((
            pk, claim_id, pk_of(article_id, f"claim {claim_id}"), claim.speaker_id,
            name_key(claim.speaker_name),
            interval[0].isoformat() if interval else None,
            interval[1].isoformat() if interval else None,
            codec.dumps(claim),
        ))
        speaker = timeline.actors.get(claim.speaker_id or "")
        countries = claim_event_countries.get(claim_id, set())
        if speaker is not None and speaker.country:
            countries = countries | {speaker.country}
        claim_countries.update((c, pk) for c in countries)
        names = dict.fromkeys(
            [claim.speaker_name, *((speaker.name, *speaker.aliases) if speaker else ())]
        )
        claim_fts.append((pk, claim.text, " ".join(names)))

    actors, names, actor_articles = [], set(), []
    for pk, (actor_id, actor) in enumerate(timeline.actors.items(), start=1):
        actors.append((pk, actor_id, actor.country, codec.dumps(actor)))
        names.update((name_key(n), actor_id) for n in (actor_id, actor.name, *actor.aliases))
        for seq, article_id in enumerate(dict.fromkeys(timeline.actor_articles.get(actor_id, ()))):
            actor_articles.append((pk, pk_of(article_id, f"actor {actor_id}"), seq))

    conn.executemany("INSERT INTO events (pk, id, start, end, data) VALUES (?, ?, ?, ?, ?)",
                     events)
    conn.executemany("INSERT INTO mentions (event, article, data) VALUES (?, ?, ?)", mentions)
    conn.executemany("INSERT INTO event_actors (actor, event) VALUES (?, ?)", sorted(ev_actors))
    conn.executemany("INSERT INTO event_countries (country, event) VALUES (?, ?)",
                     sorted(ev_countries))
    conn.executemany("INSERT INTO event_claims (event, claim) VALUES (?, ?)", sorted(ev_claims))
    conn.executemany(
        "INSERT INTO claims (pk, id, article, speaker, speaker_key, start, end, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", claims,
    )
    conn.executemany("INSERT INTO claim_countries (country, claim) VALUES (?, ?)",
                     sorted(claim_countries))
    conn.executemany("INSERT INTO actors (pk, id, country, data) VALUES (?, ?, ?, ?)", actors)
    conn.executemany("INSERT INTO actor_names (key, actor) VALUES (?, ?)", sorted(names))
    conn.executemany("INSERT INTO actor_articles (actor, article, seq) VALUES (?, ?, ?)",
                     actor_articles)
    conn.executemany("INSERT INTO event_search (rowid, body) VALUES (?, ?)", event_fts)
    conn.executemany("INSERT INTO claim_search (rowid, body, speaker) VALUES (?, ?, ?)",
                     claim_fts)
