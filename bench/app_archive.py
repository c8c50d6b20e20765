"""The app on an archive-scale store (bench/bigstore.py: 100k articles, ~1.5 M events): what it
reads at start, how soon its first screen is drawn, what the background load costs, and whether
the app answers keys while that load runs.

    python bench/app_archive.py [--articles 100000] [--seed 1] [--size 120x40]
                                [--first-screens N]
    python bench/ingest_parallel.py --store-only --articles 100000   (the same figures)

- start queries: each query the app runs before its first screen (`Store.open`, `stale`,
  `first_events(200)`, `year_counts`...), median of 5 warm runs and the first (colder) one;
- first screen: the app started headless with Pilot on the store, until its first event row
  is drawn (in a fresh process, so imports count as a user's start does);
- while loading: a cursor key (j, then k) every 0.2 s, timed until the cursor has moved (the
  worst and the median), the filter key `f` until the app answers, a jump (t 2024-10-01) until
  that date's events are drawn, and PgDn past the events on screen until the next are read;
- load: until the whole timeline is in (rows drawn from it), its facets indexed, and the
  lookup views warm; peak RSS of that process (ru_maxrss);
- after the load: `f` + a name typed into the picker, `/` + a word, until the answer is drawn.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_FIRST_SCREEN_S = 0.5
PREVIEW_EVENTS = 200  # tui.data.PREVIEW_EVENTS
LOAD_TIMEOUT_S = 1800.0
PAGES = 20  # PgDn presses while loading: past the 200 events on screen at 120x40


def median_ms(fn: Callable[[], object], runs: int = 5) -> tuple[float, float]:
    """(first run, median of the next `runs`) in ms."""
    started = time.perf_counter()
    fn()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return first, statistics.median(times)


def start_queries(path: Path) -> None:
    from dateline.core.store import loading
    from dateline.core.store.database import Store

    def opened() -> None:
        Store.open(path).close()

    print(f"  {'Store.open':34} first {median_ms(opened)[0]:8.1f} ms   "
          f"median {median_ms(opened)[1]:8.1f} ms")
    with Store.open(path) as store:
        conn = store._conn  # the bench reads what the app's queries read, one by one
        queries: list[tuple[str, Callable[[], object]]] = [
            ("stale (meta)", lambda: store.stale),
            (f"first_events({PREVIEW_EVENTS})", lambda: store.first_events(PREVIEW_EVENTS)),
            ("year_counts (whole table)", store.year_counts),
        ]
        if hasattr(loading, "year_counts_through"):  # (not in the app before it)
            from dateline.core.timeline.browse import DENSE_YEAR

            last = store.first_events(PREVIEW_EVENTS)[-1].start.year
            queries.append(("year_counts_through (first screen)",
                            lambda: loading.year_counts_through(conn, last, DENSE_YEAR)))
        queries += [
            ("count(*) events", lambda: conn.execute("SELECT count(*) FROM events").fetchone()),
            ("count(*) articles", store.article_count),
        ]
        for label, fn in queries:
            first, median = median_ms(fn)
            print(f"  {label:34} first {first:8.1f} ms   median {median:8.1f} ms")


def probe(path: Path, size: tuple[int, int], spawned: float | None = None,
          first_only: bool = False) -> dict[str, object]:
    """Run the app on the store in this process and time it (see the module docstring); in
    `dateline`'s order: the store's first rows prefetched, then the app's modules imported.
    `spawned`: the wall time (time.time) this process was started at, if known."""
    from dateline.tui.data import StoreSource

    source = StoreSource(path)
    if hasattr(source, "prefetch"):  # (the app before it had none: for figures before)
        source.prefetch()
    from textual import events
    from textual.strip import Strip

    from dateline.tui.app import DatelineApp
    from dateline.tui.main import MainScreen
    from dateline.tui.timeline import TimelineView

    painted: list[float] = []
    painted_wall: list[float] = []
    draw = TimelineView.render_line

    def render_line(view: TimelineView, y: int) -> Strip:
        if view.view and not painted:
            painted.append(time.perf_counter())
            painted_wall.append(time.time())
        return draw(view, y)

    TimelineView.render_line = render_line  # type: ignore[method-assign]
    out: dict[str, object] = {}
    arrived: list[float] = []
    handler = MainScreen.on_first_events_loaded

    def on_first_events_loaded(screen: MainScreen, message: object) -> None:
        arrived.append(time.perf_counter())
        handler(screen, message)  # type: ignore[arg-type]

    MainScreen.on_first_events_loaded = on_first_events_loaded  # type: ignore[method-assign]

    async def until(pilot, condition: Callable[[], bool], step: float = 0.001) -> float:
        # asyncio.sleep, not pilot.pause: Pilot waits for the process to go idle (up to 1 s),
        # which it never is while the app loads in the background.
        started = time.perf_counter()
        while not condition():
            if time.perf_counter() - started > LOAD_TIMEOUT_S:
                raise TimeoutError("the app did not get there")
            await asyncio.sleep(step)
        return time.perf_counter() - started

    def send(app: DatelineApp, key: str) -> None:
        """A key as the terminal driver delivers it (Pilot's press, without its idle waits)."""
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)

    async def run() -> None:
        app = DatelineApp(source, cursor_blink=False)
        started = time.perf_counter()
        try:
            async with app.run_test(size=size) as pilot:
                main = app.main
                await until(pilot, lambda: bool(painted))
                out["first_screen_s"] = painted[0] - started
                if spawned is not None:
                    out["first_screen_exec_s"] = painted_wall[0] - spawned
                out["preview_arrived_s"] = (arrived or painted)[0] - started
                if first_only:  # out now: the app's threads are busy with the full load
                    print(json.dumps(out), flush=True)
                    os._exit(0)
                moves, key = [], "j"
                while main.index is None and len(moves) < 5000:
                    before = main.timeline.cursor
                    t0 = time.perf_counter()
                    send(app, key)
                    await until(pilot, lambda b=before: main.timeline.cursor != b
                                or main.index is not None)
                    moves.append(time.perf_counter() - t0)
                    key = "k" if key == "j" else "j"
                    if len(moves) == 10 and hasattr(main, "window_since"):
                        t0 = time.perf_counter()
                        for typed in ("t", *"2024-10-01", "enter"):
                            send(app, typed)
                        await until(pilot, lambda: main.window_since is not None or
                                    main.index is not None)
                        out["jump_while_loading_ms"] = (time.perf_counter() - t0) * 1000
                        t0 = time.perf_counter()
                        for _ in range(PAGES):
                            send(app, "pagedown")
                        await until(pilot, lambda: len(main.timeline.view) > PREVIEW_EVENTS
                                    or main.index is not None)
                        out["pages_while_loading_ms"] = (time.perf_counter() - t0) * 1000
                    if len(moves) == 5:
                        t0 = time.perf_counter()
                        send(app, "f")
                        await until(pilot, lambda: main.message is not None or
                                    len(app.screen_stack) > 1)
                        out["f_while_loading_ms"] = (time.perf_counter() - t0) * 1000
                        out["f_while_loading"] = main.message[1] if main.message else "picker"
                        if len(app.screen_stack) > 1:
                            send(app, "escape")
                    await asyncio.sleep(0.2)
                if moves:
                    out["keys_while_loading"] = len(moves)
                    out["key_median_ms"] = statistics.median(moves) * 1000
                    out["key_worst_ms"] = max(moves) * 1000
                await until(pilot, lambda: main.index is not None, 0.05)
                out["loaded_s"] = time.perf_counter() - started
                await until(pilot, lambda: main.index.facets_ready, 0.05)
                out["facets_s"] = time.perf_counter() - started
                await until(pilot, lambda: not any(w.group == "load" and w.is_running
                                                   for w in app.workers), 0.05)
                out["warm_s"] = time.perf_counter() - started
                out["events"] = len(main.index.events)
                t0 = time.perf_counter()
                for key in ("f", *"person12"):
                    send(app, key)
                await until(pilot, lambda: getattr(app.screen, "answered", None) == "person12")
                out["filter_typed_ms"] = (time.perf_counter() - t0) * 1000
                t0 = time.perf_counter()
                send(app, "enter")
                await until(pilot, lambda: bool(main.filters) and len(app.screen_stack) == 1)
                out["filter_apply_ms"] = (time.perf_counter() - t0) * 1000
                out["filtered_events"] = len(main.timeline.view)
                send(app, "escape")
                t0 = time.perf_counter()
                for key in ("slash", *"kharkiv", "enter"):
                    send(app, key)
                await until(pilot, lambda: main.query_text == "kharkiv")
                out["search_ms"] = (time.perf_counter() - t0) * 1000
                out["search_hits"] = len(main.hits)
        finally:
            source.close()

    try:
        asyncio.run(run())
    finally:
        TimelineView.render_line = draw  # type: ignore[method-assign]
        MainScreen.on_first_events_loaded = handler  # type: ignore[method-assign]
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def app_figures(path: Path, size: tuple[int, int], first_only: bool = False
                ) -> dict[str, object]:
    """`probe` in a fresh Python process (imports and memory are the app's own)."""
    proc = subprocess.run(
        [sys.executable, __file__, "--probe", str(path), "--size", f"{size[0]}x{size[1]}",
         "--spawned", repr(time.time()), *(["--first-only"] if first_only else [])],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    if proc.returncode:
        raise SystemExit(f"the app probe failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def first_screens(path: Path, size: tuple[int, int], runs: int) -> None:
    """The first screen alone, `runs` times (each a fresh process, stopped once it is drawn)."""
    figures = [app_figures(path, size, first_only=True) for _ in range(runs)]
    for key, label in (("first_screen_s", "app start"), ("first_screen_exec_s",
                                                          "process start, imports included")):
        times = sorted(f[key] for f in figures)
        print(f"first screen from {label}: median {statistics.median(times):.2f} s "
              f"(of {runs}: {', '.join(f'{t:.2f}' for t in times)})")


def report(path: Path, size: tuple[int, int]) -> None:
    size_mib = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20
    print(f"store {path} ({size_mib:,.0f} MiB)")
    print("start queries (what the app reads before its first screen):")
    start_queries(path)
    figures = app_figures(path, size)
    first = figures["first_screen_s"]
    ok = "ok" if first < TARGET_FIRST_SCREEN_S else "MISS"
    print(f"first screen (app start to first event row, Pilot {size[0]}x{size[1]}): "
          f"{first:.2f} s   target < {TARGET_FIRST_SCREEN_S} s {ok}   (first rows handed to "
          f"the screen at {figures['preview_arrived_s']:.2f} s; from the process's start, "
          f"imports included: {figures['first_screen_exec_s']:.2f} s)")
    if "keys_while_loading" in figures:
        print(f"while loading: {figures['keys_while_loading']} cursor keys, median "
              f"{figures['key_median_ms']:.0f} ms, worst {figures['key_worst_ms']:.0f} ms; "
              f"f answered in {figures.get('f_while_loading_ms', 0):.0f} ms "
              f"({figures.get('f_while_loading')!r})")
    if "jump_while_loading_ms" in figures:
        print(f"while loading: t 2024-10-01 Enter drew that date's events in "
              f"{figures['jump_while_loading_ms']:.0f} ms; {PAGES} × PgDn read the next page in "
              f"{figures['pages_while_loading_ms']:.0f} ms")
    print(f"full load: {figures['events']:,} events in at {figures['loaded_s']:.1f} s, facets "
          f"{figures['facets_s']:.1f} s, views warm {figures['warm_s']:.1f} s; peak RSS "
          f"{figures['peak_rss_mib']:,.0f} MiB")
    print(f"after the load: f + 'person12' suggestions {figures['filter_typed_ms']:.0f} ms, "
          f"Enter {figures['filter_apply_ms']:.0f} ms ({figures['filtered_events']:,} events); "
          f"/kharkiv Enter {figures['search_ms']:.0f} ms ({figures['search_hits']:,} hits)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--first-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--first-screens", type=int, metavar="N",
                        help="only the first screen, N times (no full load)")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    if args.probe:
        print(json.dumps(probe(args.probe, (width, height), args.spawned, args.first_only)))
        return 0
    import bigstore

    path = bigstore.ensure(args.articles, args.seed)
    if args.first_screens:
        first_screens(path, (width, height), args.first_screens)
    else:
        report(path, (width, height))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
