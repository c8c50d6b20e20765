"""Write data/word_rarity.json.gz: how common each English word is in general text, which the
merge uses to weigh the words two event mentions share (a dev script, run by hand).

Source: wordfreq (its English list, built from Wikipedia, subtitles, news, books, web text and
more; data CC BY-SA 4.0), never imported by the app. A fixed table rather than the frequencies
of the stored articles: a mention's weights must not change when other articles are added, so
that merging can be incremental (see `core/timeline/merge.py`).

Stored: the top WORDS words on wordfreq's Zipf scale (log10 of occurrences per billion words),
to one decimal, grouped by value; a word not listed is rarer than every listed one.

    pip install wordfreq && python scripts/build_word_rarity.py
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "word_rarity.json.gz"
WORDS = 80_000


def render() -> bytes:
    """The bytes of data/word_rarity.json.gz for the installed wordfreq."""
    from importlib.metadata import version

    import wordfreq

    by_zipf: dict[str, list[str]] = defaultdict(list)
    for word in wordfreq.top_n_list("en", WORDS):
        if word.isascii() and word.replace("'", "").replace("-", "").isalnum():
            by_zipf[f"{wordfreq.zipf_frequency(word, 'en'):.1f}"].append(word)
    data = {
        "source": f"wordfreq {version('wordfreq')} (English; data CC BY-SA 4.0)",
        "scale": "zipf",
        "words": {zipf: " ".join(sorted(words)) for zipf, words in sorted(by_zipf.items())},
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return gzip.compress(text, mtime=0)


if __name__ == "__main__":
    OUT.write_bytes(render())
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")
