"""Document records on Elasticsearch: written, read and deleted."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext

from elasticsearch import (
    NotFoundError,
)

from core.records import (
    Document,
)
from index.elasticsearch.catalog import Catalog
from index.elasticsearch.sources import document_source
from nlp.words import segment


class Records(Catalog):
    """The stored records: one document per content in the live generation, the record (the
    source of truth) with its underthesea segmentation and the fields search uses."""

    def get_document(self, doc_id: str) -> Document | None:
        self._ready()
        with self._errors("read a document"):
            try:
                found = self.client.get(
                    index=self.documents_alias, id=doc_id, source_includes=["record"]
                )
            except NotFoundError:
                return None
            doc = Document.from_json_dict(found["_source"]["record"])
            doc.paths = self._indexed_paths([doc_id]).get(doc_id, [])
        return doc

    def bulk(self) -> AbstractContextManager[None]:
        """Every bulk request already groups a batch; Elasticsearch refreshes on its own."""
        return nullcontext()

    def put_documents(self, docs: Sequence[Document], words: Sequence[str] | None = None) -> None:
        if not docs:
            return
        self._ready()
        words = list(words) if words is not None else [segment(doc.text) for doc in docs]
        ids = {doc.id for doc in docs}
        with self._errors("index documents"):
            paths = self._indexed_paths(ids)
            self._bulk(
                {
                    "_op_type": "index",
                    "_index": target,
                    "_id": doc.id,
                    "_source": document_source(doc, segmented, paths.get(doc.id, [])),
                }
                for target in self._write_targets()
                for doc, segmented in zip(docs, words, strict=True)
            )
            # A path recorded by another worker while this write was under way.
            self._sync_paths(ids)

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        if not ids:
            return
        self._ready()
        with self._errors("delete documents"):
            self._bulk(
                (
                    {"_op_type": "delete", "_index": target, "_id": i}
                    for target in self._write_targets()
                    for i in ids
                ),
                tolerate=(404,),
            )

    def document_ids(self) -> set[str]:
        """Records and search share one index here: the stored ids are the searchable ones."""
        self._ready()
        with self._errors("list documents"):
            return {
                s["id"] for s in self._scan(self.documents_alias, {"match_all": {}}, "id", ["id"])
            }

    def searchable_ids(self) -> set[str]:
        return self.document_ids()

    def count_documents(self) -> int:
        self._ready()
        with self._errors("count documents"):
            return int(self.client.count(index=self.documents_alias)["count"])
