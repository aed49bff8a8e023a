"""Which of an article's place names could lie near a given place.

Local news names places that lie close together: in "Paris and Henry County", Paris,
Tennessee lies inside Henry County, Tennessee, while Paris, Illinois is 300 km from the
Henry County of that state.  For a candidate place, the number of the article's *other*
names with a gazetteer candidate (town or county) within ``RADIUS_KM`` is evidence for it;
half evidence where that candidate is only a ZIP-directory town (no population known), a
weak reading of a name like "Houston".
"""

from __future__ import annotations

import math
from collections import defaultdict

from newsgraph.knowledge.places import Place, distance_km

RADIUS_KM = 40.0
_LOCAL = ("city", "admin2")
_MOST = 200  # candidates per name: enough for "Springfield", bounded for speed


def _cell(lat: float, lon: float) -> tuple[int, int]:
    # One-degree cells: the 3x3 block around a point covers the radius below latitude 65.
    return math.floor(lat), math.floor(lon)


class Neighbours:
    """An index of the towns and counties each of an article's place names may be."""

    def __init__(self, candidates: dict[str, list[Place]]) -> None:
        self._cells: dict[tuple[int, int], list[tuple[str, Place]]] = defaultdict(list)
        for name, found in candidates.items():
            for place in found[:_MOST]:
                if place.feature in _LOCAL:
                    self._cells[_cell(place.lat, place.lon)].append((name, place))

    def count(self, place: Place, own: str) -> float:
        """How many names other than ``own`` may be a town or county near ``place``."""
        if place.feature not in _LOCAL:
            return 0.0
        row, column = _cell(place.lat, place.lon)
        near: dict[str, float] = {}
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                for name, other in self._cells.get((row + dr, column + dc), ()):
                    if name == own:
                        continue
                    if distance_km(place.lat, place.lon, other.lat, other.lon) <= RADIUS_KM:
                        weight = 1.0 if other.population else 0.5
                        near[name] = max(weight, near.get(name, 0.0))
        return sum(near.values())
