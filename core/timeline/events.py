"""Event mentions: the clauses of an article that a dated temporal expression anchors.

A sentence with one dated expression is one event mention at that expression's interval; a
sentence that carries several is cut into clauses, one a date ("Kim told parliament on Tuesday it
was likely …, given that Russia and North Korea signed a pact in June" is an event on Tuesday and
one in June). A statement's date is its event's date. Undated sentences make no event: their
claims stay with the article (search and the source pane still show them), because pinning them
to a guessed date would put words on the timeline at a time no source gave.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from dateline.core.model import Claim, EntityMention, EventMention, Sentence
from dateline.core.resources import data_file
from dateline.core.temporal.timex import Timex

DATA_FILE = data_file("events.toml")
_WORDS = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True, slots=True)
class ClauseCues:
    boundary: re.Pattern[str]
    weak_boundary: re.Pattern[str]
    list_gap: int
    min_clause_words: int
    max_dates: int


@cache
def clause_cues(path: Path = DATA_FILE) -> ClauseCues:
    with path.open("rb") as handle:
        data = tomllib.load(handle)["clauses"]
    marks = "|".join(re.escape(mark) for mark in data["boundaries"])
    words = "|".join(re.escape(word) for word in data["conjunctions"])
    weak = "|".join(re.escape(word) for word in data["weak_conjunctions"])
    return ClauseCues(re.compile(rf"(?:{marks})|\b(?:{words})\b", re.IGNORECASE),
                      re.compile(rf"\b(?:{weak})\b", re.IGNORECASE),
                      data["list_gap"], data["min_clause_words"], data["max_dates"])


def is_dated(timex: Timex) -> bool:
    """A DATE or TIME placed on the calendar: what can anchor an event."""
    return timex.type in ("DATE", "TIME") and timex.interval is not None


def _clause_cuts(text: str, dated: Sequence[Timex], start: int, end: int,
                 cues: ClauseCues) -> list[tuple[int, int]]:
    """One span per expression: cut at the last clause boundary between neighbours, except
    between dates that form a list, which share their clause."""
    cuts: list[int | None] = [start]
    for left, right in pairwise(dated):
        if right.start - left.end <= cues.list_gap:
            cuts.append(None)
            continue
        boundaries = list(cues.boundary.finditer(text, left.end, right.start)) or list(
            cues.weak_boundary.finditer(text, left.end, right.start))
        cuts.append(boundaries[-1].start() if boundaries else right.start)
    cuts.append(end)
    bounds = [c for c in cuts if c is not None]
    spans = []
    group = 0
    for cut in cuts[1:]:
        clause = _trim(text, bounds[group], bounds[group + 1], cues)
        spans.append(clause)
        if cut is not None:
            group += 1
    return spans


def _trim(text: str, start: int, end: int, cues: ClauseCues) -> tuple[int, int]:
    """The clause without the marks and the conjunction ("that …") that opened it."""
    while start < end and text[start] in " ,;:—–()\n\t":
        start += 1
    opener = cues.boundary.match(text, start, end) or cues.weak_boundary.match(text, start, end)
    if opener and opener.group()[:1].isalpha():
        start = opener.end()
    while start < end and text[start] in " ,;:—–()\n\t":
        start += 1
    while end > start and text[end - 1] in " ,;:—–(\n\t":
        end -= 1
    return start, end


def _inside(start: int, end: int, items: Sequence, attr_start: str = "start",
            attr_end: str = "end") -> list:
    return [item for item in items
            if getattr(item, attr_start) < end and getattr(item, attr_end) > start]


def event_mentions(
    article_id: str,
    text: str,
    sentences: Sequence[Sentence],
    timexes: Sequence[Timex],
    entities: Sequence[EntityMention] = (),
    claims: Sequence[tuple[str, Claim]] = (),
) -> list[EventMention]:
    """The event mentions of one article; `claims` pairs each claim with its id."""
    cues = clause_cues()
    dated = [t for t in timexes if is_dated(t)]
    found: list[EventMention] = []
    for sentence in sentences:
        inside = [t for t in dated if t.start >= sentence.start and t.end <= sentence.end]
        inside = inside[: cues.max_dates]
        if not inside:
            continue
        spans = _clause_cuts(text, inside, sentence.start, sentence.end, cues)
        for timex, (start, end) in zip(inside, spans, strict=True):
            start, end = min(start, timex.start), max(end, timex.end)
            words = len(_WORDS.findall(text[start:timex.start] + text[timex.end:end]))
            if words < cues.min_clause_words:
                start, end = sentence.start, sentence.end
            people = _inside(start, end, entities)
            said = [(claim_id, claim) for claim_id, claim in claims
                    if claim.start < sentence.end and claim.end > sentence.start
                    and _claim_in_clause(claim, start, end, len(inside))]
            found.append(EventMention(
                article_id=article_id,
                start=start,
                end=end,
                sentence=sentence.text,
                timex=timex,
                # The entities named in the clause, and whoever made a statement there.
                actor_ids=tuple(dict.fromkeys([
                    *(m.entity_id for m in people if m.kind != "country"),
                    *(claim.speaker_id for _id, claim in said if claim.speaker_id)])),
                countries=tuple(dict.fromkeys(
                    m.entity_id for m in people if m.kind == "country")),
                claim_ids=tuple(claim_id for claim_id, _claim in said),
            ))
    return found


def _claim_in_clause(claim: Claim, start: int, end: int, clauses: int) -> bool:
    """A claim belongs to the clause holding its cue or speaker, or to the only clause."""
    if clauses == 1:
        return True
    anchor = claim.speaker_start if claim.speaker_start is not None else claim.start
    return start <= anchor < end or (claim.start < end and claim.end > start)


def clause_text(text: str, mention: EventMention) -> str:
    return " ".join(text[mention.start : mention.end].split())
