"""The extraction pipeline: one article in, its ArticleAnalysis out (a pure function).

Cleaning, sentences, temporal expressions, actors and countries, claims and event mentions (dated
ones, and the undated reports and headline placed at the publication date), in that order;
chrome (related-story lists, promos, teaser repeats) is cut first, so nothing in it
becomes an event or a claim.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import accumulate

from dateline.core.articles.clean import clean, split_sentences
from dateline.core.articles.dating import infer_published
from dateline.core.claims.finder import find_claims
from dateline.core.entities.extract import extract
from dateline.core.model import Article, ArticleAnalysis, Claim, EntityMention, Region
from dateline.core.temporal.engine import tag
from dateline.core.temporal.timex import Timex
from dateline.core.timeline.events import event_mentions

CONTENT_KINDS = frozenset({"body", "caption", "title"})


def _in_content(start: int, end: int, regions: list[Region]) -> bool:
    return any(r.kind in CONTENT_KINDS and r.start <= start and end <= r.end for r in regions)


class _ActorIndex:
    """Actor mentions (sorted by start) looked up by span without a scan of the whole list."""

    def __init__(self, mentions: list[EntityMention]) -> None:
        self.actors = [m for m in mentions if m.kind != "country"]
        self.starts = [m.start for m in self.actors]
        self.reach = list(accumulate((m.end for m in self.actors), max))

    def first_overlapping(self, start: int, end: int) -> EntityMention | None:
        hi = bisect_left(self.starts, end)  # the mentions that start before the span ends
        for i in range(bisect_right(self.reach, start, 0, hi), hi):
            if self.actors[i].end > start:
                return self.actors[i]
        return None


def _speaker_id(claim: Claim, actors: _ActorIndex, known: dict[str, str]) -> str | None:
    """The actor a claim's speaker names: the actor mention inside the speaker's span, else an
    actor whose name or alias is the speaker's name as written."""
    if claim.speaker_start is not None and claim.speaker_end is not None:
        mention = actors.first_overlapping(claim.speaker_start, claim.speaker_end)
        if mention is not None:
            return mention.entity_id
    return known.get(claim.speaker_name.lower())


def with_inferred_date(article: Article) -> Article:
    """An undated article with the publication date its own text gives, if it gives one."""
    if article.published is not None:
        return article
    content = [(r.start, r.end) for r in clean(article.text, article.title)
               if r.kind in CONTENT_KINDS]
    found = infer_published(article.text, tag(article.text, None), content)
    if found is None:
        return article
    return replace(article, published=found.published, published_source="inferred",
                   published_evidence=found.evidence)


def analyse(article: Article) -> ArticleAnalysis:
    """Everything dateline extracts from one article."""
    article = with_inferred_date(article)
    text = article.text
    regions = clean(text, article.title)
    sentences = split_sentences(text, regions)
    body_sentences = [s for s in sentences if not s.caption]
    timexes: list[Timex] = [t for t in tag(text, article.published)
                            if _in_content(t.start, t.end, regions)]
    entities = extract(text)
    mentions = sorted(
        (m for m in (*entities.countries, *entities.actors)
         if _in_content(m.start, m.end, regions)),
        key=lambda m: (m.start, m.end))
    used = {m.entity_id for m in mentions}
    actors = [actor for actor_id, actor in entities.registry.items() if actor_id in used]
    names = {name.lower(): a.id for a in actors for name in (a.name, *a.aliases)}
    speakers = _ActorIndex(mentions)
    claims = [
        _with_speaker(claim, _speaker_id(claim, speakers, names))
        for claim in find_claims(text, body_sentences, timexes)
    ]
    numbered = [(f"{article.id}#{index}", claim) for index, claim in enumerate(claims)]
    headline = next(((r.start, r.start + len(text[r.start:r.end].rstrip()))
                     for r in regions if r.kind == "title"), None)
    events = event_mentions(article.id, text, sentences, timexes, mentions, numbered,
                            published=article.published, headline=headline)
    return ArticleAnalysis(article, regions, sentences, timexes, mentions, actors, claims, events)


def _with_speaker(claim: Claim, speaker_id: str | None) -> Claim:
    if speaker_id is None or claim.speaker_id == speaker_id:
        return claim
    return replace(claim, speaker_id=speaker_id)
