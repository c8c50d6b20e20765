"""CoNLL named-entity sets (IOB1 or IOB2, one token a line): documents as text with the gold
name spans as character offsets, and span precision/recall/F1, for bench/ner.py and training.

Tokens are joined by single spaces and a document's sentences by newlines, so a recogniser sees
text and the offsets of its names can be compared with the gold spans exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Gold labels of both sets mapped to the recogniser's: PER, ORG, LOC, MISC (other names).
# re3d's Temporal, Quantity, Money and DocumentReference are no names a reader filters by.
LABEL_MAP = {
    "PER": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "MISC": "MISC",
    "Person": "PER",
    "Organisation": "ORG",
    "Location": "LOC",
    "Nationality": "MISC",
    "Weapon": "MISC",
    "MilitaryPlatform": "MISC",
}
TYPED = ("PER", "ORG", "LOC")


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    spans: frozenset[tuple[int, int, str]]  # (start, end, label) with labels of LABEL_MAP
    tokens: int


def _spans(tags: list[str]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    current: list | None = None
    for i, tag in enumerate([*tags, "O"]):
        label = tag[2:] if tag != "O" else ""
        if current and (tag == "O" or tag.startswith("B-") or label != current[2]):
            out.append((current[0], current[1], current[2]))
            current = None
        if tag != "O":
            if current is None:
                current = [i, i + 1, label]
            else:
                current[1] = i + 1
    return out


def _document(sentences: list[list[tuple[str, str]]]) -> Document:
    lines: list[str] = []
    spans: set[tuple[int, int, str]] = set()
    offset = 0
    tokens = 0
    for sentence in sentences:
        starts = []
        position = offset
        for word, _tag in sentence:
            starts.append(position)
            position += len(word) + 1
        tokens += len(sentence)
        for a, b, label in _spans([tag for _w, tag in sentence]):
            if label in LABEL_MAP:
                spans.add((starts[a], starts[b - 1] + len(sentence[b - 1][0]), LABEL_MAP[label]))
        line = " ".join(word for word, _tag in sentence)
        lines.append(line)
        offset += len(line) + 1
    return Document("\n".join(lines), frozenset(spans), tokens)


def read_conll(path: Path, sentences_per_doc: int = 40) -> list[Document]:
    """The documents of a CoNLL file: split at -DOCSTART- lines, or (re3d has none) into
    groups of `sentences_per_doc` sentences."""
    docs: list[list[list[tuple[str, str]]]] = [[]]
    sentence: list[tuple[str, str]] = []
    has_starts = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("-DOCSTART-"):
            has_starts = True
            if sentence:
                docs[-1].append(sentence)
                sentence = []
            docs.append([])
            continue
        if not line:
            if sentence:
                docs[-1].append(sentence)
                sentence = []
            continue
        parts = line.split("\t") if "\t" in line else line.split(" ")
        sentence.append((parts[0], parts[-1]))
    if sentence:
        docs[-1].append(sentence)
    docs = [d for d in docs if d]
    if not has_starts:
        docs = [
            doc[i : i + sentences_per_doc]
            for doc in docs
            for i in range(0, len(doc), sentences_per_doc)
        ]
    return [_document(doc) for doc in docs]


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float


def score(gold: Iterable[set], predicted: Iterable[set]) -> Score:
    """Exact-match span scores over paired sets of spans."""
    tp = found = expected = 0
    for g, p in zip(gold, predicted, strict=True):
        tp += len(g & p)
        found += len(p)
        expected += len(g)
    precision = tp / found if found else 0.0
    recall = tp / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def typed_sets(doc_spans: Iterable[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
    return {s for s in doc_spans if s[2] in TYPED}


def untyped_sets(doc_spans: Iterable[tuple[int, int, str]]) -> set[tuple[int, int]]:
    return {(a, b) for a, b, label in doc_spans if label in TYPED}
