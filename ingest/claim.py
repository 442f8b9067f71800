"""Claim: a file is worked on by one worker at a time (compare-and-set in the catalog); a claim
left by a dead worker expires after the lease."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import socket
from collections.abc import Sequence
from typing import Protocol

from core.records import (
    FileEntry,
    FileStatus,
)
from core.settings import LEASE_SECONDS
from index.base import Catalog

OWNER = f"{socket.gethostname()}:{os.getpid()}"


def claimed_by_another(entry: FileEntry, lease_seconds: float = LEASE_SECONDS) -> bool:
    """True while another live worker is processing the file. A claim by a process of this host
    that is gone (killed, crashed) is stale at once; one from another host expires after
    `lease_seconds`."""
    if entry.status != FileStatus.PROCESSING or not entry.updated_at:
        return False
    host, _, pid = (entry.owner or "").rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return int(pid) != os.getpid() and _alive(int(pid))
    claimed_at = dt.datetime.fromisoformat(entry.updated_at)
    return (dt.datetime.now(dt.UTC) - claimed_at).total_seconds() < lease_seconds


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Expected(Protocol):
    """What a claim reads of a plan: the catalog entry each path had when it was planned."""

    @property
    def expected(self) -> dict[str, FileEntry | None]: ...


def claim(index: Catalog, work: Expected, entries: Sequence[FileEntry]) -> list[FileEntry]:
    """Claim files just before extracting them; returns those this worker won (the others are
    being processed elsewhere). Each claim counts an attempt."""
    return [
        claimed
        for e in entries
        if index.claim(
            claimed := dataclasses.replace(e, attempts=e.attempts + 1, owner=OWNER),
            work.expected.get(e.path),
        )
    ]


def stale_claims(index: Catalog, lease_seconds: float) -> dict[str, FileEntry]:
    """Files left processing by a worker that is gone: dead on this host, or silent on another
    host for longer than the lease."""
    return {
        e.path: e
        for e in index.files(status=FileStatus.PROCESSING)
        if not claimed_by_another(e, lease_seconds)
    }
