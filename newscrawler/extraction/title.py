"""The headline, without the site name that <title> and og:title often carry.

Sources agree more often than they are each right: the visible <h1> is the
headline when a declared title contains it; otherwise the declared title is
trimmed of the part that names the site (" | Site", " - Site", "Site: ...").
"""

from __future__ import annotations

import html
import re

from newscrawler.extraction.sitename import is_site_name as _is_site_name
from newscrawler.extraction.sitename import norm as _norm
from newscrawler.extraction.sitename import site_names as _site_names

# " | ", " - ", " :: ", and the full-width bars and colons of CJK titles ("見出し ：新聞名", "标题_频道_网站").
_SEPARATORS = re.compile(
    r"\s+[|\-–—:·•»«/]{1,2}\s+|\s*[|｜│]\s*|\s+::\s+|\s*：\s*|\s*(?<=[\u3000-\u9fff\uff00-\uffef])_\s*"
)
_PREFIX = re.compile(r"^([^:]{2,40}):\s+")
# What follows the headline inside some <h1>s: " | Site", " - Site", " 02.02.2022 •".
_TRAILER = re.compile(r"^\s*(?:[|｜│\-–—·•»:]\s|\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b)")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.I)
_MIN_H1_WORDS = 3
_MIN_CUT_WORDS = 5  # a declared title this long that starts the <h1> is the <h1> truncated
_MIN_SOLE_H1_WORDS = 4  # a page's only <h1> this long is its headline, whatever og:title says


def extract_title(
    declared: list[str],
    h1: str | None,
    site_name: str | None,
    url: str,
    *,
    h1_parts: int = 1,
    sole_h1: bool = False,
) -> str | None:
    """The headline from declared titles (JSON-LD headline, og:title, <title> ... in trust order) and the <h1>.

    ``h1_parts``: how many elements the <h1> text comes from (a kicker and a headline in
    two spans are glued by the page's text, not by a separator); ``sole_h1``: the page
    has one <h1>, so it is the visible headline even where the declared titles are SEO variants.
    """
    declared = [_clean(t) for t in declared if t and t.strip()]
    h1 = _clean(h1) if h1 else None
    names = _site_names(site_name, url)
    if h1 and len(h1.split()) >= _MIN_H1_WORDS and not _is_site_name(h1, names):
        trimmed = _declared_prefix(h1, [strip_site_name(d, names) for d in declared])
        if trimmed:
            return trimmed
        if h1_parts > 1:
            # "Kicker" + "Headline" in two elements: the declared title with the same words keeps the
            # separator the page prints between them ("Kicker: Headline").
            same = [t for t in (strip_site_name(d, names) for d in declared) if _norm(t) == _norm(h1)]
            if same:
                return same[0]
        if not declared or any(_agrees(h1, t) for t in declared):
            return h1
        if sole_h1 and h1_parts == 1 and len(h1.split()) >= _MIN_SOLE_H1_WORDS:
            return h1  # a composed <h1> may glue a kicker or a credit on: only a plain one overrides
    for title in declared:
        stripped = strip_site_name(title, names)
        if stripped:
            return stripped
    return h1


def _declared_prefix(h1: str, titles: list[str]) -> str | None:
    """A declared title that the <h1> starts with, the rest being a site name or a dateline.

    Some templates print "Headline | Site" or "Headline 02.02.2022 •" inside the <h1>;
    the declared title is the headline alone.
    """
    for title in titles:
        rest = h1[len(title):] if len(title.split()) >= _MIN_H1_WORDS and h1.startswith(title) else ""
        if _TRAILER.match(rest):
            return title
    return None


def _agrees(h1: str, declared: str) -> bool:
    """The declared title repeats the <h1> (plus a site name), or is the <h1> cut short ("... Talks With…")."""
    visible, title = _norm(h1), _norm(declared)
    return visible in title or (len(title.split()) >= _MIN_CUT_WORDS and visible.startswith(title))


def strip_site_name(title: str, names: set[str]) -> str:
    """Drop leading/trailing segments that name the site; with no known name, a short last segment."""
    parts = [p for p in _SEPARATORS.split(title) if p.strip()]
    separators = _SEPARATORS.findall(title)
    if len(parts) < 2:
        prefix = _PREFIX.match(title)
        if prefix and _is_site_name(prefix.group(1), names):
            return title[prefix.end():].strip()
        return title.strip()
    start, end = 0, len(parts)
    while end - start > 1 and _is_site_name(parts[end - 1], names):
        end -= 1
    while end - start > 1 and _is_site_name(parts[start], names):
        start += 1
    if (start, end) == (0, len(parts)) and _looks_like_suffix(parts, separators):
        end -= 1
    # Rejoin the kept segments with their own separators: a headline may contain " - " itself.
    kept = parts[start]
    for i in range(start + 1, end):
        kept += separators[i - 1] + parts[i]
    return kept.strip()


def _looks_like_suffix(parts: list[str], separators: list[str]) -> bool:
    """A trailing "| Something short" after a long headline is a site or section name."""
    last = parts[-1]
    return "|" in separators[-1] and len(last.split()) <= 4 and len(last) * 3 < len(" ".join(parts[:-1]))


def _clean(text: str) -> str:
    """Collapse whitespace; undo a second level of HTML escaping ("&#163;" left in an attribute)."""
    text = " ".join(text.split())
    return html.unescape(text) if _ENTITY.search(text) else text
