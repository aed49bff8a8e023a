"""Event coding accuracy and cost.

Sets (read by ``events_sets.py``, each split into halves A and B by a hash of the row id; the
figures are given for A, B and all, and ``--errors`` lists errors of half A only):

- ``petr2``: ../shared/corpus/events/PETR2_GSR_validation.xml (PETRARCH-2 validation sentences);
- ``polnear``: tests/data/events_polnear.jsonl (PolNeAR sentences coded by hand for this
  project), coded alone and inside its article;
- ``news``: tests/data/events_news.jsonl (news sentences coded by hand), when the file exists;
- ``conflibert-class``: ConfliBERT's 5-class CAMEO sentences (0 statement or no event, 1 verbal
  cooperation 03-05, 2 material cooperation 06-08, 3 verbal conflict 09-13 and 16, 4 material
  conflict 14-15 and 17-20).  A sentence's predicted class is that of its best event (below), 0
  when it has none or only statements (01/02);
- ``conflibert-ner``: ConfliBERT's sentences with source and target words tagged.  Source
  (target) accuracy, over the sentences with gold source (target) words: the best event's source
  (target) name shares a word with them (case-insensitive, function words aside); no event or no
  side counts wrong.

The best event of a sentence is its most confident event (``Event.confidence``; ties go to the
first) that is not a statement (roots 01/02), or the most confident statement when it has no other.

On the sets with gold events, each gold event is matched to the predicted event of its sentence
that agrees best.  Figures: root accuracy (a predicted event with the gold root), source and
target accuracy, strict (root, source and target right in one event), precision (share of
predicted events that match a gold one), extra and predicted events per sentence, the false-alarm
rate (share of no-event sentences given an event) and the root and strict figures per CAMEO root
(a gold event counts under the root of its first code).  Actor rule: the country part (first three
letters: ISO alpha-3, ``IGO``, or ``---`` for none) must be equal; a gold ``---`` side or no side
at all is right when the predicted side has no country.  The "role" figures also require the first
role code (``GOV``, ``MIL``...) to agree when both sides carry one.

Cost: the events stage's time per article over the spaCy pass, on a fixed sample of PolNeAR
articles (not with ``--set``).  A table of the team's targets on half B ends the report.

Run: ``.venv/bin/python benchmarks/events_accuracy.py [--quick] [--set NAME] [--errors]
[--json FILE] [--full]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import events_sets as sets
from events_sets import HALVES, POLNEAR

from newsgraph.knowledge.countries import country_by_code
from newsgraph.pipeline import STAGES, load_model
from newsgraph.types import Actor, Article, Document, Event

SET_NAMES = ("petr2", "polnear", "news", "conflibert-class", "conflibert-ner")
QUICK = 150
ROOTS = [f"{n:02d}" for n in range(1, 21)]
# ConfliBERT's classes; this set puts root 16 (reduce relations) with verbal conflict.
CLASS_OF_ROOT = {"01": 0, "02": 0, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2,
                 "09": 3, "10": 3, "11": 3, "12": 3, "13": 3, "16": 3,
                 "14": 4, "15": 4, "17": 4, "18": 4, "19": 4, "20": 4}  # fmt: skip
CLASS_NAMES = ("statement/none", "verbal coop", "material coop", "verbal conflict",
               "material conflict")  # fmt: skip
# Words two names may share without naming the same side.
FUNCTION_WORDS = frozenset(
    ["a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from", "s",
     "its", "his", "her", "their"]
)  # fmt: skip
TARGETS = (("root", "right-root event share", 0.85), ("strict", "strict", 0.65),
           ("precision", "precision", 0.75))  # fmt: skip
CLASS_TARGET = 0.82


def stage(name: str) -> Callable[[Document], Document] | None:
    """The pipeline's stage function of that name, or None when this checkout lacks it."""
    try:
        return STAGES[name].load()
    except (KeyError, ImportError, AttributeError):
        return None


def code_sentences(rows: list[dict], cache: dict) -> list[tuple[Event, ...]]:
    """Run spaCy (batched), the stages the coder reads (entities, places, dates: those this
    checkout has) and the event coder on each sentence.

    ``cache`` keeps what each (text, date) was coded as, for sentences in several sets.
    """
    find_events = stage("events")
    if find_events is None:
        raise SystemExit("no events stage in newsgraph.pipeline.STAGES")
    before = [f for f in map(stage, ("entities", "locations", "dates")) if f is not None]
    keys = [(row["text"], row["published"]) for row in rows]
    todo = {key: row["id"] for key, row in zip(keys, rows, strict=True) if key not in cache}
    docs = load_model().pipe((text for text, _ in todo), batch_size=64)
    for (text, published), doc in zip(todo, docs, strict=True):
        article = Article(raw=text, source=todo[text, published], text=text, published=published)
        document = Document(article=article, text=text, doc=doc)
        for run in before:
            document = run(document)
        cache[text, published] = find_events(document).events
    return [cache[key] for key in keys]


def code_in_articles(rows: list[dict], alone: list[tuple[Event, ...]]) -> list[tuple[Event, ...]]:
    """Code each annotated sentence inside its whole article, as the pipeline would.

    The article's other sentences give the entity layer the roles it states ("British Prime
    Minister David Cameron" before "Cameron criticised ..."); the events kept are those whose
    sentence overlaps the annotated one.  A sentence the clean text does not hold verbatim is
    coded alone.
    """
    from newsgraph.pipeline import DEFAULT_STAGES, Pipeline

    find_events = stage("events")
    before = [n for n in DEFAULT_STAGES if n in ("entities", "locations", "quotes", "dates")]
    pipeline = Pipeline(stages=before)
    dates = {row["file"]: row["published"] for row in rows if (POLNEAR / row["file"]).is_file()}
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
    """The country part of an actor code: a country, or IGO/IMG for bodies above countries;
    None for none, ``---`` or a bare role ("COP", "CVL")."""
    if not code or not (code[:3] in ("IGO", "IMG") or country_by_code(code[:3])):
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


def match(golds: list[dict], events: tuple[Event, ...], roles: bool) -> tuple[list, int]:
    """Each gold event's (root, source, target) against the best unused predicted event, in
    order, and how many predicted events a right root used up."""
    used: set[int] = set()
    grades = []
    for gold in golds:
        graded = [(sum(grade(gold, e, roles)) + 3 * all(grade(gold, e, roles)), i)
                  for i, e in enumerate(events) if i not in used]  # fmt: skip
        if not graded:
            grades.append((False, False, False))
            continue
        _, best = max(graded)
        grades.append(grade(gold, events[best], roles))
        if grades[-1][0]:
            used.add(best)
    return grades, len(used)


def score(rows: list[dict], predictions: list[tuple[Event, ...]], roles: bool) -> dict:
    """Counts over the rows: gold and predicted events, right ones, no-event sentences, roots."""
    keys = ("sentences", "gold", "root", "source", "target", "strict", "predicted", "used",
            "no_event", "false_alarm")  # fmt: skip
    t: dict = dict.fromkeys(keys, 0) | {"roots": {r: [0, 0, 0] for r in ROOTS}}
    for row, events in zip(rows, predictions, strict=True):
        grades, used = match(row["events"], events, roles)
        t["sentences"] += 1
        t["predicted"] += len(events)
        t["used"] += used
        t["no_event"] += not row["events"]
        t["false_alarm"] += not row["events"] and bool(events)
        for gold, (root, source, target) in zip(row["events"], grades, strict=True):
            strict = root and source and target
            for name, right in (("gold", 1), ("root", root), ("source", source),
                                ("target", target), ("strict", strict)):  # fmt: skip
                t[name] += right
            counts = t["roots"].setdefault(gold["codes"][0][:2], [0, 0, 0])
            counts[0], counts[1], counts[2] = counts[0] + 1, counts[1] + root, counts[2] + strict
    return t


def ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def figures(t: dict) -> dict:
    """Rates from the counts of ``score``; None where nothing was there to count."""
    out = {k: t[k] for k in ("sentences", "gold", "predicted", "no_event")}
    for name in ("root", "source", "target", "strict"):
        out[name] = ratio(t[name], t["gold"])
    out["precision"] = ratio(t["used"], t["predicted"])
    out["extra_per_sentence"] = ratio(t["predicted"] - t["used"], t["sentences"])
    out["events_per_sentence"] = ratio(t["predicted"], t["sentences"])
    out["false_alarm_rate"] = ratio(t["false_alarm"], t["no_event"])
    out["roots"] = {r: {"gold": n, "root": ratio(right, n), "strict": ratio(strict, n)}
                    for r, (n, right, strict) in sorted(t["roots"].items())}  # fmt: skip
    return out


def per_half(rows: list[dict], predictions: list, measure: Callable) -> dict:
    """``measure(rows, predictions)`` on half A, half B and all rows."""
    out = {}
    for half in HALVES:
        kept = [i for i, row in enumerate(rows) if half == "all" or row["half"] == half]
        out[half] = measure([rows[i] for i in kept], [predictions[i] for i in kept])
    return out


def fmt(value: float | None, width: int = 6) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:{width}.3f}"


def report_events(name: str, rows: list[dict], predictions: list[tuple[Event, ...]]) -> dict:
    """Print and return the gold-event figures of one set, both actor rules, per half."""
    result = {}
    for roles in (False, True):
        label = "country+role" if roles else "country"
        halves = per_half(rows, predictions, lambda r, p, roles=roles: figures(score(r, p, roles)))
        result[label] = halves
        print(f"{name} ({label} actors)")
        print(
            "  half  sents  gold coded   root source target strict   prec  extra ev/sent"
            "  no-ev false-alarm"
        )
        for half, f in halves.items():
            print(f"  {half:<4} {f['sentences']:>6} {f['gold']:>5} {f['predicted']:>5} "
                  + " ".join(fmt(f[k]) for k in ("root", "source", "target", "strict",
                                                 "precision", "extra_per_sentence"))
                  + f" {fmt(f['events_per_sentence'], 7)} {f['no_event']:>6} "
                  f"{fmt(f['false_alarm_rate'], 11)}")  # fmt: skip
    print_roots(result["country"])
    return result


def print_roots(halves: dict) -> None:
    """Per CAMEO root: gold events, right-root share and strict share, per half (country)."""
    print("  per root (country actors): gold events, right root, strict")
    print("  root |" + " |".join(f"{h:>4} {'root':>6} {'strict':>6}" for h in HALVES))
    for root in ROOTS:
        cells = []
        for half in HALVES:
            r = halves[half]["roots"].get(root, {"gold": 0, "root": None, "strict": None})
            cells.append(f"{r['gold']:>4} {fmt(r['root'])} {fmt(r['strict'])}")
        print(f"  {root}   |" + " |".join(cells))


def errors(name: str, rows: list[dict], predictions: list[tuple[Event, ...]]) -> None:
    """List half A's sentences with a gold event that no predicted event gets strictly right."""
    print(f"errors of {name}, half A only:")
    for row, events in zip(rows, predictions, strict=True):
        if row["half"] != "A":
            continue
        missed = [g for g in row["events"] if not any(all(grade(g, e, False)) for e in events)]
        false_alarm = not row["events"] and events
        if not missed and not false_alarm:
            continue
        print(f"- {row['id']}: {row['text'][:300]}")
        for gold in missed:
            print(f"    gold {'/'.join(gold['codes'])} {gold['source']} -> {gold['target']}")
        if false_alarm:
            print("    gold no event")
        print_events(events)


def print_events(events: tuple[Event, ...]) -> None:
    for e in events:
        source = e.source.actor if e.source else None
        target = e.target.actor if e.target else None
        print(f"    got  {e.code} {source} -> {target}  [{e.trigger}] {e.confidence:.2f}")


def best_event(events: tuple[Event, ...]) -> Event | None:
    """The most confident event (the coder ranks the main clause's act above background
    ones); ties go to the first."""
    return max(events, key=lambda e: e.confidence) if events else None


def predicted_class(events: tuple[Event, ...]) -> int:
    best = best_event(events)
    return CLASS_OF_ROOT.get(best.root, 0) if best else 0


def class_figures(rows: list[dict], predictions: list[tuple[Event, ...]]) -> dict:
    """Accuracy, confusion matrix (rows gold, columns predicted) and per-class recall."""
    confusion = [[0] * 5 for _ in range(5)]
    for row, events in zip(rows, predictions, strict=True):
        confusion[row["label"]][predicted_class(events)] += 1
    right = sum(confusion[c][c] for c in range(5))
    recall = [ratio(confusion[c][c], sum(confusion[c])) for c in range(5)]
    return {"sentences": len(rows), "accuracy": ratio(right, len(rows)), "recall": recall,
            "confusion": confusion}  # fmt: skip


def report_class(rows: list[dict], predictions: list[tuple[Event, ...]]) -> dict:
    halves = per_half(rows, predictions, class_figures)
    print("ConfliBERT 5-class (class of the most confident event; 0 = none or a statement)")
    print("  accuracy  " + "  ".join(f"{h} {fmt(halves[h]['accuracy'], 5)} "
                                     f"({halves[h]['sentences']})" for h in HALVES))  # fmt: skip
    print("  recall per gold class      " + "".join(f"{h:>8}" for h in HALVES))
    for c, label in enumerate(CLASS_NAMES):
        print(f"    {c} {label:<22}" + "".join(fmt(halves[h]["recall"][c], 8) for h in HALVES))
    print("  confusion, rows gold 0-4, columns predicted 0-4: " + " | ".join(HALVES))
    for c in range(5):
        cells = [" ".join(f"{n:>4}" for n in halves[h]["confusion"][c]) for h in HALVES]
        print(f"    {c} " + " | ".join(cells))
    return halves


def class_errors(rows: list[dict], predictions: list[tuple[Event, ...]]) -> None:
    print("errors of ConfliBERT 5-class, half A only:")
    for row, events in zip(rows, predictions, strict=True):
        got = predicted_class(events)
        if row["half"] == "A" and got != row["label"]:
            print(f"- {row['id']} gold {row['label']} got {got}: {row['text'][:300]}")
            print_events(events)


def words(text: str) -> set[str]:
    """Lowercased words of a text, function words and punctuation aside."""
    return {w for w in sets.text_key(text).split() if w not in FUNCTION_WORDS}


def side_right(gold_words: list[str], side: Actor | None) -> bool:
    """Whether the coder's side shares a word with the gold words of that side."""
    return side is not None and bool(words(side.name) & words(" ".join(gold_words)))


def wrong_sides(row: dict, events: tuple[Event, ...]) -> list[str]:
    """The sides ("source", "target") with gold words that the best event gets wrong."""
    best = best_event(events)
    return [
        side
        for side in ("source", "target")
        if row[f"{side}_words"]
        and (best is None or not side_right(row[f"{side}_words"], getattr(best, side)))
    ]


def ner_figures(rows: list[dict], predictions: list[tuple[Event, ...]]) -> dict:
    """Source and target word accuracy over the sentences with gold source (target) words."""
    out: dict = {"sentences": len(rows)}
    wrong = [wrong_sides(r, p) for r, p in zip(rows, predictions, strict=True)]
    for side in ("source", "target"):
        tagged = [w for r, w in zip(rows, wrong, strict=True) if r[f"{side}_words"]]
        right = sum(side not in w for w in tagged)
        out[f"{side}_gold"], out[side] = len(tagged), ratio(right, len(tagged))
    out["no_event"] = ratio(sum(not p for p in predictions), len(rows))
    return out


def report_ner(rows: list[dict], predictions: list[tuple[Event, ...]]) -> dict:
    halves = per_half(rows, predictions, ner_figures)
    print("ConfliBERT source/target words (best event's side shares a word with the gold words)")
    print("  half  sents  source (n)      target (n)      no event")
    for half, f in halves.items():
        print(
            f"  {half:<4} {f['sentences']:>6} {fmt(f['source'])} ({f['source_gold']:>4})  "
            f"{fmt(f['target'])} ({f['target_gold']:>4})  {fmt(f['no_event'])}"
        )
    return halves


def ner_errors(rows: list[dict], predictions: list[tuple[Event, ...]]) -> None:
    print("errors of ConfliBERT source/target, half A only:")
    for row, events in zip(rows, predictions, strict=True):
        wrong = wrong_sides(row, events)
        if row["half"] != "A" or not wrong:
            continue
        print(f"- {row['id']} wrong {'+'.join(wrong)}: {row['text'][:300]}")
        print(f"    gold source {' '.join(row['source_words'])!r} target "
              f"{' '.join(row['target_words'])!r}")  # fmt: skip
        best = best_event(events)
        if best is not None:
            names = [side.name if side else None for side in (best.source, best.target)]
            print(f"    best {best.code} {names[0]!r} -> {names[1]!r}  [{best.trigger}]")


def cost(sample: int) -> dict:
    """Time of the events stage per article against the spaCy pass, on PolNeAR articles."""
    find_events, entities = stage("events"), stage("entities")
    paths = sorted(POLNEAR.glob("*/text/*.txt"))
    paths = random.Random(13).sample(paths, min(sample, len(paths)))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp = load_model()
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
    return {"articles": len(texts), "spacy_ms": per_spacy, "events_ms": per_events,
            "events_per_article": count / len(texts)}  # fmt: skip


def summary(results: dict) -> list[dict]:
    """Print the team's targets on half B next to the measured values; return the rows."""
    rows = []
    for name, result in results.items():
        if "country" in result:
            for key, label, target in TARGETS:
                rows.append({"figure": label, "set": name, "target": target,
                             "B": result["country"]["B"][key]})  # fmt: skip
    if "ConfliBERT 5-class" in results:
        rows.append(
            {
                "figure": "5-class accuracy",
                "set": "ConfliBERT 5-class",
                "target": CLASS_TARGET,
                "B": results["ConfliBERT 5-class"]["B"]["accuracy"],
            }
        )
    if not rows:
        print("targets on half B: no set with a target was run")
        return rows
    print("targets on half B (country actors)")
    print(f"  {'figure':<24} {'set':<36} target  half B")
    for row in rows:
        met = "-" if row["B"] is None else ("met" if row["B"] >= row["target"] else "below")
        print(
            f"  {row['figure']:<24} {row['set']:<36} >={row['target']:.2f} {fmt(row['B'])}  {met}"
        )
    return rows


def run_sets(args: argparse.Namespace) -> dict:
    """Code and report each set asked for; return their figures by set name."""
    wanted, limit, cache, results = args.set or SET_NAMES, QUICK if args.quick else None, {}, {}

    def load(name: str, path: Path, read: Callable) -> list[dict] | None:
        if name not in wanted:
            return None
        if not path.exists():
            print(f"skip {name}: {path} not found")
            return None
        rows = sets.cap(read(path), limit)
        if not rows:
            print(f"skip {name}: no rows in {path}")
        return rows or None

    for name, label, path, read in (
        ("petr2", "PETR-2 validation", sets.PETR, sets.read_petr),
        ("polnear", "PolNeAR hand-coded, sentence alone", sets.ANNOTATED, sets.read_annotated),
        ("news", "news hand-coded, sentence alone", sets.NEWS, _news),
    ):
        rows = load(name, path, read)
        if rows is None:
            continue
        coded = code_sentences(rows, cache)
        results[label] = report_events(label, rows, coded)
        if args.errors:
            errors(label, rows, coded)
        if name in ("polnear", "news") and POLNEAR.exists():
            label = f"{label.split(',')[0]}, in its article"
            results[label] = report_events(label, rows, code_in_articles(rows, coded))
    conflibert = [
        ("conflibert-class", "ConfliBERT 5-class", sets.CONFLIBERT_CLASS,
         sets.read_conflibert_class, report_class, class_errors),
        ("conflibert-ner", "ConfliBERT source/target", sets.CONFLIBERT_NER,
         sets.read_conflibert_ner, report_ner, ner_errors),
    ]  # fmt: skip
    for name, label, path, read, report, list_errors in conflibert:
        rows = load(name, path, read)
        if rows:
            coded = code_sentences(rows, cache)
            results[label] = report(rows, coded)
            if args.errors:
                list_errors(rows, coded)
    return results


def _news(path: Path) -> list[dict]:
    rows, notes = sets.read_news(path)
    for note in notes:
        print(f"note: news set: {note}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="time 200 articles instead of 40")
    parser.add_argument("--errors", action="store_true", help="list errors of half A")
    parser.add_argument("--quick", action="store_true", help=f"at most {QUICK} sentences a set")
    parser.add_argument("--set", action="append", choices=SET_NAMES, help="only this set")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args()
    start = time.perf_counter()
    if stage("entities") is None:
        print("note: no entity layer in this checkout; actors come from the phrase tables only")
    if args.quick:
        print(f"quick: at most {QUICK} sentences a set")
    results = run_sets(args)
    if not args.set:
        if POLNEAR.exists():
            results["cost"] = cost(200 if args.full else 40)
        else:
            print(f"skip: {POLNEAR} not found; no cost figure")
    results["targets"] = summary(results)
    elapsed = time.perf_counter() - start
    print(f"took {elapsed:.0f} s")
    if args.json:
        meta = {"quick": args.quick, "sets": args.set or list(SET_NAMES), "seconds": elapsed}
        args.json.write_text(json.dumps(results | {"run": meta}, indent=1) + "\n", encoding="utf-8")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
