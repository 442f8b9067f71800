"""HTML pages: the main content only, with trafilatura (navigation, lists of related articles,
comment forms and footers removed)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import NoText, UnsupportedFormat
from core.records import Extraction, Page
from extractors.text import NOT_TEXT, reads_as_text
from nlp.normalize import nfc

if TYPE_CHECKING:
    from extractors.contract import ExtractOptions

FORMAT = "html"
MIME_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml")
EXTENSIONS: tuple[str, ...] = (".html", ".htm", ".xhtml")

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)


def sniff(head: bytes, path: Path) -> bool:
    return bool(_HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")))


def extract(path: Path, options: ExtractOptions) -> Extraction:
    import trafilatura
    from trafilatura.settings import Document

    data = path.read_bytes()
    doc = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        # The page's own date markup (meta tags, <time>, URL) only: htmldate's extensive search
        # parses every date-like string of the page with dateparser (60 ms a page, seconds of
        # warm-up per process), and the dates in the text are the facts' job (nlp/dates.py).
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = nfc(doc.text or "").strip() if isinstance(doc, Document) else ""
    if not isinstance(doc, Document) or not text:
        raise NoText("no main content found in the HTML page")
    if not reads_as_text(text):  # an <html> tag in front of binary data
        raise UnsupportedFormat(NOT_TEXT)
    metadata = {
        key: nfc(str(value))
        for key in ("date", "author", "sitename", "url")
        if (value := getattr(doc, key, None))
    }
    title = nfc(doc.title) if doc.title else None
    return Extraction(
        format=FORMAT, pages=[Page(number=1, text=text)], title=title, metadata=metadata
    )
