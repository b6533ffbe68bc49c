"""CLI: rebuild the demo site from articles.txt (default output: the bundled site directory)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newscrawler.demo import SITE_DIR
from newscrawler.demo.sitegen.build import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawler.demo.sitegen", description=__doc__)
    parser.add_argument("--out", type=Path, default=SITE_DIR, help="output directory (default: the bundled site)")
    args = parser.parse_args(argv)
    try:
        truth = build(args.out)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {len(truth['articles'])} articles and {len(truth['listings'])} listing pages to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
