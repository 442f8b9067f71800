"""Schema-driven fuzzing of the HTTP API: schemathesis generates requests from the app's own
/openapi.json (valid and invalid parameters, odd strings, huge numbers) and sends them in-process.

No request may end in a 5xx. The search and facts parameters are also replayed against their HTML
pages (`/` and `/facts`, not in the schema), which parse the same parameters. The archive is the
sample folder plus a failed file and a document the fuzzer can reach by a real id.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from factories import sample_inbox
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from core.settings import Settings
from extractors import ExtractOptions
from hoso.web.app import create_app
from index.embedded import EmbeddedIndex
from ingest.pipeline import ingest

# Per API operation and mode (nine operations, two of them twice): enough to try every parameter
# with odd values, bounded so the whole file stays well under a minute.
EXAMPLES = 30
PAGES = {"/api/search": "/", "/api/facts": "/facts"}


@dataclasses.dataclass
class Fuzzed:
    schema: Any
    client: TestClient
    doc_id: str


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Iterator[Fuzzed]:
    root = tmp_path_factory.mktemp("fuzz")
    inbox = sample_inbox(root, samples_dir, broken=True)
    settings_ = dataclasses.replace(
        Settings.load(data_dir=root / "data"), api_token=None, archive_roots=str(inbox)
    )
    index = EmbeddedIndex(settings_.data_dir)
    ingest(index, [inbox], ExtractOptions(ocr=False))
    doc_id = next(f.doc_id for f in index.files() if f.doc_id)
    index.close()
    app = create_app(settings_)
    with TestClient(app) as client:
        yield Fuzzed(schemathesis.openapi.from_asgi("/openapi.json", app), client, doc_id)


def _operations(fuzzed: Fuzzed) -> list[Any]:
    return [result.ok() for result in fuzzed.schema.get_all_operations()]


def _send(call: Callable[[], Any]) -> Any:
    """The response, or None when the HTTP client refuses to build the request at all (a query
    string over its 64 KB URL limit never reaches the app)."""
    try:
        return call()
    except Exception as error:
        if type(error).__name__ != "InvalidURL":
            raise
        return None


def _fuzz(fuzzed: Fuzzed, operation: Any, strategy: Any, codes: Counter[int]) -> int:
    """Send `EXAMPLES` generated requests for one operation, counting the status codes in
    `codes`; returns how many were sent."""
    sent = 0

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        phases=[Phase.generate],
    )
    def check(case: Any) -> None:
        nonlocal sent
        response = _send(case.call)
        if response is None:
            return
        sent += 1
        codes[response.status_code] += 1
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} {case.query!r} → {response.status_code}: "
            f"{response.text[:300]}"
        )
        page = PAGES.get(operation.path)
        if page is not None and case.query is not None:
            answer = _send(lambda: fuzzed.client.get(page, params=case.query))
            if answer is not None:
                assert answer.status_code < 500, f"{page} {case.query!r} → {answer.status_code}"

    check()
    return sent


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_ends_in_a_server_error(fuzzed: Fuzzed, mode: GenerationMode) -> None:
    """Every operation with valid (positive) or schema-violating (negative) parameters; the
    operations on one document also with the id of a real one, so they get past the 404."""
    sent = 0
    codes: Counter[int] = Counter()
    for operation in _operations(fuzzed):
        strategies = [operation.as_strategy(generation_mode=mode)]
        if "{doc_id}" in operation.path:
            real = {"doc_id": fuzzed.doc_id}
            strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=real))
        for strategy in strategies:
            try:
                sent += _fuzz(fuzzed, operation, strategy, codes)
            except Unsatisfiable:
                # Nothing to make invalid (GET /api/status, or a document by a fixed real id).
                assert mode == GenerationMode.NEGATIVE
    print(f"{mode.value}: {sent} requests, none answered 5xx; status codes {dict(codes)}")
    assert sent >= EXAMPLES * 5


def test_the_schema_lists_every_api_operation(fuzzed: Fuzzed) -> None:
    paths = {operation.path for operation in _operations(fuzzed)}
    assert {"/api/search", "/api/facets", "/api/documents/{doc_id}", "/api/status"} <= paths
    assert len(paths) >= 9
