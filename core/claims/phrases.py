"""Speaker phrases as noun phrases: whether tokens can head a speaker phrase at all (a named
list of rules, so a failing test names the rule that fired), its head noun, and a title split
from a name ("foreign ministry spokesperson Maria Zakharova")."""

from __future__ import annotations

from collections.abc import Callable

from dateline.core.claims.lexicon import Rules
from dateline.core.claims.text import is_capitalised, norm, squash


def head_index(tokens: list[tuple[int, int, str]], rules: Rules) -> int:
    """Index of the head noun: the last token before the first postmodifier."""
    for i, (_, _, tok) in enumerate(tokens):
        if i > 0 and tok in rules.postmodifier:  # lower case only: "The WHO" is a name
            return i - 1
    return len(tokens) - 1


Tokens = list[tuple[int, int, str]]


class Phrase:
    """A candidate head noun phrase as the phrase rules see it (read once, shared by all)."""

    __slots__ = ("any_head", "before", "first", "head", "head_at", "rules", "tokens", "words")

    def __init__(self, tokens: Tokens, rules: Rules, any_head: bool) -> None:
        self.tokens, self.rules = tokens, rules
        self.any_head = any_head  # the position already says "speaker" ("…, said one banner")
        self.head_at = head_index(tokens, rules)
        self.words = [t for _, _, t in tokens]
        self.head = norm(self.words[self.head_at])
        self.first = norm(self.words[0])
        # the words before the first relative pronoun other than "that"
        cut = next((i for i, t in enumerate(self.words)
                    if t in rules.relatives and t != "that"), len(self.words))
        self.before = self.words[:cut]


# Each phrase rule returns a verdict (True: a speaker phrase, False: a clause or no phrase) or
# None to pass the phrase on; the first verdict wins. Function words count in lower case only:
# "The WHO", "IS" are names.


def _too_long(p: Phrase) -> bool | None:
    return False if len(p.tokens) > 12 else None


def _lone_pronoun(p: Phrase) -> bool | None:
    return True if len(p.tokens) == 1 and p.words[0].lower() in p.rules.pronouns else None


def _quoted_words(p: Phrase) -> bool | None:
    """A quote's words, not a speaker."""
    return False if any(mark in tok for tok in p.words for mark in "“”\"«»") else None


def _function_word_head(p: Phrase) -> bool | None:
    """"Any doubts …", "The …": the head is a determiner or an adverbial word."""
    rules = p.rules
    head = p.head
    return False if (head in rules.determiners or head in rules.fronted) \
        and head not in rules.speaker_heads else None


def _possessive_head(p: Phrase) -> bool | None:
    """"Mexico's confirmed death toll": a possessive is no head."""
    return False if p.tokens[p.head_at][2].endswith(("’s", "'s")) else None


def _bad_opening(p: Phrase) -> bool | None:
    """The phrase opens with a capital, a determiner, a particle or a speaker noun; or with an
    adjective ("recent reports from Kyiv", "blog publisher Arianna Huffington") when the head
    is a speaker noun or a titled name. A preposition never opens it."""
    rules, first = p.rules, p.first
    titled = bool(split_title(p.tokens, rules)[1])
    adjective = first not in rules.fronted and (p.head in rules.speaker_heads or titled)
    opens = (
        is_capitalised(p.tokens[0][2]) or first in rules.determiners or first in rules.particles
        or first in rules.speaker_heads or adjective
    )
    return None if opens else False


def _relative_clause_with_subject(p: Phrase) -> bool | None:
    """"Experts who spoke with …" is a phrase, "a journalist who was compelling to read as she
    told …" a clause: a pronoun or a subordinator follows the relative pronoun."""
    rest = p.words[len(p.before) + 1 :]
    words = set(rest)
    return False if words & p.rules.pronouns or words & p.rules.subordinators else None


def _verb_or_function_word(p: Phrase) -> bool | None:
    """A verb, an auxiliary, a pronoun or another word no noun phrase holds ("I", "to", "if")."""
    rules = p.rules
    for tok in p.before:
        verb = tok in rules.verb_forms and tok not in rules.noun_like
        if tok in rules.not_in_speaker or verb or tok in rules.pronouns:
            return False
    return None


def _verb_with_object(p: Phrase) -> bool | None:
    """A past-tense verb with an object: "A document seen by Reuters showed African Union
    leaders agreed …" is a clause ("the embattled president" is not)."""
    words, rules = p.before, p.rules
    for i, tok in enumerate(words):
        if 0 < i < len(p.tokens) - 1 and tok.endswith("ed") and tok.isalpha() and tok.islower():
            after = p.words[i + 1]
            if is_capitalised(after) or norm(after) in rules.determiners:
                return False
    return None


def _any_head_without_verb(p: Phrase) -> bool | None:
    """Where the position says "speaker", any head will do unless a past tense makes a clause."""
    if not p.any_head:
        return None
    words = p.words
    cut = next((i for i, t in enumerate(words) if t in p.rules.relatives), len(words))
    return not any(t.endswith("ed") and t.islower() for t in words[:cut])


def _named_or_speaker_head(p: Phrase) -> bool | None:
    """Otherwise the head must be a name or a speaker noun."""
    return is_capitalised(p.tokens[p.head_at][2]) or p.head in p.rules.speaker_heads


PHRASE_RULES: tuple[tuple[str, Callable[[Phrase], bool | None]], ...] = (
    ("too long", _too_long),
    ("lone pronoun", _lone_pronoun),
    ("quoted words", _quoted_words),
    ("function word head", _function_word_head),
    ("possessive head", _possessive_head),
    ("bad opening", _bad_opening),
    ("relative clause with a subject", _relative_clause_with_subject),
    ("verb or function word", _verb_or_function_word),
    ("verb with object", _verb_with_object),
    ("any head without verb", _any_head_without_verb),
    ("named or speaker head", _named_or_speaker_head),
)


def phrase_verdict(tokens: Tokens, rules: Rules, *, any_head: bool = False) -> tuple[str, bool]:
    """Whether tokens can be a speaker's head noun phrase rather than a clause, and the name of
    the rule that decided it."""
    if not tokens:
        return "empty", False
    phrase = Phrase(tokens, rules, any_head)
    for name, rule in PHRASE_RULES:
        verdict = rule(phrase)
        if verdict is not None:
            return name, verdict
    raise AssertionError("the last phrase rule always decides")  # pragma: no cover


def name_like(tokens: list[tuple[int, int, str]], rules: Rules) -> bool:
    """Whether tokens look like a personal name: "Yang Moo-jin", "Mr. Kim", "van der Hoog"."""
    if not 1 <= len(tokens) <= 5:
        return False
    for i, (_, _, tok) in enumerate(tokens):
        if tok in rules.honorifics:
            continue
        if tok.lower() in rules.particles and i < len(tokens) - 1:
            continue
        if not is_capitalised(tok) or tok.endswith(("’s", "'s", "’", "'")):
            return False
        parts = norm(tok).split("-")
        if any(p in rules.org_words for p in parts) or norm(tok) in rules.speaker_heads:
            return False
        if i == 0 and norm(tok) in rules.determiners:
            return False
    return True


def split_title(
    tokens: list[tuple[int, int, str]], rules: Rules
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """Split "Russia’s foreign ministry spokesperson Maria Zakharova" into (name, role)."""
    head = head_index(tokens, rules)
    role_at = -1
    for i in range(head + 1):
        tok = tokens[i][2]
        # a title ("spokesperson", "President") or an owner ("Pew Research's Fox")
        if norm(tok) in rules.person_roles or (i < head and tok.endswith(("’s", "'s"))):
            role_at = i
    if role_at == -1 or role_at >= head:
        return tokens, []
    name = tokens[role_at + 1 : head + 1]
    if not name_like(name, rules):
        return tokens, []
    return name, tokens[: role_at + 1] + tokens[head + 1 :]


def join_tokens(text: str, tokens: list[tuple[int, int, str]]) -> str:
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
    return squash(" ".join(runs)).strip(" ,")
