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
from collections import Counter
from collections.abc import Iterable

__all__ = [
    "SiteTemplateLines",
    "clean_paragraphs",
    "contained",
    "drop_repeated",
    "is_boilerplate",
    "normalise_line",
    "shingle_counts",
]

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…:;\"'”’)\]]$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_AGENCY = r"(?:ANI|PTI|IANS|UNI|AP|AFP|Reuters|Getty(?: Images)?|EPA|Bloomberg|File|Representational|Twitter|X|Facebook|Instagram)"
_MONTH_OR_DAY = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*[.,]?\s"


def _imperative(pattern: str) -> str:
    """A line in which one sentence *starts* with ``pattern``: "Sign up ...", not "Readers can sign up ..."."""
    return r"(?:.{0,160}[.!?]\s+)?(?:" + pattern + r").{0,160}"


# One line, whole-line patterns: each is boilerplate wherever it appears.
_LINE_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(file |representational |representative )?(photo|image|picture|pic|video)s?\b.{0,200}\(\s*" + _AGENCY + r"[^)]{0,40}\)",
        r"(file|representational|representative) (photo|image|picture|pic)\b.{0,150}",
        r"(photo|image|picture|pic)s?( credit)?\s*[:|/].{0,120}",
        r"(author|profile|user|avatar) (img|image|pic|photo)",
        r"(written |reported |posted |edited |compiled )?by\s*:?\s*[\w.'’ -]{1,60}",
        r"(published|updated|last updated|posted|first published|modified|created)( on| at)?\s*[:|-]?\s*"
        r"(\d|" + _MONTH_OR_DAY + r").{0,60}",
        r"(for )?all (the )?latest (updates|news).{0,120}",
        r"(tagged|tags|topics|keywords|filed under)\s*:.{0,200}",
        r"(share|follow us|get us on|join us on|connect with us)\b[^.!?]{0,80}[!?]?",
        _imperative(r"(download|get|install|try) (the|our)\b.{0,60}\bapps?"),
        r"[^.!?]{0,60}\b(ios|android|google play|app store|play store)\b.{0,40}\bapps?\b[^.!?]{0,20}",
        _imperative(r"sign up|subscribe|register now|log ?in to|get our .{0,30}newsletter|join our .{0,30}newsletter"),
        r"[\[(]?(also read|read also|read more|must read|also see|see also|recommended|suggested|watch|listen"
        r"|related( posts?| articles?| stories| story| reading| content| coverage| video)?)\s*[:|>»-].{0,200}",
        r"(©|\(c\)|copyright\s*(©|\(c\)|\d{4})|copyright\s+[\w&.,' -]{1,60}\d{4}\b).{0,200}",
        r"also on [\w-]+\.[\w.]+\b.{0,200}",
        r"[^|]{3,120} \| [^|]{3,160}[^.!?|]",  # "Section | Headline": a teaser link, not a sentence
        r".{0,120}all rights reserved.{0,40}",
        r"(advertisement|advertising|sponsored|story continues below.{0,30}|scroll (down )?to continue.{0,40}|continue reading.{0,40})",
        r".{0,40}\blogo",
        r"quick links.{0,40}",
        r"(click|tap) here.{0,120}",
        _imperative(r"share (it|this|the story)"),
        _imperative(r"follow\b.{0,80}\b(on|via) (facebook|twitter|instagram|linkedin|youtube|telegram|whatsapp)"),
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
    r"|editor'?s picks?|what to read next|tagged|tags|topics|quick links.*|get us on"
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


def shingle_counts(paragraphs: list[str], size: int = 4) -> Counter:
    """Multiset of case-folded ``size``-word shingles; a shorter paragraph is one shingle."""
    result: Counter = Counter()
    for text in paragraphs:
        toks = _WORD.findall(text.casefold())
        if len(toks) < size:
            result[tuple(toks)] += 1
        else:
            result.update(tuple(toks[i : i + size]) for i in range(len(toks) - size + 1))
    return result


def contained(part: list[str], whole: Counter) -> float:
    """Share of ``part``'s shingles that also occur in ``whole``."""
    shingles = shingle_counts(part)
    total = sum(shingles.values())
    return sum((shingles & whole).values()) / total if total else 1.0


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


_HEADLINE_ZONE = 3  # paragraphs at the top where a headline or standfirst is repeated, if at all
_RESTATED = 0.6  # share of a top paragraph's shingles found again in the body below it
_RESTATED_WORDS = (8, 60)


def _drop_restated_lead(paragraphs: list[str]) -> list[str]:
    """A summary at the top that restates the body below (a standfirst), rendered in the page header."""
    kept = list(paragraphs)
    zone = min(_HEADLINE_ZONE, len(paragraphs))
    # The shingles of kept[index + 1:], grown as index moves up: one pass over the body instead of
    # one per top paragraph (this step was ~40% of the crawl's cleaning CPU; same output).
    below = shingle_counts(kept[zone:])
    for index in range(zone - 1, -1, -1):
        text = kept[index]
        if _RESTATED_WORDS[0] <= _words(text) <= _RESTATED_WORDS[1] and contained([text], below) >= _RESTATED:
            del kept[index]
        else:
            below.update(shingle_counts([text]))
    return kept


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
    return _drop_restated_lead(drop_repeated(_drop_headline(texts, title)))


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
        """Keep the state bounded: forget lines seen on one page, then the least seen."""
        for key in [k for k, pages in lines.items() if len(pages) < 2]:
            del lines[key]
        for key in sorted(lines, key=lambda k: len(lines[k]))[: max(0, len(lines) - self.max_lines)]:
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
