"""README.md documents every command, every option and every setting."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from hoso.cli import cli
from hoso.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_is_documented(name: str) -> None:
    command = cli.commands[name]
    assert f"`hoso {name}" in README
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert any(opt in README for opt in param.opts), f"{name} {param.opts}"


@pytest.mark.parametrize(("name", "env", "help_text"), Settings.help())
def test_every_setting_is_documented(name: str, env: str, help_text: str) -> None:
    assert f"`{env}`" in README
    assert help_text in README
