"""Long articles: analysis time and peak memory of the whole pipeline from 100 kB to 9.9 MB.

    python bench/long_articles.py [--sizes 100k,200k,...] [--lines] [--stage claims]
                                  [--profile SIZE]

Each article is built from ordinary news sentences of our own making (quotes, "X said",
"according to X", dates, places), repeated with varied names and numbers up to the size, as one
line (the hard case: no paragraph breaks) or, with --lines, a paragraph per few sentences. Each
size runs `dateline.core.pipeline.analyse` in a fresh child process, which reports CPU time
(time.process_time) and its peak resident memory (ru_maxrss) minus the memory before the
analysis. A linear pipeline shows time/MB and memory/MB flat across sizes. `--stage claims`
times only the claim finder (`find_claims`, given the article's sentences and temporal
expressions, which are computed first and not timed). With --profile SIZE it prints the 25
functions with the most cumulative time for that size instead (cProfile).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from dateline.core.model import Article

DEFAULT_SIZES = "100k,200k,400k,800k,1600k,3200k,6400k,9900k"

NAMES = ["Maria Lopez", "Kim Jae-won", "Ahmed Said", "Olga Petrova", "John Carter", "Li Wei"]
PLACES = ["Kyiv", "Seoul", "Cairo", "Geneva", "Nairobi", "Lima"]
SENTENCES = [
    "The ministry said on Tuesday that {n} trucks of aid had reached {p}.",
    "“We will not stop until every family has shelter,” {name} told reporters in {p}.",
    "According to {name}, a senior official with the agency, the talks resumed in March {y}.",
    "Officials in {p} denied reports that the border had been closed, calling them baseless.",
    "{name} said the council would meet again next week to discuss the budget.",
    "The vote was postponed until {n} May {y} after a dispute over the count.",
    "Witnesses described long queues outside the bank, where prices rose by {n} percent.",
    "“It is too early to say what caused the fire,” said {name}, the city's fire chief.",
    "The government may extend the curfew, the spokesperson suggested on Friday.",
    "Analysts believe the agreement, signed in {p} on {n} January, is unlikely to hold.",
]


def make_text(size: int, lines: bool) -> str:
    """An article of about `size` characters of ordinary sentences."""
    parts: list[str] = []
    total, i = 0, 0
    while total < size:
        template = SENTENCES[i % len(SENTENCES)]
        sentence = template.format(name=NAMES[i % len(NAMES)], p=PLACES[(i // 3) % len(PLACES)],
                                   n=3 + i % 27, y=2000 + i % 24)
        sep = "\n\n" if lines and i % 4 == 3 else " "
        parts.append(sentence + sep)
        total += len(sentence) + len(sep)
        i += 1
    return "".join(parts)[:size]


def _size(token: str) -> int:
    token = token.strip().lower()
    scale = {"k": 1000, "m": 1000_000}.get(token[-1:], 1)
    return int(float(token.rstrip("km")) * scale)


def _analyse(size: int, lines: bool, stage: str) -> dict[str, float]:
    from dateline.core.model import Article
    from dateline.core.pipeline import analyse

    analyse(Article("warm-up", "warm-up.txt", make_text(2000, lines), published=date(2024, 5, 1)))
    article = Article("long", "long.txt", make_text(size, lines), published=date(2024, 5, 1))
    if stage == "claims":
        return _claims_only(article)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    result = analyse(article)
    seconds = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
    return {"chars": len(article.text), "seconds": seconds, "peak_mb": (peak - before) / 1024,
            "claims": len(result.claims), "events": len(result.events),
            "timexes": len(result.timexes)}


def _claims_only(article: Article) -> dict[str, float]:
    from dateline.core.articles.clean import clean, split_sentences
    from dateline.core.claims.finder import find_claims
    from dateline.core.temporal.engine import tag

    sentences = [s for s in split_sentences(article.text, clean(article.text)) if not s.caption]
    timexes = tag(article.text, article.published)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    claims = find_claims(article.text, sentences, timexes)
    seconds = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"chars": len(article.text), "seconds": seconds, "peak_mb": (peak - before) / 1024,
            "claims": len(claims), "events": 0, "timexes": len(timexes)}


def _profile(size: int, lines: bool) -> None:
    import cProfile
    import pstats

    from dateline.core.model import Article
    from dateline.core.pipeline import analyse

    article = Article("long", "long.txt", make_text(size, lines), published=date(2024, 5, 1))
    profiler = cProfile.Profile()
    profiler.runcall(analyse, article)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES)
    parser.add_argument("--lines", action="store_true", help="paragraphs, not one line")
    parser.add_argument("--stage", choices=("analyse", "claims"), default="analyse")
    parser.add_argument("--profile", metavar="SIZE")
    parser.add_argument("--one", metavar="SIZE", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args(argv)
    if args.profile:
        _profile(_size(args.profile), args.lines)
        return 0
    if args.one:
        print(json.dumps(_analyse(_size(args.one), args.lines, args.stage)))
        return 0
    print(f"{'size':>8} {'seconds':>8} {'s/MB':>6} {'peak MB':>8} {'MB/MB':>6} "
          f"{'claims':>7} {'events':>7} {'timexes':>8}")
    for token in args.sizes.split(","):
        cmd = [sys.executable, __file__, "--one", token, "--stage", args.stage,
               *(["--lines"] if args.lines else [])]
        out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        mb = out["chars"] / 1e6
        print(f"{token:>8} {out['seconds']:8.2f} {out['seconds'] / mb:6.1f} "
              f"{out['peak_mb']:8.0f} {out['peak_mb'] / mb:6.0f} {out['claims']:7d} "
              f"{out['events']:7d} {out['timexes']:8d}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
