"""Linking actors across articles: one id per person or organisation over a batch, with every
name variant kept as an alias."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from rapidfuzz import fuzz, process

from dateline.core.entities import gazetteer
from dateline.core.entities.matching import (
    _WORDS,
    _engine,
    _name_words,
)
from dateline.core.entities.names import (
    FUZZY_CUTOFF,
    same_person,
)
from dateline.core.entities.ner import corporate_suffixes
from dateline.core.model import Actor, EntityMention

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
    """A name up to case, a leading "the", "&"/"and" and punctuation, and corporate suffixes:
    "Bank of A Corp." and "the Bank of A Corporation" share one key."""
    words = _WORDS.findall(unicodedata.normalize("NFKD", name).lower())
    words = [w for w in (words[1:] if words[:1] == ["the"] else words) if w != "and"]
    suffixes = corporate_suffixes()
    while len(words) > 1 and words[-1] in suffixes:
        words.pop()
    return tuple(words)


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


def _link_aliases(
    merged: Mapping[str, Actor], known: Mapping[str, Actor], clusters: _Clusters
) -> None:
    """A discovered one-word name ("GM", "Bobick") that is an alias of exactly one other actor
    of its kind (linked in an article that defined it) joins that actor."""
    owners: dict[str, set[str]] = {}
    for actor_id, actor in merged.items():
        for alias in actor.aliases:
            owners.setdefault(alias, set()).add(actor_id)
    for actor_id, actor in merged.items():
        if actor_id in known or len(actor.name.split()) != 1:
            continue
        found = {
            clusters.find(o)
            for o in owners.get(actor.name, ())
            if o != actor_id and merged[o].kind == actor.kind  # "Ford" the company is no Ford
        }
        if len(found) == 1:
            clusters.union(actor_id, found.pop())


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
    kind = head.kind
    if not gazetteer_ids:  # one kind across the corpus: the one most articles gave
        kinds = Counter(m.kind for m in members for _ in range(max(counts[m.id], 1)))
        kind = max(kinds, key=lambda k: (kinds[k], k == head.kind))
    return Actor(head.id, head.name, kind, country, aliases, title)


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
    orgs = {i: a for i, a in merged.items() if a.kind != "person" and i not in known}
    _link_persons(people, clusters)
    _link_orgs(orgs, clusters, _engine().words.org_connectors)
    _link_aliases(merged, known, clusters)
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
