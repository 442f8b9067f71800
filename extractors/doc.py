"""Word 97-2003 .doc (OLE2 binary): text read run by run with each run's font, legacy fonts converted.

The binary is read directly ([MS-DOC]) rather than through a converter: the piece table gives the
text, the character-property pages (CHPX) and the style sheet give each run's font, and the font
table gives its name. That font name is what tells a `.VnTime` (TCVN3) run from a `VNI-Times`
(VNI) run in the same file, so the conversion in `extractors.legacy` can work run by run. A document that
holds no text but an embedded picture (a scan pasted into Word) is OCR'd like a scanned page.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import CorruptFile, NoText
from core.records import Extraction, Page
from extractors.legacy import Run, convert_lines
from nlp.normalize import nfc

if TYPE_CHECKING:
    from extractors.contract import ExtractOptions

FORMAT = "doc"
MIME_TYPES: tuple[str, ...] = ("application/msword",)
EXTENSIONS: tuple[str, ...] = (".doc", ".dot")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_IDENT = 0xA5EC
_PAGE = 512

# Indices into FibRgFcLcb97 (pairs of fc, lcb) — [MS-DOC] 2.5.6.
_FC_STSHF = 1
_FC_PLCF_BTE_CHPX = 12
_FC_PLCF_BTE_PAPX = 13
_FC_STTBF_FFN = 15
_FC_CLX = 33

# Sprms that carry what we need. Font: the three "rgFtc" slots (ASCII, East Asian, other);
# Word draws characters above 0x7F with the ASCII font in every legacy document seen so far.
_SPRM_C_RG_FTC0 = 0x4A4F
_SPRM_C_RG_FTC2 = 0x4A51
_SPRM_C_FTC_LEGACY = 0x4A3D  # sprmCFtc of Word 6, still written by some converters
_SPRM_C_ISTD = 0x4A30
_SPRM_P_F_TTP = 0x2417  # paragraph is a table-row end mark
_SPRM_P_F_INNER_TTP = 0x244B

_CELL_MARK = "\x07"
_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
# Control characters inside the text stream: what a reader sees in their place.
_SPECIAL = {
    "\x0b": "\n",  # manual line break
    "\x1e": "-",  # non-breaking hyphen
    "\x1f": "",  # optional hyphen
    "\xa0": " ",
    "\x01": "",  # picture anchor
    "\x08": "",  # drawn object anchor
    "\x02": "",  # footnote reference
    "\x05": "",  # annotation reference
    "\x0e": "\n",  # column break
}
# Smallest embedded picture worth OCR: logos and signatures are smaller than a page scan.
_MIN_SCAN_PIXELS = 400 * 400


def sniff(head: bytes, path: Path) -> bool:
    if not head.startswith(_OLE_MAGIC):
        return False
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            return bool(ole.exists("WordDocument"))
    except Exception:  # olefile raises OSError, ValueError or struct errors on damaged files
        # Not a Word document we can open: the registry names it as an unreadable OLE2 file.
        return False


@dataclass(frozen=True)
class _Span:
    """A range of file offsets (FC) with one set of properties."""

    start: int
    end: int
    value: Any


@dataclass(frozen=True)
class _Style:
    base: int
    font: int | None


class _WordBinary:
    """The parts of a Word 97 binary file needed to read its text with each run's font."""

    def __init__(self, word: bytes, table: bytes) -> None:
        self.word = word
        self.table = table
        if len(word) < 0x200 or struct.unpack_from("<H", word, 0)[0] != _WORD_IDENT:
            raise CorruptFile("not a Word 97-2003 document (bad FIB)")
        flags = struct.unpack_from("<H", word, 0x0A)[0]
        if flags & 0x0100:
            raise CorruptFile("the .doc is encrypted (password protected)")
        csw = struct.unpack_from("<H", word, 32)[0]
        pos = 34 + csw * 2
        cslw = struct.unpack_from("<H", word, pos)[0]
        self.rglw = struct.unpack_from(f"<{cslw}i", word, pos + 2)
        pos += 2 + cslw * 4
        cb = struct.unpack_from("<H", word, pos)[0]
        self.fclcb = struct.unpack_from(f"<{cb * 2}I", word, pos + 2)

    def blob(self, index: int) -> bytes:
        fc, lcb = self.fclcb[2 * index], self.fclcb[2 * index + 1]
        return self.table[fc : fc + lcb] if lcb else b""

    @property
    def ccp_text(self) -> int:
        return self.rglw[3]

    def font_names(self) -> list[str]:
        data = self.blob(_FC_STTBF_FFN)
        if len(data) < 4:
            return []
        count = struct.unpack_from("<H", data, 0)[0]
        names: list[str] = []
        pos = 4
        for _ in range(count):
            if pos >= len(data):
                break
            size = data[pos]
            ffn = data[pos + 1 : pos + 1 + size]
            pos += 1 + size
            # FFN: flags, weight, charset, alt-name index, PANOSE, FONTSIGNATURE, then the name.
            name = ffn[39:].decode("utf-16-le", errors="replace").split("\x00")[0]
            names.append(name)
        return names

    def styles(self) -> tuple[dict[int, _Style], int | None]:
        """Styles by index (base style and own font), and the document's default font."""
        data = self.blob(_FC_STSHF)
        if len(data) < 20:
            return {}, None
        cb_stshi = struct.unpack_from("<H", data, 0)[0]
        cstd, cb_base = struct.unpack_from("<HH", data, 2)
        default_font = struct.unpack_from("<H", data, 14)[0] if cb_stshi >= 14 else None
        styles: dict[int, _Style] = {}
        pos = 2 + cb_stshi
        for istd in range(cstd):
            if pos + 2 > len(data):
                break
            cb_std = struct.unpack_from("<H", data, pos)[0]
            std = data[pos + 2 : pos + 2 + cb_std]
            pos += 2 + cb_std
            if cb_std < 10:
                continue
            kind = struct.unpack_from("<H", std, 2)[0] & 0x000F
            base = struct.unpack_from("<H", std, 2)[0] >> 4
            cupx = struct.unpack_from("<H", std, 4)[0] & 0x000F
            at = cb_base
            name_len = struct.unpack_from("<H", std, at)[0] if at + 2 <= len(std) else 0
            at += 2 + (name_len + 1) * 2
            font: int | None = None
            for upx in range(cupx):
                if at % 2:
                    at += 1
                if at + 2 > len(std):
                    break
                cb_upx = struct.unpack_from("<H", std, at)[0]
                body = std[at + 2 : at + 2 + cb_upx]
                at += 2 + cb_upx
                # Paragraph styles hold (paragraph UPX, character UPX); character styles one.
                is_chpx = (kind == 1 and upx == 1) or (kind == 2 and upx == 0)
                if is_chpx:
                    font = _font_sprm(_sprms(body)) if body else None
            styles[istd] = _Style(base=base, font=font)
        return styles, default_font

    def bte_spans(self, index: int, paragraphs: bool) -> list[_Span]:
        """The property runs of one FKP table: CHPX (character) or PAPX (paragraph) spans."""
        data = self.blob(index)
        if len(data) < 8:
            return []
        n = (len(data) - 4) // 8
        pages = struct.unpack_from(f"<{n}I", data, (n + 1) * 4)
        spans: list[_Span] = []
        for pn in pages:
            page = self.word[(pn & 0x3FFFFF) * _PAGE : (pn & 0x3FFFFF) * _PAGE + _PAGE]
            if len(page) < _PAGE:
                continue
            crun = page[511]
            fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
            for i in range(crun):
                if paragraphs:
                    # PAPX FKP: 13-byte BX entries, first byte is the word offset of the PAPX.
                    offset = page[(crun + 1) * 4 + i * 13] * 2
                    spans.append(_Span(fcs[i], fcs[i + 1], _papx(page, offset)))
                else:
                    offset = page[(crun + 1) * 4 + i] * 2
                    sprms = _sprms(page[offset + 1 : offset + 1 + page[offset]]) if offset else {}
                    spans.append(_Span(fcs[i], fcs[i + 1], sprms))
        spans.sort(key=lambda s: s.start)
        return spans

    def pieces(self) -> list[tuple[int, int, int, bool]]:
        """(cp start, cp end, fc, compressed) for each piece of the piece table."""
        clx = self.blob(_FC_CLX)
        pos = 0
        while pos < len(clx) and clx[pos] == 0x01:  # Prc: property modifiers we do not need
            pos += 3 + struct.unpack_from("<H", clx, pos + 1)[0]
        if pos >= len(clx) or clx[pos] != 0x02:
            raise CorruptFile("the .doc has no piece table")
        size = struct.unpack_from("<I", clx, pos + 1)[0]
        plc = clx[pos + 5 : pos + 5 + size]
        n = (len(plc) - 4) // 12
        cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
        result = []
        for i in range(n):
            fc_raw = struct.unpack_from("<I", plc, (n + 1) * 4 + i * 8 + 2)[0]
            compressed = bool(fc_raw & 0x40000000)
            fc = fc_raw & 0x3FFFFFFF
            result.append((cps[i], cps[i + 1], fc // 2 if compressed else fc, compressed))
        return result


def _sprms(grpprl: bytes) -> dict[int, bytes]:
    """Sprm → operand for a property list ([MS-DOC] 2.2.5.1: operand size from the spra bits)."""
    result: dict[int, bytes] = {}
    pos = 0
    while pos + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, pos)[0]
        pos += 2
        spra = sprm >> 13
        if spra in (0, 1):
            size = 1
        elif spra in (2, 4, 5):
            size = 2
        elif spra == 3:
            size = 4
        elif spra == 7:
            size = 3
        elif sprm == 0xD608:  # sprmTDefTable: 2-byte size that counts itself minus one
            if pos + 2 > len(grpprl):
                break
            size = struct.unpack_from("<H", grpprl, pos)[0] - 1
            pos += 2
        elif pos < len(grpprl):
            size = grpprl[pos] + 1  # variable: a size byte, then the operand
        else:
            break
        result[sprm] = grpprl[pos : pos + size]
        pos += size
    return result


def _font_sprm(sprms: dict[int, bytes]) -> int | None:
    for sprm in (_SPRM_C_RG_FTC0, _SPRM_C_FTC_LEGACY, _SPRM_C_RG_FTC2):
        operand = sprms.get(sprm)
        if operand is not None and len(operand) >= 2:
            return int(struct.unpack_from("<H", operand, 0)[0])
    return None


def _papx(page: bytes, offset: int) -> tuple[int, bool]:
    """(paragraph style index, is-table-row-end) of the PAPX at `offset` in a PAPX FKP."""
    if not offset:
        return 0, False
    cb = page[offset]
    if cb == 0:
        cb = page[offset + 1] * 2
        body = page[offset + 2 : offset + 2 + cb]
    else:
        body = page[offset + 1 : offset + 1 + cb * 2 - 1]
    if len(body) < 2:
        return 0, False
    istd = struct.unpack_from("<H", body, 0)[0]
    sprms = _sprms(body[2:])
    ttp = any(sprms.get(s, b"\x00")[:1] == b"\x01" for s in (_SPRM_P_F_TTP, _SPRM_P_F_INNER_TTP))
    return istd, ttp


def _find(spans: list[_Span], fc: int, hint: int) -> int:
    """Index of the span holding `fc`, searching forward from `hint` (text is read in order)."""
    i = hint if 0 <= hint < len(spans) and spans[hint].start <= fc else 0
    while i < len(spans) and spans[i].end <= fc:
        i += 1
    return i if i < len(spans) and spans[i].start <= fc else -1


class _Reader:
    """Walks the piece table and yields (text, font name, row-end) runs in document order."""

    def __init__(self, doc: _WordBinary) -> None:
        self.doc = doc
        self.fonts = doc.font_names()
        self.styles, self.default_font = doc.styles()
        self.chpx = doc.bte_spans(_FC_PLCF_BTE_CHPX, paragraphs=False)
        self.papx = doc.bte_spans(_FC_PLCF_BTE_PAPX, paragraphs=True)

    def style_font(self, istd: int) -> int | None:
        seen: set[int] = set()
        while istd in self.styles and istd not in seen:
            seen.add(istd)
            style = self.styles[istd]
            if style.font is not None:
                return style.font
            istd = style.base
        return self.default_font

    def font_name(self, sprms: dict[int, bytes], para_istd: int) -> str | None:
        ftc = _font_sprm(sprms)
        if ftc is None and (istd := sprms.get(_SPRM_C_ISTD)) and len(istd) >= 2:
            char_style = self.styles.get(struct.unpack_from("<H", istd, 0)[0])
            ftc = char_style.font if char_style else None
        if ftc is None:
            ftc = self.style_font(para_istd)
        return self.fonts[ftc] if ftc is not None and 0 <= ftc < len(self.fonts) else None

    def runs(self, cp_end: int) -> Iterator[tuple[str, str | None, bool]]:
        word = self.doc.word
        c_hint = p_hint = 0
        for cp_start, cp_stop, fc, compressed in self.doc.pieces():
            if cp_start >= cp_end:
                break
            count = min(cp_stop, cp_end) - cp_start
            width = 1 if compressed else 2
            raw = word[fc : fc + count * width]
            text = _decode(raw, compressed)
            # Split the piece where character or paragraph properties change (both in FC space).
            i = 0
            while i < len(text):
                at = fc + i * width
                c_hint = _find(self.chpx, at, c_hint)
                p_hint = _find(self.papx, at, p_hint)
                stop = len(text)
                for spans, idx in ((self.chpx, c_hint), (self.papx, p_hint)):
                    if idx >= 0:
                        stop = min(stop, (spans[idx].end - fc + width - 1) // width)
                stop = max(stop, i + 1)
                sprms = self.chpx[c_hint].value if c_hint >= 0 else {}
                istd, row_end = self.papx[p_hint].value if p_hint >= 0 else (0, False)
                yield text[i:stop], self.font_name(sprms, istd), row_end
                i = stop


def _decode(raw: bytes, compressed: bool) -> str:
    if not compressed:
        return raw.decode("utf-16-le", errors="replace")
    # "Compressed" pieces are 8-bit Windows-1252; the five bytes 1252 leaves undefined keep
    # their Latin-1 value so that no legacy-font byte is lost before conversion.
    return "".join(
        chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in raw
    )


def _lines(runs: Iterator[tuple[str, str | None, bool]]) -> list[list[Run]]:
    """Paragraphs as run lists; table cells become tabs and rows become lines."""
    lines: list[list[Run]] = []
    current: list[Run] = []
    fields: list[bool] = []  # one entry per open field: True once past its separator
    for text, font, row_end in runs:
        buffer: list[str] = []
        for char in text:
            if char == _FIELD_BEGIN:
                fields.append(False)
            elif char == _FIELD_SEPARATOR:
                if fields:
                    fields[-1] = True
            elif char == _FIELD_END:
                if fields:
                    fields.pop()
            elif not all(fields):
                pass  # a field's instruction (e.g. PAGE, HYPERLINK "..."), not its result
            elif char in ("\r", "\x0c") or char == _CELL_MARK:
                if buffer:
                    current.append(Run("".join(buffer), font))
                    buffer = []
                if char == _CELL_MARK and not row_end:
                    current.append(Run("\t"))
                else:
                    lines.append(current)
                    current = []
            elif char in _SPECIAL:
                buffer.append(_SPECIAL[char])
            elif char >= " " or char == "\t":
                buffer.append(char)
        if buffer:
            current.append(Run("".join(buffer), font))
    if current:
        lines.append(current)
    return lines


def read_lines(path: Path) -> tuple[list[list[Run]], bytes]:
    """The main text of a .doc as lines of (text, font) runs, and its Data stream (pictures)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            word = ole.openstream("WordDocument").read()
            flags = struct.unpack_from("<H", word, 0x0A)[0] if len(word) > 0x0C else 0
            table_name = "1Table" if flags & 0x0200 else "0Table"
            if not ole.exists(table_name):
                raise CorruptFile(f"the .doc has no {table_name} stream")
            table = ole.openstream(table_name).read()
            data = ole.openstream("Data").read() if ole.exists("Data") else b""
    except OSError as e:
        raise CorruptFile(f"unreadable .doc (OLE2): {e}") from e
    binary = _WordBinary(word, table)
    try:
        lines = _lines(_Reader(binary).runs(binary.ccp_text))
    except (struct.error, IndexError) as e:
        raise CorruptFile(f"unreadable .doc: damaged {e.__class__.__name__} in its tables") from e
    return lines, data + word


def embedded_images(data: bytes) -> list[Any]:
    """Pictures stored in the document (PNG and JPEG) large enough to be a page, in file order."""
    from PIL import Image

    found: list[tuple[int, Any]] = []
    for magic in (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"):
        start = data.find(magic)
        while start >= 0:
            try:
                image = Image.open(io.BytesIO(data[start:]))
                image.load()
                if image.width * image.height >= _MIN_SCAN_PIXELS:
                    found.append((start, image))
            except (OSError, SyntaxError, ValueError):
                pass  # a byte pattern that only looks like a picture header
            start = data.find(magic, start + len(magic))
    return [image for _, image in sorted(found, key=lambda item: item[0])]


def extract(path: Path, options: ExtractOptions) -> Extraction:
    lines, data = read_lines(path)
    text = nfc("\n".join(line.rstrip() for line in convert_lines(lines))).strip()
    if text:
        return Extraction(format=FORMAT, pages=[Page(number=1, text=text)])
    images = embedded_images(data)
    if not images:
        raise NoText("the document holds no text and no picture to OCR")
    from extractors import ocr

    pages = [ocr.ocr_image(image, options, number=i) for i, image in enumerate(images, start=1)]
    return Extraction(format=FORMAT, pages=pages, metadata={"ocr": "embedded picture"})
