"""Roles an article states for a person, read from the words around the name.

Three patterns carry nearly all roles in news copy:
- a title run just before the name: "US Secretary of Homeland Security (DHS) Alejandro
  Mayorkas", "President Joe Biden";
- an apposition before it: "The president of Mexico, Andrés Manuel López Obrador";
- an apposition after it: "Carlos Fernández de Cossío, deputy minister of foreign affairs",
  "Ahmed Karimi, Iran's defence minister".
An office held for a stated time ("X, who was defence minister until 2019") is read too; it is
a past office, like one the words call former ("former president", "ex-minister").
A phrase counts as a role only when it holds a role word (``knowledge.actors.role_code``).
"""

from __future__ import annotations

import re

from newsgraph.knowledge.actors import PORTFOLIO_WORDS, TITLE_WORDS, phrase_country, role_code
from newsgraph.knowledge.spanish import words as spanish_words

_TITLE_RUN_WORDS = TITLE_WORDS | PORTFOLIO_WORDS | {"of", "the", "for", "and", "former", "ex"}
_PARENTHESES = re.compile(r"\s*\([^()]{1,12}\)")
_MAX_WORDS = 9
# Abbreviations that end in a dot inside a title run ("Lt. Gen.", "Jr."), besides titles.
_ABBREVIATIONS = frozenset(["lt", "col", "maj", "capt", "sgt", "adm", "jr", "sr", "st", "rev"])


def title_before(text: str, start: int) -> str | None:
    """The title run that ends just before ``start`` ("President", "US Secretary of ...")."""
    before = _PARENTHESES.sub("", text[max(0, start - 120) : start])
    if not before.endswith(" ") or before.rstrip()[-1:] in ',;:!?"“”':
        return None
    before = before.rstrip()
    words = before.split(" ")
    run: list[str] = []
    for word in reversed(words):
        # A paragraph break ends the run, but the word after it may open it ("\nCuban Minister").
        opens = "\n" in word
        clean = word.rsplit("\n", 1)[-1].strip()
        if not clean or _ends_sentence(clean) or clean[-1] in ',;:"“”':
            break  # punctuation after a word ends the run ("Futures,” Rep. X")
        if clean.lower() in ("and", "&") and any(_is_title(w) for w in run):
            break  # "Donald Trump and Sen. Ted Cruz": the run is "Sen." alone
        if clean[:1].isupper() or _in_title_run(clean):
            run.insert(0, clean)
        else:
            break
        if len(run) > _MAX_WORDS:
            return None
        if opens:
            break
    if run and run[-1].lower() in ("and", "&", "of", "the", "for"):
        # "President Obama and Clinton", "president of the Center for American Progress":
        # the title is another name's, or the name is what the title heads.
        return None
    while run and run[0].lower() in ("of", "the", "and", "for"):
        run.pop(0)
    phrase = " ".join(run)
    if not run or not any(_is_title(w) for w in run) or not role_code(phrase):
        return None
    return phrase


def _in_title_run(word: str) -> bool:
    """A lower-case word of a title run: "former", "defence", "ex-defence", "vice-president"."""
    return all(part in _TITLE_RUN_WORDS for part in word.lower().split("-"))


def _is_title(word: str) -> bool:
    """Whether a word is a title, also after "ex-" or "then-" ("Ex-President")."""
    return word.lower().rstrip(".").split("-")[-1] in TITLE_WORDS


def _ends_sentence(word: str) -> bool:
    """Whether a word closes the sentence before ("Begin."), not an abbreviation ("Sen.")."""
    if not word.endswith((".", "!", "?")):
        return False
    stem = word.rstrip(".!?")
    if "." in stem or len(stem) <= 2:
        return False  # "U.S.", "J.", "Dr."
    return stem.lower() not in TITLE_WORDS and stem.lower() not in _ABBREVIATIONS


def apposition_before(text: str, start: int) -> str | None:
    """A role phrase followed by a comma just before the name ("The president of Mexico, ")."""
    before = text[max(0, start - 160) : start]
    match = re.search(r"([^.;:!?\n\"“”(]*),\s*$", before)
    if not match:
        return None
    phrase = " ".join(match.group(1).split())
    spanish = _SPANISH_ROLE.search(phrase)
    if spanish and role_code(spanish.group(1)):  # "..., afirmó la directora de Migración, X"
        return spanish.group(1)
    words = phrase.split()
    if (
        not words
        or len(words) > _MAX_WORDS
        or not re.match(r"(?i:the|his|her|its|their)\b|[A-Z]", phrase)
    ):
        return None
    if not _starts_clause(before, match.start(1)):
        return None
    return phrase if role_code(phrase) else None


# A Spanish role phrase at the end of the words before a comma: an article or "su", a title and
# what follows it ("afirmó la directora de Migración", "El presidente de México", "con su
# homólogo cubano").
_SPANISH_ROLE = re.compile(
    r"(?:^|\s)((?i:el|la|su)\s+(?:"
    + "|".join(sorted(spanish_words("title"), key=len, reverse=True))
    + r")\b[^,]{0,60})$"
)


# A possessive that opens an apposition: "Iran's", "the United States'"; only a country's
# counts ("Iran's defence minister", not "President Obama's approval rating").
_POSSESSIVE = r"(?:the\s+)?(?:[A-Z][\w.]*\s+){0,2}[A-Z][\w.]*(?:['’]s|s['’])\s+"
_OWNER = re.compile(rf"({_POSSESSIVE})?(.*)", re.S)


def _country_owned(phrase: str) -> bool:
    """Whether a phrase has no possessive, or a country's ("Iran's defence minister")."""
    match = _OWNER.fullmatch(phrase)
    owner = match.group(1) if match else None
    return owner is None or phrase_country(owner) is not None


def apposition_after(text: str, end: int) -> str | None:
    """A lower-case role phrase after a comma just after the name (", deputy minister of X",
    ", Iran's defence minister")."""
    after = text[end : end + 160]
    match = re.match(rf",\s+((?:the\s+|{_POSSESSIVE})?[a-z][^,.;:!?\n\"“”()]*)([,.;)\n]|$)", after)
    if not match:
        return None
    phrase = match.group(1).strip()
    words = phrase.split()
    if not _country_owned(phrase):
        return None
    if (
        len(words) > 7
        or {"that", "who", "which"} & set(words)
        or not any(w.lower() in TITLE_WORDS for w in words)
    ):
        return None
    return phrase if role_code(phrase) else None


_PAST_CLAUSE = re.compile(
    rf",\s+who\s+(?:was|had\s+been|(?:previously\s+)?served\s+as)\s+"
    rf"((?:the\s+|an?\s+|{_POSSESSIVE})?[a-z][^,.;:!?\n\"“”()]*?\s+"
    r"(?:(?:until|till|through)\s+(?:\w+\s+)?\d{4}|(?:from|between)\s+\d{4}\s+(?:to|and|until)\s+\d{4}))"
    r"\b"
)


def past_office_after(text: str, end: int) -> str | None:
    """An office the name held for a stated time (", who was defence minister until 2019")."""
    match = _PAST_CLAUSE.match(text, end, min(len(text), end + 200))
    if not match:
        return None
    phrase = " ".join(match.group(1).split())
    words = phrase.split()
    if (
        not _country_owned(phrase)
        or len(words) > 10
        or not any(w.lower() in TITLE_WORDS for w in words)
    ):
        return None
    return phrase if role_code(phrase) else None


def _starts_clause(before: str, index: int) -> bool:
    """Whether the phrase at ``index`` opens its sentence or clause (not "... said, X")."""
    head = before[:index].rstrip()
    return not head or head[-1] in '.;:!?\n"“”('


def stated_roles(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """Every role phrase the text attaches to the name mentions at ``spans``, in order, once."""
    roles: list[str] = []
    for start, end in spans:
        for phrase in (
            title_before(text, start),
            apposition_before(text, start),
            apposition_after(text, end),
            past_office_after(text, end),
        ):
            if phrase and phrase not in roles:
                roles.append(phrase)
    return roles
