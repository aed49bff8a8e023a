"""Cross-article identity: how many entity keys each of thirty real people gets.

The people (tests/data/identity_people.tsv, written by hand) are looked for in 200 PolNeAR
articles (the train split, the 200 first by the SHA-1 of their file names).  Each article goes
through the entities stage; an entity is a person's when its names hold one of the person's
first names and the surname, or the surname alone with one of the person's honorifics, or bare
for the person marked "bare".  A person's figure is the number of distinct ``key``s their
entities carry across the articles (the store groups entities by key): one is right.  Titles of
works named as people ("The Many Lives of Donald J. Trump") are counted as wrong entities.
Articles fall in half "A" or "B" by the SHA-1 of their file name; both are reported; ``--show``
lists the keys of half A.

    .venv/bin/python benchmarks/identity.py [--articles 200] [--show]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from events_sets import half_of

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = ROOT / "tests" / "data" / "identity_people.tsv"
CORPUS = ROOT.parent / "shared" / "corpus" / "polnear" / "train" / "text"
_HONORIFIC = re.compile(r"^(mr|mrs|ms|dr|sen|senator|gov|governor|president|secretary|speaker|"
                        r"director|vice)\b\.?\s*", re.IGNORECASE)  # fmt: skip


def read_people(path: Path = PEOPLE) -> list[dict]:
    """The people of the list: name, first names, surname, honorifics, bare reading."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, firsts, surname, honorifics, bare, _reason = line.split("\t")
        rows.append({"name": name, "firsts": set(firsts.split("|")), "surname": surname,
                     "honorifics": set(honorifics.split("|")), "bare": bare == "yes"})  # fmt: skip
    return rows


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z]+", name.lower().replace("’", "'"))


def owner(names: list[str], people: list[dict]) -> dict | None:
    """The person of the list whom an entity with these names is (module notes)."""
    for name in sorted(names, key=len, reverse=True):
        words = _words(name)
        for person in people:
            if person["surname"] in words and set(words) & person["firsts"]:
                return person
    for name in names:
        honorific = _HONORIFIC.match(name.strip())
        words = _words(name[honorific.end() :] if honorific else name)
        if len(words) != 1:
            continue
        for person in people:
            if words[0] != person["surname"]:
                continue
            if honorific and honorific.group(1).lower() in person["honorifics"]:
                return person
            if not honorific and person["bare"]:
                return person
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--show", action="store_true", help="list the keys of half A")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found")
        return 0
    from newsgraph.pipeline import Pipeline
    from newsgraph.types import Article

    people = read_people()
    paths = sorted(CORPUS.glob("*.txt"), key=lambda p: hashlib.sha1(p.name.encode()).hexdigest())
    paths = sorted(paths[: args.articles])
    pipeline = Pipeline(stages=("entities",))
    inputs = [
        Article(raw=p.read_text(encoding="utf-8"), source=str(p), verbatim=True) for p in paths
    ]
    keys: dict[str, dict[str, set[str]]] = {h: defaultdict(set) for h in ("A", "B", "all")}
    for path, document in zip(paths, pipeline.run_many(inputs), strict=True):
        if not hasattr(document, "entities"):
            continue
        half = half_of(path.stem)
        for entity in document.entities:
            person = owner(list(entity.aliases) or [entity.name], people)
            if person is None:
                continue
            key = entity.key if entity.type == "PERSON" else f"not a person ({entity.type})"
            for h in (half, "all"):
                keys[h][person["name"]].add(key or "")
    for half in ("A", "B", "all"):
        found = keys[half]
        single = sum(len(found[p["name"]]) == 1 for p in people if found[p["name"]])
        seen = sum(bool(found[p["name"]]) for p in people)
        total = sum(len(found[p["name"]]) for p in people)
        print(f"identity, half {half}: {single}/{seen} people found are one entity key; "
              f"{total} keys for {seen} people")  # fmt: skip
        if args.show and half == "A":
            for person in people:
                if len(found[person["name"]]) > 1:
                    print(f"  {person['name']}: {sorted(found[person['name']])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
