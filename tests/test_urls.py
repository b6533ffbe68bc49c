"""URL normalisation and article identity: one rule per case."""

from __future__ import annotations

import pytest

from search.urls import article_identity, normalize_url, same_site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.Example.COM/News/Story", "https://www.example.com/News/Story"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a?utm_source=tw&utm_medium=social&id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?fbclid=IwAR0&gclid=x&dclid=1&msclkid=2", "https://example.com/a"),
        ("https://example.com/a?mc_cid=1&mc_eid=2&igshid=3&_ga=4&yclid=5", "https://example.com/a"),
        ("https://example.com/a?ref=hp&ref_src=twsrc%5Etfw", "https://example.com/a"),
        ("https://example.com/a?ref=/world/asia", "https://example.com/a?ref=%2Fworld%2Fasia"),
        ("https://example.com/a;jsessionid=0A1B2C3D?x=1", "https://example.com/a?x=1"),
        ("https://example.com/a?PHPSESSID=abc&sid=9&sessionid=z&page=2", "https://example.com/a?page=2"),
        ("https://example.com/a?b=2&a=1&c=", "https://example.com/a?a=1&b=2&c="),
        ("https://example.com/news/index.html", "https://example.com/news"),
        ("https://example.com/index.php", "https://example.com/"),
        ("https://example.com/news/INDEX.HTM", "https://example.com/news"),
        ("https://example.com/news/story/", "https://example.com/news/story"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/%7ejane/caf%c3%a9", "https://example.com/~jane/caf%C3%A9"),
        ("https://example.com/café story", "https://example.com/caf%C3%A9%20story"),
        ("https://example.com/a/./b/../c", "https://example.com/a/c"),
        ("https://Bücher.example/a", "https://xn--bcher-kva.example/a"),
        ("https://user:secret@example.com./a", "https://example.com/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("http://127.0.0.1:8000/news/1.html", "http://127.0.0.1:8000/news/1.html"),
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


def test_normalize_url_is_idempotent() -> None:
    url = normalize_url("HTTP://Example.com:80/a/index.html?utm_campaign=x&z=1&a=%7e#top")
    assert normalize_url(url) == url == "http://example.com/a?a=~&z=1"


@pytest.mark.parametrize("url", ["/relative/path", "mailto:desk@example.com", "", "https://example.com:99999/"])
def test_normalize_url_rejects_what_is_not_an_http_url(url: str) -> None:
    with pytest.raises(ValueError):
        normalize_url(url)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://www.example.com/a", "http://example.com/b", True),
        ("https://news.example.co.uk/a", "https://www.example.co.uk/b", True),
        ("https://example.com/a", "https://example.org/a", False),
        ("https://alice.blogspot.com/a", "https://bob.blogspot.com/a", False),
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8001/b", True),
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8002/a", False),
        ("https://example.com/a", "not a url", False),
    ],
)
def test_same_site(a: str, b: str, same: bool) -> None:
    assert same_site(a, b) is same


PAGE = "https://www.example.com/world/story-123.html?utm_source=rss"


@pytest.mark.parametrize(
    ("page", "canonical", "og_url", "expected"),
    [
        (PAGE, None, None, "https://www.example.com/world/story-123.html"),
        (PAGE, "https://www.example.com/world/story-123.html#x", None, "https://www.example.com/world/story-123.html"),
        (PAGE, "/world/story-123.html", None, "https://www.example.com/world/story-123.html"),
        (PAGE, None, "https://example.com/world/story-123", "https://example.com/world/story-123"),
        (PAGE, "https://www.example.com/a/1", "https://www.example.com/b/2", "https://www.example.com/a/1"),
        # Cross-site canonical (syndication partner) is not this page's identity.
        (PAGE, "https://www.wire.example.org/story-123", None, "https://www.example.com/world/story-123.html"),
        # A canonical link to the home page or a listing is a site template bug.
        (PAGE, "https://www.example.com/", None, "https://www.example.com/world/story-123.html"),
        (PAGE, "https://www.example.com/tag/world", None, "https://www.example.com/world/story-123.html"),
        (PAGE, "https://www.example.com/", "https://www.example.com/w/123", "https://www.example.com/w/123"),
        (PAGE, "javascript:void(0)", None, "https://www.example.com/world/story-123.html"),
        # AMP pages: their canonical, else the URL without the AMP marker.
        ("https://example.com/amp/world/story-1", "https://example.com/world/story-1", None,
         "https://example.com/world/story-1"),
        ("https://example.com/world/story-1/amp/", None, None, "https://example.com/world/story-1"),
        ("https://example.com/india-news/story-1/amp/1", None, None, "https://example.com/india-news/story-1"),
        ("https://example.com/amp/12345", None, None, "https://example.com/12345"),
        ("https://example.com/world/story-1.amp.html", None, None, "https://example.com/world/story-1.html"),
        ("https://example.com/world/story-1.amp", None, None, "https://example.com/world/story-1"),
        ("https://example.com/world/story-1?amp=1&id=4", None, None, "https://example.com/world/story-1?id=4"),
        ("https://example.com/world/story-1?outputType=amp", None, None, "https://example.com/world/story-1"),
        ("https://amp.example.com/world/story-1", None, None, "https://www.example.com/world/story-1"),
        ("https://amp.news.example.com/story-1", None, None, "https://news.example.com/story-1"),
        ("https://example.com/amp/story-1", "https://example.com/amp/story-1", None, "https://example.com/story-1"),
        ("https://example.com/world/amplifier-review", None, None, "https://example.com/world/amplifier-review"),
    ],
)
def test_article_identity(page: str, canonical: str | None, og_url: str | None, expected: str) -> None:
    assert article_identity(page, canonical, og_url) == expected


def test_identity_of_a_home_page_may_be_its_own_canonical() -> None:
    assert article_identity("https://example.com/index.html", "https://example.com/", None) == "https://example.com/"


def test_clean_url_keeps_the_path_but_drops_tracking_and_fragment():
    from search.urls import clean_url

    assert (
        clean_url("HTTP://News.Example.COM:80/Story/?utm_source=rss&id=7&fbclid=x#top")
        == "http://news.example.com/Story/?id=7"
    )
    assert clean_url("https://n.example/a/index.html;jsessionid=AB12") == "https://n.example/a/index.html"
