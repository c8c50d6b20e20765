"""TempEval-3 Task A scoring: temporal-expression extents, and their type and value.

This module owns the metric. System and gold expressions are paired one to one; a pair is a
relaxed match when the character spans overlap and a strict match when they are identical. From
the pairs it reports span strict and relaxed precision/recall/F1 and, as TempEval-3 defines them,
value F1 and type F1 = (share of relaxed matches whose attribute is equal) × relaxed F1.
Documents are aggregated by summing counts (micro-average). Everything here is a pure function
over lists of annotations; reading corpora and running taggers live elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar


class Annotation(Protocol):
    """What scoring needs of an expression; `temporal.timex.Timex` and `timeml.GoldTimex` fit."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def type(self) -> str: ...

    @property
    def value(self) -> str: ...


G = TypeVar("G", bound=Annotation)
S = TypeVar("S", bound=Annotation)


@dataclass(frozen=True, slots=True)
class Span:
    """A minimal annotation, handy for tests and for systems that have no Timex."""

    start: int
    end: int
    type: str = "DATE"
    value: str = ""


@dataclass(frozen=True, slots=True)
class Alignment(Generic[G, S]):
    """The one-to-one pairing of one document's gold and system expressions."""

    pairs: tuple[tuple[G, S], ...]
    missed: tuple[G, ...]
    spurious: tuple[S, ...]


@dataclass(frozen=True, slots=True)
class TaskAScore:
    """Counts behind the TempEval-3 Task A figures; add two to aggregate documents (micro)."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value_correct: int = 0
    type_correct: int = 0
    documents: int = 0

    def __add__(self, other: TaskAScore) -> TaskAScore:
        return TaskAScore(
            gold=self.gold + other.gold,
            system=self.system + other.system,
            strict=self.strict + other.strict,
            relaxed=self.relaxed + other.relaxed,
            value_correct=self.value_correct + other.value_correct,
            type_correct=self.type_correct + other.type_correct,
            documents=self.documents + other.documents,
        )

    @property
    def strict_precision(self) -> float:
        return ratio(self.strict, self.system)

    @property
    def strict_recall(self) -> float:
        return ratio(self.strict, self.gold)

    @property
    def strict_f1(self) -> float:
        return f1(self.strict_precision, self.strict_recall)

    @property
    def relaxed_precision(self) -> float:
        return ratio(self.relaxed, self.system)

    @property
    def relaxed_recall(self) -> float:
        return ratio(self.relaxed, self.gold)

    @property
    def relaxed_f1(self) -> float:
        return f1(self.relaxed_precision, self.relaxed_recall)

    @property
    def value_accuracy(self) -> float:
        """Share of relaxed matches whose value equals the gold value."""
        return ratio(self.value_correct, self.relaxed)

    @property
    def type_accuracy(self) -> float:
        """Share of relaxed matches whose type equals the gold type."""
        return ratio(self.type_correct, self.relaxed)

    @property
    def value_f1(self) -> float:
        # Equals the F1 of (value-correct / system, value-correct / gold), TE3's other wording.
        return self.value_accuracy * self.relaxed_f1

    @property
    def type_f1(self) -> float:
        return self.type_accuracy * self.relaxed_f1


def ratio(numerator: int, denominator: int) -> float:
    """`numerator / denominator`, 0.0 when there is nothing to divide by."""
    return numerator / denominator if denominator else 0.0


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall, 0.0 when both are 0."""
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def overlap(a: Annotation, b: Annotation) -> int:
    """Number of characters two spans share (0 when they are disjoint)."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def is_exact(a: Annotation, b: Annotation) -> bool:
    return a.start == b.start and a.end == b.end


def align(gold: Sequence[G], system: Sequence[S]) -> Alignment[G, S]:
    """Pair gold and system expressions one to one, each used at most once.

    Greedy over all overlapping candidates: identical spans first, then larger overlaps, then
    spans whose lengths differ less, then text order. Taking identical spans first means the
    strict count is the most identical pairs any pairing could give, and a system span that
    overlaps two gold spans is given to the one it covers more of.
    """
    candidates = [
        (not is_exact(g, s), -overlap(g, s), abs((g.end - g.start) - (s.end - s.start)), gi, si)
        for gi, g in enumerate(gold)
        for si, s in enumerate(system)
        if overlap(g, s) > 0
    ]
    candidates.sort()
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_, gi, si in candidates:
        if gi in used_gold or si in used_system:
            continue
        used_gold.add(gi)
        used_system.add(si)
        pairs.append((gi, si))
    pairs.sort()
    return Alignment(
        pairs=tuple((gold[gi], system[si]) for gi, si in pairs),
        missed=tuple(g for gi, g in enumerate(gold) if gi not in used_gold),
        spurious=tuple(s for si, s in enumerate(system) if si not in used_system),
    )


def score_alignment(alignment: Alignment[G, S]) -> TaskAScore:
    """The counts of one document's alignment."""
    pairs = alignment.pairs
    return TaskAScore(
        gold=len(pairs) + len(alignment.missed),
        system=len(pairs) + len(alignment.spurious),
        strict=sum(is_exact(g, s) for g, s in pairs),
        relaxed=len(pairs),
        value_correct=sum(same_value(g.value, s.value) for g, s in pairs),
        type_correct=sum(g.type == s.type for g, s in pairs),
        documents=1,
    )


_UNDERSPECIFIED_TAIL = re.compile(r"^(\d{2,3})X+$")


def same_value(gold: str, system: str) -> bool:
    """Equal TIMEX3 values, counting the two spellings of a decade or century as one.

    TimeML writes the 1960s as `196` and some annotators as `196X` (the 20th century: `19`
    or `19XX`); they mean the same thing, and the tagger writes the shorter form.
    """
    if gold == system:
        return True
    gold_short = _UNDERSPECIFIED_TAIL.sub(r"\1", gold)
    system_short = _UNDERSPECIFIED_TAIL.sub(r"\1", system)
    return gold_short == system_short


def score_document(gold: Sequence[Annotation], system: Sequence[Annotation]) -> TaskAScore:
    """The counts of one document."""
    return score_alignment(align(gold, system))


def score_corpus(
    documents: Iterable[tuple[Sequence[Annotation], Sequence[Annotation]]],
) -> TaskAScore:
    """Micro-averaged counts over (gold, system) pairs of documents."""
    return sum((score_document(gold, system) for gold, system in documents), TaskAScore())
