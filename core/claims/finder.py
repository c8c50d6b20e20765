"""Find attributed statements (claims) in an article: who said what, with which cue and stance.

Direct quotes (straight or curly, spanning sentences and line breaks) and reported speech
("X said …", "…, X said.", "said X, a …", "according to X", "cited X as saying …") become
`Claim`s whose offsets point into the article's text. Pronoun and definite-description speakers
("he said", "the agency said") are resolved to the nearest fitting earlier speaker. The words
live in data/claims.toml; this module holds the rules.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate

from dateline.core.claims.attribution import (
    as_saying,
    front,
    quote_after,
    source_after,
    trailing,
    verb_cues,
)
from dateline.core.claims.clauses import Draft, has_sentence_break, quote_inner
from dateline.core.claims.document import Doc, make_doc
from dateline.core.claims.quotes import Quote
from dateline.core.claims.resolve import resolve
from dateline.core.claims.stance import claim_stance
from dateline.core.claims.text import overlaps, squash, words_in
from dateline.core.model import Claim, Sentence
from dateline.core.temporal.timex import Timex

_TIDY_END = re.compile(r"\s+([”\"»’])$")  # a closing mark left alone on the next line


_CONTINUATION_GAP = re.compile(r"[\s.,!?”\"’)]*")


def _sentence_drafts(doc: Doc, sent: Sentence, drafts: list[Draft], used: set[int]) -> None:
    """Add the claims of one sentence to `drafts`."""
    taken: list[tuple[int, int]] = []
    found: list[Draft | None] = []
    question = doc.masked[sent.start : sent.end].rstrip().endswith("?")
    for m in doc.matches_in(doc.as_sayings, sent):
        if doc.quote_at(m.start()) is None:
            taken.append((m.start(), m.end()))
            found.append(as_saying(doc, m, doc.window(sent, m.start(), m.end())))
    for m in doc.matches_in(doc.sources, sent):
        if doc.quote_at(m.start()) is None and not question:
            taken.append((m.start(), m.end()))
            found.append(source_after(doc, m, doc.window(sent, m.start(), m.end())))
    for cue in verb_cues(doc, sent, taken):
        window = doc.window(sent, cue.start, cue.end)
        draft = quote_after(doc, cue, window, used)
        if draft is None and not question and cue.lemma not in doc.rules.quote_only:
            draft = trailing(doc, cue, window) or front(doc, cue, window)
        found.append(draft)
    for draft in sorted((d for d in found if d is not None), key=lambda d: d.cue_start):
        # attributions lie within a few sentences of each other: look at recent ones only
        recent = drafts[-8:]
        if any(overlaps(draft.start, draft.end, d.speaker.phrase_start, d.cue_end)
               for d in recent):
            continue  # "…,” Kim told lawmakers, the Yonhap News Agency reported.
        if draft.quote is not None:
            used.add(draft.quote.start)
        drafts.append(draft)


def _cue_follows(doc: Doc, q: Quote) -> bool:
    """Whether a reporting verb follows the quote within its sentence: “…,” said X."""
    if doc.text[q.inner_start : q.inner_end].rstrip().endswith("."):
        return False  # the quote ends its sentence
    k = bisect_right(doc.cue_starts, q.end - 1)
    if k == len(doc.cue_starts) or doc.cue_starts[k] - q.end > 80:
        return False
    gap = doc.masked[q.end : doc.cue_starts[k]]
    return "\n" not in gap and not has_sentence_break(gap, 0, len(gap), doc.rules)


def _continuations(doc: Doc, drafts: list[Draft], used: set[int]) -> list[Draft]:
    """Quotes that follow an attributed statement without a cue of their own continue it."""
    s, rules = doc.text, doc.rules
    ordered = sorted(drafts, key=lambda d: d.extent_end)
    extent_ends = [d.extent_end for d in ordered]
    by_start = sorted(drafts, key=lambda d: d.start)
    content_starts = [d.start for d in by_start]
    reach = list(accumulate((d.end for d in by_start), max))  # the furthest content end so far
    out: list[Draft] = []
    for q in doc.quotes:
        if q.start in used or words_in(s, q.inner_start, q.inner_end) < (
            rules.continuation_min_words
        ):
            continue
        k = bisect_right(content_starts, q.start)
        if k and reach[k - 1] > q.start:
            continue  # a quote inside reported content
        prev = _last_attribution_before(ordered, extent_ends, out, q.start)
        if prev is None:
            continue
        gap = s[prev.extent_end : q.start]
        if "\n\n" in gap or not _CONTINUATION_GAP.fullmatch(gap):
            continue
        if _cue_follows(doc, q) or doc.text[q.inner_start : q.inner_end].rstrip()[-1:] not in (
            ".!?…"
        ):
            continue  # it has an attribution of its own ("…,” chanted protesters), unread
        a, b = quote_inner(q, s)
        out.append(Draft(a, b, prev.speaker, prev.cue_start, prev.cue_end, prev.stance,
                          (), q.end, quote=q, continued=True))
        used.add(q.start)
    return out


def _last_attribution_before(
    ordered: list[Draft], extent_ends: list[int], out: list[Draft], pos: int
) -> Draft | None:
    """The draft whose attribution ends last at or before `pos` (the first such of `ordered`
    on a tie; `out` holds continuations so far, in order, all ending before `pos`)."""
    k = bisect_right(extent_ends, pos)
    prev = ordered[bisect_left(extent_ends, extent_ends[k - 1])] if k else None
    if out and (prev is None or out[-1].extent_end > prev.extent_end):
        prev = out[-1]
    return prev


def _statement_date(doc: Doc, d: Draft) -> Timex | None:
    """The DATE/TIME expression in the attribution clause nearest the cue, if any."""
    best: tuple[int, Timex] | None = None
    lo = min((a for a, _ in d.regions), default=0)
    hi = max((b for _, b in d.regions), default=0)
    first = bisect_right(doc.timex_starts, lo - 1)
    last = bisect_left(doc.timex_starts, hi, first)  # no slice to the end: per draft
    for t in doc.timexes[first:last]:
        if t.type not in ("DATE", "TIME"):
            continue
        if not any(a <= t.start and t.end <= b for a, b in d.regions):
            continue
        if overlaps(t.start, t.end, d.speaker.phrase_start, d.speaker.phrase_end):
            continue
        if overlaps(t.start, t.end, d.start, d.end) or doc.quote_at(t.start) is not None:
            continue
        distance = t.start - d.cue_end if t.start >= d.cue_end else d.cue_start - t.end
        if best is None or abs(distance) < best[0]:
            best = (abs(distance), t)
    return best[1] if best else None


def _claim(doc: Doc, d: Draft, date: Timex | None) -> Claim:
    text = doc.text
    content = text[d.start : d.end]
    return Claim(
        start=d.start,
        end=d.end,
        text=_TIDY_END.sub(r"\1", squash(content)),
        speaker_name=d.speaker.name,
        speaker_start=d.speaker.start,
        speaker_end=d.speaker.end,
        speaker_id=None,
        cue=squash(text[d.cue_start : d.cue_end]),
        stance=claim_stance(d.stance, content, doc.rules),
        date=date,
        speaker_role=d.speaker.role,
    )


def find_claims(
    text: str, sentences: Sequence[Sentence], timexes: Sequence[Timex] = ()
) -> list[Claim]:
    """Return the attributed statements of `text`, ordered by where their content starts.

    `sentences` are the article's body sentences (captions are skipped); `timexes` are its
    temporal expressions, used to date each statement from its reporting clause. Speaker ids
    are left None: the entity stage maps speaker names to actors.
    """
    doc = make_doc(text, timexes)
    drafts: list[Draft] = []
    used: set[int] = set()
    for sent in sorted(sentences, key=lambda x: x.start):
        if not sent.caption and doc.has_cue(sent):
            _sentence_drafts(doc, sent, drafts, used)
    resolve(drafts, doc.rules)
    continuations = _continuations(doc, drafts, used)
    dates = {id(d): _statement_date(doc, d) for d in drafts}
    claims = [_claim(doc, d, dates[id(d)]) for d in drafts]
    first_at: dict[int, Draft] = {}
    for d in drafts:
        first_at.setdefault(d.cue_start, d)
    for c in continuations:
        claims.append(_claim(doc, c, dates.get(id(first_at[c.cue_start]))))
    return sorted(claims, key=lambda c: (c.start, c.end))
