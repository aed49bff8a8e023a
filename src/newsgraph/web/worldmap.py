"""An offline world map drawn as SVG from Natural Earth country shapes.

The shapes are npm's ``world-atlas`` package (TopoJSON, 1:110m), installed by ``make map``
into ``map/node_modules`` (never committed); ``newsgraph serve --map-file`` names another
copy.  The TopoJSON is decoded here (arcs delta-decoded, rings stitched from arcs), projected
equirectangularly and turned into SVG paths once per process.  Without the file the map is a
message saying how to install it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

WIDTH, HEIGHT = 960, 480
DEFAULT_MAP = (
    Path(__file__).resolve().parents[3]
    / "map"
    / "node_modules"
    / "world-atlas"
    / "countries-110m.json"
)
"""Where ``make map`` installs the shapes (beside the package's source checkout)."""

MISSING = (
    "The world map's shapes are not installed: run `make map` (npm's world-atlas package), "
    "or start the server with --map-file PATH to a countries TopoJSON file."
)


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular: longitude and latitude to SVG coordinates."""
    return (lon + 180) * WIDTH / 360, (90 - lat) * HEIGHT / 180


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc as absolute longitude/latitude points (quantised arcs are delta-encoded)."""
    transform = topology.get("transform")
    decoded = []
    for arc in topology["arcs"]:
        points, x, y = [], 0.0, 0.0
        for point in arc:
            if transform:
                x, y = x + point[0], y + point[1]
                (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((point[0], point[1]))
        decoded.append(points)
    return decoded


def _ring(indexes: Iterable[int], arcs: list[list[tuple[float, float]]]) -> str:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)  # each arc starts where the last ended
    # A ring crossing the antimeridian jumps across the whole map: lift the pen there.
    path, previous = [], None
    for lon, lat in points:
        x, y = project(lon, lat)
        step = "M" if previous is None or abs(lon - previous) > 180 else "L"
        path.append(f"{step}{x:.1f},{y:.1f}")
        previous = lon
    return "".join(path) + "Z"


def _path(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> str:
    polygons = geometry.get("arcs") or []
    if geometry.get("type") == "Polygon":
        polygons = [polygons]
    elif geometry.get("type") != "MultiPolygon":
        return ""
    return "".join(_ring(ring, arcs) for polygon in polygons for ring in polygon)


@functools.cache
def country_paths(path: Path) -> tuple[tuple[str, str, str], ...]:
    """(ISO alpha-3 code or "", name, SVG path) for each country in the TopoJSON at ``path``."""
    import pycountry

    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        found = pycountry.countries.get(numeric=str(geometry.get("id") or "").zfill(3))
        name = (geometry.get("properties") or {}).get("name") or ""
        countries.append((found.alpha_3 if found else "", name, _path(geometry, arcs)))
    return tuple(countries)


@functools.cache
def world_svg(path: Path) -> str:
    """The whole world as one SVG document, every country plain: the map's base layer,
    served once at ``/map/world.svg`` and kept by the browser.  Its colours are attributes
    (the page's stylesheet does not reach into an image)."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}">',
        f'<rect fill="#eaf2fa" width="{WIDTH}" height="{HEIGHT}"/>',
        '<g fill="#d8d8d8" stroke="#ffffff" stroke-width="0.4">',
    ]
    for _, name, shape in country_paths(path):
        parts.append(f'<path d="{shape}"><title>{escape(name)}</title></path>')
    parts.append("</g></svg>")
    return "".join(parts)


def world_map(
    places: list[dict[str, Any]], countries: Iterable[str], path: Path | None = None
) -> Markup:
    """The world with ``countries`` (alpha-3 codes) shaded and ``places`` (rows with
    ``place``, ``lat``, ``lon``, ``events``) as dots sized by their events: an overlay of
    just those on the base layer (``world_svg``), so a page carries only what is its own."""
    path = path or DEFAULT_MAP
    if not path.is_file():
        return Markup(f'<p class="map-missing">{escape(MISSING)}</p>')
    shaded = set(countries)
    parts = [
        '<div class="map-stack"><img src="/map/world.svg" alt="world map" width="960" '
        f'height="480"><svg class="chart map overlay" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'role="img" aria-label="places of the events">',
    ]
    for code, name, shape in country_paths(path):
        if code and code in shaded:
            parts.append(
                f'<path class="country hit" d="{shape}"><title>{escape(name)}</title></path>'
            )
    most = max((p["events"] for p in places), default=1)
    for place in places:
        x, y = project(place["lon"], place["lat"])
        radius = 2.5 + 6 * (place["events"] / most) ** 0.5
        label = escape(f"{place['place']}: {place['events']} events")
        parts.append(
            f'<circle class="place" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}">'
            f"<title>{label}</title></circle>"
        )
    parts.append("</svg></div>")
    return Markup("".join(parts))
