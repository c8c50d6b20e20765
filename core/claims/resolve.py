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
    genders = _Genders()
    for d in sorted(drafts, key=lambda d: d.cue_start):
        sp = d.speaker
        if d.continued:
            continue
        antecedent = None
        if sp.kind == "pronoun":
            fits = _fits_pronoun(sp, rules, genders.of)
            antecedent = _antecedent(history, sp, rules.max_distance, fits)
        elif sp.kind == "description":
            antecedent = _antecedent(
                history, sp, rules.description_max_distance, _fits_description(sp, rules)
            )
        if antecedent is not None:
            sp.name, sp.kind, sp.plural = antecedent.name, antecedent.kind, antecedent.plural
            sp.role = antecedent.role or sp.role
            # "she" said it: later "he" is someone else, for every mention of that speaker
            gender = sp.head if sp.head in rules.person_pronouns else genders.of(antecedent)
            genders.learn(antecedent.name, gender)
            sp.gender = gender
        if sp.kind not in ("pronoun", "description"):
            history.append(sp)
            genders.add(sp)
    genders.settle(history)


class _Genders:
    """The pronoun ("he"/"she") each speaker in the history was last referred to by.

    When a pronoun refers to a speaker, every earlier mention of that name learns its gender.
    Setting each one would rescan the history per pronoun (quadratic in a long article); instead
    the mentions of a name share one cell from then on, and later mentions join it when the
    name is next referred to.
    """

    def __init__(self) -> None:
        self._cells: dict[str, list[str | None]] = {}
        self._waiting: dict[str, list[Speaker]] = {}  # mentions added since the name's last lesson
        self._cell_of: dict[int, list[str | None]] = {}

    def add(self, sp: Speaker) -> None:
        self._waiting.setdefault(sp.name, []).append(sp)

    def of(self, sp: Speaker) -> str | None:
        cell = self._cell_of.get(id(sp))
        return sp.gender if cell is None else cell[0]

    def learn(self, name: str, gender: str | None) -> None:
        cell = self._cells.setdefault(name, [gender])
        cell[0] = gender
        for sp in self._waiting.pop(name, ()):
            self._cell_of[id(sp)] = cell

    def settle(self, history: list[Speaker]) -> None:
        for sp in history:
            sp.gender = self.of(sp)


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


def _fits_pronoun(
    sp: Speaker, rules: Rules, gender_of: Callable[[Speaker], str | None]
) -> Callable[[Speaker], bool]:
    word = sp.head
    if word in rules.person_pronouns:
        return lambda a: a.kind in _PERSONS and not a.plural and gender_of(a) in (None, word)
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
