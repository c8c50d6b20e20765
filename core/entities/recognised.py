"""Actors from the recogniser's names (core/entities/ner.py) that the gazetteer and the rules
did not find, with their kinds and the links an article makes between its own names: an
acronym defined in parentheses ("General Motors Corporation (GM)") is that organisation
wherever it recurs, and a one-word name that ends exactly one person's full name ("Bobick" after
"Elroy Bobick") is that person; with two such persons it is linked to neither.
"""

from __future__ import annotations

from collections import Counter
from itertools import compress

from dateline.core.entities.discovery import _Doc, _Found, hints
from dateline.core.entities.names import _gazetteer_person
from dateline.core.entities.ner import NameSpan, NerModel, recognise
from dateline.core.entities.tokens import slug

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
    """Acronyms the article defines right after a name: "Name (ACR)" -> that name."""
    tok = doc.tok
    ending = {item.last: item for item in named if item.kind != "person"}
    defined: dict[str, _Found] = {}
    for k in compress(range(tok.n), map("(".__eq__, tok.word)):
        if not 0 < k < tok.n - 2 or tok.word[k + 2] != ")" or k - 1 not in ending:
            continue
        acronym = tok.word[k + 1]
        if not (acronym.isupper() and 2 <= len(acronym) <= 8):
            continue
        owner = ending[k - 1]
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
        s for s in recognise(tok, hints(doc), model, used) if not doc.headline(s.first)
    ]
    new: list[_Found] = []
    for span in spans:
        name = tok.text[tok.start[span.first] : tok.end[span.last]]
        item = _Found(span.first, span.last, KINDS[span.label], name)
        if span.label == "PER" and span.last > span.first:
            item.actor_id = _gazetteer_person(doc.engine, name)
        new.append(item)
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


def article_kinds(items: list[_Found], ruled: set[str]) -> dict[str, str]:
    """One kind per actor id in an article: the rules' kind where they found it, else the kind
    most of its mentions got."""
    votes: dict[str, Counter[str]] = {}
    for item in items:
        actor_id = item.actor_id or slug(item.name)
        weight = 100 if actor_id in ruled else 1
        votes.setdefault(actor_id, Counter())[item.kind] += weight
    return {actor_id: v.most_common(1)[0][0] for actor_id, v in votes.items()}
