"""Near-duplicate texts: syndicated copies of one story, across sites and across runs.

A wire story reappears with another headline, a trimmed ending, a rewritten
first line, "(With inputs from PTI)", typos. Candidates come from MinHash LSH
over word shingles (datasketch MinHash, bands of two rows so that a copy that
keeps only half of the text is still found); each candidate is then verified
on a sample of its actual shingles: the share of the smaller text found in the
larger one must be high, which also catches truncated copies, while stories
that only share names and phrases stay apart.

The LSH tables are sorted numpy arrays rather than datasketch's MinHashLSH
dicts: a 100k-article index then loads in well under a second and stays far
below 300 MB. Only band keys and shingle samples are kept, never the texts.
"""

from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path

import numpy as np
import regex
from datasketch import MinHash

from newscrawler.dedupe.fingerprint import normalize_text
from search.durable import atomic_write

FORMAT = 1
SHINGLE_WORDS = 4
NUM_PERM = 128
BAND_ROWS = 2
BANDS = NUM_PERM // BAND_ROWS
SEED = 1
# A stored text keeps its shingles whose hash is 0 modulo 2**e, with e chosen so
# that 128-255 remain: every text is compared on the same sampled shingles.
SAMPLE_TARGET = 128
MAX_SAMPLE_EXP = 12
# Fewer words than this and two unrelated briefs share too much boilerplate.
MIN_WORDS = 50
# Share of the smaller text's shingles found in the larger text.
MIN_OVERLAP = 0.6
# A copy shorter than this share of the other text is a teaser, not the story.
MIN_SIZE_RATIO = 0.25
PENDING_LIMIT = 4096
# Scripts written without spaces between words: each character is a token.
# All of them lie above U+0E00, so most texts skip the slower tokeniser.
UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
UNSPACED_FROM = "\u0e00"
TOKEN = regex.compile(rf"[{UNSPACED}]|[^\s{UNSPACED}]+")
FOLD = np.uint64(0x9E3779B97F4A7C15)
SHINGLE_WEIGHTS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93][:SHINGLE_WORDS],
    dtype=np.uint64,
)


class NearIndexError(Exception):
    """The persisted index cannot be read (corrupt, or written with other parameters)."""


class NearDuplicateIndex:
    """Texts by key; ``match`` finds the stored text a new one is a copy of."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._permutations = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations
        self._keys: list[str | None] = []
        self._rows: dict[str, int] = {}
        # Consolidated rows: per band, sorted keys and the row of each.
        self._sorted = np.empty((BANDS, 0), dtype=np.uint32)
        self._order = np.empty((BANDS, 0), dtype=np.uint32)
        self._sizes = np.empty(0, dtype=np.int32)
        self._exps = np.empty(0, dtype=np.uint8)
        self._offsets = np.zeros(1, dtype=np.int64)
        self._samples = np.empty(0, dtype=np.uint32)
        # Rows added since the last consolidation, scanned directly.
        self._pending_bands = np.empty((PENDING_LIMIT, BANDS), dtype=np.uint32)
        self._pending: list[tuple[int, int, np.ndarray]] = []  # (size, exp, samples)
        # Bytes of the archive the saved index covers (0 for a new index; None when an older
        # version did not record it). A run killed before ``save`` leaves the file behind this.
        self.covers: int | None = 0
        # The pipeline matches a text and then adds the same text: sketch it once.
        self._last: tuple[str, tuple[np.ndarray, np.ndarray] | None] | None = None

    @classmethod
    def open(cls, path: Path) -> NearDuplicateIndex:
        """The index persisted at ``path``, or an empty one when there is none yet."""
        index = cls(path)
        if index.path.exists():
            index._load()
        return index

    def __len__(self) -> int:
        return len(self._rows)

    def match(self, text: str) -> tuple[str, float] | None:
        """The stored key whose text ``text`` is a copy of, with the overlap score, or None."""
        sketch = self._sketch(text)
        if sketch is None:
            return None
        shingles, band_keys = sketch
        best: tuple[str, float] | None = None
        by_exp: dict[int, np.ndarray] = {}
        for row in self._candidates(band_keys):
            key = self._keys[row]
            if key is None:
                continue
            size, exp, stored = self._row(row)
            sampled = by_exp.get(exp)
            if sampled is None:
                sampled = by_exp[exp] = shingles[(shingles & np.uint32((1 << exp) - 1)) == 0]
            score = _overlap(sampled, len(shingles), stored, size)
            if score is not None and (best is None or score > best[1]):
                best = (key, score)
        return best

    def add(self, key: str, text: str) -> None:
        """Store ``text`` under ``key`` (replacing it); texts under MIN_WORDS words are not stored."""
        self.remove(key)
        sketch = self._sketch(text)
        if sketch is None:
            return
        shingles, band_keys = sketch
        if len(self._pending) == PENDING_LIMIT:
            self._consolidate()
        exp = _sample_exp(len(shingles))
        sample = shingles[(shingles & np.uint32((1 << exp) - 1)) == 0]
        self._pending_bands[len(self._pending)] = band_keys
        self._pending.append((len(shingles), exp, sample))
        self._rows[key] = len(self._keys)
        self._keys.append(key)

    def remove(self, key: str) -> None:
        """Forget ``key`` (an updated article is removed, then added again); unknown keys are ignored."""
        row = self._rows.pop(key, None)
        if row is not None:
            self._keys[row] = None

    def save(self, covers: int) -> None:
        """Write the index atomically (temp file, fsync, rename), readable by the owner only.

        ``covers``: the bytes of the archive whose articles are all in it, read back as ``covers``.
        """
        self._consolidate()
        self.covers = covers
        arrays = {
            "meta": _json_array(_meta()),
            "covers": _json_array(covers),
            "keys": _json_array(self._keys),
            "bands": self._raw_bands(),
            "sizes": self._sizes,
            "exps": self._exps,
            "offsets": self._offsets,
            "samples": self._samples,
        }
        atomic_write(self.path, lambda handle: np.savez(handle, **arrays))

    def _load(self) -> None:
        try:
            with np.load(self.path, allow_pickle=False) as data:
                meta = json.loads(data["meta"].tobytes())
                if meta != _meta():
                    raise NearIndexError(f"{self.path}: written with other parameters ({meta}); delete it to rebuild")
                keys = json.loads(data["keys"].tobytes())
                bands, sizes, exps = data["bands"], data["sizes"], data["exps"]
                offsets, samples = data["offsets"], data["samples"]
                covers = json.loads(data["covers"].tobytes()) if "covers" in data else None
        except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile) as error:
            raise NearIndexError(f"{self.path}: unreadable near-duplicate index ({error})") from error
        if not (bands.shape == (BANDS, len(keys)) and len(sizes) == len(exps) == len(keys) == len(offsets) - 1):
            raise NearIndexError(f"{self.path}: inconsistent near-duplicate index")
        self._keys = keys
        self.covers = covers if isinstance(covers, int) else None
        self._rows = {key: row for row, key in enumerate(keys)}
        self._sizes, self._exps, self._offsets, self._samples = sizes, exps, offsets, samples
        self._sort_bands(bands)

    def _sort_bands(self, bands: np.ndarray) -> None:
        self._order = np.empty(bands.shape, dtype=np.uint32)
        self._sorted = np.empty(bands.shape, dtype=np.uint32)
        for band in range(BANDS):
            order = np.argsort(bands[band])
            self._order[band] = order
            self._sorted[band] = bands[band][order]

    def _raw_bands(self) -> np.ndarray:
        """Band keys by row again (the inverse of the per-band sort)."""
        raw = np.empty_like(self._sorted)
        np.put_along_axis(raw, self._order.astype(np.intp), self._sorted, axis=1)
        return raw

    def _consolidate(self) -> None:
        """Merge pending rows into the sorted tables and drop removed rows."""
        count = len(self._pending)
        bands = np.concatenate([self._raw_bands(), self._pending_bands[:count].T], axis=1)
        sizes = np.concatenate([self._sizes, np.array([p[0] for p in self._pending], dtype=np.int32)])
        exps = np.concatenate([self._exps, np.array([p[1] for p in self._pending], dtype=np.uint8)])
        lengths = np.concatenate([np.diff(self._offsets), [len(p[2]) for p in self._pending]]).astype(np.int64)
        samples = np.concatenate([self._samples, *[p[2] for p in self._pending]]).astype(np.uint32)
        alive = np.array([key is not None for key in self._keys], dtype=bool)
        self._keys = [key for key in self._keys if key is not None]
        self._rows = {key: row for row, key in enumerate(self._keys)}
        self._sizes, self._exps = sizes[alive], exps[alive]
        self._samples = samples[np.repeat(alive, lengths)]
        self._offsets = np.concatenate([[0], np.cumsum(lengths[alive])]).astype(np.int64)
        self._pending = []
        self._sort_bands(bands[:, alive])

    def _row(self, row: int) -> tuple[int, int, np.ndarray]:
        consolidated = len(self._sizes)
        if row >= consolidated:
            return self._pending[row - consolidated]
        start, end = self._offsets[row], self._offsets[row + 1]
        return int(self._sizes[row]), int(self._exps[row]), self._samples[start:end]

    def _sketch(self, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Shingle hashes and band keys of ``text``; None for a short text."""
        if self._last is None or self._last[0] != text:
            shingles = _shingles(text)
            self._last = (text, None if shingles is None else (shingles, self._band_keys(shingles)))
        return self._last[1]

    def _band_keys(self, shingles: np.ndarray) -> np.ndarray:
        """One 32-bit key per band: the band's two MinHash values folded together."""
        minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int, scheme="affine32",
                          permutations=self._permutations)
        minhash.update_batch(shingles.tolist())
        pairs = minhash.hashvalues.astype(np.uint64).reshape(BANDS, BAND_ROWS)
        joined = (pairs[:, 0] << np.uint64(32)) | pairs[:, 1]
        return ((joined * FOLD) >> np.uint64(32)).astype(np.uint32)

    def _candidates(self, keys: np.ndarray) -> list[int]:
        """Rows sharing at least one band key with ``keys``, in row order."""
        rows: set[int] = set()
        if self._sorted.shape[1]:
            for band in range(BANDS):
                table = self._sorted[band]
                start = np.searchsorted(table, keys[band], side="left")
                end = np.searchsorted(table, keys[band], side="right")
                if end > start:
                    rows.update(self._order[band, start:end].tolist())
        if self._pending:
            hits = (self._pending_bands[: len(self._pending)] == keys).any(axis=1)
            rows.update((np.flatnonzero(hits) + len(self._sizes)).tolist())
        return sorted(rows)


def _shingles(text: str) -> np.ndarray | None:
    """Sorted unique 32-bit hashes of the text's word 4-grams, or None for a short text."""
    words = _words(text)
    if len(words) < MIN_WORDS:
        return None
    vocabulary = {word: zlib.crc32(word.encode("utf-8")) for word in set(words)}
    hashed = np.array([vocabulary[word] for word in words], dtype=np.uint64)
    count = len(words) - SHINGLE_WORDS + 1
    combined = np.zeros(count, dtype=np.uint64)
    for position, weight in enumerate(SHINGLE_WEIGHTS):
        combined += hashed[position : position + count] * weight
    combined ^= combined >> np.uint64(29)
    combined *= FOLD
    return np.unique((combined >> np.uint64(32)).astype(np.uint32))


def _words(text: str) -> list[str]:
    text = normalize_text(text)
    if max(text, default="") < UNSPACED_FROM:
        return text.split()
    return TOKEN.findall(text)


def _sample_exp(size: int) -> int:
    exp = 0
    while exp < MAX_SAMPLE_EXP and size >> (exp + 1) >= SAMPLE_TARGET:
        exp += 1
    return exp


def _overlap(query: np.ndarray, query_size: int, stored: np.ndarray, stored_size: int) -> float | None:
    """Share of the smaller text's sampled shingles found in the other; None when not a copy."""
    if min(query_size, stored_size) < MIN_SIZE_RATIO * max(query_size, stored_size):
        return None
    smaller = min(len(query), len(stored))
    if smaller == 0:
        return None
    score = np.intersect1d(query, stored, assume_unique=True).size / smaller
    return score if score >= MIN_OVERLAP else None


def _meta() -> dict:
    return {"format": FORMAT, "shingle_words": SHINGLE_WORDS, "num_perm": NUM_PERM,
            "band_rows": BAND_ROWS, "seed": SEED, "sample_target": SAMPLE_TARGET}


def _json_array(value: object) -> np.ndarray:
    return np.frombuffer(json.dumps(value).encode("utf-8"), dtype=np.uint8)
