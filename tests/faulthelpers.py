"""Real machine faults for tests: a small file system, a file-size limit, a read-only directory."""

from __future__ import annotations

import os
import resource
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True)


@contextmanager
def small_filesystem(path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` (e.g. ``600k``) mounted at ``path``; skips where mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here (needs root): {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        if _run("umount", str(path)).returncode != 0:
            _run("umount", "-l", str(path))


def resize(path: Path, size: str) -> None:
    """Give a mounted tmpfs more room, as a user freeing space would."""
    done = _run("mount", "-o", f"remount,size={size}", str(path))
    assert done.returncode == 0, done.stderr


def fill(path: Path, leave: int) -> Path:
    """Write a filler file until only about ``leave`` bytes remain free on ``path``'s file system."""
    info = os.statvfs(path)
    filler = path / "filler"
    filler.write_bytes(b"\0" * max(0, info.f_bavail * info.f_frsize - leave))
    return filler


def file_size_limit(limit: int):
    """A ``preexec_fn`` giving the child process a file-size limit (``ulimit -f``)."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """``path`` bind-mounted read-only over itself (root bypasses permission bits, not this);
    skips where mounting is not allowed."""
    if os.geteuid() != 0:
        path.chmod(0o500)  # an ordinary user is stopped by permission bits
        try:
            yield path
        finally:
            path.chmod(0o700)
        return
    bound = _run("mount", "--bind", str(path), str(path))
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {bound.stderr.strip()}")
    try:
        remounted = _run("mount", "-o", "remount,bind,ro", str(path))
        assert remounted.returncode == 0, remounted.stderr
        yield path
    finally:
        _run("umount", str(path))
