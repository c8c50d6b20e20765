"""Checks of meaning for data/temporal_rules.toml, run when the file is loaded.

Each rule must name a normaliser that exists, its pattern must use known macros and hold
every named group its normaliser reads (`m.group("month")` on a rule without a `month` group
would fail only at the first matching text), and its `needs` must be known trigger classes.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

from dateline.core.resources import error_at, load_toml

_MACRO = re.compile(r"\{([a-z0-9_]+)\}")
_GROUP = re.compile(r"\(\?P<([A-Za-z_]\w*)>")


def check_rules(data: dict[str, Any], text: str, path: str) -> None:
    """Raise ResourceError at the first rule of `data` (read from `text`) that is unusable."""
    from dateline.core.temporal import normalise, resources

    macros = _macro_names()
    for i, entry in enumerate(data["rules"]):
        name = entry["name"]
        where = ["rules", i]
        function = normalise.NORMALISERS.get(entry.get("normalise", name))
        if function is None:
            raise error_at(path, text, [*where, "normalise"],
                           f"rule {name!r}: unknown normaliser {entry.get('normalise', name)!r}")
        unknown = sorted(set(_MACRO.findall(entry["pattern"])) - macros)
        if unknown:
            raise error_at(path, text, [*where, "pattern"],
                           f"rule {name!r}: unknown macro {{{unknown[0]}}}")
        needs = set(entry.get("needs", ())) - resources.TRIGGER_CLASSES
        if needs:
            raise error_at(path, text, [*where, "needs"],
                           f"rule {name!r}: unknown trigger class {sorted(needs)[0]!r}")
        # the groups as written (the loader compiles the pattern and reports a bad one)
        groups = set(_GROUP.findall(entry["pattern"]))
        missing = sorted(groups_read(function) - groups)
        if missing:
            raise error_at(path, text, [*where, "pattern"],
                           f"rule {name!r}: normaliser {entry.get('normalise', name)!r} reads "
                           f"group {missing[0]!r}, which the pattern lacks")


@cache
def _macro_names() -> frozenset[str]:
    from dateline.core.temporal import resources

    words = load_toml(resources.WORDS_FILE)
    return frozenset(resources._macros(words, frozenset()))


_DEF = re.compile(r"^def (\w+)\(\s*(\w+)", re.M)


@cache
def _definitions(module_name: str) -> dict[str, tuple[str, str]]:
    """Each module-level function of a module: name -> (its first parameter, its source text).
    Read as text, not parsed: this runs at every start of the tagger and must stay cheap."""
    source = inspect.getsource(sys.modules[module_name])
    found = list(_DEF.finditer(source))
    ends = [m.start() for m in found[1:]] + [len(source)]
    return {m.group(1): (m.group(2), source[m.end() : end]) for m, end in zip(found, ends,
                                                                             strict=True)}


def groups_read(function: Callable[..., Any]) -> frozenset[str]:
    """The named groups a normaliser reads unconditionally: `m.group("name")` in its body and
    in the module's functions it hands the match to (`helper(m, …)`)."""
    return _groups_read(function.__module__, function.__name__)


@cache
def _groups_read(module_name: str, name: str) -> frozenset[str]:
    definitions = _definitions(module_name)
    if name not in definitions:
        return frozenset()
    match, body = definitions[name]
    found = set(re.findall(rf"\b{match}\.group\(\s*[\"'](\w+)[\"']", body))
    for helper in re.findall(rf"\b(\w+)\(\s*{match}\b", body):
        if helper in definitions and helper != name:
            found |= _groups_read(module_name, helper)
    return frozenset(found)
