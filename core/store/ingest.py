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
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from dateline.core.articles.reading import DEFAULT_MAX_BYTES, expand_paths, file_hash, read_article
from dateline.core.errors import ArticleError, DatelineError
from dateline.core.model import Article, ArticleAnalysis
from dateline.core.store.database import Store

BATCH = 100  # analyses held in memory between saves
CHUNK = 4  # files per task sent to a worker: amortises the round trip, keeps order cheap
IN_FLIGHT_PER_JOB = 4  # chunks queued per worker: keeps it busy, bounds memory
# Below this many files to analyse a pool costs more to start (~0.5 s a worker: imports and
# rules) than it saves, so they are analysed in-process whatever `jobs` says.
MIN_FILES_FOR_POOL = 16

Analyse = Callable[[Article], ArticleAnalysis]
# What a worker hands back for one file: its analysis, or why there is none.
_Outcome = tuple[ArticleAnalysis | None, ArticleError | None]


@dataclass(slots=True)
class IngestReport:
    """What an ingest did, file by file."""

    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[ArticleError] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.ingested)} ingested, {len(self.unchanged)} unchanged, "
                f"{len(self.failed)} failed")


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
) -> IngestReport:
    """Ingest the articles at `paths` (files, directories, globs) into `store`.

    `force` re-analyses files the store already holds unchanged (after the analysis itself
    changed). `analyse` defaults to `dateline.core.pipeline.analyse`; with `jobs` > 1 it must be
    picklable (a module-level function), since it runs in the worker processes.
    `progress(done, total, path)` is called once per file: before analysing it in-process,
    as its result arrives from a worker, and as it is found unchanged.
    """
    report = IngestReport()

    def fail(error: ArticleError) -> None:
        report.failed.append(error)
        if on_error is not None:
            on_error(error)

    files = _expand_each(paths, fail)
    total = len(files)
    done = 0
    todo: list[Path] = []
    for path in files:
        # Hash only, before any dispatch: an unchanged corpus must not cost an analysis.
        if not force and _unchanged(store, path):
            if progress is not None:
                progress(done, total, path)
            done += 1
            report.unchanged.append(os.fspath(path))
        else:
            todo.append(path)

    def started(path: Path) -> None:
        nonlocal done
        if progress is not None:
            progress(done, total, path)
        done += 1

    pending: list[ArticleAnalysis] = []
    for path, (analysis, error) in _extract_all(todo, analyse, jobs, started, max_bytes):
        if error is not None:
            fail(error)
            continue
        assert analysis is not None
        pending.append(analysis)
        report.ingested.append(os.fspath(path))
        if len(pending) >= batch:
            store.save(pending, rebuild=False, force=force)
            pending = []
    if pending:
        store.save(pending, rebuild=False, force=force)
    if store.stale:  # saved above, or an earlier run that was interrupted, or a concurrent one
        store.rebuild()
    return report


def _unchanged(store: Store, path: Path) -> bool:
    known = store.known_hash(path)
    return known is not None and file_hash(path) == known


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
) -> Iterator[tuple[Path, _Outcome]]:
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


def _default_analyse() -> Analyse:
    from dateline.core.pipeline import analyse  # deferred: heavy NLP imports

    return analyse


def _extract(path: Path, analyse: Analyse, max_bytes: int = DEFAULT_MAX_BYTES) -> _Outcome:
    """Read and analyse one file; any failure becomes one ArticleError naming it."""
    try:
        article = read_article(path, max_bytes=max_bytes)
    except ArticleError as error:
        return None, error
    try:
        return analyse(article), None
    except DatelineError as error:
        return None, ArticleError(article.path, str(error))
    except Exception as error:  # a bug in one file's analysis must not sink a 10k-file batch
        return None, ArticleError(
            article.path, f"analysis failed: {type(error).__name__}: {error}"
        )


def _pooled(
    paths: Sequence[Path], analyse: Analyse | None, jobs: int, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[Path, _Outcome]]:
    """Run `_extract` over `paths` in `jobs` worker processes, yielding results in order with
    at most jobs × IN_FLIGHT_PER_JOB chunks submitted and not yet consumed. A worker that dies
    (killed, out of memory) fails its chunk's files and the pool is started again."""
    chunks = [list(paths[i:i + CHUNK]) for i in range(0, len(paths), CHUNK)]
    window = jobs * IN_FLIGHT_PER_JOB
    next_chunk = 0
    in_flight: deque[tuple[list[Path], Future[list[_Outcome]]]] = deque()
    pool = _new_pool(jobs, analyse)
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
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(jobs, analyse)
                in_flight = deque((c, pool.submit(_extract_chunk, c, max_bytes))
                                  for c, _ in in_flight)
            yield from zip(chunk, outcomes, strict=True)
    finally:
        # On Ctrl-C or an error in the parent: drop what is queued, let running chunks end.
        pool.shutdown(wait=True, cancel_futures=True)


def _new_pool(jobs: int, analyse: Analyse | None) -> ProcessPoolExecutor:
    # forkserver, not fork: the parent may run threads (the TUI) and holds an SQLite
    # connection, neither of which survives a fork safely; the server preloads the pipeline
    # once, so each worker starts from a process that has already imported it.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(  # type: ignore[attr-defined]
            ["dateline.core.store.ingest", "dateline.core.pipeline"])
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_worker_init,
        initargs=(analyse,),
    )


_worker_analyse: Analyse | None = None


def _worker_init(analyse: Analyse | None) -> None:
    """Set up a worker: its analyse function, no Ctrl-C of its own, and an exit if orphaned."""
    global _worker_analyse
    _worker_analyse = analyse or _default_analyse()
    # Ctrl-C reaches the whole process group; only the parent should act on it (it cancels
    # the queued work), or every worker prints its own KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()


def _exit_when_orphaned(parent: int, interval: float = 0.5) -> None:
    # A SIGKILLed ingest cannot stop its workers; without this they would wait forever on a
    # queue nobody writes to. (The forkserver, their parent, exits when the ingest dies.)
    import time

    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(1)


def _extract_chunk(paths: list[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> list[_Outcome]:
    analyse = _worker_analyse or _default_analyse()
    return [_extract(path, analyse, max_bytes) for path in paths]
