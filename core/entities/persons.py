"""Persons: full names with evidence (titles, roles in apposition, reporting verbs, bylines)
and short mentions ("Mr. Kim", "Austin") resolved to the nearest compatible full name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dateline.core.entities.discovery import (
    _country_before,
    _Doc,
    _Found,
    _Item,
)
from dateline.core.entities.matching import (
    _Hit,
    _surname_keys,
    _Words,
)
from dateline.core.entities.names import (
    _gazetteer_person,
)
from dateline.core.entities.tokens import (
    _ARTICLES,
    _CLAUSE_END,
    _Tokens,
    slug,
)
from dateline.core.model import Actor

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
