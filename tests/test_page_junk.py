"""Page junk stays off the timeline (issue 10): one test per junk class, on text of our own."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.core.articles.clean import clean
from dateline.core.model import Article
from dateline.core.pipeline import analyse
from dateline.core.temporal.engine import tag

DCT = date(2010, 1, 13)


def _events(text: str, published: date = DCT) -> list[tuple[str, str]]:
    analysis = analyse(Article(id="a", path="a.txt", text=text, published=published))
    return [(m.timex.value, text[m.start:m.end]) for m in analysis.events
            if m.certainty == "explicit"]


def _kinds(text: str, snippet: str) -> set[str]:
    start = text.index(snippet)
    end = start + len(snippet)
    return {r.kind for r in clean(text) if r.start < end and r.end > start}


@pytest.mark.parametrize("text, stamp, value", [
    ("Rescue teams arrive.\n1153 Red Cross spokesman Tom Lane tells the BBC the need is vast.\n",
     "1153", "2010-01-13T11:53"),
    ("The president will speak at 1500 GMT (1000 EST), says the White House.", "1000",
     "2010-01-13T10:00"),
    ("Crowds gathered near the palace 1433 Canada is sending a plane with doctors.", "1433",
     "2010-01-13T14:33"),
])
def test_clock_stamps_are_times_of_the_publication_day(text, stamp, value):
    found = {t.text: t for t in tag(text, DCT)}
    assert found[stamp].type == "TIME" and found[stamp].value == value
    assert all(not v.startswith(("1153", "1000", "1433")) for v, _ in _events(text))


def test_clock_stamp_without_publication_date_is_dropped():
    assert [t.text for t in tag("1153 Red Cross spokesman Tom Lane tells the BBC.", None)] == []


@pytest.mark.parametrize("text", [
    "Cases in the region have leapt from 297 to 1051 since the outbreak began.",
    "Scientists presented a 1000 year climate forecast to the panel.",
    "Officials counted between 600 and 1200 people at the camp.",
])
def test_numbers_in_counting_context_are_not_years(text):
    assert [t for t in tag(text, DCT) if t.type == "DATE"] == []


@pytest.mark.parametrize("text", [
    "Historic quakes struck the island in 1751 and 1770, the survey said.",
    "The abbey was founded in 1153 by monks.",
    "Crowds gathered for the opening of the 2000 Olympics in Sydney.",
])
def test_real_years_stay_years(text):
    assert any(t.type == "DATE" and len(t.value) == 4 for t in tag(text, DCT))


@pytest.mark.parametrize("text, junk", [
    ("Singer dies at 50 Page last updated at 08:58 GMT, Thursday, 25 June 2009 09:58 UK The "
     "singer died on Thursday, his family said.\n",
     "Page last updated at 08:58 GMT, Thursday, 25 June 2009 09:58 UK"),
    ("Schedule for the week.\n7.30-7.45 am BBC RADIO 5 LIVE SPORTS EXTRA Tim Lane presents "
     "a round-up of the day on 2 March 2010.\nThe show ran in 2009 as well, the station said.\n",
     "7.30-7.45 am BBC RADIO 5 LIVE SPORTS EXTRA Tim Lane presents"),
    ("A talk on the virus. Broadcast on BBC Radio 4, 4:30 PM Thu, 11 Jun 2009 Available until "
     "12:00 AM Thu, 1 Jan 2099 The doctor said cases rose.\n",
     "Available until 12:00 AM Thu, 1 Jan 2099"),
    ("Syria crisis: the ex-premier speaks 14 August 2012 Last updated at 12:34 GMT The "
     "ex-premier spoke on Monday.\n", "14 August 2012 Last updated at 12:34 GMT"),
])
def test_page_furniture_and_schedules_are_chrome(text, junk):
    assert _kinds(text, junk) == {"chrome"}
    assert not any(junk[:20] in sentence for _, sentence in _events(text))


def test_reader_comments_are_chrome():
    text = ("Protesters marched on Monday, police said.\n"
            "At 08:26 am on 17 Jun 2009, lincolnlerner wrote: I marched too in 1989 and it "
            "was the same.\nAt 09:10 am on 17 Jun 2009, kim wrote: Agreed.\n")
    assert _kinds(text, "lincolnlerner wrote") == {"chrome"}
    assert _kinds(text, "Agreed.") == {"chrome"}
    assert [v for v, _ in _events(text)] == ["2010-01-11"]


def test_passages_in_other_languages_are_chrome():
    text = ("The quake struck on Tuesday, officials said.\n"
            "El presidente de Haití pidió el martes ayuda internacional para la capital del "
            "país, que quedó destruida en 2010.\n")
    assert _kinds(text, "El presidente") == {"chrome"}
    assert _kinds(text, "The quake struck") == {"body"}
    assert [v for v, _ in _events(text)] == ["2010-01-12"]
