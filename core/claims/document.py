"""The article being read: its text, the masked copy structure is read from, its quotes and
temporal expressions, and every cue match found once over the whole text."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from dateline.core.claims.lexicon import Rules, load_rules
from dateline.core.claims.quotes import Quote, find_quotes
from dateline.core.claims.text import left_edge, mask
from dateline.core.model import Sentence
from dateline.core.temporal.timex import Timex


class Window(NamedTuple):
    """Where one cue's attribution is read: its sentence, or for a run-on sentence longer than
    the rules' `window_chars` on either side of the cue, the stretch that is."""

    start: int
    end: int
    sentence_start: int  # the whole sentence, whose clause breaks are found once
    sentence_end: int


@dataclass(slots=True)
class Doc:
    text: str
    masked: str  # the text with asides blanked: structure is read here, strings from `text`
    quotes: list[Quote]
    quote_starts: list[int]
    timexes: tuple[Timex, ...]
    timex_starts: list[int]
    timex_by_start: dict[int, Timex]
    timex_by_end: dict[int, Timex]
    rules: Rules
    # cue matches over the whole text, found once and handed out to sentences by offset
    verbs: list[re.Match[str]]
    sources: list[re.Match[str]]
    as_sayings: list[re.Match[str]]
    cue_starts: list[int]  # where any cue starts, sorted: sentences without one are skipped
    verb_at: dict[int, re.Match[str]]
    # clause breaks of each sentence read so far: sentence start -> (break starts, break ends)
    breaks: dict[int, tuple[list[int], list[int]]] = field(default_factory=dict)

    def window(self, sent: Sentence, lo: int, hi: int) -> Window:
        """The window of `sent` in which the cue at [lo, hi) is read (cut at spaces)."""
        width = self.rules.window_chars
        start, end = sent.start, sent.end
        if lo - start > width:
            k = self.masked.find(" ", lo - width, lo)
            start = k + 1 if k != -1 else lo - width
        if end - hi > width:
            k = self.masked.rfind(" ", hi, hi + width)
            end = k if k != -1 else hi + width
        return Window(start, end, sent.start, sent.end)

    def clause_breaks(self, sent: Window) -> tuple[list[int], list[int]]:
        """Starts and ends of the clause breaks in the sentence of `sent`, found once each."""
        found = self.breaks.get(sent.sentence_start)
        if found is None:
            ms = list(self.rules.clause_break_re.finditer(
                self.masked, sent.sentence_start, sent.sentence_end))
            found = ([m.start() for m in ms], [m.end() for m in ms])
            self.breaks[sent.sentence_start] = found
        return found

    def has_cue(self, sent: Sentence) -> bool:
        k = bisect_right(self.cue_starts, sent.start - 1)
        return k < len(self.cue_starts) and self.cue_starts[k] < sent.end

    @staticmethod
    def matches_in(found: list[re.Match[str]], sent: Sentence | Window) -> list[re.Match[str]]:
        if not found:
            return []
        lo = bisect_left(found, sent.start, key=re.Match.start)
        hi = bisect_left(found, sent.end, lo, key=re.Match.start)
        return [m for m in found[lo:hi] if m.end() <= sent.end]

    def quote_at(self, pos: int) -> Quote | None:
        """The quote whose marks enclose `pos`, if any."""
        k = bisect_right(self.quote_starts, pos) - 1
        if k >= 0 and self.quotes[k].start <= pos < self.quotes[k].end:
            return self.quotes[k]
        return None

    def quote_opening_at(self, pos: int) -> Quote | None:
        k = bisect_right(self.quote_starts, pos) - 1
        if k >= 0 and self.quotes[k].start == pos:
            return self.quotes[k]
        return None

    def last_quote_ending_in(self, lo: int, hi: int) -> Quote | None:
        """The last quote whose closing mark lies in [lo, hi)."""
        k = bisect_right(self.quote_starts, hi) - 1
        while k >= 0:
            q = self.quotes[k]
            if lo < q.end <= hi:
                return q
            if q.end <= lo:
                return None
            k -= 1
        return None


def make_doc(text: str, timexes: Sequence[Timex]) -> Doc:
    rules = load_rules()
    quotes = find_quotes(text)
    ordered = tuple(sorted(timexes, key=lambda t: (t.start, t.end)))
    masked = mask(text)
    verbs = [m for m in rules.verb_re.finditer(masked) if left_edge(masked, m.start())]
    sources = [m for m in rules.source_after_re.finditer(masked) if left_edge(masked, m.start())]
    as_sayings = (
        list(rules.as_saying_re.finditer(masked)) if rules.as_saying_probe.search(masked) else []
    )
    return Doc(
        text=text,
        masked=masked,
        quotes=quotes,
        quote_starts=[q.start for q in quotes],
        timexes=ordered,
        timex_starts=[t.start for t in ordered],
        timex_by_start={t.start: t for t in ordered},
        timex_by_end={t.end: t for t in ordered},
        rules=rules,
        verbs=verbs,
        sources=sources,
        as_sayings=as_sayings,
        cue_starts=sorted(m.start() for m in [*verbs, *sources, *as_sayings]),
        verb_at={m.start(): m for m in verbs},
    )
