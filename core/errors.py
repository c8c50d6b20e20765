"""Exceptions the core raises for bad input, each rendering as one line that names the culprit."""

from __future__ import annotations

import os


class DatelineError(Exception):
    """Base class of every error the core raises on purpose."""


class PathError(DatelineError):
    """A problem with one file; str() is "PATH: problem"."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = os.fspath(path)
        # One line, always: the CLI prints these one per skipped file, and a log grep must work.
        self.problem = " ".join(problem.split())
        super().__init__(self.path, self.problem)

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


class ArticleError(PathError, ValueError):
    """An article file (or its metadata) that cannot be read."""
