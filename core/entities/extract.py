"""Find the countries and actors an article mentions, and link actor names across articles.

One pass of a phrase trie over the tokens finds every gazetteer name (core/gazetteer.py):
countries by name, alias, demonym, capital, metonym or abbreviation, and known actors by name
or alias. Leftmost-longest wins, so "North Korean" is North Korea, and "Interfax-Ukraine" is an
agency, not Ukraine. People and organisations the gazetteer lacks are discovered from runs of
capitalised words in context: an organisation word ("Leiden University"), a title before a name
("Defense Minister Kim Yong-hyun"), a role after it ("Yang Uk, a security expert"), a reporting
verb ("said Yang Uk") or a byline. Short mentions ("Mr. Kim", "Austin", "van der Hoog") resolve
to the nearest compatible full mention before them in the same article. Every other name
(companies, products, indices, places, ...) comes from the recogniser (ner.py, recognised.py),
with one kind per actor in the article. `link_actors` (linking.py) merges name variants across
articles. Word lists live in data/entities.toml and data/ner.toml; this module orchestrates the
stages: tokens.py, matching.py (the gazetteer trie), discovery.py and persons.py (the rules),
ner.py and recognised.py (the recogniser), names.py, linking.py, lookup.py.

Ids: known actors keep their gazetteer id; discovered ones get `slug(name)` ("kim-yong-hyun"),
and organisations with a generic name get their country's code in front ("ru-foreign-ministry").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from dateline.core.entities.discovery import (
    _analyse,
    _Doc,
    _find_orgs,
    _Found,
    _runs,
    hints,
)
from dateline.core.entities.linking import (
    ActorLinks,
    link_actors,
    relabel,
)
from dateline.core.entities.matching import (
    plural,
)
from dateline.core.entities.names import (
    FUZZY_CUTOFF,
    same_person,
)
from dateline.core.entities.ner import NerModel, recognise
from dateline.core.entities.persons import (
    _find_persons,
    _resolve_shorts,
)
from dateline.core.entities.recognised import article_kinds, recognised
from dateline.core.entities.tokens import (
    slug,
)
from dateline.core.model import Actor, EntityMention

# -------------------------------------------------------------------------------------------
# Public API


@dataclass(frozen=True, slots=True)
class Entities:
    """The countries and actors of one text: mentions in text order, and every actor they name."""

    countries: tuple[EntityMention, ...]
    actors: tuple[EntityMention, ...]
    registry: Mapping[str, Actor]


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


def _actor_mentions(
    doc: _Doc, model: NerModel | None = None
) -> tuple[list[EntityMention], dict[str, Actor]]:
    engine = doc.engine
    runs = _runs(doc)
    _find_orgs(doc, runs)
    persons = _resolve_shorts(doc, *_find_persons(doc, runs))
    mentions: list[EntityMention] = []
    registry: dict[str, Actor] = {}
    known: list[_Found] = []
    for hit in doc.hits:
        actor_id = hit.actor_id
        if actor_id and not any(p.first <= hit.first <= p.last for p in persons):
            actor = engine.actors[actor_id]
            known.append(_Found(hit.first, hit.last, actor.kind, actor.name, actor_id))
            registry[actor_id] = actor
    ruled = [*doc.orgs, *persons]
    found = [*known, *ruled, *recognised(doc, [*known, *ruled], model)]
    kinds = article_kinds(found, {f.actor_id or slug(f.name) for f in ruled})
    discovered: dict[str, list[_Found]] = {}
    for item in found:
        actor_id = item.actor_id or slug(item.name)
        if actor_id in engine.actors:
            registry[actor_id] = engine.actors[actor_id]
            kind = engine.actors[actor_id].kind
        else:
            kind = kinds[actor_id]
            if item.name:
                discovered.setdefault(actor_id, []).append(item)
        mentions.append(_mention(doc, item.first, item.last, actor_id, kind))
    for actor_id, finds in discovered.items():
        registry[actor_id] = _new_actor(actor_id, finds, kinds[actor_id])
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions, registry


def _new_actor(actor_id: str, finds: list[_Found], kind: str) -> Actor:
    """An actor the gazetteer lacks, from its mentions in one article: the fullest name, the
    first title and country the text gave."""
    names = list(dict.fromkeys(" ".join(f.name.split()) for f in finds if f.name))
    name = max(names, key=lambda n: (len(n.split()), len(n)))
    country = next((f.country for f in finds if f.country), None)
    return Actor(
        id=actor_id,
        name=name,
        kind=kind,
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


def recognised_names(text: str, model: NerModel | None = None) -> list[tuple[int, int, str]]:
    """The recogniser's names alone (core/entities/ner.py, with the gazetteer's hints):
    (start, end, label), labels PER, ORG, LOC, MISC. For bench/ner.py."""
    doc = _analyse(text)
    tok = doc.tok
    return [
        (tok.start[s.first], tok.end[s.last], s.label) for s in recognise(tok, hints(doc), model)
    ]


_LABELS = {"person": "PER", "organization": "ORG", "place": "LOC", "other": "MISC"}


def names(text: str, model: NerModel | None = None) -> list[tuple[int, int, str]]:
    """Every name `extract` finds in `text`, labelled the way NER sets are: (start, end,
    label) with PER, ORG, LOC (places, and countries named by name, capital or abbreviation)
    and MISC (other names, and demonyms), in text order. For bench/ner.py."""
    doc = _analyse(text)
    tok = doc.tok
    found = [
        (tok.start[h.first], tok.end[h.last], "MISC" if h.form == "demonym" else "LOC")
        for h in doc.hits
        if h.code
    ]
    mentions, _registry = _actor_mentions(doc, model)
    found += [(m.start, m.end, _LABELS[m.kind]) for m in mentions]
    return sorted(found)
