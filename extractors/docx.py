"""Word .docx with python-docx: headers, then paragraphs and tables in reading order.

Each run keeps its font (its own `w:rFonts`, else its character style, its paragraph style, the
document defaults), so runs typed in legacy `.VnTime` (TCVN3) or `VNI-Times` (VNI) fonts are
converted to Unicode run by run (`extractors.legacy`).
"""

from __future__ import annotations

import functools
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import CorruptFile, NoText
from core.records import Extraction, Page
from extractors.legacy import Run, convert_lines, font_encoding, join_runs
from nlp.normalize import nfc

if TYPE_CHECKING:
    from extractors.contract import ExtractOptions

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


@functools.cache
def _style_by_id() -> Any:
    from docx.oxml.ns import nsmap
    from lxml import etree

    return etree.XPath("w:style[@w:styleId=$id]", namespaces={"w": nsmap["w"]})


class _Fonts:
    """The font name in effect for a run, resolved through the style sheet once per style that
    a paragraph or run names (a style sheet holds a hundred styles; a document uses a few)."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self._root = document.styles.element
        self._styles: dict[str, tuple[str | None, str | None]] = {}
        defaults = self._root.xpath(
            "w:style[@w:type='paragraph' and (@w:default='1' or @w:default='true')]/@w:styleId"
        )
        # A style sheet that repeats a style (or a default) means its last one, as Word reads it.
        self.default_paragraph_style: str | None = str(defaults[-1]) if defaults else None
        rpr = self._root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default = self._rfonts(rpr)

    def _style(self, style_id: str) -> tuple[str | None, str | None]:
        """(the style it is based on, its own font) of one style, looked up once."""
        if style_id not in self._styles:
            found = _style_by_id()(self._root, id=style_id)
            if not found:
                self._styles[style_id] = (None, None)
            else:
                based_on = found[-1].find(self._qn("w:basedOn"))
                self._styles[style_id] = (
                    based_on.get(self._qn("w:val")) if based_on is not None else None,
                    self._rfonts(found[-1].find(self._qn("w:rPr"))),
                )
        return self._styles[style_id]

    def _rfonts(self, rpr: Any) -> str | None:
        """The font an rPr names; a legacy one wins (Word draws bytes above 0x7F with hAnsi)."""
        if rpr is None:
            return None
        rfonts = rpr.find(self._qn("w:rFonts"))
        if rfonts is None:
            return None
        names = [rfonts.get(self._qn(f"w:{a}")) for a in ("hAnsi", "ascii", "cs", "eastAsia")]
        names = [n for n in names if n]
        return next((n for n in names if font_encoding(n)), names[0] if names else None)

    def style_font(self, style_id: str | None) -> str | None:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            based_on, font = self._style(style_id)
            if font:
                return font
            style_id = based_on
        return None

    def paragraph_font(self, paragraph: Any) -> str | None:
        ppr = paragraph._p.pPr
        style = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        return self.style_font(style or self.default_paragraph_style) or self.default

    def run_font(self, run: Any, paragraph_font: str | None) -> str | None:
        rpr = run._r.rPr
        own = self._rfonts(rpr)
        if own:
            return own
        if rpr is not None and rpr.rStyle is not None and (font := self.style_font(rpr.rStyle.val)):
            return font
        return paragraph_font


def _run_text(run: Any, font: str | None) -> str:
    if not font_encoding(font):
        return str(run.text)
    # In a TCVN3 font the byte 0xAD is the letter ư, but Word stores it as an optional hyphen
    # (<w:softHyphen/>), which python-docx drops: put the byte back before conversion.
    parts: list[str] = []
    for child in run._r:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(child.text or "")
        elif tag in ("tab", "ptab"):
            parts.append("\t")
        elif tag in ("br", "cr"):
            parts.append("\n")
        elif tag == "noBreakHyphen":
            parts.append("-")
        elif tag == "softHyphen":
            parts.append("\xad")
    return "".join(parts)


def _paragraph_runs(paragraph: Any, fonts: _Fonts) -> list[Run]:
    from docx.text.hyperlink import Hyperlink

    paragraph_font = fonts.paragraph_font(paragraph)
    runs: list[Run] = []
    for item in paragraph.iter_inner_content():
        for run in item.runs if isinstance(item, Hyperlink) else [item]:
            font = fonts.run_font(run, paragraph_font)
            runs.append(Run(_run_text(run, font), font))
    return runs


def _block_lines(container: Any, fonts: _Fonts) -> Iterator[list[Run]]:
    """Paragraphs and table rows of a body, header or cell, in document order, as runs."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield _paragraph_runs(block, fonts)
        elif isinstance(block, Table):
            yield from _table_lines(block, fonts)


def _table_lines(table: Any, fonts: _Fonts) -> Iterator[list[Run]]:
    for row in table.rows:
        cells: list[list[Run]] = []
        seen: set[int] = set()
        for cell in row.cells:
            # Merged cells repeat the same cell object across the columns they span.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            lines = [line for line in _block_lines(cell, fonts) if _text(line).strip()]
            cell_runs = join_runs(lines, "\n")
            if cell_runs:
                cells.append(cell_runs)
        if cells:
            yield join_runs(cells, "\t")


def _text(runs: list[Run]) -> str:
    return "".join(run.text for run in runs)


def extract(path: Path, options: ExtractOptions) -> Extraction:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise CorruptFile(f"unreadable DOCX: {e}") from e
    fonts = _Fonts(document)
    lines: list[list[Run]] = []
    for section in document.sections[:1]:
        if not section.header.is_linked_to_previous:
            lines.extend(_block_lines(section.header, fonts))
    lines.extend(_block_lines(document, fonts))
    text = nfc("\n".join(line.rstrip() for line in convert_lines(lines))).strip()
    if not text:
        raise NoText("the document holds no text (only images or empty paragraphs)")
    title = document.core_properties.title or None
    return Extraction(format=FORMAT, pages=[Page(number=1, text=text)], title=title)
