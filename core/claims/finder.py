"""Find attributed statements (claims) in an article: who said what, with which cue and stance.

Direct quotes (straight or curly, spanning sentences and line breaks) and reported speech
("X said …", "…, X said.", "said X, a …", "according to X", "cited X as saying …") become
`Claim`s whose offsets point into the article's text. Pronoun and definite-description speakers
("he said", "the agency said") are resolved to the nearest fitting earlier speaker. The words
live in data/claims.toml; this module holds the rules.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from dateline.core.model import Claim, Sentence
from dateline.core.resources import data_file
from dateline.core.temporal.timex import Timex

DATA_FILE = data_file("claims.toml")

ASSERT, HEDGE, DENY = "assert", "hedge", "deny"

# Characters that may not touch a cue word: "said" is not a cue inside "unsaid" or "said-so".
_L = r"(?<![\w’'-])"
_R = r"(?![\w’'-])"
_TOKEN = re.compile(r"[^\s,;]+")
_TIDY_END = re.compile(r"\s+([”\"»’])$")  # a closing mark left alone on the next line
_SENTENCE_BREAK = re.compile(r"[.!?]+[”\"’)]*\s+(?=\S)")
# Dash-delimited asides and parentheses are blanked before structure is read, so that
# "Russian sources on Telegram — the social media platform … — claimed" has a plain subject.
# (Each starts with a literal character, which lets the regex engine skip ahead quickly.)
_DASH_ASIDES = re.compile(r"[—–](?<=\s[—–])\s[^—–\n]{1,200}?\s[—–](?=\s)")
_PARENTHESES = re.compile(r"\([^()\n]{0,120}\)")
_PERSONS = frozenset({"person", "unknown"})
_THINGS = frozenset({"org", "unknown"})
_COMMA = re.compile(r",")
_COMMA_OR_SEMICOLON = re.compile(r"[,;]")
_THAT = re.compile(r"that\s+")
_NEXT_CLAUSE = re.compile(r",\s+(?:and|but)\s+|;")
_BEFORE_QUOTE = re.compile(r"\s*[,:]?\s*")
_NEXT_WORD = re.compile(r"\s*([\w’']+)")
_INFINITIVE = re.compile(r"\s+to\s")
_THAT_BEFORE = re.compile(r"\bthat\s+$")
_HEARER_THAT = re.compile(r"[^,;:“”\"\n]{0,100}?\bthat\s+")
_ABBREV_END = re.compile(r"(?:[A-Z]\.)+$")
_ABBREV_WORD = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.")
_CONTINUATION_GAP = re.compile(r"[\s.,!?”\"’)]*")


# --------------------------------------------------------------------------------------------
# Resources


class ClaimsResourceError(ValueError):
    """data/claims.toml is missing or malformed; the message names the file."""


@cache
def load_lexicon(path: Path = DATA_FILE) -> dict[str, Any]:
    """Read the claim finder's word lists, unchanged."""
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ClaimsResourceError(f"{path}: {exc}") from exc


def _alternation(phrases: Sequence[str]) -> str:
    """A regex matching any of the literal phrases (any whitespace between their words).

    The phrases are folded into a trie ("said|says|say" → "sa(?:id|ys?)"): Python's regex
    engine tries alternatives one by one, and a flat list of a hundred verbs is slow.
    """
    trie: dict[str, Any] = {}
    for phrase in {" ".join(p.split()) for p in phrases if p.strip()}:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [
        (r"\s+" if ch == " " else re.escape(ch)) + _trie_pattern(child)
        for ch, child in sorted(node.items())
        if ch != ""
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:  # a phrase may end here: the longer ones are tried first by the greedy "?"
        body = (body if len(branches) == 1 and len(body) == 1 else f"(?:{body})") + "?"
    return body


def _words(*lists: Sequence[str]) -> frozenset[str]:
    return frozenset(w.lower() for words in lists for w in words)


def _plural(noun: str) -> str:
    """The regular English plural of a speaker noun: "agency" → "agencies"."""
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    return noun + "s"


@dataclass(frozen=True, slots=True)
class _Rules:
    verb_re: re.Pattern[str]
    verb_info: dict[str, tuple[str, str]]  # form -> (lemma, stance of the verb)
    source_after_re: re.Pattern[str]
    as_saying_probe: re.Pattern[str]
    as_saying_re: re.Pattern[str]
    deny_re: re.Pattern[str]
    hedge_re: re.Pattern[str]
    negation_re: re.Pattern[str]
    negation_window_words: int
    subordinators: frozenset[str]
    date_re: re.Pattern[str]
    date_tail_re: re.Pattern[str]
    hearer_re: re.Pattern[str]
    modifier_re: re.Pattern[str]
    credit_re: re.Pattern[str]
    byline_re: re.Pattern[str]
    quote_mark_re: re.Pattern[str]
    opening_marks: frozenset[str]
    closing_marks: frozenset[str]
    inverting: frozenset[str]
    quote_only: frozenset[str]
    that_only: frozenset[str]
    dateline_re: re.Pattern[str]
    incomplete_endings: frozenset[str]
    hearer: frozenset[str]
    hearer_nouns: frozenset[str]
    object_pronouns: frozenset[str]
    honorific_gender: dict[str, str]
    noun_object: frozenset[str]
    noun_like: frozenset[str]
    noun_before: frozenset[str]
    noun_after: frozenset[str]
    verb_forms: frozenset[str]
    person_roles: frozenset[str]
    plural_roles: frozenset[str]
    honorifics: frozenset[str]
    particles: frozenset[str]
    org_words: frozenset[str]
    descriptions: dict[str, frozenset[str]]
    description_modifiers: frozenset[str]
    person_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    max_distance: int
    description_max_distance: int
    fronted: frozenset[str]
    inserts: frozenset[str]
    subject_tail: frozenset[str]
    passive: frozenset[str]
    relatives: frozenset[str]
    clause_break_re: re.Pattern[str]
    connectives: frozenset[str]
    date_prepositions: frozenset[str]
    negators: frozenset[str]
    not_in_speaker: frozenset[str]
    postmodifier: frozenset[str]
    name_stops: frozenset[str]
    determiners: frozenset[str]
    continuation_min_words: int
    pronouns: frozenset[str]
    speaker_heads: frozenset[str]


def _date_patterns(clauses: dict[str, Any]) -> tuple[str, str]:
    """The date alternation (for use when no temporal expressions are given) and its prefix."""
    weekdays = _alternation(clauses["weekdays"])
    # Capitalised months only: "may" the verb is no month.
    months = "|".join(re.escape(m.capitalize()) for m in clauses["months"])
    relative = _alternation(clauses["relative_dates"])
    date = (
        rf"(?:{relative}"
        rf"|(?:{weekdays})(?:\s*\([^)]{{0,20}}\))?"
        rf"|(?-i:{months})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?"
        rf"|\d{{4}})"
    )
    return date, r"(?:(?:on|in|at|by|since|during|until|late|early)\s+)?"


@cache
def _rules() -> _Rules:
    lex = load_lexicon()
    try:
        return _compile(lex)
    except (KeyError, TypeError, re.error) as exc:
        raise ClaimsResourceError(f"{DATA_FILE}: {exc!r}") from exc


def _compile(lex: dict[str, Any]) -> _Rules:
    verb_info: dict[str, tuple[str, str]] = {}
    for stance, lemmas in lex["verbs"].items():
        for lemma, forms in lemmas.items():
            for form in forms:
                verb_info[" ".join(form.lower().split())] = (lemma, stance)
    classes = lex["verb_classes"]
    phrases = lex["phrases"]
    stance = lex["stance"]
    speakers = lex["speakers"]
    pronouns = lex["pronouns"]
    clauses = lex["clauses"]
    quotes = lex["quotes"]
    date, date_prefix = _date_patterns(clauses)
    # case-sensitive with both cases of the first letter: re.I makes scanning slow
    source_after = [v for p in phrases["source_after"] for v in (p, p[:1].upper() + p[1:])]
    weekday_or_relative = _alternation([*clauses["weekdays"], *clauses["relative_dates"]])
    preps = _alternation(clauses["modifier_prepositions"])
    not_word = r"(?!to\b)[^\s,.;:“”\"«»]+"  # "to" starts an infinitive, not a modifier
    negation = _alternation(stance["negation"])
    exempt = _alternation(stance["negation_exempt"])
    roles = [w.lower() for w in speakers["person_roles"]]
    marks = [*quotes["open"], *quotes["close"], *quotes["ambiguous"]]
    return _Rules(
        # Verbs are cues only in lower case: "The United States confirmed" holds no cue "States".
        # No look-behind in front: a pattern that starts with its words' first letters is
        # scanned several times faster; the left edge is checked in `_left_edge` instead.
        verb_re=re.compile(rf"(?:{_alternation(list(verb_info))}){_R}"),
        verb_info=verb_info,
        source_after_re=re.compile(rf"(?:{_alternation(source_after)}){_R}"),
        as_saying_probe=re.compile(_alternation(phrases["as_saying"])),
        as_saying_re=re.compile(
            rf"{_L}(?P<verb>{_alternation(phrases['citing_verbs'])})\s+"
            rf"(?P<speaker>(?:[^.;:!?“”\"«»]|(?<=[A-Z])\.){{1,150}}?)\s+"
            rf"(?P<cue>{_alternation(phrases['as_saying'])}){_R}"
        ),
        deny_re=re.compile(rf"{_L}(?:{'|'.join(stance['deny'])}){_R}", re.I),
        hedge_re=re.compile(rf"{_L}(?:{'|'.join(stance['hedge'])}){_R}", re.I),
        negation_re=re.compile(rf"{_L}(?:{negation})\s+(?!(?:{exempt}){_R})[a-z]", re.I),
        negation_window_words=int(stance["negation_window_words"]),
        subordinators=_words(stance["subordinators"]),
        date_re=re.compile(rf"{date_prefix}{date}{_R}", re.I),
        date_tail_re=re.compile(
            rf"(?<![\w’'-]){date_prefix}(?:{weekday_or_relative}|{date})\s*$", re.I
        ),
        hearer_re=re.compile(
            r"(?:(?:the|a|an)\s+)?(?:[A-Z][\w.’'&-]*(?:\s+(?:of\s+)?[A-Z][\w.’'&-]*)*|[a-z][\w-]*)"
            r"(?=[\s,.;:]|$)"
        ),
        # "in a parliamentary speech", "at a military base in Italy", up to "that", a comma or
        # the end: a modifier of the reporting verb, not its content.
        modifier_re=re.compile(
            rf"(?:{preps})\s+(?:{not_word}\s+){{0,6}}?{not_word}(?=\s*(?:that\b|[,.;:]|$))",
            re.I,
        ),
        credit_re=re.compile(rf"(?:{_alternation(clauses['credits'])})\s+(?=[A-Z])"),
        byline_re=re.compile(clauses["byline"]),
        quote_mark_re=re.compile("|".join(re.escape(m) for m in marks)),
        opening_marks=frozenset(quotes["open"]),
        closing_marks=frozenset(quotes["close"]),
        inverting=frozenset(classes["inverting"]),
        quote_only=frozenset(classes["quote_only"]),
        that_only=frozenset(classes["that_only"]),
        dateline_re=re.compile(clauses["dateline"]),
        incomplete_endings=_words(clauses["incomplete_endings"]),
        hearer=frozenset(classes["hearer"]),
        hearer_nouns=_words(classes["hearer_nouns"], [_plural(w) for w in classes["hearer_nouns"]]),
        object_pronouns=_words(classes["object_pronouns"]),
        honorific_gender={
            **{h: "she" for h in speakers["female_honorifics"]},
            **{h: "he" for h in speakers["male_honorifics"]},
        },
        noun_object=frozenset(classes["noun_object"]),
        noun_like=_words(classes["noun_like"]),
        noun_before=_words(classes["noun_before"]),
        noun_after=_words(classes["noun_after"]),
        verb_forms=frozenset(f for f in verb_info if " " not in f),
        person_roles=_words(roles, [_plural(r) for r in roles]),
        plural_roles=_words(speakers["plural_roles"], [_plural(r) for r in roles],
                            [_plural(h) for h in speakers["org_heads"]]),
        description_modifiers=_words(speakers["description_modifiers"]),
        honorifics=frozenset(speakers["honorifics"]),
        particles=_words(speakers["name_particles"]),
        org_words=_words(speakers["org_words"]),
        descriptions={k: _words(v) for k, v in speakers["descriptions"].items()},
        person_pronouns=_words(pronouns["person"]),
        plural_pronouns=_words(pronouns["plural"]),
        max_distance=int(pronouns["max_distance"]),
        description_max_distance=int(pronouns["description_max_distance"]),
        fronted=_words(clauses["fronted"]),
        inserts=_words(clauses["inserts"]),
        subject_tail=_words(clauses["subject_tail"]),
        passive=_words(clauses["passive"]),
        relatives=_words(clauses["relatives"]),
        # where a clause starts within a sentence: after ";", ": ", a spaced dash, "that",
        # ", and" / ", or" / ", yet", or a conjunction ("as", "when", "but", …)
        clause_break_re=re.compile(
            rf";|:(?=\s)|\s[—–-]\s|(?<=\S)—(?=\S)|\bthat\s+|,\s+(?:and|or|yet)\s+"
            rf"|(?<=[\s,])(?:{_alternation(clauses['clause_openers'])})\s+"
        ),
        connectives=_words(clauses["connectives"]),
        date_prepositions=_words(clauses["date_prepositions"]),
        negators=_words(clauses["negators"]),
        not_in_speaker=frozenset(clauses["not_in_speaker"]),  # as written: "I", "We"
        postmodifier=_words(clauses["postmodifier"]),
        name_stops=_words(clauses["name_stops"]),
        determiners=_words(clauses["determiners"]),
        continuation_min_words=int(quotes["continuation_min_words"]),
        pronouns=_words(pronouns["person"], pronouns["plural"], pronouns["thing"]),
        speaker_heads=_words(
            roles, [_plural(r) for r in roles], speakers["plural_roles"],
            speakers["org_heads"], [_plural(h) for h in speakers["org_heads"]],
        ),
    )


# --------------------------------------------------------------------------------------------
# Quotes


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: `start`/`end` include the marks, `inner_start`/`inner_end` do not."""

    start: int
    end: int
    inner_start: int
    inner_end: int


def _mark_side(text: str, i: int, rules: _Rules) -> str:
    """Whether the quotation mark at `i` opens, closes, or could do either ("either")."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    can_open = after.isalnum() or after in "(‘'[…$£€#"
    can_close = before.isalnum() or before in ".,!?;:)…’'%]—-"
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    if text[i] in rules.opening_marks:
        return "open"
    if text[i] in rules.closing_marks:
        return "close"
    return "either"


def find_quotes(text: str) -> list[Quote]:
    """The quotations of `text`, in order, pairing marks by their context.

    Straight and curly marks pair with each other (“…," occurs in the wild); a mark whose
    context is ambiguous — a closing mark alone at the start of the next line — toggles.
    A quote still open when another opens ends at the last line break before it (the
    convention for quotes running over paragraphs), or is dropped when there is none.
    """
    rules = _rules()
    quotes: list[Quote] = []
    open_at: int | None = None
    for m in rules.quote_mark_re.finditer(text):
        i = m.start()
        side = _mark_side(text, i, rules)
        if open_at is None:
            if side != "close":  # a stray closing mark is ignored
                open_at = i
            continue
        if side == "open":
            brk = text.rfind("\n", open_at, i)
            while brk > open_at and text[brk - 1].isspace():
                brk -= 1
            if brk > open_at + 1:
                quotes.append(Quote(open_at, brk, open_at + 1, brk))
            open_at = i
            continue
        quotes.append(Quote(open_at, i + 1, open_at + 1, i))
        open_at = None
    return quotes


# --------------------------------------------------------------------------------------------
# The document being read


@dataclass(slots=True)
class _Doc:
    text: str
    masked: str  # the text with asides blanked: structure is read here, strings from `text`
    quotes: list[Quote]
    quote_starts: list[int]
    timexes: tuple[Timex, ...]
    timex_starts: list[int]
    timex_by_start: dict[int, Timex]
    timex_by_end: dict[int, Timex]
    rules: _Rules
    # cue matches over the whole text, found once and handed out to sentences by offset
    verbs: list[re.Match[str]]
    sources: list[re.Match[str]]
    as_sayings: list[re.Match[str]]
    cue_starts: list[int]  # where any cue starts, sorted: sentences without one are skipped
    verb_at: dict[int, re.Match[str]]

    def has_cue(self, sent: Sentence) -> bool:
        k = bisect_right(self.cue_starts, sent.start - 1)
        return k < len(self.cue_starts) and self.cue_starts[k] < sent.end

    @staticmethod
    def matches_in(found: list[re.Match[str]], sent: Sentence) -> list[re.Match[str]]:
        if not found:
            return []
        lo = bisect_left(found, sent.start, key=re.Match.start)
        hi = bisect_left(found, sent.end, lo, key=re.Match.start)
        return [m for m in found[lo:hi] if m.end() <= sent.end]

    def quote_at(self, pos: int) -> Quote | None:
        """The quote whose marks enclose `pos`, if any."""
        k = bisect_right(self.quote_starts, pos) - 1
        if k >= 0 and self.quotes[k].start <= pos < self.quotes[k].end:
            return self.quotes[k]
        return None

    def quote_opening_at(self, pos: int) -> Quote | None:
        k = bisect_right(self.quote_starts, pos) - 1
        if k >= 0 and self.quotes[k].start == pos:
            return self.quotes[k]
        return None

    def last_quote_ending_in(self, lo: int, hi: int) -> Quote | None:
        """The last quote whose closing mark lies in [lo, hi)."""
        k = bisect_right(self.quote_starts, hi) - 1
        while k >= 0:
            q = self.quotes[k]
            if lo < q.end <= hi:
                return q
            if q.end <= lo:
                return None
            k -= 1
        return None


def _left_edge(s: str, pos: int) -> bool:
    """Whether a word starts at `pos`: "said" is no cue inside "unsaid"."""
    return pos == 0 or not (s[pos - 1].isalnum() or s[pos - 1] in "_’'-")


# Whitespace that str.split() knows but the structure readers' " \t\r\n" does not (NEL,
# line and paragraph separators, no-break and other Unicode spaces): made plain spaces, one for
# one, so both agree on where words are and offsets stay put.
_ODD_SPACE = re.compile(r"[^\S \t\r\n]")


def _mask(text: str) -> str:
    text = _ODD_SPACE.sub(" ", text)
    for regex in (_DASH_ASIDES, _PARENTHESES):
        text = regex.sub(lambda m: " " * len(m.group()), text)
    return text


def _make_doc(text: str, timexes: Sequence[Timex]) -> _Doc:
    rules = _rules()
    quotes = find_quotes(text)
    ordered = tuple(sorted(timexes, key=lambda t: (t.start, t.end)))
    masked = _mask(text)
    verbs = [m for m in rules.verb_re.finditer(masked) if _left_edge(masked, m.start())]
    sources = [m for m in rules.source_after_re.finditer(masked) if _left_edge(masked, m.start())]
    as_sayings = (
        list(rules.as_saying_re.finditer(masked)) if rules.as_saying_probe.search(masked) else []
    )
    return _Doc(
        text=text,
        masked=masked,
        quotes=quotes,
        quote_starts=[q.start for q in quotes],
        timexes=ordered,
        timex_starts=[t.start for t in ordered],
        timex_by_start={t.start: t for t in ordered},
        timex_by_end={t.end: t for t in ordered},
        rules=rules,
        verbs=verbs,
        sources=sources,
        as_sayings=as_sayings,
        cue_starts=sorted(m.start() for m in [*verbs, *sources, *as_sayings]),
        verb_at={m.start(): m for m in verbs},
    )


# --------------------------------------------------------------------------------------------
# Speakers


@dataclass(slots=True)
class _Speaker:
    name: str
    start: int  # the name as written
    end: int
    role: str | None
    phrase_start: int  # the whole speaker phrase, appositions included
    phrase_end: int
    kind: str  # "person", "org", "pronoun", "description"
    plural: bool
    head: str  # the head noun, lower case
    words: tuple[str, ...]  # the name's words, lower case
    gender: str | None = None  # "he" or "she" once a pronoun has referred to this speaker


@lru_cache(maxsize=1 << 16)  # a hot path: the same few thousand words come up again and again
def _norm(token: str) -> str:
    """A token compared as a word: lower case, outer punctuation and possessive removed."""
    t = token.strip(".,;:!?“”\"‘’'()[]").lower()
    for suffix in ("’s", "'s"):
        if t.endswith(suffix):
            t = t[: -len(suffix)]
    return t


def _squash(s: str) -> str:
    """Whitespace runs (line breaks included) as single spaces, as in `Sentence.text`."""
    return " ".join(s.split())


def _skip_ws(s: str, pos: int, end: int) -> int:
    while pos < end and s[pos].isspace():
        pos += 1
    return pos


def _trim(s: str, start: int, end: int, chars: str = " \t\r\n,;:—–-") -> tuple[int, int]:
    while start < end and s[start] in chars:
        start += 1
    while end > start and s[end - 1] in chars:
        end -= 1
    return start, end


def _tokens(s: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(s, start, end)]


def _is_capitalised(token: str) -> bool:
    t = token.lstrip("“\"‘'(")
    if t[:1].islower() and 0 < t.find("-") <= 3:  # "al-Janadi", "el-Sisi"
        t = t[t.find("-") + 1 :]
    return bool(t) and t[0].isupper()


def _segments(s: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma-separated parts of [start, end), trimmed, empty ones dropped."""
    out: list[tuple[int, int]] = []
    pos = start
    while pos <= end:
        comma = s.find(",", pos, end)
        stop = end if comma == -1 else comma
        a, b = _trim(s, pos, stop)
        if a < b:
            out.append((a, b))
        if comma == -1:
            break
        pos = comma + 1
    return out


def _covered_by_timex(doc: _Doc, start: int, end: int) -> bool:
    t = doc.timex_by_start.get(start)
    return t is not None and end <= t.end


def _is_adverbial(doc: _Doc, start: int, end: int) -> bool:
    """A fronted adverbial segment: "In response", "Last week", "Citing sources in …"."""
    s = doc.masked
    words = s[start:end].split(None, 1)
    if not words:
        return False  # a segment of Unicode spaces only ("\x85"): no adverbial
    first = _norm(words[0])
    if first in doc.rules.connectives and len(words) > 1:
        return False  # "But Sarah Leah Whitson, …": a connective before the speaker
    if first in doc.rules.fronted or (first.endswith("ing") and first[:1].isalpha()):
        return True
    m = doc.rules.date_re.match(s, start, end)
    return bool(m and m.end() == end) or _covered_by_timex(doc, start, end)


def _strip_tail(doc: _Doc, start: int, end: int) -> tuple[int, bool]:
    """Drop dates, auxiliaries and adverbs between a speaker and its cue.

    Returns the new end and whether the cue is passive or negated ("were said to", "did not
    say"), in which case the phrase names no speaker of a claim.
    """
    s, rules = doc.masked, doc.rules
    while end > start:
        t = doc.timex_by_end.get(end)
        if t is not None and t.start > start:
            end = _trim(s, start, t.start, " \t\r\n,")[1]
            k = s.rfind(" ", start, end)
            if k != -1 and s[k + 1 : end].lower() in rules.date_prepositions:  # "on Tuesday"
                end = _trim(s, start, k, " \t\r\n,")[1]
            continue
        # a date at the end is short: search only the last few words
        m = rules.date_tail_re.search(s, max(start, end - 40), end)
        if m and m.start() > start:
            end = _trim(s, start, m.start(), " \t\r\n,")[1]
            continue
        k = s.rfind(" ", start, end)
        last = s[k + 1 : end] if k != -1 else s[start:end]
        word = last.lower()
        if word in rules.relatives:
            # "Russia, which has denied …" names its speaker before the comma; "protesters
            # who said …" is a clause about a speaker whose words this module cannot bound
            return end, k == -1 or s[start:k].rstrip()[-1:] != ","
        if word in rules.passive or word in rules.negators:  # "were said to", "did not say"
            return end, True
        if word in rules.subject_tail and k != -1:
            end = _trim(s, start, k, " \t\r\n,")[1]
            continue
        break
    return end, False


def _strip_lead(doc: _Doc, start: int, end: int) -> int:
    """Drop connectives and a date before a speaker: "But experts", "This week President …"."""
    s, rules = doc.masked, doc.rules
    while start < end:
        t = doc.timex_by_start.get(start)
        if t is not None and t.end < end:
            start = _skip_ws(s, t.end, end)
            continue
        m = rules.date_re.match(s, start, end)
        if m and m.end() < end and s[m.end()].isspace():
            start = _skip_ws(s, m.end(), end)
            continue
        word = s[start:end].split(None, 1)[0]
        if word.lower() in rules.connectives:
            start = _skip_ws(s, start + len(word), end)
            continue
        break
    return start


def _head_index(tokens: list[tuple[int, int, str]], rules: _Rules) -> int:
    """Index of the head noun: the last token before the first postmodifier."""
    for i, (_, _, tok) in enumerate(tokens):
        if i > 0 and tok in rules.postmodifier:  # lower case only: "The WHO" is a name
            return i - 1
    return len(tokens) - 1


def _valid_phrase(
    tokens: list[tuple[int, int, str]], rules: _Rules, *, any_head: bool = False
) -> bool:
    """Whether tokens can be a speaker's head noun phrase rather than a clause.

    `any_head` accepts any head noun where the position already says "speaker" ("…, said one
    banner"); otherwise the head must be a name or a speaker noun.
    """
    if not tokens or len(tokens) > 12:
        return False
    if len(tokens) == 1 and tokens[0][2].lower() in rules.pronouns:
        return True
    if any(mark in tok for _, _, tok in tokens for mark in "“”\"«»"):
        return False  # a quote's words, not a speaker
    first = _norm(tokens[0][2])
    head_at = _head_index(tokens, rules)
    head = _norm(tokens[head_at][2])
    if (head in rules.determiners or head in rules.fronted) and head not in rules.speaker_heads:
        return False  # "Any doubts …", "The …"
    if tokens[head_at][2].endswith(("’s", "'s")):
        return False  # "Mexico's confirmed death toll": a possessive is no head
    # an adjective may open the phrase ("recent reports from Kyiv", "blog publisher Arianna
    # Huffington") when the head is a speaker noun or a titled name; a preposition never does
    titled = bool(_split_title(tokens, rules)[1])
    adjective = first not in rules.fronted and (head in rules.speaker_heads or titled)
    if not (
        _is_capitalised(tokens[0][2])
        or first in rules.determiners
        or first in rules.particles
        or first in rules.speaker_heads
        or adjective
    ):
        return False
    for i, (_, _, tok) in enumerate(tokens):
        # function words count in lower case only: "The WHO", "IS" are names
        if tok in rules.relatives and tok != "that":  # "Experts who spoke with …"
            # … but not "a journalist who was compelling to read as she told …"
            rest = {t for _, _, t in tokens[i + 1 :]}
            if rest & rules.pronouns or rest & rules.subordinators:
                return False
            break
        verb = tok in rules.verb_forms and tok not in rules.noun_like
        if tok in rules.not_in_speaker or verb or tok in rules.pronouns:
            return False
        # a past-tense verb with an object: "A document seen by Reuters showed African Union
        # leaders agreed …" is a clause ("the embattled president" is not)
        if 0 < i < len(tokens) - 1 and tok.endswith("ed") and tok.isalpha() and tok.islower():
            after = tokens[i + 1][2]
            if _is_capitalised(after) or _norm(after) in rules.determiners:
                return False
    if any_head:
        words = [t for _, _, t in tokens]
        cut = next((i for i, t in enumerate(words) if t in rules.relatives), len(words))
        return not any(t.endswith("ed") and t.islower() for t in words[:cut])
    return _is_capitalised(tokens[head_at][2]) or head in rules.speaker_heads


def _name_like(tokens: list[tuple[int, int, str]], rules: _Rules) -> bool:
    """Whether tokens look like a personal name: "Yang Moo-jin", "Mr. Kim", "van der Hoog"."""
    if not 1 <= len(tokens) <= 5:
        return False
    for i, (_, _, tok) in enumerate(tokens):
        if tok in rules.honorifics:
            continue
        if tok.lower() in rules.particles and i < len(tokens) - 1:
            continue
        if not _is_capitalised(tok) or tok.endswith(("’s", "'s", "’", "'")):
            return False
        parts = _norm(tok).split("-")
        if any(p in rules.org_words for p in parts) or _norm(tok) in rules.speaker_heads:
            return False
        if i == 0 and _norm(tok) in rules.determiners:
            return False
    return True


def _split_title(
    tokens: list[tuple[int, int, str]], rules: _Rules
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """Split "Russia’s foreign ministry spokesperson Maria Zakharova" into (name, role)."""
    head = _head_index(tokens, rules)
    role_at = -1
    for i in range(head + 1):
        tok = tokens[i][2]
        # a title ("spokesperson", "President") or an owner ("Pew Research's Fox")
        if _norm(tok) in rules.person_roles or (i < head and tok.endswith(("’s", "'s"))):
            role_at = i
    if role_at == -1 or role_at >= head:
        return tokens, []
    name = tokens[role_at + 1 : head + 1]
    if not _name_like(name, rules):
        return tokens, []
    return name, tokens[: role_at + 1] + tokens[head + 1 :]


def _join(text: str, tokens: list[tuple[int, int, str]]) -> str:
    """The text of tokens, each run of adjacent tokens as written, runs joined by a space."""
    if not tokens:
        return ""
    runs: list[str] = []
    run_start, run_end = tokens[0][0], tokens[0][1]
    for a, b, _ in tokens[1:]:
        if text[run_end:a].strip() == "":
            run_end = b
        else:
            runs.append(text[run_start:run_end])
            run_start, run_end = a, b
    runs.append(text[run_start:run_end])
    return _squash(" ".join(runs)).strip(" ,")


def _kind(
    name_tokens: list[tuple[int, int, str]], role: str | None, rules: _Rules
) -> tuple[str, bool, str]:
    """(kind, plural, head noun) of a named speaker."""
    words = [t[2] for t in name_tokens]
    low = [_norm(w) for w in words]
    head_at = _head_index(name_tokens, rules)
    head = low[head_at]
    # a capitalised plural inside a name is a proper noun: "The United States", "Times"
    plural = "and" in low or (
        head in rules.plural_roles and (head_at == 0 or not _is_capitalised(words[head_at]))
    )
    if len(words) == 1 and low[0] in rules.pronouns:
        return "pronoun", low[0] in rules.plural_pronouns, low[0]
    lower_rest = not any(_is_capitalised(w) for w in words[1:])
    if low[0] == "the" and len(words) > 1 and lower_rest and head in rules.speaker_heads:
        return "description", plural, head
    if words[0] in rules.honorifics:
        return "person", plural, head
    if _name_like(name_tokens, rules):
        if len(words) > 1:
            return "person", plural, head
        # "HRW", "NATO" are organisations; "Cho" or "Hamas" alone may be either
        return ("org" if words[0].isupper() and len(words[0]) > 1 else "unknown"), plural, head
    role_words = {_norm(w) for w in (role or "").split()}
    if not plural and (head in rules.person_roles or role_words & rules.person_roles):
        return "person", plural, head
    return "org", plural, head


def _parse_speaker(
    doc: _Doc,
    start: int,
    end: int,
    *,
    fronted: bool = False,
    strict: bool = True,
    any_head: bool = False,
) -> _Speaker | None:
    """Read a speaker phrase in [start, end): its name, role and kind, or None if it is none.

    `fronted` drops leading adverbial segments ("In response, Russia"); `strict` requires the
    head phrase to look like a speaker (off for "cited X as saying", where X can be anything).
    """
    s, rules = doc.masked, doc.rules
    start, end = _trim(s, start, end)
    cm = rules.credit_re.match(s, start, end)
    if cm:  # "AP-Yonhap Another expert …": a photo credit glued on by the page layout
        start = cm.end()
    end, blocked = _strip_tail(doc, start, end)
    if blocked or start >= end:
        return None
    segs = _segments(s, start, end)
    if not segs:
        return None
    if fronted:
        while len(segs) > 1 and _is_adverbial(doc, *segs[0]):
            segs.pop(0)
        # "Though raised as a devout Catholic, he claims …": a pronoun is never an apposition
        if len(segs) > 1 and s[segs[-1][0] : segs[-1][1]].lower() in rules.pronouns:
            segs = segs[-1:]
        if len(segs) > 3:  # a list ran into the speaker: "France, Gabon, …, UK, US envoy X said"
            segs = segs[-1:]
    head_start = _strip_lead(doc, *segs[0])
    head_seg = (head_start, segs[0][1])
    appositions: list[tuple[int, int]] = []
    for a, b in segs[1:]:
        first = _norm(s[a:b].split(None, 1)[0])
        if first in rules.inserts or first.endswith("ing"):
            break
        appositions.append((a, b))
    tokens = _tokens(s, *head_seg)
    if not tokens:
        return None
    if strict and not _valid_phrase(tokens, rules, any_head=any_head):
        return None
    if strict and any(len(_tokens(s, a, b)) > 16 for a, b in appositions):
        return None

    name_tokens, role_tokens = _split_title(tokens, rules)
    for i, (_, _, tok) in enumerate(name_tokens):
        if i > 0 and tok in rules.name_stops:
            name_tokens = name_tokens[:i]
            break
        # "Dr. Julio Frenk of the Harvard School …": a person's name ends where a modifier starts
        if i > 0 and tok in rules.postmodifier and _name_like(name_tokens[:i], rules):
            role_tokens = role_tokens + name_tokens[i:]
            name_tokens = name_tokens[:i]
            break
    role = _join(doc.text, role_tokens) or None
    phrase_end = appositions[-1][1] if appositions else head_seg[1]
    if appositions:
        app_tokens = _tokens(s, *appositions[0])
        app_text = ", ".join(doc.text[a:b] for a, b in appositions)
        head_word = _norm(tokens[_head_index(tokens, rules)][2])
        if _name_like(tokens, rules):
            name_tokens, role = tokens, app_text
        elif _name_like(app_tokens, rules) and head_word in rules.person_roles:
            name_tokens, role = app_tokens, _join(doc.text, tokens)
        else:
            role = ", ".join(filter(None, [role, app_text]))
    name = _join(doc.text, name_tokens)
    kind, plural, head = _kind(name_tokens, role, rules)
    return _Speaker(
        name=name,
        start=name_tokens[0][0],
        end=name_tokens[-1][1],
        role=_squash(role) if role else None,
        phrase_start=head_seg[0],
        phrase_end=phrase_end,
        kind=kind,
        plural=plural,
        head=head,
        words=tuple(_norm(t[2]) for t in name_tokens),
        gender=rules.honorific_gender.get(name_tokens[0][2]),
    )


# --------------------------------------------------------------------------------------------
# Cues and claims


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    end: int
    lemma: str
    stance: str  # the stance the verb gives on its own


@dataclass(slots=True)
class _Draft:
    start: int  # the content
    end: int
    speaker: _Speaker
    cue_start: int
    cue_end: int
    stance: str
    regions: tuple[tuple[int, int], ...]  # where the statement's date may be written
    extent_end: int  # where the attribution ends; a continuation quote may follow
    quote: Quote | None = None
    continued: bool = False


def _has_sentence_break(s: str, start: int, end: int, rules: _Rules) -> bool:
    """Whether [start, end) ends a sentence somewhere (an abbreviation's dot does not)."""
    for m in _SENTENCE_BREAK.finditer(s, start, end):
        k = s.rfind(" ", start, m.start())
        word = s[k + 1 : m.start() + 1]
        if word in rules.honorifics or _ABBREV_WORD.fullmatch(word):
            continue
        return True
    return False


def _hearer_end(doc: _Doc, pos: int, end: int) -> int | None:
    """Where the hearer after "told" ends ("told parliament", "told him"), None without one
    ("she told it just like it was": "it" is what was told, not who heard it)."""
    rules = doc.rules
    m = rules.hearer_re.match(doc.masked, pos, end)
    if not m:
        return None
    words = m.group().split()
    last = _norm(words[-1])
    if not (
        _is_capitalised(words[-1]) or last in rules.object_pronouns
        or last in rules.speaker_heads or last in rules.hearer_nouns
    ):
        return None
    return _skip_ws(doc.masked, m.end(), end)


def _skip_modifiers(doc: _Doc, pos: int, end: int, hearer: bool) -> int:
    """Skip the hearer, dates and prepositional modifiers after a cue; return the next word."""
    s, rules = doc.masked, doc.rules
    pos = _skip_ws(s, pos, end)
    if hearer:
        pos = _hearer_end(doc, pos, end) or pos
    while pos < end:
        t = doc.timex_by_start.get(pos)
        if t is not None and t.end <= end:
            pos = _skip_ws(s, t.end, end)
            continue
        m = rules.date_re.match(s, pos, end) or rules.modifier_re.match(s, pos, end)
        if m and m.end() > pos:
            pos = _skip_ws(s, m.end(), end)
            continue
        break
    return pos


def _content_start(s: str, pos: int, end: int) -> int:
    """Skip ", " / ": " and a complementiser "that" before reported content."""
    pos = _skip_ws(s, pos, end)
    if pos < end and s[pos] in ",:":
        pos = _skip_ws(s, pos + 1, end)
    m = _THAT.match(s, pos, end)
    return m.end() if m else pos


def _content_end(doc: _Doc, start: int, end: int) -> int:
    """Trim the content's final punctuation, or run on to the close of a quote it opens."""
    q = doc.quote_at(end - 1) if end > start else None
    if q is not None and q.start >= start and q.end > end:
        return q.end
    s = doc.text
    while end > start and (s[end - 1].isspace() or s[end - 1] in ".,;:"):
        end -= 1
    return end


def _inner(q: Quote, text: str) -> tuple[int, int]:
    """A quote's content without the comma that hands over to the attribution."""
    a, b = q.inner_start, q.inner_end
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == ","):
        b -= 1
    return a, b


def _attribution_end(doc: _Doc, pos: int, end: int) -> int:
    """Where the attribution clause starting at `pos` ends: ", and …" starts new content."""
    m = _NEXT_CLAUSE.search(doc.masked, pos, end)
    return m.start() if m else end


def _clause_start(doc: _Doc, sent_start: int, pos: int) -> int:
    """Where the clause holding the cue at `pos` starts: after "that", "but", a dash, a quote."""
    start = sent_start
    for m in doc.rules.clause_break_re.finditer(doc.masked, sent_start, pos):
        start = m.end()
    # a reporting verb earlier in the sentence ends its speaker's clause: "Wissam Tarif said
    # witnesses told him …" — "witnesses" alone is the speaker of "told"
    # (not across a comma: "Russia, which has denied any trade …, rejected …")
    k = bisect_right(doc.cue_starts, pos - 1) - 1
    if k >= 0 and doc.cue_starts[k] >= start:
        m = doc.verb_at.get(doc.cue_starts[k])
        if m is not None and m.end() < pos and "," not in doc.masked[m.end() : pos]:
            form = " ".join(m.group().split())
            cue = _Cue(m.start(), m.end(), *doc.rules.verb_info[form])
            if not _is_noun_use(doc, cue, form):
                start = m.end()
    q = doc.last_quote_ending_in(start, pos)
    return q.end if q is not None else start


def _ends_clause(doc: _Doc, pos: int, end: int) -> bool:
    return pos >= end or doc.masked[pos] in ",.;)"


def _words_in(s: str, start: int, end: int) -> int:
    return len(s[start:end].split())


def _speaker_after(doc: _Doc, cue: _Cue, end: int) -> _Speaker | None:
    """The speaker of an inverted attribution: "…,” said Yang Uk, a security expert with …"."""
    if cue.lemma not in doc.rules.inverting:
        return None
    s = doc.masked
    stop = _trim(s, cue.end, end, " \t\r\n,;:.")[1]
    # keep the dot of a final abbreviation: "the U.S."
    if s[stop : stop + 1] == "." and _ABBREV_END.search(s, cue.end, stop + 1):
        stop += 1
    return _parse_speaker(doc, cue.end, stop, any_head=True)


def _quote_after(doc: _Doc, cue: _Cue, sent: Sentence, used: set[int]) -> _Draft | None:
    """“…,” X said. / “…,” said X, a … — the quote just before the cue is the content."""
    s, rules = doc.masked, doc.rules
    q = doc.last_quote_ending_in(max(0, sent.start - 2000), cue.start)
    if q is None or q.start in used or cue.start - q.end > 200:
        return None
    if _has_sentence_break(s, q.end, cue.start, rules) or "\n\n" in s[q.end : cue.start]:
        return None
    if rules.quote_mark_re.search(s, q.end, cue.start):
        return None  # another quote between: this one is not the cue's
    inner = doc.text[q.inner_start : q.inner_end].rstrip()
    hands_over = inner[-1:] in ",?!…—-" or s[q.end : q.end + 1] == ","
    if not hands_over:
        return None
    if q.start > sent.start and _words_in(s, _story_start(doc, sent.start, q.start), q.start) > 1:
        return None  # "… should consider a “rapid reaction force”, he said": the whole clause
    if _words_in(s, q.inner_start, q.inner_end) <= 2:
        post = _skip_modifiers(doc, cue.end, sent.end, cue.lemma in rules.hearer)
        if s[post : post + 1] == "," and _words_in(s, post, sent.end) > 2:
            return None  # "“Of course,” he notes, the risk is …": the statement goes on
    gap_start, gap_end = _trim(s, q.end, cue.start)
    attr_end = _attribution_end(doc, cue.end, sent.end)
    if gap_start >= gap_end:  # inverted: said X, a security expert with …
        speaker = _speaker_after(doc, cue, attr_end)
    else:
        speaker = _parse_speaker(doc, gap_start, gap_end)
    if speaker is None:
        return None
    a, b = _inner(q, doc.text)
    return _Draft(a, b, speaker, cue.start, cue.end, cue.stance,
                  ((q.end, attr_end),), attr_end, quote=q)


def _front(doc: _Doc, cue: _Cue, sent: Sentence) -> _Draft | None:
    """X said (that) …, X told parliament on Tuesday …, X said, “…” — speaker before the cue."""
    s, rules = doc.masked, doc.rules
    clause = _clause_start(doc, sent.start, cue.start)
    segs = _segments(s, clause, cue.start)
    # a verb inside a relative clause ("Russia, which has denied any …, rejected …") has the
    # noun before the relative pronoun as its speaker, and its content ends at the next comma
    last_words = s[segs[-1][0] : segs[-1][1]].split() if segs else []
    relative = bool(last_words) and _norm(last_words[0]) in rules.relatives
    speaker = _parse_speaker(doc, clause, cue.start, fronted=True)
    if speaker is None:
        return None
    pos = _skip_modifiers(doc, cue.end, sent.end, cue.lemma in rules.hearer)
    opening = _BEFORE_QUOTE.match(s, pos, sent.end)
    q = doc.quote_opening_at(opening.end()) if opening else None
    if q is not None:  # Another expert …, said, “I think …”
        a, b = _inner(q, doc.text)
        return _Draft(a, b, speaker, cue.start, cue.end, cue.stance,
                      ((clause, q.start),), q.end, quote=q)
    if cue.lemma in rules.hearer:  # "told a group of invited reporters … that …"
        if _hearer_end(doc, _skip_ws(s, cue.end, sent.end), sent.end) is None:
            return None
        m = _HEARER_THAT.match(s, pos, sent.end)
        pos = m.end() if m else pos
    start = _content_start(s, pos, sent.end)
    if _INFINITIVE.match(s, start - 1):
        return None  # "agreed … to withdraw": an intention, not a statement
    if cue.lemma in rules.that_only and not _THAT_BEFORE.search(s, max(0, start - 6), start):
        return None
    end = sent.end
    if relative or (cue.lemma in rules.noun_object and start == pos):
        m = (_COMMA_OR_SEMICOLON if relative else _NEXT_CLAUSE).search(s, start, end)
        end = m.start() if m else end
    end = _content_end(doc, start, end)
    if _words_in(s, start, end) < 2:
        return None
    return _Draft(start, end, speaker, cue.start, cue.end, cue.stance,
                  ((clause, start),), end)


def _continues_clause(doc: _Doc, pos: int, end: int) -> bool:
    """Whether the text from `pos` goes on with the interrupted clause (", was a homicide …")
    rather than an apposition (", a senior analyst …") or a new clause (", and …")."""
    words = doc.masked[pos:end].split()
    if len(words) < 2 or not words[0].islower():
        return False
    first = _norm(words[0])
    rules = doc.rules
    return not (
        first in rules.determiners or first in rules.inserts or first in rules.connectives
        or first in rules.relatives or first.endswith("ing") or first in ("and", "or")
    )


def _after_insert(doc: _Doc, start: int, comma: int) -> bool:
    """Whether the comma segment before `comma` is an inserted remark: ", citing sources,"."""
    k = doc.masked.rfind(",", start, comma)
    words = doc.masked[k + 1 : comma].split()
    return bool(words) and (_norm(words[0]) in doc.rules.inserts or words[0].endswith("ing"))


def _story_start(doc: _Doc, start: int, end: int) -> int:
    """Skip a byline or dateline glued before the story: "… By Lee Hyo-jin The likelihood …"."""
    for regex in (doc.rules.byline_re, doc.rules.dateline_re):
        for m in regex.finditer(doc.masked, start, end):
            start = m.end()
    return _skip_ws(doc.masked, start, end)


def _parenthetical_end(doc: _Doc, comma: int, sent: Sentence) -> int | None:
    """The end of a sentence an attribution interrupts ("problems which, he said, would …")."""
    k = doc.masked.rfind(" ", sent.start, comma)
    last = doc.masked[k + 1 : comma].lower()
    return sent.end if last in doc.rules.incomplete_endings else None


def _trailing(doc: _Doc, cue: _Cue, sent: Sentence) -> _Draft | None:
    """…, the agency said on Wednesday. — the clause before the speaker is the content."""
    s = doc.masked
    before = s[sent.start : cue.start].rstrip()
    commas = [m.start() for m in _COMMA.finditer(s, sent.start, cue.start)]
    if not commas:
        return None
    attr_end = _attribution_end(doc, cue.end, sent.end)
    speaker = None
    end_at = None
    if before.endswith(",") and not _after_insert(doc, sent.start, commas[-1]):
        comma = commas[-1]  # "…, says Jim Muir." — not "The newspaper, citing …, said …"
        speaker = _speaker_after(doc, cue, attr_end)
    if speaker is None:
        post = _skip_modifiers(doc, cue.end, sent.end, cue.lemma in doc.rules.hearer)
        if not _ends_clause(doc, post, sent.end):
            return None
        if doc.masked[post : post + 1] == ",":
            end_at = _parenthetical_end(doc, commas[-1], sent)
        # "…, Yang Moo-jin, president of …, said.": the speaker phrase holds an apposition
        k = -3 if before.endswith(",") and len(commas) >= 3 else -1
        if before.endswith(",") and k == -1:
            return None
        comma = commas[k]
        speaker = _parse_speaker(doc, comma + 1, cue.start)
    if speaker is None:
        return None
    start = _story_start(doc, sent.start, comma)
    end = _content_end(doc, start, comma if end_at is None else end_at)
    if _words_in(s, start, end) < 3:
        return None
    return _Draft(start, end, speaker, cue.start, cue.end, cue.stance,
                  ((comma, attr_end),), attr_end)


def _source_after(doc: _Doc, m: re.Match[str], sent: Sentence) -> _Draft | None:
    """According to X, … / …, according to X. / …, as noted by X on Wednesday."""
    s, rules = doc.masked, doc.rules
    cue = _Cue(m.start(), m.end(), "according to", ASSERT)
    clause = _clause_start(doc, sent.start, cue.start)
    lead = [seg for seg in _segments(s, clause, cue.start) if not _is_adverbial(doc, *seg)]
    if not lead:  # According to Cha Du Hyeogn, a senior analyst …, the deepening ties …
        segs = _segments(s, cue.end, sent.end)
        if len(segs) < 2:
            return None
        speaker_end = segs[0][1]
        app = segs[1]
        app_first = _norm(s[app[0] : app[1]].split()[0])
        app_tokens = _tokens(s, *app)
        if len(segs) >= 3 and len(app_tokens) <= 12 and (
            app_first in rules.determiners or not _is_capitalised(app_tokens[0][2])
            or any(_norm(t[2]) in rules.speaker_heads for t in app_tokens)
        ):
            speaker_end = app[1]
        speaker = _parse_speaker(doc, cue.end, speaker_end)
        if speaker is None:
            return None
        start = _content_start(s, speaker_end, sent.end)
        end = _content_end(doc, start, sent.end)
        if _words_in(s, start, end) < 2:
            return None
        return _Draft(start, end, speaker, cue.start, cue.end, ASSERT,
                      ((clause, start),), end)
    stop = _attribution_end(doc, cue.end, sent.end)
    # "… in Syria where, according to the Observatory, 89 people …", "The singer's death,
    # according to the coroner, was a homicide …": the attribution interrupts the content
    comma = s.rfind(",", clause, cue.start)
    next_comma = s.find(",", cue.end, sent.end)
    whole = comma != -1 and (
        _parenthetical_end(doc, comma, sent) is not None
        or (next_comma != -1 and _continues_clause(doc, next_comma + 1, sent.end))
    )
    if whole and next_comma != -1:
        stop = next_comma
    stop = _trim(s, cue.end, stop, " \t\r\n,;:.")[1]
    if s[stop : stop + 1] == "." and _ABBREV_END.search(s, cue.end, stop + 1):
        stop += 1
    speaker = _parse_speaker(doc, cue.end, stop)
    if speaker is None:
        return None
    start = _story_start(doc, sent.start, cue.start)
    end = _content_end(doc, start, sent.end if whole else cue.start)
    if _words_in(s, start, end) < 3:
        return None
    return _Draft(start, end, speaker, cue.start, cue.end, ASSERT,
                  ((cue.start, sent.end),), sent.end)


def _as_saying(doc: _Doc, m: re.Match[str], sent: Sentence) -> _Draft | None:
    """It cited Russian bloggers as saying that … / media reported X as saying …"""
    s = doc.masked
    speaker = _parse_speaker(doc, m.start("speaker"), m.end("speaker"), strict=False)
    if speaker is None:
        return None
    # a date here belongs to the source ("a history published in 2001"), not the statement
    speaker.phrase_end = m.end("speaker")
    clause = _clause_start(doc, sent.start, m.start())
    opening = _BEFORE_QUOTE.match(s, m.end("cue"), sent.end)
    q = doc.quote_opening_at(opening.end()) if opening else None
    cue_start, cue_end = m.start("cue"), m.end("cue")
    if q is not None:
        a, b = _inner(q, doc.text)
        return _Draft(a, b, speaker, cue_start, cue_end, ASSERT,
                      ((clause, q.start),), q.end, quote=q)
    start = _content_start(s, m.end("cue"), sent.end)
    end = _content_end(doc, start, sent.end)
    if _words_in(s, start, end) < 2:
        return None
    return _Draft(start, end, speaker, cue_start, cue_end, ASSERT, ((clause, start),), end)


def _is_noun_use(doc: _Doc, cue: _Cue, form: str) -> bool:
    """"the reports", "Ukrainian reports have …": a noun, not a reporting verb."""
    rules = doc.rules
    if form not in rules.noun_like:
        return False
    k = doc.masked.rfind(" ", 0, cue.start - 1)
    before = _norm(doc.masked[k + 1 : cue.start])
    after_m = _NEXT_WORD.match(doc.masked, cue.end)
    after = after_m.group(1).lower() if after_m else ""
    return before in rules.noun_before or after in rules.noun_after


def _verb_cues(doc: _Doc, sent: Sentence, taken: list[tuple[int, int]]) -> list[_Cue]:
    rules = doc.rules
    cues: list[_Cue] = []
    for m in doc.matches_in(doc.verbs, sent):
        if doc.quote_at(m.start()) is not None:
            continue  # speech reported inside a quote belongs to the quote
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        form = " ".join(m.group().split())
        lemma, stance = rules.verb_info[form]
        cue = _Cue(m.start(), m.end(), lemma, stance)
        if _is_noun_use(doc, cue, form):
            continue
        # "were said to", "believe to be": a report about a speaker, not their statement
        if _INFINITIVE.match(doc.masked, m.end()):
            continue
        cues.append(cue)
    return cues


def _stance(verb_stance: str, content: str, rules: _Rules) -> str:
    """deny > hedge > assert: the verb's own stance first, then markers in the content."""
    if verb_stance == DENY or rules.deny_re.search(content):
        return DENY
    if verb_stance == HEDGE or rules.hedge_re.search(content):
        return HEDGE
    if _negated(content, rules):
        return DENY
    return ASSERT


def _negated(content: str, rules: _Rules) -> bool:
    """Whether the content's main clause is negated: "Pyongyang did not send troops"."""
    words = content.split(None, rules.negation_window_words)
    if not words or _norm(words[0]) in rules.subordinators:
        return False
    head = " ".join(words[: rules.negation_window_words])
    m = rules.negation_re.search(head)
    # "These are the people who haven't fled …": a negation inside a relative clause
    return m is not None and not any(_norm(w) in rules.relatives for w in head[: m.start()].split())


def _overlaps(a: int, b: int, c: int, d: int) -> bool:
    return a < d and c < b


def _sentence_drafts(doc: _Doc, sent: Sentence, drafts: list[_Draft], used: set[int]) -> None:
    """Add the claims of one sentence to `drafts`."""
    taken: list[tuple[int, int]] = []
    found: list[_Draft | None] = []
    question = doc.masked[sent.start : sent.end].rstrip().endswith("?")
    for m in doc.matches_in(doc.as_sayings, sent):
        if doc.quote_at(m.start()) is None:
            taken.append((m.start(), m.end()))
            found.append(_as_saying(doc, m, sent))
    for m in doc.matches_in(doc.sources, sent):
        if doc.quote_at(m.start()) is None and not question:
            taken.append((m.start(), m.end()))
            found.append(_source_after(doc, m, sent))
    for cue in _verb_cues(doc, sent, taken):
        draft = _quote_after(doc, cue, sent, used)
        if draft is None and not question and cue.lemma not in doc.rules.quote_only:
            draft = _trailing(doc, cue, sent) or _front(doc, cue, sent)
        found.append(draft)
    for draft in sorted((d for d in found if d is not None), key=lambda d: d.cue_start):
        # attributions lie within a few sentences of each other: look at recent ones only
        recent = drafts[-8:]
        if any(_overlaps(draft.start, draft.end, d.speaker.phrase_start, d.cue_end)
               for d in recent):
            continue  # "…,” Kim told lawmakers, the Yonhap News Agency reported.
        if draft.quote is not None:
            used.add(draft.quote.start)
        drafts.append(draft)


def _cue_follows(doc: _Doc, q: Quote) -> bool:
    """Whether a reporting verb follows the quote within its sentence: “…,” said X."""
    if doc.text[q.inner_start : q.inner_end].rstrip().endswith("."):
        return False  # the quote ends its sentence
    k = bisect_right(doc.cue_starts, q.end - 1)
    if k == len(doc.cue_starts) or doc.cue_starts[k] - q.end > 80:
        return False
    gap = doc.masked[q.end : doc.cue_starts[k]]
    return "\n" not in gap and not _has_sentence_break(gap, 0, len(gap), doc.rules)


def _continuations(doc: _Doc, drafts: list[_Draft], used: set[int]) -> list[_Draft]:
    """Quotes that follow an attributed statement without a cue of their own continue it."""
    s, rules = doc.text, doc.rules
    ordered = sorted(drafts, key=lambda d: d.extent_end)
    out: list[_Draft] = []
    for q in doc.quotes:
        if q.start in used or _words_in(s, q.inner_start, q.inner_end) < (
            rules.continuation_min_words
        ):
            continue
        if any(d.start <= q.start < d.end for d in drafts):
            continue  # a quote inside reported content
        prev = None
        for d in [*ordered, *out]:
            if d.extent_end <= q.start and (prev is None or d.extent_end > prev.extent_end):
                prev = d
        if prev is None:
            continue
        gap = s[prev.extent_end : q.start]
        if "\n\n" in gap or not _CONTINUATION_GAP.fullmatch(gap):
            continue
        if _cue_follows(doc, q) or doc.text[q.inner_start : q.inner_end].rstrip()[-1:] not in (
            ".!?…"
        ):
            continue  # it has an attribution of its own ("…,” chanted protesters), unread
        a, b = _inner(q, s)
        out.append(_Draft(a, b, prev.speaker, prev.cue_start, prev.cue_end, prev.stance,
                          (), q.end, quote=q, continued=True))
        used.add(q.start)
    return out


def _resolve(drafts: list[_Draft], rules: _Rules) -> None:
    """Give pronoun and definite-description speakers the name of a fitting earlier speaker."""
    history: list[_Speaker] = []
    for d in sorted(drafts, key=lambda d: d.cue_start):
        sp = d.speaker
        if d.continued:
            continue
        antecedent = None
        if sp.kind == "pronoun":
            antecedent = _antecedent(history, sp, rules.max_distance, _fits_pronoun(sp, rules))
        elif sp.kind == "description":
            antecedent = _antecedent(
                history, sp, rules.description_max_distance, _fits_description(sp, rules)
            )
        if antecedent is not None:
            sp.name, sp.kind, sp.plural = antecedent.name, antecedent.kind, antecedent.plural
            sp.role = antecedent.role or sp.role
            if sp.head in rules.person_pronouns:  # "she" said it: later "he" is someone else
                antecedent.gender = sp.head
            sp.gender = antecedent.gender
            for earlier in history:  # every mention of that speaker learns it too
                if earlier.name == antecedent.name:
                    earlier.gender = antecedent.gender
        if sp.kind not in ("pronoun", "description"):
            history.append(sp)


def _speaker_words(sp: _Speaker) -> set[str]:
    return {_norm(w) for w in f"{sp.name} {sp.role or ''}".split()}


def _fits_description(sp: _Speaker, rules: _Rules) -> Callable[[_Speaker], bool]:
    heads = rules.descriptions.get(sp.head, frozenset()) | {sp.head}
    modifiers = {w for w in sp.words[1:] if w != sp.head} - rules.description_modifiers
    # "the researcher" names a person, "the foreign ministry" an organisation
    kind = "person" if sp.head in rules.person_roles else "org"

    def fits(a: _Speaker) -> bool:
        words = _speaker_words(a)
        return a.kind in (kind, "unknown") and bool(words & heads) and modifiers <= words

    return fits


def _fits_pronoun(sp: _Speaker, rules: _Rules) -> Callable[[_Speaker], bool]:
    word = sp.head
    if word in rules.person_pronouns:
        return lambda a: a.kind in _PERSONS and not a.plural and a.gender in (None, word)
    if word in rules.plural_pronouns:
        return lambda a: a.plural
    return lambda a: a.kind in _THINGS and not a.plural


def _antecedent(
    history: list[_Speaker], sp: _Speaker, max_distance: int, fits: Callable[[_Speaker], bool]
) -> _Speaker | None:
    for a in reversed(history):
        if sp.start - a.end > max_distance:
            return None
        if a.start < sp.start and fits(a):
            return a
    return None


def _statement_date(doc: _Doc, d: _Draft) -> Timex | None:
    """The DATE/TIME expression in the attribution clause nearest the cue, if any."""
    best: tuple[int, Timex] | None = None
    lo = min((a for a, _ in d.regions), default=0)
    hi = max((b for _, b in d.regions), default=0)
    first = bisect_right(doc.timex_starts, lo - 1)
    for t in doc.timexes[first:]:
        if t.start >= hi:
            break
        if t.type not in ("DATE", "TIME"):
            continue
        if not any(a <= t.start and t.end <= b for a, b in d.regions):
            continue
        if _overlaps(t.start, t.end, d.speaker.phrase_start, d.speaker.phrase_end):
            continue
        if _overlaps(t.start, t.end, d.start, d.end) or doc.quote_at(t.start) is not None:
            continue
        distance = t.start - d.cue_end if t.start >= d.cue_end else d.cue_start - t.end
        if best is None or abs(distance) < best[0]:
            best = (abs(distance), t)
    return best[1] if best else None


def _claim(doc: _Doc, d: _Draft, date: Timex | None) -> Claim:
    text = doc.text
    content = text[d.start : d.end]
    return Claim(
        start=d.start,
        end=d.end,
        text=_TIDY_END.sub(r"\1", _squash(content)),
        speaker_name=d.speaker.name,
        speaker_start=d.speaker.start,
        speaker_end=d.speaker.end,
        speaker_id=None,
        cue=_squash(text[d.cue_start : d.cue_end]),
        stance=_stance(d.stance, content, doc.rules),
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
    doc = _make_doc(text, timexes)
    drafts: list[_Draft] = []
    used: set[int] = set()
    for sent in sorted(sentences, key=lambda x: x.start):
        if not sent.caption and doc.has_cue(sent):
            _sentence_drafts(doc, sent, drafts, used)
    _resolve(drafts, doc.rules)
    continuations = _continuations(doc, drafts, used)
    dates = {id(d): _statement_date(doc, d) for d in drafts}
    claims = [_claim(doc, d, dates[id(d)]) for d in drafts]
    for c in continuations:
        source = next(d for d in drafts if d.cue_start == c.cue_start)
        claims.append(_claim(doc, c, dates.get(id(source))))
    return sorted(claims, key=lambda c: (c.start, c.end))
