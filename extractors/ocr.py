"""OCR of page images with Tesseract's Vietnamese model, one page at a time, cached by image hash.

Scanned pages (and pages whose text layer is garbage) are rendered with pypdfium2 and read by the
`tesseract` command line program with the `vie` model. A result is stored under
`options.cache_dir/ocr/` keyed by the sha256 of the page image and of everything else that decides
the output (language, page segmentation mode, `OCR_VERSION`), so re-running an ingest never OCRs a
page twice. Without Tesseract (or with `options.ocr` off) these functions raise NoText naming the
packages to install: a scan never comes back as an empty document.

A page image from a scanner or a camera (`extractors/image.py`) may lie on its side, upside
down or a little askew. `upright` turns it the way Tesseract's orientation detection (`--psm 0`,
the `osd` model) says, when it is sure, and straightens a skew of up to `MAX_SKEW` degrees found
from the text lines (the angle at which the rows of ink are sharpest). What it decided is cached
like the text, by the hash of the image as it came.
"""

from __future__ import annotations

import functools
import hashlib
import io
import itertools
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import CorruptFile, NoText
from core.records import Page
from nlp.normalize import nfc

if TYPE_CHECKING:
    from extractors.contract import ExtractOptions

LANGUAGE = "vie"
# 300 dpi is what Tesseract is trained for; 200 loses the dot-below and hook marks on small print.
DPI = 300
# Page segmentation mode 3: automatic layout analysis, no orientation detection.
PAGE_SEGMENTATION = "3"
# Bump when rendering or Tesseract options change what a page image reads as: the cache key
# includes it, so results made the old way are not reused.
OCR_VERSION = 1
TIMEOUT_SECONDS = 300
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
OSD_LANGUAGE = "osd"
# Tesseract's orientation confidence below which a page is left as it is: an upright page of the
# corpus scores 15-25, a page of a few words or a photograph under 1.
MIN_ORIENTATION_CONFIDENCE = 2.0
# Skews are searched within ±MAX_SKEW degrees in SKEW_STEP steps and corrected from MIN_SKEW:
# Tesseract itself copes with less.
MAX_SKEW = 5.0
SKEW_STEP = 0.25
MIN_SKEW = 0.5
LAYOUT_VERSION = 1


@dataclass(frozen=True)
class OcrResult:
    """What Tesseract read on one image: text, and the mean confidence (0-100) of its words."""

    text: str
    confidence: float


def tesseract_command() -> str | None:
    """The path of the `tesseract` executable, or None when it is not installed."""
    return shutil.which("tesseract")


def unavailable_reason(options: ExtractOptions) -> str | None:
    """Why OCR cannot run with these options on this machine, or None when it can."""
    if not options.ocr:
        return "OCR is switched off"
    command = tesseract_command()
    if command is None:
        return f"Tesseract is not installed ({INSTALL_HINT})"
    if LANGUAGE not in _languages(command):
        return f"Tesseract has no Vietnamese model ({INSTALL_HINT})"
    return None


@functools.cache
def _languages(command: str) -> frozenset[str]:
    try:
        listed = subprocess.run(
            [command, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.strip() for line in listed.stdout.splitlines()[1:])


def require(options: ExtractOptions, what: str) -> None:
    """Raise NoText ("needs OCR: <what> and <reason>") when OCR cannot run."""
    reason = unavailable_reason(options)
    if reason is not None:
        raise NoText(f"needs OCR: {what} and {reason}")


def render_pdf_page(path: Path, index: int, dpi: int = DPI) -> Any:
    """Page `index` (0-based) of a PDF as a greyscale Pillow image at `dpi`."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as e:
        raise CorruptFile(f"PDF page cannot be rendered: {e}") from e
    try:
        bitmap = pdf[index].render(scale=dpi / 72, grayscale=True)
        return bitmap.to_pil().convert("L")
    finally:
        pdf.close()


def cache_key(image: Any) -> str:
    """sha256 of the page image's pixels plus every setting that changes what OCR returns."""
    digest = hashlib.sha256()
    digest.update(f"ocr-v{OCR_VERSION}|{LANGUAGE}|psm{PAGE_SEGMENTATION}|".encode())
    digest.update(f"{image.mode}|{image.width}x{image.height}|".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def _cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / "ocr" / key[:2] / f"{key}.json"


def ocr_image(image: Any, options: ExtractOptions, number: int = 1) -> Page:
    """OCR one page image into a Page (ocr=True, ocr_confidence set); raises NoText if OCR can't run."""
    image = image.convert("L")
    key = cache_key(image)
    cached = _cache_path(options.cache_dir, key) if options.cache_dir else None
    if cached is not None and cached.is_file():
        try:
            data = json.loads(cached.read_text(encoding="utf-8"))
            result = OcrResult(text=data["text"], confidence=float(data["confidence"]))
            return Page(number=number, text=result.text, ocr=True, ocr_confidence=result.confidence)
        except (ValueError, KeyError, TypeError):
            pass  # a damaged cache entry is simply redone
    require(options, "the page has no usable text layer")
    result = run_tesseract(image)
    if cached is not None:
        _write_json(cached, {"text": result.text, "confidence": result.confidence})
    return Page(number=number, text=result.text, ocr=True, ocr_confidence=result.confidence)


@dataclass(frozen=True)
class Layout:
    """How a page image was set upright: turned `rotate` degrees clockwise (0, 90, 180, 270),
    then `skew` degrees counter-clockwise."""

    rotate: int = 0
    skew: float = 0.0


def upright(image: Any, options: ExtractOptions) -> tuple[Any, Layout]:
    """The page image turned upright and straightened, and what was done (cached by the hash
    of the image as given). Without Tesseract's `osd` model only the skew is corrected."""
    image = image.convert("L")
    digest = hashlib.sha256()
    digest.update(f"layout-v{LAYOUT_VERSION}|{image.width}x{image.height}|".encode())
    digest.update(image.tobytes())
    key = digest.hexdigest()
    cached = _cache_path(options.cache_dir, key) if options.cache_dir else None
    layout: Layout | None = None
    if cached is not None and cached.is_file():
        try:
            data = json.loads(cached.read_text(encoding="utf-8"))
            layout = Layout(rotate=int(data["rotate"]), skew=float(data["skew"]))
        except (ValueError, KeyError, TypeError):
            layout = None
    if layout is None:
        rotate = orientation(image)
        turned = image.rotate(-rotate, expand=True) if rotate else image
        layout = Layout(rotate=rotate, skew=skew_angle(turned))
        if cached is not None:
            _write_json(cached, {"rotate": layout.rotate, "skew": layout.skew})
    if layout.rotate:
        image = image.rotate(-layout.rotate, expand=True)
    if layout.skew:
        from PIL import Image

        image = image.rotate(
            layout.skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255
        )
    return image, layout


def orientation(image: Any) -> int:
    """Degrees (0, 90, 180, 270) to turn the page clockwise, by Tesseract's orientation
    detection; 0 when it is unsure, finds too few letters, or its `osd` model is missing."""
    command = tesseract_command()
    if command is None or OSD_LANGUAGE not in _languages(command):
        return 0
    args = [command, "stdin", "stdout", "--psm", "0", "-l", OSD_LANGUAGE, "--dpi", str(DPI)]
    try:
        done = _tesseract(args, image)
    except subprocess.TimeoutExpired:
        return 0
    return parse_osd(done.stdout.decode("utf-8", "replace")) if done.returncode == 0 else 0


def parse_osd(output: str) -> int:
    """The clockwise turn Tesseract's `--psm 0` output asks for, if it is confident enough."""
    fields = dict(line.split(":", 1) for line in output.splitlines() if ":" in line)
    try:
        rotate = int(fields["Rotate"].strip())
        confidence = float(fields["Orientation confidence"].strip())
    except (KeyError, ValueError):
        return 0
    if confidence < MIN_ORIENTATION_CONFIDENCE or rotate not in (90, 180, 270):
        return 0
    return rotate


def skew_angle(image: Any) -> float:
    """Degrees to turn the page counter-clockwise so its text lines run level: the angle within
    ±MAX_SKEW at which the rows of ink differ most from row to row (lines and the gaps between
    them sharpest); 0 under MIN_SKEW or on a page without lines of text."""
    from PIL import Image

    small = image.convert("L")
    scale = 1000 / max(small.size)
    if scale < 1:
        small = small.resize((round(small.width * scale), round(small.height * scale)))
    ink = small.point(lambda p: 255 if p < 128 else 0)

    def sharpness(angle: float) -> float:
        turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, expand=False, fillcolor=0)
        rows = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
        return float(sum((b - a) ** 2 for a, b in itertools.pairwise(rows)))

    steps = round(MAX_SKEW / SKEW_STEP)
    scores = {i * SKEW_STEP: sharpness(i * SKEW_STEP) for i in range(-steps, steps + 1)}
    best = max(scores, key=lambda a: (scores[a], -abs(a)))
    if abs(best) < MIN_SKEW or scores[best] <= scores[0.0] * 1.05:
        return 0.0
    return best


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    temporary.replace(path)  # atomic: a parallel run never reads half a file


def ocr_pdf_page(path: Path, index: int, options: ExtractOptions) -> Page:
    """Render page `index` (0-based) of a PDF and OCR it."""
    return ocr_image(render_pdf_page(path, index), options, number=index + 1)


def run_tesseract(image: Any) -> OcrResult:
    """Run Tesseract on a Pillow image; text with line breaks, and mean word confidence."""
    command = tesseract_command()
    if command is None:
        raise NoText(f"needs OCR: Tesseract is not installed ({INSTALL_HINT})")
    args = [command, "stdin", "stdout", "-l", LANGUAGE, "--psm", PAGE_SEGMENTATION]
    args += ["--dpi", str(DPI), "tsv"]
    try:
        done = _tesseract(args, image)
    except subprocess.TimeoutExpired as e:
        raise CorruptFile(f"OCR took longer than {TIMEOUT_SECONDS} s on one page") from e
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise CorruptFile(f"Tesseract failed: {' '.join(detail) or done.returncode}")
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def _tesseract(args: list[str], image: Any) -> subprocess.CompletedProcess[bytes]:
    """Run Tesseract with `args` on a Pillow image sent as PNG on its standard input."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(DPI, DPI))
    # One thread per Tesseract: its OpenMP threads fight each other on small machines and are
    # slower than one (measured on the 2-core CI machine), and callers may OCR pages in parallel.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(
        args, input=buffer.getvalue(), capture_output=True, timeout=TIMEOUT_SECONDS, env=env
    )


def parse_tsv(tsv: str) -> OcrResult:
    """Text and mean word confidence from Tesseract's TSV output.

    Words are joined by spaces, lines by newlines, and paragraphs by a blank line; the confidence
    is the mean over recognised words (Tesseract gives -1 to layout rows, which are skipped).
    """
    lines: dict[tuple[int, int, int], list[str]] = {}
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        word = cells[11].strip()
        try:
            confidence = float(cells[10])
        except ValueError:
            continue
        if not word or confidence < 0:
            continue
        key = (int(cells[2]), int(cells[3]), int(cells[4]))
        lines.setdefault(key, []).append(word)
        confidences.append(confidence)
    out: list[str] = []
    previous: tuple[int, int] | None = None
    for block, paragraph, _line in sorted(lines):
        if previous is not None and previous != (block, paragraph):
            out.append("")
        out.append(" ".join(lines[(block, paragraph, _line)]))
        previous = (block, paragraph)
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrResult(text=nfc("\n".join(out)).strip(), confidence=round(mean, 2))
