"""Extraction in worker processes, so a hanging or exploding parser costs one file, not the run.

Each worker is a long-lived process (started with forkserver, so it never inherits the parent's
threads) that loads the parsers and underthesea once and then builds documents one file at a
time. The parent enforces the limits:
- a file larger than `max_file_mb` or a PDF with more than `max_pages` pages is skipped;
- a file that takes longer than `timeout` seconds has its worker killed and replaced;
- a worker's address space is capped at `memory_mb`, so a decompression bomb ends in
  MemoryError (or the worker's death), recorded against that file alone.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import resource
from multiprocessing.connection import Connection
from typing import Any

from core.records import FileEntry
from core.settings import Limits, Settings
from extractors import ExtractOptions
from ingest.pipeline import Outcome, build_one


def warm_up() -> None:
    """Load the parsers, underthesea and the gazetteer now, so that loading them never counts
    against the first file's timeout (a replacement worker starts right before a file)."""
    from extractors import docx, html, pdf  # noqa: F401
    from nlp.facts import extract_facts
    from nlp.words import segment

    segment("Hội đồng nhân dân tỉnh")
    extract_facts("HỘI ĐỒNG NHÂN DÂN TỈNH HÀ GIANG\nNGHỊ QUYẾT\nHà Giang, ngày 8 tháng 12 năm 2017")


def _serve(conn: Connection, options: ExtractOptions, limits: Limits) -> None:
    """A worker's main loop: warm up, say so, then receive an entry and send back its outcome,
    until told to stop."""
    cap = limits.memory_mb * 1_048_576
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    warm_up()
    conn.send("ready")
    while True:
        try:
            entry = conn.recv()
        except EOFError:
            return
        if entry is None:
            return
        conn.send(build_one(entry, options, limits))


# Batches in flight per worker process: enough to keep every worker busy, few enough to bound
# the memory held by finished outcomes waiting to be written.
BATCHES_PER_WORKER = 2

# How long a new worker may take to load its libraries (not counted against any file).
STARTUP_SECONDS = 300.0


class _Worker:
    def __init__(self, context: Any, options: ExtractOptions, limits: Limits) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, options, limits), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> bool:
        """Wait for the worker's warm-up (once); False if it died or took too long."""
        if not self.ready and self.conn.poll(timeout):
            self.ready = self.conn.recv() == "ready"
        return self.ready

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):  # already gone
                self.conn.send(None)
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class ExtractionPool:
    """`workers` processes building documents; `build` may be called from several threads."""

    def __init__(self, workers: int, options: ExtractOptions, limits: Limits) -> None:
        self.options, self.limits = options, limits
        self._context = multiprocessing.get_context("forkserver")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        for _ in range(max(1, workers)):
            self._spawn()

    @classmethod
    def from_settings(cls, settings: Settings) -> ExtractionPool:
        """The pool the settings describe: worker count, limits, OCR cache in the data dir."""
        return cls(
            settings.worker_count, ExtractOptions(cache_dir=settings.cache_dir), settings.limits
        )

    @property
    def batches_in_flight(self) -> int:
        """How many batches to build at once to keep every worker busy."""
        return BATCHES_PER_WORKER * len(self._all)

    def _spawn(self) -> None:
        worker = _Worker(self._context, self.options, self.limits)
        self._all.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.stop(kill=True)
        self._all.remove(worker)
        self._spawn()

    def build(self, entry: FileEntry) -> Outcome:
        worker = self._idle.get()
        try:
            if not worker.wait_ready(STARTUP_SECONDS):
                raise EOFError("the extraction process did not start")
            worker.conn.send(entry)
            if not worker.conn.poll(self.limits.timeout):
                self._replace(worker)
                return Outcome(
                    entry,
                    error=f"extraction took longer than {self.limits.timeout:.0f} s and was "
                    "stopped (HOSO_EXTRACT_TIMEOUT)",
                )
            outcome: Outcome = worker.conn.recv()
        except (EOFError, OSError):
            code = worker.process.exitcode
            self._replace(worker)
            return Outcome(
                entry,
                error=f"the extraction process died (exit code {code}); the file may exceed "
                f"the {self.limits.memory_mb} MB memory cap (HOSO_MEMORY_MB)",
            )
        self._idle.put(worker)
        return outcome

    def close(self) -> None:
        for worker in self._all:
            worker.stop()
        self._all.clear()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
