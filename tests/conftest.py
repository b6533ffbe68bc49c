"""Shared fixtures: loopback site servers and one crawl of the demo site."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawler.demo.server import serve_site
from tests.helpers import DEMO_SITE, crawl


@pytest.fixture
def site_server():
    """Serve a directory on 127.0.0.1: call it with the site's root; stopped after the test."""
    servers = []

    def start(root: Path):
        server = serve_site(root)
        servers.append(server)
        return server.__enter__()

    yield start
    for server in servers:
        server.__exit__(None, None, None)


@pytest.fixture(scope="session")
def demo_crawl(tmp_path_factory):
    """The demo site crawled once from its home page; shared by the tests that only read the result."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    with serve_site(DEMO_SITE) as site:
        result = crawl(data_dir, f"url={site.base_url}")
        yield data_dir, site, result
