"""Geocoding accuracy within 161 km on GeoWebNews (GWN) and LGL, with recall of place mentions.

For each article of ../shared/corpus/geo/{GWN,lgl}.xml the text goes through spaCy and the
entities and locations stages (used as given, like ``--verbatim``).  Predicted locations are
matched to gold toponyms by span overlap; the figures are:
- recall: gold toponyms (with coordinates) overlapped by a predicted location;
- acc@161: share of matched toponyms placed within 161 km of the gold coordinates;
- end to end: share of all gold toponyms placed within 161 km (a missed place counts wrong);
  "without nationality words" leaves out the gold toponyms that are nationality words
  ("Russian", "Mexicans"), which both corpora count as places and the record does not;
- oracle acc@161: the gold toponym span geocoded in its article's context (the resolver alone,
  without recognition errors).
Every article falls in half "A" or "B" by the SHA-1 of "<corpus>:<article id>"
(``events_sets.half_of``); the figures are printed per half and for both.  A fixed-seed sample
of articles keeps it quick; ``--full`` runs every article.

    .venv/bin/python benchmarks/geo_accuracy.py [--articles 60] [--full]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from events_sets import half_of

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


def read(path: Path) -> list[tuple[str, list[tuple[int, int, str, float, float]], str]]:
    """(text, gold toponyms, half) of each article with gold toponyms."""
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        gold = [g for t in article.iter("toponym") if (g := _gold(t))]
        key = article.get("docid") or article.get("file") or ""
        if text and gold:
            articles.append((text, gold, half_of(f"{path.stem}:{key}")))
    return articles


def evaluate(articles, nlp) -> dict[str, float]:
    from newsgraph.extractors import geo
    from newsgraph.extractors.entities import find_entities
    from newsgraph.knowledge.countries import country_by_demonym
    from newsgraph.knowledge.places import distance_km as km
    from newsgraph.types import Article, Document

    gold_total = matched = close = oracle_total = oracle_close = named = named_close = 0
    for (text, gold, _half), doc in zip(articles, nlp.pipe(a[0] for a in articles), strict=True):
        document = Document(article=Article(raw=text, source="geo"), text=text, doc=doc)
        document = geo.geocode(find_entities(document))
        context = geo._article_countries(document.entities)
        context |= {loc.country for loc in document.locations if loc.country}
        for start, end, _name, lat, lon in gold:
            gold_total += 1
            hits = [loc for loc in document.locations if loc.start < end and start < loc.end]
            right = bool(hits) and km(hits[0].lat, hits[0].lon, lat, lon) <= 161
            if hits:
                matched += 1
                close += right
            if not country_by_demonym(text[start:end]):
                named += 1
                named_close += right
            place = geo.resolve(text[start:end], text, [(start, end)], set(context))
            oracle_total += 1
            oracle_close += place is not None and km(place.lat, place.lon, lat, lon) <= 161
    return {"toponyms": gold_total, "matched": matched, "close": close,
            "oracle": oracle_total, "oracle close": oracle_close,
            "named": named, "named close": named_close}  # fmt: skip


def figures(counts: dict[str, int]) -> dict[str, float | int]:
    """Recall, accuracy among found places, end to end and oracle accuracy from the counts."""
    return {
        "toponyms": counts["toponyms"],
        "recall": counts["matched"] / max(counts["toponyms"], 1),
        "acc@161": counts["close"] / max(counts["matched"], 1),
        "end to end": counts["close"] / max(counts["toponyms"], 1),
        "end to end without nationality words": counts["named close"] / max(counts["named"], 1),
        "oracle acc@161": counts["oracle close"] / max(counts["oracle"], 1),
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
        total: dict[str, int] = {}
        for half in ("A", "B", "all"):
            chosen = [a for a in articles if a[2] == half]
            started = time.perf_counter()
            counts = evaluate(chosen, nlp) if half != "all" else total
            if half != "all":
                total = {key: total.get(key, 0) + value for key, value in counts.items()}
            shown = ", ".join(
                f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                for k, v in figures(counts).items()
            )
            took = time.perf_counter() - started
            size = len(chosen) if half != "all" else len(articles)
            print(f"{name} half {half}: {size} articles, {shown} ({took:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
