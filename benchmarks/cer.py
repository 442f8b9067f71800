"""Text fidelity benchmark: character error rate of extraction against hand-checked transcripts.

Usage: .venv/bin/python benchmarks/cer.py [--corpus DIR] [--cache-dir DIR | --no-cache]
                                          [--part files|images|all]

Scores every transcript in <corpus>/ground_truth (the viparse-corpus transcripts of the legacy
TCVN3/VNI files) and in tests/data/ground_truth (our transcripts of short scans, made by reading
OCR output against the rendered page images). CER = Levenshtein distance / reference length,
after collapsing every run of white space to one space: layout (tabs, alignment spaces, line
breaks) is not what this measures. The second CER column also folds case, because the viparse
transcripts keep `.VnTimeH` headings in lower case (viparse cannot recover that case; we do).

The images part (`--part images`) scores the image extractor on the same scans: every page of
each scanned PDF with a transcript is rendered at 300 dpi and saved as the image files an office
scanner or a phone would make — a PNG per page, a JPEG per page (quality 85), a JPEG per page
lying on its side (turned 90°), one multi-page TIFF (LZW), one bilevel multi-page TIFF (CCITT
Group 4, as archive scanners write it) — and the pages' text, in order, is scored against the
transcript. The rendered images are written under `--work` (default a temporary folder).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from core.errors import HosoError  # noqa: E402
from extractors.registry import ExtractOptions, extract  # noqa: E402
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


# How a scanned page is saved: (label, file suffix, one file per page?, Pillow save options,
# degrees the page is turned counter-clockwise, bilevel?).
IMAGE_VARIANTS: tuple[tuple[str, str, bool, dict[str, object], int, bool], ...] = (
    ("PNG, a file per page", ".png", True, {}, 0, False),
    ("JPEG q85, a file per page", ".jpg", True, {"quality": 85}, 0, False),
    ("JPEG q85, turned 90°", ".jpg", True, {"quality": 85}, 90, False),
    ("TIFF LZW, multi-page", ".tif", False, {"compression": "tiff_lzw"}, 0, False),
    ("TIFF G4 1-bit, multi-page", ".tif", False, {"compression": "group4"}, 0, True),
)


def image_files(original: Path, work: Path) -> list[tuple[str, list[Path]]]:
    """The scanned PDF `original` saved as page images, one list of files per variant."""
    import pypdfium2

    from extractors.ocr import DPI, render_pdf_page

    pdf = pypdfium2.PdfDocument(original)
    count = len(pdf)
    pdf.close()
    pages = [render_pdf_page(original, i) for i in range(count)]
    made = []
    for n, (label, suffix, per_page, params, degrees, bilevel) in enumerate(IMAGE_VARIANTS):
        folder = work / original.stem / str(n)
        folder.mkdir(parents=True, exist_ok=True)
        # Copies: Pillow keeps a save's encoder settings on the image, and a JPEG's break a
        # later TIFF save of the same image object.
        images = [p.rotate(degrees, expand=True) if degrees else p.copy() for p in pages]
        if bilevel:
            images = [p.point(lambda v: 255 if v >= 160 else 0).convert("1") for p in images]
        if per_page:
            files = [folder / f"page-{i + 1}{suffix}" for i in range(count)]
            for image, path in zip(images, files, strict=True):
                if not path.is_file():
                    image.save(path, dpi=(DPI, DPI), **params)
        else:
            files = [folder / f"pages{suffix}"]
            if not files[0].is_file():
                images[0].save(
                    files[0], dpi=(DPI, DPI), save_all=True, append_images=images[1:], **params
                )
        made.append((label, files))
    return made


def score_images(gt: Path, label: str, files: list[Path], options: ExtractOptions) -> Score:
    """CER of the text of `files` (pages in order) against the transcript `gt`."""
    reference = squash(gt.read_text(encoding="utf-8"))
    name = f"{gt.name.removesuffix('.gt.txt')} ({len(files)} file{'s' * (len(files) > 1)})"
    started = time.perf_counter()
    try:
        extractions = [extract(path, options) for path in files]
    except HosoError as e:
        return Score(name, label, len(reference), 1.0, 1.0, 0.0, str(e))
    seconds = time.perf_counter() - started
    pages = [page for extraction in extractions for page in extraction.pages]
    hypothesis = squash("\n\n".join(p.text for p in pages))
    confidence = sum(p.ocr_confidence or 0 for p in pages) / max(1, len(pages))
    return Score(
        name=name,
        kind=f"{label}: {len(pages)} pp, confidence {confidence:.0f}",
        ref_chars=len(reference),
        cer=cer(reference, hypothesis),
        cer_folded=cer(reference.casefold(), hypothesis.casefold()),
        seconds=seconds,
    )


def image_scores(corpus: Path, options: ExtractOptions, work: Path) -> list[Score]:
    """Every scanned PDF with a transcript, scored through the image extractor per variant."""
    scores = []
    for gt, original in transcripts(corpus):
        if original.suffix != ".pdf" or "_scan" not in original.stem:
            continue
        for label, files in image_files(original, work):
            scores.append(score_images(gt, label, files, options))
    return scores


def summary(scores: list[Score]) -> str:
    """The CER over all characters of each variant (the mean weighted by reference length)."""
    by_kind: dict[str, list[Score]] = {}
    for s in scores:
        by_kind.setdefault(s.kind.split(":")[0], []).append(s)
    lines = ["| image files | documents | reference chars | CER | CER (case-folded) |"]
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for label, group in by_kind.items():
        chars = sum(s.ref_chars for s in group)
        weighted = sum(s.cer * s.ref_chars for s in group) / chars
        folded = sum(s.cer_folded * s.ref_chars for s in group) / chars
        lines.append(f"| {label} | {len(group)} | {chars} | {weighted:.2%} | {folded:.2%} |")
    return "\n".join(lines)


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
    parser.add_argument(
        "--part",
        choices=["files", "images", "all"],
        default="all",
        help="the corpus files as they are, their scans as page images, or both (default)",
    )
    parser.add_argument("--work", type=Path, help="where the page images are written")
    args = parser.parse_args(argv)
    options = ExtractOptions(cache_dir=None if args.no_cache else args.cache_dir)
    if args.part in ("files", "all"):
        scores = [score(gt, original, options) for gt, original in transcripts(args.corpus)]
        print(table(scores))
    if args.part in ("images", "all"):
        with tempfile.TemporaryDirectory(prefix="hoso-cer-") as temporary:
            images = image_scores(args.corpus, options, args.work or Path(temporary))
        print()
        print(table(images))
        print()
        print(summary(images))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
