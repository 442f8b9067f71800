"""The format registry: which extractor reads a file, chosen by its content first.

Each format module declares `FORMAT`, `MIME_TYPES`, `EXTENSIONS`, `sniff(head, path)` and
`extract(path)`. `choose` asks every module whether the file's first bytes are its format; only
when no content check is conclusive does the extension decide (plain text has no magic bytes).
"""

from __future__ import annotations

from pathlib import Path

from core.errors import CorruptFile, UnsupportedFormat
from core.records import Extraction
from extractors import doc, docx, html, image, odt, pdf, rtf, text
from extractors.contract import ExtractOptions, Extractor
from extractors.legacy import detect_and_convert, needs_conversion

HEAD_BYTES = 8192


# Order matters only for ties: the first extractor whose content check passes wins.
EXTRACTORS: tuple[Extractor, ...] = (pdf, docx, odt, doc, rtf, html, image, text)

# Formats we recognise but cannot read yet, so the failure names the format instead of guessing.
_KNOWN_UNSUPPORTED: tuple[tuple[bytes, str], ...] = (
    # A Word .doc is read by `doc`; any other OLE2 file is a spreadsheet, slides or a damaged .doc.
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "OLE2 file that is not a readable Word document (.xls/.ppt, or a damaged .doc)",
    ),
)


def choose(path: Path) -> Extractor:
    """The extractor for `path`; raises UnsupportedFormat with the detected format otherwise."""
    try:
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError as e:
        raise CorruptFile(f"cannot read file: {e.strerror or e}") from e
    for extractor in EXTRACTORS:
        if extractor.sniff(head, path):
            return extractor
    for magic, name in _KNOWN_UNSUPPORTED:
        if head.startswith(magic):
            raise UnsupportedFormat(f"{name} is not a supported format yet")
    if not head:
        raise UnsupportedFormat("empty file")
    suffix = path.suffix.lower()
    for extractor in EXTRACTORS:
        if suffix in extractor.EXTENSIONS:
            return extractor
    if not suffix:
        # A text export often has no extension; the text extractor refuses binary content
        # ("not a text file (binary content)").
        return text
    raise UnsupportedFormat(f"unrecognised content (extension {suffix or 'none'})")


def extract(path: Path, options: ExtractOptions | None = None) -> Extraction:
    """Extract `path` with the extractor its content calls for. A zip package is refused first
    if it would expand beyond `safety.ZipLimits` (CorruptFile "refused: …"); what a parser
    raises on damaged or hostile content becomes CorruptFile (`safety.known_reason`)."""
    from extractors import safety

    if safety.is_zip(path):
        safety.check_zip(path)
    extractor = choose(path)
    try:
        extraction = extractor.extract(path, options or ExtractOptions())
    except Exception as error:
        # What parsers raise on damaged or hostile content is the file's failure, not a crash.
        reason = safety.known_reason(error)
        if reason is None:
            raise
        raise CorruptFile(f"unreadable {extractor.FORMAT.upper()}: {reason}") from error
    title = extraction.title
    if title and needs_conversion(title):
        # The file's own title (PDF Info, Word properties) was typed in the same legacy fonts
        # as its text, but carries no font to tell: read it as font-less text.
        extraction.title = detect_and_convert(title).strip() or None
    return extraction
