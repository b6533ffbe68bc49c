"""Listing page templates: home, section, tag, author and archive pages, some built to look like articles."""

from __future__ import annotations

from benchmarks.metadata.stories import HINDI_STORIES, STORIES, Site
from benchmarks.metadata.templates import (
    NOW,
    OTHER_HEADLINES,
    TEASER,
    Page,
    esc,
    head,
    jsonld,
    site_footer,
    site_header,
)


def _context(site: Site, url: str) -> dict:
    return {"url": url, "default_timezone": site.timezone, "now": NOW.isoformat(),
            "language": site.language, "page_kind": "listing"}


def _teasers(count: int, teaser_chars: int = 200) -> list[tuple[str, str, str, str]]:
    """(href, headline, teaser, iso date) for ``count`` other stories."""
    out = []
    for i in range(count):
        headline, when = OTHER_HEADLINES[i % len(OTHER_HEADLINES)]
        teaser = (TEASER * 2)[: teaser_chars + i * 7]
        out.append((f"/news/{headline.lower().replace(' ', '-').replace(',', '')[:50]}-{20000 + i}", headline, teaser, when))
    return out


def home(site: Site) -> Page:
    """Home page: WebSite JSON-LD, og:type website, fifteen <article> cards with dates."""
    url = f"https://{site.host}/"
    cards = "".join(f"<article class='story-card'><h2><a href='{h}'>{esc(t)}</a></h2><p>{esc(x)}</p>"
                    f"<time datetime='{d}'>{d[:10]}</time></article>" for h, t, x, d in _teasers(15, 160))
    html = (head(f"{site.name} - Latest News, Breaking News", f'<meta property="og:type" content="website">'
                 + jsonld({"@context": "https://schema.org", "@type": "WebSite", "name": site.name, "url": url}))
            + f"<body>{site_header(site)}<main><h1 class='visually-hidden'>{esc(site.name)}</h1>{cards}</main>"
            f"{site_footer(site)}</body></html>")
    return Page(f"home-{site.host.split('.')[1]}", url, html, _context(site, url))


def section_long_teasers(site: Site) -> Page:
    """Section page whose teasers are long prose: flat h2+p pairs, a lead story with a 600-character intro."""
    url = f"https://{site.host}/india/"
    items = _teasers(9, 300)
    lead_h, lead_t, _, lead_d = items[0]
    lead = (f"<div class='lead'><h2><a href='{lead_h}'>{esc(lead_t)}</a></h2><p>{esc((TEASER + ' ') * 2)}</p>"
            f"<span class='time'>{lead_d[:10]}</span></div>")
    flat = "".join(f"<h2><a href='{h}'>{esc(t)}</a></h2><p>{esc(x)}</p><span class='date'>{d[:10]}</span>"
                   for h, t, x, d in items[1:])
    html = (head(f"India News | {site.name}", f'<meta property="og:type" content="website">')
            + f"<body>{site_header(site)}<div class='section-page'><h1>India</h1>{lead}<div class='list'>{flat}</div></div>"
            f"{site_footer(site)}</body></html>")
    return Page(f"section-long-{site.host.split('.')[1]}", url, html, _context(site, url))


def tag_itemlist(site: Site) -> Page:
    """Tag page with an ItemList of NewsArticle objects (several article objects = not one story)."""
    url = f"https://{site.host}/tag/defence/"
    items = _teasers(8, 180)
    ld = {"@context": "https://schema.org", "@type": "ItemList", "itemListElement": [
        {"@type": "ListItem", "position": i + 1,
         "item": {"@type": "NewsArticle", "headline": t, "url": f"https://{site.host}{h}", "datePublished": d}}
        for i, (h, t, x, d) in enumerate(items)]}
    cards = "".join(f"<div class='news-item'><h3><a href='{h}'>{esc(t)}</a></h3><p>{esc(x)}</p></div>"
                    for h, t, x, d in items)
    html = (head(f"Defence: Latest News on Defence | {site.name}", jsonld(ld))
            + f"<body>{site_header(site)}<main><h1>Defence</h1>{cards}</main>{site_footer(site)}</body></html>")
    return Page(f"tag-{site.host.split('.')[1]}", url, html, _context(site, url))


def author_page(site: Site) -> Page:
    """Author page: a long bio paragraph (prose!) above a list of the author's stories."""
    url = f"https://{site.host}/author/priya-sharma/"
    bio = ("Priya Sharma is a senior correspondent who has covered climate, agriculture and rural affairs for more "
           "than a decade. She has reported from drought-hit districts across central India, written about water "
           "policy and crop insurance, and won a national award for her series on groundwater depletion. Before "
           "joining the newsroom she worked with a development research group on irrigation projects. ") * 2
    items = "".join(f"<li><h3><a href='{h}'>{esc(t)}</a></h3><time datetime='{d}'>{d[:10]}</time></li>"
                    for h, t, x, d in _teasers(10))
    html = (head(f"Priya Sharma, Author at {site.name}", jsonld({"@context": "https://schema.org", "@type": "ProfilePage",
                                                                  "mainEntity": {"@type": "Person", "name": "Priya Sharma"}}))
            + f"<body>{site_header(site)}<main><h1>Priya Sharma</h1><div class='bio'><p>{esc(bio)}</p></div>"
            f"<ul class='stories'>{items}</ul></main>{site_footer(site)}</body></html>")
    return Page(f"author-{site.host.split('.')[1]}", url, html, _context(site, url))


def date_archive(site: Site) -> Page:
    """Day archive under a dated URL (an article-like URL shape) with <article class=post> excerpts."""
    url = f"https://{site.host}/2025/02/06/"
    posts = "".join(f"<article class='post'><h2 class='entry-title'><a href='{h}'>{esc(t)}</a></h2>"
                    f"<div class='entry-summary'><p>{esc(x)}</p></div></article>" for h, t, x, d in _teasers(6, 260))
    html = (head(f"February 6, 2025 – {site.name}", f'<meta property="og:type" content="website">')
            + f"<body>{site_header(site)}<div id='content'><h1 class='page-title'>Day: February 6, 2025</h1>{posts}"
            f"<nav class='pagination'><a href='/2025/02/06/page/2/'>Older posts</a></nav></div>{site_footer(site)}</body></html>")
    return Page(f"archive-{site.host.split('.')[1]}", url, html, _context(site, url))


def collection_cards(site: Site) -> Page:
    """CollectionPage JSON-LD; cards with 250-character teasers and no <article> elements."""
    url = f"https://{site.host}/business"
    cards = "".join(f"<div class='card'><a href='{h}'><h3>{esc(t)}</h3></a><p>{esc(x)}</p><small>{d[:10]}</small></div>"
                    for h, t, x, d in _teasers(10, 250))
    html = (head(f"Business | {site.name}",
                 jsonld({"@context": "https://schema.org", "@type": "CollectionPage", "name": "Business"})
                 + '<meta property="og:type" content="article">')
            + f"<body>{site_header(site)}<section class='grid'><h1>Business</h1>{cards}</section>{site_footer(site)}</body></html>")
    return Page(f"collection-{site.host.split('.')[1]}", url, html, _context(site, url))


def hindi_section(site: Site) -> Page:
    """A Hindi section page: Devanagari teasers under linked headlines."""
    url = f"https://{site.host}/desh/"
    stories = HINDI_STORIES * 4
    items = "".join(f"<div class='khabar'><h2><a href='/desh/{s.slug}-{i}'>{esc(s.title)}</a></h2>"
                    f"<p>{esc(s.paragraphs[0])}</p></div>" for i, s in enumerate(stories))
    html = (head(f"देश की ताज़ा खबरें | {site.name}", '<meta property="og:type" content="website">', lang="hi")
            + f"<body>{site_header(site)}<main><h1>देश</h1>{items}</main>{site_footer(site)}</body></html>")
    return Page(f"hindi-section-{site.host.split('.')[1]}", url, html, _context(site, url))


def home_top_story(site: Site) -> Page:
    """Home page that declares one NewsArticle: its top story, which lives at another URL."""
    url = f"https://{site.host}/"
    items = _teasers(10, 220)
    top_href, top_title, top_teaser, top_date = items[0]
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": top_title,
          "url": f"https://{site.host}{top_href}", "datePublished": top_date}
    cards = "".join(f"<div class='story'><h3><a href='{h}'>{esc(t)}</a></h3><p>{esc(x)}</p></div>" for h, t, x, d in items[1:])
    html = (head(f"{site.name}: News, Analysis and Opinion", jsonld(ld) + '<meta property="og:type" content="article">')
            + f"<body>{site_header(site)}<div class='home'><div class='top-story'><h2><a href='{top_href}'>{esc(top_title)}</a></h2>"
            f"<p>{esc(top_teaser * 2)}</p></div>{cards}</div>{site_footer(site)}</body></html>")
    return Page(f"home-top-story-{site.host.split('.')[1]}", url, html, _context(site, url))


LISTING_BUILDERS = [home, section_long_teasers, tag_itemlist, author_page, date_archive, collection_cards, home_top_story]


def listing_pages() -> list[Page]:
    sites = list(dict.fromkeys(s.site for s in STORIES))
    pages = [build(site) for build in LISTING_BUILDERS for site in sites[:3]]
    return pages + [hindi_section(HINDI_STORIES[0].site)]
