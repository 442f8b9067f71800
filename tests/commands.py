"""The `hoso` command for tests: in this process through click's CliRunner (most tests), or as a
real process (the console script's exit status, signals, Prefect's flow runs)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from click.testing import CliRunner

from hoso.cli import main

ROOT = Path(__file__).resolve().parents[1]
HOSO = [sys.executable, "-m", "hoso"]


class _ConsoleScript(click.Command):
    """`hoso.cli.main` as CliRunner invokes a command: errors become one line on standard error
    and an exit status exactly as in the console script, not click's standalone handling."""

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> None:  # type: ignore[override]
        main(list(args or ()))


@dataclass(frozen=True)
class Ran:
    """What a command did; the names of `subprocess.CompletedProcess`."""

    returncode: int
    stdout: str
    stderr: str


def hoso(data_dir: Path, *args: str, check: bool = True) -> Ran:
    """`hoso ARGS` with HOSO_DATA_DIR=`data_dir`, in this process; `check`: it must succeed."""
    result = CliRunner().invoke(
        _ConsoleScript("hoso"),
        list(args),
        env={"HOSO_DATA_DIR": str(data_dir)},
        prog_name="hoso",
        catch_exceptions=False,
    )
    ran = Ran(result.exit_code, result.stdout, result.stderr)
    if check:
        assert ran.returncode == 0, ran.stderr
    return ran


def hoso_json(data_dir: Path, *args: str) -> Any:
    """`hoso ARGS --json` in this process, its output parsed."""
    return json.loads(hoso(data_dir, *args, "--json").stdout)


def hoso_process(
    data_dir: Path, *args: str, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m hoso ARGS` of this checkout with HOSO_DATA_DIR=`data_dir` as a real process
    (this environment, or `env`); `check`: it must exit with status 0."""
    env = {**(os.environ if env is None else env), "HOSO_DATA_DIR": str(data_dir)}
    # The checkout under test, not an installed hoso, whatever the virtualenv holds.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [*HOSO, *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result
