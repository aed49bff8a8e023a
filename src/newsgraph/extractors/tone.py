"""Document tone in GDELT's GKG sense, from the VADER sentiment lexicon.

GDELT's tone fields are word densities: the share of the article's words found in a positive
word list, in a negative one, and in a list of "active" words.  The word lists here:

- **positive / negative**: the words of VADER's lexicon (``vader_lexicon.txt``, shipped with
  the ``vaderSentiment`` package) whose mean valence is at least ``+THRESHOLD`` / at most
  ``-THRESHOLD`` on VADER's -4..+4 scale; a word is looked up as written (lower-cased), then by
  its lemma.  Emoticons and valences under the threshold ("support" counts, "okay" does not)
  are left out so that only clearly loaded words move the figures.
  Spanish articles use the project's own list instead (``knowledge/data/es/tone.tsv``: about
  250 clearly loaded lemmas at +2 or -2), as no Spanish lexicon of VADER's kind is on PyPI.
- **active**: main verbs (part of speech VERB, auxiliaries left out), standing in for GDELT's
  Harvard-IV "Active" category, which is mostly verbs of action.

Fields: ``positive`` and ``negative`` are percentages of ``word_count`` (tokens made of letters
or digits); ``score = positive - negative`` (GDELT's Tone); ``polarity = positive + negative``;
``activity`` is the percentage of active words.  No negation handling, as in GDELT.
"""

from __future__ import annotations

import dataclasses
import functools
from importlib import resources

from newsgraph.types import Document, Tone

THRESHOLD = 1.0


@functools.cache
def lexicon(language: str = "en") -> dict[str, float]:
    """VADER's word valences, read once from the installed package; for Spanish, the
    project's table ``knowledge/data/es/tone.tsv`` on VADER's scale."""
    if language == "es":
        path = resources.files("newsgraph.knowledge").joinpath("data/es/tone.tsv")
        text = "\n".join(ln for ln in path.read_text("utf-8").splitlines() if ln[:1] != "#")
    else:
        text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    table: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha():
            table[parts[0].lower()] = float(parts[1])
    return table


def measure_tone(document: Document) -> Document:
    """Return ``document`` with its tone (see the module notes for the measures)."""
    doc = document.doc
    if doc is None:
        return document
    valences = lexicon(doc.lang_ if doc.lang_ == "es" else "en")
    words = positive = negative = active = 0
    for token in doc:
        if token.is_punct or token.is_space or not any(ch.isalnum() for ch in token.text):
            continue
        words += 1
        valence = valences.get(token.lower_, valences.get(token.lemma_.lower(), 0.0))
        positive += valence >= THRESHOLD
        negative += valence <= -THRESHOLD
        active += token.pos_ == "VERB"
    return dataclasses.replace(document, tone=_tone(words, positive, negative, active))


def _tone(words: int, positive: int, negative: int, active: int) -> Tone:
    def share(n: int) -> float:
        return round(100.0 * n / words, 4) if words else 0.0

    pos, neg = share(positive), share(negative)
    return Tone(
        score=round(pos - neg, 4),
        positive=pos,
        negative=neg,
        polarity=round(pos + neg, 4),
        activity=share(active),
        word_count=words,
    )
