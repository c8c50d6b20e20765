"""Discovery of actors the gazetteer lacks: the document under analysis, runs of capitalised
words, and organisations named by an organisation word ("Leiden University")."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter

from dateline.core.entities.matching import (
    _case_ok,
    _Engine,
    _engine,
    _Hit,
    _scan,
    _Surface,
    _Words,
)
from dateline.core.entities.tokens import (
    _APOSTROPHE,
    _HEADLINE_MAX_TOKENS,
    _HEADLINE_SMALL,
    _is_cap,
    _tokenize,
    _Tokens,
    slug,
)

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
    of_seen = False
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
        if connector == "and" and (not of_seen or any(_is_org_head(doc, i) for i in run)):
            break  # "X Group and Y" names two; "Department of Health and Human Services" one
        of_seen = of_seen or connector != "and"
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


def hints(doc: _Doc) -> dict[int, tuple[int, str]]:
    """What the gazetteer says about the text, for the recogniser's features: the first token
    of each hit mapped to its last token and what it names ("country:demonym", "actor:person",
    "title")."""
    found: dict[int, tuple[int, str]] = {}
    for title in doc.titles:
        found[title.first] = (title.last, "title")
    for hit in doc.hits:
        if hit.code:
            label = "country:" + hit.form
        elif hit.actor_id:
            label = "actor:" + doc.engine.actors[hit.actor_id].kind
        else:
            label = "block"
        found[hit.first] = (hit.last, label)
    return found
