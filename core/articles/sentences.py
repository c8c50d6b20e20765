"""Sentence spans: where a stretch of article text breaks into sentences, mending sentences a
scrape broke across lines. The cleaner (clean.py) calls it with its compiled rules; offsets always
point into the original text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateline.core.articles.clean import Rules

Span = tuple[int, int]

# Structural patterns (not cue lists): lines, words, sentence-final punctuation.
_CONTENT_LINE = re.compile(r"\S[^\n]*")
_FINAL = ".!?…"
_OPENERS = "\"“‘'([{"
# Final punctuation plus any closing quotes or brackets, followed by a space or the line end.
_TERMINAL = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s|$)")
_LINE_TERMINAL = re.compile(r"[.!?…]+[\"”’')\]]*$")
# A line opening with a closing quote belongs to the sentence above: `…support.\n" Since …`.
_STRAY_CLOSE = re.compile(r"[\"”]+[.,;:!?]*(?=\s|$)")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.S, D.P.R.K, a.m (final dot excluded)
# Next characters that continue a sentence after a full stop ("the U.S.\n-led alliance").
_CONTINUES = ",;:-)"


def content_lines(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """(start, end) of each non-blank line in text[start:end], surrounding whitespace excluded."""
    spans = []
    for m in _CONTENT_LINE.finditer(text, start, len(text) if end is None else end):
        spans.append((m.start(), _rstrip(text, m.start(), m.end())))
    return spans


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _lstrip(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _sentence_spans(text: str, start: int, end: int, r: Rules) -> list[Span]:
    """Sentence spans in text[start:end]; a line break ends one only where the text says so."""
    spans: list[Span] = []
    cur = -1  # start of the open sentence, -1 when none is open
    prev_b = -1
    prev_term: re.Match[str] | None = None  # final punctuation ending the previous line
    prev_heading = False
    for a, b in content_lines(text, start, end):
        pos = a
        if cur >= 0:
            if text.count("\n", prev_b, a) >= 2:  # a blank line: paragraph break
                spans.append((cur, prev_b))
                cur = -1
            elif stray := _STRAY_CLOSE.match(text, a, b):
                if prev_term is not None:
                    spans.append((cur, stray.end()))
                    cur = -1
                    pos = _lstrip(text, stray.end(), b)
            elif (
                prev_term is not None and _is_boundary(text, prev_term.start(), prev_b, a, r)
            ) or (prev_term is None and prev_heading and _opens_sentence(text[a])):
                spans.append((cur, prev_b))
                cur = -1
        began_line = cur < 0 and pos == a
        if cur < 0 and pos < b:
            cur = pos
        for t in _TERMINAL.finditer(text, pos, b):
            if t.end() >= b:
                break
            nxt = _lstrip(text, t.end(), b)
            if _is_boundary(text, t.start(), t.end(), nxt, r):
                spans.append((cur, t.end()))
                cur = nxt
                began_line = False
        prev_b = b
        prev_term = _LINE_TERMINAL.search(text, pos, b) if pos < b else None
        prev_heading = (
            began_line
            and cur == a
            and b - a <= r.heading_max_chars
            and len(text[a:b].split()) <= r.heading_max_words
        )
    if cur >= 0 and cur < prev_b:
        spans.append((cur, prev_b))
    return spans


def _opens_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in '"“‘('


def _is_boundary(text: str, pstart: int, pend: int, npos: int, r: Rules) -> bool:
    """Whether final punctuation text[pstart:pend] ends a sentence, given what starts at npos."""
    if npos >= len(text):
        return True
    nchar = text[npos]
    if nchar.islower() or nchar in _CONTINUES:
        return False
    q = pstart
    while q < pend and text[q] in _FINAL:
        q += 1
    punct, closers = text[pstart:q], text[q:pend]
    if "?" in punct or "!" in punct:
        # “What are they doing?” Mr. Austin told reporters — the attribution goes on.
        return not (closers and _speech_follows(text, npos, r))
    if punct != "." or closers:
        return True  # an ellipsis before a capital, or a full stop closing a quote
    tok_start = _token_start(text, pstart)
    tok = text[tok_start:pstart].lstrip(_OPENERS)
    low = tok.lower()
    if low in r.titles:
        return False
    if low in r.before_number:
        return not nchar.isdigit()
    nxt = _next_word(text, npos)
    if low in r.ambiguous or _INITIALISM.fullmatch(tok):
        return nxt in r.starters
    if len(tok) == 1 and tok.isupper():
        # "Lloyd J. Austin": an initial between capitalised names is no sentence end.
        prev = text[_token_start(text, tok_start - 1) : tok_start].strip()
        return not (prev[:1].isupper() and nchar.isupper() and nxt not in r.starters)
    return True


def _token_start(text: str, pos: int) -> int:
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _next_word(text: str, pos: int) -> str:
    end = pos
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[pos:end].strip(_OPENERS + ".,;:!?”’").lower()


def _speech_follows(text: str, pos: int, r: Rules) -> bool:
    for word in text[pos : pos + 160].split()[: r.speech_window_words]:
        core = word.strip(_OPENERS + ".,;:!?”’").lower()
        if core in r.speech_verbs:
            return True
        if word[-1] in _FINAL and core not in r.titles:
            return False
    return False
