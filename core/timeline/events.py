"""Event mentions: the clauses of an article that a dated temporal expression anchors, and the
sentences it reports without a date of their own.

A sentence with one dated expression is one event mention at that expression's interval; a
sentence that carries several is cut into clauses, one a date ("Kim told parliament on Tuesday it
was likely …, given that Russia and North Korea signed a pact in June" is an event on Tuesday and
one in June). A statement's date is its event's date.

A sentence with no date of its own that carries an attributed statement ("Zakharova said …") or
a past-tense event ("the company announced …"), and the article's headline, make an event
*reported* at the article's publication date (certainty "reported": it happened on or before
that day); background in the present tense makes none, and neither does anything in an article
without a publication date.

The work is linear in the article's size: sentences, dates, claims and actor mentions are each
walked once in text order (no sentence scans every date, no mention every claim).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path

from dateline.core.model import Claim, EntityMention, EventMention, Sentence
from dateline.core.resources import data_file, load_toml
from dateline.core.temporal.resources import resources
from dateline.core.temporal.timex import Timex

DATA_FILE = data_file("events.toml")
_WORDS = re.compile(r"[A-Za-z]{2,}")
_TOKENS = re.compile(r"[A-Za-z’']+")
_QUOTE_MARKS = re.compile(r"[\"“”]")
REPORTED, EXPLICIT = "reported", "explicit"


@dataclass(frozen=True, slots=True)
class ClauseCues:
    boundary: re.Pattern[str]
    weak_boundary: re.Pattern[str]
    list_gap: int
    min_clause_words: int
    max_dates: int


@dataclass(frozen=True, slots=True)
class ReportCues:
    """What makes an undated sentence a report (data/events.toml [reported])."""

    min_words: int
    past: frozenset[str]
    not_past: frozenset[str]
    future: frozenset[str]
    future_phrases: tuple[str, ...]


@cache
def _data(path: Path = DATA_FILE) -> dict:
    return load_toml(path)  # checked against its schema (core/resource_schemas.py)


@cache
def clause_cues(path: Path = DATA_FILE) -> ClauseCues:
    data = _data(path)["clauses"]
    marks = "|".join(re.escape(mark) for mark in data["boundaries"])
    words = "|".join(re.escape(word) for word in data["conjunctions"])
    weak = "|".join(re.escape(word) for word in data["weak_conjunctions"])
    return ClauseCues(re.compile(rf"(?:{marks})|\b(?:{words})\b", re.IGNORECASE),
                      re.compile(rf"\b(?:{weak})\b", re.IGNORECASE),
                      data["list_gap"], data["min_clause_words"], data["max_dates"])


@cache
def report_cues(path: Path = DATA_FILE) -> ReportCues:
    data = _data(path)["reported"]
    tense = resources().tense  # the tagger's past-tense words count too
    future = [w.lower() for w in data["future"]]
    return ReportCues(
        min_words=data["min_words"],
        past=frozenset(w.lower() for w in data["past"]) | tense.past,
        not_past=frozenset(w.lower() for w in data["not_past"]) | tense.not_past,
        future=frozenset(w for w in future if " " not in w),
        future_phrases=tuple(w for w in future if " " in w),
    )


def is_dated(timex: Timex) -> bool:
    """A DATE or TIME placed on the calendar: what can anchor an event."""
    return timex.type in ("DATE", "TIME") and timex.interval is not None


def _clause_cuts(text: str, dated: Sequence[Timex], start: int, end: int,
                 cues: ClauseCues) -> list[tuple[int, int]]:
    """One span per expression: cut at the last clause boundary between neighbours. Dates that
    form a list, or with no boundary between them, share their clause: a cut elsewhere would
    begin a clause mid-phrase."""
    cuts: list[int | None] = [start]
    for left, right in pairwise(dated):
        if right.start - left.end <= cues.list_gap:
            cuts.append(None)
            continue
        boundaries = list(cues.boundary.finditer(text, left.end, right.start)) or list(
            cues.weak_boundary.finditer(text, left.end, right.start))
        cut = boundaries[-1].start() if boundaries else None
        if cut is not None and _inside_quote(text, start, cut):
            cut = None  # a cut inside a quotation would start a clause within it
        cuts.append(cut)
    cuts.append(end)
    bounds = [c for c in cuts if c is not None]
    spans = []
    group = 0
    for cut in cuts[1:]:
        # Only a cut's conjunction is dropped: a sentence's own first word ("Since the war
        # began in February 2022, Seoul has …") is part of what it says.
        spans.append(_trim(text, bounds[group], bounds[group + 1], cues, opener=group > 0))
        if cut is not None:
            group += 1
    return spans


def _inside_quote(text: str, start: int, position: int) -> bool:
    """Whether `position` lies inside a quotation opened after `start`."""
    return len(_QUOTE_MARKS.findall(text, start, position)) % 2 == 1


def _trim(text: str, start: int, end: int, cues: ClauseCues,
          opener: bool = True) -> tuple[int, int]:
    """The clause without the marks and (with `opener`) the conjunction ("that …") that
    opened it."""
    while start < end and text[start] in " ,;:—–()\n\t":
        start += 1
    found = opener and (cues.boundary.match(text, start, end)
                        or cues.weak_boundary.match(text, start, end))
    if found and found.group()[:1].isalpha():
        start = found.end()
    while start < end and text[start] in " ,;:—–()\n\t":
        start += 1
    while end > start and text[end - 1] in " ,;:—–(\n\t":
        end -= 1
    return start, end


class _Spans:
    """Spans sorted by start, queried for those overlapping a stretch of text. Queries come in
    text order, so each costs a bisect plus the spans it returns."""

    def __init__(self, items: Sequence) -> None:
        self.items = sorted(items, key=lambda item: item.start)
        self.starts = [item.start for item in self.items]
        self.reach = max((item.end - item.start for item in self.items), default=0)

    def overlapping(self, start: int, end: int) -> list:
        first = bisect_left(self.starts, start - self.reach)
        last = bisect_left(self.starts, end)
        return [item for item in self.items[first:last] if item.end > start]


def event_mentions(
    article_id: str,
    text: str,
    sentences: Sequence[Sentence],
    timexes: Sequence[Timex],
    entities: Sequence[EntityMention] = (),
    claims: Sequence[tuple[str, Claim]] = (),
    published: date | None = None,
    headline: tuple[int, int] | None = None,
) -> list[EventMention]:
    """The event mentions of one article; `claims` pairs each claim with its id. With the
    article's publication date, undated reports and the headline (its span in `text`) become
    reported mentions."""
    cues = clause_cues()
    dated = sorted((t for t in timexes if is_dated(t)), key=lambda t: t.start)
    people = _Spans(entities)
    said = _Spans([_ClaimSpan(claim_id, claim) for claim_id, claim in claims])
    quotes = _Spans(quotations(text))
    found: list[EventMention] = []
    if published is not None and headline is not None and headline[1] > headline[0]:
        found.append(_reported(article_id, text, headline, text[headline[0]:headline[1]],
                               published, people, ()))
    next_date = 0
    for sentence in sorted(sentences, key=lambda s: s.start):
        while next_date < len(dated) and dated[next_date].start < sentence.start:
            next_date += 1
        inside = []
        scan = next_date
        while scan < len(dated) and dated[scan].start < sentence.end:
            if dated[scan].end <= sentence.end:
                inside.append(dated[scan])
            scan += 1
        in_sentence = said.overlapping(sentence.start, sentence.end)
        if not inside:
            if published is not None and not sentence.caption and reports(
                    text, sentence, bool(in_sentence)):
                span = (_quote_start(quotes, sentence.start), sentence.end)
                found.append(_reported(article_id, text, span, sentence.text, published, people,
                                       in_sentence, at=sentence.start))
            continue
        inside = inside[: cues.max_dates]
        spans = _clause_cuts(text, inside, sentence.start, sentence.end, cues)
        for timex, (start, end) in zip(inside, spans, strict=True):
            start, end = min(start, timex.start), max(end, timex.end)
            start = _quote_start(quotes, start)
            words = len(_WORDS.findall(text[start:timex.start] + text[timex.end:end]))
            if words < cues.min_clause_words:
                start, end = sentence.start, sentence.end
            in_clause = [c for c in in_sentence
                         if _claim_in_clause(c.claim, start, end, len(inside))]
            actors, countries = _who(people.overlapping(start, end))
            found.append(EventMention(
                article_id=article_id, start=start, end=end, sentence=sentence.text,
                timex=timex, actor_ids=_with_speakers(actors, in_clause), countries=countries,
                claim_ids=tuple(c.id for c in in_clause),
            ))
    return found


@dataclass(frozen=True, slots=True)
class Quotation:
    start: int  # the opening mark
    end: int  # after the closing mark


_OPENING, _CLOSING, _STRAIGHT = "“", "”", '"'
_QUOTE_REACH = 800  # characters: a quotation is a few sentences at most


def quotations(text: str) -> list[Quotation]:
    """The quotations of a text, in one pass: an opening mark (“ or a straight quote outside a
    quotation) to the next closing one (” or a straight quote inside); a blank line ends an
    unclosed one."""
    found = []
    opened = -1
    for match in re.finditer(r"[“”\"]|\n\s*\n", text):
        mark = match.group()
        if mark[0] == "\n":
            opened = -1
        elif opened < 0 and mark in (_OPENING, _STRAIGHT):
            opened = match.start()
        elif opened >= 0 and mark in (_CLOSING, _STRAIGHT):
            found.append(Quotation(opened, match.end()))
            opened = -1
    return found


def _quote_start(quotes: _Spans, start: int) -> int:
    """Where an event's text starting at `start` must start so as not to begin inside a
    quotation: at the quotation's opening mark, when it is near."""
    for quote in quotes.overlapping(start, start + 1):
        if quote.start < start < quote.end - 1 and start - quote.start <= _QUOTE_REACH:
            return quote.start
    return start


@dataclass(frozen=True, slots=True)
class _ClaimSpan:
    id: str
    claim: Claim

    @property
    def start(self) -> int:
        return self.claim.start

    @property
    def end(self) -> int:
        return self.claim.end


def _who(mentions: Sequence[EntityMention]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (tuple(dict.fromkeys(m.entity_id for m in mentions if m.kind != "country")),
            tuple(dict.fromkeys(m.entity_id for m in mentions if m.kind == "country")))


def reported_timex(at: int, published: date) -> Timex:
    """The date a reported mention carries: its article's publication day, an empty span at
    the start of the sentence (the text gives no date to highlight)."""
    return Timex(at, at, "", "DATE", published.isoformat(), "day", (published, published))


def _reported(article_id: str, text: str, span: tuple[int, int], sentence: str,
              published: date, people: _Spans, said: Sequence[_ClaimSpan],
              at: int | None = None) -> EventMention:
    """A reported mention of `span`; its empty date span sits at `at` (the sentence's own
    start, where the span begins earlier at a quotation's opening mark)."""
    actors, countries = _who(people.overlapping(*span))
    return EventMention(article_id=article_id, start=span[0], end=span[1], sentence=sentence,
                        timex=reported_timex(span[0] if at is None else at, published),
                        actor_ids=_with_speakers(actors, said), countries=countries,
                        claim_ids=tuple(c.id for c in said), certainty=REPORTED)


def _with_speakers(actors: tuple[str, ...], said: Sequence[_ClaimSpan]) -> tuple[str, ...]:
    """An event's actors: the entities named in its clause, and whoever made a statement there."""
    return tuple(dict.fromkeys([*actors, *(c.claim.speaker_id for c in said
                                           if c.claim.speaker_id)]))


def reports(text: str, sentence: Sentence, attributed: bool) -> bool:
    """Whether an undated sentence reports something: an attributed statement, or a past-tense
    event not about the future; not a question, a fragment or present-tense background."""
    cues = report_cues()
    words = _TOKENS.findall(sentence.text)
    if len(words) < cues.min_words or sentence.text.rstrip("\"”’' ").endswith("?"):
        return False
    if attributed:
        return True
    lowered = [w.lower() for w in words]
    if any(w in cues.future for w in lowered) or any(
            phrase in sentence.text.lower() for phrase in cues.future_phrases):
        return False
    return any(w in cues.past or (len(w) > 4 and w.endswith("ed") and w not in cues.not_past)
               for w in lowered)


def _claim_in_clause(claim: Claim, start: int, end: int, clauses: int) -> bool:
    """A claim belongs to the clause holding its cue or speaker, or to the only clause."""
    if clauses == 1:
        return True
    anchor = claim.speaker_start if claim.speaker_start is not None else claim.start
    return start <= anchor < end or (claim.start < end and claim.end > start)


def clause_text(text: str, mention: EventMention) -> str:
    return " ".join(text[mention.start : mention.end].split())
