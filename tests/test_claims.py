"""The claim finder: real sentences from the seed articles, built into documents by hand, and the
whole seeds through the cleaner's sentence splitter."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pytest

from dateline.core.articles.clean import clean_article, split_sentences
from dateline.core.articles.reading import read_article
from dateline.core.claims.finder import find_claims
from dateline.core.claims.lexicon import load_lexicon
from dateline.core.claims.quotes import find_quotes
from dateline.core.model import Claim, Sentence
from dateline.core.resources import ResourceError
from dateline.core.temporal.timex import Timex

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).resolve().parent / "data" / "claims" / "seeds.toml"


def _doc(*parts: str, sep: str = " ", caption: bool = False) -> tuple[str, list[Sentence]]:
    """A text of the given sentences, each one `Sentence` (built by hand, as spaCy tests do)."""
    text, sentences = "", []
    for part in parts:
        if text:
            text += sep
        start = len(text)
        sentences.append(Sentence(start, start + len(part), " ".join(part.split()), caption))
        text += part
    return text, sentences


def _timex(text: str, phrase: str, type_: str = "DATE", value: str = "2024-10-23") -> Timex:
    start = text.index(phrase)
    return Timex(start, start + len(phrase), phrase, type_, value)


def _claims(*parts: str, dates: tuple[str, ...] = (), sep: str = " ") -> tuple[str, list[Claim]]:
    text, sentences = _doc(*parts, sep=sep)
    return text, find_claims(text, sentences, [_timex(text, d) for d in dates])


def _only(*parts: str, **kwargs: object) -> tuple[str, Claim]:
    text, claims = _claims(*parts, **kwargs)  # type: ignore[arg-type]
    assert len(claims) == 1, [(c.speaker_name, c.cue, c.text) for c in claims]
    return text, claims[0]


@cache
def _seed(stem: str) -> tuple[str, tuple[Claim, ...]]:
    article = read_article(SEEDS / f"{stem}.txt")
    sentences = split_sentences(article.text, clean_article(article))
    return article.text, tuple(find_claims(article.text, sentences))


GOLDEN_SEEDS = tomllib.loads(GOLDEN.read_text(encoding="utf-8"))["seeds"]


# --- direct quotes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "speaker", "role", "cue", "stance", "starts", "ends"),
    [
        (  # curly opening, straight closing; "none of their concern" denies
            ["“Who is involved in the special military operation is none of their (Ukraine) "
             "concern,\" Russia’s foreign ministry spokesperson Maria Zakharova said during a "
             "briefing."],
            "Maria Zakharova", "Russia’s foreign ministry spokesperson", "said", "deny",
            "Who is involved", "none of their (Ukraine) concern",
        ),
        (  # a quote over two sentences, the speaker with an apposition
            ["“While it is clear there has been weapons trade between North Korea and Russia, "
             "sending troops is another matter.",
             "If any personnel were sent, they are more likely to be laborers or engineers "
             "rather than skilled military forces capable of combat,” Yang Moo-jin, president "
             "of the University of North Korean Studies, said."],
            "Yang Moo-jin", "president of the University of North Korean Studies", "said",
            "hedge", "While it is clear", "capable of combat",
        ),
        (  # over a line break, straight closing mark; "nearly zero" hedges
            ["“There is a low possibility — nearly zero — that North Korea has sent thousands "
             "of combat-ready troops.",
             "Participating in the Ukraine war would mean fighting NATO, and the Kim Jong-un "
             "regime would not want a direct conflict with the U.S.\n-led military alliance,\" "
             "Cho said."],
            "Cho", None, "said", "hedge", "There is a low possibility", "-led military alliance",
        ),
        (  # "?" hands over to the attribution; "told" with its hearer
            ["“What exactly are they doing?” Mr. Austin told reporters at a military base in "
             "Italy."],
            "Mr. Austin", None, "told", "assert", "What exactly", "are they doing?",
        ),
        (  # inverted: "said X, a …"
            ["“North Korea really likes a narrative, and there is no narrative to take part in "
             "war for now,” said Yang Uk, a security expert with Seoul think tank the Asan "
             "Institute."],
            "Yang Uk", "a security expert with Seoul think tank the Asan Institute", "said",
            "assert", "North Korea really likes", "in war for now",
        ),
        (  # a title before the name
            ["“As Russia and North Korea have signed a mutual treaty akin to a military "
             "alliance, the possibility of such a deployment is highly likely,” Defense Minister "
             "Kim Yong-hyun told lawmakers, the Yonhap News Agency reported."],
            "Kim Yong-hyun", "Defense Minister", "told", "hedge", "As Russia", "highly likely",
        ),
    ],
)
def test_claims_direct_quote_with_speaker_after(parts, speaker, role, cue, stance, starts, ends):
    text, claim = _only(*parts)
    assert (claim.speaker_name, claim.speaker_role, claim.cue, claim.stance) == (
        speaker, role, cue, stance,
    )
    assert claim.text.startswith(starts) and claim.text.endswith(ends)
    assert text[claim.speaker_start : claim.speaker_end] == speaker
    assert claim.speaker_id is None


@pytest.mark.parametrize(
    ("parts", "speaker", "starts", "ends"),
    [
        (["Mr. Yang emphasized, “They will likely analyze how the knowledge and experience "
          "acquired in Ukraine can be applied to the Korean Peninsula.”"],
         "Mr. Yang", "They will likely", "Korean Peninsula."),
        (  # the closing mark alone at the start of the next line; the story goes on after it
            ["Another expert on North Korea, speaking on condition of anonymity, said, “I think "
             "it's too early to draw conclusions since Ukraine has not yet presented clear "
             "evidence of North Korean troops.",
             "However, these claims that North Korea has begun to deploy military personnel "
             "could be used as leverage by Kyiv to increase pressure on South Korea for weapons "
             "support.\n\"",
             "Since the war began in February 2022, Seoul has maintained a policy of providing "
             "only financial and humanitarian aid to the war-torn nation."],
            "Another expert on North Korea", "I think it's too early", "for weapons support.",
        ),
        (["The foreign ministry said, \"We are working to verify the speculation.",
          "If the report is true, we consider it tantamount to participation in the war.\""],
         "The foreign ministry", "We are working", "participation in the war."),
    ],
)
def test_claims_direct_quote_after_its_attribution(parts, speaker, starts, ends):
    _, claim = _only(*parts)
    assert claim.speaker_name == speaker
    assert claim.text.startswith(starts) and claim.text.endswith(ends)
    assert claim.stance == "hedge"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('an "exchange of experience" program', ["exchange of experience"]),
        ("“Who is involved,\" she said. “alliance,” he said", ["Who is involved,", "alliance,"]),
        ("said, “I think so.\n\" Since then, “more”.", ["I think so.\n", "more"]),
        ("“unclosed and\nmore text “second quote” here", ["unclosed and", "second quote"]),
    ],
)
def test_claims_quotes_pair_straight_and_curly_marks(text, quoted):
    assert [text[q.inner_start : q.inner_end] for q in find_quotes(text)] == quoted


# --- reported speech -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "speaker", "role", "cue", "starts"),
    [
        ("South Korean Defense Minister Kim Yong-hyun told parliament on Tuesday it was "
         "\"highly likely\" that North Korea would send troops to Ukraine.",
         "Kim Yong-hyun", "South Korean Defense Minister", "told", "it was \"highly likely\""),
        ("South Korea’s National Intelligence Service said on Friday that Russian Navy ships "
         "transported 1,500 North Korean special operation forces to Vladivostok.",
         "South Korea’s National Intelligence Service", None, "said", "Russian Navy ships"),
        ("Last week, South Korea’s Defense Minister, Kim Yong-hyun, remarked that it is “highly "
         "likely” that several North Korean soldiers have already perished in the conflict.",
         "Kim Yong-hyun", "South Korea’s Defense Minister", "remarked", "it is “highly likely”"),
        ("However, Mr. Collins, author of an upcoming book on North Korea’s sabotage arm, the "
         "Reconnaissance General Bureau, said that the largest unit Pyongyang has deployed "
         "overseas in recent years was company strength.",
         "Mr. Collins",
         "author of an upcoming book on North Korea’s sabotage arm, the Reconnaissance General "
         "Bureau", "said", "the largest unit"),
        ("SEOUL, South Korea — South Korea’s defense minister on Tuesday said North Korea is "
         "strongly considering deploying its own troops to fight alongside Russia in Ukraine.",
         "South Korea’s defense minister", None, "said", "North Korea is strongly"),
        ("This week President Volodymyr Zelensky of Ukraine suggested that North Korea was "
         "preparing 12,000 soldiers to fight on the Russian side.",
         "Volodymyr Zelensky", "President of Ukraine", "suggested", "North Korea was preparing"),
        ("It has been very rare for North Korea, since its founding, to send troops abroad but "
         "U.S. researcher Merle Pribbenow said in 2011 that after years of rumors, North Korea "
         "had admitted it.",
         "Merle Pribbenow", "U.S. researcher", "said", "after years of rumors"),
        ("Citing sources in Ukraine's military intelligence, Interfax-Ukraine said three North "
         "Korean servicemen were also wounded.",
         "Interfax-Ukraine", None, "said", "three North Korean servicemen"),
        ("Experts who spoke with The Korea Times downplayed the likelihood of North Korea "
         "sending a large number of troops to the Ukrainian battlefield.",
         "Experts", None, "downplayed", "the likelihood of North Korea"),
        ("In recent weeks, Ukrainian reports have suggested that North Korean troops are "
         "participating in the conflict.",
         "Ukrainian reports", None, "suggested", "North Korean troops are participating"),
        # the timeline17 corpus: a list runs into the speaker; a clause before a pronoun
        ("With the permanent members of the UN Security Council - the US, UK, France, Russia "
         "and China - British Foreign Secretary William Hague said all five were committed to "
         "supporting Mr Annan's efforts.",
         "William Hague", "British Foreign Secretary", "said", "all five were committed"),
        ("Though raised as a devout Catholic, he claims that his grandfather's heritage "
         "influenced his devotion.", "he", None, "claims", "his grandfather's heritage"),
        ("The aid arrived as the Disasters Emergency Committee said its Haiti appeal had now "
         "raised #38m in the UK.",
         "the Disasters Emergency Committee", None, "said", "its Haiti appeal"),
    ],
)
def test_claims_reported_speech_speaker_before_the_cue(sentence, speaker, role, cue, starts):
    text, claim = _only(sentence)
    assert (claim.speaker_name, claim.speaker_role, claim.cue) == (speaker, role, cue)
    assert claim.text.startswith(starts)
    assert text[claim.speaker_start : claim.speaker_end] == speaker


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("In response, Russia, which has consistently denied any weapons trade with North "
         "Korea, rejected these speculations.",
         [("Russia", "denied", "any weapons trade with North Korea"),
          ("Russia", "rejected", "these speculations")]),
        ("The newspaper also reported that Russian sources on Telegram — the social media "
         "platform widely used by both sides in the war — claimed that Russian officers had "
         "been briefing the North Koreans on assault and defensive tactics.",
         [("The newspaper", "reported", "Russian sources on Telegram — the social media "
           "platform widely used by both sides in the war — claimed that Russian officers had "
           "been briefing the North Koreans on assault and defensive tactics"),
          ("Russian sources on Telegram", "claimed",
           "Russian officers had been briefing the North Koreans on assault and defensive "
           "tactics")]),
        ("Moscow and Pyongyang have denied the claims, and no hard evidence has emerged that "
         "North Korean troops have yet walked onto the battlefield.",
         [("Moscow and Pyongyang", "denied", "the claims")]),
    ],
)
def test_claims_nested_and_noun_object_contents(sentence, expected):
    _, claims = _claims(sentence)
    assert [(c.speaker_name, c.cue, c.text) for c in claims] == expected


@pytest.mark.parametrize(
    ("sentence", "speaker", "content"),
    [
        ("There are 3,000 North Korean soldiers on Russian soil at the moment, the agency said "
         "on Wednesday, and their numbers are expected to swell to 10,000 by December.",
         "the agency", "There are 3,000 North Korean soldiers on Russian soil at the moment"),
        ("From 2000 onward, several African governments utilized North Korean repair services "
         "and updated military equipment to maintain power, van der Hoog said.",
         "van der Hoog", "From 2000 onward, several African governments utilized North Korean "
         "repair services and updated military equipment to maintain power"),
        ("Such steps could include supplying both defensive and offensive weapons to Ukraine, a "
         "senior South Korean official said on Tuesday, speaking on condition of anonymity.",
         "a senior South Korean official",
         "Such steps could include supplying both defensive and offensive weapons to Ukraine"),
        (  # headline and byline glued to the story by the page layout
            "Yonhap Pyongyang may have sent engineers to assess its missiles, but large-scale "
            "troop deployments remain unlikely: experts By Lee Hyo-jin The likelihood of North "
            "Korea deploying a large number of combat forces remains low, experts said Thursday.",
            "experts",
            "The likelihood of North Korea deploying a large number of combat forces remains low",
        ),
        (  # an interrupting attribution: the content is the whole sentence
            "This data could later be used to improve weapons which, he said, would pose a "
            "threat to South Korea.",
            "he",
            "This data could later be used to improve weapons which, he said, would pose a "
            "threat to South Korea",
        ),
        (  # inverted, without a quote (timeline17 corpus, BBC)
            "Hopes for a negotiated settlement in Syria remain alive, despite regional tensions "
            "stoked by recent air strikes, says Jim Muir.",
            "Jim Muir",
            "Hopes for a negotiated settlement in Syria remain alive, despite regional tensions "
            "stoked by recent air strikes",
        ),
        (  # the claim runs on after "according to X," (timeline17 corpus, BBC)
            "The singer's death, according to the Los Angeles County Coroner, was a homicide "
            "caused by acute propofol intoxication.",
            "the Los Angeles County Coroner",
            "The singer's death, according to the Los Angeles County Coroner, was a homicide "
            "caused by acute propofol intoxication",
        ),
        (  # a short quote the statement goes on from (timeline17 corpus)
            "“Of course,” he notes, the risk is that “this will fail.”",
            "he",
            "the risk is that “this will fail.”",
        ),
    ],
)
def test_claims_trailing_attribution_takes_the_clause_before(sentence, speaker, content):
    _, claim = _only(sentence)
    assert (claim.speaker_name, claim.text) == (speaker, content)


@pytest.mark.parametrize(
    ("sentence", "speaker", "role", "starts", "ends"),
    [
        ("North Korean soldiers started reaching the Russian Far East this month, sailing on "
         "Russian Navy ships, according to South Korea’s intelligence agency.",
         "South Korea’s intelligence agency", None, "North Korean soldiers", "Russian Navy ships"),
        ("According to Cha Du Hyeogn, a senior analyst at the Asan Institute for Policy Studies "
         "in Seoul, the deepening military ties with Pyongyang “mean that Russia now regards "
         "North Korea’s nuclear weapons development as something it can accept.”",
         "Cha Du Hyeogn", "a senior analyst at the Asan Institute for Policy Studies in Seoul",
         "the deepening military ties", "something it can accept.”"),
        ("Furthermore, according to Tass, the Russian state news agency, North Korea dispatched "
         "missile technicians to aid the Assad regime during the Syrian civil war in 2016.",
         "Tass", "the Russian state news agency", "North Korea dispatched", "war in 2016"),
        ("The ongoing conflict in Ukraine is presenting North Korea’s military with a unique "
         "opportunity, as noted by analysts and officials in South Korea on Wednesday.",
         "analysts and officials in South Korea", None, "The ongoing conflict",
         "a unique opportunity"),
    ],
)
def test_claims_source_after_cue(sentence, speaker, role, starts, ends):
    _, claim = _only(sentence)
    assert (claim.speaker_name, claim.speaker_role) == (speaker, role)
    assert claim.text.startswith(starts) and claim.text.endswith(ends)


@pytest.mark.parametrize(
    ("sentence", "speaker", "starts"),
    [
        ("It cited Russian bloggers as saying that North Korean officers were visiting the "
         "front as part of an \"exchange of experience\" program.",
         "Russian bloggers", "North Korean officers were visiting"),
        ("During the 1973 Yom Kippur War in the Middle East, media reported both Israel and the "
         "U.S. as saying a small number of North Korean pilots flew Egyptian fighter aircraft.",
         "both Israel and the U.S.", "a small number of North Korean pilots"),
        ("The former CIA officer cited an official Vietnamese military history published in "
         "2001 as saying: \"On a number of flights Korean pilots scored victories.\"",
         "an official Vietnamese military history", "On a number of flights"),
    ],
)
def test_claims_cited_as_saying_names_the_cited_source(sentence, speaker, starts):
    _, claim = _only(sentence)
    assert (claim.speaker_name, claim.cue) == (speaker, "as saying")
    assert claim.text.startswith(starts)


# --- stance ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("Both Russia and North Korea have denied that the North has sent weapons to Russia.",
         "deny"),
        ("Pyongyang did not send troops to Ukraine, a foreign ministry spokesman said.", "deny"),
        ("South Korea believes the North has sent more than a million artillery shells to "
         "Russia, as well as ballistic missiles.", "hedge"),
        ("Instead, observers suggested that Pyongyang may have sent engineers to operate North "
         "Korean missiles sold to Russia.", "hedge"),
        ("The Ministry of Unification said Thursday that it did not have relevant information "
         "to address the speculation.", "hedge"),
        ("South Korea's National Intelligence Service said it is “looking into the reports.”",
         "hedge"),
        ("But experts say there is no indication that North Korea’s populace or its military "
         "is being prepped to fight in a war far from the Korean Peninsula.", "hedge"),
        ("“They don’t get the training, or have the understanding, of what it takes to go into "
         "battle,” said Robert Collins, a 50-year North Korea watcher.", "assert"),
        ("South Korean defense officials have said that North Korea has sent more than 13,000 "
         "shipping containers of artillery rounds to Russia.", "assert"),
        ("She warned that while a level six pandemic alert did not mean the virus was more "
         "dangerous, countries should prepare.", "assert"),
        ("“These are the people who haven't fled the city, haven't had the means,” she said.",
         "assert"),
    ],
)
def test_claims_stance_from_cue_and_markers(sentence, stance):
    _, claim = _only(sentence)
    assert claim.stance == stance


# --- speakers resolved across sentences ------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "speakers"),
    [
        (["Chun In-bum, a retired South Korean general, warns that North Korean troops should "
          "not be underestimated.",
          "“They are more than capable,” he said.",
          "“They do not have interoperability experience, but they can use liaison teams.”",
          "Like other analysts, however, the former general questioned North Korea’s ability "
          "to deploy mass overseas."],
         ["Chun In-bum"] * 4),
        (["North Korean soldiers started reaching the Russian Far East this month, according to "
          "South Korea’s intelligence agency.",
          "“The troops are expected to be deployed to the front lines,” the agency said.",
          "North Korea is prepared to send more troops to the Russian war effort, it added, "
          "noting the frequent traffic of Russian transport planes."],
         ["South Korea’s intelligence agency"] * 3),
        (["Experts who spoke with The Korea Times downplayed the likelihood of North Korea "
          "sending troops.",
          "“Who is involved is none of their concern,\" Maria Zakharova said.",
          "Deploying combat-ready forces entails big risks for the secretive regime, they said."],
         ["Experts", "Maria Zakharova", "Experts"]),
        (["Cho Han-bum, a senior researcher at the Korea Institute for National Unification, "
          "voiced a similar view.",
          "The researcher, citing several sources in Russia, suggested that they were mostly "
          "laborers or engineers.",
          "He also noted that the Kim regime would not risk sending its forces abroad."],
         ["Cho Han-bum"] * 3),
        (  # a description must agree with its antecedent: this ministry is no spokesperson
            ["“Who is involved is none of their concern,\" Russia’s foreign ministry "
             "spokesperson Maria Zakharova said.",
             "The foreign ministry said, \"We are working to verify the speculation.\""],
            ["Maria Zakharova", "The foreign ministry"],
        ),
        (["“They are more than capable,” he said."], ["he"]),  # nobody to resolve to
        (  # "Ms" makes a "she": the "he" is someone else (timeline17 corpus)
            ["“We need access to all areas,” Ms Pitt said.",
             "He said the ICRC had been delivering aid to other areas where people needed help."],
            ["Ms Pitt", "He"],
        ),
    ],
)
def test_claims_pronouns_and_descriptions_resolve_to_earlier_speakers(parts, speakers):
    text, claims = _claims(*parts)
    assert [c.speaker_name for c in claims] == speakers
    for claim in claims:  # the span stays on the mention as written
        mention = text[claim.speaker_start : claim.speaker_end]
        assert mention == claim.speaker_name or mention.split()[0].lower() in (
            "he", "she", "it", "they", "the",
        )


@pytest.mark.parametrize(
    ("parts", "texts"),
    [
        (["“What exactly are they doing?” Mr. Austin told reporters at a military base in "
          "Italy.", "“Left to be seen.”",
          "He gave no details about the number of troops already there."],
         ["What exactly are they doing?", "Left to be seen."]),
        (  # a quote that hands over to an attribution this module cannot read is no sequel
            ["“We reject the proposal,” the official said.",
             "“With our soul and blood, we will sacrifice for you,” chanted 20,000 protesters."],
            ["We reject the proposal"],
        ),
    ],
)
def test_claims_a_following_quote_continues_the_statement(parts, texts):
    _, claims = _claims(*parts)
    assert [c.text for c in claims] == texts
    assert len({(c.speaker_name, c.speaker_start, c.cue) for c in claims}) == 1


# --- when the statement was made -------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "dates", "expected"),
    [
        (["There are 3,000 North Korean soldiers on Russian soil at the moment, the agency said "
          "on Wednesday, and their numbers are expected to swell to 10,000 by December."],
         ("Wednesday", "December"), "Wednesday"),
        (["South Korean Defense Minister Kim Yong-hyun told parliament on Tuesday it was "
          "\"highly likely\" that North Korea would send troops given a pact signed in June."],
         ("Tuesday", "June"), "Tuesday"),
        (["\"These are (North Korean) workers for Russian factories.",
          "In fact, this is the participation of a second state in the war against Ukraine,\" "
          "Ukrainian President Volodymyr Zelenskyy said in a parliamentary speech, Wednesday "
          "(local time), backing these reports."],
         ("Wednesday",), "Wednesday"),
        (["On Wednesday, the United States confirmed that North Korean troops had landed in "
          "Russia to join the fight against Ukraine."], ("Wednesday",), "Wednesday"),
        (["South Korea’s defense minister on Tuesday said North Korea is strongly considering "
          "deploying its own troops."], ("Tuesday",), "Tuesday"),
        (["The likelihood of North Korea deploying combat forces remains low, experts said "
          "Thursday."], ("Thursday",), "Thursday"),
        (  # a date inside the content is not when it was said
            ["Researcher Tycho van der Hoog of Netherlands' Leiden University said that between "
             "1960 and 1980 North Korea helped such movements achieve power."],
            ("between 1960 and 1980",), None,
        ),
        (  # nor is a date inside the speaker phrase
            ["The former CIA officer cited an official Vietnamese military history published "
             "in 2001 as saying: \"On a number of flights Korean pilots scored victories.\""],
            ("2001",), None,
        ),
    ],
)
def test_claims_date_of_the_statement_comes_from_the_reporting_clause(parts, dates, expected):
    _, claim = _only(*parts, dates=dates)
    assert (claim.date.text if claim.date else None) == expected


def test_claims_a_duration_is_no_statement_date():
    text, sentences = _doc("For decades, Pyongyang claimed that its military buildup was for "
                           "deterrence of war on the Korean Peninsula.")
    decades = _timex(text, "For decades", "DURATION", "P1DE")
    (claim,) = find_claims(text, sentences, [decades])
    assert claim.date is None and claim.speaker_name == "Pyongyang"


# --- what is not a claim ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "By Lee Hyo-jin",
        "Edited by Taejun Kang and Mike Firn.",
        "How is North Korea helping Russia?",
        "What would sending troops mean?",
        "The troops were then said to move deeper inland to the cities of Ussuriysk, Khabarovsk "
        "and Blagoveshchensk.",
        "North Korea is already accused of supplying munitions and other military aid to the "
        "Russian forces.",
        "Kim did not elaborate.",
        "Since the war began in February 2022, Seoul has maintained a policy of providing only "
        "financial and humanitarian aid to the war-torn nation.",
        "Radio Free Asia could not independently verify the reports.",
        "Mr. Kim called it an “alliance,” Mr. Putin did not.",
        "The term “special military operation” is used by the Russian government to describe "
        "its invasion of Ukraine.",
        "There were reports that North Korean special forces fought in support of the "
        "Russian-backed Bashar Assad regime in Syria’s brutal civil war.",
        "Russian and North Korean state-media have not mentioned any such incident.",
        "Eric Schmitt contributed reporting.",
        "Any doubts over the extent of the emergency were dispelled last night.",
        "Violence continued on Saturday in Syria.",
        "This photo shows parts of an unidentified missile, which Ukrainian authorities believe "
        "to be made in North Korea.",
        "Syrian authorities had agreed in early November to withdraw from restive cities.",
        "I reported on the start of this work earlier this month.",
        "A journalist of fantastic integrity who was compelling to read as she told it just like "
        "it was.",
        "He tells the story of their struggle for recognition in Blackwood, Wales.",
        "Mexico's confirmed death toll ticked up to 44 as labs tested a backlog of samples.",
    ],
)
def test_claims_not_claims(sentence):
    assert _claims(sentence)[1] == []


@pytest.mark.parametrize(("caption", "found"), [(True, 0), (False, 1)])
def test_claims_caption_sentences_are_skipped(caption, found):
    text, sentences = _doc("Ukrainian authorities said the missile was made in North Korea.",
                           caption=caption)
    assert len(find_claims(text, sentences)) == found


# --- whole seed articles ---------------------------------------------------------------------


@pytest.mark.parametrize("stem", sorted(GOLDEN_SEEDS))
def test_claims_seed_articles_match_the_checked_list(stem):
    _, claims = _seed(stem)
    found = [[c.speaker_name, c.cue, c.stance, " ".join(c.text.split()[:6])] for c in claims]
    assert found == GOLDEN_SEEDS[stem]


@pytest.mark.parametrize("stem", sorted(GOLDEN_SEEDS))
def test_claims_offsets_point_into_the_text(stem):
    text, claims = _seed(stem)
    for claim in claims:
        assert "".join(claim.text.split()) == "".join(text[claim.start : claim.end].split())
        assert claim.speaker_start is not None and claim.speaker_end is not None
        mention = text[claim.speaker_start : claim.speaker_end]
        resolved = mention.split()[0].lower() in ("he", "she", "it", "they", "the")
        assert mention == claim.speaker_name or resolved, (mention, claim.speaker_name)
        assert claim.stance in ("assert", "hedge", "deny")
    assert [c.start for c in claims] == sorted(c.start for c in claims)


@pytest.mark.parametrize(
    ("stem", "snippet", "speaker", "stance"),
    [
        ("003_f86dd0539654f108", "Who is involved", "Maria Zakharova", "deny"),
        ("003_f86dd0539654f108", "There is a low possibility", "Cho", "hedge"),
        ("003_f86dd0539654f108", "Technically speaking", "Yang", "hedge"),
        ("001_7a4f2c888cc0ca1e", "the claims", "Moscow and Pyongyang", "deny"),
        ("000_5b4eab8f43ccccc4", "it was \"highly likely\"", "Kim Yong-hyun", "hedge"),
    ],
)
def test_claims_seed_statements_named_in_the_brief(stem, snippet, speaker, stance):
    _, claims = _seed(stem)
    claim = next(c for c in claims if c.text.startswith(snippet))
    assert (claim.speaker_name, claim.stance) == (speaker, stance)


def test_claims_bad_lexicon_names_the_file(tmp_path):
    bad = tmp_path / "claims.toml"
    bad.write_text("[verbs\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"claims\.toml:1: invalid TOML"):
        load_lexicon(bad)
