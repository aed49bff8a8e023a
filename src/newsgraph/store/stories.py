"""Near-duplicate grouping: syndicated copies and re-publications of one text become one story.

Each article gets a MinHash signature over its word shingles (``signature``, cheap enough to
run in the ingest workers).  ``StoryIndex`` holds datasketch's MinHash LSH over the stored
signatures and gives each new article the story of its nearest stored near-duplicate, or a
new story.  The signatures live in the database, so the index is rebuilt from them when a
writer opens; nothing about stories lives only in memory.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash, MinHash

PERMUTATIONS = 128
SHINGLE_WORDS = 5
SEED = 1
SCHEME = "affine32"
"""datasketch's hashing scheme, named so stored signatures stay comparable across versions."""
THRESHOLD = 0.6
"""Estimated Jaccard similarity of shingle sets above which two articles are one story.
Wire copies differ by a byline, a dateline or a trailing paragraph and score far above it;
two reports of the same news event written apart share few five-word runs and score below."""

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of ``size``-word runs of ``text``, lower-cased (the whole text when shorter)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> bytes:
    """The MinHash signature of ``text`` as bytes (what the ``signatures`` table stores)."""
    from datasketch import MinHash

    permutations = _template().permutations  # generated once per process, not per article
    minhash = MinHash(num_perm=PERMUTATIONS, seed=SEED, permutations=permutations, scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return bytes(minhash.hashvalues.astype(np.uint64).tobytes())


@functools.cache
def _template() -> MinHash:
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME)


def _minhash(hashvalues: bytes) -> LeanMinHash:
    # A lean MinHash holds only the values: no permutation tables to rebuild per article.
    from datasketch import LeanMinHash

    values = np.frombuffer(hashvalues, dtype=np.uint64)
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


def similarity(first: bytes, second: bytes) -> float:
    """The estimated Jaccard similarity of two signatures: the share of equal MinHash values."""
    a, b = np.frombuffer(first, dtype=np.uint64), np.frombuffer(second, dtype=np.uint64)
    return float((a == b).mean())


REPRESENTATIVES = 8
"""Articles of one story kept in the index: a new copy of a story is as similar to its first
few articles as to the rest, and a story of 500 copies must not cost 500 comparisons."""


class StoryIndex:
    """The LSH index over stored signatures, and the story each signature belongs to."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
        self._stories: dict[str, int] = {}
        self._values: dict[str, np.ndarray] = {}
        self._sizes: dict[int, int] = {}

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> StoryIndex:
        """Build the index from the signatures stored in ``conn``."""
        index = cls()
        rows = conn.execute(
            "SELECT article_id, hashvalues, story_id FROM (SELECT s.article_id, s.hashvalues, "
            "a.story_id, row_number() OVER (PARTITION BY a.story_id ORDER BY a.rowid) AS n "
            "FROM signatures s JOIN articles a ON a.id = s.article_id) WHERE n <= ?",
            (REPRESENTATIVES,),
        )
        index.extend((row[0], row[1], row[2]) for row in rows)
        return index

    def extend(self, items: Iterable[tuple[str, bytes, int]]) -> None:
        """Add ``(article_id, signature, story_id)`` triples to the index."""
        with self._lsh.insertion_session() as session:
            for article_id, hashvalues, story_id in items:
                if article_id in self._stories or self._sizes.get(story_id, 0) >= REPRESENTATIVES:
                    continue
                minhash = _minhash(hashvalues)
                session.insert(article_id, minhash)
                self._stories[article_id] = story_id
                self._values[article_id] = minhash.hashvalues
                self._sizes[story_id] = self._sizes.get(story_id, 0) + 1

    def add(self, article_id: str, hashvalues: bytes, story_id: int) -> None:
        """Add one article to the index."""
        self.extend([(article_id, hashvalues, story_id)])

    def match(self, hashvalues: bytes) -> int | None:
        """The story of the most similar stored article above the threshold, or None."""
        minhash = _minhash(hashvalues)
        candidates = list(self._lsh.query(minhash))
        if not candidates:
            return None
        # Estimated Jaccard similarity: the share of equal MinHash values, for all at once.
        matrix = np.stack([self._values[c] for c in candidates])
        similarity = (matrix == minhash.hashvalues).mean(axis=1)
        best: tuple[float, int] | None = None
        for candidate, score in zip(candidates, similarity.tolist(), strict=True):
            story = self._stories[candidate]
            # Ties go to the older story so a story keeps one id whatever the arrival order.
            if score >= THRESHOLD and (best is None or (score, -story) > (best[0], -best[1])):
                best = (score, story)
        return best[1] if best else None

    def __len__(self) -> int:
        return len(self._stories)


def list_stories(
    conn: sqlite3.Connection, *, min_articles: int = 1, limit: int = 50
) -> list[dict[str, object]]:
    """Stories with the articles grouped into them, largest first.

    ``num_articles`` counts the publications (every copy, exact or near); ``num_texts`` the
    distinct texts; ``num_sources`` the distinct outlets (a publication of unknown outlet
    counts as its own); ``events`` the event groups of the story.
    """
    from newsgraph.store.queries import SOURCE_KEY, check_count

    min_articles = check_count(min_articles, "min_articles")
    limit = check_count(limit)
    # The largest stories first, from the story and publication indexes alone; then details.
    top = conn.execute(
        "SELECT a.story_id, COUNT(*) AS n FROM publications p "
        "JOIN articles a ON a.id = p.article_id GROUP BY a.story_id HAVING n >= ? "
        "ORDER BY n DESC, a.story_id LIMIT ?",
        (min_articles, limit),
    ).fetchall()
    stories = []
    for story_id, articles in top:
        row = conn.execute(
            "SELECT s.id AS story_id, s.title, s.day, ? AS num_articles, "
            "(SELECT COUNT(*) FROM articles a WHERE a.story_id = s.id) AS num_texts, "
            f"(SELECT COUNT(DISTINCT {SOURCE_KEY}) FROM articles a JOIN publications p "
            "ON p.article_id = a.id WHERE a.story_id = s.id) AS num_sources, "
            "(SELECT COUNT(*) FROM event_groups g WHERE g.story_id = s.id) AS events "
            "FROM stories s WHERE s.id = ?",
            (articles, story_id),
        ).fetchone()
        stories.append(dict(row))
    return stories


def story_counts(conn: sqlite3.Connection, story_id: int | None = None) -> list[dict[str, object]]:
    """Counts (people or things affected) aggregated per story: a figure repeated by every copy
    of a wire story is one count with ``num_articles`` copies (publications), not one count
    per copy."""
    where = "WHERE a.story_id = ?" if story_id is not None else ""
    rows = conn.execute(
        "SELECT a.story_id, c.kind, c.number, MIN(c.object) AS object, "
        "COUNT(DISTINCT p.id) AS num_articles, COUNT(*) AS num_mentions "
        "FROM counts c JOIN articles a ON a.id = c.article_id "
        f"JOIN publications p ON p.article_id = c.article_id {where} "
        "GROUP BY a.story_id, c.kind, c.number, lower(c.object) "
        "ORDER BY a.story_id, num_articles DESC",
        () if story_id is None else (story_id,),
    )
    return [dict(row) for row in rows]
