"""Feeds: RSS and Atom entries with absolute links and dates; broken feeds say what is wrong."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from berkut.errors import SourceError
from berkut.sources.feeds import looks_like_feed, parse_feed, read_feed_list

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Steppe Wire</title><link>http://wire.test/</link>
<item><title>Border talks resume</title><link>/2024/03/border?utm_source=rss</link><guid>wire-101</guid>
  <pubDate>Mon, 04 Mar 2024 09:30:00 +0600</pubDate><description>Talks resumed.</description></item>
<item><title>Grain deal signed</title><link>http://wire.test/2024/03/grain#top</link>
  <pubDate>Tue, 05 Mar 2024 23:30:00 -0200</pubDate></item>
<item><title>A note without a link</title><guid>wire-103</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Highland Post</title>
<entry><title>Ministers meet</title><id>tag:post.test,2024:1</id>
  <link rel="alternate" href="https://post.test/ministers-meet"/><updated>2024-03-06T12:00:00Z</updated></entry>
</feed>"""


def test_rss_entries_have_absolute_canonical_links_ids_and_dates() -> None:
    feed = parse_feed(RSS, "http://wire.test/feed.xml")
    assert feed.title == "Steppe Wire"
    assert [(e.id, e.url, e.title, e.published) for e in feed.entries] == [
        ("wire-101", "http://wire.test/2024/03/border", "Border talks resume", date(2024, 3, 4)),
        # 23:30 at UTC-2 is already the 6th in UTC
        ("http://wire.test/2024/03/grain", "http://wire.test/2024/03/grain", "Grain deal signed", date(2024, 3, 6)),
    ]
    assert feed.entries[0].summary == "Talks resumed."
    assert feed.errors == ("http://wire.test/feed.xml: entry 3 ('A note without a link') has no link to an article",)


def test_atom_entries() -> None:
    (entry,) = parse_feed(ATOM, "https://post.test/atom").entries
    assert (entry.id, entry.url, entry.published) == (
        "tag:post.test,2024:1", "https://post.test/ministers-meet", date(2024, 3, 6))  # fmt: skip


def test_broken_markup_is_recovered_with_a_warning_and_non_feeds_are_errors() -> None:
    broken = RSS.replace(b"</channel></rss>", b"<item><title>Cut &nbsp off")
    feed = parse_feed(broken, "http://wire.test/feed.xml")
    assert len(feed.entries) == 2 and any("broken" in e for e in feed.errors)
    for body in (b"<html><body><p>Not a feed</p></body></html>", b"", b"{\"items\": []}"):
        with pytest.raises(SourceError, match="not an RSS or Atom feed"):
            parse_feed(body, "http://wire.test/page")


@pytest.mark.parametrize(
    ("body", "media_type", "expected"),
    [
        (RSS, "text/xml", True),
        (ATOM, "", True),
        (b"<!-- generated --><rss version='2.0'/>", "", True),
        (b"<html><body/></html>", "text/html", False),
        (b"<html/>", "application/rss+xml", True),  # the server's word is taken
    ],
)
def test_looks_like_feed(body: bytes, media_type: str, expected: bool) -> None:
    assert looks_like_feed(body, media_type) is expected


def test_feed_lists_from_lines_or_opml(tmp_path: Path) -> None:
    lines = tmp_path / "feeds.txt"
    lines.write_text("# wires\nhttp://wire.test/feed.xml  Steppe Wire\n\nhttps://post.test/atom#x\n"
                     "http://wire.test/feed.xml\n", encoding="utf-8")  # fmt: skip
    assert read_feed_list(lines) == ["http://wire.test/feed.xml", "https://post.test/atom#x"]
    opml = tmp_path / "feeds.opml"
    opml.write_text('<opml version="2.0"><body><outline text="news"><outline type="rss" '
                    'xmlUrl="http://wire.test/feed.xml"/></outline></body></opml>', encoding="utf-8")  # fmt: skip
    assert read_feed_list(opml) == ["http://wire.test/feed.xml"]
    bad = tmp_path / "bad.txt"
    bad.write_text("wire.test/feed.xml\n", encoding="utf-8")
    with pytest.raises(SourceError, match="not http"):
        read_feed_list(bad)
    with pytest.raises(SourceError, match="cannot read"):
        read_feed_list(tmp_path / "missing.txt")
