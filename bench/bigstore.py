"""A synthetic store at archive scale (100k articles), written straight into the store's tables:
what a real ingest of that many articles leaves behind, in minutes instead of a day.

    python bench/bigstore.py [--articles 100000] [--seed 1] [--db FILE]

Per article (the figures of a real ingest of news): ~25 event mentions (10–40), ~60 % of them
a new event and the rest another mention of an event a recent article reported (so ~1.5 merged
events per article... over the archive ~1.5 M events, some with mentions from many articles),
5 claims by the article's actors, 20 actors drawn from a pool of 3 per article with a skew (a
few are in thousands of articles, most in a handful), 1–2 countries per mention, a text of
~4.6 KB holding its mention sentences at their offsets. Events fall mostly within a month
before their article's publication date (2015–2025), one in ten years earlier.

The rows are what `core.store.rows` writes for such a timeline (same JSON through
`core.store.codec`, events in date order with pk = position, mentions in event order, FTS
bodies), written with executemany under `journal_mode = OFF` and then switched to WAL, as a
store is. The `analysis` column, which only a rebuild reads, holds a filler of a real
analysis's size (~30 KB): the file has the size and layout of a real store, but a rebuild of
it fails (re-ingest wanted). The store is built once per (articles, seed) under /tmp and
reused: `path_for`, `ensure`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dateline.core.model import Actor, Article, Claim, Event, EventMention, KeyDate
from dateline.core.store import codec
from dateline.core.store.schema import migrate
from dateline.core.temporal.timex import Timex
from dateline.core.timeline.countries import name_key

VERSION = 1  # bump when the layout below changes: an older file in /tmp is rebuilt
MENTIONS = (10, 40)  # event mentions per article (uniform; mean 25)
NEW_EVENT = 0.6  # chance a mention is a new event rather than one a recent article reported
RECENT = 3000  # events a new mention may join: those of the last ~100 articles
ACTORS_PER_ARTICLE = 20
ACTOR_POOL = 3  # actors in the pool per article
CLAIMS = 5  # per article
ANALYSIS_BYTES = 30_000  # a real article's stored analysis is 30–40 KB of JSON
TEXT_BYTES = 4600
FIRST_PUBLISHED = date(2015, 1, 1)
PUBLISHED_DAYS = 3834  # to mid-2025
COUNTRIES = ("UA", "RU", "KP", "KR", "US", "CN", "JP", "DE", "FR", "GB", "IR", "IL", "SY", "TR",
             "PL", "IN", "PK", "SA", "EG", "BR")
PLACES = ("Kharkiv", "Kursk", "Vladivostok", "Pyongyang", "Seoul", "Kyiv", "Donetsk", "Moscow",
          "Tehran", "Gaza", "Aleppo", "Ankara", "Warsaw", "Beijing", "Taipei", "Manila")
CUES = ("said", "told reporters", "according to", "denied", "claimed")
BATCH = 2000  # articles per transaction


def path_for(articles: int, seed: int = 1) -> Path:
    return Path(os.environ.get("TMPDIR", "/tmp")) / \
        f"dateline-archive-{articles}a-s{seed}-v{VERSION}.db"


def ensure(articles: int, seed: int = 1, path: Path | None = None) -> Path:
    """The synthetic store for (articles, seed): built unless a finished one is there."""
    path = path or path_for(articles, seed)
    if not path.exists():
        started = time.perf_counter()
        print(f"building {path} ({articles:,} articles) with bench/bigstore.py", flush=True)
        counts = build(path, articles, seed)
        print(f"  built in {time.perf_counter() - started:.0f} s: "
              + ", ".join(f"{n:,} {table}" for table, n in counts.items())
              + f"; {path.stat().st_size / 2**20:,.0f} MiB", flush=True)
    return path


class _Archive:
    """The random archive, article by article; keeps what the timeline tables need."""

    def __init__(self, articles: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.articles = articles
        self.vocabulary = [f"w{i}" for i in range(20_000)]
        self.pool = max(articles * ACTOR_POOL, ACTORS_PER_ARTICLE * 2)
        self.actor_pk: dict[int, int] = {}  # pool index -> actors.pk (first appearance)
        self.actor_seq: dict[int, int] = defaultdict(int)
        # event: [start, end, value, granularity, text, [(article pk, mention json, sentence,
        # actor ids, countries, claim ids)]]
        self.events: list[list] = []
        self.claims: list[tuple] = []  # claims rows without pk, in order
        self.claim_events: dict[str, set[str]] = defaultdict(set)  # claim id -> countries

    def actor(self, i: int) -> Actor:
        surname = f"Surname{i % 9973}"
        return Actor(f"actor-{i}", f"Person{i} {surname}", "person" if i % 4 else "organization",
                     COUNTRIES[i % len(COUNTRIES)], (surname,) if i % 3 else ())

    def pick_actors(self) -> list[int]:
        rng, chosen = self.rng, set()
        while len(chosen) < ACTORS_PER_ARTICLE:
            chosen.add(int(self.pool * rng.random() ** 3))  # skewed: low indexes are famous
        return sorted(chosen)

    def words(self, k: int) -> str:
        return " ".join(self.rng.choices(self.vocabulary, k=k))

    def event_day(self, published: date) -> tuple[date, date, str, str]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.1:  # background: years before
            year = published.year - rng.randrange(1, 60)
            return date(year, 1, 1), date(year, 12, 31), str(year), "year"
        day = published - timedelta(days=int(rng.expovariate(1 / 6)))
        if roll < 0.2:
            first = day.replace(day=1)
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            return first, last, first.isoformat()[:7], "month"
        return day, day, day.isoformat(), "day"

    def article(self, a: int) -> tuple[tuple, list[tuple]]:
        """The articles row of article number `a` (pk a + 1) and its actor_articles rows."""
        rng, pk = self.rng, a + 1
        article_id = f"{a:06d}"
        published = FIRST_PUBLISHED + timedelta(days=a * PUBLISHED_DAYS // self.articles)
        actors = self.pick_actors()
        actor_rows = []
        for i in actors:
            actor_pk = self.actor_pk.setdefault(i, len(self.actor_pk) + 1)
            actor_rows.append((actor_pk, pk, self.actor_seq[i]))
            self.actor_seq[i] += 1
        pieces: list[str] = []
        offset = 0
        n_mentions = rng.randint(*MENTIONS)
        recent = self.events[-RECENT:]
        for s in range(n_mentions):
            joined = recent and rng.random() > NEW_EVENT
            event = rng.choice(recent) if joined else None
            if event is None:
                start, end, value, granularity = self.event_day(published)
            else:
                start, end, value, granularity = event[:4]
            said = f"{self.words(rng.randint(8, 22))} {rng.choice(PLACES)} on {value}."
            pieces.append(said)
            m_start, m_end = offset, offset + len(said)
            offset = m_end + 1
            mention_actors = tuple(f"actor-{i}" for i in rng.sample(actors, rng.randint(0, 2)))
            countries = tuple(rng.sample(COUNTRIES, rng.randint(1, 2)))
            claim_ids: tuple[str, ...] = ()
            if s < CLAIMS:
                claim_id = f"{article_id}#{s}"
                claim_ids = (claim_id,)
                self.claim_events[claim_id].update(countries)
                speaker = self.actor(rng.choice(actors))
                claim = Claim(m_start, m_start + 60, said[:60], speaker.name, None, None,
                              speaker.id, rng.choice(CUES), "assert")
                self.claims.append((claim_id, pk, speaker.id, name_key(speaker.name),
                                    published.isoformat(), published.isoformat(),
                                    codec.dumps(claim), said[:60], speaker, countries))
            t_start = m_end - 1 - len(value)
            timex = Timex(t_start, m_end - 1, value, "DATE", value, granularity, (start, end))
            mention = EventMention(article_id, m_start, m_end, said, timex, mention_actors,
                                   countries, claim_ids)
            row = (pk, codec.dumps(mention), said, mention_actors, countries, claim_ids)
            if event is None:
                self.events.append([start, end, value, granularity, said, [row]])
            else:
                event[5].append(row)
        text = " ".join(pieces)
        text += " " + self.words(max(0, (TEXT_BYTES - len(text)) // 6))
        article = Article(article_id, f"/archive/{a // 1000:03d}/{article_id}.txt", "",
                          f"Title of article {a}: {self.words(6)}", f"Outlet {a % 200}",
                          None, published, "metadata", content_hash=f"{a:064x}")
        row = (pk, article.path, article_id, article_id, article.content_hash, article.title,
               article.outlet, published.isoformat(), text, codec.dumps(article))
        return row, actor_rows


def build(path: Path, articles: int, seed: int = 1) -> dict[str, int]:
    """Write the synthetic store to `path` (through a temporary file); the row counts."""
    temporary = path.with_name(path.name + ".building")
    temporary.unlink(missing_ok=True)
    conn = sqlite3.connect(temporary, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")  # 1 GB: the indexes are built in memory
    migrate(conn, str(temporary))
    archive = _Archive(articles, seed)
    filler = json.dumps({"bench": "x" * ANALYSIS_BYTES})
    counts: dict[str, int] = defaultdict(int)
    for first in range(0, articles, BATCH):
        conn.execute("BEGIN")
        rows, actor_rows = [], []
        for a in range(first, min(first + BATCH, articles)):
            row, actors = archive.article(a)
            rows.append((*row, filler))
            actor_rows.extend(actors)
        conn.executemany(
            "INSERT INTO articles (pk, path, id, stem, content_hash, title, outlet, published, "
            "text, article, analysis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO actor_articles (actor, article, seq) VALUES (?, ?, ?)",
                         actor_rows)
        conn.execute("COMMIT")
        counts["articles"] += len(rows)
        counts["actor_articles"] += len(actor_rows)
        print(f"  articles {counts['articles']:,}/{articles:,}", end="\r", flush=True)
    print()
    conn.execute("BEGIN")
    _write_timeline(conn, archive, counts)
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    temporary.rename(path)
    return dict(counts)


def _write_timeline(conn: sqlite3.Connection, archive: _Archive,
                    counts: dict[str, int]) -> None:
    events = archive.events
    events.sort(key=lambda e: (e[0], e[1]))
    ids = [f"e{n:012x}" for n in range(len(events))]
    chunk = 50_000
    for low in range(0, len(events), chunk):
        rows, mentions, actors, countries, claims, search = [], [], [], [], [], []
        for pk in range(low + 1, min(low + chunk, len(events)) + 1):
            start, end, value, granularity, text, said = events[pk - 1]
            event = Event(ids[pk - 1], start, end, granularity, value, False, text)
            data = codec.encode(event)
            data.pop("mentions", None)
            rows.append((pk, event.id, start.isoformat(), end.isoformat(),
                         codec.dumps_value(data)))
            mentions.extend((pk, article_pk, mention) for article_pk, mention, *_ in said)
            actors.extend((a, pk) for a in dict.fromkeys(a for m in said for a in m[3]))
            countries.extend((c, pk) for c in dict.fromkeys(c for m in said for c in m[4]))
            claims.extend((pk, c) for c in dict.fromkeys(c for m in said for c in m[5]))
            search.append((pk, "\n".join([text, *dict.fromkeys(m[2] for m in said)])))
        conn.executemany("INSERT INTO events (pk, id, start, end, data) VALUES (?, ?, ?, ?, ?)",
                         rows)
        conn.executemany("INSERT INTO mentions (event, article, data) VALUES (?, ?, ?)",
                         mentions)
        conn.executemany("INSERT INTO event_actors (actor, event) VALUES (?, ?)", actors)
        conn.executemany("INSERT INTO event_countries (country, event) VALUES (?, ?)",
                         countries)
        conn.executemany("INSERT INTO event_claims (event, claim) VALUES (?, ?)", claims)
        conn.executemany("INSERT INTO event_search (rowid, body) VALUES (?, ?)", search)
        for table, added in (("events", rows), ("mentions", mentions), ("event_actors", actors),
                             ("event_countries", countries), ("event_claims", claims)):
            counts[table] += len(added)
        print(f"  events {pk:,}/{len(events):,}", end="\r", flush=True)
    print()
    _write_claims_and_actors(conn, archive, counts)
    _write_key_dates(conn, events, ids)


def _write_claims_and_actors(conn: sqlite3.Connection, archive: _Archive,
                             counts: dict[str, int]) -> None:
    claims, countries, search = [], [], []
    for pk, (claim_id, article_pk, speaker_id, key, start, end, data, text, speaker,
             _) in enumerate(archive.claims, start=1):
        claims.append((pk, claim_id, article_pk, speaker_id, key, start, end, data))
        for country in sorted({speaker.country, *archive.claim_events[claim_id]} - {None}):
            countries.append((country, pk))
        search.append((pk, text, " ".join(dict.fromkeys([speaker.name, *speaker.aliases]))))
    conn.executemany("INSERT INTO claims (pk, id, article, speaker, speaker_key, start, end, "
                     "data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", claims)
    conn.executemany("INSERT INTO claim_countries (country, claim) VALUES (?, ?)", countries)
    conn.executemany("INSERT INTO claim_search (rowid, body, speaker) VALUES (?, ?, ?)", search)
    counts["claims"] = len(claims)
    counts["claim_countries"] = len(countries)
    actors, names = [], []
    for i, pk in archive.actor_pk.items():
        actor = archive.actor(i)
        actors.append((pk, actor.id, actor.country, codec.dumps(actor)))
        for key in dict.fromkeys(name_key(n) for n in (actor.id, actor.name, *actor.aliases)):
            names.append((key, actor.id))
    conn.executemany("INSERT INTO actors (pk, id, country, data) VALUES (?, ?, ?, ?)", actors)
    conn.executemany("INSERT INTO actor_names (key, actor) VALUES (?, ?)", names)
    counts["actors"] = len(actors)
    counts["actor_names"] = len(names)


def _write_key_dates(conn: sqlite3.Connection, events: list[list], ids: list[str]) -> None:
    by_day: dict[date, list[int]] = defaultdict(list)
    for n, event in enumerate(events):
        if event[3] == "day":
            by_day[event[0]].append(n)
    ranked = sorted(by_day.items(), key=lambda item: -sum(len(events[n][5]) for n in item[1]))
    key_dates = [KeyDate(day, float(sum(len(events[n][5]) for n in members)),
                         tuple(ids[n] for n in members[:12]))
                 for day, members in ranked[:100]]
    conn.execute("INSERT INTO meta (key, value) VALUES ('key_dates', ?)",
                 (codec.dumps_value([codec.encode(k) for k in key_dates]),))
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                     [("stale", "0"), ("generation", "1")])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="store file (default: path_for in /tmp)")
    args = parser.parse_args()
    print(ensure(args.articles, args.seed, args.db))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
