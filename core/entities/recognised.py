"""Actors from the recogniser's names (core/entities/ner.py) that the gazetteer and the rules
did not find, with their kinds and the links an article makes between its own names: an
acronym defined in parentheses ("General Motors Corporation (GM)") is that organisation
wherever it recurs, and a one-word name that ends exactly one person's full name ("Bobick" after
"Elroy Bobick") is that person; with two such persons it is linked to neither.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from itertools import compress

from dateline.core.entities.discovery import _Doc, _Found, hints
from dateline.core.entities.gazetteer import entity_words
from dateline.core.entities.names import _gazetteer_person
from dateline.core.entities.ner import NameSpan, NerModel, recognise
from dateline.core.entities.tokens import slug
from dateline.core.resources import data_file, load_toml

KINDS = {"PER": "person", "ORG": "organization", "LOC": "place", "MISC": "other"}


def _covered(doc: _Doc, found: list[_Found]) -> bytearray:
    """Tokens the gazetteer (countries, known actors) and the rules already named."""
    used = bytearray(doc.tok.n)
    for hit in doc.hits:
        if hit.code or hit.actor_id:
            used[hit.first : hit.last + 1] = b"\x01" * (hit.last - hit.first + 1)
    for item in found:
        used[item.first : item.last + 1] = b"\x01" * (item.last - item.first + 1)
    return used


def _initials_match(acronym: str, words: list[str]) -> bool:
    """ "GM" for General Motors (Corporation), "ISIL" for Islamic State of Iraq and the Levant:
    the acronym's letters, in order, are initials of the name's words, the first one first."""
    letters = [c for c in acronym.lower() if c.isalpha()]
    initials = [w[0].lower() for w in words if w[:1].isalpha()]
    capitals = [w[0].lower() for w in words if w[:1].isupper()]
    if len(letters) < 2 or not capitals or letters[0] != capitals[0]:
        return False
    position = 0
    for letter in letters:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return False
        position += 1
    return True


def acronyms(doc: _Doc, named: list[_Found]) -> dict[str, _Found]:
    """Acronyms the article defines beside a name: "Name (ACR)" or "ACR (Name)" -> the name."""
    tok = doc.tok
    ending = {item.last: item for item in named if item.kind != "person"}
    defined: dict[str, _Found] = {}
    starting = {item.first: item for item in named if item.kind != "person"}
    for k in compress(range(tok.n), map("(".__eq__, tok.word)):
        if not 0 < k < tok.n - 2:
            continue
        if tok.word[k + 2] == ")" and k - 1 in ending:  # "General Motors Corporation (GM)"
            acronym, owner = tok.word[k + 1], ending[k - 1]
        elif k + 1 in starting and starting[k + 1].last + 1 < tok.n:  # "GM (General Motors)"
            acronym, owner = tok.word[k - 1], starting[k + 1]
            if tok.word[owner.last + 1] != ")":
                continue
        else:
            continue
        if not (acronym.isupper() and 2 <= len(acronym) <= 8):
            continue
        if _initials_match(acronym, tok.word[owner.first : owner.last + 1]):
            defined.setdefault(acronym, owner)
    return defined


def _person_ends(named: list[_Found]) -> dict[str, set[str]]:
    ends: dict[str, set[str]] = {}
    for item in named:
        words = item.name.split()
        if item.kind == "person" and len(words) > 1:
            ends.setdefault(words[-1].lower(), set()).add(item.actor_id or slug(item.name))
    return ends


def recognised(doc: _Doc, found: list[_Found], model: NerModel | None = None) -> list[_Found]:
    """Actors among the recogniser's names that `found` (gazetteer hits and rule-found actors)
    does not cover, with in-article links; `found` items an acronym names get its owner's id."""
    tok = doc.tok
    used = _covered(doc, found)
    spans: list[NameSpan] = [
        s
        for s in recognise(tok, hints(doc), model, used, lambda a, b: _evidence(doc, a, b))
        if not doc.headline(s.first)
    ]
    new: list[_Found] = []
    for span in spans:
        first = span.first
        if tok.key[first] in _ARTICLES and first < span.last:  # "The Obama (administration)"
            first += 1
        label = span.label
        if first < span.last and _is_title(doc, tok.key[first]):  # "President Preval"
            first += 1
            label = "PER"  # a title before a name makes it a person's, named without it
        name = tok.text[tok.start[first] : tok.end[span.last]]
        item = _Found(first, span.last, KINDS[label], name)
        if label == "PER" and span.last > first:
            item.actor_id = _gazetteer_person(doc.engine, name)
        new.append(item)
    for item in new:
        kind = kind_in_apposition(doc, item.first, item.last)
        if kind:
            item.kind = kind
            item.roles = _STRONG
    named = [*found, *new]
    defined = acronyms(doc, named)
    ends = _person_ends(named)
    for item in new:
        owner = defined.get(item.name)
        if owner is not None:
            item.actor_id = owner.actor_id or slug(owner.name)
            item.kind = owner.kind
            continue
        owners = ends.get(item.name.lower()) if item.first == item.last else None
        if owners and len(owners) == 1:
            item.actor_id = next(iter(owners))
            item.kind = "person"
    return new


def _is_title(doc: _Doc, key: str) -> bool:
    """A one-word title or honorific ("president", "mr"): a word before a name, not of it."""
    return key in _title_words()


@cache
def _title_words() -> frozenset[str]:
    words = entity_words()
    return frozenset(w.lower().rstrip(".") for w in (*words.titles, *words.honorifics)
                     if " " not in w and "-" not in w)


_STRONG = frozenset({"kind-evidence"})
_ARTICLES = frozenset({"a", "an", "the"})


@cache
def _kind_nouns() -> dict[str, str]:
    data = load_toml(data_file("ner.toml"))
    nouns = dict.fromkeys(data["place_nouns"], "place")
    nouns.update(dict.fromkeys(data["organization_nouns"], "organization"))
    return nouns


_LABELS = {kind: label for label, kind in KINDS.items()}


def _evidence(doc: _Doc, first: int, last: int) -> str | None:
    kind = kind_in_apposition(doc, first, last)
    return _LABELS[kind] if kind else None


def kind_in_apposition(doc: _Doc, first: int, last: int) -> str | None:
    """The kind a noun beside a name gives it: ", the carmaker" or ", a spokeswoman" after it,
    "the carmaker" or "the city of" before it."""
    tok, nouns, roles = doc.tok, _kind_nouns(), doc.engine.words.role_heads
    k = last + 1
    if k < tok.n and tok.word[k] == ",":
        k += 1
        if k < tok.n and tok.key[k] in _ARTICLES:
            k += 1
            for j in range(k, min(k + 3, tok.n)):
                if tok.word[j] in ",.;:":
                    break
                if tok.key[j] in nouns:
                    return nouns[tok.key[j]]
                if tok.key[j] in roles:
                    return "person"
    before = first - 1
    if before >= 1 and tok.key[before] == "of" and tok.key[before - 1] in nouns:
        return "place" if nouns[tok.key[before - 1]] == "place" else None
    if before >= 1 and tok.key[before] in nouns and tok.key[before - 1] in _ARTICLES:
        return nouns[tok.key[before]]
    return None


def article_kinds(items: list[_Found], ruled: set[str]) -> dict[str, str]:
    """One kind per actor id in an article: the rules' kind where they found it, else the kind
    most of its mentions got."""
    votes: dict[str, Counter[str]] = {}
    for item in items:
        actor_id = item.actor_id or slug(item.name)
        weight = 100 if actor_id in ruled else 10 if item.roles == _STRONG else 1
        votes.setdefault(actor_id, Counter())[item.kind] += weight
    return {actor_id: v.most_common(1)[0][0] for actor_id, v in votes.items()}
