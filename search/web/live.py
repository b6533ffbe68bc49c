"""One searcher shared by the web requests, kept current while a crawl writes the index.

Opening a 100,000-article index costs tens of milliseconds, so requests share a
searcher and check the index's generation first; after a commit the searcher is
opened anew (Whoosh's ``refresh()`` reuses segment readers by name, which
counted articles twice once our writer had merged segments). A commit that
deletes merged segments between that check and a read is retried on a fresh
searcher.
Whoosh searchers are not thread-safe, so requests take turns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from whoosh.searching import Searcher

from search.index import IndexCorruptError, READ_ERRORS, open_searcher

T = TypeVar("T")
ATTEMPTS = 3


class LiveIndex:
    """Runs read-only work against the latest committed version of the index."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._memos: dict[Callable, tuple[Searcher, object]] = {}

    def read(self, work: Callable[[Searcher], T]) -> T:
        """``work(searcher)`` on a current searcher; raises the index's user-facing errors."""
        with self._lock:
            attempt = 0
            while True:
                try:
                    return work(self._current(fresh=attempt > 0))
                except (IndexCorruptError, *READ_ERRORS) as exc:
                    attempt += 1
                    if attempt == ATTEMPTS:
                        if isinstance(exc, IndexCorruptError):
                            raise
                        raise IndexCorruptError(
                            f"the index at {self.data_dir} is damaged; run `newssearch reindex`"
                        ) from exc

    def memoized(self, work: Callable[[Searcher], T]) -> T:
        """``work(searcher)`` computed once per version of the index (the filter menus)."""

        def cached(searcher: Searcher) -> T:
            known = self._memos.get(work)
            if known is None or known[0] is not searcher:
                known = self._memos[work] = (searcher, work(searcher))
            return known[1]

        return self.read(cached)

    def _current(self, fresh: bool) -> Searcher:
        if self._searcher is not None and (fresh or not self._searcher.up_to_date()):
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = open_searcher(self.data_dir)
        return self._searcher

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
