"""The layout is the architecture: one installed package, and a core that runs without the UI."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UI_PACKAGES = ("textual", "rich")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT / "core").with_suffix("").parts
    parts = parts[:-1] if parts[-1] == "__init__" else parts
    return ".".join(("dateline", "core", *parts))


CORE_FILES = sorted((ROOT / "core").rglob("*.py"))
CORE_MODULES = [_module_name(path) for path in CORE_FILES]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_architecture_core_never_imports_the_ui(module):
    probe = (
        f"import sys, importlib; importlib.import_module({module!r})\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')\n"
        "                or m.startswith('dateline.tui'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT / "tests", capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_architecture_core_sources_do_not_mention_the_ui(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith(("import ", "from ")):
            target = stripped.split()[1]
            assert target.split(".")[0] not in UI_PACKAGES, line
            assert not target.startswith("dateline.tui"), line


def test_architecture_every_source_folder_is_a_listed_package():
    """A subpackage missing from pyproject's list would be left out of the wheel."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    mapping = config["setuptools"]["package-dir"]
    on_disk = set()
    for package, folder in mapping.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder).parts
            on_disk.add(".".join((package, *relative)))
    assert on_disk == listed
    assert {name.split(".")[0] for name in listed} == {"dateline"}


def test_architecture_modules_stay_readable():
    """Modules of a few hundred lines: a file past the limit is a sign it holds two things."""
    limit = 600  # the aim is ~500; the largest core modules are browse.py and reading.py
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
             for p in CORE_FILES}
    assert {name: size for name, size in sizes.items() if size > limit} == {}


def test_architecture_functions_stay_short():
    """Functions of a screen or so; an ordered ladder of rules belongs in a named rule list."""
    limit = 75  # the aim is ~60; ingest() and ner.features() are the longest now
    long = {}
    for path in CORE_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > limit:
                    long[f"{path.relative_to(ROOT)}:{node.name}"] = length
    assert long == {}
