"""A generated corpus of hostile and broken files, for the ingest to survive (tests/test_bad_input.py).

Every kind is a function that writes its file(s) into a folder; no binary blob is committed. The
ingredients are the bundled samples/ (cut, encrypted, renamed, wrapped) and bytes built here: a
small PDF writer, zip packages written member by member, a minimal OLE2 (compound file) writer.

    .venv/bin/python tests/badinput.py FOLDER [--big-mb 100] [--bomb-mb 256]

writes the whole corpus into FOLDER (then `hoso --data-dir D ingest FOLDER` reproduces the run)
and prints the kinds. Each kind states what the ingest must make of it: the final states allowed
(`expect`), or none for a path that is not a regular file to ingest (a FIFO, a symlink loop, a
lock file) and must never reach the catalog.
"""

from __future__ import annotations

import argparse
import gzip
import io
import lzma
import os
import random
import shutil
import stat
import struct
import tarfile
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.records import FileStatus

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SAMPLE_PDF = SAMPLES / "01_hanoi_hdnd_NQ11-2025_text.pdf"
SAMPLE_DOCX = SAMPLES / "46_lamdong_ubnd_TBKL-SKHCN-2026_draft.docx"
SAMPLE_HTML = SAMPLES / "21_krongno_web_TB-ket-luan-giai-trinh-HDND.html"
SAMPLE_TEXT = SAMPLES / "hnp_2019-12-03_thuong-truc-hdnd.txt"

# A line of real council text, for the files whose content should still be read.
VIETNAMESE = (
    "Thường trực Hội đồng nhân dân huyện Krông Nô tổ chức phiên giải trình về công tác "
    "quản lý đất đai; đã hoàn thành 18/20 (bằng 90%) nội dung công việc theo kế hoạch.\n"
)
# Written outside the ingested tree (hidden folders are never walked); an XML external entity
# pointing at it must never bring this word into the index.
SECRET_WORD = "bimatngoaikho"

INDEXED = frozenset({FileStatus.INDEXED})
FAILED = frozenset({FileStatus.FAILED})
SKIPPED = frozenset({FileStatus.SKIPPED})
NOT_INDEXED = frozenset({FileStatus.FAILED, FileStatus.SKIPPED})
ANY_FINAL = frozenset({FileStatus.INDEXED, FileStatus.FAILED, FileStatus.SKIPPED})
ABSENT: frozenset[FileStatus] = frozenset()


@dataclass(frozen=True)
class Config:
    """Sizes of the expensive kinds. `big_mb`: the single-line text file (meant to exceed the
    run's HOSO_MAX_FILE_MB); `long_line_kb`: the single-line file under it (indexing segments it
    at ~100 KB/s, so keep it small in tests); `bomb_mb`: what the zip bombs expand to; `max_pages`: the run's page
    limit (the long PDF has one page more)."""

    big_mb: int = 100
    long_line_kb: int = 512
    bomb_mb: int = 256
    max_pages: int = 3000
    seed: int = 8


@dataclass(frozen=True)
class Kind:
    name: str
    expect: frozenset[FileStatus]
    why: str
    write: Callable[[Path, Config], list[Path]]


@dataclass(frozen=True)
class Sample:
    """One generated path and the kind it belongs to."""

    kind: Kind
    path: Path


KINDS: list[Kind] = []


def kind(
    expect: frozenset[FileStatus], why: str
) -> Callable[[Callable[[Path, Config], list[Path]]], Callable[[Path, Config], list[Path]]]:
    def register(
        write: Callable[[Path, Config], list[Path]],
    ) -> Callable[[Path, Config], list[Path]]:
        KINDS.append(Kind(write.__name__, expect, why, write))
        return write

    return register


def generate(folder: Path, config: Config | None = None) -> list[Sample]:
    """Write every kind into `folder` (created); returns what was written, kind by kind."""
    config = config or Config()
    folder.mkdir(parents=True, exist_ok=True)
    return [Sample(k, path) for k in KINDS for path in k.write(folder, config)]


def _rng(config: Config, salt: str) -> random.Random:
    return random.Random(f"{config.seed}:{salt}")


def council_text(kind: str) -> bytes:
    """Council text unique to a kind: equal bytes would make two kinds one document."""
    return f"{VIETNAMESE}Mẫu kiểm thử: {kind.replace('_', ' ')}.\n".encode()


def _write(path: Path, data: bytes) -> list[Path]:
    path.write_bytes(data)
    return [path]


# -- a small PDF writer --------------------------------------------------------------------------
def pdf_bytes(
    pages: list[str],
    *,
    extra: list[bytes] | None = None,
    page_extra: bytes = b"",
    contents: bytes | None = None,
    count: int | None = None,
    trailer_extra: bytes = b"",
) -> bytes:
    """A valid PDF with one Helvetica text line per page (ASCII). `extra` objects are appended
    after the fixed ones (objects 1-3 are catalog, pages, font; pages follow); `page_extra` goes
    into every page dictionary; `contents` replaces the pages' /Contents value; `count` is the
    /Count the page tree claims."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for text in pages:
        page_number = len(objects) + 1
        stream = b"BT /F1 12 Tf 72 720 Td (" + _pdf_string(text) + b") Tj ET"
        content = contents or f"{page_number + 1} 0 R".encode()
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents " + content + page_extra + b" >>"
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(f"{page_number} 0 R")
    objects[1] = (
        f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {count or len(pages)} >>".encode()
    )
    objects.extend(extra or [])
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R" % (len(objects) + 1)
        + trailer_extra
        + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    )
    return out.getvalue()


def _pdf_string(text: str) -> bytes:
    return (
        text.encode("cp1252", "replace")
        .replace(b"\\", b"\\\\")
        .replace(b"(", b"\\(")
        .replace(b")", b"\\)")
    )


def _encrypted(source: Path, user: str, owner: str, algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user, owner_password=owner, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


ASCII_TEXT = "Nghi quyet ve chuong trinh giam sat cua Hoi dong nhan dan tinh nam 2025"


@kind(NOT_INDEXED, "the first 40% of a real PDF")
def pdf_truncated(folder: Path, config: Config) -> list[Path]:
    data = SAMPLE_PDF.read_bytes()
    return _write(folder / "pdf_truncated.pdf", data[: len(data) * 2 // 5])


@kind(ANY_FINAL, "a real PDF without its last 2 KB (no xref table, no trailer)")
def pdf_without_trailer(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "pdf_without_trailer.pdf", SAMPLE_PDF.read_bytes()[:-2048])


@kind(FAILED, "the header and nothing else")
def pdf_header_only(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "pdf_header_only.pdf", b"%PDF-1.7\n%%EOF\n")


@kind(FAILED, "a PDF header followed by 64 KB of random bytes")
def pdf_garbage_body(folder: Path, config: Config) -> list[Path]:
    body = _rng(config, "pdf").randbytes(65_536)
    return _write(folder / "pdf_garbage_body.pdf", b"%PDF-1.4\n" + body)


@kind(FAILED, "a real PDF encrypted with AES-256 and a user password")
def pdf_encrypted_user_password(folder: Path, config: Config) -> list[Path]:
    data = _encrypted(SAMPLE_PDF, "mat-khau", "chu-so-huu", "AES-256")
    return _write(folder / "pdf_encrypted_user_password.pdf", data)


@kind(INDEXED, "a real PDF encrypted (RC4-128) with only an owner password: anyone may read it")
def pdf_encrypted_owner_only(folder: Path, config: Config) -> list[Path]:
    data = _encrypted(SAMPLE_PDF, "", "chu-so-huu", "RC4-128")
    return _write(folder / "pdf_encrypted_owner_only.pdf", data)


@kind(SKIPPED, "a valid PDF with one page more than the page limit")
def pdf_too_many_pages(folder: Path, config: Config) -> list[Path]:
    data = pdf_bytes([f"{ASCII_TEXT} trang {i}" for i in range(config.max_pages + 1)])
    return _write(folder / "pdf_too_many_pages.pdf", data)


@kind(ANY_FINAL, "a page tree claiming 2,147,483,647 pages around one real page")
def pdf_page_count_lie(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "pdf_page_count_lie.pdf", pdf_bytes([ASCII_TEXT], count=2_147_483_647))


@kind(ANY_FINAL, "one page drawn by 40,000 separate content-stream objects")
def pdf_many_objects(folder: Path, config: Config) -> list[Path]:
    first = 6  # objects 1-5: catalog, pages, font, the page and its own stream
    n = 40_000
    extra = []
    for i in range(n):
        stream = b"BT /F1 6 Tf %d %d Td (giam sat) Tj ET" % (i % 500, i % 700)
        extra.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    refs = b" ".join(b"%d 0 R" % (first + i) for i in range(n))
    return _write(
        folder / "pdf_many_objects.pdf",
        pdf_bytes([ASCII_TEXT], extra=extra, contents=b"[" + refs + b"]"),
    )


@kind(ANY_FINAL, "a resource dictionary nested 50,000 levels deep")
def pdf_deep_nesting(folder: Path, config: Config) -> list[Path]:
    depth = 50_000
    nested = b"<< /A " * depth + b"1" + b" >>" * depth
    return _write(
        folder / "pdf_deep_nesting.pdf", pdf_bytes([ASCII_TEXT], page_extra=b" /Junk " + nested)
    )


@kind(ANY_FINAL, "a trailer whose /Prev points back at its own cross-reference table")
def pdf_xref_loop(folder: Path, config: Config) -> list[Path]:
    data = pdf_bytes([ASCII_TEXT])
    xref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    looped = data.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Prev %d >>" % xref)
    return _write(folder / "pdf_xref_loop.pdf", looped)


@kind(FAILED, "a PNG image named .pdf")
def pdf_png_named(folder: Path, config: Config) -> list[Path]:
    png = b"\x89PNG\r\n\x1a\n" + _rng(config, "png").randbytes(4096)
    return _write(folder / "pdf_png_named.pdf", png)


@kind(FAILED, "an ELF executable header and random bytes named .pdf")
def pdf_executable_named(folder: Path, config: Config) -> list[Path]:
    data = b"\x7fELF\x02\x01\x01" + _rng(config, "elf").randbytes(8192)
    return _write(folder / "pdf_executable_named.pdf", data)


@kind(FAILED, "a 0-byte .pdf")
def pdf_empty(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "pdf_empty.pdf", b"")


# -- zip packages: bombs and broken DOCX/ODT -----------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_with(document_xml: bytes | None, extra: dict[str, bytes] | None = None) -> bytes:
    """The sample DOCX with word/document.xml replaced (None: removed) and members added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(SAMPLE_DOCX) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename == "word/document.xml":
                if document_xml is not None:
                    target.writestr(item.filename, document_xml)
            else:
                target.writestr(item, source.read(item))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def _document_xml(body_text: str, doctype: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"{doctype}"
        f'<w:document xmlns:w="{W_NS}"><w:body>'
        f"<w:p><w:r><w:t>{body_text}</w:t></w:r></w:p>"
        "</w:body></w:document>"
    ).encode()


ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)
ODT_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    b'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
    b'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)


def _content_xml(body_text: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}'
        f"<office:document-content {ODT_NS}><office:body><office:text>"
        f"<text:p>{body_text}</text:p>"
        "</office:text></office:body></office:document-content>"
    ).encode()


def odt_bytes(content_xml: bytes | None) -> bytes:
    """An ODT package: the uncompressed `mimetype` first, the manifest, and `content_xml`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", b"application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        package.writestr("META-INF/manifest.xml", ODT_MANIFEST)
        if content_xml is not None:
            package.writestr("content.xml", content_xml)
    return out.getvalue()


def _bomb(path: Path, first: list[tuple[str, bytes]], name: str, head: bytes, mb: int) -> None:
    """A zip whose member `name` is `head` and then `mb` MB of spaces, streamed (never in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for member, data in first:
            kind = zipfile.ZIP_STORED if member == "mimetype" else zipfile.ZIP_DEFLATED
            package.writestr(member, data, kind)
        with package.open(name, "w", force_zip64=True) as f:
            f.write(head)
            chunk = b" " * 1_048_576
            for _ in range(mb):
                f.write(chunk)


@kind(FAILED, "a DOCX whose word/document.xml expands to bomb_mb MB (ratio ~1000×)")
def docx_zip_bomb(folder: Path, config: Config) -> list[Path]:
    path = folder / "docx_zip_bomb.docx"
    with zipfile.ZipFile(SAMPLE_DOCX) as source:
        first = [
            (i.filename, source.read(i))
            for i in source.infolist()
            if i.filename != "word/document.xml"
        ]
    head = _document_xml(VIETNAMESE.strip())[: -len("</w:body></w:document>")]
    _bomb(path, first, "word/document.xml", head, config.bomb_mb)
    return [path]


@kind(FAILED, "a DOCX with an 8 MB member that compresses 1000× (under the total cap)")
def docx_ratio_bomb(folder: Path, config: Config) -> list[Path]:
    extra = {"word/media/padding.bin": bytes(8 * 1_048_576)}
    return _write(folder / "docx_ratio_bomb.docx", _docx_with(_document_xml("x"), extra))


@kind(FAILED, "an ODT whose content.xml expands to bomb_mb MB")
def odt_zip_bomb(folder: Path, config: Config) -> list[Path]:
    path = folder / "odt_zip_bomb.odt"
    first = [
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", ODT_MANIFEST),
    ]
    _bomb(path, first, "content.xml", _content_xml("x")[:-60], config.bomb_mb)
    return [path]


@kind(FAILED, "a DOCX with 12,000 tiny members")
def docx_many_members(folder: Path, config: Config) -> list[Path]:
    extra = {f"word/media/m{i}.txt": b"x" for i in range(12_000)}
    return _write(folder / "docx_many_members.docx", _docx_with(_document_xml("x"), extra))


@kind(FAILED, "a DOCX whose document.xml declares 200 bytes and inflates to 20 KB")
def docx_size_lie(folder: Path, config: Config) -> list[Path]:
    data = bytearray(_docx_with(_document_xml(VIETNAMESE * 100)))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        info = package.getinfo("word/document.xml")
    # The local header's uncompressed size (offset 22) and the central directory's (offset 24).
    struct.pack_into("<I", data, info.header_offset + 22, 200)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<I", data, at + 24, 200)
        at = data.find(b"PK\x01\x02", at + 46)
    return _write(folder / "docx_size_lie.docx", bytes(data))


LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>\n"
)


def _external(secret: Path) -> str:
    return f'<!DOCTYPE w:document [<!ENTITY ext SYSTEM "{secret.as_uri()}">]>\n'


def _quadratic(root: str) -> tuple[str, str]:
    return f'<!DOCTYPE {root} [<!ENTITY big "{"giamsat " * 12_500}">]>\n', "&big;" * 20_000


def _secret(folder: Path) -> Path:
    outside = folder / ".outside"
    outside.mkdir(exist_ok=True)
    secret = outside / "secret.txt"
    secret.write_text(f"{SECRET_WORD}\n", encoding="utf-8")
    return secret


@kind(FAILED, "billion laughs: ten nested entities expanding to 10⁹ 'lol' in document.xml")
def docx_billion_laughs(folder: Path, config: Config) -> list[Path]:
    xml = _document_xml("Nghị quyết &lol9;", LAUGHS)
    return _write(folder / "docx_billion_laughs.docx", _docx_with(xml))


@kind(ANY_FINAL, "an external entity (file://) naming a secret file outside the archive")
def docx_external_entity(folder: Path, config: Config) -> list[Path]:
    xml = _document_xml(f"Nghị quyết &ext; {VIETNAMESE.strip()}", _external(_secret(folder)))
    return _write(folder / "docx_external_entity.docx", _docx_with(xml))


@kind(ANY_FINAL, "quadratic blowup: a 100 KB entity referenced 20,000 times (2 GB)")
def docx_quadratic_blowup(folder: Path, config: Config) -> list[Path]:
    doctype, refs = _quadratic("w:document")
    return _write(folder / "docx_quadratic_blowup.docx", _docx_with(_document_xml(refs, doctype)))


@kind(FAILED, "billion laughs in an ODT's content.xml")
def odt_billion_laughs(folder: Path, config: Config) -> list[Path]:
    doctype = LAUGHS.replace("w:document", "office:document-content")
    xml = _content_xml("Nghị quyết &lol9;", doctype)
    return _write(folder / "odt_billion_laughs.odt", odt_bytes(xml))


@kind(ANY_FINAL, "an external entity in an ODT's content.xml")
def odt_external_entity(folder: Path, config: Config) -> list[Path]:
    doctype = _external(_secret(folder)).replace("w:document", "office:document-content")
    xml = _content_xml(f"Nghị quyết &ext; {VIETNAMESE.strip()}", doctype)
    return _write(folder / "odt_external_entity.odt", odt_bytes(xml))


@kind(ANY_FINAL, "quadratic blowup in an ODT's content.xml")
def odt_quadratic_blowup(folder: Path, config: Config) -> list[Path]:
    doctype, refs = _quadratic("office:document-content")
    return _write(folder / "odt_quadratic_blowup.odt", odt_bytes(_content_xml(refs, doctype)))


@kind(FAILED, "a DOCX package with every part but word/document.xml")
def docx_without_document_xml(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "docx_without_document_xml.docx", _docx_with(None))


@kind(FAILED, "the first half of a real DOCX")
def docx_truncated(folder: Path, config: Config) -> list[Path]:
    data = SAMPLE_DOCX.read_bytes()
    return _write(folder / "docx_truncated.docx", data[: len(data) // 2])


@kind(FAILED, "plain text named .docx")
def docx_not_a_zip(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "docx_not_a_zip.docx", council_text("docx_not_a_zip"))


@kind(
    ANY_FINAL,
    "the same text bytes as .docx and as .txt: one document, so the .txt path shares the "
    "outcome of the .docx path extracted first",
)
def same_bytes_two_extensions(folder: Path, config: Config) -> list[Path]:
    data = council_text("same_bytes_two_extensions")
    return _write(folder / "same_bytes_a.docx", data) + _write(folder / "same_bytes_b.txt", data)


@kind(FAILED, "a DOCX whose document.xml is cut off mid-tag")
def docx_malformed_xml(folder: Path, config: Config) -> list[Path]:
    xml = _document_xml(VIETNAMESE.strip())[:-30]
    return _write(folder / "docx_malformed_xml.docx", _docx_with(xml))


@kind(INDEXED, "a real DOCX with an extra member named ../../../tmp/evil.txt (nothing is unpacked)")
def docx_path_traversal_member(folder: Path, config: Config) -> list[Path]:
    data = _docx_with(
        zipfile.ZipFile(SAMPLE_DOCX).read("word/document.xml"),
        {"../../../tmp/hoso-evil.txt": b"evil"},
    )
    return _write(folder / "docx_path_traversal_member.docx", data)


@kind(FAILED, "an ODT package without content.xml")
def odt_without_content_xml(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "odt_without_content_xml.odt", odt_bytes(None))


@kind(FAILED, "an ODT whose content.xml is not well-formed")
def odt_malformed_xml(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "odt_malformed_xml.odt", odt_bytes(_content_xml("x")[:-40]))


@kind(INDEXED, "a small valid ODT (the control for the ODT kinds)")
def odt_good(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "odt_good.odt", odt_bytes(_content_xml(VIETNAMESE.strip())))


# -- bundles: ZIP and tar archives of documents ---------------------------------------------------
def _crc_byte(crc: int, byte: int) -> int:
    """One step of the CRC-32 the PKWARE cipher's keys are updated with (no pre/post inversion)."""
    return zlib.crc32(bytes([byte]), crc ^ 0xFFFFFFFF) ^ 0xFFFFFFFF


def encrypted_zip(files: dict[str, bytes], password: bytes) -> bytes:
    """A ZIP (members stored) whose members are encrypted with the traditional PKWARE cipher, as
    `zip -P` and Windows' compressed folders write it; `zipfile` reads it with the password."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, data in files.items():
        keys = [0x12345678, 0x23456789, 0x34567890]

        def update(byte: int, keys: list[int] = keys) -> None:
            keys[0] = _crc_byte(keys[0], byte)
            keys[1] = ((keys[1] + (keys[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
            keys[2] = _crc_byte(keys[2], keys[1] >> 24)

        for byte in password:
            update(byte)
        crc = zlib.crc32(data)
        # 11 random bytes and the CRC's high byte, which a reader checks the password against.
        plain = bytes(random.Random(name).randrange(256) for _ in range(11)) + bytes([crc >> 24])
        sealed = bytearray()
        for byte in plain + data:
            temp = (keys[2] | 2) & 0xFFFF
            sealed.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
            update(byte)
        raw = name.encode()
        offset = out.tell()
        # Version 2.0, flag 1 (encrypted), method 0 (stored), 27 June 2025 09:00.
        fields = (20, 1, 0, 0x4800, 0x5ADB, crc, len(sealed), len(data), len(raw), 0)
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fields) + raw + sealed)
        directory.write(
            struct.pack("<4sH", b"PK\x01\x02", 20)
            + struct.pack("<HHHHHIIIHH", *fields)
            + struct.pack("<HHHII", 0, 0, 0, 0, offset)
            + raw
        )
    start = out.tell()
    out.write(directory.getvalue())
    count = len(files)
    size = len(directory.getvalue())
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, size, start, 0))
    return out.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _bundle_text(kind: str, member: str) -> bytes:
    return council_text(f"{kind} {member}")


@kind(INDEXED, "a ZIP holding a good text and a zip bomb (one member of bomb_mb MB, ~1000×)")
def zip_bomb_inside_a_zip(folder: Path, config: Config) -> list[Path]:
    inner = folder / ".bomb.zip"  # hidden while it is written: never walked
    _bomb(inner, [], "spaces.txt", b"", config.bomb_mb)
    path = folder / "zip_bomb_inside_a_zip.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("good.txt", _bundle_text("zip_bomb_inside_a_zip", "good"))
        archive.write(inner, "bomb.zip")
    inner.unlink()
    return [path]


@kind(INDEXED, "a ZIP in a ZIP in a ZIP (depth 3), beside a good text")
def zip_nested_three_deep(folder: Path, config: Config) -> list[Path]:
    third = _zip({"deep.txt": _bundle_text("zip_nested_three_deep", "deep")})
    second = _zip({"third.zip": third, "second.txt": _bundle_text("zip_nested", "second")})
    data = _zip({"second.zip": second, "first.txt": _bundle_text("zip_nested", "first")})
    return _write(folder / "zip_nested_three_deep.zip", data)


@kind(FAILED, "a ZIP whose members are encrypted with a password (PKWARE cipher)")
def zip_encrypted(folder: Path, config: Config) -> list[Path]:
    files = {"mat.txt": _bundle_text("zip_encrypted", "mat")}
    return _write(folder / "zip_encrypted.zip", encrypted_zip(files, b"mat-khau"))


@kind(FAILED, "the first half of a ZIP of documents (no central directory)")
def zip_truncated(folder: Path, config: Config) -> list[Path]:
    data = _zip({"a.txt": SAMPLE_TEXT.read_bytes(), "b.html": SAMPLE_HTML.read_bytes()})
    return _write(folder / "zip_truncated.zip", data[: len(data) // 2])


@kind(FAILED, "the first 300 bytes of a tar.gz of documents")
def tar_gz_truncated(folder: Path, config: Config) -> list[Path]:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        archive.add(SAMPLE_TEXT, "a.txt")
        archive.add(SAMPLE_HTML, "b.html")
    return _write(folder / "tar_gz_truncated.tar.gz", out.getvalue()[:300])


@kind(
    INDEXED, "a ZIP with a member whose stored bytes were damaged (its CRC fails), and a good one"
)
def zip_damaged_member(folder: Path, config: Config) -> list[Path]:
    data = bytearray(
        _zip(
            {
                "damaged.txt": _bundle_text("zip_damaged_member", "damaged") * 20,
                "good.txt": _bundle_text("zip_damaged_member", "good"),
            }
        )
    )
    data[data.index(b"damaged.txt") + len(b"damaged.txt") + 8] ^= 0xFF
    return _write(folder / "zip_damaged_member.zip", bytes(data))


# Where a member named by its path would land if it were unpacked: never written.
TRAVERSAL_NAMES = ("../../escaped.txt", "/tmp/hoso-absolute-member.txt", "C:\\Windows\\win.txt")


@kind(INDEXED, "a ZIP and a tar whose member names climb out (`../../`) or are absolute")
def bundle_traversal_names(folder: Path, config: Config) -> list[Path]:
    files = {name: _bundle_text("traversal", str(i)) for i, name in enumerate(TRAVERSAL_NAMES)}
    zipped = folder / "bundle_traversal_names.zip"
    _write(zipped, _zip(files))
    tarred = folder / "bundle_traversal_names.tar"
    with tarfile.open(tarred, "w") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return [zipped, tarred]


# -- OLE2 (.doc) and RTF -------------------------------------------------------------------------
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole2_bytes(streams: dict[str, bytes]) -> bytes:
    """A minimal compound file (CFB v3, 512-byte sectors) holding `streams` (each padded to at
    least 4096 bytes, so no mini stream is needed) under the root storage."""
    names = list(streams)
    data = [streams[n].ljust(4096, b"\x00") for n in names]
    sectors = [-(-len(d) // 512) for d in data]
    fat = [_FATSECT, _END]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for count in sectors:
        starts.append(len(fat))
        fat.extend(range(len(fat) + 1, len(fat) + count))
        fat.append(_END)
    if len(fat) > 128 or len(names) > 3:
        raise ValueError("ole2_bytes writes at most one FAT sector and three streams")
    fat_sector = struct.pack("<128I", *(fat + [_FREE] * (128 - len(fat))))

    def entry(name: str, kind: int, start: int, size: int, left: int, child: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", left, _NOSTREAM, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    # The children of the root form a tree ordered by name length, then name: a left-leaning
    # chain of the names sorted in descending order is a valid (all-black) tree for readers.
    order = sorted(range(len(names)), key=lambda i: (len(names[i]), names[i].upper()), reverse=True)
    entries = [entry("Root Entry", 5, _END, 0, _NOSTREAM, 1 if names else _NOSTREAM)]
    for position, i in enumerate(order):
        left = position + 2 if position + 1 < len(order) else _NOSTREAM
        entries.append(entry(names[i], 2, starts[i], len(streams[names[i]]), left, _NOSTREAM))
    directory = b"".join(entries).ljust(512, b"\x00")
    header = (
        OLE_MAGIC
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", 0, *([_FREE] * 108))
    )
    body = b"".join(d.ljust(count * 512, b"\x00") for d, count in zip(data, sectors, strict=True))
    return header + fat_sector + directory + body


@kind(FAILED, "the OLE2 magic followed by random bytes, named .doc")
def doc_ole2_garbage(folder: Path, config: Config) -> list[Path]:
    return _write(
        folder / "doc_ole2_garbage.doc", OLE_MAGIC + _rng(config, "ole").randbytes(20_000)
    )


@kind(FAILED, "a well-formed OLE2 container whose WordDocument stream is random bytes")
def doc_random_word_stream(folder: Path, config: Config) -> list[Path]:
    rng = _rng(config, "word")
    data = ole2_bytes({"WordDocument": rng.randbytes(8192), "1Table": rng.randbytes(4096)})
    return _write(folder / "doc_random_word_stream.doc", data)


@kind(FAILED, "an OLE2 .doc with a valid Word FIB signature and random tables and counts")
def doc_fib_with_garbage(folder: Path, config: Config) -> list[Path]:
    rng = _rng(config, "fib")
    word = bytearray(rng.randbytes(8192))
    struct.pack_into("<H", word, 0, 0xA5EC)
    struct.pack_into("<H", word, 0x0A, 0x0200)  # not encrypted; 1Table
    data = ole2_bytes({"WordDocument": bytes(word), "1Table": rng.randbytes(4096)})
    return _write(folder / "doc_fib_with_garbage.doc", data)


@kind(FAILED, "an OLE2 file that is not a Word document (no WordDocument stream)")
def doc_ole2_not_word(folder: Path, config: Config) -> list[Path]:
    data = ole2_bytes({"Workbook": b"\x09\x08" + bytes(4094)})
    return _write(folder / "doc_ole2_not_word.doc", data)


@kind(ANY_FINAL, "an RTF header followed by 32 KB of random bytes")
def rtf_garbage(folder: Path, config: Config) -> list[Path]:
    data = b"{\\rtf1\\ansi " + _rng(config, "rtf").randbytes(32_768)
    return _write(folder / "rtf_garbage.rtf", data)


@kind(ANY_FINAL, "an RTF with 200,000 nested groups")
def rtf_deep_nesting(folder: Path, config: Config) -> list[Path]:
    data = b"{\\rtf1\\ansi " + b"{" * 200_000 + b"Nghi quyet" + b"}" * 200_000 + b"}"
    return _write(folder / "rtf_deep_nesting.rtf", data)


@kind(ANY_FINAL, "an RTF whose groups are never closed")
def rtf_unbalanced(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "rtf_unbalanced.rtf", b"{\\rtf1\\ansi {{{\\f0 Nghi quyet {\\b ")


# -- HTML ---------------------------------------------------------------------------------------
@kind(FAILED, "a 0-byte .html")
def html_empty(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "html_empty.html", b"")


@kind(FAILED, "an HTML page with an empty body")
def html_no_content(folder: Path, config: Config) -> list[Path]:
    return _write(
        folder / "html_no_content.html", b"<!DOCTYPE html><html><head></head><body></body></html>"
    )


@kind(ANY_FINAL, "text inside 50,000 nested <div> elements")
def html_deep_nesting(folder: Path, config: Config) -> list[Path]:
    depth = 50_000
    page = (
        "<!DOCTYPE html><html><body>"
        + "<div>" * depth
        + VIETNAMESE
        + "</div>" * depth
        + "</body></html>"
    )
    return _write(folder / "html_deep_nesting.html", page.encode())


@kind(FAILED, "an <html> tag followed by 64 KB of random bytes")
def html_binary_junk(folder: Path, config: Config) -> list[Path]:
    return _write(
        folder / "html_binary_junk.html", b"<html>" + _rng(config, "html").randbytes(65_536)
    )


# -- plain text ---------------------------------------------------------------------------------
@kind(FAILED, "a 0-byte .txt")
def txt_empty(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "txt_empty.txt", b"")


@kind(FAILED, "white space only")
def txt_whitespace(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "txt_whitespace.txt", b" \n\t\r\n   \n")


@kind(FAILED, "a UTF-8 byte-order mark and nothing else")
def txt_bom_only(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "txt_bom_only.txt", b"\xef\xbb\xbf")


@kind(FAILED, "64 KB of random bytes named .txt")
def txt_random_bytes(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "txt_random_bytes.txt", _rng(config, "txt").randbytes(65_536))


@kind(FAILED, "64 KB of random bytes, no extension")
def random_bytes_no_extension(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "random_bytes_no_extension", _rng(config, "bin").randbytes(65_536))


@kind(INDEXED, "Vietnamese UTF-8 text with invalid byte sequences sprinkled in")
def txt_invalid_utf8(folder: Path, config: Config) -> list[Path]:
    data = (VIETNAMESE * 20).encode()
    broken = b"\xff\xfe\xc3".join(data[i : i + 200] for i in range(0, len(data), 200))
    return _write(folder / "txt_invalid_utf8.txt", broken)


@kind(ANY_FINAL, "Vietnamese text with NUL bytes between the lines")
def txt_nul_bytes(folder: Path, config: Config) -> list[Path]:
    return _write(
        folder / "txt_nul_bytes.txt", (VIETNAMESE * 20).encode().replace(b"\n", b"\x00\n")
    )


@kind(INDEXED, "Vietnamese text in UTF-16-LE without a byte-order mark")
def txt_utf16_without_bom(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "txt_utf16_without_bom.txt", (VIETNAMESE * 20).encode("utf-16-le"))


@kind(INDEXED, "UTF-16-BE without a byte-order mark and with an odd trailing byte")
def txt_utf16_odd_length(folder: Path, config: Config) -> list[Path]:
    data = (VIETNAMESE * 20).encode("utf-16-be") + b"\x00"
    return _write(folder / "txt_utf16_odd_length.txt", data)


@kind(INDEXED, "Vietnamese text in Windows-1258 (decomposed tone marks)")
def txt_windows_1258(folder: Path, config: Config) -> list[Path]:
    data = unicodedata.normalize("NFD", VIETNAMESE * 20).encode("cp1258", "replace")
    return _write(folder / "txt_windows_1258.txt", data)


@kind(ANY_FINAL, "text full of C0 control characters")
def txt_control_chars(folder: Path, config: Config) -> list[Path]:
    data = (VIETNAMESE * 10).encode().replace(b" ", b"\x01\x02\x1b ")
    return _write(folder / "txt_control_chars.txt", data)


@kind(SKIPPED, "one line of big_mb MB (over the run's size limit)")
def txt_big_single_line(folder: Path, config: Config) -> list[Path]:
    path = folder / "txt_big_single_line.txt"
    chunk = VIETNAMESE.strip().encode() + b" "
    chunk = chunk * (1_048_576 // len(chunk) + 1)
    with path.open("wb") as f:
        for _ in range(config.big_mb):
            f.write(chunk[:1_048_576])
    return [path]


@kind(ANY_FINAL, "one line of long_line_kb KB of Vietnamese words (under the size limit)")
def txt_long_single_line(folder: Path, config: Config) -> list[Path]:
    line = VIETNAMESE.strip() + " "
    count = config.long_line_kb * 1024 // len(line.encode())
    return _write(folder / "txt_long_single_line.txt", (line * count).encode())


# -- names and the file system ------------------------------------------------------------------
@kind(INDEXED, "a Vietnamese file name in NFD (decomposed), as macOS writes it")
def name_nfd(folder: Path, config: Config) -> list[Path]:
    name = unicodedata.normalize("NFD", "name_nfd_Nghị quyết Hội đồng.txt")
    return _write(folder / name, council_text("name_nfd"))


@kind(ANY_FINAL, "a file name in Windows-1258 bytes (not valid UTF-8)")
def name_not_utf8(folder: Path, config: Config) -> list[Path]:
    raw = os.fsencode(folder) + b"/name_not_utf8_ngh\xec quy\xea\xf2t.txt"
    with open(raw, "wb") as f:
        f.write(council_text("name_not_utf8"))
    return [Path(os.fsdecode(raw))]


@kind(INDEXED, "a file name with a tab and a newline in it")
def name_control_chars(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "name_control\tchars\nhere.txt", council_text("name_control_chars"))


@kind(INDEXED, "a 250-byte file name")
def name_very_long(folder: Path, config: Config) -> list[Path]:
    return _write(folder / ("name_very_long_" + "x" * 231 + ".txt"), council_text("name_very_long"))


@kind(ABSENT, "two symlinks pointing at each other")
def symlink_loop(folder: Path, config: Config) -> list[Path]:
    a, b = folder / "symlink_loop_a.txt", folder / "symlink_loop_b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    return [a, b]


@kind(ABSENT, "a symlink to a file that does not exist")
def symlink_dangling(folder: Path, config: Config) -> list[Path]:
    link = folder / "symlink_dangling.pdf"
    link.symlink_to(folder / "does-not-exist.pdf")
    return [link]


@kind(ABSENT, "a directory symlink pointing at its own parent (walking it would never end)")
def symlink_directory_loop(folder: Path, config: Config) -> list[Path]:
    sub = folder / "symlink_directory_loop"
    sub.mkdir()
    (sub / "up").symlink_to(folder, target_is_directory=True)
    return [sub / "up"]


@kind(ABSENT, "a FIFO (reading it would block forever)")
def fifo(folder: Path, config: Config) -> list[Path]:
    path = folder / "fifo.txt"
    os.mkfifo(path)
    return [path]


@kind(ABSENT, "a hidden file and an Office lock file (never documents)")
def ignored_names(folder: Path, config: Config) -> list[Path]:
    return _write(folder / ".hidden.txt", council_text("ignored_names")) + _write(
        folder / "~$lock.docx", b"\x00" * 162
    )


@kind(
    ANY_FINAL,
    "a file with no read permission: failed when run as a user; root reads it anyway",
)
def unreadable(folder: Path, config: Config) -> list[Path]:
    path = folder / "unreadable.txt"
    path.write_bytes(council_text("unreadable"))
    path.chmod(0)
    return [path]


@kind(ANY_FINAL, "a file deleted after planning, before extraction (the test deletes it)")
def vanishes_during_ingest(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "vanishes_during_ingest.txt", council_text("vanishes_during_ingest"))


@kind(ANY_FINAL, "a file rewritten after planning, before extraction (the test rewrites it)")
def rewritten_during_ingest(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "rewritten_during_ingest.txt", council_text("rewritten_during_ingest"))


# -- wrong extensions and good controls ---------------------------------------------------------
@kind(INDEXED, "a real DOCX named .pdf (content decides)")
def docx_named_pdf(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "docx_named_pdf.pdf", SAMPLE_DOCX.read_bytes())


@kind(INDEXED, "a real PDF named .txt")
def pdf_named_txt(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "pdf_named_txt.txt", SAMPLE_PDF.read_bytes())


@kind(INDEXED, "a real HTML page named .docx")
def html_named_docx(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "html_named_docx.docx", SAMPLE_HTML.read_bytes())


@kind(FAILED, "a JPEG image named .docx")
def jpeg_named_docx(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "jpeg_named_docx.docx", b"\xff\xd8\xff\xe0" + bytes(2048))


# -- binary content read as text -----------------------------------------------------------------
@kind(FAILED, "council text compressed with gzip, named .txt")
def txt_gzip(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "txt_gzip.txt", gzip.compress(SAMPLE_TEXT.read_bytes(), mtime=0))


@kind(FAILED, "council text compressed with xz, no extension")
def xz_no_extension(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "xz_no_extension", lzma.compress(SAMPLE_TEXT.read_bytes()))


@kind(FAILED, "the middle of a real PDF (no header: compressed streams), named .txt")
def txt_pdf_middle(folder: Path, config: Config) -> list[Path]:
    data = SAMPLE_PDF.read_bytes()
    return _write(folder / "txt_pdf_middle.txt", data[len(data) // 3 : 2 * len(data) // 3])


@kind(INDEXED, "council text with no extension (content decides it is text)")
def text_no_extension(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "text_no_extension", council_text("text_no_extension"))


# -- page images -------------------------------------------------------------------------------
def png_declaring(width: int, height: int, rows: int = 0) -> bytes:
    """A greyscale PNG declaring width × height pixels, `rows` rows of it really there (zeros,
    deflated about a thousand times): a decompression bomb once decoded."""

    def chunk(name: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + name + data + struct.pack(">I", zlib.crc32(name + data))
        )

    packer = zlib.compressobj(9)
    row = bytes(width + 1)
    body = b"".join(packer.compress(row) for _ in range(rows)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def _tiff(width: int, height: int) -> bytes:
    """An uncompressed 1-bit TIFF declaring width × height pixels, with one strip of 1 KB."""
    entries = [
        (256, 4, width),  # ImageWidth
        (257, 4, height),  # ImageLength
        (258, 3, 1),  # BitsPerSample
        (259, 3, 1),  # Compression: none
        (262, 3, 0),  # PhotometricInterpretation: white is zero
        (273, 4, 8 + 2 + 12 * 8 + 4),  # StripOffsets: right after the directory
        (278, 4, height),  # RowsPerStrip
        (279, 4, (width + 7) // 8 * height),  # StripByteCounts
    ]
    ifd = struct.pack("<H", len(entries))
    for tag, kind_, value in entries:
        ifd += struct.pack("<HHI", tag, kind_, 1) + struct.pack(
            "<I" if kind_ == 4 else "<HH", value, *(() if kind_ == 4 else (0,))
        )
    return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + bytes(1024)


@kind(FAILED, "a PNG declaring 20,000 × 20,000 pixels (400 MB decoded; ~40 KB on disk)")
def png_pixel_bomb(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "png_pixel_bomb.png", png_declaring(20_000, 20_000, rows=2_000))


@kind(FAILED, "a TIFF declaring 100,000 × 100,000 1-bit pixels (10 gigapixels)")
def tiff_pixel_bomb(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "tiff_pixel_bomb.tif", _tiff(100_000, 100_000))


@kind(FAILED, "a PNG cut in half")
def png_truncated(folder: Path, config: Config) -> list[Path]:
    data = png_declaring(600, 400, rows=400)
    return _write(folder / "png_truncated.png", data[: len(data) // 2])


@kind(FAILED, "a TIFF header followed by random bytes")
def tiff_garbage(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "tiff_garbage.tif", b"II*\x00" + _rng(config, "tiff").randbytes(8192))


@kind(ANY_FINAL, "a valid PNG page image named .txt (content decides; OCR is off in this run)")
def png_named_txt(folder: Path, config: Config) -> list[Path]:
    return _write(folder / "png_named_txt.txt", png_declaring(600, 400, rows=400))


@kind(INDEXED, "the bundled samples, copied among the hostile files")
def good_samples(folder: Path, config: Config) -> list[Path]:
    good = folder / "good"
    good.mkdir(exist_ok=True)
    written = []
    for source in sorted(SAMPLES.iterdir()):
        target = good / source.name
        shutil.copyfile(source, target)
        target.chmod(stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IROTH)
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--big-mb", type=int, default=Config.big_mb)
    parser.add_argument("--long-line-kb", type=int, default=Config.long_line_kb)
    parser.add_argument("--bomb-mb", type=int, default=Config.bomb_mb)
    parser.add_argument("--max-pages", type=int, default=Config.max_pages)
    args = parser.parse_args()
    config = Config(
        big_mb=args.big_mb,
        long_line_kb=args.long_line_kb,
        bomb_mb=args.bomb_mb,
        max_pages=args.max_pages,
    )
    for sample in generate(args.folder, config):
        expect = "/".join(sorted(s.value for s in sample.kind.expect)) or "never catalogued"
        print(f"{sample.kind.name:<28} {expect:<24} {os.fsencode(sample.path.name)!r}")


if __name__ == "__main__":
    main()
