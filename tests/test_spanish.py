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


def _spanish_patterns():
    from newsgraph.extractors.events.lexicon import patterns

    return patterns("es")


@pytest.mark.parametrize("pattern", _spanish_patterns(), ids=lambda p: f"{p.code}-{p.pos}")
def test_spanish_pattern_codes_its_example(pipeline: Pipeline, pattern) -> None:
    article = Article(raw=pattern.example, source="es", language="es", published="2020-01-01")
    codes = [event.code for event in pipeline.run(article).events]
    if pattern.no_event:  # "aprobó una ley": no event, whatever the dictionary says
        assert not codes, (pattern.example, codes)
    else:
        assert pattern.code in codes, (pattern.example, codes)


def test_spanish_dictionary_is_indexed_by_spanish_lemmas() -> None:
    from newsgraph.extractors.events.lexicon import index

    spanish, english = index("es"), index("en")
    assert ("VERB", "protestar") in spanish and ("VERB", "protestar") not in english
    assert ("VERB", "protest") in english and ("VERB", "protest") not in spanish


@pytest.mark.parametrize(
    ("text", "quad"),
    [
        ("Miles de campesinos bloquearon las carreteras de Ecuador.", 4),
        ("La policía de Venezuela detuvo a 20 estudiantes durante la marcha.", 4),
        ("El presidente de México se reunió con el canciller de Cuba en La Habana.", 1),
        ("El gobierno de Cuba criticó duramente a Estados Unidos por el embargo.", 3),
    ],
)
def test_spanish_events_by_quad_class(pipeline: Pipeline, text: str, quad: int) -> None:
    document = pipeline.run(Article(raw=text, source="es", published="2020-01-01"))
    assert quad in {event.quad_class for event in document.events}


def test_spanish_negation_codes_no_event(pipeline: Pipeline) -> None:
    text = "La policía de Venezuela no detuvo a los estudiantes."
    document = pipeline.run(Article(raw=text, source="es", published="2020-01-01"))
    assert not [e for e in document.events if e.root == "17"]


def test_darien_sample_record(pipeline: Pipeline, samples) -> None:
    from newsgraph.record import to_record

    text = (samples / "darien-migracion.txt").read_text(encoding="utf-8")
    record = to_record(pipeline.run(Article(raw=text, source="darien-migracion.txt")))
    assert record["language"] == "es"
    names = {e["name"]: e["type"] for e in record["entities"]}
    assert not any(name.startswith(("Más de", "afirmó")) for name in names)
    assert names.get("Samira Gozaine") == "PERSON"
    assert names.get("Laurentino Cortizo") == "PERSON"
    assert names.get("Panamá") == "GPE" and names.get("Estados Unidos") == "GPE"
    keys = {e["name"]: e["key"] for e in record["entities"]}
    assert record["events"], "the sample's migration and border events are coded"
    places = {loc["name"]: loc["country"] for loc in record["locations"]}
    assert places.get("Estados Unidos") in ("US", "USA")
    assert keys.get("Estados Unidos") == "gpe:USA"


def test_spanish_and_english_names_share_keys_and_places(pipeline: Pipeline) -> None:
    spanish = pipeline.run(Article(raw="Estados Unidos y México firmaron un acuerdo.", source="es"))
    english = pipeline.run(Article(raw="The United States and Mexico signed a deal.", source="en"))
    assert {e.key for e in spanish.entities} == {e.key for e in english.entities}
    ids = {loc.geonames_id for loc in spanish.locations}
    assert ids == {loc.geonames_id for loc in english.locations}


@pytest.mark.parametrize(
    ("text", "name", "kind", "actor"),
    [
        (
            "El presidente de México, Andrés Manuel López Obrador, viajó a La Habana.",
            "Andrés Manuel López Obrador", "PERSON", "MEXGOV",
        ),
        (
            "La visita fue anunciada por la canciller de Colombia, Laura Sarabia, en Bogotá.",
            "Laura Sarabia", "PERSON", "COLGOV",
        ),
        (
            "El Ministerio de Relaciones Exteriores de Cuba rechazó las sanciones.",
            "Ministerio de Relaciones Exteriores de Cuba", "ORG", "CUBGOV",
        ),
        (
            "Más de 520.000 migrantes cruzaron la selva, afirmó la directora de Migración de "
            "Panamá, Samira Gozaine.",
            "Samira Gozaine", "PERSON", "PANGOV",
        ),
    ],
)  # fmt: skip
def test_spanish_titles_and_appositions(
    pipeline: Pipeline, text: str, name: str, kind: str, actor: str
) -> None:
    document = pipeline.run(Article(raw=text, source="es", published="2024-05-10"))
    entity = next(e for e in document.entities if e.name == name)
    assert (entity.type, entity.actor) == (kind, actor)


def test_spanish_demonyms() -> None:
    from newsgraph.knowledge.actors import phrase_country
    from newsgraph.knowledge.countries import country_by_demonym

    assert country_by_demonym("cubanos") == "CUB"
    assert country_by_demonym("estadounidenses") == "USA"
    assert country_by_demonym("mexicana") == "MEX"
    assert phrase_country("la canciller mexicana") == "MEX"
    assert phrase_country("los migrantes cubanos") == "CUB"
    assert phrase_country("los campesinos de la sierra") is None


SPEECH = (
    "La ministra habló con la prensa en Caracas el lunes.\n"
    "—No vamos a permitir más abusos —dijo la ministra de Venezuela, Delcy Rodríguez—.\n"
    "Según el canciller de Colombia, Álvaro Leyva, «la relación está rota».\n"
    "“Es una tragedia”, aseguró Samira Gozaine, directora de Migración de Panamá.\n"
    'De acuerdo con el ministro de Salud de Chile, Juan Pérez, "no hubo heridos".\n'
)


@pytest.mark.parametrize(
    ("words", "speaker", "cue"),
    [
        ("No vamos a permitir más abusos", "Delcy Rodríguez", "dijo"),
        ("la relación está rota", "Álvaro Leyva", "according to"),
        ("Es una tragedia", "Samira Gozaine", "aseguró"),
        ("no hubo heridos", "Juan Pérez", "according to"),
    ],
)
def test_spanish_quotes_and_speakers(
    pipeline: Pipeline, words: str, speaker: str, cue: str
) -> None:
    document = pipeline.run(Article(raw=SPEECH, source="es", published="2024-05-10"))
    quote = next(q for q in document.quotes if q.text == words)
    assert (quote.speaker_name, quote.cue) == (speaker, cue)
    assert document.text[quote.start : quote.end] == words


def test_dialogue_dash_spans() -> None:
    from newsgraph.extractors.quote_marks import find_quote_spans

    text = "Dijo:\n—Nos vamos —dijo el jefe—. Mañana volvemos.\nUna frase sin guion — ni diálogo."
    spans, warnings = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["Nos vamos", "Mañana volvemos."]
    assert warnings == []


COUNTS = (
    "Más de 500 personas resultaron heridas y una docena de policías fueron detenidos. "
    "Miles de migrantes esperan en la frontera, donde se registraron 16.657 cruces. Unos "
    "treinta y dos detenidos y un centenar de manifestantes marcharon. El gobierno pagó 3.000 "
    "dólares."
)


@pytest.mark.parametrize(
    ("words", "number", "kind"),
    [
        ("Más de 500 personas", 500, "WOUND"),
        ("una docena de policías", 12, None),
        ("Miles de migrantes", 1000, "MIGRATION"),
        ("16.657 cruces", 16657, "MIGRATION"),
        ("Unos treinta y dos detenidos", 32, "ARREST"),
        ("un centenar de manifestantes", 100, "PROTEST"),
        ("3.000 dólares", 3000, "MONEY"),
    ],
)
def test_spanish_counts(pipeline: Pipeline, words: str, number: float, kind: str | None) -> None:
    document = pipeline.run(Article(raw=COUNTS, source="es", published="2024-05-10"))
    found = {document.text[c.start : c.end]: c for c in document.counts}
    assert words in found, sorted(found)
    assert found[words].number == number
    if kind is not None:
        assert found[words].kind == kind


@pytest.mark.parametrize(
    ("words", "date"),
    [
        ("el pasado jueves", "2024-05-09"),
        ("el próximo junio", "2024-06"),
        ("16 de junio de 2023", "2023-06-16"),
        ("En marzo de 2021", "2021-03"),
        ("Ayer", "2024-05-09"),
        ("el lunes", "2024-05-13"),  # "se reunirán": the next Monday
        ("La semana pasada", "2024-05-03"),
    ],
)
def test_spanish_dates(pipeline: Pipeline, words: str, date: str) -> None:
    text = (
        "El presidente llegó el pasado jueves a Lima. La cumbre será el próximo junio. El 16 de "
        "junio de 2023 hubo protestas. En marzo de 2021 también. Ayer hablaron y se reunirán el "
        "lunes. La semana pasada hubo paro. Esta mañana llovió."
    )
    document = pipeline.run(Article(raw=text, source="es", published="2024-05-10"))
    found = {d.text: d.date for d in document.dates}
    assert found.get(words) == date, found
    assert "mañana" not in " ".join(found).lower()  # "esta mañana" is a morning


BOILERPLATE = """Migrantes cruzan el Darién en cifras récord

Por Redacción

Más de 520.000 migrantes cruzaron la selva del Darién en 2023, afirmó el martes la directora \
del Servicio Nacional de Migración de Panamá, Samira Gozaine.

Lee también: Panamá refuerza la frontera con Colombia

La funcionaria dijo que la mayoría de los migrantes son venezolanos y que el flujo no se detiene.

Te puede interesar

Así es la ruta más peligrosa de América

Síguenos en Facebook y Twitter

Con información de EFE

Últimas noticias
El dólar cierra a la baja
Detienen a tres por robo en Colón
"""


def test_spanish_boilerplate_and_title(pipeline: Pipeline) -> None:
    document = pipeline.run(Article(raw=BOILERPLATE, source="es"))
    article = document.article
    assert article.title == "Migrantes cruzan el Darién en cifras récord"
    assert document.text.startswith("Más de 520.000 migrantes")
    assert document.text.rstrip().endswith("el flujo no se detiene.")
    kinds = {removed.text: removed.kind for removed in article.removed}
    assert kinds["Lee también: Panamá refuerza la frontera con Colombia"] == "related"
    assert kinds["Te puede interesar"] == "related"
    assert kinds["Síguenos en Facebook y Twitter"] == "promo"
    assert kinds["Con información de EFE"] == "credit"
    assert kinds["Últimas noticias"] == "teaser"
    assert kinds["Detienen a tres por robo en Colón"] == "teaser"
    assert article.credits == ("EFE",)


def test_spanish_tone_and_themes(pipeline: Pipeline) -> None:
    calm = "El acuerdo de paz trajo esperanza, estabilidad y un gran avance para la región."
    grim = "La masacre dejó muertos y heridos; el terror y la violencia causaron una tragedia."
    good = pipeline.run(Article(raw=calm, source="es")).tone
    bad = pipeline.run(Article(raw=grim, source="es")).tone
    assert good is not None and bad is not None
    assert good.score > 0 > bad.score
    text = (
        "Miles de migrantes cruzaron la frontera. La migración irregular y el tráfico de personas "
        "preocupan; los solicitantes de asilo esperan. Un migrante murió."
    )
    document = pipeline.run(Article(raw=text, source="es"))
    assert "IMMIGRATION" in document.themes
    assert "migrante" in document.theme_evidence["IMMIGRATION"]


@pytest.fixture(scope="module")
def spanish_samples(pipeline: Pipeline, samples) -> dict:
    from newsgraph.ingest import read_inputs
    from newsgraph.record import to_record

    names = [
        "darien-migracion.txt",
        "ecuador-paro-indigena.txt",
        "mexico-cuba-cancilleres.txt",
        "chile-huelga-mineros.html",
    ]
    items = read_inputs([str(samples / name) for name in names])
    return {
        name: to_record(result)
        for name, result in zip(names, pipeline.run_many(items), strict=True)
    }


def _events(record: dict) -> set[tuple[str, str | None, str | None]]:
    return {
        (e["code"], (e["source"] or {}).get("actor"), (e["target"] or {}).get("actor"))
        for e in record["events"]
    }


def test_ecuador_sample(spanish_samples: dict) -> None:
    record = spanish_samples["ecuador-paro-indigena.txt"]
    names = {e["name"]: (e["type"], e["actor"]) for e in record["entities"]}
    assert names["Guillermo Lasso"] == ("PERSON", "ECUGOV")
    assert names["Leonidas Iza"][0] == "PERSON"
    roots = {e["root"] for e in record["events"]}
    assert {"14", "17", "10"} <= roots  # blockades, arrests, demands
    quote = next(q for q in record["quotes"] if q["text"].startswith("No vamos a levantar"))
    assert quote["speaker_name"] == "Leonidas Iza" and quote["cue"] == "afirmó"
    counts = {(c["number"], c["kind"]) for c in record["counts"]}
    assert (40.0, "ARREST") in counts
    assert "PROTEST" in record["themes"] and record["tone"]["score"] < 0


def test_mexico_cuba_sample(spanish_samples: dict) -> None:
    record = spanish_samples["mexico-cuba-cancilleres.txt"]
    names = {e["name"]: (e["type"], e["actor"]) for e in record["entities"]}
    assert names["Marcelo Ebrard"] == ("PERSON", "MEXGOV")
    assert names["Bruno Rodríguez"] == ("PERSON", "CUBGOV")  # "su homólogo cubano, ..."
    assert names["Ministerio de Relaciones Exteriores de Cuba"] == ("ORG", "CUBGOV")
    assert ("040", "MEXGOV", "CUBGOV") in _events(record)
    quote = next(q for q in record["quotes"] if q["text"].startswith("Cuba siempre"))
    assert quote["speaker_name"] == "Marcelo Ebrard" and quote["cue"] == "dijo"
    keys = {e["key"] for e in record["entities"]}
    assert {"gpe:USA", "gpe:CUB", "gpe:MEX"} <= keys
    assert "DIPLOMACY" in record["themes"]


def test_chile_sample(spanish_samples: dict) -> None:
    record = spanish_samples["chile-huelga-mineros.html"]
    assert record["published"].startswith("2023-08-17")
    names = {e["name"]: (e["type"], e["actor"]) for e in record["entities"]}
    assert names["Marcela Hernando"] == ("PERSON", "CHLGOV")
    roots = {e["root"] for e in record["events"]}
    assert {"14", "17"} <= roots  # the strike, the arrests
    counts = {(c["number"], c["object"]) for c in record["counts"]}
    assert (2500.0, "trabajadores") in counts
    dates = {d["text"]: d["date"] for d in record["dates"]}
    assert dates["el jueves"] == "2023-08-17"


def test_darien_sample_places_and_events(spanish_samples: dict) -> None:
    record = spanish_samples["darien-migracion.txt"]
    places = {loc["name"]: loc["country"] for loc in record["locations"]}
    assert places["Darién"] == "PAN" and places["Bogotá"] == "COL"
    assert ("040", "PANGOV", "COLGOV") in _events(record)  # the foreign ministers met


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Iraq expelled all UN weapons inspectors.", "en"),  # "UN" is no Spanish "un"
        ("Los campesinos protestaron contra el gobierno.", "es"),
        ("Cuba y México firmaron un acuerdo.", "es"),
        ("Le président a annoncé une réforme des retraites.", "fr"),
    ],
)
def test_language_of_short_texts(text: str, language: str) -> None:
    from newsgraph.clean.language import detect_language

    assert detect_language(text) == language
