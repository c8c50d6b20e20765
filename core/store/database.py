"""The store: one SQLite file (the embedded default) or one PostgreSQL schema (a shared store,
`postgresql://USER@HOST/DB`: `core.store.postgres`) holding every ingested article, its
analysis and the merged timeline, with a full-text index for search. The CLI and the TUI read
and write only through it. Its SQL is written once, in SQLite's dialect (`core.store.dialect`).

This module owns opening a store (and refusing one it must not write: see `Store.open`), its
transactions, and the articles: one row per file, keyed by its resolved path (`paths.store_key`),
with the analysis kept as JSON (`core.store.codec`) so the merge can be recomputed without
reading the files again. A file's content identifies it too: the same content at a new path is
the same article, moved (`move`); `remove` forgets articles. The schema and its migrations are
in `core.store.schema`, article ids in `core.store.ids`, the timeline's rows in
`core.store.rows`, merging in place in `core.store.merging`, reading it back in
`core.store.loading`, search in `core.store.search`.

Every write runs in one transaction; a failure leaves the store as it was. Several processes
may write one store (two `dateline ingest` at once, the app and an ingest): WAL lets readers go
on while one writes; writers queue on the busy timeout and, past it, retry with backoff
(`_retry_locked`). A rebuild merges in place under the write lock, redoing only what changed;
a merge given to `open` (tests) runs outside the lock on a snapshot instead, redone if another
writer changed the articles meanwhile (`meta.generation`). On PostgreSQL,
readers never wait (MVCC) and writers queue on an advisory lock instead.
"""

from __future__ import annotations

import dataclasses
import os
import random
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path, PurePath
from typing import Self, TypeVar

from dateline.core.model import Article, ArticleAnalysis, Event, KeyDate, Timeline
from dateline.core.store import codec, loading, merging
from dateline.core.store.ids import assign_ids, restamp
from dateline.core.store.paths import (
    DB_NAME,
    ENV_VAR,
    MEMORY,
    StoreError,
    default_path,
    file_of,
    is_url,
    resolve_db_path,
    shown_store,
    store_key,
)
from dateline.core.store.rows import table_rows
from dateline.core.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    SEARCH_TABLES,
    TIMELINE_TABLES,
    check_version,
    migrate,
)
from dateline.core.store.search import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    QueryError,
    SearchHit,
    fts_query,
    name_key,
    search,
)
from dateline.core.timeline.countries import country_code

__all__ = [
    "DB_NAME", "DEFAULT_LIMIT", "ENV_VAR", "MAX_LIMIT", "MEMORY", "MIGRATIONS", "SCHEMA_VERSION",
    "QueryError", "SearchHit", "Store", "StoreError", "assign_ids", "country_code",
    "default_path", "fts_query", "migrate", "name_key", "resolve_db_path",
]

BUSY_TIMEOUT_MS = 10_000  # SQLite's own wait for a lock, per attempt
# How long a writer keeps retrying (with backoff) when another process holds the lock beyond
# the busy timeout: a concurrent ingest may hold it through a big timeline write.
LOCK_WAIT_S = 300.0
REBUILD_ATTEMPTS = 3  # merges outside the lock before merging under it (see `rebuild`)

Merge = Callable[[Sequence[ArticleAnalysis]], Timeline]
T = TypeVar("T")


class Store:
    """An open dateline store. Use `Store.open(path)`, as a context manager or with `close()`.

    A Store is one SQLite connection (or one PostgreSQL connection, `core.store.postgres`,
    which takes the same SQL): use it from one thread (open another Store per worker).
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
        throwaway one. `merge` replaces `core.timeline.merge.build_timeline` (tests).

        A store this dateline must not write — a read-only file or folder, a newer dateline's
        store, another program's database — is refused with one StoreError before anything
        is written to it (the switch to WAL mode rewrites the file's header, so it comes
        after those checks)."""
        name = os.fspath(path)
        if is_url(name):  # a shared store on PostgreSQL
            from dateline.core.store import postgres  # deferred: needs psycopg

            return cls(postgres.connect(name, create=create), shown_store(name), merge)
        if name != MEMORY:
            _check_file(name, create)
        try:
            conn = sqlite3.connect(name, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(name, f"cannot open: {error}") from error
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            _retry_locked(name, lambda: check_version(conn, name))
            if name != MEMORY:
                # Switching to WAL needs a moment alone with the file, which a second process
                # creating the same store at the same time can deny past the busy timeout.
                _retry_locked(name, lambda: conn.execute("PRAGMA journal_mode = WAL"))
                conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, far fewer fsyncs
            _retry_locked(name, lambda: migrate(conn, name))
        except sqlite3.OperationalError as error:
            conn.close()
            raise StoreError(name, _problem(error)) from error
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
        """One write transaction; nested uses join the outer one. Rolled back on any error;
        an SQLite failure (a full disk, a file made read-only) becomes one StoreError."""
        if self._depth:
            self._depth += 1
            try:
                yield self._conn
            finally:
                self._depth -= 1
            return
        # IMMEDIATE: take the write lock now, not on the first write, so two writers queue
        # on busy_timeout instead of one failing with "database is locked" mid-way.
        try:
            _retry_locked(self.path, lambda: self._conn.execute("BEGIN IMMEDIATE"))
        except sqlite3.OperationalError as error:
            raise StoreError(self.path, _problem(error)) from error
        self._depth = 1
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException as error:
            # SQLite has already rolled back after some failures (a full disk): a second
            # rollback would fail with "no transaction is active" and hide the first error.
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError):
                raise StoreError(self.path, _problem(error)) from error
            raise
        finally:
            self._depth = 0

    # --- articles and analyses ---

    def known_hash(self, path: str | os.PathLike[str]) -> str | None:
        """The content hash stored for the file at `path`, or None if it was never ingested."""
        row = self._conn.execute(
            "SELECT content_hash FROM articles WHERE path = ?", (store_key(path),)
        ).fetchone()
        return row[0] if row else None

    def paths_with_hash(self, content_hash: str) -> list[str]:
        """The files (as stored) whose content is `content_hash`."""
        return [file_of(row[0]) for row in self._conn.execute(
            "SELECT path FROM articles WHERE content_hash = ? ORDER BY path", (content_hash,)
        )]

    def stored_paths(self) -> list[str]:
        """Every stored article's file, in path order."""
        return [file_of(row[0]) for row in self._conn.execute(
            "SELECT path FROM articles ORDER BY path")]

    def move(self, old: str | os.PathLike[str], new: str | os.PathLike[str]) -> bool:
        """Record that the article stored for `old` now lives at `new` (same content, so the
        same article: its analysis follows, nothing is analysed again). The timeline is
        marked stale. Return False when nothing is stored for `old`."""
        old_key, new_key = store_key(old), store_key(new)
        with self.transaction() as conn:
            moved = conn.execute(
                "UPDATE articles SET path = ?, stem = ?, article = json_set(article, '$.path', ?) "
                "WHERE path = ?", (new_key, PurePath(new_key).stem, new_key, old_key),
            ).rowcount
            if moved:
                self._changed(conn, rebuild=False)
        return bool(moved)

    def remove(self, paths: Iterable[str | os.PathLike[str]], *, rebuild: bool = True) -> int:
        """Forget the articles stored for `paths` (their events, claims and mentions go with
        them) and rebuild the timeline; return how many were stored."""
        keys = [(store_key(p),) for p in paths]  # resolves a gone file's folders all the same
        with self.transaction() as conn:
            for key in keys:
                for (pk,) in conn.execute("SELECT pk FROM articles WHERE path = ?", key):
                    merging.forget_article(conn, pk)
            removed = sum(conn.execute("DELETE FROM articles WHERE path = ?", key).rowcount
                          for key in keys)
            if removed:
                self._changed(conn, rebuild=rebuild)
        return removed

    def save(
        self, analyses: Iterable[ArticleAnalysis], *, rebuild: bool = True, force: bool = False
    ) -> int:
        """Store analyses (replacing those of changed files, skipping unchanged ones unless
        `force`) and, if any changed and `rebuild`, rebuild the timeline in the same
        transaction. Without `rebuild` the store is marked stale (see `stale`). Return how many
        articles were written."""
        saved: list[tuple[str, ArticleAnalysis]] = []
        with self.transaction() as conn:
            for analysis in analyses:
                path = self._save_one(conn, analysis, force)
                if path is not None:
                    saved.append((path, analysis))
            if saved:
                self._changed(conn, rebuild=rebuild, saved=saved)
        return len(saved)

    def _changed(self, conn: sqlite3.Connection, *, rebuild: bool,
                 saved: Sequence[tuple[str, ArticleAnalysis]] = ()) -> None:
        if self._reassign_ids(conn):
            # Stored merge items name articles by id: re-derive them all at the rebuild.
            self._set_meta("items", "missing")
        elif self._get_meta("items") != "missing":
            for path, analysis in saved:
                pk, article_id = conn.execute(
                    "SELECT pk, id FROM articles WHERE path = ?", (path,)).fetchone()
                merging.forget_article(conn, pk)
                merging.add_article(conn, pk, restamp(analysis, article_id, path))
        self._bump_generation()
        if rebuild:
            self.rebuild()
        else:
            self._set_meta("stale", "1")

    def _save_one(self, conn: sqlite3.Connection, analysis: ArticleAnalysis,
                  force: bool) -> str | None:
        """Store one analysis; return its store key, or None when it was stored already."""
        article = analysis.article
        path = store_key(article.path)
        row = conn.execute("SELECT content_hash FROM articles WHERE path = ?", (path,)).fetchone()
        if row and row[0] == article.content_hash and article.content_hash and not force:
            return None
        if path != os.path.realpath(article.path):  # a name that is not UTF-8: ids follow
            analysis = restamp(analysis, PurePath(path).stem, path)
            article = analysis.article
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
        return path

    def _reassign_ids(self, conn: sqlite3.Connection) -> bool:
        """Give every article its id (`ids.assign_ids`); True when a stored one changed."""
        rows = conn.execute("SELECT path, id FROM articles").fetchall()
        wanted = assign_ids(path for path, _ in rows)
        moved = [(wanted[path], path) for path, old in rows if wanted[path] != old]
        # Two steps, so a swap of ids never trips the UNIQUE constraint half-way.
        conn.executemany("UPDATE articles SET id = char(0) || path WHERE path = ?",
                         [(path,) for _, path in moved])
        conn.executemany("UPDATE articles SET id = ? WHERE path = ?", moved)
        return any(not old.startswith("\0") for path, old in rows if wanted[path] != old)

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
            out.append(restamp(analysis, article_id, path))
        return out

    @property
    def stale(self) -> bool:
        """True when articles were saved without rebuilding the timeline afterwards."""
        return self._get_meta("stale") == "1"

    def article_count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    # --- the merged timeline ---

    def rebuild(self) -> Timeline | None:
        """Bring the merged timeline up to date with the stored articles.

        Merging happens in place (`core.store.merging`): only the events near what changed
        are merged again, in one write transaction. With a `merge` given to `open` (tests),
        every stored analysis is merged again instead and the timeline returned."""
        if self._merge is None:
            with self.transaction() as conn:
                if self._get_meta("items") == "missing":
                    self._derive_items(conn)
                self._merged(merging.update(conn, self._article_pk(conn)))
            return None
        merge = self._merge
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

    def _derive_items(self, conn: sqlite3.Connection) -> None:
        """Merge items for every stored article, from its analysis (a store of schema 2, or
        one whose article ids moved); every event is merged anew."""
        conn.execute("DELETE FROM merge_items")
        conn.execute("DELETE FROM merge_spans")
        conn.execute("DELETE FROM dirty_comps")
        for analysis in self.load_analyses(for_merge=True):
            pk = conn.execute("SELECT pk FROM articles WHERE id = ?",
                              (analysis.article.id,)).fetchone()[0]
            merging.add_article(conn, pk, analysis)
        self._set_meta("items", "ok")

    def _article_pk(self, conn: sqlite3.Connection) -> Callable[[str, str], int]:
        article_pk = dict(conn.execute("SELECT id, pk FROM articles"))

        def pk_of(article_id: str, what: str) -> int:
            try:
                return article_pk[article_id]
            except KeyError:
                raise StoreError(self.path, f"the merged timeline's {what} cites unknown "
                                 f"article {article_id!r}") from None

        return pk_of

    def _snapshot(self) -> tuple[str | None, list[ArticleAnalysis]]:
        """The articles' generation and their analyses, read in one snapshot."""
        _retry_locked(self.path, lambda: self._conn.execute("BEGIN"))
        try:
            return self._get_meta("generation"), self.load_analyses(for_merge=True)
        finally:
            self._conn.execute("COMMIT")

    def _write(self, timeline: Timeline) -> None:
        """Replace the timeline tables with `timeline`'s rows, one table at a time."""
        conn = self._conn
        for table in SEARCH_TABLES:
            conn.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
        for table in TIMELINE_TABLES:
            conn.execute(f"DELETE FROM {table}")
        pk_of = self._article_pk(conn)
        merging.insert_tables(conn, table_rows(timeline, pk_of))
        self._merged(timeline.key_dates)

    def _merged(self, key_dates: Sequence[KeyDate]) -> None:
        """Record a finished merge: its ranked key dates (one small list, kept whole in meta
        beside the tables), and that the timeline is no longer stale."""
        self._set_meta("key_dates", codec.dumps_value([codec.encode(k) for k in key_dates]))
        self._set_meta("stale", "0")

    def _bump_generation(self) -> None:
        """Mark the articles changed, so a merge started before this is not written over it."""
        self._set_meta("generation", str(int(self._get_meta("generation") or 0) + 1))

    def first_events(self, limit: int) -> list[Event]:
        """The earliest `limit` events of the stored timeline, each whole, without reading the
        rest: what a first screen needs (see `loading.first_events`)."""
        return loading.first_events(self._conn, limit)

    def year_counts(self) -> list[tuple[int, int]]:
        """(year, number of events starting in it) for each year, ascending (an index scan)."""
        return loading.year_counts(self._conn)

    # What the app reads of a big store before (and while) it loads the whole timeline.

    def year_counts_through(self, last: int, dense: int) -> list[tuple[int, int]]:
        """See `loading.year_counts_through`."""
        return loading.year_counts_through(self._conn, last, dense)

    def year_count(self, year: int) -> int:
        return loading.year_count(self._conn, year)

    def event_count(self) -> int:
        return loading.event_count(self._conn)

    def events_from(self, day: date, limit: int) -> list[Event]:
        """The first `limit` events starting on or after `day`, each whole."""
        return loading.events_from(self._conn, day.isoformat(), limit)

    def events_after(self, event_id: str, limit: int) -> list[Event]:
        """The `limit` events after the one of `event_id` in the timeline's order, each whole."""
        return loading.events_after(self._conn, event_id, limit)

    def timeline(self) -> Timeline:
        """The merged timeline as stored (see `stale`)."""
        return loading.load_timeline(self._conn)

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
        """Events and claims matching `query` and the filters, earliest first (see
        `core.store.search.search`); `limit` is clamped to MAX_LIMIT."""
        return search(self._conn, query, actor=actor, country=country, since=since,
                      until=until, limit=limit)

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


def _check_file(name: str, create: bool) -> None:
    """Refuse, before SQLite touches it, a store path that is not a regular file, or one this
    process cannot write (the file, or its folder, where SQLite keeps the WAL beside it)."""
    path = Path(name)
    try:
        mode = os.stat(name).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise StoreError(name, f"cannot open: {error.strerror}") from error
    if mode is None and not create:
        raise StoreError(name, "no store here yet: run `dateline ingest PATH...` first")
    if mode is not None and not stat.S_ISREG(mode):
        raise StoreError(name, "not a regular file, so not a dateline store")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(name, f"cannot create its folder: {error.strerror}") from error
    if mode is not None and not os.access(name, os.R_OK | os.W_OK):
        raise StoreError(name, "the file is read-only (or unreadable) for you: dateline "
                         "needs to write its store; check its permissions")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(name, f"its folder {path.parent} is read-only for you: dateline keeps "
                         "its journal beside the store; check the folder's permissions")


def _problem(error: sqlite3.OperationalError) -> str:
    """One line for an SQLite failure, in the user's words."""
    message = str(error)
    lower = message.lower()
    if "is full" in lower:
        return "the disk is full; nothing was written (free some space and run it again)"
    if "readonly" in lower or "read-only" in lower:
        return "the store is read-only; nothing was written (check its permissions)"
    if "unable to open" in lower:
        return "cannot open it (is its folder readable and writable?)"
    if "disk i/o error" in lower:
        return "disk I/O error; nothing was written"
    return message


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
