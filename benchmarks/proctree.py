"""Peak RSS and CPU time of a whole process tree, sampled from /proc (Linux).

``ru_maxrss`` reports one process; a crawl is a tree (crawler, extraction workers,
index helper) whose members come and go, so the tree's RSS is summed at every
sample and each member's CPU time is its last value seen.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a live process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            parents.setdefault(stat[0], []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, ()))
    return found


@dataclass
class TreeSampler:
    """Samples the tree under ``root`` every ``interval`` seconds in a thread until ``stop``."""

    root: int
    interval: float = 0.2
    peak_rss: int = 0
    cpu: dict[int, float] = field(default_factory=dict)
    peak_by_pid: dict[int, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> TreeSampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        total = 0
        for pid in _tree(self.root):
            stat = _stat(pid)
            if stat is not None:
                self.cpu[pid] = stat[1]
                rss = _rss(pid)
                self.peak_by_pid[pid] = max(self.peak_by_pid.get(pid, 0), rss)
                total += rss
        self.peak_rss = max(self.peak_rss, total)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def cpu_of(self, pid: int) -> float:
        return self.cpu.get(pid, 0.0)

    def cpu_of_others(self, pid: int) -> float:
        """CPU seconds of every member of the tree but ``pid``."""
        return sum(seconds for member, seconds in self.cpu.items() if member != pid)
