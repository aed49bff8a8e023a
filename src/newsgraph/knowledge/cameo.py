"""The CAMEO event code table: label, root, quad class, Goldstein score and PLOVER mapping.

The table lives in ``data/cameo.tsv`` (built by ``scripts/build_cameo_table.py`` from the public
CAMEO, GDELT Goldstein and CAMEO-to-PLOVER tables) so the package needs nothing outside itself.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from newsgraph.errors import ConfigError


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code and what the project's table says about it."""

    code: str
    root: str
    name: str
    quad_class: int
    goldstein: float
    plover_type: str
    plover_mode: str

    @property
    def plover(self) -> dict[str, str] | None:
        """The PLOVER event type and mode, or None where PLOVER has no counterpart."""
        if not self.plover_type:
            return None
        return {"event_type": self.plover_type, "mode": self.plover_mode}


@functools.cache
def cameo_table() -> dict[str, CameoCode]:
    """Return every CAMEO code in the table, keyed by code; read once per process."""
    text = resources.files("newsgraph.knowledge").joinpath("data/cameo.tsv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    table = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        table[row["code"]] = CameoCode(
            code=row["code"],
            root=row["root"],
            name=row["name"],
            quad_class=int(row["quad_class"]),
            goldstein=float(row["goldstein"]),
            plover_type=row["plover_type"],
            plover_mode=row["plover_mode"],
        )
    return table


def lookup(code: str) -> CameoCode:
    """Return the table entry of ``code``; raise ``ConfigError`` for a code CAMEO lacks."""
    try:
        return cameo_table()[code]
    except KeyError:
        raise ConfigError(
            f"{code!r} is not a CAMEO event code in knowledge/data/cameo.tsv"
        ) from None
