"""Test-only transport nodes for the Elasticsearch client: never used by hoso itself."""

from __future__ import annotations

from collections.abc import Callable

from elastic_transport import ConnectionError, HttpHeaders, Urllib3HttpNode
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


class Outage:
    """A switch that makes a node fail as an unreachable cluster does (connection refused).

    `trip` (method, target, body) → True turns the outage on just before that request is sent."""

    def __init__(self, trip: Callable[[str, str, bytes | None], bool] | None = None) -> None:
        self.down = False
        self.trip = trip

    def node_class(self, base: type[Urllib3HttpNode] = JsonMediaTypeNode) -> type[Urllib3HttpNode]:
        outage = self

        class OutageNode(base):  # type: ignore[valid-type,misc]
            def perform_request(
                self,
                method: str,
                target: str,
                body: bytes | None = None,
                headers: HttpHeaders | None = None,
                request_timeout: DefaultType | float | None = DEFAULT,
            ) -> NodeApiResponse:
                if (
                    not outage.down
                    and outage.trip is not None
                    and outage.trip(method, target, body)
                ):
                    outage.down = True
                if outage.down:
                    refused = ConnectionRefusedError(111, "Connection refused")
                    raise ConnectionError("simulated outage", errors=(refused,))
                return super().perform_request(method, target, body, headers, request_timeout)

        return OutageNode
