"""Build a corpus from a checkout of a public labelled set: ``python -m benchmarks.corpora NAME CHECKOUT OUT``.

Writes ``OUT/html/ID.html.gz`` and ``OUT/ground-truth.json`` (each page with its
``split``), then compares the pages' SHA-256 with ``checksums/NAME.sha256`` (the set
this project measured on): ``--write-checksums`` records them instead. The pages
themselves are not in this repository (their publishers own them).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

from benchmarks.corpora import split_of
from benchmarks.corpora.sources import CONVERTERS

CHECKSUMS = Path(__file__).parent / "checksums"


def build(name: str, checkout: Path, out: Path) -> dict[str, str]:
    """Write the corpus; returns page id -> SHA-256 of its HTML."""
    (out / "html").mkdir(parents=True, exist_ok=True)
    for stale in (out / "html").glob("*.html.gz"):  # a rebuild holds exactly the converter's pages
        stale.unlink()
    truth, digests = {}, {}
    for page_id, html, labels in CONVERTERS[name](checkout):
        (out / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html, mtime=0))
        truth[page_id] = {**labels, "split": split_of(name, page_id)}
        digests[page_id] = hashlib.sha256(html).hexdigest()
    (out / "ground-truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
    return digests


def compare(name: str, digests: dict[str, str]) -> list[str]:
    """Differences from the recorded checksums, one line each."""
    path = CHECKSUMS / f"{name}.sha256"
    if not path.exists():
        return [f"{path.name}: no recorded checksums"]
    recorded = {page: digest for digest, _, page in (line.partition("  ") for line in path.read_text().splitlines()) if page}
    lines = [f"{page}: missing" for page in sorted(recorded.keys() - digests.keys())]
    lines += [f"{page}: not in the recorded set" for page in sorted(digests.keys() - recorded.keys())]
    lines += [f"{page}: different content" for page in sorted(recorded.keys() & digests.keys())
              if recorded[page] != digests[page]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpora", description=__doc__.splitlines()[0])
    parser.add_argument("name", choices=sorted(CONVERTERS))
    parser.add_argument("checkout", type=Path, help="a checkout of the source repository (see benchmarks/README.md)")
    parser.add_argument("out", type=Path, help="corpus directory to write")
    parser.add_argument("--write-checksums", action="store_true", help="record this build's page checksums")
    args = parser.parse_args(argv)
    if not args.checkout.is_dir():
        print(f"error: {args.checkout}: no such directory (clone the source repository first)", file=sys.stderr)
        return 2
    try:
        digests = build(args.name, args.checkout, args.out)
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {args.checkout} is not a checkout {args.name} can read ({exc})", file=sys.stderr)
        return 2
    if args.write_checksums:
        CHECKSUMS.mkdir(exist_ok=True)
        (CHECKSUMS / f"{args.name}.sha256").write_text("".join(f"{d}  {p}\n" for p, d in sorted(digests.items())))
    differences = [] if args.write_checksums else compare(args.name, digests)
    print(f"{args.name}: {len(digests)} pages -> {args.out}" + (f"; {len(differences)} differ from the recorded set" if differences else ""))
    for line in differences[:20]:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
