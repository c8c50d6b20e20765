"""Training of the recogniser's model (core/entities/ner.py): an averaged perceptron over the
features of candidate spans, each labelled with the gold label of the span it matches exactly,
else O. Pure functions over texts and gold spans; scripts/train_ner.py writes the model file.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateline.core.entities.discovery import _analyse, hints
from dateline.core.entities.ner import (
    LABELS,
    NerModel,
    candidates,
    doc_stats,
    features,
    plainly_common,
)

_INDEX = {label: i for i, label in enumerate(LABELS)}


@dataclass(frozen=True, slots=True)
class Example:
    feats: tuple[str, ...]
    label: int


def common_words(texts: Iterable[str], min_count: int = 2) -> frozenset[str]:
    """Words written in lower case at least `min_count` times: the common words of English."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w in text.split() if w[:1].islower() and w.isalpha())
    return frozenset(w for w, c in counts.items() if c >= min_count)


def examples(
    docs: Iterable[tuple[str, frozenset[tuple[int, int, str]]]], common: frozenset[str]
) -> list[Example]:
    """Every candidate of every document with its gold label."""
    found: list[Example] = []
    for text, gold in docs:
        by_offsets = {(a, b): label for a, b, label in gold}
        # re3d marks nominal mentions ("the city of Mosul", "the United States"): the name that
        # ends one is no false candidate, and its type is re3d's convention (the country as an
        # organisation), so it is left out of training.
        nominal = {b: (a, label) for a, b, label in gold if text[a : a + 1].islower()}
        doc = _analyse(text)
        tok, gazetteer = doc.tok, hints(doc)
        spans = candidates(tok, common)
        stats = doc_stats(tok, spans)
        for first, last in spans:
            if plainly_common(tok, first, last, common, stats):
                continue
            start, end = tok.start[first], tok.end[last]
            label = by_offsets.get((start, end), "O")
            if label == "O" and end in nominal and nominal[end][0] < start:
                continue
            feats = features(tok, first, last, common, stats, gazetteer)
            found.append(Example(tuple(feats), _INDEX[label]))
    return found


def train(
    data: Sequence[Example], common: frozenset[str], epochs: int = 8, seed: int = 7
) -> NerModel:
    """An averaged multi-class perceptron; weights under 0.01 in absolute value are dropped."""
    n = len(LABELS)
    weights: dict[str, list[float]] = {}
    totals: dict[str, list[float]] = {}
    stamps: dict[str, list[int]] = {}
    order = list(data)
    rng = random.Random(seed)
    step = 0
    for _epoch in range(epochs):
        rng.shuffle(order)
        for example in order:
            step += 1
            scores = [0.0] * n
            for feat in example.feats:
                row = weights.get(feat)
                if row is not None:
                    for i in range(n):
                        scores[i] += row[i]
            guess = max(range(n), key=scores.__getitem__)
            if guess == example.label:
                continue
            for feat in example.feats:
                row = weights.setdefault(feat, [0.0] * n)
                total = totals.setdefault(feat, [0.0] * n)
                stamp = stamps.setdefault(feat, [0] * n)
                for i, delta in ((example.label, 1.0), (guess, -1.0)):
                    total[i] += (step - stamp[i]) * row[i]
                    stamp[i] = step
                    row[i] += delta
    averaged: dict[str, list[float]] = {}
    for feat, row in weights.items():
        total, stamp = totals[feat], stamps[feat]
        mean = [round((total[i] + (step - stamp[i]) * row[i]) / step, 3) for i in range(n)]
        if any(abs(w) >= 0.01 for w in mean):
            averaged[feat] = mean
    return NerModel(averaged, common)
