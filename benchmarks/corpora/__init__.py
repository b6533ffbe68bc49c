"""Labelled public corpora turned into one layout the benchmarks read.

A corpus directory holds ``html/ID.html.gz`` and ``ground-truth.json``:
``{id: {"url", "split", and whichever of "title", "authors", "published",
"language", "articleBody" the source labels}}``. ``published`` is an ISO date
(day only) or an ISO datetime with its UTC offset (an exact instant).

Every page belongs for good to one half, by a hash of its corpus and id
(:func:`split_of`): rules are tuned on ``tuned`` pages only; ``untouched``
pages are scored, never inspected one by one.
"""

from __future__ import annotations

import hashlib

TUNED, UNTOUCHED = "tuned", "untouched"
SPLITS = (TUNED, UNTOUCHED)


def split_of(corpus: str, page_id: str) -> str:
    """The page's half, fixed by its name: about half of each corpus is kept untouched."""
    digest = hashlib.sha256(f"{corpus}/{page_id}".encode()).digest()
    return TUNED if digest[0] < 128 else UNTOUCHED
