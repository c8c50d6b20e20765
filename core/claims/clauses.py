"""Where the parts of an attribution start and end within a sentence.

The clause holding a cue, the content after it (past the hearer, dates and modifiers), the
end of the attribution, bylines and datelines glued before a story; and the `Cue` and `Draft`
that the attribution patterns build.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from dateline.core.claims.document import Doc, Window
from dateline.core.claims.lexicon import Rules
from dateline.core.claims.quotes import Quote
from dateline.core.claims.speakers import Speaker
from dateline.core.claims.text import ABBREV_WORD, SENTENCE_BREAK, is_capitalised, norm, skip_ws

_THAT = re.compile(r"that\s+")


NEXT_CLAUSE = re.compile(r",\s+(?:and|but)\s+|;")


_NEXT_WORD = re.compile(r"\s*([\w’']+)")


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    lemma: str
    stance: str  # the stance the verb gives on its own


@dataclass(slots=True)
class Draft:
    start: int  # the content
    end: int
    speaker: Speaker
    cue_start: int
    cue_end: int
    stance: str
    regions: tuple[tuple[int, int], ...]  # where the statement's date may be written
    extent_end: int  # where the attribution ends; a continuation quote may follow
    quote: Quote | None = None
    continued: bool = False


def has_sentence_break(s: str, start: int, end: int, rules: Rules) -> bool:
    """Whether [start, end) ends a sentence somewhere (an abbreviation's dot does not)."""
    for m in SENTENCE_BREAK.finditer(s, start, end):
        k = s.rfind(" ", start, m.start())
        word = s[k + 1 : m.start() + 1]
        if word in rules.honorifics or ABBREV_WORD.fullmatch(word):
            continue
        return True
    return False


def hearer_end(doc: Doc, pos: int, end: int) -> int | None:
    """Where the hearer after "told" ends ("told parliament", "told him"), None without one
    ("she told it just like it was": "it" is what was told, not who heard it)."""
    rules = doc.rules
    m = rules.hearer_re.match(doc.masked, pos, end)
    if not m:
        return None
    words = m.group().split()
    last = norm(words[-1])
    if not (
        is_capitalised(words[-1]) or last in rules.object_pronouns
        or last in rules.speaker_heads or last in rules.hearer_nouns
    ):
        return None
    return skip_ws(doc.masked, m.end(), end)


def skip_modifiers(doc: Doc, pos: int, end: int, hearer: bool) -> int:
    """Skip the hearer, dates and prepositional modifiers after a cue; return the next word."""
    s, rules = doc.masked, doc.rules
    pos = skip_ws(s, pos, end)
    if hearer:
        pos = hearer_end(doc, pos, end) or pos
    while pos < end:
        t = doc.timex_by_start.get(pos)
        if t is not None and t.end <= end:
            pos = skip_ws(s, t.end, end)
            continue
        m = rules.date_re.match(s, pos, end) or rules.modifier_re.match(s, pos, end)
        if m and m.end() > pos:
            pos = skip_ws(s, m.end(), end)
            continue
        break
    return pos


def content_start(s: str, pos: int, end: int) -> int:
    """Skip ", " / ": " and a complementiser "that" before reported content."""
    pos = skip_ws(s, pos, end)
    if pos < end and s[pos] in ",:":
        pos = skip_ws(s, pos + 1, end)
    m = _THAT.match(s, pos, end)
    return m.end() if m else pos


def content_end(doc: Doc, start: int, end: int) -> int:
    """Trim the content's final punctuation, or run on to the close of a quote it opens."""
    q = doc.quote_at(end - 1) if end > start else None
    if q is not None and q.start >= start and q.end > end:
        return q.end
    s = doc.text
    while end > start and (s[end - 1].isspace() or s[end - 1] in ".,;:"):
        end -= 1
    return end


def quote_inner(q: Quote, text: str) -> tuple[int, int]:
    """A quote's content without the comma that hands over to the attribution."""
    a, b = q.inner_start, q.inner_end
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
        b -= 1
    return a, b


def attribution_end(doc: Doc, pos: int, end: int) -> int:
    """Where the attribution clause starting at `pos` ends: ", and …" starts new content."""
    m = NEXT_CLAUSE.search(doc.masked, pos, end)
    return m.start() if m else end


def clause_start(doc: Doc, sent: Window, pos: int) -> int:
    """Where the clause holding the cue at `pos` starts: after "that", "but", a dash, a quote.

    The sentence's clause breaks are found once (`Doc.clause_breaks`) and the last one before
    `pos` looked up, so the work per cue does not grow with the sentence.
    """
    starts, ends = doc.clause_breaks(sent)
    k = bisect_right(ends, pos) - 1
    # a break that needs to see the cue's first letter ("—said") is none when read up to `pos`
    while k >= 0 and ends[k] == pos and not doc.rules.clause_break_re.match(
        doc.masked, starts[k], pos
    ):
        k -= 1
    start = ends[k] if k >= 0 and starts[k] >= sent.start else sent.start
    # a reporting verb earlier in the sentence ends its speaker's clause: "Wissam Tarif said
    # witnesses told him …" — "witnesses" alone is the speaker of "told"
    # (not across a comma: "Russia, which has denied any trade …, rejected …")
    k = bisect_right(doc.cue_starts, pos - 1) - 1
    if k >= 0 and doc.cue_starts[k] >= start:
        m = doc.verb_at.get(doc.cue_starts[k])
        if m is not None and m.end() < pos and "," not in doc.masked[m.end() : pos]:
            form = " ".join(m.group().split())
            cue = Cue(m.start(), m.end(), *doc.rules.verb_info[form])
            if not is_noun_use(doc, cue, form):
                start = m.end()
    q = doc.last_quote_ending_in(start, pos)
    return q.end if q is not None else start


def ends_clause(doc: Doc, pos: int, end: int) -> bool:
    return pos >= end or doc.masked[pos] in ",.;)"


def continues_clause(doc: Doc, pos: int, end: int) -> bool:
    """Whether the text from `pos` goes on with the interrupted clause (", was a homicide …")
    rather than an apposition (", a senior analyst …") or a new clause (", and …")."""
    words = doc.masked[pos:end].split()
    if len(words) < 2 or not words[0].islower():
        return False
    first = norm(words[0])
    rules = doc.rules
    return not (
        first in rules.determiners or first in rules.inserts or first in rules.connectives
        or first in rules.relatives or first.endswith("ing") or first in ("and", "or")
    )


def after_insert(doc: Doc, start: int, comma: int) -> bool:
    """Whether the comma segment before `comma` is an inserted remark: ", citing sources,"."""
    k = doc.masked.rfind(",", start, comma)
    words = doc.masked[k + 1 : comma].split()
    return bool(words) and (norm(words[0]) in doc.rules.inserts or words[0].endswith("ing"))


def story_start(doc: Doc, start: int, end: int) -> int:
    """Skip a byline or dateline glued before the story: "… By Lee Hyo-jin The likelihood …"."""
    for regex in (doc.rules.byline_re, doc.rules.dateline_re):
        for m in regex.finditer(doc.masked, start, end):
            start = m.end()
    return skip_ws(doc.masked, start, end)


def parenthetical_end(doc: Doc, comma: int, sent: Window) -> int | None:
    """The end of a sentence an attribution interrupts ("problems which, he said, would …")."""
    k = doc.masked.rfind(" ", sent.start, comma)
    last = doc.masked[k + 1 : comma].lower()
    return sent.end if last in doc.rules.incomplete_endings else None


def is_noun_use(doc: Doc, cue: Cue, form: str) -> bool:
    """"the reports", "Ukrainian reports have …": a noun, not a reporting verb."""
    rules = doc.rules
    if form not in rules.noun_like:
        return False
    k = doc.masked.rfind(" ", 0, cue.start - 1)
    before = norm(doc.masked[k + 1 : cue.start])
    after_m = _NEXT_WORD.match(doc.masked, cue.end)
    after = after_m.group(1).lower() if after_m else ""
    return before in rules.noun_before or after in rules.noun_after
