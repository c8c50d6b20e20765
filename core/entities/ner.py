"""Named-entity recognition for any English text: candidate names from capitalisation, typed by a
small averaged-perceptron model that ships in data/ner_model.json.gz.

Candidates are runs of capitalised words (with initials, "&", numbers after a name and hyphen
joins), each with its variants: without a leading sentence-initial or common word ("However",
"President"), and joined across "of"/"for"/"de" to the next run ("Bank of America"). Every
candidate is scored for PER, ORG, LOC, MISC and O from features of its words, shape, the words
around it, the gazetteer hits inside it and what the document says elsewhere (the same words
written in lower case, the same name written mid-sentence). The best-scoring candidates that do
not overlap win; then the document votes: one name, one kind, and a surname alone takes the kind
of the full name it ends. Training (scripts/train_ner.py, core/entities/training.py) reads
wikigold and re3d-train.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, compress
from operator import itemgetter

from dateline.core.entities.tokens import _Tokens
from dateline.core.resources import data_file, load_toml

MODEL_FILE = "ner_model.json.gz"
PRIORS_FILE = "name_priors.json.gz"
_NON_WORD = re.compile(r"[^a-z0-9]+")
LABELS = ("O", "PER", "ORG", "LOC", "MISC")
_SENTENCE_END = frozenset('.!?"“”:;—–•|')
_CONNECTORS = frozenset({"of", "for", "de", "du", "der", "von", "van", "la", "del", "on"})
_JOINERS = frozenset({"&", "'"})
_MAX_RUN = 8
THRESHOLD = -2.5


@dataclass(frozen=True, slots=True)
class NerModel:
    """Weights by feature (one per label of LABELS) and the words training saw in lower case."""

    weights: Mapping[str, Sequence[float]]
    common: frozenset[str]


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A recognised name: tokens first..last (inclusive) and its label (PER, ORG, LOC, MISC)."""

    first: int
    last: int
    label: str
    score: float


@cache
def never_alone() -> frozenset[str]:
    """Words that are no name on their own (data/ner.toml)."""
    return frozenset(load_toml(data_file("ner.toml"))["never_alone"])


@cache
def corporate_suffixes() -> frozenset[str]:
    """Legal-form words that end a company's name ("Inc", "Corp", "plc"; data/ner.toml)."""
    return frozenset(load_toml(data_file("ner.toml"))["corporate_suffixes"])


@dataclass(frozen=True, slots=True)
class Priors:
    """Place names and personal names from public lists (data/name_priors.json.gz, built by
    scripts/build_name_priors.py), lower-case, punctuation as spaces."""

    places: frozenset[str]
    first: frozenset[str]
    last: frozenset[str]


def _plain(name: str) -> str:
    return " ".join(_NON_WORD.split(name.lower())).strip()


@cache
def priors() -> Priors:
    with data_file(PRIORS_FILE).open("rb") as handle:
        data = json.loads(gzip.decompress(handle.read()))
    return Priors(
        frozenset(map(_plain, data["places"])), frozenset(data["first"]), frozenset(data["last"])
    )


@cache
def load_model() -> NerModel:
    """The shipped model (read once)."""
    with data_file(MODEL_FILE).open("rb") as handle:
        data = json.loads(gzip.decompress(handle.read()))
    return NerModel(data["weights"], frozenset(data["common"]))


def save_model(path: str, weights: Mapping[str, Sequence[float]], common: Iterable[str]) -> None:
    """Write a model the way `load_model` reads it (used by the training script)."""
    data = {"labels": LABELS, "common": sorted(common), "weights": dict(sorted(weights.items()))}
    with open(path, "wb") as handle:
        handle.write(gzip.compress(json.dumps(data, separators=(",", ":")).encode(), mtime=0))


# -------------------------------------------------------------------------------------------
# Candidates


def _segments(tok: _Tokens) -> list[tuple[int, int]]:
    """Maximal runs of name tokens on one line, as (first, last): capitalised words, words that
    start with a digit and hold a capital ("6PR"), and inside a run hyphen-joined pieces
    ("Jong-un"), initials ("J."), numbers ("Boeing 737") and "&" or an apostrophe before a
    capitalised word. Inlined (no call a token): it runs over every capital of every article."""
    words, joined, line, start, end = tok.word, tok.joined, tok.line, tok.start, tok.end
    n = tok.n
    initials = list(map(itemgetter(0), words))  # tokens are never empty
    upper = compress(range(n), map(str.isupper, initials))
    digit = compress(range(n), map(str.isdigit, initials))
    segments: list[tuple[int, int]] = []
    after = 0
    for k in sorted(chain(upper, digit)):
        if k < after or joined[k]:
            continue
        if initials[k].isdigit() and not any(map(str.isupper, words[k])):
            continue
        j = k
        limit = min(n - 1, k + _MAX_RUN)
        while j < limit and line[j + 1] == line[k]:
            nxt = words[j + 1]
            first = nxt[0]
            if joined[j + 1] or first.isupper() or first.isdigit():
                j += 1
            elif nxt == "." and len(words[j]) == 1 and start[j + 1] == end[j]:
                j += 1  # an initial: "J." in "Lloyd J. Austin"
            elif first in _JOINERS and j + 2 < n and initials[j + 2].isupper():
                j += 1
            else:
                break
        while j > k and words[j] in _JOINERS:
            j -= 1
        segments.append((k, j))
        after = j + 1
    return segments


def sentence_start(tok: _Tokens, k: int) -> bool:
    """Whether token k opens a sentence or a line (where capitals say little)."""
    if k == 0 or tok.line[k - 1] != tok.line[k]:
        return True
    prev = tok.word[k - 1]
    return prev in _SENTENCE_END or (prev in "'‘’(" and k >= 2 and tok.word[k - 2] in _SENTENCE_END)


def candidates(
    tok: _Tokens, common: frozenset[str], skip: bytearray | None = None
) -> list[tuple[int, int]]:
    """Every candidate span: each run, the run without its first one or two words, and runs
    joined across a connector ("Bank of America", "University of the Witwatersrand")."""
    segments = _segments(tok)
    if skip is not None:  # runs already named in full need no candidates
        segments = [(a, b) for a, b in segments if not all(skip[a : b + 1])]
    alone = never_alone()
    found: set[tuple[int, int]] = set()
    for index, (first, last) in enumerate(segments):
        starts = [first]
        for k in range(first + 1, min(last, first + 2) + 1):
            # Only a word that may be no name drops: a sentence's first word, a common word
            # ("President", "However"), a word never a name alone ("The").
            dropped = tok.key[k - 1]
            if not (
                dropped in common
                or dropped in alone
                or (k - 1 == first and sentence_start(tok, first))
            ):
                break
            if not tok.joined[k] and tok.word[k][:1].isalpha():
                starts.append(k)
        for s in starts:
            if s < last or tok.key[s] not in alone:
                found.add((s, last))
        if last > first and tok.word[last][:1].isdigit() and not tok.joined[last]:
            # "Boeing" of "Boeing 737", but no "KN" of the missile "KN-23"
            found.add((first, last - 1))
        if index + 1 < len(segments):
            nxt_first, nxt_last = segments[index + 1]
            gap = range(last + 1, nxt_first)
            if (
                0 < len(gap) <= 2
                and tok.key[last + 1] in _CONNECTORS
                and all(tok.key[k] in _CONNECTORS or tok.key[k] == "the" for k in gap)
                and tok.line[nxt_first] == tok.line[first]
                and tok.key[nxt_first] not in alone  # "Gdansk on Sunday" is no name
            ):
                for s in starts:
                    found.add((s, nxt_last))
    # A calendar word with its number ("Monday 7", "May 2009") is a date, not a name.
    found = {
        (a, b)
        for a, b in found
        if tok.key[a] not in alone
        or not all(tok.word[k][:1].isdigit() for k in range(a + 1, b + 1))
    }
    if skip is not None:  # tokens already named: no candidate may overlap them
        return sorted(c for c in found if not any(skip[c[0] : c[1] + 1]))
    return sorted(found)


# -------------------------------------------------------------------------------------------
# Features


@lru_cache(maxsize=1 << 16)
def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word.isupper():
        return "X" if len(word) > 1 else "A"
    if word[:1].isupper():
        return "Xx"
    if word[:1].isalpha():
        return "x"
    return word


@dataclass(slots=True)
class DocStats:
    """What the whole document says about words and names, for the features of each candidate."""

    lower: frozenset[str]  # words written in lower case somewhere in the document
    mid: frozenset[str]  # names (keys joined by spaces) seen away from a sentence start


def doc_stats(tok: _Tokens, spans: Iterable[tuple[int, int]]) -> DocStats:
    lower = frozenset(compress(tok.key, map(str.islower, map(itemgetter(0), tok.word))))
    mid = frozenset(" ".join(tok.key[a : b + 1]) for a, b in spans if not sentence_start(tok, a))
    return DocStats(lower, mid)


_FUNCTION = frozenset({"of", "the", "in", "at", "for", "a", "an", "and", ",", "to", "from", "by"})


def _content_before(key: list[str], first: int, start: bool) -> str:
    """The nearest word before a name that says what it is: "city" in "the city of X"."""
    if start:
        return "<s>"
    for k in range(first - 1, max(first - 4, -1), -1):
        if key[k] not in _FUNCTION:
            return key[k]
    return "<none>"


def plainly_common(
    tok: _Tokens, first: int, last: int, common: frozenset[str], stats: DocStats
) -> bool:
    """A common word alone at a sentence start, never capitalised elsewhere in the document
    ("However", "Police"): no name, and not worth scoring."""
    return (
        first == last
        and tok.key[first] in common
        and tok.key[first] not in stats.mid
        and sentence_start(tok, first)
    )


def features(
    tok: _Tokens,
    first: int,
    last: int,
    model_common: frozenset[str],
    stats: DocStats,
    hints: Mapping[int, tuple[int, str]],
) -> list[str]:
    """The features of candidate tokens first..last (kept lean: it runs for every candidate)."""
    key, word = tok.key, tok.word
    span_keys = key[first : last + 1]
    span_words = word[first : last + 1]
    words = [k for k, w in zip(span_keys, span_words, strict=True) if w[:1].isalnum()]
    f1, fl = key[first], key[last]
    start = sentence_start(tok, first)
    prev = key[first - 1] if first > 0 and not start else "<s>"
    prev2 = key[first - 2] if first > 1 and not start else "<s>"
    nxt = key[last + 1] if last + 1 < tok.n and tok.line[last + 1] == tok.line[last] else "</s>"
    nxt2 = key[last + 2] if last + 2 < tok.n and nxt != "</s>" else "</s>"
    common = f1 in model_common
    lower = stats.lower
    feats = [
        "bias",
        "f:" + f1,
        "l:" + fl,
        "sh:" + "".join(map(_shape, span_words))[:12],
        "n:" + str(min(len(words), 4)),
        "p1:" + prev,
        "p2:" + prev2 + "_" + prev,
        "n1:" + nxt,
        "n2:" + nxt + "_" + nxt2,
        "s3:" + fl[-3:],
        "pc:" + _content_before(key, first, start),
    ]
    feats.extend(map("w:".__add__, words))
    if start:
        feats += (
            "start",
            "start_f:" + f1,
            "start_common:" + str(common),
            "start_lower:" + str(f1 in lower),
            "start_mid:" + str(" ".join(span_keys) in stats.mid),
        )
    if common:
        feats.append("common_f")
    if model_common.issuperset(words):
        feats.append("all_common")
    if f1 in lower:
        feats.append("lower_f")
    if fl in lower:
        feats.append("lower_l")
    known = priors()
    if " ".join(words) in known.places:
        feats.append("geo")
    if f1 in known.first:
        feats.append("fn" if len(words) > 1 else "fn1")
    if fl in known.last:
        feats.append("ln" if len(words) > 1 else "ln1")
    for k in filter(hints.__contains__, range(first, last + 1)):
        hint_last, label = hints[k]
        feats.append("gz:" + label)
        if k == first and hint_last == last:
            feats.append("gz_exact:" + label)
    return feats


# -------------------------------------------------------------------------------------------
# Decoding


def _scores(weights: Mapping[str, Sequence[float]], feats: list[str]) -> list[float]:
    rows = [row for row in map(weights.get, feats) if row is not None]
    return list(map(sum, zip(*rows, strict=True))) if rows else [0.0] * len(LABELS)


def recognise(
    tok: _Tokens,
    hints: Mapping[int, tuple[int, str]] | None = None,
    model: NerModel | None = None,
    skip: bytearray | None = None,
    evidence: Callable[[int, int], str | None] | None = None,
) -> list[NameSpan]:
    """The names of a tokenised text, in text order. `hints` maps the first token of each
    gazetteer hit to its last token and what it names ("country:name", "actor:person");
    no name overlaps a token that `skip` marks; a candidate for which `evidence` gives a label
    (a noun in apposition: ", a spokeswoman") is a name of that label."""
    model = model or load_model()
    hints = hints or {}
    spans = candidates(tok, model.common, skip)
    stats = doc_stats(tok, spans)
    scored: list[NameSpan] = []
    corporate = corporate_suffixes()
    for first, last in spans:
        if plainly_common(tok, first, last, model.common, stats):
            continue
        if last > first and tok.key[last] in corporate:  # "Zentrix Inc.": a company, always
            scored.append(NameSpan(first, last, "ORG", 100.0 + last - first))
            continue
        label = evidence(first, last) if evidence else None
        if label:
            scored.append(NameSpan(first, last, label, 50.0 + last - first))
            continue
        total = _scores(model.weights, features(tok, first, last, model.common, stats, hints))
        best = max(range(1, len(LABELS)), key=total.__getitem__)
        margin = total[best] - total[0]
        if margin > THRESHOLD:
            scored.append(NameSpan(first, last, LABELS[best], margin))
    taken: list[NameSpan] = []
    used = bytearray(tok.n)
    for span in sorted(scored, key=lambda s: -s.score):
        if not any(used[span.first : span.last + 1]):
            taken.append(span)
            used[span.first : span.last + 1] = b"\x01" * (span.last - span.first + 1)
    taken.sort(key=lambda s: s.first)
    return _consistent(tok, _propagate(tok, spans, taken, used))


def _propagate(
    tok: _Tokens, spans: list[tuple[int, int]], taken: list[NameSpan], used: bytearray
) -> list[NameSpan]:
    """Candidates the model passed over that repeat a name it took elsewhere in the document,
    or the last word of a person's name ("Bobick" after "Elroy Bobick"), take its label."""
    labels: dict[str, tuple[str, float]] = {}
    for span in taken:
        name = " ".join(tok.key[span.first : span.last + 1])
        labels.setdefault(name, (span.label, span.score))
        if span.label == "PER" and span.last > span.first and tok.word[span.last][:1].isupper():
            labels.setdefault(tok.key[span.last], ("PER", span.score))
    added = []
    for first, last in spans:
        if any(used[first : last + 1]):
            continue
        found = labels.get(" ".join(tok.key[first : last + 1]))
        if found and not (first == last and sentence_start(tok, first)):
            added.append(NameSpan(first, last, found[0], 0.0))
            used[first : last + 1] = b"\x01" * (last - first + 1)
    return sorted([*taken, *added], key=lambda s: s.first) if added else taken


def _consistent(tok: _Tokens, spans: list[NameSpan]) -> list[NameSpan]:
    """One kind per name in a document, by the summed scores of its mentions; a one-word name
    that ends a longer person's name is that person ("Austin" after "Lloyd Austin")."""
    votes: dict[str, Counter[str]] = {}
    surnames: set[str] = set()
    for span in spans:
        name = " ".join(tok.key[span.first : span.last + 1])
        votes.setdefault(name, Counter())[span.label] += span.score
        if span.label == "PER" and span.last > span.first:
            surnames.add(tok.key[span.last])
    result = []
    for span in spans:
        name = " ".join(tok.key[span.first : span.last + 1])
        label = votes[name].most_common(1)[0][0]
        if span.first == span.last and name in surnames:
            label = "PER"
        result.append(
            span if label == span.label else NameSpan(span.first, span.last, label, span.score)
        )
    return result


__all__ = ["LABELS", "NameSpan", "NerModel", "candidates", "features", "load_model", "recognise"]
