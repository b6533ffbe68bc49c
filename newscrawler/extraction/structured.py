"""Read a page's structure: the metadata it declares, and where on it the story is.

Declared metadata (JSON-LD, <meta>, <link rel>, microdata) is what publishers fill
for search engines and social cards, so it is the most trusted source of title,
authors and dates. When it is missing, visible text fills the gaps, and then it
matters *where* the text is: the story's own header, not a related-stories block,
a comment, a caption or the site chrome. The region helpers below decide that.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "report",
        "scholarlyarticle",
        "techarticle",
    }
)
LISTING_TYPES = frozenset({"itemlist", "collectionpage", "searchresultspage", "profilepage"})

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class StructuredData:
    """Declared metadata of one page; keys of ``meta`` and ``links`` are lower-case."""

    jsonld: list[dict] = field(default_factory=list)
    """Every JSON-LD object with an @type, flattened out of lists and @graph."""
    meta: dict[str, list[str]] = field(default_factory=dict)
    """<meta> content by name/property/itemprop, in document order."""
    links: dict[str, list[str]] = field(default_factory=dict)
    """<link href> by rel."""
    microdata: dict[str, list[str]] = field(default_factory=dict)
    """itemprop values inside the page's first article-typed itemscope."""
    microdata_articles: int = 0
    """How many article-typed itemscopes the page has (many = a listing)."""

    def first_meta(self, *names: str) -> str | None:
        """The first non-empty content among ``names``, tried in the order given."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value.strip():
                    return value.strip()
        return None

    def types(self) -> list[str]:
        """Lower-case @type names of all JSON-LD objects."""
        return [t for obj in self.jsonld for t in jsonld_types(obj)]

    def article_objects(self) -> list[dict]:
        """JSON-LD objects typed as an article (NewsArticle, BlogPosting ...)."""
        return [obj for obj in self.jsonld if ARTICLE_TYPES.intersection(jsonld_types(obj))]

    def main_article(self, page_urls: set[str]) -> dict | None:
        """The JSON-LD article describing this page, not a teaser of another one.

        An article object that names its URL must name this page (by full URL or
        path, since canonical and AMP hosts differ); one that names none counts
        when it is the only article object on the page.
        """
        articles = self.article_objects()
        paths = {_path(u) for u in page_urls}
        for obj in articles:
            urls = _object_urls(obj)
            if urls & page_urls or {_path(u) for u in urls} & paths:
                return obj
        if len(articles) == 1 and not _object_urls(articles[0]):
            return articles[0]
        return None

    def webpage(self) -> dict | None:
        """The WebPage object, which some publishers use instead of an Article."""
        for obj in self.jsonld:
            if "webpage" in jsonld_types(obj):
                return obj
        return None

    def node(self, ref: object) -> dict | None:
        """Resolve an {"@id": ...} reference to the full object in the @graph."""
        if isinstance(ref, dict) and "@id" in ref and len(ref) == 1:
            for obj in self.jsonld:
                if obj.get("@id") == ref["@id"]:
                    return obj
            return None
        return ref if isinstance(ref, dict) else None


def jsonld_types(obj: dict) -> list[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return [v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)]


def _object_urls(obj: dict) -> set[str]:
    urls = set()
    for key in ("url", "@id", "mainEntityOfPage"):
        value = obj.get(key)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str):
            urls.add(value.split("#")[0].rstrip("/"))
    return urls


def parse_html(html: str) -> lxml_html.HtmlElement | None:
    """The page as an lxml tree, or None when there is nothing to parse."""
    html = _XML_DECLARATION.sub("", html or "", count=1)
    if not html.strip():
        return None
    try:
        return lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def _path(url: str) -> str:
    return urlsplit(url).path.rstrip("/").lower()


def read_structured(tree: lxml_html.HtmlElement) -> StructuredData:
    """Collect JSON-LD, meta, link and microdata of a parsed page."""
    data = StructuredData()
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            data.jsonld.extend(_flatten(_load_json(script.text or "")))
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content is not None:
            data.meta.setdefault(key.strip().lower(), []).append(content)
    for link in tree.iter("link"):
        href = link.get("href")
        for rel in (link.get("rel") or "").lower().split():
            if href:
                data.links.setdefault(rel, []).append(href.strip())
    _read_microdata(tree, data)
    return data


def _load_json(text: str) -> object:
    """Parse a JSON-LD block, tolerating the raw newlines and control bytes CMSes leave in strings."""
    text = _CONTROL.sub(" ", text.strip())
    if text.startswith("<!--"):
        text = text.removeprefix("<!--").removesuffix("-->")
    try:
        return json.loads(text, strict=False)
    except ValueError:
        return None


def _flatten(value: object) -> list[dict]:
    """Objects from lists, @graph and nested mainEntity, each with an @type."""
    found: list[dict] = []
    stack = [value]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[0:0] = item
        elif isinstance(item, dict):
            if "@graph" in item:
                stack[0:0] = item["@graph"] if isinstance(item["@graph"], list) else [item["@graph"]]
            if "@type" in item:
                found.append(item)
            main = item.get("mainEntity")
            if isinstance(main, dict) and "@type" in main:
                stack.append(main)
    return found


def _read_microdata(tree: lxml_html.HtmlElement, data: StructuredData) -> None:
    scopes = [
        el
        for el in tree.iterfind(".//*[@itemscope]")
        if ARTICLE_TYPES.intersection(t.rsplit("/", 1)[-1].lower() for t in (el.get("itemtype") or "").split())
        and not in_skipped_region(el)  # related-story cards marked up as articles are not this page
    ]
    data.microdata_articles = len(scopes)
    if not scopes:
        return
    for el in scopes[0].iterfind(".//*[@itemprop]"):
        value = el.get("content") or el.get("datetime")
        if value is None:
            value = el.text_content()
        for prop in (el.get("itemprop") or "").split():
            data.microdata.setdefault(prop, []).append(" ".join(value.split()))


# Regions whose dates and names belong to other stories, comments, captions or the site chrome.
_SKIP_TAGS = frozenset(
    {"aside", "footer", "nav", "form", "figcaption", "figure", "blockquote", "script", "style", "noscript",
     "template", "iframe", "svg", "select", "button", "head"}
)
# Matched against each class/id token split at "-" and "_": "related-posts", "comment_list", "site-footer".
_SKIP_WORDS = frozenset(
    """related relatedposts recommended recommendations comment comments commentlist sidebar footer nav navbar
    navigation menu trending popular mostread mostpopular morestories morenews alsoread readmore readalso newsletter
    widget widgets promo share sharing sharebar social caption captions ticker breaking masthead
    teaser teasers carousel advert advertisement ad ads adslot sponsored cookie cookies subscribe subscription
    tags breadcrumb breadcrumbs disqus outbrain taboola""".split()
)
# "has-sidebar", "with-comments", "no-ads": layout flags on wrappers, not the block itself.
_FLAG_PREFIXES = frozenset({"has", "with", "no", "without", "show", "hide", "enable", "disable", "off", "on", "is"})
_TOKEN_SPLIT = re.compile(r"[-_]+")
_CAMEL = re.compile(r"([a-z])([A-Z])")
_NEVER_SKIPPED = frozenset({"html", "body", "main"})
_LOGO_MARKS = re.compile(r"logo|brand|site-?title|site-?name|masthead")
_ROOT_PROSE_CHARS = 300
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "header", "section", "article", "main",
     "table", "tr", "td", "th", "dl", "dt", "dd", "br", "hr", "address", "time", "pre"}
)


def is_skipped(el: lxml_html.HtmlElement) -> bool:
    """Whether the element itself is chrome, a caption, a comment or a related-stories block."""
    if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS:
        return True
    if el.tag in _NEVER_SKIPPED:
        return False
    return _marks_skipped(el.get("class"), el.get("id"), el.get("role"))


@lru_cache(maxsize=8192)
def _marks_skipped(css_class: str | None, element_id: str | None, role: str | None) -> bool:
    """The class/id/role part of ``is_skipped``: a page repeats a few hundred distinct values over
    thousands of elements, so it is worked out once per value (~8% of extraction time before)."""
    marks = _CAMEL.sub(r"\1-\2", f"{css_class or ''} {element_id or ''} {role or ''}")
    return any(_is_skip_token(token) for token in marks.lower().split())


def _is_skip_token(token: str) -> bool:
    parts = [p for p in _TOKEN_SPLIT.split(token) if p]
    if not parts or parts[0] in _FLAG_PREFIXES:
        return False
    joined = "".join(parts)
    return joined in _SKIP_WORDS or any(p in _SKIP_WORDS for p in parts)


def in_skipped_region(el: lxml_html.HtmlElement, root: lxml_html.HtmlElement | None = None) -> bool:
    """Whether ``el`` or one of its ancestors (up to ``root``) is skipped."""
    while el is not None and el is not root:
        if is_skipped(el):
            return True
        el = el.getparent()
    return False


def article_root(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The element holding the story: the container around the first headline that also holds prose.

    That is the <article>/<main> around the <h1> when the page has one, else the
    nearest ancestor of the <h1> with some paragraph text; pages without a
    headline fall back to <main>, a lone <article>, or <body>.
    """
    h1 = find_headline(tree)
    if h1 is not None:
        for ancestor in h1.iterancestors():
            if ancestor.tag in ("article", "main") or "article" in (ancestor.get("itemtype") or "").lower():
                return ancestor
        for ancestor in h1.iterancestors():
            if ancestor.tag == "body" or paragraph_chars(ancestor) >= _ROOT_PROSE_CHARS:
                return ancestor
    main = next(tree.iter("main"), None)
    if main is not None:
        return main
    articles = list(tree.iter("article"))
    if len(articles) == 1:
        return articles[0]
    body = tree.find("body")
    return body if body is not None else tree


def find_headline(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The story's headline element: the first <h1>, else an <h2>/<h3> whose text the <title> repeats.

    Some templates put the headline in an <h2 class="headline"> and the site
    logo in the only <h1>, or have no <h1> at all; the <title> tells them apart.
    """
    for h1 in tree.iter("h1"):
        if h1.text_content().strip() and not in_skipped_region(h1) and not _is_logo(h1):
            return h1
    title = tree.find(".//title")
    title_words = _words(title.text_content()) if title is not None else ""
    if not title_words:
        return None
    for heading in tree.iter("h2", "h3"):
        words = _words(heading.text_content())
        if words.count(" ") >= 2 and words in title_words and not in_skipped_region(heading):
            return heading
    return None


def _is_logo(heading: lxml_html.HtmlElement) -> bool:
    """An <h1> holding the site's logo or home link, as many templates do on every page."""
    for el in (heading, *heading.iterancestors("a")):
        marks = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        if _LOGO_MARKS.search(marks) or (el.tag == "a" and _is_home_link(el)):
            return True
    links = heading.findall(".//a[@href]")
    return len(links) == 1 and _is_home_link(links[0])


def _is_home_link(link: lxml_html.HtmlElement) -> bool:
    parts = urlsplit((link.get("href") or "").strip())
    return parts.path in ("", "/") and not parts.query and not parts.fragment


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def paragraph_chars(el: lxml_html.HtmlElement) -> int:
    """Characters of <p> text under ``el`` outside skipped regions."""
    return sum(len(p.text_content().strip()) for p in el.iter("p") if not in_skipped_region(p, el))


def text_lines(root: lxml_html.HtmlElement, limit: int = 400) -> list[str]:
    """Visible text of ``root`` as lines broken at block elements, skipping chrome and related blocks."""
    parts: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            if el is not root and is_skipped(el):
                walker.skip_subtree()  # its "end" event still comes and adds the tail
                continue
            if el.tag in _BLOCK_TAGS:
                parts.append("\n")
            parts.append(el.text or "")
        else:
            if el.tag in _BLOCK_TAGS:
                parts.append("\n")
            if el is not root:
                parts.append(el.tail or "")
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line][:limit]
