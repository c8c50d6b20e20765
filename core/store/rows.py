"""The rows of the merged timeline's tables, one generator per table: the store writes what
the timeline says and decides nothing (what a claim's countries and date are is
`core.timeline.facts`'). Row keys are positions: event n, claim n and actor n get pk n."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from dateline.core.entities.lookup import name_keys
from dateline.core.model import Event, Timeline
from dateline.core.store import codec
from dateline.core.timeline.countries import name_key
from dateline.core.timeline.facts import (
    claim_article,
    claim_countries,
    claim_interval,
    publication_dates,
)

Row = tuple[Any, ...]
ArticlePk = Callable[[str, str], int]  # (article id, what cites it) -> articles.pk


def event_rows(events: Sequence[Event], first: int) -> Iterator[Row]:
    for pk, event in enumerate(events, start=first):
        data = codec.encode(event)
        data.pop("mentions", None)  # stored row by row in `mentions`
        yield pk, event.id, event.start.isoformat(), event.end.isoformat(), codec.dumps_value(data)


def mention_rows(events: Sequence[Event], first: int, article_pk: ArticlePk) -> Iterator[Row]:
    for pk, event in enumerate(events, start=first):
        for m in event.mentions:
            yield pk, article_pk(m.article_id, f"event {event.id}"), codec.dumps(m)


def event_actor_rows(events: Sequence[Event], first: int) -> Iterator[Row]:
    for pk, event in enumerate(events, start=first):
        for actor in dict.fromkeys(a for m in event.mentions for a in m.actor_ids):
            yield actor, pk


def event_country_rows(events: Sequence[Event], first: int) -> Iterator[Row]:
    for pk, event in enumerate(events, start=first):
        for country in dict.fromkeys(c for m in event.mentions for c in m.countries):
            yield country, pk


def event_claim_rows(events: Sequence[Event], first: int) -> Iterator[Row]:
    for pk, event in enumerate(events, start=first):
        for claim_id in dict.fromkeys(c for m in event.mentions for c in m.claim_ids):
            yield pk, claim_id


def event_search_rows(events: Sequence[Event], first: int) -> Iterator[Row]:
    for pk, event in enumerate(events, start=first):
        sentences = dict.fromkeys(m.sentence for m in event.mentions if m.sentence)
        yield pk, "\n".join([event.text, *sentences])


def claim_rows(timeline: Timeline, article_pk: ArticlePk) -> Iterator[Row]:
    published = publication_dates(timeline)
    for pk, (claim_id, claim) in enumerate(timeline.claims.items(), start=1):
        interval = claim_interval(timeline, claim_id, claim, published)
        yield (
            pk, claim_id, article_pk(claim_article(timeline, claim_id), f"claim {claim_id}"),
            claim.speaker_id, name_key(claim.speaker_name),
            interval[0].isoformat() if interval else None,
            interval[1].isoformat() if interval else None,
            codec.dumps(claim),
        )


def claim_country_rows(timeline: Timeline, countries: dict[str, set[str]]) -> Iterator[Row]:
    for pk, claim_id in enumerate(timeline.claims, start=1):
        for country in sorted(countries.get(claim_id, ())):
            yield country, pk


def claim_search_rows(timeline: Timeline) -> Iterator[Row]:
    for pk, claim in enumerate(timeline.claims.values(), start=1):
        speaker = timeline.actors.get(claim.speaker_id or "")
        names = dict.fromkeys(
            [claim.speaker_name, *((speaker.name, *speaker.aliases) if speaker else ())]
        )
        yield pk, claim.text, " ".join(names)


def actor_rows(timeline: Timeline) -> Iterator[Row]:
    for pk, (actor_id, actor) in enumerate(timeline.actors.items(), start=1):
        yield pk, actor_id, actor.country, codec.dumps(actor)


def actor_name_rows(timeline: Timeline) -> Iterator[Row]:
    for actor_id, actor in timeline.actors.items():
        keys = [name_key(n) for n in (actor_id, actor.name, *actor.aliases)]
        for key in dict.fromkeys([*keys, *name_keys(actor)]):  # + "zakharova", "gm"
            yield key, actor_id


def actor_article_rows(timeline: Timeline, article_pk: ArticlePk) -> Iterator[Row]:
    for pk, actor_id in enumerate(timeline.actors, start=1):
        for seq, article_id in enumerate(dict.fromkeys(timeline.actor_articles.get(actor_id, ()))):
            yield pk, article_pk(article_id, f"actor {actor_id}"), seq


# (table, columns, rows) in an order that never inserts a child before its parent.
def table_rows(
    timeline: Timeline, article_pk: ArticlePk
) -> Iterator[tuple[str, str, Iterator[Row]]]:
    yield from event_table_rows(timeline.events, article_pk, 1)
    yield from light_table_rows(timeline, article_pk, claim_countries(timeline))


def event_table_rows(
    events: Sequence[Event], article_pk: ArticlePk, first: int
) -> Iterator[tuple[str, str, Iterator[Row]]]:
    """The rows of `events`, numbered from pk `first`."""
    yield "events", "pk, id, start, end, data", event_rows(events, first)
    yield "mentions", "event, article, data", mention_rows(events, first, article_pk)
    yield "event_actors", "actor, event", event_actor_rows(events, first)
    yield "event_countries", "country, event", event_country_rows(events, first)
    yield "event_claims", "event, claim", event_claim_rows(events, first)
    yield "event_search", "rowid, body", event_search_rows(events, first)


def light_table_rows(
    timeline: Timeline, article_pk: ArticlePk, countries: dict[str, set[str]]
) -> Iterator[tuple[str, str, Iterator[Row]]]:
    """The rows of the claims and actors; `countries` are each claim's events' countries
    (`facts.claim_countries` adds the speaker's)."""
    yield ("claims", "pk, id, article, speaker, speaker_key, start, end, data",
           claim_rows(timeline, article_pk))
    yield "claim_countries", "country, claim", claim_country_rows(timeline, countries)
    yield "actors", "pk, id, country, data", actor_rows(timeline)
    yield "actor_names", "key, actor", actor_name_rows(timeline)
    yield "actor_articles", "actor, article, seq", actor_article_rows(timeline, article_pk)
    yield "claim_search", "rowid, body, speaker", claim_search_rows(timeline)
