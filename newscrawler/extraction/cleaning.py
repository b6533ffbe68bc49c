"""Remove the boilerplate an extractor leaves around an article body.

Extractors keep what *looks* like prose; news templates put captions, bylines,
datelines, tag lists, share/app/newsletter prompts, "Featured"/"Related" headline
lists and copyright lines right next to the story, and some render the story twice.
These rules look at the shape of one line (short, no sentence ending, a telltale
lead word), never at a site's name, so they hold on sites never seen before.
``SiteTemplateLines`` learns the lines a site repeats on every page, which no
per-page rule can know.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

__all__ = ["SiteTemplateLines", "clean_paragraphs", "drop_repeated", "is_boilerplate", "normalise_line"]

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…:;\"'”’)\]]$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_AGENCY = r"(?:ANI|PTI|IANS|UNI|AP|AFP|Reuters|Getty(?: Images)?|EPA|Bloomberg|File|Representational|Twitter|X|Facebook|Instagram)"

# One line, whole-line patterns: each is boilerplate wherever it appears.
_LINE_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(file |representational |representative )?(photo|image|picture|pic|video)s?\b.{0,200}\(\s*" + _AGENCY + r"[^)]{0,40}\)",
        r"(file|representational|representative) (photo|image|picture|pic)\b.{0,150}",
        r"(photo|image|picture|pic)s?( credit)?\s*[:|/].{0,120}",
        r"(author|profile|user|avatar) (img|image|pic|photo)",
        r"(written |reported |posted |edited |compiled )?by\s*:?\s*[\w.'’ -]{1,60}",
        r"(published|updated|last updated|posted|first published|modified|created)\s*(on|at)?\s*[:|-]?\s*.{0,60}\d.{0,40}",
        r"(for )?all (the )?latest (updates|news).{0,120}",
        r"(tagged|tags|topics|keywords|filed under)\s*:.{0,200}",
        r"(share|share this|share on|share via|share article|follow us|follow us on|get us on|join us on|connect with us)\b.{0,80}",
        r".{0,60}\b(download|get|install)\b.{0,40}\bapps?\b.{0,60}",
        r".{0,60}\b(ios|android|google play|app store|play store)\b.{0,40}\bapps?\b.{0,20}",
        r".{0,80}\b(sign up|subscribe|newsletter|register now|log ?in to)\b.{0,120}",
        r"(also read|read also|read more|must read|also see|see also|related|recommended|suggested|watch|listen)\s*[:|>»-].{0,200}",
        r"(copyright|©|\(c\)).{0,200}",
        r".{0,120}all rights reserved.{0,40}",
        r"(advertisement|advertising|sponsored|story continues below.{0,30}|scroll (down )?to continue.{0,40}|continue reading.{0,40})",
        r".{0,40}\blogo",
        r"quick links.{0,40}",
        r"(click|tap) here.{0,120}",
        r".{0,60}\bshare (it|this|the story)\b.{0,60}",
        r".{0,80}\bfollow\b.{0,80}\b(on|via) (facebook|twitter|instagram|linkedin|youtube|telegram|whatsapp)\b.{0,120}",
        r"\(?(additional )?(reporting|writing|editing|research|compiled|translated)( and [a-z]+)? by\b.{0,200}",
        r"(reach|contact|e-?mail) (the )?(reporter|writer|author|editor)s?\b.{0,160}",
        r"(\d+\s*(min|minute|mins|minutes)\s*read|(estimated )?read(ing)? time\s*:?.{0,20}|tempo de leitura.{0,20})",
        r"(\d{1,2}:\d{2}\s*(am|pm)?|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})\b[^.!?]{0,120}",
    )
]
# A header that opens a list of other stories: the header and the headlines after it go.
_LIST_HEADER = re.compile(
    r"(featured|related|related (articles|stories|news|posts|content)|also read|read more|more (stories|news|from .{1,40})"
    r"|trending( now| news| stories)?|recommended( for you| stories)?|most (read|popular|viewed)|popular( stories| now)?"
    r"|top (stories|news)|latest( news| stories| videos)?|you may (also )?like|don'?t miss|in case you missed it"
    r"|editor'?s picks?|what to read next|tagged|tags|topics|quick links.*|get us on|policies"
    r"|(more|other|related|recommended|popular|latest|top)\b.{0,30}\b(stories|news|articles|posts|reads|videos)"
    r"|most (read|popular|viewed|shared|watched)\b.{0,30})\s*:?",
    re.IGNORECASE,
)
_CONTACT_WORDS = re.compile(r"contact|inquir|enquir|reach us|write to|e-?mail us|mail us|feedback|tips?\b", re.IGNORECASE)
_SHORT = 25  # words: longer lines are prose, whatever they start with
_HEADLINE_WORDS = 25


def normalise_line(text: str) -> str:
    """Comparison key of a line: case-folded words only, so spacing and punctuation don't matter."""
    return " ".join(_WORD.findall(text.casefold()))


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _is_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def is_boilerplate(line: str) -> bool:
    """True for one short line that is page furniture, not article text."""
    text = line.strip()
    words = _words(text)
    if words == 0:
        return True
    if words > _SHORT:
        return False
    if _EMAIL.search(text) and _CONTACT_WORDS.search(text):
        return True
    if any(p.fullmatch(text) for p in _LINE_PATTERNS):
        # "By the end of the year, ..." is prose: a byline has no sentence punctuation.
        return not (text.lower().startswith("by") and _is_sentence(text) and words > 6)
    return False


def _is_headline(text: str) -> bool:
    return 0 < _words(text) <= _HEADLINE_WORDS and not re.search(r"[.!;]$", text.rstrip())


def _drop_lists(paragraphs: list[str]) -> list[str]:
    """Drop "Featured"/"Related"/"TAGGED" headers with the headline-like lines under them."""
    kept: list[str] = []
    in_list = False
    for text in paragraphs:
        if _LIST_HEADER.fullmatch(text.strip()):
            in_list = True
            continue
        if in_list and _is_headline(text):
            continue
        in_list = False
        kept.append(text)
    return kept


# A block of prose paragraphs appearing again is the body rendered twice; lists and
# meal plans repeat runs of short lines, which stay.
_REPEAT_RUN = 2
_REPEAT_RUN_WORDS = 60
_PROSE_WORDS = 20  # mean words per paragraph of a repeated prose block
_LONG_PARAGRAPH = 50  # words: a paragraph this long is never legitimately repeated verbatim


def _is_prose_block(paragraphs: list[str]) -> bool:
    words = sum(_words(p) for p in paragraphs)
    sentences = sum(_is_sentence(p) for p in paragraphs)
    return words >= max(_REPEAT_RUN_WORDS, _PROSE_WORDS * len(paragraphs)) and 2 * sentences >= len(paragraphs)


def drop_repeated(paragraphs: list[str]) -> list[str]:
    """Keep one copy of a body rendered twice, in first-occurrence order.

    Lists and recipes legitimately repeat short lines ("1 tsp olive oil"), so only
    later copies of a run of prose paragraphs, or of one long paragraph, go.
    """
    keys = [normalise_line(p) for p in paragraphs]
    first: dict[str, int] = {}
    drop: set[int] = set()
    for j, key in enumerate(keys):
        i = first.setdefault(key, j)
        if i == j or j in drop:
            continue
        run = 0
        while j + run < len(keys) and i + run < j and keys[i + run] == keys[j + run]:
            run += 1
        if run >= _REPEAT_RUN and _is_prose_block(paragraphs[j : j + run]):
            drop.update(range(j, j + run))
        elif len(key.split()) >= _LONG_PARAGRAPH:
            drop.add(j)
    return [p for j, p in enumerate(paragraphs) if j not in drop]


_HEADLINE_ZONE = 3  # the headline is repeated at the top of the body, if at all


def _drop_headline(paragraphs: list[str], title: str | None) -> list[str]:
    """The headline repeated in the body: anywhere verbatim, at the top also as a title prefix."""
    if not title:
        return paragraphs
    headline = normalise_line(title)
    kept = []
    for index, text in enumerate(paragraphs):
        key = normalise_line(text)
        if key == headline:
            continue
        if index < _HEADLINE_ZONE and _words(key) >= 4 and headline.startswith(key + " "):
            continue
        kept.append(text)
    return kept


def clean_paragraphs(paragraphs: list[str], *, title: str | None = None) -> list[str]:
    """Paragraphs without per-page boilerplate, repeats or the repeated headline, order kept."""
    texts = [" ".join(p.split()) for p in paragraphs]
    texts = _drop_lists([t for t in texts if t])
    texts = [t for t in texts if not is_boilerplate(t)]
    return drop_repeated(_drop_headline(texts, title))


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


class SiteTemplateLines:
    """Lines a site repeats across its pages (navigation, footer, app links), learnt per host.

    A line counts as template once it has been seen next to ``min_pages`` *different*
    article bodies of one site. Pages are told apart by their body, not their URL, so
    one wire story published three times on a site never turns its own paragraphs into
    "template". Only hashes are kept, and at most ``max_lines`` per site, so the state
    stays small enough to persist between runs.
    """

    _BODY_WORDS = 20  # paragraphs this long identify a page's body

    def __init__(self, min_pages: int = 3, max_lines: int = 20_000) -> None:
        if min_pages < 2:
            raise ValueError("min_pages must be at least 2")
        self.min_pages = min_pages
        self.max_lines = max_lines
        self._sites: dict[str, dict[str, list[str]]] = {}

    def _body_key(self, paragraphs: list[str]) -> str:
        long = sorted({normalise_line(p) for p in paragraphs if _words(p) >= self._BODY_WORDS})
        if not long:
            long = sorted({normalise_line(p) for p in paragraphs})
        return _digest("\n".join(long))

    def observe(self, site: str, page_id: str, paragraphs: list[str]) -> None:
        """Record the lines of one page of ``site``; ``page_id`` names the page for callers' logs."""
        del page_id  # distinct pages are recognised by their body; see the class docstring
        keys = {_digest(k) for p in paragraphs if (k := normalise_line(p))}
        if not keys:
            return
        body = self._body_key(paragraphs)
        lines = self._sites.setdefault(site, {})
        for key in keys:
            pages = lines.setdefault(key, [])
            if body not in pages and len(pages) < self.min_pages:
                pages.append(body)
        if len(lines) > self.max_lines:
            self._forget_rare(lines)

    def _forget_rare(self, lines: dict[str, list[str]]) -> None:
        """Drop lines seen on one page only: a long crawl must not grow the state without bound."""
        for key in [k for k, pages in lines.items() if len(pages) < 2]:
            del lines[key]

    def is_template(self, site: str, line: str) -> bool:
        pages = self._sites.get(site, {}).get(_digest(normalise_line(line)))
        return pages is not None and len(pages) >= self.min_pages

    def strip(self, site: str, paragraphs: Iterable[str]) -> list[str]:
        """Paragraphs without the site's template lines; never strips a page down to nothing."""
        paragraphs = list(paragraphs)
        kept = [p for p in paragraphs if not self.is_template(site, p)]
        return kept if kept else paragraphs

    def to_dict(self) -> dict:
        """JSON-safe state, for ``from_dict`` in the next run."""
        return {"min_pages": self.min_pages, "max_lines": self.max_lines, "sites": self._sites}

    @classmethod
    def from_dict(cls, data: dict) -> SiteTemplateLines:
        state = cls(min_pages=data.get("min_pages", 3), max_lines=data.get("max_lines", 20_000))
        state._sites = {
            site: {key: list(pages) for key, pages in lines.items()}
            for site, lines in data.get("sites", {}).items()
        }
        return state
