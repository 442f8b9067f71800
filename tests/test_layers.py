"""Layers follow the data: a module may import only the layers below its own, modules import
each other in one direction only (no cycles), and only flows/ imports Prefect. Parsed from the
source, so a violation fails before anything runs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Lowest first, one folder each: the data model, errors and settings under everything; the
# libraries (text, then files, then the backends); ingest over a backend; the reports shared by
# the CLI and the web app; the Prefect wrappers; the CLI and the web app on top.
LAYERS = ["core", "nlp", "extractors", "index", "ingest", "reports", "flows", "hoso"]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


SOURCES = sorted(p for package in LAYERS for p in (ROOT / package).rglob("*.py"))
MODULES = {module_name(path): path for path in SOURCES}


# Folders of Python that are not the product: they may import any layer, none imports them.
NOT_PRODUCT = {"tests", "benchmarks", "scripts", "docs", "deploy", "samples"}


def test_the_layers_are_exactly_the_product_s_folders() -> None:
    # a new top-level package must take its place in LAYERS, or its imports go unchecked
    packages = {
        path.parent.name
        for path in ROOT.glob("*/*.py")
        if path.parent.name not in NOT_PRODUCT and not path.parent.name.startswith(".")
    }
    assert packages == set(LAYERS)


def test_no_module_imports_what_is_not_product() -> None:
    # the layers import no test, benchmark or script code
    for module in MODULES:
        outside = [m for m in imports(module) if m.split(".")[0] in NOT_PRODUCT]
        assert not outside, f"{module} imports {outside}"


def layer_of(module: str) -> int | None:
    """The layer of a module by its top-level folder (None: not a project module)."""
    top = module.split(".")[0]
    return LAYERS.index(top) if top in LAYERS else None


def imports(module: str) -> list[str]:
    """Every module `module` imports anywhere in its source: at the top, inside functions and
    under `if TYPE_CHECKING:`, relative imports resolved; `from package import submodule`
    counts as an import of the submodule."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                found.append(sub if sub in MODULES else source)
    return found


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_no_layer_reaches_up(module: str) -> None:
    own = layer_of(module)
    assert own is not None, f"{module} belongs to no layer: add its folder to LAYERS"
    for imported in imports(module):
        if imported.split(".")[0] == "prefect":
            assert module.startswith("flows"), f"{module} imports Prefect; only flows/ may"
        target = layer_of(imported)
        assert target is None or target <= own, (
            f"{module} ({LAYERS[own]}) reaches up to {imported} ({LAYERS[target]})"
        )


def private_imports(module: str) -> list[str]:
    """Names starting with an underscore that `module` imports from another project module."""
    found = []
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (
            node.level or layer_of(node.module or "") is not None
        ):
            found += [
                f"{node.module}.{alias.name}"
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")
            ]
    return found


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_no_private_names_imported_across_modules(module: str) -> None:
    assert not private_imports(module), f"{module} imports private names: {private_imports(module)}"


def cycles() -> list[list[str]]:
    """The import cycles between project modules, each as the path that closes it."""
    graph = {m: sorted({i for i in imports(m) if i in MODULES and i != m}) for m in MODULES}
    found, done, stack = [], set(), []

    def visit(module: str) -> None:
        stack.append(module)
        for imported in graph[module]:
            if imported in stack:
                found.append([*stack[stack.index(imported) :], imported])
            elif imported not in done:
                visit(imported)
        stack.pop()
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            visit(module)
    return found


def test_no_import_cycles() -> None:
    found = [" → ".join(cycle) for cycle in cycles()]
    assert not found, "import cycles:\n" + "\n".join(found)


def test_the_cycle_check_sees_lazy_type_checking_and_relative_imports(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import b\n"
        "def f():\n    from .b import g\n"
    )
    tree = ast.parse(source)
    levels = [n.level for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level]
    assert levels == [1, 1]
    MODULES["fake.a"], MODULES["fake.b"] = tmp_path / "a.py", tmp_path / "b.py"
    try:
        (tmp_path / "a.py").write_text(source, encoding="utf-8")
        (tmp_path / "b.py").write_text("def g():\n    import fake.a\n", encoding="utf-8")
        assert imports("fake.a") == ["typing", "fake.b", "fake.b"]
        assert ["fake.a", "fake.b", "fake.a"] in cycles()
    finally:
        del MODULES["fake.a"], MODULES["fake.b"]


def test_search_does_not_load_prefect_or_heavy_parsers() -> None:
    code = (
        "import sys, hoso.cli, index.embedded, index.tantivy;"
        "heavy = [m for m in ('prefect', 'pdfplumber', 'docx', 'trafilatura', 'underthesea')"
        " if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
