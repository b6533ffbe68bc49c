"""Synthetic news articles with realistic word statistics, for the search benchmark.

Word frequencies follow Zipf's law over a pronounceable made-up vocabulary, body
lengths are log-normal around a typical news story, dates spread over a year and
about one article in ten is a syndicated copy sharing a story with another.
Seeded, so every run indexes the same articles.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

VOCABULARY_SIZE = 60_000
SOURCES = [f"source{n:02d}" for n in range(20)]
OFFSETS = [timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-5))]
START = datetime(2025, 1, 1, tzinfo=timezone.utc)


def vocabulary(rng: random.Random) -> list[str]:
    """Distinct pronounceable words; index = frequency rank."""
    onsets = ["", "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st", "tr", "pl"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
    codas = ["", "n", "r", "s", "t", "l", "m", "nd", "st"]
    words: dict[str, None] = {}
    while len(words) < VOCABULARY_SIZE:
        syllables = 1 + min(int(rng.expovariate(0.9)), 4) if len(words) > 200 else 1
        words["".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(syllables))] = None
    return list(words)


def articles(count: int, seed: int = 7) -> Iterator[dict]:
    """``count`` article records in the crawler's record format."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    cum_weights = list(itertools.accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(len(words))))

    def text(n: int) -> list[str]:
        return rng.choices(words, cum_weights=cum_weights, k=n)

    for number in range(count):
        length = max(40, min(4000, int(rng.lognormvariate(6.0, 0.6))))
        tokens = text(length)
        paragraphs = [" ".join(tokens[i : i + 60]).capitalize() + "." for i in range(0, length, 60)]
        title = " ".join(text(rng.randint(6, 14))).capitalize()
        source = rng.choice(SOURCES)
        url = f"https://{source}.example/news/{number}"
        published = (START + timedelta(seconds=rng.randrange(365 * 86400))).astimezone(rng.choice(OFFSETS))
        story = f"story-{number // 2}" if number % 20 in (0, 1) else None
        yield {
            "id": url,
            "url": url,
            "urls": [url],
            "canonical_url": url,
            "title": title,
            "body": "\n\n".join(paragraphs),
            "authors": [f"{text(1)[0].capitalize()} {words[rng.randrange(5000)].capitalize()}"],
            "published": published.isoformat(),
            "updated": None,
            "language": "en",
            "description": None,
            "image": None,
            "content_hash": f"{number:016x}",
            "story": story,
            "first_seen": published.astimezone(timezone.utc).isoformat(),
            "crawled": published.astimezone(timezone.utc).isoformat(),
            "source": source,
        }
