"""Sources → pipeline → store: idempotent (by content hash and by URL) and resumable.

Each document is committed on its own, so an interrupted run keeps everything stored before the
interruption, and running it again skips those documents before they are parsed.

Web sources add a fetch log. A URL (or feed entry) is recorded only once it is *settled* — stored,
found to be a duplicate, or failed for good (404, robots.txt, no article text) — and only after its
document is committed, so a killed run re-fetches at most what it had not finished. Transient failures
(timeouts, 5xx) are not recorded and are tried again next time. A feed's ETag and Last-Modified are saved
only when all its new entries settled, otherwise the next poll's 304 would hide the unfinished ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from berkut.errors import SourceError
from berkut.model import Analysis, Document, Unreadable
from berkut.pipeline import Item, Pipeline
from berkut.sources.feeds import looks_like_feed, parse_feed
from berkut.sources.files import iter_path
from berkut.sources.web import Fetched, FetchError, WebClient, canonical_url, is_url, to_raw_document
from berkut.store import FeedState, FetchRecord, Store, content_hash


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    # web sources
    feeds: int = 0
    fetched: int = 0
    already_fetched: int = 0
    not_modified: int = 0

    def summary(self) -> str:
        text = (
            f"{self.read} documents read: {self.stored} stored with {self.events} events, "
            f"{self.duplicates} already stored, {self.failed} failed"
        )
        if self.feeds or self.fetched or self.already_fetched or self.not_modified:
            text += (
                f"; {self.feeds} feeds polled ({self.not_modified} unchanged), {self.fetched} pages fetched, "
                f"{self.already_fetched} already fetched before"
            )
        return text


Progress = Callable[[Analysis, IngestReport], None]


@dataclass(frozen=True, slots=True)
class _Tracked:
    """A source item and, for web items, the fetch-log record to write once it is settled."""

    item: Item
    record: FetchRecord | None = None
    fallback_date: date | None = None  # publication date when neither the feed nor the page gives one


def ingest(
    items: Iterable[Item], store: Store, pipeline: Pipeline, progress: Progress | None = None
) -> IngestReport:
    """Code and store documents from any source; a text already stored is skipped before parsing."""
    report = IngestReport()
    _run((_Tracked(item) for item in items), store, pipeline, progress, report)
    return report


def ingest_targets(
    targets: Sequence[str],
    store: Store,
    pipeline: Pipeline,
    client: WebClient | None = None,
    default_date: date | None = None,
    progress: Progress | None = None,
    feeds: Sequence[str] = (),
) -> IngestReport:
    """Ingest files, folders, page URLs and feed URLs. ``feeds`` are URLs known to be feeds (polled always).

    A page URL fetched before is not fetched again; a feed is fetched with a conditional GET and only
    its entries not seen before are fetched.
    """
    report = IngestReport()
    own_client = client is None and (any(is_url(t) for t in targets) or bool(feeds))
    if own_client:
        client = WebClient(pipeline.settings)
    web = _Web(store, client, report)
    try:
        _run(web.tracked(targets, feeds, default_date), store, pipeline, progress, report)
        web.save_feed_states()
    finally:
        if own_client and client is not None:
            client.close()
    return report


def _run(
    tracked: Iterable[_Tracked],
    store: Store,
    pipeline: Pipeline,
    progress: Progress | None,
    report: IngestReport,
) -> None:
    seen: set[str] = set()
    waiting: dict[str, _Tracked] = {}  # web documents handed to the parser, by document id

    def settle(
        t: _Tracked | None, status: str, error: str | None = None, document_id: int | None = None
    ) -> None:
        if t is not None and t.record is not None:
            store.record_fetch(replace(t.record, status=status, error=error, document_id=document_id))

    def fresh() -> Iterator[Document | Unreadable]:
        for t in tracked:
            report.read += 1
            prepared = pipeline.prepare(t.item)
            if prepared.errors:
                errors = prepared.errors
                key = prepared.document.id
                if is_url(key):  # say which page, as file errors say which file
                    errors = tuple(e if key in e else f"{key}: {e}" for e in errors)
                settle(t, "failed", "; ".join(errors))
                yield Unreadable(key, errors, prepared.document.title)
                continue
            document = prepared.document
            if document.date is None and t.fallback_date is not None:
                document = replace(document, date=t.fallback_date)
            digest = content_hash(document.text)
            if digest in seen or store.has_content(document.text):
                report.duplicates += 1
                settle(t, "duplicate")
                continue
            seen.add(digest)
            if t.record is not None:
                waiting[document.id] = t
            yield document

    for analysis in pipeline.analyze(fresh()):
        t = waiting.pop(analysis.document.id, None)
        if analysis.errors and analysis.parse is None:
            report.failed += 1
            report.errors.extend(analysis.errors)
        else:
            result = store.add(analysis, coder_version=pipeline.version)
            if result.stored:
                report.stored += 1
                report.events += result.events
                settle(t, "stored", document_id=result.document_id)
            else:
                report.duplicates += 1
                status = "duplicate" if result.reason == "duplicate" else "failed"
                settle(t, status, "; ".join(analysis.errors) or None, result.document_id)
            report.errors.extend(analysis.errors)
        if progress is not None:
            progress(analysis, report)


@dataclass
class _FeedPoll:
    url: str
    fetched: Fetched
    title: str | None
    clean: bool = True  # every new entry settled or will be; False after a transient failure


class _Web:
    """Turns URL targets into tracked items, fetching lazily as the parser asks for more."""

    def __init__(self, store: Store, client: WebClient | None, report: IngestReport) -> None:
        self.store, self.client, self.report = store, client, report
        self.polls: list[_FeedPoll] = []
        self.failed_feeds: dict[str, str] = {}
        self.queued: set[str] = set()  # article URLs already handed on in this run

    def tracked(
        self, targets: Sequence[str], feeds: Sequence[str], default_date: date | None
    ) -> Iterator[_Tracked]:
        for url in feeds:
            yield from self.url(url, default_date, known_feed=True)
        for target in targets:
            if is_url(target):
                yield from self.url(target, default_date)
            else:
                yield from (_Tracked(item) for item in iter_path(target, default_date))

    def url(self, target: str, default_date: date | None, known_feed: bool = False) -> Iterator[_Tracked]:
        assert self.client is not None
        url = canonical_url(target)
        state = self.store.feed_state(url)
        if state is None and not known_feed and self.store.seen_urls([url]):
            self.report.already_fetched += 1
            return
        try:
            fetched = self.client.get(
                url, state.etag if state else None, state.last_modified if state else None
            )
        except FetchError as exc:
            if state is not None or known_feed:
                self.failed_feeds[url] = str(exc)
                self.report.feeds += 1
            record = (
                FetchRecord(url, "failed") if exc.permanent and not known_feed and state is None else None
            )
            yield _Tracked(Unreadable(url, (str(exc),)), record)
            return
        if fetched.not_modified:
            self.report.feeds += 1
            self.report.not_modified += 1
            self.polls.append(_FeedPoll(url, fetched, state.title if state else None))
            return
        if known_feed or state is not None or looks_like_feed(fetched.body, fetched.media_type):
            yield from self.feed(url, fetched)
            return
        self.report.fetched += 1
        self.queued.add(url)
        yield _Tracked(
            to_raw_document(fetched), FetchRecord(url, ""), default_date or fetched.fetched_at.date()
        )

    def feed(self, url: str, fetched: Fetched) -> Iterator[_Tracked]:
        assert self.client is not None
        self.report.feeds += 1
        try:
            feed = parse_feed(fetched.body, url)
        except SourceError as exc:
            self.failed_feeds[url] = str(exc)
            yield _Tracked(Unreadable(url, (str(exc),)))
            return
        poll = _FeedPoll(url, fetched, feed.title)
        self.polls.append(poll)
        self.report.errors.extend(feed.errors)
        seen_ids = self.store.seen_entries(url, [e.id for e in feed.entries])
        seen_urls = self.store.seen_urls([e.url for e in feed.entries if e.url])
        for entry in feed.entries:
            assert entry.url is not None  # parse_feed leaves out entries without a link
            if entry.id in seen_ids or entry.url in seen_urls or entry.url in self.queued:
                self.report.already_fetched += 1
                continue
            self.queued.add(entry.url)
            record = FetchRecord(entry.url, "", feed_url=url, entry_id=entry.id)
            try:
                page = self.client.get(entry.url)
            except FetchError as exc:
                if not exc.permanent:
                    poll.clean = False
                failed = Unreadable(entry.url, (str(exc),), title=entry.title, date=entry.published)
                yield _Tracked(failed, record if exc.permanent else None)
                continue
            self.report.fetched += 1
            raw = to_raw_document(page, doc_id=entry.url, date=entry.published, title=entry.title)
            yield _Tracked(raw, record, page.fetched_at.date())

    def save_feed_states(self) -> None:
        for poll in self.polls:
            previous = self.store.feed_state(poll.url)
            fetched = poll.fetched
            if fetched.not_modified and previous is not None:
                etag, modified = previous.etag, previous.last_modified
            elif poll.clean:
                etag, modified = fetched.etag, fetched.last_modified
            else:
                etag = modified = None  # fetch the whole feed next time, to retry what failed
            self.store.save_feed_state(
                FeedState(poll.url, poll.title, etag, modified, fetched.fetched_at, None)
            )
        for url, error in self.failed_feeds.items():
            previous = self.store.feed_state(url)
            title = previous.title if previous else None
            etag = previous.etag if previous else None
            modified = previous.last_modified if previous else None
            self.store.save_feed_state(FeedState(url, title, etag, modified, None, error))
