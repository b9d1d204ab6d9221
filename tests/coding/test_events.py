"""The event coder's composition rules: intents, refusals, demands, victims, and one event per act.

Sentences are ours. The gold gate (tests/gold) scores the coder as a whole; these pin one rule each.
"""

from __future__ import annotations

from datetime import date

import pytest

from berkut.coding.composition import DEMAND_OF, INTENT_OF, REFUSAL_OF, THREAT_OF, demand_code, refusal_code
from berkut.model import Document, Event
from berkut.ontology import load_ontology


def _events(pipeline, text: str, on: date = date(2023, 5, 2)) -> list[Event]:  # type: ignore[no-untyped-def]
    (analysis,) = pipeline.analyze([Document("t", text, on)])
    return list(analysis.events)


def _kept(events: list[Event]) -> list[tuple[str | None, str, str | None]]:
    return [
        (e.source.code if e.source else None, e.cameo, e.target.code if e.target else None)
        for e in events
        if not e.negated and not e.hypothetical
    ]


def test_every_mirrored_code_is_in_the_code_table_under_the_right_root() -> None:
    codes = load_ontology().codes
    for table, root in ((INTENT_OF, "03"), (REFUSAL_OF, "12"), (DEMAND_OF, "10")):
        for value in table.values():
            assert codes.cameo(value).root == root, value
    assert {codes.cameo(v).root for v in THREAT_OF.values()} == {"13"}


def test_refusals_and_demands_mirror_cooperation_only() -> None:
    assert refusal_code("0841") == "1243"  # release persons → refuse to release them
    assert refusal_code("0351") == "1241"  # intent to ease restrictions → refuse to ease them
    assert refusal_code("190") is None  # "will not attack" refuses nothing
    assert demand_code("0874") == "1056"  # retreat → demand de-escalation
    assert demand_code(None) == "100"
    assert demand_code("183") is None


@pytest.mark.model
def test_a_stated_refusal_is_a_rejection_not_a_negated_intent(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "The Uzbek government said it will not lift the ban on Afghan fruit imports.")
    assert ("UZBGOV", "1241", None) in _kept(events)


@pytest.mark.model
def test_refusing_a_hostile_act_is_no_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "Kazakhstan will not attack its neighbours, the defence minister said.")
    assert _kept(events) == []


@pytest.mark.model
def test_refusing_to_attack_is_not_a_rejection(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _kept(_events(pipeline, "Russia refused to attack Ukraine.")) == []


@pytest.mark.model
def test_inability_stated_is_a_refusal(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "Tajikistan says it cannot accept more Afghan refugees.")
    assert any(source == "TJK" and code.startswith("12") for source, code, _ in _kept(events))


@pytest.mark.model
def test_a_reported_must_is_the_speakers_demand(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "Russia says Israel must end its attacks on Syria.")
    assert ("RUS", "1056", "ISR") in _kept(events)


@pytest.mark.model
def test_a_resolve_about_oneself_is_not_a_demand(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "Uzbekistan said it must do more to help Afghan farmers.")
    assert not any(code.startswith("10") for _, code, _ in _kept(events))


@pytest.mark.model
def test_an_intent_verb_codes_once_in_a_long_document(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Kyrgyzstan has agreed to set up a transit centre for Afghan refugees. "
        "The centre will open in Osh next year. "
        "Officials visited the site on Monday. "
        "Aid groups welcomed the plan."
    )
    events = [e for e in _events(pipeline, text) if e.cameo == "030"]
    assert [(e.source.code if e.source else None, e.sentence) for e in events] == [("KGZ", 0)]


@pytest.mark.model
def test_a_death_takes_the_actor_of_the_act_it_happened_in(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(
        pipeline, "Three protesters died in police firing in Zhanaozen on Friday.", date(2011, 12, 17)
    )
    assert ("KAZCOP", "190", "KAZOPP") in _kept(events)
    assert _kept(_events(pipeline, "A former Kazakh minister died in hospital in Almaty.")) == []


@pytest.mark.model
def test_a_described_attack_is_not_the_describers(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "The Polish interior minister described the stabbing in Gdansk as barbaric.")
    assert not any(code.startswith("18") for _, code, _ in _kept(events))


@pytest.mark.model
def test_private_travel_is_no_visit(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _kept(_events(pipeline, "Thousands of Syrian refugees arrived in Germany last year.")) == []
    assert ("KAZGOV", "042", "RUS") in _kept(
        _events(pipeline, "The Kazakh president arrived in Moscow on Monday.")
    )


@pytest.mark.model
def test_an_event_noun_in_a_job_title_is_no_act(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _kept(_events(pipeline, "A Kyrgyz aid worker was freed in Syria on Sunday.")) == []
    events = _events(pipeline, "Kurt Volker, the US special envoy for Ukraine negotiations, resigned.")
    assert not any(code.startswith("04") for _, code, _ in _kept(events))


@pytest.mark.model
def test_of_names_the_one_acted_on_where_the_pattern_targets_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _kept(_events(pipeline, "Criticism of the Uzbek president grew in Tashkent on Monday.")) == []
    assert ("IGOEP", "111", "KGZ") in _kept(
        _events(pipeline, "The criticism of Kyrgyzstan by the European Parliament angered Bishkek.")
    )
    # of a gathering, "of" is who gathers
    assert ("CAN", "020", None) in _kept(
        _events(pipeline, "At the request of Canada, the United Nations sent observers to Haiti.")
    )


@pytest.mark.model
def test_a_verb_that_names_an_act_does_not_perform_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "The Tajik interior minister called the stabbing in Dushanbe barbaric.",
        "The French interior minister called the attack an act of terrorism.",
    ):
        assert not any(code[:2] in ("18", "19") for _, code, _ in _kept(_events(pipeline, text)))


@pytest.mark.model
def test_convening_a_meeting_consults_no_one(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert (
        _kept(_events(pipeline, "The Kazakh president called an emergency cabinet meeting on Monday.")) == []
    )
    assert ("CHNGOV", "040", "JPN") in _kept(
        _events(pipeline, "The Chinese premier called a meeting with Japan.")
    )


@pytest.mark.model
def test_acts_prevented_or_guarded_against_did_not_happen(pipeline) -> None:  # type: ignore[no-untyped-def]
    vow = _events(pipeline, "Uzbekistan vowed to prevent Taliban attacks on Tajikistan.")
    assert _kept(vow) == []
    assert any(e.cameo == "190" and e.hypothetical for e in vow)
    guard = _events(pipeline, "Kazakh police took precautions against possible Taliban car bombs.")
    assert _kept(guard) == []
    foiled = _events(pipeline, "The Egyptian army foiled an attack by ISIS on the embassy.")
    assert [e.negated for e in foiled if e.cameo_root == "19"] == [True]


@pytest.mark.model
def test_acts_in_prospect_are_hypothetical(pipeline) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "Officials in Bishkek discussed the possibility of a Russian intervention.",
        "Iran's defence minister said Israeli soldiers should be hunted down and killed.",
        "We are not ready to give any opportunity for the US, France or Britain to attack us.",
        "The Afghan president hopes to reach a deal with Pakistan.",
    ):
        assert not any(code[:2] in ("05", "19") for _, code, _ in _kept(_events(pipeline, text))), text


@pytest.mark.model
def test_a_noun_under_a_stated_intention_is_an_intent(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert ("KAZ", "032", "UZB") in _kept(_events(pipeline, "Kazakhstan will sign a treaty with Uzbekistan."))


@pytest.mark.model
def test_a_main_verb_misread_as_a_modifier_keeps_its_subject(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "The Iraqi air force carried out three air strikes in western Mosul.")
    assert ("IRQMIL", "195", None) in _kept(events)


def test_a_vote_to_act_is_not_the_act(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "The Bishkek city council voted to disband the municipal police.", date(2020, 6, 8))
    assert not [k for k in _kept(events) if k[1].startswith("08")]


def test_helping_to_broker_is_no_aid_and_the_parties_are_not_the_broker(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(
        pipeline, "The White House helped broker a deal between Israel and the United Arab Emirates.", date(2020, 8, 14)
    )
    kept = _kept(events)
    assert not [k for k in kept if k[1].startswith("07")]
    assert not [k for k in kept if k[1] == "045" and k[0] in ("ISR", "ARE")]


@pytest.mark.parametrize(
    "text",
    [
        "The Kazakh foreign minister is to visit Beijing next week.",
        "The Kazakh foreign minister is due to visit Beijing on Monday.",
        "The Kazakh foreign minister is going to visit Beijing.",
    ],
)
def test_an_arranged_visit_is_an_intent_not_a_visit(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    coded = _kept(_events(pipeline, text, date(2023, 5, 2)))
    assert ("KAZGOV", "036", "CHN") in coded
    assert not [k for k in coded if k[1] == "042"]


def test_a_politicians_attack_on_a_rival_or_a_policy_is_criticism(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert [k[1] for k in _kept(_events(pipeline, "Kamala Harris attacked Joe Biden in the debate.", date(2019, 6, 28)))] == ["111"]
    policy = _kept(_events(pipeline, "The Kyrgyz opposition attacked the government's budget plans.", date(2023, 5, 2)))
    assert [k[1] for k in policy] == ["111"]
    army = _kept(_events(pipeline, "Russian forces attacked the Ukrainian city of Kharkiv.", date(2022, 3, 1)))
    assert [k[1] for k in army] == ["190"]


def test_an_interview_with_the_press_is_no_consultation(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "The Pakistani finance minister discussed inflation with reporters in Islamabad.")
    assert not [k for k in _kept(events) if k[1].startswith("04")]


def test_those_who_bear_no_arms_clash_in_words(pipeline) -> None:  # type: ignore[no-untyped-def]
    judge = _kept(_events(pipeline, "Britain's top judge clashed with ministers over public inquiries.", date(2005, 3, 1)))
    assert [k[1] for k in judge] == ["110"]
    doctors = _kept(_events(pipeline, "Kazakh doctors fought to save the wounded in Almaty.", date(2022, 1, 6)))
    assert not [k for k in doctors if k[1].startswith("19")]
    nato = _kept(_events(pipeline, "NATO attacked Serbian positions near Pristina.", date(1999, 4, 2)))
    assert [k[1] for k in nato] == ["190"]


@pytest.mark.model
def test_an_act_dated_after_publication_has_not_happened(pipeline) -> None:  # type: ignore[no-untyped-def]
    # An arranged act is the intent to do it, like "will meet": 036, not a meeting held.
    later = _events(pipeline, "The ministers meet in Paris on 9 January to discuss the crisis.", date(2005, 1, 5))
    assert [e.cameo for e in later if not e.hypothetical] == ["036"]
    ahead = _events(pipeline, "The Kazakh president is travelling to China next week.")
    assert [k[1] for k in _kept(ahead)] == ["036"]
    # Dated ahead in words, even with no publication date to resolve them
    undated = _events(pipeline, "The Kazakh president is travelling to China next week.", None)  # type: ignore[arg-type]
    assert [k[1] for k in _kept(undated)] == ["036"]
    earlier = _events(pipeline, "The ministers met in Paris on 3 January to discuss the crisis.", date(2005, 1, 5))
    assert [e.hypothetical for e in earlier if e.cameo_root == "04"] == [False]
    # A spoken act dated ahead is still spoken now: the intent to visit stands.
    visit = _events(pipeline, "The Kazakh foreign minister is to visit Beijing next week.", date(2020, 2, 3))
    assert ("KAZGOV", "036", "CHN") in _kept(visit)


@pytest.mark.model
def test_the_source_decides_between_force_and_words(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert ("KGZGOV", "052", None) in _kept(_events(pipeline, "The Kyrgyz prime minister defended his finance minister."))
    assert ("RUSMIL", "074", None) in _kept(_events(pipeline, "Russian troops defended the airport."))
    assert ("TURGOV", "190", None) in _kept(
        _events(pipeline, "The Turkish defence ministry ordered strikes on Kurdish positions in Syria.")
    )
    assert ("KAZLAB", "143", None) in _kept(_events(pipeline, "Kazakh oil workers went on strike."))


@pytest.mark.model
def test_recognising_a_thing_is_no_recognition(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert not [k for k in _kept(_events(pipeline, "The Uzbek minister recognised the benefit of the reforms."))
                if k[1] == "054"]
    assert ("HND", "054", "CHN") in _kept(_events(pipeline, "Honduras recognised China."))


@pytest.mark.model
def test_one_act_named_twice_is_one_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "The Foreign Office and the foreign secretary, Boris Johnson, refused to apologise.",
                     date(2017, 11, 13))
    assert [k for k in _kept(events) if k[1] == "120"] == [("GBRGOV", "120", None)]


@pytest.mark.model
def test_everyday_life_of_private_people_is_no_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _kept(_events(pipeline, "Kazakh students met Chinese students in Almaty.")) == []
    asked = _events(pipeline, "Residents of Osh asked the Kyrgyz government for help.")
    assert ("KGZCVL", "023", "KGZGOV") in _kept(asked)  # done to a state: political
    assert ("TURHLH", "073", "SYRCVL") in _kept(_events(pipeline, "Turkish doctors treated victims of the Syrian earthquake."))


@pytest.mark.model
def test_supposed_and_predicted_acts_are_hypothetical(pipeline) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "The lobby group expects the Kazakh government to prosecute the bankers.",
        "China could use the weapons to threaten Taiwan.",
        "An emergency declaration would allow the Kyrgyz president to allocate funding for the wall.",
        "The Tories said Labour's plans would restrict access to universities.",
    ):
        assert not [k for k in _kept(_events(pipeline, text)) if k[1][:2] in ("07", "13", "17")], text
    # a stated intention of the speaker stays an intent
    assert ("RUS", "0334", "KAZ") in _kept(_events(pipeline, "Russia said it would send troops to Kazakhstan."))


@pytest.mark.model
def test_acts_not_yet_or_habitual_are_not_events(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert not [k for k in _kept(_events(pipeline, "Kazakhstan must strike the militants before they attack Almaty."))
                if k[1] == "190" and k[0] != "KAZ"]
    assert not _kept(_events(pipeline, "Kazakh employers who consistently refuse to pay the minimum wage will be named."))
    # a past act before another still happened
    happened = _events(pipeline, "The Afghan army left Kunduz before the Taliban attacked the city.")
    assert ("AFGINS", "190") in [(k[0], k[1]) for k in _kept(happened)] or ("AFGGOV", "190") in [
        (k[0], k[1]) for k in _kept(happened)
    ]


@pytest.mark.model
def test_calls_and_demonstrations_in_their_political_sense_only(pipeline) -> None:  # type: ignore[no-untyped-def]
    appeal = _kept(_events(pipeline, "The US president called for NATO members to increase military spending."))
    assert [k[1] for k in appeal] == ["020"]
    assert ("RUSGOV", "041", "TURGOV") in _kept(_events(pipeline, "Putin called Erdogan on Tuesday."))
    assert _kept(_events(pipeline, "The Kazakh court demonstrated a poor grasp of the technology involved.")) == []
    assert ("CANGOV", "0834", "CANLEG") in _kept(
        _events(pipeline, "Julie Payette, the Governor General of Canada, dissolved the Canadian Parliament.")
    )


@pytest.mark.model
def test_business_and_market_talk_is_no_political_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "The two Kazakh firms signed a memorandum of understanding on Tuesday.",
        "Cheap Chinese exports flooded world markets last year.",
        "Weak consumer demand slowed Uzbekistan's growth.",
        "Kyrgyz prosecutors targeted a ranch owned by a British firm.",
    ):
        assert _kept(_events(pipeline, text)) == [], text
    met = _kept(_events(pipeline, "The Kazakh tobacco companies say they have already met many of the government's demands."))
    assert not [k for k in met if k[1].startswith("04")]  # demands met are no meeting
    forecast = _kept(_events(pipeline, "The International Energy Agency warned demand for Kazakh oil would fall."))
    assert [k[1] for k in forecast] == ["012"]


@pytest.mark.model
def test_regarding_and_declining_to_discuss_are_what_they_say(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _kept(_events(pipeline, "Turkey considers the YPG the Syrian wing of the PKK.")) == []
    assert ("KAZLEG", "014", None) in _kept(_events(pipeline, "The Kazakh parliament considered the bill on Tuesday."))
    declined = _kept(_events(pipeline, "The Foreign Office said it would not discuss individual cases."))
    assert [k[1] for k in declined] == ["011"]


def test_what_someone_hopes_or_thinks_others_will_do_is_no_intent(pipeline) -> None:  # type: ignore[no-untyped-def]
    # A belief about another's act is no intention its actor stated; the speaker's own "will" still is.
    assert _kept(_events(pipeline, "The detainee hopes the Kazakh government will scrap the law.")) == []
    assert _kept(_events(pipeline, "Tokayev thinks Russia will send more troops.")) == []
    assert ("RUS", "0334", "KAZ") in _kept(_events(pipeline, "Russia said it will send troops to Kazakhstan."))


def test_acts_forecast_or_anticipated_did_not_happen(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _kept(_events(pipeline, "Britain prepared for an anticipated US strike on Syria.")) == []
    assert _kept(_events(pipeline, "Erdogan said he was likely to press Britain on the extradition.")) == []
    # A clause that times a planned act ("as he begins a tour") is planned with it.
    assert _kept(_events(pipeline, "Macron is expected to criticise Orban as he begins a tour of Hungary.")) == []


def test_talking_about_a_topic_alone_consults_no_one(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _kept(_events(pipeline, "The Kazakh president discussed the crisis in an interview.")) == []
    assert ("RUSGOV", "040", "TURGOV") in _kept(_events(pipeline, "Putin discussed the crisis with Erdogan."))
    assert [k[1] for k in _kept(_events(pipeline, "Trump and May discussed a joint response on Monday."))] == ["040"]


def test_a_noun_a_passive_participle_modifies_is_its_patient(pipeline) -> None:  # type: ignore[no-untyped-def]
    # "a letter signed by", "a barbecue hosted by": the noun fills the object slot, so its sense counts.
    assert "057" not in [k[1] for k in _kept(_events(pipeline, "A letter signed by 200 Republicans urged Biden to act."))]
    assert _kept(_events(pipeline, "A barbecue hosted by Putin drew crowds.")) == []
    assert ("KAZCOP", "173", "KAZOPP") in _kept(_events(pipeline, "Protesters detained by police in Almaty were released."))


def test_a_state_coerces_its_own_people_whatever_the_article_is_about(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Syria's army shelled Idlib. Syrian rebels fought back in Aleppo. Turkey arrested activists on Monday."
    assert ("TUR", "173", "TUROPP") in _kept(_events(pipeline, text))


def test_an_act_to_be_held_is_arranged_not_held(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Talks between Russia, Turkey and Iran, to be held in Tehran on Friday, will focus on Idlib."
    assert not [k for k in _kept(_events(pipeline, text)) if k[1] == "046"]


def test_a_place_before_a_visit_is_where_not_who(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _kept(_events(pipeline, "Erdogan spoke in London on the second day of a UK state visit.")) == []
    assert ("CHN", "042", "AFG") in _kept(_events(pipeline, "A Chinese visit to Kabul ended on Monday."))


def test_a_pledge_to_oppose_is_no_intent_to_cooperate(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _kept(_events(pipeline, "The Lib Dems pledged to oppose the bill.")) == []
    assert ("RUS", "0334", "KAZ") in _kept(_events(pipeline, "Russia pledged to send troops to Kazakhstan."))
