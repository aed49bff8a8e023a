"""The event coder's lexicon: the project's own action patterns and CAMEO's verb dictionary.

Two tables feed one index of trigger words:

- ``knowledge/data/event_patterns.tsv``: patterns written from the CAMEO definitions, with the
  target slot, the planned form's code and an example sentence each (docs/events.md);
- ``knowledge/data/cameo_verbs.tsv``: PETRARCH-2's verb dictionary turned into lemmas and
  conditions on the parse by ``scripts/build_cameo_verbs.py``: about 1,800 verbs, each with its
  block's default code, and 4,400 phrase patterns.

For one word the candidates are tried in this order: the dictionary's ``---`` patterns, which
say "no event here" ("killed in an accident", "released a report"); the project's patterns,
those with conditions first; the dictionary's other patterns, most conditions first; and last
the verb's default code.  The project's rows come before the dictionary's because each is
tested on a sentence of its own; the dictionary gives the breadth.

Each language has its own pair of tables, read by the same code: Spanish's are in
``knowledge/data/es/`` (``event_patterns.tsv`` of the project's, ``cameo_verbs.tsv`` built by
``scripts/build_cameo_verbs_es.py`` from UniversalPetrarch's Spanish dictionary).  Conditions
name prepositions in English in both: the Spanish parse reaches the coder with them mapped
(``parse_labels``; ``knowledge/data/es/prepositions.tsv``).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from newsgraph.errors import ConfigError
from newsgraph.knowledge.cameo import cameo_table

POS = {"verb": ("VERB", "AUX"), "noun": ("NOUN", "PROPN"), "adj": ("ADJ",)}
NO_EVENT = "---"
# The planned or promised form of a dictionary code, by root: CAMEO's 03 codes state an intent
# to do what 04-08 do ("will meet" -> 036); stances (01, 02, 09-13) stay what they are when
# stated for the future; coercion (17) and force (18-20) stated for the future are threats
# (CAMEO 13: 130, with force 138), whether or not a verb of threatening carries them.
INTENT_BY_ROOT = {
    "01": "=", "02": "=", "03": "=", "04": "036", "05": "032", "06": "031", "07": "033",
    "08": "035", "09": "-", "10": "=", "11": "=", "12": "=", "13": "=", "14": "-", "15": "-",
    "16": "-", "17": "130", "18": "138", "19": "138", "20": "138",
}  # fmt: skip
# Where a dictionary pattern finds its target when it marks none: the object first, then the
# prepositions CAMEO's actions take their target with.
DEFAULT_TARGET = (
    "obj", "dative", "prep:against", "prep:with", "prep:on", "prep:at", "prep:to",
    "prep:into", "prep:toward", "prep:upon", "prep:over", "poss",
)  # fmt: skip


# Speech acts that ask something of someone: appeals (02), demands (10), threats (13).
ASKING = frozenset({"02", "10", "13"})
# The commonest English verbs mean too many things for the dictionary's bare code to hold:
# "take" (171, seize) in "took part", "give" (060) in "gave a speech", "leave" (040) in "left
# five dead".  They code through patterns only ("take over", "took control of").
GENERAL = frozenset(
    ["be", "have", "do", "make", "take", "give", "get", "go", "come", "put", "set", "keep",
     "hold", "leave", "bring", "run", "see", "look", "find", "turn", "move", "show", "play",
     "stand", "think", "consider", "use", "work", "try", "call", "let", "seem", "become",
     "begin", "start", "open", "carry", "raise", "draw", "pass", "face", "lead", "pull", "hit",
     "meet", "mark", "follow", "reach", "allow", "offer", "serve", "cover", "pick", "send"]
)  # fmt: skip
# The same for Spanish: "dar un discurso", "tomar parte", "hacer un llamado", "llevar a cabo".
GENERAL_BY_LANGUAGE = {
    "en": GENERAL,
    "es": frozenset(
        ["ser", "estar", "haber", "tener", "hacer", "dar", "tomar", "ir", "venir", "poner",
         "llevar", "dejar", "pasar", "seguir", "quedar", "llegar", "salir", "volver", "mantener",
         "abrir", "recibir", "sacar", "encontrar", "ver", "mirar", "usar", "tratar", "parecer",
         "empezar", "comenzar", "iniciar", "realizar", "presentar", "señalar", "indicar",
         "agregar", "añadir", "explicar", "informar", "considerar", "esperar", "poder", "deber",
         "querer", "saber", "creer", "pensar", "estimar", "precisar", "subrayar", "destacar",
         "hablar", "decir", "afirmar", "asegurar", "expresar", "manifestar", "contar", "lograr",
         "producir", "registrar", "ocurrir", "celebrar", "cumplir", "convertir", "continuar",
         "permanecer", "sostener", "levantar", "colocar", "llamar", "marcar", "pedir", "alcanzar"]
    ),
}  # fmt: skip
# The roots in which a verb's bare dictionary code is used, where not all are (Spanish).  The
# Spanish dictionary was translated from the English one word by word, and its bare codes are
# often another sense of the verb ("desarrollar", "cancelar", "rodear" as 190, "reflexionar" as
# 040, "soportar" as 080; measured on half A of benchmarks/events_spanish.py): outside
# criticism, accusations, rejections and threats (which also need a coded doer), Spanish verbs
# code through the project's patterns and the dictionary's phrase patterns.
DEFAULT_ROOTS = {"es": frozenset({"09", "10", "11", "12", "13"})}
# Where each language's tables are, under knowledge/.
TABLES = {"en": "data/", "es": "data/es/"}


def table_language(code: str) -> str:
    """The language whose tables a doc in ``code`` ("es", "en", ...) is coded with."""
    return code if code in TABLES else "en"


@dataclass(frozen=True)
class Pattern:
    """One trigger pattern: a code, the trigger's lemmas and the conditions around it."""

    code: str
    intent: str
    pos: str
    lemmas: frozenset[str]
    requires: tuple[tuple[str, frozenset[str]], ...]
    target: tuple[str, ...]
    symmetric: bool
    example: str = ""
    expected: tuple[str, str] = ("-", "-")  # country codes the example must give
    source: str = "project"  # or the dictionary's block name

    @property
    def converse(self) -> bool:
        """ "received weapons from the US": the one named by the target slot acts."""
        return any(name == "converse" for name, _ in self.requires)

    @property
    def no_event(self) -> bool:
        """A dictionary pattern that says the word codes nothing here."""
        return self.code == NO_EVENT

    @property
    def default(self) -> bool:
        """A verb's default code: no condition beyond the verb's own particles."""
        return self.source != "project" and all(n == "particle" for n, _ in self.requires)

    def intent_code(self) -> str | None:
        """The code of the action when it is only planned; None when not coded then."""
        return None if self.intent == "-" else self.code if self.intent == "=" else self.intent


def _check(code: str, where: str) -> None:
    if code not in ("-", "=", NO_EVENT) and code not in cameo_table():
        raise ConfigError(f"{where}: unknown CAMEO code {code!r}")


def _project_row(row: dict[str, str], line: int) -> Pattern:
    for code in (row["code"], row["intent"]):
        _check(code, f"event_patterns.tsv line {line}")
    if row["pos"] not in POS:
        raise ConfigError(f"event_patterns.tsv line {line}: unknown part of speech {row['pos']!r}")
    requires = []
    for condition in row["requires"].split(";"):
        if condition and condition != "-":
            name, _, words = condition.partition("=")  # "noobj" has no words
            requires.append((name, frozenset(words.split("|"))))
    return Pattern(
        code=row["code"],
        intent=row["intent"],
        pos=row["pos"],
        lemmas=frozenset(row["lemmas"].split("|")),
        requires=tuple(requires),
        target=tuple(row["target"].split("|")) if row["target"] != "-" else (),
        symmetric=row["sym"] == "yes",
        example=row["example"],
        expected=(row["source"], row["target_actor"]),
    )


def _rows(name: str, language: str = "en") -> list[dict[str, str]]:
    path = TABLES[language] + name
    text = resources.files("newsgraph.knowledge").joinpath(path).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@functools.cache
def patterns(language: str = "en") -> tuple[Pattern, ...]:
    """The project's patterns, most specific first (more conditions first)."""
    found = _rows("event_patterns.tsv", language)
    rows = [_project_row(row, n) for n, row in enumerate(found, 2)]
    return tuple(sorted(rows, key=lambda p: -len(p.requires)))


def _cell(value: str) -> str:
    return "" if value == "-" else value


def _dictionary_code(code: str) -> tuple[str, bool, bool]:
    """(code, converse, symmetric) of a dictionary code ``A``, ``A:B``, ``:B`` or ``---``."""
    if ":" not in code:
        return code, False, False
    mine, theirs = code.split(":", 1)
    if not mine:
        return theirs, True, False  # only the target acts: "appeared before the court"
    return mine, False, mine == theirs


def _dictionary_row(row: dict[str, str], verbs: frozenset[str], line: int) -> Pattern:
    code, converse, symmetric = _dictionary_code(row["code"])
    _check(code, f"cameo_verbs.tsv line {line}")
    requires: list[tuple[str, frozenset[str]]] = []
    if converse:
        requires.append(("converse", frozenset()))
    for word in _cell(row["particle"]).split():
        requires.append(("particle", frozenset({word})))
    if _cell(row["subject"]):
        requires.append(("subj", frozenset(row["subject"].split("|"))))
    for item in _cell(row["object"]).split(";"):
        if item:
            requires.append(("post", frozenset(item.split("|"))))
    for item in _cell(row["preps"]).split(";"):
        if item:
            prep, _, words = item.partition(":")
            requires.append((f"pp:{prep}", frozenset(words.split("|")) if words else frozenset()))
    target = _cell(row["target"])
    intent = INTENT_BY_ROOT.get(code[:2], "-") if code != NO_EVENT else "-"
    targets: tuple[str, ...] = (target, *DEFAULT_TARGET) if target else DEFAULT_TARGET
    if code[:2] in ASKING:
        targets += ("comp_subj",)  # "demanded that the campaign stop": asked of the campaign
    return Pattern(
        code=code, intent=intent, pos="verb", lemmas=verbs, requires=tuple(requires),
        target=targets,
        symmetric=symmetric, source=row["block"],
    )  # fmt: skip


@functools.cache
def dictionary(language: str = "en") -> tuple[Pattern, ...]:
    """CAMEO's verb dictionary as patterns: each block's phrase patterns apply to all its
    verbs; each verb's default code is a pattern of its own (with its particles, if any)."""
    rows = _rows("cameo_verbs.tsv", language)
    general = GENERAL_BY_LANGUAGE[language]
    roots = DEFAULT_ROOTS.get(language)
    verbs: dict[str, set[str]] = {}
    for row in rows:
        if row["kind"] == "verb":
            verbs.setdefault(row["block"], set()).add(row["verb"])
    found = []
    for line, row in enumerate(rows, 2):
        if row["kind"] == "verb" and row["code"] in (NO_EVENT, "010"):
            continue  # a bare "said" frames a report; it is not an event of its own
        if row["kind"] == "verb" and roots is not None and row["code"][:2] not in roots:
            continue  # a root whose bare codes this language's dictionary gets wrong
        if row["kind"] == "verb" and row["verb"] in general and not _cell(row["particle"]):
            continue  # "took part", "gave a speech": such a verb codes only through a pattern
        lemmas = frozenset({row["verb"]}) if row["kind"] == "verb" else frozenset(
            verbs.get(row["block"], ())
        )  # fmt: skip
        found.append(_dictionary_row(row, lemmas, line))
    return tuple(found)


def _weight(pattern: Pattern) -> int:
    return sum(max(len(w.split()) for w in words) if words else 1 for _, words in pattern.requires)


@functools.cache
def index(language: str = "en") -> dict[tuple[str, str], tuple[Pattern, ...]]:
    """(part-of-speech tag, lemma) -> the candidate patterns in the order they are tried."""
    ranked: list[tuple[int, int, Pattern]] = []
    for n, pattern in enumerate(patterns(language)):
        ranked.append((1, n, pattern))  # already most specific first
    for n, pattern in enumerate(dictionary(language)):
        rank = 0 if pattern.no_event else 3 if pattern.default else 2
        ranked.append((rank, -_weight(pattern) * 10_000 + n, pattern))
    ranked.sort(key=lambda item: item[:2])
    table: dict[tuple[str, str], list[Pattern]] = {}
    for _, _, pattern in ranked:
        for tag in POS[pattern.pos]:
            for lemma in pattern.lemmas:
                table.setdefault((tag, lemma), []).append(pattern)
    return {key: tuple(value) for key, value in table.items()}
