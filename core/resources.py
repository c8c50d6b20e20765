"""Where the bundled data lives: the `dateline.data` package, read through importlib.resources.

Installed from a wheel, the TOML files sit inside the package; in a checkout (editable install)
they are the repository's `data/` folder. Nothing here knows about the source tree.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

DATA_PACKAGE = "dateline.data"


def data_dir() -> Traversable:
    """The folder of bundled data files (gazetteers, cue lists, rules)."""
    return files(DATA_PACKAGE)


def data_file(name: str) -> Traversable:
    """One bundled data file by name, for example `claims.toml`."""
    return data_dir() / name
