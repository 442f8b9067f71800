"""The whole generated bad-input corpus (tests/badinput.py) ingested in one run, through worker
processes with tight limits, on the embedded backend.

The run must complete; every regular file must end indexed, failed or skipped, a failure with a
specific reason (never "extractor crashed" for a kind we can anticipate); zip and XML bombs are
refused before they expand; no external entity is ever resolved; the good files placed among the
hostile ones are indexed. The table kind → final state → reason is printed and written to
tests/output/bad-input.md (RELIABILITY.md quotes it).
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import stat
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from badinput import (
    ABSENT,
    KINDS,
    SAMPLE_DOCX,
    SECRET_WORD,
    VIETNAMESE,
    Config,
    Sample,
    council_text,
    generate,
)

from core.errors import CorruptFile
from core.records import FileEntry, FileStatus, IngestSummary, SearchQuery
from core.settings import Limits
from extractors import ExtractOptions
from extractors.safety import ZipLimits, check_zip, known_reason
from index.embedded import EmbeddedIndex
from ingest.discover import is_ignored
from ingest.pipeline import Outcome, ingest
from ingest.plan import FINAL_STATES
from ingest.workers import ExtractionPool

OPTIONS = ExtractOptions(ocr=False)
# Tight: one pathological PDF meets the timeout on purpose; the 100 MB line meets the size limit.
LIMITS = Limits(timeout=8.0, memory_mb=1024, max_file_mb=64, max_pages=100)
CONFIG = Config(
    big_mb=int(os.environ.get("HOSO_BAD_INPUT_BIG_MB", "100")),
    bomb_mb=int(os.environ.get("HOSO_BAD_INPUT_BOMB_MB", "256")),
    max_pages=LIMITS.max_pages,
)
RUN_BUDGET_S = 150
REWRITTEN = "Thông báo kết luận phiên họp thường trực đã được sửa lại sau khi quét.\n"
OUTPUT = Path(__file__).resolve().parent / "output" / "bad-input.md"
IS_ROOT = os.geteuid() == 0


@dataclass
class Run:
    folder: Path
    samples: list[Sample]
    index: EmbeddedIndex
    summary: IngestSummary
    elapsed: float
    # The regular files on disk when the run ended, as ingest would name them.
    regular: list[str]
    # Seconds each extraction took, by path (the pool's round trip).
    seconds: dict[str, float]
    # The reason of every failed or skipped path right after the run.
    first_reasons: dict[str, str]


def _during_ingest(entry: FileEntry) -> None:
    """The files that change under the ingest: after planning, before their extraction."""
    path = Path(entry.path)
    if path.name == "vanishes_during_ingest.txt":
        path.unlink()
    elif path.name == "rewritten_during_ingest.txt":
        path.write_text(REWRITTEN, encoding="utf-8")


def _regular_files(folder: Path) -> list[Path]:
    """Every regular file under `folder` that ingest is meant to consider (symlinks, FIFOs,
    hidden and lock files excluded), walked without following links."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = Path(dirpath) / name
            if stat.S_ISREG(os.lstat(path).st_mode) and not is_ignored(path):
                found.append(path)
    return found


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    root = tmp_path_factory.mktemp("bad-input")
    folder = root / "inbox"
    samples = generate(folder, CONFIG)
    # The file name that is not UTF-8 has its own test below (its catalog path differs).
    for sample in samples:
        if sample.kind.name == "name_not_utf8":
            sample.path.rename(root / "not-utf8.txt")
    samples = [s for s in samples if s.kind.name != "name_not_utf8"]
    index = EmbeddedIndex(root / "data")
    seconds: dict[str, float] = {}
    with ExtractionPool(1, OPTIONS, LIMITS) as pool:

        def build(entry: FileEntry) -> Outcome:
            _during_ingest(entry)
            started = time.monotonic()
            try:
                return pool.build(entry)
            finally:
                seconds[entry.path] = time.monotonic() - started

        started = time.monotonic()
        summary = ingest(index, [folder], OPTIONS, build=build)
        elapsed = time.monotonic() - started
    regular = [str(p) for p in _regular_files(folder)]
    first = {f.path: f.error or "" for f in index.files() if f.status != FileStatus.INDEXED}
    result = Run(folder, samples, index, summary, elapsed, regular, seconds, first)
    _write_table(result)
    yield result
    index.close()
    for sample in samples:  # let pytest clean up the unreadable file's folder
        if sample.kind.name == "unreadable" and sample.path.exists():
            sample.path.chmod(0o644)


def _outcome(run: Run, sample: Sample) -> tuple[str, str]:
    entry = run.index.get_file(str(sample.path))
    if entry is None:
        return "not catalogued", ""
    return entry.status.value, entry.error or ""


def _write_table(run: Run) -> None:
    lines = [
        f"Bad-input run: {len(run.samples)} paths of {len({s.kind.name for s in run.samples})} "
        f"kinds in {run.elapsed:.1f} s; limits {LIMITS}; {CONFIG}",
        "",
        "| kind | final state | s | reason |",
        "| --- | --- | --- | --- |",
    ]
    shown: set[tuple[str, str, str]] = set()
    for sample in run.samples:
        state, reason = _outcome(run, sample)
        row = (sample.kind.name, state, reason)
        if row in shown:  # the nine good samples, the two ends of a symlink loop
            continue
        shown.add(row)
        entry = run.index.get_file(str(sample.path))
        if entry is not None and entry.members is not None:
            members = run.index.files(under=f"{sample.path}!")
            documents = sum(m.status == FileStatus.INDEXED and bool(m.doc_id) for m in members)
            others = "; ".join(
                f"`{m.path.split('!/', 1)[1]}` {m.status.value}: {m.error}"
                for m in members
                if m.status != FileStatus.INDEXED
            )
            reason = f"{entry.members} members; {documents} documents indexed" + (
                f"; {others}" if others else ""
            )
        reason = reason.replace("|", "\\|").replace(str(run.folder) + "/", "")
        took = run.seconds.get(str(sample.path))
        took_text = f"{took:.1f}" if took is not None else "–"
        lines.append(f"| {sample.kind.name} | {state} | {took_text} | {reason[:160]} |")
    table = "\n".join(lines) + "\n"
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(table, encoding="utf-8")
    print("\n" + table)


# -- the run as a whole ---------------------------------------------------------------------------
@pytest.mark.slow
def test_the_corpus_has_at_least_thirty_kinds(run: Run) -> None:
    assert len({s.kind.name for s in run.samples}) >= 30


@pytest.mark.slow
def test_the_run_completes_without_hanging(run: Run) -> None:
    assert run.elapsed < RUN_BUDGET_S
    s = run.summary
    files = run.index.files()
    # An archive read as a bundle is neither extracted nor linked: its members are.
    archives = sum(f.members is not None for f in files)
    assert s.indexed + s.linked + s.failed + s.skipped + archives == len(files)


@pytest.mark.slow
def test_every_regular_file_ends_in_a_final_state_with_a_specific_reason(run: Run) -> None:
    assert len(run.regular) >= 60
    for path in run.regular:
        entry = run.index.get_file(path)
        assert entry is not None, f"{path!r} is not in the catalog"
        assert entry.status in FINAL_STATES, f"{path!r} ended {entry.status}"
        if entry.status == FileStatus.INDEXED and entry.members is not None:
            # An archive read as a bundle: its members are catalogued, each in a final state.
            members = run.index.files(under=path + "!")
            assert members and all(m.status in FINAL_STATES for m in members), path
            continue
        if entry.status == FileStatus.INDEXED:
            assert entry.doc_id and run.index.get_document(entry.doc_id) is not None
            continue
        reason = (entry.error or "").strip()
        assert reason, f"{path!r} {entry.status} without a reason"
        assert not reason.startswith(("extractor crashed", "unknown error")), f"{path!r}: {reason}"
    members = [f for f in run.index.files() if "!/" in f.path]
    assert len(members) >= 10
    for entry in members:
        assert entry.status in FINAL_STATES, f"{entry.path!r} ended {entry.status}"
        if entry.status != FileStatus.INDEXED:
            reason = (entry.error or "").strip()
            assert reason and not reason.startswith(("extractor crashed", "unknown error")), entry


@pytest.mark.slow
def test_each_kind_ends_as_expected(run: Run) -> None:
    wrong = []
    for sample in run.samples:
        state, reason = _outcome(run, sample)
        if sample.kind.expect == ABSENT:
            if state != "not catalogued":
                wrong.append(f"{sample.kind.name}: catalogued as {state}")
        elif not sample.path.exists():
            continue  # the vanished file: see test_files_changed_during_ingest…
        elif FileStatus(state) not in sample.kind.expect:
            wrong.append(f"{sample.kind.name}: {state} ({reason})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.slow
def test_the_good_files_among_them_are_indexed_and_searchable(run: Run) -> None:
    good = [s for s in run.samples if s.kind.name == "good_samples"]
    assert len(good) == 9
    for sample in good:
        entry = run.index.get_file(str(sample.path))
        assert entry is not None and entry.status == FileStatus.INDEXED
    result = run.index.search(SearchQuery(text="hội đồng nhân dân", limit=100))
    assert result.total >= 9


@pytest.mark.slow
def test_nothing_is_left_processing(run: Run) -> None:
    assert not [f.path for f in run.index.files() if f.status not in FINAL_STATES]


# -- bombs, entities, limits ----------------------------------------------------------------------
def _reason(run: Run, kind: str) -> str:
    sample = next(s for s in run.samples if s.kind.name == kind)
    entry = run.index.get_file(str(sample.path))
    assert entry is not None
    return entry.error or ""


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("docx_zip_bomb", "refused: zip package expands to more than 200 MB"),
        ("odt_zip_bomb", "refused: zip package expands to more than 200 MB"),
        ("docx_ratio_bomb", "over the 100× limit"),
        ("docx_many_members", "over the 10,000 member limit"),
        ("docx_billion_laughs", "entity expansion bomb"),
        ("docx_quadratic_blowup", "entity expansion bomb"),
        ("odt_billion_laughs", "entity expansion bomb"),
        ("odt_quadratic_blowup", "entity expansion bomb"),
        ("docx_size_lie", "Bad CRC-32"),
        ("pdf_encrypted_user_password", "encrypted with a password"),
        ("pdf_many_objects", "longer than 8 s"),
        ("pdf_too_many_pages", "over the 100 page limit"),
        ("txt_big_single_line", "over the 64 MB limit"),
        ("png_pixel_bomb", "refused: PNG page 1 is 20,000 × 20,000 pixels, over the 150 million"),
        ("tiff_pixel_bomb", "refused: TIFF page 1 is 100,000 × 100,000 pixels"),
        ("png_truncated", "unreadable PNG image: image file is truncated"),
        ("png_named_txt", "needs OCR: a PNG image is read by OCR and OCR is switched off"),
        ("txt_random_bytes", "not a text file (binary content)"),
        ("random_bytes_no_extension", "not a text file (binary content)"),
        ("txt_gzip", "not a text file (binary content)"),
        ("xz_no_extension", "not a text file (binary content)"),
        ("txt_pdf_middle", "not a text file (binary content)"),
        ("html_binary_junk", "not a text file (binary content)"),
    ],
)
@pytest.mark.slow
def test_hostile_files_are_refused_with_their_reason(run: Run, kind: str, words: str) -> None:
    assert words in _reason(run, kind)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("zip_bomb_inside_a_zip.zip!/bomb.zip", "refused: zip member 'spaces.txt' expands"),
        ("zip_nested_three_deep.zip!/second.zip!/third.zip", "refused: an archive nested 3 deep"),
        ("zip_encrypted.zip", "encrypted archive: "),
        ("zip_truncated.zip", "corrupt archive: "),
        ("tar_gz_truncated.tar.gz", "corrupt archive: "),
        ("zip_damaged_member.zip!/damaged.txt", "corrupt member: "),
    ],
)
@pytest.mark.slow
def test_hostile_bundles_are_refused_with_their_reason(run: Run, path: str, words: str) -> None:
    entry = run.index.get_file(f"{run.folder}/{path}")
    assert entry is not None and entry.status == FileStatus.FAILED, entry
    assert (entry.error or "").startswith(words), entry.error


@pytest.mark.parametrize(
    "path",
    [
        "zip_bomb_inside_a_zip.zip!/good.txt",
        "zip_nested_three_deep.zip!/first.txt",
        "zip_nested_three_deep.zip!/second.zip!/second.txt",
        "zip_damaged_member.zip!/good.txt",
    ],
)
@pytest.mark.slow
def test_the_good_members_of_hostile_bundles_are_indexed(run: Run, path: str) -> None:
    entry = run.index.get_file(f"{run.folder}/{path}")
    assert entry is not None and entry.status == FileStatus.INDEXED, entry


@pytest.mark.slow
def test_member_names_never_leave_their_archive(run: Run) -> None:
    for archive in ("bundle_traversal_names.zip", "bundle_traversal_names.tar"):
        names = sorted(
            e.path.split("!/", 1)[1] for e in run.index.files(under=f"{run.folder}/{archive}!")
        )
        assert names == ["Windows/win.txt", "escaped.txt", "tmp/hoso-absolute-member.txt"]
    for parent in (run.folder, *run.folder.parents):
        assert not (parent / "escaped.txt").exists()
    assert not Path("/tmp/hoso-absolute-member.txt").exists()
    assert not any(run.folder.parent.glob("**/win.txt"))


@pytest.mark.slow
def test_external_entities_are_never_resolved(run: Run) -> None:
    assert run.index.search(SearchQuery(text=SECRET_WORD)).total == 0
    for sample in run.samples:
        entry = run.index.get_file(str(sample.path))
        if sample.kind.name.endswith("external_entity") and entry is not None:
            document = run.index.get_document(entry.doc_id) if entry.doc_id else None
            assert SECRET_WORD not in (entry.error or "")
            assert document is None or SECRET_WORD not in document.text


@pytest.mark.slow
def test_an_unreadable_file_in_the_run(run: Run) -> None:
    status, reason = _outcome(run, next(s for s in run.samples if s.kind.name == "unreadable"))
    if IS_ROOT:
        # root reads any file whatever its mode: the honest outcome is that it is indexed. The
        # test below drops privileges to see what a user gets.
        assert status == FileStatus.INDEXED
    else:
        assert status == FileStatus.FAILED and "Permission denied" in reason


def _as_unprivileged(call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run `call` in a forked child as the user nobody (when root) and return its JSON answer.
    The modules it needs must be imported before: the interpreter's own files may not be
    readable by nobody."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(reader)
        try:
            if IS_ROOT:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            answer = call()
        except BaseException as e:
            answer = {"error": repr(e)}
        os.write(writer, json.dumps(answer).encode())
        os._exit(0)
    os.close(writer)
    data = b""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([reader], [], [], 1.0)
            if ready:
                chunk = os.read(reader, 65536)
                if not chunk:
                    break
                data += chunk
        else:
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(reader)
        os.waitpid(pid, 0)
    return dict(json.loads(data or b'{"error": "timed out"}'))


def test_an_unreadable_file_is_recorded_failed_for_an_unprivileged_user() -> None:
    # Not under pytest's tmp_path: its parent is private to root, nobody could not enter it.
    root = Path(tempfile.mkdtemp(prefix="hoso-unprivileged-"))
    try:
        inbox, data = root / "inbox", root / "data"
        inbox.mkdir()
        (inbox / "ok.txt").write_text(REWRITTEN, encoding="utf-8")
        secret = inbox / "secret.txt"
        secret.write_bytes(council_text("unreadable"))
        secret.chmod(0)
        for path in (root, inbox):
            path.chmod(0o777)
        warm = EmbeddedIndex(root / "warm")  # imports everything ingest needs, as root
        ingest(warm, [inbox / "ok.txt"], OPTIONS)
        warm.close()

        def run_as_nobody() -> dict[str, Any]:
            index = EmbeddedIndex(data)
            summary = ingest(index, [inbox], OPTIONS)
            entries = {f.path: [f.status.value, f.error] for f in index.files()}
            return {"failures": [f.error for f in summary.failures], "catalog": entries}

        answer = _as_unprivileged(run_as_nobody)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert "error" not in answer, answer
    assert any("Permission denied" in (e or "") for e in answer["failures"])
    assert answer["catalog"].get(str(secret), [None])[0] == "failed", answer


def test_a_file_name_that_is_not_utf8_does_not_stop_the_run(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    samples = [s for s in generate(inbox, CONFIG) if s.kind.name == "name_not_utf8"]
    for path in inbox.iterdir():  # keep only the odd name and one good file
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path not in {s.path for s in samples}:
            path.unlink()
    (inbox / "ok.txt").write_text(REWRITTEN, encoding="utf-8")
    index = EmbeddedIndex(tmp_path / "data")
    try:
        ingest(index, [inbox], OPTIONS)
        ok = index.get_file(str(inbox / "ok.txt"))
        assert ok is not None and ok.status == FileStatus.INDEXED
        assert len(list(index.files())) == 2
    finally:
        index.close()


@pytest.mark.slow
def test_a_file_that_vanished_during_ingest_fails_with_a_clear_reason(run: Run) -> None:
    # The catalog entry as the first run left it (the next run removes it).
    reason = run.first_reasons[str(run.folder / "vanishes_during_ingest.txt")]
    assert not reason.startswith("extractor crashed"), reason


@pytest.mark.slow
def test_files_changed_during_ingest_are_caught_up_on_the_next_run(run: Run) -> None:
    vanished = str(run.folder / "vanishes_during_ingest.txt")
    rewritten = str(run.folder / "rewritten_during_ingest.txt")
    first = run.index.get_file(vanished)
    assert first is not None and first.status in FINAL_STATES
    with ExtractionPool(1, OPTIONS, LIMITS) as pool:
        again = ingest(run.index, [run.folder], OPTIONS, build=pool.build)
    assert run.index.get_file(vanished) is None and again.removed == 1
    entry = run.index.get_file(rewritten)
    assert entry is not None and entry.status == FileStatus.INDEXED and entry.doc_id
    document = run.index.get_document(entry.doc_id)
    assert document is not None and "sửa lại sau khi quét" in document.text


# -- images, binary content and long lines (issue 19), and the same on Elasticsearch ------------
ISSUE_19_KINDS = (
    "png_pixel_bomb",
    "tiff_pixel_bomb",
    "png_truncated",
    "tiff_garbage",
    "png_named_txt",
    "pdf_png_named",
    "jpeg_named_docx",
    "txt_random_bytes",
    "random_bytes_no_extension",
    "txt_gzip",
    "xz_no_extension",
    "txt_pdf_middle",
    "text_no_extension",
    "html_binary_junk",
    "rtf_garbage",
    "txt_control_chars",
)


@pytest.mark.slow
def test_the_issue_19_kinds_end_the_same_on_elasticsearch(
    run: Run, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from conftest import open_backend

    folder = tmp_path / "inbox"
    folder.mkdir()
    samples = [
        Sample(k, path)
        for k in KINDS
        if k.name in ISSUE_19_KINDS
        for path in k.write(folder, CONFIG)
    ]
    assert {s.kind.name for s in samples} == set(ISSUE_19_KINDS)
    index = open_backend("elasticsearch", tmp_path / "data", request)
    try:
        with ExtractionPool(1, OPTIONS, LIMITS) as pool:
            ingest(index, [folder], OPTIONS, build=pool.build)
        embedded = {s.kind.name: _outcome(run, s) for s in run.samples}
        for sample in samples:
            entry = index.get_file(str(sample.path))
            assert entry is not None, sample.kind.name
            assert entry.status in sample.kind.expect, (sample.kind.name, entry.error)
            reason = (entry.error or "").replace(str(folder), str(run.folder))
            assert (entry.status.value, reason) == embedded[sample.kind.name], sample.kind.name
    finally:
        index.close()


@pytest.mark.slow
def test_a_one_line_text_of_a_megabyte_is_indexed_under_a_1_gb_cap(tmp_path: Path) -> None:
    # Segmented as one line, it needed 1.5 GB (27 GB for 18 MB); in bounded pieces, tens of MB.
    folder = tmp_path / "inbox"
    folder.mkdir()
    line = VIETNAMESE.strip() + " "
    (folder / "one-line.txt").write_text(line * (1_048_576 // len(line.encode())), "utf-8")
    index = EmbeddedIndex(tmp_path / "data")
    try:
        limits = Limits(timeout=600.0, memory_mb=1024, max_file_mb=64, max_pages=100)
        with ExtractionPool(1, OPTIONS, limits) as pool:
            summary = ingest(index, [folder], OPTIONS, build=pool.build)
        assert summary.indexed == 1, summary.failures
        assert index.search(SearchQuery(text='"phiên giải trình"')).total == 1
    finally:
        index.close()


# -- check_zip and known_reason on their own -------------------------------------------------------
def test_real_packages_pass_the_zip_check(samples_dir: Path) -> None:
    for path in samples_dir.iterdir():
        if path.read_bytes()[:4] == b"PK\x03\x04":
            check_zip(path)


def test_zip_limits_are_adjustable(tmp_path: Path) -> None:
    with pytest.raises(CorruptFile, match="over the 10 member limit"):
        check_zip(SAMPLE_DOCX, ZipLimits(max_members=10))
    with pytest.raises(CorruptFile, match="expands to more than 0 MB"):
        check_zip(SAMPLE_DOCX, ZipLimits(max_total_mb=0))
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    check_zip(broken)  # not a readable zip: left to the extractor to name


def test_a_zip64_member_count_is_read_before_the_directory(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as package:
        for i in range(70_000):  # over 65,535: the count lives in the zip64 end record
            package.writestr(f"m{i}", b"")
    with pytest.raises(CorruptFile, match="declares 70,000 members"):
        check_zip(path)


def test_unknown_exceptions_stay_crashes() -> None:
    assert known_reason(KeyError("x")) is None
    assert known_reason(CorruptFile("unreadable ODT: no element found")) is None
    wrapped = CorruptFile("unreadable PDF: ")
    wrapped.__cause__ = RecursionError("maximum recursion depth exceeded")
    assert known_reason(wrapped) == (
        "its structure is nested too deeply, or refers to itself, to be read"
    )
