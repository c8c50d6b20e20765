"""Undated articles: how often the publication date inferred from the text alone is given, and
how often it is right.

    python bench/undated.py [--topics H1N1_bbc,...] [--limit-articles N] [--show N]

Two workloads, each article's real date hidden from the pipeline and kept for scoring:

- seeds: the bundled seeds (seeds/*.txt) read without their sidecar metadata;
- t17:   every Timeline17 article (../shared/corpora/timeline17), its date (the folder name)
         removed.

For each: articles, how many got a date (`core.pipeline.with_inferred_date`), how many of those
are the real day, how many lie within three days of it, and the wrong ones (`--show N` lists
them with their evidence). The goal is no wrong date: an article left undated is better than a
wrong day.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.core.articles.reading import read_article  # noqa: E402
from dateline.core.errors import ArticleError  # noqa: E402
from dateline.core.model import Article  # noqa: E402
from dateline.core.pipeline import with_inferred_date  # noqa: E402

T17 = ROOT / ".." / "shared" / "corpora" / "timeline17"
TOPICS = ("H1N1_bbc", "H1N1_guardian", "H1N1_reuters", "MJ_bbc", "haiti_bbc",
          "SyrianCrisis_bbc", "SyrianCrisis_reuters")
NEAR_DAYS = 3


@dataclass(slots=True)
class Tally:
    articles: int = 0
    dated: int = 0
    right: int = 0
    near: int = 0
    wrong: list[str] = field(default_factory=list)


def score(articles: list[Article], tally: Tally) -> None:
    for article in articles:
        truth = article.published
        if truth is None:
            continue
        tally.articles += 1
        found = with_inferred_date(replace(article, published=None, published_source=None))
        if found.published is None:
            continue
        tally.dated += 1
        gap = abs((found.published - truth).days)
        tally.right += gap == 0
        tally.near += gap <= NEAR_DAYS
        if gap:
            tally.wrong.append(f"{article.path}: {found.published} for {truth} "
                               f"({'; '.join(found.published_evidence)})")


def seed_articles() -> list[Article]:
    """The seeds with their metadata date, and their text read as if no sidecar existed."""
    articles = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        dated = read_article(path)
        articles.append(replace(dated, title=None))
    return articles


def t17_articles(topics: list[str], limit: int | None) -> list[Article]:
    articles = []
    for name in topics:
        for path in sorted((T17 / name / "InputDocs").glob("*/*.htm.txt"))[:limit]:
            try:
                articles.append(read_article(path))
            except ArticleError:
                continue
    return articles


def report(name: str, tally: Tally, show: int) -> None:
    share = tally.right / tally.dated if tally.dated else 0.0
    print(f"{name:<6} articles {tally.articles:>5}  dated {tally.dated:>4}  right {tally.right:>4}"
          f"  within {NEAR_DAYS} days {tally.near:>4}  wrong {len(tally.wrong):>3}"
          f"  (right/dated {share:.1%})")
    for line in tally.wrong[:show]:
        print(f"    {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", default=",".join(TOPICS))
    parser.add_argument("--limit-articles", type=int, default=None, metavar="N")
    parser.add_argument("--show", type=int, default=0, metavar="N",
                        help="list up to N wrongly dated articles per workload")
    args = parser.parse_args(argv)
    seeds = Tally()
    score(seed_articles(), seeds)
    report("seeds", seeds, args.show)
    t17 = Tally()
    topics = [t.strip() for t in args.topics.split(",") if t.strip()]
    score(t17_articles(topics, args.limit_articles), t17)
    report("t17", t17, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
