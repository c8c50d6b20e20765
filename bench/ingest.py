"""Ingest throughput: reading, analysing and merging articles, three workloads, one process.

    python bench/ingest.py [--only seeds|t17|timeml] [--limit N] [--profile [analyse|merge]]
                           [--tracemalloc]

Workloads (data from ../shared relative to the repository root; each timed on its own):

- seeds:  the five bundled seeds, each read from disk 200 times and given a distinct id and path
          (`003_…~17`), so merging sees 1,000 articles, as an ingest of one big story would;
- t17:    every Timeline17 article (`*/InputDocs/*/*.htm.txt`, PTB text detokenised on reading,
          date from the folder); empty files are counted and skipped. Ids get their folder as a
          prefix because 424 file names recur across the folders, and merging keys on ids;
- timeml: the TempEval-3 training documents (TimeBank + AQUAINT), <TEXT> as the article and the
          DCT as its publication date.

For each: seconds to read, to analyse (`core.pipeline.analyse`, one article at a time) and to
merge (`core.timeline.merge.build_timeline` over all of them),
articles/s, event mentions extracted and
their rate, merged events, claims, and peak memory. Memory is the peak resident set size
(Linux VmHWM) of the process during the workload: the high-water mark is reset before each
workload through /proc/self/clear_refs, so workloads do not inherit each other's peak; where
that is impossible it falls back to getrusage's ru_maxrss (peak since the process started).
`--tracemalloc` adds the peak of Python allocations too, at the price of slower timings.

Loading rules, gazetteers and tries is paid once in a warm-up before any workload and printed
apart. Articles the pipeline crashes on are caught one by one, counted and listed by error.
`--profile` runs cProfile over each workload's analyse step (`--profile merge`: its merge step;
that step's timings are then inflated) and prints the top functions by cumulative and own time.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import platform
import pstats
import re
import resource
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.core.articles.reading import expand_paths, read_article  # noqa: E402
from dateline.core.errors import ArticleError  # noqa: E402
from dateline.core.evaluation.timeml import parse_timeml  # noqa: E402
from dateline.core.model import Article, ArticleAnalysis, Timeline  # noqa: E402
from dateline.core.pipeline import analyse  # noqa: E402
from dateline.core.timeline.merge import build_timeline  # noqa: E402

SHARED = ROOT / ".." / "shared"
SEEDS = ROOT / "seeds"
T17 = SHARED / "corpora" / "timeline17"
TIMEML = SHARED / "bench" / "tempeval3" / "train"
SEED_COPIES = 200
PROFILE_TOP = 15
WORKLOADS = ("seeds", "t17", "timeml")
PROFILED_STEPS = ("analyse", "merge")


# ---------------------------------------------------------------------------------------------
# Memory: per-workload peak RSS where Linux lets us reset the high-water mark.

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _status_kib(field_name: str) -> int | None:
    try:
        match = re.search(rf"^{field_name}:\s+(\d+) kB", _STATUS.read_text(), re.M)
    except OSError:
        return None
    return int(match.group(1)) if match else None


def reset_peak_rss() -> bool:
    """Reset the process's peak RSS (Linux ≥ 4.0: "5" > clear_refs); False if not possible."""
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


def peak_rss_mib(resettable: bool) -> float:
    if resettable and (kib := _status_kib("VmHWM")) is not None:
        return kib / 1024
    # ru_maxrss is KiB on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def rss_mib() -> float | None:
    kib = _status_kib("VmRSS")
    return kib / 1024 if kib is not None else None


# ---------------------------------------------------------------------------------------------
# Workloads: each reads its articles and reports what it skipped.


@dataclass(slots=True)
class Loaded:
    articles: list[Article]
    skipped: list[str] = field(default_factory=list)  # empty files: expected, counted
    unreadable: list[str] = field(default_factory=list)  # other read errors: worth a look


def load_seeds(limit: int | None) -> Loaded:
    paths = expand_paths([SEEDS])
    total = len(paths) * SEED_COPIES if limit is None else limit
    articles: list[Article] = []
    for copy in range(SEED_COPIES):
        for path in paths:
            if len(articles) >= total:
                return Loaded(articles)
            article = read_article(path)
            articles.append(replace(article, id=f"{article.id}~{copy}",
                                    path=f"{article.path}~{copy}"))
    return Loaded(articles)


def load_t17(limit: int | None) -> Loaded:
    loaded = Loaded([])
    for path in sorted(T17.glob("*/InputDocs/*/*.htm.txt"))[:limit]:
        topic = path.parent.parent.parent.name
        try:
            article = read_article(path)
        except ArticleError as error:
            where = f"{path.relative_to(T17)}: {error.problem}"
            (loaded.skipped if "empty file" in error.problem else loaded.unreadable).append(where)
            continue
        loaded.articles.append(replace(article, id=f"{topic}/{article.id}"))
    return loaded


def load_timeml(limit: int | None) -> Loaded:
    loaded = Loaded([])
    for path in sorted(TIMEML.rglob("*.tml"))[:limit]:
        try:
            document = parse_timeml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            loaded.unreadable.append(f"{path.relative_to(TIMEML)}: {error}")
            continue
        if not document.text.strip():
            loaded.skipped.append(f"{path.relative_to(TIMEML)}: no <TEXT>")
            continue
        loaded.articles.append(Article(
            id=path.stem,  # file names are unique in TBAQ; some DOCIDs are not set
            path=str(path),
            text=document.text,
            published=document.dct,
            published_source="metadata" if document.dct else None,
            content_hash=hashlib.sha256(document.text.encode()).hexdigest(),
        ))
    return loaded


LOADERS: dict[str, tuple[str, Callable[[int | None], Loaded]]] = {
    "seeds": (f"seeds ×{SEED_COPIES}", load_seeds),
    "t17": ("Timeline17", load_t17),
    "timeml": ("TempEval-3 train (TimeML)", load_timeml),
}


# ---------------------------------------------------------------------------------------------
# Running and reporting one workload.


@dataclass(slots=True)
class Result:
    name: str
    articles: int = 0
    chars: int = 0
    skipped: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    read: float = 0.0
    analyse: float = 0.0
    merge: float = 0.0
    timexes: int = 0
    mentions: int = 0
    claims: int = 0
    events: int = 0
    conflicts: int = 0
    peak_rss: float = 0.0
    start_rss: float | None = None
    traced_peak: float | None = None
    profile: pstats.Stats | None = None

    @property
    def total(self) -> float:
        return self.read + self.analyse + self.merge


def _where(error: BaseException) -> str:
    """The innermost project frame of a traceback, as file:line (where the bug most likely is)."""
    found = "?"
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(str(ROOT)) and "/.venv/" not in filename:
            found = f"{Path(filename).relative_to(ROOT)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


def _failure_key(error: BaseException) -> str:
    message = " ".join(str(error).split())[:120]
    return f"{type(error).__name__}: {message} (at {_where(error)})"


def analyse_all(articles: Sequence[Article], result: Result,
                profiler: cProfile.Profile | None) -> list[ArticleAnalysis]:
    analyses: list[ArticleAnalysis] = []
    if profiler:
        profiler.enable()
    started = time.perf_counter()
    for article in articles:
        try:
            analyses.append(analyse(article))
        except Exception as error:  # one bad article must not hide the throughput of the rest
            result.failures[_failure_key(error)].append(article.id)
    result.analyse = time.perf_counter() - started
    if profiler:
        profiler.disable()
    return analyses


def run_workload(key: str, limit: int | None, profile: str | None, trace: bool) -> Result:
    name, loader = LOADERS[key]
    if key == "seeds" and limit is not None:
        name = f"seeds ×{limit / len(expand_paths([SEEDS])):g}"  # say how many copies ran
    result = Result(name)
    gc.collect()
    resettable = reset_peak_rss()
    result.start_rss = rss_mib()
    if trace:
        tracemalloc.start()

    started = time.perf_counter()
    loaded = loader(limit)
    result.read = time.perf_counter() - started
    result.articles = len(loaded.articles)
    result.chars = sum(len(a.text) for a in loaded.articles)
    result.skipped, result.unreadable = loaded.skipped, loaded.unreadable

    profiler = cProfile.Profile() if profile else None
    analyses = analyse_all(loaded.articles, result, profiler if profile == "analyse" else None)
    result.timexes = sum(len(a.timexes) for a in analyses)
    result.mentions = sum(len(a.events) for a in analyses)
    result.claims = sum(len(a.claims) for a in analyses)

    merge_profiler = profiler if profile == "merge" else None
    if merge_profiler:
        merge_profiler.enable()
    started = time.perf_counter()
    timeline: Timeline | None = None
    try:
        timeline = build_timeline(analyses)
    except Exception as error:
        result.failures[_failure_key(error)].append("build_timeline (all articles)")
    result.merge = time.perf_counter() - started
    if merge_profiler:
        merge_profiler.disable()
    if timeline is not None:
        result.events = len(timeline.events)
        result.conflicts = sum(1 for e in timeline.events if e.conflicts)

    if trace:
        result.traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    result.peak_rss = peak_rss_mib(resettable)
    if profiler:
        result.profile = pstats.Stats(profiler)
    return result


def _rate(count: float, seconds: float, unit: str) -> str:
    return f"{count / seconds:,.0f} {unit}/s" if seconds > 0 else f"- {unit}/s"


def print_result(result: Result, profiled: str | None) -> None:
    r = result
    print(f"\n{r.name}: {r.articles:,} articles, {r.chars / 1e6:.1f} M chars"
          + (f", {len(r.skipped)} empty files skipped" if r.skipped else "")
          + (f", {len(r.unreadable)} unreadable" if r.unreadable else ""))
    print(f"  read    {r.read:7.2f} s  {_rate(r.articles, r.read, 'articles'):>18}")
    print(f"  analyse {r.analyse:7.2f} s  {_rate(r.articles, r.analyse, 'articles'):>18}"
          f"  {r.mentions:,} event mentions ({_rate(r.mentions, r.analyse, 'mentions')}),"
          f" {r.claims:,} claims, {r.timexes:,} timexes"
          + (" (under cProfile)" if profiled == "analyse" else ""))
    print(f"  merge   {r.merge:7.2f} s  {_rate(r.mentions, r.merge, 'mentions'):>18}"
          f"  -> {r.events:,} events ({_rate(r.events, r.merge, 'events')}),"
          f" {r.conflicts:,} with conflicts"
          + (" (under cProfile)" if profiled == "merge" else ""))
    print(f"  total   {r.total:7.2f} s  {_rate(r.articles, r.total, 'articles'):>18}"
          f"  {_rate(r.mentions, r.total, 'mentions')}, {_rate(r.events, r.total, 'events')}")
    start = f", {r.start_rss:,.0f} MiB at start" if r.start_rss is not None else ""
    traced = (f"; tracemalloc peak {r.traced_peak:,.0f} MiB" if r.traced_peak is not None
              else "")
    print(f"  memory  peak RSS {r.peak_rss:,.0f} MiB{start}{traced}")
    failed = sum(len(ids) for ids in r.failures.values())
    print(f"  failures {failed}" + (" — articles the pipeline crashed on:" if failed else ""))
    for error, ids in sorted(r.failures.items(), key=lambda item: -len(item[1])):
        shown = ", ".join(ids[:3]) + (" …" if len(ids) > 3 else "")
        print(f"    {len(ids):>4} × {error}\n           e.g. {shown}")
    for problem in r.unreadable:
        print(f"    unreadable: {problem}")
    if r.profile is not None and profiled:
        print_profile(r.profile, profiled)


def _function_name(key: tuple[str, int, str]) -> str:
    filename, line, function = key
    if filename == "~":  # built-ins: cProfile names them "<built-in method …>"
        return function
    path = Path(filename)
    try:
        shown = str(path.relative_to(ROOT))
    except ValueError:
        parts = path.parts
        shown = "/".join(parts[parts.index("site-packages") + 1:]) if "site-packages" in parts \
            else path.name
    return f"{function}  {shown}:{line}"


def print_profile(stats: pstats.Stats, step: str) -> None:
    # pstats keeps (calls, primitive calls, own time, cumulative time, callers) per function.
    entries = stats.stats  # type: ignore[attr-defined]
    for title, index in (("cumulative", 3), ("own time", 2)):
        print(f"  {step}: top {PROFILE_TOP} by {title}:      cum s    own s      calls")
        ranked = sorted(entries.items(), key=lambda item: -item[1][index])[:PROFILE_TOP]
        for key, (_, calls, own, cumulative, _) in ranked:
            print(f"    {cumulative:8.2f} {own:8.2f} {calls:10,}  {_function_name(key)}")


def print_summary(results: Sequence[Result]) -> None:
    print(f"\n{'workload':<27}{'articles':>9}{'art/s':>8}{'mentions/s':>12}"
          f"{'events':>8}{'claims':>8}{'peak MiB':>10}{'failed':>8}")
    for r in results:
        failed = sum(len(ids) for ids in r.failures.values())
        seconds = r.total or float("nan")
        print(f"{r.name:<27}{r.articles:>9,}{r.articles / seconds:>8.1f}"
              f"{r.mentions / seconds:>12,.0f}{r.events:>8,}{r.claims:>8,}"
              f"{r.peak_rss:>10,.0f}{failed:>8}")


def warm_up() -> float:
    """Load every lazily loaded resource once (rules, gazetteers, tries), outside the timings."""
    started = time.perf_counter()
    article = read_article(expand_paths([SEEDS])[0])
    build_timeline([analyse(article)])
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=WORKLOADS, help="run one workload")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="at most N articles per workload")
    parser.add_argument("--profile", nargs="?", const="analyse", choices=PROFILED_STEPS,
                        help="cProfile one step (default: analyse); print the top functions")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also report tracemalloc's peak (slows every stage)")
    args = parser.parse_args(argv)
    missing = [str(p) for p in (T17, TIMEML) if not p.is_dir()]
    if missing and args.only != "seeds":
        print(f"note: missing {', '.join(missing)}; those workloads will be empty",
              file=sys.stderr)

    print(f"dateline ingest bench: Python {platform.python_version()}, one process;"
          f" warm-up {warm_up():.2f} s (rules, gazetteers, tries) not counted")
    if reset_peak_rss():
        print("memory: peak RSS (VmHWM), reset before each workload")
    else:
        print("memory: ru_maxrss, the peak since the process started (cannot reset it here)")
    if args.tracemalloc:
        print("tracemalloc on: timings are slower than a normal run")
    results = []
    for key in [args.only] if args.only else WORKLOADS:
        result = run_workload(key, args.limit, args.profile, args.tracemalloc)
        print_result(result, args.profile)
        results.append(result)
    if len(results) > 1:
        print_summary(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
