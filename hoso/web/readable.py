"""Sentences for the internal strings pages would otherwise show: failure reasons of files and
why an original cannot be served.

The pipeline records reasons in English for logs and the CLI ("unrecognised content (extension
.tsv)"); a historian reading the status page needs a sentence in the page's language. Each rule
is a pattern of one reason the pipeline writes and the i18n key of its sentence; a reason no
rule knows is shown as recorded.
"""

from __future__ import annotations

import re

from hoso.web import i18n

# (pattern, i18n key); named groups fill the sentence's placeholders.
RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), key)
    for pattern, key in (
        (r"unrecognised content \(extension (?P<ext>[^)]*)\)", "reason.unrecognised"),
        (r"(?P<name>\S+) is not a supported format yet", "reason.unsupported"),
        (r"empty file|the file is empty or holds only white space", "reason.empty"),
        (r"needs OCR: Tesseract is not installed", "reason.no_tesseract"),
        (r"needs OCR", "reason.needs_ocr"),
        (r"OCR took longer than (?P<seconds>\d+) s", "reason.ocr_slow"),
        (r"Tesseract failed", "reason.ocr_failed"),
        (r"encrypted \(password protected\)", "reason.encrypted"),
        (r"holds no text", "reason.no_text"),
        (r"unreadable|not a Word 97-2003|has no piece table|cannot be rendered", "reason.corrupt"),
        (r"decompression bomb", "reason.bomb"),
        (r"cannot read file", "reason.unreadable_file"),
        (r"outside the archive roots", "reason.outside_roots"),
        (r"no longer exists|is not a regular file", "reason.gone"),
        (r"changed since it was ingested", "reason.changed"),
        (r"has no file in the catalog", "reason.no_file"),
        (r"cannot be read from its archive any more", "reason.archive_gone"),
    )
)


def readable_reason(reason: str, lang: str) -> str:
    """The sentence for a recorded reason in `lang`, the recorded reason when no rule knows it."""
    for pattern, key in RULES:
        if m := pattern.search(reason):
            return i18n.translate(lang, key, **{k: v or "" for k, v in m.groupdict().items()})
    return reason
