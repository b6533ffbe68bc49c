"""Test helpers: a real `scrapy crawl` run and the real CLI, in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = REPO_ROOT / "tests" / "fixtures"
DEMO_SITE = REPO_ROOT / "newscrawler" / "demo" / "site"

# Loopback crawls need no politeness delay; everything else keeps the project's settings.
FAST_CRAWL = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "LOG_LEVEL": "INFO",
    # Fixture stories are dated 2025; the default 30-day first-contact window would skip them.
    "INCREMENTAL_MAX_AGE_DAYS": "0",
}


@dataclass
class Completed:
    returncode: int
    stdout: str
    stderr: str

    def json_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


def crawl(data_dir: Path, *spider_args: str, settings: dict[str, str] | None = None, timeout: int = 180,
          preexec_fn: Callable[[], None] | None = None) -> Completed:
    """Run the real `scrapy crawl news` in a subprocess against data_dir (``preexec_fn`` sets up a fault)."""
    command = [sys.executable, "-m", "scrapy", "crawl", "news"]
    for arg in spider_args:
        command += ["-a", arg]
    for name, value in {**FAST_CRAWL, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "NEWS_DATA": str(data_dir)}
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=preexec_fn)
    return Completed(done.returncode, done.stdout, done.stderr)


def newssearch(data_dir: Path | None, *args: str, env: dict[str, str] | None = None, timeout: int = 60) -> Completed:
    """Run the real `newssearch` CLI in a subprocess: with `--data data_dir` unless None, without the
    caller's $NEWS_DATA (``env`` may set one), in UTC so that printed local times are predictable."""
    command = [sys.executable, "-m", "search", *(["--data", str(data_dir)] if data_dir else []), *args]
    environment = {key: value for key, value in os.environ.items() if key != "NEWS_DATA"}
    environment.update({"TZ": "UTC", **(env or {})})
    done = subprocess.run(command, cwd=REPO_ROOT, env=environment, capture_output=True, text=True, timeout=timeout)
    return Completed(done.returncode, done.stdout, done.stderr)


def article_count(data_dir: Path) -> int:
    stats = newssearch(data_dir, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    return json.loads(stats.stdout)["articles"]
