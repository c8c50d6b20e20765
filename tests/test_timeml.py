"""TimeML reader: plain text, offsets, DCT and gold TIMEX3 from hand-written and real files."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from dateline.core.evaluation.timeml import GoldTimex, parse_dct_value, parse_timeml, unescape_xml

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
TIMEBANK_FILE = SHARED / Path("bench/tempeval3/train/TimeBank/ABC19980108.1830.0711.tml")
TIMEBANK_WITH_TIME_DCT = SHARED / Path("bench/tempeval3/train/TimeBank/APW19980213.1380.tml")
AQUAINT_WITH_ENTITY = SHARED / Path("bench/tempeval3/train/AQUAINT/NYT20000601.0442.tml")
WIKIWARS_FILE = SHARED / Path("corpora/wikiwars/timex3-derczynski2012/01_WW2.tml")

TINY = (
    '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>TINY.001</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="TIME" value="1999-03-12T18:41"'
    ' functionInDocument="CREATION_TIME">03/12/1999 18:41</TIMEX3></DCT>\n'
    "<TITLE>AT&amp;T &lt;news&gt;</TITLE>\n"
    "<TEXT>\n"
    'AT&amp;T <EVENT eid="e1" class="OCCURRENCE">said</EVENT> '
    '<TIMEX3 tid="t1" type="DATE" value="1999-03-11">Thursday</TIMEX3> that Caf&#233; &lt;B&gt; '
    '<TIMEX3 tid="t2" type="DURATION" value="P3D" mod="MORE_THAN">more than '
    '<EVENT eid="e2" class="OCCURRENCE">three</EVENT> days</TIMEX3> of '
    '<SIGNAL sid="s1">after</SIGNAL><TIMEX3 tid="t3" type="DATE" value="1999-03-12"'
    ' anchorTimeID="t0"/> talks &amp; '
    "<TIMEX3 tid=\"t4\" type='SET' value=\"P1D\" quant=\"EVERY\">every&#x20;day</TIMEX3>.\n"
    "</TEXT>\n"
    '<TLINK lid="l1" timeID="t1" relatedToTime="t0" relType="BEFORE"/>\n'
    "</TimeML>\n"
)

EXPECTED_TINY_TEXT = (
    "\nAT&T said Thursday that Café <B> more than three days of after talks & every day.\n"
)


def read(path: Path) -> str:
    if not path.exists():
        pytest.skip(f"corpus file not available: {path}")
    return path.read_text(encoding="utf-8")


def assert_spans_match_text(document) -> None:
    for timex in document.timexes:
        assert document.text[timex.start : timex.end] == timex.text


def test_timeml_plain_text_drops_tags_and_unescapes_entities():
    document = parse_timeml(TINY)
    assert document.text == EXPECTED_TINY_TEXT
    assert document.doc_id == "TINY.001"


def test_timeml_dct_takes_the_date_part_of_a_time_value():
    assert parse_timeml(TINY).dct == date(1999, 3, 12)


def test_timeml_gold_offsets_point_into_the_unescaped_text():
    document = parse_timeml(TINY)
    assert [timex.text for timex in document.timexes] == [
        "Thursday",
        "more than three days",
        "every day",
    ]
    assert_spans_match_text(document)
    # "AT&amp;T" is 4 characters of plain text once unescaped, not 8.
    assert document.timexes[0].start == len("\nAT&T said ")


def test_timeml_gold_attributes_are_read():
    thursday, more_than, every_day = parse_timeml(TINY).timexes
    assert thursday == GoldTimex(
        start=11, end=19, text="Thursday", type="DATE", value="1999-03-11", mod=None, tid="t1"
    )
    assert (more_than.type, more_than.value, more_than.mod) == ("DURATION", "P3D", "MORE_THAN")
    assert (every_day.type, every_day.value) == ("SET", "P1D")  # single-quoted attribute


def test_timeml_event_nested_in_timex_keeps_the_whole_timex_extent():
    more_than = parse_timeml(TINY).timexes[1]
    assert more_than.text == "more than three days"
    assert more_than.end - more_than.start == len("more than three days")


def test_timeml_empty_timex_is_kept_apart_with_an_empty_span():
    document = parse_timeml(TINY)
    (empty,) = document.empty_timexes
    assert empty.tid == "t3"
    assert empty.start == empty.end == document.text.index(" talks")
    assert "t3" not in {timex.tid for timex in document.timexes}


def test_timeml_dct_timex_outside_text_is_not_gold():
    document = parse_timeml(TINY)
    assert "t0" not in {timex.tid for timex in document.timexes}
    assert document.dct_mentions == ()


def test_timeml_timex_restating_the_dct_inside_text_is_kept_apart():
    xml = (
        '<TimeML><DOCID>w</DOCID><DCT><TIMEX3 tid="t0" type="DATE" value="2009-12-19">'
        "2009-12-19</TIMEX3></DCT><TEXT>\nhead <TIMEX3 tid=\"t0\" type=\"TIME\" "
        'value="2009-12-19T17:00:00">2009-12-19T17:00:00</TIMEX3> \nIn <TIMEX3 tid="t1" '
        'type="DATE" value="1939">1939 </TIMEX3>.</TEXT></TimeML>'
    )
    document = parse_timeml(xml)
    assert [timex.tid for timex in document.dct_mentions] == ["t0"]
    # The trailing space inside the tag is not part of the expression.
    assert [(timex.tid, timex.text) for timex in document.timexes] == [("t1", "1939")]
    assert_spans_match_text(document)


def test_timeml_missing_dct_uses_the_fallback():
    xml = "<TimeML><DOCID>x</DOCID><TEXT>In 1939.</TEXT></TimeML>"
    assert parse_timeml(xml).dct is None
    assert parse_timeml(xml, fallback_dct=date(2009, 12, 19)).dct == date(2009, 12, 19)


def test_timeml_dct_value_formats():
    assert parse_dct_value("1998-01-08") == date(1998, 1, 8)
    assert parse_dct_value("1999-03-12T18:41") == date(1999, 3, 12)
    assert parse_dct_value("19980108") == date(1998, 1, 8)
    assert parse_dct_value("PRESENT_REF") is None
    assert parse_dct_value(None) is None


def test_timeml_unescape_leaves_unknown_entities_alone():
    assert unescape_xml("a &amp;&lt;&gt;&quot;&apos; &#65;&#x42; &Cx1f;") == "a &<>\"' AB &Cx1f;"


def test_timeml_real_timebank_file():
    xml = read(TIMEBANK_FILE)
    document = parse_timeml(xml)
    assert document.doc_id == "ABC19980108.1830.0711"
    assert document.dct == date(1998, 1, 8)
    body = xml[xml.index("<TEXT>") : xml.index("</TEXT>")]
    assert len(document.timexes) == len(re.findall(r"<TIMEX3\b", body)) == 10
    assert_spans_match_text(document)
    first = document.timexes[0]
    assert (first.text, first.type, first.value) == ("week", "DURATION", "P1W")
    assert document.text.startswith("\nOn the other hand, it's turning out to be another")
    assert "<" not in document.text


def test_timeml_real_timebank_dct_with_time():
    document = parse_timeml(read(TIMEBANK_WITH_TIME_DCT))
    assert document.dct == date(1998, 2, 13)
    assert_spans_match_text(document)


def test_timeml_real_aquaint_file_with_entities_keeps_offsets():
    document = parse_timeml(read(AQUAINT_WITH_ENTITY))
    assert "&amp;" not in document.text
    assert "&" in document.text
    assert_spans_match_text(document)


def test_timeml_real_wikiwars_file():
    document = parse_timeml(read(WIKIWARS_FILE))
    assert document.doc_id == "01_WW2"
    assert document.dct == date(2009, 12, 19)
    assert [timex.text for timex in document.dct_mentions] == ["2009-12-19T17:00:00"]
    assert (document.timexes[0].text, document.timexes[0].value) == (
        "September 1, 1939",
        "1939-09-01",
    )
    assert_spans_match_text(document)
    assert all(timex.text == timex.text.strip() for timex in document.timexes)
