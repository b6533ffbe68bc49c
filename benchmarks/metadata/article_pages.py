"""Article page templates, each a way real sites present one story's metadata (and a trap or two)."""

from __future__ import annotations

from datetime import datetime

from benchmarks.metadata.stories import Story
from benchmarks.metadata.templates import (
    NOW,
    Page,
    body_html,
    clock12,
    context,
    esc,
    etv_stamp,
    expected,
    head,
    jsonld,
    news_article_ld,
    numeric_stamp,
    og,
    related_list,
    short_stamp,
    site_footer,
    site_header,
    uk_stamp,
    url_of,
    us_stamp,
)


def etv_text(story: Story) -> Page:
    """The seed's shape: no JSON-LD, byline and date only in text, body twice, caption credit, featured list."""
    site, url = story.site, url_of(story)
    credit = "(ANI)" if "PTI" in story.authors else "(Reuters)"
    html = (
        head(f"{story.title} | {site.name}", og(story, url, story.title, kind="website"))
        + f"<body>{site_header(site)}<main><div class='story'>"
        f"<h1>{esc(story.title)}</h1><p class='summary'>{esc(story.standfirst)}</p>"
        f"<figure><img src='/img/{story.slug}.jpg' alt='{esc(story.title)}'><figcaption>File photo {credit}</figcaption></figure>"
        f"<div class='writer-block'><img alt='author img' src='/author.png'><span>By {esc(' and '.join(story.authors))}</span></div>"
        f"<div class='pub-info'><span>Published : {etv_stamp(story.published, site.zone)}</span></div>"
        f"<div class='content'>{body_html(story)}</div><div class='content'>{body_html(story)}</div>"
        "<div class='for-all'>For All Latest Updates</div></div>"
        f"<div class='featured'><h3>Featured</h3>{related_list(4, with_dates=False)}</div></main>{site_footer(site)}</body></html>"
    )
    return Page(f"etv-text-{story.slug[:24]}", url, html, {**context(story, url), **expected(story, updated=None)})


def etv_jsonld(story: Story) -> Page:
    """JSON-LD NewsArticle + canonical; visible stamps agree; related list with its own <time>s."""
    site, url = story.site, url_of(story)
    updated = f" | Updated : {etv_stamp(story.updated, site.zone)}" if story.updated else ""
    html = (
        head(f"{story.title} - {site.name}",
             og(story, url, f"{story.title} | {site.name}") + f'<link rel="canonical" href="{url}">'
             + jsonld(news_article_ld(story, url)))
        + f"<body>{site_header(site)}<article><h1>{esc(story.title)}</h1>"
        f"<div class='byline'>By {esc(', '.join(story.authors))}</div>"
        f"<div class='stamp'>Published : {etv_stamp(story.published, site.zone)}{updated}</div>"
        f"{body_html(story)}{related_list(6)}</article>{site_footer(site)}</body></html>"
    )
    return Page(f"etv-jsonld-{story.slug[:24]}", url, html, {**context(story, url), **expected(story)})


def wordpress(story: Story) -> Page:
    """WordPress theme: article:*_time meta, entry-date <time>s, rel=author, comments with dates and names."""
    site, url = story.site, url_of(story, "html")
    pub, upd = story.published, story.updated or story.published
    comments = "".join(
        f"<li class='comment'><div class='comment-author'>By Reader{i} Smith</div>"
        f"<time datetime='2025-06-0{i}T10:00:00+00:00'>June {i}, 2025</time><p>Great piece, thanks for writing it.</p></li>"
        for i in range(1, 4)
    )
    authors = " and ".join(f"<a rel='author' href='/author/{a.lower().replace(' ', '-')}'>{esc(a)}</a>" for a in story.authors)
    html = (
        head(f"{story.title} – {site.name}",
             f'<meta property="article:published_time" content="{pub.isoformat()}">'
             f'<meta property="article:modified_time" content="{upd.isoformat()}">'
             + og(story, url, f"{story.title} – {site.name}"))
        + f"<body class='single-post'>{site_header(site)}<div id='content'><article class='post'><header class='entry-header'>"
        f"<h1 class='entry-title'>{esc(story.title)}</h1><div class='entry-meta'>Posted on "
        f"<time class='entry-date published' datetime='{pub.isoformat()}'>{pub:%B %d, %Y}</time>"
        f"<time class='updated' datetime='{upd.isoformat()}'>{upd:%B %d, %Y}</time> by {authors}</div></header>"
        f"<div class='entry-content'>{body_html(story)}</div></article>"
        f"<div class='related-posts'>{related_list(3)}</div>"
        f"<div id='comments'><h2>3 comments</h2><ol>{comments}</ol></div></div>{site_footer(site)}</body></html>"
    )
    return Page(f"wordpress-{story.slug[:24]}", url, html,
                {**context(story, url), **expected(story, updated=story.updated or story.published)})


def graph(story: Story) -> Page:
    """Yoast-style @graph: author @id references to Person nodes; US byline with roles; "Updated" line."""
    site, url = story.site, url_of(story, "dated")
    people = [{"@type": "Person", "@id": f"{url}#person-{i}", "name": a} for i, a in enumerate(story.authors)]
    article = news_article_ld(story, url, author=[{"@id": p["@id"]} for p in people])
    article.pop("@context")
    graph_ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": f"https://{site.host}/#website", "name": site.name},
        {"@type": "WebPage", "@id": url, "url": url, "name": f"{story.title} | {site.name}"},
        article, *people]}
    names = " and ".join(story.authors)
    role = "Staff Writers" if len(story.authors) > 1 else "Staff Writer"
    updated = f"<p class='timestamp'>Updated {us_stamp(story.updated, site.zone)}</p>" if story.updated else ""
    html = (
        head(f"{story.title} | {site.name}", jsonld(graph_ld) + f'<link rel="canonical" href="{url}">')
        + f"<body>{site_header(site)}<main><article><h1>{esc(story.title)}</h1><p class='dek'>{esc(story.standfirst)}</p>"
        f"<div class='article-byline'>By {esc(names)}, {role}</div>{updated}"
        f"{body_html(story)}</article><aside>{related_list(5)}</aside></main>{site_footer(site)}</body></html>"
    )
    return Page(f"graph-{story.slug[:24]}", url, html, {**context(story, url), **expected(story)})


def uk_text(story: Story) -> Page:
    """Text-only metadata, byline with a role, masthead showing today's date, more-stories with dates."""
    site, url = story.site, url_of(story, "html")
    today = f"{NOW:%A} {NOW.day} {NOW:%B %Y}"
    more = "".join(f"<li><a href='/news/more-{i}'>Other headline number {i}</a><span class='date'>"
                   f"{uk_stamp(story.published.replace(day=1, hour=9), site.zone)}</span></li>" for i in range(4))
    role = ", Transport correspondent" if len(story.authors) == 1 else ""
    html = (
        head(f"{story.title} - {site.name}", f'<meta property="og:title" content="{esc(story.title)} - {esc(site.name)}">')
        + f"<body>{site_header(site, today)}<div class='page'><div class='article-main'><h1>{esc(story.title)}</h1>"
        f"<div class='byline'><span class='author-name'>By {esc(' and '.join(story.authors))}{role}</span></div>"
        f"<p class='date-line'>Published {uk_stamp(story.published, site.zone)}</p>"
        f"{body_html(story)}</div><section class='more-stories'><h2>More stories</h2><ul>{more}</ul></section></div>"
        f"{site_footer(site)}</body></html>"
    )
    return Page(f"uk-text-{story.slug[:24]}", url, html, {**context(story, url), **expected(story, updated=None)})


def microdata(story: Story) -> Page:
    """schema.org microdata instead of JSON-LD; "Site: Headline" <title>."""
    site, url = story.site, url_of(story)
    authors = ", ".join(f"<span itemprop='author' itemscope itemtype='https://schema.org/Person'>"
                        f"<span itemprop='name'>{esc(a)}</span></span>" for a in story.authors)
    modified = f"<meta itemprop='dateModified' content='{story.updated.isoformat()}'>" if story.updated else ""
    html = (
        head(f"{site.name}: {story.title}")
        + f"<body>{site_header(site)}<div itemscope itemtype='https://schema.org/NewsArticle'>"
        f"<h1 itemprop='headline'>{esc(story.title)}</h1><div class='meta'>By {authors} · "
        f"<meta itemprop='datePublished' content='{story.published.isoformat()}'>{modified}"
        f"<span>{story.published:%d %B %Y}</span></div><div itemprop='articleBody'>{body_html(story)}</div></div>"
        f"{related_list(4)}{site_footer(site)}</body></html>"
    )
    return Page(f"microdata-{story.slug[:24]}", url, html, {**context(story, url), **expected(story)})


def updated_only(story: Story, dated_url: bool) -> Page:
    """Only an "Updated" stamp is shown: it must not become the publication date (the URL's date may)."""
    site = story.site
    url = url_of(story, "dated" if dated_url else "html")
    stamp = story.updated or story.published.replace(hour=23, minute=50)
    midnight = story.published.replace(hour=0, minute=0)
    html = (
        head(f"{story.title} | {site.name}")
        + f"<body>{site_header(site)}<article><h1>{esc(story.title)}</h1>"
        f"<div class='info'><span class='by'>By {esc(' & '.join(story.authors))}</span> "
        f"<span class='stamp'>Last Updated: {etv_stamp(stamp, site.zone)}</span></div>"
        f"{body_html(story)}</article>{site_footer(site)}</body></html>"
    )
    name = f"updated-only-{'dated-' if dated_url else ''}{story.slug[:20]}"
    return Page(name, url, html, {**context(story, url),
                                  **expected(story, published=midnight if dated_url else None, updated=stamp)})


def naive_numeric(story: Story) -> Page:
    """Numeric date without a zone: read in the source's timezone, day/month order from its region."""
    site, url = story.site, url_of(story)
    month_first = site.timezone.startswith("America/")
    html = (
        head(f"{story.title} | {site.name}")
        + f"<body>{site_header(site)}<div class='container'><h1>{esc(story.title)}</h1>"
        f"<p class='author'>{esc(', '.join(story.authors))}</p>"
        f"<p class='posted'>Date: {numeric_stamp(story.published, month_first)}</p>"
        f"<div class='text'>{body_html(story)}</div></div>{site_footer(site)}</body></html>"
    )
    return Page(f"naive-{story.slug[:24]}", url, html, {**context(story, url), **expected(story, updated=None)})


def future_jsonld(story: Story) -> Page:
    """A template bug stamps JSON-LD with a future time: it must be refused, the visible date used."""
    site, url = story.site, url_of(story)
    bad = story.published.replace(year=NOW.year + 5)
    html = (
        head(f"{story.title} | {site.name}",
             jsonld(news_article_ld(story, url, datePublished=bad.isoformat(), dateModified=bad.isoformat())))
        + f"<body>{site_header(site)}<article><h1>{esc(story.title)}</h1>"
        f"<div class='byline'>By {esc(' and '.join(story.authors))}</div>"
        f"<div class='dateline'>Published : {etv_stamp(story.published, site.zone)}</div>"
        f"{body_html(story)}</article>{site_footer(site)}</body></html>"
    )
    return Page(f"future-{story.slug[:24]}", url, html, {**context(story, url), **expected(story, updated=None)})


def messy_byline(story: Story) -> Page:
    """article:author is a profile URL, meta author is the site, byline carries an e-mail and a date."""
    site, url = story.site, url_of(story, "html")
    emails = " ".join(f"{a.split()[0].lower()}@{site.host}" for a in story.authors)
    html = (
        head(f"{story.title} | {site.name}",
             f'<meta property="article:author" content="https://www.facebook.com/{site.host.split(".")[1]}">'
             f'<meta property="article:published_time" content="{story.published.isoformat()}">')
        + f"<body>{site_header(site)}<article><h1>{esc(story.title)}</h1>"
        f"<div class='story-byline'>Written by {esc(' and '.join(story.authors))} | {emails} | "
        f"{story.published:%B %d, %Y}</div>{body_html(story)}</article>{site_footer(site)}</body></html>"
    )
    return Page(f"messy-byline-{story.slug[:20]}", url, html, {**context(story, url), **expected(story, updated=None)})


def agency_photo(story: Story) -> Page:
    """Agency author as JSON-LD Organization; a "Photo: Reuters" credit and "(AP)" caption must not be authors."""
    site, url = story.site, url_of(story)
    ld = news_article_ld(story, url, author={"@type": "Organization", "name": story.authors[0]})
    html = (
        head(f"{story.title} | {site.name}", jsonld(ld) + og(story, url, story.title))
        + f"<body>{site_header(site)}<article><h1>{esc(story.title)}</h1>"
        f"<div class='image-credit'>Photo: Reuters</div><p class='caption'>People gather outside the venue (AP)</p>"
        f"<div class='byline'>{esc(story.authors[0])}</div>"
        f"<time datetime='{story.published.isoformat()}'>{story.published:%d %b %Y}</time>"
        f"{body_html(story)}</article>{site_footer(site)}</body></html>"
    )
    return Page(f"agency-{story.slug[:24]}", url, html, {**context(story, url), **expected(story, updated=None)})


def related_heavy(story: Story) -> Page:
    """An article that looks like a listing at a glance: og:type website, no JSON-LD, 12 related cards."""
    site, url = story.site, url_of(story)
    html = (
        head(f"{story.title} | {site.name}", og(story, url, story.title, kind="website"))
        + f"<body>{site_header(site)}<div class='wrap'><div class='story-area'><h1>{esc(story.title)}</h1>"
        f"<div class='meta'><span>By {esc(' and '.join(story.authors))}</span> "
        f"<time datetime='{story.published.isoformat()}'>{short_stamp(story.published, site.zone)}</time></div>"
        f"{body_html(story)}</div>{related_list(12, style='cards')}</div>{site_footer(site)}</body></html>"
    )
    return Page(f"related-heavy-{story.slug[:20]}", url, html, {**context(story, url), **expected(story, updated=None)})


def hindi(story: Story, declared_lang: str) -> Page:
    """A Hindi article; its <html lang> may be right or a template's wrong "en"."""
    site, url = story.site, url_of(story)
    html = (
        head(f"{story.title} | {site.name}", jsonld(news_article_ld(story, url)) + og(story, url, story.title),
             lang=declared_lang)
        + f"<body><header><a href='/'>{esc(site.name)}</a><nav><a href='/desh'>देश</a> <a href='/videsh'>विदेश</a>"
        f" <a href='/khel'>खेल</a></nav></header><article><h1>{esc(story.title)}</h1>"
        f"<p class='byline'>By {esc(story.authors[0])}</p>{body_html(story)}</article>"
        f"{related_list(4)}{site_footer(site)}</body></html>"
    )
    return Page(f"hindi-{declared_lang}-{story.slug[:20]}", url, html, {**context(story, url), **expected(story)})


def logo_h1_prefix_title(story: Story) -> Page:
    """The only <h1> is the site logo; the headline is an <h2>; <title> is "Site | Headline"."""
    site, url = story.site, url_of(story, "html")
    html = (
        head(f"{site.name} | {story.title}")
        + f"<body><div class='top'><h1 class='site-logo'><a href='/'>{esc(site.name)}</a></h1></div>"
        f"<div class='main-col'><h2 class='story-title'>{esc(story.title)}</h2>"
        f"<div class='credits'>By {esc(', '.join(story.authors))}</div>"
        f"<div class='posted'>Posted on {story.published:%B %d, %Y} at {story.published:%H:%M} {site.zone}</div>"
        f"{body_html(story)}</div>{site_footer(site)}</body></html>"
    )
    return Page(f"logo-h1-{story.slug[:24]}", url, html, {**context(story, url), **expected(story, updated=None)})


def both_stamps_one_line(story: Story) -> Page:
    """"Updated ... | Published ..." in one line, updated first, day-first numeric dates with a zone."""
    site, url = story.site, url_of(story)
    upd = story.updated or story.published.replace(hour=23, minute=59)

    def stamp(dt: datetime) -> str:
        return f"{dt:%d-%m-%Y} {clock12(dt)} {site.zone}"

    html = (
        head(f"{story.title} | {site.name}", og(story, url, story.title))
        + f"<body>{site_header(site)}<article><h1>{esc(story.title)}</h1>"
        f"<p class='article-info'>Updated: {stamp(upd)} | Published: {stamp(story.published)}</p>"
        f"<p class='writer'>by {esc(' and '.join(story.authors))}</p>"
        f"{body_html(story)}</article>{site_footer(site)}</body></html>"
    )
    return Page(f"both-stamps-{story.slug[:24]}", url, html, {**context(story, url), **expected(story, updated=upd)})


HINDI_MONTHS = ["जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"]


def hindi_text(story: Story) -> Page:
    """A Hindi article with no structured data: Hindi labels and month names, English byline."""
    site, url = story.site, url_of(story)
    dt = story.published
    html = (
        head(f"{story.title} - {site.name}", lang="hi")
        + f"<body><header><a href='/'>{esc(site.name)}</a><nav><a href='/desh'>देश</a></nav></header>"
        f"<div class='khabar'><h1>{esc(story.title)}</h1><div class='lekhak'>By {esc(story.authors[0])}</div>"
        f"<div class='samay'>प्रकाशित: {dt.day} {HINDI_MONTHS[dt.month - 1]} {dt.year}, {dt:%H:%M} {site.zone}</div>"
        f"{body_html(story)}</div>{site_footer(site)}</body></html>"
    )
    return Page(f"hindi-text-{story.slug[:20]}", url, html, {**context(story, url), **expected(story, updated=None)})


def edited_by(story: Story) -> Page:
    """Byline with an editor credit and a city, "Updated on" stamp; the date only in article:published_time."""
    site, url = story.site, url_of(story)
    upd = story.updated or story.published.replace(hour=23, minute=30)
    html = (
        head(f"{story.title} - {site.name}",
             f'<meta property="article:published_time" content="{story.published.isoformat()}">'
             + og(story, url, story.title))
        + f"<body>{site_header(site)}<div class='article-page'><h1>{esc(story.title)}</h1>"
        f"<div class='storyBy'>By {esc(' and '.join(story.authors))} | Edited by Desk Editor, New Delhi</div>"
        f"<div class='dateTime'>Updated on {upd:%b %d, %Y} {clock12(upd)} {site.zone}</div>"
        f"<div class='storyDetails'>{body_html(story)}</div>{related_list(5, style='cards')}</div>"
        f"{site_footer(site)}</body></html>"
    )
    return Page(f"edited-by-{story.slug[:24]}", url, html, {**context(story, url), **expected(story, updated=upd)})
