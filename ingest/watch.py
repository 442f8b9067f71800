"""The watched folder: file events (watchfiles) plus periodic reconciliation, each change ingested
once the file has settled.

- A full reconciliation runs on start, once the watcher listens (changes made while hoso was
  stopped), and every `scan_interval` seconds (network shares where events never fire).
- A path is ingested once its size and mtime (or its absence) have not changed for `settle`
  seconds, so a file still being copied is never read half-written.
- Every batch goes through the ingest pipeline, which decides from content: create → indexed,
  modify → re-extracted, delete → removed, move → the new path is linked to the existing
  document and the old one forgotten, without re-extraction.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from core.records import IngestSummary
from ingest.discover import is_ignored

IngestFn = Callable[[Sequence[Path]], IngestSummary]


@dataclass
class _Pending:
    signature: tuple[int, int] | None
    since: float


@dataclass
class Watcher:
    roots: Sequence[Path]
    ingest: IngestFn
    settle: float = 2.0
    scan_interval: float = 300.0
    poll: bool = False
    on_batch: Callable[[IngestSummary], None] | None = None
    _pending: dict[Path, _Pending] = field(default_factory=dict)

    def _signature(self, path: Path) -> tuple[int, int] | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return (stat.st_size, stat.st_mtime_ns)

    def notice(self, path: Path, now: float) -> None:
        """A path changed (an event fired for it)."""
        if not is_ignored(path):
            self._pending[path] = _Pending(self._signature(path), now)

    def ready(self, now: float) -> list[Path]:
        """Paths that have settled (or vanished), removed from the pending set."""
        done = []
        for path, pending in list(self._pending.items()):
            signature = self._signature(path)
            if signature != pending.signature:  # still being written: restart the clock
                self._pending[path] = _Pending(signature, now)
            # A vanished path waits too: a move is a deletion plus a creation, and the two must
            # reach the pipeline together for the new path to be linked, not re-extracted.
            elif now - pending.since >= self.settle:
                done.append(path)
                del self._pending[path]
        return sorted(done)

    def _run_batch(self, paths: Sequence[Path]) -> None:
        summary = self.ingest(paths)
        if self.on_batch:
            self.on_batch(summary)

    def run(self, stop: threading.Event) -> None:
        """Watch until `stop` is set; the batch in flight always finishes first."""
        import watchfiles

        last_scan: float | None = None
        for changes in watchfiles.watch(
            *self.roots,
            stop_event=stop,
            force_polling=self.poll or None,
            debounce=400,
            step=50,
            rust_timeout=250,
            yield_on_timeout=True,
            raise_interrupt=False,
            watch_filter=None,
        ):
            now = time.monotonic()
            for _, raw in changes:
                self.notice(Path(raw), now)
            if last_scan is None:
                # The first yield: the watcher listens now, so the reconciliation on start runs
                # here, not before it, and nothing changed in between goes unnoticed.
                self._run_batch(self.roots)
                last_scan = time.monotonic()
            if paths := self.ready(now):
                self._run_batch(paths)
            if now - last_scan >= self.scan_interval:
                self._run_batch(self.roots)
                last_scan = time.monotonic()
            if stop.is_set():
                break
