"""Near-duplicate benchmark: same-story precision/recall, and speed and memory as the index grows.

Real article bodies (the extraction ground truth in ``../shared``) are turned
into syndicated variants (other headline, boilerplate, cut ending, rewritten
first line, added sentence, typos, and combinations) and hard negatives (runs
of two articles interleaved, half of each; another story keeping the names and
phrases of the first; a same-topic text written from the article's own word
pairs). Filler articles recombine word trigrams of the corpus, so the index can
hold 10k or 100k articles. Every evaluated article is matched, then added, in
one stream, exactly as the dedupe pipeline does. Baselines in the same run: the
exact content hash, and datasketch's own MinHashLSH (quality with a Jaccard
threshold; memory, file size and load time at each size).

    python -m benchmarks.dedupe [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH
from rich.console import Console
from rich.table import Table

from newscrawler.dedupe.fingerprint import content_hash, normalize_text
from newscrawler.dedupe.near import NearDuplicateIndex

GROUND_TRUTH = Path(__file__).resolve().parents[2] / "shared" / "extraction-dev" / "ground-truth.json"
MIN_ARTICLE_WORDS = 100
# A generated "different story" that copies more than this of an article is not one.
NEGATIVE_MAX_SHARE = 0.55
BOILERPLATE = [
    "(With inputs from PTI)",
    "(This story has not been edited by our staff and is auto-generated from a syndicated feed.)",
    "Follow us on Facebook, X and Instagram for the latest news and updates.",
    "Also Read: Markets close higher as investors await the central bank's decision",
    "Copyright 2025 The Associated Press. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    "Sign up for our morning newsletter to get the day's top stories in your inbox.",
]
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Measures a fresh process, as the next cron run is one: open (or unpickle) the
# index; for the baseline, first build datasketch's MinHashLSH of the same size.
PROBE = """
import pickle, resource, sys, time
from pathlib import Path
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
import numpy as np
from datasketch import MinHash, MinHashLSH
from newscrawler.dedupe.near import NearDuplicateIndex
mode, path = sys.argv[1], Path(sys.argv[2])
if mode == "build-datasketch":
    rng = np.random.default_rng(0)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    permutations = MinHash(num_perm=128, scheme="affine32").permutations
    for n in range(int(sys.argv[3])):
        values = rng.integers(0, 2**32, 128, dtype=np.uint32)
        lsh.insert(f"filler{n}", MinHash(hashvalues=values, permutations=permutations, scheme="affine32"))
    path.write_bytes(pickle.dumps(lsh))
    sys.exit()
before = rss()
start = time.perf_counter()
if mode == "open-datasketch":
    index = pickle.loads(path.read_bytes())
else:
    index = NearDuplicateIndex.open(path)
print(time.perf_counter() - start, before, rss())
"""


def sentences(text: str) -> list[str]:
    return [s for paragraph in text.split("\n\n") for s in SENTENCE_END.split(paragraph.strip()) if s]


def windows(text: str, size: int = 20) -> list[str]:
    words = text.split()
    return [" ".join(words[i : i + size]) for i in range(0, len(words), size)]


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :] if kind == 1 else word[:i] + word[i] + word[i:]


class Variants:
    """The edits a syndicating site makes to a wire story."""

    def __init__(self, rng: random.Random, vocabulary: list[str]) -> None:
        self.rng = rng
        self.vocabulary = vocabulary

    def headline(self, text: str) -> str:
        words = self.rng.sample(text.split()[:80], 8)
        return " ".join(words).title() + "\n\n" + text

    def boilerplate(self, text: str) -> str:
        added = self.rng.sample(BOILERPLATE, self.rng.randint(1, 3))
        head = [b for b in added if self.rng.random() < 0.3]
        tail = [b for b in added if b not in head]
        return "\n\n".join([*head, text, *tail])

    def cut_end(self, text: str) -> str:
        parts = sentences(text)
        total = sum(len(s.split()) for s in parts)
        keep, kept = [], 0
        target = self.rng.uniform(0.5, 0.85) * total
        for sentence in parts:
            if kept >= target:
                break
            keep.append(sentence)
            kept += len(sentence.split())
        return " ".join(keep)

    def rewrite_first(self, text: str) -> str:
        first = sentences(text)[0]
        words = first.split()
        self.rng.shuffle(words)
        words = [self.rng.choice(self.vocabulary) if self.rng.random() < 0.3 else w for w in words]
        return text.replace(first, " ".join(words), 1)

    def add_sentence(self, text: str) -> str:
        paragraphs = text.split("\n\n")
        added = " ".join(self.rng.choices(self.vocabulary, k=self.rng.randint(12, 25))).capitalize() + "."
        paragraphs.insert(self.rng.randint(0, len(paragraphs)), added)
        return "\n\n".join(paragraphs)

    def typos(self, text: str) -> str:
        words = text.split(" ")
        return " ".join(typo(w, self.rng) if len(w) > 4 and self.rng.random() < 0.03 else w for w in words)

    def all(self) -> list:
        return [self.headline, self.boilerplate, self.cut_end, self.rewrite_first, self.add_sentence, self.typos]


class Negatives:
    """Different stories that share a lot with an article: the merges a dedupe must not make."""

    def __init__(self, rng: random.Random, bodies: list[str]) -> None:
        self.rng = rng
        self.bodies = bodies

    def interleaved(self, a: str, b: str) -> str:
        """Runs of 20 words taken in turn from two articles: half of the first one."""
        ours, theirs = windows(a), windows(b)
        return " ".join(ours[i] if i % 2 == 0 else theirs[i] for i in range(min(len(ours), len(theirs))))

    def same_names(self, a: str) -> str:
        """Other articles' sentences with the names swapped for this article's, plus its phrases."""
        names = sorted(set(re.findall(r"(?<=[a-z,] )[A-Z][a-z]+", a))) or ["Smith"]
        words = a.split()
        out: list[str] = []
        target = len(words)
        while sum(len(s.split()) for s in out) < target:
            other = sentences(self.rng.choice(self.bodies))
            sentence = self.rng.choice(other)
            out.append(re.sub(r"(?<=[a-z,] )[A-Z][a-z]+", lambda _: self.rng.choice(names), sentence))
            if self.rng.random() < 0.3:
                start = self.rng.randrange(max(1, len(words) - 6))
                out.append(" ".join(words[start : start + self.rng.randint(3, 6)]) + ".")
        return " ".join(out)

    def same_topic(self, a: str) -> str:
        """A text from the article's own word pairs (a Markov chain that often jumps elsewhere)."""
        words = a.split()
        following = defaultdict(list)
        for first, second in zip(words, words[1:]):
            following[first].append(second)
        word, out = self.rng.choice(words), []
        for _ in range(len(words)):
            out.append(word)
            jump = self.rng.random() < 0.35 or not following[word]
            word = self.rng.choice(words) if jump else self.rng.choice(following[word])
        return " ".join(out)


def evaluation_set(bodies: list[str], seed: int) -> list[tuple[str, str, str]]:
    """(key, story, text) for originals, their variants and hard negatives, shuffled."""
    rng = random.Random(seed)
    vocabulary = sorted({w for body in bodies for w in body.split() if w.isalpha()})
    variants = Variants(rng, vocabulary)
    negatives = Negatives(rng, bodies)
    docs = []
    for n, body in enumerate(bodies):
        story = f"s{n}"
        docs.append((f"{story}/original", story, body))
        edits = [[edit] for edit in variants.all()]
        edits += [rng.sample(variants.all(), 3) for _ in range(2)] + [variants.all()]
        for v, chain in enumerate(edits):
            text = body
            for edit in chain:
                text = edit(text)
            docs.append((f"{story}/variant{v}", story, text))
        others = [b for b in bodies if b is not body]
        longer = [b for b in others if len(b) >= len(body)] or [max(others, key=len)]
        partner = rng.choice(longer)
        hard = {
            "interleaved": (negatives.interleaved(body, partner), [body, partner]),
            "same-names": (negatives.same_names(body), [body]),
            "same-topic": (negatives.same_topic(body), [body]),
        }
        for kind, (text, sources) in hard.items():
            # A list-like text repeats itself: half of its runs can hold most of its phrases.
            if all(shared_share(text, source) <= NEGATIVE_MAX_SHARE for source in sources):
                docs.append((f"{story}/{kind}", f"{story}-{kind}", text))
    rng.shuffle(docs)
    return docs


def shared_share(a: str, b: str) -> float:
    """Share of the smaller text's distinct word 4-grams found in the other: how much it copies."""
    grams = []
    for text in (a, b):
        words = re.findall(r"\w+", text.lower())
        grams.append({tuple(words[i : i + 4]) for i in range(len(words) - 3)})
    return len(grams[0] & grams[1]) / max(1, min(len(grams[0]), len(grams[1])))


def fillers(bodies: list[str], count: int, seed: int):
    """Articles of recombined word trigrams of the corpus, with its length distribution."""
    rng = np.random.default_rng(seed)
    tokens = np.array([w for body in bodies for w in body.split()])
    lengths = np.clip([len(b.split()) for b in bodies], 150, 1500)
    for number in range(count):
        starts = rng.integers(0, len(tokens) - 3, size=int(rng.choice(lengths)) // 3)
        words = tokens[(starts[:, None] + np.arange(3)).ravel()]
        yield f"filler{number}", " ".join(words.tolist())


def pair_scores(truth: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, int]:
    """Pairwise precision and recall of "same story", and the number of false pairs."""
    tp = fp = fn = 0
    for a, b in combinations(sorted(truth), 2):
        same, said = truth[a] == truth[b], predicted[a] == predicted[b]
        tp += same and said
        fp += said and not same
        fn += same and not said
    return tp / max(1, tp + fp), tp / max(1, tp + fn), fp


def run_near(index: NearDuplicateIndex, docs: list[tuple[str, str, str]]) -> dict:
    """Match then add every document, as the pipeline does; cluster by the matched key."""
    truth = {key: story for key, story, _ in docs}
    predicted: dict[str, str] = {}
    wrong = 0
    start = time.perf_counter()
    for key, story, text in docs:
        found = index.match(text)
        if found is not None and found[0] in truth:
            predicted[key] = predicted[found[0]]
            wrong += truth[found[0]] != story
        else:
            wrong += found is not None  # merged into a filler article
            predicted[key] = key
        index.add(key, text)
    elapsed = time.perf_counter() - start
    precision, recall, false_pairs = pair_scores(truth, predicted)
    return {"precision": precision, "recall": recall, "false_pairs": false_pairs, "false_merges": wrong,
            "ms_per_1000": elapsed / len(docs) * 1000 * 1000}


def run_exact(docs: list[tuple[str, str, str]]) -> dict:
    """Baseline: articles share a story only when their normalised text is identical."""
    truth = {key: story for key, story, _ in docs}
    predicted = {key: content_hash(text) for key, _, text in docs}
    precision, recall, false_pairs = pair_scores(truth, predicted)
    return {"precision": precision, "recall": recall, "false_pairs": false_pairs}


def probe(mode: str, path: Path, *extra: str) -> list[float]:
    """Run PROBE in a fresh interpreter; opening modes give open time (s) and RSS before and after (MB)."""
    out = subprocess.run([sys.executable, "-c", PROBE, mode, str(path), *extra],
                         check=True, capture_output=True, text=True)
    return [float(value) for value in out.stdout.split()]


def datasketch_footprint(size: int, workdir: Path) -> tuple[float, float, float, float]:
    """File MB, open s, RSS MB before and after opening, for datasketch's MinHashLSH of ``size`` sketches.

    Random sketches: its memory depends on how many keys it holds, not on their values.
    """
    path = workdir / "datasketch.pickle"
    probe("build-datasketch", path, str(size))
    seconds, before, after = probe("open-datasketch", path)
    return path.stat().st_size / 2**20, seconds, before, after


def run_datasketch(docs: list[tuple[str, str, str]]) -> dict:
    """Baseline: datasketch's MinHashLSH with estimated Jaccard >= 0.5, on the evaluated articles alone."""
    truth = {key: story for key, story, _ in docs}
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sketches: dict[str, MinHash] = {}
    predicted: dict[str, str] = {}
    wrong = 0
    start = time.perf_counter()
    for key, story, text in docs:
        words = normalize_text(text).split()
        sketch = MinHash(num_perm=128)
        sketch.update_batch([" ".join(words[i : i + 4]).encode() for i in range(len(words) - 3)])
        scored = [(sketch.jaccard(sketches[other]), other) for other in lsh.query(sketch)]
        best = max(scored, default=(0.0, None))
        if best[0] >= 0.5:
            predicted[key] = predicted[best[1]]
            wrong += truth[best[1]] != story
        else:
            predicted[key] = key
        lsh.insert(key, sketch)
        sketches[key] = sketch
    elapsed = time.perf_counter() - start
    precision, recall, false_pairs = pair_scores(truth, predicted)
    return {"precision": precision, "recall": recall, "false_pairs": false_pairs, "false_merges": wrong,
            "ms_per_1000": elapsed / len(docs) * 1000 * 1000}


def quality_cells(result: dict) -> list[str]:
    return [f"{result['precision']:.4f}", f"{result['recall']:.4f}",
            f"{result['false_merges']} ({result['false_pairs']} pairs)", f"{result['ms_per_1000']:.0f}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="index sizes to measure, comma-separated")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    console = Console()
    if not console.is_terminal:
        console = Console(width=150)  # a file or pipe: keep the table unwrapped
    if not GROUND_TRUTH.exists():
        console.print(f"skipped: no article corpus at ../shared/extraction-dev/{GROUND_TRUTH.name}")
        return 0
    try:
        sizes = sorted(int(size) for size in args.sizes.split(","))
    except ValueError:
        console.print(f"error: --sizes takes whole numbers separated by commas, got {args.sizes!r}")
        return 2
    bodies = [v["articleBody"] for v in json.loads(GROUND_TRUTH.read_text(encoding="utf-8")).values()]
    bodies = [b for b in bodies if len(normalize_text(b).split()) >= MIN_ARTICLE_WORDS]
    docs = evaluation_set(bodies, args.seed)
    stories = len({story for _, story, _ in docs})
    negatives = sum(1 for key, story, _ in docs if story != key.split("/")[0])
    console.print(f"{len(docs)} evaluated articles: {len(bodies)} originals, their variants, "
                  f"{negatives} hard negatives; {stories} stories")
    table = Table(title="Near-duplicate detection (pairwise 'same story')")
    for column in ("index", "method", "precision", "recall", "false merges", "ms/1k match+add",
                   "ms/1k add", "file MB", "open s", "RSS MB (+index)"):
        table.add_column(column, justify="right")
    exact = run_exact(docs)
    table.add_row("-", "baseline: exact hash", f"{exact['precision']:.4f}", f"{exact['recall']:.4f}",
                  f"({exact['false_pairs']} pairs)", "", "", "", "", "")
    table.add_row("-", "baseline: datasketch LSH, J>=0.5", *quality_cells(run_datasketch(docs)),
                  "", "", "", "")
    ratios = []
    with tempfile.TemporaryDirectory() as workdir:
        builder = NearDuplicateIndex(Path(workdir) / "near")
        filler = fillers(bodies, sizes[-1], args.seed)
        for size in sizes:
            start = time.perf_counter()
            added = size - len(builder)
            for key, text in filler:
                builder.add(key, text)
                if len(builder) >= size:
                    break
            build_ms = (time.perf_counter() - start) / max(1, added) * 1000 * 1000
            builder.save(covers=0)
            file_mb = builder.path.stat().st_size / 2**20
            seconds, before, after = probe("open-near", builder.path)
            theirs = datasketch_footprint(size, Path(workdir))
            table.add_row(f"{size:,}", "baseline: datasketch LSH, pickled", "", "", "", "", "",
                          f"{theirs[0]:.1f}", f"{theirs[1]:.2f}", f"{theirs[3]:.0f} (+{theirs[3] - theirs[2]:.0f})")
            result = run_near(NearDuplicateIndex.open(builder.path), docs)
            table.add_row(f"{size:,}", "NearDuplicateIndex", *quality_cells(result), f"{build_ms:.0f}",
                          f"{file_mb:.1f}", f"{seconds:.2f}", f"{after:.0f} (+{after - before:.0f})")
            ratios.append(f"{size:,}: index memory x{(after - before) / max(1, theirs[3] - theirs[2]):.2f}, "
                          f"open time x{seconds / theirs[1]:.2f}, file x{file_mb / theirs[0]:.2f}")
    console.print(table)
    console.print("NearDuplicateIndex against datasketch MinHashLSH at " + "; ".join(ratios))
    return 0


if __name__ == "__main__":
    sys.exit(main())
