"""Figures: numbers with the thing they count ("as many as 10,000 troops"), read from a
timeline's event sentences and claims, grouped by what they count, and marked where sources
disagree.

The nouns, qualifiers and scales are data (`data/figures.toml`). A figure keeps where it was
read (article, the span of its sentence or claim), when (its event's date, the claim's own
date, else the article's publication date: "reported") and who gave it (a claim's speaker), so
the Figures view can put 1,500 / 3,000 / 10,000 / 12,000 troops side by side by source and date.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from dateline.core.model import Claim, Timeline
from dateline.core.resources import data_file, load_toml

# Two figures of one kind disagree when their values differ, they come from different
# articles and their dates lie within this many days of each other (the same moment of the
# story, not 1950 against 2024) and within a factor of ten (3,000 against 12,000 soldiers sent,
# not 20 killed against 1,500 sent).
SAME_MOMENT_DAYS = 45
SAME_SCALE = 10


@dataclass(frozen=True, slots=True)
class Figure:
    """One number with what it counts, where and when it was read."""

    kind: str  # what it counts, canonical: "troops", "deaths", "containers", "missiles", …
    value: float  # 1.2 million -> 1_200_000
    text: str  # as written: "as many as 10,000 troops"
    qualifier: str  # "as many as", "more than", "" …
    sentence: str  # the sentence or claim it was read in
    article_id: str
    start: int  # the span of that sentence or claim in the article's text
    end: int
    day: date | None  # when: its event's start, the claim's date, else the publication date
    reported: bool  # dated by its article's publication date only
    speaker: str | None = None  # who gave it, when it comes from a claim
    event: int | None = None  # the position of its event in the timeline
    claim_id: str | None = None


@dataclass(frozen=True, slots=True)
class FigureGroup:
    """The figures of one kind, by date; `disputed` holds the indexes of those that disagree
    with another source's figure of the same moment."""

    kind: str
    figures: tuple[Figure, ...]
    disputed: frozenset[int]


_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class _Rules:
    pattern: re.Pattern[str]  # a number, its scale, up to max_gap words, its noun
    qualifier: re.Pattern[str]  # a qualifier just before the number ("as many as ")
    kinds: dict[str, str]  # noun -> kind
    scales: dict[str, int]


@cache
def _rules() -> _Rules:
    data = load_toml(data_file("figures.toml"))
    kinds = {noun: kind for kind, nouns in data["kinds"].items() for noun in nouns}
    qualifiers = "|".join(re.escape(q) for q in sorted(data["qualifiers"], key=len,
                                                        reverse=True))
    scales = "|".join(re.escape(s) for s in data["scales"])
    nouns = "|".join(re.escape(n) for n in sorted(kinds, key=len, reverse=True))
    gap = int(data["max_gap"])
    pattern = re.compile(
        r"(?<![\w\-.,])(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
        rf"(?:\s+(?P<scale>{scales}))?"
        rf"(?P<gap>(?:\s+[A-Za-z][\w'’\-]*){{0,{gap}}}?)"
        rf"\s+(?P<noun>{nouns})\b",
        re.IGNORECASE,
    )
    qualifier = re.compile(rf"\b(?:{qualifiers})\s+$", re.IGNORECASE)
    return _Rules(pattern, qualifier, kinds, {k: int(v) for k, v in data["scales"].items()})


def read_figures(text: str) -> list[tuple[str, float, str, str, int, int]]:
    """(kind, value, figure as written, qualifier, start, end) of each figure in `text`."""
    rules = _rules()
    found = []
    if not _DIGIT.search(text):
        return found  # most sentences: no number, nothing to match (fast at 100k events)
    for match in rules.pattern.finditer(text):
        number = match.group("number")
        gap = match.group("gap")
        if re.fullmatch(r"1[89]\d\d|20\d\d", number) and gap.strip():
            continue  # a year ("in 2016 two small units"), not a count
        if any(word.casefold() in rules.kinds for word in gap.split()):
            continue  # the noun is nearer: "20 soldiers and 3 tanks" reads two figures
        value = float(number.replace(",", ""))
        if match.group("scale"):
            value *= rules.scales[match.group("scale").casefold()]
        kind = rules.kinds[match.group("noun").casefold()]
        before = rules.qualifier.search(text, max(match.start() - 40, 0), match.start())
        qualifier = " ".join(before.group().split()).casefold() if before else ""
        start = before.start() if before else match.start()
        found.append((kind, value, " ".join(text[start:match.end()].split()), qualifier,
                      start, match.end()))
    return found


def timeline_figures(timeline: Timeline) -> list[Figure]:
    """Every figure of the timeline's event sentences and claims, each read once."""
    articles = {a.id: a for a in timeline.articles}
    figures: list[Figure] = []
    seen: set[tuple[str, str, float, str]] = set()

    def add(text: str, article_id: str, span: tuple[int, int], day: date | None,
            reported: bool, said: Sequence[tuple[str, Claim]] = (), **where: object) -> None:
        for kind, value, written, qualifier, _, _ in read_figures(text):
            key = (article_id, kind, value, written)
            if key in seen:
                continue  # the same figure in the event's sentence and in its claim
            seen.add(key)
            # A figure of an event's sentence that one of its claims states is that speaker's.
            claim_id, claim = next(((i, c) for i, c in said if written in c.text), (None, None))
            speaker = {"speaker": claim.speaker_name, "claim_id": claim_id} if claim else {}
            figures.append(Figure(kind, value, written, qualifier, " ".join(text.split()),
                                  article_id, span[0], span[1], day, reported,
                                  **speaker, **where))  # type: ignore[arg-type]

    claim_event: dict[str, int] = {}
    for position, event in enumerate(timeline.events):
        for mention in event.mentions:
            for claim_id in mention.claim_ids:
                claim_event.setdefault(claim_id, position)
            said = [(c, timeline.claims[c]) for c in mention.claim_ids if c in timeline.claims]
            add(mention.sentence, mention.article_id, (mention.start, mention.end),
                event.start, mention.certainty == "reported", said, event=position)
    for claim_id, claim in timeline.claims.items():
        article_id = timeline.claim_articles.get(claim_id, "")
        article = articles.get(article_id)
        own = claim.date.interval[0] if claim.date is not None and claim.date.interval else None
        day = own or (article.published if article else None)
        add(claim.text, article_id, (claim.start, claim.end), day, own is None,
            speaker=claim.speaker_name, event=claim_event.get(claim_id), claim_id=claim_id)
    return figures


def group_figures(figures: Iterable[Figure]) -> list[FigureGroup]:
    """Figures by kind (the kinds with most figures first), each kind by date then value,
    with the figures that disagree marked."""
    by_kind: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        by_kind[figure.kind].append(figure)
    groups = []
    for kind, members in by_kind.items():
        members.sort(key=lambda f: (f.day or date.max, f.value, f.article_id))
        groups.append(FigureGroup(kind, tuple(members), _disputed(members)))
    groups.sort(key=lambda g: (-len(g.figures), g.kind))
    return groups


def _disputed(figures: list[Figure]) -> frozenset[int]:
    """Indexes of figures another article contradicts at about the same time."""
    out: set[int] = set()
    for i, first in enumerate(figures):
        for j in range(i + 1, len(figures)):
            second = figures[j]
            if first.day is None or second.day is None:
                continue
            if (second.day - first.day).days > SAME_MOMENT_DAYS:
                break  # sorted by day: nothing later is of the same moment
            low, high = sorted((first.value, second.value))
            if second.article_id != first.article_id and low != high \
                    and high <= low * SAME_SCALE:
                out.update((i, j))
    return frozenset(out)


def format_value(value: float) -> str:
    """10000.0 -> '10,000'; 1200000.0 -> '1.2 million'."""
    if value >= 1_000_000 and value % 100_000 == 0:
        return f"{value / 1_000_000:g} million"
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"
