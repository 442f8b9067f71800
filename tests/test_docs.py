"""README.md (and the docs it names) documents every command, every option and every setting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from core.settings import Settings
from hoso.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The README and every docs/*.md page it links to.
DOCS = README + "".join(
    (ROOT / name).read_text(encoding="utf-8")
    for name in sorted(set(re.findall(r"\((docs/[\w.-]+\.md)\)", README)))
)
LIBRARY = ("core", "extractors", "nlp", "index", "ingest", "reports", "flows", "hoso")


def walk(command: click.Command, path: str = "hoso") -> Iterator[tuple[str, click.Command]]:
    """(`hoso facts export`, its command) for the group and every command below it."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from walk(sub, f"{path} {name}")


COMMANDS = dict(walk(cli))


def reference_row(path: str) -> str:
    """The README's command-line reference row of a command (its whole line)."""
    rows = [line for line in README.splitlines() if line.startswith(f"| `{path} ")]
    rows += [line for line in README.splitlines() if line.startswith(f"| `{path}`")]
    assert rows, f"`{path}` has no row in the README's command-line reference"
    return "\n".join(rows)


def options(command: click.Command) -> list[str]:
    """Every spelling of every option but --help (`-v` and `--verbose`, `--json`, …)."""
    return [
        opt
        for param in command.params
        if isinstance(param, click.Option) and param.name != "help"
        for opt in (*param.opts, *param.secondary_opts)
    ]


def documented_options(text: str) -> set[str]:
    """The options a piece of Markdown names in code (`--limit N`, `--from 2019 --to 2020`)."""
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)  # code blocks: not references
    return {word.strip("[]") for code in re.findall(r"`([^`]+)`", text) for word in code.split()}


def test_the_walk_finds_groups_and_their_commands() -> None:
    assert {"hoso", "hoso search", "hoso facts", "hoso facts export"} <= set(COMMANDS)


@pytest.mark.parametrize(
    "path", [p for p, c in COMMANDS.items() if p != "hoso" and not isinstance(c, click.Group)]
)
def test_every_command_and_option_is_in_its_reference_row(path: str) -> None:
    named = documented_options(reference_row(path))
    missing = [opt for opt in options(COMMANDS[path]) if opt not in named]
    assert not missing, f"`{path}`'s reference row does not mention {missing}"


def test_every_global_option_is_documented() -> None:
    named = documented_options(README)
    missing = [opt for opt in options(cli) if opt not in named]
    assert not missing, f"global options not in README.md: {missing}"


@pytest.mark.parametrize(("name", "env", "help_text"), Settings.help())
def test_every_setting_is_documented(name: str, env: str, help_text: str) -> None:
    assert f"`{env}`" in README
    assert help_text in README


VARIABLE = re.compile(r"\b(HOSO_[A-Z0-9_]*[A-Z0-9])\b")


def _variables(paths: list[Path]) -> set[str]:
    return {name for path in paths for name in VARIABLE.findall(path.read_text(encoding="utf-8"))}


def _undocumented(names: set[str]) -> list[str]:
    return sorted(set(names) - set(VARIABLE.findall(DOCS)))


def test_every_variable_hoso_reads_is_documented() -> None:
    """A HOSO_* variable the library or prefect.yaml names, set or not through Settings."""
    paths = [p for package in LIBRARY for p in (ROOT / package).rglob("*.py")]
    missing = _undocumented(_variables([*paths, ROOT / "prefect.yaml"]))
    assert not missing, f"HOSO_* variables not in README.md or its docs: {missing}"


def test_every_variable_of_the_tests_and_benchmarks_is_documented() -> None:
    """A HOSO_* variable the tests or benchmarks name is one a developer may set (the cluster
    to test against, the corpus, Chromium), unless they set it themselves for the processes they
    start (the worker names of tests/test_scale_out.py)."""
    paths = sorted((ROOT / "tests").glob("*.py")) + sorted((ROOT / "benchmarks").glob("*.py"))
    text = "".join(p.read_text(encoding="utf-8") for p in paths)
    internal = set(re.findall(r'"(HOSO_[A-Z0-9_]+)"\s*:', text))
    internal |= set(re.findall(r'\["(HOSO_[A-Z0-9_]+)"\]\s*=', text))
    internal |= set(re.findall(r"\b(HOSO_[A-Z0-9_]+)=", text))
    # LOAD_LOG = "HOSO_BENCH_LOAD_LOG" … os.environ[LOAD_LOG] = …
    for constant, name in re.findall(r'^(\w+) = "(HOSO_[A-Z0-9_]+)"$', text, re.MULTILINE):
        if re.search(rf"environ\[{constant}\] =", text):
            internal.add(name)
    missing = _undocumented(_variables(paths) - internal)
    assert not missing, f"HOSO_* variables not in README.md or its docs: {missing}"
