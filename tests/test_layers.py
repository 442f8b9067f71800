"""Layers follow the data: a module may import only the layers below its own, and only flows/
imports Prefect. Parsed from the source, so a violation fails before anything runs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Lowest first. The core data model, errors and settings sit under everything.
LAYERS = [
    {"core"},
    {"nlp"},
    {"extractors"},
    {"index"},
    {"ingest"},
    {"flows"},
    {"hoso"},
]
PROJECT = ("core", "nlp", "extractors", "index", "ingest", "flows", "hoso")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int | None:
    """The layer of the most specific name that covers `module` (None: not a project module)."""
    matches = [
        (len(name), level)
        for level, names in enumerate(LAYERS)
        for name in names
        if module == name or module.startswith(name + ".")
    ]
    return max(matches)[1] if matches else None


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


SOURCES = sorted(p for package in PROJECT for p in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_layer_reaches_up(path: Path) -> None:
    module = module_name(path)
    own = layer_of(module)
    assert own is not None, f"{module} belongs to no layer: add it to LAYERS"
    for imported in imports(path):
        if imported.split(".")[0] == "prefect":
            assert module.startswith("flows"), f"{module} imports Prefect; only flows/ may"
        target = layer_of(imported)
        assert target is None or target <= own, (
            f"{module} (layer {own}) reaches up to {imported} (layer {target})"
        )


def test_search_does_not_load_prefect_or_heavy_parsers() -> None:
    code = (
        "import sys, hoso.cli, index.embedded, index.tantivy;"
        "heavy = [m for m in ('prefect', 'pdfplumber', 'docx', 'trafilatura', 'underthesea')"
        " if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
