"""Throughput of the claim finder: articles per second for `find_claims`.

    python bench/claims.py [DIR_OR_FILE ...] [--limit N] [--repeat R] [--show]

Default input: the five seeds. Any directory is searched for *.txt files (e.g. the timeline17
corpus in ../shared/corpora/timeline17), read with `core.articles.reading.read_article`. Cleaning,
sentence splitting and temporal tagging are done before timing: only `find_claims` is timed,
as CPU time of this process (time.process_time), best of --repeat runs, after one warm-up call
that loads and compiles data/claims.toml. With --show it prints every claim, to eyeball them.
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
from dateline.core.claims.finder import find_claims  # noqa: E402
from dateline.core.errors import ArticleError  # noqa: E402
from dateline.core.temporal.engine import tag  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    files = expand_paths(args.paths or [ROOT / "seeds"])[: args.limit or None]
    inputs = []
    for f in files:
        try:
            article = read_article(f)
        except ArticleError:  # empty or unreadable: the ingest skips these too
            continue
        sentences = split_sentences(article.text, clean_article(article))
        inputs.append((f, article.text, sentences, tag(article.text, article.published)))

    started = time.process_time()
    find_claims("Warm-up, the agency said.", [])
    setup = time.process_time() - started

    best = float("inf")
    for _ in range(max(1, args.repeat)):
        started = time.process_time()
        results = [find_claims(text, sents, timexes) for _, text, sents, timexes in inputs]
        best = min(best, time.process_time() - started)

    count = sum(len(r) for r in results)
    chars = sum(len(t) for _, t, _, _ in inputs)
    print(f"setup (load and compile data/claims.toml): {setup * 1000:.0f} ms")
    print(f"find_claims: {len(inputs)} articles, {chars / 1000:.0f}k chars, {count} claims in "
          f"{best * 1000:.0f} ms = {len(inputs) / best:.0f} articles/s, "
          f"{best / len(inputs) * 1000:.2f} ms/article")
    if args.show:
        for (path, _, _, _), claims in zip(inputs, results, strict=True):
            print(f"=== {path.name}: {len(claims)}")
            for c in claims:
                date = f" [{c.date.text}]" if c.date else ""
                print(f"  {c.stance:6} {c.speaker_name} | {c.cue}{date} | {c.text[:100]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
