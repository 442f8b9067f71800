"""OpenDocument text (.odt): paragraphs, headings and tables from content.xml, with each span's font.

A span's font comes from its text style, else its paragraph's style, else the parent styles and
the document default (`style:font-name` → a `style:font-face` and its family). That font name
tells `extractors.legacy` which runs are TCVN3 or VNI, as for DOCX.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from core.errors import CorruptFile, NoText
from core.records import Extraction, Page
from extractors.legacy import Run, convert_lines, join_runs
from nlp.normalize import nfc

if TYPE_CHECKING:
    from extractors.contract import ExtractOptions

FORMAT = "odt"
MIME_TYPES: tuple[str, ...] = ("application/vnd.oasis.opendocument.text",)
EXTENSIONS: tuple[str, ...] = (".odt", ".ott")

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


def sniff(head: bytes, path: Path) -> bool:
    # An ODF package starts with an uncompressed "mimetype" member naming its type.
    return (
        head.startswith(b"PK\x03\x04")
        and head[30:38] == b"mimetype"
        and head[38:].startswith(_MIMETYPE)
    )


class _Styles:
    """Font of each named style, following `style:parent-style-name`, with the default."""

    def __init__(self, roots: list[ElementTree.Element]) -> None:
        self.faces: dict[str, str] = {}
        self.parent: dict[str, str] = {}
        self.font: dict[str, str] = {}
        self.default: str | None = None
        for root in roots:
            for face in root.iter(_q("style:font-face")):
                name = face.get(_q("style:name"))
                family = face.get(_q("svg:font-family"), name or "").strip("'\"")
                if name:
                    self.faces[name] = family
            for style in root.iter(_q("style:style")):
                name = style.get(_q("style:name"))
                if not name:
                    continue
                if parent := style.get(_q("style:parent-style-name")):
                    self.parent[name] = parent
                if font := self._own_font(style):
                    self.font[name] = font
            for default in root.iter(_q("style:default-style")):
                if default.get(_q("style:family")) == "paragraph" and (
                    font := self._own_font(default)
                ):
                    self.default = font

    def _own_font(self, style: ElementTree.Element) -> str | None:
        props = style.find(_q("style:text-properties"))
        if props is None:
            return None
        name = props.get(_q("style:font-name"))
        if name:
            return self.faces.get(name, name)
        family = props.get(_q("fo:font-family"))
        return family.strip("'\"") if family else None

    def resolve(self, name: str | None) -> str | None:
        seen: set[str] = set()
        while name and name not in seen:
            seen.add(name)
            if name in self.font:
                return self.font[name]
            name = self.parent.get(name)
        return None


def _runs(element: ElementTree.Element, styles: _Styles, font: str | None) -> Iterator[Run]:
    """The text of a paragraph or span as runs, spans switching the font."""
    if element.text:
        yield Run(element.text, font)
    for child in element:
        tag = child.tag
        if tag == _q("text:span") or tag == _q("text:a"):
            span_font = styles.resolve(child.get(_q("text:style-name"))) or font
            yield from _runs(child, styles, span_font)
        elif tag == _q("text:s"):
            yield Run(" " * int(child.get(_q("text:c"), "1")), font)
        elif tag == _q("text:tab"):
            yield Run("\t", font)
        elif tag == _q("text:line-break"):
            yield Run("\n", font)
        elif tag in (_q("text:note"), _q("office:annotation")):
            pass  # footnotes and comments are not the body's sentence
        else:
            yield from _runs(child, styles, font)
        if child.tail:
            yield Run(child.tail, font)


def _lines(container: ElementTree.Element, styles: _Styles) -> Iterator[list[Run]]:
    for block in container:
        if block.tag in (_q("text:p"), _q("text:h")):
            font = styles.resolve(block.get(_q("text:style-name"))) or styles.default
            yield list(_runs(block, styles, font))
        elif block.tag == _q("table:table"):
            yield from _table_lines(block, styles)
        elif block.tag in (_q("text:list"), _q("text:list-item"), _q("text:section")):
            yield from _lines(block, styles)


def _rows(table: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """The table's own rows, also inside row groups, but not the rows of nested tables."""
    for child in table:
        if child.tag == _q("table:table-row"):
            yield child
        elif child.tag in (
            _q("table:table-header-rows"),
            _q("table:table-rows"),
            _q("table:table-row-group"),
        ):
            yield from _rows(child)


def _table_lines(table: ElementTree.Element, styles: _Styles) -> Iterator[list[Run]]:
    for row in _rows(table):
        cells: list[list[Run]] = []
        for cell in row.findall(_q("table:table-cell")):
            paragraphs = [line for line in _lines(cell, styles) if "".join(r.text for r in line)]
            runs = join_runs(paragraphs, "\n")
            if runs:
                cells.append(runs)
        row_runs = join_runs(cells, "\t")
        if row_runs:
            yield row_runs


def read_lines(path: Path) -> tuple[list[list[Run]], str | None]:
    """The body of an ODT as lines of (text, font) runs, and its title."""
    try:
        with zipfile.ZipFile(path) as package:
            content = ElementTree.fromstring(package.read("content.xml"))
            names = package.namelist()
            style_root = (
                ElementTree.fromstring(package.read("styles.xml"))
                if "styles.xml" in names
                else None
            )
            meta = ElementTree.fromstring(package.read("meta.xml")) if "meta.xml" in names else None
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as e:
        raise CorruptFile(f"unreadable ODT: {e}") from e
    styles = _Styles([root for root in (style_root, content) if root is not None])
    body = content.find(f"{_q('office:body')}/{_q('office:text')}")
    if body is None:
        raise CorruptFile("the ODT has no text body")
    title_element = meta.find(f".//{_q('dc:title')}") if meta is not None else None
    title = title_element.text if title_element is not None else None
    return list(_lines(body, styles)), title


def extract(path: Path, options: ExtractOptions) -> Extraction:
    lines, title = read_lines(path)
    text = nfc("\n".join(line.rstrip() for line in convert_lines(lines))).strip()
    if not text:
        raise NoText("the document holds no text")
    return Extraction(
        format=FORMAT, pages=[Page(number=1, text=text)], title=nfc(title) if title else None
    )
