"""The seed articles' events: every expectation of ../shared/gold/seeds.json holds, and every
event is stated in the clean text, none in what cleaning removed."""

from __future__ import annotations

import pytest

from newsgraph.extractors.events import find_events
from newsgraph.ingest import read_inputs
from newsgraph.record import to_record


@pytest.fixture(scope="module")
def seed_events(shared, seed_gold, pipeline) -> dict:
    """Each seed's record with events, through the pipeline's own stages when it runs events."""
    paths = [str(shared / "seeds" / name) for name in seed_gold]
    runs_events = any(stage.name == "events" for stage in pipeline.stages)
    records = {}
    for name, document in zip(seed_gold, pipeline.run_many(read_inputs(paths)), strict=True):
        assert not hasattr(document, "reason"), f"{name} was rejected: {document}"
        records[name] = to_record(document if runs_events else find_events(document))
    return records


def _code(side: dict | None) -> str:
    return (side or {}).get("actor") or ""


def _holds(expected: dict, event: dict) -> bool:
    if event["root"] not in expected["root"]:
        return False
    source, target = _code(event["source"]), _code(event["target"])
    ways = [(source, target)] + ([(target, source)] if expected.get("undirected") else [])
    return any(
        s.startswith(expected["source"]) and t.startswith(expected["target"]) for s, t in ways
    )


def _expectations(seed_gold: dict) -> list[tuple[str, dict]]:
    return [(name, e) for name, gold in seed_gold.items() for e in gold.get("events", [])]


def test_every_seed_event_expectation_holds(seed_gold, seed_events):
    missing = []
    for name, expected in _expectations(seed_gold):
        if not any(_holds(expected, event) for event in seed_events[name]["events"]):
            missing.append((name, expected))
    assert not missing, missing


def test_seed_events_are_stated_in_the_clean_text(seed_events):
    for name, record in seed_events.items():
        text = record["text"]
        removed = [item["text"] for item in record["removed"]]
        assert record["events"], name
        for event in record["events"]:
            sentence = text[event["start"] : event["end"]]
            assert 0 <= event["start"] < event["end"] <= len(text)
            for mention in event["mentions"]:
                assert 0 <= mention["start"] < mention["end"] <= len(text)
            assert not any(sentence.strip() in part for part in removed if part.strip()), (
                name, sentence)  # fmt: skip


def test_seed_events_carry_their_provenance(seed_events):
    for record in seed_events.values():
        for event in record["events"]:
            assert event["trigger"]
            assert event["name"] and event["root"] == event["code"][:2]
            assert event["quad_class"] in (1, 2, 3, 4)
            assert 0 < event["confidence"] <= 1
            assert event["source"] or event["target"]
