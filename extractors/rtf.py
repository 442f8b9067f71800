"""RTF: text with the font of every run, read from the control stream; legacy fonts converted.

RTF states its fonts (`{\\fonttbl{\\f15 .VnTime;}}`) and switches between them (`\\f15`), so each
run of text is known to be TCVN3, VNI or Unicode (`extractors.legacy`). Bytes written as `\\'b5` are
decoded with the code page of their font's charset; `\\uN` characters are Unicode already.
Headers, footers, field instructions, pictures and other destinations are not body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import CorruptFile, NoText, UnsupportedFormat
from core.records import Extraction, Page
from extractors.legacy import Run, convert_lines
from extractors.text import NOT_TEXT, reads_as_text
from nlp.normalize import nfc

if TYPE_CHECKING:
    from extractors.contract import ExtractOptions

FORMAT = "rtf"
MIME_TYPES: tuple[str, ...] = ("application/rtf", "text/rtf")
EXTENSIONS: tuple[str, ...] = (".rtf",)

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|[\r\n]+"
)
# Groups whose content is not body text.
_SKIPPED = frozenset(
    {
        "author", "buptim", "colortbl", "comment", "company", "creatim", "datastore", "doccomm",
        "falt", "fldinst", "footer", "footerf", "footerl", "footerr", "footnote", "header",
        "headerf", "headerl", "headerr", "info", "keywords", "latentstyles", "listoverridetable",
        "listtable", "listtext", "object", "operator", "panose", "pict", "pntext", "pntxta",
        "pntxtb", "printim", "revtbl", "revtim", "rsidtbl", "stylesheet", "subject", "themedata",
        "title", "xmlnstbl", "colorschememapping", "generator", "mmathPr", "pgdsctbl",
    }
)  # fmt: skip
_SYMBOLS = {
    "emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘", "rquote": "’",
    "ldblquote": "“", "rdblquote": "”", "tab": "\t", "cell": "\t", "line": "\n",
}  # fmt: skip
_LINE_ENDS = frozenset({"par", "row", "sect", "page"})
# \fcharsetN → the code page its \'xx bytes are in (Windows charset numbers).
_CHARSET_CODEPAGES = {
    0: None, 1: None, 2: "latin-1", 161: "cp1253", 162: "cp1254", 163: "cp1258", 177: "cp1255",
    178: "cp1256", 186: "cp1257", 204: "cp1251", 222: "cp874", 238: "cp1250",
}  # fmt: skip


def sniff(head: bytes, path: Path) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf")


@dataclass(frozen=True)
class _State:
    font: int | None = None
    skip: bool = False
    in_fonttbl: bool = False
    uc: int = 1


@dataclass
class _Font:
    name: str = ""
    charset: int = 0


class _Parser:
    def __init__(self) -> None:
        self.fonts: dict[int, _Font] = {}
        self.default_font: int | None = None
        self.codepage = "cp1252"
        self.lines: list[list[Run]] = []
        self.current: list[Run] = []
        self.buffer: list[str] = []
        self.buffer_font: str | None = None
        self.font_in_table: int | None = None

    def font_name(self, index: int | None) -> str | None:
        font = self.fonts.get(index) if index is not None else None
        return font.name.strip() if font else None

    def emit(self, text: str, state: _State) -> None:
        name = self.font_name(state.font)
        if self.buffer and name != self.buffer_font:
            self.flush()
        self.buffer_font = name
        self.buffer.append(text)

    def flush(self) -> None:
        if self.buffer:
            self.current.append(Run("".join(self.buffer), self.buffer_font))
            self.buffer = []

    def end_line(self) -> None:
        self.flush()
        self.lines.append(self.current)
        self.current = []

    def decode(self, byte: int, state: _State) -> str:
        font = self.fonts.get(state.font) if state.font is not None else None
        codepage = _CHARSET_CODEPAGES.get(font.charset, "cp1252") if font else None
        # 8-bit legacy fonts are charset 0: their bytes surface as Windows-1252 characters,
        # which is what the TCVN3 and VNI tables in extractors.legacy expect.
        return bytes([byte]).decode(codepage or self.codepage, errors="replace")

    def parse(self, data: bytes) -> list[list[Run]]:
        stack: list[_State] = []
        state = _State()
        skip_pending = 0  # characters still to drop after a \uN (its ANSI fallback)
        destination_next = False  # after "\*": the next control word names an ignorable group
        for match in _TOKEN.finditer(data):
            word, arg, hex_byte, symbol, brace, text = match.groups()
            if brace == b"{":
                stack.append(state)
                skip_pending = 0
                continue
            if brace == b"}":
                state = stack.pop() if stack else _State()
                skip_pending = 0
                continue
            if word is not None:
                name = word.decode("ascii")
                number = int(arg) if arg is not None else None
                if destination_next:
                    destination_next = False
                    state = replace(state, skip=True)
                    continue
                state, skip_pending = self.control(name, number, state, skip_pending)
                continue
            if symbol is not None:
                if symbol == b"*":
                    destination_next = True
                elif not state.skip and not state.in_fonttbl:
                    literal = {b"~": " ", b"-": "", b"_": "-"}.get(symbol, symbol.decode("latin-1"))
                    if literal and literal not in "\r\n":
                        self.emit(literal, state)
                    elif literal in ("\r", "\n"):
                        self.end_line()  # "\<newline>" is \par
                continue
            if hex_byte is not None:
                if skip_pending:
                    skip_pending -= 1
                    continue
                char = self.decode(int(hex_byte, 16), state)
                if state.in_fonttbl:
                    self.font_text(char)
                elif not state.skip:
                    self.emit(char, state)
                continue
            if text is not None:
                chunk = text.decode("latin-1")
                if skip_pending:
                    dropped = min(skip_pending, len(chunk))
                    chunk, skip_pending = chunk[dropped:], skip_pending - dropped
                if state.in_fonttbl:
                    self.font_text(chunk)
                elif not state.skip and chunk:
                    self.emit(chunk, state)
        self.end_line()
        return self.lines

    def font_text(self, text: str) -> None:
        if self.font_in_table is None:
            return
        font = self.fonts.setdefault(self.font_in_table, _Font())
        if ";" in font.name:
            return
        font.name += text

    def control(
        self, name: str, number: int | None, state: _State, skip_pending: int
    ) -> tuple[_State, int]:
        if name in _SKIPPED:
            return replace(state, skip=True), skip_pending
        if name == "fonttbl":
            return replace(state, in_fonttbl=True), skip_pending
        if state.in_fonttbl:
            if name == "f" and number is not None:
                self.font_in_table = number
                self.fonts.setdefault(number, _Font())
            elif name == "fcharset" and number is not None and self.font_in_table is not None:
                self.fonts.setdefault(self.font_in_table, _Font()).charset = number
            return state, skip_pending
        if name == "ansicpg" and number:
            self.codepage = f"cp{number}"
        elif name == "deff":
            self.default_font = number
            return replace(state, font=number), skip_pending
        elif name == "f":
            return replace(state, font=number), skip_pending
        elif name == "plain":
            return replace(state, font=self.default_font), skip_pending
        elif name == "uc" and number is not None:
            return replace(state, uc=number), skip_pending
        elif name == "u" and number is not None:
            if not state.skip:
                self.emit(chr(number + 65536 if number < 0 else number), state)
            return state, state.uc
        elif state.skip:
            return state, skip_pending
        elif name in _LINE_ENDS:
            self.end_line()
        elif name in _SYMBOLS:
            self.emit(_SYMBOLS[name], state)
        return state, skip_pending


def read_lines(path: Path) -> list[list[Run]]:
    """The body of an RTF file as lines of (text, font name) runs."""
    data = path.read_bytes()
    if not sniff(data[:64], path):
        raise CorruptFile("not an RTF document (no {\\rtf header)")
    parser = _Parser()
    lines = parser.parse(data)
    # Font names end at ";" in the table; anything after it is not part of the name.
    for font in parser.fonts.values():
        font.name = font.name.split(";")[0]
    return [[Run(r.text, _clean_name(r.font)) for r in line] for line in lines]


def _clean_name(name: str | None) -> str | None:
    return name.split(";")[0].strip() if name else None


def extract(path: Path, options: ExtractOptions) -> Extraction:
    lines = read_lines(path)
    text = nfc("\n".join(line.rstrip() for line in convert_lines(lines)))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        raise NoText("the RTF document holds no text")
    if not reads_as_text(text):  # an RTF header in front of binary data
        raise UnsupportedFormat(NOT_TEXT)
    return Extraction(format=FORMAT, pages=[Page(number=1, text=text)])
