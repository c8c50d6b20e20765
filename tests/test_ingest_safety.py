"""Ingest under stress: a SIGKILL mid-way, two ingests writing one store at once, a store held
locked by another connection, and the worker pool (`--jobs`) giving what one process gives.

The subprocess tests run the real `python -m dateline ingest` on small articles generated from
templates (no corpus needed); they wait on what the process prints or stores, polling with a
deadline, never on a fixed sleep.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dateline.core.store import database as store_module
from dateline.core.store.database import Store, StoreError
from dateline.core.store.ingest import MIN_FILES_FOR_POOL, ingest

from tests import timeline_fakes as fakes
from tests.store_backends import is_postgres

ROOT = Path(__file__).resolve().parent.parent
DEADLINE_S = 60.0  # generous: CI machines are slow; a passing run takes a few seconds

CITIES = ("Seoul", "Kyiv", "Kharkiv", "Pyongyang", "Vladivostok", "Moscow", "Tokyo")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.")
SPEAKERS = ("the defence ministry", "a government spokesman", "officials", "the agency")


def write_articles(folder: Path, count: int, word: str) -> list[Path]:
    """`count` short news-like articles with sidecars; `word` marks this folder's events."""
    folder.mkdir(parents=True)
    paths = []
    for i in range(count):
        city, day = CITIES[i % len(CITIES)], DAYS[i % len(DAYS)]
        month, first = MONTHS[i % len(MONTHS)], 1 + i % 20
        text = (
            f"On {day}, officials in {city} said {1000 + 25 * i:,} {word} troops arrived "
            f"between {month} {first} and {month} {first + 5}.\n\n"
            f"{SPEAKERS[i % len(SPEAKERS)].capitalize()} said on {month} {first + 6} that more "
            f"{word} units would follow within weeks.\n\n"
            f'"We are watching closely," said a spokesman in {city} on {day}.\n'
        )
        path = folder / f"{word}-{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        year = 2020 + i % 5
        path.with_suffix(".toml").write_text(
            f'title = "{word} troops in {city}, part {i}"\noutlet = "Wire {i % 3}"\n'
            f"published = {year}-{MONTHS.index(month) + 1:02d}-{first + 7:02d}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def dateline(db: Path | str, *args: str) -> list[str]:
    return [sys.executable, "-m", "dateline", "--db", str(db), "ingest", *args]


def run_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_DATA_HOME=str(tmp_path / "xdg"))
    env.pop("DATELINE_DB", None)
    return env


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def wait_for(condition: Callable[[], bool], what: str, deadline: float = DEADLINE_S) -> None:
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"timed out after {deadline:.0f} s waiting for {what}")
        time.sleep(0.02)


def event_count(store: Store, word: str) -> int:
    return sum(hit.kind == "event" for hit in store.search(word, limit=10_000))


def mention_count(store: Store, word: str) -> int:
    """The event mentions of the articles named `word-NNNN` (whatever events they merged
    into: another folder's identical template sentences may join them)."""
    return sum(m.article_id.startswith(f"{word}-") for e in store.timeline().events
               for m in e.mentions)


# --- SIGKILL mid-way --------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["2"])  # the pool: the harder case; --jobs 1 runs below
def test_ingest_safety_sigkill_midway_keeps_the_store_whole_and_a_rerun_finishes(tmp_path, jobs):
    db = tmp_path / "store.db"
    env = run_env(tmp_path)
    first = write_articles(tmp_path / "first", 12, "alpha")
    second = write_articles(tmp_path / "second", 250, "bravo")
    done = subprocess.run(dateline(db, str(tmp_path / "first"), "--jobs", "1"), env=env,
                          capture_output=True, text=True, timeout=DEADLINE_S)
    assert done.returncode == 0, done.stderr
    with Store.open(db) as store:
        alpha_mentions = mention_count(store, "alpha")
    assert alpha_mentions > 0

    # Its own session, so the kill reaches the workers too, as a terminal's would.
    proc = subprocess.Popen(dateline(db, str(tmp_path / "second"), "--jobs", jobs), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr or ()), daemon=True)
    reader.start()
    try:
        # "100 of" is printed once the first batch of 100 has been committed.
        wait_for(lambda: any(" 100 of 250 files" in line for line in lines)
                 or proc.poll() is not None, "the first progress line")
        assert proc.poll() is None, f"ingest ended before the kill: {lines}"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=DEADLINE_S)
        reader.join(timeout=DEADLINE_S)
    assert proc.returncode == -signal.SIGKILL

    assert integrity(db) == "ok"
    with Store.open(db) as store:
        assert store.article_count() >= len(first) + 100
        stored = {row[0] for row in store._conn.execute("SELECT path FROM articles")}
        assert {os.path.realpath(p) for p in first} <= stored
        assert mention_count(store, "alpha") == alpha_mentions

    rerun = subprocess.run(dateline(db, str(tmp_path / "second"), "--jobs", jobs), env=env,
                           capture_output=True, text=True, timeout=DEADLINE_S)
    assert rerun.returncode == 0, rerun.stderr
    assert "0 failed" in rerun.stdout
    assert integrity(db) == "ok"
    with Store.open(db) as store:
        assert store.article_count() == len(first) + len(second)
        assert not store.stale
        assert mention_count(store, "alpha") == alpha_mentions
        assert event_count(store, "bravo") > 0


# --- two writers ------------------------------------------------------------------------------


def test_ingest_safety_two_concurrent_ingests_both_finish(tmp_path, store_location):
    db = store_location  # fresh: both also race to create it (an SQLite file, or a PG schema)
    env = run_env(tmp_path)
    ones = write_articles(tmp_path / "one", 120, "charlie")
    twos = write_articles(tmp_path / "two", 120, "delta")
    procs = [
        subprocess.Popen(dateline(db, str(tmp_path / "one"), "--jobs", "1"), env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        subprocess.Popen(dateline(db, str(tmp_path / "two"), "--jobs", "2"), env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
    ]
    outputs = [proc.communicate(timeout=DEADLINE_S) for proc in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err and "0 failed" in out
    assert is_postgres(db) or integrity(db) == "ok"
    with Store.open(db) as store:
        assert store.article_count() == len(ones) + len(twos)
        assert not store.stale
        assert event_count(store, "charlie") > 0 and event_count(store, "delta") > 0


# --- a lock held by someone else --------------------------------------------------------------


def hold_lock(db: Path, seconds: float) -> threading.Thread:
    """Another connection takes the write lock, then lets it go after `seconds`."""
    conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")

    def release() -> None:
        time.sleep(seconds)  # the length of the hold, not a synchronisation
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=release)
    thread.start()
    return thread


@pytest.mark.parametrize("busy_ms", [20])
def test_ingest_safety_writes_wait_out_a_lock_past_the_busy_timeout(tmp_path, monkeypatch,
                                                                    busy_ms):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", busy_ms)
    db = tmp_path / "store.db"
    with Store.open(db, merge=fakes.merge) as store:
        holder = hold_lock(db, 0.5)  # 25 busy timeouts: only retries get through
        report = ingest(store, [_fake_folder(tmp_path, 3)], analyse=fakes.analyse)
        holder.join()
        assert len(report.ingested) == 3 and store.article_count() == 3
        assert not store.stale


@pytest.mark.parametrize("wait", [0.2])
def test_ingest_safety_a_lock_never_released_is_one_error_naming_the_store(tmp_path,
                                                                          monkeypatch, wait):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 20)
    monkeypatch.setattr(store_module, "LOCK_WAIT_S", wait)
    db = tmp_path / "store.db"
    with Store.open(db, merge=fakes.merge) as store:
        holder = hold_lock(db, 1.0)
        with pytest.raises(StoreError) as caught:
            store.save([fakes.analyse(_article(tmp_path))])
        holder.join()
    assert str(caught.value).startswith(f"{db}: database is locked")


def test_ingest_safety_a_rebuild_redoes_a_merge_overtaken_by_a_save(tmp_path):
    db = tmp_path / "store.db"
    folder = _fake_folder(tmp_path, 4)
    merged: list[int] = []

    with Store.open(db, merge=fakes.merge) as other:
        def merge_then_overtake(analyses):
            merged.append(len(analyses))
            if len(merged) == 1:  # another process saves while this merge runs
                ingest(other, [tmp_path / "late"], analyse=fakes.analyse)
            return fakes.merge(analyses)

        with Store.open(db, merge=merge_then_overtake) as store:
            ingest(store, [folder], analyse=fakes.analyse)
            assert merged[:2] == [4, 5] and not store.stale
            assert len(store.timeline().articles) == 5


# --- the pool ---------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [2])
def test_ingest_safety_pool_gives_what_one_process_gives(tmp_path, jobs):
    folder = _fake_folder(tmp_path, MIN_FILES_FOR_POOL + 5)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "crash.txt").write_text("Crash on 2024-01-01.\n", encoding="utf-8")
    reports = []
    for n in (1, jobs):
        with Store.open(":memory:", merge=fakes.merge) as store:
            reports.append(ingest(store, [folder], analyse=crashing_analyse, jobs=n))
            timeline = store.timeline()
            reports.append([(e.start, e.text) for e in timeline.events])
    one, one_events, pooled, pooled_events = reports
    assert pooled.ingested == one.ingested and len(one.ingested) == MIN_FILES_FOR_POOL + 5
    assert [str(e) for e in pooled.failed] == [str(e) for e in one.failed]
    assert any("crash.txt: analysis failed: ZeroDivisionError" in str(e) for e in pooled.failed)
    assert any("empty.txt: empty file" in str(e) for e in pooled.failed)
    assert pooled_events == one_events


def crashing_analyse(article):
    """fakes.analyse, except on crash.txt (module level: the pool pickles it by name)."""
    if Path(article.path).name == "crash.txt":
        raise ZeroDivisionError("boom")
    return fakes.analyse(article)


def _fake_folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "fake"
    folder.mkdir(exist_ok=True)
    for n in range(count):
        (folder / f"a{n:03d}.txt").write_text(
            f"Thing {n} happened on 2024-01-{1 + n % 28:02d}.\n", encoding="utf-8")
    late = tmp_path / "late"  # beside, not inside: a walk of `folder` must not find it
    late.mkdir(exist_ok=True)
    (late / "late.txt").write_text("Late thing on 2024-02-02.\n", encoding="utf-8")
    return folder


def _article(tmp_path: Path):
    from dateline.core.articles.reading import read_article

    path = tmp_path / "one.txt"
    path.write_text("One thing on 2024-03-03.\n", encoding="utf-8")
    return read_article(path)
