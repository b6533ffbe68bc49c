"""Hand-written article records and a real on-disk index of them, for the search tests."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from search.archive import Archive
from search.datadir import DataDir
from search.indexwriter import ArticleIndexWriter
from search.record import ArticleRecord


def record(url: str, title: str, body: str, **fields) -> dict:
    """An archive record (search.record) of an article stored from ``url``; other fields as given."""
    defaults = {"id": url, "urls": [url], "canonical_url": url, "language": "en", "source": "Example",
                "first_seen": "2025-03-01T00:00:00+00:00", "crawled": "2025-03-01T00:00:00+00:00"}
    return ArticleRecord(**{**defaults, "url": url, "title": title, "body": body, **fields}).to_record()


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


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def counted(method, calls: Counter, name: str):
    """``method`` that also counts its calls in ``calls[name]`` (a spy, not a stand-in)."""

    def wrapper(*args, **kwargs):
        calls[name] += 1
        return method(*args, **kwargs)

    return wrapper
