"""The Elasticsearch backend: catalog, records and search in one cluster that many workers share.

Each index lives behind an alias (mappings and analyzers: `index.elasticsearch.mapping`):
- `<prefix>-files` → `<prefix>-files-<version>`: the catalog, one document per path (its id is
  the sha256 of the path), so ingest workers on several machines share one catalog and `claim` a
  file before working on it;
- `<prefix>-documents` → `<prefix>-documents-<version>-<n>`: the live search generation, one
  document per content: the record (the source of truth), its underthesea segmentation, and the
  fields search uses. `-previous` and `-building` aliases name the generation a swap replaced and
  one being built (`hoso reindex`).

Everything is created on first use; a mapping change builds a new generation from the stored
records (never segmenting again) and swaps the alias atomically.

Every write refreshes before it returns, so what a call wrote is visible to the next (the
`Index` protocol's rule). Requests are retried with backoff on 429, 5xx and connection errors
(by the client, and bulk items by `_bulk`); what still fails becomes `BackendError` with
Elasticsearch's own reason, so the caller leaves its files pending.

Back-pressure: a 429 is the cluster saying its write queue is full. Bulk requests shrink (halved
on each 429) and grow back slowly (`BulkPacer`), and the writer pauses before sending again, so
many workers writing to one cluster settle at the rate it can take.

One module per role, each class building on the one before (no module imports a later one):

| module | holds |
| --- | --- |
| `client.py` | `connect`, `Client`: errors turned into hoso's, retries, bulk writes with back-pressure |
| `mapping.py` | settings, analyzers and mappings of the indices, and their versions |
| `sources.py` | a catalog entry and a document record as the sources the indices hold |
| `generations.py` | `Generations`: aliases, mapping versions, search generations (build, swap, rollback) |
| `catalog.py` | `Catalog`: the files, their states and claims |
| `records.py` | `Records`: the stored documents |
| `search.py` | `Search`: the query plan as a query, rescore, highlights, facets, similar documents |
"""

from __future__ import annotations

from index.elasticsearch.client import connect
from index.elasticsearch.search import Search, build_query, snippet_html
from index.elasticsearch.sources import document_source, file_id

__all__ = [
    "ElasticsearchIndex",
    "build_query",
    "connect",
    "document_source",
    "file_id",
    "snippet_html",
]


class ElasticsearchIndex(Search):
    """The `Index` protocol on an Elasticsearch cluster (any version the client speaks to): the
    client and the roles of `index.base` (catalog, records, search, generations) in one object.

    Takes ownership of `client`. Nothing is sent before the first call that needs the cluster,
    so an index can be opened while the cluster is down; that call raises `BackendError`.
    """
