"""Tokens of a text: words and single punctuation marks with offsets, lines and hyphen joins,
and the ids (`slug`) names become."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import accumulate, compress, repeat
from operator import add, contains, sub

# -------------------------------------------------------------------------------------------
# Tokens

# A token is a word or a single punctuation mark, except a hyphen between two word characters,
# which joins two tokens and is part of the gap before the second.
_GAP_TOKEN = re.compile(r"((?<=\w)[\-‐‑](?=\w)|\s*)(\w+|[^\w\s])")
_STRAIGHTEN = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_APOSTROPHE = "'"
_CURLY = frozenset("’‘ʼ`´")
# Punctuation that ends an appositive ("Yang Uk, a security expert with ... .").
_CLAUSE_END = frozenset(',.;:!?()[]{}"“”—–…•|')
_ARTICLES = frozenset({"a", "an", "the"})
_HEADLINE_MAX_TOKENS = 40
_HEADLINE_SMALL = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "as", "by", "with"}
)


@dataclass(frozen=True, slots=True)
class _Tokens:
    """Tokens of a text: words and single punctuation marks, with offsets into the text.

    A hyphen inside a word is no token, and the token after it is marked `joined` ("Yong-hyun"
    is "Yong" + joined "hyun"), so "Kim Jong-un" and "Kim Jong Un" have the same keys.
    """

    text: str
    n: int
    start: list[int]
    end: list[int]
    word: list[str]  # as written
    key: list[str]  # lower-cased, apostrophes straightened
    joined: list[bool]
    line: list[int]  # line number of each token


def _tokenize(text: str) -> _Tokens:
    # One findall does the work in C: each match is (gap before the token, token); offsets,
    # line numbers and hyphen joins follow from the gaps' lengths and contents.
    pairs = _GAP_TOKEN.findall(text)
    if not pairs:
        return _Tokens(text, 0, [], [], [], [], [], [])
    gaps, words = zip(*pairs, strict=True)
    end = list(accumulate(map(add, map(len, gaps), map(len, words))))
    start = list(map(sub, end, map(len, words)))
    line = list(accumulate(map(contains, gaps, repeat("\n"))))  # equal on one line
    joined = list(map(bool, map(str.strip, gaps)))  # the gap holds a joining hyphen
    keys = list(map(str.lower, words))
    for i in compress(range(len(keys)), map(_CURLY.__contains__, words)):
        keys[i] = _APOSTROPHE  # apostrophes are tokens of their own
    return _Tokens(text, len(start), start, end, list(words), keys, joined, line)


def _is_cap(word: str) -> bool:
    return word[:1].isalpha() and word[:1].isupper()


def slug(name: str) -> str:
    """A stable id for a name: ASCII, lower case, words joined by hyphens."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain.replace("'", "")).strip("-")
