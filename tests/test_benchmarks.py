"""The benchmark suite in its short mode (`--quick`), so that a change that breaks a benchmark or
one of the properties it checks shows in CI. The figures are printed and saved under
tests/output/benchmarks/ (the CI log prints them); no test here asserts a timing — speed goals
live in the full benchmarks and BENCHMARKS.md."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

# Slow: each benchmark runs as a process, ingesting its collection.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "tests" / "output" / "benchmarks"


def run_benchmark(script: str, *args: str) -> str:
    """Run one benchmark script; save and print what it printed."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / f"{Path(script).stem}.txt").write_text(done.stdout + done.stderr, "utf-8")
    print(done.stdout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_ingest_benchmark_short_mode(tmp_path: Path) -> None:
    """Floors, end to end with 1 and 2 workers and through `hoso ingest`, OCR and memory on a
    small generated corpus: every file is indexed (the benchmark stops otherwise), underthesea
    is loaded once per process, not per document, and a re-run never runs Tesseract."""
    out = run_benchmark("throughput.py", "all", "--quick", "--work", str(tmp_path))
    assert "| fastest floor |" in out and "speed-up with 2 workers" in out
    results = json.loads((tmp_path / "results.json").read_text("utf-8"))
    assert results["corpus"]["documents"] == 40
    runs = results["ingest"]
    assert {"pipeline.ingest, 1 worker", "pipeline.ingest, 2 workers"} <= set(runs)
    for name, run in runs.items():
        assert run["indexed"] == 40 and 0 <= run["steal_pct"] <= 100, name
        if "loads" in run:  # once per process, whatever the number of documents
            # the parent's: the floors' `word_tokenize` loads underthesea's copy of the model,
            # hoso's segmenter (timed beside the floors) reads the same files for `nlp.crf`
            assert run["loads"]["parent"].get("word model", 0) <= 2, name
            assert run["loads"]["workers"] == [{"word model": 1, "sentence model": 1}] * len(
                run["worker_peak_mb"]
            ), name
    paired = results["paired"]  # the floor and the one-process ingests, slice by slice in turn
    assert paired["rounds"] == 4 and "| pipeline.ingest in this process |" in out
    for way in (
        "fastest floor",
        "fastest floor, hoso's segmenter",
        "pipeline.ingest in this process",
        "pipeline.ingest, 1 worker",
    ):
        assert len(paired[way]["slice_ratios"]) == 4 and paired[way]["seconds"] > 0, way
    assert len(paired["by_slice"]["pages"]) == 4 and "slice by slice, in order" in out
    first, second = results["ocr"]["runs"]
    assert first["tesseract_runs"] == results["ocr"]["pages"] > 0
    assert second["tesseract_runs"] == 0
    assert set(results["memory"]) == {"50", "150"}


def test_growth_benchmark_short_mode(tmp_path: Path) -> None:
    """New files added to a generated archive and to an empty one, against the floor."""
    out = run_benchmark("growth.py", "--quick", "--work", str(tmp_path))
    assert "| archive (documents) | s per file |" in out
    results = json.loads((tmp_path / "results.json").read_text("utf-8"))
    assert set(results["sizes"]) == {"0", "300"}
    for size, run in results["sizes"].items():
        assert run["indexed"] == results["files"] == 20, size
        assert run["documents"] == int(size) + 20, size


def test_index_benchmark_short_mode() -> None:
    """Search, re-index, cold start, re-scan and watch latency at 2,000 documents."""
    out = run_benchmark("perf.py", "--quick")
    for figure in (
        "search at 2,000: p50 / p95",
        "re-index 2,000 stored documents",
        "cold start `hoso search` at 2,000",
        "re-scan of 2,000 unchanged files",
        "watch: PDF written → searchable, p50 / p95",
    ):
        assert figure in out


def test_foundation_benchmark_on_the_samples() -> None:
    out = run_benchmark("foundation.py")
    assert "files indexed / failed" in out
    indexed, failed = out.split("files indexed / failed")[1].split()[0:3:2]
    assert int(indexed) == len(list((ROOT / "samples").iterdir())) and failed == "0"


def test_facts_quality_scores_the_sentence_gold_per_split() -> None:
    """The sentence gold of council facts, scored per split; `-v` lists the tune split's misses
    and never the held-out split's unless asked."""
    out = run_benchmark("facts_quality.py", "--split", "tune", "-v")
    assert "misses and false alarms of the tune split" in out
    assert "Sentence gold, tune split" in out and "held-out split (" not in out
    misses = out.split("Sentence gold, tune split")[0]
    gold = ROOT / "tests" / "gold" / "counts"
    items = [
        json.loads(line)
        for path in gold.glob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    listed = set(re.findall(r"^([\w-]+-\d{3}): ", misses, re.MULTILINE))
    assert listed and listed <= {i["id"] for i in items if i["split"] == "tune"}
    for row in ("counts", "  counts: task", "  counts: indicator", "  counts: activity", "people"):
        assert f"\n{row} " in out, row
    everything = run_benchmark("facts_quality.py")
    assert "All " in everything and "held-out documents only" in everything  # the document gold
    for split in ("tune split", "held-out split", "all items"):
        assert f"Sentence gold, {split}" in everything


def test_reader_agreement_compares_the_two_readings_and_the_extractor() -> None:
    out = run_benchmark("reader_agreement.py")
    for row in (
        "second reader vs first",
        "extractor vs first reader",
        "extractor vs second reader",
    ):
        assert re.search(
            rf"^{row} +\d+ +\d+ +\d+  [01]\.\d{{3}}  [01]\.\d{{3}}  role ", out, re.M
        ), row
    assert "role pairs the readers disagree on" in out and "agrees with the first reader" in out


def test_relevance_benchmark_short_mode(tmp_path: Path) -> None:
    """ALQAC 2023 on a slice of the articles and the judged council queries without OCR, on both
    backends, beside the plain BM25 baselines; every figure of the table is there."""
    out = run_benchmark(
        "relevance.py", "--quick", "--work", str(tmp_path), "--json", str(tmp_path / "r.json")
    )
    results = json.loads((tmp_path / "r.json").read_text("utf-8"))
    systems = results["alqac"]["systems"]
    assert set(systems) == {
        "BM25 syllables, OR (tantivy)",
        "BM25 underthesea words, OR (tantivy)",
        "hoso, embedded",
        "hoso, elasticsearch",
    }
    for name, parts in systems.items():
        assert [parts[p]["n"] for p in ("train", "test", "all")] == [8, 8, 16], name
        for figure in ("R@1", "R@10", "MRR@10"):
            assert 0 <= parts["all"][figure] <= 1, (name, figure)
    # The baselines are plain BM25 with OR: every statement gets hits, most find their article.
    for name in ("BM25 syllables, OR (tantivy)", "BM25 underthesea words, OR (tantivy)"):
        assert systems[name]["all"]["zero-hit"] == 0 and systems[name]["all"]["R@10"] >= 0.75
    council = results["council"]["systems"]
    assert set(council) == {"hoso, embedded", "hoso, elasticsearch"}
    for parts in council.values():
        assert {"all", "split: tune", "split: heldout", "category: question"} <= set(parts)
        assert parts["all"]["n"] >= 40
    assert "goal (issue 16)" in out and "held-out nDCG@10" in out
