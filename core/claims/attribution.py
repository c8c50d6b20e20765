"""The attribution patterns: each reads one cue in one sentence into a draft claim.

"“…,” X said" (`quote_after`), "X said (that) …" (`front`), "…, X said." (`trailing`),
"according to X" (`source_after`), "cited X as saying …" (`as_saying`), and which verb matches
are cues at all (`verb_cues`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate

from dateline.core.claims.clauses import (
    NEXT_CLAUSE,
    Cue,
    Draft,
    after_insert,
    attribution_end,
    clause_start,
    content_end,
    content_start,
    continues_clause,
    ends_clause,
    has_sentence_break,
    hearer_end,
    is_noun_use,
    parenthetical_end,
    quote_inner,
    skip_modifiers,
    story_start,
)
from dateline.core.claims.document import Doc, Window
from dateline.core.claims.lexicon import ASSERT
from dateline.core.claims.speakers import Speaker, is_adverbial, parse_speaker
from dateline.core.claims.text import (
    ABBREV_END,
    is_capitalised,
    norm,
    segments,
    skip_ws,
    tokens_in,
    trim,
    words_in,
)
from dateline.core.model import Sentence

_COMMA = re.compile(r",")


_COMMA_OR_SEMICOLON = re.compile(r"[,;]")


_BEFORE_QUOTE = re.compile(r"\s*[,:]?\s*")


_INFINITIVE = re.compile(r"\s+to\s")


_THAT_BEFORE = re.compile(r"\bthat\s+$")


_HEARER_THAT = re.compile(r"[^,;:“”\"\n]{0,100}?\bthat\s+")


def _speaker_after(doc: Doc, cue: Cue, end: int) -> Speaker | None:
    """The speaker of an inverted attribution: "…,” said Yang Uk, a security expert with …"."""
    if cue.lemma not in doc.rules.inverting:
        return None
    s = doc.masked
    stop = trim(s, cue.end, end, " \t\r\n,;:.")[1]
    # keep the dot of a final abbreviation: "the U.S."
    if s[stop : stop + 1] == "." and ABBREV_END.search(s, cue.end, stop + 1):
        stop += 1
    return parse_speaker(doc, cue.end, stop, any_head=True)


def quote_after(doc: Doc, cue: Cue, sent: Window, used: set[int]) -> Draft | None:
    """“…,” X said. / “…,” said X, a … — the quote just before the cue is the content."""
    s, rules = doc.masked, doc.rules
    q = doc.last_quote_ending_in(max(0, sent.start - 2000), cue.start)
    if q is None or q.start in used or cue.start - q.end > 200:
        return None
    if has_sentence_break(s, q.end, cue.start, rules) or "\n\n" in s[q.end : cue.start]:
        return None
    if rules.quote_mark_re.search(s, q.end, cue.start):
        return None  # another quote between: this one is not the cue's
    inner = doc.text[q.inner_start : q.inner_end].rstrip()
    hands_over = inner[-1:] in ",?!…—-" or s[q.end : q.end + 1] == ","
    if not hands_over:
        return None
    if q.start > sent.start and words_in(s, story_start(doc, sent.start, q.start), q.start) > 1:
        return None  # "… should consider a “rapid reaction force”, he said": the whole clause
    if words_in(s, q.inner_start, q.inner_end) <= 2:
        post = skip_modifiers(doc, cue.end, sent.end, cue.lemma in rules.hearer)
        if s[post : post + 1] == "," and words_in(s, post, sent.end) > 2:
            return None  # "“Of course,” he notes, the risk is …": the statement goes on
    gap_start, gap_end = trim(s, q.end, cue.start)
    attr_end = attribution_end(doc, cue.end, sent.end)
    if gap_start >= gap_end:  # inverted: said X, a security expert with …
        speaker = _speaker_after(doc, cue, attr_end)
    else:
        speaker = parse_speaker(doc, gap_start, gap_end)
    if speaker is None:
        return None
    a, b = quote_inner(q, doc.text)
    return Draft(a, b, speaker, cue.start, cue.end, cue.stance,
                  ((q.end, attr_end),), attr_end, quote=q)


def front(doc: Doc, cue: Cue, sent: Window) -> Draft | None:
    """X said (that) …, X told parliament on Tuesday …, X said, “…” — speaker before the cue."""
    s, rules = doc.masked, doc.rules
    clause = clause_start(doc, sent, cue.start)
    segs = segments(s, clause, cue.start)
    # a verb inside a relative clause ("Russia, which has denied any …, rejected …") has the
    # noun before the relative pronoun as its speaker, and its content ends at the next comma
    last_words = s[segs[-1][0] : segs[-1][1]].split() if segs else []
    relative = bool(last_words) and norm(last_words[0]) in rules.relatives
    speaker = parse_speaker(doc, clause, cue.start, fronted=True)
    if speaker is None:
        return None
    pos = skip_modifiers(doc, cue.end, sent.end, cue.lemma in rules.hearer)
    opening = _BEFORE_QUOTE.match(s, pos, sent.end)
    q = doc.quote_opening_at(opening.end()) if opening else None
    if q is not None:  # Another expert …, said, “I think …”
        a, b = quote_inner(q, doc.text)
        return Draft(a, b, speaker, cue.start, cue.end, cue.stance,
                      ((clause, q.start),), q.end, quote=q)
    if cue.lemma in rules.hearer:  # "told a group of invited reporters … that …"
        if hearer_end(doc, skip_ws(s, cue.end, sent.end), sent.end) is None:
            return None
        m = _HEARER_THAT.match(s, pos, sent.end)
        pos = m.end() if m else pos
    start = content_start(s, pos, sent.end)
    if _INFINITIVE.match(s, start - 1):
        return None  # "agreed … to withdraw": an intention, not a statement
    if cue.lemma in rules.that_only and not _THAT_BEFORE.search(s, max(0, start - 6), start):
        return None
    end = sent.end
    if relative or (cue.lemma in rules.noun_object and start == pos):
        m = (_COMMA_OR_SEMICOLON if relative else NEXT_CLAUSE).search(s, start, end)
        end = m.start() if m else end
    end = content_end(doc, start, end)
    if words_in(s, start, end) < 2:
        return None
    return Draft(start, end, speaker, cue.start, cue.end, cue.stance,
                  ((clause, start),), end)


def trailing(doc: Doc, cue: Cue, sent: Window) -> Draft | None:
    """…, the agency said on Wednesday. — the clause before the speaker is the content."""
    s = doc.masked
    before = s[sent.start : cue.start].rstrip()
    commas = [m.start() for m in _COMMA.finditer(s, sent.start, cue.start)]
    if not commas:
        return None
    attr_end = attribution_end(doc, cue.end, sent.end)
    speaker = None
    end_at = None
    if before.endswith(",") and not after_insert(doc, sent.start, commas[-1]):
        comma = commas[-1]  # "…, says Jim Muir." — not "The newspaper, citing …, said …"
        speaker = _speaker_after(doc, cue, attr_end)
    if speaker is None:
        post = skip_modifiers(doc, cue.end, sent.end, cue.lemma in doc.rules.hearer)
        if not ends_clause(doc, post, sent.end):
            return None
        if doc.masked[post : post + 1] == ",":
            end_at = parenthetical_end(doc, commas[-1], sent)
        # "…, Yang Moo-jin, president of …, said.": the speaker phrase holds an apposition
        k = -3 if before.endswith(",") and len(commas) >= 3 else -1
        if before.endswith(",") and k == -1:
            return None
        comma = commas[k]
        speaker = parse_speaker(doc, comma + 1, cue.start)
    if speaker is None:
        return None
    start = story_start(doc, sent.start, comma)
    end = content_end(doc, start, comma if end_at is None else end_at)
    if words_in(s, start, end) < 3:
        return None
    return Draft(start, end, speaker, cue.start, cue.end, cue.stance,
                  ((comma, attr_end),), attr_end)


def source_after(doc: Doc, m: re.Match[str], sent: Window) -> Draft | None:
    """According to X, … / …, according to X. / …, as noted by X on Wednesday."""
    s, rules = doc.masked, doc.rules
    cue = Cue(m.start(), m.end(), "according to", ASSERT)
    clause = clause_start(doc, sent, cue.start)
    lead = [seg for seg in segments(s, clause, cue.start) if not is_adverbial(doc, *seg)]
    if not lead:  # According to Cha Du Hyeogn, a senior analyst …, the deepening ties …
        segs = segments(s, cue.end, sent.end)
        if len(segs) < 2:
            return None
        speaker_end = segs[0][1]
        app = segs[1]
        app_first = norm(s[app[0] : app[1]].split()[0])
        app_tokens = tokens_in(s, *app)
        if len(segs) >= 3 and len(app_tokens) <= 12 and (
            app_first in rules.determiners or not is_capitalised(app_tokens[0][2])
            or any(norm(t[2]) in rules.speaker_heads for t in app_tokens)
        ):
            speaker_end = app[1]
        speaker = parse_speaker(doc, cue.end, speaker_end)
        if speaker is None:
            return None
        start = content_start(s, speaker_end, sent.end)
        end = content_end(doc, start, sent.end)
        if words_in(s, start, end) < 2:
            return None
        return Draft(start, end, speaker, cue.start, cue.end, ASSERT,
                      ((clause, start),), end)
    stop = attribution_end(doc, cue.end, sent.end)
    # "… in Syria where, according to the Observatory, 89 people …", "The singer's death,
    # according to the coroner, was a homicide …": the attribution interrupts the content
    comma = s.rfind(",", clause, cue.start)
    next_comma = s.find(",", cue.end, sent.end)
    whole = comma != -1 and (
        parenthetical_end(doc, comma, sent) is not None
        or (next_comma != -1 and continues_clause(doc, next_comma + 1, sent.end))
    )
    if whole and next_comma != -1:
        stop = next_comma
    stop = trim(s, cue.end, stop, " \t\r\n,;:.")[1]
    if s[stop : stop + 1] == "." and ABBREV_END.search(s, cue.end, stop + 1):
        stop += 1
    speaker = parse_speaker(doc, cue.end, stop)
    if speaker is None:
        return None
    start = story_start(doc, sent.start, cue.start)
    end = content_end(doc, start, sent.end if whole else cue.start)
    if words_in(s, start, end) < 3:
        return None
    return Draft(start, end, speaker, cue.start, cue.end, ASSERT,
                  ((cue.start, sent.end),), sent.end)


def as_saying(doc: Doc, m: re.Match[str], sent: Window) -> Draft | None:
    """It cited Russian bloggers as saying that … / media reported X as saying …"""
    s = doc.masked
    speaker = parse_speaker(doc, m.start("speaker"), m.end("speaker"), strict=False)
    if speaker is None:
        return None
    # a date here belongs to the source ("a history published in 2001"), not the statement
    speaker.phrase_end = m.end("speaker")
    clause = clause_start(doc, sent, m.start())
    opening = _BEFORE_QUOTE.match(s, m.end("cue"), sent.end)
    q = doc.quote_opening_at(opening.end()) if opening else None
    cue_start, cue_end = m.start("cue"), m.end("cue")
    if q is not None:
        a, b = quote_inner(q, doc.text)
        return Draft(a, b, speaker, cue_start, cue_end, ASSERT,
                      ((clause, q.start),), q.end, quote=q)
    start = content_start(s, m.end("cue"), sent.end)
    end = content_end(doc, start, sent.end)
    if words_in(s, start, end) < 2:
        return None
    return Draft(start, end, speaker, cue_start, cue_end, ASSERT, ((clause, start),), end)


def verb_cues(doc: Doc, sent: Sentence, taken: list[tuple[int, int]]) -> list[Cue]:
    rules = doc.rules
    cues: list[Cue] = []
    taken = sorted(taken)
    taken_starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))  # the furthest end so far
    for m in doc.matches_in(doc.verbs, sent):
        if doc.quote_at(m.start()) is not None:
            continue  # speech reported inside a quote belongs to the quote
        k = bisect_left(taken_starts, m.end())  # the taken spans that start before the verb ends
        if k and reach[k - 1] > m.start():
            continue
        form = " ".join(m.group().split())
        lemma, stance = rules.verb_info[form]
        cue = Cue(m.start(), m.end(), lemma, stance)
        if is_noun_use(doc, cue, form):
            continue
        # "were said to", "believe to be": a report about a speaker, not their statement
        if _INFINITIVE.match(doc.masked, m.end()):
            continue
        cues.append(cue)
    return cues
