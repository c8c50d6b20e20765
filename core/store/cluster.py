"""Analysis on a Dask distributed cluster: `dateline ingest PATH --scheduler tcp://HOST:PORT`.

The parent reads each file (so workers need no access to its disk) and sends the article to the
cluster, where `dateline.core.pipeline.analyse` runs — a pure function of one article, so any
worker may run it and a task whose worker died is simply run again by the scheduler. Results
come back as they finish; at most `window` articles are out at once, so memory stays bounded
however large the corpus. Workers must have the same dateline version installed.

`distributed` is an optional dependency (`pip install 'dateline[cluster]'`); it is imported
only when a scheduler is given.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from dateline.core.articles.reading import DEFAULT_MAX_BYTES
from dateline.core.errors import ArticleError, DatelineError
from dateline.core.store.ingest import Analyse, Outcome, _default_analyse, analyse_one, read_one

WINDOW_PER_WORKER = 8  # articles submitted per worker and not yet back: keeps workers busy
CONNECT_SECONDS = 5


class ClusterError(DatelineError):
    """The scheduler cannot be reached or used; the message names it."""


def analyse_on_cluster(
    paths: Sequence[Path],
    scheduler: str,
    *,
    analyse: Analyse | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    window: int | None = None,
) -> Iterator[tuple[Path, Outcome]]:
    """(path, outcome) for each of `paths`, in the order the cluster finishes them."""
    client = _connect(scheduler)
    try:
        yield from _run(client, paths, analyse or _default_analyse(), max_bytes, window)
    finally:
        client.close()


def _connect(scheduler: str):  # -> distributed.Client
    try:
        from distributed import Client
    except ImportError as error:
        raise ClusterError("--scheduler needs the 'distributed' package: "
                           "pip install 'dateline[cluster]'") from error
    try:
        return Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"{scheduler}: cannot reach the Dask scheduler ({error})") from error


def _run(client, paths: Sequence[Path], analyse: Analyse, max_bytes: int,
         window: int | None) -> Iterator[tuple[Path, Outcome]]:
    from distributed import wait

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    limit = window or workers * WINDOW_PER_WORKER
    in_flight: dict[object, Path] = {}  # future -> its file
    files = iter(paths)
    while True:
        while len(in_flight) < limit:
            path = next(files, None)
            if path is None:
                break
            article = read_one(path, max_bytes)
            if isinstance(article, ArticleError):
                yield path, (None, article)
                continue
            in_flight[client.submit(analyse_one, path, article, analyse, pure=False)] = path
        if not in_flight:
            return
        with client.as_current():  # `wait` asks for the current client; never the global one
            finished, _ = wait(list(in_flight), return_when="FIRST_COMPLETED")
        for future in finished:
            path = in_flight.pop(future)
            yield path, _outcome(future, path)
            future.release()


def _outcome(future, path: Path) -> Outcome:
    try:
        return future.result()
    except Exception as error:  # e.g. KilledWorker after the scheduler's retries ran out
        return None, ArticleError(path, f"analysis on the cluster failed: "
                                        f"{type(error).__name__}: {error}")
