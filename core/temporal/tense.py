"""The tense of the clause around a temporal expression: is "Tuesday" the last one or the next?

News convention: a bare weekday or month is in the past unless the clause speaks of the future.
The marker nearest to the expression decides, so "said on Friday it will…" reads Friday as past.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

PAST, FUTURE = "past", "future"
_WINDOW = 120  # characters either side; clauses in news rarely carry their verb further away
# A complementiser starts a new clause: in "said that the summit on April 24" the date belongs
# to the reported clause, not to "said".
_CLAUSE_END = re.compile(r"[.!?;:\n]\s|[“”\"]|\bthat\b")
_WORD = re.compile(r"[A-Za-z’']+")
_PASSIVE_BEFORE = re.compile(r"\b(?:be|being|been)\s+$")
# "would" is future only from the past: "said Friday it would investigate" is about Friday past.
_WEAK = frozenset({"would", "by"})
# "by" marks a deadline only as the expression's own signal ("by Jan. 14"), not elsewhere.
_SIGNAL_ONLY = frozenset({"by"})
_WEAK_PENALTY = 30


@dataclass(frozen=True, slots=True)
class TenseCues:
    future: frozenset[str]
    future_phrases: tuple[str, ...]
    past: frozenset[str]
    past_phrases: tuple[str, ...]
    not_past: frozenset[str]


def build_cues(
    future: Iterable[str], past: Iterable[str], not_past: Iterable[str], irregular: Iterable[str]
) -> TenseCues:
    future, past = list(future), [*past, *irregular]
    return TenseCues(
        future=frozenset(w for w in future if " " not in w),
        future_phrases=tuple(w for w in future if " " in w),
        past=frozenset(w for w in past if " " not in w),
        past_phrases=tuple(w for w in past if " " in w),
        not_past=frozenset(not_past),
    )


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(0, start - _WINDOW)
    before = text[left:start]
    stops = list(_CLAUSE_END.finditer(before))
    if stops:
        left += stops[-1].end()
    right = min(len(text), end + _WINDOW)
    stop = _CLAUSE_END.search(text, end, right)
    return left, stop.start() if stop else right


def _marker(word: str, cues: TenseCues) -> str | None:
    lower = word.lower()
    if lower.endswith(("'ll", "’ll")) or lower in cues.future:
        return FUTURE
    if lower in cues.past:
        return PAST
    if len(lower) > 4 and lower.endswith("ed") and lower not in cues.not_past:
        return PAST
    return None


def tense_at(text: str, start: int, end: int, cues: TenseCues) -> str | None:
    """"past", "future" or None, from the tense marker nearest to text[start:end] in its clause."""
    left, right = _clause(text, start, end)
    best: tuple[int, str] | None = None
    for segment_start, segment_end in ((left, start), (end, right)):
        segment = text[segment_start:segment_end].lower()
        for match in _WORD.finditer(segment):
            kind = _marker(match.group(), cues)
            if kind is None:
                continue
            if kind == PAST and _PASSIVE_BEFORE.search(segment, 0, match.start()):
                continue  # "will be held": a participle, not a past tense
            position = segment_start + match.start()
            if match.group().lower() in _SIGNAL_ONLY and not (
                    position < start and start - (segment_start + match.end()) <= 2):
                continue
            distance = start - (segment_start + match.end()) if position < start else position - end
            distance += _WEAK_PENALTY if match.group().lower() in _WEAK else 0
            if best is None or distance < best[0]:
                best = (distance, kind)
        for kind, phrases in ((FUTURE, cues.future_phrases), (PAST, cues.past_phrases)):
            for phrase in phrases:
                found = segment.find(phrase)
                while found >= 0:
                    position = segment_start + found
                    distance = (start - position - len(phrase) if position < start
                                else position - end)
                    if best is None or distance <= best[0]:
                        best = (distance, kind)
                    found = segment.find(phrase, found + 1)
    return best[1] if best else None
