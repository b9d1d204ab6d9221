"""Who is this, on this date? Each dated role change and each inference rule is one case here.

Sentences are ours. Each case names the mention's text and the code it must resolve to on the date.
"""

from __future__ import annotations

from datetime import date

import pytest

from berkut.model import Document

pytestmark = pytest.mark.model

CASES = [
    # (publication date, sentence, mention text, expected code)
    ("2011-05-22", "The Taliban warned Kazakhstan.", "Taliban", "AFGINS"),
    ("2021-08-14", "The Taliban warned Kazakhstan.", "Taliban", "AFGINS"),
    ("2021-08-16", "The Taliban warned Kazakhstan.", "Taliban", "AFGGOV"),
    ("2022-01-06", "The Taliban warned Kazakhstan.", "Taliban", "AFGGOV"),
    ("2015-06-01", "Tokayev met the Chinese ambassador.", "Tokayev", "KAZLEG"),  # Senate chairman
    ("2022-01-06", "Tokayev met the Chinese ambassador.", "Tokayev", "KAZGOV"),  # president
    ("2015-06-01", "Nazarbayev met the Chinese ambassador.", "Nazarbayev", "KAZGOV"),
    ("2022-01-06", "Muttaqi met the Chinese ambassador.", "Muttaqi", "AFGGOV"),
    ("2015-06-01", "Ashraf Ghani met the Chinese ambassador.", "Ashraf Ghani", "AFGGOV"),
    ("2010-06-01", "Karzai met the Chinese ambassador.", "Karzai", "AFGGOV"),
    # capitals stand for their states when they act (Phoenix: MOSCOW → RUS), by the name in use on the date
    ("2020-01-10", "Nur-Sultan criticised Moscow.", "Nur-Sultan", "KAZ"),
    ("2023-01-10", "Astana criticised Moscow.", "Astana", "KAZ"),
    ("2023-01-10", "Moscow criticised Astana.", "Moscow", "RUS"),
    # IGOs
    ("2022-01-06", "The CSTO sent peacekeepers to Kazakhstan.", "CSTO", "IGOCSTO"),
    ("2022-01-06", "The Collective Security Treaty Organization sent troops.", "Collective Security Treaty Organization", "IGOCSTO"),
    # role inference for names we have never seen
    ("2021-12-27", "Kazakh Trade Minister Bakhyt Sultanov visited Kabul.", "Kazakh Trade Minister Bakhyt Sultanov", "KAZGOV"),
    ("2022-01-06", "The speaker of Russia's upper house warned Ukraine.", "speaker", "RUSLEG"),
    ("2022-01-06", "The Belarusian Defence Ministry sent troops to Kazakhstan.", "Belarusian Defence Ministry", "BLRGOV"),
    ("2022-01-06", "Police detained protesters in Almaty.", "protesters", "KAZOPP"),
    ("2022-01-06", "Security forces fired on protesters in Almaty.", "Security forces", "KAZCOP"),
    ("2022-01-06", "Taliban fighters entered the city.", "Taliban fighters", "AFGGOV"),
    ("2011-05-22", "Taliban fighters entered the city.", "Taliban fighters", "AFGINS"),
]


@pytest.mark.parametrize(("published", "text", "surface", "code"), CASES)
def test_mentions_resolve_for_their_date(pipeline, published: str, text: str, surface: str, code: str) -> None:  # type: ignore[no-untyped-def]
    (analysis,) = pipeline.analyze([Document("x", text, date.fromisoformat(published))])
    found = {m.text: m.code for m in analysis.mentions}
    assert found.get(surface) == code, found


def test_references_within_a_document(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Kazakh President Kassym-Jomart Tokayev appealed to the CSTO on Wednesday. He said the country faced "
        "terrorists. Islamic Emirate Foreign Minister Amir Khan Muttaqi hosted a Kazakh delegation. "
        "The top Taliban diplomat thanked Kazakhstan for its aid. Later, Muttaqi praised the Kazakh president."
    )
    (analysis,) = pipeline.analyze([Document("x", text, date(2022, 1, 6))])
    by_text = {(m.text, m.sentence): m for m in analysis.mentions}
    assert by_text[("He", 1)].actor_id == "person:tokayev"
    assert by_text[("top Taliban diplomat", 3)].code == "AFGGOV"
    assert by_text[("its", 3)].code == "KAZ"
    assert by_text[("Muttaqi", 4)].code == "AFGGOV"
    assert by_text[("Kazakh president", 4)].code == "KAZGOV"


def test_surnames_of_people_we_do_not_know_refer_back(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Kazakh Trade Minister Bakhyt Sultanov arrived in Kabul. Sultanov praised Afghanistan."
    (analysis,) = pipeline.analyze([Document("x", text, date(2021, 12, 27))])
    later = [m for m in analysis.mentions if m.text == "Sultanov"]
    assert later and later[0].code == "KAZGOV" and later[0].name == "Bakhyt Sultanov"


def test_a_dateline_is_not_an_actor(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "KABUL, Afghanistan — The Taliban warned Kazakhstan on Saturday."
    (analysis,) = pipeline.analyze([Document("x", text, date(2011, 5, 22))])
    assert [e.source.code for e in analysis.events if e.source] == ["AFGINS"]
