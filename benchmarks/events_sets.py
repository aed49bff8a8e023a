"""The sentence sets that ``events_accuracy.py`` scores the event coder on, and their halves.

Every row gets a half: "A" when the SHA-1 of its key is even, "B" when odd.  Engineers may read
the errors of half A; half B is never listed, so its figures stay an unseen check.  The key is
the row id, except for the ConfliBERT sets, which have no ids: there it is the sentence text,
lowercased with punctuation removed, so a sentence that is in both ConfliBERT files (most are)
falls in the same half in both.

Run alone, this prints each set's size per half:
``.venv/bin/python benchmarks/events_sets.py``.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EVENTS = SHARED / "corpus" / "events"
PETR = EVENTS / "PETR2_GSR_validation.xml"
POLNEAR = SHARED / "corpus" / "polnear"
ANNOTATED = ROOT / "tests" / "data" / "events_polnear.jsonl"
NEWS = ROOT / "tests" / "data" / "events_news.jsonl"
CONFLIBERT_CLASS = EVENTS / "conflibert" / "cameo_class_train.tsv"
CONFLIBERT_NER = EVENTS / "conflibert" / "cameo_ner_train.txt"

HALVES = ("A", "B", "all")


def _sha1(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16)


def half_of(key: str) -> str:
    """ "A" (errors may be read) when the SHA-1 of ``key`` is even, "B" (never read) when odd."""
    return "A" if _sha1(key) % 2 == 0 else "B"


def text_key(text: str) -> str:
    """A sentence's text reduced to lowercase words, the same however it was tokenized."""
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def in_half(rows: list[dict], half: str) -> list[dict]:
    """The rows of half "A" or "B"; every row for "all"."""
    return rows if half == "all" else [row for row in rows if row["half"] == half]


def cap(rows: list[dict], limit: int | None) -> list[dict]:
    """At most ``limit`` rows, chosen by a hash of their ids (the same every run), in file order."""
    if limit is None or len(rows) <= limit:
        return rows
    kept = set(sorted(range(len(rows)), key=lambda i: _sha1("quick:" + rows[i]["id"]))[:limit])
    return [row for i, row in enumerate(rows) if i in kept]


def read_petr(path: Path = PETR) -> list[dict]:
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
        row_id = attrs.get("id") or f"petr-{len(found) + 1}"
        found.append({"id": row_id, "text": sentence, "events": events,
                      "published": published, "half": half_of(row_id)})  # fmt: skip
    return found


def read_annotated(path: Path = ANNOTATED) -> list[dict]:
    """The hand-coded PolNeAR sentences; the date comes from the article's file name."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    for row in rows:
        match = re.search(r"_(\d{4}-\d{2}-\d{2})_", row["file"])
        row["published"] = match.group(1) if match else None
        row["half"] = half_of(row["id"])
    return rows


def read_news(path: Path = NEWS) -> tuple[list[dict], list[str]]:
    """The hand-coded news sentences, and notes on the lines left out or inconsistent.

    The file is still being written, so a line that is not a whole row (bad JSON, no id, text or
    events, an event without codes) is left out with a note rather than stopping the run.
    """
    rows, notes, bad = [], [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = _news_row(line)
        if row is None:
            bad.append(number)
            continue
        rows.append(row)
    if bad:
        notes.append(f"{len(bad)} lines left out, not whole rows: {_first(bad)}")
    disagree = [row["id"] for row in rows if not _root_agrees(row)]
    if disagree:
        notes.append(f"{len(disagree)} rows whose 'root' disagrees with their events: "
                     f"{_first(disagree)}")  # fmt: skip
    return rows, notes


def _news_row(line: str) -> dict | None:
    try:
        row = json.loads(line)
    except json.JSONDecodeError:
        return None
    if not isinstance(row, dict) or not row.get("id") or not row.get("text"):
        return None
    events = row.get("events")
    if not isinstance(events, list):
        return None
    for event in events:
        if not isinstance(event, dict) or not event.get("codes"):
            return None
        event.setdefault("source", None)
        event.setdefault("target", None)
    row["id"] = str(row["id"])
    if not row.get("published"):
        match = re.search(r"_(\d{4}-\d{2}-\d{2})_", str(row.get("file", "")))
        row["published"] = match.group(1) if match else None
    row["half"] = half_of(row["id"])
    return row


def _root_agrees(row: dict) -> bool:
    """Whether a news row's "root" key is the root of its events ("none" when it has none)."""
    root = row.get("root")
    if root is None:
        return True
    if not row["events"]:
        return root == "none"
    return any(root == code[:2] for event in row["events"] for code in event["codes"])


def _first(items: list, shown: int = 5) -> str:
    more = f" (+{len(items) - shown} more)" if len(items) > shown else ""
    return ", ".join(str(item) for item in items[:shown]) + more


def read_conflibert_class(path: Path = CONFLIBERT_CLASS) -> list[dict]:
    """ConfliBERT's ``sentence<TAB>label`` rows; ids are line numbers, halves by the text."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text, _, label = line.rpartition("\t")
        if not text.strip() or not label.strip().isdigit():
            continue
        rows.append({"id": f"class-{number}", "text": text.strip(), "label": int(label),
                     "published": None, "half": half_of(text_key(text))})  # fmt: skip
    return rows


def read_conflibert_ner(path: Path = CONFLIBERT_NER) -> list[dict]:
    """ConfliBERT's tagged sentences: the re-joined text and the gold source and target words."""
    rows: list[dict] = []
    sentence: list[tuple[str, str]] = []
    lines = [*path.read_text(encoding="utf-8").splitlines(), ""]
    for line in lines:
        if line.strip():
            word, _, tag = line.strip().rpartition(" ")
            sentence.append((word, tag))
            continue
        if sentence:
            rows.append(_ner_row(len(rows) + 1, sentence))
            sentence = []
    return rows


def _ner_row(number: int, tagged: list[tuple[str, str]]) -> dict:
    text = join_tokens([word for word, _ in tagged])
    return {
        "id": f"ner-{number}",
        "text": text,
        "published": None,
        "half": half_of(text_key(text)),
        "source_words": [word for word, tag in tagged if tag in ("B-S", "I-S")],
        "target_words": [word for word, tag in tagged if tag in ("B-T", "I-T")],
    }


NO_SPACE_BEFORE = frozenset(".,;:!?)]}%”’´") | {"'s", "n't", "'re", "'ve", "'ll", "'d", "'m"}
NO_SPACE_AFTER = frozenset("([{$€£“‘")
JOINERS = frozenset("-/")
APOSTROPHES = frozenset("’´")


def join_tokens(words: list[str]) -> str:
    """Words of a tokenized sentence back into text: "Baghdad ’ s forces" -> "Baghdad’s forces",
    "Syria - related" -> "Syria-related", "( NAF )" -> "(NAF)", "$ 80" -> "$80"."""
    words = [_visible(word) for word in words]
    words = [word for word in words if word]
    pieces: list[str] = []
    attach_next, quoted = False, False
    for i, word in enumerate(words):
        previous = words[i - 1] if i else ""
        attach = attach_next or word in NO_SPACE_BEFORE or word in JOINERS or previous in JOINERS
        attach_next = word in NO_SPACE_AFTER
        if previous == "," and i > 1 and _group(words[i - 2], 1) and _group(word, 3):
            attach = True  # "88 , 550 , 000" -> "88,550,000"
        if previous in APOSTROPHES:
            attach = word == "s" or word in NO_SPACE_BEFORE  # else "’" closed a quotation
        if word in ("'", '"'):
            unpaired = words[i + 1 :].count(word) % 2 == 0
            if word == "'" and previous[-1:] in ("s", "S") and unpaired and not quoted:
                attach = True  # "the Kurds ' role": a possessive
            elif quoted:
                attach, quoted = True, False
            else:
                attach_next, quoted = True, True
        pieces.append(word if attach or not pieces else " " + word)
    return "".join(pieces)


def _group(word: str, least: int) -> bool:
    """A group of a number written with thousands commas: ``least`` to three digits."""
    return word.isdigit() and least <= len(word) <= 3


def _visible(word: str) -> str:
    """The word without invisible format characters (a stray U+202A)."""
    return "".join(c for c in word if unicodedata.category(c) != "Cf")


def main() -> None:
    """Print the size of each set, per half."""
    sets = {"petr2": (read_petr, PETR), "polnear": (read_annotated, ANNOTATED),
            "news": (lambda p: read_news(p)[0], NEWS),
            "conflibert-class": (read_conflibert_class, CONFLIBERT_CLASS),
            "conflibert-ner": (read_conflibert_ner, CONFLIBERT_NER)}  # fmt: skip
    for name, (read, path) in sets.items():
        if not path.exists():
            print(f"{name}: {path} not found")
            continue
        rows = read(path)
        sizes = "  ".join(f"{h} {len(in_half(rows, h))}" for h in HALVES)
        print(f"{name}: {sizes} sentences")


if __name__ == "__main__":
    main()
