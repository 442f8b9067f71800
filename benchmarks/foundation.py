"""Foundation figures: ingest, unchanged re-scan and search latency on real documents.

    .venv/bin/python benchmarks/foundation.py [FOLDER]      # default: the bundled samples/

Prints a table; the figures in BENCHMARKS.md come from this script.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stats import percentile

from core.records import SearchQuery
from extractors import ExtractOptions
from index.embedded import EmbeddedIndex
from ingest.pipeline import ingest

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "hội đồng nhân dân",
    "hoi dong nhan dan",
    '"chương trình giám sát"',
    "giám sát -dự",
    "Hòa",
    "bán",
    "ban",
    "kỳ họp thứ",
    "ky hop thu",
    "nghị quyết OR quyết định",
    "ủy ban nhân dân tỉnh",
    "thuong truc",
    '"nội dung công việc"',
    "ngân sách",
    "tiếp công dân",
    "Krông Nô",
    "đắk nông",
    "273",
    "2019",
    "phó chủ tịch",
]


def main(folder: Path) -> None:
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        index = EmbeddedIndex(Path(tmp) / "data")
        started = time.perf_counter()
        summary = ingest(index, [folder], ExtractOptions(ocr=False))
        elapsed = time.perf_counter() - started
        rows.append(("files indexed / failed", f"{summary.indexed} / {summary.failed}"))
        rows.append(("first ingest (plain pipeline)", f"{elapsed:.2f} s"))
        rows.append(("documents per second", f"{summary.indexed / elapsed:.1f}"))
        started = time.perf_counter()
        again = ingest(index, [folder], ExtractOptions(ocr=False))
        rows.append(
            (
                "unchanged re-scan (plain pipeline)",
                f"{(time.perf_counter() - started) * 1000:.1f} ms",
            )
        )
        assert again.indexed == 0
        latencies = []
        for _ in range(10):
            for text in QUERIES:
                started = time.perf_counter()
                index.search(SearchQuery(text=text))
                latencies.append((time.perf_counter() - started) * 1000)
        rows.append(
            (
                "search p50 / p95",
                f"{percentile(latencies, 0.5):.2f} / {percentile(latencies, 0.95):.2f} ms",
            )
        )
        index.close()
        # The CLI adds Prefect's temporary API server to every run: measure the whole command.
        data_dir = Path(tmp) / "cli"
        command = [sys.executable, "-m", "hoso", "--data-dir", str(data_dir), "ingest", str(folder)]
        for label in ("`hoso ingest` first run", "`hoso ingest` unchanged re-run"):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            rows.append((label, f"{time.perf_counter() - started:.1f} s"))
    width = max(len(r[0]) for r in rows)
    print(f"folder: {folder.name} ({sum(1 for p in folder.rglob('*') if p.is_file())} files)")
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples")
