"""Records → a search backend. One `Index` protocol (`index.base`), two implementations."""

from __future__ import annotations

from core.settings import Settings
from index.base import Index


def open_index(settings: Settings) -> Index:
    """The backend the settings select: Elasticsearch when `elasticsearch_url` is set, else the
    embedded one (SQLite + Tantivy in the data directory)."""
    if settings.elasticsearch_url:
        from index.elasticsearch import ElasticsearchIndex

        return ElasticsearchIndex.from_settings(settings)
    from index.embedded import EmbeddedIndex

    return EmbeddedIndex(settings.data_dir)


__all__ = ["Index", "open_index"]
