"""The dictionary half of the event lexicon: the table is what its build script makes of
PETRARCH-2's verb dictionary, and its classes of entries code sentences the project's own
patterns do not cover."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from newsgraph.extractors.events.lexicon import dictionary, index
from newsgraph.knowledge.cameo import cameo_table

ROOT = Path(__file__).resolve().parent.parent


def _roots(document) -> list[str]:
    return [event.root for event in document.events]


def test_table_is_what_the_script_builds(shared, tmp_path):
    spec = importlib.util.spec_from_file_location("build", ROOT / "scripts/build_cameo_verbs.py")
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    rows, _ = build.build(shared / "reference" / "petrarch2" / "CAMEO.2.0.txt")
    build.write(rows, tmp_path / "cameo_verbs.tsv")
    committed = build.OUTPUT.read_text(encoding="utf-8")
    assert (tmp_path / "cameo_verbs.tsv").read_text(encoding="utf-8") == committed


def test_dictionary_has_cameo_breadth():
    found = dictionary()
    codes = {p.code for p in found if not p.no_event}
    assert len({lemma for p in found for lemma in p.lemmas}) > 1500
    assert len(codes) > 200 and codes <= set(cameo_table())
    assert {code[:2] for code in codes} == {f"{n:02d}" for n in range(1, 21)}


def test_block_patterns_apply_to_every_verb_of_the_block():
    # "stage", "put" and "set" share one block: its "demonstration" pattern is all of theirs
    for verb in ("stage", "put"):
        assert any(p.code == "141" for p in index()[("VERB", verb)]), verb


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("Students held mass demonstrations in Caracas.", "14"),  # a phrase pattern: * RALLY
        ("The government imposed a curfew in Lagos.", "17"),  # IMPOSE + &CURFEW
        ("Ukraine mobilized army reservists.", "15"),  # a block default: MOBILIZE [150]
        ("Iran cancelled a planned visit to France.", "16"),  # CANCEL * VISIT
        ("Ten rebels surrendered to Indian security forces.", "08"),  # SURRENDER [080]
    ],
)
def test_dictionary_codes_what_the_project_table_lacks(code, text, root):
    assert root in _roots(code(text)), code(text).events


@pytest.mark.parametrize(
    "text",
    [
        "The ministry released a report on the economy of Peru.",  # RELEASE * REPORT [---]
        "Thirty people in Chile were killed in an accident on Monday.",  # KILL (IN ACCIDENT)
        "Russia took part in the talks in Geneva.",  # TAKE's bare code 171 is not for "take"
    ],
)
def test_dictionary_no_event_patterns_hold(code, text):
    assert not [r for r in _roots(code(text)) if r in ("08", "17", "18", "19")], code(text).events


def test_bare_verb_over_a_coded_clause_is_the_clause(code):
    # "want" codes 030 on its own; over "to impose" it tells of a plan, coded by the inner verb
    events = code("The US wants to impose a ban on Cuban cigars.").events
    assert "030" not in [e.code for e in events]
