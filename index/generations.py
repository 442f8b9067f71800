"""Generations of the embedded search index: build a new one beside the live one, then swap.

    search/CURRENT     the name of the live generation (replaced atomically with os.replace)
    search/PREVIOUS    the generation it replaced, kept for rollback
    search/BUILDING    a generation being built; an interrupted build resumes from it
    search/gen-N/      one Tantivy index each

Readers open whatever CURRENT names; a swap never touches the live directory.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class Generations:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _read(self, name: str) -> str | None:
        try:
            return (self.root / name).read_text().strip() or None
        except FileNotFoundError:
            return None

    def _write(self, name: str, value: str | None) -> None:
        target = self.root / name
        if value is None:
            target.unlink(missing_ok=True)
            return
        tmp = self.root / f".{name}.tmp"
        with tmp.open("w") as f:
            f.write(value)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)

    @property
    def current(self) -> str | None:
        return self._read("CURRENT")

    @property
    def previous(self) -> str | None:
        return self._read("PREVIOUS")

    @property
    def building(self) -> str | None:
        return self._read("BUILDING")

    def path(self, name: str) -> Path:
        return self.root / name

    def start_build(self) -> str:
        """The generation to build into: the interrupted one if any, else a new one."""
        if (name := self.building) and self.path(name).exists():
            return name
        numbers = [int(p.name[4:]) for p in self.root.glob("gen-*") if p.name[4:].isdigit()]
        name = f"gen-{max(numbers, default=0) + 1}"
        self._write("BUILDING", name)
        return name

    def activate(self, name: str) -> None:
        """Make `name` live; the live one becomes PREVIOUS; older generations are deleted."""
        current = self.current
        if current != name:
            self._write("PREVIOUS", current)
        self._write("CURRENT", name)
        if self.building == name:
            self._write("BUILDING", None)
        keep = {self.current, self.previous, self.building}
        for path in self.root.glob("gen-*"):
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def rollback(self) -> str:
        """Swap back to the previous generation; returns its name."""
        previous = self.previous
        if previous is None or not self.path(previous).exists():
            raise FileNotFoundError("no previous generation to roll back to")
        current = self.current
        self._write("CURRENT", previous)
        self._write("PREVIOUS", current)
        return previous
