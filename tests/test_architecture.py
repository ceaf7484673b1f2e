"""The import graph of src/custnote, read with ast (imports inside functions included).

docs/ARCHITECTURE.md draws the house: cli -> core <- adapters, no cycles, the core without
typer/rich/click, no module over 400 lines. This test keeps the code to that drawing.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import custnote

PACKAGE = Path(custnote.__file__).parent
MAX_LINES = 400

#: modules other engineers are splitting right now; the lead removes them after merging
OVERSIZED_BEING_SPLIT: frozenset[str] = frozenset()

#: import cycles other engineers are breaking right now; the lead removes them after merging
CYCLES_BEING_BROKEN: tuple[list[str], ...] = ()

#: core -> adapters imports still in place, type-only ones included (module: adapter modules).
#: The list only shrinks: a NEW edge from the core into adapters fails this test, and so does
#: an edge listed here that the code no longer has.
_CORE_TO_ADAPTERS = {
    "agenda.factstore": ("sqlite_store",),
    "checks.caches": ("fsio",),
    "checks.interrupted": ("fsio", "gitlock"),
    "checks.privacy": ("fsio",),
    "notebook.config": ("fsio",),
    "notebook.journal": ("fsio",),
    "notebook.notebook": ("age_crypto", "fsio", "gitlock", "gitprocess", "gitrepo", "gittuning"),
    "notebook.notestore": ("gittuning", "sqlite_store"),
    "notebook.recovery": ("gitlock",),
    "notebook.transaction": ("fsio",),
    "notebook.writes": ("fsio",),
    "note.templates": ("fsio",),
    "privacy.access": ("age_crypto",),
    "privacy.caches": ("age_crypto", "fsio"),
    "privacy.forget": ("fsio", "gitrepo"),
    "privacy.sealing": ("age_crypto",),
    "privacy.tombstones": ("gitrepo",),
    "search.documents": ("fsio",),
    "search.notebook_search": ("fsio", "whoosh_index.freshness", "whoosh_index.index"),
    "sync.backup": ("fsio", "gitrepo"),
    "notebook.gitattributes": ("fsio", "gitrepo"),
    "sync.sharing": ("gitnet", "gitrepo"),
    "stats.kept_stats": ("fsio",),
    "sync.sync_journal": ("fsio", "gitlock"),
    "sync.team": ("gitrepo",),
}
CORE_TO_ADAPTERS = frozenset(
    (f"custnote.core.{module}", f"custnote.adapters.{adapter}")
    for module, adapters in _CORE_TO_ADAPTERS.items()
    for adapter in adapters
)

CLI_FRAMEWORKS = ("typer", "rich", "click")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute name an ImportFrom refers to (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    package = module if modules()[module].name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


@cache
def imports_of(module: str) -> frozenset[str]:
    """Every module ``module`` imports, at any depth of its code (TYPE_CHECKING blocks too)."""
    tree = ast.parse(modules()[module].read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            # ``from pkg import mod`` imports the module pkg.mod when there is one
            submodules = {f"{base}.{a.name}" for a in node.names} & modules().keys()
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(base)
    return frozenset(found)


def internal_edges() -> dict[str, set[str]]:
    """module -> the custnote modules it imports (packages' __init__ only when named)."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for module in known:
        targets = set()
        for name in imports_of(module):
            if name in known and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def _under_type_checking_only(module: str, target: str) -> bool:
    """True when every import of ``target`` in ``module`` sits under ``if TYPE_CHECKING``."""
    tree = ast.parse(modules()[module].read_text("utf-8"))
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            guarded.update(id(n) for n in ast.walk(node))
    seen = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                {a.name for a in node.names}
                if isinstance(node, ast.Import)
                else {_resolve(module, node)}
                | {f"{_resolve(module, node)}.{a.name}" for a in node.names}
            )
            if target in names:
                seen = True
                if id(node) not in guarded:
                    return False
    return seen


def runtime_graph() -> dict[str, set[str]]:
    """The import graph without imports made only for type checkers."""
    return {
        module: {t for t in targets if not _under_type_checking_only(module, t)}
        for module, targets in internal_edges().items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def _layer(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def test_the_walk_sees_in_function_imports() -> None:
    # custnote.cli.app imports its command modules inside functions only
    assert "custnote.core.notebook.notebook" in internal_edges()["custnote.cli.context"]
    assert len(modules()) > 100


def test_cycles_are_found_by_the_walk() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycles() -> None:
    found = cycles(runtime_graph())
    assert [c for c in found if c not in CYCLES_BEING_BROKEN] == []


def test_nothing_below_the_cli_imports_the_cli() -> None:
    wrong = sorted(
        f"{module} -> {target}"
        for module, targets in internal_edges().items()
        if _layer(module) in {"core", "adapters"}
        for target in targets
        if _layer(target) == "cli"
    )
    assert wrong == []


def test_the_core_imports_no_cli_framework() -> None:
    wrong = sorted(
        f"{module} -> {name}"
        for module in modules()
        if _layer(module) == "core"
        for name in imports_of(module)
        if name.split(".")[0] in CLI_FRAMEWORKS
    )
    assert wrong == []


def test_no_new_import_from_the_core_into_adapters() -> None:
    edges = {
        (module, target)
        for module, targets in internal_edges().items()
        if _layer(module) == "core"
        for target in targets
        if _layer(target) == "adapters"
    }
    assert sorted(edges - CORE_TO_ADAPTERS) == []
    # an edge removed from the code is removed from the list too, so the list stays true
    assert sorted(CORE_TO_ADAPTERS - edges) == []


def test_no_module_over_400_lines() -> None:
    long = sorted(
        f"{module}: {lines} lines"
        for module, path in modules().items()
        if (lines := len(path.read_text("utf-8").splitlines())) > MAX_LINES
        and module not in OVERSIZED_BEING_SPLIT
    )
    assert long == []
