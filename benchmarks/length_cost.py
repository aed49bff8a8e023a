"""Cost of one article's whole record against its length, and the budget that bounds it.

Builds synthetic long articles by concatenating PolNeAR train articles (../shared/corpus/polnear)
to 50 kB ... 4 MB of text.  For each size, in a fresh process (so the peak is its own), it times
cleaning and the spaCy pass (``Pipeline(stages=())``, column "parse"), each extractor stage and
``to_record`` (together the work of ``Pipeline().run`` and the record), and prints the seconds,
the peak resident memory, and per doubling of the length how much the total time and the memory
above the loaded model grow (2.00 is linear).  Budgets are off for these runs.  Then it runs a
1 MB article under a 1 s time budget, and under a 50 MB memory budget, each followed by a short
article: the long one becomes a rejection with the reason, promptly, and the short one is coded.

    .venv/bin/python benchmarks/length_cost.py [--quick] [--sizes 50,200,1000]

``--quick`` stops at 2 MB (the 4 MB run alone takes several minutes).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time

from _corpus import POLNEAR, polnear_texts

SIZES_KB = (50, 100, 200, 500, 1000, 2000, 4000)
SHORT = "President Joe Biden met Emmanuel Macron in Paris on Monday, the White House said."


def synthetic(chars: int) -> str:
    """PolNeAR train articles joined by blank lines (again from the first when they run out),
    cut at a paragraph break near ``chars`` characters."""
    texts = [text.strip() for text in polnear_texts(None)]
    parts: list[str] = []
    size = 0
    while size < chars:
        for text in texts:
            parts.append(text)
            size += len(text) + 2
            if size >= chars:
                break
    return "\n\n".join(parts)[:chars]


def _peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(kb: int) -> dict[str, float]:
    """Seconds per step and peak resident bytes of the whole record of a ``kb`` kB article."""
    from newsgraph.pipeline import DEFAULT_STAGES, STAGES, Pipeline
    from newsgraph.record import to_record
    from newsgraph.settings import Settings
    from newsgraph.types import Article

    unbounded = Settings(time_budget=0, memory_budget=0)
    parser = Pipeline(stages=(), settings=unbounded)
    list(parser.nlp.pipe(["Warm up."]))
    stages = [(name, STAGES[name].load()) for name in DEFAULT_STAGES]
    text = synthetic(kb * 1000)
    base = _peak_bytes()
    figures: dict[str, float] = {}
    start = time.perf_counter()
    document = parser.run(Article(raw=text, source=f"synthetic-{kb}kB"))
    figures["parse"] = time.perf_counter() - start
    for name, function in stages:
        begin = time.perf_counter()
        document = function(document)
        figures[name] = time.perf_counter() - begin
    begin = time.perf_counter()
    to_record(document)
    figures["record"] = time.perf_counter() - begin
    figures["total"] = time.perf_counter() - start
    figures["peak"] = _peak_bytes()
    figures["model"] = base
    return figures


def budget_demo() -> None:
    """A 1 MB article under a 1 s time budget, then under a 50 MB memory budget."""
    from newsgraph.pipeline import Pipeline
    from newsgraph.settings import Settings
    from newsgraph.types import Article, Rejection

    big = synthetic(1_000_000)
    for label, settings in (
        ("time budget 1 s", Settings(time_budget=1.0)),
        ("memory budget 50 MB", Settings(time_budget=0, memory_budget=50_000_000)),
    ):
        pipeline = Pipeline(settings=settings)
        list(pipeline.nlp.pipe(["Warm up."]))
        articles = [
            Article(raw=big, source="synthetic-1MB", verbatim=True),
            Article(raw=SHORT, source="short", verbatim=True),
        ]
        print(f"\n1 MB article then a short one, {label}:")
        start = time.perf_counter()
        for result in pipeline.run_many(articles):
            seconds = time.perf_counter() - start
            if isinstance(result, Rejection):
                where = f"{result.source} [{result.stage}]"
                print(f"  {seconds:5.1f} s  rejected  {where}: {result.reason}")
            else:
                names = ", ".join(e.name for e in result.entities)
                print(f"  {seconds:5.1f} s  coded     {result.article.source}: {names}")
            start = time.perf_counter()


def _ratio(small: float, large: float, factor: float) -> str:
    if small <= 0 or large <= 0:
        return "   -"
    return f"{(large / small) ** (1 / math.log2(factor)):4.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="stop at 2 MB")
    parser.add_argument("--sizes", help="comma-separated sizes in kB (default 50 to 4000)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child: one size
    args = parser.parse_args()
    if not (POLNEAR / "train").exists():
        print(f"skipped: {POLNEAR / 'train'} not found")
        return 0
    if args.one:
        print(json.dumps(measure(args.one)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(SIZES_KB)
    if args.quick:
        sizes = [s for s in sizes if s <= 2000]
    stages = ("parse", "entities", "quotes", "events", "total")
    print("whole record of one synthetic article (PolNeAR articles joined), budgets off")
    print(
        f"{'size':>7} "
        + " ".join(f"{s:>8}" for s in stages)
        + "  other     peak  x/2 time  x/2 mem"
    )
    previous: tuple[int, dict[str, float]] | None = None
    for kb in sizes:
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(kb)], capture_output=True, text=True
        )
        if child.returncode != 0:
            print(f"{kb:>5}kB failed: {child.stderr.strip().splitlines()[-1:]}")
            continue
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        other = figures["total"] - sum(figures[s] for s in stages[:-1])
        own = figures["peak"] - figures["model"]
        line = f"{kb:>5}kB " + " ".join(f"{figures[s]:>7.1f}s" for s in stages)
        line += f" {other:>5.1f}s {figures['peak'] / 1e6:>6.0f}MB"
        if previous is not None:
            factor = kb / previous[0]
            before = previous[1]
            line += f"    {_ratio(before['total'], figures['total'], factor)}"
            line += f"     {_ratio(before['peak'] - before['model'], own, factor)}"
        print(line, flush=True)
        previous = (kb, figures)
    print("x/2: growth per doubling of the length (2.00 = linear); mem: peak above the model")
    budget_demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
