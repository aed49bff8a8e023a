"""Known boilerplate phrasing in English, Spanish, Portuguese, French and German.

Publishers label their link blocks, promotions and share bars with a small, stable vocabulary.
Each phrase here is a pattern seen across many outlets, not the wording of any one article; the
rules in ``boilerplate`` only trust a phrase on a line that is also shaped like boilerplate
(short, at a paragraph boundary), so a body sentence that happens to use the words survives.
"""

from __future__ import annotations

import re

from newsgraph.clean.lines import word_set

# Words that section labels over link blocks are made of.  A short line made only of these
# ("More news", "Lo más leído", "Mais lidas", "À lire aussi") is a label, whatever their order.
LABEL_WORDS = word_set(
    """more read reading keep continue latest news stories story articles article related also
    see watch videos video recommended recommend popular most top trending editor editors picks
    you may might like could interested in from around the web our don't miss further coverage
    know learn find out other headlines today's now this week world must
    lee leer lea leído leídos leídas leídas últimas últimos noticias noticia más mas también
    relacionadas relacionados relacionada te puede interesar sigue leyendo le recomendamos notas
    artículos conoce destacadas lo de ver hoy
    leia mais lidas notícias notícia também veja saiba relacionadas recomendadas últimas confira
    lire aussi plus lus dernières nouvelles actualités articles sur le même sujet voir à en savoir
    lesen sie auch mehr zum thema weitere nachrichten meistgelesen meistgelesene neueste artikel
    das könnte ihnen interessieren empfehlungen erfahren"""
)

# Label words that mark a block of links as related to this article rather than a feed of
# other news ("Related", "Read also", "Lee también", "Lire aussi", "Lesen Sie auch").
RELATED_WORDS = word_set(
    """related also recommended recommend interested like interesar relacionadas relacionados
    relacionada también recomendamos recomendadas aussi auch même sujet thema interessieren
    empfehlungen"""
)

# Words that make a label point at another article, so that "Read more: <headline>" on one
# line is a link.  "The Latest: ..." or "News: ..." are headline prefixes, not links.
POINTING_WORDS = word_set(
    """read related also see watch recommended lee leer lea también relacionadas relacionados
    relacionada interesar leia veja lire voir lesen ver aussi auch"""
)

# Labels over lists of topic tags.
TAG_LABELS = re.compile(
    r"^(?:tags?|topics?|related topics|keywords|more on|filed under|subjects?|"
    r"know more|learn more|find out more|temas?|etiquetas?|palabras clave|conoce más|"
    r"tópicos|assuntos|palavras-chave|saiba mais|mots[- ]clés|thèmes|sujets|en savoir plus|"
    r"schlagwörter|themen|stichwörter|mehr zu)$",
    re.I,
)

# A label followed on the same line by what it labels: "Read more: <headline>", "Tags: a, b".
INLINE_LABEL = re.compile(r"^([^:|»›>]{2,40}?)\s*(?::|\||»|›|>|\s[-–—]\s)\s*(\S.*)$")

_PROMO = [
    # en
    r"\btrust (?:project|principles)\b",
    r"^our (?:standards|editorial (?:standards|principles))\b",
    r"^join (?:our|the)\b.{0,40}\b(?:forum|conversations?|discussion|debate|comments?)\b",
    r"^(?:please\s+)?subscribe\b",
    r"\bsubscribe (?:to|for) (?:our|the)\b.{0,40}\b(?:newsletter|channel|podcast|access|alerts)",
    r"^(?:please\s+)?sign up\b",
    r"\bsign up (?:for|to) (?:our|the)\b.{0,40}\b(?:newsletter|alerts|briefing|updates)",
    r"^(?:get|receive) (?:our|the) .{0,40}newsletter",
    r"\bnewsletter\b.{0,40}\b(?:inbox|sign up|subscribe)",
    r"\bfollow us (?:on|at)\b",
    r"\bdownload (?:our|the) .{0,20}app\b",
    r"\b(?:click|tap) here\b",
    r"\bjoin (?:us|our) .{0,30}\b(?:whatsapp|telegram|channel|community)\b",
    r"\bsupport (?:our|independent|quality) journalism\b",
    r"^(?:please\s+|and\s+)?become a (?:member|subscriber|supporter)\b",
    r"^(?:advertisement|sponsored(?: content)?|paid content|ad)$",
    r"^continue reading\b",
    r"^(?:click here to |tap here to )?read the (?:full|whole|original) (?:story|article|report)",
    r"^read the rest\b",
    r"^(?:got|have) a (?:news )?tip\b",
    r"\bwe want to hear from you\b",
    r"\ball rights reserved\b",
    r"^(?:©|\(c\)|copyright\b)",
    r"^(?:share|comment) (?:this|on this) (?:article|story|post)\b",
    # es
    r"\bsuscr[ií]b(?:ete|ite)\b",
    r"\bs[ií]gu?enos en\b",
    r"\bdescarga (?:nuestra|la) app\b",
    r"\b[uú]nete a nuestro\b",
    r"\bhaz clic\b",
    r"\btodos los derechos reservados\b",
    r"^publicidad$",
    r"\brecibe (?:las|nuestras|todas las) noticias\b",
    r"\bcriterios de the trust\b",
    # pt
    r"^assine\b",
    r"\bsiga-nos\b",
    r"\binscreva-se\b",
    r"\bbaixe o app\b",
    r"\bclique aqui\b",
    r"\btodos os direitos reservados\b",
    r"^publicidade$",
    r"\breceba (?:as|nossas) not[ií]cias\b",
    # fr
    r"\babonnez-vous\b",
    r"\bsuivez-nous\b",
    r"\bt[ée]l[ée]chargez (?:notre|l'application)\b",
    r"\bcliquez ici\b",
    r"\btous droits r[ée]serv[ée]s\b",
    r"^publicit[ée]$",
    r"\binscrivez-vous\b",
    # de
    r"\bjetzt abonnieren\b",
    r"\bnewsletter abonnieren\b",
    r"\bfolgen sie uns\b",
    r"\bklicken sie hier\b",
    r"\balle rechte vorbehalten\b",
    r"^anzeige$",
]
PROMO = re.compile("|".join(_PROMO), re.I)
# Every promotion pattern contains one of these; a line without any skips the regular
# expression, which is what keeps the check cheap on ordinary sentences.
_PROMO_KEYS = (
    "trust",
    "standards",
    "principles",
    "join",
    "subscri",
    "sign up",
    "newsletter",
    "follow us",
    "download",
    "click here",
    "tap here",
    "journalism",
    "become a",
    "advert",
    "sponsor",
    "paid content",
    "continue reading",
    "read the",
    " tip",
    "hear from you",
    "rights reserved",
    "©",
    "(c)",
    "copyright",
    "share",
    "comment",
    "suscr",
    "guenos",
    "descarga",
    "nete a",
    "haz clic",
    "derechos",
    "publicidad",
    "recibe",
    "assine",
    "siga-nos",
    "inscreva",
    "baixe",
    "clique",
    "direitos",
    "publicidade",
    "receba",
    "abonnez",
    "suivez",
    "chargez",
    "cliquez",
    "droits",
    "publicit",
    "inscrivez",
    "abonnieren",
    "folgen sie",
    "klicken",
    "rechte",
    "anzeige",
)
_PROMO_LINES = frozenset(["ad"])

_NAVIGATION = [
    r"^skip to (?:main )?(?:content|navigation)\b",
    r"^(?:menu|search|home|print|email|e-mail|share|tweet|comments?|back to top|close|"
    r"inicio|buscar|compartir|imprimir|comentarios|partager|imprimer|teilen|drucken|"
    r"compartilhar|voltar ao topo)$",
    r"^(?:share|compartir|partager|teilen|compartilhe)(?: (?:on|en|sur|auf|no|this))? ?(?::|$)",
    r"^(?:(?:facebook|twitter|x|whatsapp|telegram|linkedin|email|e-mail|reddit|copy link|"
    r"pinterest|messenger)[\s|,/·•]*){2,}$",
    r"^\d{1,2} min(?:ute)?s? (?:read|de lectura|de leitura|de lecture|lesezeit)$",
    r"^(?:reading time|tiempo de lectura|tempo de leitura|temps de lecture|lesezeit)\s*:",
    r"^(?:listen to (?:this|the) (?:article|story)|escuchar (?:nota|noticia))\b",
    r"^(?:[\w .'’-]{1,30}\s(?:>|›|»|/|\|)\s){2,}[\w .'’-]{1,30}$",
]
NAVIGATION = re.compile("|".join(_NAVIGATION), re.I)

_CAPTION = [
    r"^(?:photo|photograph|picture|image|file photo|caption|foto|imagen|fotografía|"
    r"crédito|credit|bildquelle|bild|légende|fotografia)\s*(?::|by\b)",
    r"^\(?(?:photo|foto|image|imagen|bild)\s*:[^)]{1,80}\)?$",
    r"\((?:photo|foto|image|imagen|bild|crédito|credit)\s*:[^)]{1,80}\)$",
    r"[|/]\s*(?:photo|foto|image|imagen|bild)\s*:.{1,60}$",
    r"\b(?:getty images|afp via getty images|shutterstock|cuartoscuro)\.?$",
]
CAPTION = re.compile("|".join(_CAPTION), re.I)
_CAPTION_KEYS = (
    "photo",
    "foto",
    "picture",
    "image",
    "imagen",
    "caption",
    "crédito",
    "credit",
    "bild",
    "légende",
    "getty",
    "shutterstock",
    "cuartoscuro",
)


def is_promo(text: str) -> bool:
    """Whether ``text`` contains a known promotion phrase."""
    lower = text.lower()
    if lower.strip() in _PROMO_LINES:
        return True
    return any(key in lower for key in _PROMO_KEYS) and bool(PROMO.search(text))


def is_caption(text: str) -> bool:
    """Whether ``text`` is a photo caption or credit."""
    lower = text.lower()
    return any(key in lower for key in _CAPTION_KEYS) and bool(CAPTION.search(text))


def label_key(text: str) -> str:
    """A line reduced to its lower-case words, for comparing with label vocabularies."""
    found = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text.lower())
    return " ".join(re.sub(r"['’]s$", "", word) for word in found)
