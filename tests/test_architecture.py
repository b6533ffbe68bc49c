"""The import rule of docs/architecture.md, checked over the code's own import statements.

Every ``import`` counts, also those inside functions (they hide cycles at
runtime, not in the design). Run ``python -m tests.test_architecture`` to print
the layers' arrows and any cycle.
"""

from __future__ import annotations

import ast
import functools
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("search", "newscrawler", "benchmarks")
"""Lowest layer first: each may import those before it, never those after it."""
WITHOUT_SCRAPY = ("search", "newscrawler.extraction", "newscrawler.dedupe")
"""Plain libraries: usable (and tested) without a crawl."""
WHOOSH_INTERNALS = ("whoosh.codec", "whoosh.filedb.filetables", "whoosh.system", "whoosh.writing", "whoosh.reading",
                    "whoosh.util.numeric")
"""Whoosh modules of its on-disk format: only the index writer uses them (and the codec it writes with)."""
WHOOSH_FENCE = ("search.indexwriter", "search.segments")


@functools.cache
def modules() -> dict[str, Path]:
    """Every module of the project's packages by dotted name (a package by its ``__init__``)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


@functools.cache
def imported_names(path: Path) -> tuple[str, ...]:
    """Dotted names ``path`` imports anywhere in it: ``from a.b import c`` gives ``a.b.c`` and ``a.b``."""
    return tuple(_imports(path))


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    """Module -> the project's modules it imports (a package's ``__init__`` too when named)."""
    known = modules()
    return {name: {imported for imported in imported_names(path) if imported in known} for name, path in known.items()}


def external_imports(prefix: str) -> Iterator[tuple[str, str]]:
    """(module, imported name) for every import of a module under ``prefix``."""
    for name, path in modules().items():
        if not prefix or name == prefix or name.startswith(prefix + "."):
            for imported in imported_names(path):
                yield name, imported


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer_of(module: str) -> int:
    return PACKAGES.index(module.split(".")[0])


def test_no_module_imports_a_higher_layer():
    upward = [(source, target) for source, targets in import_graph().items() for target in targets
              if layer_of(target) > layer_of(source)]
    assert upward == [], "the store side (search) must not import the crawl side, nor either the benchmarks"


def test_no_import_cycles_between_modules():
    assert cycles(import_graph()) == []


def test_libraries_do_not_import_scrapy():
    found = [(module, name) for prefix in WITHOUT_SCRAPY for module, name in external_imports(prefix)
             if name == "scrapy" or name.startswith("scrapy.")]
    assert found == []


def test_only_the_index_writer_touches_whoosh_internals():
    found = [(module, name) for module, name in external_imports("")
             if name.startswith(WHOOSH_INTERNALS) or name.startswith("whoosh.") and name.rsplit(".", 1)[-1][0] == "_"]
    assert found and all(module.startswith(WHOOSH_FENCE) for module, _ in found), found


def test_the_checks_see_a_cycle_and_an_upward_import():
    graph = {"search.a": {"search.b"}, "search.b": {"search.c"}, "search.c": {"search.a"}, "search.d": set()}
    assert cycles(graph) == [["search.a", "search.b", "search.c"]]
    assert layer_of("newscrawler.items") > layer_of("search.record")


def main() -> int:
    graph = import_graph()
    arrows: dict[tuple[str, str], int] = {}
    for source, targets in graph.items():
        for target in targets:
            key = (".".join(source.split(".")[:2]), ".".join(target.split(".")[:2]))
            if key[0] != key[1]:
                arrows[key] = arrows.get(key, 0) + 1
    print(f"{len(graph)} modules, {sum(len(t) for t in graph.values())} imports between them")
    for (source, target), count in sorted(arrows.items()):
        print(f"  {source} -> {target} ({count})")
    found = cycles(graph)
    print(f"import cycles: {len(found)}")
    for group in found:
        print("  " + " -> ".join(group))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
