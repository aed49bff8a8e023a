"""The per-article budget: an article over its time or memory budget is a rejection with the
reason, and the rest of the batch is still coded; a long text is parsed in pieces that join back
into it exactly.  (How cost grows with length is measured by benchmarks/length_cost.py.)"""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import pytest

from newsgraph.errors import BudgetExceeded, InputError
from newsgraph.pipeline import Pipeline
from newsgraph.settings import Budget, Settings, check_budget
from newsgraph.types import Article, Document, Rejection

pytestmark = pytest.mark.slow

SHORT = "President Joe Biden met Emmanuel Macron in Paris on Monday, the White House said."


@pytest.fixture(scope="module", autouse=True)
def warm(pipeline) -> None:
    """Load the tables every stage reads once, so that no budget below pays for it."""
    pipeline.run(Article(raw=SHORT, source="warm-up", verbatim=True))


@pytest.fixture(scope="module")
def long_text(samples: Path) -> str:
    """About 100 kB of the bundled plain-text samples, repeated, as one article."""
    texts = [p.read_text(encoding="utf-8").strip() for p in sorted(samples.glob("*.txt"))]
    return "\n\n".join(texts * 6)


def _batch(pipeline: Pipeline, long_text: str) -> list[Document | Rejection]:
    articles = [
        Article(raw=long_text, source="long.txt", verbatim=True),
        Article(raw=SHORT, source="short.txt", verbatim=True),
    ]
    return list(pipeline.run_many(articles))


def _assert_next_is_coded(result: Document | Rejection) -> None:
    assert isinstance(result, Document)
    assert {"Joe Biden", "Emmanuel Macron"} <= {e.name for e in result.entities}


def test_small_time_budget_rejects_the_long_article_and_codes_the_next(pipeline, long_text):
    bounded = Pipeline(settings=Settings(time_budget=0.5), nlp=pipeline.nlp)
    long, short = _batch(bounded, long_text)
    assert isinstance(long, Rejection)
    assert long.source == "long.txt"
    assert long.reason.startswith("over the time budget (0.5 s per article) in the ")
    assert long.stage in ("parse", *(stage.name for stage in bounded.stages))
    _assert_next_is_coded(short)


def test_time_budget_holds_outside_the_main_thread(pipeline, long_text):
    """No timer there: the checks between the pieces of the spaCy pass and between stages."""
    settings = Settings(time_budget=0.5, parse_chunk=5_000)
    bounded = Pipeline(settings=settings, nlp=pipeline.nlp)
    results: list[Document | Rejection] = []
    worker = threading.Thread(target=lambda: results.extend(_batch(bounded, long_text)))
    worker.start()
    worker.join(timeout=120)
    long, short = results
    assert isinstance(long, Rejection)
    assert long.reason.startswith("over the time budget")
    _assert_next_is_coded(short)


def test_small_memory_budget_rejects_the_long_article(pipeline, long_text, monkeypatch):
    """Resident memory seems to grow 10 MB at each read while the long article is processed
    (how much a real parse adds depends on what the allocator kept from earlier articles)."""
    from newsgraph import settings as module

    real = module.resident_bytes
    reads = [0]

    def growing() -> int:
        budget = module._current.get()
        if budget is not None and budget.source == "long.txt":
            reads[0] += 1
        return real() + 10_000_000 * reads[0]

    monkeypatch.setattr(module, "resident_bytes", growing)
    settings = Settings(time_budget=0, memory_budget=25_000_000, parse_chunk=20_000)
    long, short = _batch(Pipeline(settings=settings, nlp=pipeline.nlp), long_text)
    assert isinstance(long, Rejection)
    assert long.reason.startswith("over the memory budget (25,000,000 bytes per article) in the ")
    _assert_next_is_coded(short)


def test_run_raises_budget_exceeded_an_input_error(pipeline, long_text):
    bounded = Pipeline(settings=Settings(time_budget=0.5), nlp=pipeline.nlp)
    with pytest.raises(BudgetExceeded, match="over the time budget") as caught:
        bounded.run(Article(raw=long_text, source="long.txt", verbatim=True))
    assert isinstance(caught.value, InputError)
    assert caught.value.source == "long.txt"


def test_the_default_budget_lets_a_long_article_through(pipeline, samples):
    texts = [p.read_text(encoding="utf-8").strip() for p in sorted(samples.glob("*.txt"))]
    text = "\n\n".join(texts * 2)
    settings = Settings(parse_chunk=10_000)  # the default budget; pieces, as a 1 MB text gets
    document = Pipeline(settings=settings, nlp=pipeline.nlp).run(
        Article(raw=text, source="long.txt", verbatim=True)
    )
    assert document.doc is not None
    assert document.doc.text == text  # the pieces join back into the text exactly
    assert len(document.entities) > 20 and document.events
    for entity in document.entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text


def test_pieces_of_a_long_text_end_at_paragraph_breaks(pipeline, long_text):
    from newsgraph.pipeline import _pieces

    doc = pipeline.nlp.tokenizer(long_text)
    pieces = list(_pieces(doc, long_text, 10_000))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(doc)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))  # contiguous
    for start, end in pieces[:-1]:
        piece = doc[start:end]
        assert len(piece.text_with_ws) <= 10_000
        assert piece.text_with_ws.endswith("\n")


def test_check_budget_is_free_outside_a_pipeline_and_raises_inside():
    check_budget()  # no article being processed: nothing to check
    budget = Budget(Settings(time_budget=0.01), "x.txt", spent=1.0)
    with budget.running(), pytest.raises(BudgetExceeded, match="over the time budget"):
        check_budget()
    check_budget()  # the budget is gone with its article
