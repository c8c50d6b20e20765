"""The claim finder's work grows linearly with the article: doubling the text at most about
doubles the characters its regexes are given to scan (counted, not timed).

A run-on "sentence" of a whole page without full stops is the hard case (issue 12): the clause
holding each cue used to be found by rescanning the sentence from its start, and each claim's
content ran to the end of the sentence.
"""

from __future__ import annotations

import re
import sys
from dataclasses import fields, replace

import pytest

from dateline.core.articles.clean import clean, split_sentences
from dateline.core.claims import document
from dateline.core.claims.finder import find_claims
from dateline.core.claims.lexicon import load_rules

RUN_ON = ("the minister said the aid arrived, and officials told reporters that prices rose as "
          "the agency confirmed that talks resumed, according to local media; ")
SENTENCES = ("The minister said on Tuesday that the aid had arrived. “We will rebuild,” Maria "
             "Lopez told reporters. According to the agency, talks resumed in March. ")


class CountingPattern:
    """A compiled regex that adds the length of every stretch it is asked to scan to `seen`."""

    def __init__(self, pattern: re.Pattern[str], seen: list[int]) -> None:
        self._pattern, self._seen = pattern, seen

    def _count(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> None:
        self._seen[0] += max(0, min(endpos, len(string)) - pos)

    def finditer(self, string, pos=0, endpos=sys.maxsize):
        self._count(string, pos, endpos)
        return self._pattern.finditer(string, pos, endpos)

    def search(self, string, pos=0, endpos=sys.maxsize):
        self._count(string, pos, endpos)
        return self._pattern.search(string, pos, endpos)

    def match(self, string, pos=0, endpos=sys.maxsize):
        self._count(string, pos, endpos)
        return self._pattern.match(string, pos, endpos)

    def __getattr__(self, name):
        return getattr(self._pattern, name)


def _work(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[int, int, int]:
    """(characters scanned by the rules' regexes, claims found, characters of claim text)."""
    seen = [0]
    rules = load_rules()
    counting = replace(rules, **{
        f.name: CountingPattern(getattr(rules, f.name), seen)
        for f in fields(rules) if isinstance(getattr(rules, f.name), re.Pattern)
    })
    monkeypatch.setattr(document, "load_rules", lambda: counting)
    sentences = split_sentences(text, clean(text, None))
    claims = find_claims(text, sentences)
    return seen[0], len(claims), sum(len(c.text) for c in claims)


@pytest.mark.parametrize("unit", [RUN_ON, SENTENCES], ids=["run-on sentence", "sentences"])
def test_claims_scaling_doubling_the_text_at_most_doubles_the_work(monkeypatch, unit):
    scanned, found, claim_chars = _work(monkeypatch, unit * 150)
    scanned2, found2, claim_chars2 = _work(monkeypatch, unit * 300)
    assert found > 100 and found2 >= 2 * found - 2  # the claims themselves are found
    assert scanned2 <= 2.3 * scanned, (scanned, scanned2)
    assert claim_chars2 <= 2.3 * claim_chars, (claim_chars, claim_chars2)
