"""A progress bar for long index builds, shown only when stderr is a terminal."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")


@contextlib.contextmanager
def counted(items: Iterable[Item], total: int, description: str) -> Iterator[Iterable[Item]]:
    """``items`` as they are, advancing a bar of ``total`` on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        yield items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        advance: Callable[[], None] = lambda: bar.advance(task)  # noqa: E731
        yield _advancing(items, advance)


def _advancing(items: Iterable[Item], advance: Callable[[], None]) -> Iterator[Item]:
    for item in items:
        yield item
        advance()
