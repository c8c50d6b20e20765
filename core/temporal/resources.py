"""Loads the temporal tagger's word tables and rules from data/ and compiles the rules once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dateline.core.resources import ResourceError, data_dir, load_toml
from dateline.core.temporal.tense import TenseCues, build_cues

DATA_DIR = data_dir()
WORDS_FILE = DATA_DIR / "temporal.toml"
RULES_FILE = DATA_DIR / "temporal_rules.toml"

# Letters, digits and joiners that may not touch an expression's edges: "1990" is not a year
# inside "11990" or "A1990", and "may" is not a month inside "mayor".
_LEFT_EDGE = r"(?<![\w’'])"
_RIGHT_EDGE = r"(?![\w])"


# A data file of the tagger that is missing or malformed raises ResourceError (imported from
# core.resources, where every loader's lives): one line naming the file and the line.


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    normalise: str
    regex: re.Pattern[str]
    priority: int
    needs: frozenset[str]  # trigger classes; the rule runs only where one of them stands


@dataclass(frozen=True, slots=True)
class Resources:
    """Everything the tagger reads from data/, compiled.

    `triggers` holds the words without which no rule can match (months, weekdays, units…);
    the engine runs the rules only near them and near TRIGGER_NUMBERS, which keeps tagging fast
    on long texts where dates are sparse.
    """

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    vague_numbers: frozenset[str]
    ordinals: dict[str, int]
    units: dict[str, dict]
    unit_plurals: dict[str, str]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    fixed_holidays: dict[str, tuple[int, int]]
    weekday_holidays: dict[str, tuple[int, int, int]]
    references: dict[str, str]
    weak_references: frozenset[str]
    modifiers: dict[str, str]
    approximators: dict[str, str]
    sets: dict[str, str]
    case_sensitive: frozenset[str]
    duration_blockers_after: frozenset[str]
    year_blockers_before: tuple[str, ...]
    year_blockers_after: frozenset[str]
    clock_zones: tuple[str, ...]  # "1000 EST": a bare number before one is a clock time
    range_open_start: dict[str, str]
    range_open_end: dict[str, str]
    range_trailing: dict[str, str]
    tense: TenseCues
    rules: tuple[Rule, ...]
    triggers: dict[str, frozenset[str]]  # trigger word -> its classes


def _read_toml(path: Path) -> dict:
    return load_toml(path)  # checked against its schema (core/resource_schemas.py)


def _phrase_pattern(phrase: str) -> str:
    """A word or phrase as a regex: any run of spaces between words, either apostrophe."""
    parts = [re.escape(word) for word in phrase.split()]
    return r"\s+".join(parts).replace("'", "['’]").replace("\\-", "[-\\s]?")


_SHORT_NAMES = frozenset({"may", "june", "july"})


def _alternation(words: list[str], case_sensitive: frozenset[str], abbrev: bool = False) -> str:
    """Longest-first alternation; ambiguous words only match Capitalised or UPPER case."""
    pieces = []
    for word in sorted(words, key=len, reverse=True):
        # Abbreviations take an optional full stop ("Oct."), whole short names do not ("May.").
        suffix = r"\.?" if abbrev and len(word) <= 5 and word not in _SHORT_NAMES else ""
        pattern = _phrase_pattern(word)
        if word in case_sensitive:
            upper = _phrase_pattern(word.upper())
            capital = _phrase_pattern(word.capitalize())
            pattern = f"(?-i:{capital}|{upper})"
        pieces.append(pattern + suffix)
    return "(?:" + "|".join(pieces) + ")"


def _spelled_numbers(numbers: dict[str, float]) -> str:
    ones = [w for w, n in numbers.items() if 1 <= n <= 9 and w not in ("a", "an")]
    tens = [w for w, n in numbers.items() if n in (20, 30, 40, 50, 60, 70, 80, 90)]
    compound = "(?:" + "|".join(tens) + r")(?:[\s-](?:" + "|".join(ones) + "))?"
    simple = [w for w in numbers if numbers[w] not in (20, 30, 40, 50, 60, 70, 80, 90)]
    simple_alt = "|".join(sorted((re.escape(w) for w in simple), key=len, reverse=True))
    hundreds = r"(?:a|one|two|three|four|five|six|seven|eight|nine)\s+hundred"
    return rf"(?:{hundreds}|{compound}|half\s+an?|a\s+dozen|{simple_alt})"


def _macros(words: dict, case_sensitive: frozenset[str]) -> dict[str, str]:
    units = words["units"]
    plurals = words["unit_plurals"]
    ordinal_words = _alternation(list(words["ordinals"]), frozenset())
    holidays = [*words["holidays"]["fixed"], *words["holidays"]["weekday"]]
    return {
        "month": _alternation(list(words["months"]), case_sensitive, abbrev=True),
        "weekday": _alternation(list(words["weekdays"]), case_sensitive, abbrev=True),
        "num": rf"(?:\d+(?:\.\d+)?|{_spelled_numbers(words['numbers'])})",
        "vague": _alternation(words["vague_numbers"]["words"], frozenset()),
        "unit": _alternation(list(units), frozenset()),
        "units": _alternation(list(plurals), frozenset()),
        "anyunit": _alternation([*units, *plurals], frozenset()),
        "ordinal": rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{ordinal_words})",
        "season": _alternation(list(words["seasons"]), frozenset()),
        "pod": _alternation(list(words["parts_of_day"]), frozenset()),
        "holiday": _alternation(holidays, frozenset()),
        "ref": _alternation(list(words["references"]), frozenset()),
        "mod": _alternation(list(words["modifiers"]), frozenset()),
        "approx": _alternation(list(words["approximators"]), frozenset()),
        "approx_det": _alternation(words["approximators_before_determiner"]["words"],
                                   frozenset()),
        "set": _alternation(list(words["sets"]), frozenset()),
        "rel": _alternation(words["relative"]["words"], frozenset()),
        "day": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
        "year4": r"(?:1\d\d\d|20\d\d)",
    }


def _trigger_words(words: dict) -> dict[str, frozenset[str]]:
    """Each trigger word with its classes. Quantities and modifiers alone ("a", "about",
    "early") never make an expression, so they are no triggers and windows stay small."""
    tables = {
        "month": words["months"],
        "weekday": words["weekdays"],
        "unit": [*words["units"], *words["unit_plurals"]],
        "season": words["seasons"],
        "pod": words["parts_of_day"],
        "holiday": [*words["holidays"]["fixed"], *words["holidays"]["weekday"]],
        "ref": words["references"],
        "set": words["sets"],
    }
    classes: dict[str, set[str]] = {}
    extras = words["trigger_extras"].items()
    for name, phrases in [*tables.items(), *extras]:
        for phrase in phrases:
            # A phrase's last word carries its meaning ("at the moment", "new year's day").
            head = re.findall(r"[A-Za-z]+", phrase)[-1].lower()
            classes.setdefault(head, set()).add(name)
    return {word: frozenset(names) for word, names in classes.items()}


# Numbers only make an expression by themselves as years, clock times and numeric dates;
# elsewhere they stand beside a unit or a month, which are trigger words.
TRIGGER_NUMBERS = re.compile(r"\b(?:1\d{3}|20\d\d)s?\b|\d[:/]\d|\d\s*[ap]\.?m\b|['’]\d0s")
TRIGGER_WORDS = re.compile(r"[A-Za-z]+")
TRIGGER_CLASSES = frozenset({"month", "weekday", "unit", "season", "pod", "holiday", "ref", "set",
                             "deictic", "spelled", "era", "q", "number"})


def _expand(pattern: str, macros: dict[str, str], rule: str, path: Path) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise ResourceError(f"{path}: rule {rule!r} uses unknown macro {{{name}}}")
        return macros[name]

    return re.sub(r"\{([a-z0-9_]+)\}", replace, pattern)


def _compile_rules(raw: dict, macros: dict[str, str], path: Path) -> tuple[Rule, ...]:
    rules = []
    for priority, entry in enumerate(raw.get("rules", [])):
        name = entry.get("name", f"#{priority}")
        try:
            expanded = _expand(entry["pattern"], macros, name, path)
            regex = re.compile(_LEFT_EDGE + "(?:" + expanded + ")" + _RIGHT_EDGE, re.IGNORECASE)
        except KeyError as missing:
            raise ResourceError(f"{path}: rule {name!r} lacks {missing}") from None
        except re.error as error:
            raise ResourceError(f"{path}: rule {name!r} has a bad pattern: {error}") from None
        needs = frozenset(entry.get("needs", ()))
        unknown = needs - TRIGGER_CLASSES
        if unknown:
            raise ResourceError(f"{path}: rule {name!r} needs unknown trigger classes "
                                f"{sorted(unknown)}")
        rules.append(Rule(name, entry.get("normalise", name), regex, priority, needs))
    return tuple(rules)


def load_resources(words_file: Path = WORDS_FILE, rules_file: Path = RULES_FILE) -> Resources:
    """Read and compile the tagger's data; raises ResourceError naming the file on any fault."""
    words = _read_toml(words_file)
    rules_raw = _read_toml(rules_file)
    try:
        case_sensitive = frozenset(words["case_sensitive"]["words"])
        macros = _macros(words, case_sensitive)
        tense = words["tense"]
        ranges = words["ranges"]
        return Resources(
            months=words["months"],
            weekdays=words["weekdays"],
            numbers=words["numbers"],
            vague_numbers=frozenset(words["vague_numbers"]["words"]),
            ordinals=words["ordinals"],
            units=words["units"],
            unit_plurals=words["unit_plurals"],
            seasons=words["seasons"],
            parts_of_day=words["parts_of_day"],
            fixed_holidays={k: tuple(v) for k, v in words["holidays"]["fixed"].items()},
            weekday_holidays={k: tuple(v) for k, v in words["holidays"]["weekday"].items()},
            references=words["references"],
            weak_references=frozenset(words["weak_references"]["words"]),
            modifiers=words["modifiers"],
            approximators=words["approximators"],
            sets=words["sets"],
            case_sensitive=case_sensitive,
            duration_blockers_after=frozenset(words["duration_blockers"]["after"]),
            year_blockers_before=tuple(words["year_blockers"]["before"]),
            year_blockers_after=frozenset(words["year_blockers"]["after_nouns"]),
            clock_zones=tuple(words["clock_stamps"]["zones"]),
            range_open_start=ranges["open_start"],
            range_open_end=ranges["open_end"],
            range_trailing=ranges["trailing"],
            tense=build_cues(
                tense["future"], tense["past"], tense["not_past"],
                words["irregular_past"]["words"],
            ),
            rules=_compile_rules(rules_raw, macros, rules_file),
            triggers=_trigger_words(words),
        )
    except KeyError as missing:
        raise ResourceError(f"{words_file}: missing table or key {missing}") from None


@cache
def resources() -> Resources:
    """The bundled resources, loaded once per process."""
    return load_resources()
