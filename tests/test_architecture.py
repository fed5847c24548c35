"""The layers, checked on the source: who inside vb_renew imports whom, without cycles, and which packages.

Every module of ``vb_renew`` is parsed with ``ast``. Every ``import`` of a ``vb_renew`` module counts: at module
level or inside a function (a lazy import is still a dependency), under ``if TYPE_CHECKING:`` too.
``from package import name`` counts as an import of ``package.name`` when that is a module, else of ``package``.

The layers, and what each may import besides itself, the standard library and third-party packages:

- base: ``vb_renew`` (the package: its version), ``vb_renew.i18n`` (translatable text without Qt),
  ``vb_renew.resources`` (the data folder), ``vb_renew.paths`` (the app's folders), ``vb_renew.logs`` (where
  log records go), ``vb_renew.crash`` (where a crash is recorded), ``vb_renew.translations`` (the Qt Linguist
  translations read without Qt, the language asked for), ``vb_renew.cli_help`` (a command line's help in that
  language). Shared by every layer; base modules import only each other.
- standalone: ``vb_renew.bootstrap`` imports nothing of the app (it runs before anything is installed).
- rules (``vb_renew.rules``): only the pure part of base: ``vb_renew``, ``i18n``, ``resources``.
- core (``vb_renew.core``): rules, base.
- server (``vb_renew.server``): rules, base.
- ui (``vb_renew.ui``): core, rules, base.
- ``vb_renew.selftest`` (tooling): ui, core, rules, base.
- startup (``vb_renew.startup``, the composition root): the one module that imports both ui and server; also
  the self-test and the QA walkthrough it dispatches to, core, rules, base. It imports no Qt itself (the ui does).
- qa (``vb_renew.qa``, tooling): the start-up module (the backend it builds), ui, core, rules, base.
- entry (``vb_renew.__main__``): startup, crash, base.

Known wrong-way imports are listed in :data:`KNOWN_EXCEPTIONS`, each with its reason; an entry that is no longer
needed fails the test too, so the list only shrinks. An import cycle between modules fails, naming the cycle;
``if TYPE_CHECKING:`` imports never run, so they are left out of the cycle check.

Third-party: the rules and the core import no Qt; only ui, qa and the self-test import PySide6; the rules import
no HTTP client or web framework, the core no web framework. (``tests/test_foundation.py`` checks the same by
importing the rules and the core, which also catches what their imports pull in.)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "vb_renew"

PURE_BASE = frozenset({"vb_renew", "vb_renew.i18n", "vb_renew.resources"})
BASE = PURE_BASE | {"vb_renew.paths", "vb_renew.logs", "vb_renew.crash", "vb_renew.translations", "vb_renew.cli_help"}
STANDALONE = frozenset({"vb_renew.bootstrap"})
LAYERS = ("base", "standalone", "rules", "core", "server", "ui", "selftest", "startup", "qa", "entry")
MAY_IMPORT: dict[str, frozenset[str]] = {  # layer -> the layers it may import besides its own
    "base": frozenset(),
    "standalone": frozenset(),
    "rules": frozenset({"base"}),  # PURE_BASE only: checked below
    "core": frozenset({"rules", "base"}),
    "server": frozenset({"rules", "base"}),
    "ui": frozenset({"core", "rules", "base"}),
    "selftest": frozenset({"ui", "core", "rules", "base"}),
    "startup": frozenset({"selftest", "qa", "ui", "server", "core", "rules", "base"}),  # qa: vb-renew walkthrough
    "qa": frozenset({"startup", "ui", "core", "rules", "base"}),
    "entry": frozenset({"startup", "standalone", "base"}),
}

# (importer, imported) -> why it is allowed for now. None today: add one only with its reason.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}
# Import cycles allowed for now: the modules of each, and why. None today.
KNOWN_CYCLES: dict[frozenset[str], str] = {}

QT = frozenset({"PySide6", "shiboken6"})
HTTP = frozenset({"requests", "httpx", "urllib3"})
WEB = frozenset({"fastapi", "starlette", "uvicorn"})
# layer -> third-party packages it must not import
FORBIDDEN_PACKAGES: dict[str, frozenset[str]] = {
    "base": QT | HTTP | WEB,
    "standalone": QT | HTTP | WEB,
    "rules": QT | HTTP | WEB,
    "core": QT | WEB,
    "server": QT,
    "startup": QT,  # the ui imports Qt; the start-up module hands it what it builds
    "entry": QT,  # the app's main imports Qt, inside the crash guard
}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str  # a vb_renew module, or a third-party top-level package
    line: int
    type_checking: bool  # under ``if TYPE_CHECKING:``: never runs


def module_files() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


MODULES = module_files()


def layer_of(module: str) -> str | None:
    if module in BASE:
        return "base"
    if module in STANDALONE:
        return "standalone"
    if module == "vb_renew.__main__":
        return "entry"
    if module == "vb_renew.selftest" or module.startswith("vb_renew.selftest."):
        return "selftest"
    if module == "vb_renew.startup":
        return "startup"
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in {"rules", "core", "server", "ui", "qa"}:
        return parts[1]
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(node: ast.AST, type_checking: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    """Every node below ``node``, and whether it sits under ``if TYPE_CHECKING:`` (not its ``else``)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            yield child, type_checking
            for stmt in child.body:
                yield stmt, True
                yield from _walk(stmt, True)
            for stmt in child.orelse:
                yield stmt, type_checking
                yield from _walk(stmt, type_checking)
            continue
        yield child, type_checking
        yield from _walk(child, type_checking)


def imports_of(module: str, path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node, type_checking in _walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the package, up level - 1
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            names = [f"{source}.{alias.name}" if f"{source}.{alias.name}" in MODULES else source
                     for alias in node.names]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            found.append(Import(module, name if top == "vb_renew" else top, node.lineno, type_checking))
    return found


IMPORTS = [i for module, path in MODULES.items() for i in imports_of(module, path)]
INTERNAL = [i for i in IMPORTS if i.imported.split(".")[0] == "vb_renew" and i.imported != i.importer]
EXTERNAL = [i for i in IMPORTS if i.imported.split(".")[0] != "vb_renew"]


def where(i: Import) -> str:
    return f"{MODULES[i.importer].relative_to(REPO).as_posix()}:{i.line}"


def test_every_module_has_a_layer() -> None:
    assert [m for m in MODULES if layer_of(m) is None] == [], "give the new module a layer in this test"
    assert {layer_of(m) for m in MODULES} == set(LAYERS)


def test_every_internal_import_names_a_module_that_exists() -> None:
    assert [f"{where(i)}: {i.imported}" for i in INTERNAL if i.imported not in MODULES] == []


def test_imports_go_one_way_only() -> None:
    wrong = []
    for i in INTERNAL:
        mine, theirs = layer_of(i.importer), layer_of(i.imported)
        allowed = theirs == mine or theirs in MAY_IMPORT[mine]
        if mine == "rules" and theirs == "base":
            allowed = i.imported in PURE_BASE
        if not allowed and (i.importer, i.imported) not in KNOWN_EXCEPTIONS:
            wrong.append(f"{where(i)}: {mine} {i.importer} imports {theirs} {i.imported}")
    assert wrong == []


def test_the_known_exceptions_are_still_needed() -> None:
    """When the composition root lands, these go: drop each from KNOWN_EXCEPTIONS as it is fixed."""
    present = {(i.importer, i.imported) for i in INTERNAL}
    assert set(KNOWN_EXCEPTIONS) - present == set()
    for importer, imported in KNOWN_EXCEPTIONS:  # a listed import that became fine is no exception either
        mine, theirs = layer_of(importer), layer_of(imported)
        assert not (theirs == mine or theirs in MAY_IMPORT[mine]), (importer, imported)


def test_only_the_start_up_module_imports_both_the_ui_and_the_server() -> None:
    """The composition root builds the backend and hands it to the UI: nobody else joins the two."""
    layers: dict[str, set[str | None]] = {}
    for i in INTERNAL:
        layers.setdefault(i.importer, set()).add(layer_of(i.imported))
    assert [m for m, theirs in layers.items() if {"ui", "server"} <= theirs] == ["vb_renew.startup"]


def cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each as one cycle through them."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for i in INTERNAL:
        if not i.type_checking and i.imported in MODULES:
            graph[i.importer].add(i.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_one_cycle(graph, component) for component in components]


def _one_cycle(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A path from the component's first module back to it, inside the component (breadth first: a short one)."""
    start = min(component)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v] & component):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if w not in came_from:
                    came_from[w] = v
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle in {component}")


def test_no_import_cycles() -> None:
    found = cycles()
    unexpected = [" -> ".join(c) for c in found if frozenset(c) not in KNOWN_CYCLES]
    assert unexpected == []
    assert set(KNOWN_CYCLES) - {frozenset(c) for c in found} == set(), "a known cycle is gone: drop it"


def test_third_party_imports_stay_in_their_layers() -> None:
    wrong = [f"{where(i)}: {layer_of(i.importer)} {i.importer} imports {i.imported}" for i in EXTERNAL
             if i.imported in FORBIDDEN_PACKAGES.get(layer_of(i.importer) or "", frozenset())]
    assert wrong == []


def test_only_the_ui_and_its_tooling_import_qt() -> None:
    qt_users = {layer_of(i.importer) for i in EXTERNAL if i.imported in QT}
    assert qt_users <= {"ui", "qa", "selftest"}


def test_the_checks_see_what_they_check() -> None:
    """The parser finds lazy and TYPE_CHECKING imports and Qt (else the tests above would pass vacuously)."""
    lazy = [i for i in INTERNAL if i.importer == "vb_renew.startup" and i.imported == "vb_renew.server.embedded"]
    assert lazy, "the start-up module's import inside a function"
    assert any(i.type_checking for i in INTERNAL if i.importer == "vb_renew.core.poller"
               and i.imported == "vb_renew.core.api")
    assert any(i.imported == "PySide6" for i in EXTERNAL if i.importer == "vb_renew.ui.waiting")
    assert any(i.imported == "vb_renew.rules.lifecycle" for i in INTERNAL if i.importer == "vb_renew.server.service.events")
