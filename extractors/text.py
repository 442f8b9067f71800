"""Plain text in any encoding: BOMs, UTF-8, UTF-16, then the decoding that reads as Vietnamese.

charset-normalizer proposes encodings; Windows-1258 is always a candidate because Vietnamese text
in it is often mistaken for Windows-1252. The candidate whose text has the largest share of valid
Vietnamese syllables wins; ties keep charset-normalizer's order. Text typed in a legacy 8-bit
Vietnamese encoding (TCVN3, VNI, VISCII) is converted when its content clearly reads as one
(`extractors.legacy.detect_and_convert`).

Not every file named .txt is text. `binary_share` measures what no text holds: control
characters, private-use, unassigned and surrogate code points, replacement characters, and
"words" that mix letters with symbols and controls (random bytes read in any 8-bit code page are
about 11% C0 controls, and nearly every space-delimited run of them holds a symbol or a
control). A decoding that is mostly that fails with "not a text file (binary content)":
compressed data, random bytes and other binary files read as text otherwise, and their mojibake
would fill the index.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import NoText, UnsupportedFormat
from core.records import Extraction, Page
from nlp.normalize import nfc

if TYPE_CHECKING:
    from extractors.contract import ExtractOptions
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


NOT_TEXT = "not a text file (binary content)"
# What no text holds, as a share of its non-space characters: a file is binary when this is most
# of it. Measured with tests/nottext.py and tests/test_not_text.py: the shared corpus's texts
# score 0-3.5%, a text with three control characters before every word 37%; random and
# compressed data, read with whichever encoding decodes it, 77% and more.
MAX_BINARY_SHARE = 0.5
# Characters sampled from a long text: its start, middle and end are enough to tell.
_SAMPLE_CHARS = 200_000
_ODD_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
_WORD_BREAKERS = frozenset({"Cc", "Cn", "Co", "Cs", "So", "Sk", "Sm"})


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE_CHARS:
        return text
    third = _SAMPLE_CHARS // 3
    middle = len(text) // 2 - third // 2
    return text[:third] + " " + text[middle : middle + third] + " " + text[-third:]


def binary_share(text: str) -> float:
    """The share (0-1) of `text`'s non-space characters that no text holds: odd code points
    (controls other than white space, private-use, unassigned, surrogates, U+FFFD), or letters
    inside space-delimited runs that also hold symbols or odd code points — what a binary file
    decoded as text looks like."""
    tokens = _sample(text).split()
    counted = sum(map(len, tokens))
    # Most text holds no odd code point at all (printable, no U+FFFD): then only its long runs
    # can count, by their symbols, and the short ones need no look.
    joined = "".join(tokens)
    plain = joined.isprintable() and "\ufffd" not in joined
    odd = mixed = 0
    for token in tokens:
        if plain and len(token) <= 12:
            continue
        categories = [unicodedata.category(c) for c in token]
        odd_here = sum(c in _ODD_CATEGORIES for c in categories) + token.count("\ufffd")
        odd += odd_here
        breakers = sum(c in _WORD_BREAKERS for c in categories)
        # A word with a symbol in it is normal ("30°C", "x=1"); a long run made of letters,
        # symbols and controls alike is not.
        if len(token) > 12 and (odd_here or breakers * 8 > len(token)):
            mixed += len(token) - odd_here
    if not counted:
        return 0.0
    return (odd + mixed) / counted


def reads_as_text(text: str) -> bool:
    """True unless `text` is a binary file decoded as text (`binary_share` over the limit)."""
    return binary_share(text) <= MAX_BINARY_SHARE


# The legacy tables are written over Windows-1252; the five bytes it leaves undefined stay C1.
_AS_CP1252 = {
    b: bytes([b]).decode("cp1252")
    for b in range(0x80, 0x100)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def _legacy(data: bytes) -> str | None:
    """`data` converted from TCVN3, VNI or VISCII when its content clearly reads as one."""
    from extractors import legacy

    text = data.decode("latin-1").translate(_AS_CP1252)
    encoding = legacy.detect_encoding(text)
    if encoding not in (legacy.TCVN3, legacy.VNI, legacy.VISCII):
        return None  # Windows-1258 and the others are among the candidates already
    return legacy.convert(text, encoding)


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
    if (legacy := _legacy(data)) is not None:
        best = (vietnamese_share(legacy), legacy, "legacy 8-bit Vietnamese")
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
    if not reads_as_text(text):
        raise UnsupportedFormat(NOT_TEXT)
    return Extraction(
        format=FORMAT, pages=[Page(number=1, text=text)], metadata={"encoding": encoding}
    )
