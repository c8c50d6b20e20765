"""Merging in place (core/store/merging.py): a store fed in random batches, with articles
removed and changed on the way, holds the same timeline as one merge of what it ends with."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from pathlib import Path

import pytest

from dateline.core.articles.reading import expand_paths, read_article
from dateline.core.model import ArticleAnalysis, Timeline
from dateline.core.pipeline import analyse
from dateline.core.store.database import Store
from dateline.core.timeline.merge import build_timeline

ROOT = Path(__file__).resolve().parent.parent
# A story nobody tuned for, beside the seeds: Haiti's earthquake as the BBC covered it.
HAITI = ROOT.parent / "shared" / "corpora" / "timeline17" / "haiti_bbc" / "InputDocs"
HAITI_ARTICLES = 40


@pytest.fixture(scope="module")
def analyses() -> list[ArticleAnalysis]:
    paths = expand_paths([ROOT / "seeds"])
    if HAITI.is_dir():
        paths += [p for p in expand_paths([HAITI]) if p.stat().st_size][:HAITI_ARTICLES]
    return [analyse(read_article(path)) for path in paths]


def summary(timeline: Timeline) -> list[tuple[object, ...]]:
    """What the property compares: each event's id, dates, sources, conflicts and actors."""
    return sorted(
        (e.id, e.start, e.end, e.value, e.certainty, e.text,
         tuple(sorted((m.article_id, m.start, m.timex.value) for m in e.mentions)),
         tuple((c.attribute, c.values) for c in e.conflicts),
         tuple(sorted({a for m in e.mentions for a in m.actor_ids})))
        for e in timeline.events
    )


def one_batch(analyses: Sequence[ArticleAnalysis]) -> Store:
    store = Store.open()
    store.save(analyses)
    return store


def test_a_store_merges_like_one_merge_of_all(analyses, store_location):
    with Store.open(store_location) as store:  # SQLite, then PostgreSQL
        store.save(analyses)
        stored, merged = store.timeline(), build_timeline(store.load_analyses())
    assert summary(stored) == summary(merged)
    assert stored.key_dates == merged.key_dates
    assert any(len({m.article_id for m in e.mentions}) > 1 for e in stored.events)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_batches_give_the_timeline_of_one_batch(analyses, seed):
    rng = random.Random(seed)
    order = analyses[:]
    rng.shuffle(order)
    store = Store.open()
    start = 0
    while start < len(order):
        size = rng.randint(1, max(1, len(order) // 4))
        store.save(order[start:start + size])
        start += size
    expected = one_batch(analyses).timeline()
    got = store.timeline()
    assert summary(got) == summary(expected)
    assert got.key_dates == expected.key_dates
    assert sorted(got.actors) == sorted(expected.actors)
    assert got.claims.keys() == expected.claims.keys()


def test_removed_and_changed_articles_leave_the_timeline_of_what_is_left(analyses,
                                                                         store_location):
    rng = random.Random(7)
    store = Store.open(store_location)  # SQLite, then PostgreSQL
    store.save(analyses)
    gone = rng.sample(analyses, 5)
    store.remove(a.article.path for a in gone)
    left = [a for a in analyses if a not in gone]
    # A changed file: the same path, its last paragraph gone, analysed again.
    changed_from = next(a for a in left if a.article.text.count("\n\n") > 3)
    article = changed_from.article
    text = article.text[: article.text.rstrip().rfind("\n\n")]
    changed = analyse(dataclasses.replace(article, text=text, content_hash="changed"))
    store.save([changed])
    final = [changed if a is changed_from else a for a in left]
    expected = one_batch(final).timeline()
    got = store.timeline()
    assert summary(got) == summary(expected)
    assert got.key_dates == expected.key_dates
    assert not any(m.article_id in {g.article.id for g in gone}
                   for e in got.events for m in e.mentions)
    store.close()


def test_small_chunks_merge_like_one(analyses, monkeypatch):
    """Pending mentions merged a few at a time in date order (a big ingest's bounded memory)
    give the timeline of merging them all at once."""
    from dateline.core.store import merging

    expected = one_batch(analyses).timeline()
    monkeypatch.setattr(merging, "CHUNK_ITEMS", 37)
    monkeypatch.setattr(merging, "GROUP_ITEMS", 50)
    got = one_batch(analyses).timeline()
    assert summary(got) == summary(expected)
    assert got.key_dates == expected.key_dates
