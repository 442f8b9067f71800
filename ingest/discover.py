"""Discover: the files under the roots an ingest is given, and what names them in the catalog."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from extractors import bundle

# Partial downloads, editor lock files and OS metadata are never documents.
IGNORED_PREFIXES = (".", "~$", "~")
IGNORED_SUFFIXES = (".part", ".crdownload", ".tmp", ".swp", ".lock")


def is_ignored(path: Path) -> bool:
    name = path.name
    return name.startswith(IGNORED_PREFIXES) or name.lower().endswith(IGNORED_SUFFIXES)


def walk(roots: Iterable[Path]) -> Iterator[Path]:
    """Every candidate file under the roots (a root may itself be a file), sorted, absolute."""
    for root in roots:
        root = root.absolute()
        if root.is_file():
            yield root
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if not is_ignored(path) and path.is_file():
                    yield path


def catalog_path(path: Path) -> str:
    """The path as the catalog stores it: the path itself, or, for a name with bytes that are
    not UTF-8, the same with those bytes escaped (\\xNN)."""
    key = str(path)
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return key


def exists(path: str) -> bool:
    """Whether a catalog path still names a file, or a member of an archive that is one."""
    return os.path.exists(path) or bundle.split(path) is not None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
