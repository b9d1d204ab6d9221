"""Whom pronouns and country-less phrases stand for: the rules that most often made wrong events in the
hand-judged real news (tests/gold/corpora_judged*.yaml). Sentences are ours; each test pins one rule.
"""

from __future__ import annotations

from datetime import date

from berkut.model import Document, Event


def _events(pipeline, text: str, on: date = date(2023, 5, 2)) -> list[Event]:  # type: ignore[no-untyped-def]
    (analysis,) = pipeline.analyze([Document("t", text, on)])
    return [e for e in analysis.events if not e.negated and not e.hypothetical]


def _coded(events: list[Event]) -> set[tuple[str | None, str, str | None]]:
    return {(e.source.code if e.source else None, e.cameo, e.target.code if e.target else None) for e in events}


def test_a_pronoun_whose_nearest_antecedent_is_no_actor_names_no_actor(pipeline) -> None:  # type: ignore[no-untyped-def]
    # "it" is the officer's work; skipping over it to the CIA made an aid event by the CIA.
    events = _events(
        pipeline,
        "The CIA honoured a former officer on Monday. His work was secret, but it helped free six diplomats.",
    )
    assert not [e for e in events if e.source and e.source.text == "it"]


def test_a_storm_is_not_the_country_it_hit(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(
        pipeline,
        "Typhoon Kammuri hit the central Philippines on Tuesday. It blocked roads across three provinces.",
    )
    assert not [e for e in events if e.cameo.startswith("14")]


def test_an_object_pronoun_is_not_the_subject_of_its_own_clause(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "Donald Trump called Erdogan on Wednesday, urging him to curtail the operation.")
    assert ("USAGOV", "020", "TURGOV") in _coded(events)


def test_the_speakers_they_is_the_body_speaking(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "The Swedish government said they hoped to finish the talks by June.")
    assert any(e.source and e.source.code == "SWEGOV" and e.source.text == "they" for e in events)


def test_a_pronoun_still_finds_a_named_actor_that_is_the_salient_phrase(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(
        pipeline,
        "Hungary's foreign ministry summoned the Dutch ambassador on Friday. It condemned his remarks.",
    )
    assert any(e.source and e.source.text == "It" and e.source.country == "HUN" and e.cameo == "111" for e in events)


def test_the_context_country_is_the_one_the_article_is_about_not_the_latest(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Syrian troops shelled rebel positions near Idlib on Monday. Syria's army said the strikes hit militants. "
        "Iran's foreign minister called for restraint. Residents condemned the shelling."
    )
    residents = [e for e in _events(pipeline, text) if e.source and e.source.text == "Residents"]
    assert residents and all(e.source.country == "SYR" for e in residents)  # type: ignore[union-attr]


def test_a_nationality_that_is_no_state_keeps_the_context_country_out(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Turkish jets struck targets in the mountains on Sunday. Kurdish forces captured two villages."
    kurdish = [e for e in _events(pipeline, text) if e.source and e.source.text == "Kurdish forces"]
    assert kurdish and all(e.source.country is None for e in kurdish)  # type: ignore[union-attr]


def test_a_us_state_names_the_united_states(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The Bahamas braced for the hurricane. Florida Governor Ron DeSantis declared a state of emergency."
    governor = [e for e in _events(pipeline, text) if e.source and "DeSantis" in e.source.text]
    assert governor and all(e.source.country == "USA" for e in governor)  # type: ignore[union-attr]


def test_where_a_meeting_is_held_is_not_whom_it_is_with(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "Syrian opposition leaders are meeting in Saudi Arabia to choose a new team.")
    meetings = [e for e in events if e.cameo == "040"]
    assert meetings and all(e.target is None for e in meetings)


def test_a_bare_sector_takes_the_country_of_the_place_it_acts_in(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "Police arrested two men in Oxford on Monday.")
    assert any(e.source and e.source.code == "GBRCOP" for e in events)


def test_the_government_of_a_statement_about_unrest_abroad_is_where_the_unrest_is(pipeline) -> None:  # type: ignore[no-untyped-def]
    # The speaking government is named again and again; the places say whose "government" is urged.
    text = (
        "Afghanistan's Taliban government said on Thursday that it was watching the unrest in Kazakhstan "
        "closely. Protests in Almaty and Aktobe turned violent this week. Its foreign ministry urged the "
        "government and the protesters to resolve their differences through talks."
    )
    coded = _coded(_events(pipeline, text))
    assert ("AFGGOV", "027", "KAZGOV") in coded
    assert ("AFGGOV", "027", "KAZOPP") in coded


def test_parties_between_whom_relations_are_normalised_are_the_actors_not_the_broker(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The White House announced a deal it brokered to normalize relations between Sudan and Israel."
    coded = _coded(_events(pipeline, text, date(2020, 10, 23)))
    assert ("SDN", "050", "ISR") in coded and ("ISR", "050", "SDN") in coded
    assert not [c for c in coded if c[1] == "050" and c[0] == "USAGOV"]


def test_people_in_general_are_no_actor_but_a_crowd_somewhere_is(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Kazakh police detained protesters in Almaty. Some people condemned the detentions online."
    assert not [e for e in _events(pipeline, text) if e.source and e.source.text.lower() == "people"]
    crowd = _events(pipeline, "People protested in Almaty on Monday.")
    assert any(e.source and e.source.code == "KAZCVL" and e.cameo.startswith("14") for e in crowd)


def test_people_are_where_they_protest_not_where_the_article_began(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "India reported new cases on Sunday. People protested in Almaty on Monday."
    protests = [e for e in _events(pipeline, text) if e.cameo.startswith("14")]
    assert protests and all(e.source and e.source.country == "KAZ" for e in protests)


def test_a_continent_where_people_are_is_no_country_of_the_context(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "India reported new cases on Sunday. Sex workers in Africa proposed new safety rules."
    proposals = [e for e in _events(pipeline, text) if e.source and "workers" in e.source.text]
    assert proposals and all(e.source.country is None for e in proposals)  # type: ignore[union-attr]


def test_a_title_takes_the_country_of_the_name_in_apposition(pipeline) -> None:  # type: ignore[no-untyped-def]
    # The article was about Syria; the foreign secretary is British because of whom the title renames.
    events = _events(
        pipeline,
        "Fighting went on in Idlib and Aleppo in Syria. The foreign secretary, Boris Johnson, refused to comment.",
        date(2017, 11, 13),
    )
    assert ("GBRGOV", "011", None) in _coded(events)


def test_a_shared_institution_name_keeps_the_nationality_the_phrase_states(pipeline) -> None:  # type: ignore[no-untyped-def]
    german = _events(pipeline, "The German Foreign Office summoned the Russian ambassador.")
    assert ("DEUGOV", "114", "RUSGOV") in _coded(german)
    british = _events(pipeline, "The Foreign Office summoned the Russian ambassador.")
    assert ("GBRGOV", "114", "RUSGOV") in _coded(british)


def test_a_name_the_parse_cuts_in_two_is_one_actor(pipeline) -> None:  # type: ignore[no-untyped-def]
    (analysis,) = pipeline.analyze([Document("t", "Mr Erdoğan denounced Bashar al-Assad as a murderer.", date(2018, 1, 2))])
    assert [m.text for m in analysis.mentions if m.code == "SYRGOV"] == ["Assad"]
    assert [(e.source.code, e.cameo) for e in analysis.events if e.source] == [("TURGOV", "111")]


def test_an_ally_is_not_the_one_fought(pipeline) -> None:  # type: ignore[no-untyped-def]
    for text in ("Iraqi militias fought on the side of the Syrian army.", "Iraqi militias fought alongside the Syrian army."):
        fights = [e for e in _events(pipeline, text) if e.cameo_root == "19"]
        assert fights and all(e.target is None for e in fights), text


def test_where_an_envoy_is_sent_is_not_whose_envoy(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "The ambassador to Russia resigned on Monday.")
    resignations = [e for e in events if e.cameo_root == "08" and e.source]
    assert resignations and all(e.source.country != "RUS" for e in resignations)  # type: ignore[union-attr]


def test_a_second_subject_the_parser_invents_is_not_an_actor(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "The US envoy to forces fighting to defeat Islamic State has resigned over the decision.")
    assert [e.source.code for e in events if e.cameo.startswith("08") and e.source] == ["USAGOV"]


def test_british_institutions_name_their_country(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "Iraqi forces attacked the town. MPs in the Commons backed the plan.")
    assert ("GBRLEG", "051", None) in _coded(events)


def test_an_object_case_subject_is_neither_the_payer_nor_a_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Tony Blair's entry confirms that King Abdullah of Jordan paid for him to fly to official talks."
    assert not [e for e in _events(pipeline, text) if e.source and e.source.code == "JORGOV" and e.cameo == "042"]


def test_a_person_met_somewhere_is_not_from_there(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The Taliban met on Monday with Zalmay Khalilzad, a US peace envoy, in Qatar."
    assert ("AFGINS", "040", "USAGOV") in _coded(_events(pipeline, text, date(2019, 1, 22)))


def test_a_word_inside_an_organisation_name_does_not_act(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _events(pipeline, "The Committee to Protect Journalists reports sixteen deaths in Yemen.") == []


def test_a_private_person_is_a_civilian_not_the_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "A judge sentenced Ohio man James Alex Fields to life. In that event, Fields killed a woman named Heather Heyer."
    killers = [e.source.code for e in _events(pipeline, text, date(2019, 6, 29)) if e.cameo.startswith("19") and e.source]
    assert killers == ["USACVL"]


def test_a_town_inside_a_persons_name_is_no_country(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Senate President Thomas Rivera Schatz expressed opposition to the swearing-in of Pierluisi."
    events = [e for e in _events(pipeline, text) if e.cameo == "110"]
    assert events and all(e.source is not None and e.source.country != "URY" for e in events)


def test_a_bare_title_takes_the_country_the_article_names_later(pipeline) -> None:  # type: ignore[no-untyped-def]
    # A domestic report opens with a title and names its country only further down.
    text = (
        "The new home secretary criticised the police chiefs on Monday. "
        "The Conservatives in the Commons said they would back the plans."
    )
    events = _events(pipeline, text)
    opening = [e for e in events if e.sentence == 0]
    assert opening and all(e.source is not None and e.source.code == "GBRGOV" for e in opening)


def test_a_bare_sector_takes_the_country_of_its_own_kind_in_the_sentence(pipeline) -> None:  # type: ignore[no-untyped-def]
    # The article was about Iraq; the Commons vote says whose MPs backed the invasion.
    text = (
        "Iraq's government condemned the plan. Iraq's army was ready. "
        "The text came out before a Commons vote in which MPs backed the invasion of Iraq."
    )
    backed = [e for e in _events(pipeline, text) if e.sentence == 2 and e.cameo == "051"]
    assert backed and backed[0].source is not None and backed[0].source.code == "GBRLEG"


def test_international_observers_are_no_one_states(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "Britain held elections in May. Ministers will invite international observers.")
    invited = [e for e in events if e.cameo.startswith("03")]
    assert invited and invited[0].target is not None and invited[0].target.country is None


def test_bare_people_doing_something_in_the_present_are_people_in_general(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _events(pipeline, "Otherwise, you see people make agreements which then fall apart.") == []
    assert _coded(_events(pipeline, "People protested in Almaty on Monday.")) == {("KAZCVL", "141", None)}


def test_an_anti_modifier_names_whom_an_actor_opposes_not_who_it_is(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = _events(pipeline, "The anti-Islamic State coalition armed the Kurdish fighters in 2015.")
    assert not [e for e in events if e.source is not None and e.source.org == "ISIS"]


def test_an_apposition_that_agrees_with_the_context_still_states_the_country(pipeline) -> None:  # type: ignore[no-untyped-def]
    # The places (Syria, twice) must not undo what the apposition says of the foreign secretary.
    text = (
        "Britain's Foreign Office and the British embassy said on Monday that Britain was concerned about "
        "protests in Damascus and Aleppo. The foreign secretary, Boris Johnson, has refused to intervene in Syria."
    )
    sources = {e.source.code for e in _events(pipeline, text) if e.sentence == 1 and e.source is not None}
    assert sources == {"GBRGOV"}


def test_a_name_two_actors_share_is_the_one_of_the_article_s_country(pipeline) -> None:  # type: ignore[no-untyped-def]
    british = "Labour and the Tories attacked Britain's immigration rules. The BNP leader criticised the Home Office."
    bangladeshi = "Bangladesh's government arrested protesters in Dhaka. The BNP condemned the arrests."
    assert ("GBRPTY", "111", "GBRGOV") in _coded(_events(pipeline, british))
    assert ("BGDPTY", "111", None) in _coded(_events(pipeline, bangladeshi))
