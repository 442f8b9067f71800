"""The Elasticsearch indices of hoso: settings, analyzers and mappings, and their versions.

Only built-in analysis components, so any Elasticsearch (or OpenSearch) cluster works without
plugins. Vietnamese writes one syllable per space-separated token, so a word tokenizer plus
lower-casing is a syllable analyzer; what the cluster cannot do, hoso does before sending:
- NFC and one tone-mark convention (`nlp.normalize.normalize_tones`) on every matched text;
- word segmentation with underthesea (`nlp.words.segment`), kept in the record so re-indexing
  into a new version never runs it again.

Each text is indexed like the embedded backend's Tantivy fields:
- `title`, `body`: syllables with their diacritics ("bán" ≠ "bàn"), for exact matches;
- `title.folded`, `body.folded`: the same syllables lower-cased and ASCII-folded (đ → d), so
  "hoi dong" matches "hội đồng"; phrases match on positions in both;
- `words`: underthesea words ("hội_đồng_nhân_dân"), folded, to rank multi-syllable words;
- `meta`: the type, the issuer and the number, folded syllables ("12 2019 nq hdnd").
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

# Bump when the document an index holds is derived differently (same mapping, other content):
# together with the mapping itself it names the index version, so either change re-indexes.
DERIVATION_VERSION = 1
MAX_TOKEN_CHARS = 60
# Lucene refuses terms over 32766 bytes; a character is at most 4 bytes in UTF-8.
MAX_KEYWORD_CHARS = 8191

_ANALYSIS: dict[str, Any] = {
    "filter": {
        # Tantivy's remove_long(60): no Vietnamese syllable is that long; base64 or URLs are.
        "hoso_max_length": {"type": "length", "max": MAX_TOKEN_CHARS},
    },
    "analyzer": {
        "hoso_syllables": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "hoso_max_length"],
        },
        "hoso_folded": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "hoso_max_length"],
        },
        # `words` holds "hội_đồng nhân_dân …": only spaces separate words there.
        "hoso_words": {
            "type": "custom",
            "tokenizer": "whitespace",
            "filter": ["lowercase", "asciifolding", "hoso_max_length"],
        },
    },
}


def _keyword() -> dict[str, Any]:
    return {"type": "keyword", "ignore_above": MAX_KEYWORD_CHARS}


def _name() -> dict[str, Any]:
    """A canonical name: exact for facets, folded syllables for filters ("HĐND" in any issuer)."""
    return {**_keyword(), "fields": {"folded": {"type": "text", "analyzer": "hoso_folded"}}}


def _syllable_text(offsets: bool = False) -> dict[str, Any]:
    folded: dict[str, Any] = {"type": "text", "analyzer": "hoso_folded"}
    if offsets:
        # Snippets come from `body.folded`. With offsets in the postings the highlighter never
        # re-analyzes the text, so a long document is never cut off by a re-analysis limit
        # (`index.highlight.max_analyzed_offset`, named `max_analyzer_offset` in OpenSearch).
        folded["index_options"] = "offsets"
    return {"type": "text", "analyzer": "hoso_syllables", "fields": {"folded": folded}}


DOCUMENTS: dict[str, Any] = {
    "settings": {
        # One shard: scores (and so the ranking) do not depend on how documents were routed.
        "number_of_shards": 1,
        "auto_expand_replicas": "0-1",
        "analysis": _ANALYSIS,
    },
    "mappings": {
        # The record carries many more facts than are searched; they stay in _source only.
        "dynamic": False,
        "properties": {
            "id": _keyword(),
            "title": _syllable_text(),
            "body": _syllable_text(offsets=True),
            "words": {"type": "text", "analyzer": "hoso_words"},
            # The type, the issuer (as written, expanded, abbreviated) and the number: syllables.
            "meta": {"type": "text", "analyzer": "hoso_folded"},
            "doc_type": _keyword(),
            "doc_number": _keyword(),
            "issuer": _name(),
            # The issuer as written and with abbreviations expanded: what issuer filters match.
            "issuer_names": {"type": "text", "analyzer": "hoso_folded"},
            "place": _keyword(),
            "bodies": _name(),
            "people": _keyword(),
            # Each body's name as written, expanded and abbreviated: what body filters match.
            "body_names": {"type": "text", "analyzer": "hoso_folded"},
            "session": _name(),
            "term": _name(),
            "paths": _keyword(),
            "format": _keyword(),
            "sha256": _keyword(),
            # Also the date orders (documents without a date last).
            "issued_date": {"type": "date", "format": "strict_date_optional_time"},
            "year": {"type": "integer"},
            "size": {"type": "long"},
            "pipeline_version": {"type": "integer"},
            # Nested, so "248 nội dung công việc completed" pairs number, unit and role of the
            # same count, never the number of one with the role of another.
            "task_counts": {
                "type": "nested",
                "properties": {
                    "number": {"type": "double"},
                    "total": {"type": "double"},
                    "percent": {"type": "double"},
                    "unit": {
                        "type": "keyword",
                        "ignore_above": MAX_KEYWORD_CHARS,
                        "fields": {"folded": {"type": "text", "analyzer": "hoso_folded"}},
                    },
                    "role": _keyword(),
                    "kind": _keyword(),
                    "period": _keyword(),
                },
            },
            # The source of truth: the whole record as `Document.to_json_dict` made it (without
            # paths, which belong to the catalog) and its underthesea segmentation.
            "record": {"type": "object", "enabled": False},
        },
    },
}

FILES: dict[str, Any] = {
    "settings": {"number_of_shards": 1, "auto_expand_replicas": "0-1"},
    "mappings": {
        "dynamic": False,
        "properties": {
            "path": {"type": "keyword"},
            "size": {"type": "long"},
            "mtime_ns": {"type": "long"},
            "sha256": {"type": "keyword"},
            "status": {"type": "keyword"},
            "format": {"type": "keyword"},
            "error": {"type": "text", "index": False},
            "doc_id": {"type": "keyword"},
            "pipeline_version": {"type": "integer"},
            "attempts": {"type": "integer"},
            "updated_at": {"type": "date"},
        },
    },
}


def version_of(body: dict[str, Any]) -> str:
    """A short name for an index body and the derivation version: it changes when either does."""
    canonical = json.dumps([DERIVATION_VERSION, body], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:10]
