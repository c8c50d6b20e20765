"""Browsing a timeline: precomputed lookups that make filtering, jumping and searching a
100,000-event timeline cost a set intersection or a binary search, not a scan per keystroke.

`TimelineIndex` is built once per loaded timeline (in a worker: it is O(events)). A *view* is a
sorted sequence of event positions (a `range` when nothing is filtered, so the unfiltered view
costs nothing); `YearRows` lays a view out as rows with a heading before each year.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import compress, repeat
from operator import contains

from dateline.core.entities.lookup import fold
from dateline.core.model import Actor, Article, Claim, Event, Timeline
from dateline.core.timeline.names import NameChoices

ACTOR, COUNTRY = "actor", "country"


@dataclass(frozen=True, slots=True)
class Facet:
    """Something a view can be filtered by: an actor or a country, with every name it goes by."""

    kind: str  # ACTOR or COUNTRY
    key: str  # actor id or ISO 3166-1 alpha-2 code
    name: str
    names: tuple[str, ...]  # the display name first, then aliases the autocomplete matches
    count: int  # events tagged with it
    quotes: int = 0  # claims an actor makes, dated or not (an undated one is on no event)

    @property
    def label(self) -> str:
        return f"{self.kind}: {self.name}"


@dataclass(frozen=True, slots=True)
class Noise:
    """The noise controls of a view: a date range, a minimum number of sources, whether events
    placed by their report's date alone ("reported") show, and the order (date or sources)."""

    since: date | None = None
    until: date | None = None
    min_sources: int = 1
    reported: bool = True
    by_sources: bool = False

    @property
    def active(self) -> bool:
        return self != Noise()

    def describe(self) -> list[str]:
        """The controls that differ from the defaults, in words for the status line."""
        out = []
        if self.since or self.until:
            out.append(f"{self.since or '…'}…{self.until or '…'}")
        if self.min_sources > 1:
            out.append(f"≥{self.min_sources} sources")
        if not self.reported:
            out.append("no reported")
        if self.by_sources:
            out.append("by sources")
        return out


@dataclass(frozen=True, slots=True)
class Hits:
    """What a search found: event positions (ascending) and claim ids, dated or not."""

    events: list[int]
    claims: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.events or self.claims)


@dataclass(frozen=True, slots=True)
class Suggestion:
    facet: Facet
    matched: str  # the name or alias that matched the query
    score: float


# The story's present: the densest STORY_WINDOW_DAYS of events from STORY_LEAD_DAYS before the
# first publication date to the last one.
STORY_WINDOW_DAYS = 14
STORY_LEAD_DAYS = 60
SUGGEST_CUTOFF = 75  # rapidfuzz WRatio: below it "kim" starts matching "Kingdom of Cambodia"
DENSE_YEAR = 3  # a year with fewer events in view shares its heading with its sparse neighbours


@dataclass(frozen=True, slots=True)
class _Choices:
    """What the picker matches for one kind of facet: every name, and whose it is."""

    names: NameChoices
    owners: list[Facet]  # owners[i] has names.names[i]
    by_count: list[Facet]  # most events first: the suggestions for an empty query


class YearRows:
    """A view laid out as rows: a heading row before the first event of each year, where runs of
    sparse years (background history: 1950, 1953, 1967) share one heading ("1950–1967") rather
    than spending a row on each.

    Row r is either a heading or an event; both directions are binary searches over the
    headings, so a 100k-event view needs no per-row list.
    """

    def __init__(self, view: Sequence[int], groups: Sequence[tuple[str, int]],
                 counts: Sequence[int] | None = None) -> None:
        self.view = view
        self.labels = [label for label, _ in groups]
        self.starts = [position for _, position in groups]  # view position of each group's first
        self.heading_rows = [position + k for k, (_, position) in enumerate(groups)]
        # Events under each heading, when the view holds only the first of them (a preview).
        self.counts = counts

    def __len__(self) -> int:
        return len(self.view) + len(self.heading_rows)

    def at(self, row: int) -> tuple[str | None, int | None]:
        """(label, None) for a heading row, (None, view position) for an event row."""
        k = bisect_right(self.heading_rows, row) - 1
        if k >= 0 and self.heading_rows[k] == row:
            return self.labels[k], None
        return None, row - (k + 1)

    def count(self, k: int) -> int:
        """How many events the k-th heading stands over."""
        if self.counts is not None:
            return self.counts[k]
        end = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.view)
        return end - self.starts[k]

    def row_of(self, position: int) -> int:
        """The row showing the event at view position `position`."""
        return position + bisect_right(self.starts, position)


class TimelineIndex:
    """Lookups over one timeline: facets (actor or country -> events), dates, sources, text."""

    def __init__(self, timeline: Timeline, country_names: Mapping[str, Sequence[str]] | None
                 = None) -> None:
        self.timeline = timeline
        self.events: list[Event] = timeline.events
        self.articles: dict[str, Article] = {a.id: a for a in timeline.articles}
        self.positions: dict[str, int] = {e.id: i for i, e in enumerate(self.events)}
        self.starts: list[date] = [e.start for e in self.events]
        self._year_firsts = _year_firsts(self.starts)
        self._facet_events: dict[tuple[str, str], list[int]] = {}
        self._facet_sets: dict[tuple[str, str], frozenset[int]] = {}
        self.facets: dict[tuple[str, str], Facet] = {}
        self._haystacks: list[str] | None = None
        self._article_claims: dict[str, list[Claim]] | None = None
        self._claim_events: dict[str, list[int]] | None = None
        self._last_search: tuple[list[str], list[int]] = ([], [])
        self._choices: dict[str | None, _Choices] = {}
        self._folded: dict[str, str] = {}
        self._source_counts: list[int] | None = None
        self._claim_haystacks: tuple[list[str], list[str]] | None = None
        self.facets_ready = False
        if country_names is not None:
            self.build_facets(country_names)

    # Facets ---------------------------------------------------------------------------------

    def build_facets(self, country_names: Mapping[str, Sequence[str]]) -> None:
        """Index actors and countries (O(mentions)); until then `facets` is empty. A separate
        step so a large timeline can be drawn before its facets are ready; the new tables are
        swapped in whole, so a reader on another thread never sees them half built."""
        claims = self.timeline.claims
        tagged: dict[tuple[str, str], list[int]] = defaultdict(list)
        for position, event in enumerate(self.events):
            keys: set[tuple[str, str]] = set()
            for mention in event.mentions:
                keys.update((ACTOR, a) for a in mention.actor_ids)
                keys.update((COUNTRY, c) for c in mention.countries)
                for claim_id in mention.claim_ids:
                    claim = claims.get(claim_id)
                    if claim is not None and claim.speaker_id:
                        keys.add((ACTOR, claim.speaker_id))
            for key in keys:
                tagged[key].append(position)  # positions ascend: lists stay sorted
        # Speakers too, even of claims on no event ("Zakharova" said it, undated): the picker
        # finds them, and the Quotes view shows what they said.
        quotes: dict[str, int] = defaultdict(int)
        for claim in claims.values():
            if claim.speaker_id:
                quotes[claim.speaker_id] += 1
                tagged.setdefault((ACTOR, claim.speaker_id), [])
        facets: dict[tuple[str, str], Facet] = {}
        for (kind, key), positions in tagged.items():
            if kind == ACTOR:
                actor = self.timeline.actors.get(key)
                names = (actor.name, *actor.aliases) if actor else (key,)
            else:
                names = tuple(country_names.get(key, ())) or (key,)
            facets[(kind, key)] = Facet(kind, key, names[0], tuple(dict.fromkeys(names)),
                                        len(positions), quotes.get(key, 0) if kind == ACTOR
                                        else 0)
        self._facet_events = dict(tagged)
        self._facet_sets = {}
        self._choices = {}
        self.facets = facets
        self.facets_ready = True

    def facet(self, kind: str, key: str) -> Facet | None:
        return self.facets.get((kind, key))

    def suggest(self, query: str, kind: str | None = None, limit: int = 8) -> list[Suggestion]:
        """Facets whose names fuzzily match `query`, best first; the most frequent when empty."""
        choices = self._choice_list(kind)
        if not query.strip():
            return [Suggestion(f, f.name, 0.0) for f in choices.by_count[:limit]]
        # Names folded once, not per keystroke (a `processor` runs in Python for every name:
        # seconds a keystroke with a few 100k actors); scores are those of folded names alike.
        typed = fold(query)
        best: dict[tuple[str, str], Suggestion] = {}
        for at, score in choices.names.match(typed, limit * 4, SUGGEST_CUTOFF):
            facet, name = choices.owners[at], choices.names.folded[at]
            key = (facet.kind, facet.key)
            # A name that starts with what was typed beats a fuzzy match elsewhere in a name.
            # So does a name part ("zakh" for Maria Zakharova), ignoring diacritics.
            if name.startswith(typed) or any(part.startswith(typed) for part in name.split()):
                score += 5
            if key not in best or score > best[key].score:
                best[key] = Suggestion(facet, choices.names.names[at], score)
        ranked = sorted(best.values(), key=lambda s: (-s.score, -s.facet.count, s.facet.name))
        return ranked[:limit]

    def _choice_list(self, kind: str | None) -> _Choices:
        if kind not in self._choices:
            facets = [f for f in self.facets.values() if kind is None or f.kind == kind]
            names = [name for facet in facets for name in facet.names]
            owners = [facet for facet in facets for _ in facet.names]
            by_count = sorted(facets, key=lambda f: (-f.count, f.name))
            rank = {(f.kind, f.key): r for r, f in enumerate(by_count)}
            folded = self._folded  # shared by the kinds: seconds at a few 100k actors
            for name in names:
                if name not in folded:
                    folded[name] = fold(name)
            self._choices[kind] = _Choices(
                NameChoices(names, [folded[n] for n in names],
                            [rank[(f.kind, f.key)] for f in owners]), owners, by_count)
        return self._choices[kind]

    # Views ----------------------------------------------------------------------------------

    def select(self, facets: Iterable[Facet], noise: Noise | None = None) -> Sequence[int]:
        """The view of the events tagged with every facet given (all events when none) that
        the noise controls keep, in date order or by number of sources."""
        view = self._tagged(facets)
        if noise is None or not noise.active:
            return view
        if noise.since or noise.until:
            low = bisect_left(self.starts, noise.since) if noise.since else 0
            high = bisect_right(self.starts, noise.until) if noise.until else len(self.events)
            if isinstance(view, range):
                view = range(low, high)
            else:
                view = view[bisect_left(view, low):bisect_left(view, high)]
        if noise.min_sources > 1:
            counts = self.source_counts()
            view = [p for p in view if counts[p] >= noise.min_sources]
        if not noise.reported:
            events = self.events
            view = [p for p in view if events[p].certainty != "reported"]
        if noise.by_sources:
            counts = self.source_counts()
            view = SourceOrder(sorted(view, key=lambda p: -counts[p]))  # stable: by date within
        return view

    def source_counts(self) -> list[int]:
        """The number of distinct articles reporting each event, by position."""
        if self._source_counts is None:
            self._source_counts = [len({m.article_id for m in e.mentions}) for e in self.events]
        return self._source_counts

    def _tagged(self, facets: Iterable[Facet]) -> Sequence[int]:
        keys = sorted({(f.kind, f.key) for f in facets},
                      key=lambda k: len(self._facet_events.get(k, ())))
        if not keys:
            return range(len(self.events))
        # Walk the rarest facet's events, testing membership in the others: the cost is the
        # smallest list, not the timeline.
        view = self._facet_events.get(keys[0], [])
        for key in keys[1:]:
            members = self._facet_set(key)
            view = [p for p in view if p in members]
        return view

    def _facet_set(self, key: tuple[str, str]) -> frozenset[int]:
        cached = self._facet_sets.get(key)
        if cached is None:
            cached = self._facet_sets[key] = frozenset(self._facet_events.get(key, ()))
        return cached

    def rows(self, view: Sequence[int], by_sources: bool = False) -> YearRows:
        """`view` laid out with year headings; O(years × log events). A view sorted by sources
        gets a heading per number of sources instead."""
        if by_sources:
            counts = self.source_counts()
            groups: list[tuple[str, int]] = []
            for at, position in enumerate(view):
                label = f"{counts[position]} source{'s' if counts[position] != 1 else ''}"
                if not groups or groups[-1][0] != label:
                    groups.append((label, at))
            return YearRows(view, groups)
        firsts = self._year_firsts
        spans = []
        for k, (year, first) in enumerate(firsts):
            start = bisect_left(view, first)
            end = bisect_left(view, firsts[k + 1][1]) if k + 1 < len(firsts) else len(view)
            spans.append((year, start, end))
        years = _year_groups(spans)
        return YearRows(view, [(label, start) for label, start, _ in years])

    def position_on_or_after(self, view: Sequence[int], day: date) -> int:
        """The view position of the first event that starts on or after `day` (clamped); in a
        view sorted by sources, the first in view order."""
        if is_sorted(view):
            found = bisect_left(view, day, key=self.starts.__getitem__)
        else:
            found = next((at for at, p in enumerate(view) if self.starts[p] >= day), len(view))
        return min(found, max(len(view) - 1, 0))

    def story_start(self) -> int:
        """The position of the first event of the story's present: the densest stretch of
        dated events around the articles' publication dates (older background lies before it);
        without publication dates, around the latest event."""
        published = sorted(a.published for a in self.articles.values() if a.published)
        if not self.events:
            return 0
        if published:
            low = bisect_left(self.starts, published[0] - timedelta(days=STORY_LEAD_DAYS))
            high = bisect_right(self.starts, published[-1])
        else:  # no publication dates: the latest events are the present
            low = bisect_left(self.starts, self.starts[-1] - timedelta(days=STORY_LEAD_DAYS))
            high = len(self.events)
        if low >= high:  # nothing dated near the reports: the latest events
            return max(bisect_left(self.starts, self.starts[-1] - timedelta(
                days=STORY_WINDOW_DAYS)), 0)
        best, best_count, end = low, 0, low
        for first in range(low, high):
            while end < high and (self.starts[end] - self.starts[first]).days <= \
                    STORY_WINDOW_DAYS:
                end += 1
            if end - first > best_count:
                best, best_count = first, end - first
        return best

    # Sources --------------------------------------------------------------------------------

    def sources(self, event: Event) -> list[Article]:
        """The articles reporting `event`, one each, in the order of its mentions."""
        seen: dict[str, Article] = {}
        for mention in event.mentions:
            article = self.articles.get(mention.article_id)
            if article is not None and article.id not in seen:
                seen[article.id] = article
        return list(seen.values())

    def claims(self, event: Event) -> list[tuple[str, Claim]]:
        found: dict[str, Claim] = {}
        for mention in event.mentions:
            for claim_id in mention.claim_ids:
                claim = self.timeline.claims.get(claim_id)
                if claim is not None:
                    found.setdefault(claim_id, claim)
        return list(found.items())

    def article_claims(self, article_id: str) -> list[Claim]:
        """Every claim of one article, in text order (for highlighting its source text)."""
        if self._article_claims is None:
            by_article: dict[str, list[Claim]] = defaultdict(list)
            owner = self.timeline.claim_articles
            for claim_id, claim in self.timeline.claims.items():
                by_article[owner.get(claim_id, "")].append(claim)
            for claims in by_article.values():
                claims.sort(key=lambda c: (c.start, c.end))
            self._article_claims = dict(by_article)
        return self._article_claims.get(article_id, [])

    def claim_events(self, claim_id: str) -> list[int]:
        """The positions of the events whose mentions carry a claim."""
        if self._claim_events is None:
            found: dict[str, list[int]] = defaultdict(list)
            for position, event in enumerate(self.events):
                for mention in event.mentions:
                    for cid in mention.claim_ids:
                        if not found[cid] or found[cid][-1] != position:
                            found[cid].append(position)
            self._claim_events = dict(found)
        return self._claim_events.get(claim_id, [])

    def actors(self, event: Event) -> list[Actor]:
        ids = dict.fromkeys(a for m in event.mentions for a in m.actor_ids)
        for _, claim in self.claims(event):
            if claim.speaker_id:
                ids.setdefault(claim.speaker_id)
        return [self.timeline.actors[a] for a in ids if a in self.timeline.actors]

    def countries(self, event: Event) -> list[Facet]:
        codes = dict.fromkeys(c for m in event.mentions for c in m.countries)
        return [self.facets[(COUNTRY, c)] for c in codes if (COUNTRY, c) in self.facets]

    # Text -----------------------------------------------------------------------------------

    def search(self, query: str) -> list[int]:
        """In-memory full-text search (for timelines not backed by a store): the positions of
        events whose text, sentences, claims or speakers contain every word of `query`, as
        substrings and ignoring case."""
        words = query.casefold().split()
        if not words:
            return []
        haystacks = self.haystacks()
        found: Sequence[int] = range(len(haystacks))
        last_words, last_found = self._last_search
        # Typing on ("ref" -> "refi") only narrows: search among the last hits.
        if last_words and all(any(old in new for new in words) for old in last_words):
            found = last_found
        for word in sorted(words, key=len, reverse=True):  # the longest word prunes most
            if isinstance(found, range):
                # The whole timeline: test every haystack at C speed, no Python loop per event.
                found = list(compress(found, map(contains, haystacks, repeat(word))))
            else:
                found = [p for p in found if word in haystacks[p]]
        result = list(found)
        self._last_search = (words, result)  # one assignment: safe with a concurrent search
        return result

    def search_claims(self, query: str) -> frozenset[str]:
        """The ids of claims (dated or not) whose text or speaker contains every word of
        `query`, as substrings and ignoring case."""
        words = query.casefold().split()
        if not words:
            return frozenset()
        if self._claim_haystacks is None:
            claims = self.timeline.claims
            self._claim_haystacks = (list(claims), [f"{c.text}\n{c.speaker_name}".casefold()
                                                    for c in claims.values()])
        ids, stacks = self._claim_haystacks
        found: Sequence[int] = range(len(stacks))
        for word in sorted(words, key=len, reverse=True):
            if isinstance(found, range):  # every claim: test them at C speed
                found = list(compress(found, map(contains, stacks, repeat(word))))
            else:
                found = [p for p in found if word in stacks[p]]
        return frozenset(ids[p] for p in found)

    def haystacks(self) -> list[str]:
        if self._haystacks is None:
            claims = self.timeline.claims
            stacks = []
            for event in self.events:
                parts = [event.text]
                for mention in event.mentions:
                    parts.append(mention.sentence)
                    for claim_id in mention.claim_ids:
                        claim = claims.get(claim_id)
                        if claim is not None:
                            parts += (claim.text, claim.speaker_name)
                stacks.append("\n".join(parts).casefold())
            self._haystacks = stacks
        return self._haystacks


class SourceOrder(list[int]):
    """A view sorted by number of sources (most first), by date within a number."""


def is_sorted(view: Sequence[int]) -> bool:
    """A view in date (position) order: every view but one sorted by sources."""
    return not isinstance(view, SourceOrder)


def country_names() -> dict[str, tuple[str, ...]]:
    """Every name of every country in the gazetteer, display name first, by ISO code: the
    names `--country` accepts too (core.timeline.countries), codes included."""
    from dateline.core.entities.gazetteer import countries

    return {code: (c.name, *c.aliases, *c.abbreviations, *c.demonyms, code, c.alpha3)
            for code, c in countries().items()}


def preview_rows(year_counts: Sequence[tuple[int, int]], shown: int) -> YearRows:
    """The first `shown` events of a timeline laid out as `TimelineIndex.rows` lays out the
    whole of it, from the number of events in each year alone (`Store.year_counts`): the same
    headings, with counts of the whole timeline, over the events at hand."""
    spans, position = [], 0
    for year, count in year_counts:
        spans.append((year, position, position + count))
        position += count
    groups = [group for group in _year_groups(spans) if group[1] < shown]
    return YearRows(range(shown), [(label, start) for label, start, _ in groups],
                    [count for _, _, count in groups])


def window_rows(years: Sequence[int], year_counts: Mapping[int, int]) -> YearRows:
    """A window of a timeline (its events from some date on, starting in `years`) laid out
    with a heading before the first event of each year, counting the whole year's events."""
    groups: list[tuple[str, int]] = []
    for at, year in enumerate(years):
        if not groups or groups[-1][0] != str(year):
            groups.append((str(year), at))
    return YearRows(range(len(years)), groups, [year_counts[int(y)] for y, _ in groups])


def _year_groups(spans: Iterable[tuple[int, int, int]]) -> list[tuple[str, int, int]]:
    """(label, first view position, events) of each heading, from (year, start, end) view
    spans in year order: runs of sparse years share one heading."""
    groups: list[list] = []  # [first year, last year, view position, sparse, events]
    for year, start, end in spans:
        if start >= end:
            continue
        sparse = end - start < DENSE_YEAR
        if sparse and groups and groups[-1][3]:
            groups[-1][1] = year
            groups[-1][4] += end - start
        else:
            groups.append([year, year, start, sparse, end - start])
    return [(str(first) if first == last else f"{first}–{last}", start, count)
            for first, last, start, _, count in groups]


def _year_firsts(starts: Sequence[date]) -> list[tuple[int, int]]:
    """(year, position of its first event) for each year, by binary search over sorted starts."""
    firsts: list[tuple[int, int]] = []
    position = 0
    while position < len(starts):
        year = starts[position].year
        firsts.append((year, position))
        if year >= 9999:
            break
        position = bisect_left(starts, date(year + 1, 1, 1), lo=position)
    return firsts


def next_hit(hits: Sequence[int], view: Sequence[int], members: frozenset[int] | None,
             position: int, forward: bool = True, inclusive: bool = False) -> int | None:
    """The view position of the next (or previous) search hit after view position `position`
    (or at it, when `inclusive`), wrapping around; `hits` are sorted event positions, `members`
    the view as a set (None when the view is the whole timeline)."""
    if not hits or not view:
        return None
    current = view[position] if 0 <= position < len(view) else -1
    if inclusive:
        current += -1 if forward else 1
    if not is_sorted(view):  # a view by sources: step through the hits in view order
        hit_set = set(hits)
        at = [k for k, p in enumerate(view) if p in hit_set]
        if not at:
            return None
        here = position + (-1 if forward else 1) * inclusive
        after = [k for k in at if (k > here if forward else k < here)]
        return (after[0] if forward else after[-1]) if after else (at[0] if forward else at[-1])
    ordered = _rotate(hits, current, forward)
    for hit in ordered:
        if members is None or hit in members:
            return bisect_left(view, hit)
    return None


def _rotate(hits: Sequence[int], current: int, forward: bool) -> Iterable[int]:
    if forward:
        cut = bisect_right(hits, current)
        yield from hits[cut:]
        yield from hits[:cut]
    else:
        cut = bisect_left(hits, current)
        yield from reversed(hits[:cut])
        yield from reversed(hits[cut:])
