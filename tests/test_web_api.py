"""The web app's API and pages through FastAPI's TestClient, on the sample folder ingested once.

The archive holds the samples plus files made for the web layer: a report citing a sample by its
number, a broken PDF (a failure), a symlink pointing out of the archive, and files changed or
removed after ingest. Hostile parameters must end in a clear 4xx (or a normal answer), never a
500 and never a traceback.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from commands import hoso
from conftest import BACKENDS, open_backend
from factories import (
    DEEP_BODY,
    DEEP_ISSUER,
    DEEP_SESSION,
    DEEP_TERM,
    deep_documents,
    indexed_entry,
    sample_inbox,
)
from fastapi import FastAPI
from fastapi.testclient import TestClient

from core.errors import BackendError, UsageError
from core.records import FileEntry, FileStatus, SearchQuery, SearchResult
from core.settings import Settings
from extractors import ExtractOptions
from hoso.web.app import create_app
from hoso.web.markup import highlight, safe_snippet
from index.base import Index
from ingest.pipeline import ingest
from nlp.bodies import abbreviate

CITING = """HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI
Số: 15/BC-HĐND                         Hà Nội, ngày 10 tháng 7 năm 2025

BÁO CÁO
Kết quả giám sát việc thực hiện Nghị quyết phân cấp nguồn thu

Thực hiện Nghị quyết số 11/2025/NQ-HĐND ngày 27/6/2025 của Hội đồng nhân dân Thành phố,
Thường trực Hội đồng nhân dân Thành phố đã tổ chức giám sát tại các quận, huyện.
Đến nay đã hoàn thành 18/20 (bằng 90%) nội dung công việc theo kế hoạch.
"""
SECRET = "Tài liệu nằm ngoài kho lưu trữ: không được phép tải xuống qua liên kết tượng trưng.\n"
CHANGED = "Thông báo lịch tiếp công dân của Thường trực HĐND huyện tháng 3 năm 2021.\n"
GONE = "Giấy mời dự kỳ họp chuyên đề của Hội đồng nhân dân huyện năm 2022.\n"


@dataclasses.dataclass
class Archive:
    root: Path
    inbox: Path
    settings: Settings
    ids: dict[str, str]  # file name → document id
    index: Index | None  # the backend handed to the app; None: the app opens it from settings

    def app(self, settings: Settings | None = None, **options: Any) -> FastAPI:
        return create_app(settings or self.settings, self.index, **options)


@pytest.fixture(scope="module", params=BACKENDS)
def archive(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, samples_dir: Path
) -> Iterator[Archive]:
    """The archive ingested into each backend: the embedded one is opened by the app itself from
    the settings (as `hoso serve` does); the Elasticsearch one is handed to `create_app`."""
    root = tmp_path_factory.mktemp("web")
    inbox = sample_inbox(root, samples_dir, broken=True)
    (inbox / "bao-cao-giam-sat.txt").write_text(CITING, encoding="utf-8")
    (inbox / "changed.txt").write_text(CHANGED, encoding="utf-8")
    (inbox / "gone.txt").write_text(GONE, encoding="utf-8")
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (inbox / "escape.txt").symlink_to(outside / "secret.txt")
    settings = dataclasses.replace(
        Settings.load(data_dir=root / "data"), api_token=None, archive_roots=str(inbox)
    )
    index = open_backend(request.param, settings.data_dir, request)
    ingest(index, [inbox], ExtractOptions(ocr=False))
    ids = {Path(f.path).name: f.doc_id for f in index.files() if f.doc_id}
    # After ingest: same size, other bytes (the sha256 check); and a file that vanished.
    (inbox / "changed.txt").write_text(CHANGED.replace("tháng 3", "tháng 4"), encoding="utf-8")
    (inbox / "gone.txt").unlink()
    if request.param == "embedded":
        index.close()
        yield Archive(root, inbox, settings, ids, None)
        return
    yield Archive(root, inbox, settings, ids, index)
    index.close()


@pytest.fixture(scope="module")
def client(archive: Archive) -> Iterator[TestClient]:
    with TestClient(archive.app()) as c:
        yield c


def get_json(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ids_of(result: dict[str, Any]) -> list[str]:
    return [h["id"] for h in result["hits"]]


# -- search ---------------------------------------------------------------------------------------
def test_search_is_the_cli_json_contract(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "hội đồng nhân dân", "limit": 3})
    assert response.status_code == 200
    assert response.headers["server-timing"].startswith("search;dur=")
    result = response.json()
    assert set(result) == {"total", "hits", "facets"}
    assert result["total"] >= 5 and len(result["hits"]) == 3
    for hit in result["hits"]:
        assert set(hit) == {
            "id", "path", "title", "doc_type", "issued_date", "score", "snippets", "explanation"
        }  # fmt: skip
        assert hit["explanation"] is None
    assert {"doc_type", "format", "year"} <= set(result["facets"])


def test_search_explains_hits_and_asks_for_every_word_on_request(client: TestClient) -> None:
    result = get_json(client, "/api/search", q="Thường trực HĐND giám sát", explain="true")
    why = result["hits"][0]["explanation"]
    assert {"HĐND", "giám", "sát"} <= set(why["words"]) and why["fields"]["body"]
    query = "chương trình giám sát năm 2019 Krông Nô Hà Giang Đắk Nông"
    assert get_json(client, "/api/search", q=query)["total"] > 0
    assert get_json(client, "/api/search", q=query, all="true")["total"] == 0


def test_similar_documents_route_and_link(client: TestClient, archive: Archive) -> None:
    doc_id = archive.ids["hnp_2019-12-03_thuong-truc-hdnd.txt"]
    result = get_json(client, f"/api/documents/{doc_id}/similar", limit=3)
    assert 0 < len(result["hits"]) <= 3
    assert doc_id not in ids_of(result)
    page = client.get(f"/documents/{doc_id}").text
    assert f'href="/documents/{result["hits"][0]["id"]}"' in page
    assert f'href="/api/documents/{doc_id}/similar"' in page
    assert client.get("/api/documents/0000000000000000/similar").status_code == 404


def test_search_with_and_without_diacritics_finds_the_same(client: TestClient) -> None:
    full = get_json(client, "/api/search", q="hội đồng nhân dân", limit=100)
    plain = get_json(client, "/api/search", q="hoi dong nhan dan", limit=100)
    assert set(ids_of(full)) == set(ids_of(plain)) and full["total"] == plain["total"]


def test_pages_follow_each_other(client: TestClient) -> None:
    everything = ids_of(get_json(client, "/api/search", q="hội đồng", limit=100))
    page = get_json(client, "/api/search", q="hội đồng", limit=2, offset=2)
    assert ids_of(page) == everything[2:4]


def test_index_filter_matches_its_facet_count(client: TestClient) -> None:
    facets = get_json(client, "/api/search", limit=0)["facets"]
    doc_type, count = next(iter(facets["doc_type"].items()))
    result = get_json(client, "/api/search", doc_type=doc_type, limit=100)
    assert result["total"] == count
    assert {h["doc_type"] for h in result["hits"]} == {doc_type}


def test_fact_facets_filter_by_issuer_and_body(client: TestClient) -> None:
    facets = get_json(client, "/api/search", limit=0)["facets"]
    assert "issuer" in facets and "body" in facets
    issuer, count = next(iter(facets["issuer"].items()))
    result = get_json(client, "/api/search", issuer=issuer, limit=100)
    assert result["total"] == count == len(result["hits"])
    for hit in result["hits"]:
        assert get_json(client, f"/api/documents/{hit['id']}")["issuer"] == issuer
    body = next(iter(facets["body"]))
    for hit in get_json(client, "/api/search", body=body, limit=100)["hits"]:
        record = get_json(client, f"/api/documents/{hit['id']}")
        assert body in [b["name"] for b in record["bodies"]]


def test_date_sorts_and_range(client: TestClient) -> None:
    newest = get_json(client, "/api/search", sort="newest", limit=100)["hits"]
    dates = [h["issued_date"] for h in newest if h["issued_date"]]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 3
    assert not any(h["issued_date"] for h in newest[len(dates) :])  # undated last
    oldest = get_json(client, "/api/search", sort="oldest", limit=100)["hits"]
    assert [h["issued_date"] for h in oldest if h["issued_date"]] == sorted(dates)
    ranged = get_json(client, "/api/search", date_from="2019-01-01", date_to="2020-12-31")
    assert ranged["total"] >= 1
    assert all("2019" <= h["issued_date"][:4] <= "2020" for h in ranged["hits"])


def test_facets_endpoint_has_the_counts_without_hits(client: TestClient) -> None:
    search = get_json(client, "/api/search", q="nghị quyết")
    facets = get_json(client, "/api/facets", q="nghị quyết")
    assert facets["hits"] == [] and facets["total"] == search["total"]
    assert facets["facets"] == search["facets"]


def test_facets_are_every_search_facet_from_the_index(client: TestClient) -> None:
    facets = get_json(client, "/api/search", q="nghị quyết", limit=0)["facets"]
    assert list(facets) == [
        "doc_type",
        "format",
        "year",
        "issuer",
        "body",
        "session",
        "term",
        "people",
    ]
    assert facets["session"] and facets["term"] and facets["body"] and facets["people"]


def test_fact_filters_match_the_words_in_order_abbreviated_or_not(client: TestClient) -> None:
    facets = get_json(client, "/api/search", limit=0)["facets"]
    councils = sum(n for name, n in facets["issuer"].items() if name.startswith("HĐND "))
    assert councils >= 3
    for value in ("HĐND", "Hội đồng nhân dân", "hoi dong nhan dan"):
        assert get_json(client, "/api/search", issuer=value, limit=0)["total"] == councils
    for name in ("session", "term"):
        for value, count in facets[name].items():
            result = get_json(client, "/api/search", limit=100, **{name: value})
            assert result["total"] == count
            for hit in result["hits"]:
                assert get_json(client, f"/api/documents/{hit['id']}")[name] == value
    # "kỳ họp thứ 5" is the fifth session of any term, never the 50th.
    for value in facets["session"]:
        number = value.split(",")[0]
        same = sum(n for v, n in facets["session"].items() if v.split(",")[0] == number)
        assert get_json(client, "/api/search", session=number, limit=0)["total"] == same
    committees = [b for b in facets["body"] if b.startswith("Ủy ban nhân dân ")]
    assert committees
    for body in committees:
        full = set(ids_of(get_json(client, "/api/search", body=body, limit=100)))
        short = set(ids_of(get_json(client, "/api/search", body=abbreviate(body), limit=100)))
        assert full and full <= short


@pytest.mark.parametrize("date", ["2019-02-31", "2019-13-01", "31/02/2019", "0000", "abc", "1/1"])
def test_dates_out_of_the_calendar_are_refused_with_a_sentence(
    client: TestClient, date: str
) -> None:
    response = client.get("/api/search", params={"date_from": date})
    assert response.status_code == 400
    assert response.json()["error"] == (
        "invalid parameter — date_from: not a real date, write dd/mm/yyyy (or mm/yyyy, yyyy)"
    )
    page = client.get("/", params={"date_from": date})
    assert page.status_code == 400
    assert "Tham số date_from không hợp lệ: không phải một ngày có thật, hãy viết dd/mm/yyyy" in (
        page.text
    )


def test_dates_are_typed_as_vietnamese_write_them(client: TestClient) -> None:
    iso = get_json(client, "/api/search", date_from="2019-01-01", date_to="2020-12-31", limit=100)
    typed = get_json(client, "/api/search", date_from="01/01/2019", date_to="31/12/2020", limit=100)
    assert iso["total"] >= 1 and ids_of(iso) == ids_of(typed)
    month = get_json(client, "/api/search", date_from="01/2019", date_to="2020", limit=100)
    assert ids_of(month) == ids_of(iso)


def test_an_empty_query_lists_the_newest_first(client: TestClient) -> None:
    listed = get_json(client, "/api/search", limit=100)
    newest = get_json(client, "/api/search", sort="newest", limit=100)
    assert ids_of(listed) == ids_of(newest)
    ranked = get_json(client, "/api/search", q="hội đồng", limit=100)
    assert ranked["hits"][0]["score"] > 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_search_reaches_past_the_first_thousand_hits(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> None:
    index = open_backend(backend, tmp_path / "data", request)
    fillers, targets = deep_documents()
    docs = fillers + targets
    index.put_documents(docs, [d.text for d in docs])
    index.put_files(indexed_entry(d, f"/deep/{d.id}.txt") for d in docs)
    wanted = {d.id for d in targets}
    settings = dataclasses.replace(Settings.load(data_dir=tmp_path / "data"), api_token=None)
    handed: Index | None = index
    if backend == "embedded":  # its SQLite connection belongs to the thread that opened it
        index.close()
        handed = None
    try:
        with TestClient(create_app(settings, handed)) as c:
            best = get_json(c, "/api/search", q="giám sát", limit=100, offset=900)
            assert best["total"] == 1200 and not wanted & set(ids_of(best))
            for params in (
                {"issuer": "HĐND huyện Krông Nô"},
                {"body": "Ban Pháp chế"},
                {"session": "kỳ họp thứ 7"},
                {"term": DEEP_TERM},
                {"date_from": "2024-01"},
            ):
                found = get_json(c, "/api/search", q="giám sát", limit=100, **params)
                assert found["total"] == 50 and set(ids_of(found)) == wanted, params
            newest = get_json(c, "/api/search", q="giam sat", sort="newest", limit=50)
            assert newest["total"] == 1200 and set(ids_of(newest)) == wanted
            facets = get_json(c, "/api/facets", q="giám sát")["facets"]
            assert facets["issuer"] == {DEEP_ISSUER: 50} and facets["body"] == {DEEP_BODY: 50}
            assert facets["session"] == {DEEP_SESSION: 50} and facets["term"] == {DEEP_TERM: 50}
            exported = c.get("/api/export/search.json", params={"q": "giám sát", "term": "2021"})
            assert {h["id"] for h in exported.json()["hits"]} == wanted
            page = c.get("/", params={"q": "giám sát", "session": "thứ 7", "limit": 50})
            assert page.status_code == 200 and "50 văn bản" in page.text
    finally:
        if handed is not None:
            index.close()


# -- documents ------------------------------------------------------------------------------------
def test_document_is_the_full_record(client: TestClient, archive: Archive) -> None:
    doc_id = archive.ids["hnp_2019-12-03_thuong-truc-hdnd.txt"]
    record = get_json(client, f"/api/documents/{doc_id}")
    assert record["id"] == doc_id
    assert record["path"] == str(archive.inbox / "hnp_2019-12-03_thuong-truc-hdnd.txt")
    assert {"text", "pages", "task_counts", "dates", "bodies", "people", "references"} <= set(
        record
    )


def test_unknown_document_is_a_json_404(client: TestClient) -> None:
    response = client.get("/api/documents/0000000000000000")
    assert response.status_code == 404
    assert response.json() == {"error": "no document with id '0000000000000000'", "status": 404}


def test_document_page_shows_facts_highlights_and_links_references(
    client: TestClient, archive: Archive
) -> None:
    citing = archive.ids["bao-cao-giam-sat.txt"]
    cited = archive.ids["01_hanoi_hdnd_NQ11-2025_text.pdf"]
    page = client.get(f"/documents/{citing}", params={"q": '"giam sat" hoi'})
    assert page.status_code == 200
    assert f'href="/documents/{cited}"' in page.text
    assert "<mark>giám sát</mark>" in page.text and "<mark>Hội</mark> đồng" in page.text
    pdf = client.get(f"/documents/{cited}").text
    assert 'id="page-1"' in pdf and "Nội dung theo trang" in pdf


# -- downloads ------------------------------------------------------------------------------------
def test_download_serves_the_original(client: TestClient, archive: Archive) -> None:
    name = "46_lamdong_ubnd_TBKL-SKHCN-2026_draft.docx"
    response = client.get(f"/api/documents/{archive.ids[name]}/original")
    assert response.status_code == 200
    assert response.content == (archive.inbox / name).read_bytes()
    assert name in response.headers["content-disposition"]
    assert response.headers["content-disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd",
        "../../../../etc/passwd",
        "{inbox}/../outside/secret.txt",
        "{inbox}/./hnp_2019-12-03_thuong-truc-hdnd.txt",
        "{inbox}/%2e%2e/outside/secret.txt",
        "{inbox}/hnp_2019-12-03_thuong-truc-hdnd.txt\x00.pdf",
    ],
)
def test_download_path_must_be_one_of_the_documents_paths(
    client: TestClient, archive: Archive, path: str
) -> None:
    doc_id = archive.ids["hnp_2019-12-03_thuong-truc-hdnd.txt"]
    response = client.get(
        f"/api/documents/{doc_id}/original", params={"path": path.format(inbox=archive.inbox)}
    )
    assert response.status_code == 404
    assert "is not a path of document" in response.json()["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/documents/../../../etc/passwd/original",
        "/api/documents/..%2F..%2F..%2Fetc%2Fpasswd/original",
        "/api/documents/%2e%2e/original",
        "/api/documents/%00/original",
    ],
)
def test_download_ids_cannot_walk_the_file_system(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "root:" not in response.text


def test_download_refuses_a_symlink_out_of_the_archive(
    client: TestClient, archive: Archive
) -> None:
    response = client.get(f"/api/documents/{archive.ids['escape.txt']}/original")
    assert response.status_code == 403
    assert "outside the archive roots" in response.json()["error"]
    assert SECRET.encode() not in response.content


def test_download_refuses_changed_and_vanished_files(client: TestClient, archive: Archive) -> None:
    changed = client.get(f"/api/documents/{archive.ids['changed.txt']}/original")
    assert changed.status_code == 409 and "changed since it was ingested" in changed.text
    gone = client.get(f"/api/documents/{archive.ids['gone.txt']}/original")
    assert gone.status_code == 404 and "no longer exists" in gone.json()["error"]


def test_download_is_disabled_without_archive_roots(archive: Archive) -> None:
    settings = dataclasses.replace(archive.settings, archive_roots=None)
    doc_id = archive.ids["hnp_2019-12-03_thuong-truc-hdnd.txt"]
    with TestClient(archive.app(settings)) as c:
        response = c.get(f"/api/documents/{doc_id}/original")
        assert response.status_code == 403
        assert "downloads are disabled: set HOSO_ARCHIVE_ROOTS" in response.json()["error"]
        assert "HOSO_ARCHIVE_ROOTS" in c.get(f"/documents/{doc_id}").text


def test_download_root_may_not_be_a_sibling_with_a_common_prefix(archive: Archive) -> None:
    # "/x/inbox-other" starts with "/x/inbox" as a string but is not inside it.
    settings = dataclasses.replace(archive.settings, archive_roots=str(archive.inbox)[:-1])
    doc_id = archive.ids["hnp_2019-12-03_thuong-truc-hdnd.txt"]
    with TestClient(archive.app(settings)) as c:
        assert c.get(f"/api/documents/{doc_id}/original").status_code == 403


# -- facts, status, exports -----------------------------------------------------------------------
def test_facts_are_task_counts_with_their_documents(client: TestClient) -> None:
    report = get_json(client, "/api/facts")
    assert set(report) == {"total", "rows", "completion", "facets"}
    assert report["total"] >= 6 and report["rows"]
    row = report["rows"][0]
    assert {"doc_id", "title", "body", "year", "task_count"} <= set(row)
    assert row["task_count"]["sentence"]
    completed = get_json(client, "/api/facts", role="completed", limit=500)
    assert completed["rows"] and {r["task_count"]["role"] for r in completed["rows"]} == {
        "completed"
    }
    for point in completed["completion"]:
        assert 0 <= point["percent"] <= 100 and point["total"] > 0
    assert get_json(client, "/api/facts", limit=1)["rows"] == report["rows"][:1]


def test_facts_completion_is_by_council_from_work_items(client: TestClient) -> None:
    points = get_json(client, "/api/facts", limit=1)["completion"]
    # hnp: "248/273 (bằng 90,8%) nội dung công việc … đã hoàn thành", a news article about the
    # standing committee of Hà Nội's council
    [hnp] = [p for p in points if p["body"] == "Thường trực HĐND thành phố Hà Nội"]
    assert (hnp["year"], hnp["completed"], hnp["total"], hnp["percent"]) == (2019, 248, 273, 90.8)
    assert hnp["documents"] and all(s.split("#")[0] in hnp["documents"] for s in hnp["sentences"])
    assert len({(p["body"], p["year"]) for p in points}) == len(points)


def test_facts_filter_on_role_and_kind(client: TestClient) -> None:
    report = get_json(client, "/api/facts", limit=500)
    assert set(report["facets"]["kind"]) <= {"task", "indicator", "activity"}
    tasks = get_json(client, "/api/facts", role="completed", kind="task", limit=500)
    # hnp: "248/273 (bằng 90,8%) nội dung công việc … đã hoàn thành"
    assert any(r["task_count"]["number"] == 248 for r in tasks["rows"])
    assert {(r["task_count"]["role"], r["task_count"]["kind"]) for r in tasks["rows"]} == {
        ("completed", "task")
    }
    indicators = get_json(client, "/api/facts", kind="indicator", limit=500)
    # 46: "13/14 sở, ban, ngành đã đề xuất"
    assert any(r["task_count"]["number"] == 13 for r in indicators["rows"])
    assert tasks["total"] + indicators["total"] < report["total"]
    assert report["facets"]["kind"]["indicator"] == indicators["total"]
    csv_text = client.get("/api/export/facts.csv", params={"kind": "indicator"}).text
    header, *rows = csv_text.lstrip("\ufeff").splitlines()
    assert "kind" in header.split(",") and len(rows) >= indicators["total"]


def test_facts_filter_on_completion_percent(client: TestClient) -> None:
    # The sample DOCX reports 13/14 departments done (92.9%).
    low = get_json(client, "/api/facts", max_percent=80, limit=500)["rows"]
    high = get_json(client, "/api/facts", min_percent=90, limit=500)["rows"]
    assert any(r["task_count"]["number"] == 13 and r["task_count"]["total"] == 14 for r in high)
    assert not any(r["task_count"]["number"] == 13 and r["task_count"]["total"] == 14 for r in low)
    for row in low:
        tc = row["task_count"]
        percent = tc["percent"] if tc["percent"] is not None else 100 * tc["number"] / tc["total"]
        assert percent <= 80
    assert client.get("/api/facts", params={"min_percent": "-5"}).status_code == 400


def test_status_counts_files_and_lists_failures(client: TestClient, archive: Archive) -> None:
    status = get_json(client, "/api/status")
    assert set(status) == {"files", "documents", "failures"}
    assert status["files"]["failed"] >= 1
    broken = [f for f in status["failures"] if f["path"] == str(archive.inbox / "broken.pdf")]
    assert broken and broken[0]["error"].startswith("unreadable PDF")


def test_search_export_holds_every_result(client: TestClient) -> None:
    total = get_json(client, "/api/search", q="hội đồng", limit=1)["total"]
    assert total > 1
    response = client.get("/api/export/search.csv", params={"q": "hội đồng", "limit": 1})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == total and rows[0]["id"] and "<b>" not in rows[0]["snippet"]
    exported = client.get("/api/export/search.json", params={"q": "hội đồng"}).json()
    assert exported["total"] == total == len(exported["hits"])


@pytest.mark.parametrize("kind", ["facts", "failures"])
def test_other_lists_export_as_csv_and_json(client: TestClient, kind: str) -> None:
    as_csv = client.get(f"/api/export/{kind}.csv")
    as_json = client.get(f"/api/export/{kind}.json")
    assert as_csv.status_code == as_json.status_code == 200
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    data = as_json.json()
    items = data["rows"] if kind == "facts" else data
    assert len(rows) == len(items) >= 1


def test_csv_cells_never_start_a_formula(client: TestClient) -> None:
    from reports.exports import to_csv

    text = to_csv(["a", "b"], [["=HYPERLINK(1)", "-2+3"], [1.5, None]])
    assert text.splitlines()[1] == "'=HYPERLINK(1),'-2+3"


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = get_json(client, "/openapi.json")["paths"]
    for path in (
        "/api/search",
        "/api/facets",
        "/api/documents/{doc_id}",
        "/api/documents/{doc_id}/original",
        "/api/documents/{doc_id}/similar",
        "/api/documents/{doc_id}/pages/{number}.jpg",
        "/api/facts",
        "/api/bodies/{name}",
        "/api/people/{name}",
        "/api/status",
        "/api/export/search.{ext}",
        "/api/export/facts.{ext}",
        "/api/export/failures.{ext}",
    ):
        assert path in paths, path


def test_a_body_profile_counts_what_the_search_counts(client: TestClient) -> None:
    issuers = get_json(client, "/api/facets")["facets"]["issuer"]
    name, count = next(iter(issuers.items()))
    profile = get_json(client, f"/api/bodies/{quote(name, safe='')}")
    assert profile["name"] == name and profile["total"] == count
    issued = get_json(client, "/api/search", issuer=name, sort="newest", limit=20)["hits"]
    assert [d["id"] for d in profile["documents"]] == [h["id"] for h in issued]
    assert profile["mentioned"] == get_json(client, "/api/facets", body=name)["total"]
    people = get_json(client, "/api/facets", issuer=name)["facets"]["people"]
    assert profile["people"] == people


def test_a_council_profile_has_its_completion_and_the_sentences_behind_it(
    client: TestClient,
) -> None:
    [point] = [p for p in get_json(client, "/api/facts")["completion"] if p["percent"] == 90.8]
    profile = get_json(client, f"/api/bodies/{quote(point['body'], safe='')}")
    assert [p["percent"] for p in profile["completion"]] == [90.8]
    assert profile["completion"][0]["by_role"]["completed"] == 248
    rows = get_json(
        client, "/api/facts", council=point["body"], year=point["year"], kind="task", limit=500
    )["rows"]
    assert {s.split("#")[0] for s in point["sentences"]} == set(point["documents"])
    counts = [(r["task_count"]["number"], r["task_count"]["total"]) for r in rows]
    assert (248, 273) in counts
    assert {r["doc_id"] for r in rows} == set(point["documents"])


def test_a_person_profile_lists_the_documents_that_name_them(client: TestClient) -> None:
    people = get_json(client, "/api/facets")["facets"]["people"]
    name, count = next(iter(people.items()))
    profile = get_json(client, f"/api/people/{quote(name, safe='')}")
    assert profile["total"] == count and len(profile["documents"]) == min(count, 20)
    assert profile["titles"] and all(n >= 1 for n in profile["titles"].values())


@pytest.mark.parametrize("kind", ["bodies", "people"])
def test_an_unknown_body_or_person_is_a_404_with_a_sentence(client: TestClient, kind: str) -> None:
    response = client.get(f"/api/{kind}/Không Có Ai")
    assert response.status_code == 404 and "Không Có Ai" in response.json()["error"]
    page = client.get(f"/{kind}/Không Có Ai")
    assert page.status_code == 404 and "Không có văn bản nào" in page.text


# -- pages ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/", "/?q=hoi+dong", "/facts", "/status", "/?sort=newest"])
def test_pages_render(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="vi">' in response.text and "Tìm kiếm" in response.text


def test_language_switch_is_remembered(archive: Archive) -> None:
    with TestClient(archive.app()) as c:
        english = c.get("/status", params={"lang": "en"})
        assert "Archive status" in english.text and c.cookies.get("hoso_lang") == "en"
        assert "Archive status" in c.get("/status").text
        assert "Trạng thái kho" in c.get("/status", params={"lang": "vi"}).text


def test_unknown_pages_are_404s_in_their_own_format(client: TestClient) -> None:
    api = client.get("/api/nothing-here")
    assert api.status_code == 404 and api.json()["status"] == 404
    page = client.get("/nothing-here")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


# -- hostile input --------------------------------------------------------------------------------
HOSTILE_QUERIES = [
    '"hội đồng',
    '"',
    '""""',
    "-",
    "--",
    "OR",
    "OR OR hội",
    "-hội -đồng",
    "\x00\x01\x02\x1b[31m\x7f",
    "hội\u200b\u202eđồng\ufeff",
    "<script>alert(1)</script>",
    "'; DROP TABLE documents; --",
    "*?[]{}()^~:\\/+!&|",
    "a" * 10_000,
    "hội đồng " * 1_100,
    "\U0001f600" * 2_000,
]


@pytest.mark.parametrize("q", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_queries_get_an_answer(client: TestClient, q: str) -> None:
    for url in ("/api/search", "/api/facets", "/api/export/search.csv", "/"):
        response = client.get(url, params={"q": q, "sort": "newest"})
        assert response.status_code == 200, (url, response.text[:300])
    page = client.get("/", params={"q": q}).text
    assert "<script>alert(1)" not in page
    assert client.get("/documents/x", params={"q": q}).status_code == 404


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"limit": -1}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": 10**30}, "limit"),
        ({"offset": -5}, "offset"),
        ({"offset": 10**12}, "offset"),
        ({"year": "abc"}, "year"),
        ({"year": 0}, "year"),
        ({"year": 10**20}, "year"),
        ({"sort": "sideways"}, "sort"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_to": "2020-01-01T00:00"}, "date_to"),
        ({"q": "x" * 20_001}, "q"),
        ({"doc_type": "x" * 1_001}, "doc_type"),
    ],
)
def test_bad_parameters_are_400s_naming_the_parameter(
    client: TestClient, params: dict[str, Any], names: str
) -> None:
    response = client.get("/api/search", params=params)
    assert response.status_code == 400
    error = response.json()
    assert error["status"] == 400 and error["error"].startswith(f"invalid parameter — {names}:")
    page = client.get("/", params=params)
    assert page.status_code == 400 and names in page.text


@pytest.mark.parametrize(
    "params",
    [
        {"doc_type": "\x00"},
        {"format": "../../etc"},
        {"issuer": "<b>x</b>"},
        {"body": "%s%n"},
        {"year": 9999, "date_from": "0001", "date_to": "9999-12-31"},
        {"session": "\ud800".encode("utf-8", "surrogatepass").decode("latin-1")},
    ],
)
def test_odd_filter_values_find_nothing_or_something(
    client: TestClient, params: dict[str, Any]
) -> None:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200
    assert response.json()["total"] >= 0


def test_odd_facts_parameters(client: TestClient) -> None:
    assert client.get("/api/facts", params={"limit": 501}).status_code == 400
    assert client.get("/api/facts", params={"role": "\x00"}).json()["total"] == 0
    assert client.get("/facts", params={"offset": 99_999}).status_code == 200


# -- backend trouble ------------------------------------------------------------------------------
class BrokenIndex:
    """An index whose backend is down (or which has a bug)."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def search(self, query: SearchQuery) -> SearchResult:
        raise self.error

    def files(
        self, *, under: str | None = None, status: FileStatus | None = None
    ) -> list[FileEntry]:
        raise self.error

    def close(self) -> None:
        pass


def test_backend_down_is_a_503_with_the_reason(archive: Archive) -> None:
    app = create_app(archive.settings, BrokenIndex(BackendError("cluster unreachable")))  # type: ignore[arg-type]
    with TestClient(app) as c:
        response = c.get("/api/search", params={"q": "x"})
        assert response.status_code == 503
        assert response.json()["error"] == "the index is unavailable: cluster unreachable"
        assert c.get("/status").status_code == 503


def test_a_bug_is_a_500_without_traceback(archive: Archive) -> None:
    app = create_app(archive.settings, BrokenIndex(RuntimeError("boom")))  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/api/status")
        assert response.status_code == 500
        assert response.json()["error"].startswith("internal error: RuntimeError")
        assert "Traceback" not in response.text and "boom" not in response.text


# -- tokens ---------------------------------------------------------------------------------------
def test_a_public_host_without_a_token_refuses_to_start(archive: Archive) -> None:
    for host in ("0.0.0.0", "192.168.1.10", "::", "example.org"):
        with pytest.raises(UsageError, match=r"refusing to serve .* without a token"):
            create_app(archive.settings, host=host)
    for host in ("127.0.0.1", "::1", "localhost", "127.0.0.2"):
        create_app(archive.settings, host=host)
    create_app(archive.settings, host="0.0.0.0", no_token=True)


def test_serve_command_refuses_a_public_host_without_a_token(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HOSO_API_TOKEN", raising=False)
    result = hoso(archive.settings.data_dir, "serve", "--host", "0.0.0.0", check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("hoso: error: refusing to serve on 0.0.0.0 without a token")
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def guarded(archive: Archive) -> Iterator[TestClient]:
    settings = dataclasses.replace(archive.settings, api_token="s3cret-token")
    with TestClient(archive.app(settings, host="0.0.0.0")) as c:
        yield c


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong", "Bearer ", "Basic czNjcmV0LXRva2Vu", "s3cret-token", "Bearer s3cret"],
)
def test_api_needs_the_token(guarded: TestClient, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization is not None else {}
    for url in ("/api/search", "/api/status", "/api/export/search.csv", "/api/documents/x"):
        response = guarded.get(url, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"].startswith("a token is required")
        assert response.headers["www-authenticate"] == "Bearer"


def test_api_accepts_the_bearer_token(guarded: TestClient) -> None:
    headers = {"Authorization": "Bearer s3cret-token"}
    assert guarded.get("/api/search", headers=headers).status_code == 200
    assert guarded.get("/status", headers=headers).status_code == 200
    assert guarded.get("/openapi.json").status_code == 200  # the schema is public


def test_pages_redirect_to_login_and_the_cookie_opens_them(archive: Archive) -> None:
    settings = dataclasses.replace(archive.settings, api_token="s3cret-token")
    with TestClient(archive.app(settings, host="0.0.0.0"), follow_redirects=False) as c:
        first = c.get("/facts", params={"year": 2019})
        assert first.status_code == 303
        assert first.headers["location"] == "/login?next=%2Ffacts%3Fyear%3D2019"
        assert c.get("/static/hoso.css").status_code == 200
        wrong = c.post("/login", data={"token": "nope", "next": "/facts"})
        assert wrong.status_code == 401 and c.cookies.get("hoso_login") is None
        evil = c.post("/login", data={"token": "s3cret-token", "next": "//evil.example/x"})
        assert evil.status_code == 303 and evil.headers["location"] == "/"
        cookie = c.cookies.get("hoso_login")
        assert cookie and "s3cret-token" not in cookie
        assert c.get("/facts").status_code == 200
        assert c.get("/api/status").status_code == 200
        c.post("/logout")
        assert c.get("/facts").status_code == 303


def test_a_configured_token_guards_localhost_too(archive: Archive) -> None:
    settings = dataclasses.replace(archive.settings, api_token="s3cret-token")
    with TestClient(archive.app(settings)) as c:
        assert c.get("/api/status").status_code == 401
    with TestClient(archive.app(settings, no_token=True)) as c:
        assert c.get("/api/status").status_code == 200


def test_settings_hide_the_token() -> None:
    settings = Settings.load(data_dir=Path("/tmp/x"), api_token="s3cret-token")
    assert "s3cret-token" not in repr(settings)
    roots = Settings.load(archive_roots=f"/a{os.pathsep}/b{os.pathsep}").archive_root_paths
    assert roots == (Path("/a"), Path("/b"))


# -- markup ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("snippet", "html"),
    [
        ("<b>hội</b> đồng", "<b>hội</b> đồng"),
        ("a &lt;i&gt; <b>b</b>", "a &lt;i&gt; <b>b</b>"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<b onclick="x">y</b>', "&lt;b onclick=&#34;x&#34;&gt;y"),
        ("<b>open", "<b>open</b>"),
        ("</b>close<b><b>x</b></b>", "close<b>x</b>"),
        ("&amp;lt;", "&amp;lt;"),
    ],
)
def test_snippets_keep_only_balanced_bold(snippet: str, html: str) -> None:
    assert str(safe_snippet(snippet)) == html


def test_highlight_matches_like_search() -> None:
    marked = str(
        highlight("Hội đồng nhân dân tỉnh Hà Giang <x> hoà", 'hoi dong "ha giang" -tinh hòa')
    )
    assert marked == (
        "<mark>Hội</mark> <mark>đồng</mark> nhân dân tỉnh <mark>Hà Giang</mark> &lt;x&gt; "
        "<mark>hoà</mark>"
    )
    assert str(highlight("<b>", "")) == "&lt;b&gt;"


# -- the researcher's workbench (issue 20) ----------------------------------------------------------
def test_a_filter_takes_several_values_and_exclusions(client: TestClient) -> None:
    facets = get_json(client, "/api/facets")["facets"]["doc_type"]
    assert len(facets) >= 2
    first, second = list(facets)[:2]
    both = get_json(client, "/api/search", doc_type=[first, second], limit=100)
    assert both["total"] == facets[first] + facets[second]
    assert {h["doc_type"] for h in both["hits"]} == {first, second}
    without = get_json(client, "/api/search", not_doc_type=first, limit=100)
    everything = get_json(client, "/api/search", limit=0)["total"]
    assert without["total"] == everything - facets[first]
    assert first not in {h["doc_type"] for h in without["hits"]}
    page = client.get("/", params=[("doc_type", first), ("doc_type", second)])
    assert page.status_code == 200 and page.text.count('class="chip') == 2


def test_number_filter_finds_the_document_by_its_number(client: TestClient) -> None:
    found = get_json(client, "/api/search", number="11/2025/NQ-HĐND")
    assert found["total"] >= 1
    assert get_json(client, "/api/search", number="99/1999/NQ-HĐND")["total"] == 0
    assert "11/2025/NQ-HĐND" in client.get("/", params={"number": "11/2025/NQ-HĐND"}).text


def test_result_cards_show_issuer_number_and_date(client: TestClient) -> None:
    page = client.get("/", params={"number": "11/2025/NQ-HĐND"}).text
    card = page[page.index('<li class="hit"') :]
    assert 'class="number">Số 11/2025/NQ-HĐND' in card
    assert 'class="issuer">' in card and 'class="date">' in card


def test_search_csv_has_number_issuer_session_and_a_link(client: TestClient) -> None:
    response = client.get("/api/export/search.csv", params={"number": "11/2025/NQ-HĐND"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and rows[0]["doc_number"] == "11/2025/NQ-HĐND" and rows[0]["issuer"]
    assert {"session", "issued_date", "doc_type", "title"} <= set(rows[0])
    assert rows[0]["link"] == f"http://testserver/documents/{rows[0]['id']}"


def test_an_empty_result_suggests_what_to_try(client: TestClient) -> None:
    page = client.get("/", params={"q": "giám sát xyzzyq", "all": "true", "doc_type": "Nghị quyết"})
    assert "Không tìm thấy" in page.text
    assert "không bắt buộc đủ mọi từ" in page.text
    assert "tìm không dấu: giam sat xyzzyq" in page.text
    assert "bỏ bộ lọc Loại văn bản: Nghị quyết" in page.text


def test_paging_past_the_end_says_so_and_links_the_last_page(client: TestClient) -> None:
    total = get_json(client, "/api/search", limit=0)["total"]
    page = client.get("/", params={"offset": total + 50})
    assert page.status_code == 200
    assert "vượt quá kết quả" in page.text and "Không tìm thấy" not in page.text
    last = (total - 1) // 10 * 10
    assert f"offset={last}" in page.text


def test_failure_reasons_read_as_sentences(client: TestClient) -> None:
    from hoso.web.readable import readable_reason

    assert readable_reason("unrecognised content (extension .tsv)", "en") == (
        "The file's format was not recognised (extension .tsv); it is not in the archive."
    )
    assert readable_reason("something new", "vi") == "something new"
    failures = get_json(client, "/api/status")["failures"]
    page = client.get("/status").text
    for failure in failures:
        sentence = readable_reason(failure["error"], "vi")
        assert f">{html.escape(sentence, quote=False)}<" in page.replace("&#39;", "'")


def test_document_page_keeps_the_search_and_links_neighbours(client: TestClient) -> None:
    params = {"q": "hội đồng", "sort": "newest", "limit": "10"}
    hits = get_json(client, "/api/search", **params)["hits"]
    assert len(hits) >= 3
    page = client.get(f"/documents/{hits[1]['id']}", params={**params, "hit": 1}).text
    assert (
        f'href="/documents/{hits[0]["id"]}?' in page
        and f'href="/documents/{hits[2]["id"]}?' in page
    )
    back = re.search(r'class="back" href="([^"]*)"', page)
    assert back is not None and "sort=newest" in back[1] and "q=h" in back[1]


def test_docs_page_lists_the_api_offline(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/api/search" in page.text and "not_doc_type" in page.text
    assert "cdn" not in page.text.lower()


def test_original_is_shown_inline_on_request(client: TestClient, archive: Archive) -> None:
    pdf = next(i for name, i in archive.ids.items() if name.endswith(".pdf"))
    shown = client.get(f"/api/documents/{pdf}/original", params={"inline": "true"})
    assert shown.status_code == 200 and shown.headers["content-type"] == "application/pdf"
    assert shown.headers["content-disposition"].startswith("inline")
    assert shown.headers["content-security-policy"] == "frame-ancestors 'self'"
    image = client.get(f"/api/documents/{pdf}/pages/1.jpg")
    assert image.status_code == 200 and image.content.startswith(b"\xff\xd8")
    assert client.get(f"/api/documents/{pdf}/pages/9999.jpg").status_code == 404
    assert 'id="viewer"' in client.get(f"/documents/{pdf}").text


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Về chương trình giám sát năm 2018", "Về chương trình giám sát năm 2018"),
        ("09_tuangiao_hdnd_GM-hop-thuong-truc-2020.pdf", "GIẤY MỜI họp Thường trực HĐND huyện"),
        ("09_tuangiao_hdnd_GM-hop-thuong-truc-2020", "GIẤY MỜI họp Thường trực HĐND huyện"),
        (None, "GIẤY MỜI họp Thường trực HĐND huyện"),
    ],
)
def test_a_card_title_is_never_a_file_name(title: str | None, expected: str) -> None:
    from factories import make_doc

    from reports.facts import display_title

    text = (
        "HỘI ĐỒNG NHÂN DÂN\nHUYỆN TUẦN GIÁO\nSố: 12/GM-HĐND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Tuần Giáo, ngày tháng 11 năm 2020\n\nGIẤY MỜI họp Thường trực HĐND huyện\nKính gửi: …"
    )
    doc = dataclasses.replace(
        make_doc(text), title=title, paths=["/a/09_tuangiao_hdnd_GM-hop-thuong-truc-2020.pdf"]
    )
    assert display_title(doc) == expected


def test_every_message_is_in_vietnamese_and_english() -> None:
    from hoso.web import i18n
    from hoso.web.readable import RULES

    templates = Path(__file__).resolve().parent.parent / "hoso" / "web" / "templates"
    used = set()
    for template in templates.glob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z_]+\.[a-z_.]+)'", template.read_text(encoding="utf-8")))
    used |= {key for _, key in RULES}
    used |= {k for k in i18n.STRINGS["vi"] if k.startswith(("error.", "empty.", "reason."))}
    for lang in i18n.LANGUAGES:
        missing = sorted(k for k in used if k not in i18n.STRINGS[lang])
        assert missing == [], (lang, missing)


def test_people_are_a_facet_and_link_to_their_documents(client: TestClient) -> None:
    people = get_json(client, "/api/facets")["facets"]["people"]
    name, count = next(iter(people.items()))
    assert get_json(client, "/api/search", people=name)["total"] == count
    page = client.get("/", params={"people": name}).text
    assert 'data-facet="people"' in page and "Cá nhân" in page


def test_the_openapi_document_is_the_one_recorded(tmp_path: Path) -> None:
    # the web API's contract: a change to it is deliberate, and rewrites tests/data/openapi.json
    # (HOSO_RECORD_OPENAPI=1 pytest -k openapi_document)
    recorded = Path(__file__).parent / "data" / "openapi.json"
    app = create_app(dataclasses.replace(Settings.load(data_dir=tmp_path), api_token=None))
    document = json.dumps(app.openapi(), sort_keys=True, ensure_ascii=False, indent=1) + "\n"
    if os.environ.get("HOSO_RECORD_OPENAPI"):
        recorded.write_text(document, encoding="utf-8")
    assert document == recorded.read_text(encoding="utf-8")
