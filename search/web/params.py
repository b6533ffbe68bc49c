"""The page's state in its URL, with the CLI's names: ``q lang since until source author sort page``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from search.datebounds import parse_bound
from search.query import SORTS, QueryError, SearchRequest

PAGE_SIZE = 10
MAX_PAGE = 1000


@dataclass(frozen=True)
class Params:
    """What the user asked for, as typed (so the form shows it back)."""

    q: str = ""
    lang: str = ""
    since: str = ""
    until: str = ""
    source: str = ""
    author: str = ""
    sort: str = "relevance"
    page: int = 1

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Params:
        values = {f.name: query.get(f.name, "").strip() for f in fields(cls) if f.name != "page"}
        values["sort"] = values["sort"] or "relevance"
        if values["sort"] not in SORTS:
            raise QueryError(f"unknown sort {values['sort']!r}; use one of: {', '.join(SORTS)}")
        return cls(**values, page=_page_number(query.get("page", "")))

    def request(self) -> SearchRequest:
        """The search this state asks for (dates read as the CLI reads them)."""
        return SearchRequest(
            text=self.q,
            since=parse_bound(self.since, end=False) if self.since else None,
            until=parse_bound(self.until, end=True) if self.until else None,
            source=self.source or None,
            language=self.lang or None,
            author=self.author or None,
            sort=self.sort,
            limit=PAGE_SIZE,
            offset=(self.page - 1) * PAGE_SIZE,
        )

    def with_changes(self, **changes: object) -> Params:
        return replace(self, **changes)

    def query(self) -> dict[str, str]:
        """URL parameters: only those not at their default, so links stay short."""
        default = Params()
        return {f.name: str(getattr(self, f.name)) for f in fields(self)
                if getattr(self, f.name) != getattr(default, f.name)}


def _page_number(text: str) -> int:
    text = text.strip()
    if not text:
        return 1
    if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE:
        raise QueryError(f"page must be a number from 1 to {MAX_PAGE}, not {text!r}")
    return int(text)
