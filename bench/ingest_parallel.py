"""The whole `dateline ingest` path at scale, against the targets: throughput with 1 and 2
worker processes, peak memory, a re-ingest of an unchanged corpus, and, on a 100k-event store,
the app's first screen and search.

    python bench/ingest_parallel.py [--count 2000] [--seed 1] [--corpus DIR] [--jobs 1,2]
                                    [--profile N] [--skip-store] [--store-only [--articles N]]

The corpus is built by bench/corpus.py (real texts from ../shared, ~4.6 KB each) into
/tmp/dateline-corpus-COUNT-sSEED unless it is there already. Each ingest is a fresh
`python -m dateline --db FILE ingest CORPUS --jobs N` subprocess into a new store file, timed
from start to exit: start-up, reading, analysis, batches, merge and timeline write. Memory: the
peak of the summed RSS of the ingest and all its descendants (the workers), sampled every
200 ms; shared pages are counted once per process, so it is an upper bound. Afterwards one
article is added to the finished store and then changed (`dateline ingest FILE`, a new process
each, timed end to end: start-up, analysis, merging in place, writes). `--profile N` runs
cProfile over `core.pipeline.analyse` on the corpus's first N articles, in this process, and
prints the top ten by own time and by cumulative time.

The 100k-event figures reuse bench/store.py's synthetic corpus (10,000 articles × 10 events,
merge stand-in): full load = `Store.open` + `Store.timeline()` + `TimelineIndex`, as the app's
StoreSource does in its background worker; first rows = `Store.open` + `first_events` +
`year_counts`, what the app draws first; first screen = the app started on the store with Pilot
(120x40), until its first event row is drawn; search = `Store.search` medians.
`--store-only` runs these alone; `--store-only --articles 100000` measures the app on a store of
100k articles instead (~1.5 M events: bench/bigstore.py builds it once in /tmp, in ~10 min;
bench/app_archive.py measures start queries, first screen, keys while loading, full load).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import corpus as corpus_builder  # noqa: E402

TARGET_PER_CORE = 50.0  # articles/s per core on news-length articles
TARGET_MEMORY_MB = 400.0  # peak for a 10k-article ingest
TARGET_ONE_CHANGE_S = 2.0  # one changed article into a 10k-article store, end to end
TARGET_SPEEDUP = 1.8  # --jobs 2 against --jobs 1
TARGET_FIRST_SCREEN_S = 1.0  # at 100k events
TARGET_SEARCH_MS = 100.0  # at 100k events
PREVIEW_EVENTS = 200  # tui.data.PREVIEW_EVENTS: the events the app reads for its first screen
PROFILE_TOP = 10


# --- memory of a process tree (Linux /proc; elsewhere: unknown) --------------------------------


def _tree_rss_mb(root: int) -> float | None:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: ppid is the 2nd field after ')'.
        ppid = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = int(statm[1]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total / 1e6


def run_ingest(db: Path, corpus: Path, jobs: int) -> tuple[float, float | None, str]:
    """Seconds, peak summed RSS (MB) and the last stdout line of one `dateline ingest`."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dateline", "--db", str(db), "ingest", str(corpus),
         "--jobs", str(jobs)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    peak: float | None = None
    while proc.poll() is None:
        sample = _tree_rss_mb(proc.pid)
        if sample is not None:
            peak = max(peak or 0.0, sample)
        time.sleep(0.2)  # sampling interval (a /proc scan costs CPU the ingest wants)
    seconds = time.perf_counter() - started
    out = (proc.stdout.read() if proc.stdout else "").strip().splitlines()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"ingest --jobs {jobs} failed with exit code {proc.returncode}")
    return seconds, peak, out[-1] if out else ""


def one_change(db: Path, corpus: Path, tmp: Path) -> tuple[float, float, str]:
    """Seconds of `dateline ingest FILE` end to end (a new process, as a user runs it) for one
    new article beside the stored ones, then for the same file changed: a copy of the corpus's
    first article with a sentence added, then another."""
    source = next(iter(sorted(corpus.rglob("*.txt"))))
    changed = tmp / "changed" / "one-changed-article.txt"
    changed.parent.mkdir(exist_ok=True)
    text = source.read_text(encoding="utf-8")
    changed.write_text(text + "\n\nOfficials said on Monday that talks would resume.\n",
                       encoding="utf-8")
    added, _, _ = run_ingest(db, changed, 1)
    changed.write_text(text + "\n\nOfficials said on Tuesday that talks had collapsed.\n",
                       encoding="utf-8")
    again, _, summary = run_ingest(db, changed, 1)
    return added, again, summary


def verdict(ok: bool) -> str:
    return "ok  " if ok else "MISS"


# --- the 100k-event store -------------------------------------------------------------------


def store_figures(tmp: Path) -> None:
    import store as store_bench  # bench/store.py

    from dateline.core.store.database import Store
    from dateline.core.timeline.browse import TimelineIndex

    path = tmp / "events100k.db"
    analyses = store_bench.synthetic(10_000, 10)
    with Store.open(path, merge=store_bench.one_event_per_mention) as store:
        for i in range(0, len(analyses), 500):
            store.save(analyses[i:i + 500], rebuild=False)
        events = len(store.rebuild().events)
    del analyses

    def first_screen() -> int:
        with Store.open(path) as store:
            timeline = store.timeline()
            TimelineIndex(timeline)
            return len(timeline.events)

    def first_rows() -> int:
        with Store.open(path) as store:
            store.year_counts()
            return len(store.first_events(PREVIEW_EVENTS))

    seconds = median(first_screen, 3)
    print(f"full load at {events:,} events (open + timeline() + index): {seconds:6.2f} s   "
          "(in the app's background worker)")
    ms = median(first_rows, 5) * 1000
    print(f"first rows at {events:,} events (open + first_events + year_counts): {ms:6.1f} ms")
    painted, loaded = app_first_screen(path)
    print(f"first screen at {events:,} events (Store.open to rows painted, Pilot 120x40): "
          f"{painted:6.2f} s   target < {TARGET_FIRST_SCREEN_S:.0f} s  "
          f"{verdict(painted < TARGET_FIRST_SCREEN_S)}   (whole timeline in {loaded:.2f} s)")
    with Store.open(path) as store:
        for query in ("Kharkiv", "w4321", '"w1 w2"', "w12*", "on"):
            ms = median(lambda q=query: store.search(q), 5) * 1000
            print(f"search {query!r:10} at {events:,} events: {ms:8.1f} ms         "
                  f"target < {TARGET_SEARCH_MS:.0f} ms {verdict(ms < TARGET_SEARCH_MS)}")


def app_first_screen(path: Path) -> tuple[float, float]:
    """Seconds from starting the app on the store at `path` (its worker opens it) to the first
    event row drawn, and to the whole timeline loaded, driven headless by Pilot."""
    import asyncio

    from textual.strip import Strip

    from dateline.tui.app import DatelineApp
    from dateline.tui.data import StoreSource
    from dateline.tui.timeline import TimelineView

    painted: list[float] = []
    draw = TimelineView.render_line

    def render_line(view: TimelineView, y: int) -> Strip:
        if view.view and not painted:
            painted.append(time.perf_counter())
        return draw(view, y)

    async def run() -> tuple[float, float]:
        source = StoreSource(path)
        app = DatelineApp(source, cursor_blink=False)
        started = time.perf_counter()
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                while not painted:
                    await pilot.pause(0.001)
                while app.main.index is None:
                    await pilot.pause(0.01)
                return painted[0] - started, time.perf_counter() - started
        finally:
            source.close()

    TimelineView.render_line = render_line  # type: ignore[method-assign]
    try:
        return asyncio.run(run())
    finally:
        TimelineView.render_line = draw  # type: ignore[method-assign]


def median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --- profile --------------------------------------------------------------------------------


def profile_pipeline(corpus: Path, n: int) -> None:
    from dateline.core.articles.reading import expand_paths, read_article
    from dateline.core.pipeline import analyse

    articles = [read_article(p) for p in expand_paths([corpus])[:n]]
    analyse(articles[0])  # load rules and gazetteers outside the profile
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for article in articles:
        analyse(article)
    profiler.disable()
    seconds = time.perf_counter() - started
    print(f"\nprofile: analyse on {len(articles)} articles, {seconds:.2f} s under cProfile "
          f"({len(articles) / seconds:.0f} articles/s)")
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]
    for title, index in (("own time", 2), ("cumulative", 3)):
        print(f"  top {PROFILE_TOP} by {title}:   own s    cum s      calls")
        ranked = sorted(entries.items(), key=lambda item: -item[1][index])[:PROFILE_TOP]
        for (filename, line, function), (_, calls, own, cumulative, _) in ranked:
            where = function if filename == "~" else \
                f"{function}  {_short(filename)}:{line}"
            print(f"    {own:8.2f} {cumulative:8.2f} {calls:10,}  {where}")


def _short(filename: str) -> str:
    path = Path(filename)
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return path.name


# --- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="articles in the corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: built in /tmp)")
    parser.add_argument("--jobs", default="1,2", help="comma-separated job counts to time")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also cProfile analyse over the first N articles")
    parser.add_argument("--skip-store", action="store_true",
                        help="leave out the 100k-event store figures")
    parser.add_argument("--store-only", action="store_true",
                        help="only the 100k-event store figures (no corpus, no ingest)")
    parser.add_argument("--articles", type=int, metavar="N",
                        help="with --store-only: the app on an archive-scale store of N "
                        "articles instead (bench/bigstore.py, bench/app_archive.py)")
    args = parser.parse_args(argv)
    if args.store_only and args.articles:
        import app_archive
        import bigstore

        app_archive.report(bigstore.ensure(args.articles), (120, 40))
        return 0
    if args.store_only:
        with tempfile.TemporaryDirectory() as tmp_name:
            store_figures(Path(tmp_name))
        return 0
    corpus = args.corpus or Path(tempfile.gettempdir()) / \
        f"dateline-corpus-{args.count}-s{args.seed}"
    if not corpus_builder.existing(corpus, args.count, args.seed):
        print(f"building {corpus} ({args.count:,} articles) with bench/corpus.py")
        corpus_builder.build(corpus, args.count, args.seed)
    jobs_list = [int(j) for j in args.jobs.split(",")]
    print(f"dateline ingest bench: {args.count:,} articles in {corpus}, Python "
          f"{sys.version.split()[0]}, {os.cpu_count()} cores")

    rates: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for jobs in jobs_list:
            db = tmp / f"jobs{jobs}.db"
            seconds, peak, summary = run_ingest(db, corpus, jobs)
            rates[jobs] = args.count / seconds
            per_core = rates[jobs] / jobs
            peak_text = f"{peak:,.0f} MB" if peak is not None else "unknown"
            print(f"ingest --jobs {jobs}: {seconds:7.1f} s  {rates[jobs]:6.1f} articles/s  "
                  f"{per_core:5.1f}/core (target ≥ {TARGET_PER_CORE:.0f} "
                  f"{verdict(per_core >= TARGET_PER_CORE)})  peak RSS {peak_text} "
                  f"(target < {TARGET_MEMORY_MB:.0f} at 10k "
                  f"{verdict(peak is not None and peak < TARGET_MEMORY_MB)})  [{summary}]")
            if jobs == jobs_list[-1]:
                again, _, summary = run_ingest(db, corpus, jobs)
                print(f"re-ingest unchanged (--jobs {jobs}): {again:6.2f} s  [{summary}]")
                added, changed, summary = one_change(db, corpus, tmp)
                print(f"one more article: {added:5.2f} s; the same file changed: {changed:5.2f} s "
                      f"(target < {TARGET_ONE_CHANGE_S:.0f} s at 10k "
                      f"{verdict(max(added, changed) < TARGET_ONE_CHANGE_S)})  [{summary}]")
        if 1 in rates and len(rates) > 1:
            top = max(rates)
            speedup = rates[top] / rates[1]
            print(f"speed-up 1 -> {top} jobs: {speedup:.2f}× (target ≥ {TARGET_SPEEDUP}× "
                  f"{verdict(speedup >= TARGET_SPEEDUP)})")
        if not args.skip_store:
            store_figures(tmp)
    if args.profile:
        profile_pipeline(corpus, args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
