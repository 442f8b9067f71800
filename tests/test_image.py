"""Page images: real pages of a corpus scan saved as PNG, JPEG, TIFF and a two-page TIFF, read by
real Tesseract; pages on their side, upside down and askew; a photograph without text; pixel
bombs and damaged images.

The page images are rendered from corpus file 34 (a two-page scan with a transcript) at 300 dpi.
Lossless copies (PNG, TIFF, turned by 90° steps) have the pixels the PDF page renders to, so the
module's shared OCR cache reads each page once; about 40 s of Tesseract in all.
"""

from __future__ import annotations

import io
import random
import re
import time
from pathlib import Path
from typing import Any

import pytest
from badinput import png_declaring
from PIL import Image, ImageDraw, ImageFilter

from core.errors import CorruptFile, NoText
from core.records import FileStatus
from extractors import ExtractOptions, choose, extract, ocr
from extractors import image as image_extractor
from index.base import Index
from ingest.pipeline import ingest

SCAN = "34_daknong_hdnd_TTr04-2019_scan.pdf"
PAGE_ONE = ["Kính gửi: Hội đồng nhân dân tỉnh", "Độc lập - Tự do - Hạnh phúc", "TỜ TRÌNH"]
PAGE_TWO = ["NGHỊ QUYẾT"]


@pytest.fixture(scope="module", autouse=True)
def tesseract() -> None:
    """OCR tests fail, never skip, without Tesseract: `make test` installs it."""
    if reason := ocr.unavailable_reason(ExtractOptions()):
        pytest.fail(f"image tests need Tesseract with the Vietnamese model: {reason}")


@pytest.fixture(scope="module")
def options(tmp_path_factory: pytest.TempPathFactory) -> ExtractOptions:
    return ExtractOptions(cache_dir=tmp_path_factory.mktemp("ocr-cache"))


@pytest.fixture(scope="module")
def pages(corpus_dir: Path) -> list[Any]:
    return [ocr.render_pdf_page(corpus_dir / SCAN, i) for i in range(2)]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def save(image: Any, path: Path, **params: Any) -> Path:
    image.save(path, dpi=(300, 300), **params)
    return path


def photograph(width: int = 1600, height: int = 1200, seed: int = 7) -> Any:
    """A picture without writing: a sky gradient, hills, blurred blobs and sensor noise."""
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(40, 300)
        colour = tuple(rng.randrange(40, 220) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    draw.polygon([(0, height), (width // 3, height // 2), (width, height)], fill=(60, 110, 50))
    image = image.filter(ImageFilter.GaussianBlur(6))
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    return Image.blend(image, noise, 0.15)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("suffix", "params"), [(".png", {}), (".tif", {}), (".jpg", {"quality": 85})]
)
def test_a_page_image_is_read_like_a_scanned_page(
    pages: list[Any], tmp_path: Path, options: ExtractOptions, suffix: str, params: dict[str, Any]
) -> None:
    path = save(pages[0], tmp_path / f"page{suffix}", **params)
    assert choose(path) is image_extractor
    result = extract(path, options)
    assert result.format == "image"
    assert [p.ocr for p in result.pages] == [True]
    assert result.pages[0].ocr_confidence is not None and result.pages[0].ocr_confidence > 70
    text = squash(result.text)
    for phrase in PAGE_ONE:
        assert phrase in text, phrase
    assert "note" not in result.metadata


@pytest.mark.slow
def test_every_page_of_a_multi_page_tiff_is_read_and_never_twice(
    pages: list[Any], tmp_path: Path, options: ExtractOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "scan.tiff"
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="tiff_lzw")
    result = extract(path, options)
    assert [p.number for p in result.pages] == [1, 2]
    assert all(p.ocr and (p.ocr_confidence or 0) > 70 for p in result.pages)
    for phrase in PAGE_ONE:
        assert phrase in squash(result.pages[0].text), phrase
    for phrase in PAGE_TWO:
        assert phrase in squash(result.pages[1].text), phrase

    calls = []
    monkeypatch.setattr(ocr, "run_tesseract", lambda image: calls.append(image))
    monkeypatch.setattr(ocr, "orientation", lambda image: calls.append(image) or 0)
    again = extract(path, options)
    assert calls == []  # orientation and text both came from the cache
    assert [p.text for p in again.pages] == [p.text for p in result.pages]


@pytest.mark.slow
@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_page_on_its_side_or_upside_down_is_turned_upright(
    pages: list[Any], tmp_path: Path, options: ExtractOptions, degrees: int
) -> None:
    path = save(pages[0].rotate(degrees, expand=True), tmp_path / f"turned{degrees}.png")
    result = extract(path, options)
    # Turned counter-clockwise by `degrees` (Pillow), so turned back clockwise by as many.
    assert result.metadata["turned_pages"] == f"1: {degrees}°, skew +0.00°"
    text = squash(result.text)
    for phrase in PAGE_ONE:
        assert phrase in text, phrase


@pytest.mark.slow
def test_a_skewed_page_is_straightened(
    pages: list[Any], tmp_path: Path, options: ExtractOptions
) -> None:
    skewed = pages[0].rotate(3, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    result = extract(save(skewed, tmp_path / "skewed.png"), options)
    assert result.metadata["turned_pages"] == "1: 0°, skew -3.00°"
    text = squash(result.text)
    for phrase in PAGE_ONE:
        assert phrase in text, phrase


def test_skew_is_measured_from_the_text_lines(pages: list[Any]) -> None:
    assert ocr.skew_angle(pages[0]) == 0.0
    for angle in (-2.0, 1.5, 4.0):
        turned = pages[0].rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        assert abs(ocr.skew_angle(turned) + angle) <= ocr.SKEW_STEP, angle


def test_osd_output_is_trusted_only_when_confident() -> None:
    sure = "Page number: 0\nOrientation in degrees: 270\nRotate: 90\nOrientation confidence: 18.2\n"
    assert ocr.parse_osd(sure) == 90
    assert ocr.parse_osd(sure.replace("18.2", "0.4")) == 0
    assert ocr.parse_osd("Too few characters. Skipping this page\n") == 0


@pytest.mark.slow
def test_a_photograph_without_text_is_indexed_with_a_note(
    index: Index, tmp_path: Path, options: ExtractOptions
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    save(photograph(), inbox / "hien-truong.jpg", quality=90)
    summary = ingest(index, [inbox], options)
    assert summary.indexed == 1 and summary.failed == 0
    entry = index.get_file(str(inbox / "hien-truong.jpg"))
    assert entry is not None and entry.status == FileStatus.INDEXED and entry.doc_id
    document = index.get_document(entry.doc_id)
    assert document is not None
    assert document.text == ""
    assert document.metadata["note"] == image_extractor.NO_TEXT_NOTE
    assert document.format == "image" and document.pages[0].ocr


def test_a_pixel_bomb_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_declaring(20_000, 20_000, rows=2_000))  # 400 MB of pixels in ~40 KB
    assert bomb.stat().st_size < 200_000
    started = time.monotonic()
    with pytest.raises(CorruptFile) as error:
        extract(bomb, ExtractOptions(ocr=False))
    assert time.monotonic() - started < 2
    assert str(error.value) == (
        "refused: PNG page 1 is 20,000 × 20,000 pixels, over the 150 million pixel limit "
        "(a decompression bomb?)"
    )


def test_a_damaged_image_fails_with_its_format_named(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    photograph(400, 300).save(buffer, format="PNG")
    cut = tmp_path / "cut.png"
    cut.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(CorruptFile, match=r"^unreadable PNG image: "):
        extract(cut, ExtractOptions())
    junk = tmp_path / "junk.tif"
    junk.write_bytes(b"II*\x00" + bytes(range(256)) * 4)
    with pytest.raises(CorruptFile, match=r"^unreadable TIFF image: "):
        extract(junk, ExtractOptions())


def test_without_ocr_an_image_names_what_it_needs(pages: list[Any], tmp_path: Path) -> None:
    path = save(pages[1], tmp_path / "page.png")
    with pytest.raises(
        NoText, match="needs OCR: a PNG image is read by OCR and OCR is switched off"
    ):
        extract(path, ExtractOptions(ocr=False))


@pytest.mark.parametrize(
    ("head", "found"),
    [
        (b"II*\x00\x08\x00", "TIFF"),
        (b"MM\x00*\x00\x00", "TIFF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"GIF89a\x01\x00", "GIF"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "WebP"),
        (b"BM" + bytes(12) + b"\x28" + bytes(3), "BMP"),
        (b"BMW the car maker, a text file", None),
        (b"%PDF-1.7", None),
    ],
)
def test_images_are_recognised_by_their_magic_bytes(head: bytes, found: str | None) -> None:
    assert image_extractor.kind(head) == found
