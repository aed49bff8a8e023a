"""Direct quotations and their speakers, measured on the PolNeAR dev split.

Gold: every fragment of a PolNeAR ``Content`` span that is enclosed in quotation marks is a
direct quotation (inner text, marks removed); its speaker is the ``Source`` span of the same
attribution.  The articles go through the pipeline verbatim (the file text unchanged, so the
offsets line up with the annotations).

- A predicted quotation matches a gold one when their overlap covers at least half of each
  (one-to-one, best overlap first).  ``attributed`` counts only the predictions that have a
  speaker; ``all`` counts every quoted span, scare quotes and titles included.
- ``direct`` sets aside the predictions that lie inside an annotated Content span which is not
  itself a direct quotation: PolNeAR marks the whole paraphrase there ("called it “a disgrace”
  and left"), so a partial quotation the engine reports inside it is neither a hit nor a false
  alarm.  Without ``direct`` every such partial quotation counts as a false alarm.
- Every article falls in half "A" or "B" by the SHA-1 of its file name (``events_sets.half_of``);
  figures are printed for each half and for all.  ``--show`` lists the errors of half A only:
  half B stays an unseen check.
- Speaker accuracy, over matched quotations whose gold has a Source: the predicted speaker words,
  or any mention of the predicted entity, overlap the gold Source span, or the gold Source span
  lies on a mention of the predicted entity.

    .venv/bin/python benchmarks/quotes_polnear.py [--split dev] [--limit N] [--show]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from events_sets import half_of

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "polnear"
MARKS = "\"“”‘’«»„'"
TRAILING = ".,;:!?…— "


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    source: tuple[int, int] | None


def read_ann(path: Path) -> tuple[dict[str, tuple[str, list[tuple[int, int]]]], list[dict]]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            pieces = [tuple(int(x) for x in p.split()) for p in offsets.split(";")]
            spans[parts[0]] = (label, [(a, b) for a, b in pieces])
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(role.split(":", 1) for role in parts[1].split()))
    return spans, relations


def enclosed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The inner span of a fragment that opens and closes with a quotation mark, else None."""
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    body = piece.strip()
    core = body.rstrip(TRAILING)
    if len(body) < 3 or body[0] not in MARKS or not core or core[-1] not in MARKS:
        return None
    opening = len(body) - len(body.lstrip(MARKS))
    closing = len(core) - len(core.rstrip(MARKS))
    inner_start = start + left + opening
    inner_end = start + left + len(core) - closing
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    return (inner_start, inner_end) if inner_end > inner_start else None


def paraphrases(text: str, ann: Path) -> list[tuple[int, int]]:
    """Content fragments that are not direct quotations (they may hold partial quotations)."""
    spans, _ = read_ann(ann)
    return [
        (a, b)
        for label, fragments in spans.values()
        if label == "Content"
        for a, b in fragments
        if enclosed(text, a, b) is None
    ]


def partial(quote, fragments: list[tuple[int, int]]) -> bool:
    """True for a quotation lying in an annotated paraphrase: a partial quotation there."""
    size = quote.end - quote.start
    return any(overlap((quote.start, quote.end), f) >= 0.5 * size for f in fragments)


def gold_quotes(text: str, ann: Path) -> list[Gold]:
    spans, relations = read_ann(ann)
    found = []
    for relation in relations:
        content = spans.get(relation.get("Content", ""))
        source = spans.get(relation.get("Source", ""))
        where = None
        if source:
            where = (min(a for a, _ in source[1]), max(b for _, b in source[1]))
        for start, end in content[1] if content else ():
            inner = enclosed(text, start, end)
            if inner:
                found.append(Gold(inner[0], inner[1], where))
    return found


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(golds: list[Gold], preds: list) -> list[tuple[Gold, object]]:
    pairs = []
    for g in golds:
        for p in preds:
            shared = overlap((g.start, g.end), (p.start, p.end))
            if shared >= 0.5 * (g.end - g.start) and shared >= 0.5 * (p.end - p.start):
                pairs.append((shared, id(g), id(p), g, p))
    pairs.sort(key=lambda x: -x[0])
    used_g, used_p, matched = set(), set(), []
    for _, gi, pi, g, p in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            matched.append((g, p))
    return matched


def speaker_right(gold: Gold, quote, document) -> bool:
    if gold.source is None:
        return False
    if quote.speaker_start is not None and overlap(
        gold.source, (quote.speaker_start, quote.speaker_end)
    ):
        return True
    entity = next((e for e in document.entities if e.id == quote.speaker), None)
    if entity is not None:
        return any(overlap(gold.source, (m.start, m.end)) for m in entity.mentions)
    return False


def articles(split: str, limit: int | None) -> Iterable[tuple[str, Path, str | None]]:
    dates = {}
    with open(CORPUS / "metadata.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            dates[row["filename"]] = row["publication_date"]
    texts = sorted((CORPUS / split / "text").glob("*.txt"))[:limit]
    for path in texts:
        anns = sorted((CORPUS / split / "attributions").glob(path.stem + "_*.ann"))
        if anns:  # one annotator's file per article, the first by name
            yield str(path), anns[0], dates.get(path.stem)


SCORES = ("all", "attributed", "all, direct", "attributed, direct")


def score_speakers(matched, document, show: bool, path: str) -> tuple[int, int]:
    right = total = 0
    for gold, quote in matched:
        if gold.source is None:
            continue
        total += 1
        ok = speaker_right(gold, quote, document)
        right += ok
        if show and not ok:
            source = document.text[gold.source[0] : gold.source[1]]
            print(
                f"SPEAKER {Path(path).name}: gold {source!r} got {quote.speaker_name!r} "
                f"({quote.cue}) for {quote.text[:60]!r}"
            )
    return right, total


def show_misses(path: str, document, golds, preds, matched) -> None:
    name = Path(path).name
    hit_g = {id(g) for g, _ in matched}
    hit_p = {id(p) for _, p in matched}
    for g in golds:
        if id(g) not in hit_g:
            print(f"MISS {name}: {document.text[g.start : g.end][:90]!r}")
    for p in preds:
        if id(p) not in hit_p:
            print(f"EXTRA {name}: {p.text[:70]!r} <- {p.speaker_name!r} ({p.cue})")


def build_pipeline():
    from newsgraph.errors import NewsgraphError
    from newsgraph.pipeline import Pipeline

    try:
        return Pipeline(stages=("entities", "quotes"))
    except (NewsgraphError, ImportError):
        return Pipeline(stages=())  # no entity stage yet: quotes alone, run below


def _report(label: str, count: int, tallies: dict, speakers: list[int]) -> None:
    print(f"PolNeAR {label}: {count} articles, {tallies['all'][2]} gold direct quotations")
    for name, (hit, predicted, gold) in tallies.items():
        precision = hit / predicted if predicted else 0.0
        recall = hit / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(
            f"quotes ({name}): P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  "
            f"({hit} matched, {predicted} predicted)"
        )
    right, total = speakers
    accuracy = right / total if total else 0.0
    print(f"speaker accuracy: {accuracy:.3f} ({right}/{total})")


def _score(path: str, ann: Path, document, tallies: dict, speakers: list[int], show: bool):
    golds = gold_quotes(document.text, ann)
    fragments = paraphrases(document.text, ann)
    for name in SCORES:
        preds = [q for q in document.quotes if q.speaker_name or "attributed" not in name]
        if "direct" in name:
            preds = [q for q in preds if not partial(q, fragments)]
        matched = match(golds, preds)
        for i, value in enumerate((len(matched), len(preds), len(golds))):
            tallies[name][i] += value
        if name != "attributed, direct":
            continue
        right, total = score_speakers(matched, document, show, path)
        speakers[0] += right
        speakers[1] += total
        if show:
            show_misses(path, document, golds, preds, matched)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--show", action="store_true", help="print the errors of half A")
    args = parser.parse_args()
    if not (CORPUS / args.split).exists():
        print(f"skipped: {CORPUS / args.split} not found")
        return 0
    from newsgraph.extractors.quotes import find_quotes
    from newsgraph.types import Article

    pipeline = build_pipeline()
    items = list(articles(args.split, args.limit))
    inputs = [
        Article(raw=Path(p).read_text(encoding="utf-8"), source=p, verbatim=True, published=d)
        for p, _, d in items
    ]
    halves = {h: ({name: [0, 0, 0] for name in SCORES}, [0, 0], [0]) for h in ("A", "B", "all")}
    for (path, ann, _), document in zip(items, pipeline.run_many(inputs), strict=True):
        if not hasattr(document, "text"):
            print(f"{path}: {document}", file=sys.stderr)
            continue
        if not pipeline.stages:
            document = find_quotes(document)
        half = half_of(Path(path).stem)
        for key in (half, "all"):
            tallies, speakers, count = halves[key]
            count[0] += 1
            _score(path, ann, document, tallies, speakers, args.show and key == "A")
    for key, (tallies, speakers, count) in halves.items():
        label = args.split if key == "all" else f"{args.split} half {key}"
        _report(label, count[0], tallies, speakers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
