"""Build HTML pages in the shape of the project's seed page from its text (tests/fixtures/seed-page.txt).

The seed text is the visible text of a real news page whose body is rendered
twice and surrounded by boilerplate. Two templates are built from it: one with
JSON-LD and a canonical link, one with the byline and date only as page text.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass
class SeedStory:
    title: str
    summary: str
    caption: str
    byline: str
    dateline: str
    paragraphs: list[str]  # the body, once
    featured: list[str]
    boilerplate: list[str]  # lines that must never reach the stored body


def read_seed(path: Path) -> SeedStory:
    """Split the seed text into its parts by the page's own markers."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    title = lines[1]
    byline_at = next(i for i, line in enumerate(lines) if line.startswith("By "))
    dateline_at = next(i for i, line in enumerate(lines) if line.startswith("Published"))
    body_end = lines.index("For All Latest Updates")
    body = lines[dateline_at + 1 : body_end]
    half = len(body) // 2
    assert body[:half] == body[half:], "the seed body is rendered twice"
    featured_at = lines.index("Featured")
    return SeedStory(
        title=title,
        summary=lines[2],
        caption=lines[4],
        byline=lines[byline_at],
        dateline=lines[dateline_at],
        paragraphs=body[:half],
        featured=lines[featured_at + 1 : featured_at + 5],
        boilerplate=[lines[4], "author img", *lines[body_end:]],
    )


def _paras(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)


def _featured(story: SeedStory) -> str:
    return "\n".join(f'<li><a href="/story/{n}">{html.escape(t)}</a></li>' for n, t in enumerate(story.featured))


def page_with_json_ld(story: SeedStory, canonical: str) -> str:
    """Template A: JSON-LD NewsArticle, canonical link, body twice (web and AMP containers)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "description": story.summary,
        "datePublished": "2025-02-06T20:09:00+05:30",
        "author": [{"@type": "Organization", "name": story.byline.removeprefix("By ").strip()}],
    }
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(story.title)} | Seed News</title>
<link rel="canonical" href="{canonical}">
<meta name="description" content="{html.escape(story.summary)}">
<meta property="og:type" content="article">
<script type="application/ld+json">{json.dumps(data)}</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/india">India</a> <a href="/world">World</a></nav></header>
<main><article>
<h1>{html.escape(story.title)}</h1>
<p class="summary">{html.escape(story.summary)}</p>
<figure><img src="/img/file.jpg" alt="{html.escape(story.title)}"><figcaption>{html.escape(story.caption)}</figcaption></figure>
<div class="byline"><img src="/img/author.png" alt="author img"><span>{html.escape(story.byline)}</span></div>
<div class="date">{html.escape(story.dateline)}</div>
<div class="content-web">{_paras(story.paragraphs)}</div>
<div class="content-amp">{_paras(story.paragraphs)}</div>
<p>For All Latest Updates</p>
<div class="tags">TAGGED: <a href="/tag/defence">DEFENCE</a><a href="/tag/rajnath-singh">RAJNATH SINGH</a></div>
</article>
<aside><h3>Featured</h3><ul>{_featured(story)}</ul></aside></main>
<footer><p>Quick Links / Policies</p><p>Get Us On</p><p><a href="/ios">App Store</a> <a href="/android">Google Play</a></p>
<p>For any inquiries, please reach us at contact@example.org</p><p>Copyright © 2025 Seed News Ltd., All Rights Reserved.</p></footer>
</body></html>"""


def page_with_text_only(story: SeedStory) -> str:
    """Template B: no structured data, no canonical; byline and date only as visible text."""
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{html.escape(story.title)} - Seed News Mirror</title></head>
<body><div id="top-menu"><ul><li><a href="/">Home</a></li><li><a href="/state">States</a></li></ul></div>
<div id="wrapper"><div class="story-head"><h2 class="headline">{html.escape(story.title)}</h2>
<h3>{html.escape(story.summary)}</h3></div>
<div class="pic"><img src="/i.jpg"><span class="caption">{html.escape(story.caption)}</span></div>
<div class="meta"><img src="/a.png" alt="author img"> <b>{html.escape(story.byline)}</b><br><span>{html.escape(story.dateline)}</span></div>
<section class="story-body">{_paras(story.paragraphs)}</section>
<section class="story-body amp-copy">{_paras(story.paragraphs)}</section>
<div class="updates">For All Latest Updates</div>
<div>TAGGED:</div><div>DEFENCERAJNATH SINGH</div>
<div class="featured"><h4>Featured</h4><ul>{_featured(story)}</ul></div></div>
<div id="foot"><div>Quick Links / Policies</div><div>Get Us On</div><div>Seed IOS AppSeed Google App</div>
<div>For any inquiries, please reach us at contact@example.org</div><div>Copyright © 2025 Seed Mirror Pvt. Ltd., All Rights Reserved.</div></div>
</body></html>"""
