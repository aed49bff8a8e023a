"""A short human report of a store: what it holds, who acts, what kind of events, who said what."""

from __future__ import annotations

from typing import Any, TextIO

from newsgraph.store.commands import format_table
from newsgraph.store.queries import QUAD_CLASSES, mention_total, quad_class_totals, top_actors


def write_report(store: Any, out: TextIO, quotes: int = 5) -> None:
    """Write the report of ``store`` to ``out``.

    Articles are publications (a text printed by six outlets is six articles, one text);
    event mentions are counted in every publication, as GDELT's NumMentions are.
    """
    counts = store.table_counts()
    stories = store.stories(min_articles=2, limit=1000)
    copies = sum(story["num_articles"] for story in stories)
    out.write(
        f"{counts['publications']} articles ({counts['articles']} distinct texts) in "
        f"{counts['stories']} stories "
        f"({len(stories)} stories have copies, {copies} articles among them); "
        f"{counts['event_groups']} events from {mention_total(store.conn)} event mentions; "
        f"{counts['quotes']} quotes; {counts['entities']} entities; "
        f"{counts['rejections']} rejected inputs.\n"
    )
    actors = top_actors(store.conn)
    out.write("\nTop actors (events as source or target)\n")
    if actors:
        out.write(format_table(actors) + "\n")
    else:
        entities = store.entities(top=10)
        out.write("(no coded events yet; most mentioned entities instead)\n")
        out.write(format_table([{k: e[k] for k in ("name", "type", "mentions")} for e in entities]))
        out.write("\n")
    out.write("\nEvents by quad class\n")
    totals = [
        {"quad_class": f"{row['quad_class']} {QUAD_CLASSES.get(row['quad_class'], '')}",
         "events": row["events"], "mentions": row["mentions"],
         "mean_goldstein": row["mean_goldstein"]}
        for row in quad_class_totals(store.conn)
    ]  # fmt: skip
    out.write(format_table(totals) + "\n")
    out.write("\nQuotes\n")
    shown: set[tuple[str, str]] = set()
    for quote in store.quotes(limit=quotes * 20):
        # Copies of one wire story repeat its quotes: show each saying once.
        key = (quote["speaker"] or "", quote["text"])
        if key in shown or len(shown) >= quotes:
            continue
        shown.add(key)
        out.write(f"- {key[0] or '(unattributed)'}: “{_short(quote['text'])}”\n")
    if not counts["quotes"]:
        out.write("(none)\n")


def _short(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
