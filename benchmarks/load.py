"""Load: concurrent searches against `hoso serve` while an ingest writes into the same data directory.

    .venv/bin/python benchmarks/load.py [--clients 4] [--duration 20] [--docs 300] [--ingest cli]

Builds an index of samples/ in a temporary data directory, starts `hoso serve` on 127.0.0.1 (a
free port), then runs `--clients` searcher threads (urllib, one request at a time each) while an
ingest of `--docs` generated council documents runs into the same directory: `hoso ingest` with
`--ingest cli` (Prefect, worker processes: what an archivist runs), or the plain pipeline in its
own process with `--ingest pipeline` (no Prefect start-up; the short test uses it). The searchers
run at least `--duration` seconds and until the ingest ends, never longer than `--max-duration`.

Prints requests per second, p50/p95/p99 latency, the error count (any answer other than 200, any
exception: must be 0), and how many generated documents searches could see as the ingest went
on (readers pick up each commit). `--json` prints the report as JSON instead.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from stats import percentile

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from servers import free_port, running  # noqa: E402

QUERIES = [
    "hội đồng nhân dân",
    "hoi dong nhan dan",
    '"chương trình giám sát"',
    "giám sát -dự",
    "Hòa",
    "kỳ họp thứ",
    "nghị quyết OR quyết định",
    "ủy ban nhân dân tỉnh",
    "thuong truc",
    '"nội dung công việc"',
    "ngân sách",
    "tiếp công dân",
    "Krông Nô",
    "phó chủ tịch",
]
# Every generated document carries this phrase: its hit count shows what readers can see.
MARKER = "hồ sơ thử tải"
PLACES = ["tỉnh Đắk Nông", "huyện Krông Nô", "thành phố Hà Nội", "tỉnh Hà Giang", "huyện Tuần Giáo"]
TOPICS = [
    "chương trình giám sát năm {y}",
    "kế hoạch phát triển kinh tế - xã hội năm {y}",
    "dự toán ngân sách địa phương năm {y}",
    "kết quả tiếp công dân quý {q} năm {y}",
    "kết luận phiên giải trình về quản lý đất đai",
]
SENTENCES = [
    "Thường trực Hội đồng nhân dân đã tổ chức {n} cuộc giám sát chuyên đề.",
    "Đã hoàn thành {a}/{b} (bằng {p}%) nội dung công việc theo kế hoạch.",
    "Ủy ban nhân dân {place} báo cáo kết quả thực hiện các chỉ tiêu kinh tế - xã hội.",
    "Các đại biểu thảo luận về công tác cải cách hành chính và tiếp công dân.",
    "Kỳ họp thứ {n} Hội đồng nhân dân khóa {k} thông qua {a} nghị quyết.",
    "Ban Kinh tế - Ngân sách thẩm tra dự toán thu ngân sách nhà nước trên địa bàn.",
]


@dataclass
class Report:
    clients: int
    seconds: float
    requests: int
    errors: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    ingest: str
    ingest_seconds: float
    ingest_exit: int | None
    documents_before: int
    documents_after: int
    # (seconds since the searchers started, generated documents a search found)
    visible: list[tuple[float, int]] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)


def council_document(i: int, rng: random.Random) -> str:
    """One generated council document, different from every other (its number and figures)."""
    year = rng.randint(2015, 2025)
    place = rng.choice(PLACES)
    topic = rng.choice(TOPICS).format(y=year, q=rng.randint(1, 4))
    b = rng.randint(10, 300)
    a = rng.randint(1, b)
    body = " ".join(
        rng.choice(SENTENCES).format(
            n=rng.randint(1, 20),
            a=a,
            b=b,
            p=round(100 * a / b, 1),
            place=place,
            k=rng.randint(9, 17),
        )
        for _ in range(rng.randint(8, 20))
    )
    return (
        f"HỘI ĐỒNG NHÂN DÂN {place.upper()}\n"
        f"Số: {i}/NQ-HĐND        {place}, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} "
        f"năm {year}\n\nNGHỊ QUYẾT\nVề {topic}\n\n{body}\n\nMã {MARKER} số {i:05d}.\n"
    )


def write_documents(folder: Path, count: int, seed: int = 8) -> None:
    """`count` generated documents in `folder`: plain text, every tenth one an HTML page."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(count):
        text = council_document(i, rng)
        if i % 10 == 9:
            paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line)
            page = f"<!DOCTYPE html><html><head><title>Nghị quyết {i}</title></head><body>"
            page += f"<article>{paragraphs}</article></body></html>"
            (folder / f"nghi-quyet-{i:05d}.html").write_text(page, encoding="utf-8")
        else:
            (folder / f"nghi-quyet-{i:05d}.txt").write_text(text, encoding="utf-8")


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "HOSO_API_TOKEN"}
    env.update(
        PREFECT_HOME=str(home / "prefect"),
        PREFECT_LOGGING_LEVEL="ERROR",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PYTHONPATH=str(ROOT),
    )
    return env


@contextlib.contextmanager
def serving(data_dir: Path, env: dict[str, str], log: Path) -> Iterator[str]:
    """`hoso serve` on a free port of 127.0.0.1; yields its base URL once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "hoso", "--data-dir", str(data_dir), "serve"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    base = f"http://127.0.0.1:{port}"
    with running(command, f"{base}/api/status", env, log, cwd=ROOT):
        yield base


def get_json(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=30) as answer:
        data: dict[str, object] = json.loads(answer.read())
        return data


def marker_hits(base: str) -> int:
    query = urllib.parse.urlencode({"q": f'"{MARKER}"', "limit": 0})
    return int(str(get_json(f"{base}/api/search?{query}")["total"]))


class Searchers:
    """`count` threads sending searches (now and then a facet count or the status) until stopped."""

    def __init__(self, base: str, count: int, seed: int = 8) -> None:
        self.base = base
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, args=(random.Random(seed + i),), daemon=True)
            for i in range(count)
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _url(self, rng: random.Random) -> str:
        roll = rng.random()
        if roll < 0.1:
            return f"{self.base}/api/facets?" + urllib.parse.urlencode({"q": rng.choice(QUERIES)})
        if roll < 0.15:
            return f"{self.base}/api/status"
        params = {"q": rng.choice(QUERIES), "limit": rng.choice([10, 20]), "offset": 0}
        return f"{self.base}/api/search?" + urllib.parse.urlencode(params)

    def _run(self, rng: random.Random) -> None:
        while not self._stop.is_set():
            url = self._url(rng)
            started = time.perf_counter()
            error = None
            try:
                with urllib.request.urlopen(url, timeout=30) as answer:
                    answer.read()
                    if answer.status != 200:
                        error = f"{answer.status} {url}"
            except urllib.error.HTTPError as e:
                error = f"{e.code} {url}: {e.read()[:200]!r}"
            except OSError as e:
                error = f"{type(e).__name__}: {e} ({url})"
            elapsed = (time.perf_counter() - started) * 1000
            with self._lock:
                self.latencies.append(elapsed)
                if error:
                    self.errors.append(error)


def start_ingest(
    mode: str, data_dir: Path, folder: Path, env: dict[str, str], log: Path
) -> subprocess.Popen[bytes]:
    if mode == "cli":
        command = [sys.executable, "-m", "hoso", "--data-dir", str(data_dir), "ingest", str(folder)]
    else:
        command = [sys.executable, str(Path(__file__).resolve()), "--ingest-only"]
        command += [str(data_dir), str(folder)]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def ingest_only(data_dir: Path, folder: Path) -> None:
    """The plain pipeline, in this process (for `--ingest pipeline`)."""
    from extractors import ExtractOptions
    from index.embedded import EmbeddedIndex
    from ingest.pipeline import ingest

    index = EmbeddedIndex(data_dir)
    try:
        summary = ingest(index, [folder], ExtractOptions(ocr=False))
    finally:
        index.close()
    print(f"indexed {summary.indexed} · failed {summary.failed}")


def run(
    clients: int = 4,
    duration: float = 20.0,
    docs: int = 300,
    ingest: str = "cli",
    max_duration: float = 180.0,
    work: Path | None = None,
) -> Report:
    """The whole scenario in `work` (a new temporary directory by default)."""
    from extractors import ExtractOptions
    from index.embedded import EmbeddedIndex
    from ingest.pipeline import ingest as ingest_folder

    with contextlib.ExitStack() as stack:
        if work is None:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hoso-load-")))
        data_dir, folder = work / "data", work / "generated"
        env = _environment(work)
        index = EmbeddedIndex(data_dir)
        ingest_folder(index, [ROOT / "samples"], ExtractOptions(ocr=False))
        index.close()
        write_documents(folder, docs)
        base = stack.enter_context(serving(data_dir, env, work / "serve.log"))
        before = int(str(get_json(f"{base}/api/status")["documents"]))
        searchers = Searchers(base, clients)
        started = time.monotonic()
        searchers.start()
        process = start_ingest(ingest, data_dir, folder, env, work / "ingest.log")
        visible: list[tuple[float, int]] = []
        ingest_seconds = 0.0
        while True:
            elapsed = time.monotonic() - started
            if process.poll() is not None and not ingest_seconds:
                ingest_seconds = elapsed
            with contextlib.suppress(OSError):
                visible.append((round(elapsed, 1), marker_hits(base)))
            done = process.returncode is not None and elapsed >= duration
            if done or elapsed >= max_duration:
                break
            time.sleep(0.5)
        searchers.stop()
        seconds = time.monotonic() - started
        if process.poll() is None:
            process.kill()
            process.wait()
            ingest_seconds = seconds
        after = int(str(get_json(f"{base}/api/status")["documents"]))
        visible.append((round(seconds, 1), marker_hits(base)))
        latencies = searchers.latencies
        if process.returncode:
            searchers.errors.append(
                f"ingest exited {process.returncode}: {(work / 'ingest.log').read_text()[-500:]}"
            )
        return Report(
            clients=clients,
            seconds=round(seconds, 1),
            requests=len(latencies),
            errors=len(searchers.errors),
            requests_per_second=round(len(latencies) / seconds, 1),
            p50_ms=round(percentile(latencies, 0.50), 1),
            p95_ms=round(percentile(latencies, 0.95), 1),
            p99_ms=round(percentile(latencies, 0.99), 1),
            ingest=ingest,
            ingest_seconds=round(ingest_seconds, 1),
            ingest_exit=process.returncode,
            documents_before=before,
            documents_after=after,
            visible=visible,
            error_samples=searchers.errors[:5],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4, help="searcher threads (default 4)")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds, at least")
    parser.add_argument("--max-duration", type=float, default=180.0, help="seconds, at most")
    parser.add_argument("--docs", type=int, default=300, help="generated documents to ingest")
    parser.add_argument("--ingest", choices=["cli", "pipeline"], default="cli")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--ingest-only", nargs=2, type=Path, metavar=("DATA_DIR", "FOLDER"))
    args = parser.parse_args()
    if args.ingest_only:
        ingest_only(*args.ingest_only)
        return
    report = run(args.clients, args.duration, args.docs, args.ingest, args.max_duration)
    if args.json:
        print(json.dumps(dataclasses.asdict(report)))
        return
    print(
        f"{report.clients} searchers for {report.seconds} s while `{report.ingest}` ingested "
        f"{args.docs} documents ({report.ingest_seconds} s, exit {report.ingest_exit})"
    )
    print(f"requests      {report.requests} ({report.requests_per_second} per second)")
    print(f"latency       p50 {report.p50_ms} ms · p95 {report.p95_ms} ms · p99 {report.p99_ms} ms")
    print(f"errors        {report.errors}")
    print(f"documents     {report.documents_before} before · {report.documents_after} after")
    seen = " ".join(
        f"{t:.0f}s:{n}" for t, n in report.visible[:: max(1, len(report.visible) // 12)]
    )
    print(f"generated documents visible to searches over time: {seen}")
    for sample in report.error_samples:
        print(f"  error: {sample}")


if __name__ == "__main__":
    main()
