"""Merging: the same happening reported by several articles becomes one event with its sources.

Two mentions from different articles merge when their dates overlap and they tell the same thing
(content words by rapidfuzz, shared actors, countries and figures), or when their dates differ a
little but they agree strongly on what happened and who took part: that is a conflict between
sources ("the pact was signed in June" — 000, 001, 003; "in July" — 002), recorded on the event
with each value and its sources. Figures for the same kind of thing that differ between the
sources of one event are recorded the same way.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from dateline.core.entities.extract import link_actors
from dateline.core.model import (
    Actor,
    ArticleAnalysis,
    Claim,
    Conflict,
    Event,
    EventMention,
    Timeline,
)
from dateline.core.resources import data_file, load_toml
from dateline.core.temporal.values import add_days
from dateline.core.timeline.events import EXPLICIT, REPORTED, clause_text
from dateline.core.timeline.keydates import key_dates

DATA_FILE = data_file("events.toml")
RARITY_FILE = "word_rarity.json.gz"
_UNLISTED_ZIPF = 1.0  # a word outside the table: rarer than any listed
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*|\d[\d,.]*")
_FIGURE = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(million|billion))?\s+"
                     r"(?:[A-Za-z’'-]+\s+){0,3}?([A-Za-z]+)\b")
_KEY_WORDS = 4
_SCORE_STEPS = 1 << 20
_GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "half": 4,
                     "year": 5, "decade": 6, "century": 7}


@dataclass(frozen=True, slots=True)
class MergeRules:
    stopwords: frozenset[str]
    synonyms: dict[str, str]
    figure_kinds: dict[str, str]
    same_date: float
    same_date_with_entities: float
    entity_overlap: float
    conflicting_date: float
    conflicting_date_entities: float
    conflicting_date_max_days: int
    reported_max_days: int
    min_rare_ratio: float
    rarity_ceiling: float
    topic_damping: float
    topic_min_mentions: int


@cache
def merge_rules(path: Path = DATA_FILE) -> MergeRules:
    data = load_toml(path)  # checked against its schema (core/resource_schemas.py)
    similarity, merge = data["similarity"], data["merge"]
    synonyms = {word: group[0] for group in similarity["synonyms"] for word in group}
    kinds = {word: group[0] for group in data["figures"]["kinds"] for word in group}
    return MergeRules(
        stopwords=frozenset(similarity["stopwords"]),
        synonyms=synonyms,
        figure_kinds=kinds,
        same_date=merge["same_date"],
        same_date_with_entities=merge["same_date_with_entities"],
        entity_overlap=merge["entity_overlap"],
        conflicting_date=merge["conflicting_date"],
        conflicting_date_entities=merge["conflicting_date_entities"],
        conflicting_date_max_days=merge["conflicting_date_max_days"],
        reported_max_days=merge["reported_max_days"],
        min_rare_ratio=merge["min_rare_ratio"],
        rarity_ceiling=merge["rarity_ceiling"],
        topic_damping=merge["topic_damping"],
        topic_min_mentions=merge["topic_min_mentions"],
    )


@dataclass(slots=True)
class MergeItem:
    """A mention with what merging compares, computed once."""

    mention: EventMention
    published: date | None
    text: str
    words: frozenset[str]
    entities: frozenset[str]
    figures: dict[str, frozenset[str]]
    speakers: frozenset[str] = frozenset()  # actors whose claims the mention carries
    weights: dict[str, float] = field(default_factory=dict)  # see `_weigh`
    weight: float = 0.0  # the norm of its weighted word vector
    rare: str = ""  # its rarer half of words, for rapidfuzz
    keys: tuple[str, ...] = ()  # its rarest words: a pair must share one to be compared


def content_words(text: str, rules: MergeRules) -> frozenset[str]:
    words = set()
    for raw in _WORD.findall(text.lower().replace("’", "'")):
        word = raw.removesuffix("'s").strip("'-.,")
        if not word or word in rules.stopwords:
            continue
        words.add(rules.synonyms.get(word, word))
    return frozenset(words)


def figures(text: str, rules: MergeRules) -> dict[str, frozenset[str]]:
    """Numbers with the kind of thing they count: {"troops": {"1,500"}}."""
    found: dict[str, set[str]] = defaultdict(set)
    for match in _FIGURE.finditer(text):
        kind = rules.figure_kinds.get(match.group(3).lower())
        if kind:
            number = match.group(1) + (f" {match.group(2)}" if match.group(2) else "")
            found[kind].add(number)
    return {kind: frozenset(numbers) for kind, numbers in found.items()}


def _overlap(a: EventMention, b: EventMention) -> bool:
    (a_start, a_end), (b_start, b_end) = a.timex.interval, b.timex.interval
    return a_start <= b_end and b_start <= a_end


def _compatible(a: EventMention, b: EventMention) -> bool:
    """Whether a reported mention can tell the same happening as another: reported on or after
    an explicit date (what is reported on a day happened by then); two reports always can."""
    if a.certainty == REPORTED and b.certainty == REPORTED:
        return True
    explicit, reported = (b, a) if a.certainty == REPORTED else (a, b)
    return reported.timex.interval[0] >= explicit.timex.interval[0]


def _gap_days(a: EventMention, b: EventMention) -> int:
    (a_start, a_end), (b_start, b_end) = a.timex.interval, b.timex.interval
    return max((b_start - a_end).days, (a_start - b_end).days, 0)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _weigh(items: Sequence[MergeItem], rules: MergeRules) -> None:
    """Weigh the content words of one article's mentions by how distinctive they are.

    A word's weight is its rarity in general English (data/word_rarity.json.gz, built by
    scripts/build_word_rarity.py: the Zipf scale turned upside down and cut at a ceiling, so
    "said" weighs nothing and a village nobody writes about weighs most), lowered by the share of
    the article's mentions that hold it: "North Korea", "troops" and "Russia" are in every
    sentence of a story about North Korean troops in Russia, "pact" and "signed" are not.

    Everything here comes from the mention's own article: its weights never change when other
    articles come or go, so merging can be redone where an article lands and nowhere else (see
    `components` and `core.store.merging`).
    """
    table = word_rarity()
    holding: dict[str, int] = defaultdict(int)
    for item in items:
        for word in item.words:
            holding[word] += 1
    damp = len(items) >= rules.topic_min_mentions
    for item in items:
        weights = {}
        for word in item.words:
            zipf = _zipf(word, table)
            weight = max(rules.rarity_ceiling - zipf, 0.0)
            if damp:
                weight *= 1.0 - holding[word] / len(items) * rules.topic_damping
            weights[word] = weight
        item.weights = weights
        item.weight = math.sqrt(sum(w * w for w in weights.values()))
        by_rarity = sorted(item.words, key=lambda w: (-weights[w], w))
        item.rare = " ".join(sorted(by_rarity[: (len(by_rarity) + 1) // 2]))
        item.keys = tuple(by_rarity[:_KEY_WORDS])


def _zipf(word: str, table: Mapping[str, float]) -> float:
    zipf = table.get(word)
    if zipf is None and "-" in word:
        # A compound is as rare as its rarest part: "Russian-occupied" is no name.
        zipf = min(table.get(part, _UNLISTED_ZIPF) for part in word.split("-") if part)
    return _UNLISTED_ZIPF if zipf is None else zipf


def cosine(a: MergeItem, b: MergeItem) -> float:
    """The cosine of two mentions' weighted word vectors."""
    if not a.weight or not b.weight:
        return 0.0
    shared = sum(a.weights[w] * b.weights[w] for w in a.words & b.words)
    return shared / (a.weight * b.weight)


@cache
def word_rarity() -> dict[str, float]:
    """Zipf frequency of common English words (see `_Rarity`)."""
    with data_file(RARITY_FILE).open("rb") as handle:
        data = json.loads(gzip.decompress(handle.read()))
    return {word: float(zipf) for zipf, words in data["words"].items() for word in words.split()}


def similarity(a: MergeItem, b: MergeItem, rules: MergeRules) -> float:
    """How surely two mentions from different articles tell the same happening: 0 when they do
    not, else the strength of the evidence (for merging the surest pairs first).

    The cheap date tests come first: most candidate pairs fail them.
    """
    reported = a.mention.certainty == REPORTED or b.mention.certainty == REPORTED
    same_time = _compatible(a.mention, b.mention) if reported else _overlap(a.mention, b.mention)
    if reported and (not same_time
                     or _gap_days(a.mention, b.mention) > rules.reported_max_days):
        return 0.0
    if not same_time:
        # Only dates stated alike can contradict each other: "in June" against "in July". A
        # week against a day is more often a report's date against the happening's.
        granularity = a.mention.timex.granularity
        if granularity != b.mention.timex.granularity or granularity not in ("day", "month"):
            return 0.0
        if _gap_days(a.mention, b.mention) > rules.conflicting_date_max_days:
            return 0.0
    score = cosine(a, b)
    if same_time and not reported and a.speakers & b.speakers:
        # One speaker quoted on the same day by two outlets: the same statement.
        return 1.0 + score
    threshold = (min(rules.same_date, rules.same_date_with_entities) if same_time
                 else rules.conflicting_date)
    if score < threshold or fuzz.token_set_ratio(a.rare, b.rare) < rules.min_rare_ratio:
        return 0.0
    entities = _jaccard(a.entities, b.entities)
    if not same_time:
        return score if entities >= rules.conflicting_date_entities else 0.0
    if score >= rules.same_date:
        return score
    if entities >= rules.entity_overlap:
        return score
    shared_figure = any(a.figures.get(kind, frozenset()) & numbers
                        for kind, numbers in b.figures.items())
    return score if shared_figure else 0.0


def _candidate_pairs(items: Sequence[MergeItem], rules: MergeRules) -> Iterable[tuple[int, int]]:
    """Pairs from different articles that lie near in time where one holds a rarest word of
    the other.

    Looking only through each mention's few rarest words keeps the pairs near linear in the
    number of mentions: two clauses that tell the same happening share its distinctive words
    ("pact", "Vladivostok"), while the words every sentence of a story shares are never keys.
    """
    # Explicit and reported mentions are indexed apart: a reported one reaches only
    # `reported_max_days`, so an explicit mention's wide window need not walk past them.
    explicit = _Postings(items, lambda item: item.mention.certainty != REPORTED)
    reported = _Postings(items, lambda item: item.mention.certainty == REPORTED)
    for first, item in enumerate(items):
        found: set[int] = set()
        is_reported = item.mention.certainty == REPORTED
        wide = rules.reported_max_days if is_reported else rules.conflicting_date_max_days
        for postings, reach in ((explicit, wide), (reported, rules.reported_max_days)):
            for second in postings.near(item, reach):
                other = items[second]
                if second in found or other.mention.article_id == item.mention.article_id:
                    continue
                found.add(second)
                # A pair both sides reach through their keys is yielded from the lower index
                # only; a set of every pair seen would hold millions on a big store.
                if second < first and any(key in item.words for key in other.keys):
                    continue
                yield (first, second) if first < second else (second, first)


class _Postings:
    """The mentions holding each word, sorted by start date, for the window queries of
    `_candidate_pairs`."""

    def __init__(self, items: Sequence[MergeItem], keep: Callable[[MergeItem], bool]) -> None:
        self.items = items
        self.postings: dict[str, list[int]] = defaultdict(list)
        for position, item in enumerate(items):
            if keep(item):
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


def item_order(item: MergeItem) -> tuple[str, int, int, int, str]:
    """The one order mentions are merged in, whichever batch brought them: ties between equal
    scores go to the earlier pair in it, so merging a set gives one result."""
    m = item.mention
    return m.article_id, m.start, m.timex.start, m.end, m.timex.value


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
            if any(_overlap(item.mention, other.mention) for other in group):
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


def entity_key(actor: Actor) -> str:
    """What merging compares of an actor, from its own article alone: a person's last name
    ("rene-preval" and "preval" are one), else its id. Never the id actors get when linked
    across articles, which changes as articles come and go."""
    return actor.id.rsplit("-", 1)[-1] if actor.kind == "person" else actor.id


def items_of(analysis: ArticleAnalysis, rules: MergeRules,
             actor_ids: Mapping[str, str] | None = None) -> list[MergeItem]:
    """What merging compares of one article's event mentions, weighed (`_weigh`), in
    `item_order`. `actor_ids` maps the article's actor ids to linked ones, for the events."""
    article = analysis.article
    actor_ids = actor_ids or {}
    local = {actor.id: entity_key(actor) for actor in analysis.actors}
    speakers = [local.get(claim.speaker_id or "", claim.speaker_id) for claim in analysis.claims]
    items = []
    for mention in analysis.events:
        text = clause_text(article.text, mention)
        entities = frozenset(local.get(a, a) for a in mention.actor_ids)
        mention = replace(mention, actor_ids=tuple(dict.fromkeys(
            actor_ids.get(a, a) for a in mention.actor_ids)))
        items.append(MergeItem(
            mention=mention,
            published=article.published,
            text=text,
            words=content_words(text, rules),
            entities=entities | frozenset(mention.countries),
            figures=figures(text, rules),
            speakers=frozenset(filter(None, (_claim_speaker(c, article.id, speakers)
                                             for c in mention.claim_ids))),
        ))
    _weigh(items, rules)
    items.sort(key=item_order)
    return items


def _claim_speaker(claim_id: str, article_id: str, speakers: Sequence[str | None]) -> str | None:
    owner, _, index = claim_id.rpartition("#")
    if owner != article_id or not index.isdigit() or int(index) >= len(speakers):
        return None
    return speakers[int(index)]


def merge_actors(analyses: Sequence[ArticleAnalysis]) -> tuple[
        dict[str, Actor], dict[str, list[str]], dict[tuple[str, str], str]]:
    """One actor per person or organisation across articles (name variants linked by
    `dateline.core.entities.extract.link_actors`).

    Returns the actors by id, the articles each appears in, and a map from (article id, actor
    id as the article knew it) to the merged id.
    """
    links = link_actors({actor.id: actor for actor in a.actors} for a in analyses)
    mapping: dict[tuple[str, str], str] = {}
    appears: dict[str, list[str]] = defaultdict(list)
    for analysis in analyses:
        for actor in analysis.actors:
            merged_id = links.ids.get(actor.id, actor.id)
            mapping[(analysis.article.id, actor.id)] = merged_id
            if analysis.article.id not in appears[merged_id]:
                appears[merged_id].append(analysis.article.id)
    return dict(links.actors), dict(appears), mapping


def build_timeline(analyses: Sequence[ArticleAnalysis]) -> Timeline:
    """The merged model of a set of analysed articles."""
    rules = merge_rules()
    actors, actor_articles, actor_ids = merge_actors(analyses)
    claims: dict[str, Claim] = {}
    claim_articles: dict[str, str] = {}
    for analysis in analyses:
        for index, claim in enumerate(analysis.claims):
            claim_id = f"{analysis.article.id}#{index}"
            speaker = actor_ids.get((analysis.article.id, claim.speaker_id or ""),
                                    claim.speaker_id)
            claims[claim_id] = _with_speaker(claim, speaker)
            claim_articles[claim_id] = analysis.article.id
    items = [item for analysis in analyses for item in items_of(analysis, rules, {
        local: merged for (article_id, local), merged in actor_ids.items()
        if article_id == analysis.article.id})]
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
