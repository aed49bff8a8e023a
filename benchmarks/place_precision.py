"""Place precision: capitalised words that are not places must never become a location.

The set (tests/data/non_places.tsv, written by scripts/collect_non_places.py) holds
organisations, metonyms of government, people's names and demonyms, each in a real sentence of
the PolNeAR train articles.  Each sentence goes through the entities and locations stages alone;
a word is wrong when any location overlaps one of its occurrences.  Every row falls in half "A"
or "B" by the SHA-1 of its word (``events_sets.half_of``); ``--show`` lists the wrong words of
half A only.

    .venv/bin/python benchmarks/place_precision.py [--show]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from events_sets import half_of

SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "non_places.tsv"


def read_set(path: Path = SET) -> list[dict[str, str]]:
    """The rows of the set: word, kind, reason, source, sentence."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
    lines = [line for line in lines if not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def wrong_locations(row: dict[str, str], document) -> list[str]:
    """The locations over an occurrence of the row's word, as "name -> country/admin1"."""
    spans = [
        m.span()
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(row['word'])}(?![\w'’-])", row["sentence"])
    ]
    return [
        f"{loc.name} -> {loc.country}/{loc.admin1} ({loc.feature})"
        for loc in document.locations
        if any(loc.start < end and start < loc.end for start, end in spans)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the wrong words of half A")
    args = parser.parse_args()
    if not SET.exists():
        print(f"skipped: {SET} not found")
        return 0
    from newsgraph.pipeline import Pipeline
    from newsgraph.types import Article

    rows = read_set()
    pipeline = Pipeline(stages=("entities", "locations"))
    inputs = [Article(raw=r["sentence"], source=r["source"], verbatim=True) for r in rows]
    tally: dict[tuple[str, str], list[int]] = {}
    for row, document in zip(rows, pipeline.run_many(inputs), strict=True):
        if not hasattr(document, "locations"):
            print(f"{row['word']}: {document}", file=sys.stderr)
            continue
        wrong = wrong_locations(row, document)
        half = half_of(row["word"])
        for key in ((half, row["kind"]), (half, "all"), ("all", row["kind"]), ("all", "all")):
            counts = tally.setdefault(key, [0, 0])
            counts[0] += bool(wrong)
            counts[1] += 1
        if args.show and wrong and half == "A":
            print(f"WRONG {row['word']!r} ({row['kind']}): {'; '.join(wrong)}")
    for half in ("A", "B", "all"):
        parts = [
            f"{kind} {tally[half, kind][0]}/{tally[half, kind][1]}"
            for kind in ("metonym", "organisation", "person", "demonym")
            if (half, kind) in tally
        ]
        wrong, total = tally.get((half, "all"), [0, 0])
        print(f"non-places as locations, half {half}: {wrong}/{total} ({', '.join(parts)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
