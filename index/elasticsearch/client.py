"""The Elasticsearch client of hoso: connection, errors, retries and back-pressure.

Requests are retried with backoff on 429, 5xx and connection errors (by the client, and bulk
items by `Client._bulk`); what still fails becomes `BackendError` with Elasticsearch's own
reason. A 429 is the cluster saying its write queue is full: bulk requests shrink (halved on
each 429) and grow back slowly (`BulkPacer`), and the writer pauses before sending again, so
many workers writing to one cluster settle at the rate it can take.
"""

from __future__ import annotations

import itertools
import logging
import random
import re
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import urlsplit, urlunsplit

import elastic_transport
from elasticsearch import (
    ApiError,
    AuthenticationException,
    AuthorizationException,
    BadRequestError,
    Elasticsearch,
    NotFoundError,
    helpers,
)

from core.errors import BackendError, UsageError
from core.settings import Settings

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


def reason(error: Exception) -> str:
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


class Client:
    """The connection to one cluster and what every role needs of it: errors turned into
    hoso's, bulk writes paced by the cluster's back-pressure, scans, index creation, aliases
    and copies. `ElasticsearchIndex` (the package) combines it with the roles."""

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
    ) -> Self:
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
        return f"{type(self).__name__}({self.hosts!r}, prefix={self.prefix!r})"

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
                f"TLS with Elasticsearch at {self.hosts} failed ({reason(e)}) while trying to "
                f"{action}: check HOSO_ELASTICSEARCH_CA_CERTS or HOSO_ELASTICSEARCH_FINGERPRINT"
            ) from e
        except elastic_transport.ConnectionTimeout as e:
            raise BackendError(
                f"Elasticsearch at {self.hosts} did not answer in time to {action}"
                " (HOSO_ELASTICSEARCH_TIMEOUT sets the limit)"
            ) from e
        except elastic_transport.ConnectionError as e:
            raise BackendError(
                f"cannot reach Elasticsearch at {self.hosts} to {action}: {reason(e)}"
            ) from e
        except AuthenticationException as e:
            raise BackendError(
                f"Elasticsearch at {self.hosts} refused the credentials ({reason(e)}): check "
                "HOSO_ELASTICSEARCH_API_KEY or HOSO_ELASTICSEARCH_USERNAME and _PASSWORD"
            ) from e
        except AuthorizationException as e:
            if "cluster_block_exception" in reason(e):
                raise BackendError(f"cannot {action}: {_REBUILDING}") from e
            raise BackendError(
                f"Elasticsearch at {self.hosts} does not allow these credentials to {action}: "
                f"{reason(e)}"
            ) from e
        except (ApiError, elastic_transport.TransportError) as e:
            raise BackendError(f"Elasticsearch failed to {action}: {reason(e)}") from e

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
            refused = {"status": e.status_code, "error": reason(e)}
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

    def close(self) -> None:
        self.client.close()
