"""Page templates: the same story rendered the ways real news sites do, traps included.

Every template returns a :class:`Page` whose ``expected`` holds the truth for the
fields it is meant to test; a field left out is not scored on that page.
"""

from __future__ import annotations

import html as html_lib
import json
from dataclasses import dataclass
from datetime import datetime

from benchmarks.metadata.stories import Site, Story

NOW = datetime.fromisoformat("2026-01-01T00:00:00+00:00")


@dataclass
class Page:
    name: str
    url: str
    html: str
    expected: dict


def esc(text: str) -> str:
    return html_lib.escape(text, quote=True)


def url_of(story: Story, style: str = "slug") -> str:
    base = f"https://{story.site.host}"
    if style == "dated":
        return f"{base}/{story.published:%Y/%m/%d}/{story.slug}/"
    if style == "html":
        return f"{base}/{story.section}/{story.slug}.html"
    return f"{base}/english/{story.section}/{story.slug}-{story.published:%y%m%d%H%M}"


def expected(story: Story, *, published: datetime | None | str = "story", updated: datetime | None | str = "story",
             authors: list[str] | None = None, kind: str = "article") -> dict:
    pub = story.published if published == "story" else published
    upd = story.updated if updated == "story" else updated
    return {
        "title": story.title,
        "authors": story.authors if authors is None else authors,
        "published": pub.isoformat() if pub else None,
        "updated": upd.isoformat() if upd else None,
        "language": story.site.language,
        "page_kind": kind,
    }


def context(story: Story, url: str) -> dict:
    return {"url": url, "default_timezone": story.site.timezone, "now": NOW.isoformat()}


# --- how sites print a time ------------------------------------------------------------------

def clock12(dt: datetime, dots: bool = False) -> str:
    meridiem = dt.strftime("%p")
    if dots:
        meridiem = "a.m." if meridiem == "AM" else "p.m."
    return f"{dt.hour % 12 or 12}:{dt:%M} {meridiem}"


def etv_stamp(dt: datetime, zone: str) -> str:  # "Feb 6, 2025, 8:09 PM IST"
    return f"{dt:%b} {dt.day}, {dt.year}, {clock12(dt)} {zone}"


def uk_stamp(dt: datetime, zone: str) -> str:  # "20 November 2024, 20:09 GMT"
    return f"{dt.day} {dt:%B %Y}, {dt:%H:%M} {zone}"


def us_stamp(dt: datetime, zone: str) -> str:  # "7:05 a.m. EDT March 12, 2025"
    return f"{clock12(dt, dots=True)} {zone} {dt:%B} {dt.day}, {dt.year}"


def short_stamp(dt: datetime, zone: str) -> str:  # "3 Jan 2025 | 17:40 IST"
    return f"{dt.day} {dt:%b %Y} | {dt:%H:%M} {zone}"


def numeric_stamp(dt: datetime, month_first: bool) -> str:  # "06/02/2025 20:09" - no zone
    day_month = f"{dt:%m/%d}" if month_first else f"{dt:%d/%m}"
    return f"{day_month}/{dt.year} {dt:%H:%M}"


# --- shared page parts -----------------------------------------------------------------------

def head(title: str, extra: str = "", lang: str = "en") -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<meta name="viewport" content="width=device-width">{extra}</head>')


def site_header(site: Site, today: str | None = None) -> str:
    date = f'<div class="today-date">{esc(today)}</div>' if today else ""
    return (f'<header class="site-header">{date}<a class="logo" href="/">{esc(site.name)}</a>'
            '<nav><ul><li><a href="/india">India</a></li><li><a href="/world">World</a></li>'
            '<li><a href="/business">Business</a></li><li><a href="/sports">Sports</a></li></ul></nav></header>')


def site_footer(site: Site) -> str:
    return (f'<footer><div class="links"><a href="/about">About us</a> <a href="/privacy">Privacy policy</a></div>'
            f'<p>Copyright © 2025 {esc(site.name)}. All rights reserved. Contact: desk@{site.host}</p></footer>')


def body_html(story: Story) -> str:
    return "".join(f"<p>{esc(p)}</p>" for p in story.paragraphs)


OTHER_HEADLINES = [
    ("First Rocket To Lift-off From New Spaceport In Two Years, Says Space Agency Chairman", "2025-01-28T10:15:00+05:30"),
    ("New Tax Policy To Benefit One Crore More People, Experts Expect Economic Boost", "2025-02-01T18:40:00+05:30"),
    ("Budget Trims Allocation For External Affairs Ministry", "2025-02-02T09:05:00+05:30"),
    ("Nine Blackbucks Die In Two Months, A Warning Sign For Forest Department", "2025-01-30T12:30:00+05:30"),
    ("Metro Line Extension Opens To Commuters After Safety Clearance", "2025-01-29T16:45:00+05:30"),
    ("High Court Seeks Report On Air Quality Measures From State", "2025-01-27T11:20:00+05:30"),
    ("Startup Funding Rebounds In Final Quarter, Says Industry Report", "2025-01-26T08:10:00+05:30"),
    ("Heritage Walk Draws Record Crowd In Old City", "2025-01-25T19:55:00+05:30"),
    ("Farmers Protest Over Delayed Procurement Payments", "2025-01-24T14:00:00+05:30"),
    ("University Announces New Scholarships For Rural Students", "2025-01-23T10:30:00+05:30"),
    ("Port Traffic Hits Record High As Exports Grow", "2025-01-22T17:25:00+05:30"),
    ("Water Supply To Be Hit In Eastern Suburbs On Saturday", "2025-01-21T07:45:00+05:30"),
    ("State Launches Helpline For Senior Citizens", "2025-01-20T13:15:00+05:30"),
    ("Wildlife Census Finds More Tigers In Reserve", "2025-01-19T09:40:00+05:30"),
    ("Court Orders Fresh Probe Into Bridge Collapse", "2025-01-18T15:50:00+05:30"),
]

TEASER = ("The decision follows weeks of consultation with residents and experts, and officials say the first "
          "changes will be visible within a month. Critics argue the plan does not go far enough, while supporters "
          "point to similar schemes in other cities that cut delays and costs. A final review is due in the spring.")


def related_list(count: int, style: str = "ul", with_dates: bool = True) -> str:
    """A related-stories block: its dates and headlines belong to other articles."""
    items = []
    for i, (headline, when) in enumerate(OTHER_HEADLINES[:count]):
        date = f'<time datetime="{when}">{datetime.fromisoformat(when):%b %d, %Y}</time>' if with_dates else ""
        if style == "cards":
            items.append(f'<article class="card"><h3><a href="/news/other-story-{i}-{1000 + i}">{esc(headline)}</a></h3>'
                         f'<p class="teaser">{esc(TEASER[:140])}</p>{date}</article>')
        else:
            items.append(f'<li><a href="/news/other-story-{i}-{1000 + i}">{esc(headline)}</a> {date}</li>')
    inner = "".join(items) if style == "cards" else f"<ul>{''.join(items)}</ul>"
    return f'<div class="related-stories"><h2>Related Stories</h2>{inner}</div>'


def jsonld(obj: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


def person_or_org(name: str) -> dict:
    agencies = {"PTI", "IANS", "ANI", "Reuters", "AP", "AFP"}
    return {"@type": "Organization" if name in agencies else "Person", "name": name}


def news_article_ld(story: Story, url: str, **overrides) -> dict:
    obj = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "description": story.standfirst,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": story.published.isoformat(),
        "author": [person_or_org(a) for a in story.authors],
        "publisher": {"@type": "Organization", "name": story.site.name,
                      "logo": {"@type": "ImageObject", "url": f"https://{story.site.host}/logo.png"}},
        "image": {"@type": "ImageObject", "url": f"https://{story.site.host}/images/{story.slug}.jpg"},
        "inLanguage": story.site.language,
    }
    if story.updated:
        obj["dateModified"] = story.updated.isoformat()
    obj.update(overrides)
    return obj


def og(story: Story, url: str, title: str, kind: str = "article") -> str:
    return (f'<meta property="og:type" content="{kind}"><meta property="og:title" content="{esc(title)}">'
            f'<meta property="og:url" content="{url}"><meta property="og:site_name" content="{esc(story.site.name)}">'
            f'<meta property="og:description" content="{esc(story.standfirst)}">'
            f'<meta property="og:image" content="/images/{story.slug}.jpg">')
