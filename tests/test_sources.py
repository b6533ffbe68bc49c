"""Sources come from -a url= or a TOML file; bad input is one clear error."""

from __future__ import annotations

import pytest

from newscrawler.sources import SourceError, load_sources, resolve_sources, sources_from_urls


def test_urls_are_grouped_by_host():
    sources = sources_from_urls("https://a.example/news, https://a.example/rss.xml,http://b.example/")
    assert [(s.name, s.start_urls, s.allowed_domains) for s in sources] == [
        ("a.example", ("https://a.example/news", "https://a.example/rss.xml"), ("a.example",)),
        ("b.example", ("http://b.example/",), ("b.example",)),
    ]


@pytest.mark.parametrize("bad", ["", "ftp://a.example/", "not a url", "file:///etc/passwd"])
def test_bad_urls_are_refused(bad):
    with pytest.raises(SourceError):
        sources_from_urls(bad)


def test_toml_sources_with_defaults(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nname = "Demo"\nstart_urls = ["https://d.example/"]\ntimezone = "Asia/Kolkata"\nlanguage = "en"\n'
        '[[source]]\nstart_urls = ["https://e.example/feed"]\nallowed_domains = ["e.example", "cdn.e.example"]\n'
    )
    demo, other = load_sources(path)
    assert (demo.name, demo.allowed_domains, demo.timezone, demo.language) == ("Demo", ("d.example",), "Asia/Kolkata", "en")
    assert (other.name, other.allowed_domains) == ("e.example", ("e.example", "cdn.e.example"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "lists no [[source]]"),
        ("[[source]]\nname='x'\n", "needs start_urls"),
        ("[[source]]\nstart_urls=['https://x.example/']\ntimezone='Mars/Base'\n", "unknown timezone"),
        ("[[source\n", "cannot read"),
    ],
)
def test_bad_sources_file_says_what_to_fix(tmp_path, text, message):
    path = tmp_path / "sources.toml"
    path.write_text(text)
    with pytest.raises(SourceError, match=message.replace("[", r"\[")):
        load_sources(path)


def test_url_argument_wins_over_sources_file(tmp_path):
    assert resolve_sources("https://x.example/", None, tmp_path / "missing.toml")[0].name == "x.example"
    with pytest.raises(SourceError, match="not found"):
        resolve_sources(None, None, tmp_path / "missing.toml")
