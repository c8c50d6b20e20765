"""The store's schema and its migrations: the tables (version 1 in `_SCHEMA_V1`), the steps
that take a store from one version to the next, and the check that a file is a dateline store
this dateline can read — made before anything is written to it.

Layout: `articles` (one row per file; its analysis as JSON, see `core.store.codec`); the merged
timeline in `events` (+ `mentions`, `event_actors`, `event_countries`, `event_claims`), `claims`
(+ `claim_countries`), `actors` (+ `actor_names`, `actor_articles`); two FTS5 indexes,
`event_search` and `claim_search`. `PRAGMA user_version` records how many migrations have run
(on PostgreSQL, the table `dateline_schema`). The DDL is SQLite's; `core.store.dialect`
rewrites it for PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from dateline.core.store.dialect import dialect_of
from dateline.core.store.paths import StoreError

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


# Version 2: the content hash is looked up for every new file (a moved file is the same
# article, see `Store.paths_with_hash`).
_SCHEMA_V2 = ("CREATE INDEX articles_by_hash ON articles(content_hash)",)

# Version 3: merging in place (core.store.merging). Each event mention is kept with what merging
# compares of it and the component of mentions that may merge it; an article's actors and claims
# are kept apart from its analysis; the event index keeps its text, so that one event's row can
# be deleted. A store of version 2 gets its merge items from the stored analyses at its next
# rebuild (meta `items` = "missing").
_SCHEMA_V3 = (
    "ALTER TABLE articles ADD COLUMN merge_input TEXT",
    """CREATE TABLE merge_items (
        pk INTEGER PRIMARY KEY,
        article INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        start TEXT NOT NULL,
        end TEXT NOT NULL,
        day TEXT,
        reported INTEGER NOT NULL,
        comp INTEGER,
        event TEXT,
        data TEXT NOT NULL
    )""",
    "CREATE INDEX merge_items_by_article ON merge_items(article)",
    "CREATE INDEX merge_items_pending ON merge_items(start) WHERE comp IS NULL",
    "CREATE INDEX merge_items_by_comp ON merge_items(comp)",
    "CREATE INDEX merge_items_by_event ON merge_items(event)",
    "CREATE INDEX merge_items_by_day ON merge_items(day) WHERE day IS NOT NULL",
    # The dates of each merge item (day ordinals), for "which items meet these dates": an
    # interval index, since "in 2011" and "on March 3" must both be found from March 2011.
    "CREATE VIRTUAL TABLE merge_spans USING rtree_i32(id, lo, hi)",
    "CREATE TABLE dirty_comps (comp INTEGER PRIMARY KEY)",
    "CREATE TABLE actor_links (local TEXT PRIMARY KEY, merged TEXT NOT NULL) WITHOUT ROWID",
    "DROP TABLE event_search",
    """CREATE VIRTUAL TABLE event_search USING fts5(
        body, tokenize = 'porter unicode61 remove_diacritics 2'
    )""",
    "INSERT INTO meta (key, value) SELECT 'items', 'missing' WHERE EXISTS "
    "(SELECT 1 FROM articles) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
)

# Step n (1-based) takes a store from schema version n - 1 to n. Append, never edit.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _run(_SCHEMA_V1), _run(_SCHEMA_V2), _run(_SCHEMA_V3),
)
SCHEMA_VERSION = len(MIGRATIONS)

SEARCH_TABLES = ("claim_search",)  # contentless: emptied with 'delete-all'
TIMELINE_TABLES = (
    "event_search", "actor_articles", "actor_names", "claim_countries", "event_claims",
    "event_countries", "event_actors", "mentions", "claims", "actors", "events",
)  # children before parents, so foreign keys never see an orphan


def check_version(conn: sqlite3.Connection, path: str) -> int:
    """The schema version of the store at `path`, or StoreError when it is not one this
    dateline may write: newer, or a database of another program. Reads only."""
    found = _user_version(conn)
    if found > SCHEMA_VERSION:
        raise StoreError(
            path,
            f"written by a newer dateline (schema version {found}; this one reads up to "
            f"{SCHEMA_VERSION}): upgrade dateline to open it",
        )
    if found == 0 and dialect_of(conn).has_tables(conn):
        raise StoreError(path, dialect_of(conn).foreign)
    return found


def migrate(conn: sqlite3.Connection, path: str) -> int:
    """Bring the schema to SCHEMA_VERSION, one transaction per step; return the version found."""
    found = check_version(conn, path)
    for version in range(found + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock.
            if _user_version(conn) < version:
                if version == 1:
                    dialect_of(conn).prepare(conn)  # what the backend needs beside the tables
                MIGRATIONS[version - 1](conn)
                dialect_of(conn).set_user_version(conn, version)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return found


def _user_version(conn: sqlite3.Connection) -> int:
    return dialect_of(conn).user_version(conn)

