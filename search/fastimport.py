"""Importing Whoosh for a short-lived CLI without two modules it never uses there.

``whoosh.compat`` imports ``urllib.request`` (for a download helper) and
``whoosh.reading`` imports the ``cached_property`` package, which pulls in
``asyncio``; together about a third of Whoosh's import time, paid on every
``newssearch`` run. While Whoosh is imported we offer light stand-ins, then take
them out of ``sys.modules`` so any later import gets the real modules.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import types
from collections.abc import Iterator


def _unavailable(*args: object, **kwargs: object) -> None:
    raise RuntimeError("urllib.request was not loaded in this process (newssearch fast start)")


@contextlib.contextmanager
def lean_whoosh_import() -> Iterator[None]:
    """Stand-ins for ``cached_property`` and ``urllib.request`` during the block, if not loaded."""
    stubs = {
        "cached_property": {"cached_property": functools.cached_property},
        "urllib.request": {"urlretrieve": _unavailable},
    }
    added = []
    for name, attributes in stubs.items():
        if name not in sys.modules:
            module = types.ModuleType(name, "stand-in while importing whoosh (search.fastimport)")
            module.__dict__.update(attributes)
            sys.modules[name] = module
            added.append(name)
    try:
        yield
    finally:
        for name in added:
            del sys.modules[name]
