"""Facts of a merged timeline that every reader shares and the store only writes down: which
countries a claim concerns, and when a claim was made. Pure functions over a `Timeline`."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from dateline.core.model import Claim, Timeline

Interval = tuple[date, date]


def claim_article(timeline: Timeline, claim_id: str) -> str:
    """The id of the article a claim was made in."""
    return timeline.claim_articles.get(claim_id, claim_id.partition("#")[0])


def claim_interval(timeline: Timeline, claim_id: str, claim: Claim,
                   published: dict[str, date | None]) -> Interval | None:
    """When a claim was made: its own date, else its article's publication date, else None.
    `published` maps article ids to publication dates (see `publication_dates`)."""
    if claim.date is not None and claim.date.interval is not None:
        return claim.date.interval
    day = published.get(claim_article(timeline, claim_id))
    return (day, day) if day is not None else None


def publication_dates(timeline: Timeline) -> dict[str, date | None]:
    return {article.id: article.published for article in timeline.articles}


def claim_countries(timeline: Timeline,
                    from_events: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """Each claim's countries: those of the events it is part of, and its speaker's.
    `from_events` gives the first where the timeline does not hold its events (a store
    merging in place reads them from its tables)."""
    out: dict[str, set[str]] = defaultdict(set)
    for claim_id, countries in (from_events or {}).items():
        out[claim_id] |= countries
    for event in timeline.events:
        countries = {c for m in event.mentions for c in m.countries}
        if not countries:
            continue
        for m in event.mentions:
            for claim_id in m.claim_ids:
                out[claim_id] |= countries
    for claim_id, claim in timeline.claims.items():
        speaker = timeline.actors.get(claim.speaker_id or "")
        if speaker is not None and speaker.country:
            out[claim_id].add(speaker.country)
    return dict(out)
