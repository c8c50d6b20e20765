"""Merging: the same happening reported by several articles becomes one event with its sources.

Two mentions from different articles merge when their dates overlap and they tell the same thing
(content words by rapidfuzz, shared actors, countries and figures), or when their dates differ a
little but they agree strongly on what happened and who took part: that is a conflict between
sources ("the pact was signed in June" — 000, 001, 003; "in July" — 002), recorded on the event
with each value and its sources. Figures for the same kind of thing that differ between the
sources of one event are recorded the same way.

What two mentions are compared on is `core.timeline.similarity`'s. Merging a set is merging each
component of its graph of pairs that may merge (`components`), in one order whatever batch
brought them (`item_order`): so a store can merge in place (`core.store.merging`).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date

from dateline.core.entities.extract import link_actors
from dateline.core.model import (
    Actor,
    ArticleAnalysis,
    Claim,
    Conflict,
    Event,
    Timeline,
)
from dateline.core.temporal.values import add_days
from dateline.core.timeline.events import EXPLICIT, REPORTED
from dateline.core.timeline.keydates import key_dates
from dateline.core.timeline.similarity import (  # noqa: F401 - the merge's vocabulary, re-exported
    MergeItem,
    MergeRules,
    content_words,
    cosine,
    dates_overlap,
    entity_key,
    figures,
    item_order,
    items_of,
    merge_rules,
    similarity,
    word_rarity,
)

_SCORE_STEPS = 1 << 20
# Two mentions are compared only when they share this many keys (each side's keys the other
# holds), or a speaker: one shared rare word almost never makes a merge (on six months of the
# 2,000-article bench corpus, 28 of ~60,000 such pairs did, against 6,430 of 66,000 with two or
# more) and comparing those pairs was half the merge's time.
_KEY_HITS = 2
_GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "half": 4,
                     "year": 5, "decade": 6, "century": 7}


def _candidate_pairs(items: Sequence[MergeItem], rules: MergeRules,
                     firsts: Iterable[int] | None = None,
                     indexed: Callable[[int], bool] | None = None) -> Iterable[tuple[int, int]]:
    """Pairs from different articles that lie near in time where one holds a rarest word of
    the other, twice over (see `_KEY_HITS`). With `firsts`, only the pairs those
    positions find through their own keys among the positions `indexed` allows (see
    `may_merge_across`).

    Looking only through each mention's few rarest words keeps the pairs near linear in the
    number of mentions: two clauses that tell the same happening share its distinctive words
    ("pact", "Vladivostok"), while the words every sentence of a story shares are never keys.
    """
    # Explicit and reported mentions are indexed apart: a reported one reaches only
    # `reported_max_days`, so an explicit mention's wide window need not walk past them.
    def keep(reports: bool) -> Callable[[int], bool]:
        return lambda p: ((items[p].mention.certainty == REPORTED) == reports
                          and (indexed is None or indexed(p)))

    explicit, reported = _Postings(items, keep(False)), _Postings(items, keep(True))
    whole = firsts is None
    for first in range(len(items)) if firsts is None else firsts:
        item = items[first]
        found: set[int] = set()
        is_reported = item.mention.certainty == REPORTED
        wide = rules.reported_max_days if is_reported else rules.conflicting_date_max_days
        for postings, reach in ((explicit, wide), (reported, rules.reported_max_days)):
            hits: dict[int, int] = defaultdict(int)  # how many of item's keys each holds
            for second in postings.near(item, reach):
                hits[second] += 1
            for second, own in hits.items():
                other = items[second]
                if second in found or other.mention.article_id == item.mention.article_id:
                    continue
                found.add(second)
                theirs = -1  # how many of other's keys item holds, counted when needed
                if own < _KEY_HITS and not (item.speakers & other.speakers):
                    theirs = sum(key in item.words for key in other.keys)
                    if own + theirs < _KEY_HITS:
                        continue
                # A pair both sides reach through their keys is yielded from the lower index
                # only; a set of every pair seen would hold millions on a big store.
                if whole and second < first and (
                        theirs > 0 if theirs >= 0 else any(k in item.words for k in other.keys)):
                    continue
                yield (first, second) if first < second else (second, first)


class _Postings:
    """The mentions holding each word, sorted by start date, for the window queries of
    `_candidate_pairs`."""

    def __init__(self, items: Sequence[MergeItem], keep: Callable[[int], bool]) -> None:
        self.items = items
        self.postings: dict[str, list[int]] = defaultdict(list)
        for position, item in enumerate(items):
            if keep(position):
                for word in item.words:
                    self.postings[word].append(position)
        self.starts: dict[str, list[date]] = {}
        self.longest: dict[str, int] = {}  # the longest interval under a word, in days
        for word, positions in self.postings.items():
            positions.sort(key=lambda p: items[p].mention.timex.interval[0])
            self.starts[word] = [items[p].mention.timex.interval[0] for p in positions]
            self.longest[word] = max((items[p].mention.timex.interval[1]
                                      - items[p].mention.timex.interval[0]).days
                                     for p in positions)

    def near(self, item: MergeItem, reach: int) -> Iterator[int]:
        """Positions of mentions holding one of `item`'s keys within `reach` days of it."""
        first_start, first_end = item.mention.timex.interval
        # add_days clamps at date.max/min: a mention dated Dec. 31, 9999 must not overflow.
        latest, earliest = add_days(first_end, reach), add_days(first_start, -reach)
        for word in item.keys:
            positions = self.postings.get(word)
            if not positions:
                continue
            # Sorted by start: nothing starting before `earliest` minus the longest interval
            # under this word can reach this mention, nothing starting after `latest` either.
            begin = bisect_left(self.starts[word], add_days(earliest, -self.longest[word]))
            stop = bisect_right(self.starts[word], latest)
            for second in positions[begin:stop]:
                if self.items[second].mention.timex.interval[1] >= earliest:
                    yield second


def scored_pairs(items: Sequence[MergeItem], rules: MergeRules) -> list[int]:
    """Every pair that may merge, each packed into one int that sorts surest first, then by
    position (a third of the memory of (score, first, second) tuples, which matters at
    millions of pairs); see `unpack`."""
    shift = max(len(items), 1).bit_length()
    scored = []
    for first, second in _candidate_pairs(items, rules):
        score = similarity(items[first], items[second], rules)
        if score > 0:
            rank = _SCORE_STEPS - round(score * _SCORE_STEPS / 2)  # scores lie in (0, 2]
            scored.append((((rank << shift) | first) << shift) | second)
    scored.sort()
    return scored


def may_merge_across(new: Sequence[MergeItem], old: Sequence[MergeItem],
                     rules: MergeRules) -> set[int]:
    """The positions in `old` of the mentions that may merge with one of `new` (the pairs
    `scored_pairs` of both together would score between the two lists)."""
    items = [*new, *old]
    count = len(new)
    found: set[int] = set()
    # A pair is a candidate when either side holds a key of the other: look from the new
    # side through every mention's words, then from the old side through the new ones'.
    for firsts, indexed in ((range(count), None),
                            (range(count, len(items)), lambda p: p < count)):
        for a, b in _candidate_pairs(items, rules, firsts, indexed):
            if a < count <= b and b - count not in found \
                    and similarity(items[a], items[b], rules) > 0:
                found.add(b - count)
    return found


def unpack(packed: int, count: int) -> tuple[int, int]:
    """The positions of the pair `scored_pairs` packed, among `count` items."""
    shift = max(count, 1).bit_length()
    mask = (1 << shift) - 1
    return (packed >> shift) & mask, packed & mask


def components(count: int, scored: Iterable[int]) -> list[int]:
    """For each of `count` items, the lowest position of the items it is joined to through
    pairs that may merge. Merging one component never looks at another, so the merge of a set
    is the merges of its components: what lets a store re-merge only where articles changed."""
    root = list(range(count))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for packed in scored:
        a, b = (find(i) for i in unpack(packed, count))
        if a != b:
            root[max(a, b)] = min(a, b)
    return [find(i) for i in range(count)]


def cluster(items: Sequence[MergeItem], rules: MergeRules,
            scored: list[int] | None = None) -> list[list[int]]:
    """Greedy agglomeration, surest pairs first; a cluster holds one mention per article, so a
    chain of loose resemblances cannot pull a whole story into one event. `items` are in
    `item_order`; `scored` is their `scored_pairs`, if already made."""
    if scored is None:
        scored = scored_pairs(items, rules)
    owner = list(range(len(items)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(items))}
    articles: dict[int, set[str]] = {i: {item.mention.article_id} for i, item in
                                     enumerate(items)}
    # The latest start and earliest end of each cluster's explicit dates (None: none): its
    # explicit dates all overlap when the one is not after the other.
    hulls: dict[int, tuple[date, date] | None] = {
        i: None if item.mention.certainty == REPORTED else item.mention.timex.interval
        for i, item in enumerate(items)}
    for packed in scored:
        first, second = unpack(packed, len(items))
        a, b = owner[first], owner[second]
        if a == b or articles[a] & articles[b]:
            continue
        hull = _joined(hulls[a], hulls[b])
        if hull is not None and hull[0] > hull[1] and REPORTED in (
                items[first].mention.certainty, items[second].mention.certainty):
            continue  # a report must not bridge two explicit dates into a conflict
        for position in members[b]:
            owner[position] = a
        members[a].extend(members.pop(b))
        articles[a] |= articles.pop(b)
        hulls[a] = hull
        del hulls[b]
    return list(members.values())


def _joined(a: tuple[date, date] | None,
            b: tuple[date, date] | None) -> tuple[date, date] | None:
    if a is None or b is None:
        return a or b
    return max(a[0], b[0]), min(a[1], b[1])


def _date_groups(members: Sequence[MergeItem]) -> list[list[MergeItem]]:
    """Mentions whose dates overlap, grouped; more than one group is a date conflict."""
    groups: list[list[MergeItem]] = []
    for item in sorted(members, key=lambda i: i.mention.timex.interval):
        for group in groups:
            if any(dates_overlap(item.mention, other.mention) for other in group):
                group.append(item)
                break
        else:
            groups.append([item])
    return groups


def _articles(items: Iterable[MergeItem]) -> tuple[str, ...]:
    return tuple(sorted({item.mention.article_id for item in items}))


def _widest(group: Sequence[MergeItem]) -> MergeItem:
    return max(group, key=lambda i: (i.mention.timex.interval[1] - i.mention.timex.interval[0],
                                     i.mention.timex.value))


def _conflicts(members: Sequence[MergeItem],
               groups: Sequence[Sequence[MergeItem]]) -> list[Conflict]:
    conflicts = []
    if len(groups) > 1:
        values = tuple((_widest(group).mention.timex.value, _articles(group))
                       for group in groups)
        conflicts.append(Conflict("date", values))
    by_kind: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for item in members:
        for kind, numbers in item.figures.items():
            for number in numbers:
                by_kind[kind][number].add(item.mention.article_id)
    for kind, numbers in sorted(by_kind.items()):
        if len(numbers) > 1 and len({a for ids in numbers.values() for a in ids}) > 1:
            values = tuple((f"{number} {kind}", tuple(sorted(ids)))
                           for number, ids in sorted(numbers.items()))
            conflicts.append(Conflict("figure", values))
    return conflicts


def _event_id(members: Sequence[MergeItem]) -> str:
    key = "|".join(sorted(f"{i.mention.article_id}:{i.mention.start}:{i.mention.timex.start}"
                          for i in members))
    return "e" + hashlib.blake2s(key.encode(), digest_size=6).hexdigest()


def build_event(members: Sequence[MergeItem]) -> Event:
    """One event from merged mentions. Its date comes from the explicit mentions; reported ones
    date it only when none is explicit (the earliest report: it happened by then), and never
    make a date conflict."""
    explicit = [i for i in members if i.mention.certainty != REPORTED]
    groups = _date_groups(explicit)
    if explicit:
        # The date most sources agree on; within it, the most precise statement of it.
        main = max(groups, key=lambda g: (len(_articles(g)), -min(
            _GRANULARITY_RANK.get(i.mention.timex.granularity or "", 9) for i in g)))
        anchor = min(main, key=lambda i: (
            _GRANULARITY_RANK.get(i.mention.timex.granularity or "", 9),
            i.mention.timex.interval[1] - i.mention.timex.interval[0],
            i.published or date.max, i.mention.article_id, i.mention.start))
    else:
        anchor = min(members, key=lambda i: (i.mention.timex.interval[0],
                                             i.mention.article_id, i.mention.start))
    timex = anchor.mention.timex
    ordered = sorted(members, key=lambda i: (i.published or date.max, i.mention.article_id,
                                             i.mention.start))
    return Event(
        id=_event_id(members),
        start=timex.interval[0],
        end=timex.interval[1],
        granularity=timex.granularity or "day",
        value=timex.value,
        approximate=timex.approximate or len(groups) > 1,
        text=anchor.text,
        mentions=[item.mention for item in ordered],
        conflicts=_conflicts(members, groups),
        certainty=EXPLICIT if explicit else REPORTED,
    )


def merge_actors(analyses: Sequence[ArticleAnalysis]) -> tuple[
        dict[str, Actor], dict[str, list[str]], dict[str, str]]:
    """One actor per person or organisation across articles (name variants linked by
    `dateline.core.entities.extract.link_actors`).

    Returns the actors by id, the articles each appears in, and a map from an actor id as an
    article knew it to the merged id (the same in every article).
    """
    links = link_actors({actor.id: actor for actor in a.actors} for a in analyses)
    ids: dict[str, str] = {}
    appears: dict[str, list[str]] = defaultdict(list)
    for analysis in analyses:
        for actor in analysis.actors:
            merged_id = ids.setdefault(actor.id, links.ids.get(actor.id, actor.id))
            if analysis.article.id not in appears[merged_id]:
                appears[merged_id].append(analysis.article.id)
    return dict(links.actors), dict(appears), ids


def linked_claims(analyses: Sequence[ArticleAnalysis], ids: Mapping[str, str]) -> tuple[
        dict[str, Claim], dict[str, str]]:
    """Every claim under its id ("ARTICLE#N") with its speaker's merged id (`ids`, from
    `merge_actors`), and the article each was made in."""
    claims: dict[str, Claim] = {}
    claim_articles: dict[str, str] = {}
    for analysis in analyses:
        for index, claim in enumerate(analysis.claims):
            claim_id = f"{analysis.article.id}#{index}"
            claims[claim_id] = _with_speaker(claim, ids.get(claim.speaker_id or "",
                                                            claim.speaker_id))
            claim_articles[claim_id] = analysis.article.id
    return claims, claim_articles


def build_timeline(analyses: Sequence[ArticleAnalysis]) -> Timeline:
    """The merged model of a set of analysed articles."""
    rules = merge_rules()
    actors, actor_articles, ids = merge_actors(analyses)
    claims, claim_articles = linked_claims(analyses, ids)
    items = [item for analysis in analyses for item in items_of(analysis, rules, ids)]
    items.sort(key=item_order)
    events = [build_event([items[i] for i in members]) for members in cluster(items, rules)]
    events.sort(key=lambda e: (e.start, e.end, e.id))
    articles = [a.article for a in analyses]
    return Timeline(
        articles=articles,
        events=events,
        claims=claims,
        claim_articles=claim_articles,
        actors=actors,
        actor_articles=actor_articles,
        key_dates=key_dates(events, articles),
    )


def _with_speaker(claim: Claim, speaker_id: str | None) -> Claim:
    return claim if speaker_id == claim.speaker_id else replace(claim, speaker_id=speaker_id)
