"""Benchmark corpora: converters from public labelled sets, a fixed split, and the metadata scorer on them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from benchmarks.corpora import TUNED, UNTOUCHED, split_of
from benchmarks.corpora.__main__ import main as build_main
from benchmarks.corpora.sources import split_names
from benchmarks.metadata.__main__ import load_corpus, score

ARTICLE = """<html lang="en"><head><title>Harbour reopens - Coast Times</title></head>
<body><h1>Harbour reopens</h1><p>The harbour reopened on Monday after a week of storms kept the fishing fleet ashore.</p>
</body></html>"""


def test_split_is_fixed_by_name_and_keeps_about_half_untouched():
    halves = [split_of("corpus", f"page-{n}") for n in range(400)]
    assert halves == [split_of("corpus", f"page-{n}") for n in range(400)]
    assert 160 < halves.count(UNTOUCHED) < 240
    assert {split_of("a", "x"), split_of("b", "x"), split_of("c", "x"), split_of("d", "x")} <= {TUNED, UNTOUCHED}


def test_bylines_become_name_lists():
    assert split_names("By Ana Pérez and Tom Weiß") == ["Ana Pérez", "Tom Weiß"]
    assert split_names("Von Roland Brockmann und Sebastian Drescher") == ["Roland Brockmann", "Sebastian Drescher"]
    assert split_names("Sarah Hinger; Sylvia Torres") == ["Sarah Hinger", "Sylvia Torres"]
    assert split_names("") == [] and split_names(None) is None


def _readability_checkout(root: Path) -> Path:
    page = root / "test" / "test-pages" / "harbour"
    page.mkdir(parents=True)
    (page / "source.html").write_text(ARTICLE, encoding="utf-8")
    (page / "expected.html").write_text("<div><p>The harbour reopened on Monday.</p></div>", encoding="utf-8")
    (page / "expected-metadata.json").write_text(json.dumps(
        {"title": "Harbour reopens", "byline": "By Mia Holt", "lang": "en-GB", "publishedTime": "2024-03-04T09:00:00Z"}))
    return root


def test_build_writes_pages_truth_and_split(tmp_path, capsys):
    checkout = _readability_checkout(tmp_path / "checkout")
    assert build_main(["readability", str(checkout), str(tmp_path / "corpus")]) == 0
    truth = json.loads((tmp_path / "corpus" / "ground-truth.json").read_text(encoding="utf-8"))
    assert truth["harbour"]["authors"] == ["Mia Holt"]
    assert truth["harbour"]["language"] == "en"
    assert truth["harbour"]["articleBody"] == "The harbour reopened on Monday."
    assert truth["harbour"]["split"] == split_of("readability", "harbour")
    assert gzip.decompress((tmp_path / "corpus" / "html" / "harbour.html.gz").read_bytes()).decode() == ARTICLE
    assert "differ from the recorded set" in capsys.readouterr().out  # not one of the recorded pages


def test_build_of_a_missing_checkout_is_one_line(tmp_path, capsys):
    assert build_main(["readability", str(tmp_path / "absent"), str(tmp_path / "corpus")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_corpus_pages_score_instants_and_names_leniently(tmp_path):
    checkout = _readability_checkout(tmp_path / "checkout")
    build_main(["readability", str(checkout), str(tmp_path / "corpus")])
    [(page_id, html, truth)] = load_corpus(tmp_path / "corpus")
    assert "Harbour reopens" in html
    assert score("published", {"published": "2024-03-04T10:00:00+01:00"}, truth) is True
    assert score("published", {"published": "2024-03-04T10:00:00+00:00"}, truth) is False
    assert score("authors", {"authors": ["MIA HOLT"]}, truth) is True
    assert score("published", {"published": "2024-03-04"}, truth) is None  # a day cannot match an instant
