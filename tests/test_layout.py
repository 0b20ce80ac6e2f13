"""The house rules of the tree (README, "Layout"): imports go one way and never in a circle.

The import graph is read with `ast` from every module of crawler/, archive/, spiders/ and
scheduler/, counting imports at any level (inside functions too, where a lazy import would
otherwise hide a loop). An edge goes to the module named, or to the package when the name
is not a module of ours; a package's own `__init__` being run first is not an edge.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("crawler", "archive", "spiders", "scheduler")

# Where a lower layer must reach a higher one, and why. Each is checked to still exist, so
# the list cannot outlive its reason.
ALLOWED_UPWARD = {
    # The program's entry point joins `civcas schedule` (scheduler/command.py) to the
    # crawler's command group; nothing else in crawler/ knows the scheduler.
    ("crawler.cli.app", "scheduler.command"),
}


def module_files() -> dict[str, Path]:
    files = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            files[".".join(parts)] = path
    return files


def _target(name: str, modules: set[str]) -> str | None:
    """The module of ours that `name` (a.b.c, maybe an attribute of a module) names."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, path: Path, modules: set[str]) -> list[tuple[str, int]]:
    """(imported module, line) for every import in the file that names one of ours, and
    (external top-level name, line) for the rest, prefixed with '!'."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import sub` imports the module pkg.sub when there is one.
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                     for alias in node.names]
        for name in names:
            ours = _target(name, modules)
            found.append((ours, node.lineno) if ours else ("!" + name.split(".")[0], node.lineno))
    return found


def graph() -> tuple[dict[str, set[str]], dict[str, list[tuple[str, int]]]]:
    files = module_files()
    modules = set(files)
    raw = {m: imports_of(m, p, modules) for m, p in files.items()}
    edges = {m: {t for t, _ in found if not t.startswith("!") and t != m} for m, found in raw.items()}
    return edges, raw


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    edges, _ = graph()
    assert cycles(edges) == []


def test_the_cycle_finder_sees_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_archive_imports_neither_crawler_nor_scrapy():
    _, raw = graph()
    bad = [(m, t, line) for m, found in raw.items() if m.split(".")[0] == "archive"
           for t, line in found
           if t.split(".")[0] in ("crawler", "spiders", "scheduler")
           or t in ("!scrapy", "!twisted")]
    assert bad == []


def test_crawler_imports_neither_scheduler_nor_spiders_but_where_wiring_needs_it():
    _, raw = graph()
    upward = {(m, t) for m, found in raw.items() if m.split(".")[0] == "crawler"
              for t, _ in found if t.split(".")[0] in ("scheduler", "spiders")}
    assert upward - ALLOWED_UPWARD == set()
    assert ALLOWED_UPWARD - upward == set(), "an allowed exception no longer exists: drop it"


def test_no_module_is_imported_by_a_string_name():
    """`importlib.import_module("...")`: an import the graph (and a reader) cannot see."""
    bad = []
    for module, path in module_files().items():
        if module.split(".")[0] != "crawler":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call)
                    and ast.unparse(node.func) in ("importlib.import_module", "import_module",
                                                   "__import__")):
                bad.append((module, node.lineno))
    assert bad == []


def test_test_modules_do_not_import_each_other():
    """Shared helpers live in tests/support/, so one test file's fixtures and state never
    ride along into another."""
    bad = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            bad += [(path.name, name) for name in names if name.split(".")[0].startswith("test_")]
    assert bad == []


# Each table's rows are written (INSERT, UPDATE, DELETE, sqlite-utils' insert/update/...)
# by one module. Where a second module writes, the reason is named here; each is checked
# to still exist.
SHARED_WRITERS = {
    # The backfill's half of the store: versions dated by an archive's capture time.
    ("documents", "archive.history"), ("versions", "archive.history"),
    ("document_changes", "archive.history"),
    # A rebuild points the kept rows at the rebuilt versions, in its scratch copy.
    ("backfill_captures", "crawler.reextract"),
}
_SQL_WRITE = re.compile(r"(?:INSERT(?: OR \w+)? INTO|REPLACE INTO|UPDATE|DELETE FROM)\s+\"?(?:main\.)?(\w+)\b(?!\.)")
_UTILS_WRITE = re.compile(r"(?:\[|\.table\()\"(\w+)\"[\])]\.(?:insert|insert_all|upsert|upsert_all|update|delete|"
                          r"delete_where)\b|_insert\(\s*\"(\w+)\"")


def table_writers() -> dict[str, set[str]]:
    writers: dict[str, set[str]] = {}
    for module, path in module_files().items():
        if ".migrations" in module:
            continue
        text = path.read_text(encoding="utf-8")
        found = _SQL_WRITE.findall(text) + [a or b for a, b in _UTILS_WRITE.findall(text)]
        for table in set(found):
            writers.setdefault(table, set()).add(module)
    return writers


def test_each_table_has_one_writer():
    writers = table_writers()
    assert "notifications" in writers and "documents" in writers  # the scan sees writes
    extra = {(table, module) for table, modules in writers.items() if len(modules) > 1
             for module in modules} - SHARED_WRITERS
    owners = {table: sorted(modules) for table, modules in writers.items()
              if len({m for m in modules if (table, m) not in SHARED_WRITERS}) > 1}
    assert owners == {}, extra
    assert {(t, m) for t, m in SHARED_WRITERS if m not in writers.get(t, set())} == set(), \
        "a shared writer no longer writes: drop it"
