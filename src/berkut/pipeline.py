"""The analysis pipeline: documents in, analyses out, streamed through the parser in batches.

``Pipeline`` builds the stage list once from settings (loading the ontology and the spaCy model) and is
then reused for any number of documents. Input order is kept; a document that cannot be read or coded
yields an analysis with ``errors`` in its place and the rest of the batch goes on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from berkut.coding.actors import ActorResolver
from berkut.coding.anchoring import anchor_to_places
from berkut.coding.events import EventCoder
from berkut.coding.gazetteer import gazetteer_for
from berkut.coding.local_lexicon import LocalLexicon
from berkut.coding.quotes import find_quotes
from berkut.coding.when import find_times
from berkut.coding.where import PlaceFinder
from berkut.errors import BerkutError, ExtractError
from berkut.extract import to_document
from berkut.model import Analysis, Document, RawDocument, Unreadable
from berkut.nlp import parse_texts
from berkut.ontology import Ontology, load_ontology
from berkut.settings import Settings, load_settings

CODER_VERSION = "0.1.0"

Stage = Callable[[Analysis], Analysis]
Item = Document | RawDocument | Unreadable


class Pipeline:
    def __init__(self, settings: Settings | None = None, ontology: Ontology | None = None) -> None:
        self.settings = settings or load_settings()
        self.ontology = ontology or load_ontology(self.settings.actor_paths, self.settings.sector_paths)
        resolver = ActorResolver(self.ontology)
        self.stages: list[tuple[str, Stage]] = [
            ("actors", resolver),
            ("dates", find_times),
            ("places", self._place_finder()),
            ("anchoring", anchor_to_places),
            ("quotes", find_quotes),
            ("events", EventCoder(self.ontology, resolver)),
        ]

    def _place_finder(self) -> PlaceFinder:
        # The source lexicon lives as long as this pipeline: a batch or a feed's later documents learn
        # from its earlier ones.
        lexicon = LocalLexicon() if self.settings.place_source_lexicon else None
        return PlaceFinder(gazetteer_for(self.settings), self.settings.place_country_hints, lexicon=lexicon)

    @property
    def version(self) -> str:
        return f"berkut-coder {CODER_VERSION}; ontology {self.ontology.version}"

    def prepare(self, item: Item) -> Analysis:
        """Turn a source item into an analysis awaiting a parse, or one that carries its errors."""
        if isinstance(item, Unreadable):
            document = Document(id=item.id, text="", date=item.date, title=item.title)
            return Analysis(document=document, errors=item.errors)
        if isinstance(item, RawDocument):
            try:
                item = to_document(
                    item,
                    max_chars=self.settings.max_document_chars,
                    min_english_share=self.settings.min_english_share,
                )
            except ExtractError as exc:
                return Analysis(
                    document=Document(id=item.id, text="", date=item.date, title=item.title),
                    errors=(str(exc),),
                )
        if not item.text.strip():
            return Analysis(document=item, errors=(f"{item.id}: empty document (no text)",))
        if len(item.text) > self.settings.max_document_chars:
            return Analysis(
                document=replace(item, text=""),
                errors=(f"{item.id}: document too large ({len(item.text):,} characters)",),
            )
        return Analysis(document=item)

    def code(self, analysis: Analysis) -> Analysis:
        """Run every coding stage on a parsed analysis; a failing stage is reported, not fatal."""
        for name, stage in self.stages:
            try:
                analysis = stage(analysis)
            except BerkutError as exc:
                return replace(analysis, errors=(*analysis.errors, f"{name}: {exc}"))
        return analysis

    def analyze(self, items: Iterable[Item]) -> Iterator[Analysis]:
        pending: deque[Analysis] = deque()

        def texts() -> Iterator[str]:
            for item in items:
                analysis = self.prepare(item)
                pending.append(analysis)
                if not analysis.errors:
                    yield analysis.document.text

        parses = parse_texts(
            texts(),
            model=self.settings.spacy_model,
            batch_size=self.settings.batch_size,
            n_process=self.settings.n_process,
        )
        for parse in parses:
            while pending and pending[0].errors:
                yield pending.popleft()
            yield self.code(replace(pending.popleft(), parse=parse))
        while pending:
            yield pending.popleft()


def analyze(
    documents: str | Document | Iterable[str | Document | RawDocument],
    settings: Settings | None = None,
    pipeline: Pipeline | None = None,
) -> Analysis | Iterator[Analysis]:
    """Code text into events. A single text or Document gives one Analysis; an iterable, an iterator.

    Plain strings become documents with ids ``doc1``, ``doc2``, ... and no publication date.
    """
    pipe = pipeline or Pipeline(settings)
    if isinstance(documents, (str, Document)):
        return next(pipe.analyze([_as_item(documents, 1)]))
    return pipe.analyze(_as_item(d, n) for n, d in enumerate(documents, start=1))


def _as_item(value: str | Document | RawDocument, number: int) -> Item:
    if isinstance(value, str):
        return Document(id=f"doc{number}", text=value)
    return value
