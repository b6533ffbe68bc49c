"""The headline, without the site name that <title> and og:title often carry.

Sources agree more often than they are each right: the visible <h1> is the
headline when a declared title contains it; otherwise the declared title is
trimmed of the part that names the site (" | Site", " - Site", "Site: ...").
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_SEPARATORS = re.compile(r"\s+[|\-–—:·•»«/]{1,2}\s+|\s*\|\s*|\s+::\s+")
_PREFIX = re.compile(r"^([^:]{2,40}):\s+")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.I)
_WORD = re.compile(r"\w+")
_MIN_H1_WORDS = 3
_MIN_CUT_WORDS = 5  # a declared title this long that starts the <h1> is the <h1> truncated
# Host labels that name a service, not the publisher ("news.example.com", "www.example.co.uk").
_GENERIC_LABELS = frozenset({"www", "www2", "news", "amp", "mobile", "edition", "english", "hindi", "beta", "home"})


def extract_title(
    declared: list[str],
    h1: str | None,
    site_name: str | None,
    url: str,
) -> str | None:
    """The headline from declared titles (JSON-LD headline, og:title, <title> ... in trust order) and the <h1>."""
    declared = [_clean(t) for t in declared if t and t.strip()]
    h1 = _clean(h1) if h1 else None
    names = _site_names(site_name, url)
    if h1 and len(h1.split()) >= _MIN_H1_WORDS and not _is_site_name(h1, names):
        if not declared or any(_agrees(h1, t) for t in declared):
            return h1
    for title in declared:
        stripped = strip_site_name(title, names)
        if stripped:
            return stripped
    return h1


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


def _site_names(site_name: str | None, url: str) -> set[str]:
    """Normalised names the site may go by: its declared name and the distinctive labels of its host."""
    names = {_norm(site_name)} if site_name else set()
    labels = (urlsplit(url).hostname or "").split(".")[:-1]  # the last label is the TLD
    names.update(label for label in labels if len(label) >= 4 and not label.isdigit() and label not in _GENERIC_LABELS)
    names.discard("")
    return names


def _is_site_name(text: str, names: set[str]) -> bool:
    norm = _norm(text)
    squashed = norm.replace(" ", "")
    if len(squashed) < 3:
        return False
    for name in names:
        name_squashed = name.replace(" ", "")
        if squashed == name_squashed:
            return True
        # "ETV Bharat English" for site "ETV Bharat"; "ETV" for host etvbharat.com
        if len(name_squashed) > 3 and len(norm.split()) <= 5 and (name in norm or squashed in name_squashed):
            return True
    return False


def _clean(text: str) -> str:
    """Collapse whitespace; undo a second level of HTML escaping ("&#163;" left in an attribute)."""
    text = " ".join(text.split())
    return html.unescape(text) if _ENTITY.search(text) else text


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))
