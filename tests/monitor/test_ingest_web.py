"""Ingesting from the web against a local server: feeds, pages, the fetch log, resumption, bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from berkut.ingest import IngestReport, ingest_targets
from berkut.model import EventFilter
from berkut.settings import load_settings
from berkut.sources.web import WebClient
from berkut.store import Store

pytestmark = pytest.mark.model

FETCHED_ON = datetime(2024, 3, 9, 10, 0, tzinfo=UTC)


def page(title: str, *paragraphs: str, published: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title>{meta}</head><body><nav>Home | World</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Steppe Wire</footer></body></html>")  # fmt: skip


CONDEMN = page(
    "Kazakhstan condemns Russia",
    "Kazakhstan condemned Russia on Monday for the incident at the border crossing near Oral.",
    "The foreign ministry in Astana said the move was unacceptable and called in the ambassador.",
)
CONDEMN_AGAIN = page(
    "Astana protests to Moscow",
    "The government of Kazakhstan condemned Russia on Monday over the border crossing incident near Oral.",
    "Diplomats said the ambassador was summoned to the ministry in Astana.",
)
ARRESTS = page(
    "Arrests in Bishkek",
    "Kyrgyz police arrested twelve protesters in Bishkek on Tuesday.",
    "The opposition accused the government of repression.",
)
TALKS = page(
    "Water deal",
    "Uzbekistan and Tajikistan signed a water agreement in Dushanbe on Wednesday.",
    "Both governments said the deal would help farmers in the valley.",
    published="2024-03-06",
)


def rss(base: str, *items: tuple[str, str, str | None]) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{path}</guid>"
        + (f"<pubDate>{when}</pubDate>" if when else "")
        + "</item>"
        for path, title, when in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Steppe Wire</title>{entries}</channel></rss>'


@pytest.fixture
def client(web) -> WebClient:  # type: ignore[no-untyped-def]
    settings = load_settings({"host_delay": 0.0, "http_retries": 0}, environ={}, path=Path("/nonexistent"))
    return WebClient(settings, now=lambda: FETCHED_ON)


def run(store: Store, pipeline: Any, client: WebClient, targets: list[str] = (), **kw: Any) -> IngestReport:  # type: ignore[assignment]
    return ingest_targets(list(targets), store, pipeline, client, **kw)


def test_a_feed_is_ingested_once_and_transient_failures_are_retried(store: Store, pipeline, client, web) -> None:  # type: ignore[no-untyped-def]
    feed = web.serve("/feed.xml", rss(web.base, ("/a1", "Kazakhstan condemns Russia", "Mon, 04 Mar 2024 08:00:00 GMT"),
                                      ("/a2", "Astana protests", "Mon, 04 Mar 2024 15:00:00 GMT"),
                                      ("/gone", "Removed story", None), ("/flaky", "Arrests", "Tue, 05 Mar 2024 09:00:00 GMT")),
                     content_type="application/rss+xml", etag='"feed-1"')  # fmt: skip
    web.serve("/a1", CONDEMN)
    web.serve("/a2", CONDEMN_AGAIN)
    web.serve("/flaky", status=503)

    first = run(store, pipeline, client, feeds=[feed])
    assert (first.feeds, first.fetched, first.stored, first.failed) == (1, 2, 2, 2), first.errors
    assert any("/gone: HTTP 404" in e for e in first.errors) and any("/flaky: HTTP 503" in e for e in first.errors)
    assert store.fetch_counts() == {"stored": 2, "failed": 1}  # the 503 is not recorded: it is tried again
    doc = store.document(web.url("/a1"))
    assert doc is not None and (doc.published, doc.title, doc.source) == (
        date(2024, 3, 4), "Kazakhstan condemns Russia", web.base.removeprefix("http://"))  # fmt: skip
    condemnations = store.events(EventFilter(dyad=("KAZ", "RUS"), cameo="111", limit=None))
    assert {(e.source_country, e.target_code, e.date) for e in condemnations} == {("KAZ", "RUS", date(2024, 3, 4))}
    # the first headline and both articles' reports are one event, told by two articles
    assert len({e.cluster_id for e in condemnations}) == 1 and condemnations[0].num_articles == 2

    web.serve("/flaky", ARRESTS)
    second = run(store, pipeline, client, feeds=[feed])
    assert (second.not_modified, second.fetched, second.stored, second.already_fetched) == (0, 1, 1, 3)
    assert [web.hits(p) for p in ("/a1", "/a2", "/gone", "/flaky")] == [1, 1, 1, 2]

    third = run(store, pipeline, client, feeds=[feed])  # everything settled: the ETag now stands
    assert (third.not_modified, third.fetched, third.read) == (1, 0, 0)
    assert web.requests[-1]["headers"].get("if-none-match") == '"feed-1"'


def test_ingest_feed_url_pages_and_files_together(store: Store, pipeline, client, web, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    feed = web.serve("/wire.rss", rss(web.base, ("/talks", "Water deal", None)), content_type="text/xml")
    web.serve("/talks", TALKS)
    web.serve("/arrests", ARRESTS)
    article = web.url("/arrests?utm_source=newsletter#top")  # fetched as /arrests
    local = tmp_path / "local.jsonl"
    local.write_text('{"id": "j1", "text": "Russia praised Kazakhstan on Friday.", "date": "2024-03-08"}\n{bad\n',
                     encoding="utf-8")  # fmt: skip
    report = run(store, pipeline, client, [feed, article, str(local)])
    assert (report.stored, report.failed) == (3, 1), report.errors
    assert any("invalid JSON" in e for e in report.errors)
    # the page gives the date when the feed does not; without either, the day it was fetched
    assert store.document(web.url("/talks")).published == date(2024, 3, 6)  # type: ignore[union-attr]
    assert store.document(web.url("/arrests?utm_source=newsletter")) is None  # stored under its canonical URL
    assert store.document(web.url("/arrests")).published == date(2024, 3, 9)  # type: ignore[union-attr]
    again = run(store, pipeline, client, [feed, article, str(local)])
    assert (again.stored, again.fetched, again.already_fetched) == (0, 0, 2)
    assert web.hits("/arrests") == 1


def test_malformed_feeds_and_pages_fail_alone(store: Store, pipeline, client, web) -> None:  # type: ignore[no-untyped-def]
    broken = web.serve("/broken.xml", b"<rss version='2.0'><channel><title>x</title>\x00\xff", content_type="application/rss+xml")
    empty = web.serve("/empty", "<html><body><div></div></body></html>")
    good = web.serve("/good", CONDEMN)
    report = run(store, pipeline, client, [broken, empty, good])
    assert report.stored == 1 and report.failed == 2
    assert any("/broken.xml: the feed is broken" in e for e in report.errors)
    assert any("/empty" in e and "text" in e for e in report.errors), report.errors
    assert store.seen_urls([empty]) == {empty}  # no text is a permanent failure: not fetched again


def test_an_interrupted_run_resumes_where_it_stopped(store: Store, pipeline, client, web) -> None:  # type: ignore[no-untyped-def]
    feed = web.serve("/feed.xml", rss(web.base, ("/a1", "One", None), ("/a2", "Two", None)),
                     content_type="application/rss+xml", etag='"v1"')  # fmt: skip
    web.serve("/a1", CONDEMN)
    web.serve("/a2", ARRESTS)

    def stop_after_first(analysis: Any, report: IngestReport) -> None:
        if report.stored == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(store, pipeline, client, feeds=[feed], progress=stop_after_first)
    assert store.counts()["documents"] == 1 and store.feed_state(feed) is None  # no ETag: the feed is read again
    resumed = run(store, pipeline, client, feeds=[feed])
    assert (resumed.stored, resumed.not_modified) == (1, 0) and store.counts()["documents"] == 2
    assert web.hits("/a1") == 1  # stored before the interruption: never fetched again
