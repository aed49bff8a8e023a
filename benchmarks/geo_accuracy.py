"""Geocoding accuracy within 161 km on GeoWebNews (GWN) and LGL, with recall of place mentions.

For each article of ../shared/corpus/geo/{GWN,lgl}.xml the text goes through spaCy and the
entities and locations stages (used as given, like ``--verbatim``).  Predicted locations are
matched to gold toponyms by span overlap; the figures are:
- recall: gold toponyms (with coordinates) overlapped by a predicted location;
- acc@161: share of matched toponyms placed within 161 km of the gold coordinates;
- oracle acc@161: the gold toponym span geocoded in its article's context (the resolver alone,
  without recognition errors).
A fixed-seed sample of articles keeps it quick; ``--full`` runs every article.

    .venv/bin/python benchmarks/geo_accuracy.py [--articles 60] [--full]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "geo"


def _gold(toponym: ET.Element) -> tuple[int, int, str, float, float] | None:
    """(start, end, name, lat, lon) of a GWN or LGL toponym with coordinates."""
    start, end = toponym.findtext("start"), toponym.findtext("end")
    lat = toponym.findtext("latitude") or toponym.findtext("gaztag/lat")
    lon = toponym.findtext("longitude") or toponym.findtext("gaztag/lon")
    name = toponym.findtext("extractedName") or toponym.findtext("phrase") or ""
    if not (start and end and lat and lon):
        return None
    return int(start), int(end), name, float(lat), float(lon)


def read(path: Path) -> list[tuple[str, list[tuple[int, int, str, float, float]]]]:
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        gold = [g for t in article.iter("toponym") if (g := _gold(t))]
        if text and gold:
            articles.append((text, gold))
    return articles


def evaluate(articles, nlp) -> dict[str, float]:
    from newsgraph.extractors import geo
    from newsgraph.extractors.entities import find_entities
    from newsgraph.knowledge.places import distance_km as km
    from newsgraph.types import Article, Document

    gold_total = matched = close = oracle_total = oracle_close = 0
    for (text, gold), doc in zip(articles, nlp.pipe(t for t, _ in articles), strict=True):
        document = Document(article=Article(raw=text, source="geo"), text=text, doc=doc)
        document = geo.geocode(find_entities(document))
        context = geo._article_countries(document.entities)
        context |= {loc.country for loc in document.locations if loc.country}
        for start, end, _name, lat, lon in gold:
            gold_total += 1
            hits = [loc for loc in document.locations if loc.start < end and start < loc.end]
            if hits and hits[0].lat is not None:
                matched += 1
                close += km(hits[0].lat, hits[0].lon, lat, lon) <= 161
            place = geo.resolve(text[start:end], text, [(start, end)], set(context))
            oracle_total += 1
            oracle_close += place is not None and km(place.lat, place.lon, lat, lon) <= 161
    return {
        "toponyms": gold_total,
        "recall": matched / max(gold_total, 1),
        "acc@161": close / max(matched, 1),
        "oracle acc@161": oracle_close / max(oracle_total, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60, help="articles sampled per corpus")
    parser.add_argument("--full", action="store_true", help="every article")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skip: {CORPUS} is not present")
        return 0
    from newsgraph.pipeline import load_model

    nlp = load_model()
    for name in ("GWN.xml", "lgl.xml"):
        articles = read(CORPUS / name)
        if not args.full:
            articles = random.Random(7).sample(articles, min(args.articles, len(articles)))
        started = time.perf_counter()
        figures = evaluate(articles, nlp)
        shown = ", ".join(
            f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items()
        )
        print(f"{name}: {len(articles)} articles, {shown} ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
