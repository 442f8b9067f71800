"""Page images from scanners and cameras: TIFF (every page), JPEG, PNG, BMP, GIF and WebP, by OCR.

Each page (each frame of a multi-page TIFF) is turned upright where the camera's EXIF says so or
Tesseract's orientation detection is sure, straightened when askew (`ocr.upright`), and read by
the same OCR as a scanned PDF page: the same page cache, the same per-page confidence.

Pixels are what an image costs: a 40 KB PNG can declare 100,000 × 100,000 pixels and need 10 GB
once decoded. The size every page declares is checked against `MAX_PIXELS` before any pixel is
decoded (Pillow's own guard, `Image.MAX_IMAGE_PIXELS`, set to the same limit, backs it up), so
such a file fails with "refused: …" and never reaches the worker's memory cap.

A photograph with no writing on it is a document all the same: it is indexed with empty text and
a note in its metadata saying that OCR found no text, not failed. What Tesseract reads on such a
picture is a handful of letters at a low confidence (`looks_like_noise`), which is dropped.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import CorruptFile
from core.records import Extraction, Page

if TYPE_CHECKING:
    from extractors.contract import ExtractOptions

FORMAT = "image"
MIME_TYPES: tuple[str, ...] = (
    "image/tiff",
    "image/jpeg",
    "image/png",
    "image/bmp",
    "image/gif",
    "image/webp",
)
EXTENSIONS: tuple[str, ...] = (
    ".tif",
    ".tiff",
    ".jpg",
    ".jpeg",
    ".jpe",
    ".png",
    ".bmp",
    ".gif",
    ".webp",
)

# The largest page accepted: an A0 sheet scanned at 300 dpi is 140 million pixels; a page of
# text at 600 dpi (A3) 70 million. Decoded as greyscale a page costs one byte a pixel, twice
# while it is turned and straightened.
MAX_PIXELS = 150_000_000
# More pages than any real multi-page TIFF: a file declaring more is refused.
MAX_PAGES = 3000
# Under this many letters read at under this confidence, a page's OCR is noise (a photograph).
NOISE_LETTERS = 40
NOISE_CONFIDENCE = 50.0
NO_TEXT_NOTE = "OCR found no text on the image (a photograph or a drawing?)"

# Magic bytes → the name the file's failures use.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)


def kind(head: bytes) -> str | None:
    """The image format the first bytes announce ("TIFF", "JPEG", …), or None."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    # "BM" alone is too weak: the size of the BMP info header that follows must be one of the
    # known ones (12, 40, 52, 56, 64, 108, 124).
    if head[:2] == b"BM" and len(head) >= 18 and head[14] in (12, 40, 52, 56, 64, 108, 124):
        return "BMP"
    return None


def sniff(head: bytes, path: Path) -> bool:
    return kind(head) is not None


def looks_like_noise(page: Page) -> bool:
    """True for OCR output that is no text: a few letters read at a low confidence."""
    letters = sum(c.isalpha() for c in page.text)
    return letters < NOISE_LETTERS and (page.ocr_confidence or 0.0) < NOISE_CONFIDENCE


def extract(path: Path, options: ExtractOptions) -> Extraction:
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    from extractors import ocr

    with path.open("rb") as f:
        name = kind(f.read(16)) or "image"
    pages: list[Page] = []
    turned: list[str] = []
    try:
        with warnings.catch_warnings():
            # Pillow warns of damage it reads past ("Corrupt EXIF data"): what it cannot read
            # past raises, and becomes the file's reason below.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Opening reads the header only; `_check_pixels` then measures every page against
            # MAX_PIXELS and names the file's size in its reason. Pillow's guard stays at the
            # same limit for whatever decodes afterwards.
            Image.MAX_IMAGE_PIXELS = None
            try:
                image = Image.open(path)
            finally:
                Image.MAX_IMAGE_PIXELS = MAX_PIXELS
            with image:
                # Every page's declared size first: nothing is decoded before all pass.
                count = getattr(image, "n_frames", 1)
                if count > MAX_PAGES:
                    raise CorruptFile(
                        f"refused: {name} image declares {count:,} pages, over the "
                        f"{MAX_PAGES:,} page limit"
                    )
                for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                    _check_pixels(frame, name, number)
                if ocr.unavailable_reason(options) is not None:
                    # Say what is wrong with a damaged image before saying OCR is missing.
                    for frame in ImageSequence.Iterator(image):
                        frame.load()
                    ocr.require(options, f"a {name} image is read by OCR")
                for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                    page_image = _greyscale(ImageOps.exif_transpose(frame))
                    page_image, layout = ocr.upright(page_image, options)
                    if layout.rotate or layout.skew:
                        turned.append(f"{number}: {layout.rotate}°, skew {layout.skew:+.2f}°")
                    page = ocr.ocr_image(page_image, options, number=number)
                    if looks_like_noise(page):
                        page.text = ""
                    pages.append(page)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise CorruptFile(f"refused: {name} image: {e} (a decompression bomb?)") from e
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as e:
        # Pillow names the file by its full path; the reason is recorded on the file already.
        reason = str(e).replace(f"'{path}'", "").replace(str(path), "the file").strip()
        raise CorruptFile(f"unreadable {name} image: {reason}") from e
    metadata = {"image_format": name, "ocr_pages": ", ".join(str(p.number) for p in pages)}
    if turned:
        metadata["turned_pages"] = "; ".join(turned)
    if not any(p.text for p in pages):
        metadata["note"] = NO_TEXT_NOTE
    return Extraction(format=FORMAT, pages=pages, metadata=metadata)


def _check_pixels(frame: Any, name: str, number: int) -> None:
    width, height = frame.size
    if width * height > MAX_PIXELS:
        raise CorruptFile(
            f"refused: {name} page {number} is {width:,} × {height:,} pixels, over the "
            f"{MAX_PIXELS // 1_000_000} million pixel limit (a decompression bomb?)"
        )


def _greyscale(image: Any) -> Any:
    """The page as 8-bit greyscale; transparency is laid on white (a PNG of black text on a
    transparent background is black on black otherwise)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        from PIL import Image

        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("L")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        return image.point(lambda value: value / 256).convert("L")
    return image.convert("L")
