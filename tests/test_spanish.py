"""Spanish articles: the pipeline of the detected language, its parse in the project's labels,
and the stages on the team's own Spanish sentences."""

from __future__ import annotations

import pytest

from newsgraph.pipeline import Pipeline
from newsgraph.settings import Settings
from newsgraph.types import Article, Document, Rejection

SPANISH = (
    "El presidente de México, Andrés Manuel López Obrador, se reunió el martes en la capital "
    "con el canciller de Cuba para hablar de la migración y del comercio entre ambos países."
)
FRENCH = (
    "Le président a annoncé mardi une réforme des retraites qui sera présentée au Parlement. "
    "Les syndicats ont appelé à la grève dans toute la France pour protester contre le projet."
)
ENGLISH = "The president of Mexico met the Cuban foreign minister in Havana on Tuesday."


def spanish_doc(pipeline: Pipeline, text: str):
    return pipeline.model("es")(text)


def test_language_picks_the_pipeline(pipeline: Pipeline) -> None:
    document = pipeline.run(Article(raw=SPANISH, source="es"))
    assert document.article.language == "es"
    assert document.doc is not None and document.doc.lang_ == "es"
    english = pipeline.run(Article(raw=ENGLISH, source="en"))
    assert english.doc is not None and english.doc.lang_ == "en"


def test_models_load_only_when_an_article_needs_them(pipeline: Pipeline) -> None:
    fresh = Pipeline(nlp=pipeline.nlp)
    list(fresh.run_many([Article(raw=ENGLISH, source="en")]))
    assert set(fresh._models) == {"en"}
    list(fresh.run_many([Article(raw=SPANISH, source="es")]))
    assert set(fresh._models) == {"en", "es"}
    assert fresh.model("es") is pipeline.model("es")  # once per process


def test_language_setting_overrides_detection(pipeline: Pipeline) -> None:
    forced = Pipeline(settings=Settings(language="en"), nlp=pipeline.nlp)
    document = forced.run(Article(raw=SPANISH, source="es"))
    assert document.article.language == "en" and document.doc is not None
    assert document.doc.lang_ == "en"


def test_language_without_a_pipeline_is_kept_with_a_warning(pipeline: Pipeline) -> None:
    document = pipeline.run(Article(raw=FRENCH, source="fr"))
    assert document.article.language == "fr"
    assert document.doc is None and document.entities == () and document.events == ()
    assert document.text == FRENCH
    assert len(document.warnings) == 1
    assert "no language pipeline for 'fr'" in document.warnings[0]
    assert "entities" in document.warnings[0] and "events" in document.warnings[0]


def test_mixed_batch_keeps_order_and_each_language(pipeline: Pipeline) -> None:
    items: list[Article | Rejection] = [
        Article(raw=ENGLISH, source="1"),
        Article(raw=SPANISH, source="2"),
        Rejection("3", "read", "unreadable"),
        Article(raw=FRENCH, source="4"),
        Article(raw="", source="5"),
        Article(raw=SPANISH.replace("martes", "jueves"), source="6"),
    ]
    results = list(pipeline.run_many(items))
    assert [r.source if isinstance(r, Rejection) else r.article.source for r in results] == [
        "1", "2", "3", "4", "5", "6"
    ]  # fmt: skip
    assert isinstance(results[2], Rejection) and isinstance(results[4], Rejection)
    languages = [r.article.language for r in results if isinstance(r, Document)]
    assert languages == ["en", "es", "fr", "es"]


@pytest.mark.parametrize(
    ("text", "word", "dep", "head"),
    [
        ("Los campesinos se enfrentaron con la policía.", "policía", "pobj", "con"),
        ("Los campesinos se enfrentaron con la policía.", "con", "prep", "enfrentaron"),
        ("Diez estudiantes fueron detenidos por la policía.", "por", "agent", "detenidos"),
        ("Diez estudiantes fueron detenidos por la policía.", "estudiantes", "nsubjpass", None),
        ("El gobierno no negociará con los rebeldes.", "no", "neg", "negociará"),
        ("La policía detuvo a tres dirigentes.", "dirigentes", "dobj", "detuvo"),
    ],
)
def test_spanish_parse_in_project_labels(
    pipeline: Pipeline, text: str, word: str, dep: str, head: str | None
) -> None:
    doc = spanish_doc(pipeline, text)
    token = next(t for t in doc if t.text == word)
    assert token.dep_ == dep
    if head is not None:
        assert token.head.text == head


def test_spanish_entities_in_project_labels(pipeline: Pipeline) -> None:
    doc = spanish_doc(
        pipeline,
        "Más de 520.000 migrantes cruzaron la selva en 2023, afirmó la directora, Samira "
        "Gozaine, mientras Estados Unidos y México discutían en Washington.",
    )
    labels = {ent.text: ent.label_ for ent in doc.ents}
    assert labels.get("Samira Gozaine") == "PERSON"
    assert labels.get("Estados Unidos") == "GPE" and labels.get("México") == "GPE"
    assert not any(text.startswith("Más") for text in labels)
    assert set(labels.values()) <= {"PERSON", "GPE", "LOC", "ORG", "NORP", "MISC"}
