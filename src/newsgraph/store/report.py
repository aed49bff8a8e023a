"""A short human report of a store: what it holds, who acts, what kind of events, who said what."""

from __future__ import annotations

from typing import Any, TextIO

from newsgraph.store.display import format_table
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
    out.write("\nNext, try\n")
    for command in next_commands(store):
        out.write(f"  {command}\n")


def report_data(store: Any, quotes: int = 5) -> dict[str, Any]:
    """The report as data (``report --output json``): counts, top actors, quad classes,
    quotes and the suggested next commands."""
    return {
        "counts": store.table_counts(),
        "event_mentions": mention_total(store.conn),
        "top_actors": top_actors(store.conn),
        "quad_classes": [
            {**row, "name": QUAD_CLASSES.get(row["quad_class"])}
            for row in quad_class_totals(store.conn)
        ],
        "quotes": store.quotes(limit=quotes),
        "next": next_commands(store),
    }


def next_commands(store: Any) -> list[str]:
    """Three commands worth running next on this store, built from what it holds."""
    db = "" if str(store.path) == "newsgraph.db" else f" --db {_quoted(str(store.path))}"
    people = store.entities(type="PERSON", top=2)
    first = people[0]["name"] if people else None
    suggestions = []
    if first:
        suggestions.append(f"newsgraph events --entity {_quoted(first)}{db}")
    else:
        suggestions.append(f"newsgraph events --quad 4{db}")
    speaker = next((q["speaker"] for q in store.quotes(limit=20) if q["speaker"]), None)
    if speaker:
        suggestions.append(f"newsgraph quotes --speaker {_quoted(speaker)} --full{db}")
    else:
        suggestions.append(f"newsgraph count events --by root{db}")
    suggestions.append(f"newsgraph count events --by dyad{db}")
    return suggestions


def _quoted(value: str) -> str:
    """A value as a shell word (quoted when it holds spaces or shell characters)."""
    import shlex

    return shlex.quote(value)


def _short(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
