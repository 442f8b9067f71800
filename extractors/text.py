"""Plain text in any encoding: BOMs, UTF-8, UTF-16, then the decoding that reads as Vietnamese.

charset-normalizer proposes encodings; Windows-1258 is always a candidate because Vietnamese text
in it is often mistaken for Windows-1252. The candidate whose text has the largest share of valid
Vietnamese syllables wins; ties keep charset-normalizer's order.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TYPE_CHECKING

from hoso.errors import NoText
from hoso.records import Extraction, Page
from nlp.normalize import nfc

if TYPE_CHECKING:
    from extractors.registry import ExtractOptions
from nlp.syllables import vietnamese_share

FORMAT = "text"
MIME_TYPES: tuple[str, ...] = ("text/plain", "text/markdown")
EXTENSIONS: tuple[str, ...] = (".txt", ".text", ".md", ".markdown", ".csv")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def _looks_textual(head: bytes) -> bool:
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return True
    if _utf16_without_bom(head):
        return True
    if b"\x00" in head:
        return False
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    return controls <= len(head) * 0.01


def sniff(head: bytes, path: Path) -> bool:
    # Text has no magic number: claim it by extension, and only if the bytes look like text.
    return path.suffix.lower() in EXTENSIONS and bool(head) and _looks_textual(head)


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding; returns (NFC text, encoding name)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return nfc(data.decode(encoding, errors="replace")), encoding
    try:
        return nfc(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if utf16 := _utf16_without_bom(data):
        return nfc(data.decode(utf16, errors="replace")), utf16
    from charset_normalizer import from_bytes

    candidates = [m.encoding for m in from_bytes(data)][:5]
    candidates.append("cp1258")
    best: tuple[float, str, str] | None = None
    for encoding in candidates:
        try:
            text = nfc(data.decode(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
        score = vietnamese_share(text)
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is None:
        return nfc(data.decode("utf-8", errors="replace")), "utf-8 (with replacements)"
    return best[1], best[2]


def extract(path: Path, options: ExtractOptions) -> Extraction:
    text, encoding = decode(path.read_bytes())
    text = text.strip()
    if not text:
        raise NoText("the file is empty or holds only white space")
    return Extraction(
        format=FORMAT, pages=[Page(number=1, text=text)], metadata={"encoding": encoding}
    )
