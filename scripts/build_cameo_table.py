"""Build src/newsgraph/knowledge/data/cameo.tsv from the public reference tables.

Run once, by hand, when the reference tables change:

    .venv/bin/python scripts/build_cameo_table.py [../shared/reference]

Sources (facts only, as published):
- cameo-codes.txt: CAMEO 0.7b5 codes and labels.  The first ``LABEL:`` line of a code wins;
  ``LABELi`` lines (ICEWS relabelings) and codes with letters in them are not CAMEO codes.
- cameo-goldstein-gdelt.tsv: the Goldstein score of each code as GDELT uses it.
- cameo-to-plover.txt: PLOVER event type and mode of each code (2021 table).

The quad class follows from the root: 01-05 verbal cooperation (1), 06-08 material cooperation
(2), 09-13 verbal conflict (3), 14-20 material conflict (4).  A code missing from the Goldstein
or PLOVER table takes its parent's value (``0211`` -> ``021``), and the note column says so.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "newsgraph" / "knowledge" / "data" / "cameo.tsv"
LABEL = re.compile(r"^LABEL:\s*(\d{2,4})=\s*(.+?)\s*$")
PLOVER = re.compile(r"^(\d{2,4}):\s*([^#]*)#?")


def read_labels(path: Path) -> dict[str, str]:
    """Return code -> label, the first plain ``LABEL`` of each numeric code."""
    labels: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = LABEL.match(line)
        if match and match.group(1) not in labels:
            labels[match.group(1)] = match.group(2).replace("commment", "comment")
    return labels


def read_goldstein(path: Path) -> dict[str, float]:
    """Return code -> Goldstein score from GDELT's table."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    return {code: float(score) for code, score in rows[1:] if code.isdigit()}


def read_plover(path: Path) -> dict[str, tuple[str, str]]:
    """Return code -> (event type, mode) from the CAMEO-to-PLOVER table."""
    table: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PLOVER.match(line)
        if not match or len(match.group(1)) == 2:
            continue
        parts = [part.strip() for part in match.group(2).split(",")]
        table.setdefault(match.group(1), (parts[0], parts[1] if len(parts) > 1 else ""))
    return table


def quad_class(root: str) -> int:
    """Map a two-digit root to its quad class."""
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4


def inherited(code: str, table: dict[str, object]) -> tuple[object, str]:
    """Return the value for ``code`` or its nearest parent, and the code it came from."""
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return table[code[:length]], code[:length]
        if length == 3 and code[:2] + "0" in table:
            return table[code[:2] + "0"], code[:2] + "0"
    return None, ""


def build(reference: Path) -> list[list[str]]:
    """Return the rows of the table, header first."""
    labels = read_labels(reference / "cameo-codes.txt")
    goldstein = read_goldstein(reference / "cameo-goldstein-gdelt.tsv")
    plover = read_plover(reference / "cameo-to-plover.txt")
    rows = [
        ["code", "root", "name", "quad_class", "goldstein", "plover_type", "plover_mode", "note"]
    ]
    for code in sorted(labels):
        score, score_from = inherited(code, goldstein)  # type: ignore[arg-type]
        mapping, plover_from = inherited(code, plover)  # type: ignore[arg-type]
        event_type, mode = mapping if isinstance(mapping, tuple) else ("", "")
        notes = [f"goldstein of {score_from}"] if score_from != code else []
        if mapping and plover_from != code:
            notes.append(f"plover of {plover_from}")
        root = code[:2]
        rows.append(
            [
                code,
                root,
                labels[code],
                str(quad_class(root)),
                f"{score:.1f}" if score is not None else "",
                event_type,
                mode,
                "; ".join(notes),
            ]
        )
    return rows


def main() -> None:
    reference = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference"
    if not (reference / "cameo-codes.txt").exists():
        sys.exit(f"{reference}: no cameo-codes.txt here; give the reference folder as argument")
    rows = build(reference)
    header = (
        "# CAMEO event codes for newsgraph, written by scripts/build_cameo_table.py.\n"
        "# Labels: CAMEO 0.7b5 code list. Goldstein: GDELT's CAMEO.goldsteinscale table.\n"
        "# PLOVER type and mode: CAMEO2PLOVER-2021 table. Quad class from the root.\n"
    )
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header)
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(rows)
    print(f"{OUTPUT}: {len(rows) - 1} codes")


if __name__ == "__main__":
    main()
