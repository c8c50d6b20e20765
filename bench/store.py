"""Time the store at scale on a synthetic corpus: saving N article analyses, loading them back,
writing a 100k-event timeline, reading it, and searching it (words, phrases, filters).

    python bench/store.py [--articles 10000] [--events-per-article 10] [--db FILE]

The corpus is random but seeded (same figures run to run, bar the machine); the merge is a
stand-in that makes one event per mention, so the figures are the store's own, not the merge's.
Times are wall-clock medians of several runs for queries, single runs for bulk work.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dateline.core.model import (
    Actor,
    Article,
    ArticleAnalysis,
    Claim,
    Event,
    EventMention,
    Region,
    Sentence,
    Timeline,
)
from dateline.core.store.database import Store
from dateline.core.temporal.timex import Timex

COUNTRIES = ("UA", "RU", "KP", "KR", "US", "CN", "JP", "DE", "FR", "GB")
PLACES = ("Kharkiv", "Kursk", "Vladivostok", "Pyongyang", "Seoul", "Kyiv", "Donetsk", "Moscow")


def synthetic(n_articles: int, per_article: int, seed: int = 7) -> list[ArticleAnalysis]:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(5000)]
    actors = [Actor(f"actor-{i}", f"Person Number{i}", "person", rng.choice(COUNTRIES),
                    (f"Number{i}",)) for i in range(500)]
    out = []
    for a in range(n_articles):
        article_id = f"{a:05d}"
        sentences, mentions, claims, timexes = [], [], [], []
        pieces, offset = [], 0
        used_actors = rng.sample(actors, 3)
        for s in range(per_article):
            day = date(2020, 1, 1) + timedelta(days=rng.randrange(1800))
            words = [*rng.choices(vocabulary, k=18), rng.choice(PLACES)]
            text = " ".join(words) + f" on {day.isoformat()}."
            start, end = offset, offset + len(text)
            pieces.append(text)
            offset = end + 1
            timex = Timex(end - 11, end - 1, day.isoformat(), "DATE", day.isoformat(), "day",
                          (day, day))
            timexes.append(timex)
            sentences.append(Sentence(start, end, text))
            claim_ids = ()
            if s % 3 == 0:
                speaker = rng.choice(used_actors)
                claims.append(Claim(start, end, " ".join(words[:10]), speaker.name, None, None,
                                    speaker.id, "said", "assert"))
                claim_ids = (f"{article_id}#{len(claims) - 1}",)
            mentions.append(EventMention(article_id, start, end, text, timex,
                                         (rng.choice(used_actors).id,),
                                         (rng.choice(COUNTRIES),), claim_ids))
        text = " ".join(pieces)
        article = Article(article_id, f"/bench/{a // 1000}/{article_id}.txt", text,
                          f"Title {a}", f"Outlet {a % 40}", None, date(2025, 1, 1), "metadata",
                          content_hash=f"h{a}")
        out.append(ArticleAnalysis(article, [Region(0, len(text), "body")], sentences, timexes,
                                   [], used_actors, claims, mentions))
    return out


def one_event_per_mention(analyses: Sequence[ArticleAnalysis]) -> Timeline:
    events, claims, claim_articles, actors, actor_articles = [], {}, {}, {}, {}
    for analysis in analyses:
        article_id = analysis.article.id
        for n, m in enumerate(analysis.events):
            start, end = m.timex.interval
            events.append(Event(f"e{article_id}-{n}", start, end, "day", m.timex.value, False,
                                m.sentence, [m]))
        for n, claim in enumerate(analysis.claims):
            claims[f"{article_id}#{n}"] = claim
            claim_articles[f"{article_id}#{n}"] = article_id
        for actor in analysis.actors:
            actors.setdefault(actor.id, actor)
            actor_articles.setdefault(actor.id, []).append(article_id)
    events.sort(key=lambda e: (e.start, e.end, e.id))
    return Timeline([a.article for a in analyses], events, claims, claim_articles, actors,
                    actor_articles)


def timed(label: str, fn: Callable[[], object], runs: int = 1) -> object:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    size = f" ({len(result)} results)" if isinstance(result, list) else ""
    print(f"{label:58} {statistics.median(times) * 1000:9.1f} ms{size}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--events-per-article", type=int, default=10)
    parser.add_argument("--db", help="store file (default: a temporary one)")
    args = parser.parse_args()
    analyses = synthetic(args.articles, args.events_per_article)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or str(Path(tmp) / "bench.db")
        with Store.open(path, merge=one_event_per_mention) as store:
            def save_batches() -> None:
                for i in range(0, len(analyses), 100):
                    store.save(analyses[i:i + 100], rebuild=False)

            n_events = len(analyses) * args.events_per_article
            timed(f"save {len(analyses)} analyses (batches of 100)", save_batches)
            timed("load_analyses", store.load_analyses)
            timed(f"rebuild: merge stand-in + write {n_events} events", store.rebuild)
            timed("timeline() (read everything back)", lambda: store.timeline().events)
            timed("re-save unchanged (all skipped)", lambda: store.save(analyses[:1000]))
            changed = dataclasses.replace(analyses[0], article=dataclasses.replace(
                analyses[0].article, content_hash="changed"))
            timed("one changed article: save + full rebuild", lambda: store.save([changed]))
            for label, kwargs in [
                ("search 'on' (in every event)", {"query": "on"}),
                ("search rare word 'w4321'", {"query": "w4321"}),
                ("search common word 'w7'", {"query": "w7"}),
                ("search place 'Kharkiv' (1 in 8 events)", {"query": "Kharkiv"}),
                ("search phrase '\"w1 w2\"'", {"query": '"w1 w2"'}),
                ("search prefix 'w12*'", {"query": "w12*"}),
                ("search 'Kharkiv' --country UA", {"query": "Kharkiv", "country": "UA"}),
                ("search 'Kharkiv' --actor 'Number17'", {"query": "Kharkiv", "actor": "Number17"}),
                ("search 'Kharkiv' --since 2023-01-01 --until 2023-03-31",
                 {"query": "Kharkiv", "since": date(2023, 1, 1), "until": date(2023, 3, 31)}),
                ("list --country KP (no words)", {"country": "KP"}),
                ("list --since 2024-06-01 (no words)", {"since": date(2024, 6, 1)}),
                ("list --actor 'person number3' (no words)", {"actor": "person number3"}),
            ]:
                timed(label, lambda kwargs=kwargs: store.search(**kwargs), runs=5)
        print(f"store file: {Path(path).stat().st_size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
