"""Who said a quotation: the cue that introduces it and the speaker that cue belongs to.

The cue is looked for in this order, inside the sentences the quotation touches (text inside
other quotations never counts):

1. a reporting verb (``said``, ``insisted``, ``recalled`` …) that governs the quotation in the
   dependency parse — "maintained that "I will…"", ""…," he said";
2. "according to X";
3. the nearest reporting verb in the same sentences — the parse does not always attach a
   quotation to its verb;
4. for a quotation introduced by a colon, the main verb of the clause before the colon
   ("…has sent a message: "I prefer…"");
5. for a partial quotation of three words or more, the verb that governs it ("to thank "the
   generous … people"" takes the subject of "wanted to thank").

A name after a dash right behind the quotation ("“…” ― Karen Bobadilla"), or signing it at the
end of its line or on the next line (``reactions``), is taken first.  Speaker words inside a
quotation are never the speaker.
The speaker is the subject of the cue (climbing through ``and``-joined and ``to``-infinitive
verbs to the verb that has one).  Scare quotes of one or two words only take a speaker from a
reporting verb that governs them, so a neighbouring sentence's speaker is never borrowed.
A quotation that stands alone as its own paragraph or sentence, with no cue at all, continues
the previous quotation when that one is in the same or the preceding paragraph.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsgraph.extractors.quote_marks import Span as QuoteSpan
from newsgraph.extractors.reactions import named_after, signed_name


def words(text: str) -> frozenset[str]:
    """The set of the whitespace-separated words of ``text`` (for word tables)."""
    return frozenset(text.split())


REPORTING = words(
    """say tell assure insist stress recall remark maintain warn deny add explain note write
    state claim argue ask reply respond announce declare tweet acknowledge admit point suggest
    testify comment joke quip complain conclude confirm emphasize emphasise observe predict
    promise report specify urge vow wonder describe call thank accuse affirm allege assert
    boast caution charge contend continue counter demand denounce disclose estimate exclaim
    express indicate inform lament mention posit proclaim recount reiterate reveal shout
    tell underline underscore yell pledge concede criticize criticise slam blast praise
    threaten acknowledge agree object protest scoff snap retort muse sigh"""
) | words(  # Spanish, for articles parsed by the Spanish model
    """decir afirmar asegurar señalar declarar indicar añadir agregar explicar sostener
    manifestar expresar advertir subrayar destacar insistir reiterar precisar anunciar
    denunciar admitir reconocer comentar responder concluir aseverar acotar recalcar enfatizar
    estimar opinar apuntar criticar exigir pedir recordar prometer aclarar puntualizar informar
    confirmar sentenciar lamentar preguntar contestar replicar exclamar escribir relatar
    narrar contar argumentar considerar alertar resaltar remarcar asegurar negar"""
)
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_NP_DROP = frozenset({"relcl", "acl", "appos", "punct", "advcl", "cc", "conj", "prep"})
_SCARE_WORDS = 2
_CLOSERS = "\"”’»“'.,"


@dataclass(frozen=True)
class Attribution:
    """The cue and speaker words found for one quotation (offsets into the text)."""

    cue: str | None
    speaker: tuple[int, int] | None  # span of the speaker's words
    head: int | None  # char offset of the speaker phrase's head word
    kind: str  # "cue", "according", "colon", "governor", "continued" or "none"


class _Layout:
    """Sentence and token starts of one parsed text, for lookups by position.

    ``Token.sent`` and ``Doc.char_span`` walk the whole text on every call; quotations need
    many lookups per article, so the starts are listed once and searched by bisection.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each call
        self.sents = list(doc.sents)
        self.sent_starts = [s.start for s in self.sents]
        self.sent_start_chars = [s.start_char for s in self.sents]
        self.sent_end_chars = [s.end_char for s in self.sents]
        self.token_starts = [t.idx for t in doc]
        # Doc.ents builds a new Span for every entity on each access: list them once.
        self.ents = list(doc.ents)
        self.ent_start_chars = [e.start_char for e in self.ents]
        self.ent_end_chars = [e.end_char for e in self.ents]


@functools.lru_cache(maxsize=2)  # it keeps its documents alive: a long one is 100s of MB
def _layout(doc: Doc) -> _Layout:
    return _Layout(doc)


def text_of(doc: Doc) -> str:
    """The text of ``doc``, joined once per document."""
    return _layout(doc).text


def sentences(doc: Doc) -> list[Span]:
    """The sentences of ``doc``, listed once per document."""
    return _layout(doc).sents


def sentences_before(doc: Doc, offset: int, count: int) -> list[Span]:
    """The last ``count`` sentences of ``doc`` that end at or before the character ``offset``."""
    found = _layout(doc)
    last = bisect.bisect_right(found.sent_end_chars, offset)
    return found.sents[max(0, last - count) : last]


def entities_over(doc: Doc, start: int, end: int) -> list[Span]:
    """spaCy's entities (``doc.ents``, which never overlap) overlapping ``start:end``, in order."""
    found = _layout(doc)
    first = bisect.bisect_right(found.ent_end_chars, start)
    last = bisect.bisect_left(found.ent_start_chars, end)
    return found.ents[first:last]


def sentence_of(token: Token) -> Span:
    """The sentence holding ``token`` (what ``token.sent`` gives, without its cost)."""
    found = _layout(token.doc)
    return found.sents[bisect.bisect_right(found.sent_starts, token.i) - 1]


def tokens_over(doc: Doc, start: int, end: int) -> Span:
    """The tokens overlapping the characters ``start:end`` (empty when there are none)."""
    starts = _layout(doc).token_starts
    first = max(0, bisect.bisect_right(starts, start) - 1)
    if first < len(doc) and doc[first].idx + len(doc[first]) <= start:
        first += 1
    last = bisect.bisect_left(starts, end)
    return doc[first:last]


def is_scare(text: str, span: QuoteSpan) -> bool:
    """True for a quotation of one or two words ("escape valve")."""
    return len(text[span.start : span.end].split()) <= _SCARE_WORDS


class Quotations:
    """The quotation spans of one text, for asking whether a position is inside (or on the
    marks of) any of them without scanning them all: quotations may nest, so the spans sorted
    by start carry the furthest end reached so far."""

    def __init__(self, spans: Sequence[QuoteSpan]) -> None:
        ordered = sorted(spans, key=lambda s: s.start)
        self._starts = [s.start - 1 for s in ordered]
        self._reach: list[int] = []
        for s in ordered:
            self._reach.append(max(s.end + 1, self._reach[-1] if self._reach else s.end + 1))

    def covers(self, offset: int) -> bool:
        """Whether ``s.start - 1 <= offset < s.end + 1`` for some span ``s``."""
        opened = bisect.bisect_right(self._starts, offset)
        return opened > 0 and offset < self._reach[opened - 1]


def _inside(token: Token, spans: Quotations | Sequence[QuoteSpan]) -> bool:
    if isinstance(spans, Quotations):
        return spans.covers(token.idx)
    return any(s.start - 1 <= token.idx < s.end + 1 for s in spans)


def _frame(doc: Doc, span: QuoteSpan) -> list[Span]:
    """The sentences a quotation touches, plus the next one when it ends with a comma."""
    found = _layout(doc)
    # Sentences are contiguous and in order: those touching the span are one run.
    low = bisect.bisect_right(found.sent_end_chars, span.start - 1)
    high = bisect.bisect_left(found.sent_start_chars, span.end + 1)
    sents = found.sents[low:high]
    inner = text_of(doc)[span.start : span.end].rstrip()
    if sents and inner.endswith(",") and sents[-1].end < len(doc):
        last = sents[-1]
        if last.end_char <= span.end + 2:
            sents.append(sentence_of(doc[last.end]))
    return sents


def _governors(doc: Doc, span: QuoteSpan, spans: Quotations) -> list[Token]:
    """Tokens outside every quotation on the head chains leading up from this quotation."""
    chain: list[Token] = []
    seen: set[int] = set()
    for token in tokens_over(doc, span.start, span.end):
        if token.is_punct or _inside(token.head, [span]):
            continue
        head = token.head
        while head.i not in seen and not _inside(head, spans):
            seen.add(head.i)
            chain.append(head)
            if head.head.i == head.i:
                break
            head = head.head
    return chain


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The subject of ``verb``, climbing through conjoined, infinitive and relative verbs."""
    subject = _subject(verb, depth)
    if subject is None or subject.i > verb.i:
        return subject
    return _same_line(subject, verb)


def _same_line(subject: Token, verb: Token) -> Token | None:
    """A subject on an earlier line than its verb is a heading parsed into the sentence: the
    real subject is the first noun of the verb's line within that parse."""
    text = text_of(verb.doc)
    line_start = text.rfind("\n", subject.idx, verb.idx) + 1
    if line_start == 0:
        return subject
    for token in sentence_of(verb):
        if token.i >= verb.i:
            break
        on_line = token.idx >= line_start and token.pos_ in ("PROPN", "NOUN")
        if on_line and token.head.idx < line_start:
            return token
    return None


def _subject(verb: Token, depth: int) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS and child.ent_type_ not in ("DATE", "TIME"):
            # "Kasich said Tuesday": a date parsed as the subject is not who spoke.
            if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return verb.head
            return child
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("PROPN", "NOUN") and depth < 4:
        return verb.head  # "AMLO assured in his speech" parsed as a participle on the name
    if verb.dep_ in ("conj", "xcomp", "advcl", "ccomp", "pcomp") and depth < 4:
        return _subject(verb.head, depth + 1)
    return None


def phrase(token: Token) -> tuple[int, int]:
    """The character span of the noun phrase headed by ``token``, without clauses or asides."""
    kept = [token]
    stack = [c for c in token.children if c.dep_ not in _NP_DROP or _keeps(token, c)]
    while stack:
        child = stack.pop()
        kept.append(child)
        stack.extend(c for c in child.children if c.dep_ not in ("relcl", "acl", "punct"))
    left = min(t.i for t in kept)
    right = max(t.i for t in kept)
    span = token.doc[left : right + 1]
    start, end = span.start_char, span.end_char
    # A phrase never runs over a line break: those are headings or layout, not one name.
    text = text_of(token.doc)
    start = max(start, text.rfind("\n", start, token.idx) + 1)
    cut = text.find("\n", token.idx, end)
    return start, cut if cut != -1 else end


def _keeps(head: Token, child: Token) -> bool:
    # "Assembly of the Cuban Resistance": an "of" phrase right after a name belongs to it;
    # "the minister Pierre Dubois": a name in apposition to a title, with no comma, is the name.
    if child.dep_ == "prep":
        return child.lower_ == "of" and child.i == head.i + 1
    return (
        child.dep_ == "appos"
        and head.pos_ == "NOUN"
        and child.pos_ == "PROPN"
        and (not any(t.is_punct for t in head.doc[head.i : child.i]))
    )


def _cue_text(verb: Token) -> str:
    words = [verb.text]
    words += [c.text for c in verb.children if c.dep_ == "prt"]
    for child in verb.children:
        objects = [g for g in child.children if g.dep_ == "pobj"]
        if child.lower_ == "in" and objects and objects[0].lemma_ == "statement":
            words.append("in a statement")
    return " ".join(words)


def _according(sents: Sequence[Span], spans: Quotations) -> Token | None:
    for sent in sents:
        for token in sent:
            spanish = _segun(token)  # "según X", "de acuerdo con X"
            if spanish is not None and not _inside(token, spans):
                return spanish
            if token.lower_ == "according" and not _inside(token, spans):
                for to in token.children:
                    objects = [g for g in to.children if g.dep_ == "pobj"]
                    if to.lower_ == "to" and objects:
                        return objects[0]
    return None


def _segun(token: Token) -> Token | None:
    """The source named by a Spanish "según X" or "de acuerdo con X" at ``token``, or None."""
    if token.doc.lang_ != "es" or token.dep_ != "prep":
        return None
    spanish = token.lower_ == "según" or (
        token.lower_ == "de" and any(c.lower_ == "acuerdo" for c in token.children)
    )
    objects = [c for c in token.children if c.dep_ == "pobj"]
    return objects[0] if spanish and objects else None


def _nearest_reporting(sents: Sequence[Span], span: QuoteSpan, spans: Quotations) -> Token | None:
    verbs = [
        t
        for sent in sents
        for t in sent
        if t.lemma_ in REPORTING and t.pos_ in ("VERB", "AUX") and not _inside(t, spans)
    ]
    verbs = [v for v in verbs if subject_of(v) is not None]
    if not verbs:
        return None
    return min(verbs, key=lambda v: min(abs(v.idx - span.start), abs(v.idx - span.end)))


def _colon_verb(doc: Doc, span: QuoteSpan) -> Token | None:
    text = text_of(doc)
    end = span.start - 1  # where text[: span.start - 1].rstrip() ends, without copying it
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0 or text[end - 1] != ":":
        return None
    colon = tokens_over(doc, end - 1, end)
    if not len(colon):
        return None
    root = sentence_of(colon[0]).root
    return root if root.pos_ in ("VERB", "AUX") and root.i < colon[0].i else None


def _from_verb(verb: Token, kind: str, spans: Quotations | None = None) -> Attribution | None:
    subject = subject_of(verb)
    if subject is None or (spans is not None and _inside(subject, spans)):
        return None  # a subject inside a quotation is the quoted words' own, not the speaker
    start, end = phrase(subject)
    return Attribution(_cue_text(verb), (start, end), subject.idx, kind)


def _dash_source(doc: Doc, span: QuoteSpan) -> Attribution | None:
    """A name given after a dash right behind the closing mark: "“…” ― Karen Bobadilla"."""
    text = text_of(doc)
    pos = span.end
    while pos < len(text) and (text[pos] in _CLOSERS or text[pos] in " \u00a0\t"):
        pos += 1
    if pos >= len(text) or text[pos] not in "―—–-":
        return None
    names = []
    for token in tokens_over(doc, pos + 1, min(len(text), pos + 80)):
        if token.is_space and "\n" not in token.text:
            continue
        if token.pos_ != "PROPN":
            break
        names.append(token)
    if not names:
        return None
    return Attribution(None, (names[0].idx, names[-1].idx + len(names[-1])), names[0].idx, "dash")


def attribute(doc: Doc, span: QuoteSpan, spans: Quotations | Sequence[QuoteSpan]) -> Attribution:
    """Find the cue and speaker words of the quotation at ``span`` among all the quotations
    ``spans`` of the text (see the module notes); pass them as one ``Quotations`` built once
    when attributing many."""
    if not isinstance(spans, Quotations):
        spans = Quotations(spans)
    dashed = _dash_source(doc, span)
    if dashed:
        return dashed
    signed = signed_name(text_of(doc), span.start, span.end)
    if signed:
        return Attribution(None, signed, signed[0], "dash")
    after = named_after(text_of(doc), span.end)
    if after:
        return Attribution(after[2], after[:2], after[0], "cue")
    chain = _governors(doc, span, spans)
    sents = _frame(doc, span)
    for token in chain:
        if token.lemma_ in REPORTING and token.pos_ in ("VERB", "AUX"):
            found = _from_verb(token, "cue", spans)
            if found:
                return found
    if is_scare(text_of(doc), span):
        return Attribution(None, None, None, "none")
    source = _according(sents, spans)
    if source is not None:
        return Attribution("according to", phrase(source), source.idx, "according")
    for verb, kind in (
        (_nearest_reporting(sents, span, spans), "cue"),
        (_colon_verb(doc, span), "colon"),
    ):
        found = _from_verb(verb, kind, spans) if verb is not None else None
        if found:
            return found
    verbs = [t for t in chain if t.pos_ in ("VERB", "AUX")]
    found = _from_verb(verbs[0], "governor", spans) if verbs else None
    return found or Attribution(None, None, None, "none")
