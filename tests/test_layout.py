"""The package's shape, read from its source with `ast`: no import cycle among `checker.*`
modules, every module imported by some test, and no module of ours writing into another
package: no attribute set on its modules or classes, and no private attribute of its base
classes set by a subclass of ours.

Each rule is a function run on the real tree and on a planted example, so a rule that
finds nothing cannot pass for want of looking.
"""

from __future__ import annotations

import ast
import importlib
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "checker"
TESTS = ROOT / "tests"

ImportNode = ast.Import | ast.ImportFrom


# --- reading modules --------------------------------------------------------------------


def module_files(package_dir: Path) -> dict[str, Path]:
    """Every module of the package in `package_dir` by dotted name (a package by its own)."""
    modules = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def import_time_imports(tree: ast.Module) -> Iterator[ImportNode]:
    """Imports that run when the module is imported: top level, `if` blocks (`if
    TYPE_CHECKING:` included), `try`, `with`, class bodies; not inside functions (lazy)."""
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ImportNode):
            yield node
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            pending.extend(ast.iter_child_nodes(node))


def imported_from(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module a `from ... import` reads from (relative levels resolved)."""
    if not node.level:
        return node.module or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    base = parts[: len(parts) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imported_modules(
    node: ImportNode, module: str, is_package: bool, known: AbstractSet[str]
) -> list[str]:
    """The modules among `known` an import statement names: `from a.b import c` names the
    module `a.b.c` when there is one, else `a.b`."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in known]
    base = imported_from(node, module, is_package)
    named = [f"{base}.{alias.name}" for alias in node.names]
    found = {name for name in named if name in known}
    if len(found) < len(named) and base in known:
        found.add(base)
    return sorted(found)


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    """Module → the package's modules it imports at import time."""
    modules = module_files(package_dir)
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        graph[name] = {
            target
            for node in import_time_imports(parse(path))
            for target in imported_modules(node, name, is_package, known)
        }
    return graph


# --- (a) no import cycle ----------------------------------------------------------------


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components of `graph`."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph.get(node, ()):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def shortest_cycle_through(
    start: str, graph: Mapping[str, Iterable[str]], within: set[str]
) -> list[str]:
    """The shortest import path from `start` back to itself inside `within`, ends included."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for successor in sorted(graph.get(node, ())):
            if successor not in within or successor in came_from:
                continue
            came_from[successor] = node
            if successor == start:
                path = [start]
                while path[-1] != start or len(path) == 1:
                    path.append(came_from[path[-1]])
                return path[::-1]
            queue.append(successor)
    raise AssertionError(f"{start} is on no cycle inside {sorted(within)}")


def import_cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """One cycle per group of modules that import each other, as `[a, b, ..., a]`."""
    cycles = []
    for component in strongly_connected(graph):
        first = min(component)
        if len(component) > 1 or first in graph.get(first, ()):
            cycles.append(shortest_cycle_through(first, graph, component))
    return sorted(cycles)


def test_the_cycle_finder_names_each_cycle_of_a_planted_graph() -> None:
    graph = {
        "a": {"b"},
        "b": {"c", "d"},
        "c": {"a"},
        "d": set(),
        "e": {"e"},
        "f": {"a"},
    }
    assert import_cycles(graph) == [["a", "b", "c", "a"], ["e", "e"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_of_a_planted_package_has_its_import_time_edges_only(
    tmp_path: Path,
) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    files = {
        "__init__.py": '"""A package."""\n',
        "a.py": "from pkg import b\nimport json\nfrom pkg.sub.d import K\n",
        "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.sub import c\n",
        "sub/__init__.py": "",
        "sub/c.py": "from .. import a\nfrom . import d as alias\n",
        "sub/d.py": "class K:\n    import pkg.lazy\n\ndef f():\n    import pkg.a\n",
        "lazy.py": "import json\n",
    }
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    graph = import_graph(package)
    assert graph == {
        "pkg": set(),
        "pkg.a": {"pkg.b", "pkg.sub.d"},  # K is no module: the edge goes to pkg.sub.d
        "pkg.b": {"pkg.sub.c"},
        "pkg.sub": set(),
        "pkg.sub.c": {"pkg.a", "pkg.sub.d"},
        "pkg.sub.d": {"pkg.lazy"},  # class bodies run at import; the function's import is lazy
        "pkg.lazy": set(),
    }
    assert import_cycles(graph) == [
        ["pkg.a", "pkg.b", "pkg.sub.c", "pkg.a"],
    ]


def test_no_import_cycle_among_checker_modules() -> None:
    graph = import_graph(PACKAGE)
    assert len(graph) > 50, "the package was not found"
    assert sum(map(len, graph.values())) > 100, "no imports were read"
    cycles = import_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


# --- (b) every module imported by some test ---------------------------------------------

_IMPORTING_CALLS = {("importlib", "import_module"), ("runpy", "run_module")}


def names_imported_anywhere(path: Path) -> set[str]:
    """Every dotted name a file imports, wherever the import is: `from a.b import c` gives
    `a.b` and `a.b.c`; `importlib.import_module("x")` and `runpy.run_module("x")` give `x`."""
    names: set[str] = set()
    for node in ast.walk(parse(path)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and (node.func.value.id, node.func.attr) in _IMPORTING_CALLS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def only_a_docstring(path: Path) -> bool:
    body = parse(path).body
    return all(isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in body)


def untested_modules(package_dir: Path, tests_dir: Path) -> list[str]:
    """Modules of the package no test file imports (`__init__` / `__main__` that hold only a
    docstring need no test)."""
    imported = set().union(*map(names_imported_anywhere, tests_dir.rglob("*.py")))
    return [
        name
        for name, path in module_files(package_dir).items()
        if name not in imported
        and not (path.stem in ("__init__", "__main__") and only_a_docstring(path))
    ]


def test_untested_modules_of_a_planted_package_are_listed(tmp_path: Path) -> None:
    package, tests = tmp_path / "pkg", tmp_path / "tests"
    (package / "empty").mkdir(parents=True)
    tests.mkdir()
    sources = {
        "__init__.py": '"""Docstring only: nothing to test."""\n',
        "empty/__init__.py": "VALUE = 1\n",
        "tested.py": "",
        "by_name.py": "",
        "loaded.py": "",
        "untested.py": "",
        "__main__.py": "print('run')\n",
    }
    for name, text in sources.items():
        (package / name).write_text(text, encoding="utf-8")
    (tests / "test_x.py").write_text(
        "import importlib\nfrom pkg import tested\n\ndef test():\n"
        "    from pkg.by_name import thing\n    importlib.import_module('pkg.loaded')\n",
        encoding="utf-8",
    )
    assert untested_modules(package, tests) == ["pkg.__main__", "pkg.empty", "pkg.untested"]


def test_every_checker_module_is_imported_by_a_test() -> None:
    untested = untested_modules(PACKAGE, TESTS)
    assert not untested, "modules no test imports:\n" + "\n".join(untested)


# --- (c) no patching of other packages --------------------------------------------------


def foreign_names(tree: ast.Module, ours: str) -> set[str]:
    """Names the module binds to another package's modules or objects by importing them."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != ours:
                    names.add(alias.asname or alias.name.split(".")[0])
        elif (
            isinstance(node, ast.ImportFrom)
            and not node.level
            and node.module
            and node.module.split(".")[0] not in (ours, "__future__")
        ):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _root_name(node: ast.expr) -> str | None:
    """`a` for `a.b.c`; None when the chain holds anything but attribute access."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _targets(node: ast.AST) -> Iterator[ast.expr]:
    if isinstance(node, ast.Assign):
        pending = list(node.targets)
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        pending = [node.target]
    elif isinstance(node, ast.Delete):
        pending = list(node.targets)
    else:
        return
    while pending:
        target = pending.pop()
        if isinstance(target, ast.Tuple | ast.List):
            pending.extend(target.elts)
        elif isinstance(target, ast.Starred):
            pending.append(target.value)
        else:
            yield target


def foreign_patches(source: str, ours: str = "checker") -> list[str]:
    """`line: statement` for each write to an attribute reached from another package's
    imported module or object (`httpx.Client.send = f`, `del mod.x`, `setattr(mod, ...)`).

    Read statically: a patch made through a local alias or on an instance is not seen.
    """
    tree = ast.parse(source)
    foreign = foreign_names(tree, ours)
    found = []
    for node in ast.walk(tree):
        written = [
            t for t in _targets(node) if isinstance(t, ast.Attribute) and _root_name(t) in foreign
        ]
        is_setattr = (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("setattr", "delattr")
            and bool(node.args)
            and _root_name(node.args[0]) in foreign
        )
        if written or is_setattr:
            assert isinstance(node, ast.stmt | ast.expr)
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return sorted(found, key=lambda line: int(line.split(":")[0]))


PLANTED_PATCHES = """\
import httpcore._synchronization as sync
import httpx
from anyio import Lock
from checker.net import client

httpx.AsyncHTTPTransport._pool = None
sync.AsyncLock.setup += 1
Lock.fast, other = True, 2
client.USER_AGENT = "ours to change"
local = httpx.URL("https://x.test")
local.extra = 1


def patch():
    setattr(httpx.Client, "send", None)
    del sync.AsyncLock.setup
    delattr(client, "Fetcher")


class Ours:
    def __init__(self):
        self.httpx = httpx
"""


def test_the_patch_finder_flags_each_write_to_another_packages_attribute() -> None:
    assert foreign_patches(PLANTED_PATCHES) == [
        "6: httpx.AsyncHTTPTransport._pool = None",
        "7: sync.AsyncLock.setup += 1",
        "8: Lock.fast, other = (True, 2)",
        "15: setattr(httpx.Client, 'send', None)",
        "16: del sync.AsyncLock.setup",
    ]


def test_no_checker_module_patches_another_package() -> None:
    patches = {
        name: found
        for name, path in module_files(PACKAGE).items()
        if (found := foreign_patches(path.read_text(encoding="utf-8")))
    }
    assert not patches, "\n".join(
        f"{name}:{line}" for name, lines in patches.items() for line in lines
    )


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_names_of_foreign_bases(cls: type, ours: str) -> set[str]:
    """Private attribute names that the classes of other packages in `cls`'s MRO define, or
    read and write in their methods."""
    names: set[str] = set()
    for base in cls.__mro__[1:]:
        if base is object or base.__module__.split(".")[0] == ours:
            continue
        for name, value in vars(base).items():
            names.add(name)
            functions = [value, getattr(value, "__func__", None)]
            if isinstance(value, property):
                functions += [value.fget, value.fset, value.fdel]
            for function in functions:
                code = getattr(function, "__code__", None)
                if code is not None:
                    names.update(code.co_names)
    return set(filter(_private, names))


def self_attributes_written(cls: ast.ClassDef) -> set[str]:
    """Private attributes the class's methods assign on their first argument (`self._x = ...`)."""
    written = set()
    for method in cls.body:
        if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef) or not method.args.args:
            continue
        me = method.args.args[0].arg
        for node in ast.walk(method):
            for target in _targets(node):
                if (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == me
                    and _private(target.attr)
                ):
                    written.add(target.attr)
    return written


def inherited_private_writes(
    source: str, namespace: Mapping[str, object], ours: str = "checker"
) -> list[str]:
    """`Class._name` for each private attribute that a class of ours (its source, and the
    module namespace it lives in) sets on itself while a base class of another package
    defines or uses that name: a write into the other package's internals."""
    found = []
    for node in ast.parse(source).body:
        cls = namespace.get(node.name) if isinstance(node, ast.ClassDef) else None
        if isinstance(node, ast.ClassDef) and isinstance(cls, type):
            theirs = private_names_of_foreign_bases(cls, ours)
            found += [f"{node.name}.{name}" for name in self_attributes_written(node) & theirs]
    return sorted(found)


PLANTED_SUBCLASSES = """\
import threading


class Worker(threading.Thread):
    def __init__(self):
        super().__init__()
        self._target = None
        self._started, self._mine = None, 1
        self.name = "public: part of Thread's interface"


class Plain:
    def __init__(self):
        self._target = None
"""


def test_the_subclass_finder_flags_private_writes_into_a_foreign_base_class() -> None:
    namespace: dict[str, object] = {"__name__": "checker.planted"}
    exec(compile(PLANTED_SUBCLASSES, "<planted>", "exec"), namespace)
    assert inherited_private_writes(PLANTED_SUBCLASSES, namespace) == [
        "Worker._started",
        "Worker._target",
    ]


def test_no_checker_class_writes_private_attributes_of_a_foreign_base_class() -> None:
    writes = {
        name: found
        for name, path in module_files(PACKAGE).items()
        if (
            found := inherited_private_writes(
                path.read_text(encoding="utf-8"), vars(importlib.import_module(name))
            )
        )
    }
    assert not writes, writes
