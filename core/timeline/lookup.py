"""Quick fact lookup: the rows of the app's views other than the timeline — key dates, quotes by
speaker, figures by what they count, articles — and what the current filters, noise controls
and search keep of them (`Scope`).

Built once per loaded timeline (`Lookups`, lazily, from a worker); filtering a view is one pass
over its rows with set lookups, so every view answers the same filters as the timeline.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from dateline.core.model import Article, Claim, KeyDate
from dateline.core.timeline.browse import ACTOR, Facet, Hits, Noise, TimelineIndex, fold
from dateline.core.timeline.figures import FigureGroup, group_figures, timeline_figures


@dataclass(frozen=True, slots=True)
class Scope:
    """What the filters, noise controls and search keep: the timeline's view as a set of
    event positions (None: every event), the actors filtered by, and the search's hits."""

    members: frozenset[int] | None = None
    actors: frozenset[str] = frozenset()  # actor ids of the actor filters
    filtered: bool = False  # actor or country filters are set
    noise: Noise = field(default_factory=Noise)
    hits: Hits | None = None  # None: no search

    @staticmethod
    def of(view: Sequence[int], facets: Iterable[Facet], noise: Noise, hits: Hits | None,
           total: int) -> Scope:
        facets = tuple(facets)
        members = None if isinstance(view, range) and len(view) == total else frozenset(view)
        return Scope(members, frozenset(f.key for f in facets if f.kind == ACTOR),
                     bool(facets), noise, hits)

    def in_view(self, events: Iterable[int]) -> bool:
        members = self.members
        return members is None or any(p in members for p in events)

    def on(self, day: date | None) -> bool:
        noise = self.noise
        if day is None:
            return not (noise.since or noise.until)
        return (noise.since is None or day >= noise.since) and \
            (noise.until is None or day <= noise.until)

    def found(self, events: Iterable[int], claims: Iterable[str] = ()) -> bool:
        hits = self.hits
        if hits is None:
            return True
        found = set(hits.events)
        return any(p in found for p in events) or any(c in hits.claims for c in claims)


@dataclass(frozen=True, slots=True)
class Quote:
    """A claim as the Quotes view lists it."""

    claim_id: str
    claim: Claim
    article_id: str
    speaker: str  # the actor's name when the speaker is known, else as written
    day: date | None  # the claim's own date, else its article's publication date
    reported: bool  # dated by its article's publication date only
    events: tuple[int, ...]  # positions of the events carrying it


@dataclass(frozen=True, slots=True)
class ArticleRow:
    article: Article
    events: tuple[int, ...]  # positions of the events it reports


@dataclass(frozen=True, slots=True)
class KeyDateRow:
    key: KeyDate
    best: int | None  # the position of its best-sourced event
    sources: int  # distinct articles reporting its events
    events: tuple[int, ...]


class Lookups:
    """The rows of every lookup view of one timeline, built on first use."""

    def __init__(self, index: TimelineIndex) -> None:
        self.index = index
        self._quotes: list[Quote] | None = None
        self._articles: list[ArticleRow] | None = None
        self._key_dates: list[KeyDateRow] | None = None
        self._figures: list[FigureGroup] | None = None

    def quotes(self) -> list[Quote]:
        if self._quotes is None:
            self._quotes = _quotes(self.index)
        return self._quotes

    def articles(self) -> list[ArticleRow]:
        if self._articles is None:
            by_article: dict[str, list[int]] = defaultdict(list)
            for position, event in enumerate(self.index.events):
                for article_id in dict.fromkeys(m.article_id for m in event.mentions):
                    by_article[article_id].append(position)
            rows = [ArticleRow(a, tuple(by_article.get(a.id, ())))
                    for a in self.index.articles.values()]
            rows.sort(key=lambda r: (r.article.published or date.max,
                                     fold(r.article.outlet or ""), r.article.id))
            self._articles = rows
        return self._articles

    def key_dates(self) -> list[KeyDateRow]:
        if self._key_dates is None:
            index = self.index
            counts = index.source_counts() if index.timeline.key_dates else []
            rows = []
            for key in index.timeline.key_dates:
                events = tuple(sorted(index.positions[e] for e in key.event_ids
                                      if e in index.positions))
                best = max(events, key=lambda p: (counts[p], -p)) if events else None
                sources = len({m.article_id for p in events for m in index.events[p].mentions})
                rows.append(KeyDateRow(key, best, sources, events))
            self._key_dates = rows
        return self._key_dates

    def warm(self) -> None:
        """Build every view's rows now (from a worker, after the first screen), so the first
        visit of a view costs a filter pass, not a build."""
        self.quotes()
        self.articles()
        self.key_dates()
        self.figures()

    def figures(self) -> list[FigureGroup]:
        if self._figures is None:
            self._figures = group_figures(timeline_figures(self.index.timeline))
        return self._figures


def _quotes(index: TimelineIndex) -> list[Quote]:
    timeline = index.timeline
    events: dict[str, list[int]] = defaultdict(list)
    for position, event in enumerate(index.events):
        for mention in event.mentions:
            for claim_id in mention.claim_ids:
                if not events[claim_id] or events[claim_id][-1] != position:
                    events[claim_id].append(position)
    quotes = []
    for claim_id, claim in timeline.claims.items():
        article_id = timeline.claim_articles.get(claim_id, "")
        article = index.articles.get(article_id)
        own = claim.date.interval[0] if claim.date is not None and claim.date.interval else None
        actor = timeline.actors.get(claim.speaker_id or "")
        speaker = actor.name if actor else " ".join(claim.speaker_name.split()) or "someone"
        quotes.append(Quote(claim_id, claim, article_id, speaker,
                            own or (article.published if article else None), own is None,
                            tuple(events.get(claim_id, ()))))
    return quotes


def quote_groups(quotes: Iterable[Quote], scope: Scope) -> list[tuple[str, list[Quote]]]:
    """The quotes the scope keeps, by speaker (who says most first), each speaker's by date."""
    groups: dict[str, list[Quote]] = defaultdict(list)
    names: dict[str, str] = {}
    for quote in quotes:
        if not keeps_quote(quote, scope):
            continue
        key = quote.claim.speaker_id or fold(quote.speaker)
        names.setdefault(key, quote.speaker)
        groups[key].append(quote)
    out = []
    for key, members in groups.items():
        members.sort(key=lambda q: (q.day or date.max, q.claim_id))
        out.append((names[key], members))
    out.sort(key=lambda pair: (-len(pair[1]), fold(pair[0])))
    return out


def keeps_quote(quote: Quote, scope: Scope) -> bool:
    """A quote is in scope when its events are in view, or its speaker is filtered by (an
    undated quote has no event: only an actor filter on its speaker keeps it then)."""
    if not (scope.filtered and quote.claim.speaker_id in scope.actors):
        if quote.events and not scope.in_view(quote.events):
            return False
        if not quote.events and scope.filtered:
            return False
    if not scope.noise.reported and quote.reported:
        return False
    return scope.on(quote.day) and scope.found(quote.events, (quote.claim_id,))


def keep_figures(groups: Iterable[FigureGroup], scope: Scope
                 ) -> list[tuple[FigureGroup, list[int]]]:
    """Each group with the indexes of the figures the scope keeps (groups left empty go)."""
    out = []
    for group in groups:
        kept = []
        for at, figure in enumerate(group.figures):
            events = () if figure.event is None else (figure.event,)
            if (scope.filtered or scope.members is not None) and events \
                    and not scope.in_view(events):
                continue
            if scope.filtered and not events:
                continue
            if not scope.noise.reported and figure.reported:
                continue
            claims = (figure.claim_id,) if figure.claim_id else ()
            if scope.on(figure.day) and scope.found(events, claims):
                kept.append(at)
        if kept:
            out.append((group, kept))
    return out


def keep_articles(rows: Iterable[ArticleRow], scope: Scope, claims_of: dict[str, str]
                  ) -> list[ArticleRow]:
    """The articles the scope keeps: reporting an event in view (when filtered), published in
    the date range, holding a search hit."""
    hit_articles = set()
    if scope.hits is not None:
        hit_articles = {claims_of.get(c, "") for c in scope.hits.claims}
    out = []
    for row in rows:
        if (scope.filtered or scope.noise.min_sources > 1) and not scope.in_view(row.events):
            continue
        if not scope.on(row.article.published):
            continue
        if scope.hits is not None and row.article.id not in hit_articles \
                and not scope.found(row.events):
            continue
        out.append(row)
    return out


def keep_key_dates(rows: Iterable[KeyDateRow], scope: Scope) -> list[KeyDateRow]:
    return [row for row in rows
            if scope.in_view(row.events) and scope.on(row.key.date) and scope.found(row.events)]
