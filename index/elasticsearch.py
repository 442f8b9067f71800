"""The Elasticsearch backend: catalog, records and search in one cluster that many workers share.

Each index lives behind an alias (mappings and analyzers: `index.elasticsearch_mapping`):
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
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import itertools
import logging
import math
import random
import re
import time
import uuid
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import elastic_transport
from elasticsearch import (
    ApiError,
    AuthenticationException,
    AuthorizationException,
    BadRequestError,
    ConflictError,
    Elasticsearch,
    NotFoundError,
    helpers,
)

from core.errors import BackendError, UsageError
from core.records import (
    Document,
    FileEntry,
    FileStatus,
    SearchHit,
    SearchQuery,
    SearchResult,
    Sort,
    person_names,
    to_json_dict,
)
from core.settings import Settings
from index import elasticsearch_mapping as mapping
from index.query import (
    PHRASE_SLOP,
    SIMILAR_TERMS,
    WEIGHTS,
    Part,
    Plan,
    Term,
    date_range,
    document_fields,
    explain,
    issuer_names,
    meta_values,
    plan,
    similar_text,
    stop_words,
)
from nlp.header import normalize_number
from nlp.normalize import normalize_tones
from nlp.words import segment

log = logging.getLogger(__name__)

RETRY_STATUSES = (429, 500, 502, 503, 504)
RETRIES = 3
BACKOFF = 0.5  # seconds before the first retry; doubled (with jitter) for each next one
MAX_BACKOFF = 10.0
BULK_CHUNK_DOCS = 200
BULK_CHUNK_BYTES = 10 * 1024 * 1024
# A 429 asks for patience, not a failure: refused items are sent again (in ever smaller requests,
# after ever longer pauses) until this many requests in a row got nothing through.
THROTTLED_RETRIES = 8
PAGE = 1000
# Elasticsearch's default `index.max_result_window`: from + size beyond it is refused.
MAX_RESULT_WINDOW = 10_000
SNIPPET_CHARS = 240
# The ranking of the embedded backend (index.tantivy): one plan, one set of weights.
# Where a query's words match, scored by BM25 (and in `meta`, the type, issuer and number,
# by a constant).
_TEXT_FIELDS = {"title.folded": WEIGHTS.title, "body.folded": WEIGHTS.body}
FACET_FIELDS = (
    "doc_type",
    "format",
    "year",
    "issuer",
    "bodies",
    "session",
    "term",
    "people",
)
# Highlight marks no text contains (private use area), replaced by <b>…</b> once the fragment
# is mapped back to the document's own spelling and HTML-escaped.
_MARK, _UNMARK = "\ue000", "\ue001"
_MARKS = re.compile(f"({_MARK}|{_UNMARK})")
# What a syllable analyzer keeps: a run of letters or digits no longer than the length filter.
_SYLLABLE = re.compile(r"[^\W_]+")
_PREFIX = re.compile(r"[a-z0-9][a-z0-9._-]*")
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^)'\"]+)")
_REBUILDING = (
    "the documents index takes no writes while a new search generation is built "
    "(hoso reindex); run again when that is done"
)


def connect(settings: Settings, **client_options: Any) -> Elasticsearch:
    """A client for the cluster the settings name; `client_options` override or add options."""
    if not settings.elasticsearch_url:
        raise UsageError("HOSO_ELASTICSEARCH_URL is not set")
    hosts = [u.strip() for u in settings.elasticsearch_url.split(",") if u.strip()]
    options: dict[str, Any] = {
        "hosts": hosts,
        "request_timeout": settings.elasticsearch_timeout,
        "max_retries": RETRIES,
        "retry_on_status": RETRY_STATUSES,
        "retry_on_timeout": True,
        "retry_backoff_base": BACKOFF,
        "retry_backoff_cap": MAX_BACKOFF,
    }
    if settings.elasticsearch_api_key and settings.elasticsearch_username:
        raise UsageError(
            "set HOSO_ELASTICSEARCH_API_KEY or HOSO_ELASTICSEARCH_USERNAME and _PASSWORD, not both"
        )
    if settings.elasticsearch_api_key:
        options["api_key"] = settings.elasticsearch_api_key
    if settings.elasticsearch_username:
        options["basic_auth"] = (
            settings.elasticsearch_username,
            settings.elasticsearch_password or "",
        )
    if settings.elasticsearch_ca_certs:
        options["ca_certs"] = str(settings.elasticsearch_ca_certs)
    if settings.elasticsearch_fingerprint:
        options["ssl_assert_fingerprint"] = settings.elasticsearch_fingerprint
    options.update(client_options)
    try:
        return Elasticsearch(**options)
    except ValueError:
        shown = ", ".join(_redact(h) for h in hosts)
        # The client's message may quote the URL, credentials included; ours never does.
        raise UsageError(
            f"HOSO_ELASTICSEARCH_URL must be URLs like http://localhost:9200: {shown!r}"
        ) from None


def _redact(url: str) -> str:
    """The URL without the user name and password it may carry."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def file_id(path: str) -> str:
    """The catalog document id of a path: paths may be longer than an id may be (512 bytes)."""
    return hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()


def _entry_source(entry: FileEntry, updated_at: str) -> dict[str, Any]:
    source: dict[str, Any] = to_json_dict(entry)
    source["updated_at"] = updated_at
    return source


def _entry_from_source(source: dict[str, Any]) -> FileEntry:
    known = {f.name for f in dataclasses.fields(FileEntry)}
    values = {k: v for k, v in source.items() if k in known}
    values["status"] = FileStatus(values["status"])
    return FileEntry(**values)


def _search_date(value: str | None) -> str | None:
    """An ISO date Elasticsearch accepts (YYYY, YYYY-MM, YYYY-MM-DD), or None: a fact that is no
    real date stays in the record but must not make the cluster refuse the whole document."""
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}", value):
            return value
        if re.fullmatch(r"\d{4}-\d{2}", value):
            dt.date.fromisoformat(value + "-01")
            return value
        return dt.date.fromisoformat(value[:10]).isoformat() if len(value) >= 10 else None
    except ValueError:
        return None


def _number(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def document_source(doc: Document, words: str, paths: Sequence[str]) -> dict[str, Any]:
    """What the documents index holds for a record: the searched fields, the record itself and
    its segmentation. Texts are matched in one tone-mark convention (`normalize_tones`)."""
    record = doc.to_json_dict()
    # Paths belong to the catalog; the record never carries a stale copy of them.
    record.pop("paths"), record.pop("path")
    issued = _search_date(doc.issued_date)
    return {
        "id": doc.id,
        "title": normalize_tones(doc.title or ""),
        "body": normalize_tones(doc.text),
        "words": words,
        "doc_type": doc.doc_type,
        "doc_number": doc.doc_number_normalized,
        "issuer": doc.issuer,
        "issuer_names": issuer_names(doc.issuer),
        "meta": meta_values(doc),
        "place": doc.place,
        "bodies": [b.name for b in doc.bodies],
        "people": person_names(doc),
        "body_names": list(dict.fromkeys(n for b in doc.bodies for n in issuer_names(b.name))),
        "session": doc.session,
        "term": doc.term,
        "paths": sorted(paths),
        "format": doc.format,
        "sha256": doc.sha256,
        "issued_date": issued,
        "year": int(issued[:4]) if issued else None,
        "size": doc.size,
        "pipeline_version": doc.pipeline_version,
        "task_counts": [
            {
                "number": _number(t.number),
                "total": _number(t.total),
                "percent": _number(t.percent),
                "unit": t.unit,
                "role": t.role,
                "kind": t.kind,
                "period": t.period,
            }
            for t in doc.task_counts
        ],
        "record": record,
    }


def _rederive(source: dict[str, Any]) -> dict[str, Any]:
    """A documents-index source made again from its record and stored segmentation."""
    doc = Document.from_json_dict(source["record"])
    return document_source(doc, source.get("words", ""), source.get("paths") or [])


def _same(source: dict[str, Any]) -> dict[str, Any]:
    return source


def _reason(error: Exception) -> str:
    """Elasticsearch's own reason for a failure, in one line."""
    if isinstance(error, ApiError):
        body = error.body if isinstance(error.body, dict) else {}
        detail = body.get("error")
        if isinstance(detail, dict):
            causes = detail.get("root_cause") or [detail]
            cause = causes[0] if isinstance(causes[0], dict) else detail
            return f"{error.status_code} {cause.get('type', '')}: {cause.get('reason', '')}"
        return f"{error.status_code} {error.message}"
    found = _ERRNO.search(str(error))
    if found:
        return found.group(1).strip().lower()
    return str(error).split("\n")[0] or type(error).__name__


def _item_reason(info: dict[str, Any]) -> str:
    error = info.get("error")
    if isinstance(error, dict):
        return f"{info.get('status')} {error.get('type', '')}: {error.get('reason', '')}"
    return f"{info.get('status')} {error}"


@dataclass
class BulkPacer:
    """How many actions one bulk request carries: halved on every request the cluster throttled
    (429), grown back by `step` after every request it took without one. Additive increase and
    multiplicative decrease, as TCP paces a connection: workers sharing one cluster each back off
    at once when its write queue fills and creep back up, rather than resending full requests
    into a full queue."""

    size: int = BULK_CHUNK_DOCS
    maximum: int = BULK_CHUNK_DOCS
    minimum: int = 1
    step: int = max(1, BULK_CHUNK_DOCS // 20)
    throttled: int = 0  # requests answered with 429 so far

    def slow_down(self) -> None:
        self.size = max(self.minimum, self.size // 2)
        self.throttled += 1

    def speed_up(self) -> None:
        self.size = min(self.maximum, self.size + self.step)


class ElasticsearchIndex:
    """The `Index` protocol on an Elasticsearch cluster (any version the client speaks to).

    Takes ownership of `client`. Nothing is sent before the first call that needs the cluster,
    so an index can be opened while the cluster is down; that call raises `BackendError`.
    """

    def __init__(
        self,
        client: Elasticsearch,
        *,
        prefix: str = "hoso",
        retries: int = RETRIES,
        backoff: float = BACKOFF,
    ) -> None:
        if not _PREFIX.fullmatch(prefix):
            raise UsageError(
                f"index prefix {prefix!r}: use lower-case letters, digits, '.', '_' or '-'"
            )
        self.client = client
        self.prefix = prefix
        self.files_alias = f"{prefix}-files"
        self.documents_alias = f"{prefix}-documents"
        self.retries = retries
        self.backoff = backoff
        self.pacer = BulkPacer()
        self._ready_done = False

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        **client_options: Any,
    ) -> ElasticsearchIndex:
        """The index the settings configure; `client_options` go to the client (tests pass a
        transport node class there)."""
        options: dict[str, Any] = {
            "max_retries": retries,
            "retry_backoff_base": backoff,
            "retry_backoff_cap": max(backoff, min(MAX_BACKOFF, backoff * 20)),
        }
        options.update(client_options)
        return cls(
            connect(settings, **options),
            prefix=settings.elasticsearch_index_prefix,
            retries=retries,
            backoff=backoff,
        )

    def __repr__(self) -> str:
        return f"ElasticsearchIndex({self.hosts!r}, prefix={self.prefix!r})"

    @property
    def hosts(self) -> str:
        """The cluster's addresses, for messages (never with credentials)."""
        nodes = self.client.transport.node_pool.all()
        return ", ".join(_redact(n.base_url) for n in nodes) or "?"

    # -- plumbing ------------------------------------------------------------------------------
    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Turn the client's exceptions into hoso's: one line saying what failed and why."""
        try:
            yield
        except (BackendError, UsageError):
            raise
        except elastic_transport.TlsError as e:
            raise BackendError(
                f"TLS with Elasticsearch at {self.hosts} failed ({_reason(e)}) while trying to "
                f"{action}: check HOSO_ELASTICSEARCH_CA_CERTS or HOSO_ELASTICSEARCH_FINGERPRINT"
            ) from e
        except elastic_transport.ConnectionTimeout as e:
            raise BackendError(
                f"Elasticsearch at {self.hosts} did not answer in time to {action}"
                " (HOSO_ELASTICSEARCH_TIMEOUT sets the limit)"
            ) from e
        except elastic_transport.ConnectionError as e:
            raise BackendError(
                f"cannot reach Elasticsearch at {self.hosts} to {action}: {_reason(e)}"
            ) from e
        except AuthenticationException as e:
            raise BackendError(
                f"Elasticsearch at {self.hosts} refused the credentials ({_reason(e)}): check "
                "HOSO_ELASTICSEARCH_API_KEY or HOSO_ELASTICSEARCH_USERNAME and _PASSWORD"
            ) from e
        except AuthorizationException as e:
            if "cluster_block_exception" in _reason(e):
                raise BackendError(f"cannot {action}: {_REBUILDING}") from e
            raise BackendError(
                f"Elasticsearch at {self.hosts} does not allow these credentials to {action}: "
                f"{_reason(e)}"
            ) from e
        except (ApiError, elastic_transport.TransportError) as e:
            raise BackendError(f"Elasticsearch failed to {action}: {_reason(e)}") from e

    def _ready(self) -> None:
        """Create the indices and aliases on first use, or move them to a new mapping version."""
        if self._ready_done:
            return
        with self._errors("prepare its indices"):
            self._ensure_files()
            for attempt in range(2):
                live = self._alias_targets(self.documents_alias)
                if live and self._generation_version(live[0]) == self._documents_version():
                    break
                # First use, or the mapping changed: a generation of this version from the
                # records (the older one stays as the previous generation).
                try:
                    self._activate(self._build())
                except NotFoundError:
                    if attempt:  # another worker swapped the aliases at the same time
                        raise
        self._ready_done = True

    def version_index(self, alias: str, body: dict[str, Any]) -> str:
        """The name of the index that holds `alias` for this version of its mapping."""
        return f"{alias}-{mapping.version_of(body)}"

    def _ensure_files(self) -> None:
        """The catalog behind its alias, moved to a new index when its mapping changed."""
        alias, target = self.files_alias, self.version_index(self.files_alias, mapping.FILES)
        self._create(target, mapping.FILES)
        current = self._alias_targets(alias)
        if current == [target]:
            return
        older = [name for name in current if name != target]
        for name in older:
            self._copy(name, target, _same, op_type="create")
        actions: list[dict[str, Any]] = [{"remove": {"index": n, "alias": alias}} for n in older]
        try:
            self.client.indices.update_aliases(
                actions=[*actions, {"add": {"index": target, "alias": alias}}]
            )
        except NotFoundError:
            return  # another worker moved the alias at the same time
        for name in older:
            log.info("moved %s from %s to %s", alias, name, target)
            self.client.options(ignore_status=404).indices.delete(index=name)

    def _create(self, name: str, body: dict[str, Any]) -> bool:
        """Create an index; False when it exists already (another worker may have made it)."""
        try:
            self.client.indices.create(
                index=name, settings=body["settings"], mappings=body["mappings"]
            )
        except BadRequestError as e:
            if e.error != "resource_already_exists_exception":
                raise
            return False
        return True

    def _alias_targets(self, alias: str) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=alias).body)
        except NotFoundError:
            if self.client.indices.exists(index=alias):
                raise BackendError(
                    f"an index named {alias} exists where hoso keeps an alias; "
                    "choose another HOSO_ELASTICSEARCH_INDEX_PREFIX"
                ) from None
            return []

    def _copy(
        self,
        source: str,
        target: str,
        rederive: Callable[[dict[str, Any]], dict[str, Any]],
        op_type: str = "index",
    ) -> None:
        """Fill `target` from every document of `source`, each made again by `rederive`."""
        hits = helpers.scan(self.client, index=source, query={"query": {"match_all": {}}})
        actions = (
            {
                "_op_type": op_type,
                "_index": target,
                "_id": hit["_id"],
                "_source": rederive(hit["_source"]),
            }
            for hit in hits
        )
        self._bulk(actions, tolerate=(409,))

    # -- generations of the documents index ----------------------------------------------------
    # `<prefix>-documents` is the live generation, `<prefix>-documents-previous` the one it
    # replaced (for rollback), `<prefix>-documents-building` one being built; each generation is
    # an index `<prefix>-documents-<mapping version>-<n>`.
    def _documents_version(self) -> str:
        return mapping.version_of(mapping.DOCUMENTS)

    def _generation_version(self, name: str) -> str | None:
        found = re.fullmatch(re.escape(self.documents_alias) + r"-([0-9a-f]+)-(\d+)", name)
        return found.group(1) if found else None

    def _generations(self) -> list[str]:
        """Every generation index of this prefix (never another prefix's that merely shares its
        beginning)."""
        found = self.client.indices.get(index=f"{self.documents_alias}-*").body
        return sorted(n for n in found if self._generation_version(n) is not None)

    def _build(self) -> str:
        """Build (or finish building) a generation of the current mapping version from the live
        one. The live generation takes no writes meanwhile: a write block, lifted in any case,
        makes concurrent ingest fail with a clear BackendError and leave its files pending."""
        building_alias = f"{self.documents_alias}-building"
        version = self._documents_version()
        building = self._alias_targets(building_alias)
        if building and self._generation_version(building[0]) == version:
            name = building[0]
        else:
            numbers = [int(n.rsplit("-", 1)[1]) for n in self._generations()]
            name = f"{self.documents_alias}-{version}-{max(numbers, default=0) + 1}"
            self._create(name, mapping.DOCUMENTS)
            actions = [{"remove": {"index": n, "alias": building_alias}} for n in building]
            self.client.indices.update_aliases(
                actions=[*actions, {"add": {"index": name, "alias": building_alias}}]
            )
        live = self._alias_targets(self.documents_alias)
        for source in live:
            if source == name:
                continue
            self.client.indices.put_settings(index=source, settings={"index.blocks.write": True})
            try:
                self._copy(source, name, _rederive)
            finally:
                self.client.indices.put_settings(
                    index=source, settings={"index.blocks.write": None}
                )
        self.client.indices.refresh(index=name)
        return name

    def _activate(self, name: str) -> None:
        """Make `name` live in one atomic alias change; the live one becomes the previous one and
        older generations are deleted."""
        alias = self.documents_alias
        previous_alias, building_alias = f"{alias}-previous", f"{alias}-building"
        if not self.client.indices.exists(index=name) or self._generation_version(name) is None:
            raise UsageError(f"no search generation named {name!r}")
        live = self._alias_targets(alias)
        previous = self._alias_targets(previous_alias)
        building = self._alias_targets(building_alias)
        actions: list[dict[str, Any]] = []
        if live != [name]:
            actions += [{"remove": {"index": n, "alias": alias}} for n in live]
            actions.append({"add": {"index": name, "alias": alias}})
            actions += [{"remove": {"index": n, "alias": previous_alias}} for n in previous]
            actions += [{"add": {"index": n, "alias": previous_alias}} for n in live]
        if name in building:
            actions.append({"remove": {"index": name, "alias": building_alias}})
        if actions:
            self.client.indices.update_aliases(actions=actions)
        keep = {name, *(n for n in live if n != name), *(n for n in building if n != name)}
        if live == [name]:
            keep.update(previous)
        for old in self._generations():
            if old not in keep:
                self.client.options(ignore_status=404).indices.delete(index=old)

    @property
    def current_generation(self) -> str | None:
        """The live generation: the index the documents alias points at."""
        self._ready()
        with self._errors("read the live generation"):
            live = self._alias_targets(self.documents_alias)
        return live[0] if live else None

    def build_generation(self) -> str:
        """Build a new generation from the stored records beside the live one (finishing an
        interrupted build); returns its name. Searches keep answering meanwhile."""
        self._ready()
        with self._errors("build a search generation"):
            return self._build()

    def activate_generation(self, name: str) -> None:
        self._ready()
        with self._errors("activate a search generation"):
            self._activate(name)

    def rollback_generation(self) -> str:
        """Swap back to the generation the last activation replaced; returns its name."""
        self._ready()
        alias, previous_alias = self.documents_alias, f"{self.documents_alias}-previous"
        with self._errors("roll back the search generation"):
            previous = self._alias_targets(previous_alias)
            if not previous or not self.client.indices.exists(index=previous[0]):
                raise UsageError("no previous generation to roll back to")
            live = self._alias_targets(alias)
            actions: list[dict[str, Any]] = [{"remove": {"index": n, "alias": alias}} for n in live]
            actions += [
                {"add": {"index": previous[0], "alias": alias}},
                {"remove": {"index": previous[0], "alias": previous_alias}},
            ]
            actions += [{"add": {"index": n, "alias": previous_alias}} for n in live]
            self.client.indices.update_aliases(actions=actions)
        return previous[0]

    def _write_targets(self) -> list[str]:
        """Where document writes go: the live generation and, while one is being built or
        awaits activation, that one too (it must not miss what is written meanwhile)."""
        return [self.documents_alias, *self._alias_targets(f"{self.documents_alias}-building")]

    def _bulk(self, actions: Iterable[dict[str, Any]], tolerate: Collection[int] = ()) -> list[str]:
        """Send actions in bulk requests of `self.pacer.size` actions. Items refused with 429
        are sent again, in smaller requests after a pause, for as long as the cluster takes
        something at least every `THROTTLED_RETRIES` requests; items refused with 5xx are sent
        again up to `self.retries` times. Returns the ids of items that failed with a `tolerate`
        status; any other failure raises `BackendError` with Elasticsearch's reasons (nothing is
        half-reported)."""
        tolerated: list[str] = []
        failed: list[str] = []
        source = iter(actions)
        # Items to send again: (action, times sent after a 5xx, its last refusal).
        again: deque[tuple[dict[str, Any], int, dict[str, Any] | None]] = deque()
        busy = 0  # throttled requests in a row that the cluster took nothing from
        while True:
            chunk = [again.popleft() for _ in range(min(len(again), self.pacer.size))]
            chunk += [(a, 0, None) for a in itertools.islice(source, self.pacer.size - len(chunk))]
            if not chunk:
                break
            results = self._send_bulk([action for action, _, _ in chunk])
            throttled, took, retried = [], False, 0
            for (action, sent, _), (ok, info) in zip(chunk, results, strict=True):
                status = info.get("status")
                if ok:
                    took = True
                elif status == 429:
                    throttled.append((action, sent, info))
                elif status in RETRY_STATUSES and sent < self.retries:
                    again.append((action, sent + 1, info))
                    retried = max(retried, sent + 1)
                elif status in tolerate:
                    tolerated.append(str(info.get("_id")))
                else:
                    failed.append(f"{info.get('_id')}: {_item_reason(info)}")
            if not throttled:
                self.pacer.speed_up()
                busy = 0
                if retried:
                    self._pause(retried)
                continue
            self.pacer.slow_down()
            busy = 0 if took else busy + 1
            if busy >= THROTTLED_RETRIES:
                failed += [f"{info.get('_id')}: {_item_reason(info)}" for _, _, info in throttled]
                break
            log.info("Elasticsearch is busy (429): bulk requests now %d actions", self.pacer.size)
            again.extendleft(reversed(throttled))
            self._pause(max(busy, retried, 1))
        if failed:
            shown = "; ".join(failed[:3]) + (f"; and {len(failed) - 3} more" if failed[3:] else "")
            hint = f" ({_REBUILDING})" if "cluster_block_exception" in shown else ""
            raise BackendError(f"Elasticsearch refused {len(failed)} item(s): {shown}{hint}")
        return tolerated

    def _pause(self, attempt: int) -> None:
        """Wait before sending again: exponential backoff with jitter, so workers that were
        refused together do not come back together."""
        pause = min(MAX_BACKOFF, self.backoff * 2 ** (attempt - 1))
        time.sleep(pause * random.uniform(0.5, 1.0))

    def _send_bulk(self, actions: list[dict[str, Any]]) -> list[tuple[bool, dict[str, Any]]]:
        """One round of bulk requests: (ok, item result) for each action, in order. A whole
        request refused with a retryable status counts as each of its items refused with it."""
        # The client must not retry a 429 itself: the pacer has to see it to slow down.
        client = self.client.options(retry_on_status=[s for s in RETRY_STATUSES if s != 429])
        results: list[tuple[bool, dict[str, Any]]] = []
        try:
            for ok, item in helpers.streaming_bulk(
                client,
                actions,
                chunk_size=len(actions),
                max_chunk_bytes=BULK_CHUNK_BYTES,
                raise_on_error=False,
                max_retries=0,
                yield_ok=True,
                refresh=True,
            ):
                results.append((ok, next(iter(item.values()))))
        except ApiError as e:
            if e.status_code not in RETRY_STATUSES:
                raise
            refused = {"status": e.status_code, "error": _reason(e)}
            results += [(False, {**refused, "_id": a.get("_id")}) for a in actions[len(results) :]]
        return results

    def _scan(
        self, index: str, query: dict[str, Any], sort_field: str, fields: list[str]
    ) -> Iterator[dict[str, Any]]:
        """Every matching source in `sort_field` order (search_after: no server-side state)."""
        after: list[Any] | None = None
        while True:
            page = self.client.search(
                index=index,
                query=query,
                sort=[{sort_field: "asc"}],
                size=PAGE,
                source_includes=fields,
                search_after=after,
                track_total_hits=False,
            )
            hits = page["hits"]["hits"]
            for hit in hits:
                yield hit["_source"]
            if len(hits) < PAGE:
                return
            after = hits[-1]["sort"]

    # -- catalog -------------------------------------------------------------------------------
    def get_file(self, path: str) -> FileEntry | None:
        self._ready()
        with self._errors("read the catalog"):
            try:
                found = self.client.get(index=self.files_alias, id=file_id(path))
            except NotFoundError:
                return None
        return _entry_from_source(found["_source"])

    def _doc_ids_of(self, paths: Sequence[str]) -> set[str]:
        """The documents these paths point at now (their indexed paths may be about to change)."""
        if not paths:
            return set()
        found = self.client.mget(
            index=self.files_alias, ids=[file_id(p) for p in paths], source_includes=["doc_id"]
        )
        return {
            d["_source"]["doc_id"]
            for d in found["docs"]
            if d.get("found") and d["_source"].get("doc_id")
        }

    def put_files(self, entries: Iterable[FileEntry]) -> None:
        entries = list(entries)
        if not entries:
            return
        self._ready()
        now = _now()
        with self._errors("write the catalog"):
            affected = self._doc_ids_of([e.path for e in entries])
            self._bulk(
                {
                    "_op_type": "index",
                    "_index": self.files_alias,
                    "_id": file_id(e.path),
                    "_source": _entry_source(e, now),
                }
                for e in entries
            )
            self._sync_paths(affected | {e.doc_id for e in entries if e.doc_id})

    def remove_files(self, paths: Iterable[str]) -> None:
        paths = list(paths)
        if not paths:
            return
        self._ready()
        with self._errors("remove files from the catalog"):
            affected = self._doc_ids_of(paths)
            self._bulk(
                (
                    {"_op_type": "delete", "_index": self.files_alias, "_id": file_id(p)}
                    for p in paths
                ),
                tolerate=(404,),
            )
            self._sync_paths(affected)

    def files(
        self, *, under: str | None = None, status: FileStatus | None = None
    ) -> list[FileEntry]:
        self._ready()
        filters: list[dict[str, Any]] = []
        if under is not None:
            prefix = under.rstrip("/") + "/"
            filters.append(
                {
                    "bool": {
                        "should": [
                            {"term": {"path": under}},
                            {"prefix": {"path": prefix}},
                        ],
                        "minimum_should_match": 1,
                    }
                }
            )
        if status is not None:
            filters.append({"term": {"status": status.value}})
        with self._errors("list the catalog"):
            return [
                _entry_from_source(s)
                for s in self._scan(self.files_alias, {"bool": {"filter": filters}}, "path", [])
            ]

    def claim(self, entry: FileEntry, expected: FileEntry | None) -> bool:
        """Make `entry` (as processing) the catalog entry of its path, only if the catalog still
        holds `expected` (None: no entry yet). True for exactly one of several workers racing
        for a path: the write is conditional on the sequence number read (`if_seq_no`)."""
        self._ready()
        doc_id = file_id(entry.path)
        token = uuid.uuid4().hex
        source = _entry_source(dataclasses.replace(entry, status=FileStatus.PROCESSING), _now())
        # Which worker wrote a claim, so a write retried after a lost answer can know it won.
        source["claim"] = token
        with self._errors("claim a file"):
            try:
                if expected is None:
                    self.client.index(
                        index=self.files_alias,
                        id=doc_id,
                        document=source,
                        op_type="create",
                        refresh=True,
                    )
                else:
                    try:
                        current = self.client.get(index=self.files_alias, id=doc_id)
                    except NotFoundError:
                        return False
                    if _entry_from_source(current["_source"]) != expected:
                        return False
                    self.client.index(
                        index=self.files_alias,
                        id=doc_id,
                        document=source,
                        if_seq_no=current["_seq_no"],
                        if_primary_term=current["_primary_term"],
                        refresh=True,
                    )
            except ConflictError:
                try:
                    now = self.client.get(index=self.files_alias, id=doc_id)
                except NotFoundError:
                    return False
                if now["_source"].get("claim") != token:
                    return False
            if expected is not None and expected.doc_id:
                self._sync_paths({expected.doc_id})
        return True

    # -- records -------------------------------------------------------------------------------
    def _indexed_paths(self, doc_ids: Collection[str]) -> dict[str, list[str]]:
        """doc id → the sorted paths of the catalog's indexed entries that point at it."""
        if not doc_ids:
            return {}
        query = {
            "bool": {
                "filter": [
                    {"terms": {"doc_id": sorted(doc_ids)}},
                    {"term": {"status": FileStatus.INDEXED.value}},
                ]
            }
        }
        paths: dict[str, list[str]] = {}
        for s in self._scan(self.files_alias, query, "path", ["path", "doc_id"]):
            paths.setdefault(s["doc_id"], []).append(s["path"])
        return paths

    def _sync_paths(self, doc_ids: Collection[str]) -> None:
        """Copy the catalog's indexed paths into these documents (for hits and path filters).

        Each document's sequence number is read *before* the catalog, and the write is
        conditional on it, so of two workers syncing one document the one that read the older
        catalog always loses and reads again."""
        pending = set(doc_ids)
        building = self._write_targets()[1:] if pending else []
        for _ in range(self.retries + 1):
            if not pending:
                return
            stored = self.client.search(
                index=self.documents_alias,
                query={"ids": {"values": sorted(pending)}},
                size=len(pending),
                source_includes=["paths"],
                seq_no_primary_term=True,
            )["hits"]["hits"]
            paths = self._indexed_paths(pending)
            changed = [
                (hit, paths.get(hit["_id"], []))
                for hit in stored
                if (hit["_source"].get("paths") or []) != paths.get(hit["_id"], [])
            ]
            if not changed:
                return
            actions: list[dict[str, Any]] = [
                {
                    "_op_type": "update",
                    "_index": self.documents_alias,
                    "_id": hit["_id"],
                    "if_seq_no": hit["_seq_no"],
                    "if_primary_term": hit["_primary_term"],
                    "doc": {"paths": new},
                }
                for hit, new in changed
            ]
            # A generation being built gets the same paths (its copy may not be there yet).
            actions += [
                {"_op_type": "update", "_index": name, "_id": hit["_id"], "doc": {"paths": new}}
                for name in building
                for hit, new in changed
            ]
            pending = set(self._bulk(actions, tolerate=(404, 409))) & pending
        log.warning("paths of %d documents left for a later sync: busy", len(pending))

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

    # -- search --------------------------------------------------------------------------------
    def search(self, query: SearchQuery, generation: str | None = None) -> SearchResult:
        """Search the live generation, or a named one (to verify a build before the swap)."""
        if generation is not None and not generation.startswith(f"{self.documents_alias}-"):
            raise UsageError(f"no search generation named {generation!r}")
        if query.limit < 0 or query.offset < 0:
            raise UsageError("limit and offset must not be negative")
        if query.offset + query.limit > MAX_RESULT_WINDOW:
            raise UsageError(
                f"Elasticsearch pages only through the first {MAX_RESULT_WINDOW} results: "
                "narrow the query or lower --offset"
            )
        query_plan: Plan | None = plan(query.text, query.all_words)
        result = SearchResult(total=0, hits=[])
        while query_plan is not None:
            es_query = build_query(query, query_plan)
            if es_query is None:
                break
            rescore = build_rescore(query, query_plan) if query_plan.parts else None
            result = self._search(query, es_query, generation, rescore)
            if result.total:
                break
            # No document holds enough of the words: ask for fewer (`Plan.relaxed`).
            query_plan = query_plan.relaxed()
        if query.explain and result.hits:
            explained = plan(query.text, query.all_words)
            for hit in result.hits:
                doc = self.get_document(hit.id)
                if doc is not None:
                    hit.explanation = explain(explained, document_fields(doc))
        return result

    def similar(self, doc_id: str, limit: int = 10) -> SearchResult:
        """The documents most like this one (its most distinctive words), best first."""
        doc = self.get_document(doc_id)
        if doc is None:
            raise UsageError(f"no document with id {doc_id!r}")
        like = {
            "more_like_this": {
                "fields": ["title.folded", "body.folded"],
                "like": similar_text(doc),
                "min_term_freq": 1,
                "min_doc_freq": 1,
                "max_query_terms": SIMILAR_TERMS,
                "stop_words": stop_words(),
            }
        }
        es_query = {"bool": {"must": [like], "must_not": [{"term": {"id": doc_id}}]}}
        result = self._search(SearchQuery(text="", limit=limit), es_query, None)
        result.total = len(result.hits)
        result.facets = {}
        return result

    def _search(
        self,
        query: SearchQuery,
        es_query: dict[str, Any],
        generation: str | None,
        rescore: dict[str, Any] | None = None,
    ) -> SearchResult:
        self._ready()
        with self._errors("search"):
            try:
                found = self.client.search(
                    index=generation or self.documents_alias,
                    query=es_query,
                    from_=query.offset,
                    size=query.limit,
                    track_total_hits=True,
                    # Elasticsearch rescores only hits sorted by score alone (no tie-break).
                    sort=None if rescore else _sort(query.sort),
                    rescore=rescore,
                    source_includes=[
                        "record.title",
                        "record.doc_type",
                        "record.issued_date",
                        "record.text",
                    ],
                    highlight={
                        "fields": {"body.folded": {}},
                        "pre_tags": [_MARK],
                        "post_tags": [_UNMARK],
                        "fragment_size": SNIPPET_CHARS,
                        "number_of_fragments": 1,
                    },
                    aggs={f: {"terms": {"field": f, "size": 100}} for f in FACET_FIELDS},
                )
            except BadRequestError as e:
                raise UsageError(f"Elasticsearch refused the query: {_reason(e)}") from e
            except NotFoundError as e:
                raise UsageError(f"no search generation named {generation!r}") from e
            # Paths from the catalog, the source of truth (the documents' copy may lag behind
            # after a write that failed half-way).
            paths = self._indexed_paths([hit["_id"] for hit in found["hits"]["hits"]])
        hits = []
        for hit in found["hits"]["hits"]:
            record = hit["_source"].get("record") or {}
            fragments = (hit.get("highlight") or {}).get("body.folded") or []
            hits.append(
                SearchHit(
                    id=hit["_id"],
                    path=paths.get(hit["_id"], [None])[0],
                    title=record.get("title") or "",
                    doc_type=record.get("doc_type"),
                    issued_date=record.get("issued_date"),
                    score=round(float(hit.get("_score") or 0.0), 4),
                    snippets=[s for f in fragments if (s := snippet_html(f, record.get("text")))],
                )
            )
        aggregations = found.get("aggregations") or {}
        facets = {
            f: {
                _bucket_key(b["key"]): int(b["doc_count"])
                for b in aggregations.get(f, {}).get("buckets", [])
            }
            for f in FACET_FIELDS
        }
        return SearchResult(total=int(found["hits"]["total"]["value"]), hits=hits, facets=facets)

    def close(self) -> None:
        self.client.close()


def _sort(order: Sort) -> list[dict[str, Any]]:
    """The hits' order; ties (every hit of a query with no words, documents of one day) in a
    stable order, for paging."""
    if order == Sort.RELEVANCE:
        return [{"_score": "desc"}, {"id": "asc"}]
    direction = "desc" if order == Sort.NEWEST else "asc"
    return [{"issued_date": {"order": direction, "missing": "_last"}}, {"id": "asc"}]


def _bucket_key(key: Any) -> str:
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    return str(key)


def snippet_html(fragment: str, original: str | None) -> str:
    """A highlighted fragment as HTML (`<b>` around matches, like Tantivy's `to_html`) in the
    document's own spelling: the cluster highlights the tone-normalized copy, which has the same
    length in NFC ("Hoà" → "Hòa"), so the marks carry over to the original text."""
    plain = _MARKS.sub("", fragment)
    source = plain
    if original is not None and plain not in original:
        normalized = normalize_tones(original)
        at = normalized.find(plain)
        if at >= 0 and len(normalized) == len(original):
            source = original[at : at + len(plain)]
    out: list[str] = []
    position = 0
    for piece in _MARKS.split(fragment):
        if piece == _MARK:
            out.append("<b>")
        elif piece == _UNMARK:
            out.append("</b>")
        elif piece:
            out.append(html.escape(source[position : position + len(piece)]))
            position += len(piece)
    return "".join(out).strip()


def _syllables(text: str) -> list[str]:
    return [s for s in _SYLLABLE.findall(text) if len(s) <= mapping.MAX_TOKEN_CHARS]


def _in_fields(
    text: str, fields: dict[str, float], weight: float = 1.0, slop: int = 0
) -> list[dict[str, Any]]:
    """`text`'s syllables (in order, if several: a one-syllable phrase is a term) in each of
    `fields`, boosted; none when it has nothing searchable."""
    text = normalize_tones(text)
    if not _syllables(text):
        return []
    queries = []
    for name, boost in fields.items():
        spec: dict[str, Any] = {"query": text, "boost": boost * weight}
        if slop:
            spec["slop"] = slop
        queries.append({"match_phrase": {name: spec}})
    return queries


def _term_query(term: Term) -> dict[str, Any] | None:
    """What a term matches: any of its spellings in the folded title or body (scored by BM25) or
    in the type, issuer and number (a constant, `WEIGHTS.meta`)."""
    alternatives = [q for s in term.spellings for q in _in_fields(s, _TEXT_FIELDS)]
    if not alternatives:
        return None
    if term.words:
        apart = [q for w in term.words if (q := _term_query(Term(w))) is not None]
        alternatives.append({"bool": {"must": apart}})
    in_meta = [q for s in term.spellings for q in _in_fields(s, {"meta": 1.0})]
    in_meta_any = {"bool": {"should": in_meta, "minimum_should_match": 1}}
    alternatives.append({"constant_score": {"filter": in_meta_any, "boost": term.meta_weight}})
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def _all_words(part: Part) -> dict[str, Any] | None:
    """A constant score for the documents with every word of a group that asks for fewer."""
    if not part.ranks_all_words_first:
        return None
    every = [q for t in part.optional if (q := _term_query(t)) is not None]
    return {"constant_score": {"filter": {"bool": {"must": every}}, "boost": WEIGHTS.all_words}}


def _part_query(part: Part) -> dict[str, Any] | None:
    must = []
    for term in part.required:
        if (q := _term_query(term)) is None:
            return None  # a required word no document can hold
        must.append(q)
    optional = [q for t in part.optional if (q := _term_query(t)) is not None]
    if optional:
        minimum = min(part.minimum, len(optional)) or 1
        must.append({"bool": {"should": optional, "minimum_should_match": minimum}})
    return {"bool": {"must": must}} if must else None


def _boosts(query_plan: Plan) -> list[dict[str, Any]]:
    """Optional clauses that rank by the words' scores alone, with the embedded backend's weights
    (`WEIGHTS`)."""
    w = WEIGHTS
    boosts: list[dict[str, Any]] = []
    if w.coordination:
        for part in query_plan.parts:
            for term in part.optional if part.coordinates else []:
                if (q := _term_query(term)) is not None:
                    boosts.append({"constant_score": {"filter": q, "boost": w.coordination}})
    for syllable in query_plan.exact:
        for name, boost in (("title", w.title), ("body", w.body)):
            boosts += _in_fields(syllable, {name: boost}, w.exact)
    for word in query_plan.words:
        boosts.append({"term": {"words": {"value": word, "boost": w.words}}})
    boosts += [q for p in query_plan.parts if (q := _all_words(p)) is not None]
    return boosts


def _rescore(query_plan: Plan) -> list[dict[str, Any]]:
    """Optional clauses that rank by where the words stand, for the second stage
    (`index.query.RESCORE_WINDOW`)."""
    w = WEIGHTS
    boosts: list[dict[str, Any]] = []
    for run in query_plan.adjacent:
        boosts += _in_fields(run, {"body.folded": w.body}, w.adjacent)
    for texts, score, slop in (
        (query_plan.phrases, w.phrase, PHRASE_SLOP),
        (query_plan.names, w.name, 0),
    ):
        for text in texts:
            if found := _in_fields(text, {**_TEXT_FIELDS, "meta": 1.0}, slop=slop):
                either = {"bool": {"should": found, "minimum_should_match": 1}}
                boosts.append({"constant_score": {"filter": either, "boost": score}})
    return boosts


def build_rescore(query: SearchQuery, query_plan: Plan) -> dict[str, Any] | None:
    """The second stage of a search ranked by relevance: the first stage's top documents
    rescored by where the words stand, their scores added (`index.query.RESCORE_WINDOW`); None
    when there is nothing to rescore."""
    if query.sort != Sort.RELEVANCE or not (should := _rescore(query_plan)):
        return None
    return {
        "window_size": query_plan.rescore_window(query.offset, query.limit),
        "query": {
            "rescore_query": {"bool": {"should": should}},
            "query_weight": 1.0,
            "rescore_query_weight": 1.0,
            "score_mode": "total",
        },
    }


def _filter_value(name: str, value: str) -> dict[str, Any]:
    """The clause one value of the filter `name` adds (as `SearchQuery.any_of` names filters)."""
    if name in ("doc_type", "format"):
        return {"term": {name: value}}
    if name == "year":
        return {"term": {"year": int(value)}} if value.isdigit() else {"match_none": {}}
    if name == "number":
        return {"term": {"doc_number": normalize_number(value)}}
    if name == "people":
        return {"term": {"people": value}}
    fields = {
        "issuer": "issuer_names",
        "body": "body_names",
        "session": "session.folded",
        "term": "term.folded",
    }
    if name in fields:
        return {"match_phrase": {fields[name]: normalize_tones(value)}}
    raise UsageError(f"unknown filter {name!r}")


def build_query(query: SearchQuery, query_plan: Plan | None = None) -> dict[str, Any] | None:
    """The Elasticsearch query for a search: the plan of `index.query`, with the embedded
    backend's semantics and weights; None when the text has words but none is searchable."""
    if query_plan is None:
        query_plan = plan(query.text, query.all_words)
    parts = [q for p in query_plan.parts if (q := _part_query(p)) is not None]
    if query_plan.parts and not parts:
        return None
    must: list[dict[str, Any]] = []
    if len(parts) == 1:
        must.append(parts[0])
    elif parts:
        must.append({"bool": {"should": parts, "minimum_should_match": 1}})
    must_not = [q for term in query_plan.excluded if (q := _term_query(term)) is not None]
    filters: list[dict[str, Any]] = []
    for field, value in (("doc_type", query.doc_type), ("format", query.format)):
        if value:
            filters.append({"term": {field: value}})
    if query.year is not None:
        filters.append({"term": {"year": query.year}})
    for field, value in (
        ("issuer_names", query.issuer),
        ("body_names", query.body),
        ("session.folded", query.session),
        ("term.folded", query.term),
    ):
        if value:
            filters.append({"match_phrase": {field: normalize_tones(value)}})
    if query.number:
        filters.append({"term": {"doc_number": normalize_number(query.number)}})
    for name, values in query.any_of.items():
        if values:
            filters.append(
                {
                    "bool": {
                        "should": [_filter_value(name, v) for v in values],
                        "minimum_should_match": 1,
                    }
                }
            )
    for name, values in query.none_of.items():
        must_not += [_filter_value(name, v) for v in values]
    start, end = date_range(query.date_from, query.date_to)
    if start or end:
        bounds = {"gte": start.isoformat()} if start else {}
        bounds |= {"lte": end.isoformat()} if end else {}
        filters.append({"range": {"issued_date": bounds}})
    return {
        "bool": {
            "must": must or [{"match_all": {}}],
            "must_not": must_not,
            "filter": filters,
            "should": _boosts(query_plan) if parts else [],
        }
    }
