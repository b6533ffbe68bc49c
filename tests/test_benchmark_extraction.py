"""The extraction benchmark: its metric on hand-made cases, and its CLI on tiny page sets."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.scoring import score_page, score_pages, score_predictions

REPO = Path(__file__).resolve().parents[1]
SHARED_DEV = Path(__file__).resolve().parents[2] / "shared" / "extraction-dev"


def test_identical_texts_score_perfectly():
    score = score_pages([("One two, three four - five six.", "One two three four five six")])
    assert (score.f1, score.accuracy) == (1.0, 1.0)  # punctuation is not a token
    assert score_pages([("One two three four", "one two three four")]).f1 == 0.0  # case is


def test_partial_recall_of_one_page():
    page = score_page("a b c d e", "a b c d")  # truth shingles abcd, bcde; predicted abcd
    assert (page.precision, page.recall, page.exact) == (1.0, 0.5, False)


def test_shingles_are_multisets():
    page = score_page("x x x x x", "x x x x")  # two (x,x,x,x) shingles in the truth, one predicted
    assert (page.precision, page.recall) == (1.0, 0.5)


def test_scores_average_over_pages_then_take_f1():
    score = score_pages([("a b c d e", "a b c d"), ("p q r s", "p q r s")])
    assert score.precision == 1.0
    assert score.recall == 0.75
    assert score.f1 == pytest.approx(2 * 0.75 / 1.75)
    assert score.accuracy == 0.5


def test_extra_text_costs_precision():
    page = score_page("a b c d", "a b c d e f g")  # predicted abcd bcde cdef defg, one right
    assert page.precision == 0.25
    assert page.recall == 1.0


def test_empty_pages():
    assert score_page("", "") == score_page("", "") and score_page("", "").precision == 1.0
    missed = score_page("a b c d", "")
    assert (missed.precision, missed.recall) == (None, 0.0)  # no precision to measure on this page
    score = score_pages([("a b c d", ""), ("e f g h", "e f g h")])
    assert (score.precision, score.recall) == (1.0, 0.5)


def test_missing_prediction_counts_as_empty():
    truth = {"1": {"articleBody": "a b c d"}, "2": {"articleBody": "e f g h"}}
    assert score_predictions(truth, {"2": {"articleBody": "e f g h"}}).recall == 0.5


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "benchmarks.extraction", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


BODY = (
    "The city council voted on Tuesday to extend the night bus network to the northern suburbs, "
    "after a year in which ridership on the existing lines grew faster than any official forecast."
)


def _page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/city'>City</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Copyright 2025 Example</footer></body></html>"
    )
    return gzip.compress(html.encode("utf-8"))


@pytest.fixture
def two_pages(tmp_path: Path) -> Path:
    (tmp_path / "html").mkdir()
    second = "Officials said the first new routes would open in March, with more to follow in the summer months."
    (tmp_path / "html" / "one.html.gz").write_bytes(_page("Night buses extended", [BODY, second]))
    (tmp_path / "html" / "two.html.gz").write_bytes(_page("Café reopens", ["Ünïcode café text, " + BODY]))
    return tmp_path


@pytest.mark.e2e
def test_cli_writes_predictions_for_every_page(two_pages: Path, tmp_path: Path):
    out = tmp_path / "pred.json"
    result = _run(str(two_pages), "--predictions", str(out))
    assert result.returncode == 0, result.stderr
    predictions = json.loads(out.read_text(encoding="utf-8"))
    assert set(predictions) == {"one", "two"}
    assert BODY in predictions["one"]["articleBody"]
    assert "Home" not in predictions["one"]["articleBody"]
    assert predictions["two"]["articleBody"].startswith("Ünïcode café text")


@pytest.mark.e2e
def test_cli_scores_against_ground_truth_with_baselines(two_pages: Path, tmp_path: Path):
    truth = {
        "one": {"articleBody": BODY, "url": "https://example.com/one"},
        "two": {"articleBody": "Ünïcode café text, " + BODY, "url": "https://example.com/two"},
    }
    (two_pages / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    result = _run(str(two_pages), "--predictions", str(tmp_path / "pred.json"), "--score")
    assert result.returncode == 0, result.stderr
    for name in ("newscrawler", "trafilatura default", "favor_precision", "favor_recall", "readability-lxml", "newspaper4k"):
        assert name in result.stdout
    assert "peak RSS" in result.stdout


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing", "no such directory"),
        (lambda d: d, "no html/*.html.gz pages found"),
    ],
)
def test_cli_bad_directory_is_one_line_and_status_2(tmp_path: Path, make, message):
    result = _run(str(make(tmp_path)), "--predictions", str(tmp_path / "p.json"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.e2e
def test_cli_score_without_ground_truth_is_an_error(two_pages: Path, tmp_path: Path):
    result = _run(str(two_pages), "--predictions", str(tmp_path / "p.json"), "--score")
    assert result.returncode == 2
    assert "ground-truth.json" in result.stderr


@pytest.mark.e2e
@pytest.mark.skipif(not SHARED_DEV.is_dir(), reason="../shared/extraction-dev is not present in this checkout")
def test_real_pages_from_the_dev_set_score_high(tmp_path: Path):
    truth = json.loads((SHARED_DEV / "ground-truth.json").read_text(encoding="utf-8"))
    chosen = sorted(truth)[:3]
    (tmp_path / "html").mkdir()
    for page_id in chosen:
        shutil.copy(SHARED_DEV / "html" / f"{page_id}.html.gz", tmp_path / "html")
    out = tmp_path / "pred.json"
    assert _run(str(tmp_path), "--predictions", str(out)).returncode == 0
    predictions = json.loads(out.read_text(encoding="utf-8"))
    score = score_predictions({k: truth[k] for k in chosen}, predictions)
    assert score.f1 > 0.9
