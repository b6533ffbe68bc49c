"""Who wrote the story: people or agencies, as clean names.

Bylines arrive dirty ("By Jane Doe and John Roe, Senior Correspondent | Updated
Feb 6, 2025", "jane@example.com", an author-page URL). Every source goes through
:func:`clean_authors`, so declared metadata and visible text yield the same names.
Photo credits and captions are not bylines: the visible-text walker skips
captions, "Photo:"/"Credit:" strings are refused, and "By" lines and author-page
links are only read above the story's first long paragraph.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from newscrawler.extraction.sitename import is_site_name
from newscrawler.extraction.structured import StructuredData, in_skipped_region

# "By", and the same word in the languages bylines most often come in ("Von", "Par", "Por", "Door", "Av").
_BY = re.compile(
    r"^(?:(?:alle|all|more|mehr|view\s+all|see\s+all)\s+)?"
    r"(?:(?:written|reported|posted|compiled|edited|produced|story|stories|articles?|posts?|geschrieben|ein\s+beitrag"
    r"|ein\s+artikel|beitr[aä]ge?|artikel|text|un\s+article|publié|publicado|escrito)\s*)?"
    r"(?:by|von|vom|par|por|door|av|af)(?:[\s:]+|$)",
    re.I,
)
_LABEL = re.compile(
    r"^(?:authors?|writers?|reporters?|byline|correspondents?|autor(?:in|en)?|auteurs?|verfasser(?:in)?|texte?"
    r"|(?:text\s+und\s+)?interview"
    r"|लेखक|रिपोर्टर|रिपोर्ट|संवाददाता)\s*[:|-]\s*",
    re.I,
)
# Separators between names; a period only after a word of 3+ letters ("Jane Doe. Agency", not "J. Doe").
# "y"/"e" join the last two names in Spanish, Portuguese and Italian bylines ("Ana Ruiz y Luis Mora").
_SPLIT = re.compile(r"\s*(?:,|;|\||&|\band\b|\bwith\b|\bund\b|\bet\b|\by\b|\be\b|/|(?<=\w{3})\.\s)\s*", re.I)
# A social-media handle printed after the name ("Ana Ruiz @anaruiz") is not part of it.
_HANDLE_SUFFIX = re.compile(r"\s@\w+\s*$")
# A user name as blogs and forums print it ("gizzmo", "freeman1984", "r23"): one token, no spaces.
_USER_NAME = re.compile(r"^[^\W_][\w.-]{1,29}$")
# ... and one that is not written as a name (lower case or with digits): a weaker source than a name.
_USER_NAME_ONLY = re.compile(r"^(?:[^\W\d_A-Z][\w.-]*|[\w.-]*\d[\w.-]*)$")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
# Everything from a date, time, weekday, stamp label or editor credit on is not an author
# (names carry no digits).
_DATE_OR_TIME = re.compile(
    r"(?:\b(?:last\s+)?(?:updated|published|posted|modified|on|stand|aktualisiert|veröffentlicht)\b|\bedited\s+by\b|\d"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d).*$",
    re.I,
)
_ROLE_WORDS = frozenset(
    """correspondent correspondents editor editors reporter reporters writer writers staff contributor
    contributors columnist bureau chief senior special associate assistant deputy managing desk
    journalist author photographer photojournalist analyst producer intern reports report
    freelance guest principal national international political business sports
    redakteur redakteurin redakteure chefredakteur chefredakteurin korrespondent korrespondentin autor autorin
    experte expertin volontär volontärin ressortleiter ressortleiterin stellvertretender stellvertretende
    leitender leitende redaktion journaliste rédacteur rédactrice redactor redactora periodista""".split()
)
# News agencies: one-word bylines that are names, not a leftover department ("Transport correspondent").
AGENCIES = frozenset({"pti", "ians", "ani", "uni", "ap", "afp", "reuters", "bloomberg", "dpa", "efe", "xinhua",
                      "kyodo", "yonhap", "tass", "agencies", "agency"})
_NOT_NAMES = frozenset({"admin", "administrator", "unknown", "anonymous", "staff", "editor", "none", "null", "guest",
                        "text", "texte", "auteur", "autor", "author", "community", "schreiber", "super user",
                        "publisher", "posted", "redaktion", "webmaster", "user", "root"})
_PHOTO_CREDIT = re.compile(r"^\(?\s*(?:photo|image|picture|pic|file|credit|courtesy|source|video|graphic)s?\b", re.I)
_BYLINE_CLASS = re.compile(r"byline|author|writer|reporter|contributor", re.I)
_BYLINE_CLASS_NOISE = re.compile(r"img|image|avatar|photo|bio|desc|about|social|follow|more|date|time", re.I)
# \w misses the vowel signs of Indic scripts (U+0900-U+0DFF), so they are listed with the Latin accents.
_NAME_WORD = re.compile(r"^[^\W\d_][\w\u0300-\u036f\u0900-\u0dff.'’-]*$")
# Lower-case words allowed inside a name ("Ursula von der Leyen"); any other lower-case word means prose.
_PARTICLES = frozenset(
    {"de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "dos", "bin", "al", "el", "ibn"}
)
# "ByJane Doe": the label and the name in two elements with no space between them.
_GLUED_BY = re.compile(r"^(?:By|Von|Par|Por)(?=[A-ZÀ-Þ][a-zà-ÿ.])")
_BARE_LABEL = re.compile(r"^(?:by|von|par|por|authors?|autor(?:in|en)?|auteurs?|verfasser(?:in)?)\s*:?$", re.I)
_MAX_NAME_WORDS = 5
_MAX_BYLINE_NAMES = 3
_BODY_LINE_CHARS = 160  # a longer line is the story's text: bylines come before it
_AUTHOR_HREF = re.compile(
    r"/(?:authors?|profiles?|profil|autor(?:en|in)?|auteurs?|autore|journalists?|reporters?|writers?|columnists?"
    r"|byline)/[^/?#]+", re.I)


def clean_authors(raw: str, marked: bool = False) -> list[str]:
    """Names in one byline string: drop "By", roles, dates, e-mails, URLs; split at "and", commas.

    ``marked``: the string comes from markup that says it is the author (metadata, a
    byline element, an author-page link), so a lone user name ("gizzmo", "freeman1984")
    is the author as the blog or forum prints it, not a stray word of prose.
    """
    text = " ".join(_EMAIL.sub(" ", raw).split())
    if not text or _PHOTO_CREDIT.match(text) or text.lower().startswith(("http://", "https://", "www.")):
        return []
    text = _HANDLE_SUFFIX.sub("", _LABEL.sub("", _BY.sub("", _GLUED_BY.sub("", text))))
    if marked and _USER_NAME.match(text) and text.lower() not in _NOT_NAMES and not _is_role_word(text) \
            and not text.isdigit():
        return [text]
    text = _DATE_OR_TIME.sub("", text)
    names: list[str] = []
    roles: list[str] = []
    for part in _SPLIT.split(text):
        name = _clean_name(part)
        if name:
            names.append(name)
        elif _is_role(part):
            roles.append(" ".join(part.split()))
    # One capitalised word after a full name and a comma ends the byline with the dateline's city
    # ("Jane Doe, London"), unless it is an agency ("Jane Doe, AFP").
    last = names[-1] if len(names) > 1 else ""
    if last and " " not in last and last.lower() not in AGENCIES and not last.isupper() \
            and " " in names[-2] and re.search(r",\s*" + re.escape(last) + r"\W*$", text):
        names.pop()
    # A byline that is only a role ("Staff Reporter") is the newsroom's chosen credit: keep it,
    # but never next to a real name ("Jane Doe, Staff Writer").
    return _dedupe(names or roles[:1])


def _is_role(part: str) -> bool:
    words = part.strip(" \t-–—:()[]\"'").split()
    return bool(words) and len(words) <= 3 and all(_is_role_word(w) or w.lower() == "our" for w in words) \
        and words[0][0].isupper()


def _is_role_word(word: str) -> bool:
    """A job title, also as the end of a compound ("FOCUS-Online-Experte", "Sport-Redakteur")."""
    return word.lower().strip(".,").rsplit("-", 1)[-1] in _ROLE_WORDS


def _clean_name(part: str) -> str | None:
    part = _BY.sub("", part.strip(" \t-–—:()[]\"'"))
    words = part.split()
    had_role = False
    while words and _is_role_word(words[-1]):
        words.pop()
        had_role = True
    while words and _is_role_word(words[0]) and len(words) > 1:
        words.pop(0)
    if had_role and words and words[0].lower() in AGENCIES:
        words = words[:1]  # "AP Auto Writer" -> "AP"
    if had_role and len(words) == 1 and words[0].lower() not in AGENCIES and not words[0].isupper():
        return None  # "Transport correspondent", "Political editor": a beat, not a person
    lower = [w for w in words if w[0].islower() and w.lower() not in _PARTICLES]
    if lower and (lower[0] is words[0] or len(lower) * 2 > len(words)):
        return None  # "the Russian ...", "Syrian defense ministries": a phrase after "by", not a name
    if not words or len(words) > _MAX_NAME_WORDS or not all(_NAME_WORD.match(w) for w in words):
        return None
    name = " ".join(words)
    if name.lower() in _NOT_NAMES or len(name) < 2:
        return None
    if name.isupper() and len(words) > 1:  # "JANE DOE" shouting; single-word agencies stay "PTI"
        name = name.title()
    return name


def extract_authors(
    tree: lxml_html.HtmlElement,
    data: StructuredData,
    article: dict | None,
    root: lxml_html.HtmlElement,
    lines: list[str],
    site: set[str] = frozenset(),
) -> list[str]:
    """Authors from the first source that names any: JSON-LD, meta, microdata, byline markup, "By" text.

    The site's own name (``site``, from :func:`sitename.site_names`) is not an author: it is
    dropped next to a person ("Jane Doe, CNN"), and a source giving only the site is passed
    over for the next one, which often names the person in the byline (but not for a list of
    staff names found further down the page). A source giving only a user name ("gizzmo")
    is passed over the same way: the same page often spells the name out elsewhere.
    """
    gave_site = False
    user_names: list[str] = []
    for marked, source in (
        (True, lambda: _jsonld_names(data, article)),
        (True, lambda: [v for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author",
                                      "byl") for v in data.meta.get(key, [])]),
        (True, lambda: data.microdata.get("author", [])),
        (True, lambda: _byline_elements(tree, root)),
        (True, lambda: _author_page_links(root)),
        (False, lambda: _by_lines(lines)),
    ):
        found = _first_byline(source(), marked)
        names = [name for name in found if not is_site_name(name, site)]
        if names and all(_USER_NAME_ONLY.match(name) for name in names):
            user_names = user_names or names
        elif names and not (gave_site and len(names) > _MAX_BYLINE_NAMES):
            return names
        gave_site = gave_site or bool(found)
    return user_names


def _first_byline(raws: list[str], marked: bool) -> list[str]:
    """Names from one source's strings; when 4+ strings each name someone else, only the first's.

    Several separate short author strings are the bylines of a list of other stories
    (related articles, a team box), the story's own comes first.
    """
    per_string = [names for names in (clean_authors(raw, marked) for raw in raws) if names]
    found = _dedupe(n for names in per_string for n in names)
    if len(found) > _MAX_BYLINE_NAMES and len(per_string) > _MAX_BYLINE_NAMES:
        return per_string[0]
    return found


def _jsonld_names(data: StructuredData, article: dict | None) -> list[str]:
    if not article:
        return []
    raw = article.get("author") or article.get("creator")
    values = raw if isinstance(raw, list) else [raw]
    names = []
    for value in values:
        node = data.node(value)
        if isinstance(value, str):
            names.append(value)
        elif node and isinstance(node.get("name"), str):
            names.append(node["name"])
    return names


def _byline_elements(tree: lxml_html.HtmlElement, root: lxml_html.HtmlElement) -> list[str]:
    """Text of rel=author links and of the innermost short elements marked as byline/author in the story."""
    found = [a.text_content() for a in tree.iterfind(".//a[@rel='author']") if not in_skipped_region(a)]
    marked = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        marks = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('itemprop') or ''} {el.get('data-testid') or ''}"
        if _BYLINE_CLASS.search(marks) and not _BYLINE_CLASS_NOISE.search(marks) and not in_skipped_region(el, root):
            marked.append(el)
    inner = set()
    for el in marked:  # a wrapper's text glues in labels and buttons; its marked child is cleaner
        inner.update(a for a in el.iterancestors() if a in marked)
    for el in marked:
        text = " ".join(el.text_content().split())
        if el not in inner and 0 < len(text) <= 200:
            found.append(text)
    return found


def _author_page_links(root: lxml_html.HtmlElement) -> list[str]:
    """Text of links to author pages ("/author/jane-doe") above the story's first long paragraph."""
    found = []
    for el in root.iter("a", "p"):
        if el.tag == "p" and len(el.text_content()) > _BODY_LINE_CHARS:
            break
        if el.tag == "a" and _AUTHOR_HREF.search(el.get("href") or "") and not in_skipped_region(el, root):
            found.append(el.text_content())
    return found


def _by_lines(lines: list[str]) -> list[str]:
    """Visible "By PTI" lines in the story header (before the first long paragraph).

    A label alone on its line ("Autor", "By") is joined to the next line, where
    templates put the name in an element of its own.
    """
    found = []
    previous = ""
    for line in lines:
        if len(line) > _BODY_LINE_CHARS:
            break
        if _BARE_LABEL.match(previous):
            line = f"{previous}: {line}"
        if (_BY.match(line) or _LABEL.match(line)) and len(line) <= 100:
            found.append(line)
        previous = line
    return found


def _dedupe(names) -> list[str]:
    """Drop repeats, and a name that is another plus a glued suffix ("Jane Doe Florida Today", "Jane DoeShare")."""
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(name.casefold(), name)
    keys = list(unique)
    return [unique[k] for k in keys if not any(k != other and k.startswith(other) for other in keys)]
