"""Keeping the stored timeline merged as articles come and go, at the cost of what changed.

Every event mention is kept in `merge_items` with what merging compares of it (its words and
their weights, actors, figures: `core.timeline.similarity.items_of`, which reads the mention's
own article only) and with its `comp`: the component of the graph of pairs that may merge it
belongs to. Merging a set of mentions is merging each component alone (`merge.components`),
so when articles are saved or removed only the components they touch are merged again:

- a saved article's mentions are stored with no component (pending), its old ones leave, and
  the components they were in are marked dirty (`dirty_comps`);
- `update` scores the pending mentions against the stored ones near them in time, marks the
  components of every one that may merge with them dirty, merges the mentions of the dirty
  components and the pending ones again, and replaces their events.

Actors are linked across articles, and claims, key dates and claim countries written, over the
whole store, from the light `articles.merge_input` column (actors and claims; not the full
analysis). Events whose actors were linked anew are rebuilt with their new ids.

The result is the same as merging every article at once (tests/test_merging.py checks random
batches against one).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import TypeVar

from dateline.core.model import (
    Actor,
    Article,
    ArticleAnalysis,
    Claim,
    Event,
    EventMention,
    KeyDate,
    Timeline,
)
from dateline.core.store import codec
from dateline.core.store.rows import ArticlePk, Row, event_table_rows, light_table_rows
from dateline.core.timeline import merge
from dateline.core.timeline.facts import claim_countries
from dateline.core.timeline.keydates import DayMention, day_mention, rank_days, score_days
from dateline.core.timeline.merge import MergeItem

T = TypeVar("T")
CHUNK_ITEMS = 5_000  # pending items merged at once: bounds the memory of a big ingest
WINDOW_DAYS = 92  # the stretch of dates whose new items are compared with stored ones at once
LONG_DAYS = 62  # items whose dates span more are kept decoded while they are compared
GROUP_ITEMS = 30_000  # stored items compared with new ones at once: bounds the memory


def merge_input(analysis: ArticleAnalysis) -> str:
    """The light part of an analysis that linking actors and writing claims read."""
    return codec.dumps_value({"actors": [codec.encode(a) for a in analysis.actors],
                              "claims": [codec.encode(c) for c in analysis.claims]})


def item_rows(analysis: ArticleAnalysis) -> Iterator[tuple[str, str, str | None, int, str]]:
    """(start, end, day, reported, data) of each of the article's merge items; day: the one
    day it places, for key dates (`keydates.day_mention`)."""
    for item in merge.items_of(analysis, merge.merge_rules()):
        start, end = item.mention.timex.interval
        day = day_mention(item.mention)
        yield (start.isoformat(), end.isoformat(), day.day.isoformat() if day else None,
               int(item.mention.certainty == "reported"), _dumps_item(item))


def _dumps_item(item: MergeItem) -> str:
    return codec.dumps_value({
        "m": codec.encode(item.mention), "p": item.published.isoformat() if item.published
        else None, "t": item.text, "w": item.weights, "e": sorted(item.entities),
        "s": sorted(item.speakers), "f": {k: sorted(v) for k, v in item.figures.items()},
        "r": item.rare, "k": list(item.keys), "n": item.weight,
    })


def _loads_item(data: str) -> MergeItem:
    raw = json.loads(data)
    return MergeItem(
        mention=codec.decode(EventMention, raw["m"]),
        published=date.fromisoformat(raw["p"]) if raw["p"] else None,
        text=raw["t"], words=frozenset(raw["w"]), entities=frozenset(raw["e"]),
        figures={k: frozenset(v) for k, v in raw["f"].items()},
        speakers=frozenset(raw["s"]), weights=raw["w"], weight=raw["n"], rare=raw["r"],
        keys=tuple(raw["k"]),
    )


# --- what changed --------------------------------------------------------------------------


def forget_article(conn: sqlite3.Connection, article_pk: int) -> None:
    """Before an article's items go (replaced or removed): mark their components dirty."""
    conn.execute("INSERT OR IGNORE INTO dirty_comps (comp) SELECT DISTINCT comp FROM "
                 "merge_items WHERE article = ? AND comp IS NOT NULL", (article_pk,))
    conn.execute("DELETE FROM merge_spans WHERE id IN (SELECT pk FROM merge_items "
                 "WHERE article = ?)", (article_pk,))
    conn.execute("DELETE FROM merge_items WHERE article = ?", (article_pk,))


def add_article(conn: sqlite3.Connection, article_pk: int, analysis: ArticleAnalysis) -> None:
    conn.execute("UPDATE articles SET merge_input = ? WHERE pk = ?",
                 (merge_input(analysis), article_pk))
    for start, end, day, reported, data in item_rows(analysis):
        pk = conn.execute("INSERT INTO merge_items (article, start, end, day, reported, data) "
                          "VALUES (?, ?, ?, ?, ?, ?) RETURNING pk",
                          (article_pk, start, end, day, reported, data)).fetchone()[0]
        conn.execute("INSERT INTO merge_spans (id, lo, hi) VALUES (?, ?, ?)",
                     (pk, date.fromisoformat(start).toordinal(),
                      date.fromisoformat(end).toordinal()))


# --- the update ----------------------------------------------------------------------------


def update(conn: sqlite3.Connection, article_pk: ArticlePk) -> list[KeyDate]:
    """Bring the whole stored timeline up to date (see the module's docstring); return the
    ranked key dates. Runs inside the caller's transaction."""
    articles = _articles(conn)
    actors, actor_articles, ids, claims, claim_articles = _link(conn)
    merge_events(conn, article_pk, ids)
    _relink_events(conn, ids, article_pk)
    timeline = Timeline(articles=articles, events=[], claims=claims,
                        claim_articles=claim_articles, actors=actors,
                        actor_articles=actor_articles)
    _write_light(conn, timeline, article_pk)
    return _key_dates(conn, articles)


def merge_events(conn: sqlite3.Connection, article_pk: ArticlePk, ids: Mapping[str, str]
                 ) -> None:
    """Merge the pending items into the stored events, CHUNK_ITEMS at a time in date order
    (each chunk as if it came alone: the result is the same, the memory bounded). `ids` links
    actors for the events."""
    rules = merge.merge_rules()
    while True:
        pending = conn.execute("SELECT pk, data FROM merge_items WHERE comp IS NULL "
                               "ORDER BY start, pk LIMIT ?", (CHUNK_ITEMS,)).fetchall()
        dirty = {comp for (comp,) in conn.execute("SELECT comp FROM dirty_comps")}
        if not pending and not dirty:
            return
        new = [_loads_item(data) for _, data in pending]
        dirty |= _touched(conn, new, rules)
        items, pks = _load_dirty(conn, dirty, [pk for pk, _ in pending], new)
        del new, pending
        scored = merge.scored_pairs(items, rules)
        roots = merge.components(len(items), scored)
        clusters = merge.cluster(items, rules, scored)
        events = [merge.build_event([_mapped(items[i], ids) for i in members])
                  for members in clusters]
        _replace_events(conn, dirty, events, article_pk)
        owner = {i: event.id for members, event in zip(clusters, events, strict=True)
                 for i in members}
        conn.executemany("UPDATE merge_items SET comp = ?, event = ? WHERE pk = ?",
                         [(pks[roots[i]], owner[i], pks[i]) for i in range(len(items))])
        conn.execute("DELETE FROM dirty_comps")


def _articles(conn: sqlite3.Connection) -> list[Article]:
    return [dataclasses.replace(codec.loads(Article, data), id=article_id)
            for article_id, data in conn.execute("SELECT id, article FROM articles ORDER BY id")]


def _link(conn: sqlite3.Connection) -> tuple[
        dict[str, Actor], dict[str, list[str]], dict[str, str], dict[str, Claim],
        dict[str, str]]:
    """Actors linked across all articles, and every claim with its linked speaker, from the
    articles' light `merge_input`."""
    light = []
    for article_id, data in conn.execute(
            "SELECT id, merge_input FROM articles ORDER BY id"):
        raw = json.loads(data)
        light.append(ArticleAnalysis(
            article=Article(id=article_id, path="", text=""), regions=[], sentences=[],
            timexes=[], mentions=[], actors=[codec.decode(Actor, a) for a in raw["actors"]],
            claims=[codec.decode(Claim, c) for c in raw["claims"]], events=[]))
    actors, actor_articles, ids = merge.merge_actors(light)
    claims, claim_articles = merge.linked_claims(light, ids)
    return actors, actor_articles, ids, claims, claim_articles


def _touched(conn: sqlite3.Connection, new: Sequence[MergeItem],
             rules: merge.MergeRules) -> set[int]:
    """The components of the stored items that may merge with one of `new`: found window by
    window along the date axis, each window's new items against the stored items within
    reach of it (a pair within reach always meets in the window of the nearer end)."""
    touched: set[int] = set()
    if not new:
        return touched
    reach = timedelta(days=max(rules.conflicting_date_max_days, rules.reported_max_days))
    by_window: dict[date, list[MergeItem]] = defaultdict(list)
    for item in new:
        for start in _window_starts(item):
            by_window[start].append(item)
    # Windows are taken together until their stored items reach GROUP_ITEMS: one comparison
    # per group, each stored item once in it (neighbouring windows share most of them).
    cache: dict[int, MergeItem] = {}
    stored: dict[int, tuple[int, MergeItem]] = {}
    fresh: dict[int, MergeItem] = {}
    for lo in sorted(by_window):
        hi = _shift(lo, timedelta(days=WINDOW_DAYS - 1))
        stored.update(_stored_between(conn, _shift(lo, -reach), _shift(hi, reach), cache))
        fresh.update((id(item), item) for item in by_window[lo])
        if len(stored) >= GROUP_ITEMS:
            touched |= _compared(list(fresh.values()), list(stored.values()), rules)
            stored, fresh = {}, {}
    if stored:
        touched |= _compared(list(fresh.values()), list(stored.values()), rules)
    return touched


def _compared(new: list[MergeItem], stored: list[tuple[int, MergeItem]],
              rules: merge.MergeRules) -> set[int]:
    """The components of the `stored` (component, item) pairs that may merge with `new`."""
    across = merge.may_merge_across(new, [item for _, item in stored], rules)
    return {stored[i][0] for i in across}


def _window_starts(item: MergeItem) -> Iterator[date]:
    start, end = item.mention.timex.interval
    first = _window_of(start)
    while first <= end:
        yield first
        following = _shift(first, timedelta(days=WINDOW_DAYS))
        if following == first:
            return
        first = following


def _window_of(day: date) -> date:
    ordinal = day.toordinal()
    return date.fromordinal(ordinal - (ordinal - 1) % WINDOW_DAYS)


def _stored_between(conn: sqlite3.Connection, lo: date, hi: date, cache: dict[int, MergeItem]
                    ) -> Iterator[tuple[int, tuple[int, MergeItem]]]:
    """(pk, (component, item)) of the merged items whose dates meet [lo, hi]. Items of long
    dates meet many windows: `cache` keeps them decoded for the next."""
    for pk, comp, end, data in conn.execute(
            "SELECT i.pk, i.comp, i.end, i.data FROM merge_spans s "
            "JOIN merge_items i ON i.pk = s.id WHERE s.hi >= ? AND s.lo <= ? "
            "AND i.comp IS NOT NULL", (lo.toordinal(), hi.toordinal())):
        item = cache.get(pk)
        if item is None:
            item = _loads_item(data)
            if (date.fromisoformat(end) - item.mention.timex.interval[0]).days > LONG_DAYS:
                cache[pk] = item
        yield pk, (comp, item)


def _shift(day: date, by: timedelta) -> date:
    try:
        return day + by
    except OverflowError:
        return date.max if by > timedelta(0) else date.min


def _relink_events(conn: sqlite3.Connection, ids: Mapping[str, str],
                   article_pk: ArticlePk) -> None:
    """Rebuild, with the same mentions, the events that name an actor whose link changed
    since they were built (an event names an actor by the id it was linked to then, its own
    id when it linked to nothing); record the links."""
    old = dict(conn.execute("SELECT local, merged FROM actor_links"))
    changed = sorted({old.get(local, local) for local in ids.keys() | old.keys()
                      if ids.get(local, local) != old.get(local, local)})
    conn.execute("DELETE FROM actor_links")
    conn.executemany("INSERT INTO actor_links (local, merged) VALUES (?, ?)",
                     [(local, merged) for local, merged in ids.items() if local != merged])
    stale: set[str] = set()
    for chunk in _chunks(changed):
        marks = ",".join("?" * len(chunk))
        stale |= {event_id for (event_id,) in conn.execute(
            f"SELECT DISTINCT e.id FROM events e JOIN event_actors a ON a.event = e.pk "
            f"WHERE a.actor IN ({marks})", chunk)}
    for chunk in _chunks(sorted(stale)):
        marks = ",".join("?" * len(chunk))
        members: dict[str, list[MergeItem]] = defaultdict(list)
        for event_id, data in conn.execute(
                f"SELECT event, data FROM merge_items WHERE event IN ({marks})", chunk):
            members[event_id].append(_mapped(_loads_item(data), ids))
        events = [merge.build_event(sorted(items, key=merge.item_order))
                  for items in members.values()]
        gone = [pk for (pk,) in conn.execute(
            f"SELECT pk FROM events WHERE id IN ({marks})", chunk)]
        _write_events(conn, gone, events, article_pk)


def _load_dirty(conn: sqlite3.Connection, dirty: set[int], new_pks: list[int],
                new: list[MergeItem]) -> tuple[list[MergeItem], list[int]]:
    """The items to merge again: the new ones and those of the dirty components, in
    `merge.item_order`, with their pks."""
    loaded = list(zip(new, new_pks, strict=True))
    for chunk in _chunks(sorted(dirty)):
        marks = ",".join("?" * len(chunk))
        loaded += [(_loads_item(data), pk) for pk, data in conn.execute(
            f"SELECT pk, data FROM merge_items WHERE comp IN ({marks})", chunk)]
    loaded.sort(key=lambda pair: merge.item_order(pair[0]))
    return [item for item, _ in loaded], [pk for _, pk in loaded]


def _chunks(values: Sequence[T], size: int = 500) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _mapped(item: MergeItem, ids: dict[str, str]) -> MergeItem:
    mention = item.mention
    actor_ids = tuple(dict.fromkeys(ids.get(a, a) for a in mention.actor_ids))
    if actor_ids == mention.actor_ids:
        return item
    return dataclasses.replace(item, mention=dataclasses.replace(mention, actor_ids=actor_ids))


def _replace_events(conn: sqlite3.Connection, dirty: Iterable[int], events: list[Event],
                    article_pk: ArticlePk) -> None:
    """Drop the events of the dirty components and of left items; write `events`."""
    gone = set()
    for chunk in _chunks(sorted(dirty)):
        marks = ",".join("?" * len(chunk))
        gone |= {pk for (pk,) in conn.execute(
            f"SELECT e.pk FROM events e JOIN merge_items i ON i.event = e.id "
            f"WHERE i.comp IN ({marks})", chunk)}
    # Events whose every item left (their article was removed or re-read).
    gone |= {pk for (pk,) in conn.execute(
        "SELECT pk FROM events WHERE id NOT IN (SELECT event FROM merge_items "
        "WHERE event IS NOT NULL)")}
    _write_events(conn, sorted(gone), events, article_pk)


def _write_events(conn: sqlite3.Connection, gone: Sequence[int], events: Sequence[Event],
                  article_pk: ArticlePk) -> None:
    """Delete the events of pks `gone` (their mentions and links go with them); write
    `events` after the last pk."""
    for chunk in _chunks(gone):
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM event_search WHERE rowid IN ({marks})", chunk)
        conn.execute(f"DELETE FROM events WHERE pk IN ({marks})", chunk)
    first = (conn.execute("SELECT max(pk) FROM events").fetchone()[0] or 0) + 1
    ordered = sorted(events, key=lambda e: (e.start, e.end, e.id))
    insert_tables(conn, event_table_rows(ordered, article_pk, first))


def _write_light(conn: sqlite3.Connection, timeline: Timeline, article_pk: ArticlePk) -> None:
    """Rewrite the tables of claims and actors (all of them: they are small beside events)."""
    countries = claim_countries(timeline, _event_countries_of_claims(conn))
    conn.execute("INSERT INTO claim_search (claim_search) VALUES ('delete-all')")
    for table in ("actor_articles", "actor_names", "claim_countries", "claims", "actors"):
        conn.execute(f"DELETE FROM {table}")
    insert_tables(conn, light_table_rows(timeline, article_pk, countries))


def insert_tables(conn: sqlite3.Connection, tables: Iterable[tuple[str, str, Iterable[Row]]]
                  ) -> None:
    """Insert each (table, columns, rows) of `core.store.rows`, in the order given."""
    for table, columns, rows in tables:
        marks = ", ".join("?" * (columns.count(",") + 1))
        conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _event_countries_of_claims(conn: sqlite3.Connection) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for claim_id, country in conn.execute(
            "SELECT c.claim, n.country FROM event_claims c "
            "JOIN event_countries n ON n.event = c.event"):
        out[claim_id].add(country)
    return out


def _key_dates(conn: sqlite3.Connection, articles: Sequence[Article]) -> list[KeyDate]:
    """The ranked key dates over every stored mention, as one merge of all would give."""
    mentions = (DayMention(date.fromisoformat(day), bool(reported), article_id)
                for day, reported, article_id in conn.execute(
                    "SELECT i.day, i.reported, a.id FROM merge_items i "
                    "JOIN articles a ON a.pk = i.article WHERE i.day IS NOT NULL"))
    scores = score_days(mentions, articles)
    chosen = rank_days(scores)
    on_day: dict[date, list[str]] = defaultdict(list)
    if chosen:
        marks = ",".join("?" * len(chosen))
        for event_id, start in conn.execute(
                f"SELECT id, start FROM events WHERE start = end AND start IN ({marks}) "
                "ORDER BY start, end, id", [day.isoformat() for day in chosen]):
            on_day[date.fromisoformat(start)].append(event_id)
    return [KeyDate(day, round(scores[day], 3), tuple(on_day[day])) for day in chosen]
