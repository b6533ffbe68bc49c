"""The versions pyproject.toml declares are the ones installed, and the private API we lean on is there.

Scrapy internals (robots.txt parsing, downloader slots, the crawl command's
``_create_crawler``) and Whoosh's on-disk format (``search.indexwriter``) are
used directly, so an upgrade must fail here, loudly, before it fails in a crawl.
"""

from __future__ import annotations

import inspect
import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def declared(name: str) -> Requirement:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    requirements = [Requirement(line) for line in project["dependencies"]]
    return next(r for r in requirements if r.name.lower() == name.lower())


def test_installed_scrapy_is_in_the_declared_range():
    requirement = declared("scrapy")
    assert requirement.specifier.contains(version("scrapy")), (
        f"Scrapy {version('scrapy')} is installed but pyproject.toml declares {requirement}: "
        "run the suite on it, then widen the range"
    )


def test_whoosh_is_exactly_the_version_whose_file_format_we_write():
    assert str(declared("Whoosh-Reloaded").specifier) == "==2.7.5"
    assert version("Whoosh-Reloaded") == "2.7.5", (
        f"Whoosh-Reloaded {version('Whoosh-Reloaded')} is installed; the index writer writes "
        "Whoosh 2.7.5's segment format through its private names: check search/indexwriter first"
    )


def test_the_private_scrapy_api_we_override_is_there():
    from scrapy.commands.crawl import Command as CrawlCommand
    from scrapy.core.downloader import Downloader
    from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware

    assert inspect.iscoroutinefunction(RobotsTxtMiddleware._parse_robots)
    assert list(inspect.signature(RobotsTxtMiddleware._parse_robots).parameters) == [
        "self", "response", "netloc", "request"
    ]
    assert callable(Downloader.get_slot_key)
    assert callable(CrawlCommand._create_crawler)


def test_python_is_the_declared_one():
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"  # tomllib, and what the suite runs on
