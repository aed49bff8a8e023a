"""Reading numbers as written, and the table of count kinds.

``number_value`` turns "47,331", "16.657" (Spanish-style), "1.5", "three", "a dozen" into a
number, with the thousands separator chosen by the article's language.

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
CURRENCY = words(
    "$ € £ ¥ dollar euro peso pound yen yuan real rupee ruble rouble franc bolivar usd eur"
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
        if word in ("a", "an") and not seen:
            current, seen = 1.0, True
            continue
        if word == "dozen":
            current = (current or 1.0) * 12
        elif word in SCALES:
            scale = SCALES[word]
            current = (current or 1.0) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        elif word in UNITS:
            current += UNITS[word]
        elif word not in ("and", "-"):
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
