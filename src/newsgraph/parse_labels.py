"""A Universal Dependencies parse, and WikiNER entities, in the labels the extractors read.

The extractors are written against the English model's ClearNLP labels: a preposition heads
its object (``verb -prep-> "with" -pobj-> noun``), direct objects are ``dobj``, passive
subjects ``nsubjpass``, negation ``neg``; and against OntoNotes entity labels (PERSON, GPE,
NORP, ...).  The Spanish model gives Universal Dependencies, where the noun heads its
preposition (``verb -obl-> noun -case-> "con"``), and entities PER, LOC, ORG, MISC.  This
component, the last of the Spanish pipeline, rewrites one into the other once, right after the
parse, so no stage needs a branch per language:

- dependency labels: the table ``DEPS`` below, plus the structural change for prepositions
  (an ``obl``/``nmod`` noun with a ``case`` preposition hangs from that preposition as its
  ``pobj``; the preposition takes the noun's place as ``prep``, or ``agent`` for the "por" of
  a passive); the personal "a" of a direct object ("detuvo a los manifestantes") is left on its
  object, as the object is not a prepositional phrase in English either;
- prepositions: the stages ask for them by their English names ("with", "against", "by");
  ``preposition`` gives that name for a Spanish one (``knowledge/data/es/prepositions.tsv``);
- fine-grained tags: Penn-style tags from the part of speech and morphology (``VBD`` a finite
  past, ``VBN`` a participle, ``VB`` an infinitive, ``NNP`` a proper noun, ...);
- entities: PER -> PERSON, ORG -> ORG, LOC -> GPE for a country or a known place name and LOC
  otherwise, MISC -> NORP for a nationality word and MISC otherwise; a span that opens with a
  number, an adverb or a lowercase word ("Más de 520.000 migrantes", "Miles de campesinos") is
  no name and is dropped; a span is cut before a verb ("México discutían"); a country's
  name is GPE whatever its label ("México" as PER).
"""

from __future__ import annotations

import functools
from importlib import resources

import numpy as np
from spacy.attrs import DEP, HEAD, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

COMPONENT = "newsgraph_parse_labels"

# Universal Dependencies label -> the label the extractors read.
DEPS = {
    "obj": "dobj",
    "iobj": "dative",
    "nsubj:pass": "nsubjpass",
    "aux:pass": "auxpass",
    "acl:relcl": "relcl",
    "expl:pass": "expl",
    "flat:name": "flat",
    "compound:prt": "prt",
}
# Dependents that may carry a preposition of their own (``case``).
PREPOSITIONAL = frozenset({"obl", "nmod", "obl:arg", "obl:agent", "obl:tmod", "advcl"})
RELATIVE = frozenset({"que", "quien", "quienes", "cual", "cuales", "cuyo", "cuya", "donde"})
AGENT_WORDS = frozenset({"por"})


@Language.component(COMPONENT)
def relabel(doc: Doc) -> Doc:
    """Rewrite the doc's parse, tags and entities in place (module notes); return it."""
    if len(doc) == 0:
        return doc
    heads = [token.head.i for token in doc]
    deps = [DEPS.get(token.dep_, token.dep_) for token in doc]
    for token in doc:
        _relabel_token(token, heads, deps)
    for token in doc:
        if deps[token.i] in PREPOSITIONAL and deps[token.i] != "advcl":
            _hang_from_preposition(token, heads, deps)
    strings = doc.vocab.strings
    array = doc.to_array([HEAD, DEP, TAG])
    array[:, 0] = (np.array(heads, dtype="int64") - np.arange(len(doc))).astype("uint64")
    array[:, 1] = [strings.add(label) for label in deps]
    array[:, 2] = [strings.add(_tag(token)) for token in doc]
    doc.from_array([HEAD, DEP, TAG], array)  # type: ignore[arg-type]
    doc.ents = [span for span in (_entity(ent) for ent in doc.ents) if span is not None]
    return doc


def _inverted_subject(word: Token) -> bool:
    """ "dijo la ministra": the noun after a verb of speech with no subject of its own, when
    it is no personal-"a" object ("dijo a la prensa")."""
    verb = word.head
    if verb.lemma_ not in SPEECH or word.i < verb.i or word.pos_ not in ("NOUN", "PROPN"):
        return False
    if any(c.dep_ == "case" for c in word.children):
        return False
    return not any(c.dep_ in ("nsubj", "nsubj:pass") and not c.is_punct for c in verb.children)


def _passive(verb: Token) -> bool:
    """ "fueron detenidos": a participle under "ser" (the small model labels that auxiliary
    plain ``aux``), or a verb with a passive auxiliary or passive "se"."""
    if any(c.dep_ in ("aux:pass", "expl:pass") for c in verb.children):
        return True
    participle = "Part" in verb.morph.get("VerbForm", [])
    return participle and any(c.dep_ == "aux" and c.lemma_ == "ser" for c in verb.children)


# Verbs of speech, whose subject Spanish puts after them ("—No —dijo la ministra—"); the small
# model reads that subject as an object.
SPEECH = frozenset(
    ["decir", "afirmar", "asegurar", "señalar", "declarar", "indicar", "añadir", "agregar",
     "explicar", "sostener", "manifestar", "expresar", "advertir", "subrayar", "destacar",
     "insistir", "reiterar", "precisar", "anunciar", "acotar", "recalcar", "enfatizar",
     "comentar", "responder", "aclarar", "puntualizar", "informar", "confirmar", "denunciar"]
)  # fmt: skip


def _relabel_token(token: Token, heads: list[int], deps: list[str]) -> None:
    label = deps[token.i]
    if token.is_punct and label != "punct":
        deps[token.i] = "punct"  # a dash or a guillemet read as a word ("—" as a subject)
    elif label == "dobj" and _inverted_subject(token):
        deps[token.i] = "nsubj"
    elif label == "advmod" and "Neg" in token.morph.get("Polarity", []):
        deps[token.i] = "neg"
    elif label in ("dobj", "dative") and "Yes" in token.morph.get("Reflex", []):
        deps[token.i] = "expl"  # "se enfrentaron": no object of its own
    elif token.head is not token and _passive(token.head):
        if label == "nsubj":
            deps[token.i] = "nsubjpass"
        elif label == "aux" and token.lemma_ == "ser":
            deps[token.i] = "auxpass"
        elif label == "dobj" and any(
            c.dep_ == "case" and c.lower_ == "por" for c in token.children
        ):
            deps[token.i] = "obl"  # "detenidos por la policía": the agent, read below
    elif label == "acl" and any(
        c.dep_ in ("nsubj", "obj", "nsubj:pass") and c.lower_ in RELATIVE for c in token.children
    ):
        deps[token.i] = "relcl"  # "los campesinos que bloquearon"


def _hang_from_preposition(token: Token, heads: list[int], deps: list[str]) -> None:
    """``verb -obl-> noun -case-> prep`` becomes ``verb -prep-> prep -pobj-> noun``."""
    cases = [c for c in token.children if c.dep_ == "case" and c.pos_ == "ADP" and c.i < token.i]
    if not cases:
        return
    preposition = cases[0]
    head = heads[token.i]
    passive = any(deps[c.i] == "auxpass" for c in token.doc[head].children)
    heads[preposition.i] = head if head != token.i else preposition.i
    deps[preposition.i] = "agent" if passive and preposition.lower_ in AGENT_WORDS else "prep"
    if head == token.i:  # a root noun phrase: the preposition becomes the root
        deps[preposition.i] = "ROOT"
    heads[token.i] = preposition.i
    deps[token.i] = "pobj"


def _tag(token: Token) -> str:
    """A Penn-style tag from the universal part of speech and the morphology."""
    pos = token.pos_
    if pos in ("VERB", "AUX"):
        form = token.morph.get("VerbForm", [])
        if "Inf" in form:
            return "VB"
        if "Part" in form:
            return "VBN"
        if "Ger" in form:
            return "VBG"
        tense = token.morph.get("Tense", [])
        if "Past" in tense or "Imp" in tense:
            return "VBD"
        return "VBZ" if "Sing" in token.morph.get("Number", []) else "VBP"
    plural = "Plur" in token.morph.get("Number", [])
    if pos == "PROPN":
        return "NNPS" if plural else "NNP"
    if pos == "NOUN":
        return "NNS" if plural else "NN"
    return _TAGS.get(pos, token.tag_)


_TAGS = {
    "ADJ": "JJ", "ADV": "RB", "ADP": "IN", "DET": "DT", "NUM": "CD", "PRON": "PRP", "CCONJ": "CC",
    "SCONJ": "IN", "PUNCT": ".", "PART": "RP", "INTJ": "UH", "SYM": "SYM",
}  # fmt: skip


# Lowercase words inside a Spanish name: "Ministerio de Relaciones Exteriores de Cuba".
CONNECTORS = frozenset({"de", "del", "la", "las", "los", "el", "y", "e", "para", "en"})


def _entity(ent: Span) -> Span | None:
    """The entity in OntoNotes labels, or None when the span is not a name (module notes)."""
    end = ent.start
    while end < ent.end and _in_name(ent.doc[end]):
        end += 1
    while end > ent.start and ent.doc[end - 1].lower_ in CONNECTORS:
        end -= 1
    if end == ent.start:
        return None
    if end < ent.end:  # "México discutían en Washington": the name ends before the verb
        ent = Span(ent.doc, ent.start, end, label=ent.label_)
    first = ent[0]
    if _article_of_place(ent):
        return _span(ent, "GPE" if _place(ent.text) else "LOC")  # "La Habana", "El Salvador"
    if first.is_lower or not first.is_alpha or first.pos_ in _NOT_OPENING:
        return _trimmed(ent)
    common = first.pos_ == "NOUN" or first.lower_ in QUANTITIES
    if len(ent) == 1 and common and not _place(first.text):
        return None  # "Decenas" opening a sentence: a common noun, no name
    from newsgraph.knowledge.countries import country_by_demonym, country_by_name

    label = ent.label_
    if label != "ORG" and country_by_name(ent.text) is not None:
        return _span(ent, "GPE")  # "México" tagged PER or MISC
    if ent.text.isupper() and _place(ent.text):
        return _span(ent, "GPE")  # a dateline, "QUITO", "BOGOTA", read as ORG or MISC
    told = _told_by_context(ent)
    if told is not None:
        return _span(ent, told)
    if label == "PER":
        return _span(ent, "PERSON")
    if label == "LOC":
        return _span(ent, "GPE" if _place(ent.text) else "LOC")
    if label == "MISC":
        return _span(ent, "NORP" if country_by_demonym(ent.text) else "MISC")
    return _span(ent, label)


def _told_by_context(ent: Span) -> str | None:
    """The label the words around a name give it: ORG for a name opening with an
    organisation's word ("Ministerio de ...") or the body of an office ("la directora de
    Migración"); PERSON for a name in apposition to a title ("la canciller, Laura Sarabia")."""
    from newsgraph.knowledge.spanish import words

    if ent[0].text in words("organisation"):
        return "ORG"
    root = ent.root
    head = root.head
    if root.dep_ == "appos" and head.is_lower and head.lemma_ in words("title"):
        return "PERSON"
    if root.dep_ == "pobj" and preposition(head) == "of" and head.head.lemma_ in words("title"):
        return "ORG"
    return None


def _in_name(token: Token) -> bool:
    if token.pos_ in ("VERB", "AUX"):
        return False
    return not token.is_lower or token.lower_ in CONNECTORS or not token.is_alpha


QUANTITIES = frozenset(
    {"decenas", "docenas", "cientos", "centenares", "miles", "millares", "millones", "varios",
     "varias", "muchos", "muchas", "algunos", "algunas"}
)  # fmt: skip
# Words that open no Spanish name: "Más de 520.000", "La Confederación", "Nuestra relación".
_NOT_OPENING = frozenset({"NUM", "ADV", "ADP", "VERB", "AUX", "DET", "PRON"})


def _article_of_place(ent: Span) -> bool:
    """A place whose name opens with its article ("La Habana", "La Paz", "El Salvador"), not
    an organisation's name after "la" ("La Confederación de ...")."""
    from newsgraph.knowledge.spanish import words

    first = ent[0]
    if first.pos_ != "DET" or not first.is_title or len(ent) < 2:
        return False
    return _place(ent.text) or (ent.label_ == "LOC" and ent[1].text not in words("organisation"))


def _trimmed(ent: Span) -> Span | None:
    """A span that opens with words that are no part of a name keeps its capitalised tail
    ("el Gobierno de Cuba" -> "Gobierno de Cuba"), if any."""
    start = ent.start
    while start < ent.end and (
        ent.doc[start].is_lower
        or not ent.doc[start].is_alpha
        or ent.doc[start].pos_ in ("DET", "PRON")
    ):
        start += 1
    if start >= ent.end or ent.doc[start].pos_ not in ("PROPN", "NOUN"):
        return None
    return _entity(Span(ent.doc, start, ent.end, label=ent.label_))


def _place(name: str) -> bool:
    from newsgraph.knowledge.countries import country_by_capital, country_by_name

    return country_by_name(name) is not None or country_by_capital(name) is not None


def _span(ent: Span, label: str) -> Span:
    return ent if ent.label_ == label else Span(ent.doc, ent.start, ent.end, label=label)


@functools.cache
def _prepositions(language: str) -> dict[str, str]:
    """A language's prepositions -> the English ones the stages ask for (``data/es/``)."""
    if language != "es":
        return {}
    path = resources.files("newsgraph.knowledge").joinpath("data/es/prepositions.tsv")
    lines = path.read_text("utf-8").splitlines()
    return dict(line.split("\t")[:2] for line in lines if line and not line.startswith("#"))


def preposition(token: Token) -> str:
    """The preposition a word is, by its English name: "contra" -> "against" in a Spanish
    parse; the word itself (lowercase) in an English one."""
    word = token.lower_
    return _prepositions(token.doc.lang_).get(word, word) if token.doc.lang_ != "en" else word
