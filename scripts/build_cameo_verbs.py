"""Build src/newsgraph/knowledge/data/cameo_verbs.tsv from PETRARCH-2's verb dictionary.

Run by hand when the dictionary changes:

    .venv/bin/python scripts/build_cameo_verbs.py [../shared/reference/petrarch2/CAMEO.2.0.txt]

Source: CAMEO.2.0.txt of openeventdata/petrarch2 (commit 676801cd, 2019), MIT licence
(Copyright (c) 2015 Open Event Data Alliance); the notice is repeated in the table's header.

The dictionary is a list of verb blocks.  A block names synonymous verbs, each with an optional
code of its own, and phrase patterns that apply to every verb of the block: nouns before the
verb (its subject), words after it (its object, particles, complements) and prepositional
phrases, each pattern with a CAMEO code.  Synonym sets (``&WEAPON``) are expanded here, so the
table needs no set of its own at run time.  Each row of the output is one verb or one pattern:

- ``verb`` rows: a verb (its head lemma and the particle words of multi-word verbs such as
  "set up") and its default code, the verb's own or else its block's;
- ``pattern`` rows: the block's conditions and code.  ``subject``: alternatives (``|``) for the
  subject's head, each written with the head last ("car bomb");  ``object``: required items
  (``;``), each alternatives of words after the verb;  ``preps``: required prepositional phrases
  (``;``), each ``P`` or ``P:alternatives``;  ``target``: where the pattern puts the target
  (``obj``, ``prep:P``) when it marks one with ``+``.

Codes keep the dictionary's form: ``190``; ``042:043`` (the source's act, then the target's);
``:173`` (only the target acts: "appeared before a court"); ``---`` (no event: "killed in an
accident").  A code CAMEO 0.7b5 lacks (``176``, cyber attack, from a later CAMEO) becomes
its parent's (``170``).  Patterns that hold other verbs, markers only, or undefined sets are
left out; the run prints how many.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "reference" / "petrarch2" / "CAMEO.2.0.txt"
OUTPUT = ROOT / "src" / "newsgraph" / "knowledge" / "data" / "cameo_verbs.tsv"
BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
CODE = re.compile(r"\[([0-9-]*:?[0-9-]*)\]")
MARKERS = frozenset("$+%^")
STOP = frozenset({"a", "an", "the"})
COLUMNS = ("kind", "block", "code", "verb", "particle", "subject", "object", "preps", "target")

HEADER = """\
# CAMEO verbs and phrase patterns for newsgraph's event coder, written by
# scripts/build_cameo_verbs.py from CAMEO.2.0.txt, the verb dictionary of PETRARCH-2
# (openeventdata/petrarch2, commit 676801cd, 2019).  Columns: see the script's docstring.
#
# The MIT License (MIT). Copyright (c) 2015 Open Event Data Alliance.
# Permission is hereby granted, free of charge, to any person obtaining a copy of this software
# and associated documentation files (the "Software"), to deal in the Software without
# restriction, including without limitation the rights to use, copy, modify, merge, publish,
# distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
# Software is furnished to do so, subject to the following conditions: The above copyright
# notice and this permission notice shall be included in all copies or substantial portions of
# the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
# PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
# LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
# OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
# DEALINGS IN THE SOFTWARE.
"""


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    """``&NAME`` -> its phrases, lowercased, words space-separated (head last)."""
    sets: dict[str, list[str]] = {}
    name = None
    for line in lines:
        text = line.split("#", 1)[0].strip()
        if text.startswith("---"):
            break  # the verb blocks begin
        if text.startswith("&"):
            name = text.rstrip("_").upper()
            sets[name] = []
        elif text.startswith("+") and name:
            sets[name].append(_words(text[1:]))
        elif not text:
            name = None
    return sets


def _words(phrase: str) -> str:
    return " ".join(w for w in phrase.lower().replace("_", " ").split() if w)


def _known_codes() -> set[str]:
    table = OUTPUT.with_name("cameo.tsv").read_text(encoding="utf-8").splitlines()
    return {line.split("\t", 1)[0] for line in table if line[:1].isdigit()}


def _code(text: str) -> str | None:
    match = CODE.search(text)
    if match is None:
        return None
    return ":".join(_cameo(part) for part in match.group(1).split(":"))


def _cameo(code: str) -> str:
    if not code or code == "---" or code in KNOWN:
        return code
    return code[:3] if code[:3] in KNOWN else code[:2] + "0"


KNOWN = _known_codes()


def read_verb(text: str) -> tuple[str, str] | None:
    """A verb line's (head lemma, particle words), or None for forms that are not a base verb."""
    text = text.split("#", 1)[0]
    if re.search(r"\{\s*\}", text):
        return None  # "+KILLED_AND {}": one inflected form, not a verb to lemmatise
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = CODE.sub(" ", text).strip()
    if not text:
        return None
    words = text.split()[0].lower().split("_")
    heads = [i for i, w in enumerate(words) if w.startswith("+")] or [0]
    head = heads[0]
    lemma = words[head].lstrip("+")
    if not lemma.isalpha():
        return None
    particle = " ".join(w.lstrip("+") for i, w in enumerate(words) if i != head)
    return lemma, particle


def _alternatives(item: str, sets: dict[str, list[str]]) -> list[str] | None:
    """The phrases one pattern word stands for (a word, ``{A B}``, ``&SET``), or None."""
    words = item.strip("{}").split()
    options = [""]
    for word in words:
        if word in MARKERS:
            continue
        if word.startswith("&"):
            members = sets.get(word.rstrip("_").upper())
            if members is None:
                return None
            options = [f"{o} {m}".strip() for o in options for m in members]
        elif word.lower() not in STOP:
            options = [f"{o} {_words(word)}".strip() for o in options]
    return [o for o in options if o] or None


def _items(part: str) -> list[str]:
    """Split a pattern half into words, ``{...}`` phrases and ``(...)`` phrases."""
    return re.findall(r"\([^)]*\)|\{[^}]*\}|\S+", part)


def read_pattern(text: str, sets: dict[str, list[str]]) -> dict[str, str] | None:
    """One ``- pre * post [code]`` line as table columns, or None when it cannot be used."""
    code = _code(text)
    body = CODE.split(text.split("#", 1)[0], maxsplit=1)[0].strip()[1:]
    if code is None or "*" not in body:
        return None
    pre, post = body.split("*", 1)
    subject: list[str] = []
    for item in _items(pre):
        found = _alternatives(item, sets)
        if found is None and item not in MARKERS:
            return None
        subject += found or []
    objects, preps, target = [], [], ""
    for item in _items(post):
        if item in MARKERS:
            target = target or ("obj" if item == "+" else "")
            continue
        if item.startswith("("):
            inner = item.strip("()").split(None, 1)
            prep = inner[0].lower()
            if not prep.isalpha():
                return None
            rest = inner[1] if len(inner) > 1 else ""
            if rest.strip() == "+":
                target = f"prep:{prep}"
            found = _alternatives(rest, sets) if rest.strip() not in ("", *MARKERS) else []
            if found is None:
                return None
            preps.append(f"{prep}:{'|'.join(found)}" if found else prep)
            continue
        found = _alternatives(item, sets)
        if found is None:
            return None
        objects.append("|".join(found))
    if not (subject or objects or preps):
        return None
    return {"code": code, "subject": "|".join(subject), "object": ";".join(objects),
            "preps": ";".join(preps), "target": target}  # fmt: skip


def build(source: Path) -> tuple[list[dict[str, str]], Counter[str]]:
    """The table's rows, and a count of what was left out and why."""
    lines = source.read_text(encoding="latin-1").splitlines()
    sets = read_synsets(lines)
    rows: list[dict[str, str]] = []
    skipped: Counter[str] = Counter()
    block, default = "", "---"
    for line in lines:
        header = BLOCK.match(line)
        if header:
            block, default = header.group(1), header.group(2) or "---"
            continue
        if not block or not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("- "):
            pattern = read_pattern(line, sets)
            if pattern is None:
                skipped["pattern"] += 1
                continue
            rows.append({"kind": "pattern", "block": block, "verb": "", "particle": "",
                         **pattern})  # fmt: skip
        elif line.startswith("~"):
            skipped["transformation"] += 1
        elif line[0].isalpha() or line.startswith("+"):
            verb = read_verb(line)
            if verb is None:
                skipped["verb"] += 1
                continue
            code = _code(line.split("#", 1)[0]) or default
            rows.append({"kind": "verb", "block": block, "code": code, "verb": verb[0],
                         "particle": verb[1], "subject": "", "object": "", "preps": "",
                         "target": ""})  # fmt: skip
    return _unique(rows), skipped


def _unique(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: set[tuple[str, ...]] = set()
    kept = []
    for row in rows:
        key = tuple(row[c] for c in COLUMNS)
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def write(rows: list[dict[str, str]], path: Path) -> None:
    """Write the rows with the header; empty cells as ``-``."""
    body = ["\t".join(COLUMNS)]
    body += ["\t".join(row[c] or "-" for c in COLUMNS) for row in rows]
    path.write_text(HEADER + "\n".join(body) + "\n", encoding="utf-8")


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    rows, skipped = build(source)
    write(rows, OUTPUT)
    kinds = Counter(row["kind"] for row in rows)
    print(f"{OUTPUT.name}: {kinds['verb']} verbs, {kinds['pattern']} patterns; left out: "
          + ", ".join(f"{n} {k}s" for k, n in sorted(skipped.items())))  # fmt: skip


if __name__ == "__main__":
    main()
