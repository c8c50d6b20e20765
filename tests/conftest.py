"""What every test shares: nothing reads or writes the user's files, and the common fixtures.

Every test runs with HOME, the XDG base directories and DATELINE_DB pointing into its own
temporary directory (subprocesses inherit them), so no test can open, create or depend on the
user's store or configuration. Tests that check how the default store path is chosen set or
remove these variables themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.core.store import ingest as ingest_module
from dateline.core.store.database import Store

from tests import timeline_fakes as fakes

# `store_location`: the store's tests run on SQLite and on PostgreSQL (tests/store_backends.py).
pytest_plugins = ["tests.store_backends"]

XDG_DIRS = {
    "XDG_DATA_HOME": ".local/share",
    "XDG_CONFIG_HOME": ".config",
    "XDG_CACHE_HOME": ".cache",
    "XDG_STATE_HOME": ".local/state",
}


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A fresh HOME with its XDG folders, and DATELINE_DB inside it, for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name, folder in XDG_DIRS.items():
        monkeypatch.setenv(name, str(home / folder))
    monkeypatch.setenv("DATELINE_DB", str(home / "store" / "dateline.db"))
    return home


@pytest.fixture
def store_path(isolated_home: Path) -> Path:
    """Where DATELINE_DB points in this test (nothing is there until a command creates it)."""
    return isolated_home / "store" / "dateline.db"


@pytest.fixture
def fake_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    """Code that ingests and merges by default (the CLI) uses the hand-made analysis and merge
    of tests/timeline_fakes.py, through the core's own injection points: the analyse function
    `ingest` falls back to, and the `merge` every `Store.open` is given."""
    monkeypatch.setattr(ingest_module, "_default_analyse", lambda: fakes.analyse)
    open_store = Store.open.__func__  # type: ignore[attr-defined]

    def open_with_fake_merge(cls, *args, **kwargs):
        kwargs.setdefault("merge", fakes.merge)
        return open_store(cls, *args, **kwargs)

    monkeypatch.setattr(Store, "open", classmethod(open_with_fake_merge))
