"""Article ids in the store: the file stem where unique, else the stem prefixed by as many parent
folders as it takes to tell the files apart (`2009-04-25/558.htm`), and an analysis restamped
under the id it is stored as."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import PurePath

from dateline.core.model import ArticleAnalysis


def assign_ids(paths: Iterable[str]) -> dict[str, str]:
    """Article ids for a set of resolved paths: the stem where unique, else disambiguated.

    Files sharing a stem all get the stem prefixed by their last k parent folders, with the
    smallest k that tells them apart; files that differ only by suffix (a.txt, a.md) keep it.
    The result depends only on the set of paths, never on the order they were ingested in.
    """
    groups: dict[str, list[PurePath]] = defaultdict(list)
    for path in paths:
        p = PurePath(path)
        groups[p.stem].append(p)
    ids: dict[str, str] = {}
    for stem, members in groups.items():
        if len(members) == 1:
            ids[str(members[0])] = stem
            continue
        for candidate in _id_candidates(members):
            if len(set(candidate)) == len(members):
                ids.update((str(p), c) for p, c in zip(members, candidate, strict=True))
                break
    return ids


def _id_candidates(members: list[PurePath]) -> Iterator[list[str]]:
    """Ever longer ids for files sharing a stem: parent folders + stem, then + file name."""
    folders = [p.parent.parts[1:] if p.anchor else p.parent.parts for p in members]
    depth = max(map(len, folders))
    for k in range(1, depth + 1):
        yield ["/".join((*f[-k:], p.stem)) for p, f in zip(members, folders, strict=True)]
    for k in range(depth + 1):
        yield ["/".join((*f[len(f) - k:], p.name)) for p, f in zip(members, folders, strict=True)]
    yield [p.as_posix() for p in members]  # distinct paths never get here; keeps ids total


def restamp(analysis: ArticleAnalysis, article_id: str, path: str) -> ArticleAnalysis:
    """The analysis under the article's store id: ids in mentions and claim ids follow."""
    old = analysis.article.id
    article = dataclasses.replace(analysis.article, id=article_id, path=path)
    if old == article_id:
        return dataclasses.replace(analysis, article=article)
    prefix = f"{old}#"
    events = [
        dataclasses.replace(
            m,
            article_id=article_id if m.article_id == old else m.article_id,
            claim_ids=tuple(
                f"{article_id}#{c[len(prefix):]}" if c.startswith(prefix) else c
                for c in m.claim_ids
            ),
        )
        for m in analysis.events
    ]
    return dataclasses.replace(analysis, article=article, events=events)

