"""Article metadata from one parse of the page: title, authors, dates, links, language hint, page-kind signals.

Each field comes from the most trusted source that has it (declared metadata
first, then markup, then visible text), via the modules that own that field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin

from lxml import html as lxml_html

from newscrawler.extraction.authors import extract_authors
from newscrawler.extraction.dates import DateSources, find_page_dates
from newscrawler.extraction.layout import PageSignals, read_signals
from newscrawler.extraction.sitename import site_names
from newscrawler.extraction.structured import (
    StructuredData,
    article_root,
    find_headline,
    in_skipped_region,
    jsonld_types,
    parse_html,
    read_structured,
    text_lines,
)
from newscrawler.extraction.title import extract_title

_UPDATED_MARK = re.compile(r"updat|modif|edited|revised", re.I)
_HIDDEN = ("style", "script", "noscript")  # elements whose text a reader never sees


@dataclass
class PageMetadata:
    """What the page says about itself; datetimes are timezone-aware, URLs absolute."""

    url: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None
    canonical_url: str | None = None
    og_url: str | None = None
    description: str | None = None
    image: str | None = None
    html_lang: str | None = None
    site_name: str | None = None
    og_type: str | None = None
    jsonld_types: list[str] = field(default_factory=list)
    """Lower-case JSON-LD @type names found on the page."""
    article_count: int = 0
    """Article objects declared (JSON-LD or microdata): 1 on a story, many on a listing."""
    declares_article: bool = False
    """Whether a declared article object is about this very page (not a teaser of another)."""
    signals: PageSignals | None = None
    """Layout measurements for :func:`pagekind.classify_page`."""


def extract_metadata(
    html: str,
    url: str,
    *,
    default_timezone: str | None = None,
    now: datetime | None = None,
    tree: lxml_html.HtmlElement | None = None,
) -> PageMetadata:
    """Read every metadata field of one page. ``now`` bounds dates (defaults to the current time).

    ``tree``: the page already parsed (only read here, never changed), to parse it once.
    """
    tree = parse_html(html) if tree is None else tree
    if tree is None:
        return PageMetadata(url=url)
    data = read_structured(tree)
    canonical = _absolute(url, (data.links.get("canonical") or [None])[0])
    og_url = _absolute(url, data.first_meta("og:url"))
    page_urls = {u.split("#")[0].rstrip("/") for u in (url, canonical, og_url) if u}
    article = data.main_article(page_urls)
    root = article_root(tree)
    lines = text_lines(root)
    site_name = _site_name(data)
    published, updated = find_page_dates(
        DateSources(
            jsonld=article or data.webpage(),
            meta=data.meta,
            microdata=data.microdata,
            times=_time_elements(root),
            lines=lines,
            url=url,
            html=html,
        ),
        default_timezone,
        _aware(now or datetime.now(timezone.utc)),
    )
    return PageMetadata(
        url=url,
        title=_title(tree, data, article, site_name, url),
        authors=extract_authors(tree, data, article, root, lines, site_names(site_name, url)),
        published=published,
        updated=updated,
        canonical_url=canonical,
        og_url=og_url,
        description=_description(data, article),
        image=_lead_image(url, data, article),
        html_lang=_declared_language(tree, data),
        site_name=site_name,
        og_type=data.first_meta("og:type"),
        jsonld_types=data.types(),
        article_count=max(len(data.article_objects()), data.microdata_articles),
        declares_article=article is not None or data.microdata_articles == 1,
        signals=read_signals(tree),
    )


def _aware(now: datetime) -> datetime:
    """A naive crawl time is UTC, as the crawler records it."""
    return now if now.tzinfo is not None else now.replace(tzinfo=timezone.utc)


def _description(data: StructuredData, article: dict | None) -> str | None:
    return _text(article, "description") or data.first_meta("og:description", "description", "twitter:description")


def _lead_image(url: str, data: StructuredData, article: dict | None) -> str | None:
    return _absolute(url, _image(article) or data.first_meta("og:image", "og:image:url", "twitter:image"))


def _declared_language(tree: lxml_html.HtmlElement, data: StructuredData) -> str | None:
    """<html lang>, xml:lang, or a language meta tag: what the page says, which templates often get wrong."""
    return (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
            or data.first_meta("content-language", "og:locale", "language"))


def _declared_titles(tree: lxml_html.HtmlElement, data: StructuredData, article: dict | None) -> list[str]:
    titles = [_text(article, "headline"), _text(article, "name"), data.first_meta("og:title", "twitter:title")]
    title_el = tree.find(".//title")
    if title_el is not None:
        titles.append(title_el.text_content())
    return [t for t in titles if t]


def _title(tree: lxml_html.HtmlElement, data: StructuredData, article: dict | None,
           site_name: str | None, url: str) -> str | None:
    headline = find_headline(tree)
    declared = _declared_titles(tree, data, article)
    if headline is None:
        return extract_title(declared, None, site_name, url)
    parts = sum(1 for el in headline.iter() if isinstance(el.tag, str) and el.tag not in _HIDDEN
                and (el.text or "").strip()) + sum(
        1 for el in headline.iterdescendants() if (el.tail or "").strip())
    sole = headline.tag == "h1" and sum(1 for h1 in tree.iter("h1") if h1.text_content().strip()) == 1
    return extract_title(declared, _visible_text(headline), site_name, url, h1_parts=parts, sole_h1=sole)


def _visible_text(el: lxml_html.HtmlElement) -> str:
    """An element's text without the CSS or script some templates put inside the headline."""
    if next(el.iter(*_HIDDEN), None) is None:
        return el.text_content().strip()
    parts: list[str] = []

    def walk(node: lxml_html.HtmlElement) -> None:
        if node.tag in _HIDDEN:
            return
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            parts.append(child.tail or "")

    walk(el)
    return "".join(parts).strip()


def _time_elements(root: lxml_html.HtmlElement) -> list[tuple[str, bool]]:
    """(datetime, says-updated) of <time> elements in the story region, outside related blocks."""
    found = []
    for el in root.iter("time"):
        value = el.get("datetime") or el.get("content")
        if not value or in_skipped_region(el, root.getparent()):
            continue
        found.append((value, _says_updated(el)))
    return found


def _says_updated(time_el: lxml_html.HtmlElement) -> bool:
    """Whether a <time> is the "Updated" stamp: by its class/itemprop, its parent's class or the label before it."""
    parent, previous = time_el.getparent(), time_el.getprevious()
    label = previous.tail if previous is not None else parent.text if parent is not None else None
    marks = [time_el.get("class"), time_el.get("itemprop"), time_el.text, (label or "")[-40:]]
    if parent is not None:
        marks.append(parent.get("class"))
    return bool(_UPDATED_MARK.search(" ".join(m for m in marks if m)))


def _site_name(data: StructuredData) -> str | None:
    name = data.first_meta("og:site_name", "application-name", "apple-mobile-web-app-title")
    if name:
        return name
    for obj in data.jsonld:
        if "website" in jsonld_types(obj) and isinstance(obj.get("name"), str):
            return obj["name"]
    for obj in data.article_objects():
        publisher = data.node(obj.get("publisher"))
        if publisher and isinstance(publisher.get("name"), str):
            return publisher["name"]
    return None


def _text(obj: dict | None, key: str) -> str | None:
    value = (obj or {}).get(key)
    if isinstance(value, list) and value:
        value = value[0]
    return value.strip() if isinstance(value, str) and value.strip() else None


def _image(obj: dict | None) -> str | None:
    value = (obj or {}).get("image")
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value if isinstance(value, str) else None


def _absolute(base: str, href: str | None) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("javascript:", "data:", "mailto:")):
        return None
    return urljoin(base, href)
