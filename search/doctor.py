"""``newssearch doctor``: read every file of the data directory, say what is damaged and what
would be done about it; ``--repair`` does it.

A crawl heals what it finds damaged when it opens a file; the doctor reads
everything, including the parts a crawl never reads (every index posting, every
archive line, every WARC record), so it finds damage a crawl would only meet
later. It repairs the index itself (rebuilt from the archive) and sets the
crawl's own files aside: the next crawl then rebuilds them from the archive as
it does for any missing file (the store side cannot open the crawl's files).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from search.archive import Archive
from search.datadir import DataDir, move_aside
from search.filecheck import gzip_damage, json_damage, sqlite_damage, zip_damage
from search.index import IndexLockedError, SearchIndexError, open_index_readonly
from search.indexwriter import rebuild_index

BY_NEXT_CRAWL = "rebuilt from the archive by the next crawl"


@dataclass
class Finding:
    """One file: what is wrong with it (None when nothing to repair), what repairing it means,
    and what to say otherwise (``verdict``, with a ``note``)."""

    name: str
    problem: str | None
    remedy: str = ""
    note: str = ""
    repair: Callable[[], object] | None = None
    verdict: str = "ok"


def examine(data_dir: DataDir) -> list[Finding]:
    """Check every file of ``data_dir``; nothing is changed."""
    # The crawl's own files: repaired by moving them away; the next crawl makes them again.
    crawl_files = [
        (data_dir.dedupe_registry, sqlite_damage, BY_NEXT_CRAWL),
        (data_dir.near_duplicates, zip_damage, BY_NEXT_CRAWL),
        (data_dir.fetch_state, sqlite_damage, "started anew by the next crawl, knowing the archive's article URLs"),
        (data_dir.site_templates, json_damage, "relearnt from the pages by the next crawl"),
        (data_dir.index_synced, json_damage, "written again by the next crawl"),
        (data_dir.last_crawl, json_damage, "written again by the next crawl"),
    ]
    findings = [_archive(data_dir), *_warc_files(data_dir)]
    findings.append(Finding("index", _index_damage(data_dir), "rebuilt from the archive",
                            repair=lambda: _rebuild_index(data_dir)))
    for path, check, remedy in crawl_files:
        findings.append(Finding(path.name, check(path), remedy, repair=lambda path=path: move_aside(path)))
    return findings


def _archive(data_dir: DataDir) -> Finding:
    archive = Archive(data_dir.archive)
    if not archive.path.exists():
        return Finding(archive.path.name, None, note="none yet")
    note = f"{sum(1 for _ in archive.iter_latest())} articles"
    count = len(archive.damaged_lines)
    if count:
        shown = ", ".join(map(str, archive.damaged_lines[:20])) + (", ..." if count > 20 else "")
        note += f"; {count} damaged line{'s' if count > 1 else ''} skipped by every reader (line {shown})"
    return Finding(archive.path.name, None, note=note)


def _warc_files(data_dir: DataDir) -> Iterator[Finding]:
    """Raw captures cannot be made again: damage is reported, the files kept as they are."""
    if data_dir.warc.is_dir():
        for path in sorted(data_dir.warc.glob("*.warc.gz")):
            damage = gzip_damage(path)
            name = f"{data_dir.warc.name}/{path.name}"
            if damage:
                yield Finding(name, None, verdict="kept as it is", note=f"damaged: {damage}; readers skip the damaged records")
            else:
                yield Finding(name, None)


def _index_damage(data_dir: DataDir) -> str | None:
    """Read every stored document and every posting list of the index."""
    if not data_dir.index.exists():
        return None
    try:
        index = open_index_readonly(data_dir.root)
        with index.reader() as reader:
            for _ in reader.all_stored_fields():
                pass
            for fieldname in reader.indexed_field_names():
                for term in reader.lexicon(fieldname):
                    reader.postings(fieldname, term).all_ids()
    except SearchIndexError as exc:
        return str(exc)
    except Exception as exc:  # damaged bytes surface as almost any exception
        return f"{type(exc).__name__}: {exc}"
    return None


def _rebuild_index(data_dir: DataDir) -> None:
    move_aside(data_dir.index)
    rebuild_index(data_dir.root, helper=(os.cpu_count() or 1) > 1)


@contextmanager
def no_crawl_running(data_dir: DataDir) -> Iterator[None]:
    """Hold the crawl's lock (``crawl.lock``) while repairing: a crawl starting meanwhile is refused."""
    fd = os.open(data_dir.crawl_lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexLockedError(f"a crawl is running on {data_dir}; repair when it has ended") from None
        yield
    finally:
        os.close(fd)
