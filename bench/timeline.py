"""Date selection against journalists' timelines on Timeline17: Date-F1 of dateline's timeline.

    python bench/timeline.py [--topics H1N1_bbc,MJ_bbc] [--limit-articles N]

For each Timeline17 folder that ships gold timelines (../shared/corpora/timeline17 from the
repository root), every article is analysed and merged into one timeline. Days are ranked by
the timeline's key-date score (core/timeline/keydates.py: articles citing the day, more when
they cite it later, plus the day's publication burst; each article counts once per day, so a
listings page saying "today" eighty times is one source; events of a week, a month or a
multi-day range place no day), and the top K are kept, K being the number of distinct dates in
the gold timeline. That is scored with Date-F1 as in the timeline
summarisation literature (Martschat & Markert 2018; Ghalandari & Ifrim 2020, news-tls), beside
three rankings built the same way from other evidence:

- mentions:   the articles' event mentions before merging (what merging changes, if anything);
- dateparser: every datetime `dateparser.search_dates` finds in an article's text, resolved
              against its publication date;
- pubdate:    the number of articles published on the day (reported ~0.48 on all of T17; the
              best published date selectors reach ~0.54).

As in that literature, candidate days are those inside the gold timeline's span (first to last
gold date); the mean without that restriction is printed too. The published figures average 19
timelines over 9 topics; this subset has 4 timelines, so compare orders of magnitude, not digits.
Progress goes to stderr; the scores to stdout.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from t17 import date_f1, parse_gold_timeline, top_days  # noqa: E402

from dateline.core.articles.reading import read_article  # noqa: E402
from dateline.core.errors import ArticleError  # noqa: E402
from dateline.core.model import Article, ArticleAnalysis, Timeline  # noqa: E402
from dateline.core.pipeline import analyse  # noqa: E402
from dateline.core.temporal.timex import Timex  # noqa: E402
from dateline.core.timeline.keydates import day_scores  # noqa: E402
from dateline.core.timeline.merge import build_timeline  # noqa: E402

T17 = ROOT / ".." / "shared" / "corpora" / "timeline17"
DEFAULT_TOPICS = ("H1N1_bbc", "H1N1_guardian", "H1N1_reuters", "MJ_bbc")
METHODS = ("dateline", "mentions", "dateparser", "pubdate")
PROGRESS_EVERY = 25


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(slots=True)
class Folder:
    """One topic folder's articles, what the pipeline made of them, and what went wrong."""

    name: str
    articles: list[Article] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unreadable files (T17 has empty ones)
    failures: list[str] = field(default_factory=list)  # articles the pipeline crashed on
    counts: dict[str, Mapping[date, float]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _one_day(timex: Timex) -> date | None:
    """The day a temporal expression names, if it names exactly one."""
    if timex.granularity != "day" or timex.interval is None:
        return None
    start, end = timex.interval
    return start if start == end else None


def timeline_counts(timeline: Timeline) -> dict[date, float]:
    """The timeline's key-date scores (core.timeline.keydates): what `Timeline.key_dates`
    ranks, for every day, so the top K within a gold span can be taken."""
    return day_scores(timeline.events, timeline.articles)


def mention_counts(analyses: Sequence[ArticleAnalysis]) -> Counter[date]:
    counts: Counter[date] = Counter()
    for analysis in analyses:
        days = {_one_day(mention.timex) for mention in analysis.events}
        counts.update(day for day in days if day is not None)
    return counts


def pubdate_counts(articles: Sequence[Article]) -> Counter[date]:
    return Counter(a.published for a in articles if a.published is not None)


def dateparser_counts(folder: Folder) -> Counter[date]:
    # Imported here: loading dateparser's language data is slow and only this baseline needs it.
    from dateparser.search import search_dates

    counts: Counter[date] = Counter()
    for number, article in enumerate(folder.articles, start=1):
        base = article.published
        settings = {"RELATIVE_BASE": datetime(base.year, base.month, base.day)} if base else {}
        try:
            found = search_dates(article.text, languages=["en"], settings=settings) or []
        except Exception as error:  # a baseline's crash is noted, not fatal
            folder.failures.append(f"{article.path}: dateparser {type(error).__name__}: {error}")
            continue
        counts.update({moment.date() for _, moment in found})
        if number % PROGRESS_EVERY == 0:
            progress(f"  [{folder.name}] dateparser {number}/{len(folder.articles)}")
    return counts


def _timed(folder: Folder, name: str, work: Callable[[], Mapping[date, float]]) -> None:
    started = time.perf_counter()
    folder.counts[name] = work()
    folder.seconds[name] = folder.seconds.get(name, 0.0) + time.perf_counter() - started


def _where(error: BaseException) -> str:
    """The innermost frame of the traceback inside the project, as file:line."""
    frame = None
    tb = error.__traceback__
    while tb is not None:
        if str(ROOT) in tb.tb_frame.f_code.co_filename:
            frame = tb
        tb = tb.tb_next
    if frame is None:
        return "?"
    path = Path(frame.tb_frame.f_code.co_filename).relative_to(ROOT)
    return f"{path}:{frame.tb_lineno}"


def load_folder(name: str, limit: int | None) -> Folder:
    folder = Folder(name)
    for path in sorted((T17 / name / "InputDocs").glob("*/*.htm.txt"))[:limit]:
        try:
            folder.articles.append(read_article(path))
        except ArticleError as error:
            folder.skipped.append(f"{path.relative_to(T17 / name)}: {error.problem}")
    return folder


def analyse_folder(folder: Folder) -> list[ArticleAnalysis]:
    analyses = []
    started = time.perf_counter()
    for number, article in enumerate(folder.articles, start=1):
        try:
            analyses.append(analyse(article))
        except Exception as error:  # one article's crash must not hide the others' results
            folder.failures.append(
                f"{article.path}: {type(error).__name__}: {error} (at {_where(error)})")
        if number % PROGRESS_EVERY == 0:
            progress(f"  [{folder.name}] analysed {number}/{len(folder.articles)}")
    folder.seconds["analyse"] = time.perf_counter() - started
    return analyses


def run_folder(folder: Folder) -> None:
    analyses = analyse_folder(folder)
    try:
        _timed(folder, "dateline", lambda: timeline_counts(build_timeline(analyses)))
    except Exception as error:
        folder.failures.append(f"build_timeline: {type(error).__name__}: {error} "
                               f"(at {_where(error)})")
        folder.counts["dateline"] = Counter()
    folder.counts["mentions"] = mention_counts(analyses)
    folder.counts["pubdate"] = pubdate_counts(folder.articles)
    _timed(folder, "dateparser", lambda: dateparser_counts(folder))


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    k: int
    articles: int
    in_span: dict[str, float]
    all_days: dict[str, float]


def score_folder(folder: Folder) -> tuple[list[Row], list[str]]:
    rows, problems = [], []
    for path in sorted((T17 / folder.name / "timelines").glob("*.txt")):
        gold = parse_gold_timeline(path.read_text(encoding="utf-8"))
        problems += [f"{folder.name}/timelines/{path.name} {p}" for p in gold.problems]
        k = len(gold.dates)
        if not k:
            problems.append(f"{folder.name}/timelines/{path.name}: no dates")
            continue
        span = (min(gold.dates), max(gold.dates))
        in_span = {m: date_f1(top_days(folder.counts[m], k, span), gold.dates).f1
                   for m in METHODS}
        all_days = {m: date_f1(top_days(folder.counts[m], k), gold.dates).f1 for m in METHODS}
        rows.append(Row(f"{folder.name}/{path.stem}", k, len(folder.articles), in_span,
                        all_days))
    return rows, problems


def print_report(rows: Sequence[Row], folders: Sequence[Folder], problems: Sequence[str]) -> None:
    width = max([len(r.label) for r in rows] + [24])
    print("Date-F1, top-K days (K = distinct gold dates), candidate days within the gold span")
    print(f"{'timeline':<{width}}  {'K':>3} {'docs':>5}  " + "  ".join(f"{m:>10}" for m in METHODS))
    for row in rows:
        print(f"{row.label:<{width}}  {row.k:>3} {row.articles:>5}  "
              + "  ".join(f"{row.in_span[m]:>10.3f}" for m in METHODS))
    if rows:
        for label, attribute in ((f"mean ({len(rows)} timelines)", "in_span"),
                                 ("mean, any day (no span)", "all_days")):
            means = {m: statistics.fmean(getattr(r, attribute)[m] for r in rows)
                     for m in METHODS}
            print(f"{label:<{width}}  {'':>3} {'':>5}  "
                  + "  ".join(f"{means[m]:>10.3f}" for m in METHODS))
    articles = sum(len(f.articles) for f in folders)
    analysed = sum(f.seconds.get("analyse", 0.0) for f in folders)
    merged = sum(f.seconds.get("dateline", 0.0) for f in folders)
    parsed = sum(f.seconds.get("dateparser", 0.0) for f in folders)
    print(f"\n{articles} articles; dateline analyse {analysed:.1f} s "
          f"({articles / max(analysed, 1e-9):.1f}/s) + merge {merged:.1f} s; "
          f"dateparser {parsed:.1f} s ({articles / max(parsed, 1e-9):.1f}/s)")
    for f in folders:
        if f.skipped:
            print(f"{f.name}: skipped {len(f.skipped)} unreadable: {'; '.join(f.skipped)}")
    for problem in problems:
        print(f"gold timeline: {problem}")
    failures = [failure for f in folders for failure in f.failures]
    print(f"pipeline failures: {len(failures)}")
    for failure in failures:
        print(f"  {failure}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", default=",".join(DEFAULT_TOPICS),
                        help="comma-separated Timeline17 folders (default: those with gold)")
    parser.add_argument("--limit-articles", type=int, default=None, metavar="N",
                        help="only the first N articles of each folder (by date)")
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.topics.split(",") if name.strip()]
    missing = [n for n in names if not (T17 / n / "InputDocs").is_dir()]
    if missing:
        parser.error(f"no such Timeline17 folder: {', '.join(missing)} (under {T17.resolve()})")
    folders, rows, problems = [], [], []
    for name in names:
        folder = load_folder(name, args.limit_articles)
        progress(f"[{name}] {len(folder.articles)} articles ({len(folder.skipped)} unreadable)")
        run_folder(folder)
        folder_rows, folder_problems = score_folder(folder)
        folders.append(folder)
        rows += folder_rows
        problems += folder_problems
    print_report(rows, folders, problems)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
