"""Every entity and location expectation of the two seed articles holds."""

from __future__ import annotations

import math

import pytest

from newsgraph.knowledge.countries import normalise

SEEDS = ("000_cd90ae09530d58b9.txt", "002_cf8a72a5df2f920d.txt")


def _names(entity: dict) -> set[str]:
    return {normalise(n) for n in [entity["name"], *entity["aliases"]]}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def _expectations(seed_gold: dict, field: str) -> list[tuple[str, object]]:
    return [(seed, item) for seed in SEEDS for item in seed_gold[seed].get(field, [])]


@pytest.mark.parametrize("seed", SEEDS)
def test_expected_entities(seed_gold, seed_records, seed):
    record = seed_records[seed]
    for expected in seed_gold[seed]["entities"]:
        wanted = {normalise(n) for n in expected["names"]}
        found = [e for e in record["entities"] if wanted <= _names(e)]
        assert found, f"no entity named {expected['names']}"
        entity = found[0]
        for field in ("type", "country", "actor"):
            if field in expected:
                assert entity[field] == expected[field], (expected["names"], field, entity)


@pytest.mark.parametrize("seed", SEEDS)
def test_boilerplate_names_are_not_entities(seed_gold, seed_records, seed):
    names = set().union(*(_names(e) for e in seed_records[seed]["entities"]))
    for lacking in seed_gold[seed]["entities_lacks"]:
        assert normalise(lacking) not in names


@pytest.mark.parametrize("seed", SEEDS)
def test_expected_locations(seed_gold, seed_records, seed):
    locations = seed_records[seed]["locations"]
    for expected in seed_gold[seed]["locations"]:
        found = [loc for loc in locations if normalise(loc["name"]) == normalise(expected["name"])]
        assert found, f"{expected['name']} not geocoded"
        for loc in found:
            assert loc["country"] == expected["country"]
            distance = _km(loc["lat"], loc["lon"], expected["lat"], expected["lon"])
            assert distance < 161, (expected["name"], distance)


@pytest.mark.parametrize("seed", SEEDS)
def test_mentions_index_the_text(seed_records, seed):
    record = seed_records[seed]
    for entity in record["entities"]:
        for mention in entity["mentions"]:
            assert 0 <= mention["start"] < mention["end"] <= len(record["text"])
