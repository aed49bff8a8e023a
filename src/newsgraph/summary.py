"""A readable summary of records, for people rather than programs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from newsgraph.types import Record


def print_summary(records: Iterable[Record], out: TextIO) -> None:
    """Print one block per article and totals at the end."""
    totals: Counter[str] = Counter()
    actors: Counter[str] = Counter()
    for record in records:
        totals["articles"] += 1
        title = record.get("title") or record["text"][:70].replace("\n", " ") + "…"
        out.write(f"\n{title}\n  id {record['id']}  ·  {len(record['text'].split())} words")
        if record.get("published"):
            out.write(f"  ·  {record['published']}")
        out.write("\n")
        for field in ("removed", "entities", "locations", "quotes", "counts", "events"):
            totals[field] += len(record[field])
        parts = [f"{len(record[f])} {f}" for f in ("entities", "locations", "quotes", "events")]
        out.write(f"  {', '.join(parts)}; {len(record['removed'])} pieces of boilerplate removed\n")
        for entity in record["entities"]:
            if entity.get("actor"):
                actors[f"{entity['name']} ({entity['actor']})"] += len(entity["mentions"])
        for quote in record["quotes"][:2]:
            who = quote.get("speaker_name") or "unattributed"
            out.write(f"  “{_short(quote['text'])}” — {who}\n")
        for event in record["events"][:3]:
            src = (event.get("source") or {}).get("actor") or "?"
            tgt = (event.get("target") or {}).get("actor") or "?"
            out.write(f"  event {event['code']} {event['name']}: {src} → {tgt}\n")
    out.write(
        f"\n{totals['articles']} articles: {totals['entities']} entities, "
        f"{totals['locations']} locations, {totals['quotes']} quotes, {totals['counts']} counts, "
        f"{totals['events']} events; {totals['removed']} boilerplate pieces removed\n"
    )
    if actors:
        top = ", ".join(name for name, _ in actors.most_common(8))
        out.write(f"Top actors: {top}\n")


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
