"""The web application: a search page, article pages, stats and the JSON API they use.

Read-only by construction: every route is GET, nothing writes to the data
directory. Every text from an article goes through Jinja2's autoescaping after
control characters are removed; pages allow scripts, styles and requests from
this server only (Content-Security-Policy), so nothing is loaded from a
third party.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, PackageLoader
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from search import stats
from search.articles import full_record
from search.coverage import coverage
from search.datebounds import DateError
from search.hits import HitView, find
from search.index import SearchIndexError
from search.lookup import find_docnum
from search.output import clean, hit_json, local_time, to_json
from search.query import QueryError
from search.web.live import LiveIndex
from search.web.params import PAGE_SIZE, Params

STATIC = Path(__file__).parent / "static"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
LOOPBACK_HOSTS = ["127.0.0.1", "localhost"]


class SafeJSONResponse(JSONResponse):
    """JSON with the CLI's encoding: control and bidi characters escaped."""

    def render(self, content: Any) -> bytes:
        return to_json(content).encode("utf-8")


def _templates() -> Environment:
    env = Environment(loader=PackageLoader("search.web"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["clean"] = clean
    env.filters["local_time"] = local_time
    env.filters["paragraphs"] = lambda body: [clean(p) for p in (body or "").split("\n\n") if clean(p)]
    env.globals["web_link"] = _web_link
    env.globals["article_href"] = lambda url: "/article?" + urlencode({"url": url})
    return env


def _web_link(url: str | None) -> str | None:
    """``url`` if it may be a link (http or https), else None: no ``javascript:`` from a page."""
    return url if url and urlsplit(url).scheme.lower() in ("http", "https") else None


def _hit_view(hit: HitView) -> dict:
    record = hit.record
    return {
        "url": record.get("url") or record.get("id"),
        "title": record.get("title"),
        "source": record.get("source"),
        "published": record.get("published") or record.get("first_seen"),
        "snippet": [(clean(text, one_line=False), marked) for text, marked in hit.snippet],
        "also": hit.also,
        "also_sources": hit.also_sources,
    }


def create_app(data_dir: Path, allowed_hosts: list[str] | None = None) -> Starlette:
    """The application over the index in ``data_dir``; ``allowed_hosts`` limits the Host header
    (loopback names when serving on loopback, against DNS rebinding)."""
    index = LiveIndex(data_dir)
    templates = _templates()

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = templates.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)

    def api(content: Any, status: int = 200) -> SafeJSONResponse:
        return SafeJSONResponse(content, status_code=status, headers=SECURITY_HEADERS)

    def failure(exc: Exception) -> tuple[int, str]:
        if isinstance(exc, (QueryError, DateError)):
            return 400, str(exc)
        return 503, str(exc)

    def search_page(request: Request) -> Response:
        params = Params.from_query(request.query_params)
        context: dict[str, Any] = {"params": params, "hits": [], "error": None, "suggestion": None,
                                   "choices": {"sources": [], "languages": []}}
        try:
            context["choices"] = index.memoized(stats.choices)
            if params.q:
                found = index.read(lambda s: find(s, params.request()))
                context["hits"] = [_hit_view(hit) for hit in found.hits]
                context["suggestion"] = found.suggestion
        except (QueryError, DateError, SearchIndexError) as exc:
            status, context["error"] = failure(exc)
            return page("search.html", status, **context)
        context["more"] = len(context["hits"]) == PAGE_SIZE
        context["link"] = lambda **changes: "?" + urlencode(params.with_changes(**changes).query())
        context["suggest_link"] = ("?" + urlencode(params.with_changes(q=context["suggestion"], page=1).query())
                                   if context["suggestion"] else None)
        return page("search.html", **context)

    def article_page(request: Request) -> Response:
        url = request.query_params.get("url", "")
        try:
            record = index.read(lambda s: _article(s, url))
        except SearchIndexError as exc:
            return page("error.html", 503, message=str(exc))
        if record is None:
            return page("error.html", 404, message=f"no article with URL {clean(url)} in the index")
        return page("article.html", article=record)

    def stats_page(request: Request) -> Response:
        try:
            summary = index.read(lambda s: stats.collect(s, data_dir))
        except SearchIndexError as exc:
            return page("error.html", 503, message=str(exc))
        return page("stats.html", stats=summary)

    def api_search(request: Request) -> Response:
        try:
            params = Params.from_query(request.query_params)
            if not params.q:
                raise QueryError("empty query; give words to search for in q=")
            found = index.read(lambda s: find(s, params.request()))
        except (QueryError, DateError, SearchIndexError) as exc:
            status, message = failure(exc)
            return api({"error": message}, status)
        return api({"hits": [hit_json(hit) for hit in found.hits], "page": params.page,
                    "more": len(found.hits) == PAGE_SIZE, "suggestion": found.suggestion})

    def api_article(request: Request) -> Response:
        url = request.query_params.get("url", "")
        try:
            record = index.read(lambda s: _article(s, url))
        except SearchIndexError as exc:
            return api({"error": str(exc)}, 503)
        if record is None:
            return api({"error": f"no article with URL {clean(url)} in the index"}, 404)
        return api(record)

    def api_stats(request: Request) -> Response:
        try:
            return api(index.read(lambda s: stats.collect(s, data_dir)))
        except SearchIndexError as exc:
            return api({"error": str(exc)}, 503)

    def api_histogram(request: Request) -> Response:
        try:
            params = Params.from_query(request.query_params)
            return api(index.read(lambda s: coverage(s, params.request())))
        except (QueryError, DateError, SearchIndexError) as exc:
            status, message = failure(exc)
            return api({"error": message}, status)

    routes = [
        Route("/", search_page),
        Route("/article", article_page),
        Route("/stats", stats_page),
        Route("/api/search", api_search),
        Route("/api/article", api_article),
        Route("/api/stats", api_stats),
        Route("/api/histogram", api_histogram),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)] if allowed_hosts else []

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        index.close()

    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def _article(searcher, url: str) -> dict | None:
    docnum = find_docnum(searcher, url) if url.strip() else None
    return None if docnum is None else full_record(searcher, docnum)
