"""Countries and actors in the five seed articles, short-name resolution and cross-article links.

Seeds: 000 Radio Free Asia 2024-10-10, 001 NYT 2024-10-23, 002 Washington Times 2024-10-08,
003 Korea Times 2024-10-17, 004 NYT 2024-10-16.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from dateline.core.entities.extract import (
    Entities,
    extract,
    find_actors,
    find_countries,
    link_actors,
    plural,
    relabel,
    same_person,
    slug,
)
from dateline.core.model import Actor, EntityMention

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_IDS = ("000", "001", "002", "003", "004")


@cache
def seed_text(seed: str) -> str:
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    return path.read_text(encoding="utf-8")


@cache
def seed(seed_id: str) -> Entities:
    return extract(seed_text(seed_id))


def actor_at(seed_id: str, snippet: str, occurrence: int = 0) -> EntityMention:
    """The actor mention starting where the `occurrence`-th `snippet` starts in the seed."""
    text = seed_text(seed_id)
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(snippet, at + 1)
    found = [m for m in seed(seed_id).actors if m.start == at]
    assert found, f"no actor mention at {snippet!r} in {seed_id}"
    return found[0]


# --- countries


@pytest.mark.parametrize(
    ("seed_id", "surface", "code"),
    [
        ("001", "Pyongyang", "KP"),
        ("001", "D.P.R.K.", "KP"),
        ("001", "Democratic People’s Republic of Korea", "KP"),
        ("002", "Kremlin", "RU"),
        ("003", "Kremlin", "RU"),
        ("001", "Moscow", "RU"),
        ("002", "SEOUL", "KR"),
        ("001", "Seoul", "KR"),
        ("002", "Kyiv", "UA"),
        ("002", "Cairo", "EG"),
        ("002", "Damascus", "SY"),
        ("002", "Hanoi", "VN"),
        ("001", "Washington", "US"),
        ("000", "U.S.", "US"),
        ("000", "United States", "US"),
        ("000", "North Korean", "KP"),
        ("002", "North Koreans", "KP"),
        ("001", "Russians", "RU"),
        ("000", "Ukrainian", "UA"),
        ("000", "American", "US"),
        ("000", "Israeli", "IL"),
        ("000", "Egyptian", "EG"),
        ("000", "Vietnamese", "VN"),
        ("000", "Angolan", "AO"),
        ("000", "Cambodia", "KH"),
        ("000", "South African", "ZA"),
        ("000", "Netherlands", "NL"),
        ("004", "Syrian", "SY"),
    ],
)
def test_entities_country_surfaces_name_the_right_country(seed_id, surface, code):
    mentions = [m for m in seed(seed_id).countries if m.text == surface]
    assert mentions, f"{surface!r} not found in {seed_id}"
    assert {m.entity_id for m in mentions} == {code}


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_entities_longest_match_wins(seed_id):
    texts = {m.text for m in seed(seed_id).countries}
    assert not texts & {"Korea", "Korean", "North", "South"}
    for m in seed(seed_id).countries:
        if m.text.startswith("North Korea"):
            assert m.entity_id == "KP"
        if m.text.startswith("South Korea"):
            assert m.entity_id == "KR"


@pytest.mark.parametrize(
    ("seed_id", "written"), [("000", "South Korea's"), ("001", "South Korea’s")]
)
def test_entities_possessive_country(seed_id, written):
    text = seed_text(seed_id)
    at = text.index(written)
    (mention,) = [m for m in seed(seed_id).countries if m.start == at]
    assert (mention.text, mention.entity_id, mention.end) == ("South Korea", "KR", at + 11)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tell us what US officials told us.", ["US"]),
        ("The U.S.-led alliance and the UK met.", ["U.S.", "UK"]),
        ("Us and them; us and the uk.", []),
        ("He spoke to the dprk about the DPRK.", ["DPRK"]),
    ],
)
def test_entities_abbreviations_are_case_sensitive(text, expected):
    assert [m.text for m in find_countries(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Michael Jordan said so.", []),
        ("King Abdullah of Jordan said so.", [("Jordan", "JO")]),
        ("George Washington University said so.", []),
        ("Officials in Washington said so.", [("Washington", "US")]),
        ("Latin American and South American leaders met in New Mexico.", []),
        ("Americans and Chinese met.", [("Americans", "US"), ("Chinese", "CN")]),
    ],
)
def test_entities_ambiguous_and_blocked_country_names(text, expected):
    assert [(m.text, m.entity_id) for m in find_countries(text)] == expected


@pytest.mark.parametrize(
    ("seed_id", "org"), [("000", "Interfax-Ukraine"), ("002", "Washington Times")]
)
def test_entities_country_inside_an_outlet_name_is_not_a_country(seed_id, org):
    at = seed_text(seed_id).index(org)
    assert not [m for m in seed(seed_id).countries if at <= m.start < at + len(org)]
    assert [m for m in seed(seed_id).actors if m.start <= at < m.end and m.kind == "organization"]


@pytest.mark.parametrize(
    ("demonym", "expected"),
    [
        ("North Korean", "North Koreans"),
        ("Israeli", "Israelis"),
        ("Frenchman", "Frenchmen"),
        ("Chinese", None),
        ("Swiss", None),
        ("Polish", None),
    ],
)
def test_entities_demonym_plurals(demonym, expected):
    assert plural(demonym) == expected


# --- actors found from the text


@pytest.mark.parametrize(
    ("seed_id", "name", "title_part", "country"),
    [
        ("000", "Kim Yong-hyun", "South Korean Defense Minister", "KR"),
        ("004", "Kim Yong-hyun", "Defense Minister", "KR"),
        ("002", "Yang Uk", "security expert", "KR"),
        ("004", "Yang Uk", "military expert", "KR"),
        ("003", "Yang Moo-jin", "president of the University of North Korean Studies", None),
        ("003", "Maria Zakharova", "foreign ministry spokesperson", "RU"),
        ("000", "Tycho van der Hoog", "Researcher", "NL"),
        ("000", "Merle Pribbenow", "U.S. researcher", "US"),
        ("003", "Cho Han-bum", "senior researcher", "KR"),
        ("002", "Chun In-bum", "retired South Korean general", "KR"),
        ("002", "Robert Collins", "North Korea watcher", None),
        ("001", "Cha Du Hyeogn", "senior analyst", "KR"),
        ("000", "Norodom Sihanouk", "Prince", "KH"),
    ],
)
def test_entities_speakers_found_with_roles_and_countries(seed_id, name, title_part, country):
    entities = seed(seed_id)
    mentions = [m for m in entities.actors if m.text == name]
    assert mentions and all(m.kind == "person" for m in mentions)
    actor = entities.registry[mentions[0].entity_id]
    assert actor.id == slug(name)
    assert title_part in (actor.title or "")
    assert actor.country == country


@pytest.mark.parametrize(
    ("seed_id", "name", "role"),
    [
        ("003", "Lee Hyo-jin", "reporter"),
        ("000", "Taejun Kang", "editor"),
        ("000", "Mike Firn", "editor"),
        ("001", "Eric Schmitt", "reporter"),
        ("002", "Andrew Salmon", "reporter"),
    ],
)
def test_entities_bylines_are_persons(seed_id, name, role):
    entities = seed(seed_id)
    (mention,) = [m for m in entities.actors if m.text == name]
    assert entities.registry[mention.entity_id].title == role


@pytest.mark.parametrize(
    ("seed_id", "snippet", "actor_id", "kind"),
    [
        ("001", "National Intelligence Service said", "nis", "organization"),
        ("003", "National Intelligence Service said", "nis", "organization"),
        ("000", "Interfax-Ukraine", "interfax-ukraine", "organization"),
        ("002", "Yonhap News Agency", "yonhap", "organization"),
        ("003", "Korean Central News Agency", "kcna", "organization"),
        ("000", "Leiden University", "leiden-university", "organization"),
        (
            "003",
            "University of North Korean Studies",
            "university-of-north-korean-studies",
            "organization",
        ),
        ("002", "Reconnaissance General Bureau", "reconnaissance-general-bureau", "organization"),
        ("001", "Lloyd J. Austin III", "lloyd-austin", "person"),
        ("001", "Vladimir V. Putin", "vladimir-putin", "person"),
        ("003", "Volodymyr Zelenskyy", "volodymyr-zelensky", "person"),
        ("004", "Volodyr Zelensky", "volodymyr-zelensky", "person"),
        ("001", "Yoon Suk Yeol", "yoon-suk-yeol", "person"),
        ("000", "Kim Il Sung", "kim-il-sung", "person"),
    ],
)
def test_entities_actor_mentions(seed_id, snippet, actor_id, kind):
    mention = actor_at(seed_id, snippet)
    assert (mention.entity_id, mention.kind) == (actor_id, kind)
    assert snippet.startswith(mention.text)


@pytest.mark.parametrize(("seed_id", "org", "country"), [("000", "Leiden University", "NL")])
def test_entities_organisation_country_from_possessive(seed_id, org, country):
    mention = actor_at(seed_id, org)
    assert seed(seed_id).registry[mention.entity_id].country == country


# --- short mentions resolve to the nearest compatible full mention


@pytest.mark.parametrize(
    ("seed_id", "snippet", "occurrence", "actor_id"),
    [
        ("001", "Mr. Austin", 0, "lloyd-austin"),
        ("001", "Mr. Austin", 2, "lloyd-austin"),
        ("001", "Mr. Kim", 0, "kim-jong-un"),
        ("002", "Mr. Kim called it", 0, "kim-jong-un"),
        ("002", "Mr. Kim, the defense minister", 0, "kim-yong-hyun"),
        ("002", "Mr. Kim and Mr. Putin held", 0, "kim-jong-un"),
        ("002", "Mr. Kim called him", 0, "kim-jong-un"),
        ("000", "Kim did not elaborate", 0, "kim-yong-hyun"),
        ("000", "Kim hails", 0, "kim-jong-un"),
        ("003", "Kim regime", 0, "kim-jong-un"),
        ("003", "Yang suggested", 0, "yang-moo-jin"),
        ("003", "Yang pointed out", 0, "yang-moo-jin"),
        ("003", "Cho said", 0, "cho-han-bum"),
        ("002", "Mr. Yang", 0, "yang-uk"),
        ("004", "Mr. Yang", 0, "yang-uk"),
        ("002", "Mr. Collins", 0, "robert-collins"),
        ("000", "van der Hoog said", 0, "tycho-van-der-hoog"),
        ("000", "Sihanouk’s", 0, "norodom-sihanouk"),
    ],
)
def test_entities_short_mentions_resolve_by_proximity(seed_id, snippet, occurrence, actor_id):
    assert actor_at(seed_id, snippet, occurrence).entity_id == actor_id


@pytest.mark.parametrize(
    ("text", "short", "actor_id"),
    [
        (
            "Kim Jong-un met Defense Minister Kim Yong-hyun. Mr. Kim spoke.",
            "Mr. Kim",
            "kim-yong-hyun",
        ),
        (
            "Defense Minister Kim Yong-hyun met Kim Jong-un. Mr. Kim spoke.",
            "Mr. Kim",
            "kim-jong-un",
        ),
        ("Dr. Smith said so.", "Dr. Smith", "smith"),
    ],
)
def test_entities_short_mention_takes_the_nearest_preceding_full_name(text, short, actor_id):
    mentions, registry = find_actors(text)
    (mention,) = [m for m in mentions if m.text == short]
    assert mention.entity_id == actor_id and actor_id in registry


# --- no false persons


@pytest.mark.parametrize(
    "word",
    [
        "Wednesday",
        "Tuesday",
        "October",
        "June",
        "North Korean",
        "Korean",
        "War",
        "What We Know",
        "Threat Status",
        "Middle East",
        "Far East",
        "Peninsula",
        "Citing",
        "Both",
        "On",
        "Related",
    ],
)
def test_entities_no_false_persons_in_seeds(word):
    for seed_id in SEED_IDS:
        persons = [m.text for m in seed(seed_id).actors if m.kind == "person"]
        assert not [p for p in persons if word in p.split() or p.startswith(word)], seed_id


@pytest.mark.parametrize(
    "text",
    [
        "On Wednesday, North Korean troops arrived, officials said.",
        "In March North Korean Officers said they would go.",
        "What We Know About North Korea’s Role in the Ukraine War",
        "The Korean War ended in 1953, Yonhap News said.",
        "Last October Russian Navy ships sailed.",
    ],
)
def test_entities_no_false_persons_in_hand_text(text):
    mentions, _ = find_actors(text)
    assert [m.text for m in mentions if m.kind == "person"] == []


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_entities_offsets_point_into_the_text(seed_id):
    text = seed_text(seed_id)
    entities = seed(seed_id)
    for mention in (*entities.countries, *entities.actors):
        assert text[mention.start : mention.end] == mention.text
    assert {m.entity_id for m in entities.actors} <= set(entities.registry)


@pytest.mark.parametrize("seed_id", ["002"])
def test_entities_find_functions_agree_with_extract(seed_id):
    text = seed_text(seed_id)
    assert tuple(find_countries(text)) == seed(seed_id).countries
    mentions, registry = find_actors(text)
    assert tuple(mentions) == seed(seed_id).actors and registry == dict(seed(seed_id).registry)


# --- names across articles


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kim Jong Un", "Kim Jong-un"),
        ("Kim Jong Un", "Kim Jong-Un"),
        ("Volodymyr Zelensky", "Volodyr Zelensky"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
        ("Vladimir V. Putin", "Vladimir Putin"),
        ("Lloyd J. Austin III", "Lloyd Austin"),
        ("Kim Yong-hyun", "Kim Yong-hyon"),
    ],
)
def test_entities_same_person_accepts_variants(a, b):
    assert same_person(a, b) and same_person(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kim Jong Un", "Kim Yong-hyun"),
        ("Kim Jong Un", "Kim Il Sung"),
        ("Kim Yong-hyun", "Kim Il Sung"),
        ("Kim Jong Un", "Kim Jong Il"),
        ("Kim Jong Un", "Kim Yo Jong"),
        ("Yang Uk", "Yang Moo-jin"),
        ("Yang Uk", "Yang Ik"),
        ("Cho Han-bum", "Chun In-bum"),
        ("Lee Jae-myung", "Lee Jae-yong"),
        ("Kim Yong-hyun", "Kim Yong-ho"),
        ("Mohammed bin Salman", "Mohammed bin Sultan"),
        ("Kim Jin", "Kim Jina"),
        ("Donald Trump", "Donald Trump Jr."),
        ("Volodymyr Zelensky", "Olena Zelenska"),
    ],
)
def test_entities_same_person_keeps_namesakes_apart(a, b):
    assert not same_person(a, b)


def _linked():
    registries = [seed(s).registry for s in SEED_IDS]
    return link_actors(registries)


@pytest.mark.parametrize(
    "written",
    [{"Zelensky", "Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodyr Zelensky"}],
)
def test_entities_zelensky_variants_merge_across_articles(written):
    links = _linked()
    ids, seen_in = set(), set()
    for seed_id in SEED_IDS:
        for mention in relabel(seed(seed_id).actors, links.ids):
            if mention.text in written:
                ids.add(mention.entity_id)
                seen_in.add(seed_id)
    assert ids == {"volodymyr-zelensky"}
    assert seen_in == {"000", "001", "003", "004"}


@pytest.mark.parametrize("names", [("kim-jong-un", "kim-yong-hyun", "kim-il-sung")])
def test_entities_link_keeps_different_kims_apart(names):
    links = _linked()
    assert len({links.ids[n] for n in names}) == len(names)


@pytest.mark.parametrize(
    ("text", "variant", "canonical"),
    [("Defense Minister Kim Yong-hyon said so.", "kim-yong-hyon", "kim-yong-hyun")],
)
def test_entities_link_merges_discovered_variants(text, variant, canonical):
    typo = extract(text)
    assert variant in typo.registry
    links = link_actors([*(seed(s).registry for s in SEED_IDS), typo.registry])
    assert links.ids[variant] == links.ids[canonical] == canonical
    merged = links.actors[canonical]
    assert merged.country == "KR" and "Kim Yong-hyon" in merged.aliases


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        (
            "Ms. Park, a researcher at the Asan Institute, said so.",
            "Ms. Park, a fellow at the Asan Institute for Policy Studies, said so.",
            True,
        ),
        (
            "A study by the Hanguk Institute found it.",
            "A study by the Hanguk Institute for Peace Studies found it.",
            True,
        ),
        (
            "A study by Seoul National University found it.",
            "A study by Korea University found it.",
            False,
        ),
    ],
)
def test_entities_link_organisations(first, second, merged):
    a, b = extract(first), extract(second)
    orgs_a = [m.entity_id for m in a.actors if m.kind == "organization"]
    orgs_b = [m.entity_id for m in b.actors if m.kind == "organization"]
    links = link_actors([a.registry, b.registry])
    assert (links.ids[orgs_a[0]] == links.ids[orgs_b[0]]) is merged


# --- names beyond the gazetteer (the recogniser), their kinds and links; hand-made text


def _ids(text: str, written: str) -> set[str]:
    return {m.entity_id for m in extract(text).actors if m.text == written}


@pytest.mark.parametrize(
    ("text", "name", "acronym"),
    [
        (
            "General Motors Corporation (GM) said on Monday it would cut jobs. "
            "Shares of GM fell 3 percent.",
            "General Motors Corporation",
            "GM",
        ),
    ],
)
def test_entities_acronym_defined_in_parentheses_links_its_later_uses(text, name, acronym):
    entities = extract(text)
    (owner,) = _ids(text, name)
    assert _ids(text, acronym) == {owner}
    assert [m.text for m in entities.actors].count(acronym) == 2
    assert acronym in entities.registry[owner].aliases
    assert entities.registry[owner].kind == "organization"


@pytest.mark.parametrize(
    "text",
    ["Marta Kowalczyk won the race in Gdansk on Sunday. Kowalczyk finished two minutes ahead."],
)
def test_entities_surname_links_to_the_one_full_name(text):
    assert _ids(text, "Kowalczyk") == _ids(text, "Marta Kowalczyk") == {"marta-kowalczyk"}


@pytest.mark.parametrize(
    "text", ["Anna Kowalczyk and Piotr Kowalczyk both entered the race. Later, Kowalczyk withdrew."]
)
def test_entities_surname_of_two_full_names_links_to_neither(text):
    ids = _ids(text, "Kowalczyk")
    assert ids and not ids & (_ids(text, "Anna Kowalczyk") | _ids(text, "Piotr Kowalczyk"))


@pytest.mark.parametrize(
    "text", ["Shares of Daimler Group and Renault Motors rose on Tuesday after the talks."]
)
def test_entities_never_one_actor_for_x_and_y(text):
    names = [a.name for a in extract(text).registry.values()]
    assert not any(" and " in name for name in names)
    assert "Daimler Group" in names


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Zentrix Inc. said its profit rose in the third quarter.", "Zentrix Inc", "organization"),
        ("Marta Kowalczyk won the race in Gdansk on Sunday.", "Gdansk", "place"),
        ("Marta Kowalczyk won the race in Gdansk on Sunday.", "Marta Kowalczyk", "person"),
        ("The troops were moved to the port city of Vladivostok.", "Vladivostok", "place"),
        (
            "Ford Motor Company said Henry Ford founded it in Detroit.",
            "Ford Motor Company",
            "organization",
        ),
        ("Ford Motor Company said Henry Ford founded it in Detroit.", "Henry Ford", "person"),
        ("Airbus delivered its first A350 to Lufthansa in Toulouse.", "Toulouse", "place"),
    ],
)
def test_entities_kinds_from_textual_evidence(text, name, kind):
    entities = extract(text)
    assert {m.kind for m in entities.actors if m.text == name} == {kind}


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "Volkswagen sold more cars than Toyota, the Japanese carmaker, last year.",
            "Toyota",
            "organization",
        ),
        (
            "Quellbrink, a spokeswoman for the ministry, declined to comment.",
            "Quellbrink",
            "person",
        ),
        ("Fighting spread to the city of Zarqa on Monday.", "Zarqa", "place"),
    ],
)
def test_entities_kind_from_a_noun_in_apposition(text, name, kind):
    entities = extract(text)
    assert {m.kind for m in entities.actors if m.text == name} == {kind}


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_entities_one_kind_per_actor_in_an_article(seed_id):
    entities = seed(seed_id)
    for mention in entities.actors:
        assert mention.kind == entities.registry[mention.entity_id].kind


@pytest.mark.parametrize(
    "text", ["Calendar words are no actors: on August 3 and in May, Monday and Tuesday passed."]
)
def test_entities_calendar_words_are_no_actors(text):
    assert not extract(text).actors


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Bank of Avalon Corp", "Bank of Avalon Corporation"),
        ("Smith & Wesson Holdings", "Smith and Wesson Holdings"),
        ("the Quarry Mining Ltd", "Quarry Mining Limited"),
    ],
)
def test_entities_link_corporate_suffix_and_punctuation_variants(first, second):
    a = Actor(slug(first), first, "organization", None, (), None)
    b = Actor(slug(second), second, "organization", None, (), None)
    links = link_actors([{a.id: a}, {b.id: b}])
    assert links.ids[a.id] == links.ids[b.id]
    merged = links.actors[links.ids[a.id]]
    assert {first, second} <= {merged.name, *merged.aliases}


def test_entities_link_an_acronym_to_the_actor_an_article_defined_it_for():
    text = "General Motors Corporation (GM) said on Monday it would cut jobs."
    later = Actor("gm", "GM", "organization", None, (), None)
    links = link_actors([extract(text).registry, {"gm": later}])
    assert links.ids["gm"] == "general-motors-corporation"


def test_entities_kind_is_the_one_most_articles_give():
    as_person = Actor("quell", "Quell", "person", None, (), None)
    as_org = Actor("quell", "Quell", "organization", None, (), None)
    links = link_actors([{"quell": as_person}, {"quell": as_person}, {"quell": as_org}])
    assert links.actors["quell"].kind == "person"


def test_entities_mr_austin_is_lloyd_j_austin_iii():
    entities = seed("001")
    assert {m.entity_id for m in entities.actors if m.text == "Mr. Austin"} == {"lloyd-austin"}
    assert "Lloyd J. Austin III" in entities.registry["lloyd-austin"].aliases


@pytest.mark.parametrize(
    "text",
    ["Marta Kowalczyk, the mayor of Gdansk, said on Tuesday that the shipyard had closed in June."],
)
def test_entities_speaker_is_an_actor_of_the_event_her_statement_reports(text):
    from datetime import date

    from dateline.core.model import Article
    from dateline.core.pipeline import analyse

    analysis = analyse(Article(id="a", path="a", text=text, published=date(2024, 10, 10)))
    (june,) = [e for e in analysis.events if "June" in text[e.start : e.end]]
    assert "Marta Kowalczyk" not in text[june.start : june.end]
    assert june.claim_ids and "marta-kowalczyk" in june.actor_ids


def test_entities_every_claim_speaker_is_an_actor_of_its_events():
    from dateline.core.articles.reading import read_article
    from dateline.core.pipeline import analyse

    for path in sorted(SEEDS.glob("*.txt")):
        analysis = analyse(read_article(path))
        speakers = {
            f"{analysis.article.id}#{i}": c.speaker_id for i, c in enumerate(analysis.claims)
        }
        for event in analysis.events:
            for claim_id in event.claim_ids:
                if speakers[claim_id]:
                    assert speakers[claim_id] in event.actor_ids


@pytest.mark.parametrize(
    "text",
    ["Shares of GM (General Motors Corporation) fell on Monday. Later, GM said it would recover."],
)
def test_entities_acronym_before_its_name_in_parentheses(text):
    assert _ids(text, "GM") == _ids(text, "General Motors Corporation")


def test_entities_ford_the_company_is_not_ford_the_person():
    person = Actor("henry-ford", "Henry Ford", "person", None, ("Ford",), None)
    company = Actor("ford", "Ford", "organization", None, (), None)
    namesake = Actor("ford", "Ford", "person", None, (), None)
    links = link_actors([{person.id: person}, {company.id: company}])
    assert links.ids["ford"] != links.ids["henry-ford"]
    links = link_actors([{person.id: person}, {namesake.id: namesake}])
    assert links.ids["ford"] == links.ids["henry-ford"]


@pytest.mark.parametrize(("text", "mention", "actor"), [
    ("President Preval said the palace had collapsed. Haitian President Rene Preval spoke "
     "on Tuesday.", "Preval", "rene-preval"),
    ("President Preval said the palace had collapsed. Aid arrived on Tuesday.",
     "Preval", "preval"),
    ("Chancellor Merkel flew in on Monday.", "Merkel", "merkel"),
])
def test_entities_a_title_before_a_recognised_name_is_not_part_of_it(text, mention, actor):
    found = {m.text: m for m in extract(text).actors}
    assert f"{text.split()[0]} {mention}" not in found
    assert found[mention].entity_id == actor and found[mention].kind == "person"
