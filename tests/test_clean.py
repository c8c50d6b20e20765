"""The cleaner (regions) and the sentence splitter, on the seed articles and on built text."""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.core.articles.clean import clean, clean_article, split_sentences
from dateline.core.articles.reading import read_article
from dateline.core.model import Article, Region, Sentence

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
STEMS = [p.stem for p in sorted(SEEDS.glob("*.txt"))]
RFA, NYT, WT, KT, NYT2 = STEMS


@cache
def _seed(stem: str) -> tuple[Article, tuple[Region, ...], tuple[Sentence, ...]]:
    article = read_article(SEEDS / f"{stem}.txt")
    regions = clean_article(article)
    return article, tuple(regions), tuple(split_sentences(article.text, regions))


def _kinds_at(regions: tuple[Region, ...], start: int, end: int) -> set[str]:
    return {r.kind for r in regions if r.start < end and r.end > start}


def _kinds_of(stem: str, snippet: str, last: bool = False) -> set[str]:
    article, regions, _ = _seed(stem)
    start = article.text.rfind(snippet) if last else article.text.find(snippet)
    assert start >= 0, snippet
    return _kinds_at(regions, start, start + len(snippet))


def _sentences(text: str) -> list[str]:
    return [s.text for s in split_sentences(text, clean(text))]


@pytest.mark.parametrize(
    ("stem", "snippet"),
    [
        (RFA, "RELATED STORIES"),
        (RFA, "[ North Korea likely to send troops to support Russia: South’s defense minister"),
        (
            RFA,
            "[ Ukrainian missile attack kills 6 North Korean officers: reportOpens in new window ]",
        ),
        (RFA, "North Korea’s Kim hails Russia alliance, promises Putin support on UkraineOpens"),
        (RFA, "Edited by Taejun Kang and Mike Firn."),
        (NYT, "<\n\nAbout FOX NEWS"),
        (NYT, "About FOX NEWS"),
        (NYT, "Check Also"),
        (NYT, "What Joko Widodo Achieved as President"),
        (NYT, "The words “emergency warning” galvanized protesters in Indonesia in August."),
        (NYT, "Leave a Reply"),
        (NYT, "Your email address will not be published. Required fields are marked *"),
        (WT, "A version of this story appeared in the daily Threat Status newsletter"),
        (WT, "Andrew Salmon can be reached at asalmon@washingtontimes.com."),
        (WT, "Please read our comment policy before commenting."),
        (KT, "Top\nDid North Korea deploy troops to Ukraine?\nThe likelihood of North Korea"),
    ],
)
def test_clean_seed_chrome(stem: str, snippet: str) -> None:
    assert _kinds_of(stem, snippet) == {"chrome"}


def test_clean_teaser_repeat_is_chrome_but_its_original_is_body() -> None:
    lead = "The likelihood of North Korea deploying a large number of combat forces"
    assert _kinds_of(KT, lead, last=True) == {"chrome"}
    assert _kinds_of(KT, lead) == {"body"}


@pytest.mark.parametrize(
    ("stem", "snippet"),
    [
        (RFA, "What we know"),
        (RFA, "In Asia, beginning in the 1990s, Cambodia’s then Prince Norodom Sihanouk"),
        (NYT, "According to Cha Du Hyeogn, a senior analyst at the Asan Institute"),
        (WT, "SEOUL, South Korea — South Korea’s defense minister on Tuesday said"),
        (WT, "“It depends on the size and role of the units,” he said."),
        (KT, 'very seriously.\n".'),
        (NYT2, "Mr. Yang emphasized, “They will likely analyze"),
    ],
)
def test_clean_seed_body(stem: str, snippet: str) -> None:
    assert _kinds_of(stem, snippet) == {"body"}


@pytest.mark.parametrize(
    "snippet",
    [
        "North Korean leader Kim Jong-un, center, visits a training base",
        "in this photo carried by the North's official Korean Central News Agency, Oct. 4.\nYonhap",
        "This photo shows parts of an unidentified missile",
        "used in a strike in Kharkiv, Ukraine, Jan. 6. Reuters-Yonhap",
        "and Russian President Vladimir Putin smile during their meeting in Pyongyang, June 19. "
        "AP-Yonhap",
    ],
)
def test_clean_captions_in_003(snippet: str) -> None:
    assert _kinds_of(KT, snippet) == {"caption"}


@pytest.mark.parametrize(
    ("stem", "kind", "snippet"),
    [
        (
            KT,
            "title",
            "Pyongyang may have sent engineers to assess its missiles, but large-scale "
            "troop deployments remain unlikely: experts",
        ),
        (KT, "byline", "By Lee Hyo-jin"),
        (NYT, "title", "What We Know About North Korea’s Role in the Ukraine War"),
        (NYT, "byline", "Eric Schmitt contributed reporting."),
        (NYT2, "title", "The Impact of the Ukraine War on North Korea’s Military Aspirations"),
    ],
)
def test_clean_seed_title_and_byline(stem: str, kind: str, snippet: str) -> None:
    assert _kinds_of(stem, snippet) == {kind}


@pytest.mark.parametrize("stem", [KT, NYT, NYT2])
def test_clean_title_found_without_metadata(stem: str) -> None:
    article, _, _ = _seed(stem)
    titles = [r for r in clean(article.text) if r.kind == "title"]
    assert [article.text[r.start : r.end].strip() for r in titles] == [article.title]


@pytest.mark.parametrize("stem", [RFA, WT])
def test_clean_no_title_when_text_has_none(stem: str) -> None:
    _, regions, _ = _seed(stem)
    assert all(r.kind != "title" for r in regions)


@pytest.mark.parametrize("stem", STEMS)
def test_clean_regions_partition_the_text(stem: str) -> None:
    article, regions, _ = _seed(stem)
    assert regions[0].start == 0
    assert regions[-1].end == len(article.text)
    for before, after in pairwise(regions):
        assert before.end == after.start
        assert before.kind != after.kind
    assert {r.kind for r in regions} <= {"title", "byline", "body", "caption", "chrome"}


@pytest.mark.parametrize("stem", STEMS)
def test_clean_sentence_text_is_collapsed_slice(stem: str) -> None:
    article, _, sentences = _seed(stem)
    assert sentences
    for s in sentences:
        assert s.text == " ".join(article.text[s.start : s.end].split())
        assert s.text == article.text[s.start : s.end].strip().replace("\n", " ")


@pytest.mark.parametrize("stem", STEMS)
def test_clean_no_sentence_contains_chrome(stem: str) -> None:
    _, regions, sentences = _seed(stem)
    for s in sentences:
        kinds = _kinds_at(regions, s.start, s.end)
        assert kinds == ({"caption"} if s.caption else {"body"}), s.text


@pytest.mark.parametrize(
    "sentence",
    [
        # A quote broken before "-led": the line ends in "U.S." but the sentence goes on.
        "Participating in the Ukraine war would mean fighting NATO, and the Kim Jong-un regime "
        'would not want a direct conflict with the U.S. -led military alliance," Cho said.',
        # A closing quote stranded at the start of the next line belongs to the sentence above.
        "However, these claims that North Korea has begun to deploy military personnel, in "
        "addition to the weapons it has been providing, could be used as leverage by Kyiv to "
        'increase pressure on South Korea for weapons support. "',
        "Since the war began in February 2022, Seoul has maintained a policy of providing only "
        "financial and humanitarian aid to the war-torn nation, wary of impacting relations "
        "with Moscow.",
        "Regarding the potential deployment of North Korean troops, South Korea's National "
        "Intelligence Service said it is “looking into the reports, keeping in mind that they "
        'could be true. "',
        "If the report is true, we consider it tantamount to participation in the war, and "
        'thus are taking it very seriously. ".',
        "North Korean leader Kim Jong-un, center, visits a training base of the North Korean "
        "military's special operations forces, Oct. 2, in this photo carried by the North's "
        "official Korean Central News Agency, Oct. 4. Yonhap",
        "The likelihood of North Korea deploying a large number of combat forces to support "
        "Russia in its war against Ukraine remains low amid mounting speculation that North "
        "Korean troops are involved in the conflict, experts said Thursday.",
    ],
)
def test_clean_broken_lines_mend_into_whole_sentences(sentence: str) -> None:
    _, _, sentences = _seed(KT)
    assert sentence in [s.text for s in sentences]


@pytest.mark.parametrize(
    ("stem", "sentence"),
    [
        (
            NYT,
            "Secretary of Defense Lloyd J. Austin III called the North’s presence a “very "
            "serious” escalation that would have ramifications in both Europe and Asia.",
        ),
        (
            NYT,
            "“What exactly are they doing?” Mr. Austin told reporters at a military base in Italy.",
        ),
        (NYT, "“Left to be seen.”"),
        (
            RFA,
            "Ukrainian media reported last week that six North Korean military officers were "
            "among about 20 military personnel killed in a Ukrainian missile strike on a training "
            "ground in Russian-occupied territory near the city of Donetsk on Oct. 3.",
        ),
        (
            WT,
            "Both South Korean and U.S. intelligence agencies say they have seen evidence that "
            "Pyongyang has helped the strapped Russian forces with artillery munitions and "
            "missiles.",
        ),
    ],
)
def test_clean_seed_sentences(stem: str, sentence: str) -> None:
    _, _, sentences = _seed(stem)
    assert sentence in [s.text for s in sentences]


@pytest.mark.parametrize("stem", STEMS)
def test_clean_caption_flag_follows_region(stem: str) -> None:
    _, _, sentences = _seed(stem)
    captions = [s.text for s in sentences if s.caption]
    assert len(captions) == (3 if stem == KT else 0)
    assert all(c.endswith("Yonhap") for c in captions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Austin spoke. Dr. Kim agreed.", ["Mr. Austin spoke.", "Dr. Kim agreed."]),
        (
            "Gen. Kim met Lt. Park in St. Petersburg. They talked.",
            ["Gen. Kim met Lt. Park in St. Petersburg.", "They talked."],
        ),
        ("Lloyd J. Austin said so. He left.", ["Lloyd J. Austin said so.", "He left."]),
        (
            "Arms came from D.P.R.K. and Iran. It stopped.",
            ["Arms came from D.P.R.K. and Iran.", "It stopped."],
        ),
        (
            "Six died on Oct. 3 in Donetsk. No. 2 was hurt.",
            ["Six died on Oct. 3 in Donetsk.", "No. 2 was hurt."],
        ),
        ("It began at 10 a.m. The army denied it.", ["It began at 10 a.m.", "The army denied it."]),
        ("U.S. President Joe Biden spoke.", ["U.S. President Joe Biden spoke."]),
        ('He said: "We will win." Then he left.', ['He said: "We will win."', "Then he left."]),
        (
            "“Why now?” Mr. Kim asked reporters. “Wait.”",
            ["“Why now?” Mr. Kim asked reporters.", "“Wait.”"],
        ),
        ("“Why now?” Nobody knows.", ["“Why now?”", "Nobody knows."]),
        (
            "The U.S.\n-led alliance grew. It was big.",
            ["The U.S. -led alliance grew.", "It was big."],
        ),
        (
            "Kim spoke.\nTroops crossed the border\ninto Russia on Monday. They fought.",
            ["Kim spoke.", "Troops crossed the border into Russia on Monday.", "They fought."],
        ),
        (
            "Kim spoke.\nWhat we know\nTroops arrived on Monday.",
            ["Kim spoke.", "What we know", "Troops arrived on Monday."],
        ),
        (
            "It was the first.\n\nA second paragraph without a stop",
            ["It was the first.", "A second paragraph without a stop"],
        ),
        ("It was “serious.\n” Then it ended.", ["It was “serious. ”", "Then it ended."]),
    ],
)
def test_clean_sentence_splitting(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


BODY = "Seoul said on Tuesday that North Korean troops had arrived in Russia to fight.\n"


@pytest.mark.parametrize(
    ("text", "chrome"),
    [
        (BODY + "Advertisement\n" + BODY.replace("Seoul", "Kyiv"), "Advertisement"),
        ("Share this article\n" + BODY, "Share this article"),
        (BODY + "Copyright 2024 Example Media. All rights reserved.", "Copyright 2024"),
        (BODY + "Read more: Kim visits Moscow\n" + BODY, "Read more: Kim visits Moscow"),
        (BODY * 3 + "Leave a Reply\nGreat article. Thanks for writing it up!\n", "Great article."),
        (BODY * 3 + "You may also like\nKim meets Putin\nThe summit was long.\n", "Kim meets"),
        (BODY + "Sign up for our Daily Briefing newsletter.\n" + BODY, "Sign up"),
        (BODY + "Reporter Jane Roe: jane.roe@example.com\n", "jane.roe@example.com"),
        (BODY + "***\n" + BODY, "***"),
    ],
)
def test_clean_generic_chrome_cues(text: str, chrome: str) -> None:
    start = text.index(chrome)
    regions = tuple(clean(text))
    assert _kinds_at(regions, start, start + len(chrome)) == {"chrome"}
    assert "Seoul said on Tuesday" in " ".join(_sentences(text))


@pytest.mark.parametrize(
    ("text", "kind", "snippet"),
    [
        (
            "Kim, left, meets Putin in Moscow, June 19. (AP Photo/Ahn Young-joon)\n" + BODY,
            "caption",
            "(AP Photo/Ahn Young-joon)",
        ),
        (
            "Kim visits a base in this photo released by KCNA on Oct. 4.\n" + BODY,
            "caption",
            "in this photo released by KCNA",
        ),
        ("Photo: Reuters\n" + BODY, "caption", "Photo: Reuters"),
        ("By Jane Roe and John Doe\n" + BODY, "byline", "By Jane Roe and John Doe"),
        ("Troops arrive in Russia\nBy Jane Roe\n" + BODY, "title", "Troops arrive in Russia"),
        (BODY + "Reuters reported that Kim left. The talks ended.\n", "body", "Reuters reported"),
        ("About 3,000 troops went. " * 30 + "\nAbout the deal\n" + BODY, "body", "About the deal"),
    ],
)
def test_clean_generic_regions(text: str, kind: str, snippet: str) -> None:
    start = text.index(snippet)
    assert _kinds_at(tuple(clean(text)), start, start + len(snippet)) == {kind}


_PIECES = [
    "Mr.",
    "Kim",
    "said",
    "U.S.",
    "Oct.",
    "3",
    "troops",
    "—",
    "\n",
    "\n\n",
    '"',
    "“",
    "”",
    ".",
    "?",
    ",",
    "Yonhap",
    "AP-Yonhap",
    "Top",
    "By",
    "Lee",
    "Hyo-jin",
    "in this photo",
    "Advertisement",
    "[",
    "]",
    "Leave a Reply",
    "J.",
    "a.m.",
    "  ",
    "\t",
    "The",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map(" ".join))
def test_clean_invariants_hold_on_any_text(text: str) -> None:
    regions = clean(text)
    if text.strip():
        assert regions[0].start == 0 and regions[-1].end == len(text)
    for before, after in pairwise(regions):
        assert before.end == after.start
    for s in split_sentences(text, regions):
        assert 0 <= s.start < s.end <= len(text)
        assert s.text == " ".join(text[s.start : s.end].split())
        assert _kinds_at(tuple(regions), s.start, s.end) <= {"body", "caption"}
