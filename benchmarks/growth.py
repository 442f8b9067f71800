"""Cost of adding files as the archive grows: 100 new files into archives of 0, 10,000 and
100,000 documents, in one process, against the fastest floor on the same files.

    .venv/bin/python benchmarks/growth.py            # ~7 min; the first run builds the archives (~4 min more)
    .venv/bin/python benchmarks/growth.py --batches 10   # ten ingests of 100, one after another
    .venv/bin/python benchmarks/growth.py --quick    # 0 and 300 documents, 2 × 10 files (tests)

The archives are generated, not ingested: 100 real documents (the generated corpus, one-page
mix, seed 3) are built once by `pipeline.build_one`, then copied under new ids (a numbered line
added to each text and its words) and written straight through the index's own API — the
catalog's `put_files` and `put_documents` inside one `bulk` — in batches of 5,000, with a
catalog entry (indexed, one path each) per document. Each archive is built once and kept in
`--work` (default /tmp/hoso-growth-bench); every measurement adds the new files to a fresh
copy of it. The new files are a generated corpus in the real mix (seed 2, 100 documents).

Per archive size and round, in turn: the fastest floor on the new files (pypdfium2, python-docx,
trafilatura, a UTF-8 read, then underthesea's `word_tokenize`, as in `throughput.py`), then
`pipeline.ingest` of the new files' folder into the copy, building in this process. Seconds
are wall-clock and CPU (`time.process_time`: this process with its threads — Tantivy's
indexing and merging threads included); the best of `--rounds` is kept for each.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

ARCHIVE_BATCH = 5000


def archive_sources(work: Path) -> list[tuple[Any, str]]:
    """100 real one-page documents with their words, built once and cached as JSON."""
    from core.records import Document

    cached = work / "sources.json"
    if cached.is_file():
        return [(Document.from_json_dict(d), w) for d, w in json.loads(cached.read_text("utf-8"))]
    import generate_corpus

    from core.records import FileEntry
    from core.settings import Limits
    from extractors import ExtractOptions
    from ingest import pipeline
    from ingest.discover import sha256_of

    folder = work / "sources"
    files = generate_corpus.generate(folder, 100, seed=3, small=True)
    options = ExtractOptions(ocr=False)
    built = []
    for f in files:
        path = folder / str(f["name"])
        entry = FileEntry(path=str(path), size=0, mtime_ns=0, sha256=sha256_of(path))
        outcome = pipeline.build_one(entry, options, Limits())
        if outcome.document is not None and outcome.words is not None:
            built.append((outcome.document, outcome.words))
    cached.write_text(
        json.dumps([(d.to_json_dict(), w) for d, w in built], ensure_ascii=False), "utf-8"
    )
    return built


def build_archive(work: Path, size: int) -> Path:
    """The data directory of an archive of `size` documents (built once, then reused)."""
    from core.records import FileEntry, FileStatus, document_id
    from index.embedded import EmbeddedIndex

    data = work / f"archive-{size}"
    if (data / "complete").is_file():
        return data
    shutil.rmtree(data, ignore_errors=True)
    sources = archive_sources(work)
    started = time.perf_counter()
    index = EmbeddedIndex(data)
    try:
        with index.bulk():
            for first in range(0, size, ARCHIVE_BATCH):
                docs, words, entries = [], [], []
                for n in range(first, min(size, first + ARCHIVE_BATCH)):
                    doc, segmented = sources[n % len(sources)]
                    sha = hashlib.sha256(f"archive document {n}".encode()).hexdigest()
                    line = f"Bản sao số {n}"
                    copy = dataclasses.replace(
                        doc, id=document_id(sha), sha256=sha, text=f"{doc.text}\n{line}", paths=[]
                    )
                    docs.append(copy)
                    words.append(f"{segmented}\n{line}")
                    entries.append(
                        FileEntry(
                            path=f"/archive/{n // 1000:03d}/{n:06d}.{doc.format}",
                            size=doc.size,
                            mtime_ns=n,
                            sha256=sha,
                            status=FileStatus.INDEXED,
                            format=doc.format,
                            doc_id=copy.id,
                        )
                    )
                index.put_documents(docs, words)
                index.put_files(entries)
    finally:
        index.close()
    (data / "complete").write_text(str(size))
    print(f"archive of {size} documents built in {time.perf_counter() - started:.0f} s", flush=True)
    return data


def add_files(archive: Path, folders: list[Path], scratch: Path) -> dict[str, float]:
    """Seconds (wall, CPU) of one `pipeline.ingest` per folder of `folders`, one after the
    other, into a fresh copy of `archive`."""
    from extractors import ExtractOptions
    from index.embedded import EmbeddedIndex
    from ingest import pipeline

    data = scratch / "data"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(archive, data)
    # the copy (1.4 GB at 100,000 documents) is written back before the clock starts, so that
    # the ingest's commits do not wait behind it
    os.sync()
    index = EmbeddedIndex(data)
    try:
        options = ExtractOptions(cache_dir=scratch / "cache", ocr=False)
        shutil.rmtree(scratch / "cache", ignore_errors=True)
        cpu, started = time.process_time(), time.perf_counter()
        indexed = 0
        for folder in folders:
            indexed += pipeline.ingest(index, [folder], options).indexed
            index.flush()
        seconds = {"s": time.perf_counter() - started, "cpu_s": time.process_time() - cpu}
        seconds["indexed"] = indexed
        seconds["documents"] = index.count_documents()
    finally:
        index.close()
        shutil.rmtree(data, ignore_errors=True)
    return seconds


def measure(
    work: Path, sizes: list[int], count: int, rounds: int, batches: int = 1
) -> dict[str, Any]:
    import generate_corpus
    from throughput import floor_seconds

    from ingest.workers import warm_up

    # The first batch is the one every earlier measurement used (seed 2); more batches are other
    # files of the same mix, added one ingest after another.
    folders = [work / (f"new-{count}" if b == 0 else f"new-{count}-{b}") for b in range(batches)]
    generated = [generate_corpus.generate(f, count, seed=2 + b) for b, f in enumerate(folders)]
    files = [f for batch in generated for f in batch]
    archives = {size: build_archive(work, size) for size in sizes}
    warm_up()  # underthesea and the parsers loaded before the clock starts
    best: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        for _ in range(rounds):
            for size in sizes:
                floors = [
                    floor_seconds(f, g, fast=True) for f, g in zip(folders, generated, strict=True)
                ]
                floor = {k: sum(f[k] for f in floors) for k in ("extract_s", "segment_s", "cpu_s")}
                run = add_files(archives[size], folders, Path(tmp))
                if run["indexed"] != len(files):
                    raise SystemExit(f"{size}: {run['indexed']} of {len(files)} indexed")
                row = {
                    "floor_s": floor["extract_s"] + floor["segment_s"],
                    "floor_cpu_s": floor["cpu_s"],
                    **run,
                }
                old = best.get(str(size))
                if old is None:
                    best[str(size)] = row
                else:
                    for key in ("floor_s", "floor_cpu_s", "s", "cpu_s"):
                        old[key] = min(old[key], row[key])
                print(f"{size:>7} documents: {row}", flush=True)
    return {"files": len(files), "batches": batches, "rounds": rounds, "sizes": best}


def report(results: dict[str, Any]) -> None:
    files = results["files"]
    print(
        f"\n{files} new files in {results['batches']} ingests one after another, best of "
        f"{results['rounds']} rounds\n\n"
        "| archive (documents) | s per file | CPU s per file | × fastest floor (CPU) "
        "| × adding to 0 (CPU) |\n| ---: | ---: | ---: | ---: | ---: |"
    )
    sizes = results["sizes"]
    base = sizes[min(sizes, key=int)]["cpu_s"]
    for size, row in sorted(sizes.items(), key=lambda kv: int(kv[0])):
        print(
            f"| {int(size):,} | {row['s'] / files:.3f} | {row['cpu_s'] / files:.3f} "
            f"| {row['cpu_s'] / row['floor_cpu_s']:.2f} | {row['cpu_s'] / base:.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,10000,100000", help="archive sizes (documents)")
    parser.add_argument("--files", type=int, default=100, help="new files added (default 100)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best is kept")
    parser.add_argument(
        "--batches",
        type=int,
        default=1,
        help="ingests of --files new files each, one after another into the same copy (the "
        "archive's upkeep, Tantivy's merges, spread over them)",
    )
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "hoso-growth-bench"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a short run (the test suite's): 0 and 300, two ingests of 10 files",
    )
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.files, args.rounds, args.batches = "0,300", 10, 1, 2
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    results = measure(args.work, sizes, args.files, args.rounds, args.batches)
    with contextlib.suppress(OSError):
        (args.work / "results.json").write_text(json.dumps(results, indent=1))
    report(results)


if __name__ == "__main__":
    main()
