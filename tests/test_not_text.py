"""Binary content is never indexed as text, whatever the file is named; real text in any encoding,
legacy 8-bit Vietnamese included, still is.

The fifty binary files come from tests/nottext.py (random bytes, compressed text, the binary
middle of PDFs, zip packages and images, named .txt or without an extension); the texts from the
shared corpus and the bundled samples, and the corpus's transcripts written in TCVN3, VNI and
VISCII bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from nottext import COUNT, generate
from viparse.normalize.encodings import CHARMAPS

from core.errors import BadInput, UnsupportedFormat
from extractors import ExtractOptions, extract
from extractors.text import MAX_BINARY_SHARE, NOT_TEXT, binary_share, decode
from nlp.normalize import nfc

OPTIONS = ExtractOptions(ocr=False)


@pytest.fixture(scope="module")
def binaries(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate(tmp_path_factory.mktemp("not-text"))


def test_none_of_fifty_binary_files_is_indexed_as_text(binaries: list[Path]) -> None:
    assert len(binaries) == COUNT == 50
    assert sum(not p.suffix for p in binaries) == 25
    as_text, reasons = [], {}
    for path in binaries:
        try:
            extraction = extract(path, OPTIONS)
        except BadInput as error:
            reasons[path.name] = str(error)
            continue
        as_text.append(f"{path.name}: {extraction.format} {extraction.text[:40]!r}")
    assert not as_text
    # Every one is named for what it is, not for what could not be read in it.
    assert set(reasons.values()) == {NOT_TEXT}, reasons


def test_binary_and_text_are_far_apart(binaries: list[Path], corpus_dir: Path) -> None:
    binary = min(binary_share(decode(p.read_bytes())[0]) for p in binaries)
    texts = sorted((corpus_dir / "text").glob("*.txt")) + sorted(corpus_dir.glob("*.md"))
    assert len(texts) >= 30
    text = max(binary_share(decode(p.read_bytes())[0]) for p in texts)
    assert text < MAX_BINARY_SHARE / 10 and binary > MAX_BINARY_SHARE * 1.5, (text, binary)


def test_a_text_file_without_an_extension_is_read(samples_dir: Path, tmp_path: Path) -> None:
    source = samples_dir / "hnp_2019-12-03_thuong-truc-hdnd.txt"
    nameless = tmp_path / "export"
    nameless.write_bytes(source.read_bytes())
    assert extract(nameless, OPTIONS).text == extract(source, OPTIONS).text


def _legacy_bytes(text: str, table: str) -> bytes:
    """Unicode text written in a legacy 8-bit encoding (viparse's tables, shown over
    Windows-1252; its undefined bytes are C1 code points there). TCVN3 has no capitals with
    tone marks (its heading font draws the small ones as capitals): they are written small; the
    few letters a table lacks become "?"."""
    reverse: dict[str, str] = {}
    for legacy, unicode in CHARMAPS[table].pairs:
        reverse.setdefault(unicode, legacy)
    out = bytearray()
    for char in "".join(reverse.get(c, reverse.get(c.lower(), c)) for c in nfc(text)):
        out += bytes([ord(char)]) if 0x80 <= ord(char) <= 0x9F else char.encode("cp1252", "replace")
    return bytes(out)


@pytest.mark.parametrize("table", ["tcvn3", "vni", "viscii"])
def test_legacy_encoded_text_files_pass_and_are_converted(
    corpus_dir: Path, tmp_path: Path, table: str
) -> None:
    transcripts = sorted((corpus_dir / "ground_truth").glob("*.gt.txt"))
    assert len(transcripts) >= 9
    for gt in transcripts:
        original = gt.read_text("utf-8")
        path = tmp_path / f"{table}-{gt.name}"
        path.write_bytes(_legacy_bytes(original, table))
        result = extract(path, OPTIONS)
        assert result.metadata["encoding"] == "legacy 8-bit Vietnamese", gt.name
        words = nfc(original).casefold().split()[:200]
        same = sum(a == b for a, b in zip(result.text.casefold().split(), words, strict=False))
        assert same >= 0.9 * len(words), gt.name


def test_an_html_or_rtf_header_before_binary_data_is_not_text(tmp_path: Path) -> None:
    junk = bytes(range(256)) * 64
    for name, head in [("page.html", b"<html><body><p>"), ("note.rtf", b"{\\rtf1\\ansi ")]:
        path = tmp_path / name
        path.write_bytes(head + junk)
        with pytest.raises(UnsupportedFormat, match="binary content"):
            extract(path, OPTIONS)
