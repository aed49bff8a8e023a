"""Near-duplicate stories over a whole batch output, in batch form.

The store gives each new article the story of its most similar stored near-duplicate, one
article at a time (``store.stories.StoryIndex``).  Over millions of articles at once the same
test runs as a join: each text's MinHash signature (``store.stories.signature``, computed in
the analysis tasks) is cut into the LSH bands datasketch chooses for the store's threshold;
texts sharing a band's values are candidates, and each is compared with the first
``REPRESENTATIVES`` texts of the bucket (the store's bound too) using the store's similarity
and ``THRESHOLD``.  The pairs that pass are few (near-duplicates only); they are joined into
stories on the driver (union-find).  A story is named after its first text (earliest day, then
smallest id), so the same output gives the same stories whatever the order of the inputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newsgraph.store.stories import PERMUTATIONS, REPRESENTATIVES, THRESHOLD, similarity

Order = tuple[bool, str, str]


def bands() -> tuple[int, int]:
    """(bands, rows per band) of the LSH index the store uses for its threshold."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
    return lsh.b, lsh.r


def order(day: str | None, article_id: str) -> Order:
    """Which of two texts comes first in a story: the earlier day (dated first), then the id."""
    return (day is None, day or "", article_id)


def _buckets(row: Any, count: int, width: int) -> Iterator[tuple[tuple[int, bytes], Any]]:
    signature = bytes(row["signature"])
    step = width * 8  # each MinHash value is 8 bytes
    entry = (order(row["day"], row["article_id"]), row["text_hash"], signature)
    for band in range(count):
        yield (band, signature[band * step : (band + 1) * step]), entry


Link = tuple[tuple[Order, str], tuple[Order, str]]


def _links(entries: Any) -> Iterator[Link]:
    members = sorted(entries)
    if len(members) < 2:
        return
    for place, text, signature in members[1:]:
        for first_place, first, first_signature in members[:REPRESENTATIVES]:
            if first != text and similarity(signature, first_signature) >= THRESHOLD:
                yield (place, text), (first_place, first)


def story_links(texts: Any) -> list[Link]:
    """Pairs of near-duplicate texts ``((order, text hash), (order, text hash))`` among
    ``texts`` (a DataFrame of ``text_hash, article_id, day, signature``, one row a text)."""
    count, width = bands()
    pairs = (
        texts.rdd.flatMap(lambda row: _buckets(row, count, width))
        .groupByKey()
        .flatMap(lambda bucket: _links(bucket[1]))
        .distinct()
    )
    return [(tuple(a), tuple(b)) for a, b in pairs.toLocalIterator()]


def assign(texts: Any, spark: Any) -> Any:
    """A DataFrame of ``text_hash, story_id, story_first, story_title, story_day``: the story
    of every text in ``texts`` (``text_hash, article_id, day, title, signature``)."""
    links = story_links(texts)
    known = {text: place for pair in links for place, text in pair}
    roots = _union([(a[1], b[1]) for a, b in links], known)
    mapping = spark.createDataFrame(
        sorted(roots.items()) or [("", "")], "text_hash string, root string"
    )
    first = texts.select(
        texts.text_hash.alias("root"),
        texts.article_id.alias("story_first"),
        texts.title.alias("story_title"),
        texts.day.alias("story_day"),
    )
    from pyspark.sql import functions as F

    return (
        texts.select("text_hash")
        .join(mapping, "text_hash", "left")
        .withColumn("root", F.coalesce("root", "text_hash"))
        .join(first, "root")
        .select(
            "text_hash",
            _story_id(F.col("story_first")).alias("story_id"),
            "story_first",
            "story_title",
            "story_day",
        )
    )


def _story_id(first: Any) -> Any:
    """``rows.stable_id("story " + first)`` as a Spark expression (no Python round trip)."""
    from pyspark.sql import functions as F

    digest = F.sha2(F.concat(F.lit("story "), first), 256)
    return F.conv(F.substring(digest, 1, 15), 16, 10).cast("long")


def _union(links: list[tuple[str, str]], known: dict[str, Order]) -> dict[str, str]:
    """Each linked text's story root: the first text (by ``order``) of its linked group."""
    parent: dict[str, str] = {}

    def find(text: str) -> str:
        parent.setdefault(text, text)
        while parent[text] != text:
            parent[text] = parent[parent[text]]
            text = parent[text]
        return text

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            first, second = (ra, rb) if known[ra] <= known[rb] else (rb, ra)
            parent[second] = first
    return {text: find(text) for text in parent if find(text) != text}
