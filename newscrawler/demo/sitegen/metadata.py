"""What a page declares about itself in <head>: canonical link, Open Graph, JSON-LD; and dates as text.

Which of these a story gets is chosen per story (its ``features``), so the demo
has pages with all, some and none of them, like real sites.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape

from newscrawler.demo import BASE_URL_PLACEHOLDER
from newscrawler.demo.sitegen.content import AGENCIES, SECTIONS, Story

SITE_NAME = "Meridian Ledger"
METRO_NAME = "Ledger Metro"

ZONE_NAMES = {
    "+05:30": "IST",
    "+00:00": "GMT",
    "+01:00": "BST",
    "+04:00": "GST",
    "+05:45": "NPT",
    "+09:00": "JST",
    "-04:00": "EDT",
}
"""How the pages name a UTC offset in their date text (only offsets the stories use)."""

MONTHS = ("January", "February", "March", "April", "May", "June",
          "July", "August", "September", "October", "November", "December")


def absolute(path: str) -> str:
    """An absolute URL for the page at ``path``; the server fills in scheme, host and port."""
    return BASE_URL_PLACEHOLDER + path.lstrip("/")


def image_path(story: Story) -> str:
    return f"/static/img/{story.section}.svg"


def zone_name(moment: datetime) -> str:
    return ZONE_NAMES[moment.isoformat()[-6:]]


def ledger_date(moment: datetime) -> str:
    """"May 27, 2025, 11:42 AM IST", the Ledger CMS's style."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    month = MONTHS[moment.month - 1][:3]
    return f"{month} {moment.day}, {moment.year}, {hour}:{moment:%M} {half} {zone_name(moment)}"


def metro_date(moment: datetime) -> str:
    """"27 May 2025, 13:05 IST", the Metro CMS's style."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} {zone_name(moment)}"


def head_tags(story: Story, canonical_path: str | None = None) -> str:
    """<head> metadata for an article page, according to the story's features."""
    features = story.features
    tags = []
    canonical = canonical_path or (story.path if "canonical" in features else None)
    if canonical:
        tags.append(f'<link rel="canonical" href="{absolute(canonical)}">')
    if story.amp_path and not canonical_path:
        tags.append(f'<link rel="amphtml" href="{absolute(story.amp_path)}">')
    if "og" in features:
        tags.extend(_open_graph(story))
    if "jsonld" in features:
        tags.append(_json_ld(story))
    return "\n".join(tags)


def _open_graph(story: Story) -> list[str]:
    site = SITE_NAME if story.template == "ledger" else METRO_NAME
    properties = [
        ("og:type", "article"),
        ("og:site_name", site),
        ("og:title", f"{story.title} | {site}"),
        ("og:description", story.summary),
        ("og:url", absolute(story.path)),
        ("og:image", absolute(image_path(story))),
    ]
    if story.template == "metro":
        properties.append(("article:published_time", story.published.isoformat()))
        properties.extend(("article:tag", tag) for tag in story.tags)
    return [f'<meta property="{name}" content="{escape(value)}">' for name, value in properties]


def _person(name: str) -> dict:
    return {"@type": "Organization" if name in AGENCIES else "Person", "name": name}


def _json_ld(story: Story) -> str:
    """NewsArticle: a plain object on Ledger, inside a Yoast-style @graph on Metro."""
    article = {
        "@type": "NewsArticle",
        "headline": story.title,
        "description": story.summary,
        "datePublished": story.published.isoformat(),
        "dateModified": story.published.isoformat(),
        "author": [_person(name) for name in story.authors],
        "publisher": {
            "@type": "Organization",
            "name": SITE_NAME,
            "logo": {"@type": "ImageObject", "url": absolute("/static/img/logo.svg")},
        },
        "image": absolute(image_path(story)),
        "mainEntityOfPage": absolute(story.path),
        "articleSection": SECTIONS[story.section][0],
        "keywords": ", ".join(story.tags),
        "inLanguage": story.lang,
    }
    if story.template == "ledger":
        data = {"@context": "https://schema.org", **article}
    else:
        page = {"@type": "WebPage", "@id": absolute(story.path), "name": story.title}
        data = {"@context": "https://schema.org", "@graph": [page, {**article, "isPartOf": {"@id": page["@id"]}}]}
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'
