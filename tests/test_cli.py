"""The `hoso` command: every command with --json in this process (click's CliRunner) over the
sample folder, and as a real process: `hoso ingest`'s Prefect flow run, exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from commands import hoso, hoso_json, hoso_process
from factories import sample_inbox

from extractors import ExtractOptions
from index.embedded import EmbeddedIndex
from ingest import pipeline


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> tuple[Path, Path]:
    """The sample folder ingested once by the pipeline without Prefect; (data dir, inbox)."""
    root = tmp_path_factory.mktemp("cli")
    inbox = sample_inbox(root, samples_dir, broken=True)
    data_dir = root / "data"
    index = EmbeddedIndex(data_dir)
    try:
        pipeline.ingest(index, [inbox], ExtractOptions(cache_dir=data_dir / "cache"))
    finally:
        index.close()
    return data_dir, inbox


@pytest.fixture(scope="module")
def flow_ingested(
    tmp_path_factory: pytest.TempPathFactory, samples_dir: Path
) -> tuple[Path, Path, str]:
    """The sample folder ingested by `hoso ingest` as a real process (a real Prefect flow run,
    worker processes); (data dir, inbox, output)."""
    root = tmp_path_factory.mktemp("cli-flow")
    inbox = sample_inbox(root, samples_dir, broken=True)
    data_dir = root / "data"
    result = hoso_process(data_dir, "ingest", str(inbox))
    return data_dir, inbox, result.stdout


@pytest.mark.slow
def test_ingest_prints_a_summary_with_failure_reasons(
    flow_ingested: tuple[Path, Path, str],
) -> None:
    _, inbox, output = flow_ingested
    count = len(list(inbox.iterdir()))
    assert f"indexed {count - 1} · copies linked 0 · unchanged 0 · failed 1" in output
    assert f"failed: {inbox / 'broken.pdf'}: unreadable PDF" in output


@pytest.mark.slow
def test_second_ingest_finds_everything_unchanged(flow_ingested: tuple[Path, Path, str]) -> None:
    data_dir, inbox, _ = flow_ingested
    output = hoso_process(data_dir, "ingest", str(inbox)).stdout
    assert f"indexed 0 · copies linked 0 · unchanged {len(list(inbox.iterdir()))}" in output


@pytest.mark.slow
def test_the_flow_ingested_folder_is_searchable_from_the_console_script(
    flow_ingested: tuple[Path, Path, str],
) -> None:
    data_dir, inbox, _ = flow_ingested
    found = json.loads(hoso_process(data_dir, "search", '"273 nội dung"', "--json").stdout)
    assert found["hits"][0]["path"] == str(inbox / "hnp_2019-12-03_thuong-truc-hdnd.txt")
    listing = json.loads(hoso_process(data_dir, "list", "--json").stdout)
    assert len(listing) == len(list(inbox.iterdir()))


def test_search_json_contract(ingested: tuple[Path, Path]) -> None:
    data_dir, _ = ingested
    result = hoso_json(data_dir, "search", "hội đồng nhân dân", "--limit", "3")
    assert set(result) == {"total", "hits", "facets"}
    assert result["total"] >= 5 and len(result["hits"]) == 3
    for hit in result["hits"]:
        assert set(hit) == {
            "id", "path", "title", "doc_type", "issued_date", "score", "snippets", "explanation"
        }  # fmt: skip
        assert hit["explanation"] is None  # only with --explain
        assert Path(hit["path"]).is_file()
    assert set(result["facets"]) == {
        "doc_type",
        "format",
        "year",
        "issuer",
        "bodies",
        "session",
        "term",
        "people",
    }
    plain = hoso_json(data_dir, "search", "hoi dong nhan dan", "--limit", "100")
    full = hoso_json(data_dir, "search", "hội đồng nhân dân", "--limit", "100")
    assert {h["id"] for h in plain["hits"]} == {h["id"] for h in full["hits"]}
    page = hoso_json(data_dir, "search", "hội đồng nhân dân", "--limit", "2", "--offset", "2")
    assert [h["id"] for h in page["hits"]] == [h["id"] for h in full["hits"][2:4]]


def test_search_by_session_and_term_in_date_order(ingested: tuple[Path, Path]) -> None:
    data_dir, _ = ingested
    facets = hoso_json(data_dir, "search", "--limit", "0")["facets"]
    assert facets["session"] and facets["term"]
    for name in ("session", "term"):
        for value, count in facets[name].items():
            found = hoso_json(data_dir, "search", f"--{name}", value, "--limit", "100")
            assert found["total"] == count == len(found["hits"])
    newest = hoso_json(data_dir, "search", "--sort", "newest", "--limit", "100")["hits"]
    dates = [h["issued_date"] for h in newest if h["issued_date"]]
    assert len(dates) >= 3 and dates == sorted(dates, reverse=True)
    assert not any(h["issued_date"] for h in newest[len(dates) :])  # undated last
    oldest = hoso_json(data_dir, "search", "--sort", "oldest", "--limit", "100")["hits"]
    assert [h["issued_date"] for h in oldest][: len(dates)] == sorted(dates)


def test_show_json_is_the_full_record(ingested: tuple[Path, Path]) -> None:
    data_dir, inbox = ingested
    hit = hoso_json(data_dir, "search", '"273 nội dung"')["hits"][0]
    record = hoso_json(data_dir, "show", hit["id"])
    assert record["id"] == hit["id"]
    assert record["path"] == str(inbox / "hnp_2019-12-03_thuong-truc-hdnd.txt")
    assert record["paths"] == [record["path"]]
    assert record["format"] == "text" and len(record["sha256"]) == 64
    assert "248/273" in record["text"]
    assert record["title"].startswith("Thường trực HĐND TP")


def test_list_and_status_json(ingested: tuple[Path, Path]) -> None:
    data_dir, inbox = ingested
    listing = hoso_json(data_dir, "list")
    assert len(listing) == len(list(inbox.iterdir()))
    assert all(set(e) == {"id", "path", "title", "format", "status", "members"} for e in listing)
    broken = next(e for e in listing if e["path"].endswith("broken.pdf"))
    assert broken["status"] == "failed" and broken["id"] is None
    status = hoso_json(data_dir, "status")
    assert status["files"]["indexed"] == len(listing) - 1
    assert status["files"]["failed"] == 1
    assert status["failures"][0]["error"].startswith("unreadable PDF")


def test_human_output_highlights_and_explains(ingested: tuple[Path, Path]) -> None:
    data_dir, _ = ingested
    output = hoso(data_dir, "search", "giám sát", "--limit", "2").stdout
    assert output.splitlines()[0].endswith("documents")
    assert "giám sát" in output.lower()


def test_search_explain_says_why_each_hit_matched(ingested: tuple[Path, Path]) -> None:
    data_dir, _ = ingested
    result = hoso_json(data_dir, "search", "Thường trực HĐND giám sát", "--explain")
    why = result["hits"][0]["explanation"]
    assert set(why) == {"words", "missing", "phrases", "fields"}
    assert {"HĐND", "giám", "sát"} <= set(why["words"])
    assert "giám sát" in why["phrases"]
    assert set(why["fields"]) <= {"title", "body", "doc_type", "issuer", "number"}
    output = hoso(data_dir, "search", "Thường trực HĐND giám sát", "--explain").stdout
    assert "matched: " in output and "in body: " in output


def test_search_all_asks_for_every_word(ingested: tuple[Path, Path]) -> None:
    data_dir, _ = ingested
    query = "chương trình giám sát năm 2019 Krông Nô Hà Giang Đắk Nông"
    assert hoso_json(data_dir, "search", query)["total"] > 0
    assert hoso_json(data_dir, "search", query, "--all")["total"] == 0


def test_similar_lists_other_documents(ingested: tuple[Path, Path]) -> None:
    data_dir, _ = ingested
    hit = hoso_json(data_dir, "search", '"273 nội dung"')["hits"][0]
    similar = hoso_json(data_dir, "similar", hit["id"], "--limit", "3")
    assert 0 < len(similar["hits"]) <= 3
    assert hit["id"] not in [h["id"] for h in similar["hits"]]
    output = hoso(data_dir, "similar", hit["id"]).stdout
    assert output.splitlines()[0].endswith("documents")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "nope"], "hoso: error: no document with id 'nope'"),
        (["similar", "nope"], "hoso: error: no document with id 'nope'"),
        (["search", "x", "--limit", "-1"], "Invalid value for '--limit'"),
        (["ingest", "/does/not/exist"], "does not exist"),
    ],
)
def test_errors_are_one_line_not_tracebacks(
    ingested: tuple[Path, Path], args: list[str], message: str
) -> None:
    data_dir, _ = ingested
    result = hoso(data_dir, *args, check=False)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["show", "nope"], 1, "hoso: error: no document with id 'nope'"),
        (["search", "x", "--limit", "-1"], 2, "Invalid value for '--limit'"),
    ],
)
def test_the_console_script_fails_with_one_line_and_an_exit_status(
    ingested: tuple[Path, Path], args: list[str], status: int, message: str
) -> None:
    data_dir, _ = ingested
    result = hoso_process(data_dir, *args, check=False)
    assert result.returncode == status
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def _facts_csv(data_dir: Path, *args: str) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(hoso(data_dir, "facts", "export", *args).stdout)))


def test_facts_export_filters_by_role_and_kind(ingested: tuple[Path, Path]) -> None:
    data_dir, _ = ingested
    every = _facts_csv(data_dir)
    assert every and {"role", "kind", "number", "total", "percent", "unit"} <= set(every[0])
    done_tasks = _facts_csv(data_dir, "--role", "completed", "--kind", "task")
    # hnp: "có 248/273 (bằng 90,8%) nội dung công việc trong kế hoạch đã hoàn thành"
    assert ("248.0", "273.0", "90.8") in {
        (r["number"], r["total"], r["percent"]) for r in done_tasks
    }
    assert {(r["role"], r["kind"]) for r in done_tasks} == {("completed", "task")}
    indicators = _facts_csv(data_dir, "--kind", "indicator")
    # 46: "13/14 sở, ban, ngành đã đề xuất" counts bodies that did something
    assert any(r["number"] == "13.0" and r["total"] == "14.0" for r in indicators)
    assert {r["kind"] for r in indicators} == {"indicator"}
    assert len(done_tasks) + len(indicators) < len(every)
    wrong = hoso(data_dir, "facts", "export", "--role", "remaining", check=False)
    assert wrong.returncode != 0 and "remaining" in wrong.stderr


def test_facts_completion_is_by_council_and_year(ingested: tuple[Path, Path]) -> None:
    data_dir, _ = ingested
    points = json.loads(hoso(data_dir, "facts", "completion", "--json").stdout)
    # hnp: "248/273 (bằng 90,8%) nội dung công việc … đã hoàn thành"
    hnp = [p for p in points if p["completed"] == 248 and p["total"] == 273]
    assert hnp and hnp[0]["percent"] == 90.8 and hnp[0]["documents"]
    assert all(c["role"] in ("completed", "in_progress", "pending", "not_completed",
                             "carried_over") for p in points for c in p["counts"])  # fmt: skip
    assert len({(p["council"], p["year"]) for p in points}) == len(points)
