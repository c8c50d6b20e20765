"""Key dates: a story's days ranked by how much its sources say happened on them.

The timeline-summarisation measure (Date-F1 of the top days against journalists' timelines,
bench/timeline.py): each article counts once per day it dates an event to, more when it wrote
about the day afterwards and more again days afterwards (a day still cited later mattered),
beside the undated reports placed
on its publication day and the burst of articles published that day. Weights are data
(data/events.toml [key_dates]).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple

from dateline.core.model import Article, Event, EventMention, KeyDate
from dateline.core.resources import data_file, load_toml

DATA_FILE = data_file("events.toml")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")


@dataclass(frozen=True, slots=True)
class KeyDateWeights:
    mention: float
    later_mention: float
    long_after_mention: float
    long_after_days: int
    reported: float
    published: float
    keep: int


@cache
def key_date_weights(path: Path = DATA_FILE) -> KeyDateWeights:
    # The schema (core/resource_schemas.py) fixes the table's keys to these fields.
    return KeyDateWeights(**load_toml(path)["key_dates"])


class DayMention(NamedTuple):
    """A mention that places one day: the day, whether it is reported, and its article."""

    day: date
    reported: bool
    article_id: str


def day_mention(mention: EventMention) -> DayMention | None:
    """The day a mention places, or None for a week, a month, a range."""
    interval = mention.timex.interval
    if interval is None or interval[0] != interval[1] or not _DAY.match(mention.timex.value):
        return None
    return DayMention(interval[0], mention.certainty == "reported", mention.article_id)


def day_scores(events: Sequence[Event], articles: Sequence[Article],
               weights: KeyDateWeights | None = None) -> dict[date, float]:
    """Every day's score (days no source points at are left out)."""
    found = (day_mention(m) for event in events for m in event.mentions)
    return score_days((m for m in found if m is not None), articles, weights)


def score_days(mentions: Iterable[DayMention], articles: Sequence[Article],
               weights: KeyDateWeights | None = None) -> dict[date, float]:
    """Every day's score from the mentions that place one day."""
    weights = weights or key_date_weights()
    published = {a.id: a.published for a in articles}
    cited: dict[date, set[str]] = defaultdict(set)
    later: dict[date, set[str]] = defaultdict(set)
    long_after: dict[date, set[str]] = defaultdict(set)
    reported: dict[date, set[str]] = defaultdict(set)
    for day, is_reported, article_id in mentions:
        if is_reported:
            reported[day].add(article_id)
            continue
        cited[day].add(article_id)
        when = published.get(article_id)
        if when is not None and when > day:
            later[day].add(article_id)
            if (when - day).days >= weights.long_after_days:
                long_after[day].add(article_id)
    scores: dict[date, float] = defaultdict(float)
    for day, ids in cited.items():
        scores[day] += weights.mention * len(ids)
    for day, ids in later.items():
        scores[day] += weights.later_mention * len(ids)
    for day, ids in long_after.items():
        scores[day] += weights.long_after_mention * len(ids)
    for day, ids in reported.items():
        scores[day] += weights.reported * len(ids)
    for article in articles:
        if article.published is not None:
            scores[article.published] += weights.published
    return {day: score for day, score in scores.items() if score > 0}


def rank_days(scores: dict[date, float], weights: KeyDateWeights | None = None) -> list[date]:
    """The best days, best first (ties to the earlier day)."""
    weights = weights or key_date_weights()
    return sorted(scores, key=lambda day: (-scores[day], day))[: weights.keep]


def key_dates(events: Sequence[Event], articles: Sequence[Article],
              weights: KeyDateWeights | None = None) -> list[KeyDate]:
    """The best days, best first (ties to the earlier day), each with its events of that day."""
    weights = weights or key_date_weights()
    scores = day_scores(events, articles, weights)
    ranked = rank_days(scores, weights)
    chosen = set(ranked)
    on_day: dict[date, list[str]] = defaultdict(list)
    for event in events:
        if event.start == event.end and event.start in chosen:
            on_day[event.start].append(event.id)
    return [KeyDate(day, round(scores[day], 3), tuple(on_day[day])) for day in ranked]
