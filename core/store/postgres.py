"""The store on PostgreSQL: `connect` opens a `postgresql://USER@HOST/DB` URL through psycopg 3
(imported here only, so the SQLite store needs nothing of it) and gives a `PgConnection`, which
the Store uses as it uses an sqlite3 connection: `execute`, `executemany`, `in_transaction`.
Each statement is rewritten from SQLite's dialect by `core.store.dialect.to_postgres`.

The store lives in the connection's current schema (`public`, or the first of a search_path
set in the URL: `?options=-csearch_path%3Dmystory`), so one database can hold several.
Statements outside a transaction run on their own (autocommit): a reader sees the last
committed state and never waits. Writers take a transaction-level advisory lock when their
transaction begins (`BEGIN IMMEDIATE`), so several ingests queue instead of deadlocking, and
wait for it at most LOCK_WAIT_S. Every failure psycopg reports becomes one StoreError naming
the store (its URL without the password).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from dateline.core.store.dialect import NUL_STANDIN, POSTGRES, fold_words, to_postgres
from dateline.core.store.paths import StoreError, shown_store
from dateline.core.store.schema import check_version, migrate

LOCK_WAIT_S = 300  # as long as an SQLite writer retries (database.LOCK_WAIT_S)
CONNECT_TIMEOUT_S = 10
# The full-text tables (FTS5 in SQLite) are the tables named *_search.
_SEARCH_INSERT = re.compile(r"\s*INSERT INTO \w+_search\b")
_PLAIN_INSERT = re.compile(r"INSERT INTO (\w+) \(([\w, ]+)\) VALUES \(\?(?:, ?\?)*\)")


def connect(url: str, *, create: bool = True) -> PgConnection:
    """Open the store at `url`, creating and migrating its schema if needed (not if `create`
    is False: then a database without a store is refused). One StoreError on any failure."""
    name = shown_store(url)
    try:
        import psycopg
    except ImportError:
        raise StoreError(name, "a PostgreSQL store needs psycopg 3: pip install "
                         "'dateline[postgres]'") from None
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as error:
        raise StoreError(name, f"cannot connect: {one_line(error)}") from error
    conn = PgConnection(raw, name)
    try:
        conn.execute(f"SET lock_timeout = '{LOCK_WAIT_S}s'")
        if conn.execute("SELECT current_schema()").fetchone()[0] is None:
            raise StoreError(name, "its search_path names no schema that exists: create the "
                             "schema first (CREATE SCHEMA ...)")
        if check_version(conn, name) == 0 and not create:
            raise StoreError(name, "no store here yet: run `dateline ingest PATH...` first")
        migrate(conn, name)
    except BaseException:
        conn.close()
        raise
    return conn


def one_line(error: Exception) -> str:
    """psycopg's message on one line (libpq's are several, indented)."""
    return " ".join(str(error).split()) or type(error).__name__


class PgConnection:
    """A psycopg connection that takes the store's SQLite-dialect statements."""

    dialect = POSTGRES

    def __init__(self, raw: Any, name: str) -> None:
        self._raw = raw
        self.name = name

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run `sql` (SQLite dialect, `?` placeholders); return the cursor of its last
        statement (fetchone, fetchall, iteration, rowcount)."""
        statements = to_postgres(sql)
        cursor = self._raw.cursor()
        with _errors(self.name):
            try:
                for statement in statements[:-1]:
                    cursor.execute(statement, ())
                cursor.execute(statements[-1], [_value(v) for v in params])
            except BaseException:
                # A BEGIN whose lock failed: as in SQLite, no transaction is left open.
                if len(statements) > 1 and statements[0] == "BEGIN" and self.in_transaction:
                    self._raw.execute("ROLLBACK")
                raise
        return cursor

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any:
        """Run `sql` once per row; a plain INSERT of many rows (the timeline's tables) goes
        through COPY, many times faster than row by row. A search table's text is folded
        here, as its index expects (see `core.store.dialect`)."""
        fold = bool(_SEARCH_INSERT.match(sql))
        values = (
            [fold_words(v) if fold and isinstance(v, str) else _value(v) for v in row]
            for row in rows
        )
        cursor = self._raw.cursor()
        with _errors(self.name):
            if plain := _PLAIN_INSERT.fullmatch(sql.strip()):
                (copy_sql,) = to_postgres(f"COPY {plain[1]} ({plain[2]}) FROM STDIN")
                with cursor.copy(copy_sql) as copy:
                    for row in values:
                        copy.write_row(row)
            else:
                (statement,) = to_postgres(sql)
                cursor.executemany(statement, values)
        return cursor

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self._raw.info.transaction_status in (
            TransactionStatus.INTRANS, TransactionStatus.INERROR, TransactionStatus.ACTIVE)

    def close(self) -> None:
        self._raw.close()


@contextmanager
def _errors(name: str) -> Iterator[None]:
    """What psycopg raises, as one StoreError naming the store."""
    import psycopg

    try:
        yield
    except psycopg.errors.LockNotAvailable as error:
        raise StoreError(name, f"{one_line(error)} (another process has held it for too "
                         "long; try again when it is done)") from error
    except psycopg.errors.DiskFull as error:
        raise StoreError(name, "the server's disk is full; nothing was written") from error
    except psycopg.Error as error:
        raise StoreError(name, one_line(error)) from error


def _value(value: Any) -> Any:
    """A parameter as PostgreSQL can hold it: text cannot contain NUL (see NUL_STANDIN); a
    bool is an integer, as SQLite stores it."""
    if isinstance(value, str) and "\0" in value:
        return value.replace("\0", NUL_STANDIN)
    if isinstance(value, bool):
        return int(value)
    return value
