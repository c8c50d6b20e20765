"""Find the countries and actors an article mentions, and link actor names across articles.

One pass of a phrase trie over the tokens finds every gazetteer name (core/gazetteer.py):
countries by name, alias, demonym, capital, metonym or abbreviation, and known actors by name
or alias. Leftmost-longest wins, so "North Korean" is North Korea, and "Interfax-Ukraine" is an
agency, not Ukraine. People and organisations the gazetteer lacks are discovered from runs of
capitalised words in context: an organisation word ("Leiden University"), a title before a name
("Defense Minister Kim Yong-hyun"), a role after it ("Yang Uk, a security expert"), a reporting
verb ("said Yang Uk") or a byline. Short mentions ("Mr. Kim", "Austin", "van der Hoog") resolve
to the nearest compatible full mention before them in the same article. `link_actors` merges
name variants across articles. Word lists live in data/entities.toml; the engine lives here.

Ids: known actors keep their gazetteer id; discovered ones get `slug(name)` ("kim-yong-hyun"),
and organisations with a generic name get their country's code in front ("ru-foreign-ministry").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, compress, repeat
from operator import add, contains, itemgetter, sub
from types import MappingProxyType

from rapidfuzz import fuzz, process

from dateline.core.entities import gazetteer
from dateline.core.entities.gazetteer import Country, EntityWords
from dateline.core.model import Actor, EntityMention

# -------------------------------------------------------------------------------------------
# Tokens

# A token is a word or a single punctuation mark, except a hyphen between two word characters,
# which joins two tokens and is part of the gap before the second.
_GAP_TOKEN = re.compile(r"((?<=\w)[\-‐‑](?=\w)|\s*)(\w+|[^\w\s])")
_STRAIGHTEN = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_APOSTROPHE = "'"
_CURLY = frozenset("’‘ʼ`´")
# Punctuation that ends an appositive ("Yang Uk, a security expert with ... .").
_CLAUSE_END = frozenset(',.;:!?()[]{}"“”—–…•|')
_ARTICLES = frozenset({"a", "an", "the"})
_HEADLINE_MAX_TOKENS = 40
_HEADLINE_SMALL = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "as", "by", "with"}
)


@dataclass(frozen=True, slots=True)
class _Tokens:
    """Tokens of a text: words and single punctuation marks, with offsets into the text.

    A hyphen inside a word is no token, and the token after it is marked `joined` ("Yong-hyun"
    is "Yong" + joined "hyun"), so "Kim Jong-un" and "Kim Jong Un" have the same keys.
    """

    text: str
    n: int
    start: list[int]
    end: list[int]
    word: list[str]  # as written
    key: list[str]  # lower-cased, apostrophes straightened
    joined: list[bool]
    line: list[int]  # line number of each token


def _tokenize(text: str) -> _Tokens:
    # One findall does the work in C: each match is (gap before the token, token); offsets,
    # line numbers and hyphen joins follow from the gaps' lengths and contents.
    pairs = _GAP_TOKEN.findall(text)
    if not pairs:
        return _Tokens(text, 0, [], [], [], [], [], [])
    gaps, words = zip(*pairs, strict=True)
    end = list(accumulate(map(add, map(len, gaps), map(len, words))))
    start = list(map(sub, end, map(len, words)))
    line = list(accumulate(map(contains, gaps, repeat("\n"))))  # equal on one line
    joined = list(map(bool, map(str.strip, gaps)))  # the gap holds a joining hyphen
    keys = list(map(str.lower, words))
    for i in compress(range(len(keys)), map(_CURLY.__contains__, words)):
        keys[i] = _APOSTROPHE  # apostrophes are tokens of their own
    return _Tokens(text, len(start), start, end, list(words), keys, joined, line)


def _is_cap(word: str) -> bool:
    return word[:1].isalpha() and word[:1].isupper()


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


# -------------------------------------------------------------------------------------------
# Person names: the fuzzy rule shared by in-article and cross-article resolution.

# fuzz.ratio is the normalised Indel similarity of the two whole names with spaces, hyphens,
# initials and honorifics removed ("kimjongun"). It charges every inserted or deleted letter,
# so a one-letter typo or a dropped syllable still scores >= 90 ("volodyrzelensky" vs
# "volodymyrzelensky": 94; "zelenskyy" variants: 97), while relatives who share a surname and
# a syllable fall below it ("kimjongun" vs "kimjongil": 78; vs "kimyonghyun": 80; "leejaemyung"
# vs "leejaeyong": 86). Partial and token-set scorers are unsafe here: they score "Kim" against
# "Kim Jong Un" at 100. Jaro-Winkler rewards a shared prefix, which is exactly what
# surname-first Korean names share. Two guards on top: the first letters of the first and last
# words must agree (a typo rarely hits an initial, a different person often does), and names
# shorter than 8 letters must agree exactly (one letter is too much of a short name: "Yang Uk"
# and "Yang Ik" are different people). "Jr." and "Sr." must agree.
FUZZY_CUTOFF = 90
FUZZY_MIN_LENGTH = 8


def same_person(a: str, b: str) -> bool:
    """Whether two person names are spellings of the same name (see FUZZY_CUTOFF)."""
    wa, wb = _name_words(a), _name_words(b)
    if len(wa) < 2 or len(wb) < 2 or _generation(a) != _generation(b):
        return False
    ca, cb = "".join(wa), "".join(wb)
    if ca == cb:
        return True
    if wa[0][0] != wb[0][0] or wa[-1][0] != wb[-1][0]:
        return False
    if min(len(ca), len(cb)) < FUZZY_MIN_LENGTH:
        return False
    return fuzz.ratio(ca, cb) >= FUZZY_CUTOFF


def _gazetteer_person(engine: _Engine, name: str) -> str | None:
    """The id of the known person whose name `name` spells, if any."""
    compact = "".join(_name_words(name))
    if len(compact) < 2:
        return None
    found = process.extract(
        compact, engine.person_names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
    )
    for _choice, _score, index in found:
        if same_person(name, engine.person_full[index]):
            return engine.person_ids[index]
    return None


# -------------------------------------------------------------------------------------------
# Finding: gazetteer hits, runs of capitalised words, organisations, persons, short mentions.


@dataclass(slots=True)
class _Item:
    first: int
    last: int
    kind: str  # "hit", "title", "word", "initial", "particle", "suffix", "honorific"


@dataclass(slots=True)
class _Found:
    """A discovered or resolved actor mention before ids are final."""

    first: int
    last: int
    kind: str  # "person" or "organization"
    name: str  # the full name as written ("" for short mentions until resolved)
    actor_id: str | None = None
    title: str | None = None
    country: str | None = None
    short_key: str | None = None  # for short mentions: the surname key
    honorific: bool = False
    cue_country: str | None = None
    roles: frozenset[str] = frozenset()


@dataclass(slots=True)
class _Doc:
    """An article under analysis: tokens, the gazetteer hits and indexes over them."""

    tok: _Tokens
    engine: _Engine
    hits: list[_Hit]
    titles: list[_Hit]
    hit_at: list[int]  # token -> index into hits, or -1
    title_at: list[int]
    org_at: list[int] = field(default_factory=list)  # token -> index into orgs, or -1
    orgs: list[_Found] = field(default_factory=list)
    headlines: dict[int, bool] = field(default_factory=dict)  # line -> in headline case

    def headline(self, token: int) -> bool:
        line = self.tok.line[token]
        if line not in self.headlines:
            self.headlines[line] = _is_headline(self.tok, line)
        return self.headlines[line]

    def hit_ending(self, i: int) -> _Hit | None:
        return self.hits[self.hit_at[i]] if 0 <= i < self.tok.n and self.hit_at[i] >= 0 else None


def _coverage(n: int, hits: Sequence[_Hit]) -> list[int]:
    cover = [-1] * n
    for index, hit in enumerate(hits):
        for k in range(hit.first, hit.last + 1):
            cover[k] = index
    return cover


def _isolated(tok: _Tokens, words: _Words, first: int, last: int) -> bool:
    """No capitalised name word right beside the span ("George Washington", "Jordan River")."""
    for k in (first - 1, last + 1):
        beside = 0 <= k < tok.n and tok.line[k] == tok.line[first] and not tok.joined[k]
        if beside and _is_cap(tok.word[k]) and tok.key[k] not in words.stopwords:
            return False
    return True


def _is_headline(tok: _Tokens, line: int) -> bool:
    """A line in headline case ("What We Know About North Korea’s Role"), where capitals say
    nothing about names: no discovery there. A line ending in a full stop is a sentence
    ("Edited by Taejun Kang and Mike Firn."), and a long line is a paragraph."""
    first, last = bisect_left(tok.line, line), bisect_right(tok.line, line)
    if last - first > _HEADLINE_MAX_TOKENS or tok.word[last - 1] == ".":
        return False
    content = [
        w
        for w, k, j in zip(
            tok.word[first:last], tok.key[first:last], tok.joined[first:last], strict=True
        )
        if not j and w[:1].isalpha() and k not in _HEADLINE_SMALL
    ]
    return len(content) >= 3 and sum(w[:1].isupper() for w in content) >= 0.8 * len(content)


def _analyse(text: str) -> _Doc:
    engine = _engine()
    tok = _tokenize(text)
    words = engine.words

    def accept_entity(surface: _Surface, first: int, last: int) -> bool:
        if not _case_ok(surface, tok.word, first):
            return False
        return not surface.ambiguous or _isolated(tok, words, first, last)

    hits = _scan(engine.entities, tok, accept_entity)
    titles = _scan(engine.titles, tok, lambda s, f, la: True)
    doc = _Doc(
        tok=tok,
        engine=engine,
        hits=hits,
        titles=titles,
        hit_at=_coverage(tok.n, hits),
        title_at=_coverage(tok.n, titles),
    )
    doc.org_at = [-1] * tok.n
    return doc


def _group_end(tok: _Tokens, i: int) -> int:
    j = i
    while j + 1 < tok.n and tok.joined[j + 1]:
        j += 1
    return j


def _item_at(doc: _Doc, j: int) -> _Item | None:
    """The run item starting at token j, or None when j ends a run of capitalised words."""
    tok, words = doc.tok, doc.engine.words
    if doc.hit_at[j] >= 0:
        hit = doc.hits[doc.hit_at[j]]
        return _Item(j, hit.last, "hit") if hit.first == j else None
    word, key = tok.word[j], tok.key[j]
    adjacent_dot = j + 1 < tok.n and tok.word[j + 1] == "." and tok.start[j + 1] == tok.end[j]
    if key in words.honorifics and _is_cap(word):
        return _Item(j, j + 1 if adjacent_dot else j, "honorific")
    if key in words.suffixes and word[:1].isupper():
        return _Item(j, j + 1 if adjacent_dot and key in ("jr", "sr") else j, "suffix")
    if len(word) == 1 and word.isupper() and adjacent_dot:
        return _Item(j, j + 1, "initial")
    if key in words.particles and not _is_cap(word):
        if j + 1 < tok.n and tok.joined[j + 1] and _is_cap(tok.word[j + 1]):
            return _Item(j, _group_end(tok, j), "word")  # "al-Shaar", "bin-Laden"
        return _Item(j, j, "particle")
    if not _is_cap(word) or tok.joined[j]:
        return None
    last = _group_end(tok, j)
    if any(tok.key[k] in words.compound_suffixes for k in range(j + 1, last + 1)):
        return None
    if not any(c.islower() for c in tok.text[tok.start[j] : tok.end[last]]):
        return None  # all capitals: an acronym or a shouted headline, not a name
    if doc.title_at[j] >= 0 and doc.titles[doc.title_at[j]].first == j:
        return _Item(j, doc.titles[doc.title_at[j]].last, "title")
    return _Item(j, last, "word")


def _runs(doc: _Doc) -> list[list[_Item]]:
    """Maximal runs of capitalised words, names and known entities on one line."""
    tok = doc.tok
    runs: list[list[_Item]] = []
    after = 0
    stopwords = doc.engine.words.stopwords
    for i in compress(range(tok.n), map(str.isupper, map(itemgetter(0), tok.word))):
        if i < after:
            continue
        if tok.key[i] in stopwords and not (i + 1 < tok.n and tok.word[i + 1][0].isupper()):
            continue  # "The", "In", "However" before a lower-case word: no name here
        item = _item_at(doc, i)
        if item is None or item.kind == "particle":
            continue
        run = [item]
        j = item.last + 1
        while j < tok.n and tok.line[j] == tok.line[i]:
            nxt = _item_at(doc, j)
            if nxt is None:
                break
            run.append(nxt)
            j = nxt.last + 1
        while run and run[-1].kind == "particle":
            run.pop()
        runs.append(run)
        after = j
    return _with_particle_surnames(doc, runs)


def _with_particle_surnames(doc: _Doc, runs: list[list[_Item]]) -> list[list[_Item]]:
    """Runs that start with a particle ("van der Hoog said") are skipped above; add them."""
    tok, particles = doc.tok, doc.engine.words.particles
    run_at = {run[0].first: run for run in runs}
    changed = False
    for i in compress(range(tok.n), map(particles.__contains__, tok.key)):
        if _is_cap(tok.word[i]) or (i > 0 and tok.key[i - 1] in particles):
            continue
        j = i
        while j < tok.n and tok.key[j] in particles and tok.line[j] == tok.line[i]:
            j += 1
        if j in run_at and tok.line[j] == tok.line[i]:
            run_at[i] = [_Item(k, k, "particle") for k in range(i, j)] + run_at.pop(j)
            changed = True
    return [run_at[k] for k in sorted(run_at)] if changed else runs


# --- organisations


def _is_org_head(doc: _Doc, item: _Item) -> bool:
    return item.kind in ("word", "title") and doc.tok.key[item.last] in doc.engine.words.org_heads


def _org_word_ok(doc: _Doc, item: _Item) -> bool:
    """May this item sit inside an organisation name?"""
    words = doc.engine.words
    if item.kind in ("initial", "particle", "honorific", "suffix"):
        return False
    if item.kind == "hit":
        return False
    key = doc.tok.key[item.first]
    return key not in words.stopwords or key in words.org_inner


def _org_tail(doc: _Doc, end: int, run_at: dict[int, list[_Item]]) -> tuple[int, list[int]]:
    """Extend an organisation past "of"/"for"/"the" into the runs that follow."""
    tok, words = doc.tok, doc.engine.words
    absorbed: list[int] = []
    while True:
        j = end + 1
        if j >= tok.n or tok.key[j] not in words.org_connectors or tok.word[j][:1].isupper():
            break
        connector = tok.key[j]
        while j < tok.n and tok.key[j] in words.org_connectors and tok.line[j] == tok.line[end]:
            j += 1
        run = run_at.get(j)
        if not run or tok.line[j] != tok.line[end]:
            break
        if any(item.kind == "hit" and doc.hits[doc.hit_at[item.first]].actor_id for item in run):
            break
        if connector == "and" and any(_is_org_head(doc, item) for item in run):
            break
        first = run[0]
        if first.kind != "hit" and not _org_word_ok(doc, first):
            break
        absorbed.append(j)
        end = run[-1].last
    return end, absorbed


def _org_country(doc: _Doc, core: list[_Item], last: int) -> str | None:
    """Whose organisation: a leading country word, a possessive or "-based" before it, or a
    trailing "of <Country>"."""
    tok = doc.tok
    if core[0].kind == "hit":
        return doc.hits[doc.hit_at[core[0].first]].code
    first = core[0].first
    before = _country_before(doc, first)
    if before:
        return before
    suffixes = doc.engine.words.compound_suffixes
    if first >= 2 and tok.joined[first - 1] and tok.key[first - 1] in suffixes:
        hit = doc.hit_ending(first - 2)
        if hit and hit.last == first - 2:
            return hit.code
    hit = doc.hit_ending(last)
    of = hit is not None and hit.first > 0 and tok.key[hit.first - 1] == "of"
    if hit and of and hit.last == last and hit.form == "name":
        return hit.code
    return None


def _country_before(doc: _Doc, first: int) -> str | None:
    """The country of a possessive right before token `first`: "South Korea’s", "Netherlands'"."""
    tok = doc.tok
    k = first - 1
    if k >= 1 and tok.key[k] == "s" and tok.key[k - 1] == _APOSTROPHE:
        k -= 2
    elif k >= 0 and tok.key[k] == _APOSTROPHE and k >= 1 and tok.key[k - 1].endswith("s"):
        k -= 1
    else:
        return None
    hit = doc.hit_ending(k)
    return hit.code if hit and hit.last == k else None


def _find_orgs(doc: _Doc, runs: list[list[_Item]]) -> None:
    tok, engine = doc.tok, doc.engine
    run_at = {run[0].first: run for run in runs}
    consumed: set[int] = set()
    for run in runs:
        if run[0].first in consumed or doc.headline(run[0].first):
            continue
        heads = [k for k, item in enumerate(run) if _is_org_head(doc, item)]
        if not heads:
            continue
        h = heads[-1]
        s = h
        while s > 0 and _org_word_ok(doc, run[s - 1]):
            s -= 1
        if s > 0 and run[s - 1].kind == "hit" and doc.hits[doc.hit_at[run[s - 1].first]].code:
            s -= 1  # a leading country word: "Russian Navy", "Seoul National University"
        core = run[s : h + 1]
        end = core[-1].last
        if h == len(run) - 1:
            end, absorbed = _org_tail(doc, end, run_at)
            consumed.update(absorbed)
        first = core[0].first
        name_words = [
            tok.key[k]
            for k in range(first, end + 1)
            if tok.word[k][:1].isalpha() and tok.key[k] not in engine.words.org_connectors
        ]
        if len(name_words) < 2:
            continue
        name = tok.text[tok.start[first] : tok.end[end]]
        country = _org_country(doc, core, end)
        generic = all(w in engine.words.org_generic for w in name_words)
        org_id = slug(name)
        if generic and country in engine.countries:  # "Foreign Ministry" of whom?
            org_id = f"{country.lower()}-{org_id}"
            name = f"{name} ({engine.countries[country].name})"
        index = len(doc.orgs)
        doc.orgs.append(_Found(first, end, "organization", name, org_id, None, country))
        for k in range(first, end + 1):
            doc.org_at[k] = index


# --- persons


def _title_phrase(doc: _Doc, title: _Hit) -> tuple[int, str | None]:
    """Extend a title back over its modifiers and country: "Russia’s foreign ministry
    spokesperson". Return the first token of the phrase and the country it names."""
    tok, words = doc.tok, doc.engine.words
    first = title.first
    k = first - 1
    while k >= 0 and tok.line[k] == tok.line[first] and tok.key[k] in words.modifiers:
        if doc.hit_at[k] >= 0:
            break
        k -= 1
    first = k + 1
    possessive = _country_before(doc, first)
    if possessive:
        hit = doc.hit_ending(first - 3 if tok.key[first - 1] == "s" else first - 2)
        return (hit.first if hit else first), possessive
    hit = doc.hit_ending(first - 1)
    if hit and hit.last == first - 1 and tok.line[hit.first] == tok.line[title.first]:
        if hit.code and not _topical(doc, hit):
            return hit.first, hit.code
        if hit.actor_id:  # "Kremlin spokesman": the institution's country
            actor = doc.engine.actors[hit.actor_id]
            if actor.kind == "organization" and actor.country:
                return hit.first, actor.country
    return first, None


def _topical(doc: _Doc, hit: _Hit) -> bool:
    """A country that is the subject of a role, not a nationality: "North Korea watcher",
    "a book on North Korea’s sabotage arm"."""
    tok, words = doc.tok, doc.engine.words
    if hit.first > 0 and tok.key[hit.first - 1] in words.topic_prepositions:
        return True
    after = hit.last + 1
    return (
        hit.form in ("name", "capital", "metonym")
        and after < tok.n
        and tok.key[after] in words.topical_heads
    )


def _appositive(doc: _Doc, comma: int) -> tuple[str, str | None, frozenset[str]] | None:
    """A role after a name: ", a security expert with ... ,". Return the title as written,
    the country it gives and its role words, or None when it names no role."""
    tok, words = doc.tok, doc.engine.words
    if comma >= tok.n or tok.word[comma] != ",":
        return None
    j = comma + 1
    if j < tok.n and tok.key[j] in _ARTICLES:
        j += 1
    start = j
    while j < tok.n and j - start < 16 and tok.line[j] == tok.line[comma]:
        w = tok.word[j]
        if w in _CLAUSE_END and not (w == "." and len(tok.word[j - 1]) == 1):
            break
        if tok.key[j] in words.appositive_stops:
            break
        j += 1
    if j == start:
        return None
    span = range(start, j)
    roles = frozenset(
        tok.key[k] for k in span if tok.key[k] in words.role_heads and doc.org_at[k] < 0
    )
    if not roles or tok.key[start] in words.verbs:
        return None
    title = tok.text[tok.start[start] : tok.end[j - 1]]
    return title, _span_country(doc, span), roles


def _span_country(doc: _Doc, span: range) -> str | None:
    """The nationality a role phrase gives: its first country word that is not the subject of
    the role and not inside an organisation's name; else the country of an organisation in it."""
    seen: set[int] = set()
    for k in span:
        index = doc.hit_at[k]
        if index < 0 or index in seen:
            continue
        seen.add(index)
        hit = doc.hits[index]
        if hit.code and doc.org_at[k] < 0 and not hit.actor_id and not _topical(doc, hit):
            return hit.code
    for k in span:
        if doc.org_at[k] >= 0 and doc.orgs[doc.org_at[k]].country:
            return doc.orgs[doc.org_at[k]].country
        actor_id = doc.hits[doc.hit_at[k]].actor_id if doc.hit_at[k] >= 0 else None
        if actor_id and doc.engine.actors[actor_id].country:
            return doc.engine.actors[actor_id].country
    return None


def _of_country(doc: _Doc, last: int) -> str | None:
    """ "President Volodymyr Zelensky of Ukraine", "van der Hoog of Netherlands' Leiden"."""
    tok = doc.tok
    j = last + 1
    if j < tok.n and tok.key[j] == "of":
        j += 1
        if j < tok.n and tok.key[j] == "the":
            j += 1
        if j < tok.n and doc.hit_at[j] >= 0:
            hit = doc.hits[doc.hit_at[j]]
            if hit.first == j and hit.code:
                return hit.code
    return None


def _phrase_ending(phrases: frozenset[tuple[str, ...]], tok: _Tokens, i: int) -> int | None:
    """The first token of the phrase that ends right before token i, if any."""
    for length in (3, 2, 1):
        s = i - length
        if s >= 0 and tuple(tok.key[s:i]) in phrases and tok.line[s] == tok.line[i]:
            return s
    return None


def _phrase_starting(phrases: frozenset[tuple[str, ...]], tok: _Tokens, j: int) -> bool:
    return any(tuple(tok.key[j : j + length]) in phrases for length in (4, 3, 2, 1))


def _title_before(doc: _Doc, first: int) -> _Hit | None:
    tok = doc.tok
    for k in (first - 1, first - 2):
        if k < 0 or tok.line[k] != tok.line[first]:
            return None
        if doc.title_at[k] >= 0 and doc.titles[doc.title_at[k]].last == k:
            return doc.titles[doc.title_at[k]]
        if tok.word[k] != ",":
            return None
    return None


def _person_evidence(doc: _Doc, first: int, last: int, person: _Found) -> bool:
    """Is the name at tokens first..last a person? Fill in title and country from context."""
    tok, words = doc.tok, doc.engine.words
    evidence = False
    title = _title_before(doc, first)
    if title:
        start, country = _title_phrase(doc, title)
        person.title = tok.text[tok.start[start] : tok.end[title.last]]
        person.country = country
        evidence = True
    apposition = _appositive(doc, last + 1)
    if apposition:
        text, country, roles = apposition
        person.title = person.title or text
        person.country = person.country or country
        person.roles = roles
        evidence = True
    person.country = person.country or _of_country(doc, last)
    byline = _byline(doc, first, last)
    if byline is not None:
        person.title = person.title or byline or None
        evidence = True
    if last + 1 < tok.n and tok.key[last + 1] in words.verbs:
        evidence = True
    if _phrase_ending(words.before_name, tok, first) is not None:
        evidence = True
    return evidence


def _byline(doc: _Doc, first: int, last: int) -> str | None:
    """ "reporter"/"editor" for a byline name, "" for a plain "by NAME", None otherwise."""
    tok, words = doc.tok, doc.engine.words
    start = _phrase_ending(words.editor_before, tok, first)
    if start is not None:
        return "editor"
    start = _phrase_ending(words.reporter_before, tok, first)
    if start is not None:
        plain = first - start == 1 and not tok.word[start][:1].isupper()
        return "" if plain else "reporter"
    if _phrase_starting(words.reporter_after, tok, last + 1):
        return "reporter"
    return None


def _segments(doc: _Doc, run: list[_Item]) -> list[list[_Item]]:
    """Split a run into candidate names at known entities, organisations, stop-words and
    titles that precede a name."""
    words = doc.engine.words
    segments: list[list[_Item]] = []
    current: list[_Item] = []
    for index, item in enumerate(run):
        follows = index + 1 < len(run)
        key = doc.tok.key[item.first]
        boundary = (
            item.kind == "hit"
            or doc.org_at[item.first] >= 0
            or (item.kind == "title" and follows)
            or (item.kind == "word" and item.first == item.last and key in words.stopwords)
            or (item.kind == "honorific" and current)
        )
        if boundary:
            if current:
                segments.append(current)
            current = [item] if item.kind == "honorific" else []
            continue
        current.append(item)
    if current:
        segments.append(current)
    return segments


def _core_words(segment: list[_Item]) -> list[_Item]:
    return [item for item in segment if item.kind in ("word", "title")]


def _segment_name(doc: _Doc, segment: list[_Item]) -> tuple[int, int, str]:
    """Token span and text of a segment's name, without a leading honorific."""
    items = [item for item in segment if item.kind != "honorific"]
    first, last = items[0].first, items[-1].last
    return first, last, doc.tok.text[doc.tok.start[first] : doc.tok.end[last]]


def _known_surname(doc: _Doc, segment: list[_Item], run: list[_Item]) -> _Hit | None:
    """A gazetteer surname alias right after the segment: "Volodyr" + "Zelensky"."""
    last = segment[-1].last
    following = next((item for item in run if item.first == last + 1), None)
    if following is None or following.kind != "hit":
        return None
    hit = doc.hits[doc.hit_at[following.first]]
    actor_id = hit.actor_id
    if actor_id and hit.first == hit.last and doc.engine.actors[actor_id].kind == "person":
        return hit
    return None


def _short_key(doc: _Doc, segment: list[_Item]) -> str:
    first, last, _ = _segment_name(doc, segment)
    return " ".join(doc.tok.key[first : last + 1]).replace(" ' ", "'")


def _find_persons(doc: _Doc, runs: list[list[_Item]]) -> tuple[list[_Found], list[list[_Item]]]:
    """Full names with evidence that they are persons, and one-word segments to resolve."""
    tok = doc.tok
    found: list[_Found] = []
    shorts: list[list[_Item]] = []
    last_person_end = -10
    for run in runs:
        for segment in _segments(doc, run):
            core = _core_words(segment)
            if not core:
                continue
            honorific = segment[0].kind == "honorific"
            first, last, name = _segment_name(doc, segment)
            surname_hit = _known_surname(doc, segment, run) if not honorific else None
            if surname_hit is not None:
                person = _Found(first, surname_hit.last, "person", "")
                person.name = tok.text[tok.start[first] : tok.end[surname_hit.last]]
                _person_evidence(doc, first, surname_hit.last, person)
                person.actor_id = _gazetteer_person(doc.engine, person.name)
                found.append(person)
                continue
            if len(core) == 1:
                shorts.append(segment)
                continue
            if len(core) > 5 or doc.headline(first):
                continue
            person = _Found(segment[0].first, last, "person", name)
            coordinated = first > 0 and tok.key[first - 1] == "and" and last_person_end == first - 2
            evidence = _person_evidence(doc, first, last, person) or honorific
            if coordinated and not evidence and found:
                person.title = found[-1].title
                evidence = True
            if not evidence:
                continue
            person.actor_id = _gazetteer_person(doc.engine, name)
            found.append(person)
            last_person_end = last
    return found, shorts


def _short(doc: _Doc, segment: list[_Item], key: str) -> _Found:
    """A one-word name ("Kim", "Mr. Austin", "van der Hoog") to resolve, with what the text
    says around it: a country ("North Korea’s Kim") and a role ("Mr. Kim, the defense
    minister")."""
    _, last, _ = _segment_name(doc, segment)
    person = _Found(segment[0].first, last, "person", "", short_key=key)
    person.honorific = segment[0].kind == "honorific"
    person.cue_country = _country_before(doc, segment[0].first)
    if person.cue_country is None:
        hit = doc.hit_ending(segment[0].first - 1)
        if hit and hit.last == segment[0].first - 1 and hit.form == "demonym":
            person.cue_country = hit.code
    apposition = _appositive(doc, last + 1)
    if apposition:
        person.roles = apposition[2]
    return person


# --- resolving short mentions


@dataclass(frozen=True, slots=True)
class _Full:
    """A full-name person mention that short mentions may refer back to."""

    start: int
    actor_id: str
    keys: frozenset[str]
    country: str | None
    title: str


@cache
def _gazetteer_keys(actor: Actor, words: _Words) -> frozenset[str]:
    keys: frozenset[str] = frozenset()
    for alias in (actor.name, *actor.aliases):
        if len(alias.split()) > 1:
            keys |= _surname_keys(alias.split(), words)
    return keys


def _resolve_shorts(doc: _Doc, persons: list[_Found], shorts: list[list[_Item]]) -> list[_Found]:
    """Give every short mention the id of the nearest compatible full mention before it; an
    unresolved "Mr. X" becomes a person of its own."""
    engine, words = doc.engine, doc.engine.words
    fulls: list[_Full] = []
    for hit in doc.hits:
        actor_id = hit.actor_id
        if actor_id and engine.actors[actor_id].kind == "person" and hit.first < hit.last:
            actor = engine.actors[actor_id]
            keys = _gazetteer_keys(actor, words)
            fulls.append(_Full(hit.first, actor_id, keys, actor.country, actor.title or ""))
    for person in persons:
        keys = _surname_keys(person.name.split(), words)
        person_id = person.actor_id or slug(person.name)
        fulls.append(_Full(person.first, person_id, keys, person.country, person.title or ""))
    fulls.sort(key=lambda f: f.start)
    known_keys = set().union(*(f.keys for f in fulls))
    resolved: list[_Found] = list(persons)
    for segment in shorts:
        key = _short_key(doc, segment)
        if key not in known_keys and segment[0].kind != "honorific":
            continue
        person = _short(doc, segment, key)
        match = _nearest(person, fulls)
        if match is None and person.honorific:
            first, last, person.name = _segment_name(doc, segment)
            _person_evidence(doc, first, last, person)
            match = slug(person.name)
        if match is not None:
            person.actor_id = match
            resolved.append(person)
    return resolved


def _nearest(person: _Found, fulls: list[_Full]) -> str | None:
    """The actor of the nearest full mention before `person` that shares its key; among
    several, prefer those whose country and role agree with what the text says around it."""
    candidates = [f for f in fulls if f.start < person.first and person.short_key in f.keys]
    if person.cue_country:
        same = [f for f in candidates if f.country == person.cue_country]
        candidates = same or candidates
    if person.roles:
        fitting = [f for f in candidates if person.roles & set(f.title.lower().split())]
        candidates = fitting or candidates
    return candidates[-1].actor_id if candidates else None


# -------------------------------------------------------------------------------------------
# Public API


@dataclass(frozen=True, slots=True)
class Entities:
    """The countries and actors of one text: mentions in text order, and every actor they name."""

    countries: tuple[EntityMention, ...]
    actors: tuple[EntityMention, ...]
    registry: Mapping[str, Actor]


def slug(name: str) -> str:
    """A stable id for a name: ASCII, lower case, words joined by hyphens."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain.replace("'", "")).strip("-")


def _country_mentions(doc: _Doc) -> list[EntityMention]:
    tok = doc.tok
    mentions: list[EntityMention] = []
    for hit in doc.hits:
        code = hit.code
        if code:
            start, end = tok.start[hit.first], tok.end[hit.last]
            mentions.append(EntityMention(start, end, tok.text[start:end], code, "country"))
    return mentions


def _mention(doc: _Doc, first: int, last: int, actor_id: str, kind: str) -> EntityMention:
    start, end = doc.tok.start[first], doc.tok.end[last]
    return EntityMention(start, end, doc.tok.text[start:end], actor_id, kind)


def _actor_mentions(doc: _Doc) -> tuple[list[EntityMention], dict[str, Actor]]:
    engine = doc.engine
    runs = _runs(doc)
    _find_orgs(doc, runs)
    persons = _resolve_shorts(doc, *_find_persons(doc, runs))
    mentions: list[EntityMention] = []
    registry: dict[str, Actor] = {}
    for hit in doc.hits:
        actor_id = hit.actor_id
        if actor_id and not any(p.first <= hit.first <= p.last for p in persons):
            actor = engine.actors[actor_id]
            mentions.append(_mention(doc, hit.first, hit.last, actor_id, actor.kind))
            registry[actor_id] = actor
    discovered: dict[str, list[_Found]] = {}
    for found in [*doc.orgs, *persons]:
        actor_id = found.actor_id or slug(found.name)
        mentions.append(_mention(doc, found.first, found.last, actor_id, found.kind))
        if actor_id in engine.actors:
            registry[actor_id] = engine.actors[actor_id]
        elif found.name:
            discovered.setdefault(actor_id, []).append(found)
    for actor_id, finds in discovered.items():
        registry[actor_id] = _new_actor(actor_id, finds)
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions, registry


def _new_actor(actor_id: str, finds: list[_Found]) -> Actor:
    """An actor the gazetteer lacks, from its mentions in one article: the fullest name, the
    first title and country the text gave."""
    names = list(dict.fromkeys(" ".join(f.name.split()) for f in finds if f.name))
    name = max(names, key=lambda n: (len(n.split()), len(n)))
    country = next((f.country for f in finds if f.country), None)
    return Actor(
        id=actor_id,
        name=name,
        kind=finds[0].kind,
        country=country,
        aliases=tuple(n for n in names if n != name),
        title=next((f.title for f in finds if f.title), None),
    )


def extract(text: str) -> Entities:
    """Every country and actor mention of `text`, found in one tokenisation."""
    doc = _analyse(text)
    actors, registry = _actor_mentions(doc)
    return Entities(tuple(_country_mentions(doc)), tuple(actors), MappingProxyType(registry))


def find_countries(text: str) -> list[EntityMention]:
    """Country mentions (kind "country", entity_id the alpha-2 code) in text order."""
    return _country_mentions(_analyse(text))


def find_actors(text: str) -> tuple[list[EntityMention], dict[str, Actor]]:
    """Actor mentions in text order, and the actors they name by id (known and discovered)."""
    return _actor_mentions(_analyse(text))


# -------------------------------------------------------------------------------------------
# Linking across articles


@dataclass(frozen=True, slots=True)
class ActorLinks:
    """The result of linking: every input id mapped to its canonical id, and merged actors."""

    ids: Mapping[str, str]
    actors: Mapping[str, Actor]


class _Clusters:
    """Union-find over actor ids."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _link_persons(people: dict[str, Actor], clusters: _Clusters) -> None:
    """Union discovered persons whose names `same_person` accepts (compared only within blocks
    of equal initials, which `same_person` requires anyway); then a one-word name ("Murray",
    from an unresolved "Dr. Murray") joins the one full name that contains it, if only one does."""
    words_of = {actor_id: _name_words(actor.name) for actor_id, actor in people.items()}
    blocks: dict[tuple[str, str], list[str]] = {}
    containing: dict[str, set[str]] = {}
    for actor_id, words in words_of.items():
        if len(words) > 1:
            blocks.setdefault((words[0][0], words[-1][0]), []).append(actor_id)
            for word in words:
                containing.setdefault(word, set()).add(actor_id)
    for ids in blocks.values():
        names = ["".join(words_of[i]) for i in ids]
        for index, actor_id in enumerate(ids):
            found = process.extract(
                names[index],
                names[index + 1 :],
                scorer=fuzz.ratio,
                score_cutoff=FUZZY_CUTOFF,
                limit=None,
            )
            for _choice, _score, offset in found:
                other = ids[index + 1 + offset]
                if same_person(people[actor_id].name, people[other].name):
                    clusters.union(actor_id, other)
    for actor_id, words in words_of.items():
        if len(words) == 1:
            owners = {clusters.find(i) for i in containing.get(words[0], ())}
            if len(owners) == 1:
                clusters.union(actor_id, owners.pop())


def _org_key(name: str) -> tuple[str, ...]:
    words = _WORDS.findall(unicodedata.normalize("NFKD", name).lower())
    return tuple(words[1:] if words[:1] == ["the"] else words)


def _link_orgs(orgs: dict[str, Actor], clusters: _Clusters, connectors: frozenset[str]) -> None:
    """Same name up to case and "the" (and same country); or a short form that only one longer
    name starts with, up to a connector ("Asan Institute" / "Asan Institute for Policy Studies")."""
    keys = {actor_id: _org_key(a.name) for actor_id, a in orgs.items()}
    by_key: dict[tuple[str, ...], str] = {}
    starting: dict[tuple[str, ...], set[str]] = {}
    for actor_id, key in keys.items():
        full = (orgs[actor_id].country or "", *key)
        if full in by_key:
            clusters.union(by_key[full], actor_id)
        by_key.setdefault(full, actor_id)
        for cut, word in enumerate(key):
            if cut >= 2 and word in connectors:
                starting.setdefault(key[:cut], set()).add(actor_id)
    for actor_id, key in keys.items():
        longer = {clusters.find(other) for other in starting.get(key, ())}
        if len(longer) == 1:
            clusters.union(actor_id, longer.pop())


def _merge(members: list[Actor], counts: Counter[str], known: Mapping[str, Actor]) -> Actor:
    gazetteer_ids = [m.id for m in members if m.id in known]
    if gazetteer_ids:
        head = known[gazetteer_ids[0]]
    else:
        head = max(members, key=lambda m: (counts[m.id], len(m.name.split()), m.name, m.id))
    names: list[str] = []
    for member in members:
        names += [member.name, *member.aliases]
    votes = Counter(m.country for m in members for _ in range(counts[m.id]) if m.country)
    country = head.country or (votes.most_common(1)[0][0] if votes else None)
    title = head.title or next((m.title for m in members if m.title), None)
    aliases = tuple(n for n in dict.fromkeys([*head.aliases, *names]) if n != head.name)
    return Actor(head.id, head.name, head.kind, country, aliases, title)


def link_actors(registries: Iterable[Mapping[str, Actor]]) -> ActorLinks:
    """Link the actors of many articles: one id per person or organisation across the batch.

    Known actors keep their ids. Discovered persons merge when `same_person` accepts their
    names; discovered organisations when their names agree (see `_link_orgs`). The canonical
    id of a group is a gazetteer id if the group has one, else the id seen in most articles.
    """
    known = gazetteer.actors()
    counts: Counter[str] = Counter()
    first_seen: dict[str, list[Actor]] = {}
    for registry in registries:
        for actor_id, actor in registry.items():
            counts[actor_id] += 1
            first_seen.setdefault(actor_id, []).append(actor)
    merged = {
        actor_id: _merge(versions, Counter({actor_id: 1}), known)
        for actor_id, versions in first_seen.items()
    }
    clusters = _Clusters()
    people = {i: a for i, a in merged.items() if a.kind == "person" and i not in known}
    orgs = {i: a for i, a in merged.items() if a.kind == "organization" and i not in known}
    _link_persons(people, clusters)
    _link_orgs(orgs, clusters, _engine().words.org_connectors)
    groups: dict[str, list[Actor]] = {}
    for actor_id in merged:
        groups.setdefault(clusters.find(actor_id), []).append(merged[actor_id])
    ids: dict[str, str] = {}
    actors: dict[str, Actor] = {}
    for members in groups.values():
        actor = _merge(members, counts, known)
        actors[actor.id] = actor
        for member in members:
            ids[member.id] = actor.id
    return ActorLinks(MappingProxyType(ids), MappingProxyType(actors))


def relabel(mentions: Iterable[EntityMention], ids: Mapping[str, str]) -> list[EntityMention]:
    """The mentions with their actor ids replaced by the canonical ids of `link_actors`."""
    return [
        m if ids.get(m.entity_id, m.entity_id) == m.entity_id else _with_id(m, ids[m.entity_id])
        for m in mentions
    ]


def _with_id(mention: EntityMention, actor_id: str) -> EntityMention:
    return EntityMention(mention.start, mention.end, mention.text, actor_id, mention.kind)


__all__ = [
    "FUZZY_CUTOFF",
    "ActorLinks",
    "Entities",
    "extract",
    "find_actors",
    "find_countries",
    "link_actors",
    "plural",
    "relabel",
    "same_person",
    "slug",
]
