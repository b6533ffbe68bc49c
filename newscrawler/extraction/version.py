"""Which extraction produced a record: the package version plus a digest of the extraction code.

A digest rather than a number someone must remember to bump: any change to the
extraction or cleaning code gives a new version, so ``newssearch reextract``
runs can be told apart in the archive.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def _extractor_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    try:
        release = version("newscrawler")
    except PackageNotFoundError:
        release = "0"
    return f"{release}+{digest.hexdigest()[:10]}"


EXTRACTOR_VERSION = _extractor_version()
