"""Finding actors by any name a user types: the full name, an alias, or one part of a name
("zakharova", "austin", "gm"), ignoring case, diacritics and punctuation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from dateline.core.model import Actor

_WORD = re.compile(r"\w+")
# Name parts too common to find one actor by: articles, connectors, honorifics, suffixes.
_NOT_PARTS = frozenset(
    {
        "the",
        "of",
        "and",
        "for",
        "de",
        "al",
        "el",
        "la",
        "van",
        "von",
        "der",
        "mr",
        "mrs",
        "ms",
        "dr",
        "jr",
        "sr",
        "ii",
        "iii",
        "iv",
        "j",
    }
)


def fold(text: str) -> str:
    """Lower case, no diacritics, apostrophes and punctuation as spaces, single spaces."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(_WORD.findall(plain.replace("'", "").replace("’", "")))


def name_keys(actor: Actor) -> set[str]:
    """Every key that finds `actor`: its id, its name and aliases folded, and each of their
    words of two letters or more that is not an article, connector or honorific."""
    keys = {fold(actor.id.replace("-", " "))}
    for name in (actor.name, *actor.aliases):
        folded = fold(name)
        keys.add(folded)
        keys.update(w for w in folded.split() if len(w) > 1 and w not in _NOT_PARTS)
    keys.discard("")
    return keys


def match_actors(query: str, actors: Iterable[Actor] | Mapping[str, Actor]) -> list[Actor]:
    """The actors `query` names: those with a name or alias equal to it, else those whose
    names contain every word of it as a whole word; in the order given."""
    pool = list(actors.values()) if isinstance(actors, Mapping) else list(actors)
    key = fold(query)
    if not key:
        return []
    exact = [a for a in pool if key in {fold(n) for n in (a.name, *a.aliases)}]
    if exact:
        return exact
    words = set(key.split())
    return [a for a in pool if words <= name_keys(a)]


__all__ = ["fold", "match_actors", "name_keys"]
