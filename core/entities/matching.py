"""The gazetteer engine: a phrase trie over token keys holding every country and known-actor
surface, the word sets of data/entities.toml, and leftmost-longest scanning of a text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import compress

from dateline.core.entities import gazetteer
from dateline.core.entities.gazetteer import Country, EntityWords
from dateline.core.entities.tokens import (
    _STRAIGHTEN,
    _is_cap,
    _tokenize,
    _Tokens,
)
from dateline.core.model import Actor

# -------------------------------------------------------------------------------------------
# Phrase trie: nested dicts keyed by token keys; _END holds the surfaces that end there.

_END = ""


@dataclass(frozen=True, slots=True)
class _Surface:
    """One way of writing an entity, with how its case must match."""

    words: tuple[str, ...]
    caps: tuple[bool, ...]  # the text's token must start upper-case
    exact: bool  # abbreviations: every token exactly as written
    kind: str  # "country", "actor", "block" (a non-country that contains a country word)
    ref: str  # alpha-2 code or actor id
    form: str  # country: "name", "demonym", "abbreviation", "capital", "metonym"; actor: "alias"
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class _Hit:
    """A gazetteer match: tokens first..last, the surfaces that matched, what they name."""

    first: int  # token indices, inclusive
    last: int
    surfaces: tuple[_Surface, ...]
    code: str | None  # the country named, if exactly one
    form: str  # how the country is named: "name", "demonym", ...
    actor_id: str | None


def _hit(first: int, last: int, surfaces: tuple[_Surface, ...]) -> _Hit:
    countries = [s for s in surfaces if s.kind == "country"]
    codes = {s.ref for s in countries}
    return _Hit(
        first,
        last,
        surfaces,
        codes.pop() if len(codes) == 1 else None,
        countries[0].form if countries else "",
        next((s.ref for s in surfaces if s.kind == "actor"), None),
    )


def _trie_add(trie: dict, phrase: str, **surface: object) -> None:
    tokens = _tokenize(phrase)
    if not tokens.n:
        return
    caps = tuple(_is_cap(w) and not j for w, j in zip(tokens.word, tokens.joined, strict=True))
    entry = _Surface(words=tuple(tokens.word), caps=caps, **surface)  # type: ignore[arg-type]
    node = trie
    for key in tokens.key:
        node = node.setdefault(key, {})
    node.setdefault(_END, []).append(entry)


def _case_ok(surface: _Surface, words: list[str], first: int) -> bool:
    if surface.exact:
        return all(words[first + k] == w for k, w in enumerate(surface.words))
    return all(not cap or _is_cap(words[first + k]) for k, cap in enumerate(surface.caps))


def _scan(trie: dict, tok: _Tokens, accept: Callable[[_Surface, int, int], bool]) -> list[_Hit]:
    """Leftmost-longest matches of the trie's phrases whose surfaces `accept` approves."""
    hits: list[_Hit] = []
    keys, n = tok.key, tok.n
    after = 0  # first token not inside the previous hit
    for i in compress(range(n), map(trie.__contains__, keys)):
        if i < after:
            continue
        node = trie[keys[i]]
        best: _Hit | None = None
        j = i
        while node is not None:
            ends = node.get(_END)
            if ends:
                ok = tuple(s for s in ends if accept(s, i, j))
                if ok:
                    best = _hit(i, j, ok)
            j += 1
            if j == n:
                break
            node = node.get(keys[j])
        if best is not None:
            hits.append(best)
            after = best.last + 1
    return hits


# -------------------------------------------------------------------------------------------
# The engine: tries and word sets built once from the gazetteers.


def _phrases(items: Iterable[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(_tokenize(p).key) for p in items if p.strip())


@dataclass(frozen=True, slots=True)
class _Words:
    honorifics: frozenset[str]
    particles: frozenset[str]
    suffixes: frozenset[str]
    compound_suffixes: frozenset[str]
    stopwords: frozenset[str]
    modifiers: frozenset[str]
    role_heads: frozenset[str]
    topical_heads: frozenset[str]
    topic_prepositions: frozenset[str]
    appositive_stops: frozenset[str]
    org_heads: frozenset[str]
    org_connectors: frozenset[str]
    org_generic: frozenset[str]
    org_inner: frozenset[str]
    verbs: frozenset[str]
    before_name: frozenset[tuple[str, ...]]
    reporter_before: frozenset[tuple[str, ...]]
    editor_before: frozenset[tuple[str, ...]]
    reporter_after: frozenset[tuple[str, ...]]


def _word_sets(words: EntityWords) -> _Words:
    def keys(items: Iterable[str]) -> frozenset[str]:
        return frozenset(w.lower().translate(_STRAIGHTEN).rstrip(".") for w in items)

    return _Words(
        honorifics=keys(words.honorifics),
        particles=keys(words.particles),
        suffixes=keys(words.suffixes),
        compound_suffixes=keys(words.compound_suffixes),
        stopwords=keys(words.stopwords),
        modifiers=keys(words.title_modifiers),
        role_heads=keys(words.role_heads),
        topical_heads=keys(words.topical_heads),
        topic_prepositions=keys(words.topic_prepositions),
        appositive_stops=keys(words.appositive_stops),
        org_heads=keys(words.org_heads),
        org_connectors=keys(words.org_connectors),
        org_generic=keys(words.org_generic),
        org_inner=keys(words.org_inner_words) | keys(words.org_heads) | keys(words.org_generic),
        verbs=keys(words.attribution_verbs),
        before_name=_phrases(words.attribution_before),
        reporter_before=_phrases(words.reporter_before),
        editor_before=_phrases(words.editor_before),
        reporter_after=_phrases(words.reporter_after),
    )


def plural(demonym: str) -> str | None:
    """The English plural of a demonym, or None when it has none ("Chinese", "Swiss")."""
    lower = demonym.lower()
    if lower.endswith(("ese", "ss", "sh", "ch", "x", "z", "s")):
        return None
    if lower.endswith("man"):
        return demonym[:-3] + "men"
    return demonym + "s"


def _country_surfaces(country: Country) -> Iterable[tuple[str, str, bool]]:
    """(phrase, form, exact) for every way of writing a country."""
    for name in (country.name, *country.aliases):
        yield name, "name", False
    for abbreviation in country.abbreviations:
        yield abbreviation, "abbreviation", True
    for demonym in country.demonyms:
        yield demonym, "demonym", False
        many = plural(demonym)
        if many:
            yield many, "demonym", False
    for capital in country.capitals:
        yield capital, "capital", False
    for metonym in country.metonyms:
        yield metonym, "metonym", False


def _actor_exact(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return len(letters) <= 3 or all(c.isupper() for c in letters)


_LETTERS = re.compile(r"[a-z]+")
_WORDS = re.compile(r"\w+")
_GENERATION = re.compile(r"\b(Jr|Sr)\b")


@cache
def _not_name_words() -> frozenset[str]:
    """Honorifics and suffixes: words of a written name that are not the name."""
    words = gazetteer.entity_words()
    return frozenset(w.lower().rstrip(".") for w in (*words.honorifics, *words.suffixes))


def _name_words(name: str) -> list[str]:
    """Lower-case ASCII words of a person's name without honorifics, initials and suffixes."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = _LETTERS.findall(plain.replace("'", ""))
    drop = _not_name_words()
    return [w for w in words if len(w) > 1 and w not in drop]


def _generation(name: str) -> str:
    """ "jr" or "sr" when the name carries one: Donald Trump and Donald Trump Jr. differ."""
    found = _GENERATION.search(name)
    return found.group(1).lower() if found else ""


@dataclass(frozen=True, slots=True)
class _Engine:
    entities: dict
    titles: dict
    countries: Mapping[str, Country]
    actors: Mapping[str, Actor]
    words: _Words
    person_names: tuple[str, ...]  # compact gazetteer person names, for fuzzy matching
    person_ids: tuple[str, ...]
    person_full: tuple[str, ...]  # the names as written, for the same_person guard


def _surname_keys(name: Sequence[str], words: _Words) -> frozenset[str]:
    """Keys a short mention may use for a full name (its words): the first word (surname-first
    names: "Kim"), the last word ("Austin") and particles + last word ("van der Hoog")."""
    lowered = [w.lower().translate(_STRAIGHTEN).rstrip(".") for w in name]
    core = [w for w in lowered if len(w) > 1 and w not in words.suffixes]
    if not core:
        return frozenset()
    keys = {core[0], core[-1]}
    tail = [core[-1]]
    for w in reversed(core[:-1]):
        if w not in words.particles:
            break
        tail.insert(0, w)
    if len(tail) > 1:
        keys.add(" ".join(tail))
    return frozenset(k for k in keys if k not in words.particles)


@cache
def _engine() -> _Engine:
    countries = gazetteer.countries()
    actors = gazetteer.actors()
    raw_words = gazetteer.entity_words()
    words = _word_sets(raw_words)
    entities: dict = {}
    for country in countries.values():
        ambiguous = set(country.ambiguous)
        for phrase, form, exact in _country_surfaces(country):
            _trie_add(
                entities,
                phrase,
                exact=exact,
                kind="country",
                ref=country.alpha2,
                form=form,
                ambiguous=phrase in ambiguous,
            )
    person_names: list[str] = []
    person_ids: list[str] = []
    person_full: list[str] = []
    for actor in actors.values():
        for alias in (actor.name, *actor.aliases):
            _trie_add(
                entities, alias, exact=_actor_exact(alias), kind="actor", ref=actor.id, form="alias"
            )
            if actor.kind == "person" and len(_name_words(alias)) > 1:
                person_names.append("".join(_name_words(alias)))
                person_ids.append(actor.id)
                person_full.append(alias)
    for phrase in raw_words.not_countries:
        _trie_add(entities, phrase, exact=False, kind="block", ref="", form="")
    titles: dict = {}
    for phrase in raw_words.titles:
        _trie_add(titles, phrase.lower(), exact=False, kind="title", ref=phrase, form="")
    return _Engine(
        entities=entities,
        titles=titles,
        countries=countries,
        actors=actors,
        words=words,
        person_names=tuple(person_names),
        person_ids=tuple(person_ids),
        person_full=tuple(person_full),
    )
