"""Tell an article's own text from page furniture, and split its text into sentences.

`clean(text)` returns `Region`s that partition the text (every character in exactly one
region, whitespace going to the region before it): "title" (a headline at the top), "byline",
"body", "caption" (photo captions with their credits) and "chrome" (scraped page furniture:
related-story lists, promos, share buttons, teaser repeats, everything after "Leave a Reply").
`split_sentences(text, regions)` splits body and caption regions into `Sentence`s, mending
sentences that a scrape broke across lines (the boundary engine is in sentences.py). Offsets
always point into the original text.

The engine is here; cue words, credits and abbreviations are data in data/clean.toml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dateline.core.articles.sentences import (
    _OPENERS,
    _lstrip,
    _rstrip,
    _sentence_spans,
    content_lines,
)
from dateline.core.model import Article, Region, Sentence
from dateline.core.resources import data_file, load_toml

DATA_FILE = data_file("clean.toml")

TITLE, BYLINE, BODY, CAPTION, CHROME = "title", "byline", "body", "caption", "chrome"
SENTENCE_KINDS = frozenset({BODY, CAPTION})

Span = tuple[int, int]
Segment = tuple[int, int, str]

_ALNUM = re.compile(r"[^\W_]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TWO_SENTENCES = re.compile(r"[.!?][\"”’)]*\s+[\"“‘(]?[A-Z]")
_GLUED_BY = re.compile(r"(?:^|(?<=\s))By (?=[A-Z])")
_NAME_PART = re.compile(r"[A-Z][\w'’.-]*")
_QUOTES = "\"“”‘’'"
_CLOSERS = "\"”’')]"
_CREDIT_MAX_CHARS = 80  # longer text is never just a photo credit


@dataclass(frozen=True, slots=True)
class Cues:
    """Lower-case cue patterns, kept apart for speed: the ^-anchored ones in one regex, the others
    one regex each (an alternation would hide their literal prefixes from the regex engine)."""

    anchored: re.Pattern[str] | None
    floating: tuple[re.Pattern[str], ...]

    @classmethod
    def compile(cls, patterns: Iterable[str]) -> Cues:
        """Compile cue patterns written for lower-case text."""
        patterns = list(patterns)
        anchored = [p for p in patterns if p.startswith("^")]
        return cls(
            anchored=re.compile("|".join(f"(?:{p})" for p in anchored)) if anchored else None,
            floating=tuple(re.compile(p) for p in patterns if not p.startswith("^")),
        )

    def search(self, text: str) -> bool:
        """Whether any cue occurs in `text` (compared in lower case)."""
        low = text.lower()
        if self.anchored is not None and self.anchored.match(low):
            return True
        return any(p.search(low) for p in self.floating)


@dataclass(frozen=True, slots=True)
class Rules:
    """The compiled contents of data/clean.toml."""

    chrome_exact: frozenset[str]
    chrome_line: Cues
    chrome_span: tuple[re.Pattern[str], ...]  # furniture inside a line: "Page last updated …"
    comment_start: re.Pattern[str] | None  # a reader comment's header: comments run to the end
    english: frozenset[str]  # English function words
    foreign: frozenset[str]  # other languages' function words
    foreign_min_words: int
    foreign_min_ratio: float
    email_line_max_words: int
    tail_line: Cues
    weak_tail_line: Cues
    byline_line: re.Pattern[str]  # case-sensitive
    byline_cues: Cues
    byline_max_words: int
    name_max_parts: int
    name_stop: frozenset[str]  # words that end a glued byline's name
    credit_full: re.Pattern[str]
    credit_lead: re.Pattern[str]
    credit_after: re.Pattern[str]
    caption_cue: Cues
    caption_max_words: int
    title_max_words: int
    not_title: Cues
    repeat_min_words: int
    sandwich_max_words: int
    titles: frozenset[str]
    before_number: frozenset[str]
    ambiguous: frozenset[str]
    starters: frozenset[str]
    speech_verbs: frozenset[str]
    speech_window_words: int
    heading_max_words: int
    heading_max_chars: int


def load_rules(path: Path = DATA_FILE) -> Rules:
    """Read and compile the cleaner's data file."""
    data = load_toml(path)  # checked against its schema (core/resource_schemas.py)
    chrome, byline, caption = data["chrome"], data["byline"], data["caption"]
    sent = data["sentences"]
    credit = _credit_pattern(caption["credits"], caption["credit_patterns"])
    lower = lambda words: frozenset(w.lower() for w in words)  # noqa: E731
    return Rules(
        chrome_exact=lower(chrome["exact_lines"]),
        chrome_line=Cues.compile(chrome["line_patterns"]),
        chrome_span=tuple(re.compile(p) for p in chrome["span_patterns"]),
        comment_start=_any(chrome["comment_patterns"]) if chrome["comment_patterns"] else None,
        english=lower(data["language"]["english_words"]),
        foreign_min_words=data["language"]["min_words"],
        foreign=lower(data["language"]["foreign_words"]),
        foreign_min_ratio=data["language"]["min_foreign_ratio"],
        email_line_max_words=chrome["email_line_max_words"],
        tail_line=Cues.compile(chrome["tail_patterns"]),
        weak_tail_line=Cues.compile(chrome["weak_tail_patterns"]),
        byline_line=_any(byline["line_patterns_case_sensitive"]),
        byline_cues=Cues.compile(byline["line_patterns"]),
        byline_max_words=byline["max_words"],
        name_max_parts=byline["name_max_parts"],
        name_stop=lower(byline["not_name"]) | lower(sent["starters"]),
        credit_full=re.compile(credit),
        credit_lead=re.compile(credit + r"(?=\s|$)"),
        # A credit glued after a caption's last sentence: "…, Jan. 6. Reuters-Yonhap Yang …".
        credit_after=re.compile(
            r"(?<=[.!?\"”)])[ \t]+(" + credit + r")(?=[ \t]+[\"“‘(]?[A-Z]|[ \t]*$)"
        ),
        caption_cue=Cues.compile(caption["cues"]),
        caption_max_words=caption["max_words"],
        title_max_words=data["title"]["max_words"],
        not_title=Cues.compile(data["title"]["not_patterns"]),
        repeat_min_words=data["tail"]["repeat_min_words"],
        sandwich_max_words=data["tail"]["sandwich_max_words"],
        titles=lower(sent["titles"]),
        before_number=lower(sent["before_number"]),
        ambiguous=lower(sent["ambiguous"]),
        starters=lower(sent["starters"]),
        speech_verbs=lower(sent["speech_verbs"]),
        speech_window_words=sent["speech_window_words"],
        heading_max_words=sent["heading_max_words"],
        heading_max_chars=sent["heading_max_chars"],
    )


def _any(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _credit_pattern(credits: Iterable[str], patterns: Iterable[str]) -> str:
    # Longest first, so "AP-Yonhap" wins over "AP"; whole words only.
    plain = "|".join(re.escape(c) for c in sorted(credits, key=len, reverse=True))
    named = "|".join(f"(?:{p})" for p in patterns)
    return rf"(?:(?<![\w-])(?:{plain})(?![\w-])|{named})"


@cache
def rules() -> Rules:
    """The rules from data/clean.toml, compiled once per process."""
    return load_rules()


# ---------------------------------------------------------------------------------------------
# Regions


def clean_article(article: Article) -> list[Region]:
    """Regions of an article's text, using its metadata title to recognise the headline."""
    return clean(article.text, article.title)


def clean(text: str, title: str | None = None) -> list[Region]:
    """Partition `text` into title, byline, body, caption and chrome regions."""
    r = rules()
    lines = content_lines(text)
    kinds: list[str | None] = [CHROME if _is_chrome_line(text[a:b], r) else None for a, b in lines]
    _cut_tail(text, lines, kinds, r)
    _cut_comments(text, lines, kinds, r)
    _drop_teasers(text, lines, kinds, r)
    _drop_sandwiched(text, lines, kinds, r)
    segments = _segments(text, lines, kinds, title, r)
    return _partition(_cut_spans(text, segments, r), len(text))


def _is_chrome_line(line: str, r: Rules) -> bool:
    if line.lower().strip(" :|•·-–—>»") in r.chrome_exact:
        return True
    if _foreign(line, r):
        return True
    if not _ALNUM.search(line):
        # "<", "***": furniture; but `".` is the end of a quote broken across lines.
        return not any(q in line for q in _QUOTES)
    if r.chrome_line.search(line):
        return True
    return "@" in line and bool(_EMAIL.search(line)) and len(line.split()) <= r.email_line_max_words


_LETTER_WORD = re.compile(r"[^\W\d_]+")


def _foreign(line: str, r: Rules) -> bool:
    """A line of running text whose function words are another language's: "El presidente de
    Haití pidió ayuda …"."""
    low = line.lower()
    if low.count(" the ") + low.count(" of ") + low.count(" and ") + low.count(" to ") >= 3:
        return False  # plainly English: the common case, decided without splitting words
    words = _LETTER_WORD.findall(line)
    if len(words) < r.foreign_min_words:
        return False
    lowered = [word.lower() for word in words]
    foreign = sum(word in r.foreign for word in lowered)
    english = sum(word in r.english for word in lowered)
    return foreign / len(words) >= r.foreign_min_ratio and foreign > 2 * english


def _cut_comments(text: str, lines: list[Span], kinds: list[str | None], r: Rules) -> None:
    """Mark everything from the first reader comment's header ("At 08:26 am on 17 Jun 2009,
    lincolnlerner wrote:") to the end as chrome: readers' words are no source's report."""
    if r.comment_start is None:
        return
    for i, (a, b) in enumerate(lines):
        if r.comment_start.search(text[a:b].lower()):
            kinds[i:] = [CHROME] * (len(lines) - i)
            return


def _cut_spans(text: str, segments: list[Segment], r: Rules) -> list[Segment]:
    """Segments with the furniture inside their lines ("Page last updated at 11:24 GMT, …")
    cut out as chrome."""
    low = text.lower()
    spans = sorted((m.start(), m.end()) for pattern in r.chrome_span
                   for m in pattern.finditer(low) if m.end() > m.start())
    if not spans:
        return segments
    out: list[Segment] = []
    for start, end, kind in segments:
        pos = start
        for s, e in spans:
            if kind == CHROME or e <= pos or s >= end:
                continue
            if s > pos:
                out.append((pos, _rstrip(text, pos, s), kind))
            out.append((max(s, pos), min(e, end), CHROME))
            pos = _lstrip(text, min(e, end), end)
        if pos < end:
            out.append((pos, end, kind))
    return [seg for seg in out if seg[1] > seg[0]]


def _cut_tail(text: str, lines: list[Span], kinds: list[str | None], r: Rules) -> None:
    """Mark everything from a tail cue ("Leave a Reply", "Check Also") to the end as chrome."""
    half = len(text) // 2
    for i, (a, b) in enumerate(lines):
        if a < half:
            continue
        line = text[a:b]
        strong = r.tail_line.search(line)
        weak = not strong and r.weak_tail_line.search(line)
        if weak and i + 1 < len(lines):
            na, nb = lines[i + 1]
            weak = kinds[i + 1] == CHROME or bool(r.tail_line.search(text[na:nb]))
        if strong or weak:
            kinds[i:] = [CHROME] * (len(lines) - i)
            return


def _drop_teasers(text: str, lines: list[Span], kinds: list[str | None], r: Rules) -> None:
    """Mark trailing teaser lines as chrome: repeats of earlier text and headlines among them."""
    for i in range(len(lines) - 1, -1, -1):
        if kinds[i] == CHROME:
            continue
        a, b = lines[i]
        line = text[a:b]
        if len(line.split()) >= r.repeat_min_words and _repeats_earlier(text, line, a):
            kinds[i] = CHROME
        elif i > 0 and kinds[i - 1] == CHROME and _headline_like(line, r.sandwich_max_words):
            kinds[i] = CHROME  # "Top / Did North Korea deploy troops to Ukraine? / <lead again>"
        else:
            return


def _repeats_earlier(text: str, line: str, before: int) -> bool:
    probe = line.rstrip(" .…") if line.endswith(("…", "...")) else line
    return text.find(probe, 0, before) >= 0


def _drop_sandwiched(text: str, lines: list[Span], kinds: list[str | None], r: Rules) -> None:
    """A short headline between two chrome lines is a related-story link: chrome."""
    for i in range(1, len(lines) - 1):
        if kinds[i] is None and kinds[i - 1] == CHROME and kinds[i + 1] == CHROME:
            a, b = lines[i]
            if _headline_like(text[a:b], r.sandwich_max_words):
                kinds[i] = CHROME


def _headline_like(s: str, max_words: int) -> bool:
    """Short, capitalised, one phrase, not ending like a sentence: a headline or subheading."""
    words = s.split()
    return (
        0 < len(words) <= max_words
        and s.rstrip(_CLOSERS)[-1:] not in ".,;:"
        and (s[0].isupper() or s[0].isdigit() or s[0] in _OPENERS)
        and _ALNUM.search(s) is not None
        and _TWO_SENTENCES.search(s) is None
    )


def _title_like(s: str, r: Rules) -> bool:
    return _headline_like(s, r.title_max_words) and not r.not_title.search(s)


def _segments(
    text: str, lines: list[Span], kinds: list[str | None], title: str | None, r: Rules
) -> list[Segment]:
    segs: list[Segment] = []
    head = True  # no body text seen yet: headlines and glued bylines are looked for
    title_found = False
    norm_title = " ".join(title.split()).casefold() if title else None
    for (a, b), kind in zip(lines, kinds, strict=True):
        if kind == CHROME:
            segs.append((a, b, CHROME))
            continue
        prev_caption = bool(segs) and segs[-1][2] == CAPTION
        line_segs = _segment_line(
            text,
            a,
            b,
            head=head,
            title_ok=not title_found,
            prev_caption=prev_caption,
            norm_title=norm_title,
            r=r,
        )
        segs.extend(line_segs)
        title_found = title_found or any(k == TITLE for _, _, k in line_segs)
        head = head and all(k != BODY for _, _, k in line_segs)
    return segs


def _segment_line(
    text: str,
    a: int,
    b: int,
    *,
    head: bool,
    title_ok: bool,
    prev_caption: bool,
    norm_title: str | None,
    r: Rules,
) -> list[Segment]:
    """Split one line into caption, title, byline and body parts, in that order."""
    line = text[a:b]
    if (r.byline_line.match(line) or r.byline_cues.search(line)) and len(
        line.split()
    ) <= r.byline_max_words:
        return [(a, b, BYLINE)]
    if b - a <= _CREDIT_MAX_CHARS and r.credit_full.fullmatch(line):
        return [(a, b, CAPTION)]
    if head and norm_title and " ".join(line.split()).casefold() == norm_title:
        return [(a, b, TITLE)]
    out: list[Segment] = []
    pos = a
    if prev_caption:
        # A credit opening the line closes the caption above: "…, Oct. 4.\nYonhap Pyongyang …".
        m = r.credit_lead.match(text, pos, b)
        if m:
            out.append((pos, m.end(), CAPTION))
            pos = _lstrip(text, m.end(), b)
    cap_end = _caption_end(text, pos, b, r)
    if cap_end is not None:
        out.append((pos, cap_end, CAPTION))
        pos = _lstrip(text, cap_end, b)
    if head and pos < b:
        byline = _glued_byline(text, pos, b, r)
        if byline is not None:
            by_start, by_end = byline
            if by_start > pos:
                out.append((pos, _rstrip(text, pos, by_start), TITLE if title_ok else BODY))
            out.append((by_start, by_end, BYLINE))
            pos = _lstrip(text, by_end, b)
    if pos < b:
        rest = text[pos:b]
        # With a sidecar title the headline is known: a first line that is not it is body.
        whole_title = head and title_ok and not out and norm_title is None \
            and _title_like(rest, r)
        out.append((pos, b, TITLE if whole_title else BODY))
    return out


def _caption_end(text: str, pos: int, end: int, r: Rules) -> int | None:
    """Where a caption starting at `pos` ends, or None if the line does not start with one."""
    m = r.credit_after.search(text, pos, end)
    if m is not None:
        before = text[pos : m.start()]
        if len(before.split()) <= r.caption_max_words and (
            len(_TWO_SENTENCES.findall(before)) <= 1 or r.caption_cue.search(before)
        ):
            # A named credit may run to the line end: "… Oct. 5. Photo: Ahn Young-joon".
            return end if r.credit_full.fullmatch(text, m.start(1), end) else m.end(1)
    if not r.caption_cue.search(text[pos:end]):
        return None  # cheap test first: splitting every line into sentences is not
    spans = _sentence_spans(text, pos, end, r)
    if not spans or not r.caption_cue.search(text[spans[0][0] : spans[0][1]]):
        return None
    if len(spans) <= 2 and len(text[pos:end].split()) <= r.caption_max_words:
        return end
    return spans[0][1]


def _glued_byline(text: str, pos: int, end: int, r: Rules) -> Span | None:
    """A "By First Last" glued after a headline on the same line, or None."""
    m = _GLUED_BY.search(text, pos, end)
    if m is None:
        return None
    before = text[pos : _rstrip(text, pos, m.start())]
    if before and not _title_like(before, r):
        return None
    parts, cursor, name_end = 0, m.end(), m.end()
    while parts < r.name_max_parts:
        part = _NAME_PART.match(text, cursor, end)
        if part is None or part.group().lower().strip(".") in r.name_stop:
            break
        parts += 1
        name_end = part.end()
        if name_end >= end or text[name_end] != " ":
            break
        cursor = name_end + 1
    return (m.start(), name_end) if parts >= 2 else None


def _partition(segs: list[Segment], length: int) -> list[Region]:
    """Regions covering [0, length): gaps join the region before, same kinds merge."""
    out: list[list] = []
    for start, end, kind in segs:
        if out and out[-1][2] == kind:
            out[-1][1] = end
            continue
        if out:
            out[-1][1] = start
        out.append([start if out else 0, end, kind])
    if out:
        out[-1][1] = length
    elif length:  # whitespace only: still one region, so the regions always cover the text
        out.append([0, length, BODY])
    return [Region(s, e, k) for s, e, k in out]


# ---------------------------------------------------------------------------------------------
# Sentences


def split_sentences(text: str, regions: Sequence[Region]) -> list[Sentence]:
    """Sentences of the body and caption regions, in text order."""
    r = rules()
    out = []
    for start, end, kind in _runs(regions):
        spans = _sentence_spans(text, start, end, r)
        if kind == CAPTION:
            spans = _merge_credits(text, spans, r)
        for s, e in spans:
            if _ALNUM.search(text, s, e):
                out.append(Sentence(s, e, " ".join(text[s:e].split()), caption=kind == CAPTION))
    return out


def _runs(regions: Sequence[Region]) -> list[Segment]:
    """Body and caption stretches, adjacent regions of one kind joined."""
    runs: list[Segment] = []
    for reg in sorted(regions, key=lambda g: g.start):
        if reg.kind not in SENTENCE_KINDS:
            continue
        if runs and runs[-1][2] == reg.kind and runs[-1][1] == reg.start:
            runs[-1] = (runs[-1][0], reg.end, reg.kind)
        else:
            runs.append((reg.start, reg.end, reg.kind))
    return runs


def _merge_credits(text: str, spans: list[Span], r: Rules) -> list[Span]:
    """Attach a lone photo credit ("Yonhap") to the caption sentence before it."""
    out: list[Span] = []
    for s, e in spans:
        if out and e - s <= _CREDIT_MAX_CHARS and r.credit_full.fullmatch(text, s, e):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
