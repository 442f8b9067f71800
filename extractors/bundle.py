"""Bundles: ZIP and tar (plain, gzip, bzip2, xz) archives of documents, read in place.

An office sends a batch of documents as one archive. Each regular member becomes a catalog path
of its own, `bundle.zip!/folder/file.pdf` (an archive inside an archive: `outer.zip!/inner.zip!/
file.pdf`), extracted by the same extractors as a file on disk. Nothing is ever unpacked to a
path taken from the archive:
- member names are cleaned before they become catalog names: `\\` reads as `/`, and empty, `.`
  and `..` components and a leading drive are dropped, so `../../x.pdf` and `/etc/x.pdf` are
  `x.pdf` and `etc/x.pdf` *inside* the archive; the first member of a cleaned name wins;
- a member is read into memory by its cleaned name (`read_member`), never through the file system;
- the bomb limits of `safety.ZipLimits` hold for the whole tree: the members' declared sizes
  (ZIP: from the directory, before anything is inflated; tar: header by header, before each
  member is read) may not exceed `max_total_mb` in all, a member (ZIP) or the stream (compressed
  tar) may not expand more than `max_ratio`, an archive may not hold more than `max_members`
  members, and an archive inside an archive inside an archive (depth 3) is refused.

Problems of the whole archive raise CorruptFile ("encrypted archive: …", "corrupt archive: …",
"refused: …"); a member that cannot be read is listed with its own `error` and the others go on.
OOXML and ODF packages (DOCX, ODT, XLSX…) are zips too but are documents, never bundles.
"""

from __future__ import annotations

import bz2
import calendar
import gzip
import hashlib
import io
import lzma
import os
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from core.errors import CorruptFile
from extractors.safety import ZipLimits, check_zip_file

FORMATS = ("zip", "tar")
MIME_TYPES = (
    "application/zip",
    "application/x-tar",
    "application/gzip",
    "application/x-bzip2",
    "application/x-xz",
)
EXTENSIONS = (".zip", ".tar", ".tgz", ".tar.gz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
# Between an archive's catalog path and a member's name.
SEPARATOR = "!/"

# A bundle of scanned PDFs is far larger than one DOCX package; the ratio, member and depth
# limits are the package limits.
LIMITS = ZipLimits(max_total_mb=1024)

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
# gzip, bzip2, xz: a compressed tar is a bundle (tarfile's "r|*" reads all three).
_COMPRESSED = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")
_TAR_EXTENSIONS = tuple(e for e in EXTENSIONS if e != ".zip")
# Members of these names are documents' packaging, not documents of the bundle.
_PACKAGE_MARKERS = ("[Content_Types].xml", "mimetype", "META-INF/manifest.xml")
_PACKAGE_EXTENSIONS = (".docx", ".docm", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub")
_IGNORED_FOLDERS = ("__MACOSX",)
_IGNORED_PREFIXES = (".", "~$")
_CHUNK = 1 << 20


@dataclass
class Member:
    """One regular member of a bundle (or of a bundle inside it), by its cleaned `name`."""

    name: str
    size: int
    mtime_ns: int
    sha256: str = ""
    # Why the member cannot be read (it fails alone), or None.
    error: str | None = None
    # For a member that is itself an archive: its format and how many members it holds.
    format: str | None = None
    members: int | None = None
    # The member's bytes, only when asked for (`read_member`).
    data: bytes | None = None


def bundle_format(path: Path) -> str | None:
    """ "zip" or "tar" when the file at `path` is a bundle (by content), else None."""
    try:
        with path.open("rb") as f:
            return _format_of(f, path.name)
    except OSError:
        return None


def split(catalog_path: str) -> tuple[Path, str] | None:
    """The archive on disk and the member name a catalog path names, or None when the path is
    not a member's (a real file whose path holds `!/` stays a file)."""
    if SEPARATOR not in catalog_path or os.path.isfile(catalog_path):
        return None
    at = catalog_path.find(SEPARATOR)
    while at >= 0:
        if os.path.isfile(catalog_path[:at]):
            return Path(catalog_path[:at]), catalog_path[at + len(SEPARATOR) :]
        at = catalog_path.find(SEPARATOR, at + 1)
    return None


def member_path(archive: str, name: str) -> str:
    """The catalog path of member `name` of the archive at catalog path `archive`."""
    return f"{archive}{SEPARATOR}{name}"


def list_members(
    path: Path, only: set[str] | None = None, limits: ZipLimits = LIMITS
) -> list[Member]:
    """Every regular member of the archive at `path` with its sha256 (members of nested archives
    too, after the nested archive's own entry), or only those named in `only`. Raises
    CorruptFile when the archive as a whole cannot be read or is refused."""
    with _open(path) as f:
        return list(_visit(f, limits, 1, _Budget(limits), only, keep=False, name=path.name))


def read_member(path: Path, name: str, limits: ZipLimits = LIMITS) -> bytes:
    """The bytes of member `name` (a cleaned, possibly nested name) of the archive at `path`.
    Raises CorruptFile when the archive or the member cannot be read, or has no such member."""
    with _open(path) as f:
        for member in _visit(f, limits, 1, _Budget(limits), {name}, keep=True, name=path.name):
            if member.name == name:
                if member.error:
                    raise CorruptFile(member.error)
                if member.data is not None:
                    return member.data
        raise CorruptFile(f"the archive has no member {name!r} (any more)")


def clean_name(raw: str) -> str | None:
    """The member's name as hoso shows and finds it: relative, `/`-separated, no `.`/`..`, its
    bytes valid UTF-8 (others escaped as \\xNN); None when nothing is left."""
    raw = raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    parts = [p for p in raw.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    if parts and len(parts[0]) == 2 and parts[0][1] == ":":  # a Windows drive, "C:"
        parts = parts[1:]
    return "/".join(parts) or None


def is_ignored(name: str) -> bool:
    """Hidden members, macOS resource forks and Office lock files are never documents."""
    parts = name.split("/")
    return any(p.startswith(_IGNORED_PREFIXES) or p in _IGNORED_FOLDERS for p in parts)


# -- reading ------------------------------------------------------------------------------------
class _Budget:
    """The bytes the whole tree may still expand to."""

    def __init__(self, limits: ZipLimits) -> None:
        self.limits = limits
        self.left = limits.max_total_mb * 1_048_576

    def spend(self, size: int, name: str) -> None:
        if size <= self.left:
            self.left -= size
        else:  # refused without spending: an inner archive refused fails alone
            raise CorruptFile(
                f"refused: archive expands to more than {self.limits.max_total_mb} MB "
                f"(at member {name!r}; a decompression bomb?)"
            )


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as e:
        raise CorruptFile(f"cannot read file: {e.strerror or e}") from e


def _format_of(f: BinaryIO, name: str = "") -> str | None:
    """The bundle format of the file `f` (named `name`), or None for anything else."""
    head = f.read(512)
    if head.startswith(_ZIP_MAGICS):
        if name.lower().endswith(_PACKAGE_EXTENSIONS):
            return None  # a damaged DOCX is the DOCX extractor's to report
        try:
            f.seek(0)
            with zipfile.ZipFile(f) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            # Damaged: a bundle by its name (then failed as a corrupt archive), else not ours.
            return "zip" if name.lower().endswith(".zip") else None
        if any(marker in names for marker in _PACKAGE_MARKERS) or "word/document.xml" in names:
            return None
        return "zip"
    if _is_tar_header(head):
        return "tar"
    if head.startswith(_COMPRESSED):
        f.seek(0)
        try:
            return "tar" if _is_tar_header(_decompressed_head(f)) else None
        except (OSError, EOFError, ValueError, lzma.LZMAError, zlib.error):
            # Damaged: a bundle by its name (then failed as a corrupt archive), else not ours.
            return "tar" if name.lower().endswith(_TAR_EXTENSIONS) else None
    return None


def _decompressed_head(f: BinaryIO) -> bytes:
    """The first 512 bytes of a gzip, bzip2 or xz stream."""
    magic = f.read(3)
    f.seek(0)
    if magic.startswith(b"\x1f\x8b"):
        with gzip.GzipFile(fileobj=f) as g:
            return g.read(512)
    if magic == b"BZh":
        with bz2.BZ2File(f) as b:
            return b.read(512)
    with lzma.LZMAFile(f) as x:
        return x.read(512)


def _is_tar_header(block: bytes) -> bool:
    return len(block) >= 262 and block[257:262] == b"ustar"


def _visit(
    f: BinaryIO,
    limits: ZipLimits,
    depth: int,
    budget: _Budget,
    only: set[str] | None,
    keep: bool,
    prefix: str = "",
    name: str = "",
) -> Iterator[Member]:
    kind = _format_of(f, name)
    f.seek(0)
    if kind == "zip":
        yield from _visit_zip(f, limits, depth, budget, only, keep, prefix)
    elif kind == "tar":
        yield from _visit_tar(f, limits, depth, budget, only, keep, prefix)
    else:
        raise CorruptFile("corrupt archive: neither a ZIP nor a tar archive")


def _wanted(name: str, only: set[str] | None) -> bool:
    """Whether member `name` is to be read: named in `only`, on the way to a member named there
    (an archive holding it), or inside an archive named there (all of whose members are read)."""
    return (
        only is None
        or name in only
        or any(o.startswith(name + SEPARATOR) or name.startswith(o + SEPARATOR) for o in only)
    )


def _visit_zip(
    f: BinaryIO,
    limits: ZipLimits,
    depth: int,
    budget: _Budget,
    only: set[str] | None,
    keep: bool,
    prefix: str,
) -> Iterator[Member]:
    infos = check_zip_file(f, limits, what="archive")
    if infos is None:
        try:
            f.seek(0)
            zipfile.ZipFile(f).close()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
            raise CorruptFile(f"corrupt archive: {e}") from e
        raise CorruptFile("corrupt archive: its directory cannot be read")
    # Folders and symbolic links (a Unix mode in the external attributes) are never documents.
    regular = [
        i for i in infos if not i.is_dir() and (i.external_attr >> 16) & 0o170000 != 0o120000
    ]
    if regular and all(i.flag_bits & 0x1 for i in regular):
        raise CorruptFile(
            f"encrypted archive: every member ({len(regular)}) is protected by a password; "
            "it cannot be read without it"
        )
    f.seek(0)
    try:
        archive = zipfile.ZipFile(f)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise CorruptFile(f"corrupt archive: {e}") from e
    seen: set[str] = set()
    with archive:
        for info in regular:
            name = clean_name(info.filename)
            if name is None or is_ignored(name) or name in seen:
                continue
            seen.add(name)
            full = prefix + name
            if not _wanted(full, only):
                continue
            member = Member(full, info.file_size, _zip_mtime_ns(info))
            if info.flag_bits & 0x1:
                member.error = "encrypted member: protected by a password; it cannot be read"
                yield member
                continue
            budget.spend(info.file_size, info.filename)
            try:
                with archive.open(info) as stream:
                    yield from _member(stream, member, limits, depth, budget, only, keep)
            except CorruptFile:
                raise
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error, lzma.LZMAError) as e:
                member.error = f"corrupt member: {e}"
                yield member
            except NotImplementedError as e:  # e.g. an unsupported compression method
                member.error = f"unreadable member: {e}"
                yield member


def _visit_tar(
    f: BinaryIO,
    limits: ZipLimits,
    depth: int,
    budget: _Budget,
    only: set[str] | None,
    keep: bool,
    prefix: str,
) -> Iterator[Member]:
    stored = f.seek(0, 2)
    f.seek(0)
    grace = limits.ratio_grace_mb * 1_048_576
    total = count = 0
    seen: set[str] = set()
    # A plain tar is read in random-access mode (members not wanted are seeked over); a
    # compressed one as a stream, read once front to back (gzip cannot seek cheaply).
    plain = _is_tar_header(f.read(512))
    f.seek(0)
    try:
        with (
            tarfile.open(fileobj=f, mode="r:") if plain else tarfile.open(fileobj=f, mode="r|*")
        ) as archive:
            for info in archive:
                count += 1
                if count > limits.max_members:
                    raise CorruptFile(
                        f"refused: archive has more than {limits.max_members:,} members "
                        "(a decompression bomb?)"
                    )
                if not info.isfile():
                    continue  # folders, links, devices: never documents
                total += info.size
                if total > grace and total > limits.max_ratio * max(1, stored):
                    raise CorruptFile(
                        f"refused: archive expands more than {limits.max_ratio:.0f}× its "
                        f"{stored:,} bytes (at member {info.name!r}; a decompression bomb?)"
                    )
                name = clean_name(info.name)
                if name is None or is_ignored(name) or name in seen:
                    continue
                seen.add(name)
                full = prefix + name
                if not _wanted(full, only):
                    continue
                budget.spend(info.size, info.name)
                member = Member(full, info.size, int(info.mtime) * 1_000_000_000)
                stream = archive.extractfile(info)
                if stream is None:
                    continue
                yield from _member(stream, member, limits, depth, budget, only, keep)
    except CorruptFile:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError, ValueError) as e:
        raise CorruptFile(f"corrupt archive: {e or type(e).__name__}") from e


def _member(
    stream: IO[bytes],
    member: Member,
    limits: ZipLimits,
    depth: int,
    budget: _Budget,
    only: set[str] | None,
    keep: bool,
) -> Iterator[Member]:
    """Hash (and with `keep`, hold) one member's bytes; a member that is an archive is read as
    one (its own entry first, then its members), up to `limits.max_depth`."""
    head = stream.read(512)
    if not _maybe_archive(head):
        digest = hashlib.sha256(head)
        chunks = [head] if keep else []
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(chunk)
            if keep:
                chunks.append(chunk)
        member.sha256 = digest.hexdigest()
        member.data = b"".join(chunks) if keep else None
        yield member
        return
    # Possibly an archive: its bytes are needed whole (bounded by the budget spent on them).
    data = head + stream.read()
    member.sha256 = hashlib.sha256(data).hexdigest()
    nested = io.BytesIO(data)
    member.format = _format_of(nested, member.name)
    if member.format is None:  # a DOCX, an ODT, a .txt.gz: a document
        member.data = data if keep else None
        yield member
        return
    if depth + 1 > limits.max_depth:
        member.error = (
            f"refused: an archive nested {depth + 1} deep, over the limit of {limits.max_depth} "
            "(only an archive inside an archive is read)"
        )
        yield member
        return
    children: list[Member] = []
    try:
        nested.seek(0)
        children = list(
            _visit(
                nested, limits, depth + 1, budget, only, keep, member.name + SEPARATOR, member.name
            )
        )
    except CorruptFile as e:
        member.error = str(e)
        yield member
        return
    member.members = len(children)
    if keep:
        member.data = data
    yield member
    yield from children


def _zip_mtime_ns(info: zipfile.ZipInfo) -> int:
    try:
        return calendar.timegm((*info.date_time, 0, 0, 0)) * 1_000_000_000
    except (ValueError, OverflowError):
        return 0


def _maybe_archive(head: bytes) -> bool:
    return head.startswith(_ZIP_MAGICS) or _is_tar_header(head) or head.startswith(_COMPRESSED)
