"""Finding actors by any name part, ignoring case and diacritics (core/entities/lookup.py)."""

from __future__ import annotations

import pytest

from dateline.core.entities.lookup import fold, match_actors
from dateline.core.model import Actor

ACTORS = [
    Actor("maria-zakharova", "Maria Zakharova", "person", "RU", (), None),
    Actor("lloyd-austin", "Lloyd Austin", "person", "US", ("Lloyd J. Austin III",), None),
    Actor("general-motors", "General Motors Corporation", "organization", None, ("GM",), None),
    Actor("erdogan", "Recep Tayyip Erdoğan", "person", "TR", (), None),
    Actor("kim-jong-un", "Kim Jong-un", "person", "KP", (), None),
    Actor("kim-yong-hyun", "Kim Yong-hyun", "person", "KR", (), None),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zakharova", ["maria-zakharova"]),
        ("ZAKHAROVA", ["maria-zakharova"]),
        ("austin", ["lloyd-austin"]),
        ("Lloyd J. Austin III", ["lloyd-austin"]),
        ("gm", ["general-motors"]),
        ("erdogan", ["erdogan"]),
        ("Erdoğan", ["erdogan"]),
        ("kim", ["kim-jong-un", "kim-yong-hyun"]),
        ("jong-un", ["kim-jong-un"]),
        ("of", []),
        ("", []),
    ],
)
def test_lookup_matches_any_name_part(query, expected):
    assert [a.id for a in match_actors(query, ACTORS)] == expected


@pytest.mark.parametrize(
    ("text", "folded"), [("Erdoğan’s", "erdogans"), ("  GM  Corp. ", "gm corp")]
)
def test_lookup_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("actor", ["jong", "JONG", "Jöng"])
def test_lookup_store_search_by_a_name_part(actor):
    from dateline.core.store.database import Store

    from tests import timeline_fakes as fakes

    with Store.open(":memory:", merge=fakes.merge) as store:
        store.save(fakes.corpus())
        hits = store.search("", actor=actor)
    assert "event:Kim Jong Un visited a training base" in [f"{h.kind}:{h.text}" for h in hits]


@pytest.mark.parametrize(("query", "names", "found"), [
    ("Zakharova", ["Maria Zakharova"], True),
    ("zakharova", ["Maria Zakharova"], True),
    ("ZELENSKYY", ["Volodymyr Zelenskyy", "Zelensky"], True),
    ("zelensky", ["Volodymyr Zelenskyy", "Zelensky"], True),
    ("Jong-un", ["Kim Jong-un"], True),
    ("Lopez", ["Andrés López Obrador"], True),  # diacritics ignored
    ("kim jo", ["Kim Jong-un"], False),  # parts are whole words
    ("zakh", ["Maria Zakharova"], False),  # a prefix is the picker's (fuzzy), not --actor's
    ("", ["Anyone"], False),
])
def test_lookup_matches_a_name_alias_or_name_part(query, names, found):
    actor = Actor("someone", names[0], "person", None, tuple(names[1:]), None)
    assert bool(match_actors(query, [actor])) is found
