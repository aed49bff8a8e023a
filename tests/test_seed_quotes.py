"""The seed articles' quotes and counts meet their expectations in ../shared/gold/seeds.json."""

from __future__ import annotations


def _normal(text: str) -> str:
    return " ".join(text.split())


def _cases(seed_gold: dict, field: str) -> list[tuple[str, dict]]:
    return [(name, case) for name, gold in seed_gold.items() for case in gold.get(field, [])]


def test_every_expected_quote_is_found_with_its_speaker(seed_gold, seed_records):
    failures = []
    for name, expected in _cases(seed_gold, "quotes"):
        quotes = seed_records[name]["quotes"]
        # The expectation may give only the opening sentences of a longer quotation.
        found = [q for q in quotes if _normal(expected["text"]) in _normal(q["text"])]
        if not found:
            failures.append(f"{name}: missing quote {expected['text'][:60]!r}")
        elif found[0]["speaker_name"] not in expected["speaker"]:
            failures.append(
                f"{name}: {expected['text'][:40]!r} said by {found[0]['speaker_name']!r}, "
                f"expected one of {expected['speaker']}"
            )
    assert not failures, "\n".join(failures)


def test_quote_offsets_index_the_text(seed_records):
    for record in seed_records.values():
        for quote in record["quotes"]:
            assert record["text"][quote["start"] : quote["end"]] == quote["text"]


def test_every_expected_count_is_found(seed_gold, seed_records):
    failures = []
    for name, expected in _cases(seed_gold, "counts"):
        counts = [c for c in seed_records[name]["counts"] if c["number"] == expected["number"]]
        wanted = expected.get("object_has")
        if not counts:
            failures.append(f"{name}: no count of {expected['number']}")
        elif wanted and not any(wanted in (c["object"] or "") for c in counts):
            failures.append(f"{name}: count {expected['number']} lacks object {wanted!r}")
    assert not failures, "\n".join(failures)
