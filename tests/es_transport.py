"""Test-only transport nodes for the Elasticsearch client: never used by hoso itself."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from elastic_transport import ApiResponseMeta, ConnectionError, HttpHeaders, Urllib3HttpNode
from elastic_transport._node import NodeApiResponse
from elastic_transport.client_utils import DEFAULT, DefaultType


class JsonMediaTypeNode(Urllib3HttpNode):
    """Sends plain `application/json`. The client asks for its versioned media type
    (`application/vnd.elasticsearch+json; compatible-with=9`), which osmem-server answers with
    406; a real cluster gets the client's headers unchanged (no node class is passed then)."""

    def perform_request(
        self,
        method: str,
        target: str,
        body: bytes | None = None,
        headers: HttpHeaders | None = None,
        request_timeout: DefaultType | float | None = DEFAULT,
    ) -> NodeApiResponse:
        if headers is not None:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                value = headers.get(name)
                if value and "vnd.elasticsearch+" in value:
                    kind = value.split(";")[0].replace("vnd.elasticsearch+", "")
                    headers[name] = kind.strip()
        return super().perform_request(method, target, body, headers, request_timeout)


Intercept = Callable[[Urllib3HttpNode, str, str, bytes | None], NodeApiResponse | None]


def intercepting_node(intercept: Intercept, base: type[Urllib3HttpNode]) -> type[Urllib3HttpNode]:
    """A node class that calls `intercept(node, method, target, body)` before each request: its
    answer, if any, stands for the cluster's (it may also raise, as an unreachable cluster does);
    None sends the request on through `base`."""

    class InterceptingNode(base):  # type: ignore[valid-type,misc]
        def perform_request(
            self, method: str, target: str, body: bytes | None = None, *rest: Any, **more: Any
        ) -> NodeApiResponse:
            answer = intercept(self, method, target, body)
            if answer is not None:
                return answer
            return super().perform_request(method, target, body, *rest, **more)

    return InterceptingNode


class Outage:
    """A switch that makes a node fail as an unreachable cluster does (connection refused).

    `trip` (method, target, body) → True turns the outage on just before that request is sent."""

    def __init__(self, trip: Callable[[str, str, bytes | None], bool] | None = None) -> None:
        self.down = False
        self.trip = trip

    def node_class(self, base: type[Urllib3HttpNode] = JsonMediaTypeNode) -> type[Urllib3HttpNode]:
        return intercepting_node(self.intercept, base)

    def intercept(
        self, node: Urllib3HttpNode, method: str, target: str, body: bytes | None
    ) -> NodeApiResponse | None:
        if not self.down and self.trip is not None and self.trip(method, target, body):
            self.down = True
        if self.down:
            refused = ConnectionRefusedError(111, "Connection refused")
            raise ConnectionError("simulated outage", errors=(refused,))
        return None


class Throttle:
    """A cluster whose write queue holds `capacity` bulk actions: a bulk request with more is
    refused with 429, as a busy cluster does (es_rejected_execution_exception). `per_item`
    refuses the items one by one in a 200 answer instead of the whole request. `capacity=None`
    lets everything through; `times` refuses only the first so many requests. `refused` and
    `accepted` hold the number of actions of each bulk request refused and let through."""

    def __init__(
        self, capacity: int | None = None, per_item: bool = False, times: int | None = None
    ) -> None:
        self.capacity = capacity
        self.per_item = per_item
        self.times = times
        self.refused: list[int] = []
        self.accepted: list[int] = []

    def node_class(self, base: type[Urllib3HttpNode] = JsonMediaTypeNode) -> type[Urllib3HttpNode]:
        return intercepting_node(self.intercept, base)

    def intercept(
        self, node: Urllib3HttpNode, method: str, target: str, body: bytes | None
    ) -> NodeApiResponse | None:
        if "_bulk" in target.split("?")[0]:
            actions = bulk_actions(body)
            refusing = self.times is None or len(self.refused) < self.times
            if self.capacity is not None and len(actions) > self.capacity and refusing:
                self.refused.append(len(actions))
                return self.answer(node.config, actions)
            self.accepted.append(len(actions))
        return None

    def answer(self, config: Any, actions: list[tuple[str, dict[str, Any]]]) -> NodeApiResponse:
        rejected = {
            "type": "es_rejected_execution_exception",
            "reason": f"rejected execution: queue capacity {self.capacity}",
        }
        if self.per_item:
            status = 200
            body: dict[str, Any] = {
                "took": 0,
                "errors": True,
                "items": [
                    {
                        op: {
                            "_index": meta.get("_index"),
                            "_id": meta.get("_id"),
                            "status": 429,
                            "error": rejected,
                        }
                    }
                    for op, meta in actions
                ],
            }
        else:
            status, body = 429, {"error": {**rejected, "root_cause": [rejected]}, "status": 429}
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            headers=HttpHeaders(
                {"content-type": "application/json", "x-elastic-product": "Elasticsearch"}
            ),
            duration=0.0,
            node=config,
        )
        return NodeApiResponse(meta, json.dumps(body).encode())


def bulk_actions(body: bytes | None) -> list[tuple[str, dict[str, Any]]]:
    """(operation, metadata) of each action of a bulk request body (NDJSON)."""
    lines = [json.loads(line) for line in (body or b"").splitlines() if line.strip()]
    actions, i = [], 0
    while i < len(lines):
        [(op, meta)] = lines[i].items()
        actions.append((op, meta))
        i += 1 if op == "delete" else 2
    return actions


def use_json_media_type_by_default() -> None:
    """Make every Elasticsearch client of this process use `JsonMediaTypeNode` unless told
    otherwise. For test subprocesses only (Prefect workers and their flow runs, which build
    their clients inside hoso): tests/test_scale_out.py loads it from a generated
    `sitecustomize` on their PYTHONPATH. hoso itself never sends anything but the client's own
    media type."""
    import elasticsearch

    original = elasticsearch.Elasticsearch.__init__
    if getattr(original, "json_media_type", False):
        return

    def __init__(self: elasticsearch.Elasticsearch, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("node_class", JsonMediaTypeNode)
        original(self, *args, **kwargs)

    __init__.json_media_type = True  # type: ignore[attr-defined]
    elasticsearch.Elasticsearch.__init__ = __init__  # type: ignore[method-assign]
