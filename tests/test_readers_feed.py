"""RSS 2.0 and Atom: one article per entry, dated in UTC, its text from the entry's HTML."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from readers_support import articles, errors, read, read_error, write

BRIDGE = (
    "<p>The old river bridge was closed on Monday after inspectors found cracks in two of its piers.</p>"
    "<p>\u201cIt is not safe for lorries,\u201d the county engineer said.</p>"
)
SCHOOL = "<p>Pupils returned to the village school on Tuesday after the heating was repaired.</p>"

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Valley News</title><link>https://valley.example/</link><description>Local news</description>
<item><title>Bridge closed after inspection</title><link>https://valley.example/bridge</link>
<guid>https://valley.example/bridge</guid><pubDate>Mon, 15 Jan 2024 18:30:00 +0100</pubDate>
<content:encoded><![CDATA[{BRIDGE}]]></content:encoded></item>
<item><title>Market moves indoors</title><link>https://valley.example/market</link>
<pubDate>Mon, 15 Jan 2024 19:00:00 GMT</pubDate><description></description></item>
<item><title>School reopens</title><link>https://valley.example/school</link>
<pubDate>Tue, 16 Jan 2024 07:00:00 GMT</pubDate><description><![CDATA[{SCHOOL}]]></description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley News</title><id>urn:valley</id>
<updated>2024-01-16T08:00:00Z</updated>
<entry><title>Bridge closed after inspection</title><link href="https://valley.example/bridge"/><id>urn:1</id>
<published>2024-01-15T12:30:00-05:00</published><updated>2024-01-16T08:00:00Z</updated>
<content type="html"><![CDATA[{BRIDGE}]]></content></entry>
<entry><title>Market moves indoors</title><link href="https://valley.example/market"/><id>urn:2</id>
<updated>2024-01-15T19:00:00Z</updated><content type="html"></content></entry>
<entry><title>School reopens</title><link href="https://valley.example/school"/><id>urn:3</id>
<updated>2024-01-16T07:00:00Z</updated><summary type="html"><![CDATA[{SCHOOL}]]></summary></entry>
</feed>"""


@pytest.fixture(params=[("valley.rss", RSS), ("valley.atom", ATOM), ("valley.xml", RSS)], ids=["rss", "atom", "xml"])
def feed_items(request, tmp_path):
    return read(write(tmp_path, *request.param))


def test_each_entry_is_an_article(feed_items):
    bridge, school = articles(feed_items)
    assert (bridge.title, bridge.url, bridge.source) == (
        "Bridge closed after inspection", "https://valley.example/bridge", "Valley News")
    assert bridge.published == datetime(2024, 1, 15, 17, 30, tzinfo=timezone.utc)
    assert bridge.text == (
        "The old river bridge was closed on Monday after inspectors found cracks in two of its piers.\n\n"
        "\u201cIt is not safe for lorries,\u201d the county engineer said.")
    assert (school.title, school.published) == ("School reopens", datetime(2024, 1, 16, 7, tzinfo=timezone.utc))
    assert school.text.startswith("Pupils returned")


def test_empty_entry_is_an_error_naming_it(feed_items):
    (error,) = errors(feed_items)
    assert "entry 2 'Market moves indoors'" in error.problem and "no article text" in error.problem


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("broken.xml", "<?xml version='1.0'?><catalog><book>Tide tables</bo", "not a readable RSS/Atom feed"),
        ("cut.rss", "<rss version='2.0'><channel><title>Valley News</title><item><title>Bri", "the feed is malformed"),
        ("catalog.xml", "<?xml version='1.0'?><catalog><book>Tide tables</book></catalog>", "not an RSS/Atom feed"),
        ("catalog.rss", "<?xml version='1.0'?><catalog><book>Tide tables</book></catalog>", "not an RSS/Atom feed"),
    ],
)
def test_xml_that_is_no_feed_is_a_clear_error(tmp_path, name, content, problem):
    assert problem in read_error(tmp_path, name, content).problem
