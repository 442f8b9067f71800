"""Fifty binary files that must never be indexed as text (tests/test_not_text.py).

Random bytes, text compressed with gzip, bz2, xz and zstd, PDFs cut so that only their binary
middle is left, the pixel data of images and the inside of zip packages, each named .txt or
without an extension (where the extension would otherwise let the text extractor claim it).

    .venv/bin/python tests/nottext.py FOLDER

writes them into FOLDER and prints their names.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import io
import lzma
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import zstandard

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TEXT = (SAMPLES / "hnp_2019-12-03_thuong-truc-hdnd.txt").read_bytes()
PDF = (SAMPLES / "01_hanoi_hdnd_NQ11-2025_text.pdf").read_bytes()
DOCX = (SAMPLES / "46_lamdong_ubnd_TBKL-SKHCN-2026_draft.docx").read_bytes()
COUNT = 50


def _random(rng: random.Random, n: int) -> bytes:
    return rng.randbytes(rng.choice([512, 4096, 65_536, 204_800]))


def _text(rng: random.Random) -> bytes:
    """A piece of real council text, of random length and start."""
    start = rng.randrange(len(TEXT) // 2)
    return TEXT[start : start + rng.randrange(2048, len(TEXT))] * rng.randint(1, 4)


def _gzip(rng: random.Random, n: int) -> bytes:
    return gzip.compress(_text(rng), mtime=0)


def _bz2(rng: random.Random, n: int) -> bytes:
    return bz2.compress(_text(rng))


def _xz(rng: random.Random, n: int) -> bytes:
    return lzma.compress(_text(rng))


def _zstd(rng: random.Random, n: int) -> bytes:
    return zstandard.ZstdCompressor(level=rng.randint(1, 19)).compress(_text(rng))


def _pdf_middle(rng: random.Random, n: int) -> bytes:
    """A PDF cut at both ends: no header to recognise it by, compressed streams inside."""
    start = rng.randrange(len(PDF) // 4, len(PDF) // 2)
    return PDF[start : start + rng.randrange(4096, len(PDF) // 3)]


def _zip_middle(rng: random.Random, n: int) -> bytes:
    """A DOCX without its first bytes: deflated XML and the zip directory."""
    return DOCX[rng.randrange(64, 2048) :]


def _image_pixels(rng: random.Random, n: int) -> bytes:
    """The inside of a PNG of a rendered page: its compressed pixel data."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (rng.randint(300, 900), 200), 255)
    ImageDraw.Draw(image).text((10, rng.randint(10, 180)), "Hoi dong nhan dan " * 4, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()[64:]


def _zip_archive(rng: random.Random, n: int) -> bytes:
    """A zip of council text, deflated, with its magic bytes cut off."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("van-ban.txt", _text(rng))
    return buffer.getvalue()[4:]


MAKERS: tuple[Callable[[random.Random, int], bytes], ...] = (
    _random,
    _gzip,
    _bz2,
    _xz,
    _zstd,
    _pdf_middle,
    _zip_middle,
    _image_pixels,
    _zip_archive,
    _random,
)


def generate(folder: Path, seed: int = 19) -> list[Path]:
    """Write the COUNT files into `folder`; every other one has no extension."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    written = []
    for n in range(COUNT):
        maker = MAKERS[n % len(MAKERS)]
        name = f"{n:02d}{maker.__name__}" + (".txt" if n % 2 == 0 else "")
        path = folder / name
        path.write_bytes(maker(rng, n))
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    for path in generate(parser.parse_args().folder):
        print(path.name)


if __name__ == "__main__":
    main()
