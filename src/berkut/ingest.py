"""Sources → pipeline → store: idempotent (by content hash) and resumable.

Each document is committed on its own, so an interrupted run keeps everything stored before the
interruption, and running it again skips those documents before they are parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from berkut.model import Analysis, Document, RawDocument, Unreadable
from berkut.pipeline import Item, Pipeline
from berkut.store import Store, content_hash


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.read} documents read: {self.stored} stored with {self.events} events, "
            f"{self.duplicates} already stored, {self.failed} failed"
        )


Progress = Callable[[Analysis, IngestReport], None]


def ingest(
    items: Iterable[Item], store: Store, pipeline: Pipeline, progress: Progress | None = None
) -> IngestReport:
    report = IngestReport()
    seen: set[str] = set()

    def fresh() -> Iterator[Document | Unreadable]:
        for item in items:
            report.read += 1
            prepared = pipeline.prepare(item)
            if prepared.errors:
                yield Unreadable(prepared.document.id, prepared.errors, prepared.document.title)
                continue
            digest = content_hash(prepared.document.text)
            if digest in seen or store.has_content(prepared.document.text):
                report.duplicates += 1
                continue
            seen.add(digest)
            yield prepared.document

    for analysis in pipeline.analyze(fresh()):
        if analysis.errors and analysis.parse is None:
            report.failed += 1
            report.errors.extend(analysis.errors)
        else:
            result = store.add(analysis, coder_version=pipeline.version)
            if result.stored:
                report.stored += 1
                report.events += result.events
            else:
                report.duplicates += 1
            report.errors.extend(analysis.errors)
        if progress is not None:
            progress(analysis, report)
    return report
