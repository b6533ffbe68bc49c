"""Metadata benchmark: ``python -m benchmarks.metadata [--failures] [--corpus DIR ...]``.

Runs the project's extraction over the labelled pages in ``tests/fixtures/metadata-pages/`` and scores
each field against the page's JSON, next to trafilatura's metadata, htmldate,
newspaper4k, readability-lxml's title and a naive og:type rule for page kind, then
times metadata extraction against trafilatura's body extraction on the same pages.
With ``--corpus`` it scores corpora built by ``benchmarks.corpora`` instead, one
table per corpus and half (tuned / untouched); ``--failures`` then lists only
pages of the tuned half.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import warnings
import time
from datetime import datetime
from pathlib import Path

import trafilatura
from htmldate import find_date

from benchmarks.corpora import TUNED
from benchmarks.metadata.build import PAGES_DIR
from newscrawler.extraction.article import extract_article
from newscrawler.extraction.decode import decode_html
from newscrawler.extraction.metadata import extract_metadata
from newscrawler.extraction.structured import parse_html, read_structured

DEMO_SITE = Path(__file__).resolve().parents[2] / "newscrawler" / "demo" / "site"
DEMO_BASE = "http://127.0.0.1:8000/"
FIELDS = ("title", "authors", "published", "published_day", "updated", "language", "page_kind")


def load_pages(directory: Path = PAGES_DIR) -> list[tuple[str, str, dict]]:
    """(name, html, expected) for every labelled page, sorted by name."""
    return [
        (path.stem, path.with_suffix(".html").read_text(encoding="utf-8"), json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(directory.glob("*.json"))
    ]


def load_demo_site(site: Path = DEMO_SITE) -> list[tuple[str, str, dict]]:
    """The demo site's pages with the truth its EXPECTED.json gives (written apart from this benchmark)."""
    expected = json.loads((site / "EXPECTED.json").read_text(encoding="utf-8"))

    def page(path: str) -> str:
        file = site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        return file.read_text(encoding="utf-8").replace("{{BASE_URL}}", DEMO_BASE)

    context = {"default_timezone": None, "now": datetime.now().astimezone().isoformat()}
    pages = [
        (a["path"], page(a["path"]), {**context, "url": DEMO_BASE + a["path"].lstrip("/"), "title": a["title"],
                                      "authors": a["authors"], "published": a["published"],
                                      "language": a["language"], "page_kind": "article"})
        for a in expected["articles"]
    ]
    pages += [(path, page(path), {**context, "url": DEMO_BASE + path.lstrip("/"), "page_kind": "listing"})
              for path in expected["listings"]]
    return pages


def load_corpus(directory: Path) -> list[tuple[str, str, dict]]:
    """(id, html, truth) of a corpus built by ``benchmarks.corpora``, decoded as the crawler decodes."""
    import gzip

    labels = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    now = datetime.now().astimezone().isoformat()
    return [
        (page_id, decode_html(gzip.decompress((directory / "html" / f"{page_id}.html.gz").read_bytes())),
         {"default_timezone": None, "now": now, **truth})
        for page_id, truth in sorted(labels.items())
    ]


def ours(html: str, truth: dict) -> dict:
    article = extract_article(html, truth["url"], default_timezone=truth["default_timezone"],
                              now=datetime.fromisoformat(truth["now"]))
    return {
        "title": article.title,
        "authors": article.authors,
        "published": article.published.isoformat() if article.published else None,
        "updated": article.updated.isoformat() if article.updated else None,
        "language": article.language,
        "page_kind": article.page_kind,
    }


def trafilatura_meta(html: str, truth: dict) -> dict:
    doc = trafilatura.extract_metadata(html, default_url=truth["url"])
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()] if doc else []
    return {"title": doc.title if doc else None, "authors": authors, "published": doc.date if doc else None}


def newspaper_meta(html: str, truth: dict) -> dict:
    """newspaper4k (the ``bench`` extra): title, authors, publish datetime, declared language."""
    from newspaper import Article  # optional dependency, imported only when installed

    # Its Hindi tokenizer needs an extra package; metadata does not depend on the tokenizer language.
    article = Article(truth["url"], language="en")
    article.download(input_html=html)
    article.parse()
    published = article.publish_date
    return {
        "title": article.title or None,
        "authors": list(article.authors),
        "published": published.isoformat() if published else None,  # naive ones count for the day only
        "language": article.meta_lang or None,
    }


def readability_meta(html: str, truth: dict) -> dict:
    from readability import Document

    return {"title": Document(html).short_title() or None}


def htmldate_meta(html: str, truth: dict) -> dict:
    return {"published": find_date(html, url=truth["url"], original_date=True)}


def og_type_rule(html: str, truth: dict) -> dict:
    tree = parse_html(html)
    og_type = read_structured(tree).first_meta("og:type") if tree is not None else None
    return {"page_kind": "article" if (og_type or "").lower() == "article" else "listing"}


def score(field: str, predicted: dict, truth: dict) -> bool | None:
    """Whether ``predicted`` is right on ``field``; None when not comparable (tool lacks it, or not labelled)."""
    key = "published" if field == "published_day" else field
    if key not in truth or key not in predicted:
        return None
    want, got = truth[key], predicted[key]
    if field == "published_day":
        return (want or "")[:10] == (got or "")[:10]
    if field == "published" and ((got is not None and len(got) <= 10) or (want is not None and len(want) <= 10)):
        return None  # a date without time cannot match a timestamp: only the day is comparable
    if field == "published" and want and got:
        return _instant(want) == _instant(got)
    if field == "authors":
        return sorted(map(_name_key, want)) == sorted(map(_name_key, got))
    if field == "title" and want and got:
        return " ".join(want.split()) == " ".join(got.split())
    return want == got


def _instant(value: str) -> datetime | str:
    """An ISO timestamp as an instant (so "Z" equals "+00:00"); naive ones stay as text."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return parsed if parsed.tzinfo else value


def _name_key(name: str) -> str:
    """A name compared without case or punctuation: labels from other tools write "JOE SMITH", "Joe Smith"."""
    return " ".join(re.findall(r"\w+", name.casefold()))


SYSTEMS = {"newscrawler": ours, "trafilatura": trafilatura_meta, "htmldate": htmldate_meta,
           "readability-lxml": readability_meta, "og:type rule": og_type_rule}
if importlib.util.find_spec("newspaper") is not None:
    SYSTEMS["newspaper4k"] = newspaper_meta


def predict_all(pages: list[tuple[str, str, dict]], systems: tuple[str, ...] = tuple(SYSTEMS)) -> dict[str, list[dict]]:
    """Every system's fields for every page; a system failing on a page predicts nothing for it."""
    predictions: dict[str, list[dict]] = {system: [] for system in systems}
    for _, html, truth in pages:
        for system in systems:
            run = SYSTEMS[system]
            try:
                predictions[system].append(run(html, truth))
            except Exception:  # noqa: BLE001 - one page a peer cannot read must not stop the benchmark
                predictions[system].append({})
    return predictions


def evaluate(pages: list[tuple[str, str, dict]], show_failures: bool,
             predictions: dict[str, list[dict]] | None = None,
             systems: tuple[str, ...] = tuple(SYSTEMS)) -> dict[str, dict[str, tuple[int, int]]]:
    predictions = predictions or predict_all(pages, systems)
    table: dict[str, dict[str, list[int]]] = {name: {f: [0, 0] for f in FIELDS} for name in predictions}
    # A page a system failed on counts as wrong on the fields that system gives elsewhere.
    gives = {system: set().union(*predictions[system]) for system in predictions}
    for index, (page_name, html, truth) in enumerate(pages):
        for system in predictions:
            predicted = predictions[system][index] or {key: None for key in gives[system]}
            for field in FIELDS:
                verdict = score(field, predicted, truth)
                if verdict is None:
                    continue
                table[system][field][0] += verdict
                table[system][field][1] += 1
                if show_failures and system == "newscrawler" and not verdict and truth.get("split", TUNED) == TUNED:
                    key = "published" if field == "published_day" else field
                    print(f"FAIL {page_name} {field}: want {truth[key]!r} got {predicted[key]!r}")
    return {s: {f: tuple(v) for f, v in fields.items()} for s, fields in table.items()}


def print_table(results: dict[str, dict[str, tuple[int, int]]], pages: int, title: str = "labelled pages") -> None:
    systems = [s for s in results if any(total for _, total in results[s].values())]
    print(f"\nField accuracy on {pages} {title} (right/scored)\n")
    print("| field | " + " | ".join(systems) + " |")
    print("|---|" + "---|" * len(systems))
    for field in FIELDS:
        if not any(results[system][field][1] for system in systems):
            continue
        cells = []
        for system in systems:
            right, total = results[system][field]
            cells.append(f"{right / total:.0%} ({right}/{total})" if total else "n/a")
        print(f"| {field} | " + " | ".join(cells) + " |")


def print_timing(pages: list[tuple[str, str, dict]], rounds: int = 3) -> None:
    """Per-page time of our metadata pass vs trafilatura's metadata and body extraction, as ratios."""
    def timed(run) -> float:
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            for _, html, truth in pages:
                run(html, truth)
            best = min(best, time.perf_counter() - start)
        return best / len(pages) * 1000

    base = timed(lambda html, truth: trafilatura.extract(html, url=truth["url"]))
    rows = [
        ("trafilatura.extract (body, baseline)", base),
        ("newscrawler extract_metadata", timed(lambda html, truth: extract_metadata(
            html, truth["url"], default_timezone=truth["default_timezone"], now=datetime.fromisoformat(truth["now"])))),
        ("trafilatura.extract_metadata", timed(lambda html, truth: trafilatura.extract_metadata(html, default_url=truth["url"]))),
        ("htmldate.find_date (extensive)", timed(lambda html, truth: find_date(html, url=truth["url"], original_date=True))),
    ]
    print(f"\nTime per page (best of {rounds} rounds over {len(pages)} pages)\n")
    print("| step | ms/page | x baseline |\n|---|---|---|")
    for name, ms in rows:
        print(f"| {name} | {ms:.2f} | {ms / base:.2f} |")


def main() -> None:
    warnings.filterwarnings("ignore", module="newspaper")  # it warns that nltk is absent, which it does not need here
    parser = argparse.ArgumentParser(prog="python -m benchmarks.metadata", description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="?", type=Path, default=PAGES_DIR, help="directory of NAME.html + NAME.json")
    parser.add_argument("--failures", action="store_true", help="list every field newscrawler gets wrong")
    parser.add_argument("--demo-site", action="store_true",
                        help="score the bundled demo site against its EXPECTED.json instead of the labelled pages")
    parser.add_argument("--corpus", type=Path, action="append", default=[], metavar="DIR",
                        help="a corpus built by benchmarks.corpora (repeatable); one table per corpus and half")
    parser.add_argument("--systems", type=lambda text: tuple(text.split(",")), default=tuple(SYSTEMS),
                        help=f"comma-separated systems to run with --corpus (default: all of {', '.join(SYSTEMS)})")
    args = parser.parse_args()
    if unknown := set(args.systems) - set(SYSTEMS):
        parser.exit(2, f"error: unknown system(s) {', '.join(sorted(unknown))}; choose from {', '.join(SYSTEMS)}\n")
    if args.corpus:
        return score_corpora(args.corpus, args.failures, args.systems)
    pages = load_demo_site() if args.demo_site else load_pages(args.pages)
    if not pages:
        parser.exit(2, f"error: no labelled pages (NAME.json + NAME.html) in {args.pages}\n")
    print_table(evaluate(pages, args.failures), len(pages))
    print_timing(pages)


def score_corpora(directories: list[Path], show_failures: bool, systems: tuple[str, ...] = tuple(SYSTEMS)) -> None:
    """Per corpus, per half, per field; a corpus directory that is absent is skipped with a note."""
    for directory in directories:
        if not (directory / "ground-truth.json").exists():
            print(f"skipped {directory}: not built (see benchmarks/README.md, python -m benchmarks.corpora)")
            continue
        pages = load_corpus(directory)
        for half in sorted({truth.get("split", TUNED) for _, _, truth in pages}):
            part = [page for page in pages if page[2].get("split", TUNED) == half]
            print_table(evaluate(part, show_failures, systems=systems), len(part), f"pages of {directory.name}, {half} half")


if __name__ == "__main__":
    main()
