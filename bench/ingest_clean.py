"""Throughput of reading, cleaning and sentence-splitting articles (one process, one core).

    python bench/ingest_clean.py [PATH ...] [--repeat N]

Default input: the Timeline17 corpus at ../shared/corpora/timeline17 from the repository root
(1,497 PTB-tokenised files, detokenised on reading) plus the seeds. Each stage is timed on its
own with perf_counter, after one warm-up pass so loading data/clean.toml is not charged to
the first article. Unreadable files (T17 has empty ones) are counted, not timed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.core.articles.clean import clean_article, split_sentences  # noqa: E402
from dateline.core.articles.reading import expand_paths, read_article  # noqa: E402
from dateline.core.errors import ArticleError  # noqa: E402

DEFAULT = [ROOT.parent / "shared" / "corpora" / "timeline17", ROOT / "seeds"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the input (best kept)")
    args = parser.parse_args(argv)
    paths = expand_paths(args.paths)
    clean_article(read_article(ROOT / "seeds" / "003_f86dd0539654f108.txt"))  # warm-up
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        times = {"read": 0.0, "clean": 0.0, "split": 0.0}
        ok = failed = sentences = chars = 0
        for path in paths:
            t0 = time.perf_counter()
            try:
                article = read_article(path)
            except ArticleError:
                failed += 1
                continue
            t1 = time.perf_counter()
            regions = clean_article(article)
            t2 = time.perf_counter()
            sentences += len(split_sentences(article.text, regions))
            t3 = time.perf_counter()
            times["read"] += t1 - t0
            times["clean"] += t2 - t1
            times["split"] += t3 - t2
            ok += 1
            chars += len(article.text)
        for stage, seconds in times.items():
            best[stage] = min(best.get(stage, seconds), seconds)
    total = sum(best.values())
    print(f"{ok} articles ({chars / 1e6:.1f} M chars), {failed} unreadable, {sentences} sentences")
    for stage, seconds in best.items():
        print(f"  {stage:6} {seconds:6.2f} s  {1000 * seconds / ok:6.2f} ms/article")
    print(f"  total  {total:6.2f} s  {ok / total:6.0f} articles/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
