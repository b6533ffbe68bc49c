"""HTML of the demo site: two CMS templates (Ledger and Metro) for articles and listings.

The Ledger template copies the shape of the seed page (ETV Bharat): body rendered
twice, caption, "author img", "By PTI", "Published : ..." as text, "TAGGED:",
"Featured", app links, contact e-mail, copyright. The Metro template is a
different CMS: other class names, a <time> element, inline "ALSO READ" boxes
and ads inside the body, a "Trending" sidebar.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from html import escape

from newscrawler.demo.sitegen.content import AGENCIES, SECTIONS, Story, slugify
from newscrawler.demo.sitegen.metadata import (
    METRO_NAME,
    SITE_NAME,
    head_tags,
    image_path,
    ledger_date,
    metro_date,
)

CONTACT = "desk@meridianledger.example"
COPYRIGHT = "Copyright © 2025 Meridian Ledger Media Pvt. Ltd., All Rights Reserved."
DISCLAIMER = "Meridian Ledger is a demonstration site: every story on it is fictional."
FEED_LINKS = (
    '<link rel="alternate" type="application/rss+xml" title="Meridian Ledger: latest" href="/feeds/latest.xml">\n'
    '<link rel="alternate" type="application/atom+xml" title="Ledger Metro" href="/feeds/metro.xml">'
)


def story_href(story: Story) -> str:
    """Where widgets link a story: its AMP copy when it has one, as some CMSs do."""
    return story.amp_path or story.path


def author_path(name: str) -> str:
    return f"/author/{slugify(name)}.html"


def tag_path(tag: str) -> str:
    return f"/tag/{slugify(tag)}.html"


def _tag_link(tag: str, label: str, linked_tags: Collection[str], rel: str = "") -> str:
    """Tags with a listing page are links; the rest are plain labels, as on sites that hide thin tag pages."""
    if tag not in linked_tags:
        return f'<span class="tag">{escape(label)}</span>'
    return f'<a{rel} href="{tag_path(tag)}">{escape(label)}</a>'


def _nav() -> str:
    items = "".join(f'<li><a href="/{slug}/">{escape(name)}</a></li>' for slug, (name, _) in SECTIONS.items())
    return f'<ul class="menu">{items}</ul>'


def _document(lang: str, title: str, head: str, body_class: str, body: str, amp: bool = False) -> str:
    return (
        f'<!DOCTYPE html>\n<html{" amp" if amp else ""} lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)}</title>\n'
        f'<link rel="stylesheet" href="/static/site.css">\n{FEED_LINKS}\n{head}\n</head>\n'
        f'<body class="{body_class}">\n{body}\n</body>\n</html>\n'
    )


# --- Ledger CMS -------------------------------------------------------------------------------


def _ledger_header() -> str:
    return (
        '<header class="site-header"><a class="logo" href="/"><img src="/static/img/logo.svg" '
        f'alt="Meridian Ledger Logo" width="160" height="40"></a>\n<nav class="main-nav">{_nav()}</nav></header>'
    )


def _ledger_footer() -> str:
    return (
        '<footer class="site-footer">\n<div class="footer-col"><h4>Quick Links / Policies</h4>\n'
        "<ul><li>About Us</li><li>Privacy Policy</li><li>Terms of Use</li><li>Grievance Redressal</li></ul></div>\n"
        '<div class="footer-col"><h4>Get Us On</h4>\n<p class="apps"><span>Meridian Ledger iOS App</span>'
        "<span>Meridian Ledger Google App</span></p></div>\n"
        f'<p class="contact">For any inquiries, please reach us at <a href="mailto:{CONTACT}">{CONTACT}</a></p>\n'
        '<p class="footer-logo"><img src="/static/img/logo.svg" alt="Meridian Ledger Logo" width="120" height="30"></p>\n'
        f'<p class="copyright">{COPYRIGHT}</p>\n<p class="disclaimer">{DISCLAIMER}</p>\n</footer>'
    )


def _byline(story: Story, prefix: str = "By ") -> str:
    names = [
        escape(name) if name in AGENCIES else f'<a href="{author_path(name)}">{escape(name)}</a>'
        for name in story.authors
    ]
    return prefix + " and ".join(names)


def _paragraphs(story: Story) -> str:
    return "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in story.paragraphs)


def ledger_article(story: Story, featured: Sequence[Story], linked_tags: Collection[str], amp: bool = False) -> str:
    """A Ledger article page; ``amp`` renders the AMP copy, whose canonical link points home."""
    tags = "".join(_tag_link(tag, tag.upper(), linked_tags) for tag in story.tags)
    featured_items = "\n".join(f'<li><a href="{story_href(other)}">{escape(other.title)}</a></li>' for other in featured)
    section_name = SECTIONS[story.section][0]
    body = f"""{_ledger_header()}
<main class="page">
<div class="breadcrumb"><a href="/">Home</a> / <a href="/{story.section}/">{escape(section_name)}</a></div>
<article class="news-story">
<h1 class="story-title">{escape(story.title)}</h1>
<h2 class="story-summary">{escape(story.summary)}</h2>
<figure class="lead-image"><img src="{image_path(story)}" alt="{escape(story.title)}" width="640" height="360">
<figcaption>{escape(story.caption)}</figcaption></figure>
<div class="author-box"><img class="author-img" src="/static/img/author.svg" alt="author img" width="32" height="32">
<div class="byline">{_byline(story)}</div></div>
<div class="pub-date">Published : {ledger_date(story.published)}</div>
<div class="share-bar"><span>Share</span><span>Facebook</span><span>X</span><span>WhatsApp</span></div>
<div class="story-content">
{_paragraphs(story)}
</div>
<div class="story-content story-content-expanded">
{_paragraphs(story)}
</div>
<p class="latest-updates"><a href="/">For All Latest Updates</a></p>
<div class="story-tags"><span>TAGGED:</span><p>{tags}</p></div>
</article>
<aside class="featured"><h3>Featured</h3>
<ul>
{featured_items}
</ul></aside>
</main>
{_ledger_footer()}"""
    head = head_tags(story, canonical_path=story.path if amp else None)
    return _document(story.lang, f"{story.title} - {SITE_NAME}", head, "ledger article", body, amp=amp)


def _ledger_card(story: Story) -> str:
    return (
        f'<li class="card"><a href="{story.path}"><h3>{escape(story.title)}</h3></a>\n'
        f'<p class="card-summary">{escape(story.summary)}</p><span class="card-date">{ledger_date(story.published)}</span></li>'
    )


# --- Metro CMS --------------------------------------------------------------------------------


def _metro_header() -> str:
    return (
        '<div id="top-bar"><a href="/">Meridian Ledger</a> | <strong>Ledger Metro</strong> city edition</div>\n'
        f'<div id="masthead"><a href="/cities/" class="brand">{METRO_NAME}</a>\n<nav id="site-navigation">{_nav()}</nav></div>'
    )


def _metro_footer() -> str:
    return (
        '<div id="colophon" class="site-footer">\n<div class="widget"><h5>Get Us On</h5>'
        "<span>Ledger Metro for iPhone</span> · <span>Ledger Metro for Android</span></div>\n"
        f'<div class="widget">Write to the city desk: <a href="mailto:{CONTACT}">{CONTACT}</a></div>\n'
        f'<div class="site-info">{COPYRIGHT} {DISCLAIMER}</div>\n</div>'
    )


def _sidebar(trending: Sequence[Story]) -> str:
    items = "\n".join(f'<li><a href="{story_href(story)}">{escape(story.title)}</a></li>' for story in trending)
    return f'<aside id="secondary" class="widget-area"><h3 class="widget-title">Trending</h3>\n<ol>\n{items}\n</ol></aside>'


METRO_DESK_LINE = f"{METRO_NAME} reports from city desks in Mumbai, Delhi, Chennai, Kolkata, Bengaluru and Hyderabad."
"""Inside every Metro article body: a site template line no per-page rule knows, learnt across pages."""


def metro_article(story: Story, also_read: Story, trending: Sequence[Story], linked_tags: Collection[str]) -> str:
    """A Metro article page: body once, with an inline ALSO READ box, an ad slot and the desk line."""
    paragraphs = [f"<p>{escape(paragraph)}</p>" for paragraph in story.paragraphs]
    paragraphs.append(f'<p class="desk-note">{escape(METRO_DESK_LINE)}</p>')
    paragraphs.insert(2, f'<div class="also-read"><strong>ALSO READ:</strong> <a href="{story_href(also_read)}">'
                         f"{escape(also_read.title)}</a></div>")
    paragraphs.insert(4, '<div class="ad-slot"><span>Advertisement</span></div>')
    tags = ", ".join(_tag_link(tag, tag, linked_tags, ' rel="tag"') for tag in story.tags)
    body = f"""{_metro_header()}
<div id="content" class="site-content"><div id="primary" class="content-area">
<ol class="crumbs"><li><a href="/">Home</a></li><li><a href="/{story.section}/">{escape(SECTIONS[story.section][0])}</a></li></ol>
<div class="post-{story.serial} post type-post">
<h1 class="entry-title">{escape(story.title)}</h1>
<p class="entry-excerpt">{escape(story.summary)}</p>
<div class="entry-meta"><span class="posted-by">{_byline(story, "Written by ")}</span> |
<time class="entry-date published" datetime="{story.published.isoformat()}">{metro_date(story.published)}</time> |
<span class="read-time">{max(1, len(story.body.split()) // 200)} min read</span></div>
<div class="entry-media"><img src="{image_path(story)}" alt="" width="800" height="450">
<p class="wp-caption-text">{escape(story.caption)}</p></div>
<div class="entry-content">
{chr(10).join(paragraphs)}
</div>
<div class="entry-tags">Tags: {tags}</div>
<div class="newsletter-box">Get the Ledger Metro morning briefing in your inbox. <span>Subscribe</span></div>
</div></div>
{_sidebar(trending)}
</div>
{_metro_footer()}"""
    return _document(story.lang, f"{story.title} | {METRO_NAME}", head_tags(story), "metro single-post", body)


def _metro_card(story: Story) -> str:
    return (
        f'<div class="teaser"><h2 class="teaser-title"><a href="{story.path}">{escape(story.title)}</a></h2>\n'
        f'<div class="teaser-meta">{metro_date(story.published)}</div><p>{escape(story.summary)}</p></div>'
    )


# --- Listings ---------------------------------------------------------------------------------


def pagination(base: str, page: int, pages: int) -> str:
    """Numbered links; page 1 is the bare listing URL, others ``BASE/page/N/``."""
    if pages < 2:
        return ""

    def href(number: int) -> str:
        return base if number == 1 else f"{base}page/{number}/"

    links = [f'<a href="{href(page - 1)}" rel="prev">Previous</a>'] if page > 1 else []
    links += [
        f'<span class="current">{number}</span>' if number == page else f'<a href="{href(number)}">{number}</a>'
        for number in range(1, pages + 1)
    ]
    if page < pages:
        links.append(f'<a href="{href(page + 1)}" rel="next">Next</a>')
    return '<nav class="pagination">' + " ".join(links) + "</nav>"


def listing(template: str, heading: str, stories: Sequence[Story], nav: str = "", extra: str = "") -> str:
    """A listing page (home, section, tag, author) in the given template's shell."""
    if template == "ledger":
        cards = "\n".join(_ledger_card(story) for story in stories)
        body = (f'{_ledger_header()}\n<main class="page listing">\n<h1 class="listing-title">{escape(heading)}</h1>\n'
                f'<ul class="cards">\n{cards}\n</ul>\n{nav}\n{extra}\n</main>\n{_ledger_footer()}')
        return _document("en", f"{heading} - {SITE_NAME}", '<meta property="og:type" content="website">',
                         "ledger listing", body)
    cards = "\n".join(_metro_card(story) for story in stories)
    body = (f'{_metro_header()}\n<div id="content" class="archive">\n<header class="page-header"><h1 class="page-title">'
            f'{escape(heading)}</h1></header>\n{cards}\n{nav}\n{extra}\n</div>\n{_metro_footer()}')
    return _document("en", f"{heading} | {METRO_NAME}", "", "metro archive", body)


def week_in_review(path: str, title: str, published: str, stories: Sequence[Story]) -> str:
    """A digest at an article-like URL with a headline and byline: a listing all the same."""
    items = "\n".join(
        f'<div class="digest-item"><h2><a href="{story.path}">{escape(story.title)}</a></h2>\n'
        f'<p>{escape(story.summary)} <a href="{story.path}">Read more</a></p></div>'
        for story in stories
    )
    body = f"""{_ledger_header()}
<main class="page">
<div class="breadcrumb"><a href="/">Home</a> / <a href="/nation/">Nation</a></div>
<article class="news-story digest">
<h1 class="story-title">{escape(title)}</h1>
<div class="author-box"><img class="author-img" src="/static/img/author.svg" alt="author img" width="32" height="32">
<div class="byline">By Staff Reporter</div></div>
<div class="pub-date">Published : {published}</div>
{items}
</article>
</main>
{_ledger_footer()}"""
    return _document("en", f"{title} - {SITE_NAME}", "", "ledger article", body)


def private_page() -> str:
    """A draft behind robots.txt Disallow: a polite crawler never fetches it."""
    body = f"""{_ledger_header()}
<main class="page"><article class="news-story">
<h1 class="story-title">EMBARGOED DRAFT: Not For Publication</h1>
<div class="story-content"><p>This draft is held back by the editors. Crawlers that obey robots.txt never see it,
and an index that contains this sentence was built by a crawler that ignored robots.txt.</p></div>
</article></main>
{_ledger_footer()}"""
    return _document("en", f"Draft - {SITE_NAME}", '<meta name="robots" content="noindex, nofollow">', "ledger", body)
