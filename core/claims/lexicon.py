"""The claim finder's words: data/claims.toml read through the resource layer and compiled
into `Rules` (regexes and word sets), once per process."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from dateline.core.resources import data_file, load_toml

DATA_FILE = data_file("claims.toml")


ASSERT, HEDGE, DENY = "assert", "hedge", "deny"


# Characters that may not touch a cue word: "said" is not a cue inside "unsaid" or "said-so".
LEFT_EDGE = r"(?<![\w’'-])"
RIGHT_EDGE = r"(?![\w’'-])"


@cache
def load_lexicon(path: Path = DATA_FILE) -> dict[str, Any]:
    """Read the claim finder's word lists, checked against their schema (ResourceError)."""
    return load_toml(path)


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


def word_set(*lists: Sequence[str]) -> frozenset[str]:
    return frozenset(w.lower() for words in lists for w in words)


def _plural(noun: str) -> str:
    """The regular English plural of a speaker noun: "agency" → "agencies"."""
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    return noun + "s"


@dataclass(frozen=True, slots=True)
class Rules:
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
    window_chars: int
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
    prefixes = "|".join(re.escape(w) for w in clauses["date_prefixes"])
    return date, rf"(?:(?:{prefixes})\s+)?"


@cache
def load_rules() -> Rules:
    """The compiled rules of data/claims.toml (validated when read)."""
    return _compile(load_lexicon())


def _verb_info(lex: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Each verb form as written (whitespace squashed) -> (lemma, the stance of its group)."""
    verb_info: dict[str, tuple[str, str]] = {}
    for stance, lemmas in lex["verbs"].items():
        for lemma, forms in lemmas.items():
            for form in forms:
                verb_info[" ".join(form.lower().split())] = (lemma, stance)
    return verb_info


def _compile(lex: dict[str, Any]) -> Rules:
    verb_info = _verb_info(lex)
    return Rules(
        verb_info=verb_info,
        **_cue_patterns(lex, verb_info),
        **_clause_patterns(lex),
        **_speaker_words(lex),
        **_clause_words(lex, verb_info),
    )


def _cue_patterns(lex: dict[str, Any], verb_info: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """The cue regexes: reporting verbs, "according to", "cited X as saying", stance markers."""
    phrases, stance = lex["phrases"], lex["stance"]
    # case-sensitive with both cases of the first letter: re.I makes scanning slow
    source_after = [v for p in phrases["source_after"] for v in (p, p[:1].upper() + p[1:])]
    negation = _alternation(stance["negation"])
    exempt = _alternation(stance["negation_exempt"])
    return dict(
        # Verbs are cues only in lower case: "The United States confirmed" holds no cue "States".
        # No look-behind in front: a pattern that starts with its words' first letters is
        # scanned several times faster; the left edge is checked in `left_edge` instead.
        verb_re=re.compile(rf"(?:{_alternation(list(verb_info))}){RIGHT_EDGE}"),
        source_after_re=re.compile(rf"(?:{_alternation(source_after)}){RIGHT_EDGE}"),
        as_saying_probe=re.compile(_alternation(phrases["as_saying"])),
        as_saying_re=re.compile(
            rf"{LEFT_EDGE}(?P<verb>{_alternation(phrases['citing_verbs'])})\s+"
            rf"(?P<speaker>(?:[^.;:!?“”\"«»]|(?<=[A-Z])\.){{1,150}}?)\s+"
            rf"(?P<cue>{_alternation(phrases['as_saying'])}){RIGHT_EDGE}"
        ),
        deny_re=re.compile(rf"{LEFT_EDGE}(?:{'|'.join(stance['deny'])}){RIGHT_EDGE}", re.I),
        hedge_re=re.compile(rf"{LEFT_EDGE}(?:{'|'.join(stance['hedge'])}){RIGHT_EDGE}", re.I),
        negation_re=re.compile(
            rf"{LEFT_EDGE}(?:{negation})\s+(?!(?:{exempt}){RIGHT_EDGE})[a-z]", re.I
        ),
        negation_window_words=int(stance["negation_window_words"]),
        subordinators=word_set(stance["subordinators"]),
    )


def _clause_patterns(lex: dict[str, Any]) -> dict[str, Any]:
    """The regexes that read an attribution's structure: dates, hearers, modifiers, bylines."""
    clauses, quotes = lex["clauses"], lex["quotes"]
    date, date_prefix = _date_patterns(clauses)
    weekday_or_relative = _alternation([*clauses["weekdays"], *clauses["relative_dates"]])
    preps = _alternation(clauses["modifier_prepositions"])
    not_word = r"(?!to\b)[^\s,.;:“”\"«»]+"  # "to" starts an infinitive, not a modifier
    marks = [*quotes["open"], *quotes["close"], *quotes["ambiguous"]]
    joiners = "|".join(re.escape(w) for w in clauses["clause_joiners"])
    articles = "|".join(re.escape(w) for w in clauses["articles"])
    return dict(
        date_re=re.compile(rf"{date_prefix}{date}{RIGHT_EDGE}", re.I),
        date_tail_re=re.compile(
            rf"(?<![\w’'-]){date_prefix}(?:{weekday_or_relative}|{date})\s*$", re.I
        ),
        hearer_re=re.compile(
            rf"(?:(?:{articles})\s+)?"
            r"(?:[A-Z][\w.’'&-]*(?:\s+(?:of\s+)?[A-Z][\w.’'&-]*)*|[a-z][\w-]*)"
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
        dateline_re=re.compile(clauses["dateline"]),
        quote_mark_re=re.compile("|".join(re.escape(m) for m in marks)),
        opening_marks=frozenset(quotes["open"]),
        closing_marks=frozenset(quotes["close"]),
        continuation_min_words=int(quotes["continuation_min_words"]),
        window_chars=int(clauses["window_chars"]),
        # where a clause starts within a sentence: after ";", ": ", a spaced dash, "that",
        # ", and" / ", or" / ", yet", or a conjunction ("as", "when", "but", …)
        clause_break_re=re.compile(
            rf";|:(?=\s)|\s[—–-]\s|(?<=\S)—(?=\S)|\bthat\s+|,\s+(?:{joiners})\s+"
            rf"|(?<=[\s,])(?:{_alternation(clauses['clause_openers'])})\s+"
        ),
    )


def _speaker_words(lex: dict[str, Any]) -> dict[str, Any]:
    """The word sets that read speaker phrases and resolve pronouns."""
    speakers, pronouns = lex["speakers"], lex["pronouns"]
    roles = [w.lower() for w in speakers["person_roles"]]
    return dict(
        honorific_gender={
            **{h: "she" for h in speakers["female_honorifics"]},
            **{h: "he" for h in speakers["male_honorifics"]},
        },
        person_roles=word_set(roles, [_plural(r) for r in roles]),
        plural_roles=word_set(speakers["plural_roles"], [_plural(r) for r in roles],
                              [_plural(h) for h in speakers["org_heads"]]),
        description_modifiers=word_set(speakers["description_modifiers"]),
        honorifics=frozenset(speakers["honorifics"]),
        particles=word_set(speakers["name_particles"]),
        org_words=word_set(speakers["org_words"]),
        descriptions={k: word_set(v) for k, v in speakers["descriptions"].items()},
        person_pronouns=word_set(pronouns["person"]),
        plural_pronouns=word_set(pronouns["plural"]),
        max_distance=int(pronouns["max_distance"]),
        description_max_distance=int(pronouns["description_max_distance"]),
        pronouns=word_set(pronouns["person"], pronouns["plural"], pronouns["thing"]),
        speaker_heads=word_set(
            roles, [_plural(r) for r in roles], speakers["plural_roles"],
            speakers["org_heads"], [_plural(h) for h in speakers["org_heads"]],
        ),
    )


def _clause_words(lex: dict[str, Any], verb_info: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """The word sets that read clauses: verb classes, fronted words, tails, stops."""
    classes, clauses = lex["verb_classes"], lex["clauses"]
    return dict(
        inverting=frozenset(classes["inverting"]),
        quote_only=frozenset(classes["quote_only"]),
        that_only=frozenset(classes["that_only"]),
        hearer=frozenset(classes["hearer"]),
        hearer_nouns=word_set(classes["hearer_nouns"],
                              [_plural(w) for w in classes["hearer_nouns"]]),
        object_pronouns=word_set(classes["object_pronouns"]),
        noun_object=frozenset(classes["noun_object"]),
        noun_like=word_set(classes["noun_like"]),
        noun_before=word_set(classes["noun_before"]),
        noun_after=word_set(classes["noun_after"]),
        verb_forms=frozenset(f for f in verb_info if " " not in f),
        incomplete_endings=word_set(clauses["incomplete_endings"]),
        fronted=word_set(clauses["fronted"]),
        inserts=word_set(clauses["inserts"]),
        subject_tail=word_set(clauses["subject_tail"]),
        passive=word_set(clauses["passive"]),
        relatives=word_set(clauses["relatives"]),
        connectives=word_set(clauses["connectives"]),
        date_prepositions=word_set(clauses["date_prepositions"]),
        negators=word_set(clauses["negators"]),
        not_in_speaker=frozenset(clauses["not_in_speaker"]),  # as written: "I", "We"
        postmodifier=word_set(clauses["postmodifier"]),
        name_stops=word_set(clauses["name_stops"]),
        determiners=word_set(clauses["determiners"]),
    )
