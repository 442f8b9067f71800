"""File → text. One module per format; `registry` chooses by content (magic bytes), then extension."""

from extractors.registry import EXTRACTORS, ExtractOptions, Extractor, choose, extract

__all__ = ["EXTRACTORS", "ExtractOptions", "Extractor", "choose", "extract"]
