"""Article text from raw documents, and the checks that reject bad input with a clear message."""

from __future__ import annotations

from datetime import date

import pytest

from berkut.errors import ExtractError
from berkut.extract import to_document
from berkut.model import RawDocument

ENGLISH = (
    "KABUL, Afghanistan — The Taliban warned Kazakhstan on Saturday that its plan to send officers to the "
    "NATO-led mission would harm relations between the two countries, a statement from the group said. "
    "Kazakhstan has said it will go ahead with the plan."
)


def raw(body: str | bytes, media_type: str = "text/plain") -> RawDocument:
    return RawDocument(id="x", body=body, media_type=media_type)


def test_plain_text_keeps_every_character_so_spans_index_the_original() -> None:
    text = "\n# Headline Here\n\nMay 22, 2011\n\n" + ENGLISH
    doc = to_document(raw(text))
    assert doc.text == text
    assert doc.title == "Headline Here"
    assert doc.date == date(2011, 5, 22)


def test_html_goes_through_article_extraction() -> None:
    html = (
        "<html><head><title>Warning to Astana</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Warning to Astana</h1><p>{ENGLISH}</p><p>{ENGLISH}</p></article>"
        "<footer>Copyright</footer></body></html>"
    )
    doc = to_document(raw(html, "text/html"))
    assert "The Taliban warned Kazakhstan" in doc.text
    assert "Copyright" not in doc.text
    assert doc.title == "Warning to Astana"


@pytest.mark.parametrize(
    ("body", "media_type", "message"),
    [
        ("", "text/plain", "empty"),
        ("   \n\t ", "text/plain", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "text/plain", "binary"),
        (b"\xff\xfe\xfa caf\xe9", "text/plain", "not UTF-8"),
        (
            "Die Regierung hat am Donnerstag erklärt, dass sie die Lage in Kasachstan genau beobachtet und "
            "besorgt ist über die jüngsten Unruhen im Land und die Gewalt auf den Straßen",
            "text/plain",
            "not English",
        ),
        ("<html><body><div></div><script>var a = 1;</script></body></html>", "text/html", "no article text"),
        ("<<<<>>>>", "text/html", "no article text"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_reason(body: str | bytes, media_type: str, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        to_document(raw(body, media_type))


def test_too_large_documents_are_rejected_not_truncated() -> None:
    with pytest.raises(ExtractError, match="too large"):
        to_document(raw(ENGLISH * 100), max_chars=1000)
