"""Build src/newsgraph/knowledge/data/es/cameo_verbs.tsv from UniversalPetrarch's Spanish verbs.

Run by hand when the dictionary changes:

    .venv/bin/python scripts/build_cameo_verbs_es.py [PATH to verbpatterns_es_190128.txt]

Source: verbpatterns_es_190128.txt of openeventdata/UniversalPetrarch (Spanish dictionaries,
2019), MIT licence (Copyright (c) 2016 Open Event Data Alliance); the notice is repeated in the
table's header.  The file has the syntax of PETRARCH-2's English dictionary (synonym sets, verb
blocks with a default code, verbs, ``- pre * post [code]`` phrase patterns), so it is read with
the English builder's functions (``build_cameo_verbs.py``, whose docstring describes the
columns); what differs is handled here:

- the file is UTF-8, and Spanish articles, not "the", are dropped from pattern words;
- prepositions in ``(P ...)`` phrases are written as the English preposition the event coder
  reads for them (``knowledge/data/es/prepositions.tsv``: "contra" -> against), as the
  coder's parse labels are mapped the same way (``newsgraph.parse_labels``);
- a verb's reflexive form ("REUNIRSE") is its lemma ("reunir"), as spaCy lemmatises it;
- patterns made only of function words ("- * EN + [192]") and codes CAMEO lacks are left out.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import build_cameo_verbs as english

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (
    ROOT.parent / "shared" / "reference" / "universalpetrarch-es" / "verbpatterns_es_190128.txt"
)
DATA = ROOT / "src" / "newsgraph" / "knowledge" / "data" / "es"
OUTPUT = DATA / "cameo_verbs.tsv"
STOP = frozenset({"el", "la", "los", "las", "lo", "un", "una", "unos", "unas"})

HEADER = english.HEADER.replace(
    "scripts/build_cameo_verbs.py from CAMEO.2.0.txt, the verb dictionary of PETRARCH-2\n"
    "# (openeventdata/petrarch2, commit 676801cd, 2019).",
    "scripts/build_cameo_verbs_es.py from verbpatterns_es_190128.txt, the Spanish verb\n"
    "# dictionary of UniversalPetrarch (openeventdata/UniversalPetrarch, 2019).",
).replace(
    "Copyright (c) 2015 Open Event Data Alliance", "Copyright (c) 2016 Open Event Data Alliance"
)


def prepositions() -> dict[str, str]:
    """Spanish preposition -> the English one the coder reads."""
    lines = (DATA / "prepositions.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return {row[0]: row[1] for row in rows}


def _english_preps(row: dict[str, str], table: dict[str, str]) -> dict[str, str]:
    items = []
    for item in row["preps"].split(";") if row["preps"] else []:
        prep, sep, words = item.partition(":")
        items.append(table.get(prep, prep) + sep + words)
    target = row["target"]
    if target.startswith("prep:"):
        target = "prep:" + table.get(target[5:], target[5:])
    return {**row, "preps": ";".join(items), "target": target}


def _lemma(verb: str) -> str:
    """ "reunirse" -> "reunir": spaCy's lemma of a reflexive verb is the plain infinitive."""
    return verb[:-2] if verb.endswith(("arse", "erse", "irse")) else verb


_FUNCTION_WORDS = (
    "a al ante bajo con contra de del desde durante en entre hacia hasta para por según sin "
    "sobre tras que se y o no su sus lo le les me nos ya más muy"
)
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())


def _only_function_words(pattern: dict[str, str]) -> bool:
    """ "- * EN + [192]": a pattern whose words are all prepositions and the like says
    nothing of the verb's sense; the translated file has many, most of them wrong."""
    words = set()
    for column in ("subject", "object", "preps"):
        for item in pattern[column].replace(";", "|").split("|"):
            words.update(item.replace(":", " ").split())
    return words <= FUNCTION_WORDS


def _known(code: str) -> bool:
    """Every part of a dictionary code is a CAMEO code, or "---" (the file has typos: "520")."""
    return all(not part or part == "---" or part in english.KNOWN for part in code.split(":"))


def build(source: Path) -> tuple[list[dict[str, str]], Counter[str]]:
    """The table's rows, and a count of what was left out and why."""
    english.STOP = STOP
    lines = source.read_text(encoding="utf-8").splitlines()
    sets = english.read_synsets(lines)
    table = prepositions()
    rows: list[dict[str, str]] = []
    skipped: Counter[str] = Counter()
    block, default = "", "---"
    for line in lines:
        header = english.BLOCK.match(line)
        if header:
            block, default = header.group(1), header.group(2) or "---"
            continue
        if not block or not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("- "):
            pattern = english.read_pattern(line, sets)
            if pattern is not None and not _known(pattern["code"]):
                skipped["unknown code"] += 1
                continue
            if pattern is not None and _only_function_words(pattern):
                skipped["pattern of function words only"] += 1
                continue
            if pattern is None:
                skipped["pattern"] += 1
                continue
            row = {"kind": "pattern", "block": block, "verb": "", "particle": "", **pattern}
            rows.append(_english_preps(row, table))
        elif line.startswith("~"):
            skipped["transformation"] += 1
        elif line[0].isalpha() or line.startswith("+"):
            verb = english.read_verb(line)
            if verb is None:
                skipped["verb"] += 1
                continue
            code = english._code(line.split("#", 1)[0]) or default
            if not _known(code):
                skipped["unknown code"] += 1
                continue
            rows.append({"kind": "verb", "block": block, "code": code, "verb": _lemma(verb[0]),
                         "particle": verb[1], "subject": "", "object": "", "preps": "",
                         "target": ""})  # fmt: skip
    return english._unique(rows), skipped


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    rows, skipped = build(source)
    body = ["\t".join(english.COLUMNS)]
    body += ["\t".join(row[c] or "-" for c in english.COLUMNS) for row in rows]
    OUTPUT.write_text(HEADER + "\n".join(body) + "\n", encoding="utf-8")
    kinds = Counter(row["kind"] for row in rows)
    print(f"{OUTPUT.name}: {kinds['verb']} verbs, {kinds['pattern']} patterns; left out: "
          + ", ".join(f"{n} {k}s" for k, n in sorted(skipped.items())))  # fmt: skip


if __name__ == "__main__":
    main()
