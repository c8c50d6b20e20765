"""What the cluster tests send to Dask workers: importable by name, so workers can unpickle it."""

from __future__ import annotations

import time

from dateline.core.model import Article, ArticleAnalysis
from dateline.core.pipeline import analyse


def slow_analyse(article: Article) -> ArticleAnalysis:
    """The real analysis, slowed so that a worker can be killed while tasks are in flight."""
    time.sleep(0.15)
    return analyse(article)
