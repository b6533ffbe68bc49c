"""The article-body metric of the Scrapinghub extraction benchmark, re-implemented.

Both texts become ``\\w+`` tokens, then multisets of 4-token shingles; per page the
true/false positive and false negative counts are normalised to sum to 1, precision
and recall are averaged over pages, and F1 is taken of the two averages. Accuracy is
the share of pages whose token sequence matches the truth exactly.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(toks: list[str], size: int = SHINGLE) -> Counter:
    """Multiset of ``size``-token shingles; a text shorter than ``size`` is one shingle."""
    if not toks:
        return Counter()
    if len(toks) < size:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + size]) for i in range(len(toks) - size + 1))


@dataclass(frozen=True)
class PageScore:
    """Precision/recall of one page; ``None`` where the page has nothing to measure."""

    precision: float | None
    recall: float | None
    exact: bool


def score_page(truth: str, prediction: str) -> PageScore:
    """Precision and recall of one page, from TP/FP/FN normalised to sum to 1.

    As in the published evaluation, a page without predicted shingles has no
    precision and a page without true shingles has no recall; a page where both
    texts are empty counts as perfect.
    """
    true_toks, pred_toks = tokens(truth), tokens(prediction)
    exact = true_toks == pred_toks
    t, p = shingles(true_toks), shingles(pred_toks)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(1.0, 1.0, True)
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return PageScore(precision, recall, exact)


def _mean(values: list[float | None]) -> float:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else 0.0


@dataclass(frozen=True)
class Score:
    f1: float
    precision: float
    recall: float
    accuracy: float
    pages: int


def score_pages(pairs: Iterable[tuple[str, str]]) -> Score:
    """Aggregate (truth, prediction) pairs into the benchmark's F1/precision/recall/accuracy."""
    pages = [score_page(truth, pred) for truth, pred in pairs]
    if not pages:
        return Score(0.0, 0.0, 0.0, 0.0, 0)
    precision = _mean([p.precision for p in pages])
    recall = _mean([p.recall for p in pages])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(p.exact for p in pages) / len(pages)
    return Score(f1, precision, recall, accuracy, len(pages))


def score_predictions(truth: Mapping[str, Mapping], predictions: Mapping[str, Mapping]) -> Score:
    """Score ``{id: {"articleBody": ...}}`` predictions against the ground truth; missing ids count as empty."""
    return score_pages(
        (item.get("articleBody") or "", (predictions.get(page_id) or {}).get("articleBody") or "")
        for page_id, item in truth.items()
    )
