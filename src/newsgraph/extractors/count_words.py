"""Reading numbers as written, and the table of count kinds.

``number_value`` turns "47,331", "16.657" (Spanish-style), "1.5", "three", "a dozen", "una
docena", "treinta y dos", "miles" into a number, with the thousands separator chosen by the
article's language.

Count kinds (GDELT's sense: who or what was affected), matched on the lemma of the counted noun,
of the verb or adjective that tells what happened to it, or of the noun it is counted "of":

=========== ====================================================================
kind        words
=========== ====================================================================
KILL        killed, dead, death, die, fatality, body, massacre, murder, execute
WOUND       wounded, injured, hurt, injury, casualty
ARREST      arrest, detain, jail, imprison, detainee, prisoner, convict, sentence
KIDNAP      kidnap, abduct, hostage, captive
DISPLACED   displaced, evacuate, evacuee, homeless, flee, uproot, shelter
MIGRATION   migrant, immigrant, emigrant, refugee, asylum seeker, deport, deportee,
            repatriate, return, cross, enter, arrive, rafter, migration
PROTEST     protester, demonstrator, march, rally, strike, striker, protest
SICK        infected, sick, case, patient, hospitalize, outbreak
MONEY       a currency sign or word ($, €, dollars, pesos, euros …)
=========== ====================================================================
"""

from __future__ import annotations

import re

from newsgraph.extractors.speakers import words

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "hundred": 100,
}  # fmt: skip
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "hundred": 100}
# Spanish: "treinta y dos", "doscientos mil", "una docena", "miles de migrantes" (thousands, at
# the least), "cientos de", "decenas de".
UNITS.update({
    "cero": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
    "quince": 15, "dieciséis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19,
    "veinte": 20, "veintiún": 21, "veintiuno": 21, "veintidós": 22, "veintitrés": 23,
    "veinticuatro": 24, "veinticinco": 25, "treinta": 30, "cuarenta": 40, "cincuenta": 50,
    "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
    "doscientos": 200, "doscientas": 200, "trescientos": 300, "trescientas": 300,
    "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500, "quinientas": 500,
    "seiscientos": 600, "seiscientas": 600, "setecientos": 700, "setecientas": 700,
    "ochocientos": 800, "ochocientas": 800, "novecientos": 900, "novecientas": 900,
})  # fmt: skip
SCALES.update({"mil": 1e3, "millón": 1e6, "millones": 1e6, "miles": 1e3, "millares": 1e3,
               "cientos": 100, "centenares": 100, "decenas": 10})  # fmt: skip
# Nouns for a group of a size: "a dozen", "una docena", "un centenar".
GROUPS = {"dozen": 12, "docena": 12, "decena": 10, "centenar": 100, "millar": 1000}
ARTICLES = frozenset({"a", "an", "un", "una"})
CONJUNCTIONS = frozenset({"and", "-", "y"})

# Languages writing 16.657 for sixteen thousand six hundred and fifty-seven.
_DOT_THOUSANDS = words("es pt de fr it nl ca gl da no sv fi pl cs sk ro hr sl sr tr id")
_DIGITS = re.compile(r"^\d{1,3}(?:[.,\u00a0 ]\d{3})+(?:[.,]\d+)?$|^\d+(?:[.,]\d+)?$")

KINDS: dict[str, frozenset[str]] = {
    "KILL": words("kill dead death die fatality body massacre murder execute slay"),
    "WOUND": words("wound wounded injure injured hurt injury casualty"),
    "ARREST": words("arrest detain jail imprison detainee prisoner convict sentence"),
    "KIDNAP": words("kidnap abduct hostage captive"),
    "DISPLACED": words("displace displaced evacuate evacuee homeless flee uproot"),
    "MIGRATION": words(
        "migrant immigrant emigrant refugee deport deportee repatriate return cross enter "
        "arrive rafter migration asylum"
    ),
    "PROTEST": words("protester protestor demonstrator march rally strike striker protest"),
    "SICK": words("infect infected sick case patient hospitalize outbreak"),
}
# The same kinds in Spanish lemmas.
for _kind, _spanish in {
    "KILL": "matar muerto muerte morir fallecer fallecido víctima cadáver asesinar asesinato "
    "masacre ejecutar",
    "WOUND": "herir herido lesionar lesionado lesión",
    "ARREST": "detener detenido arrestar arrestado arresto detención preso encarcelar capturar",
    "KIDNAP": "secuestrar secuestrado rehén secuestro",
    "DISPLACED": "desplazado desplazar evacuar evacuado damnificado huir refugio",
    "MIGRATION": "migrante inmigrante emigrante refugiado deportar deportado repatriar "
    "cruzar ingresar llegar balsero migración asilo cruce cruz",
    "PROTEST": "manifestante marcha huelga huelguista protesta protestar manifestación",
    "SICK": "infectado enfermo caso paciente contagiado hospitalizar brote",
}.items():
    KINDS[_kind] = KINDS[_kind] | words(_spanish)
CURRENCY = words(
    "$ € £ ¥ dollar euro peso pound yen yuan real rupee ruble rouble franc bolivar usd eur "
    "dólar dólares bolívar sol quetzal lempira colón balboa córdoba guaraní"
)


def digits_value(text: str, language: str | None) -> float | None:
    """The value of a number written in digits, or None when it is not one."""
    text = text.replace("\u00a0", " ")
    if not _DIGITS.match(text):
        return None
    dot_thousands = (language or "en")[:2].lower() in _DOT_THOUSANDS
    thousands, decimal = (".", ",") if dot_thousands else (",", ".")
    if not dot_thousands and re.fullmatch(r"\d{1,3}(\.\d{3})+", text) and text.count(".") > 1:
        thousands, decimal = ".", ","  # 1.234.567 cannot be a decimal in any language
    cleaned = text.replace(" ", "").replace(thousands, "").replace(decimal, ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def word_value(tokens: list[str]) -> float | None:
    """The value of a number written in words ("three", "a dozen", "two hundred thousand")."""
    total = current = 0.0
    seen = False
    for word in tokens:
        word = word.lower()
        if word in ARTICLES and not seen:
            current, seen = 1.0, True
            continue
        if word in GROUPS:
            current = (current or 1.0) * GROUPS[word]
        elif word in SCALES:
            scale = SCALES[word]
            current = (current or 1.0) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        elif word in UNITS:
            current += UNITS[word]
        elif word not in CONJUNCTIONS:
            return None
        seen = True
    value = total + current
    return value if seen and value else None


def kind_of(lemmas: list[str], money: bool) -> str | None:
    """The count kind from the words around a number (see the module table)."""
    if money:
        return "MONEY"
    for lemma in lemmas:
        for kind, table in KINDS.items():
            if lemma.lower() in table:
                return kind
    return None
