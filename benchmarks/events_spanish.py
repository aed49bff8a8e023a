"""Event coding on original Spanish news: the AFP stories of ../shared/corpus/events/spanish-afp/.

Each story (``NAME.txt``, CRLF line ends, and ``NAME.ann``, BRAT) is read whole by the pipeline
(``--verbatim``: its text as given, line ends folded to LF and the gold offsets moved with them;
published on the date in its name).  Gold events are the spans typed by quad class
(``verbal_cooperation`` 1, ``material_cooperation`` 2, ``verbal_conflict`` 3,
``material_conflict`` 4); a span's CAMEO root is that of a code span overlapping it, when any.

- Recall: a gold event is found when a record event's sentence (any of its mentions) holds the
  gold event's first character and the event has the gold quad class.
- Precision: a record event's mention is right when its sentence holds the first character of a
  gold event of the event's quad class (a code is counted once per sentence, however many pairs
  of actors the sentence gives it).
- Source (target) accuracy: over the found gold events linked to a source (target) span, the
  share where the matching record event's source (target) name shares a word with that span.

Stories are split in halves by the SHA-1 of their file name (``events_sets.half_of``): errors
may be read on half A only (``--errors``); half B is the unseen check.  The team's targets on
half B: recall 0.65, precision 0.75.  Cost: the whole pipeline's time over the time of its
spaCy pass alone on the same stories (target: at most 1.3x).

Run: ``.venv/bin/python benchmarks/events_spanish.py [--errors] [--limit N] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from events_sets import EVENTS, half_of

from newsgraph.pipeline import Pipeline
from newsgraph.settings import Settings
from newsgraph.types import Article, Document

CORPUS = EVENTS / "spanish-afp"
QUADS = {"verbal_cooperation": 1, "material_cooperation": 2, "verbal_conflict": 3,
         "material_conflict": 4}  # fmt: skip
QUAD_NAMES = {number: name for name, number in QUADS.items()}
STOP = frozenset(
    ["el", "la", "los", "las", "de", "del", "y", "a", "al", "en", "un", "una", "por", "con",
     "que", "se", "su", "sus"]
)  # fmt: skip
TARGETS = {"recall": 0.65, "precision": 0.75}


@dataclass
class Gold:
    start: int
    end: int
    words: str
    quad: int
    root: str | None = None
    source: str | None = None
    target: str | None = None


@dataclass
class Story:
    name: str
    text: str
    published: str | None
    events: list[Gold] = field(default_factory=list)

    @property
    def half(self) -> str:
        return half_of(self.name)


def _lf_offset(text: str) -> list[int]:
    """For each offset of the CRLF text, the offset in the LF text."""
    table, removed = [], 0
    for i, ch in enumerate(text):
        table.append(i - removed)
        if ch == "\r" and text[i + 1 : i + 2] == "\n":
            removed += 1
    table.append(len(text) - removed)
    return table


def read_story(path: Path) -> Story:
    """One story with its gold events, offsets in its LF text."""
    raw = path.read_bytes().decode("utf-8")
    moved = _lf_offset(raw)
    spans: dict[str, tuple[str, int, int, str]] = {}
    links: list[tuple[str, str, str]] = []
    ann = path.with_suffix(".ann").read_text(encoding="utf-8")
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            kind, _, offsets = parts[1].partition(" ")
            numbers = [int(n) for n in re.findall(r"\d+", offsets)]
            spans[parts[0]] = (kind, moved[numbers[0]], moved[numbers[-1]], parts[2])
        elif line.startswith("R") and len(parts) >= 2:
            relation, arg1, arg2 = parts[1].split()
            links.append((relation, arg1.split(":")[1], arg2.split(":")[1]))
    date = re.search(r"_(\d{4})(\d{2})(\d{2})\.", path.name)
    published = "-".join(date.groups()) if date else None
    story = Story(path.stem, raw.replace("\r\n", "\n"), published)
    events: dict[str, Gold] = {}
    for key, (kind, start, end, words) in spans.items():
        if kind in QUADS:
            events[key] = Gold(start, end, words, QUADS[kind])
    for gold in events.values():
        for kind, start, end, _ in spans.values():
            if kind[:1].isdigit() and start < gold.end and gold.start < end:
                gold.root = kind[:2]
                break
    for relation, first, second in links:
        if relation == "srcAct" and second in events and first in spans:
            events[second].source = spans[first][3]
        elif relation == "actTar" and first in events and second in spans:
            events[first].target = spans[second][3]
    unique = {(g.start, g.quad): g for g in events.values()}
    story.events = sorted(unique.values(), key=lambda g: g.start)
    return story


def read_stories(limit: int | None = None) -> list[Story]:
    paths = sorted(CORPUS.glob("*.txt"))
    return [read_story(path) for path in paths[:limit]]


def _sentences(document: Document) -> list[tuple[int, int]]:
    assert document.doc is not None
    return [(s.start_char, s.end_char) for s in document.doc.sents]


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", (text or "").lower()) if w not in STOP}


@dataclass
class Tally:
    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    sides: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def score(story: Story, document: Document, tally: Tally, errors: bool) -> None:
    """Add one story's recall, precision and side figures to ``tally``."""
    sentences = _sentences(document)
    mentions = []  # (sentence start, sentence end, event): one per code and sentence
    seen = set()
    for event in document.events:
        for start, end in event.mentions or ((event.start, event.end),):
            if (start, event.code) not in seen:
                seen.add((start, event.code))
                mentions.append((start, end, event))
    for gold in story.events:
        keys = ("all", f"q{gold.quad}", f"r{gold.root or '--'}")
        for key in keys:
            tally.gold[key] += 1
        hits = [e for s, t, e in mentions if s <= gold.start < t and e.quad_class == gold.quad]
        if hits:
            for key in keys:
                tally.found[key] += 1
            _sides(gold, hits, tally)
        elif errors and story.half == "A":
            sentence = next((story.text[s:t] for s, t in sentences if s <= gold.start < t), "")
            coded = [f"{e.code}/q{e.quad_class}" for s, t, e in mentions if s <= gold.start < t]
            tally.errors.append(f"MISSED {story.name} q{gold.quad} {gold.root} «{gold.words}» "
                                f"coded {coded} in: {sentence.strip()[:300]}")  # fmt: skip
    for start, end, event in mentions:
        keys = ("all", f"q{event.quad_class}", f"r{event.root}")
        quads = {g.quad for g in story.events if start <= g.start < end}
        for key in keys:
            tally.predicted[key] += 1
            tally.right[key] += event.quad_class in quads
        if errors and story.half == "A" and event.quad_class not in quads:
            tally.errors.append(f"EXTRA {story.name} {event.code} q{event.quad_class} "
                                f"«{event.trigger}» gold {sorted(quads)} in: "
                                f"{story.text[start:end].strip()[:300]}")  # fmt: skip


def _sides(gold: Gold, hits: list, tally: Tally) -> None:
    for side in ("source", "target"):
        words = _words(getattr(gold, side))
        if not words:
            continue
        tally.sides[f"{side} gold"] += 1
        named = [getattr(e, side) for e in hits]
        if any(a is not None and _words(a.name) & words for a in named):
            tally.sides[f"{side} right"] += 1


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "  -  "


def report(tallies: dict[str, Tally], seconds: float, stories: int) -> dict:
    """Print the figures by half and return them."""
    figures: dict[str, dict] = {}
    keys = ["all", "q1", "q2", "q3", "q4"]
    roots = sorted({k for t in tallies.values() for k in t.gold | t.predicted if k[0] == "r"})
    print(f"{stories} stories in {seconds:.1f} s")
    print(f"{'':>22} " + "  ".join(f"{h:^27}" for h in tallies))
    print(f"{'':>22} " + "  ".join(f"{'gold recall  pred precision':>27}" for _ in tallies))
    for key in keys + roots:
        label = (
            (QUAD_NAMES[int(key[1])] if key[0] == "q" else f"root {key[1:]}")
            if key != "all"
            else "all events"
        )
        cells = []
        for half, t in tallies.items():
            recall, precision = (
                _ratio(t.found[key], t.gold[key]),
                _ratio(t.right[key], t.predicted[key]),
            )
            cells.append(f"{t.gold[key]:>4} {recall:>6} {t.predicted[key]:>5} {precision:>9}")
            figures.setdefault(half, {})[key] = {
                "gold": t.gold[key], "recall": _value(t.found[key], t.gold[key]),
                "predicted": t.predicted[key], "precision": _value(t.right[key], t.predicted[key]),
            }  # fmt: skip
        print(f"{label:>22} " + "  ".join(f"{c:>27}" for c in cells))
    for half, t in tallies.items():
        sides = {side: _value(t.sides[f"{side} right"], t.sides[f"{side} gold"])
                 for side in ("source", "target")}  # fmt: skip
        figures[half]["sides"] = sides
        sides_shown = [
            f"{side} accuracy {_ratio(t.sides[side + ' right'], t.sides[side + ' gold'])} "
            f"(of {t.sides[side + ' gold']})"
            for side in ("source", "target")
        ]
        print(f"half {half}: " + ", ".join(sides_shown))
    b = figures.get("B", {}).get("all", {})
    for name, goal in TARGETS.items():
        value = b.get(name)
        verdict = "met" if value is not None and value >= goal else "not met"
        print(f"target on half B: {name} >= {goal}: {value} {verdict}")
    return figures


def _value(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _spacy_seconds(nlp, texts: list[str]) -> float:
    """The spaCy pass alone over the texts, batched as the pipeline batches them."""
    start = time.perf_counter()
    list(nlp.pipe(texts, batch_size=Settings().batch_size))
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--errors", action="store_true", help="list the errors of half A")
    parser.add_argument("--limit", type=int, help="only the first N stories")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is not there")
        return 0
    stories = read_stories(args.limit)
    pipeline = Pipeline(settings=Settings(time_budget=0, memory_budget=0))
    articles = [Article(raw=s.text, source=s.name, verbatim=True, published=s.published,
                        language="es") for s in stories]  # fmt: skip
    nlp = pipeline.model("es")
    list(nlp.pipe(["Calentamiento."]))  # load the model before timing
    pipeline.run(articles[0])  # and the tables the stages read
    texts = [story.text for story in stories]
    parse = _spacy_seconds(nlp, texts)
    start = time.perf_counter()
    tallies = {"A": Tally(), "B": Tally(), "all": Tally()}
    for story, result in zip(stories, pipeline.run_many(articles), strict=True):
        if not isinstance(result, Document):
            print(f"rejected: {result}", file=sys.stderr)
            continue
        for half in (story.half, "all"):
            score(story, result, tallies[half], args.errors and half == "A")
    seconds = time.perf_counter() - start
    parse = (parse + _spacy_seconds(nlp, texts)) / 2  # before and after: the machine's load varies
    figures = report(tallies, seconds, len(stories))
    figures["cost"] = {"spacy_seconds": round(parse, 2), "pipeline_seconds": round(seconds, 2)}
    print(f"cost: the whole pipeline {seconds:.1f} s, its spaCy pass alone {parse:.1f} s: "
          f"{seconds / parse:.2f}x (target: at most 1.3x)")  # fmt: skip
    if args.errors:
        print("\n".join(tallies["A"].errors))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
