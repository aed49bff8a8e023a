"""Rows on standard output: a table that fits the terminal, one block per row, JSON or CSV.

A table is sized to the terminal (``shutil.get_terminal_size``): when the columns' natural
widths do not fit, the widest are narrowed first and their cells cut with "…"; ``wide`` keeps
every cell whole however long the lines get, and ``full`` prints each row as a block of
``column: value`` lines wrapped to the terminal, so long quotes and sentences read whole.
CSV always has a header (an empty result is a header alone) and quotes every text value, so
a code such as ``042`` reads back as text with the csv module; pandas still guesses numbers
from quoted fields, so read with ``dtype=str`` (or ``dtype={"code": str}``), as docs/store.md
says.
"""

from __future__ import annotations

import csv
import json
import shutil
import textwrap
from collections.abc import Sequence
from typing import Any, TextIO

Rows = list[dict[str, Any]]
MIN_CELL = 6
"""A narrowed column keeps at least this many characters (or its header's width)."""
GAP = 2
KEEP_WHOLE = 16
"""A column whose values all fit in this many characters is never narrowed (dates, ids)."""


def terminal_width() -> int:
    """The terminal's width in characters (the ``COLUMNS`` variable wins; 100 off a terminal)."""
    return max(20, shutil.get_terminal_size((100, 24)).columns)


def pick_columns(rows: Rows, columns: Sequence[str] | None, known: Sequence[str]) -> list[str]:
    """The columns to show: those asked for, else every column of the rows (or ``known``)."""
    present = list(rows[0]) if rows else list(known)
    if not columns:
        return present
    return [c for c in columns if c in present or not rows]


def print_rows(
    rows: Rows,
    output: str,
    out: TextIO,
    *,
    columns: Sequence[str] | None = None,
    wide: bool = False,
    full: bool = False,
    width: int | None = None,
) -> None:
    """Write ``rows`` (only ``columns``, when given) as a table, blocks, JSON or CSV."""
    names = list(columns) if columns else (list(rows[0]) if rows else [])
    if output == "json":
        chosen = [{c: row.get(c) for c in names} for row in rows] if columns else rows
        out.write(json.dumps(chosen, ensure_ascii=False, indent=2) + "\n")
    elif output == "csv":
        write_csv(rows, names, out)
    elif full:
        out.write(format_blocks(rows, names, width or terminal_width()) + "\n")
    else:
        out.write(format_table(rows, names, None if wide else (width or terminal_width())) + "\n")


def write_csv(rows: Rows, columns: Sequence[str], out: TextIO) -> None:
    """CSV with a header row; text is quoted (``"042"``), numbers and blanks are not."""
    csv.writer(out, lineterminator="\n").writerow(columns)  # names: no quotes needed
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    for row in rows:
        writer.writerow([_csv_value(row.get(c)) for c in columns])


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""  # QUOTE_NONNUMERIC would write "" for None either way; keep it explicit
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def format_table(rows: Rows, columns: Sequence[str] | None = None, width: int | None = None) -> str:
    """Rows as a plain text table no wider than ``width`` (None: as wide as the cells)."""
    if not rows:
        return "(no rows)"
    columns = list(columns or rows[0])
    cells = [[_text(row.get(c)) for c in columns] for row in rows]
    natural = [max(len(c), *(len(line[i]) for line in cells)) for i, c in enumerate(columns)]
    prose = next((columns.index(c) for c in PROSE if c in columns), None)
    widths = natural if width is None else fit(natural, [len(c) for c in columns], width, prose)
    cut = [[_cut(cell, w) for cell, w in zip(line, widths, strict=True)] for line in cells]
    heads = [_cut(c, w) for c, w in zip(columns, widths, strict=True)]
    lines = [_join(heads, widths), _join(["-" * w for w in widths], widths)]
    lines += [_join(line, widths) for line in cut]
    return "\n".join(lines)


PROSE = ("sentence", "text", "snippet", "aliases")
"""Columns of running text: the first one present gets half the room a narrowed table has."""


def fit(natural: list[int], headers: list[int], width: int, prose: int | None = None) -> list[int]:
    """Column widths that fit in ``width``: the widest columns are narrowed first, to one
    common cap; short columns (dates, codes, ids) stay whole while they can.  The ``prose``
    column (an index) gets up to half the room, so a sentence stays legible; on a terminal
    too narrow for that, every column is narrowed alike.
    """
    room = width - GAP * (len(natural) - 1)
    if sum(natural) <= room:
        return natural
    if prose is not None:
        others = natural[:prose] + natural[prose + 1 :]
        heads = headers[:prose] + headers[prose + 1 :]
        floor = sum(_floors(others, heads))
        if floor + min(natural[prose], max(MIN_CELL, room // 4)) <= room:
            share = min(natural[prose], max(room // 2, room - sum(others)), room - floor)
            rest = _capped(others, heads, room - share)
            share = min(natural[prose], room - sum(rest))
            return [*rest[:prose], share, *rest[prose:]]
    return _capped(natural, headers, room)


def _floors(natural: list[int], headers: list[int]) -> list[int]:
    """The narrowest each column should go: short ones whole, long ones about their header."""
    return [
        n if n <= KEEP_WHOLE else max(MIN_CELL, min(h, 12))
        for n, h in zip(natural, headers, strict=True)
    ]


def _capped(natural: list[int], headers: list[int], room: int) -> list[int]:
    if sum(natural) <= room:
        return natural
    floors = _floors(natural, headers)
    if sum(floors) > room:  # a narrow terminal: every column may be cut
        floors = [min(n, MIN_CELL) for n in natural]
    low, high = 0, max(natural, default=0)
    while low < high:  # the largest cap that fits
        cap = (low + high + 1) // 2
        if sum(max(f, min(n, cap)) for n, f in zip(natural, floors, strict=True)) <= room:
            low = cap
        else:
            high = cap - 1
    return [max(f, min(n, low)) for n, f in zip(natural, floors, strict=True)]


def format_blocks(rows: Rows, columns: Sequence[str], width: int) -> str:
    """Each row as ``column: value`` lines, long values wrapped under their column."""
    if not rows:
        return "(no rows)"
    label = max(len(c) for c in columns) + 2
    blocks = []
    for row in rows:
        lines = []
        for column in columns:
            text = _text(row.get(column))
            wrapped = textwrap.wrap(text, max(20, width - label)) or [""]
            lines.append(f"{column + ':':<{label}}{wrapped[0]}".rstrip())
            lines += [" " * label + more for more in wrapped[1:]]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = f"{value:.2f}"
    return " ".join(str(value).split())


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _join(cells: list[str], widths: list[int]) -> str:
    return (" " * GAP).join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
