"""Themes: topic codes from the project's taxonomy, each with the words that triggered it.

Every token is matched against the triggers of ``knowledge/data/themes.tsv``: a trigger word
matches a token written the same way (lower-cased) or with that lemma, and a phrase matches a
run of tokens word by word.  A single-word match is one point of evidence, a phrase match two
(a phrase is more specific); where triggers overlap, the longest match alone counts.

The minimum evidence rule: a theme is kept when it has at least ``MIN_POINTS`` points from at
least ``MIN_TRIGGERS`` different triggers, so one passing word ("a debate", "the market")
never makes a theme.  Themes come out strongest first; ``theme_evidence`` maps each kept code
to its triggers, most frequent first.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

from spacy.tokens import Doc

from newsgraph.knowledge.themes import trigger_index
from newsgraph.types import Document

MIN_POINTS = 3
MIN_TRIGGERS = 2


def find_themes(document: Document) -> Document:
    """Return ``document`` with its themes and the trigger words behind each."""
    doc = document.doc
    if doc is None:
        return document
    hits: dict[str, Counter[str]] = defaultdict(Counter)
    points: Counter[str] = Counter()
    for code, trigger in _matches(doc):
        hits[code][" ".join(trigger)] += 1
        points[code] += 2 if len(trigger) > 1 else 1
    kept = [
        code
        for code, score in points.most_common()
        if score >= MIN_POINTS and len(hits[code]) >= MIN_TRIGGERS
    ]
    evidence = {code: tuple(word for word, _ in hits[code].most_common()) for code in kept}
    return dataclasses.replace(document, themes=tuple(kept), theme_evidence=evidence)


def _matches(doc: Doc) -> list[tuple[str, tuple[str, ...]]]:
    """Trigger matches, longest first at each place: "economic crisis" is not also "economic"."""
    index = trigger_index(doc.lang_)
    forms = [(t.lower_, t.lemma_.lower()) for t in doc]
    found: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while i < len(forms):
        here = {
            (code, trigger)
            for form in set(forms[i])
            for code, trigger in index.get(form, ())
            if len(trigger) == 1 or _phrase_at(forms, i, trigger)
        }
        longest = max((len(trigger) for _, trigger in here), default=1)
        found += sorted(m for m in here if len(m[1]) == longest)
        i += longest
    return found


def _phrase_at(forms: list[tuple[str, str]], i: int, trigger: tuple[str, ...]) -> bool:
    if i + len(trigger) > len(forms):
        return False
    return all(word in forms[i + k] for k, word in enumerate(trigger))
