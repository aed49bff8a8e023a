"""Build the actor tables in src/newsgraph/knowledge/data/ from PETRARCH-2's dictionaries.

Run once, by hand, when the dictionaries change:

    .venv/bin/python scripts/build_actor_tables.py [../shared/reference]

Source: ``reference/petrarch2/`` holds the dictionaries of PETRARCH-2 (github.com/openeventdata/
petrarch2, ``petrarch2/data/dictionaries/``, commit 676801cd, 2019; MIT licence, whose notice each
table's header repeats).  ``dictionaries.rst`` there describes the syntax; where it is silent, the
reader of PETRARCH-2 (``PETRreader.py``) settles it.  Tables written:

- ``agents.tsv`` from ``Phoenix.agents.txt``: generic agent nouns ("police", "farmers") -> role
  code, and whether the code follows the country (``~COP``: suffix) or precedes it (``NGO~``:
  prefix).  One row per surface form: the phrase, its plural (the one in ``{...}``, none for
  ``{}``, else the regular one) and the forms of ``!PERSON!``-style substitution sets.
- ``armed_groups.tsv`` and ``international_actors.tsv`` from ``Phoenix.MilNonState.actors.txt``
  and ``Phoenix.International.actors.txt``: every name and synonym -> its default code, or, for
  entries with dated codes only, the latest dated code with its dates.
- ``named_people.tsv`` from ``Phoenix.Countries.actors.txt``: every name and synonym of the
  entries that are not countries, one row per code with its dates, in the file's order.

Reading rules (the file's own, with the repairs listed in each table's header):
- ``#`` starts a comment; a record is a primary phrase, ``+`` synonym lines and code lines
  (``\\t[CODE]``, ``\\t[CODE <date]``, ``\\t[CODE >date]``, ``\\t[CODE date-date]``; the older
  style with the codes on the phrase line is read too).  As in PETRARCH-2, a primary phrase
  with no code yet joins the record that follows it ("U.N." shares "UN secretary general"'s code).
- Dates are YYYYMMDD or YYMMDD, limits included.  Two-digit years 00-30 are 20YY, 31-99 19YY
  (PETRARCH-2's ``dstr_to_ordate``, kept from KEDS and TABARI; older dates are written with
  four-digit years).  A code with an impossible date, or an end before its start, is skipped,
  as PETRARCH-2 skips it; ``---`` is the null code and gives no row.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "newsgraph" / "knowledge" / "data"
SOURCE = (
    "PETRARCH-2 (github.com/openeventdata/petrarch2,\n"
    "petrarch2/data/dictionaries/, commit 676801cd, 2019)"
)
NULL_CODE = "---"
# Last words after which no regular plural is formed: "ambassador to", "observers in".
FUNCTION_WORDS = frozenset(
    ["of", "in", "to", "for", "at", "on", "from", "with", "by", "and", "or", "the"]
)
BRACKETS = re.compile(r"\[([^\]]*)\]")


@dataclass(frozen=True)
class Code:
    """One code of an actor entry: a default (no dates) or a dated restriction."""

    code: str
    start: str = ""  # YYYY-MM-DD, or empty: no lower limit
    end: str = ""  # YYYY-MM-DD, or empty: no upper limit
    dated: bool = False


@dataclass
class Record:
    """One actor entry: its names in the file's order and its codes."""

    names: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    coded: bool = False  # a code line was read, the null code included


def surface(text: str) -> str:
    """A phrase as the tables hold it: lowercase, words split by one space, no commas."""
    return " ".join(text.lower().replace("_", " ").replace(",", " ").split())


def parse_date(digits: str) -> str:
    """``YYYYMMDD`` or ``YYMMDD`` -> ``YYYY-MM-DD``; ValueError for an impossible date.

    As PETRARCH-2 reads them: up to seven digits are YYMMDD (the first six), more are YYYYMMDD
    (the first eight), except that ten digits are read as their last eight, the file's three
    ``19`` + YYYYMMDD slips (``1920030320`` is 2003-03-20, not 1920-03-03).
    """
    if not digits.isdigit() or len(digits) < 6:
        raise ValueError(digits)
    if len(digits) == 10:
        digits = digits[2:]
    if len(digits) > 7:
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    else:
        year, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
        year += 2000 if year <= 30 else 1900
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if not 1 <= month <= 12 or not 1 <= day <= days[month - 1]:
        raise ValueError(digits)
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_code(text: str) -> Code | None:
    """The content of one ``[...]``: a code, then nothing, ``<date``, ``>date`` or
    ``date-date``.  None for the null code; ValueError for a restriction that cannot hold.

    A lone date with neither sign (two entries) is read as the day the code starts.
    """
    code, _, rest = text.strip().partition(" ")
    rest = rest.replace(" ", "")
    if not code or code == NULL_CODE:
        return None
    if not rest:
        return Code(code)
    if rest[0] == "<":
        return Code(code, end=parse_date(rest[1:]), dated=True)
    if rest[0] == ">":
        return Code(code, start=parse_date(rest[1:]), dated=True)
    if "-" in rest:
        first, _, last = rest.partition("-")
        start, end = parse_date(first), parse_date(last)
        if end < start:
            raise ValueError(text)
        return Code(code, start=start, end=end, dated=True)
    return Code(code, start=parse_date(rest), dated=True)


def read_actors(path: Path, problems: Counter[str]) -> list[Record]:
    """The records of a PETRARCH actor dictionary, in the file's order."""
    records: list[Record] = []
    record = Record()

    def add_codes(text: str) -> None:
        for group in BRACKETS.findall(text):
            record.coded = True
            try:
                code = parse_code(group)
            except ValueError:
                problems[f"{path.name}: code with an impossible date skipped"] += 1
                continue
            if code is not None:
                record.codes.append(code)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("["):
            add_codes(line)
        elif line.startswith("+"):
            # One line holds two synonyms twice in the files ("+TAIOAN_ +TAWIAN_").
            for name in re.split(r"(?<=[\s_])\+", line[1:]):
                if surface(name):
                    record.names.append(surface(name))
        elif line.startswith("Source: "):  # a note left without its '#' ("Source: MNC.MLH...")
            problems[f"{path.name}: note line skipped"] += 1
        else:
            if record.coded:
                records.append(record)
                record = Record()
            elif record.names:
                problems[f"{path.name}: uncoded phrase joined the next entry"] += 1
            name, bracket, rest = line.partition("[")
            record.names.append(surface(name))
            add_codes(bracket + rest)
    if record.names:
        records.append(record)
    return records


def is_country(record: Record) -> bool:
    """Whether an entry names a country (a bare three-letter code such as ``AFG``)."""
    return any(len(code.code) == 3 and code.code.isalpha() for code in record.codes)


def group_rows(records: list[Record], problems: Counter[str], label: str) -> list[list[str]]:
    """``name, code, start, end``: each name's default code, else its latest dated code."""
    rows: dict[str, list[str]] = {}
    for record in records:
        defaults = [code for code in record.codes if not code.dated]
        dated = [code for code in record.codes if code.dated]
        if defaults:
            chosen = defaults[0]
        elif dated:
            chosen = max(dated, key=lambda code: (code.end or "9999-99-99", code.start))
        else:
            problems[f"{label}: entry with no code skipped"] += 1
            continue
        for name in record.names:
            row = [name, chosen.code, chosen.start, chosen.end]
            if name not in rows:
                rows[name] = row
            elif rows[name] != row:
                problems[f"{label}: name with a second code (first kept)"] += 1
    for name, row in _qualified_names(rows, problems, label).items():
        rows.setdefault(name, [name, *row[1:]])
    return sorted(rows.values())


QUALIFIER = re.compile(r"^(?P<name>.+?) \((?P<inside>[^()]+)\)$")


def _qualified_names(
    rows: dict[str, list[str]], problems: Counter[str], label: str
) -> dict[str, list[str]]:
    """The forms a news text uses for a name written with a qualifier in brackets:
    "basque fatherland and freedom (eta)" is also "basque fatherland and freedom" and "eta";
    "national liberation army (colombia)" is also "national liberation army" unless another
    entry has that bare name with another code (Bolivia's has), when neither gets it.
    Acronyms shorter than three letters ("(an)") are left out: they are words."""
    found: dict[str, list[str]] = {}
    clashing: set[str] = set()
    for name, row in rows.items():
        match = QUALIFIER.match(name)
        if match is None:
            continue
        inside = match["inside"].strip()
        forms = [match["name"]]
        if re.fullmatch(r"[a-z][a-z-]{2,}", inside) and " " not in inside:
            forms.append(inside)
        for form in forms:
            if form in found and found[form][1:] != row[1:]:
                clashing.add(form)
            found.setdefault(form, row)
    problems[f"{label}: bare form of a bracketed name left out (two codes)"] += len(clashing)
    return {form: row for form, row in found.items() if form not in clashing}


def people_rows(records: list[Record], problems: Counter[str]) -> list[list[str]]:
    """``name, code, start, end`` for every code of every name of the non-country entries,
    a name's rows in the file's order (the first range holding a date is its code then)."""
    rows: dict[str, list[list[str]]] = {}
    for record in records:
        if is_country(record):
            problems["named_people: country entry skipped"] += 1
            continue
        for name in record.names:
            held = rows.setdefault(name, [])
            for code in record.codes:
                row = [name, code.code, code.start, code.end]
                if row not in held:
                    held.append(row)
    return [row for name in sorted(rows) for row in rows[name]]


def regular_plural(phrase: str) -> str | None:
    """The regular plural of an agent phrase by the dictionary's rule: add ``s``, ``ies`` for a
    final ``y``, ``es`` for a final ``ss``.  English corrections: a vowel before the ``y`` takes
    ``s`` ("envoys"); none for a phrase already ending in one ``s`` ("victims", "emeritus"), in
    a non-letter ("(jg)") or in a function word ("ambassador to")."""
    last = phrase.rsplit(" ", 1)[-1]
    if not last[-1].isalpha() or last in FUNCTION_WORDS:
        return None
    if last.endswith("y"):
        return phrase + "s" if len(last) > 1 and last[-2] in "aeiou" else phrase[:-1] + "ies"
    if last.endswith("ss"):
        return phrase + "es"
    if last.endswith("s"):
        return None
    return phrase + "s"


def agent_rows(path: Path, problems: Counter[str]) -> list[list[str]]:
    """``phrase, code, position`` for every surface form of the agents dictionary."""
    sets: dict[str, list[str]] = {}
    rows: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("<!"):
            continue
        if "!" in line and "=" in line:  # substitution set: !PERSON! = MAN, MEN, ...
            marker, _, items = line.partition("=")
            sets[marker.strip()] = [item.strip() for item in items.split(",") if item.strip()]
            continue
        phrase, bracket, rest = line.partition("[")
        if not bracket:
            problems["agents: phrase with no code skipped"] += 1
            continue
        raw_code = re.split(r"[\]}]", rest, maxsplit=1)[0].strip()
        if "]" not in rest:
            problems["agents: code closed by '}' read as closed by ']'"] += 1
        if raw_code.startswith("~"):
            code, position = raw_code[1:], "suffix"
        elif raw_code.endswith("~"):
            code, position = raw_code[:-1], "prefix"
        else:
            problems["agents: code with no '~' skipped"] += 1
            continue
        marker = re.search(r"![A-Z]+!", phrase)
        if marker:  # every item of the set in place of the marker, no plurals
            root = re.sub(r"\{[^}]*\}", " ", phrase)
            forms = [surface(root.replace(marker.group(), item)) for item in sets[marker.group()]]
        elif "{" in phrase:
            root, _, plural = phrase.partition("{")
            forms = [surface(root), surface(plural.partition("}")[0])]
        else:
            forms = [surface(phrase), regular_plural(surface(phrase)) or ""]
        for form in forms:
            if not form:
                continue
            if form not in rows:
                rows[form] = [form, code, position]
            elif rows[form][1:] != [code, position]:
                problems["agents: form with a second code (first kept)"] += 1
    return sorted(rows.values())


def commented(text: str) -> str:
    """``text`` as ``#`` comment lines."""
    return "".join(f"# {line}".rstrip() + "\n" for line in text.splitlines())


def licence_notice(reference: Path) -> str:
    """The MIT licence notice of the dictionaries, as comment lines."""
    return commented((reference / "petrarch2" / "LICENSE").read_text(encoding="utf-8").strip())


COMMON = """\
Dates: YYYY-MM-DD, limits included; an empty start or end is an open limit.  The file's
YYMMDD dates read 00-30 as 20YY and 31-99 as 19YY (PETRARCH-2's own reading); its
ten-digit slips (19 + YYYYMMDD) as their last eight digits; a lone date as the start.
"""

HEADERS = {
    "agents.tsv": """\
Generic agent nouns -> CAMEO role codes, written by scripts/build_actor_tables.py
from Phoenix.agents.txt of {source}.
One row per surface form: the phrase, the plural the dictionary gives in {{...}}
(none for {{}}), else the regular plural by its rule (add s; y -> ies; ss -> sses),
and each form of a substitution set (!PERSON! = man, men, woman, women, person).
Corrections to the rule: vowel + y takes s (envoys); no plural after one final s
(victims), a function word (ambassador to) or a non-letter.  position: suffix for
~CODE (the role follows the country: USA + COP), prefix for CODE~ (it precedes:
IGO + USA).  A form listed twice keeps its first code; [~ENV}} is read as [~ENV].
""",
    "armed_groups.tsv": """\
Armed non-state groups -> CAMEO actor codes, written by scripts/build_actor_tables.py
from Phoenix.MilNonState.actors.txt of {source}.
Every name and synonym: the entry's default code, or where it has dated codes only,
the latest of them with its dates.  A name listed twice keeps its first code.
A name with a bracketed qualifier is also listed bare and by a bracketed acronym of
three letters or more ("basque fatherland and freedom", "eta"), unless that form would
have two codes.
""",
    "international_actors.tsv": """\
Intergovernmental bodies, NGOs, multinationals and their officers -> CAMEO actor
codes, written by scripts/build_actor_tables.py from Phoenix.International.actors.txt
of {source}.
Every name and synonym: the entry's default code, or where it has dated codes only,
the latest of them with its dates.  A name listed twice keeps its first code.
A name with a bracketed qualifier is also listed bare and by a bracketed acronym of
three letters or more, unless that form would have two codes.
""",
    "named_people.tsv": """\
Named people and bodies -> CAMEO actor codes with their dates, written by
scripts/build_actor_tables.py from Phoenix.Countries.actors.txt of
{source}.
Every name and synonym of the entries that are not countries (those with a bare
country code: the project has its own country table), one row per code, a name's
rows in the file's order.  A code on a date: the first row whose dates hold it, else
the row with no dates (the default), else none.  The roles date from 2014 at the
latest: an open end means the file knew of no end then, not that the role still holds.
""",
}


COLUMNS = {
    "agents.tsv": ["phrase", "code", "position"],
    "armed_groups.tsv": ["name", "code", "start", "end"],
    "international_actors.tsv": ["name", "code", "start", "end"],
    "named_people.tsv": ["name", "code", "start", "end"],
}


def build(reference: Path) -> tuple[dict[str, str], Counter[str]]:
    """Return the text of each table, keyed by file name, and the count of each repair."""
    folder = reference / "petrarch2"
    problems: Counter[str] = Counter()
    rows = {
        "agents.tsv": agent_rows(folder / "Phoenix.agents.txt", problems),
        "armed_groups.tsv": group_rows(
            read_actors(folder / "Phoenix.MilNonState.actors.txt", problems),
            problems,
            "armed_groups",
        ),
        "international_actors.tsv": group_rows(
            read_actors(folder / "Phoenix.International.actors.txt", problems),
            problems,
            "international_actors",
        ),
        "named_people.tsv": people_rows(
            read_actors(folder / "Phoenix.Countries.actors.txt", problems), problems
        ),
    }
    notice = licence_notice(reference)
    tables = {}
    for name, table in rows.items():
        header = commented(HEADERS[name].format(source=SOURCE))
        if name != "agents.tsv":
            header += commented(COMMON)
        header += "# Licence of the source dictionaries:\n" + notice
        lines = ["\t".join(COLUMNS[name])] + ["\t".join(row) for row in table]
        tables[name] = header + "\n".join(lines) + "\n"
    return tables, problems


def write_tables(reference: Path, folder: Path = OUTPUT) -> dict[str, int]:
    """Write every table into ``folder``; return the number of rows of each."""
    tables, _ = build(reference)
    counts = {}
    for name, text in tables.items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
        counts[name] = sum(1 for line in text.splitlines() if not line.startswith("#")) - 1
    return counts


def main() -> None:
    reference = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference"
    if not (reference / "petrarch2" / "Phoenix.agents.txt").exists():
        sys.exit(f"{reference}: no petrarch2/ dictionaries here; give the reference folder")
    _, problems = build(reference)
    for name, count in write_tables(reference).items():
        size = (OUTPUT / name).stat().st_size
        print(f"{OUTPUT / name}: {count} rows, {size:,} bytes")
    for problem, count in sorted(problems.items()):
        print(f"  {problem}: {count}")


if __name__ == "__main__":
    main()
