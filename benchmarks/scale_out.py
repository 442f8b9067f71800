"""Scale-out throughput: one generated folder ingested through Prefect by 1 and by 2 workers.

    .venv/bin/python benchmarks/scale_out.py [--files 300] [--files-per-run 30] [--workers 1,2]

Starts what tests/test_scale_out.py starts — an Elasticsearch stand-in (osmem-server; or the
cluster HOSO_TEST_ELASTICSEARCH_URL names, credentials from the HOSO_ELASTICSEARCH_* variables),
a Prefect server, prefect.yaml deployed — then, for each worker count, on a fresh index prefix:
that many workers on the `batches` queue (one batch run at a time, one extraction process each)
and `ingest/ingest-folder-distributed` on the folder, timed from submitting the run to its
completion. `hoso ingest` (in-process, one extraction process) on the same folder is the
reference. The folder: council texts (one page each) and, every fifth file, the bundled 8-page
text-layer PDF made unique by a trailing comment. Prints a Markdown table; the figures in
BENCHMARKS.md ("Scale out") and docs/deploy.md come from it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from servers import drop_indices, elasticsearch_cluster, prefect_server  # noqa: E402
from test_scale_out import Pool, make_inbox  # noqa: E402

PDF = ROOT / "samples" / "01_hanoi_hdnd_NQ11-2025_text.pdf"
PDF_PAGES = 8


def make_folder(folder: Path, files: int) -> int:
    """`files` distinct documents; returns their pages."""
    make_inbox(folder, files, "BENCH")
    pdf, pages = PDF.read_bytes(), 0
    for i in range(files):
        if i % 5 == 4:
            (folder / f"nq-{i:04d}.txt").unlink()
            (folder / f"nq-{i:04d}.pdf").write_bytes(pdf + f"\n%hoso-benchmark {i}\n".encode())
            pages += PDF_PAGES
        else:
            pages += 1
    return pages


def seconds(run: dict) -> float:
    start, end = (datetime.fromisoformat(run[k]) for k in ("start_time", "end_time"))
    return (end - start).total_seconds()


def distributed(pool: Pool, folder: Path, workers: int, files_per_run: int) -> dict[str, float]:
    """Ingest `folder` with `workers` workers on a fresh prefix; timings of the run."""
    pool.prefix = f"hoso-bench-{uuid.uuid4().hex[:8]}"
    pool.env["HOSO_ELASTICSEARCH_INDEX_PREFIX"] = pool.prefix
    for n in range(workers):
        pool.start_worker(f"worker-{n + 1}")
    time.sleep(8)  # the workers are up and polling before the clock starts
    try:
        started = time.monotonic()
        run_id, coordinator = pool.run(
            "ingest/ingest-folder-distributed", paths=[str(folder)], files_per_run=files_per_run
        )
        pool.wait(run_id, coordinator, timeout=3600)
        elapsed = time.monotonic() - started
        runs = pool.batch_runs(run_id)
        index = pool.open_index()
        try:
            documents = index.count_documents()
        finally:
            index.close()
        return {
            "seconds": elapsed,
            "documents": documents,
            "batch_runs": len(runs),
            "batch_median": statistics.median(seconds(r) for r in runs),
        }
    finally:
        pool.close()
        drop_indices(pool.url, pool.prefix, pool.node_class)


def in_process(pool: Pool, folder: Path) -> dict[str, float]:
    """`hoso ingest` on the folder (one process, one extraction process), on a fresh prefix."""
    prefix = f"hoso-bench-{uuid.uuid4().hex[:8]}"
    env = {**pool.env, "HOSO_ELASTICSEARCH_INDEX_PREFIX": prefix}
    # Its own temporary Prefect API, as `hoso ingest` has on a machine with no server.
    env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(pool.root / "in-process-prefect")
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "hoso", "ingest", str(folder)], env=env, check=True, cwd=ROOT
    )
    elapsed = time.monotonic() - started
    drop_indices(pool.url, prefix, pool.node_class)
    return {"seconds": elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--files-per-run", type=int, default=30)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",")]
    with (
        tempfile.TemporaryDirectory(prefix="hoso-scale-out-") as tmp,
        elasticsearch_cluster("HOSO_TEST_ELASTICSEARCH_URL") as es,
    ):
        root = Path(tmp)
        folder = root / "folder"
        pages = make_folder(folder, args.files)
        (root / "prefect").mkdir()
        with prefect_server(root / "prefect") as server:
            pool = Pool.create(
                root / "pool",
                server,
                es[0],
                "hoso-bench",
                es[1],
                HOSO_WORKERS="1",
                HOSO_BATCH_SIZE="4",
            )
            rows = [("`hoso ingest`, in-process", in_process(pool, folder))]
            for workers in counts:
                result = distributed(pool, folder, workers, args.files_per_run)
                assert result["documents"] == args.files, result
                rows.append((f"distributed, {workers} worker{'s' * (workers > 1)}", result))
    print(
        f"{args.files} documents, {pages} pages; batch runs of {args.files_per_run} files; "
        f"{os.cpu_count()} cores\n"
    )
    print("| setup | seconds | documents/s | pages/s | batch runs (median s) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, r in rows:
        runs = f"{r['batch_runs']:.0f} ({r['batch_median']:.1f})" if "batch_runs" in r else "–"
        print(
            f"| {name} | {r['seconds']:.1f} | {args.files / r['seconds']:.2f} | "
            f"{pages / r['seconds']:.2f} | {runs} |"
        )


if __name__ == "__main__":
    main()
