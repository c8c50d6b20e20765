"""Read and validate the gazetteers in data/: countries, known actors and the entity word lists.

Countries come from two files merged here: `countries.toml`, generated from ISO 3166-1 by
scripts/build_countries.py, and the hand-maintained `countries_extra.toml` (display names,
aliases, demonyms, capitals, metonyms, abbreviations). Nothing here interprets the data beyond
that merge; core/entities.py builds its matchers from what these functions return. Each loader
reads its files once per data directory and caches the result.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from dateline.core import resources
from dateline.core.model import Actor
from dateline.core.resource_schemas import SCHEMAS
from dateline.core.resources import ResourceError, data_dir

DATA_DIR = data_dir()
COUNTRIES_FILE = "countries.toml"
COUNTRIES_EXTRA_FILE = "countries_extra.toml"
ACTORS_FILE = "actors.toml"
WORDS_FILE = "entities.toml"

ACTOR_KINDS = ("person", "organization")
_EXTRA_LISTS = ("aliases", "abbreviations", "demonyms", "capitals", "metonyms", "ambiguous")
_ALPHA2 = re.compile(r"[A-Z]{2}")
_ALPHA3 = re.compile(r"[A-Z]{3}")
_ACTOR_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class GazetteerError(ResourceError):
    """A data file that is missing or malformed; str() is "PATH:LINE: problem"."""


@dataclass(frozen=True, slots=True)
class Country:
    """A country with every name the gazetteer knows for it."""

    alpha2: str
    alpha3: str
    name: str  # display name: "North Korea"
    aliases: tuple[str, ...] = ()  # ISO short, official and common names, other names
    abbreviations: tuple[str, ...] = ()  # case-sensitive: "DPRK", "U.S."
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()  # names that are also common personal or place names


@dataclass(frozen=True, slots=True)
class EntityWords:
    """The word lists of data/entities.toml, one field per list (see that file)."""

    honorifics: tuple[str, ...]
    particles: tuple[str, ...]
    suffixes: tuple[str, ...]
    compound_suffixes: tuple[str, ...]
    stopwords: tuple[str, ...]
    titles: tuple[str, ...]
    title_modifiers: tuple[str, ...]
    role_heads: tuple[str, ...]
    topical_heads: tuple[str, ...]
    topic_prepositions: tuple[str, ...]
    appositive_stops: tuple[str, ...]
    org_heads: tuple[str, ...]
    org_connectors: tuple[str, ...]
    org_generic: tuple[str, ...]
    org_inner_words: tuple[str, ...]
    attribution_verbs: tuple[str, ...]
    attribution_before: tuple[str, ...]
    reporter_before: tuple[str, ...]
    editor_before: tuple[str, ...]
    reporter_after: tuple[str, ...]
    not_countries: tuple[str, ...]


# Where each EntityWords field lives in entities.toml: (table, key).
_WORD_KEYS: dict[str, tuple[str, str]] = {
    "honorifics": ("names", "honorifics"),
    "particles": ("names", "particles"),
    "suffixes": ("names", "suffixes"),
    "compound_suffixes": ("names", "compound_suffixes"),
    "stopwords": ("names", "stopwords"),
    "titles": ("titles", "before_name"),
    "title_modifiers": ("titles", "modifiers"),
    "role_heads": ("titles", "role_heads"),
    "topical_heads": ("titles", "topical_heads"),
    "topic_prepositions": ("titles", "topic_prepositions"),
    "appositive_stops": ("titles", "appositive_stops"),
    "org_heads": ("organizations", "heads"),
    "org_connectors": ("organizations", "connectors"),
    "org_generic": ("organizations", "generic"),
    "org_inner_words": ("organizations", "inner_words"),
    "attribution_verbs": ("attribution", "verbs"),
    "attribution_before": ("attribution", "before_name"),
    "reporter_before": ("bylines", "reporter_before"),
    "editor_before": ("bylines", "editor_before"),
    "reporter_after": ("bylines", "reporter_after"),
    "not_countries": ("countries", "not_countries"),
}


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file and check it against its schema; return its data and its text.
    Errors name the file and the line."""
    try:
        data, text = resources.read_toml(path)
        schema = SCHEMAS.get(path.name)
        if schema is not None:
            resources.check_data(data, text, path, schema)
        return data, text
    except ResourceError as error:
        raise GazetteerError(error.path, error.line, error.problem) from None


def _table_line(text: str, key: str) -> int | None:
    """The line of the header of table `key` (for errors about its content)."""
    header = re.compile(rf'^\s*\[\s*(?:"{re.escape(key)}"|{re.escape(key)})\s*\]')
    for number, line in enumerate(text.splitlines(), start=1):
        if header.match(line):
            return number
    return None


def _strings(value: Any, path: Path, text: str, table: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GazetteerError(
            path, _table_line(text, table), f"[{table}] {key} must be a list of non-empty strings"
        )
    return tuple(dict.fromkeys(v.strip() for v in value))


def _string(value: Any, path: Path, text: str, table: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GazetteerError(path, _table_line(text, table), f"[{table}] {key} must be a string")
    return value.strip()


def _tables(data: dict[str, Any], path: Path) -> dict[str, dict[str, Any]]:
    for key, value in data.items():
        if not isinstance(value, dict):
            raise GazetteerError(path, None, f"top-level key {key!r} must be a table")
    return data


def _read_iso(path: Path) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """alpha2 -> (alpha3, display name, other ISO names) from the generated file."""
    data, text = read_toml(path)
    iso: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for code, table in _tables(data, path).items():
        if not _ALPHA2.fullmatch(code):
            raise GazetteerError(path, _table_line(text, code), f"[{code}] is not an alpha-2 code")
        alpha3 = _string(table.get("alpha3"), path, text, code, "alpha3")
        if not _ALPHA3.fullmatch(alpha3):
            raise GazetteerError(path, _table_line(text, code), f"[{code}] bad alpha3 {alpha3!r}")
        name = _string(table.get("name"), path, text, code, "name")
        official = table.get("official_name")
        common = table.get("common_name")
        names = [n for n in (common, name, official) if isinstance(n, str) and n]
        iso[code] = (alpha3, names[0], tuple(dict.fromkeys(names[1:])))
    return iso


def _merge_country(
    code: str,
    iso: tuple[str, str, tuple[str, ...]] | None,
    extra: dict[str, Any],
    path: Path,
    text: str,
) -> Country:
    allowed = {"name", "alpha3", *_EXTRA_LISTS}
    unknown = sorted(set(extra) - allowed)
    if unknown:
        raise GazetteerError(path, _table_line(text, code), f"[{code}] unknown keys {unknown}")
    lists = {key: _strings(extra.get(key, []), path, text, code, key) for key in _EXTRA_LISTS}
    if iso is None:
        if "alpha3" not in extra or "name" not in extra:
            problem = f"[{code}] is not in ISO 3166-1: give alpha3 and name"
            raise GazetteerError(path, _table_line(text, code), problem)
        alpha3, iso_name, iso_aliases = _string(extra["alpha3"], path, text, code, "alpha3"), "", ()
    else:
        alpha3, iso_name, iso_aliases = iso
    name = _string(extra["name"], path, text, code, "name") if "name" in extra else iso_name
    aliases = tuple(
        a for a in dict.fromkeys((iso_name, *iso_aliases, *lists["aliases"])) if a and a != name
    )
    return Country(
        alpha2=code,
        alpha3=alpha3,
        name=name,
        aliases=aliases,
        abbreviations=lists["abbreviations"],
        demonyms=lists["demonyms"],
        capitals=lists["capitals"],
        metonyms=lists["metonyms"],
        ambiguous=lists["ambiguous"],
    )


@cache
def countries(data_dir: Path = DATA_DIR) -> Mapping[str, Country]:
    """Every country by alpha-2 code: the generated ISO table merged with the extras."""
    iso = _read_iso(data_dir / COUNTRIES_FILE)
    extra_path = data_dir / COUNTRIES_EXTRA_FILE
    data, text = read_toml(extra_path)
    extras = _tables(data, extra_path)
    for code in extras:
        if not _ALPHA2.fullmatch(code):
            raise GazetteerError(
                extra_path, _table_line(text, code), f"[{code}] is not an alpha-2 code"
            )
    merged = {
        code: _merge_country(code, iso.get(code), extras.get(code, {}), extra_path, text)
        for code in sorted(set(iso) | set(extras))
    }
    return MappingProxyType(merged)


def _read_actor(
    actor_id: str, table: dict[str, Any], known: Mapping[str, Country], path: Path, text: str
) -> Actor:
    line = _table_line(text, actor_id)
    if not _ACTOR_ID.fullmatch(actor_id):
        raise GazetteerError(path, line, f"[{actor_id}] id must be a lower-case slug")
    unknown = sorted(set(table) - {"name", "kind", "country", "title", "aliases"})
    if unknown:
        raise GazetteerError(path, line, f"[{actor_id}] unknown keys {unknown}")
    name = _string(table.get("name"), path, text, actor_id, "name")
    kind = table.get("kind")
    if kind not in ACTOR_KINDS:
        raise GazetteerError(path, line, f"[{actor_id}] kind must be one of {ACTOR_KINDS}")
    country = table.get("country")
    if country is not None and country not in known:
        raise GazetteerError(path, line, f"[{actor_id}] unknown country {country!r}")
    title = table.get("title")
    if title is not None:
        title = _string(title, path, text, actor_id, "title")
    aliases = _strings(table.get("aliases", []), path, text, actor_id, "aliases")
    return Actor(
        id=actor_id,
        name=name,
        kind=kind,
        country=country,
        aliases=tuple(a for a in aliases if a != name),
        title=title,
    )


@cache
def actors(data_dir: Path = DATA_DIR) -> Mapping[str, Actor]:
    """Every known actor by id. Two actors may not share a name or alias."""
    known = countries(data_dir)
    path = data_dir / ACTORS_FILE
    data, text = read_toml(path)
    result: dict[str, Actor] = {}
    owner: dict[str, str] = {}
    for actor_id, table in _tables(data, path).items():
        actor = _read_actor(actor_id, table, known, path, text)
        for surface in (actor.name, *actor.aliases):
            key = " ".join(surface.replace("’", "'").split())
            if owner.setdefault(key, actor_id) != actor_id:
                raise GazetteerError(
                    path,
                    _table_line(text, actor_id),
                    f"[{actor_id}] alias {surface!r} already names [{owner[key]}]",
                )
        result[actor_id] = actor
    return MappingProxyType(result)


@cache
def entity_words(data_dir: Path = DATA_DIR) -> EntityWords:
    """The entity finder's word lists."""
    path = data_dir / WORDS_FILE
    data, text = read_toml(path)
    fields: dict[str, tuple[str, ...]] = {}
    for field, (table, key) in _WORD_KEYS.items():
        section = data.get(table)
        if not isinstance(section, dict) or key not in section:
            raise GazetteerError(path, _table_line(text, table), f"missing [{table}] {key}")
        fields[field] = _strings(section[key], path, text, table, key)
    return EntityWords(**fields)
