"""Text repair on messy text generated from clean articles the rules were not written for.

Takes PolNeAR articles (../shared/corpus/polnear/*/text), makes a messy copy of each with a
fixed seed — inline spans split onto lines of their own, related-article bullets at the top,
"Read more" links and "Latest news" blocks built from OTHER articles' headlines and first
sentences, tag lists, wire credits and promotion lines — runs ``clean_article`` on it and prints:

- the share of the original sentences that come out whole in ``text``;
- the share of inserted boilerplate lines that leak into ``text``;
- the share of removed inserted lines whose ``kind`` is the expected one;
- title, tag and credit recovery, and articles per second.

The same figures on the untouched articles show what repair costs clean text.

    .venv/bin/python benchmarks/clean_quality.py [--n 300] [--full] [--seed 13] [--show 3]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.clean import clean_article
from newsgraph.clean.repair import repair_article
from newsgraph.errors import InputError
from newsgraph.types import Article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "polnear"

RELATED_LABELS = ["Read more:", "READ MORE:", "Related:", "Read also:", "See also:", "RELATED:"]
TEASER_LABELS = [
    "Latest News",
    "Keep reading:",
    "More stories",
    "Most Popular",
    "Trending now",
    "Top Stories",
    "Don't miss",
    "Editor's Picks",
    "Últimas Noticias",
    "Lo más leído",
    "Dernières nouvelles",
]
RELATED_BLOCK_LABELS = ["You may also like", "Related stories", "Te puede interesar"]
TAG_LABELS = ["Tags", "Topics", "Know more", "More on", "Temas"]
PROMO = [
    "Sign up for our morning newsletter to get the day's top stories in your inbox.",
    "Follow us on Twitter and Facebook",
    "Download our app for breaking news alerts",
    "Subscribe now for unlimited digital access",
    "This story meets the standards of The Trust Project",
    "Advertisement",
    "Click here to get our free newsletter",
    "Support independent journalism: become a member today.",
    "Suscríbete a nuestro boletín",
    "Abonnez-vous à notre newsletter",
]
AGENCIES = ["Reuters", "AP", "AFP", "EFE", "dpa", "Bloomberg"]
NAMES = ["Jane Doe", "Pedro Ramos", "Lucía Fernández", "Tom Hart", "Amira Said", "Kenji Mori"]
BULLETS = ["• ", "- ", "* ", "▪ "]
_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z])")


_TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "st", "jr", "sr"}
_COMMON = {"the", "this", "that", "there", "these", "they", "then", "but", "and", "when", "what"}


@dataclass
class Source:
    name: str
    title: str
    paragraphs: list[str]


@dataclass
class Messy:
    text: str
    title: str | None
    inserted: list[tuple[str, str]] = field(default_factory=list)  # (kind, line)
    tags: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


def load(full: bool, n: int, seed: int) -> list[Source]:
    files = sorted(CORPUS.glob("*/text/*.txt"))
    if not full:
        files = random.Random(seed).sample(files, min(n, len(files)))
    sources = []
    for path in files:
        blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        if len(blocks) >= 3:
            paragraphs = [" ".join(b.split()) for b in blocks[1:]]
            sources.append(Source(path.name, " ".join(blocks[0].split()), paragraphs))
    return sources


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; a piece ending in a title ("Sen.") or initial joins the next."""
    pieces: list[str] = []
    for piece in _SENTENCE.split(paragraph):
        last = pieces[-1].rsplit(None, 1)[-1].rstrip(".") if pieces else ""
        if pieces and (last.lower() in _TITLES or len(last) == 1):
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    return [p.strip() for p in pieces]


def sentences(source: Source) -> list[str]:
    found = []
    for paragraph in source.paragraphs:
        found += [s for s in split_sentences(paragraph) if len(s.split()) >= 4]
    return found


def first_sentence(source: Source) -> str:
    return next(iter(sentences(source)), source.paragraphs[0])


def split_spans(paragraph: str, rng: random.Random) -> list[str]:
    """Cut one to three random inline spans (1-4 words) out onto pieces of their own."""
    words = paragraph.split(" ")
    if len(words) < 8:
        return [paragraph]
    cuts: set[int] = set()
    for _ in range(rng.randint(1, 3)):
        start = rng.randrange(1, len(words) - 1)
        cuts |= {start, min(len(words), start + rng.randint(1, 4))}
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(words)), len(words)]
    return [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds) if a < b]


def headline(source: Source) -> str:
    """The headline as published: PolNeAR adds a full stop, inside closing quotes too."""
    return re.sub(r"\.([’”'\"]?)$", r"\1", source.title)


def teaser_pair(other: Source, rng: random.Random) -> list[str]:
    dek = first_sentence(other)
    if rng.random() < 0.5:
        dek = dek.rstrip(".")
    return [headline(other), dek]


def tag_items(source: Source, rng: random.Random) -> list[str]:
    counts = Counter(re.findall(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?\b", " ".join(source.paragraphs)))
    common = [w for w, c in counts.most_common(12) if c >= 2 and w.lower() not in _COMMON]
    return rng.sample(common, min(len(common), rng.randint(3, 6)))


def credit_line(rng: random.Random) -> tuple[str, list[str]]:
    a, b = rng.sample(AGENCIES, 2)
    forms = [
        (f"(With information from {a})", [a]),
        (f"({a})", [a]),
        (f"— {a}", [a]),
        (f"With information from {a} and {b}", [a, b]),
        (f"Reporting by {rng.choice(NAMES)}; Editing by {rng.choice(NAMES)}", []),
        (f"(Con información de {a} y {b})", [a, b]),
        (f"Com informações da {a}", [a]),
        (f"(Avec {a})", [a]),
    ]
    return rng.choice(forms)


def make_messy(source: Source, others: list[Source], rng: random.Random) -> Messy:
    """A messy copy of ``source`` and a note of what was inserted into it."""
    messy = Messy("", headline(source) if rng.random() < 0.6 else None)
    top = _top_related(messy, others, rng)
    body = _body(source, messy, others, rng)
    end = _end(source, messy, others, rng)
    head = [messy.title] if messy.title else []
    units = [*top, *head, *body, *end] if rng.random() < 0.5 else [*head, *top, *body, *end]
    style = rng.choice(["blank", "blank", "single"])
    messy.text = ("\n\n" if style == "blank" else "\n").join(units)
    return messy


def _top_related(messy: Messy, others: list[Source], rng: random.Random) -> list[str]:
    if rng.random() >= 0.4:
        return []
    bullet = rng.choice(BULLETS)
    lines = [bullet + headline(o) for o in rng.sample(others, rng.randint(1, 3))]
    messy.inserted += [("related", line) for line in lines]
    return lines


def _body(source: Source, messy: Messy, others: list[Source], rng: random.Random) -> list[str]:
    units: list[str] = []
    split = rng.random() < 0.5
    middle = len(source.paragraphs) // 2
    for number, paragraph in enumerate(source.paragraphs):
        if split and rng.random() < 0.6:
            units += split_spans(paragraph, rng)
        else:
            units.append(paragraph)
        if number == middle and rng.random() < 0.3:
            line = f"{rng.choice(RELATED_LABELS)} {headline(rng.choice(others))}"
            units.append(line)
            messy.inserted.append(("related", line))
        elif number == middle and rng.random() < 0.25:
            block = [rng.choice(TEASER_LABELS)]
            for other in rng.sample(others, rng.randint(1, 2)):
                block += teaser_pair(other, rng)
            units += block
            messy.inserted += [("teaser", line) for line in block]
    return units


def _end(source: Source, messy: Messy, others: list[Source], rng: random.Random) -> list[str]:
    parts: list[list[tuple[str, str]]] = []
    if rng.random() < 0.5:
        line, named = credit_line(rng)
        parts.append([("credit", line)])
        messy.credits += named
    if rng.random() < 0.5:
        parts.append([("promo", p) for p in rng.sample(PROMO, rng.randint(1, 2))])
    if rng.random() < 0.4:
        parts.append(_tags(source, messy, rng))
    if rng.random() < 0.5:
        related = rng.random() < 0.25
        label = rng.choice(RELATED_BLOCK_LABELS if related else TEASER_LABELS)
        block = [label]
        for other in rng.sample(others, rng.randint(2, 5)):
            block += teaser_pair(other, rng)
        parts.append([("related" if related else "teaser", line) for line in block])
    lines = [item for part in parts for item in part]
    messy.inserted += lines
    return [text for _, text in lines]


def _tags(source: Source, messy: Messy, rng: random.Random) -> list[tuple[str, str]]:
    items = tag_items(source, rng)
    if len(items) < 3:
        return []
    messy.tags += items
    if rng.random() < 0.5:
        return [("tags", f"{rng.choice(['Tags', 'Topics', 'Temas'])}: {', '.join(items)}")]
    bullet = rng.choice(BULLETS)
    return [("tags", rng.choice(TAG_LABELS))] + [("tags", bullet + item) for item in items]


def _clean(text: str, name: str) -> Article | None:
    try:
        return clean_article(Article(raw=text, source=name))
    except InputError:
        return None


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    worst: list[tuple[int, str, list[str]]] = field(default_factory=list)

    def share(self, part: str, whole: str) -> str:
        total = self.counts[whole]
        return f"{self.counts[part] / total:.3f} ({self.counts[part]}/{total})" if total else "n/a"


def measure(source: Source, messy: Messy, result: Article | None, tally: Tally) -> None:
    text = result.text if result and result.text else ""
    flat = " ".join(text.split())
    paragraphs = {p.strip() for p in text.split("\n\n")}
    wanted = sentences(source)
    lost = [s for s in wanted if s not in flat]
    tally.counts["sentences"] += len(wanted)
    tally.counts["whole"] += len(wanted) - len(lost)
    leaked = []
    for kind, line in messy.inserted:
        core = line.lstrip("•-*▪ ").strip()
        tally.counts["inserted"] += 1
        # Short items ("Ford") count as leaked only when they stand as a paragraph of their own.
        if core in text if len(core.split()) >= 4 else core in paragraphs:
            tally.counts["leaked"] += 1
            leaked.append(line)
            continue
        removed = result.removed if result else ()
        hits = [r for r in removed if r.text == line] or [
            r for r in removed if core in r.text or r.text in line
        ]
        if hits:
            tally.counts["removed"] += 1
            tally.counts["kind_ok"] += hits[0].kind == kind
            tally.counts[f"kind:{kind}->{hits[0].kind}"] += 1
    got_title = result.title if result else None
    tally.counts["titles"] += 1
    tally.counts["title_ok"] += got_title == messy.title
    got_tags = {t.lower() for t in (result.tags if result else ())}
    tally.counts["tags"] += len(messy.tags)
    tally.counts["tags_ok"] += sum(t.lower() in got_tags for t in messy.tags)
    tally.counts["credits"] += len(messy.credits)
    tally.counts["credits_ok"] += sum(
        c in (result.credits if result else ()) for c in messy.credits
    )
    if lost or leaked:
        tally.worst.append((len(lost) + len(leaked), source.name, lost[:3] + leaked[:3]))


def report(label: str, tally: Tally, seconds: float, articles: int) -> None:
    print(f"== {label}")
    print(f"sentences whole in text   {tally.share('whole', 'sentences')}")
    if tally.counts["inserted"]:
        print(f"inserted lines leaked     {tally.share('leaked', 'inserted')}")
        print(f"removed, kind correct     {tally.share('kind_ok', 'removed')}")
        print(f"tags recovered            {tally.share('tags_ok', 'tags')}")
        print(f"credits recovered         {tally.share('credits_ok', 'credits')}")
    print(f"title correct             {tally.share('title_ok', 'titles')}")
    print(f"articles/s                {articles / seconds:.0f} ({articles} in {seconds:.2f} s)")


def run(sources: list[Source], seed: int, show: int) -> None:
    rng = random.Random(seed)
    messy_items = []
    for i, source in enumerate(sources):
        others = sources[:i] + sources[i + 1 :]
        messy_items.append(make_messy(source, others, rng))
    for label, texts, expected in (
        ("clean originals", [_original(s) for s in sources], None),
        ("messy copies", [m.text for m in messy_items], messy_items),
    ):
        tally = Tally()
        started, cpu = time.perf_counter(), time.process_time()
        results = [_clean(text, s.name) for text, s in zip(texts, sources, strict=True)]
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        for i, (source, result) in enumerate(zip(sources, results, strict=True)):
            messy = expected[i] if expected else Messy(texts[i], source.title)
            measure(source, messy, result, tally)
        report(label, tally, seconds, len(sources))
        print(
            f"CPU seconds               {cpu:.2f} ({len(sources) / max(cpu, 1e-9):.0f} articles/s)"
        )
        misfiled = sorted((k, v) for k, v in tally.counts.items() if k.startswith("kind:"))
        if expected:
            print("kinds (inserted->removed): " + ", ".join(f"{k[5:]} {v}" for k, v in misfiled))
        for score, name, lines in sorted(tally.worst, reverse=True)[:show]:
            print(f"  {name} ({score}):", *(f"\n    | {line[:110]}" for line in lines))


def _original(source: Source) -> str:
    return "\n\n".join([source.title, *source.paragraphs])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="articles sampled (default 300)")
    parser.add_argument("--full", action="store_true", help="use every PolNeAR article")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--show", type=int, default=0, help="print the N worst articles")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is not there (the PolNeAR corpus lives in ../shared)")
        return 0
    sources = load(args.full, args.n, args.seed)
    print(f"{len(sources)} PolNeAR articles, seed {args.seed}")
    run(sources, args.seed, args.show)
    extracted_text(args.show)
    return 0


def extracted_text(show: int) -> None:
    """Repair of text already extracted from HTML: trafilatura's output on the Fundus pages.

    Counts how many gold body paragraphs survive whole, and how many of the extracted
    paragraphs that are not body (the extractor's leftovers) repair takes out.
    """
    folder = CORPUS.parent / "html"
    if not (folder / "fundus-trafilatura-output.json").is_file():
        print("skipped extracted text: ../shared/corpus/html is not there")
        return
    gold = json.loads((folder / "fundus-ground_truth.json").read_text(encoding="utf-8"))
    extracted = json.loads((folder / "fundus-trafilatura-output.json").read_text(encoding="utf-8"))
    counts: Counter[str] = Counter()
    examples = []
    for name, page in extracted.items():
        paragraphs = [" ".join(p.split()) for p in page.get("body", []) if p.strip()]
        body = {" ".join(p.split()) for p in gold.get(name, {}).get("body", [])}
        if not paragraphs or not body:
            continue
        article = Article(
            raw="", source=name, text="\n\n".join(paragraphs), title=page.get("title")
        )
        kept = set((_clean_text(article) or "").split("\n\n"))
        for paragraph in paragraphs:
            key = "body" if paragraph in body else "extra"
            counts[key] += 1
            counts[f"{key}_kept"] += paragraph in kept
            if key == "body" and paragraph not in kept:
                examples.append(f"{name}: {paragraph[:100]}")
    print(f"== extracted text ({len(extracted)} Fundus pages, trafilatura output)")
    print(
        f"body paragraphs kept      {counts['body_kept'] / counts['body']:.3f} "
        f"({counts['body_kept']}/{counts['body']})"
    )
    extra_out = counts["extra"] - counts["extra_kept"]
    print(
        f"non-body paragraphs out   {extra_out / max(counts['extra'], 1):.3f} "
        f"({extra_out}/{counts['extra']})"
    )
    for line in examples[:show]:
        print("  lost |", line)


def _clean_text(article: Article) -> str | None:
    """Text repair alone: the extraction step has been done already."""
    return repair_article(article).text


if __name__ == "__main__":
    sys.exit(main())
