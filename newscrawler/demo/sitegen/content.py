"""The demo site's stories: parsed from ``articles.txt`` and placed on the site's two templates.

Prose lives in a plain text file so it can be written and reviewed as prose;
this module turns it into ``Story`` records with their URL paths, and derives
the syndicated copy that the Metro template republishes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

ARTICLES_FILE = Path(__file__).with_name("articles.txt")

SECTIONS: dict[str, tuple[str, str]] = {
    "nation": ("Nation", "ledger"),
    "business": ("Business", "ledger"),
    "science": ("Science & Tech", "ledger"),
    "world": ("World", "ledger"),
    "hindi": ("हिंदी", "ledger"),
    "cities": ("Cities", "metro"),
    "sports": ("Sports", "metro"),
}
"""Section slug -> (display name, template). Two templates stand for two different CMSs."""

AGENCIES = frozenset({"PTI", "ANI", "IANS", "भाषा", "Staff Reporter"})
"""Bylines that are not people: shown as plain text, no author page."""

FEATURES = frozenset({"jsonld", "canonical", "og", "amp"})
METRO_SERIAL_BASE = 58100
"""Metro story URLs end in a number, as many CMSs do; numbered by publication order."""


@dataclass(frozen=True)
class Story:
    """One article page of the demo site."""

    slug: str
    section: str
    title: str
    summary: str
    authors: tuple[str, ...]
    published: datetime
    tags: tuple[str, ...]
    caption: str
    paragraphs: tuple[str, ...]
    features: frozenset[str] = frozenset()
    lang: str = "en"
    story_id: str = ""
    """Shared by the syndicated copies of one wire story."""
    syndicate: tuple[str, str, datetime] | None = None
    serial: int = 0
    path: str = ""

    @property
    def template(self) -> str:
        return SECTIONS[self.section][1]

    @property
    def amp_path(self) -> str | None:
        return "/amp" + self.path if "amp" in self.features else None

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def slugify(text: str) -> str:
    """ASCII URL slug; non-Latin text gets a stable hash-based slug instead."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "id-" + hashlib.sha1(text.encode()).hexdigest()[:8]


def parse(text: str) -> list[Story]:
    """Parse the ``=== slug`` / header / paragraphs records of articles.txt."""
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    records = "\n".join(lines).split("\n=== ")
    stories = []
    for record in records:
        record = record.strip().removeprefix("=== ")
        if not record:
            continue
        head, _, body = record.partition("\n\n")
        slug, *header_lines = head.splitlines()
        header = dict(line.split(":", 1) for line in header_lines)
        header = {key.strip(): value.strip() for key, value in header.items()}
        stories.append(_story(slug.strip(), header, body))
    return stories


def _story(slug: str, header: dict[str, str], body: str) -> Story:
    features = frozenset(header.get("features", "").split())
    if unknown := features - FEATURES:
        raise ValueError(f"{slug}: unknown features {sorted(unknown)}")
    if header["section"] not in SECTIONS:
        raise ValueError(f"{slug}: unknown section {header['section']!r}")
    syndicate = None
    if "syndicate" in header:
        section, title, published = (part.strip() for part in header["syndicate"].split("|"))
        syndicate = (section, title, datetime.fromisoformat(published))
    return Story(
        slug=slug,
        section=header["section"],
        title=header["title"],
        summary=header["summary"],
        authors=tuple(name.strip() for name in header["authors"].split(";")),
        published=datetime.fromisoformat(header["published"]),
        tags=tuple(tag.strip() for tag in header["tags"].split(";")),
        caption=header["caption"],
        paragraphs=tuple(" ".join(p.split()) for p in body.strip().split("\n\n")),
        features=features,
        lang=header.get("lang", "en"),
        story_id=slug,
        syndicate=syndicate,
    )


def first_sentence(paragraph: str) -> str:
    """The paragraph up to its first full stop followed by a new sentence."""
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z\"“])", paragraph)
    return paragraph[: match.start()] if match else paragraph


def syndicated_copy(story: Story) -> Story:
    """The wire story as a second CMS republishes it: new headline, last paragraph cut short."""
    section, title, published = story.syndicate
    paragraphs = story.paragraphs[:-1] + (first_sentence(story.paragraphs[-1]),)
    return replace(
        story,
        slug=slugify(title),
        section=section,
        title=title,
        published=published,
        paragraphs=paragraphs,
        features=frozenset({"og"}),
        syndicate=None,
    )


def load_stories(path: Path = ARTICLES_FILE) -> list[Story]:
    """All article pages, newest first, with URL paths assigned."""
    stories = parse(path.read_text(encoding="utf-8"))
    stories += [syndicated_copy(story) for story in stories if story.syndicate]
    stories.sort(key=lambda story: (story.published, story.slug))
    placed = [_place(story, serial) for serial, story in enumerate(stories, METRO_SERIAL_BASE)]
    return placed[::-1]


def _place(story: Story, serial: int) -> Story:
    """Give a story its URL: dated .html paths on Ledger, numbered directories on Metro."""
    if story.template == "ledger":
        path = f"/{story.section}/{story.published:%Y/%m}/{story.slug}.html"
    else:
        path = f"/{story.section}/story/{story.slug}-{serial}/"
    return replace(story, serial=serial, path=path)
