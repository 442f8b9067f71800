"""Word .docx with python-docx: headers, then paragraphs and tables in reading order."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hoso.errors import CorruptFile, NoText
from hoso.records import Extraction, Page
from nlp.normalize import nfc

if TYPE_CHECKING:
    from extractors.registry import ExtractOptions

FORMAT = "docx"
MIME_TYPES: tuple[str, ...] = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
EXTENSIONS: tuple[str, ...] = (".docx",)


def sniff(head: bytes, path: Path) -> bool:
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(path) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        # A broken zip named .docx is still ours to report as corrupt.
        return path.suffix.lower() in EXTENSIONS


def _block_lines(container: Any) -> Iterator[str]:
    """Paragraph texts and table rows of a body, header or cell, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            yield from _table_lines(block)


def _table_lines(table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # Merged cells repeat the same cell object across the columns they span.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = "\n".join(line for line in _block_lines(cell) if line.strip())
            if text:
                cells.append(text)
        if cells:
            yield "\t".join(cells)


def extract(path: Path, options: ExtractOptions) -> Extraction:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise CorruptFile(f"unreadable DOCX: {e}") from e
    lines: list[str] = []
    for section in document.sections[:1]:
        if not section.header.is_linked_to_previous:
            lines.extend(_block_lines(section.header))
    lines.extend(_block_lines(document))
    text = nfc("\n".join(line.rstrip() for line in lines)).strip()
    if not text:
        raise NoText("the document holds no text (only images or empty paragraphs)")
    title = document.core_properties.title or None
    return Extraction(format=FORMAT, pages=[Page(number=1, text=text)], title=title)
