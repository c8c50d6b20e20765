"""The names the filter picker matches (`TimelineIndex.suggest`), folded once and matched fuzzily:
all of them on a story's few thousand names; past FUZZY_NAMES (an archive's few 100k actors,
where a fuzzy pass over every name takes a second a keystroke) only the names of the most
frequent facets, while every name is still found by the start of any of its words (a binary
search: milliseconds)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from rapidfuzz import fuzz, process

FUZZY_NAMES = 50_000  # names matched fuzzily at most: ~0.1 s a keystroke
PREFIX_CANDIDATES = 200  # names found by a word's start that are scored, at most


class NameChoices:
    """Names to match, in the order given; `match` answers with their positions."""

    def __init__(self, names: Sequence[str], folded: Sequence[str], ranks: Sequence[int]) -> None:
        """`folded[i]` is `names[i]` folded; `ranks[i]` the rank of its owner, most frequent
        first: the names fuzzily matched are those of the best ranks."""
        self.names = list(names)
        self.folded = list(folded)
        if len(self.names) <= FUZZY_NAMES:
            self.fuzzy = list(range(len(self.names)))
            pairs: list[tuple[str, int]] = []
        else:
            self.fuzzy = sorted(range(len(self.names)), key=ranks.__getitem__)[:FUZZY_NAMES]
            pairs = sorted((word, at) for at, name in enumerate(self.folded)
                           for word in {name, *name.split()})
        self.fuzzy_folded = [self.folded[at] for at in self.fuzzy]
        self.words = [word for word, _ in pairs]  # sorted: a prefix is a range of them
        self.word_names = [at for _, at in pairs]

    def match(self, typed: str, limit: int, cutoff: float) -> list[tuple[int, float]]:
        """(position, score) of the names matching `typed` (folded) with a WRatio of at least
        `cutoff`: the best `limit` of those matched fuzzily, and those whose words start with
        `typed` (when not every name is matched fuzzily)."""
        found = {self.fuzzy[at]: score for _, score, at in process.extract(
            typed, self.fuzzy_folded, scorer=fuzz.WRatio, processor=None, limit=limit,
            score_cutoff=cutoff)}
        first = bisect_left(self.words, typed)
        for n in range(first, min(first + PREFIX_CANDIDATES, len(self.words))):
            if not self.words[n].startswith(typed):
                break
            at = self.word_names[n]
            if at not in found:
                score = fuzz.WRatio(typed, self.folded[at], score_cutoff=cutoff)
                if score:
                    found[at] = score
        return list(found.items())
