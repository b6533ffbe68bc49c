"""``newssearch doctor``: read every file of the data directory, say what is damaged and what
would be done about it; ``--repair`` does it.

A crawl heals what it finds damaged when it opens a file; the doctor reads
everything, including the parts a crawl never reads (every index posting, every
archive line), so it also finds damage a crawl would only meet later. Repairs
reuse the crawl's own components, which set a damaged file aside and rebuild it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newscrawler.damage import set_aside, sqlite_damage
from newscrawler.dedupe.near import NearDuplicateIndex, NearIndexError
from newscrawler.extraction.cleaning import SiteTemplateLines
from newscrawler.fetchstate import FILE_NAME as FETCH_STATE_FILE
from newscrawler.fetchstate import FetchState
from newscrawler.pipelines.clean import CleaningPipeline
from newscrawler.pipelines.dedupe import DedupePipeline
from newscrawler.pipelines.store import SYNC_FILE
from search.archive import Archive
from newscrawler.warc.locations import opener
from newscrawler.warc.reader import ReadReport, WarcFileError, iter_responses
from search.datadir import archive_path, index_dir, state_path, warc_dir
from search.index import SearchIndexError, open_index_readonly, rebuild_index
from search.stats import LAST_CRAWL_FILE

REBUILT = "rebuilt from the archive"


@dataclass
class Finding:
    """One file: what is wrong with it (None when nothing) and what repairing it means."""

    name: str
    problem: str | None
    remedy: str = ""
    note: str = ""
    repair: Callable[[str], object] | None = None
    """Called with ``problem``: sets the file aside and makes it again."""


def examine(data_dir: Path) -> list[Finding]:
    """Check every file the crawl keeps in ``data_dir``; nothing is changed."""
    near = data_dir / "near-duplicates"
    templates = data_dir / "templates.json"
    dedupe_state = state_path(data_dir)
    fetch_state = data_dir / FETCH_STATE_FILE
    findings = [_archive(data_dir), *_warc_files(data_dir)]
    # The crawl's own components set these aside and rebuild them when they open them.
    findings.append(Finding(dedupe_state.name, sqlite_damage(dedupe_state), REBUILT,
                            repair=lambda _: _open_dedupe(data_dir)))
    findings.append(Finding(near.name, _near_damage(near), REBUILT, repair=lambda _: _open_dedupe(data_dir)))
    findings.append(Finding(fetch_state.name, sqlite_damage(fetch_state), "started anew with the archive's article URLs",
                            repair=lambda _: FetchState(fetch_state).close()))
    findings.append(Finding(templates.name, _json_damage(templates, SiteTemplateLines.from_dict),
                            "relearnt from the pages by the next crawl",
                            repair=lambda _: CleaningPipeline(templates, 3).open_spider()))
    # Damage deep inside the index is found only by reading all of it, as here.
    findings.append(Finding("index", _index_damage(data_dir), REBUILT,
                            repair=lambda problem: _rebuild_index(data_dir, problem)))
    for name in (SYNC_FILE, LAST_CRAWL_FILE):
        path = data_dir / name
        findings.append(Finding(name, _json_damage(path, dict), "written again by the next crawl",
                                repair=lambda problem, path=path: set_aside(path, problem, "written again later")))
    return findings


def _archive(data_dir: Path) -> Finding:
    archive = Archive(archive_path(data_dir))
    if not archive.path.exists():
        return Finding(archive.path.name, None, note="none yet")
    articles = sum(1 for _ in archive.iter_latest())
    note = f"{articles} articles"
    if archive.damaged_lines:
        shown = ", ".join(map(str, archive.damaged_lines[:20]))
        more = ", ..." if len(archive.damaged_lines) > 20 else ""
        count = len(archive.damaged_lines)
        note += f"; {count} damaged line{'s' if count > 1 else ''} skipped by every reader (line {shown}{more})"
    return Finding(archive.path.name, None, note=note)


def _warc_files(data_dir: Path) -> list[Finding]:
    """Raw captures cannot be made again: damaged records are only counted (every reader skips them)."""
    findings = []
    directory = warc_dir(data_dir)
    for path in sorted(directory.glob("*.warc.gz")) if directory.is_dir() else ():
        report = ReadReport()
        name = f"{directory.name}/{path.name}"
        try:
            for _ in iter_responses(opener(str(path)), name, report=report):
                pass
        except WarcFileError as exc:
            findings.append(Finding(name, None, note=f"{exc}; kept as it is"))
            continue
        note = f"{report.responses} responses"
        if report.damaged:
            note += f"; {report.damaged} damaged record{'s' if report.damaged > 1 else ''} skipped by every reader"
        findings.append(Finding(name, None, note=note))
    return findings


def _near_damage(path: Path) -> str | None:
    try:
        NearDuplicateIndex.open(path)
    except NearIndexError as exc:
        return str(exc)
    return None


def _json_damage(path: Path, load: Callable[[dict], object]) -> str | None:
    if not path.exists():
        return None
    try:
        load(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _index_damage(data_dir: Path) -> str | None:
    """Read every stored document and every posting list of the index."""
    if not index_dir(data_dir).exists():
        return None
    try:
        index = open_index_readonly(data_dir)
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


def _open_dedupe(data_dir: Path) -> None:
    """The crawl's dedupe pipeline, opened and closed: it sets aside and rebuilds both of its files."""
    pipeline = DedupePipeline(data_dir)
    pipeline.open_spider()
    pipeline.close_spider()


def _rebuild_index(data_dir: Path, problem: str) -> None:
    set_aside(index_dir(data_dir), problem, REBUILT)
    rebuild_index(data_dir)
