"""Charts drawn on the server as SVG: events over time by quad class with the mean Goldstein
score, and the network of actors one actor deals with.  Colours come from the stylesheet
(classes ``q1``..``q4``, ``coop``, ``conflict``), so the pages need no inline style."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from newsgraph.store.queries import QUAD_CLASSES

QUAD_COLUMNS = [label.replace(" ", "_") for label in QUAD_CLASSES.values()]


def timeline_chart(rows: list[dict[str, Any]], width: int = 760, height: int = 240) -> Markup:
    """Stacked bars of events per period by quad class, and a line of mean Goldstein
    (right axis, -10 to 10).  ``rows`` are those of ``queries.timeline``."""
    if not rows:
        return Markup('<p class="empty">No dated events.</p>')
    rows = with_empty_periods(rows)
    left, right, top, bottom = 40, 40, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    tallest = max(row["events"] for row in rows) or 1
    step = plot_w / len(rows)
    bar = max(step * 0.8, 1.0)
    parts = [
        f'<svg class="chart timeline" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="events over time by quad class">',
        f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}"/>',
        f'<text class="tick" x="{left - 4}" y="{top + 8}" text-anchor="end">{tallest}</text>',
        f'<text class="tick" x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>',
        f'<text class="tick" x="{left + plot_w + 4}" y="{top + 8}">+10</text>',
        f'<text class="tick" x="{left + plot_w + 4}" y="{top + plot_h}">-10</text>',
    ]
    line = []
    for number, row in enumerate(rows):
        x = left + number * step + (step - bar) / 2
        y = float(top + plot_h)
        for quad, column in enumerate(QUAD_COLUMNS, start=1):
            count = row.get(column) or 0
            if not count:
                continue
            h = plot_h * count / tallest
            y -= h
            label = escape(f"{row['period']}: {count} {QUAD_CLASSES[quad]}")
            parts.append(
                f'<rect class="bar q{quad}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}"><title>{label}</title></rect>'
            )
        if row.get("mean_goldstein") is not None:
            gy = top + plot_h * (10 - row["mean_goldstein"]) / 20
            line.append(f"{x + bar / 2:.1f},{gy:.1f}")
    if line:
        parts.append(f'<polyline class="goldstein" points="{" ".join(line)}"/>')
    for row, anchor, x in ((rows[0], "start", left), (rows[-1], "end", left + plot_w)):
        parts.append(
            f'<text class="tick" x="{x}" y="{height - 8}" text-anchor="{anchor}">'
            f"{escape(row['period'])}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def with_empty_periods(rows: list[dict[str, Any]], most: int = 800) -> list[dict[str, Any]]:
    """``rows`` with a row of no events for each day or week between them that had none, so
    the bars stand at even steps of time (left as they are past ``most`` periods)."""
    try:
        days = [dt.date.fromisoformat(str(row["period"])[:10]) for row in rows]
    except ValueError:  # not dates: nothing to fill
        return rows
    gaps = {(later - earlier).days for earlier, later in itertools.pairwise(days)}
    step = 7 if gaps and all(gap % 7 == 0 for gap in gaps) else 1
    if (days[-1] - days[0]).days // step >= most:
        return rows
    found = {str(row["period"])[:10]: row for row in rows}
    filled, day = [], days[0]
    while day <= days[-1]:
        filled.append(found.get(day.isoformat(), {"period": day.isoformat(), "events": 0}))
        day += dt.timedelta(days=step)
    return filled


def network_chart(
    center: str,
    others: list[dict[str, Any]],
    links: Sequence[dict[str, Any]] = (),
    size: int = 420,
) -> Markup:
    """``center`` amid the actors it has events with (rows of ``browse.counterparts``): a
    line per counterpart, thicker for more events, coloured by mean Goldstein, and thin
    dashed lines for the events among them (``links``, rows of ``browse.links_among``); each
    node links to its actor page and each line to the pair's page."""
    if not others:
        return Markup('<p class="empty">No counterparts with actor codes.</p>')
    mid = size / 2
    radius = size / 2 - 50
    most = max(row["events"] for row in others)
    edges, nodes = [], [_node(center, mid, mid, "center")]
    spots = {}
    for number, row in enumerate(others):
        angle = 2 * math.pi * number / len(others) - math.pi / 2
        spots[row["actor"]] = (mid + radius * math.cos(angle), mid + radius * math.sin(angle))
    for link in links:
        if link["a"] in spots and link["b"] in spots and center not in (link["a"], link["b"]):
            edges.append(_side_edge(link, spots[link["a"]], spots[link["b"]]))
    for row in others:
        x, y = spots[row["actor"]]
        kind = "coop" if (row.get("mean_goldstein") or 0) >= 0 else "conflict"
        stroke = 1 + 7 * row["events"] / most
        label = escape(
            f"{center} – {row['actor']}: {row['events']} events, mean Goldstein "
            f"{row.get('mean_goldstein')}"
        )
        href = f"/dyads/{quote(center)}/{quote(row['actor'])}"
        edges.append(
            f'<a href="{href}"><line class="edge {kind}" x1="{mid}" y1="{mid}" x2="{x:.1f}" '
            f'y2="{y:.1f}" stroke-width="{stroke:.1f}"><title>{label}</title></line></a>'
        )
        nodes.append(_node(row["actor"], x, y, "other"))
    return Markup(
        f'<svg class="chart network" viewBox="0 0 {size} {size}" role="img" '
        f'aria-label="actors interacting with {escape(center)}">'
        + "".join(edges)
        + "".join(nodes)
        + "</svg>"
    )


def _side_edge(link: dict[str, Any], one: tuple[float, float], two: tuple[float, float]) -> str:
    kind = "coop" if (link.get("mean_goldstein") or 0) >= 0 else "conflict"
    label = escape(f"{link['a']} – {link['b']}: {link['events']} events")
    return (
        f'<a href="/dyads/{quote(link["a"])}/{quote(link["b"])}"><line class="edge side {kind}" '
        f'x1="{one[0]:.1f}" y1="{one[1]:.1f}" x2="{two[0]:.1f}" y2="{two[1]:.1f}">'
        f"<title>{label}</title></line></a>"
    )


def _node(code: str, x: float, y: float, kind: str) -> str:
    name = escape(code)
    return (
        f'<a href="/actors/{quote(code)}"><circle class="node {kind}" cx="{x:.1f}" cy="{y:.1f}" '
        f'r="{22 if kind == "center" else 16}"/><text class="label" x="{x:.1f}" y="{y + 4:.1f}" '
        f'text-anchor="middle">{name}</text></a>'
    )
