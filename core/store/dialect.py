"""What differs between the two backends of the store, in one place: the store's SQL is written
once, in SQLite's dialect, and `to_postgres` rewrites a statement for PostgreSQL; the few
things that are not one statement (the schema version, what a new store needs besides its
tables, the full-text match) are methods of `SQLITE` and `POSTGRES`, found with `dialect_of`.

The rewrite, statement by statement (cached): `?` becomes `%s` (and `%` is doubled); `IN ()`
(an empty list) becomes an empty subquery; the column `end`, a reserved word in PostgreSQL, is
quoted; `INTEGER PRIMARY KEY` becomes an identity column; text columns compare bytewise
(`COLLATE "C"`, SQLite's BINARY), so `ORDER BY id` lists the same order on both; an FTS5 table
becomes a table with a generated `tsvector` column and a GIN index over it, an R-tree table a
plain table with a B-tree index over its spans; `BEGIN IMMEDIATE`
(take the write lock now) becomes `BEGIN` + a transaction-level advisory lock, so writers
queue one after the other while readers go on under MVCC; `INSERT OR IGNORE` becomes
`ON CONFLICT DO NOTHING`; `char(0)` and `instr` become their PostgreSQL equivalents. New
plain SELECT/INSERT/UPDATE/DELETE statements with `?` placeholders need nothing here: they run
on both as written. Conventions the rewrite relies on: SQL keywords are upper case
(`CASE ... END`), identifiers lower case (`end`); full-text tables are named `*_search`; a
table's inserts either always give its `INTEGER PRIMARY KEY` or never do (an identity column
does not step over keys given by hand, as SQLite's max + 1 does).

Full-text search on PostgreSQL indexes and queries words folded in Python (`fold_words`: no
diacritics, case folded, split at every character that is not a letter or digit), as FTS5's
`unicode61 remove_diacritics 2` tokenizer does, then stemmed by the `dateline` text-search
configuration (Porter's stemmer, as FTS5's `porter`, and like it keeping stop words).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Protocol

_WORD = re.compile(r"[^\W_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")

# What a new PostgreSQL store needs besides its tables, created with migration 1.
_POSTGRES_PRELUDE = (
    "CREATE TABLE dateline_schema (version integer NOT NULL)",
    "INSERT INTO dateline_schema (version) VALUES (0)",
    # The original Porter stemmer, FTS5's (Snowball's "english" keeps "flus"; Porter gives
    # "flu"), and no stop-word list: FTS5 finds "who" and "the", so must this.
    "CREATE TEXT SEARCH DICTIONARY dateline_stem (TEMPLATE = snowball, Language = porter)",
    "CREATE TEXT SEARCH CONFIGURATION dateline (COPY = pg_catalog.english)",
    "ALTER TEXT SEARCH CONFIGURATION dateline ALTER MAPPING FOR asciiword, asciihword, "
    "hword_asciipart, word, hword, hword_part WITH dateline_stem",
    # SQLite's json_set for a one-key path ('$.path'), as Store.move uses it.
    "CREATE FUNCTION json_set(doc text, path text, value text) RETURNS text LANGUAGE sql "
    "IMMUTABLE AS $$ SELECT jsonb_set(doc::jsonb, string_to_array(substr(path, 3), '.'), "
    "to_jsonb(value))::text $$",
)

# A writer's lock: one per store, so stores in other schemas of the database never wait on it.
WRITE_LOCK = "SELECT pg_advisory_xact_lock(hashtext('dateline ' || current_schema()))"
# PostgreSQL text cannot hold NUL: the store writes U+FFFD (the replacement character) instead.
NUL_STANDIN = "\ufffd"


class Connection(Protocol):
    """What the store uses of a connection: sqlite3.Connection, or postgres.PgConnection."""

    def execute(self, sql: str, params: Any = ..., /) -> Any: ...


def fold_words(text: str) -> str:
    """`text` as the words FTS5 would index: without diacritics, case folded, one space
    between words (every run of letters and digits is a word)."""
    if not text.isascii():  # news text is mostly ASCII: only the other runs need work
        text = _NON_ASCII.sub(_bare, text)
    return " ".join(_WORD.findall(text.casefold()))


def _bare(run: re.Match[str]) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", run[0])
                   if not unicodedata.combining(c))


class _SQLite:
    name = "sqlite"
    foreign = "an SQLite database, but not a dateline store; not touching it"

    def user_version(self, conn: Connection) -> int:
        return conn.execute("PRAGMA user_version").fetchone()[0]

    def set_user_version(self, conn: Connection, version: int) -> None:
        conn.execute(f"PRAGMA user_version = {int(version)}")

    def has_tables(self, conn: Connection) -> bool:
        return bool(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])

    def prepare(self, conn: Connection) -> None:
        """Nothing: SQLite has all the store needs built in."""

    def match_sql(self, kind: str) -> str:
        """The rowids of `kind`'s search table matching the query parameter."""
        return f"SELECT rowid FROM {kind}_search WHERE {kind}_search MATCH ?"


class _Postgres(_SQLite):
    name = "postgresql"
    foreign = "a PostgreSQL schema with other tables, not a dateline store; not touching it"

    def user_version(self, conn: Connection) -> int:
        # A query of the catalog, not to_regclass: that reads a cache which, inside a
        # transaction that waited for the write lock, may not yet know a table another
        # process created meanwhile.
        if not conn.execute(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
            "AND tablename = 'dateline_schema'"
        ).fetchone()[0]:
            return 0
        return conn.execute("SELECT version FROM dateline_schema").fetchone()[0]

    def set_user_version(self, conn: Connection, version: int) -> None:
        conn.execute("UPDATE dateline_schema SET version = ?", (version,))

    def has_tables(self, conn: Connection) -> bool:
        return bool(conn.execute(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
        ).fetchone()[0])

    def prepare(self, conn: Connection) -> None:
        """The version table, the text-search configuration and SQLite's functions the
        store's SQL uses: created with the first migration, in its transaction."""
        for statement in _POSTGRES_PRELUDE:
            conn.execute(statement)

    def match_sql(self, kind: str) -> str:
        return f"SELECT rowid FROM {kind}_search WHERE tsv @@ to_tsquery('dateline', ?)"


SQLITE = _SQLite()
POSTGRES = _Postgres()


def dialect_of(conn: Connection) -> _SQLite:
    """The dialect of `conn`: PostgreSQL's for a PgConnection, else SQLite's."""
    return getattr(conn, "dialect", SQLITE)


# --- SQLite's SQL rewritten for PostgreSQL ---

_VIRTUAL = re.compile(
    r"CREATE VIRTUAL TABLE (\w+) USING fts5\((.*)\)\s*$", re.DOTALL | re.IGNORECASE)
_RTREE = re.compile(
    r"CREATE VIRTUAL TABLE (\w+) USING (rtree|rtree_i32)\((.*)\)\s*$", re.DOTALL | re.IGNORECASE)
_DELETE_ALL = re.compile(r"INSERT INTO (\w+) \(\1\) VALUES \('delete-all'\)\s*$")
_DDL = (
    (re.compile(r"\bINTEGER PRIMARY KEY\b"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),
    (re.compile(r"\)\s*WITHOUT ROWID\s*$"), ")"),
)
# One pass over a statement: literals and quoted names are kept as they are.
_TOKEN = re.compile(
    r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|(?P<mark>\?)|(?P<percent>%)"""
    r"""|(?<![\w"])(?P<end>end)(?![\w"])|(?P<nul>\bchar\(0\))|(?P<instr>\binstr\()"""
    r"""|(?P<none>\bIN \(\))"""
)
_REPLACE = {"mark": "%s", "percent": "%%", "end": '"end"', "nul": f"chr({ord(NUL_STANDIN)})",
            "instr": "strpos(", "none": "IN (SELECT NULL WHERE false)"}


@functools.lru_cache(maxsize=1024)
def to_postgres(sql: str) -> tuple[str, ...]:
    """The PostgreSQL statements (usually one) that do what SQLite's `sql` does."""
    stripped = sql.strip()
    if stripped == "BEGIN IMMEDIATE":
        return "BEGIN", WRITE_LOCK
    if stripped == "BEGIN":  # a read snapshot (Store._snapshot): all its reads see one state
        return ("BEGIN ISOLATION LEVEL REPEATABLE READ",)
    if found := _DELETE_ALL.match(stripped):  # FTS5's way of emptying a contentless table
        return (f"DELETE FROM {found[1]}",)
    if found := _VIRTUAL.match(stripped):
        return _search_table(found[1], found[2])
    if found := _RTREE.match(stripped):
        return _interval_table(found[1], found[2].lower() == "rtree_i32", found[3])
    if stripped.upper().startswith(("CREATE TABLE", "ALTER TABLE")):
        for pattern, replacement in _DDL:
            stripped = pattern.sub(replacement, stripped)
    if stripped.startswith("INSERT OR IGNORE INTO "):
        stripped = f"INSERT INTO {stripped[22:]} ON CONFLICT DO NOTHING"
    return (_TOKEN.sub(_token, stripped),)


def _token(match: re.Match[str]) -> str:
    # psycopg reads % everywhere, in literals too: there it stands for itself, doubled.
    return _REPLACE[match.lastgroup] if match.lastgroup else match[0].replace("%", "%%")


def _interval_table(name: str, integers: bool, arguments: str) -> tuple[str, ...]:
    """An R-tree table (id, then the min and max of each dimension) as a plain table, with a
    B-tree index over the first dimension's (max, min): "which spans meet [lo, hi]" reads it
    from `max >= lo` on, checking `min <= hi` in the index."""
    key, *bounds = [a.strip() for a in arguments.split(",") if a.strip()]
    kind = "BIGINT" if integers else "DOUBLE PRECISION"
    return (
        f"CREATE TABLE {name} ({key} BIGINT PRIMARY KEY, "
        + ", ".join(f"{b} {kind} NOT NULL" for b in bounds) + ")",
        f"CREATE INDEX {name}_span ON {name} ({bounds[1]}, {bounds[0]})",
    )


def _search_table(name: str, arguments: str) -> tuple[str, ...]:
    """An FTS5 table's columns as text columns (the rows are inserted as they are) with a
    generated tsvector over all of them, and its GIN index; `rowid` is the indexed row."""
    columns = [a.strip() for a in arguments.split(",") if "=" not in a and a.strip()]
    body = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
    return (
        f"CREATE TABLE {name} (rowid BIGINT PRIMARY KEY, "
        + "".join(f"{c} TEXT, " for c in columns)
        + f"tsv tsvector GENERATED ALWAYS AS (to_tsvector('dateline', {body})) STORED)",
        f"CREATE INDEX {name}_tsv ON {name} USING gin (tsv)",
    )
