"""Ingest throughput against its floors, worker speed-up, OCR, and memory as the corpus grows.

    .venv/bin/python benchmarks/throughput.py floors       # ~3 min: the two floors, one process
    .venv/bin/python benchmarks/throughput.py paired       # ~5 min: floor and one process, in turn
    .venv/bin/python benchmarks/throughput.py ingest       # ~5 min: end to end, 1 and 2 workers
    .venv/bin/python benchmarks/throughput.py ocr-memory   # ~8 min: OCR pages/s and cache; memory
    .venv/bin/python benchmarks/throughput.py memory       # the memory part alone
    .venv/bin/python benchmarks/throughput.py long-line    # ~5 min: an 18 MB one-line text file
    .venv/bin/python benchmarks/throughput.py report       # the table from the saved results
    .venv/bin/python benchmarks/throughput.py all --quick  # everything, small (the test suite's)

Times on the 2-core machine; the corpora are generated on first use (1,000 documents: about
5 minutes; the memory part's 1,000, 3,000 and 10,000 one-page documents: about 16 more) and
reused. Each part saves its figures beside the corpus (`--work`, default
/tmp/hoso-ingest-bench) and prints the whole table so far; `all` runs every part in a row. The corpus (`generate_corpus.py`, 1,000 documents by default: text PDFs of
1-30 pages, DOCX, HTML, TXT from real council text) is the same for every part.

- **library floor**: what the libraries cost called directly, in this process: pdfplumber's
  `extract_text` per page, python-docx paragraphs and tables, trafilatura's `extract`, a UTF-8
  read; then underthesea's word segmentation, `word_tokenize(line, format="text")` line by line.
  The same texts are also segmented by hoso's `nlp.words.segment` (the same words, from
  underthesea's parts without `word_tokenize`'s repeated per-token work), timed apart.
- **fastest floor**: the same with pypdfium2's `get_text_range` for PDFs.
- **end to end**: `ingest.pipeline.ingest` with an `ExtractionPool` into an `EmbeddedIndex` in a
  temporary directory (plan and sha256, claims; extraction, facts and word segmentation in the
  workers, two batches in flight per worker; SQLite and Tantivy in the parent, one batch at a
  time), with 1 and 2 workers; then `hoso ingest` itself (the Prefect flow, a new process with
  Prefect's temporary API server) with 2 workers, and its fixed cost: the same command on one
  small file.
- **in turn** (`paired`): the fastest floor, `pipeline.ingest` in this process (no worker
  process) and with one worker, taken in turn on ten slices of the corpus (100 documents each),
  so that the ratios compare figures of the same minutes (see `measure_paired`); the table
  gives each way's lowest, median and highest slice, and below it the slices in order (the
  index growing) with their pages and the in-process ingest's ratio in seconds and in CPU.
- **underthesea loads**: an audit hook (installed here and, through the forkserver's preload,
  in every worker) logs each process that opens underthesea's word-segmentation or
  sentence-splitting model files: each must appear once per process, whatever the file count.
- **OCR**: pages/s on real scans (corpus 24, 25, 34) at 300 dpi, then the same files again with
  the same cache: Tesseract must not run again.
- **memory**: peak RSS (`VmHWM` of the parent and of each worker) of ingests of 1,000, 3,000
  and 10,000 one-page documents, each in a fresh process, and the resident memory every
  1,000 files (`VmRSS`, and `RssAnon`: without the pages of memory-mapped index files).
- **long line** (`long-line`, `--line-mb`, default 18): one plain-text file that is a single
  line of real council sentences, ingested by one worker under the default limits (3,072 MB
  cap; 300 s, or `--line-timeout`): its outcome, the time, the worker's CPU time, and the peak
  memory of the worker and of the parent.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# The audit hook goes in first: the forkserver imports this module (preload) before any worker
# forks, so every worker inherits it.
LOAD_LOG = "HOSO_BENCH_LOAD_LOG"
# One file each model load opens once (the word model opens three: count its features).
_WATCHED = {"features.bin": "word model", "punkt_params.json": "sentence model"}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and args and isinstance(args[0], str) and "underthesea" in args[0]:
        what = next((name for key, name in _WATCHED.items() if args[0].endswith(key)), None)
    elif event == "subprocess.Popen" and len(args) > 1 and "tesseract" in f"{args[0]} {args[1]}":
        what = "tesseract" if "--list-langs" not in str(args[1]) else None
    else:
        return
    if what and (log := os.environ.get(LOAD_LOG)):
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\t{what}\n")


if os.environ.get(LOAD_LOG):
    sys.addaudithook(_audit)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
SCANS = [
    "24_daknong_hdnd_NQ04-2019_scan.pdf",
    "25_daknong_hdnd_NQ06-2019_scan.pdf",
    "34_daknong_hdnd_TTr04-2019_scan.pdf",
]


def generator() -> Any:
    import generate_corpus  # benchmarks/ is on sys.path when this runs as a script

    return generate_corpus


def corpus(work: Path, count: int, small: bool = False) -> tuple[Path, list[dict[str, Any]]]:
    folder = work / (f"small-{count}" if small else f"corpus-{count}")
    started = time.perf_counter()
    files = generator().generate(folder / "files", count, small=small)
    if time.perf_counter() - started > 5:
        print(f"generated {folder} in {time.perf_counter() - started:.0f} s", flush=True)
    return folder / "files", files


def pages_of(files: list[dict[str, Any]]) -> int:
    return sum(int(f["pages"]) for f in files)


# --- floors -----------------------------------------------------------------------------------


def library_text(path: Path, fmt: str) -> str:
    if fmt == "pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    if fmt == "pdf-fast":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(path)
        try:
            return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        finally:
            pdf.close()
    if fmt == "docx":
        import docx

        document = docx.Document(str(path))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            lines += ["\t".join(cell.text for cell in row.cells) for row in table.rows]
        return "\n".join(lines)
    if fmt == "html":
        import trafilatura

        return trafilatura.extract(path.read_bytes(), include_tables=True) or ""
    return path.read_text("utf-8")


def floor_seconds(folder: Path, files: list[dict[str, Any]], fast: bool) -> dict[str, float]:
    """Seconds of a floor over `files`, in this process: extraction, segmentation with
    underthesea's `word_tokenize` (the floor's) and, on the same texts, with hoso's
    `nlp.words.segment`; and the CPU seconds of the floor's extraction and segmentation."""
    from nlp.words import segment, segment_with_word_tokenize

    seconds = dict.fromkeys(("extract_s", "segment_s", "hoso_segment_s", "cpu_s"), 0.0)
    for f in files:
        fmt = "pdf-fast" if fast and f["format"] == "pdf" else str(f["format"])
        cpu, started = time.process_time(), time.perf_counter()
        text = library_text(folder / str(f["name"]), fmt)
        seconds["extract_s"] += time.perf_counter() - started
        started = time.perf_counter()
        segment_with_word_tokenize(text)
        seconds["segment_s"] += time.perf_counter() - started
        seconds["cpu_s"] += time.process_time() - cpu
        started = time.perf_counter()
        segment(text)
        seconds["hoso_segment_s"] += time.perf_counter() - started
    return seconds


def measure_floors(folder: Path, files: list[dict[str, Any]]) -> dict[str, Any]:
    from extractors import ExtractOptions
    from extractors import pdf as pdf_extractor
    from nlp.words import segment

    segment("Hội đồng nhân dân tỉnh")  # underthesea loaded before the clock starts
    results: dict[str, Any] = {}
    for name, fast in (("library floor", False), ("fastest floor", True)):
        host = HostLoad()
        seconds = floor_seconds(folder, files, fast)
        results[name] = {**seconds, **host.figures()}
        print(
            f"{name}: extraction {seconds['extract_s']:.1f} s, segmentation "
            f"{seconds['segment_s']:.1f} s (hoso's segmenter: {seconds['hoso_segment_s']:.1f} s)",
            flush=True,
        )
    # hoso's PDF extractor alone (fast path plus pdfplumber where needed), for the PDF share.
    before = pdf_extractor.FAST_PATH_PAGES.copy()
    started = time.perf_counter()
    for f in files:
        if f["format"] == "pdf":
            pdf_extractor.extract(folder / str(f["name"]), ExtractOptions(ocr=False))
    counts = pdf_extractor.FAST_PATH_PAGES - before
    results["hoso pdf extractor"] = {
        "extract_s": time.perf_counter() - started,
        "pdfium_pages": counts["pdfium"],
        "pdfplumber_pages": counts["pdfplumber"],
    }
    return results


# --- end to end -------------------------------------------------------------------------------


def load_log() -> Path:
    return Path(os.environ[LOAD_LOG])


def loads_by_process() -> dict[int, collections.Counter[str]]:
    found: dict[int, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    path = load_log()
    if path.is_file():
        for line in path.read_text("utf-8").splitlines():
            pid, what = line.split("\t")
            found[int(pid)][what] += 1
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def host_ticks() -> tuple[int, int]:
    """(stolen, wanted) CPU ticks of the machine so far (/proc/stat): "stolen" is time the
    hypervisor gave to other guests while this one's CPUs wanted to run, "wanted" all time not
    idle."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return steal, user + nice + system + irq + softirq + steal


class HostLoad:
    """The load average and the share of CPU time the hypervisor took (steal) over one
    measurement: this host's speed drifts, and steal says when other guests were the cause."""

    def __init__(self) -> None:
        self.load, self.ticks = os.getloadavg()[0], host_ticks()

    def figures(self) -> dict[str, Any]:
        (stolen, wanted), (stolen_0, wanted_0) = host_ticks(), self.ticks
        return {
            "load": [round(self.load, 1), round(os.getloadavg()[0], 1)],
            "steal_pct": round(100 * (stolen - stolen_0) / max(1, wanted - wanted_0), 1),
        }


def status_mb(pid: int, field: str = "VmHWM") -> float:
    """A memory field of a live process's status, in MB: VmHWM (peak resident set), VmRSS
    (resident now), RssAnon (resident, without file-backed pages)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextlib.contextmanager
def timed(owner: Any, name: str, spent: dict[str, float], label: str) -> Iterator[None]:
    """Add the time spent in `owner.name` (in this process) to `spent[label]`."""
    original = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

    setattr(owner, name, wrapper)
    try:
        yield
    finally:
        setattr(owner, name, original)


def run_ingest(
    folder: Path,
    workers: int,
    options: Any = None,
    data_dir: Path | None = None,
    limits: Any = None,
) -> dict[str, Any]:
    from core.settings import Limits
    from extractors import ExtractOptions
    from index.embedded import EmbeddedIndex
    from index.sqlite import SqliteStore
    from index.tantivy import TantivySearch
    from ingest import pipeline
    from ingest.workers import ExtractionPool

    spent: dict[str, float] = {}
    with contextlib.ExitStack() as stack:
        # Where the parent's time goes (the workers' is the rest).
        stack.enter_context(timed(pipeline, "plan", spent, "plan (stat, sha256)"))
        stack.enter_context(timed(pipeline, "record", spent, "record"))
        stack.enter_context(timed(SqliteStore, "put_documents", spent, "record: SQLite"))
        stack.enter_context(timed(TantivySearch, "add", spent, "record: Tantivy add"))
        stack.enter_context(timed(TantivySearch, "commit", spent, "record: Tantivy commit"))
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hoso-bench-")))
        options = options or ExtractOptions(cache_dir=tmp / "cache", ocr=False)
        index = EmbeddedIndex(data_dir or tmp / "data")
        stack.callback(index.close)
        started = time.perf_counter()
        pool = ExtractionPool(workers, options, limits or Limits())
        stack.callback(pool.close)
        ready = time.perf_counter()
        cpu, host = time.process_time(), HostLoad()
        # Resident memory now, every 1,000 files: growth shows as a slope, where the peak alone
        # could be one large document. VmRSS counts the pages of Tantivy's memory-mapped index
        # files too (the kernel's cache, growing with the index); RssAnon is the processes' own.
        rss: list[dict[str, Any]] = []

        def sample(done: int, total: int) -> None:
            if done // 1000 > len(rss) - 1 or done == total:
                now = {
                    name: [round(status_mb(pid, f)) for f in ("VmRSS", "RssAnon")]
                    for name, pid in [("parent", os.getpid())]
                    + [(f"worker {i + 1}", w.process.pid) for i, w in enumerate(pool._all)]
                }
                rss.append({"files": done, **now})

        summary = pipeline.ingest(
            index,
            [folder],
            options,
            build=pool.build,
            in_flight=pool.batches_in_flight,
            progress=sample,
        )
        elapsed = time.perf_counter() - ready
        return {
            "seconds": elapsed,
            "cpu_parent_s": time.process_time() - cpu,
            "cpu_workers_s": [round(cpu_seconds(w.process.pid), 1) for w in pool._all],
            **host.figures(),
            "pool_start_s": ready - started,
            "indexed": summary.indexed,
            "failed": summary.failed + summary.skipped,
            "worker_pids": [w.process.pid for w in pool._all],
            "worker_peak_mb": [round(status_mb(w.process.pid)) for w in pool._all],
            # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent process.
            "parent_peak_mb": round(status_mb(os.getpid())),
            "rss_mb": rss,  # {files, parent: [VmRSS, RssAnon], worker 1: […], …}
            "parent_s": {k: round(v, 1) for k, v in spent.items()},
        }


def measure_ingest(folder: Path, files: list[dict[str, Any]]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for workers in (1, 2):
        run = run_ingest(folder, workers)
        loads = loads_by_process()
        run["loads"] = {
            "parent": dict(loads.get(os.getpid(), {})),
            "workers": [dict(loads.get(pid, {})) for pid in run.pop("worker_pids")],
        }
        results[f"pipeline.ingest, {workers} worker{'s' if workers > 1 else ''}"] = run
        print(f"pipeline.ingest, {workers} workers: {run['seconds']:.1f} s {run}", flush=True)
        if run["indexed"] != len(files):
            raise SystemExit(f"only {run['indexed']} of {len(files)} files indexed: {run}")
    results["hoso ingest (Prefect flow), 2 workers"] = run_cli_ingest(folder, files, workers=2)
    return results


def measure_paired(folder: Path, files: list[dict[str, Any]], rounds: int) -> dict[str, Any]:
    """The fastest floor and hoso's one-process ingests, taken in turn on the same slice of the
    corpus, slice after slice: this machine's speed drifts by up to 25% within minutes, so
    figures measured minutes apart compare badly; in turn, each slice's figures see the same
    machine. The floor is also given with hoso's segmenter in place of `word_tokenize` (same
    words, less time). One slice = one `pipeline.ingest` of a folder (hard links to the corpus
    files) into one index per way: in this process (no worker) and with one worker process
    (warm pool, as in `run_ingest`)."""
    from core.settings import Limits
    from extractors import ExtractOptions
    from index.embedded import EmbeddedIndex
    from ingest import pipeline
    from ingest.workers import ExtractionPool, warm_up

    warm_up()  # this process builds too: loaded before the clock starts, as in a worker
    ways = (
        "fastest floor",
        "fastest floor, hoso's segmenter",
        "pipeline.ingest in this process",
        "pipeline.ingest, 1 worker",
    )
    seconds: dict[str, list[float]] = {way: [] for way in ways}
    pages: list[int] = []
    floor_cpu: list[float] = []
    cpu_here: list[float] = []  # CPU seconds of the in-process ingests, slice by slice
    host = HostLoad()
    with contextlib.ExitStack() as stack:
        # Beside the corpus: hard links need the same file system.
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(dir=folder.parent)))
        options = ExtractOptions(cache_dir=tmp / "cache", ocr=False)
        pool = ExtractionPool(1, options, Limits())
        stack.callback(pool.close)
        indexes = {way: EmbeddedIndex(tmp / f"data-{i}") for i, way in enumerate(ways[2:])}
        for index in indexes.values():
            stack.callback(index.close)
        size = -(-len(files) // rounds)
        for k in range(rounds):
            part = files[k * size : (k + 1) * size]
            if not part:
                break
            slice_dir = tmp / f"slice-{k}"
            slice_dir.mkdir()
            for f in part:
                os.link(folder / str(f["name"]), slice_dir / str(f["name"]))
            floor = floor_seconds(folder, part, fast=True)
            pages.append(pages_of(part))
            floor_cpu.append(floor["cpu_s"])
            seconds[ways[0]].append(floor["extract_s"] + floor["segment_s"])
            seconds[ways[1]].append(floor["extract_s"] + floor["hoso_segment_s"])
            for way, index in indexes.items():
                build = pool.build if "worker" in way else None
                in_flight = pool.batches_in_flight if build else 1
                cpu, started = time.process_time(), time.perf_counter()
                summary = pipeline.ingest(
                    index, [slice_dir], options, build=build, in_flight=in_flight
                )
                seconds[way].append(time.perf_counter() - started)
                if build is None:
                    cpu_here.append(time.process_time() - cpu)
                if summary.indexed != len(part):
                    raise SystemExit(f"{way}: {summary.indexed} of {len(part)} indexed")
    floors = seconds[ways[0]]
    result: dict[str, Any] = {"rounds": len(floors), **host.figures()}
    # In slice order (the index growing), beside what each slice holds: the slices differ.
    result["by_slice"] = {
        "pages": pages,
        "in this process × floor": [
            round(t / f, 2) for t, f in zip(seconds[ways[2]], floors, strict=True)
        ],
        "in this process × floor, CPU": [
            round(c / f, 2) for c, f in zip(cpu_here, floor_cpu, strict=True)
        ],
    }
    for way in ways:
        ratios = sorted(t / f for t, f in zip(seconds[way], floors, strict=True))
        result[way] = {
            "seconds": round(sum(seconds[way]), 1),
            "ratio": round(sum(seconds[way]) / sum(floors), 2),
            "slice_ratios": [round(r, 2) for r in ratios],
        }
        print(f"{way}: {result[way]}", flush=True)
    print(f"slice by slice: {result['by_slice']}", flush=True)
    return result


def run_cli_ingest(folder: Path, files: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    """`hoso ingest` as an archivist runs it: a new process, the Prefect flow on its temporary
    API server. `fixed_s` is the same command on one small file (start-up and shutdown)."""
    hoso = Path(sys.executable).with_name("hoso")
    env = {**os.environ, "HOSO_WORKERS": str(workers)}
    with tempfile.TemporaryDirectory(prefix="hoso-bench-") as tmp:
        one = Path(tmp) / "one"
        one.mkdir()
        shutil.copy(ROOT / "samples" / "hnp_2019-12-03_thuong-truc-hdnd.txt", one)
        timings = []
        for source, data in ((one, "data-one"), (folder, "data")):
            command = [str(hoso), "--data-dir", str(Path(tmp) / data), "ingest", str(source)]
            host, started = HostLoad(), time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
            timings.append(
                {
                    "seconds": time.perf_counter() - started,
                    **host.figures(),
                    "indexed": int(re.search(r"indexed (\d+)", done.stdout)[1]),  # type: ignore[index]
                }
            )
    fixed, run = timings
    indexed = run["indexed"]
    print(f"hoso ingest: one file {fixed['seconds']:.1f} s; {indexed} files {run['seconds']:.1f} s")
    if indexed != len(files):
        raise SystemExit(f"hoso ingest indexed {indexed} of {len(files)} files: {run}")
    return {
        "seconds": run["seconds"],
        "load": run["load"],
        "steal_pct": run["steal_pct"],
        "fixed_s": fixed["seconds"],
        "indexed": indexed,
    }


# --- OCR and memory ---------------------------------------------------------------------------


def measure_ocr(work: Path, names: list[str]) -> dict[str, Any]:
    import pypdfium2

    from extractors import ExtractOptions
    from extractors.ocr import unavailable_reason

    options = ExtractOptions(cache_dir=work / "ocr-cache", ocr=True)
    if reason := unavailable_reason(options):
        return {"skipped": reason}
    shutil.rmtree(work / "ocr-cache", ignore_errors=True)
    scans = work / "scans"
    shutil.rmtree(scans, ignore_errors=True)
    scans.mkdir(parents=True)
    pages = 0
    for name in names:
        shutil.copy(CORPUS / name, scans / name)
        pages += len(pypdfium2.PdfDocument(scans / name))
    runs = []
    for attempt in ("first run", "second run, same cache"):
        before = sum(c["tesseract"] for c in loads_by_process().values())
        run = run_ingest(scans, 1, options=options)
        tesseract = sum(c["tesseract"] for c in loads_by_process().values()) - before
        runs.append({"run": attempt, "seconds": run["seconds"], "tesseract_runs": tesseract})
        print(f"OCR {attempt}: {run['seconds']:.1f} s, Tesseract ran {tesseract} times", flush=True)
    return {"pages": pages, "runs": runs}


def measure_memory(work: Path, sizes: list[int]) -> dict[str, Any]:
    results = {}
    for size in sizes:
        folder, files = corpus(work, size, small=True)
        # A fresh process per size: ru_maxrss is the peak over a process's whole life.
        done = subprocess.run(
            [sys.executable, __file__, "_memory-child", str(folder)],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ,
        )
        run = json.loads(done.stdout.strip().splitlines()[-1])
        run["files"] = len(files)
        results[str(size)] = run
        print(f"memory, {size} files: {run}", flush=True)
    return results


# --- the table --------------------------------------------------------------------------------


def results_path(work: Path) -> Path:
    return work / "results.json"


def measure_long_line(work: Path, megabytes: int, timeout: float) -> dict[str, Any]:
    """Ingest one `megabytes` MB single-line text file with one worker, in a fresh folder,
    under the default memory cap and a `timeout` of seconds."""
    from core.settings import Limits

    folder = work / f"long-line-{megabytes}mb"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "one-line.txt"
    sentence = (
        "Thường trực Hội đồng nhân dân huyện Krông Nô tổ chức phiên giải trình về công tác "
        "quản lý đất đai; đã hoàn thành 18/20 (bằng 90%) nội dung công việc theo kế hoạch. "
    ).encode()
    size = megabytes * 1_048_576
    if not path.is_file() or path.stat().st_size != size:
        line = sentence * (size // len(sentence) + 1)
        path.write_bytes(line[: line.rfind(b" ", 0, size)].ljust(size, b"."))
    run = run_ingest(folder, 1, limits=Limits(timeout=timeout))
    values = {
        "megabytes": megabytes,
        "timeout_s": timeout,
        "outcome": "indexed" if run["indexed"] else "failed",
        "cpu_worker_s": run["cpu_workers_s"],
        **{k: run[k] for k in ("seconds", "worker_peak_mb", "parent_peak_mb", "parent_s")},
    }
    print(f"long line, {megabytes} MB: {values}", flush=True)
    return values


def save(work: Path, part: str, values: dict[str, Any]) -> None:
    path = results_path(work)
    saved = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    saved[part] = values
    path.write_text(json.dumps(saved, indent=1, ensure_ascii=False), "utf-8")


def host_figures(run: dict[str, Any]) -> str:
    """ "1.0-1.6, 7%": the load average before and after, and the steal (older results: none)."""
    steal = f", {run['steal_pct']:.0f}%" if "steal_pct" in run else ""
    return f"{run['load'][0]}-{run['load'][1]}{steal}"


def report(work: Path, count: int) -> None:
    path = results_path(work)
    saved = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    files = saved.get("corpus", {})
    docs, pages = files.get("documents", count), files.get("pages", 0)
    print(f"\nCorpus: {docs} documents, {pages} pages {files.get('by_format', '')}")
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    rows: list[tuple[str, float, float | None, str]] = []  # name, wall, CPU, host
    floors = saved.get("floors", {})
    for name in ("library floor", "fastest floor"):
        if name in floors:
            f = floors[name]
            rows.append((name, f["extract_s"] + f["segment_s"], f["cpu_s"], host_figures(f)))
    runs = saved.get("ingest", {})
    for name, run in runs.items():
        # `hoso ingest`'s workers are grandchildren: their CPU time is not the benchmark's to read.
        cpu = run["cpu_parent_s"] + sum(run["cpu_workers_s"]) if "cpu_workers_s" in run else None
        rows.append((f"end to end: {name}", run["seconds"], cpu, host_figures(run)))
    by_name = {name: (wall, cpu or 0.0) for name, wall, cpu, _ in rows}
    fastest = by_name.get("fastest floor")
    print(
        "| measurement | seconds | documents/s | pages/s | × fastest floor | CPU seconds "
        "| CPU × fastest floor | load average, steal |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, wall, cpu, host in rows:
        ratio = f"{wall / fastest[0]:.2f}" if fastest else "–"
        cpu_ratio = f"{cpu / fastest[1]:.2f}" if fastest and cpu and fastest[1] else "–"
        print(
            f"| {name} | {wall:.1f} | {docs / wall:.2f} | {pages / wall:.2f} | {ratio} "
            f"| {f'{cpu:.1f}' if cpu else '–'} | {cpu_ratio} | {host} |"
        )
    if floors:
        print()
        for name in ("library floor", "fastest floor"):
            f = floors[name]
            print(
                f"{name}: extraction {f['extract_s']:.1f} s + segmentation {f['segment_s']:.1f} s"
                f" (hoso's segmenter on the same texts: {f.get('hoso_segment_s', 0):.1f} s)"
            )
        h = floors["hoso pdf extractor"]
        print(
            f"hoso PDF extractor alone: {h['extract_s']:.1f} s for the PDFs; pages read by "
            f"pdfium {h['pdfium_pages']}, by pdfplumber {h['pdfplumber_pages']}"
        )
    if paired := saved.get("paired"):
        print(
            f"\nIn turn, slice by slice ({paired['rounds']} slices of the corpus; load average, "
            f"steal: {host_figures(paired) if 'load' in paired else '–'}):\n"
        )
        print("| measurement | seconds | × fastest floor | per slice: lowest, median, highest |")
        print("| --- | ---: | ---: | --- |")
        for way, run in paired.items():
            if isinstance(run, dict) and "slice_ratios" in run:
                r = run["slice_ratios"]
                print(
                    f"| {way} | {run['seconds']:.1f} | {run['ratio']:.2f} "
                    f"| {r[0]:.2f}, {r[len(r) // 2]:.2f}, {r[-1]:.2f} |"
                )
        if by_slice := paired.get("by_slice"):
            print("\nslice by slice, in order (the index growing):")
            for name, values in by_slice.items():
                print(f"  {name}: {', '.join(str(v) for v in values)}")
    one, two = runs.get("pipeline.ingest, 1 worker"), runs.get("pipeline.ingest, 2 workers")
    if one and two:
        print(f"\nspeed-up with 2 workers: {one['seconds'] / two['seconds']:.2f}×")
    if cli := runs.get("hoso ingest (Prefect flow), 2 workers"):
        print(f"hoso ingest of one small file (fixed cost): {cli['fixed_s']:.1f} s")
    for name, run in runs.items():
        if "loads" not in run:
            continue
        print(
            f"{name}: pool start {run['pool_start_s']:.1f} s; peak RSS parent "
            f"{run['parent_peak_mb']} MB, workers {run['worker_peak_mb']} MB; underthesea "
            f"loads: parent {run['loads']['parent']}, workers {run['loads']['workers']}; "
            f"parent time: {run.get('parent_s')}"
        )
    if ocr := saved.get("ocr"):
        if "skipped" in ocr:
            print(f"\nOCR: skipped ({ocr['skipped']})")
        else:
            first, second = ocr["runs"]
            print(
                f"\nOCR: {ocr['pages']} scanned pages in {first['seconds']:.1f} s = "
                f"{ocr['pages'] / first['seconds']:.2f} pages/s (1 worker, Tesseract ran "
                f"{first['tesseract_runs']} times); again with the same cache: "
                f"{second['seconds']:.1f} s, Tesseract ran {second['tesseract_runs']} times"
            )
    if memory := saved.get("memory"):
        print("\n| one-page files | seconds | peak RSS parent (MB) | peak RSS worker (MB) |")
        print("| ---: | ---: | ---: | ---: |")
        for size, run in memory.items():
            print(
                f"| {size} | {run['seconds']:.0f} | {run['parent_peak_mb']} | "
                f"{', '.join(map(str, run['worker_peak_mb']))} |"
            )
        for size, run in memory.items():
            if samples := run.get("rss_mb"):
                print(f"\n{size} files — resident MB now, VmRSS / RssAnon, after N files:")
                for point in samples:
                    print(
                        "  ".join(
                            f"{k} {v[0]}/{v[1]}" if k != "files" else f"{v:>6}"
                            for k, v in point.items()
                        )
                    )


@contextlib.contextmanager
def instrumented(work: Path) -> Iterator[None]:
    """Log underthesea loads and Tesseract runs here and in every worker (forkserver preload)."""
    import multiprocessing

    os.environ[LOAD_LOG] = str(work / "loads.log")
    load_log().unlink(missing_ok=True)  # loads are counted per process over the whole run
    sys.addaudithook(_audit)
    multiprocessing.get_context("forkserver").set_forkserver_preload(["ingest"])
    yield


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "part",
        choices=[
            "floors",
            "paired",
            "ingest",
            "ocr-memory",
            "memory",
            "long-line",
            "all",
            "report",
            "_memory-child",
        ],
    )
    parser.add_argument("folder", nargs="?", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=1000, help="documents (default 1000)")
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "hoso-ingest-bench"
    )
    parser.add_argument("--memory-sizes", default="1000,3000,10000")
    parser.add_argument("--line-mb", type=int, default=18, help="size of the one-line text file")
    parser.add_argument(
        "--line-timeout", type=float, default=300.0, help="the long-line file's timeout (s)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a short run (the test suite's): 40 documents, 50 and 150 files, one scan",
    )
    args = parser.parse_args()
    if args.quick:
        args.count, args.memory_sizes = 40, "50,150"
    if args.part == "_memory-child":
        run = run_ingest(args.folder, 1)
        run.pop("worker_pids")
        print(json.dumps(run))
        return
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    if args.part == "long-line":
        save(work, "long_line", measure_long_line(work, args.line_mb, args.line_timeout))
        return
    with instrumented(work):
        folder, files = corpus(work, args.count)
        by_format = collections.Counter(str(f["format"]) for f in files)
        save(
            work,
            "corpus",
            {"documents": len(files), "pages": pages_of(files), "by_format": dict(by_format)},
        )
        if args.part in ("floors", "all"):
            save(work, "floors", measure_floors(folder, files))
        if args.part in ("paired", "all"):
            save(work, "paired", measure_paired(folder, files, 4 if args.quick else 10))
        if args.part in ("ingest", "all"):
            save(work, "ingest", measure_ingest(folder, files))
        if args.part in ("ocr-memory", "all"):
            save(work, "ocr", measure_ocr(work, SCANS[-1:] if args.quick else SCANS))
        if args.part in ("ocr-memory", "memory", "all"):
            sizes = [int(s) for s in args.memory_sizes.split(",")]
            save(work, "memory", measure_memory(work, sizes))
    report(work, args.count)


if __name__ == "__main__":
    main()
