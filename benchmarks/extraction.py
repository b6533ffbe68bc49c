"""Article-body extraction benchmark: the project's own path against the usual libraries.

    python -m benchmarks.extraction DIR --predictions OUT.json [--score]

Extracts every ``DIR/html/*.html.gz`` exactly as the crawler does (decode_html ->
extract_article -> clean_paragraphs) and writes ``{id: {"articleBody": text}}``.
With ``--score`` and ``DIR/ground-truth.json`` it also runs trafilatura (default,
favor_precision, favor_recall), readability-lxml and newspaper4k on the same pages
and prints one table (one per half when the truth gives each page a ``split``, as
the corpora of ``benchmarks.corpora`` do; pages without a labelled body are not scored): F1, precision, recall, accuracy, pages/s, speed as a ratio of
trafilatura default, and peak RSS. Each extractor runs alone in a fresh process, so
its peak RSS (``ru_maxrss``, imports included) is its own; pages/s divides by the
process's CPU time, i.e. the throughput of one core, unaffected by other load.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from benchmarks.scoring import Score, score_predictions

OURS = "newscrawler"
BASELINE = "trafilatura default"
EXTRACTORS = (
    OURS,
    BASELINE,
    "trafilatura favor_precision",
    "trafilatura favor_recall",
    "readability-lxml",
    "newspaper4k",
)
PLACEHOLDER_URL = "https://example.invalid/article"


class BenchmarkError(Exception):
    """Bad input: reported as one line, exit status 2."""


def load_pages(directory: Path) -> dict[str, bytes]:
    """Raw page bytes by id (file name without ``.html.gz``)."""
    if not directory.is_dir():
        raise BenchmarkError(f"{directory}: no such directory")
    files = sorted((directory / "html").glob("*.html.gz"))
    if not files:
        raise BenchmarkError(f"{directory}: no html/*.html.gz pages found")
    pages = {}
    for path in files:
        try:
            pages[path.name.removesuffix(".html.gz")] = gzip.decompress(path.read_bytes())
        except (OSError, EOFError) as exc:
            raise BenchmarkError(f"{path}: not a readable gzip file ({exc})") from None
    return pages


def load_truth(directory: Path) -> dict[str, dict] | None:
    path = directory / "ground-truth.json"
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BenchmarkError(f"{path}: not valid JSON ({exc})") from None


def _ours() -> Callable[[bytes, str], str]:
    from newscrawler.extraction import extract_article
    from newscrawler.extraction.cleaning import clean_paragraphs
    from newscrawler.extraction.decode import decode_html

    def run(raw: bytes, url: str) -> str:
        article = extract_article(decode_html(raw), url)
        return "\n".join(clean_paragraphs(article.paragraphs, title=article.title))

    return run


def _trafilatura(**options: bool) -> Callable[[bytes, str], str]:
    import trafilatura

    def run(raw: bytes, url: str) -> str:
        return trafilatura.extract(raw.decode("utf-8", "replace"), include_comments=False, **options) or ""

    return run


def _readability() -> Callable[[bytes, str], str]:
    import lxml.html
    from readability import Document

    from newscrawler.extraction.body_candidates import html_paragraphs

    def run(raw: bytes, url: str) -> str:
        summary = Document(raw.decode("utf-8", "replace")).summary(html_partial=True)
        return "\n".join(html_paragraphs(lxml.html.fragment_fromstring(summary, create_parent="div")))

    return run


def _newspaper() -> Callable[[bytes, str], str]:
    import tldextract.tldextract
    from newspaper import Article

    # Offline only: the bundled public-suffix snapshot, and no image downloads.
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    def run(raw: bytes, url: str) -> str:
        article = Article(url, fetch_images=False)
        article.download(input_html=raw.decode("utf-8", "replace"))
        article.parse()
        return article.text or ""

    return run


def _make(name: str) -> Callable[[bytes, str], str]:
    makers: dict[str, Callable[[], Callable[[bytes, str], str]]] = {
        OURS: _ours,
        BASELINE: _trafilatura,
        "trafilatura favor_precision": lambda: _trafilatura(favor_precision=True),
        "trafilatura favor_recall": lambda: _trafilatura(favor_recall=True),
        "readability-lxml": _readability,
        "newspaper4k": _newspaper,
    }
    return makers[name]()


def run_extractor(name: str, pages: dict[str, bytes], urls: dict[str, str]) -> tuple[dict, float, float, int]:
    """Predictions, CPU seconds, peak RSS in MiB and failed pages of one extractor over all pages.

    A page an extractor fails on counts as an empty prediction, as in the published runs.
    """
    warnings.filterwarnings("ignore")
    extract = _make(name)
    predictions, failures = {}, 0
    started = time.process_time()
    for page_id, raw in pages.items():
        try:
            text = extract(raw, urls.get(page_id, PLACEHOLDER_URL))
        except Exception:  # noqa: BLE001 - one broken page must not stop a benchmark
            text, failures = "", failures + 1
        predictions[page_id] = {"articleBody": text}
    seconds = time.process_time() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return predictions, seconds, peak_mib, failures


def run_isolated(name: str, pages: dict[str, bytes], urls: dict[str, str]) -> tuple[dict, float, float, int]:
    """``run_extractor`` in a fresh process, so memory and import state are not shared."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(run_extractor, name, pages, urls).result()


def scored_parts(truth: dict[str, dict]) -> dict[str, dict[str, dict]]:
    """The pages to score, by half ("all" when the truth has no split); only pages with a labelled body."""
    parts: dict[str, dict[str, dict]] = {}
    for page_id, item in truth.items():
        if "articleBody" in item:
            parts.setdefault(item.get("split", "all"), {})[page_id] = item
    return dict(sorted(parts.items()))


def render_table(rows: list[tuple[str, Score, float, float]], pages: int, part: str = "all") -> None:
    from rich.console import Console
    from rich.table import Table

    base_speed = next(speed for name, _, speed, _ in rows if name == BASELINE)
    label = "" if part == "all" else f" ({part} part)"
    table = Table(title=f"Article body extraction, {pages} pages{label} (pages/s per CPU second of one core, all pages)")
    for column in ("extractor", "F1", "precision", "recall", "accuracy", "pages/s", "speed vs trafilatura", "peak RSS MiB"):
        table.add_column(column, justify="left" if column == "extractor" else "right")
    for name, score, speed, peak in rows:
        table.add_row(
            name,
            f"{score.f1:.4f}",
            f"{score.precision:.4f}",
            f"{score.recall:.4f}",
            f"{score.accuracy:.3f}",
            f"{speed:.1f}",
            f"{speed / base_speed:.2f}",
            f"{peak:.0f}",
        )
    console = Console()
    Console(width=max(console.width, 132)).print(table)  # a pipe gets 80 columns: too narrow


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.extraction", description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, metavar="DIR", help="directory with html/*.html.gz [and ground-truth.json]")
    parser.add_argument("--predictions", type=Path, required=True, metavar="OUT.json", help="where to write our predictions")
    parser.add_argument("--score", action="store_true", help="score against DIR/ground-truth.json next to the baselines")
    args = parser.parse_args(argv)
    try:
        pages = load_pages(args.directory)
        truth = load_truth(args.directory)
        if args.score and truth is None:
            raise BenchmarkError(f"{args.directory}: --score needs ground-truth.json")
        urls = {page_id: item.get("url") or PLACEHOLDER_URL for page_id, item in (truth or {}).items()}
        predictions, seconds, peak, failures = run_isolated(OURS, pages, urls)
        try:
            args.predictions.write_text(json.dumps(predictions, ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError as exc:
            raise BenchmarkError(f"{args.predictions}: cannot write ({exc.strerror})") from None
    except BenchmarkError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{len(pages)} pages -> {args.predictions} ({len(pages) / seconds:.1f} pages/s, {failures} failed)")
    if not args.score:
        return 0
    runs = [(OURS, predictions, len(pages) / seconds, peak)]
    for name in EXTRACTORS[1:]:
        other, other_seconds, other_peak, other_failures = run_isolated(name, pages, urls)
        if other_failures:
            print(f"{name}: {other_failures} pages failed (scored as empty)")
        runs.append((name, other, len(pages) / other_seconds, other_peak))
    for part, part_truth in scored_parts(truth).items():
        rows = [(name, score_predictions(part_truth, preds), speed, peak) for name, preds, speed, peak in runs]
        render_table(rows, len(part_truth), part)
    print(f"speed ratio {OURS} / {BASELINE}: {runs[0][2] / runs[1][2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
