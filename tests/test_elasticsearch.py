"""What only the Elasticsearch backend does: versioned indices behind aliases, claims that two
workers race for, secrets kept out of output, and an unreachable cluster leaving files pending.

The contract suite (tests/test_index_contract.py) covers everything both backends share."""

from __future__ import annotations

import base64
import copy
import functools
import json
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ElasticsearchTarget
from es_transport import Outage, Throttle
from factories import entry, indexed_entry, make_doc
from servers import free_port

from core.errors import BackendError, UsageError
from core.records import (
    Document,
    FileStatus,
    SearchQuery,
    TaskCount,
)
from core.settings import Settings
from extractors import ExtractOptions
from index import open_index
from index.elasticsearch import ElasticsearchIndex, mapping, snippet_html
from index.elasticsearch import records as es_records
from ingest.pipeline import ingest

OPTIONS = ExtractOptions(ocr=False)


@pytest.fixture
def prefix(elasticsearch_target: ElasticsearchTarget) -> Iterator[str]:
    name = elasticsearch_target.new_prefix()
    yield name
    elasticsearch_target.drop(name)


@pytest.fixture
def es_index(
    elasticsearch_target: ElasticsearchTarget, prefix: str, tmp_path: Path
) -> Iterator[ElasticsearchIndex]:
    index = elasticsearch_target.open(tmp_path, prefix)
    yield index
    index.close()


# -- versioned indices behind aliases ----------------------------------------------------------
def aliased(index: ElasticsearchIndex, alias: str) -> list[str]:
    return sorted(index.client.indices.get_alias(name=alias).body)


def test_indices_are_created_on_first_use_behind_aliases(
    es_index: ElasticsearchIndex, prefix: str
) -> None:
    assert not es_index.client.indices.exists(index=f"{prefix}-documents")
    assert es_index.count_documents() == 0
    files = es_index.version_index(f"{prefix}-files", mapping.FILES)
    assert aliased(es_index, f"{prefix}-files") == [files]
    documents = es_index.version_index(f"{prefix}-documents", mapping.DOCUMENTS) + "-1"
    assert aliased(es_index, f"{prefix}-documents") == [documents]
    assert es_index.current_generation == documents


def test_a_mapping_change_moves_the_alias_to_a_new_version_without_resegmenting(
    elasticsearch_target: ElasticsearchTarget,
    es_index: ElasticsearchIndex,
    prefix: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = make_doc("Ủy ban nhân dân xã Quảng Hoà và thuỷ lợi nội đồng.", title="Kế hoạch thuỷ lợi")
    es_index.put_documents([doc])
    es_index.put_files([indexed_entry(doc, "/archive/kh.txt")])
    old = es_index.current_generation

    changed = copy.deepcopy(mapping.DOCUMENTS)
    changed["mappings"]["properties"]["session"] = {"type": "keyword"}
    monkeypatch.setattr(mapping, "DOCUMENTS", changed)

    def no_segmentation(text: str) -> str:
        raise AssertionError("re-indexing must reuse the stored segmentation")

    monkeypatch.setattr(es_records, "segment", no_segmentation)
    upgraded = elasticsearch_target.open(tmp_path, prefix)
    try:
        assert [h.id for h in upgraded.search(SearchQuery(text="thuy loi")).hits] == [doc.id]
        new = upgraded.version_index(f"{prefix}-documents", changed) + "-2"
        assert upgraded.current_generation == new != old
        assert aliased(upgraded, f"{prefix}-documents-previous") == [old]
        stored = upgraded.get_document(doc.id)
        assert stored is not None and stored.paths == ["/archive/kh.txt"]
        assert stored.text == doc.text
        assert upgraded.search(SearchQuery(text="Hòa")).hits[0].path == "/archive/kh.txt"
    finally:
        upgraded.close()


def test_generations_build_beside_the_live_one_then_swap_and_roll_back(
    es_index: ElasticsearchIndex, prefix: str
) -> None:
    first, second = make_doc("Nghị quyết về giám sát."), make_doc("Thông báo kết luận giám sát.")
    es_index.put_documents([first])
    live = es_index.current_generation
    assert live is not None
    built = es_index.build_generation()
    assert built != live and es_index.current_generation == live
    # Written after the build and before the swap: the new generation gets it too.
    es_index.put_documents([second])
    es_index.delete_documents([first.id])
    assert es_index.search(SearchQuery(text="giám sát"), generation=built).total == 1
    es_index.activate_generation(built)
    assert es_index.current_generation == built
    assert [h.id for h in es_index.search(SearchQuery(text="giám sát")).hits] == [second.id]
    assert es_index.rollback_generation() == live
    assert es_index.current_generation == live
    with pytest.raises(UsageError):
        es_index.search(SearchQuery(text="x"), generation="somebody-elses-index")
    # Three builds later only the live, previous and building generations remain.
    for _ in range(3):
        es_index.activate_generation(es_index.build_generation())
    assert len(es_index.client.indices.get(index=f"{prefix}-documents-*").body) == 2


def test_writes_during_a_build_fail_clearly_and_the_build_lifts_its_block(
    es_index: ElasticsearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    es_index.put_documents([make_doc("Nghị quyết về giám sát.")])
    copy_generation = es_index._copy
    refused: list[str] = []

    def copy_while_ingest_writes(*args: Any, **kwargs: Any) -> None:
        try:
            es_index.put_documents([make_doc("Biên bản bàn giao.")])
        except BackendError as e:
            refused.append(str(e))
        copy_generation(*args, **kwargs)

    monkeypatch.setattr(es_index, "_copy", copy_while_ingest_writes)
    es_index.build_generation()
    assert len(refused) == 1 and "hoso reindex" in refused[0]
    monkeypatch.undo()
    es_index.put_documents([make_doc("Biên bản bàn giao.")])  # the live one takes writes again
    assert es_index.count_documents() == 2


# -- the shared catalog ------------------------------------------------------------------------
def race(*claims: Any) -> list[bool]:
    """Run the claims at the same moment in threads; their results in order."""
    barrier = threading.Barrier(len(claims))
    results: list[bool | None] = [None] * len(claims)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = claims[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(claims))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r is not None for r in results)
    return [bool(r) for r in results]


def test_two_workers_racing_for_one_file_exactly_one_wins(
    elasticsearch_target: ElasticsearchTarget,
    es_index: ElasticsearchIndex,
    prefix: str,
    tmp_path: Path,
) -> None:
    other = elasticsearch_target.open(tmp_path, prefix)  # a second machine: its own client
    try:
        for n in range(8):
            pending = entry(f"/inbox/{n}.pdf", n)
            es_index.put_files([pending])
            seen_a, seen_b = es_index.get_file(pending.path), other.get_file(pending.path)
            assert seen_a == seen_b is not None
            won = race(
                functools.partial(es_index.claim, pending, seen_a),
                functools.partial(other.claim, pending, seen_b),
            )
            assert sorted(won) == [False, True]
            stored = es_index.get_file(pending.path)
            assert stored is not None and stored.status == FileStatus.PROCESSING
            # What a worker saw before the claim is stale now: it cannot claim again.
            assert not other.claim(pending, seen_b)

        # A path no worker has recorded yet: `expected` is None for both.
        new = entry("/inbox/new.docx", sha256="f" * 64)
        assert sorted(race(lambda: es_index.claim(new, None), lambda: other.claim(new, None))) == [
            False,
            True,
        ]
        assert len(es_index.files(under="/inbox", status=FileStatus.PROCESSING)) == 9
    finally:
        other.close()


def test_claiming_a_path_away_from_a_document_updates_its_paths(
    es_index: ElasticsearchIndex,
) -> None:
    doc = make_doc("Biên bản bàn giao hồ sơ lưu trữ.", title="Biên bản")
    es_index.put_documents([doc])
    es_index.put_files([indexed_entry(doc, "/a.txt"), indexed_entry(doc, "/b.txt")])
    assert es_index.search(SearchQuery(text="bàn giao")).hits[0].path == "/a.txt"
    seen = es_index.get_file("/a.txt")
    changed = entry("/a.txt", 9, sha256="e" * 64)
    assert es_index.claim(changed, seen)
    assert es_index.get_document(doc.id).paths == ["/b.txt"]  # type: ignore[union-attr]
    assert es_index.search(SearchQuery(text="bàn giao")).hits[0].path == "/b.txt"


# -- mapping and search details ----------------------------------------------------------------
def test_snippets_keep_the_documents_own_spelling() -> None:
    fragment = "Quảng \ue000Hòa\ue001 & <thủy> \ue000lợi\ue001"
    assert snippet_html(fragment, "Xã Quảng Hoà & <thuỷ> lợi nội đồng") == (
        "Quảng <b>Hoà</b> &amp; &lt;thuỷ&gt; <b>lợi</b>"
    )
    # Text the fragment cannot be found in (never expected) still gives escaped, marked HTML.
    assert snippet_html("\ue000a\ue001 <", None) == "<b>a</b> &lt;"


def test_search_highlights_in_the_documents_spelling(es_index: ElasticsearchIndex) -> None:
    doc = make_doc("Ủy ban nhân dân xã Quảng Hoà và thuỷ lợi nội đồng.", title="Kế hoạch")
    es_index.put_documents([doc])
    hit = es_index.search(SearchQuery(text="Hòa thủy")).hits[0]
    assert any("<b>Hoà</b>" in s and "<b>thuỷ</b>" in s for s in hit.snippets)


def test_task_counts_are_nested_so_number_unit_and_role_pair_up(
    es_index: ElasticsearchIndex, prefix: str
) -> None:
    counts = [
        TaskCount(number=248, total=273, unit="nội dung công việc", role="completed", sentence=""),
        TaskCount(number=25, unit="nội dung công việc", role="in_progress", sentence=""),
    ]
    doc = make_doc("248/273 nội dung công việc hoàn thành; 25 đang thực hiện.", task_counts=counts)
    es_index.put_documents([doc])

    def matches(number: float, role: str) -> int:
        query = {
            "nested": {
                "path": "task_counts",
                "query": {
                    "bool": {
                        "filter": [
                            {"range": {"task_counts.number": {"gte": number}}},
                            {"term": {"task_counts.role": role}},
                            {"term": {"task_counts.unit": "nội dung công việc"}},
                        ]
                    }
                },
            }
        }
        found = es_index.client.search(index=f"{prefix}-documents", query=query)
        return int(found["hits"]["total"]["value"])

    assert matches(200, "completed") == 1
    assert matches(200, "in_progress") == 0  # 248 belongs to "completed", not to "in_progress"


def test_a_refused_document_raises_with_elasticsearchs_reason(
    es_index: ElasticsearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, bad = make_doc("Nghị quyết số 1."), make_doc("Nghị quyết số 2.")
    real = es_records.document_source

    def broken(doc: Document, words: str, paths: Any) -> dict[str, Any]:
        source = real(doc, words, paths)
        if doc.id == bad.id:
            source["year"] = "not a year"
        return source

    monkeypatch.setattr(es_records, "document_source", broken)
    with pytest.raises(BackendError, match=rf"refused 1 item\(s\): {bad.id}: 400 \w+"):
        es_index.put_documents([good, bad])


def test_a_throttled_bulk_request_is_retried(
    elasticsearch_target: ElasticsearchTarget, prefix: str, tmp_path: Path
) -> None:
    throttle = Throttle(capacity=0, times=1)  # the first bulk request is refused, no other
    node_class = throttle.node_class(elasticsearch_target.node_class)
    index = elasticsearch_target.open(tmp_path, prefix, node_class=node_class)
    try:
        doc = make_doc("Kỳ họp thứ 12 Hội đồng nhân dân thành phố bế mạc.")
        index.put_documents([doc])
        assert len(throttle.refused) == 1 and throttle.accepted
        assert [h.id for h in index.search(SearchQuery(text="bế mạc")).hits] == [doc.id]
    finally:
        index.close()


# -- settings and secrets ----------------------------------------------------------------------
API_KEY, PASSWORD = "c2VjcmV0LWlkOnNlY3JldC1hcGkta2V5", "hunter2-pass"


@pytest.mark.parametrize(
    ("credentials", "secrets"),
    [
        ({"HOSO_ELASTICSEARCH_API_KEY": API_KEY}, [API_KEY]),
        (
            {"HOSO_ELASTICSEARCH_USERNAME": "archivist", "HOSO_ELASTICSEARCH_PASSWORD": PASSWORD},
            [PASSWORD, base64.b64encode(f"archivist:{PASSWORD}".encode()).decode()],
        ),
    ],
    ids=["api-key", "password"],
)
def test_settings_select_elasticsearch_and_never_show_secrets(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    credentials: dict[str, str],
    secrets: list[str],
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("HOSO_ELASTICSEARCH_URL", url)
    monkeypatch.setenv("HOSO_ELASTICSEARCH_TIMEOUT", "2.5")
    for name, value in credentials.items():
        monkeypatch.setenv(name, value)
    settings = Settings.load(data_dir=tmp_path)
    assert settings.elasticsearch_timeout == 2.5
    assert settings.elasticsearch_index_prefix == "hoso"

    index = open_index(settings)  # sends nothing yet: opening works with the cluster down
    assert isinstance(index, ElasticsearchIndex)
    index.close()
    index = ElasticsearchIndex.from_settings(settings, retries=1, backoff=0.01)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(BackendError) as error:
        index.count_documents()
    index.close()
    assert url in str(error.value)
    shown = " ".join(
        [repr(settings), str(settings.help()), repr(index), str(error.value), caplog.text]
    )
    for secret in secrets:
        assert secret not in shown


def test_credentials_in_the_url_never_show_either(tmp_path: Path) -> None:
    port = free_port()
    settings = Settings.load(
        data_dir=tmp_path, elasticsearch_url=f"http://archivist:hunter2@127.0.0.1:{port}"
    )
    index = ElasticsearchIndex.from_settings(settings, retries=0, backoff=0.01)
    with pytest.raises(BackendError) as error:
        index.get_file("/x")
    index.close()
    assert "hunter2" not in str(error.value) + repr(index)
    assert f"127.0.0.1:{port}" in str(error.value)


# -- an unreachable cluster --------------------------------------------------------------------
def test_an_unreachable_cluster_is_one_clear_backend_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    settings = Settings.load(data_dir=tmp_path, elasticsearch_url=url)
    index = ElasticsearchIndex.from_settings(settings, retries=1, backoff=0.01)
    with pytest.raises(BackendError, match=f"cannot reach Elasticsearch at {url}.*: .*refused"):
        ingest(index, [tmp_path], OPTIONS)
    index.close()


def write_inbox(root: Path) -> dict[str, str]:
    """Six small files, one a copy: file name → a phrase only its content holds."""
    phrases = {
        "nq.txt": "chương trình giám sát năm 2018",
        "tb.txt": "kết luận phiên họp giải trình",
        "kh.txt": "thuỷ lợi nội đồng xã Quảng Hoà",
        "gia.txt": "giá bán lẻ điện sinh hoạt",
        "bb.txt": "bàn giao hồ sơ lưu trữ",
    }
    root.mkdir()
    for name, phrase in phrases.items():
        (root / name).write_text(f"Hội đồng nhân dân tỉnh: {phrase}.", encoding="utf-8")
    (root / "nq-copy.txt").write_text((root / "nq.txt").read_text(encoding="utf-8"))
    return phrases


def assert_searchable_exactly_once(index: ElasticsearchIndex, phrase: str, path: str) -> None:
    entry = index.get_file(path)
    assert entry is not None and entry.doc_id is not None
    hits = index.search(SearchQuery(text=f'"{phrase}"', limit=50)).hits
    assert [h.id for h in hits] == [entry.doc_id]


def test_ingest_with_the_cluster_down_leaves_files_pending_until_it_is_back(
    elasticsearch_target: ElasticsearchTarget, prefix: str, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    phrases = write_inbox(inbox)
    outage = Outage()
    index = elasticsearch_target.open(
        tmp_path, prefix, node_class=outage.node_class(elasticsearch_target.node_class)
    )
    try:
        # Down from the start: nothing is written, the error says what to fix.
        outage.down = True
        with pytest.raises(BackendError, match=r"cannot reach Elasticsearch at .*refused"):
            ingest(index, [inbox], OPTIONS, batch_size=2)
        outage.down = False
        assert index.files() == [] and index.count_documents() == 0

        # Gone in the middle: while storing the second batch of documents.
        bulks: list[str] = []

        documents = f"{prefix}-documents"

        def second_document_bulk(method: str, target: str, body: bytes | None) -> bool:
            lines = [json.loads(line) for line in (body or b"").splitlines() if line.strip()]
            if "_bulk" in target and any(
                op.get("index", {}).get("_index") == documents for op in lines
            ):
                bulks.append(target)
            return len(bulks) == 2

        outage.trip = second_document_bulk
        try:
            summary = ingest(index, [inbox], OPTIONS, batch_size=2)
        except BackendError as e:
            assert "cannot reach Elasticsearch" in str(e)
        else:  # e.g. every file failed to extract, so no document was ever stored
            pytest.fail(f"the outage never came: {summary}")
        outage.down, outage.trip = False, None
        indexed = index.files(status=FileStatus.INDEXED)
        # The rest is not done: never claimed (no entry yet) or claimed by this run (processing).
        done = {e.path for e in indexed}
        pending = [p for p in inbox.iterdir() if str(p) not in done]
        assert indexed and pending
        assert all(e.status == FileStatus.PROCESSING for e in index.files() if e.path not in done)
        # Nothing is marked indexed that is not searchable.
        for entry in indexed:
            assert_searchable_exactly_once(index, phrases[Path(entry.path).name], entry.path)

        # Back: the next run finishes the work, and every document is there exactly once.
        summary = ingest(index, [inbox], OPTIONS, batch_size=2)
        assert summary.failed == 0
        assert {f.status for f in index.files()} == {FileStatus.INDEXED}
        assert index.count_documents() == len(phrases)
        for name, phrase in phrases.items():
            assert_searchable_exactly_once(index, phrase, str(inbox / name))
        copies = index.get_document(index.get_file(str(inbox / "nq.txt")).doc_id)  # type: ignore[union-attr,arg-type]
        assert copies is not None and copies.paths == [
            str(inbox / "nq-copy.txt"),
            str(inbox / "nq.txt"),
        ]
        assert index.search(SearchQuery(text="", limit=50)).total == len(phrases)
    finally:
        index.close()
