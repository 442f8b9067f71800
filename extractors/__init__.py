"""File → text. One module per format; `registry` chooses by content (magic bytes), then extension."""

from extractors.contract import ExtractOptions, Extractor
from extractors.registry import EXTRACTORS, choose, extract

__all__ = ["EXTRACTORS", "ExtractOptions", "Extractor", "choose", "extract"]
