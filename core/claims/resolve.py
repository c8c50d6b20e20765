"""Pronoun and definite-description speakers ("he said", "the agency said") resolved to the
nearest fitting earlier speaker."""

from __future__ import annotations

from collections.abc import Callable

from dateline.core.claims.clauses import Draft
from dateline.core.claims.lexicon import Rules
from dateline.core.claims.speakers import Speaker
from dateline.core.claims.text import norm

_PERSONS = frozenset({"person", "unknown"})


_THINGS = frozenset({"org", "unknown"})


def resolve(drafts: list[Draft], rules: Rules) -> None:
    """Give pronoun and definite-description speakers the name of a fitting earlier speaker."""
    history: list[Speaker] = []
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


def _speaker_words(sp: Speaker) -> set[str]:
    return {norm(w) for w in f"{sp.name} {sp.role or ''}".split()}


def _fits_description(sp: Speaker, rules: Rules) -> Callable[[Speaker], bool]:
    heads = rules.descriptions.get(sp.head, frozenset()) | {sp.head}
    modifiers = {w for w in sp.words[1:] if w != sp.head} - rules.description_modifiers
    # "the researcher" names a person, "the foreign ministry" an organisation
    kind = "person" if sp.head in rules.person_roles else "org"

    def fits(a: Speaker) -> bool:
        words = _speaker_words(a)
        return a.kind in (kind, "unknown") and bool(words & heads) and modifiers <= words

    return fits


def _fits_pronoun(sp: Speaker, rules: Rules) -> Callable[[Speaker], bool]:
    word = sp.head
    if word in rules.person_pronouns:
        return lambda a: a.kind in _PERSONS and not a.plural and a.gender in (None, word)
    if word in rules.plural_pronouns:
        return lambda a: a.plural
    return lambda a: a.kind in _THINGS and not a.plural


def _antecedent(
    history: list[Speaker], sp: Speaker, max_distance: int, fits: Callable[[Speaker], bool]
) -> Speaker | None:
    for a in reversed(history):
        if sp.start - a.end > max_distance:
            return None
        if a.start < sp.start and fits(a):
            return a
    return None
