"""Hostile files: zip packages refused before they are expanded, and what parsers raise on
damaged or hostile content named as the file's failure rather than as a crash.

A decompression bomb is a small zip whose members inflate to gigabytes (a 300 KB DOCX whose
word/document.xml is 300 MB of spaces), or a zip with so many members that listing them exhausts
memory. `check_zip` reads only the zip's directory — the declared size of every member — and
refuses the file before any member is expanded. Declared sizes are enough: Python's `zipfile`,
which python-docx and the ODT extractor read through, never returns more bytes than a member
declares (a member that inflates beyond it ends in a CRC error, a corrupt file). The same limits,
with a larger total and a nesting depth, bound the archives read as bundles (extractors/bundle.py,
through `check_zip_file`).

XML inside the packages is the other half of the defence and is done by the parsers themselves,
checked by tests/test_bad_input.py: python-docx parses with lxml and `resolve_entities=False` (no
external entity is loaded; libxml2 refuses entity amplification), the ODT extractor with the
standard library's expat (≥ 2.4.1 refuses entity amplification; external entities are undefined).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from core.errors import BadInput, CorruptFile

ZIP_MAGIC = b"PK\x03\x04"
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_EOCD_SIZE = 22
_MAX_COMMENT = 65_535


@dataclass(frozen=True)
class ZipLimits:
    """What a zip package may expand to.

    The ratio cap applies only to members larger than `ratio_grace_mb`: a small XML part of
    repeated markup compresses well beyond 100× and is harmless (Apache POI's ZipSecureFile makes
    the same allowance). Real council DOCX and ODT files stay far below every cap: the largest
    member ratio in the shared corpus is 23× (a 31 KB webSettings.xml).
    """

    max_total_mb: int = 200
    max_ratio: float = 100.0
    ratio_grace_mb: float = 1.0
    max_members: int = 10_000
    # Archives read inside archives (extractors/bundle.py): a zip in a zip is depth 2.
    max_depth: int = 2


def is_zip(path: Path) -> bool:
    """True when the file's content starts with the zip local-header magic (DOCX, ODT, XLSX…)."""
    try:
        with path.open("rb") as f:
            return f.read(len(ZIP_MAGIC)) == ZIP_MAGIC
    except OSError:
        return False  # the registry reports unreadable files


def check_zip(path: Path, limits: ZipLimits | None = None) -> None:
    """Raise CorruptFile("refused: …") when the zip at `path` would expand beyond `limits`.

    Reads only the end-of-directory record (for the member count, before any directory is
    parsed) and then the directory. A zip `zipfile` cannot open at all is left to the format's
    extractor, which names it corrupt in its own words.
    """
    try:
        with path.open("rb") as f:
            check_zip_file(f, limits)
    except OSError:
        return  # the registry reports unreadable files


def check_zip_file(
    f: BinaryIO, limits: ZipLimits | None = None, what: str = "zip package"
) -> list[zipfile.ZipInfo] | None:
    """`check_zip` on an open (seekable) file: its members when the directory is within
    `limits`, None when `zipfile` cannot read the directory; CorruptFile("refused: …") when it
    would expand beyond them. `what` names the file in the reason ("zip package", "archive")."""
    limits = limits or ZipLimits()
    declared = _declared_member_count(f)
    if declared is not None and declared > limits.max_members:
        raise CorruptFile(
            f"refused: {what} declares {declared:,} members, over the "
            f"{limits.max_members:,} member limit (a decompression bomb?)"
        )
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if len(members) > limits.max_members:
        raise CorruptFile(
            f"refused: {what} has {len(members):,} members, over the "
            f"{limits.max_members:,} member limit (a decompression bomb?)"
        )
    total = 0
    cap = limits.max_total_mb * 1_048_576
    grace = limits.ratio_grace_mb * 1_048_576
    for member in members:
        total += member.file_size
        if total > cap:
            raise CorruptFile(
                f"refused: {what} expands to more than {limits.max_total_mb} MB "
                f"(at member {member.filename!r}; a decompression bomb?)"
            )
        if member.file_size > grace:
            ratio = member.file_size / max(1, member.compress_size)
            if ratio > limits.max_ratio:
                raise CorruptFile(
                    f"refused: zip member {member.filename!r} expands {ratio:,.0f}× "
                    f"({member.compress_size:,} → {member.file_size:,} bytes), over the "
                    f"{limits.max_ratio:.0f}× limit (a decompression bomb?)"
                )
    return members


def _declared_member_count(f: BinaryIO) -> int | None:
    """The member count the end-of-central-directory record declares (zip64 aware), or None
    when there is no such record to read."""
    try:
        size = f.seek(0, 2)
        start = max(0, size - _EOCD_SIZE - _MAX_COMMENT)
        f.seek(start)
        tail = f.read()
        at = tail.rfind(_EOCD)
        if at < 0 or len(tail) - at < _EOCD_SIZE:
            return None
        count: int = struct.unpack_from("<H", tail, at + 10)[0]
        if count != 0xFFFF:
            return count
        # Zip64: a locator just before the record points at the zip64 end record.
        locator = at - 20
        if locator < 0 or tail[locator : locator + 4] != _EOCD64_LOCATOR:
            return count
        offset: int = struct.unpack_from("<Q", tail, locator + 8)[0]
        f.seek(offset)
        record = f.read(56)
        if len(record) < 56 or record[:4] != _EOCD64:
            return count
        total: int = struct.unpack_from("<Q", record, 32)[0]
        return total
    except OSError:
        return None


def known_reason(error: BaseException) -> str | None:
    """Why the file could not be read, for an exception a parser raised on damaged or hostile
    content (found on the exception or anywhere in its chain), or None when the exception is not
    one we recognise: then it stays "extractor crashed", a parser bug worth reporting.

    A BadInput an extractor raised keeps its own words unless its cause is one of the first three
    (its message may be empty, or name a Python limit instead of the file's problem). Each entry
    was met on a file of tests/badinput.py: an encrypted PDF (pdfminer's
    PDFPasswordIncorrect, whose message is empty), a PDF whose trailer points back at itself
    (RecursionError), a DOCX with an entity bomb or cut-off XML (lxml's XMLSyntaxError), a .doc
    whose FIB counts run past its stream (struct.error).
    """
    causes = list(_chain(error))
    for cause in causes:
        name = type(cause).__name__
        if name == "PDFPasswordIncorrect" and type(cause).__module__.startswith("pdfminer"):
            return "encrypted with a password; it cannot be read without it"
        if isinstance(cause, RecursionError):
            return "its structure is nested too deeply, or refers to itself, to be read"
        if _is_xml_error(cause) and "amplification" in str(cause):
            return f"its XML is an entity expansion bomb (refused by the parser: {cause})"
    if isinstance(error, BadInput):
        return None  # the extractor's own words, already specific
    for cause in causes:
        if _is_xml_error(cause):
            return f"malformed XML: {cause}"
        if isinstance(cause, struct.error):
            return f"a damaged binary structure ({cause})"
        if isinstance(cause, zlib.error):
            return f"damaged compressed data ({cause})"
    return None


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, its explicit cause (`raise … from`), the exception it interrupted (unless
    suppressed), and exceptions wrapped in its arguments (pdfplumber wraps pdfminer's that way)."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend(a for a in current.args if isinstance(a, BaseException))
        if current.__cause__ is not None:
            todo.append(current.__cause__)
        elif current.__context__ is not None and not current.__suppress_context__:
            todo.append(current.__context__)


def _is_xml_error(error: BaseException) -> bool:
    if isinstance(error, ParseError):
        return True
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover - python-docx depends on lxml
        return False
    return isinstance(error, etree.XMLSyntaxError)
