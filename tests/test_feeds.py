"""RSS and Atom feeds read from files: full-text entries, link-only entries, broken feeds."""

from __future__ import annotations

import json
from pathlib import Path

from newsgraph.ingest import formats, read_inputs
from newsgraph.settings import Settings
from newsgraph.types import Article, Rejection

STORY = (
    "<p>The harbour authority approved a plan to dredge the main channel on Wednesday.</p>"
    "<h2>Why it matters</h2>"
    "<p>Larger ships have been unable to dock since the spring, officials said.</p>"
)

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Harbour Gazette</title>
  <link>https://gazette.example.net/</link>
  <item>
    <title>Harbour channel to be dredged</title>
    <link>https://gazette.example.net/dredging</link>
    <dc:creator>Ana Ruiz</dc:creator>
    <pubDate>Wed, 10 Apr 2024 14:30:00 GMT</pubDate>
    <category>Shipping</category><category>Local</category>
    <description>A short teaser.</description>
    <content:encoded><![CDATA[{STORY}]]></content:encoded>
  </item>
  <item>
    <title>Ferry timetable changes</title>
    <link>https://gazette.example.net/ferry</link>
    <description>Teaser only: read the full story on the site.</description>
  </item>
  <item>
    <title>Fish market moves</title>
    <link>https://gazette.example.net/market</link>
    <description>Another teaser.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Wire</title>
  <id>urn:example:wire</id>
  <updated>2024-05-01T10:00:00Z</updated>
  <entry>
    <title>Council approves school budget</title>
    <id>urn:example:wire:1</id>
    <link href="https://wire.example.com/budget"/>
    <published>2024-05-01T09:00:00Z</published>
    <updated>2024-05-01T10:00:00Z</updated>
    <author><name>Lee Park</name></author>
    <content type="html">&lt;p&gt;The council approved the school budget.&lt;/p&gt;
      &lt;p&gt;Spending rises by four percent.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Plain text entry</title>
    <id>urn:example:wire:2</id>
    <link href="https://wire.example.com/plain"/>
    <updated>2024-05-02T08:00:00Z</updated>
    <content type="text">A plain text story about the new bus depot opening next week.</content>
  </entry>
</feed>
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_feeds_are_sniffed_from_content():
    assert formats.sniff(RSS.encode(), "anything.txt") == "feed"
    assert formats.sniff(ATOM.encode(), "") == "feed"


def test_full_text_entries_become_articles_and_link_only_entries_are_reported(tmp_path: Path):
    path = write(tmp_path, "gazette.xml", RSS)
    article, notice = read_inputs([path])
    assert isinstance(article, Article)
    assert article.source == f"{path}#entry-1"
    assert article.is_html and article.raw == STORY
    assert article.title == "Harbour channel to be dredged"
    assert article.url == "https://gazette.example.net/dredging"
    assert article.published == "2024-04-10T14:30:00Z"
    assert article.author == "Ana Ruiz"
    assert article.tags == ("Shipping", "Local")
    assert article.site == "Harbour Gazette"
    assert isinstance(notice, Rejection) and notice.source == path
    assert "2 of 3 entries only link" in notice.reason and "--fetch" in notice.reason


def test_atom_html_and_text_content(tmp_path: Path):
    html_entry, text_entry = read_inputs([write(tmp_path, "wire.atom", ATOM)])
    assert isinstance(html_entry, Article) and isinstance(text_entry, Article)
    assert html_entry.is_html and html_entry.url == "https://wire.example.com/budget"
    assert html_entry.published == "2024-05-01T09:00:00Z"
    assert html_entry.author == "Lee Park"
    assert not text_entry.is_html
    assert text_entry.published == "2024-05-02T08:00:00Z"  # no published date: updated is used


def test_broken_and_empty_feeds_are_rejections(tmp_path: Path):
    broken = write(
        tmp_path, "broken.rss", RSS[: RSS.index("<item>", RSS.index("</item>"))] + "<item><ti"
    )
    empty = write(
        tmp_path, "empty.rss", "<rss version='2.0'><channel><title>x</title></channel></rss>"
    )
    garbage = write(tmp_path, "garbage.rss", "<rss version='2.0'><channel><<<>>>")
    article, cut, none, unreadable = read_inputs([broken, empty, garbage])
    assert isinstance(article, Article) and article.title == "Harbour channel to be dredged"
    assert isinstance(cut, Rejection) and cut.source == broken
    assert cut.reason.startswith("broken feed after entry 1")
    assert isinstance(none, Rejection) and none.reason == "feed has no entries"
    assert isinstance(unreadable, Rejection) and unreadable.reason.startswith("broken feed (")


def test_oversized_feed_is_refused(tmp_path: Path):
    path = write(tmp_path, "big.rss", RSS)
    (result,) = read_inputs([path], Settings(max_bytes=100))
    assert isinstance(result, Rejection) and "too large" in result.reason


def test_feed_through_the_command(tmp_path: Path, extract_command):
    path = write(tmp_path, "gazette.rss", RSS)
    result = extract_command(path)
    err = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err
    assert f"{path}: 2 of 3 entries only link to their article; pass --fetch" in err
    (record,) = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert record["text"].split("\n\n") == [
        "The harbour authority approved a plan to dredge the main channel on Wednesday.",
        "Why it matters",
        "Larger ships have been unable to dock since the spring, officials said.",
    ]
    assert record["title"] == "Harbour channel to be dredged"
    assert record["tags"] == ["Shipping", "Local"]
