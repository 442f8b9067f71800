"""Text fidelity benchmark: character error rate of extraction against hand-checked transcripts.

Usage: .venv/bin/python benchmarks/cer.py [--corpus DIR] [--cache-dir DIR | --no-cache]

Scores every transcript in <corpus>/ground_truth (the viparse-corpus transcripts of the legacy
TCVN3/VNI files) and in tests/data/ground_truth (our transcripts of short scans, made by reading
OCR output against the rendered page images). CER = Levenshtein distance / reference length,
after collapsing every run of white space to one space: layout (tabs, alignment spaces, line
breaks) is not what this measures. The second CER column also folds case, because the viparse
transcripts keep `.VnTimeH` headings in lower case (viparse cannot recover that case; we do).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from extractors.registry import ExtractOptions, extract  # noqa: E402
from hoso.errors import HosoError  # noqa: E402
from nlp.normalize import nfc  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
OWN_TRANSCRIPTS = ROOT / "tests" / "data" / "ground_truth"
_SPACE = re.compile(r"\s+")


@dataclass
class Score:
    name: str
    kind: str
    ref_chars: int
    cer: float
    cer_folded: float
    seconds: float
    error: str | None = None


def squash(text: str) -> str:
    """NFC text with every run of white space made one space."""
    return _SPACE.sub(" ", nfc(text)).strip()


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate of `hypothesis` against `reference` (both already squashed)."""
    if not reference:
        return 0.0 if not hypothesis else 1.0
    return Levenshtein.distance(reference, hypothesis) / len(reference)


def transcripts(corpus: Path) -> list[tuple[Path, Path]]:
    """(transcript, original file) pairs: the corpus's own transcripts, then ours."""
    pairs = []
    for folder in (corpus / "ground_truth", OWN_TRANSCRIPTS):
        for gt in sorted(folder.glob("*.gt.txt")):
            stem = gt.name.removesuffix(".gt.txt")
            originals = [p for p in corpus.glob(f"{stem}.*") if p.is_file()]
            if originals:
                pairs.append((gt, originals[0]))
    return pairs


def score(gt: Path, original: Path, options: ExtractOptions) -> Score:
    reference = squash(gt.read_text(encoding="utf-8"))
    started = time.perf_counter()
    try:
        extraction = extract(original, options)
    except HosoError as e:
        return Score(original.name, "-", len(reference), 1.0, 1.0, 0.0, str(e))
    seconds = time.perf_counter() - started
    hypothesis = squash(extraction.text)
    ocr_pages = sum(p.ocr for p in extraction.pages)
    kind = f"{extraction.format}" + (
        f", OCR {ocr_pages}/{len(extraction.pages)} pp" if ocr_pages else ""
    )
    return Score(
        name=original.name,
        kind=kind,
        ref_chars=len(reference),
        cer=cer(reference, hypothesis),
        cer_folded=cer(reference.casefold(), hypothesis.casefold()),
        seconds=seconds,
    )


def table(scores: list[Score]) -> str:
    lines = [
        "| file | extracted as | reference chars | CER | CER (case-folded) | seconds |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for s in scores:
        if s.error:
            lines.append(f"| {s.name} | error: {s.error} | {s.ref_chars} | – | – | – |")
            continue
        lines.append(
            f"| {s.name} | {s.kind} | {s.ref_chars} | {s.cer:.2%} | {s.cer_folded:.2%} "
            f"| {s.seconds:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared corpus")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=ROOT / ".data" / "cache",
        help="OCR cache (re-runs do not OCR again); default .data/cache",
    )
    parser.add_argument("--no-cache", action="store_true", help="OCR every scanned page again")
    args = parser.parse_args(argv)
    options = ExtractOptions(cache_dir=None if args.no_cache else args.cache_dir)
    scores = [score(gt, original, options) for gt, original in transcripts(args.corpus)]
    print(table(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
