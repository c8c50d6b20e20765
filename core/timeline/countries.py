"""One country index for every place a user names a country — the CLI's `--country`, the app's
country filter, the exports — so they all accept the same names: ISO alpha-2 and alpha-3 codes,
the English name, aliases, abbreviations (with or without dots) and demonyms, in any case."""

from __future__ import annotations

from functools import cache


def name_key(name: str) -> str:
    """How names compare: case- and spacing-insensitive, curly apostrophes straight."""
    return " ".join(name.replace("’", "'").casefold().split())


def country_code(name: str) -> str | None:
    """The ISO alpha-2 code of the country `name` names, or None when no country goes by it."""
    key = name_key(name)
    return country_index().get(key) or country_index().get(key.replace(".", ""))


def country_name(code: str) -> str:
    """The English short name of an ISO alpha-2 code ("KP" -> "North Korea"); the code itself
    when the gazetteer does not know it."""
    from dateline.core.entities.gazetteer import countries

    country = countries().get(code.upper())
    return country.name if country is not None else code


@cache
def country_index() -> dict[str, str]:
    """Every name key of every country -> its alpha-2 code. Codes first, so an alpha-2 code
    that is also another country's abbreviation means the code."""
    from dateline.core.entities.gazetteer import countries  # deferred: reads the gazetteer

    index: dict[str, str] = {}
    table = countries()
    for code, country in table.items():
        index.setdefault(name_key(code), code)
        index.setdefault(name_key(country.alpha3), code)
    for code, country in table.items():
        names = (country.name, *country.aliases, *country.abbreviations, *country.demonyms)
        for name in names:
            index.setdefault(name_key(name), code)
            index.setdefault(name_key(name).replace(".", ""), code)
    return index
