"""The extractor contract: the options every extractor takes and the protocol each format module
meets. Imports no format, so a format module can import it without importing the others."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from core.records import Extraction


@dataclass(frozen=True)
class ExtractOptions:
    """How extractors may work: `cache_dir` holds results worth keeping across runs (OCR)."""

    cache_dir: Path | None = None
    ocr: bool = True


class Extractor(Protocol):
    FORMAT: str
    MIME_TYPES: tuple[str, ...]
    EXTENSIONS: tuple[str, ...]

    def sniff(self, head: bytes, path: Path) -> bool: ...

    def extract(self, path: Path, options: ExtractOptions) -> Extraction: ...
