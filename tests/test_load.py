"""A short run of benchmarks/load.py: `hoso serve` answers concurrent searches without a single
error while an ingest (another process) writes into the same data directory, and its searches
find the new documents."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Slow: `hoso serve` and an ingest, each a process.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def test_searches_during_an_ingest_never_fail(tmp_path: Path) -> None:
    command = [sys.executable, str(ROOT / "benchmarks" / "load.py"), "--json"]
    command += ["--clients", "3", "--duration", "3", "--max-duration", "60", "--docs", "24"]
    command += ["--ingest", "pipeline"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    print(report)
    assert report["errors"] == 0, report["error_samples"]
    assert report["ingest_exit"] == 0
    assert report["requests"] >= 50
    assert report["documents_after"] == report["documents_before"] + 24
    # Searches see every new document once the ingest is done (the server process never
    # restarted: its readers picked up the other process's commits).
    assert report["visible"][-1][1] == 24
