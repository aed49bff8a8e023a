"""Articles per second for the whole record versus the bare spaCy pass, in the same run.

Reads a few hundred PolNeAR articles from ../shared/corpus/polnear, times
(1) ``nlp.pipe`` alone over the texts and (2) the full pipeline (cleaning, spaCy, every default
stage, record building) over the same texts, and prints both rates and their ratio.  The spaCy
model is loaded and warmed up before either timing starts, and each pass runs twice with the best
time kept, so the ratio reflects steady-state work rather than start-up.

    .venv/bin/python benchmarks/throughput.py [--limit 300]
"""

from __future__ import annotations

import argparse
import sys

from _corpus import POLNEAR, best_of, polnear_texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    if not POLNEAR.exists():
        print(f"skipped: {POLNEAR} not found")
        return 0

    from newsgraph.ingest import make_article
    from newsgraph.pipeline import DEFAULT_STAGES, Pipeline
    from newsgraph.record import to_record

    texts = polnear_texts(args.limit)
    pipeline = Pipeline()
    nlp = pipeline.nlp
    list(nlp.pipe(texts[:20]))  # warm up

    def bare() -> None:
        for _ in nlp.pipe(texts, batch_size=pipeline.settings.batch_size):
            pass

    def full() -> None:
        articles = (make_article(t, f"polnear:{i}", {}) for i, t in enumerate(texts))
        for result in pipeline.run_many(articles):
            if not hasattr(result, "reason"):
                to_record(result)

    bare_s = best_of(args.runs, bare)
    full_s = best_of(args.runs, full)
    words = sum(len(t.split()) for t in texts)
    print(
        f"articles: {len(texts)} ({words:,} words); stages: {', '.join(DEFAULT_STAGES) or 'none'}"
    )
    print(f"bare spaCy pass : {len(texts) / bare_s:7.1f} articles/s ({bare_s:.2f} s)")
    print(f"newsgraph record: {len(texts) / full_s:7.1f} articles/s ({full_s:.2f} s)")
    print(f"ratio full/bare : {full_s / bare_s:.2f}x (target: <= 1.3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
