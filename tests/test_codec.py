"""dateline.core.store.codec: every model dataclass survives a trip through JSON unchanged."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dateline.core.model import (
    Actor,
    Article,
    ArticleAnalysis,
    Claim,
    Conflict,
    EntityMention,
    Event,
    EventMention,
    Region,
    Sentence,
    Timeline,
)
from dateline.core.store import codec
from dateline.core.temporal.timex import Timex

from tests import timeline_fakes as fakes

RANGE = Timex(
    10, 36, "between Oct. 8 and Oct. 13", "DATE", "2024-10-08/2024-10-13", "day",
    (date(2024, 10, 8), date(2024, 10, 13)), approximate=True, mod="APPROX",
    parts=(
        Timex(18, 24, "Oct. 8", "DATE", "2024-10-08", "day", (date(2024, 10, 8),) * 2),
        Timex(29, 36, "Oct. 13", "DATE", "2024-10-13", "day", (date(2024, 10, 13),) * 2),
    ),
)
MENTION = EventMention("a", 0, 40, "Troops landed between Oct. 8 and Oct. 13.", RANGE,
                       ("kim-jong-un",), ("KP", "RU"), ("a#1",))
SAMPLES = [
    RANGE,
    Timex(0, 7, "Tuesday", "DATE", "2024-10-15"),
    Article("a", "/x/a.txt", "text “quoted” — ünïcödé", "T", "O", "https://e.x/a",
            date(2024, 10, 17), "metadata", ("folder name",), "en", "abc"),
    Region(0, 5, "title"),
    Sentence(3, 9, "A sentence.", caption=True),
    EntityMention(1, 4, "Kim", "kim-jong-un", "person"),
    Actor("nis", "National Intelligence Service", "organization", "KR", ("NIS",), "spy agency"),
    Claim(0, 5, "We deny it", "a spokesman", 12, 23, None, "denied", "deny", RANGE, "role"),
    MENTION,
    Conflict("date", (("2024-10-08", ("a", "b")), ("2024-10-09", ("c",)))),
    Event("e1", date(2024, 10, 8), date(2024, 10, 13), "day", "2024-10-08/2024-10-13", True,
          "Troops landed", [MENTION], [Conflict("date", (("x", ("a",)),))]),
]


@pytest.mark.parametrize("obj", SAMPLES, ids=lambda o: type(o).__name__)
def test_codec_round_trips_every_model_class(obj):
    text = codec.dumps(obj)
    json.loads(text)  # plain JSON
    assert codec.loads(type(obj), text) == obj


@pytest.mark.parametrize("analysis", fakes.corpus(), ids=lambda a: a.article.id)
def test_codec_round_trips_an_analysis_without_its_article(analysis):
    text = codec.dumps_analysis(analysis)
    assert "article" not in json.loads(text)
    assert codec.loads_analysis(text, analysis.article) == analysis


@pytest.mark.parametrize("merged", [fakes.merge(fakes.corpus())], ids=["corpus"])
def test_codec_round_trips_a_timeline(merged):
    assert codec.loads(Timeline, codec.dumps(merged)) == merged


@pytest.mark.parametrize("obj", [Timex(0, 7, "Tuesday", "DATE", "2024-10-15")])
def test_codec_leaves_defaults_out(obj):
    assert set(codec.encode(obj)) == {"start", "end", "text", "type", "value"}


@pytest.mark.parametrize(
    ("cls", "data", "problem"),
    [
        (Region, {"start": 0, "end": 1, "kind": "body", "colour": "red"}, "unknown fields"),
        (Region, [0, 1, "body"], "expected an object"),
        (Region, {"start": 0, "end": 1}, "kind"),
        (Article, {"id": "a", "path": "p", "text": "t", "published": "2024-13-01"}, "month"),
    ],
)
def test_codec_rejects_data_that_does_not_fit(cls, data, problem):
    with pytest.raises(codec.CodecError, match=problem):
        codec.decode(cls, data)


@pytest.mark.parametrize("cls", [ArticleAnalysis])
def test_codec_analysis_keeps_non_ascii_text_readable(cls):
    analysis = fakes.analysis("/x/ü.txt", [("Kyiv — “quoted”", date(2024, 1, 6), (), ())])
    assert "“quoted”" in codec.dumps_analysis(analysis)
    assert isinstance(codec.loads_analysis(codec.dumps_analysis(analysis), analysis.article), cls)
