"""Offsets and words in a text: trimming, tokens, comma segments, the masking of asides."""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[^\s,;]+")


SENTENCE_BREAK = re.compile(r"[.!?]+[”\"’)]*\s+(?=\S)")


# Dash-delimited asides and parentheses are blanked before structure is read, so that
# "Russian sources on Telegram — the social media platform … — claimed" has a plain subject.
# (Each starts with a literal character, which lets the regex engine skip ahead quickly.)
_DASH_ASIDES = re.compile(r"[—–](?<=\s[—–])\s[^—–\n]{1,200}?\s[—–](?=\s)")


_PARENTHESES = re.compile(r"\([^()\n]{0,120}\)")


ABBREV_END = re.compile(r"(?:[A-Z]\.)+$")


ABBREV_WORD = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.")


def left_edge(s: str, pos: int) -> bool:
    """Whether a word starts at `pos`: "said" is no cue inside "unsaid"."""
    return pos == 0 or not (s[pos - 1].isalnum() or s[pos - 1] in "_’'-")


# Whitespace that str.split() knows but the structure readers' " \t\r\n" does not (NEL,
# line and paragraph separators, no-break and other Unicode spaces): made plain spaces, one for
# one, so both agree on where words are and offsets stay put.
_ODD_SPACE = re.compile(r"[^\S \t\r\n]")


def mask(text: str) -> str:
    text = _ODD_SPACE.sub(" ", text)
    for regex in (_DASH_ASIDES, _PARENTHESES):
        text = regex.sub(lambda m: " " * len(m.group()), text)
    return text


@lru_cache(maxsize=1 << 16)  # a hot path: the same few thousand words come up again and again
def norm(token: str) -> str:
    """A token compared as a word: lower case, outer punctuation and possessive removed."""
    t = token.strip(".,;:!?“”\"‘’'()[]").lower()
    for suffix in ("’s", "'s"):
        if t.endswith(suffix):
            t = t[: -len(suffix)]
    return t


def squash(s: str) -> str:
    """Whitespace runs (line breaks included) as single spaces, as in `Sentence.text`."""
    return " ".join(s.split())


def skip_ws(s: str, pos: int, end: int) -> int:
    while pos < end and s[pos].isspace():
        pos += 1
    return pos


def trim(s: str, start: int, end: int, chars: str = " \t\r\n,;:—–-") -> tuple[int, int]:
    while start < end and s[start] in chars:
        start += 1
    while end > start and s[end - 1] in chars:
        end -= 1
    return start, end


def tokens_in(s: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(s, start, end)]


def is_capitalised(token: str) -> bool:
    t = token.lstrip("“\"‘'(")
    if t[:1].islower() and 0 < t.find("-") <= 3:  # "al-Janadi", "el-Sisi"
        t = t[t.find("-") + 1 :]
    return bool(t) and t[0].isupper()


def segments(s: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma-separated parts of [start, end), trimmed, empty ones dropped."""
    out: list[tuple[int, int]] = []
    pos = start
    while pos <= end:
        comma = s.find(",", pos, end)
        stop = end if comma == -1 else comma
        a, b = trim(s, pos, stop)
        if a < b:
            out.append((a, b))
        if comma == -1:
            break
        pos = comma + 1
    return out


def words_in(s: str, start: int, end: int) -> int:
    return len(s[start:end].split())


def overlaps(a: int, b: int, c: int, d: int) -> bool:
    return a < d and c < b
