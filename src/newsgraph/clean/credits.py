"""Wire and outlet credits: "(Reuters)", "— AP", "With information from AFP and EFE", ...

A credit line names who supplied the content.  It is taken out of the body (kind ``credit``)
and the agencies it names go to ``credits`` under one canonical spelling each.  A dateline
credit in the lead ("MEXICO CITY (AP) —") is recorded in ``credits`` but left in the text,
since it is part of the first sentence.
"""

from __future__ import annotations

import re

# Canonical name -> spellings.  Matching is case-sensitive for the short all-caps forms so
# that the English words "ap" or "efe" inside a sentence never count.
AGENCIES: dict[str, tuple[str, ...]] = {
    "Reuters": ("Reuters", "Thomson Reuters"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "EFE": ("EFE", "Agencia EFE"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "ANSA": ("ANSA",),
    "Europa Press": ("Europa Press",),
    "Xinhua": ("Xinhua",),
    "TASS": ("TASS",),
    "RIA Novosti": ("RIA Novosti",),
    "Interfax": ("Interfax",),
    "Kyodo": ("Kyodo",),
    "Yonhap": ("Yonhap",),
    "PTI": ("PTI",),
    "IANS": ("IANS",),
    "UPI": ("UPI",),
    "Bloomberg": ("Bloomberg",),
    "Anadolu": ("Anadolu", "Anadolu Agency"),
    "Notimex": ("Notimex",),
    "Agência Brasil": ("Agência Brasil", "Agencia Brasil"),
    "Lusa": ("Lusa",),
    "Télam": ("Télam", "Telam"),
    "Prensa Latina": ("Prensa Latina",),
    "Sputnik": ("Sputnik",),
    "AAP": ("AAP",),
    "Canadian Press": ("The Canadian Press", "Canadian Press"),
    "KNA": ("KNA",),
    "epd": ("epd",),
    "PAP": ("PAP",),
    "WAFA": ("WAFA",),
    "IRNA": ("IRNA",),
    "Bernama": ("Bernama",),
    "Antara": ("Antara",),
}
_CANONICAL = {
    spelling.lower(): name for name, spellings in AGENCIES.items() for spelling in spellings
}
_AGENCY = "|".join(
    sorted((re.escape(s) for names in AGENCIES.values() for s in names), key=len, reverse=True)
)
_AGENCY_LIST = rf"(?:{_AGENCY})(?:\s*(?:,|/|&|\band\b|\by\b|\be\b|\bet\b|\bund\b)\s*(?:{_AGENCY}))*"

# "(With information from EFE)", "Con información de AP y EFE", "Com informações da Reuters",
# "Avec AFP", "Mit Material von dpa", "Source: Reuters", "Fuente: EFE".
_WITH_INFO = re.compile(
    r"^\(?\s*(?:with (?:information|info|reporting|files|additional reporting) from|"
    r"con (?:información|informaci[oó]n|datos) de|com informa[cç](?:ões|ão) d[aeo]s?|"
    r"avec (?:des informations de|l'|la )?|mit material (?:von|der)|"
    r"(?:source|sources|fuente|fuentes|fonte|quelle)\s*:)\s*(?P<names>[^()]{2,120}?)\s*\)?\.?$",
    re.I,
)
# "(Reuters)", "— AP", "- AFP/EFE", "(dpa)", "Reuters" alone at the end.
_BARE = re.compile(rf"^(?:\(\s*(?P<p>{_AGENCY_LIST})\s*\)|[-–—]+\s*(?P<d>{_AGENCY_LIST}))\.?$")
_ALONE = re.compile(rf"^(?P<a>{_AGENCY_LIST})\.?$")
# Reuters-style staff lines: "Reporting by ...; Editing by ...", "Additional reporting by ...".
_STAFF = re.compile(
    r"^\(?\s*(?:additional )?(?:reporting|writing|editing|compiled|reported|written|edited|"
    r"research|graphics|production|redacción|reportagem|edición|rédaction|texto|text)"
    r"(?: and (?:editing|writing))?\s+(?:by|por|par|von)\b",
    re.I,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.I)
# Datelines that credit an agency at the start of the lead.
# "HAVANA (EFE) -", "JEDDAH, Saudi Arabia, May 12 (Reuters) -": a place in capitals, then at most
# a short qualifier, the agency in brackets and a dash.
_DATELINE = re.compile(
    rf"^[A-ZÁÉÍÓÚÑÇ]{{2}}[^()\n]{{0,60}}?\((?P<a>{_AGENCY_LIST})\)\s*(?:[-–—]|\.-|:)"
)
# A credit glued to the end of the last paragraph: "... he said. (Reuters)" / "... said. — AP".
_TRAILING = re.compile(
    rf"(?<=[.!?\"”’»])\s+(?P<credit>\(\s*(?:{_AGENCY_LIST})\s*\)|[-–—]+\s*(?:{_AGENCY_LIST}))\.?$"
)
_SPLIT = re.compile(r"\s*(?:,|;|/|&|\band\b|\by\b|\be\b|\bet\b|\bund\b)\s*")


def canonical(name: str) -> str:
    """The canonical spelling of an agency name, or the name itself when it is no agency."""
    name = name.strip(" .")
    return _CANONICAL.get(name.lower(), name)


def agencies_in(text: str) -> list[str]:
    """The agencies named in ``text``, canonical, in order of first mention."""
    found: list[str] = []
    for match in re.finditer(rf"(?<![\w-])(?:{_AGENCY})(?![\w-])", text):
        name = canonical(match.group(0))
        if name not in found:
            found.append(name)
    return found


def _names(listing: str) -> list[str]:
    """Split "AFP and EFE" / "EFE, Reuters y AP" into canonical names."""
    names = []
    for part in _SPLIT.split(listing):
        part = re.sub(r"^(?:the|la|el|a|o|l')\s+", "", part.strip(" .()"), flags=re.I)
        if part and (part.lower() in _CANONICAL or (len(part) <= 60 and part[0].isupper())):
            names.append(canonical(part))
    return names


def parse_credit(text: str, at_end: bool = False) -> list[str] | None:
    """The credited names when ``text`` is a credit line, else ``None``.

    A bare agency name on its own line counts only ``at_end`` of the article, where nothing but
    a credit would stand alone; elsewhere it may be a link split off a sentence.
    """
    line = text.strip()
    if len(line) > 240:
        return None
    match = _WITH_INFO.match(line)
    if match:
        names = _names(match.group("names"))
        return names or None
    match = _BARE.match(line) or (_ALONE.match(line) if at_end else None)
    if match:
        return _names(next(g for g in match.groups() if g))
    if _STAFF.match(line) or (_COPYRIGHT.match(line) and agencies_in(line)):
        return agencies_in(line)
    return None


def dateline_credit(text: str) -> list[str]:
    """Agencies credited in a lead's dateline ("HAVANA (EFE) —"), without changing the text."""
    match = _DATELINE.match(text)
    return _names(match.group("a")) if match else []


def split_trailing(text: str) -> tuple[str, str | None]:
    """Split a credit glued to the end of a paragraph off it: (rest, credit or None)."""
    match = _TRAILING.search(text)
    if not match:
        return text, None
    return text[: match.start()].rstrip(), match.group("credit")
