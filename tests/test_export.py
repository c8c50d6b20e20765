"""core.timeline.export: the JSON shape, CSV, iCalendar (checked by parsing with icalendar) and
TimelineJS (checked against the rules of TimelineJS3's JSON format documentation)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import UTC, date, datetime

import icalendar
import pytest

from dateline.core.model import Conflict, Event, EventMention, Timeline
from dateline.core.temporal.timex import Timex
from dateline.core.timeline import export
from dateline.core.timeline.keydates import key_dates

from tests import timeline_fakes as fakes

STAMP = datetime(2024, 10, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def timeline() -> Timeline:
    return fakes.merge(fakes.corpus())


def coarse_timeline(granularity: str, start: date, end: date) -> Timeline:
    timex = Timex(0, 4, "then", "DATE", "X", granularity, (start, end))
    mention = EventMention("a", 0, 4, "then", timex)
    event = Event("e1", start, end, granularity, "X", False, "Something", [mention])
    return Timeline([], [event], {}, {}, {}, {})


# --- JSON ---


ARTICLE_KEYS = {"id", "title", "outlet", "url", "published", "published_source", "path"}
EVENT_KEYS = {"id", "start", "end", "granularity", "value", "approximate", "certainty", "text",
              "mentions", "actors", "countries", "claims", "conflicts"}
MENTION_KEYS = {"article", "start", "end", "sentence", "certainty"}
CLAIM_KEYS = {"id", "article", "speaker", "speaker_name", "cue", "stance", "start", "end",
              "text", "date"}
ACTOR_KEYS = {"id", "name", "kind", "country", "aliases", "articles"}


def test_export_json_has_the_documented_shape(timeline):
    timeline.key_dates = key_dates(timeline.events, timeline.articles)  # the fake merge has none
    doc = json.loads(export.to_json_text(timeline))
    assert set(doc) == {"articles", "events", "claims", "actors", "key_dates"}
    assert doc["key_dates"], "the fake corpus has dated events"
    scores = [k["score"] for k in doc["key_dates"]]
    assert scores == sorted(scores, reverse=True)
    event_ids = {e["id"] for e in doc["events"]}
    for key_date in doc["key_dates"]:
        assert set(key_date) == {"date", "score", "events"}
        assert date.fromisoformat(key_date["date"])
        assert set(key_date["events"]) <= event_ids
    for article in doc["articles"]:
        assert set(article) == ARTICLE_KEYS
        assert article["published"] is None or date.fromisoformat(article["published"])
        assert article["published_source"] in ("metadata", "inferred", None)
    for event in doc["events"]:
        assert set(event) == EVENT_KEYS
        assert date.fromisoformat(event["start"]) <= date.fromisoformat(event["end"])
        assert isinstance(event["approximate"], bool)
        assert event["certainty"] in ("explicit", "reported")
        assert all(set(m) == MENTION_KEYS for m in event["mentions"])
        assert all(isinstance(a, str) for a in event["actors"] + event["countries"])
        for conflict in event["conflicts"]:
            assert set(conflict) == {"attribute", "values"}
            assert all(set(v) == {"value", "articles"} for v in conflict["values"])
    for claim in doc["claims"]:
        assert set(claim) == CLAIM_KEYS
    for actor in doc["actors"]:
        assert set(actor) == ACTOR_KEYS


def test_export_json_values(timeline):
    doc = export.to_json(timeline)
    assert doc["articles"][0] == {
        "id": "001", "title": "A title", "outlet": "The Korea Times", "url": None,
        "published": "2024-10-17", "published_source": "metadata", "path": "/corpus/a/001.txt",
    }
    (kim,) = [e for e in doc["events"] if e["text"].startswith("Kim")]
    assert kim["countries"] == ["North Korea"]
    assert kim["actors"] == ["kim-jong-un"]
    assert kim["claims"] == ["001#1"]
    assert [m["article"] for m in kim["mentions"]] == ["001", "002"]
    assert kim["conflicts"] == [{"attribute": "date", "values": [
        {"value": "2024-10-02", "articles": ["001"]}, {"value": "2024-10-03", "articles": ["002"]},
    ]}]
    assert doc["claims"][0] == {
        "id": "001#1", "article": "001", "speaker": "volodymyr-zelenskyy",
        "speaker_name": "Volodymyr Zelenskyy", "cue": "said", "stance": "assert",
        "start": doc["claims"][0]["start"], "end": doc["claims"][0]["end"],
        "text": "Troops are fighting for Russia", "date": None,
    }
    (nis,) = [a for a in doc["actors"] if a["id"] == "nis"]
    assert nis == {"id": "nis", "name": "National Intelligence Service", "kind": "organization",
                   "country": "South Korea", "aliases": ["NIS"], "articles": ["002"]}


@pytest.mark.parametrize(("code", "name"), [("KP", "North Korea"), ("UA", "Ukraine"),
                                            ("ZZ", "ZZ")])
def test_export_country_name_uses_the_gazetteer(code, name):
    assert export.country_name(code) == name


# --- CSV ---


def test_export_csv_header_and_rows(timeline):
    text = export.to_csv(timeline)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == export.CSV_HEADER == (
        "start", "end", "granularity", "value", "approximate", "text", "sources", "actors",
        "countries", "conflicts")
    assert len(rows) == 1 + len(timeline.events)
    kim = next(dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[5].startswith("Kim"))
    assert kim["sources"] == "The Korea Times (001); Yonhap (002)"
    assert kim["actors"] == "Kim Jong Un" and kim["countries"] == "North Korea"
    assert kim["conflicts"] == "date: 2024-10-02 (001) vs 2024-10-03 (002)"
    assert kim["approximate"] == "false"
    assert text.endswith("\r\n")


# --- iCalendar ---


def test_export_ics_parses_with_icalendar(timeline):
    text = export.to_ics(timeline, STAMP)
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(timeline.events)
    assert [e.decoded("DTSTART") for e in events] == [e.start for e in timeline.events]
    # DTEND of an all-day event is exclusive.
    assert [(e.decoded("DTEND") - e.decoded("DTSTART")).days for e in events] == [1] * len(events)
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert all(e.decoded("DTSTAMP") == STAMP for e in events)
    kim = next(e for e in events if str(e["SUMMARY"]).startswith("Kim"))
    assert "The Korea Times (001); Yonhap (002)" in str(kim["DESCRIPTION"])
    assert "\n" in str(kim["DESCRIPTION"])


def test_export_ics_is_stable_and_escapes_text():
    tricky = "Troops, tanks; and a back\\slash\nthen more — ünïcödé " + "word " * 40
    base = coarse_timeline("day", date(2024, 10, 8), date(2024, 10, 13))
    base.events[0] = dataclasses.replace(base.events[0], text=tricky)
    text = export.to_ics(base, STAMP)
    assert text == export.to_ics(base, STAMP)
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(event["DESCRIPTION"]).startswith(tricky.rstrip())
    assert event.decoded("DTEND") == date(2024, 10, 14)
    assert event["UID"] == export.ics_uid("e1")


@pytest.mark.parametrize("line", [
    "DESCRIPTION:" + "a" * 200,
    "DESCRIPTION:" + "ü€😀" * 60,  # 2-, 3- and 4-byte characters must not be cut
    "SUMMARY:short",
])
def test_export_ics_folds_lines_at_75_octets(line):
    folded = export.ics_fold(line)
    physical = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(physical)) == line


@pytest.mark.parametrize(("raw", "escaped"), [("a,b;c\\d\ne", "a\\,b\\;c\\\\d\\ne")])
def test_export_ics_escape(raw, escaped):
    assert export.ics_escape(raw) == escaped


# --- TimelineJS ---


def check_tljs_date(value: object) -> None:
    """A TimelineJS3 date object: year required (an integer); month 1-12 and day 1-31
    optional, day only with month; no other keys than the documented ones."""
    documented = {"year", "month", "day", "hour", "minute", "second", "millisecond",
                  "display_date", "format"}
    assert isinstance(value, dict) and set(value) <= documented
    assert isinstance(value["year"], int)
    if "month" in value:
        assert isinstance(value["month"], int) and 1 <= value["month"] <= 12
    if "day" in value:
        assert "month" in value and isinstance(value["day"], int) and 1 <= value["day"] <= 31


def check_tljs_slide(slide: object, *, title: bool = False) -> None:
    documented = {"start_date", "end_date", "text", "media", "group", "display_date",
                  "background", "autolink", "unique_id"}
    assert isinstance(slide, dict) and set(slide) <= documented
    if not title:
        check_tljs_date(slide["start_date"])
    if "end_date" in slide:
        check_tljs_date(slide["end_date"])
    if "text" in slide:
        assert set(slide["text"]) <= {"headline", "text"}
        assert all(isinstance(v, str) for v in slide["text"].values())
    for key in ("group", "display_date", "unique_id"):
        assert key not in slide or isinstance(slide[key], str)


def check_timelinejs(doc: object) -> None:
    """The top level of TimelineJS3's JSON format: events (required), title, eras, scale."""
    assert isinstance(doc, dict) and set(doc) <= {"events", "title", "eras", "scale"}
    assert isinstance(doc["events"], list)
    for slide in doc["events"]:
        check_tljs_slide(slide)
    if "title" in doc:
        check_tljs_slide(doc["title"], title=True)
    ids = [s["unique_id"] for s in doc["events"] if "unique_id" in s]
    assert len(ids) == len(set(ids))


def test_export_timelinejs_has_the_documented_shape(timeline):
    doc = json.loads(json.dumps(export.to_timelinejs(timeline)))
    check_timelinejs(doc)
    assert len(doc["events"]) == len(timeline.events)
    assert doc["title"]["text"]["headline"] == "dateline timeline"
    kharkiv = doc["events"][0]
    assert kharkiv["start_date"] == {"year": 2024, "month": 1, "day": 6}
    assert "end_date" not in kharkiv  # one day
    assert kharkiv["group"] == "Ukraine"


def test_export_timelinejs_gives_every_event_a_named_group(timeline):
    """An event without a country is grouped by name too: TimelineJS draws ungrouped slides in
    an unlabelled row of their own."""
    bare = dataclasses.replace(timeline, events=[
        *timeline.events,
        dataclasses.replace(timeline.events[0], id="no-country", mentions=[
            dataclasses.replace(m, countries=()) for m in timeline.events[0].mentions])])
    doc = export.to_timelinejs(bare)
    groups = [slide.get("group") for slide in doc["events"]]
    assert all(isinstance(g, str) and g.strip() for g in groups)
    assert groups[-1] == export.NO_COUNTRY_GROUP


@pytest.mark.parametrize(
    ("granularity", "start", "end", "start_date", "end_date"),
    [
        ("day", date(2024, 10, 8), date(2024, 10, 13), {"year": 2024, "month": 10, "day": 8},
         {"year": 2024, "month": 10, "day": 13}),
        ("month", date(2024, 10, 1), date(2024, 10, 31), {"year": 2024, "month": 10}, None),
        ("quarter", date(2024, 7, 1), date(2024, 9, 30), {"year": 2024, "month": 7},
         {"year": 2024, "month": 9}),
        ("year", date(1973, 1, 1), date(1973, 12, 31), {"year": 1973}, None),
        ("decade", date(1970, 1, 1), date(1979, 12, 31), {"year": 1970}, {"year": 1979}),
    ],
)
def test_export_timelinejs_dates_follow_the_granularity(granularity, start, end, start_date,
                                                        end_date):
    doc = export.to_timelinejs(coarse_timeline(granularity, start, end))
    check_timelinejs(doc)
    (slide,) = doc["events"]
    assert slide["start_date"] == start_date
    assert slide.get("end_date") == end_date


def test_export_timelinejs_escapes_html():
    base = coarse_timeline("day", date(2024, 1, 1), date(2024, 1, 1))
    base.events[0] = dataclasses.replace(base.events[0], text="<b>bold</b> & co")
    slide = export.to_timelinejs(base)["events"][0]
    assert slide["text"]["headline"] == "&lt;b&gt;bold&lt;/b&gt; &amp; co"


# --- render ---


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_export_render_is_deterministic(timeline, fmt):
    assert export.render(timeline, fmt, stamp=STAMP) == export.render(timeline, fmt, stamp=STAMP)


def test_export_render_rejects_an_unknown_format(timeline):
    with pytest.raises(ValueError, match="unknown export format"):
        export.render(timeline, "xml", stamp=STAMP)


@pytest.mark.parametrize("conflict", [Conflict("figure", (("1,500", ("a",)), ("3,000", ("b",))))])
def test_export_conflicts_reach_every_format(timeline, conflict):
    timeline.events[0].conflicts.append(conflict)
    assert "1,500 (a) vs 3,000 (b)" in export.to_csv(timeline)
    assert "1\\,500 (a) vs 3\\,000 (b)" in export.to_ics(timeline, STAMP).replace("\r\n ", "")
    assert "1,500 (a) vs 3,000 (b)" in export.to_timelinejs(timeline)["events"][0]["text"]["text"]
