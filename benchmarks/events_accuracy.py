"""Event coding accuracy and cost.

Accuracy on two sets of sentences with gold CAMEO events:
- ../shared/corpus/events/PETR2_GSR_validation.xml (PETRARCH-2 validation sentences);
- tests/data/events_polnear.jsonl (PolNeAR sentences coded by hand for this project).

Each gold event is matched to the predicted event of its sentence that agrees best.  Figures:
root accuracy (a predicted event with the gold root), source and target accuracy, strict (root,
source and target right in one event), precision (share of predicted events that match a gold
one) and extra events per sentence.  Actor rule: the country part (first three letters: ISO
alpha-3, ``IGO``, or ``---`` for none) must be equal; a gold ``---`` side or no side at all is
right when the predicted side has no country.  The "role" figures also require the first role
code (``GOV``, ``MIL``...) to agree when both sides carry one.

Cost: the events stage's time per article over the spaCy pass, on a fixed sample of PolNeAR
articles.  Run: ``.venv/bin/python benchmarks/events_accuracy.py [--full]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

from newsgraph.pipeline import load_model
from newsgraph.types import Article, Document, Event

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PETR = SHARED / "corpus" / "events" / "PETR2_GSR_validation.xml"
POLNEAR = SHARED / "corpus" / "polnear"
ANNOTATED = ROOT / "tests" / "data" / "events_polnear.jsonl"


def read_petr(path: Path) -> list[dict]:
    """Sentences of the PETRARCH-2 validation file with their gold events."""
    text = path.read_text(encoding="utf-8")
    found = []
    pattern = r"<Sentence ([^>]*?)/?>(.*?)<Text>(.*?)</Text>"
    for match in re.finditer(pattern, text, re.S):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
        sentence = " ".join(match.group(3).split())
        if not sentence:
            continue
        events = []
        for coding in re.findall(r"<EventCoding ([^>]*)/>", match.group(2)):
            fields = dict(re.findall(r'(\w+)="([^"]*)"', coding))
            if "eventcode" in fields:
                events.append({"codes": [fields["eventcode"]], "source": fields.get("sourcecode"),
                               "target": fields.get("targetcode")})  # fmt: skip
        date = attrs.get("date", "")
        published = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else None
        found.append({"id": attrs.get("id"), "text": sentence, "events": events,
                      "published": published})  # fmt: skip
    return found


def read_annotated(path: Path) -> list[dict]:
    """The hand-coded PolNeAR sentences."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    for row in rows:
        match = re.search(r"_(\d{4}-\d{2}-\d{2})_", row["file"])
        row["published"] = match.group(1) if match else None
    return rows


def entity_stage():
    """The entity layer's stage function when the package has it, else None."""
    try:
        from newsgraph.extractors.entities import find_entities
    except ImportError:
        return None
    return find_entities


def code_sentences(rows: list[dict]) -> list[tuple[Event, ...]]:
    """Run spaCy, the entity layer (when present) and the event coder on each sentence."""
    from newsgraph.extractors.events import find_events

    nlp, entities = load_model(), entity_stage()
    results = []
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows), strict=True):
        article = Article(raw=row["text"], source=row["id"], text=row["text"],
                          published=row["published"])  # fmt: skip
        document = Document(article=article, text=row["text"], doc=doc)
        if entities is not None:
            document = entities(document)
        results.append(find_events(document).events)
    return results


def code_in_articles(rows: list[dict], alone: list[tuple[Event, ...]]) -> list[tuple[Event, ...]]:
    """Code each annotated sentence inside its whole article, as the pipeline would.

    The article's other sentences give the entity layer the roles it states ("British Prime
    Minister David Cameron" before "Cameron criticised ..."); the events kept are those whose
    sentence overlaps the annotated one.  A sentence the clean text does not hold verbatim is
    coded alone.
    """
    from newsgraph.extractors.events import find_events
    from newsgraph.pipeline import DEFAULT_STAGES, Pipeline

    before = [
        name for name in DEFAULT_STAGES if name in ("entities", "locations", "quotes", "dates")
    ]
    pipeline = Pipeline(stages=before)
    dates = {row["file"]: row["published"] for row in rows}
    files = sorted(dates)
    articles = [
        Article(raw=(POLNEAR / f).read_text(encoding="utf-8"), source=f, published=dates[f])
        for f in files
    ]
    coded = {}
    for name, result in zip(files, pipeline.run_many(articles), strict=True):
        if isinstance(result, Document):
            coded[name] = find_events(result)
    results: list[tuple[Event, ...]] = []
    for row, fallback in zip(rows, alone, strict=True):
        document = coded.get(row["file"])
        start = document.text.find(row["text"]) if document else -1
        if document is None or start < 0:
            results.append(fallback)
            continue
        end = start + len(row["text"])
        results.append(tuple(e for e in document.events if _overlaps(e, start, end)))
    return results


def _overlaps(event: Event, start: int, end: int) -> bool:
    spans = event.mentions or ((event.start, event.end),)
    return any(s < end and start < e for s, e in spans)


def country(code: str | None) -> str | None:
    if not code or code.startswith("---"):
        return None
    return code[:3]


def actor_right(gold: str | None, predicted: str | None, roles: bool) -> bool:
    if country(gold) != country(predicted):
        return False
    if not roles or not gold or not predicted or gold.startswith("IGO"):
        return True
    gold_role, predicted_role = gold[3:6], predicted[3:6]
    return not gold_role or not predicted_role or gold_role == predicted_role


def grade(gold: dict, event: Event, roles: bool) -> tuple[bool, bool, bool]:
    """(root, source, target) right for this gold event, either way round when undirected."""
    root = event.root in {code[:2] for code in gold["codes"]}
    source = event.source.actor if event.source else None
    target = event.target.actor if event.target else None
    ways = [(source, target)] + ([(target, source)] if gold.get("undirected") else [])
    best = (root, False, False)
    for s, t in ways:
        found = (root, actor_right(gold["source"], s, roles), actor_right(gold["target"], t, roles))
        if sum(found) > sum(best):
            best = found
    return best


def score(rows: list[dict], predictions: list[tuple[Event, ...]], roles: bool) -> dict:
    totals = dict.fromkeys(("gold", "root", "source", "target", "strict", "predicted", "used"), 0)
    for row, events in zip(rows, predictions, strict=True):
        used: set[int] = set()
        totals["predicted"] += len(events)
        for gold in row["events"]:
            totals["gold"] += 1
            graded = [(sum(grade(gold, e, roles)) + 3 * all(grade(gold, e, roles)), i)
                      for i, e in enumerate(events) if i not in used]  # fmt: skip
            if not graded:
                continue
            _, best = max(graded)
            root, source, target = grade(gold, events[best], roles)
            if root:
                used.add(best)
            for name, right in (("root", root), ("source", source), ("target", target)):
                totals[name] += right
            totals["strict"] += root and source and target
        totals["used"] += len(used)
    return totals


def report(name: str, rows: list[dict], predictions: list[tuple[Event, ...]]) -> None:
    for roles in (False, True):
        t = score(rows, predictions, roles)
        gold = max(t["gold"], 1)
        label = f"{name} ({'country+role' if roles else 'country'} actors)"
        print(f"{label}: {len(rows)} sentences, {t['gold']} gold events, {t['predicted']} coded")
        print(f"  root {t['root'] / gold:.3f}  source {t['source'] / gold:.3f}  "
              f"target {t['target'] / gold:.3f}  strict {t['strict'] / gold:.3f}")  # fmt: skip
        extra = t["predicted"] - t["used"]
        precision = t["used"] / t["predicted"] if t["predicted"] else 0.0
        print(f"  precision {precision:.3f}  extra events per sentence {extra / len(rows):.3f}")


def errors(rows: list[dict], predictions: list[tuple[Event, ...]]) -> None:
    """Print each sentence with a gold event that no predicted event gets strictly right."""
    for row, events in zip(rows, predictions, strict=True):
        missed = [g for g in row["events"] if not any(all(grade(g, e, False)) for e in events)]
        if not missed:
            continue
        print(f"- {row['id']}: {row['text'][:300]}")
        for gold in missed:
            print(f"    gold {'/'.join(gold['codes'])} {gold['source']} -> {gold['target']}")
        for e in events:
            source = e.source.actor if e.source else None
            target = e.target.actor if e.target else None
            print(f"    got  {e.code} {source} -> {target}  [{e.trigger}]")


def cost(sample: int) -> None:
    """Time of the events stage per article against the spaCy pass, on PolNeAR articles."""
    from newsgraph.extractors.events import find_events

    paths = sorted(POLNEAR.glob("*/text/*.txt"))
    paths = random.Random(13).sample(paths, min(sample, len(paths)))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp, entities = load_model(), entity_stage()
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    spacy_time = time.perf_counter() - start
    documents = []
    for path, text, doc in zip(paths, texts, docs, strict=True):
        document = Document(article=Article(raw=text, source=str(path), text=text), text=text,
                            doc=doc)  # fmt: skip
        documents.append(entities(document) if entities else document)
    start = time.perf_counter()
    coded = [find_events(replace(d, events=())) for d in documents]
    events_time = time.perf_counter() - start
    count = sum(len(d.events) for d in coded)
    per_spacy, per_events = 1000 * spacy_time / len(texts), 1000 * events_time / len(texts)
    print(
        f"cost on {len(texts)} PolNeAR articles: spaCy {per_spacy:.1f} ms, events "
        f"{per_events:.1f} ms per article (+{100 * events_time / spacy_time:.1f}%), "
        f"{count / len(texts):.1f} events per article"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="time 200 articles instead of 40")
    parser.add_argument("--errors", action="store_true", help="list missed sentences")
    args = parser.parse_args()
    if entity_stage() is None:
        print("note: no entity layer in this checkout; actors come from the phrase tables only")
    if PETR.exists():
        rows = read_petr(PETR)
        coded = code_sentences(rows)
        report("PETR-2 validation", rows, coded)
        if args.errors:
            errors(rows, coded)
    else:
        print(f"skip: {PETR} not found")
    if ANNOTATED.exists():
        rows = read_annotated(ANNOTATED)
        alone = code_sentences(rows)
        report("PolNeAR hand-coded, sentence alone", rows, alone)
        if args.errors:
            errors(rows, alone)
        if POLNEAR.exists():
            report("PolNeAR hand-coded, in its article", rows, code_in_articles(rows, alone))
    if POLNEAR.exists():
        cost(200 if args.full else 40)
    else:
        print(f"skip: {POLNEAR} not found; no cost figure")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
