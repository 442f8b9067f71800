"""PDF with a text layer, read page by page with pdfplumber."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hoso.errors import CorruptFile, NoText
from hoso.records import Extraction, Page
from nlp.normalize import nfc

if TYPE_CHECKING:
    from extractors.registry import ExtractOptions

FORMAT = "pdf"
MIME_TYPES: tuple[str, ...] = ("application/pdf",)
EXTENSIONS: tuple[str, ...] = (".pdf",)


def sniff(head: bytes, path: Path) -> bool:
    # The header may follow a little junk; readers accept it within the first 1024 bytes.
    return b"%PDF-" in head[:1024]


def extract(path: Path, options: ExtractOptions) -> Extraction:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            pages = [
                Page(number=i, text=nfc(page.extract_text() or "").strip())
                for i, page in enumerate(pdf.pages, start=1)
            ]
            title = (pdf.metadata or {}).get("Title")
    except (PdfminerException, PDFSyntaxError) as e:
        raise CorruptFile(f"unreadable PDF: {e}") from e
    if not pages:
        raise CorruptFile("PDF has no pages")
    if not any(p.text for p in pages):
        raise NoText(f"no text layer on any of its {len(pages)} pages: a scan that needs OCR")
    return Extraction(
        format=FORMAT, pages=pages, title=nfc(title) if isinstance(title, str) else None
    )
