"""Added time per article of the quotes, counts, dates, tone and themes stages over spaCy.

Reads a fixed sample of PolNeAR articles from ../shared/corpus/polnear, times the bare spaCy
pass (``nlp.pipe``) over them, then the five stages on the parsed documents (the entity stage
runs first, untimed, since quotes read its output), and prints milliseconds per article for
each and the added cost as a share of the spaCy pass.  Each timing is the best of ``--runs``.

    .venv/bin/python benchmarks/quotes_cost.py [--limit 50] [--runs 2] [--full]
"""

from __future__ import annotations

import argparse
import sys

from _corpus import POLNEAR, best_of, polnear_texts

STAGES = ("quotes", "counts", "dates", "tone", "themes")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--full", action="store_true", help="every train article")
    args = parser.parse_args()
    if not (POLNEAR / "train").exists():
        print(f"skipped: {POLNEAR / 'train'} not found")
        return 0
    from newsgraph.pipeline import STAGES as REGISTRY
    from newsgraph.pipeline import Pipeline
    from newsgraph.types import Article

    texts = polnear_texts(None if args.full else args.limit, seed=5)
    pipeline = Pipeline(stages=("entities",))
    nlp = pipeline.nlp
    list(nlp.pipe(texts[:10]))  # warm up
    spacy_time = best_of(args.runs, lambda: list(nlp.pipe(texts, batch_size=32)))
    articles = [Article(raw=t, source=f"polnear:{i}", verbatim=True) for i, t in enumerate(texts)]
    documents = list(pipeline.run_many(articles))
    functions = {name: REGISTRY[name].load() for name in STAGES}
    per_stage = {}
    for name, function in functions.items():
        per_stage[name] = best_of(args.runs, lambda f=function: [f(d) for d in documents])
    added = sum(per_stage.values())
    n = len(texts)
    words = sum(len(t.split()) for t in texts)
    print(f"{n} PolNeAR train articles, {words / n:.0f} words on average")
    print(f"spaCy pass: {1000 * spacy_time / n:.2f} ms/article")
    for name, seconds in per_stage.items():
        print(f"  {name:7s} {1000 * seconds / n:.3f} ms/article")
    print(
        f"five stages: {1000 * added / n:.2f} ms/article = "
        f"{100 * added / spacy_time:.1f}% of the spaCy pass"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
