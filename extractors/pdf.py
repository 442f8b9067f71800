"""PDF, page by page: the text layer (legacy fonts converted), and OCR where the layer is missing or broken.

An ordinary Unicode PDF costs one `extract_text` per page. Only a page that shows a problem gets
more work:

- text in a legacy font (`.VnTime` = TCVN3, `VNI-Times` = VNI; corpus files 41 and 42), or with
  characters plain Unicode text would not hold, is rebuilt run by run from pdfplumber's text map,
  each run converted by its font (`nlp.legacy`);
- a page with no usable text layer (a scan) or a broken one is rendered and OCR'd
  (`extractors.ocr`); a mixed PDF OCRs only those pages.

A text layer counts as **broken** (`broken_layer`) when, after any legacy conversion, it has
unmapped glyphs ("(cid:106)"), letters outside the Vietnamese alphabet (ToUnicode mismaps:
"nƣớc", "PHÖ" in corpus files 11 and 20), or a `vietnamese_share` below 0.8. Calibration on the
corpus (BENCHMARKS.md, "Text fidelity"): clean Unicode pages score 0.85-1.0 and never hold an
alien letter or a cid; the cid-broken pages of file 03 score 0.59-0.77; unconverted TCVN3 pages
0.27-0.38. The mismapped pages of 11 and 20 still score 0.93-0.99 (a few words per page are
wrong), which is why the alien-letter test exists beside the share.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hoso.errors import CorruptFile, NoText
from hoso.records import Extraction, Page
from nlp.legacy import Run, convert_lines, font_encoding, needs_conversion
from nlp.normalize import nfc
from nlp.syllables import vietnamese_share

if TYPE_CHECKING:
    from extractors.registry import ExtractOptions

FORMAT = "pdf"
MIME_TYPES: tuple[str, ...] = ("application/pdf",)
EXTENSIONS: tuple[str, ...] = (".pdf",)

# Below this share of valid syllables a text layer is not Vietnamese text (see module docstring).
BROKEN_SHARE = 0.8
# The share is only meaningful over enough words; short pages (a signature page) are not judged.
MIN_JUDGED_WORDS = 30
# A page with fewer letters than this and a picture on it is a scan (a stamp or a page number
# may still be in the text layer).
MIN_TEXT_LETTERS = 50

_VIETNAMESE_LETTERS = frozenset(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
)
_CID = re.compile(r"\(cid:\d+\)")
_WORD = re.compile(r"[^\W\d_]+")


def sniff(head: bytes, path: Path) -> bool:
    # The header may follow a little junk; readers accept it within the first 1024 bytes.
    return b"%PDF-" in head[:1024]


def broken_layer(text: str) -> str | None:
    """Why a page's (already converted) text layer cannot be trusted, or None if it can."""
    if _CID.search(text):
        return "unmapped glyphs (cid)"
    words = _WORD.findall(text)
    alien = [w for w in words if any(c.lower() not in _VIETNAMESE_LETTERS for c in w)]
    if alien:
        return f"letters outside the Vietnamese alphabet ({', '.join(alien[:3])})"
    if len(words) >= MIN_JUDGED_WORDS and (share := vietnamese_share(text)) < BROKEN_SHARE:
        return f"only {share:.0%} of its words are Vietnamese syllables"
    return None


def _page_runs(page: Any) -> list[list[Run]]:
    """The page's text as lines of (text, font) runs, in pdfplumber's reading order."""
    lines: list[list[Run]] = []
    current: list[Run] = []
    font: str | None = None
    buffer: list[str] = []
    for char_text, char in page.get_textmap().tuples:
        if char_text == "\n":
            if buffer:
                current.append(Run("".join(buffer), font))
                buffer = []
            lines.append(current)
            current = []
            continue
        char_font = char.get("fontname") if char else font  # layout spaces join their run
        if char_font != font and buffer:
            current.append(Run("".join(buffer), font))
            buffer = []
        font = char_font
        buffer.append(char_text)
    if buffer:
        current.append(Run("".join(buffer), font))
    lines.append(current)
    return lines


def _layer_text(page: Any) -> str:
    """The text layer of one page, legacy fonts and legacy-looking text converted."""
    text = page.extract_text() or ""
    fonts = {c.get("fontname") for c in page.chars}
    if not any(font_encoding(f) for f in fonts) and not needs_conversion(text):
        return nfc(text).strip()
    return nfc("\n".join(convert_lines(_page_runs(page)))).strip()


def extract(path: Path, options: ExtractOptions) -> Extraction:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    pages: list[Page] = []
    to_ocr: dict[int, str] = {}  # page index → why its text layer is not used
    try:
        with pdfplumber.open(path) as pdf:
            for index, page in enumerate(pdf.pages):
                text = _layer_text(page)
                letters = sum(c.isalpha() for c in text)
                if letters < MIN_TEXT_LETTERS and page.images:
                    to_ocr[index] = "no text layer"
                elif reason := broken_layer(text):
                    to_ocr[index] = f"broken text layer: {reason}"
                pages.append(Page(number=index + 1, text=text))
            title = (pdf.metadata or {}).get("Title")
    except (PdfminerException, PDFSyntaxError) as e:
        raise CorruptFile(f"unreadable PDF: {e}") from e
    if not pages:
        raise CorruptFile("PDF has no pages")
    if not to_ocr and not any(p.text for p in pages):
        # No text and no picture objects pdfplumber can see (inline or vector-drawn scans):
        # reading the rendered pages is the only way left.
        to_ocr = dict.fromkeys(range(len(pages)), "no text layer")
    metadata: dict[str, str] = {}
    if to_ocr:
        pages, metadata = _ocr_pages(path, pages, to_ocr, options)
    if not any(p.text for p in pages):
        raise NoText(f"no text on any of its {len(pages)} pages, not even by OCR")
    return Extraction(
        format=FORMAT,
        pages=pages,
        title=nfc(title) if isinstance(title, str) else None,
        metadata=metadata,
    )


def _ocr_pages(
    path: Path, pages: list[Page], to_ocr: dict[int, str], options: ExtractOptions
) -> tuple[list[Page], dict[str, str]]:
    """Replace the pages in `to_ocr` by their OCR; without OCR keep the layer's text if any."""
    from extractors import ocr

    unavailable = ocr.unavailable_reason(options)
    numbers = ", ".join(str(i + 1) for i in sorted(to_ocr))
    if unavailable is None:
        for index in sorted(to_ocr):
            pages[index] = ocr.ocr_pdf_page(path, index, options)
        return pages, {"ocr_pages": numbers}
    scans = [i for i, why in to_ocr.items() if why == "no text layer"]
    has_text = any(p.text for i, p in enumerate(pages) if i not in scans)
    if not has_text:
        what = (
            "no text layer"
            if len(scans) == len(to_ocr)
            else "no usable text layer (" + "; ".join(sorted(set(to_ocr.values()))) + ")"
        )
        raise NoText(f"needs OCR: {what} and {unavailable}")
    # Some text is better than none: the broken or missing pages are named in the metadata.
    return pages, {"ocr_skipped": f"pages {numbers}: {unavailable}"}
