"""What merging compares of an event mention, and how alike two mentions are.

A mention is weighed from its own article alone (`items_of`): its content words by their
rarity in general English and their share of the article's mentions, its actors by a key that
needs no linking across articles, its figures. So a mention's comparison with any other never
changes when other articles come or go — what lets a store merge in place
(`core.store.merging`). `similarity` says whether two mentions tell the same happening.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from dateline.core.model import Actor, ArticleAnalysis, EventMention
from dateline.core.resources import data_file, load_toml
from dateline.core.timeline.events import REPORTED, clause_text

DATA_FILE = data_file("events.toml")
RARITY_FILE = "word_rarity.json.gz"
_UNLISTED_ZIPF = 1.0  # a word outside the table: rarer than any listed
_DATE_NUMBER_ZIPF = 6.0  # "11", "2011": about as common as "said"
_NUMBER_ZIPF = 4.0  # "300", "1,500": about as common as "troops"
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*|\d[\d,.]*")
_FIGURE = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(million|billion))?\s+"
                     r"(?:[A-Za-z’'-]+\s+){0,3}?([A-Za-z]+)\b")
_KEY_WORDS = 4

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


def dates_overlap(a: EventMention, b: EventMention) -> bool:
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
    table = _rarity_with_synonyms(tuple(sorted(rules.synonyms.items())))
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
    if word[0].isdigit():
        # The table holds no numbers. A day of the month or a year is mostly the date the
        # clause was cut around ("on March 11", "in 2011"): as common as words get; another
        # number ("300 troops") tells more.
        digits = word.replace(",", "")
        value = int(digits) if digits.isdigit() and len(digits) < 6 else None
        dated = value is not None and (value <= 31 or 1800 <= value <= 2100)
        return _DATE_NUMBER_ZIPF if dated else _NUMBER_ZIPF
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
def _rarity_with_synonyms(synonyms: tuple[tuple[str, str], ...]) -> dict[str, float]:
    """`word_rarity`, a synonym group's first word as common as its most common member:
    "troop" stands for "forces" too."""
    table = dict(word_rarity())
    for word, head in synonyms:
        if word in table:
            table[head] = max(table[word], table.get(head, 0.0))
    return table


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
    same_time = (_compatible(a.mention, b.mention) if reported
                 else dates_overlap(a.mention, b.mention))
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
    # Shared actors and countries excuse looser wording, but not for a report, dated only by
    # its publication: the same people are in every report of a story.
    if entities >= rules.entity_overlap and not reported:
        return score
    shared_figure = any(a.figures.get(kind, frozenset()) & numbers
                        for kind, numbers in b.figures.items())
    return score if shared_figure else 0.0


def item_order(item: MergeItem) -> tuple[str, int, int, int, str]:
    """The one order mentions are merged in, whichever batch brought them: ties between equal
    scores go to the earlier pair in it, so merging a set gives one result."""
    m = item.mention
    return m.article_id, m.start, m.timex.start, m.end, m.timex.value


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

