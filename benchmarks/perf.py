"""Index-side performance: search latency at 10,000 and 100,000 documents, re-index speed,
incremental re-scan of 10,000 unchanged files, cold start of `hoso search`, watch latency.

    .venv/bin/python benchmarks/perf.py [--sizes 10000,100000] [--watch-files 0] [--quick]

Documents are generated from real council sentences (samples/ and the shared corpus text/
records): each has ~840 words, a title, a type and a date. Sentences are segmented by
underthesea once and reused, so building the corpus measures the index, not the tokenizer; the
records go through the same store and search-index writers as ingest.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stats import percentile

from core.records import Document, FileEntry, FileStatus, SearchQuery, document_id
from index.embedded import EmbeddedIndex
from nlp.normalize import fold, nfc
from nlp.words import segment

ROOT = Path(__file__).resolve().parents[1]
TYPES = ["Nghị quyết", "Quyết định", "Báo cáo", "Tờ trình", "Thông báo", "Kế hoạch", "Công văn"]
WORDS_PER_DOC = 840


def sentences() -> list[tuple[str, str]]:
    """(sentence, its segmentation) from the real texts available."""
    sources = list((ROOT / "samples").glob("*.txt")) + list((ROOT / "samples").glob("*.md"))
    shared = ROOT.parent / "shared" / "corpus" / "text"
    sources += sorted(shared.glob("*.txt")) if shared.is_dir() else []
    found: set[str] = set()
    for path in sources:
        for raw in re.split(r"(?<=[.;:])\s+|\n+", path.read_text("utf-8", errors="replace")):
            sentence = " ".join(raw.split())
            if 6 <= len(sentence.split()) <= 80:
                found.add(sentence)
    return [(s, segment(s)) for s in sorted(found)]


def generate(n: int, pool: list[tuple[str, str]], seed: int = 1) -> list[tuple[Document, str]]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        body, words, count = [], [], 0
        while count < WORDS_PER_DOC:
            sentence, segmented = rng.choice(pool)
            body.append(sentence)
            words.append(segmented)
            count += len(sentence.split())
        text = nfc(f"Văn bản số {i}/{2000 + i % 26}. " + " ".join(body))
        sha = hashlib.sha256(f"hoso-benchmark-{i}".encode()).hexdigest()
        docs.append(
            (
                Document(
                    id=document_id(sha),
                    sha256=sha,
                    format="text",
                    text=text,
                    title=body[0][:120],
                    doc_type=TYPES[i % len(TYPES)],
                    issued_date=f"{2000 + i % 26}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                ),
                " ".join(words),
            )
        )
    return docs


def load(index: EmbeddedIndex, docs: list[tuple[Document, str]]) -> float:
    """Store and index the documents in batches of 1,000; returns documents/s."""
    started = time.perf_counter()
    for i in range(0, len(docs), 1000):
        batch = docs[i : i + 1000]
        index.store.put_documents([d for d, _ in batch], [w for _, w in batch])
        index.search_index.add([d for d, _ in batch], [w for _, w in batch])
        index.search_index.commit()
    return len(docs) / (time.perf_counter() - started)


def queries(pool: list[tuple[str, str]], count: int = 200, seed: int = 2) -> list[SearchQuery]:
    rng = random.Random(seed)
    made: list[SearchQuery] = []
    while len(made) < count:
        words = rng.choice(pool)[0].split()
        start = rng.randrange(max(1, len(words) - 3))
        span = " ".join(w.strip(".,;:()\"'") for w in words[start : start + 3])
        kind = len(made) % 5
        if kind == 0:
            made.append(SearchQuery(text=span))  # words
        elif kind == 1:
            made.append(SearchQuery(text=f'"{span}"'))  # phrase
        elif kind == 2:
            made.append(SearchQuery(text=fold(span)))  # diacritic-free
        elif kind == 3:
            made.append(SearchQuery(text=span, doc_type=rng.choice(TYPES)))  # filtered
        else:
            made.append(SearchQuery(text=span, year=rng.randrange(2000, 2026), offset=10))
    return made


def search_latency(index: EmbeddedIndex, qs: list[SearchQuery]) -> tuple[float, float]:
    for q in qs[:20]:  # warm the OS cache and the searcher
        index.search(q)
    times = []
    for q in qs:
        started = time.perf_counter()
        index.search(q)  # every search computes the facets too
        times.append((time.perf_counter() - started) * 1000)
    return percentile(times, 0.5), percentile(times, 0.95)


def rescan(tmp: Path, n: int = 10_000) -> float:
    """Seconds to find `n` unchanged files unchanged (the catalog already knows them)."""
    from extractors import ExtractOptions
    from ingest import pipeline

    folder = tmp / "rescan"
    folder.mkdir()
    index = EmbeddedIndex(tmp / "rescan-data")
    entries = []
    for i in range(n):
        path = folder / f"{i:05d}.txt"
        path.write_text(f"Tờ trình số {i}", "utf-8")
        stat = path.stat()
        entries.append(
            FileEntry(
                path=str(path),
                size=stat.st_size,
                mtime_ns=stat.st_mtime_ns,
                sha256="x",
                status=FileStatus.INDEXED,
            )
        )
    index.put_files(entries)
    started = time.perf_counter()
    summary = pipeline.ingest(index, [folder], ExtractOptions(ocr=False))
    elapsed = time.perf_counter() - started
    assert summary.unchanged == n and summary.indexed == 0
    return elapsed


def cold_start(data_dir: Path) -> float:
    times = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "hoso", "--data-dir", str(data_dir), "search", "hội đồng"],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def watch_latency(tmp: Path, files: int = 20) -> tuple[float, float]:
    """File written → searchable, through a real `hoso watch` process."""
    inbox, data_dir = tmp / "watch-inbox", tmp / "watch-data"
    inbox.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "hoso", "--data-dir", str(data_dir), "watch", str(inbox)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        process.stdout.readline()  # "watching …"
        process.stdout.readline()  # the reconciliation on start has finished
        template = (ROOT / "samples" / "09_tuangiao_hdnd_GM-hop-thuong-truc-2020.pdf").read_bytes()
        reader = EmbeddedIndex(data_dir)
        latencies = []
        for i in range(files):
            marker = f"%hoso-watch-{i}\n".encode()
            written = time.perf_counter()
            (inbox / f"giay-moi-{i}.pdf").write_bytes(template + marker)  # a new, distinct PDF
            target = str(inbox / f"giay-moi-{i}.pdf")
            while not any(
                h.path == target
                for h in reader.search(SearchQuery(text='"Tuần Giáo"', limit=100)).hits
            ):
                time.sleep(0.02)
            latencies.append(time.perf_counter() - written)
        return percentile(latencies, 0.5), percentile(latencies, 0.95)
    finally:
        process.terminate()
        process.wait(timeout=60)


class Rows:
    """Prints each figure as soon as it is measured (a long run shows progress)."""

    def append(self, row: tuple[str, str]) -> None:
        print(f"{row[0]:<48}  {row[1]}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rescan-files", type=int, default=10_000)
    parser.add_argument("--watch-files", type=int, default=20, help="0: skip the watch latency")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a short run (the test suite's): 2,000 documents, 2,000 files, 3 watched files",
    )
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.rescan_files, args.watch_files = "2000", 2000, 3
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}", flush=True)
    rows = Rows()
    pool = sentences()
    qs = queries(pool)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for size in [int(s) for s in args.sizes.split(",")]:
            data_dir = tmp / f"data-{size}"
            index = EmbeddedIndex(data_dir)
            rate = load(index, generate(size, pool))
            rows.append((f"bulk load {size:,} documents", f"{rate:,.0f} documents/s"))
            p50, p95 = search_latency(index, qs)
            rows.append(
                (f"search at {size:,}: p50 / p95 (200 queries)", f"{p50:.1f} / {p95:.1f} ms")
            )
            started = time.perf_counter()
            generation = index.build_generation()
            rate = size / (time.perf_counter() - started)
            index.activate_generation(generation)
            rows.append((f"re-index {size:,} stored documents", f"{rate:,.0f} documents/s"))
            rows.append((f"cold start `hoso search` at {size:,}", f"{cold_start(data_dir):.2f} s"))
            disk = sum(p.stat().st_size for p in data_dir.rglob("*") if p.is_file())
            rows.append((f"data directory at {size:,}", f"{disk / 1_048_576:,.0f} MB"))
            index.close()
            shutil.rmtree(data_dir)
        seconds = rescan(tmp, args.rescan_files)
        rows.append((f"re-scan of {args.rescan_files:,} unchanged files", f"{seconds:.2f} s"))
        if args.watch_files:
            p50, p95 = watch_latency(tmp, args.watch_files)
            rows.append(("watch: PDF written → searchable, p50 / p95", f"{p50:.2f} / {p95:.2f} s"))


if __name__ == "__main__":
    main()
