"""Added time per article of the entities and locations stages over the bare spaCy pass, and
the memory the whole process holds once the knowledge tables are loaded.

Reads a fixed-seed sample of PolNeAR texts from ../shared/corpus/polnear, times ``nlp.pipe``
alone, then the entities and locations stages over the parsed documents (best of two runs
each, after a warm-up that loads every table), and prints the added share and the peak
resident memory of the process.

    .venv/bin/python benchmarks/entities_cost.py [--articles 150]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "polnear"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150)
    args = parser.parse_args()
    files = sorted(CORPUS.glob("*/text/*.txt"))
    if not files:
        print(f"skip: no PolNeAR texts under {CORPUS}")
        return 0
    from newsgraph.extractors.entities import find_entities
    from newsgraph.extractors.geo import geocode
    from newsgraph.pipeline import load_model
    from newsgraph.types import Article, Document

    sample = random.Random(11).sample(files, min(args.articles, len(files)))
    texts = [path.read_text(encoding="utf-8") for path in sample]
    nlp = load_model()
    list(nlp.pipe(texts[:5]))

    def parse() -> list:
        return list(nlp.pipe(texts, batch_size=32))

    def extract(docs: list) -> None:
        for text, doc in zip(texts, docs, strict=False):
            geocode(find_entities(Document(Article(raw=text, source="b"), text=text, doc=doc)))

    extract(list(nlp.pipe(texts[:5])))  # loads the tables before timing
    tables_mb = _resident_mb()
    docs = parse()
    spacy_s = min(_timed(parse) for _ in range(2))
    stage_s = min(_timed(lambda: extract(docs)) for _ in range(2))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(texts)
    print(f"{n} PolNeAR articles")
    print(f"spaCy pass: {1000 * spacy_s / n:.1f} ms/article")
    print(f"entities + locations: {1000 * stage_s / n:.1f} ms/article "
          f"({100 * stage_s / spacy_s:.1f}% added over spaCy; target <= 15%)")  # fmt: skip
    print(f"resident memory with the model and knowledge tables loaded: {tables_mb:.0f} MB "
          "(target <= 300 MB)")  # fmt: skip
    print(f"peak resident memory, {n} parsed documents held at once: {rss_mb:.0f} MB")
    return 0


def _resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(job) -> float:
    start = time.perf_counter()
    job()
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
