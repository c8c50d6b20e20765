"""Ingest against hostile and unlucky input (issue 12): one bad file never loses the batch, in
process or in the pool; the same content at another path is the same article; files that are
gone can be pruned; Ctrl-C stops at once with one line; no process outlives a killed ingest.

The subprocess tests run the real `python -m dateline ingest`, waiting on what it prints or
what processes exist, polling with a deadline, never on a fixed sleep.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from dateline.core.store.database import Store
from dateline.core.store.ingest import MIN_FILES_FOR_POOL, ingest

from tests import timeline_fakes as fakes
from tests.test_ingest_safety import DEADLINE_S, dateline, run_env, wait_for, write_articles

DEEP_TOML = "title = " + "[" * 5000 + "]" * 5000 + "\n"


def _folder(tmp_path: Path, count: int, name: str = "fake") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for n in range(count):
        (folder / f"a{n:03d}.txt").write_text(
            f"Thing {n} of {name} happened on 2024-01-{1 + n % 28:02d}.\n", encoding="utf-8")
    return folder


# --- one bad file, the rest stored ----------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_ingest_hostile_deeply_nested_sidecar_is_one_line(tmp_path, jobs):
    folder = _folder(tmp_path, MIN_FILES_FOR_POOL + 4)
    (folder / "a000.toml").write_text(DEEP_TOML, encoding="utf-8")
    with Store.open(":memory:", merge=fakes.merge) as store:
        report = ingest(store, [folder], analyse=fakes.analyse, jobs=jobs)
        assert [str(e) for e in report.failed] == [
            f"{folder / 'a000.toml'}: malformed TOML metadata: nested too deeply"]
        assert len(report.ingested) == MIN_FILES_FOR_POOL + 3
        assert store.article_count() == MIN_FILES_FOR_POOL + 3


def unpicklable_analyse(article):
    """fakes.analyse, except that one file's result cannot travel back from a worker."""
    if Path(article.path).name == "a005.txt":
        return (x for x in ())  # a generator does not pickle
    return fakes.analyse(article)


def test_ingest_hostile_a_result_that_cannot_come_back_fails_alone(tmp_path):
    folder = _folder(tmp_path, MIN_FILES_FOR_POOL + 4)
    with Store.open(":memory:", merge=fakes.merge) as store:
        report = ingest(store, [folder], analyse=unpicklable_analyse, jobs=2)
        (error,) = report.failed
        assert str(error).startswith(f"{folder / 'a005.txt'}: analysis failed in a worker:")
        assert store.article_count() == MIN_FILES_FOR_POOL + 3


def test_ingest_hostile_a_file_name_that_is_not_utf8_is_stored_and_shown_escaped(tmp_path):
    folder = _folder(tmp_path, 2)
    bad = os.path.join(os.fsencode(folder), b"bad\xff\xfe.txt")
    with open(bad, "wb") as f:
        f.write(b"Troops crossed the border on 2024-05-06.\n")
    with Store.open(":memory:", merge=fakes.merge) as store:
        report = ingest(store, [folder], analyse=fakes.analyse)
        assert not report.failed and len(report.ingested) == 3
        ids = sorted(a.id for a in store.timeline().articles)
        assert ids == ["a000", "a001", "bad\\xff\\xfe"]
        # The stored name leads back to the file: unchanged on a second run.
        again = ingest(store, [folder], analyse=fakes.analyse)
        assert len(again.unchanged) == 3 and not again.ingested


# --- content identity -----------------------------------------------------------------------


def test_ingest_hostile_a_moved_file_is_the_same_article(tmp_path, store_location):
    folder = _folder(tmp_path, 3)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with Store.open(store_location, merge=fakes.merge) as store:
        ingest(store, [folder], analyse=fakes.analyse)
        events = len(store.timeline().events)
        (folder / "a001.txt").rename(elsewhere / "moved.txt")
        report = ingest(store, [elsewhere], analyse=fakes.analyse)
        assert report.moved == [(str(folder / "a001.txt"), str(elsewhere / "moved.txt"))]
        assert not report.ingested
        timeline = store.timeline()
        assert sorted(a.id for a in timeline.articles) == ["a000", "a002", "moved"]
        assert len(timeline.events) == events
        assert all(len({m.article_id for m in e.mentions}) == 1 for e in timeline.events)
        assert store.known_hash(elsewhere / "moved.txt") is not None


def test_ingest_hostile_a_copy_is_not_a_second_article(tmp_path, store_location):
    folder = _folder(tmp_path, 2)
    copy = tmp_path / "copy.txt"
    copy.write_bytes((folder / "a000.txt").read_bytes())
    with Store.open(store_location, merge=fakes.merge) as store:
        ingest(store, [folder], analyse=fakes.analyse)
        report = ingest(store, [copy], analyse=fakes.analyse)
        assert report.unchanged == [str(copy)] and store.article_count() == 2
        # Two copies in one run: one article too.
        other = tmp_path / "other"
        other.mkdir()
        for name in ("x.txt", "y.txt"):
            (other / name).write_text("Fresh news on 2024-07-07.\n", encoding="utf-8")
        report = ingest(store, [other], analyse=fakes.analyse)
        assert len(report.ingested) == 1 and len(report.unchanged) == 1
        assert store.article_count() == 3


def test_ingest_hostile_prune_removes_articles_whose_files_are_gone(tmp_path, store_location):
    from dateline.core.store.ingest import prune

    folder = _folder(tmp_path, 3)
    keep = _folder(tmp_path, 1, name="keep")
    with Store.open(store_location, merge=fakes.merge) as store:
        ingest(store, [folder, keep], analyse=fakes.analyse)
        (folder / "a002.txt").unlink()
        (keep / "a000.txt").unlink()
        assert prune(store, [folder]) == [str(folder / "a002.txt")]  # only under `folder`
        timeline = store.timeline()
        assert sorted(a.path for a in timeline.articles) == sorted(
            [str(folder / "a000.txt"), str(folder / "a001.txt"), str(keep / "a000.txt")])
        assert not any(m.article_id == "a002" for e in timeline.events for m in e.mentions)
        assert prune(store) == [str(keep / "a000.txt")]
        assert store.article_count() == 2


def test_ingest_hostile_cli_prune_and_remove(tmp_path):
    db = tmp_path / "store.db"
    env = run_env(tmp_path)
    paths = write_articles(tmp_path / "w", 3, "echo")
    run = subprocess.run(dateline(db, str(tmp_path / "w"), "--jobs", "1"), env=env,
                         capture_output=True, text=True, timeout=DEADLINE_S)
    assert run.returncode == 0, run.stderr
    paths[0].unlink()
    run = subprocess.run(dateline(db, "--prune"), env=env, capture_output=True, text=True,
                         timeout=DEADLINE_S)
    assert run.returncode == 0, run.stderr
    assert run.stderr == f"dateline: {paths[0]}: gone; its article was removed\n"
    assert run.stdout.startswith("0 ingested, 0 unchanged, 0 failed, 1 removed")
    remove = [*dateline(db)[:-1], "remove", str(paths[1]), str(tmp_path / "never.txt")]
    run = subprocess.run(remove, env=env, capture_output=True, text=True, timeout=DEADLINE_S)
    assert run.returncode == 1
    assert run.stdout.startswith("1 removed")
    assert run.stderr == f"dateline: {tmp_path / 'never.txt'}: not in the store\n"
    with Store.open(db) as store:
        assert [a.path for a in store.timeline().articles] == [str(paths[2])]


# --- stopping -------------------------------------------------------------------------------


def descendants(pid: int) -> set[int]:
    """Every live process below `pid` (by parent links in /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_bytes()
            except OSError:
                continue
            fields = stat.rsplit(b")", 1)[1].split()
            if fields[0] != b"Z":
                children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.add(child)
            todo.append(child)
    return found


def running(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if state != b"Z":
            alive.add(pid)
    return alive


def _start(tmp_path: Path, count: int) -> tuple[subprocess.Popen[str], list[str], Path]:
    db = tmp_path / "store.db"
    write_articles(tmp_path / "many", count, "golf")
    proc = subprocess.Popen(dateline(db, str(tmp_path / "many"), "--jobs", "2"),
                            env=run_env(tmp_path), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stderr or ()), daemon=True).start()
    return proc, lines, db


@pytest.mark.parametrize("count", [400])
def test_ingest_hostile_ctrl_c_stops_at_once_with_one_line(tmp_path, count):
    proc, lines, db = _start(tmp_path, count)
    try:
        wait_for(lambda: any(" 100 of " in line for line in lines) or proc.poll() is not None,
                 "the first progress line")
        assert proc.poll() is None, lines
        family = descendants(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        sent = time.monotonic()
        proc.wait(timeout=DEADLINE_S)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    out = proc.stdout.read() if proc.stdout else ""
    time.sleep(0.2)  # let the stderr reader drain
    assert proc.returncode == 130, (out, lines)
    assert not any("Traceback" in line for line in lines), lines
    final = lines[-1].strip()
    assert final.startswith("dateline: interrupted: ") and final.endswith(" not"), lines
    stored = int(final.split()[2])
    with Store.open(db) as store:
        assert store.article_count() == stored >= 100
    wait_for(lambda: not running(family), "the workers to exit", deadline=5)
    print(f"Ctrl-C to exit: {took:.2f} s")  # the figure; the bound is the 5 s wait above


@pytest.mark.parametrize("count", [400])
def test_ingest_hostile_sigkill_leaves_no_process_behind(tmp_path, count):
    proc, lines, _ = _start(tmp_path, count)
    try:
        # The pool is up: the forkserver and both workers exist below the ingest.
        wait_for(lambda: len(descendants(proc.pid)) >= 3 or proc.poll() is not None,
                 "the worker pool")
        wait_for(lambda: any(" of " in line for line in lines) or proc.poll() is not None,
                 "the first results")
        assert proc.poll() is None, lines
        family = descendants(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)  # the ingest alone, as an OOM killer would
    finally:
        proc.wait(timeout=DEADLINE_S)
    wait_for(lambda: not running(family), f"processes {running(family)} to exit", deadline=5)


@pytest.mark.parametrize("sidecar", [None, "= 1\n"])
def test_ingest_hostile_a_copy_of_a_bad_file_fails_as_it_does(tmp_path, sidecar):
    folder = tmp_path / "bad"
    folder.mkdir()
    for name in ("f0", "f1"):
        (folder / f"{name}.txt").write_bytes(b"" if sidecar is None else b"Text on 2024-01-01.\n")
        if sidecar is not None:
            (folder / f"{name}.toml").write_text(sidecar, encoding="utf-8")
    with Store.open(":memory:", merge=fakes.merge) as store:
        report = ingest(store, [folder], analyse=fakes.analyse)
    named = [Path(e.path).name for e in report.failed]
    assert named == (["f0.txt", "f1.txt"] if sidecar is None else ["f0.toml", "f1.toml"])
    assert not report.ingested and not report.unchanged
