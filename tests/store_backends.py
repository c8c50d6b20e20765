"""The store's two backends for tests: `store_location` is parametrised over SQLite and
PostgreSQL, so a test that opens its store there runs on both.

PostgreSQL needs a server: DATELINE_TEST_POSTGRES is the URL of a database the tests may
create schemas in (`.ci/postgres start DIR` starts a throwaway one and prints it). Each test
gets a schema of its own, dropped afterwards; the store's URL names it in its search_path.
Without the variable the PostgreSQL cases are skipped, except on CI (CI=true), where they fail:
CI must never pass by skipping them.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from dateline.core.store.dialect import POSTGRES, dialect_of

ENV_VAR = "DATELINE_TEST_POSTGRES"
BACKENDS = ("sqlite", "postgresql")


def postgres_url() -> str:
    """The test server's URL, or skip (fail on CI) when there is none."""
    url = os.environ.get(ENV_VAR)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{ENV_VAR} is not set: CI must run the PostgreSQL store tests "
                        "(.ci/run starts a server for them)")
        pytest.skip(f"no PostgreSQL server: set {ENV_VAR} (see .ci/postgres)")
    return url


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[object]:
    """One autocommit connection to the test database, to create and drop schemas."""
    import psycopg

    with psycopg.connect(postgres_url(), autocommit=True) as conn:
        yield conn


def with_schema(url: str, schema: str) -> str:
    """`url` with `schema` as its search_path: where the store lives."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture
def postgres_store(request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a fresh, empty schema of the test database, dropped after the test."""
    admin = request.getfixturevalue("postgres_admin")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_schema(postgres_url(), schema)
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=BACKENDS)
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives: an SQLite file, or a PostgreSQL schema's URL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("postgres_store")


def is_postgres(location: str) -> bool:
    return location.startswith("postgresql://")


def raw_connection(location: str) -> Any:
    """A connection to the store's database that neither opens nor migrates the store (to
    look at it, or to damage it, behind the store's back); SQLite's dialect on both."""
    if is_postgres(location):
        import psycopg

        from dateline.core.store.postgres import PgConnection

        return PgConnection(psycopg.connect(location, autocommit=True), location)
    return sqlite3.connect(location, isolation_level=None)


def version_of(location: str) -> int:
    conn = raw_connection(location)
    try:
        return dialect_of(conn).user_version(conn)
    finally:
        conn.close()


def table_names(conn: Any) -> set[str]:
    """The tables of the store's schema (SQLite: of the file)."""
    return {row[0] for row in conn.execute(
        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
        if dialect_of(conn) is POSTGRES else "SELECT name FROM sqlite_master WHERE type = 'table'"
    )}
