"""The watched folder: create, modify, move, delete; files still being written; clean shutdown."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.records import IngestSummary, SearchQuery
from extractors import ExtractOptions
from index.embedded import EmbeddedIndex
from ingest import pipeline
from ingest.watch import Watcher

# Slow: each test runs the watcher, which waits out its settle time, or `hoso watch` as a process.
pytestmark = pytest.mark.slow

ARTICLE = "hnp_2019-12-03_thuong-truc-hdnd.txt"
TIMEOUT = 120.0  # generous: the first batch imports the parsers and underthesea


class Running:
    """A Watcher on its own thread with its own index; the test reads through another one."""

    def __init__(self, inbox: Path, data_dir: Path, poll: bool) -> None:
        self.batches: list[IngestSummary] = []
        self.stop = threading.Event()
        self.reader = EmbeddedIndex(data_dir)
        self.data_dir = data_dir

        def run() -> None:
            index = EmbeddedIndex(data_dir)
            watcher = Watcher(
                roots=[inbox],
                ingest=lambda paths: pipeline.ingest(index, paths, ExtractOptions(ocr=False)),
                settle=0.5,
                scan_interval=3600,
                poll=poll,
                on_batch=self.batches.append,
            )
            watcher.run(self.stop)
            index.close()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        self.wait_for(lambda: len(self.batches) >= 1)  # the reconciliation on start

    def wait_for(self, condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not condition():
            assert time.monotonic() < deadline, f"timed out; batches: {self.batches}"
            time.sleep(0.05)

    def hits(self, text: str) -> list[str]:
        return [h.path or "" for h in self.reader.search(SearchQuery(text=text)).hits]


@pytest.fixture(params=[False, True], ids=["events", "polling"])
def watching(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Running, Path]]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    running = Running(inbox, tmp_path / "data", poll=request.param)
    yield running, inbox
    running.stop.set()
    running.thread.join(timeout=10)
    assert not running.thread.is_alive()


def test_create_modify_move_delete(watching: tuple[Running, Path], samples_dir: Path) -> None:
    running, inbox = watching
    target = inbox / "article.txt"
    shutil.copy(samples_dir / ARTICLE, target)
    running.wait_for(lambda: running.hits('"Phùng Thị Hồng Hà"') == [str(target)])

    target.write_text("Kỳ họp bất thường của Hội đồng nhân dân huyện.", encoding="utf-8")
    running.wait_for(
        lambda: (
            running.hits("bất thường") == [str(target)]
            and running.hits('"Phùng Thị Hồng Hà"') == []
        )
    )

    moved = inbox / "sub"
    moved.mkdir()
    before = sum(b.indexed for b in running.batches)
    target.rename(moved / "renamed.txt")
    running.wait_for(lambda: running.hits("bất thường") == [str(moved / "renamed.txt")])
    # A move re-links the path; nothing is extracted again.
    assert sum(b.indexed for b in running.batches) == before
    assert running.reader.get_file(str(target)) is None

    (moved / "renamed.txt").unlink()
    running.wait_for(lambda: running.hits("bất thường") == [])
    assert running.reader.count_documents() == 0


def test_a_dropped_archive_is_ingested_member_by_member(
    watching: tuple[Running, Path], samples_dir: Path
) -> None:
    running, inbox = watching
    archive = inbox / "lo-van-ban.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(samples_dir / ARTICLE, "tin-bai/article.txt")
        z.write(samples_dir / "NQ84-2017-nq-hdnd_ha-giang.txt", "nghi-quyet.txt")
    member = f"{archive}!/tin-bai/article.txt"
    running.wait_for(lambda: running.hits('"Phùng Thị Hồng Hà"') == [member])
    entry = running.reader.get_file(str(archive))
    assert entry is not None and entry.members == 2
    assert sum(b.indexed for b in running.batches) == 2

    archive.unlink()
    running.wait_for(lambda: running.hits('"Phùng Thị Hồng Hà"') == [])
    assert running.reader.files() == [] and running.reader.count_documents() == 0


def test_a_file_is_ingested_only_once_it_is_completely_written(
    watching: tuple[Running, Path], samples_dir: Path
) -> None:
    running, inbox = watching
    content = (samples_dir / ARTICLE).read_bytes()
    target = inbox / "slow.txt"
    with target.open("wb") as f:
        for start in range(0, len(content), len(content) // 4):
            f.write(content[start : start + len(content) // 4])
            f.flush()
            time.sleep(0.2)  # shorter than the settle time: still "being written"
    running.wait_for(lambda: running.hits('"Phùng Thị Hồng Hà"') == [str(target)])
    entry = running.reader.get_file(str(target))
    assert entry is not None and entry.size == len(content)
    assert sum(b.indexed for b in running.batches) == 1


def test_temporary_files_are_ignored(watching: tuple[Running, Path], samples_dir: Path) -> None:
    running, inbox = watching
    for name in ("~$draft.docx", "upload.part", "page.crdownload", ".hidden.txt"):
        shutil.copy(samples_dir / ARTICLE, inbox / name)
    shutil.copy(samples_dir / ARTICLE, inbox / "real.txt")
    running.wait_for(lambda: running.hits('"Phùng Thị Hồng Hà"') == [str(inbox / "real.txt")])
    assert [f.path for f in running.reader.files()] == [str(inbox / "real.txt")]


def test_changes_made_while_stopped_are_reconciled_on_start(
    tmp_path: Path, samples_dir: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(samples_dir / ARTICLE, inbox / "old.txt")
    os.utime(inbox / "old.txt", (0, 0))  # copied in with an ancient mtime: content decides
    running = Running(inbox, tmp_path / "data", poll=False)
    try:
        assert running.hits('"Phùng Thị Hồng Hà"') == [str(inbox / "old.txt")]
    finally:
        running.stop.set()
        running.thread.join(timeout=10)


def test_hoso_watch_stops_cleanly_on_sigterm(tmp_path: Path, samples_dir: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data_dir = tmp_path / "data"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hoso",
            "--data-dir",
            str(data_dir),
            "watch",
            str(inbox),
            "--settle",
            "0.5",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("watching")
        shutil.copy(samples_dir / ARTICLE, inbox / "article.txt")
        deadline = time.monotonic() + 120
        while True:
            line = process.stdout.readline()
            if "indexed 1" in line:
                break
            assert line and time.monotonic() < deadline, process.stderr.read()
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "stopped" in out
    reader = EmbeddedIndex(data_dir)
    assert [h.path for h in reader.search(SearchQuery('"Phùng Thị Hồng Hà"')).hits] == [
        str(inbox / "article.txt")
    ]


def test_a_file_dropped_as_the_watch_starts_is_not_left_for_the_next_scan(
    tmp_path: Path, samples_dir: Path
) -> None:
    """The watcher listens before the reconciliation on start: a file written right after that
    scan (here, by the first batch's callback) arrives as an event, not 'scan_interval' later."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    batches: list[IngestSummary] = []
    stop = threading.Event()

    def on_batch(summary: IngestSummary) -> None:
        batches.append(summary)
        if len(batches) == 1:  # the reconciliation on start is done
            shutil.copy(samples_dir / ARTICLE, inbox / "late.txt")
        elif any(b.indexed for b in batches):
            stop.set()

    def run() -> None:
        index = EmbeddedIndex(tmp_path / "data")  # SQLite: used on the thread that opened it
        Watcher(
            roots=[inbox],
            ingest=lambda paths: pipeline.ingest(index, paths, ExtractOptions(ocr=False)),
            settle=0.2,
            scan_interval=3600,
            on_batch=on_batch,
        ).run(stop)
        index.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=60)
    stop.set()
    thread.join(timeout=10)
    assert sum(b.indexed for b in batches) == 1, batches
