"""Checks of meaning for data/temporal_rules.toml, run when the file is loaded.

Each rule must name a normaliser that exists, its pattern must compile with known macros, hold
every named group its normaliser reads (`m.group("month")` on a rule without a `month` group
would fail only at the first matching text), and its `needs` must be known trigger classes.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from collections.abc import Callable
from functools import cache
from typing import Any

from dateline.core.resources import error_at, load_toml

_MACRO = re.compile(r"\{([a-z0-9_]+)\}")


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
        try:
            groups = set(re.compile(_MACRO.sub("x", entry["pattern"])).groupindex)
        except re.error as error:
            raise error_at(path, text, [*where, "pattern"],
                           f"rule {name!r}: bad pattern: {error}") from None
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


@cache
def groups_read(function: Callable[..., Any]) -> frozenset[str]:
    """The named groups a normaliser reads unconditionally: `m.group("name")` in its body and
    in the module's functions it hands the match to."""
    module = inspect.getmodule(function)
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    definition = tree.body[0]
    assert isinstance(definition, ast.FunctionDef)
    match = definition.args.args[0].arg
    found: set[str] = set()
    for node in ast.walk(definition):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr == "group"
                and isinstance(func.value, ast.Name) and func.value.id == match):
            found.update(a.value for a in node.args
                         if isinstance(a, ast.Constant) and isinstance(a.value, str))
        elif (isinstance(func, ast.Name) and any(isinstance(a, ast.Name) and a.id == match
                                                 for a in node.args[:1])):
            helper = getattr(module, func.id, None)
            if inspect.isfunction(helper) and helper is not function:
                found |= groups_read(helper)
    return frozenset(found)
