"""The one writer for everything the CLI prints: JSON Lines for programs, text for people.

Page text is untrusted: before it reaches a terminal we remove control
characters and bidirectional overrides, which could move the cursor, recolour
the screen or make text read in a different order than it is stored.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from typing import IO, Any

from search.hits import HitView, Segment

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def clean(text: str | None, *, one_line: bool = True) -> str:
    """Text safe to print: no control or bidi characters; on one line, whitespace runs become one space."""
    text = _UNSAFE.sub("", text or "")
    return _SPACES.sub(" ", text).strip() if one_line else text


def _flatten(text: str) -> str:
    return _SPACES.sub(" ", _UNSAFE.sub("", text))


def local_time(iso: str | None) -> str:
    """An ISO timestamp in the reader's local zone, to the minute; '' when absent."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return clean(iso)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def to_json(obj: Any) -> str:
    """JSON on one line; unsafe characters stay in the data but escaped, so no
    terminal or page that shows it raw is steered by them."""
    text = json.dumps(obj, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def hit_json(hit: HitView) -> dict[str, Any]:
    r = hit.record
    return {
        "url": r.get("url") or r.get("id"),
        "title": r.get("title"),
        "source": r.get("source"),
        "published": r.get("published"),
        "authors": list(r.get("authors") or []),
        "language": r.get("language"),
        "score": hit.score,
        "snippet": clean(hit.snippet_text()),
        "story": r.get("story"),
        "also": hit.also,
    }


class Writer:
    """Prints to stdout; colour (via rich, imported only then) on a terminal."""

    def __init__(self, stream: IO[str] | None = None, color: bool | None = None) -> None:
        self.stream = stream or sys.stdout
        self.color = self.stream.isatty() if color is None else color
        self._console = None

    def json_line(self, obj: Any) -> None:
        """One JSON document per line."""
        self.stream.write(to_json(obj) + "\n")

    def line(self, text: str = "", style: str | None = None) -> None:
        if self.color:
            from rich.text import Text

            self._rich().print(Text(text, style=style or ""), soft_wrap=True)
        else:
            self.stream.write(text + "\n")

    def segments(self, pieces: list[Segment], indent: str) -> None:
        parts = [(_flatten(text), hit) for text, hit in pieces if text]
        if parts:
            parts[0] = (parts[0][0].lstrip(), parts[0][1])
            parts[-1] = (parts[-1][0].rstrip(), parts[-1][1])
        if self.color:
            from rich.text import Text

            line = Text(indent)
            for text, hit in parts:
                line.append(text, style="bold yellow" if hit else "")
            self._rich().print(line)
        else:
            self.stream.write(indent + "".join(text for text, _ in parts) + "\n")

    def _rich(self):
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.stream, highlight=False)
        return self._console

    def hit(self, rank: int, hit: HitView) -> None:
        r = hit.record
        self.line(f"{rank}. {clean(r.get('title')) or '(untitled)'}", style="bold")
        meta = [clean(r.get("source")), local_time(r.get("published")), clean(r.get("url") or r.get("id"))]
        self.line("   " + " · ".join(part for part in meta if part), style="dim")
        if hit.snippet:
            self.segments(hit.snippet, "   ")
        if hit.also_sources:
            n = hit.also_sources
            self.line(f"   also at {n} other source{'s' if n != 1 else ''}", style="dim")
        elif hit.also:
            n = len(hit.also)
            self.line(f"   also {n} other cop{'ies' if n != 1 else 'y'} at the same source", style="dim")
        self.line()
