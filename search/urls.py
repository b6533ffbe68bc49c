"""URL identity: which URLs name the same article.

A news article is reached through many URLs: with campaign parameters, session
ids, ``index.html``, a trailing slash, an AMP twin, a canonical link. Everything
here maps them onto one normalised URL so the crawler stores the article once
and ``newssearch show`` finds it by any of them.
Percent-encoding, dot segments, query order and IDNA hosts are left to
``w3lib.url.canonicalize_url``; courlan's own ``normalize_url`` is not used
because it keeps fragments and percent-encodes ``;`` path parameters.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

from courlan import extract_domain
from w3lib.url import canonicalize_url

DEFAULT_PORTS = {"http": 80, "https": 443}

# Query keys that only say where a click came from (ad networks, newsletters,
# analytics, social sharing) or which session made it; never which article.
TRACKING_KEYS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
        "ysclid", "twclid", "ttclid", "li_fat_id", "igshid", "igsh", "mc_cid", "mc_eid",
        "_ga", "_gl", "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking",
        "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "rb_clickid",
        "s_cid", "s_kwcid", "wt.mc_id", "ocid", "cmpid", "cmp", "intcmp", "smid", "smtyp",
        "ito", "xtor", "at_medium", "at_campaign", "ftag", "sr_share", "ref_src", "ref_url",
        "spm",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "ns_")
SESSION_KEYS = frozenset({"jsessionid", "phpsessid", "sid", "sessionid", "session_id", "cfid", "cftoken"})
SESSION_PREFIXES = ("aspsessionid",)
# `ref=hp`, `ref=rss`, `ref=twitter`: a referral label. A `ref` holding a path
# or a number may select content, so only label-shaped values are dropped.
REF_LABEL = re.compile(r"[a-z][a-z0-9_.\-]{0,31}", re.IGNORECASE)

PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid|sessionid)=[^/;?#]*", re.IGNORECASE)
ASPNET_SESSION = re.compile(r"/\([A-Z]\([^)/]*\)\)(?=/|$)")
INDEX_PAGE = re.compile(r"/index\.(?:html?|php|shtml)$", re.IGNORECASE)

# Paths of listings a broken canonical link sometimes points at instead of the article.
LISTING_SEGMENTS = frozenset(
    {"tag", "tags", "category", "categories", "topic", "topics", "section", "sections",
     "author", "authors", "page", "archive", "archives", "search"}
)
AMP_QUERY_KEYS = frozenset({"amp", "_amp"})


def clean_url(url: str) -> str:
    """``url`` as a reader should be given it: the same page, minus what never names an article.

    Scheme and host lower-cased, default port, fragment, tracking and session
    parameters dropped; the path is left as the site wrote it, since a site may
    answer ``/story/`` and not ``/story``. Raises ``ValueError`` like ``normalize_url``.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in DEFAULT_PORTS or not host:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    port = parts.port  # raises ValueError for a malformed port
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = ASPNET_SESSION.sub("", PATH_SESSION.sub("", parts.path)) or "/"
    query = "&".join(pair for pair in parts.query.split("&") if pair and not _is_noise(pair))
    return urlunsplit((scheme, netloc, path, query, ""))


def normalize_url(url: str) -> str:
    """The one spelling of ``url`` that every variant of it maps to: an identity, not a link to fetch.

    Raises ``ValueError`` when ``url`` is not an absolute http(s) URL.
    """
    canonical = urlsplit(canonicalize_url(clean_url(url)))
    return urlunsplit((canonical.scheme, canonical.netloc, _tidy_path(canonical.path), canonical.query, ""))


def same_site(a: str, b: str) -> bool:
    """Whether two URLs belong to one site: same registered domain (or same host:port for IPs)."""
    try:
        return _site(a) == _site(b)
    except ValueError:
        return False


def article_identity(page_url: str, canonical_url: str | None, og_url: str | None) -> str:
    """The URL that names the article on ``page_url``.

    The page's canonical link, else its ``og:url``, is trusted when it stays on
    the same site and does not point at a home page or a listing; whichever URL
    wins is then mapped from its AMP form to the regular article URL.
    """
    page = normalize_url(page_url)
    for declared in (canonical_url, og_url):
        target = _trusted_target(page, declared)
        if target is not None:
            return _without_amp(target)
    return _without_amp(page)


def _is_noise(pair: str) -> bool:
    key, _, value = pair.partition("=")
    key = unquote_plus(key).lower()
    if key in TRACKING_KEYS or key in SESSION_KEYS:
        return True
    if key.startswith(TRACKING_PREFIXES) or key.startswith(SESSION_PREFIXES):
        return True
    return key == "ref" and REF_LABEL.fullmatch(unquote_plus(value)) is not None


def _tidy_path(path: str) -> str:
    path = INDEX_PAGE.sub("/", path)
    return path.rstrip("/") or "/"


def _site(url: str) -> str:
    parts = urlsplit(normalize_url(url))
    host = parts.hostname or ""
    if "." not in host or host.replace(".", "").isdigit() or ":" in host:
        # localhost, IPv4 and IPv6 hosts have no registered domain: the origin is the site.
        return parts.netloc
    registered = extract_domain(f"http://{host}/")
    return registered or ".".join(host.split(".")[-2:])


def _trusted_target(page: str, declared: str | None) -> str | None:
    if not declared or not declared.strip():
        return None
    try:
        target = normalize_url(urljoin(page, declared.strip()))
    except ValueError:
        return None
    if not same_site(page, target):
        return None
    if _is_home(target) and not _is_home(page):
        return None
    if _is_listing(target) and not _is_listing(page):
        return None
    return target


def _is_home(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path == "/" and not parts.query


def _is_listing(url: str) -> bool:
    """`/tag/x`, `/category/x/`, `/author/name`, `/page/2`: a listing, not an article."""
    segments = [segment.lower() for segment in urlsplit(url).path.split("/") if segment]
    return any(segment in LISTING_SEGMENTS for segment in segments[-2:]) and len(segments) <= 3


def _without_amp(url: str) -> str:
    """The regular article URL of an AMP URL (`/amp/`, `.amp`, `?amp=1`, `amp.` host)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if netloc.startswith("amp.") and netloc.count(".") >= 2:
        rest = netloc[len("amp."):]
        netloc = f"www.{rest}" if extract_domain(f"http://{rest}/") == rest.split(":")[0] else rest
    segments = parts.path.split("/")
    if segments[-1].isdigit() and len(segments) > 3 and segments[-2].lower() == "amp":
        segments = segments[:-1]  # `/story-123/amp/1`
    if len(segments) > 2 and segments[-1].lower() == "amp":
        segments = segments[:-1]
    if len(segments) > 2 and segments[1].lower() == "amp":
        segments = segments[:1] + segments[2:]
    segments[-1] = re.sub(r"\.amp(?=\.html?$|$)", "", segments[-1], flags=re.IGNORECASE)
    query = "&".join(pair for pair in parts.query.split("&") if pair and not _is_amp_pair(pair))
    return normalize_url(urlunsplit((parts.scheme, netloc, "/".join(segments), query, "")))


def _is_amp_pair(pair: str) -> bool:
    key, _, value = pair.partition("=")
    key = unquote_plus(key).lower()
    return key in AMP_QUERY_KEYS or (key == "outputtype" and value.lower() == "amp")
