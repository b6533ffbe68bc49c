"""Hand-written article records and a real on-disk index of them, for the search tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from search.archive import Archive
from search.datadir import DataDir
from search.indexwriter import ArticleIndexWriter

ROOT = Path(__file__).resolve().parent.parent


def record(url: str, title: str, body: str, **fields) -> dict:
    """A record in the crawler's format; unspecified fields take plain defaults."""
    base = {
        "id": url, "url": url, "urls": [url], "canonical_url": url, "title": title, "body": body,
        "authors": [], "published": None, "updated": None, "language": "en", "description": None,
        "image": None, "content_hash": None, "story": None, "first_seen": "2025-03-01T00:00:00+00:00",
        "crawled": "2025-03-01T00:00:00+00:00", "source": "Example",
    }
    base.update(fields)
    return base


def sample_records(now: datetime | None = None) -> list[dict]:
    """Two copies of one story, Hindi, sport, hostile text, an undated fresh article."""
    now = now or datetime.now(timezone.utc)
    return [
        record(
            "https://etv.example/national/rajnath-hegseth",
            "Defence Minister Rajnath Singh Holds Phone Talks With US Counterpart Hegseth",
            "New Delhi: Defence Minister Rajnath Singh on Thursday held phone talks with US Defence "
            "Secretary Pete Hegseth.\n\nThe two leaders reviewed defence cooperation.",
            authors=["PTI"], published="2025-02-06T20:09:00+05:30", source="ETV Bharat", story="story-1",
            urls=["https://etv.example/national/rajnath-hegseth", "https://etv.example/amp/rajnath-hegseth"],
        ),
        record(
            "https://wire.example/2025/02/06/rajnath-talks",
            "Rajnath Singh and Hegseth talk defence ties",
            "Defence Minister Rajnath Singh spoke with Pete Hegseth about defence ties on Thursday.",
            authors=["PTI"], published="2025-02-06T21:30:00+05:30", source="Wire News", story="story-1",
        ),
        record(
            "https://hindi.example/desh/rajnath",
            "राजनाथ सिंह ने हेगसेथ से फोन पर बात की",
            "रक्षा मंत्री राजनाथ सिंह ने अमेरिकी रक्षा मंत्री से फोन पर बात की।",
            authors=["भाषा"], published="2025-02-07T10:00:00+05:30", source="Hindi News", language="hi",
        ),
        record(
            "https://sport.example/cricket/chase",
            "Running between the wickets wins the chase",
            "The batters kept running hard and scored quick runs.\n\nThe captain praised the fielding.",
            authors=["Jane Doe"], published="2025-01-15T09:00:00-05:00",
            source="Sports Daily",
        ),
        record(
            "https://odd.example/control",
            "Hostile\x1b[31m title\u202e reversed",
            "Bell\x07 and escape\x1b[2J sequences around the word gadget.",
            source="Odd Site",
        ),
        record(
            "https://fresh.example/today/undated",
            "Undated monsoon bulletin",
            "The monsoon reached the coast; no publication date was given.",
            first_seen=(now - timedelta(hours=1)).isoformat(), crawled=now.isoformat(), source="Fresh",
        ),
    ]


def build(data_dir: Path, records: list[dict]) -> Path:
    """Archive and index ``records`` the way the crawler does; return the data dir."""
    with Archive(DataDir(data_dir).archive) as archive:
        archive.append_many(records)
    with ArticleIndexWriter(data_dir) as writer:
        for rec in records:
            writer.add(rec)
    return data_dir


def newssearch(*args: str, data_dir: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real CLI in a subprocess, in UTC so local times are predictable."""
    command = [sys.executable, "-m", "search", *(["--data", str(data_dir)] if data_dir else []), *args]
    environment = {key: value for key, value in os.environ.items() if key != "NEWS_DATA"}
    environment.update({"TZ": "UTC", **(env or {})})
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=environment, timeout=60)


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def counted(method, calls: Counter, name: str):
    """``method`` that also counts its calls in ``calls[name]`` (a spy, not a stand-in)."""

    def wrapper(*args, **kwargs):
        calls[name] += 1
        return method(*args, **kwargs)

    return wrapper
