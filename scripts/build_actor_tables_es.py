"""Build src/newsgraph/knowledge/data/es/agents.tsv from UniversalPetrarch's Spanish agents.

Run by hand when the dictionary changes:

    .venv/bin/python scripts/build_actor_tables_es.py [PATH to agents_181220.txt]

Source: agents_181220.txt of openeventdata/UniversalPetrarch (Spanish dictionaries, 2018),
MIT licence (Copyright (c) 2016 Open Event Data Alliance), repeated in the table's header.  The
file has the syntax of PETRARCH-2's English agents dictionary and is read with the English
builder's ``agent_rows`` (``build_actor_tables.py``); the regular plural is Spanish's (a vowel
takes "s", a consonant "es", a final "z" becomes "ces"; none after a final "s").

The dictionary was translated from the English one by machine in places ("MINISTRO" as a
minister of religion); the project's own table ``data/es/roles.tsv`` is read before it, so the
words of politics and protest have the roles a Spanish reader gives them.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

import build_actor_tables as english

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference" / "universalpetrarch-es"
OUTPUT = ROOT / "src" / "newsgraph" / "knowledge" / "data" / "es" / "agents.tsv"
FUNCTION_WORDS = frozenset({"de", "del", "la", "el", "los", "las", "y", "en", "a", "al"})


def spanish_plural(phrase: str) -> str | None:
    """The regular Spanish plural of an agent phrase's first word ("policía" -> "policías",
    "trabajador agrícola" -> "trabajadores agrícola" is not formed: only one-word phrases)."""
    if " " in phrase or not phrase[-1:].isalpha() or phrase in FUNCTION_WORDS:
        return None
    if phrase.endswith("s"):
        return None
    if phrase.endswith("z"):
        return phrase[:-1] + "ces"
    return phrase + ("s" if phrase[-1] in "aeiouáéíóú" else "es")


def _readable(text: str) -> str:
    """The file with its substitution sets in the English file's spelling: the Spanish one
    writes "!PERSONA!_=_HOMBRE,_MUJER_" with underscores for spaces, and leaves out sets
    that the English builder cannot read ("¡CLERO_BUDISTA!_PERSONA!_")."""
    lines = []
    for line in text.splitlines():
        if "=" in line and line.startswith("!"):
            line = re.sub(r"_*=_*", " = ", line.rstrip("_ ")).replace(",_", ", ")
            line = re.sub(r"^(![A-Z]+!)_", r"\1", line)
        elif line.startswith("¡"):
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else REFERENCE / "agents_181220.txt"
    english.regular_plural = spanish_plural
    problems: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as folder:
        cleaned = Path(folder) / source.name
        cleaned.write_text(_readable(source.read_text(encoding="utf-8")), encoding="utf-8")
        rows = english.agent_rows(cleaned, problems)
    notice = english.commented((source.parent / "LICENSE").read_text(encoding="utf-8").strip())
    header = english.commented(
        "Generic agent nouns in Spanish -> CAMEO role codes, written by\n"
        "scripts/build_actor_tables_es.py from agents_181220.txt of UniversalPetrarch\n"
        "(github.com/openeventdata/UniversalPetrarch, Spanish dictionaries, 2018).  One row\n"
        "per surface form (the plural the file gives, else the regular Spanish plural of a\n"
        "one-word phrase); position: suffix for ~CODE, prefix for CODE~.  Licence of the source:"
    )
    body = ["phrase\tcode\tposition"] + ["\t".join(row) for row in rows]
    OUTPUT.write_text(header + notice + "\n".join(body) + "\n", encoding="utf-8")
    notes = ", ".join(f"{n} {k}" for k, n in problems.items())
    print(f"{OUTPUT.name}: {len(rows)} forms; {notes}")


if __name__ == "__main__":
    main()
