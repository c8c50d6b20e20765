"""Ingest: article files into a store. Expand the paths, skip files whose content the store
already holds, analyse the rest (in a pool of worker processes when `jobs` > 1), save them in
batches, then merge once.

Bad input never stops a batch: each unreadable file becomes one ArticleError (str: "PATH:
problem") handed to `on_error` as it happens and listed in the report. Batches are saved as
they fill, so an interrupted run keeps what it finished (the store is then `stale` until the
next rebuild); the timeline is rebuilt once, at the end.

Parallel ingest: workers only read and analyse (`read_article` + `analyse`, a pure function of
one file); the parent alone writes the store, so SQLite sees one writer per ingest. Files go to
the workers in small chunks with a bounded number in flight, and results come back in file
order, so memory stays flat however large the corpus and the report is the same for any `jobs`.
Unchanged files are recognised by their content hash before anything is dispatched: a re-ingest
of an unchanged corpus costs one hash per file.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from dateline.core.articles.reading import (
    DEFAULT_MAX_BYTES,
    expand_paths,
    file_hash,
    read_article,
    sidecar_path,
)
from dateline.core.errors import ArticleError, DatelineError
from dateline.core.model import Article, ArticleAnalysis
from dateline.core.store.database import Store, StoreError

BATCH = 100  # analyses held in memory between saves
CHUNK = 4  # files per task sent to a worker: amortises the round trip, keeps order cheap
IN_FLIGHT_PER_JOB = 4  # chunks queued per worker: keeps it busy, bounds memory
# Below this many files to analyse a pool costs more to start (~0.5 s a worker: imports and
# rules) than it saves, so they are analysed in-process whatever `jobs` says.
MIN_FILES_FOR_POOL = 16

Analyse = Callable[[Article], ArticleAnalysis]
# What a worker hands back for one file: its analysis, or why there is none.
Outcome = tuple[ArticleAnalysis | None, ArticleError | None]


@dataclass(slots=True)
class IngestReport:
    """What an ingest did, file by file."""

    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # incl. copies of a stored file
    failed: list[ArticleError] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old path, new path)
    removed: list[str] = field(default_factory=list)  # by `prune`
    stored: int = 0  # analyses written to the store so far
    todo: int = 0  # files that needed an analysis

    def summary(self) -> str:
        extra = "".join(f", {len(items)} {word}" for items, word in
                        ((self.moved, "moved"), (self.removed, "removed")) if items)
        return (f"{len(self.ingested)} ingested, {len(self.unchanged)} unchanged, "
                f"{len(self.failed)} failed{extra}")


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during an ingest, after what was analysed had been saved: `report` says what."""

    def __init__(self, report: IngestReport) -> None:
        super().__init__()
        self.report = report

    def __str__(self) -> str:
        return (f"interrupted: {self.report.stored} stored, "
                f"{self.report.todo - self.report.stored} not")


def default_jobs() -> int:
    """How many worker processes an ingest uses by default: one per core."""
    return os.cpu_count() or 1


def ingest(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    analyse: Analyse | None = None,
    force: bool = False,
    on_error: Callable[[ArticleError], None] | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
    batch: int = BATCH,
    jobs: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    scheduler: str | None = None,
) -> IngestReport:
    """Ingest the articles at `paths` (files, directories, globs) into `store`.

    `force` re-analyses files the store already holds unchanged (after the analysis itself
    changed). `analyse` defaults to `dateline.core.pipeline.analyse`; with `jobs` > 1 it must be
    picklable (a module-level function), since it runs in the worker processes.
    `progress(done, total, path)` is called once per file: before analysing it in-process,
    as its result arrives from a worker, and as it is found unchanged.
    `scheduler` (a Dask scheduler address, "tcp://HOST:PORT") sends the analysis to that
    cluster instead of local worker processes (core.store.cluster).
    """
    report = IngestReport()

    def fail(error: ArticleError) -> None:
        report.failed.append(error)
        if on_error is not None:
            on_error(error)

    files = _expand_each(paths, fail)
    total = len(files)
    copies: dict[str, str] = {}  # a file -> the earlier file of this run with its content
    todo = _to_analyse(store, files, force, copies, report, progress, max_bytes)
    done = total - len(todo)

    def started(path: Path) -> None:
        nonlocal done
        if progress is not None:
            progress(done, total, path)
        done += 1

    if scheduler is not None:
        from dateline.core.store.cluster import analyse_on_cluster

        extracted = _announced(analyse_on_cluster(todo, scheduler, analyse=analyse,
                                                  max_bytes=max_bytes), started)
    else:
        extracted = _extract_all(todo, analyse, jobs, started, max_bytes)
    pending: list[tuple[Path, ArticleAnalysis]] = []
    failures: dict[str, ArticleError] = {}  # by the file analysed (an error may name its sidecar)
    try:
        for path, (analysis, error) in extracted:
            if error is not None:
                fail(error)
                failures[os.fspath(path)] = error
                continue
            assert analysis is not None
            pending.append((path, analysis))
            if len(pending) >= batch:
                _save(store, pending, force, report, fail)
                pending = []
    except KeyboardInterrupt:
        # Keep what was analysed (one transaction: the store stays whole if a second Ctrl-C
        # lands in it); the timeline is rebuilt by the next ingest or search.
        _save(store, pending, force, report, fail)
        raise IngestInterrupted(report) from None
    _save(store, pending, force, report, fail)
    _settle_copies(copies, report, failures, fail)
    if store.stale:  # saved above, or an earlier run that was interrupted, or a concurrent one
        store.rebuild()
    return report


def prune(store: Store, paths: Iterable[str | os.PathLike[str]] = ()) -> list[str]:
    """Remove the stored articles whose files are gone — all of them, or only those under
    `paths` (folders, files, the folder part of globs) — with their events and claims, and
    rebuild the timeline. Return the removed files."""
    roots = [_root_of(os.fspath(p)) for p in paths]
    gone = [
        stored for stored in store.stored_paths()
        if not os.path.lexists(stored)
        and (not roots or any(stored == r or stored.startswith(r.rstrip(os.sep) + os.sep)
                              for r in roots))
    ]
    if gone:
        store.remove(gone)
    return gone


def _root_of(arg: str) -> str:
    """The resolved folder (or file) an ingest argument covers."""
    magic = next((i for i, c in enumerate(arg) if c in "*?["), None)
    if magic is not None:
        arg = os.path.dirname(arg[:magic]) or "."
    return os.path.realpath(arg)


def _save(store: Store, pending: list[tuple[Path, ArticleAnalysis]], force: bool,
          report: IngestReport, fail: Callable[[ArticleError], None]) -> None:
    """Save a batch; if it cannot be saved whole, save its files one by one so that the one
    that cannot be stored fails alone (a store fault — full disk, read-only — still stops)."""
    if not pending:
        return
    try:
        store.save([a for _, a in pending], rebuild=False, force=force)
    except StoreError:
        raise
    except Exception:
        for path, analysis in pending:
            try:
                store.save([analysis], rebuild=False, force=force)
            except StoreError:
                raise
            except Exception as error:
                fail(ArticleError(path, f"cannot store its analysis: "
                                        f"{type(error).__name__}: {error}"))
                continue
            report.ingested.append(os.fspath(path))
            report.stored += 1
        return
    report.ingested.extend(os.fspath(path) for path, _ in pending)
    report.stored += len(pending)


def _to_analyse(
    store: Store, files: list[Path], force: bool, copies: dict[str, str], report: IngestReport,
    progress: Callable[[int, int, Path], None] | None, max_bytes: int,
) -> list[Path]:
    """The files that need an analysis; the others are recorded in `report` (unchanged,
    moved) or in `copies`. Hashes only, before any dispatch: an unchanged corpus must not
    cost an analysis."""
    todo: list[Path] = []
    hashes: dict[str, str] = {}  # content hash -> the path it was first found at, this run
    done = 0
    for path in files:
        if _known(store, path, force, hashes, copies, report, max_bytes):
            if progress is not None:
                progress(done, len(files), path)
            done += 1
        else:
            todo.append(path)
    report.todo = len(todo)
    return todo


def _settle_copies(copies: dict[str, str], report: IngestReport,
                   failures: dict[str, ArticleError],
                   fail: Callable[[ArticleError], None]) -> None:
    """A copy of a file of this run is unchanged when that file went in, else fails as it did
    (its sidecar named, when the first file's sidecar was the problem: they are the same)."""
    ingested = set(report.ingested)
    for copy, first in copies.items():
        if first in ingested:
            report.unchanged.append(copy)
        elif first in failures:
            error = failures[first]
            culprit = copy if error.path == first else os.fspath(sidecar_path(copy))
            fail(ArticleError(culprit, error.problem))


def _known(store: Store, path: Path, force: bool, hashes: dict[str, str],
           copies: dict[str, str], report: IngestReport, max_bytes: int) -> bool:
    """True when `path` needs no analysis: stored unchanged, a move of a stored file whose
    old path is gone (recorded as a move), or a copy of content already stored or found
    earlier in this run (an article once, not twice)."""
    digest = file_hash(path, max_bytes)
    if digest is None:
        return False  # unreadable: reading it again reports why
    known = store.known_hash(path)
    if known is not None:
        if digest == known and not force:
            report.unchanged.append(os.fspath(path))
            return True
        hashes.setdefault(digest, os.fspath(path))
        return False  # changed, or forced: analyse it
    if digest in hashes:  # a copy of a file found earlier in this run: settled after it
        copies[os.fspath(path)] = hashes[digest]
        return True
    hashes[digest] = os.fspath(path)
    stored = store.paths_with_hash(digest)
    for other in stored:
        if not os.path.lexists(other) and store.move(other, path):
            report.moved.append((other, os.fspath(path)))
            return True
    if stored:  # a copy of a stored file that is still there: one article, not two
        report.unchanged.append(os.fspath(path))
        return True
    return False


def _expand_each(
    paths: Iterable[str | os.PathLike[str]], fail: Callable[[ArticleError], None]
) -> list[Path]:
    """Expand each argument on its own, so one missing path does not lose the others."""
    found: dict[str, Path] = {}
    for arg in paths:
        try:
            for path in expand_paths([arg]):
                found.setdefault(os.path.realpath(path), path)
        except ArticleError as error:
            fail(error)
    return list(found.values())


# --- extraction: in-process or in a pool ---------------------------------------------------


def _extract_all(
    paths: Sequence[Path], analyse: Analyse | None, jobs: int, started: Callable[[Path], None],
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[tuple[Path, Outcome]]:
    """(path, outcome) for each of `paths`, in order."""
    if jobs <= 1 or len(paths) < MIN_FILES_FOR_POOL:
        analyse = analyse or _default_analyse()
        for path in paths:
            started(path)
            yield path, _extract(path, analyse, max_bytes)
        return
    for path, outcome in _pooled(paths, analyse, jobs, max_bytes):
        started(path)
        yield path, outcome


def _announced(results: Iterable[tuple[Path, Outcome]], started: Callable[[Path], None]
               ) -> Iterator[tuple[Path, Outcome]]:
    for path, outcome in results:
        started(path)
        yield path, outcome


def _default_analyse() -> Analyse:
    from dateline.core.pipeline import analyse  # deferred: heavy NLP imports

    return analyse


def _extract(path: Path, analyse: Analyse, max_bytes: int = DEFAULT_MAX_BYTES) -> Outcome:
    """Read and analyse one file; any failure becomes one ArticleError naming it."""
    article = read_one(path, max_bytes)
    if isinstance(article, ArticleError):
        return None, article
    return analyse_one(path, article, analyse)


def read_one(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Article | ArticleError:
    """One file read, or the one-line error that names it."""
    try:
        return read_article(path, max_bytes=max_bytes)
    except ArticleError as error:
        return error
    except Exception as error:  # a bug in reading one file must not sink the batch either
        return ArticleError(path, f"cannot read: {type(error).__name__}: {error}")


def analyse_one(path: Path, article: Article, analyse: Analyse) -> Outcome:
    """One article's analysis, or the one-line error that names its file."""
    try:
        return analyse(article), None
    except DatelineError as error:
        return None, ArticleError(path, str(error))
    except Exception as error:  # a bug in one file's analysis must not sink a 10k-file batch
        return None, ArticleError(path, f"analysis failed: {type(error).__name__}: {error}")


def _pooled(
    paths: Sequence[Path], analyse: Analyse | None, jobs: int, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[Path, Outcome]]:
    """Run `_extract` over `paths` in `jobs` worker processes, yielding results in order with
    at most jobs × IN_FLIGHT_PER_JOB chunks submitted and not yet consumed. A worker that dies
    (killed, out of memory) fails its chunk's files and the pool is started again; a chunk
    whose result cannot come back (it does not pickle) fails its files alone."""
    chunks = [list(paths[i:i + CHUNK]) for i in range(0, len(paths), CHUNK)]
    window = jobs * IN_FLIGHT_PER_JOB
    next_chunk = 0
    in_flight: deque[tuple[list[Path], Future[list[Outcome]]]] = deque()
    pool = _new_pool(jobs, analyse)
    finished = False
    try:
        while next_chunk < len(chunks) or in_flight:
            while next_chunk < len(chunks) and len(in_flight) < window:
                chunk = chunks[next_chunk]
                next_chunk += 1
                in_flight.append((chunk, pool.submit(_extract_chunk, chunk, max_bytes)))
            chunk, future = in_flight.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                # Every queued future of a broken pool fails too: resubmit those to a new one.
                outcomes = [(None, ArticleError(p, "the worker analysing it died (killed or "
                                                   "out of memory?)")) for p in chunk]
                _stop(pool)
                pool = _new_pool(jobs, analyse)
                in_flight = deque((c, pool.submit(_extract_chunk, c, max_bytes))
                                  for c, _ in in_flight)
            except Exception:  # a result did not pickle, or the task itself broke
                outcomes = [_one_by_one(pool, p, max_bytes) for p in chunk]
            yield from zip(chunk, outcomes, strict=True)
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            # Ctrl-C, or an error in the parent: stop the workers now rather than wait for
            # their chunks (a big file takes minutes).
            _stop(pool)


def _one_by_one(pool: ProcessPoolExecutor, path: Path, max_bytes: int) -> Outcome:
    """One file of a chunk that failed as a whole, alone: so only the culprit fails."""
    try:
        return pool.submit(_extract_chunk, [path], max_bytes).result()[0]
    except Exception as error:  # a broken pool too: the next chunk's result restarts it
        return None, ArticleError(path, f"analysis failed in a worker: "
                                        f"{type(error).__name__}: {error}")


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: terminate its workers, drop what is queued, wait for nothing."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=1.0)


def _new_pool(jobs: int, analyse: Analyse | None) -> ProcessPoolExecutor:
    # forkserver, not fork: the parent may run threads (the TUI) and holds an SQLite
    # connection, neither of which survives a fork safely; the server preloads the pipeline
    # once, so each worker starts from a process that has already imported it.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(  # type: ignore[attr-defined]
            ["dateline.core.store.ingest", "dateline.core.pipeline"]
        )
    _start_process_helpers(context)
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_worker_init,
        initargs=(analyse, os.getpid()),
    )


def _start_process_helpers(context: multiprocessing.context.BaseContext) -> None:
    """Start multiprocessing's resource tracker (and forkserver) with a real stderr to pass on.

    Under the app, sys.stderr is Textual's capture object, whose fileno() is -1; multiprocessing
    hands that to the helper it starts and fails with "bad value(s) in fds_to_keep". The
    helpers then write to /dev/null instead of over the app's screen."""
    try:
        if sys.stderr is not None and sys.stderr.fileno() >= 0:
            return
    except (AttributeError, OSError, ValueError):
        pass
    from multiprocessing import forkserver, resource_tracker

    saved = sys.stderr
    with open(os.devnull, "w") as sink:
        sys.stderr = sink
        try:
            resource_tracker.ensure_running()
            if context.get_start_method() == "forkserver":
                forkserver.ensure_running()
        finally:
            sys.stderr = saved


_worker_analyse: Analyse | None = None


def _worker_init(analyse: Analyse | None, ingest_pid: int) -> None:
    """Set up a worker: its analyse function, no Ctrl-C of its own, and an exit when the
    ingest that started it is gone."""
    global _worker_analyse
    _worker_analyse = analyse or _default_analyse()
    # Ctrl-C reaches the whole process group; only the parent should act on it (it stops
    # the workers), or every worker prints its own KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_when_orphaned, args=(ingest_pid,), daemon=True).start()


def _exit_when_orphaned(ingest_pid: int, interval: float = 0.5) -> None:
    # A worker's parent is the forkserver, not the ingest, and the forkserver lives on while
    # any worker holds its "alive" pipe: so each worker watches the ingest itself. Once the
    # workers are gone, the forkserver and the resource tracker see their pipes close and exit.
    import time

    while _alive(ingest_pid):
        time.sleep(interval)
    os._exit(1)


def _alive(pid: int) -> bool:
    """True while process `pid` runs (a zombie, killed but not yet reaped, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _extract_chunk(paths: list[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> list[Outcome]:
    analyse = _worker_analyse or _default_analyse()
    return [_extract(path, analyse, max_bytes) for path in paths]
