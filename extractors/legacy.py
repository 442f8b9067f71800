"""Legacy Vietnamese encodings → Unicode NFC: TCVN3, VNI, VISCII, Windows-1258, VIQR, UTF-8 mojibake.

Before Unicode, Vietnamese was typed in 8-bit fonts: `.VnTime` (TCVN3/ABC) and `VNI-Times` (VNI)
draw Vietnamese letters in the slots of Latin-1 characters, so an extractor reads "Héi ®ång nh©n
d©n" where the page shows "Hội đồng nhân dân". The encoding is decided

1. from the **font name** of each run where the format carries one (`.Vn*` → TCVN3, `VNI*` → VNI,
   a PDF subset tag such as "ABCDEF+" stripped) — the strongest signal, and per run, so a file
   mixing TCVN3 and VNI converts each run with its own table;
2. from the **content** otherwise: every candidate table is tried and the one whose output is
   clearly Vietnamese (share of valid syllables, `nlp.syllables`) wins. In a document
   (`convert_lines`) a piece too short to judge takes the encoding of its nearest decided
   neighbours, which is how a file typed partly in TCVN3 and partly in VNI under one unnamed
   font (corpus file 39) comes back whole.

Content detection must never touch genuine text, so it declines whenever the text already holds
letters that only Unicode Vietnamese has (ă, đ, ơ, ư, ạ…ỹ), whenever the candidates are close,
and whenever the converted text reads as another language (viparse's guards: f/j/w/z and long
words). The charmaps are viparse's (each documents its provenance); VIQR, Windows-1258 and
UTF-8-read-as-Windows-1252 ("Há»™i Ä‘á»“ng") are decoded here because viparse has no table for them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nlp.normalize import nfc
from nlp.syllables import is_syllable, vietnamese_share

TCVN3, VNI, VISCII, CP1258, VIQR, MOJIBAKE = "tcvn3", "vni", "viscii", "cp1258", "viqr", "mojibake"
# Tables tried by content detection. VPS is left out, as in viparse: it reuses VISCII's bytes for
# other letters, so guessing between them would corrupt one or the other.
_CONTENT_CANDIDATES = (TCVN3, VNI, VISCII, CP1258)

# Content detection thresholds, on `_scores` (share of the non-ASCII words that read as Vietnamese
# syllables), calibrated on the 1,732 lines of corpus files 35-40 that hold legacy marks and at
# least 8 such words: unconverted they score 0.00-0.54 (median 0.18); decoded with the right table
# 0.94-1.0 at the 5th percentile and above; with the runner-up table a median of 0.67 but up to
# 0.91 (95th percentile) — a close race is therefore settled by letter frequencies. Genuine
# Unicode text never reaches the score: it holds letters only Unicode has and is declined first.
_ACCEPT_SHARE = 0.85
_MIN_GAIN = 0.15
_MIN_LEAD = 0.1
_MIN_LETTER_LEAD = 0.05
# Fewer syllables than this in one place are guessing: such a short piece takes the encoding of
# its nearest decided neighbour instead (encodings change between sections, not mid-sentence).
_MIN_TOKENS = 4

# Letters only Unicode Vietnamese has: outside Latin-1, so no legacy 8-bit text can contain them.
_UNICODE_ONLY_VIETNAMESE = re.compile("[ăĂđĐơƠưƯĩĨũŨ\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]")
# Unicode Vietnamese letters that happen to sit in Latin-1: present in genuine text too.
_LATIN1_VIETNAMESE = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# What legacy 8-bit text looks like read as Latin-1: the upper half minus the letters Unicode
# Vietnamese shares with it, the C1 range (VISCII letters), and the two code points PDF text layers
# of `.VnTime` fonts put in place of TCVN3's 0xAD (ư) and 0xB7 (ã).
_LEGACY_SURFACE = re.compile(
    "["
    + "".join(chr(c) for c in range(0x80, 0x100) if c != 0xA0 and chr(c) not in _LATIN1_VIETNAMESE)
    + "\u2212\u2219]"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD = re.compile(r"[^\W\d_]+")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_BAD_SHAPE = re.compile(
    r"([aeiouy])\1(?!ng)"
    r"|(?:ai|ao|au|ay|ây|eo|êu|oi|ôi|ơi|ưi|ưu|(?<!g)iu|(?<!q)ui)[bcdghklmnpqrstvx]"
)
# Left in a decoding by a wrong table: symbols no Vietnamese word is written with.
_ALIEN_LETTERS = frozenset("fjwzFJWZ")
_JUNK = re.compile("[\u00a1-\u00bf\u00d7\u00f7\u2212\u2219]")

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_STYLE_SUFFIX = re.compile(
    r"(?:[,-](?:Bold|Italic|BoldItalic|BoldOblique|Oblique|Regular|Roman|Normal|Black|Light))+$",
    re.IGNORECASE,
)
# Word names the charset variants of a font it synthesises: ".VnTimeH Tur" (corpus file 43).
_CHARSET_SUFFIX = re.compile(r"\s+(?:Tur|CE|Cyr|Greek|Baltic|Vietnamese|\(Vietnamese\))$")
# Families of the ABC (TCVN3) fonts whose names lost the leading dot ("VnTimeH(Ds)" in corpus
# file 39); the dotted ".Vn*" names are recognised by viparse.
_TCVN3_UNDOTTED = re.compile(r"^Vn[A-Z]")


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text in one font, as a document stores it (`font` None: not known)."""

    text: str
    font: str | None = None


def join_runs(parts: Sequence[Sequence[Run]], separator: str) -> list[Run]:
    """The runs of `parts` one after another, a `separator` run between two parts (a table's
    cells: lines of a cell joined by "\\n", cells of a row by "\\t")."""
    runs: list[Run] = []
    for i, part in enumerate(parts):
        if i:
            runs.append(Run(separator))
        runs.extend(part)
    return runs


def _font_base(font: str) -> str:
    name = _SUBSET_TAG.sub("", font.strip())
    name = _CHARSET_SUFFIX.sub("", name)
    return _STYLE_SUFFIX.sub("", name).strip()


@functools.cache
def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies (TCVN3 for `.Vn*`, VNI for `VNI*`), else None."""
    if not font:
        return None
    from viparse.normalize.detector import detect_encoding

    base = _font_base(font)
    detection = detect_encoding([base])
    if detection.encoding in (TCVN3, VNI):
        return detection.encoding
    if _TCVN3_UNDOTTED.match(base):
        return TCVN3
    return None


@functools.cache
def font_is_uppercase(font: str | None) -> bool:
    """True for the capitals-only legacy fonts (`.VnTimeH`, `.VnArialH`, `VNI-…H`).

    TCVN3 has no upper-case accented letters: a heading is typed in lower case and the "H" font
    draws every letter as a capital, so the text must be upper-cased after conversion.
    """
    if font_encoding(font) is None or not font:
        return False
    base = _font_base(font)
    base = re.sub(r"\(.*\)$", "", base).strip()  # "VnTimeH(Ds)": the suffix names a vendor
    return len(base) > 4 and base.endswith("H")


@functools.cache
def _charmap(encoding: str) -> Any:
    from viparse.normalize.encodings import get_charmap

    return get_charmap(encoding)


def convert(text: str, encoding: str) -> str:
    """`text` decoded from `encoding` (one of this module's encoding names), in NFC."""
    if encoding in (TCVN3, VNI, VISCII):
        from viparse.normalize.tables import convert as charmap_convert

        converted = charmap_convert(text, _charmap(encoding))
        return _capitalise_tcvn3_words(converted) if encoding == TCVN3 else converted
    if encoding == CP1258:
        return _from_cp1258(text)
    if encoding == VIQR:
        return _from_viqr(text)
    if encoding == MOJIBAKE:
        return repair_mojibake(text)
    raise ValueError(f"unknown legacy encoding {encoding!r}")


# A word typed in capitals in a TCVN3 font that is not an "H" font: the ASCII letters are
# capitals, the accented ones could only be typed in lower case ("PHÇN THø NHÊT" → "PHầN THứ
# NHấT", corpus file 39). Two capital ASCII letters and no small one mark such a word; "Cơ" or
# "Bộ" (one capital) are ordinary words and stay as they are.
_TCVN3_CAPS_WORD = re.compile(r"\b(?=(?:\w*[A-Z]){2})(?!\w*[a-z])\w*[^\W\da-zA-Z_]\w*\b")


def _capitalise_tcvn3_words(text: str) -> str:
    return _TCVN3_CAPS_WORD.sub(lambda m: m.group().upper(), text)


def convert_run(text: str, font_name: str | None) -> str:
    """One run converted by its font: a `.Vn*`/`VNI*` run decoded (upper-cased for "H" fonts);
    any other run returned unchanged (NFC). A "legacy" run already holding Unicode-only
    Vietnamese letters is Unicode typed in an old font and is left as it is."""
    encoding = font_encoding(font_name)
    if encoding is None or _UNICODE_ONLY_VIETNAMESE.search(text):
        return nfc(text)
    converted = convert(text, encoding)
    return converted.upper() if font_is_uppercase(font_name) else converted


# --- content detection -------------------------------------------------------------------------


def _has_legacy_marks(text: str) -> bool:
    """True when `text` holds a character that 8-bit legacy text shows and plain text rarely does."""
    return bool(_LEGACY_SURFACE.search(text))


def needs_conversion(text: str) -> bool:
    """Cheap test: could any of `text` be legacy-encoded or mojibake? False for ordinary text.

    Extractors call it first so that ordinary Unicode documents skip run-level work entirely.
    """
    return _has_legacy_marks(text) or bool(_MOJIBAKE_HINT.search(text)) or _looks_viqr(text)


def _reads_as_vietnamese(text: str) -> bool:
    """The guard viparse measured against European languages (its `normalize.detector` module):
    Vietnamese has no f/j/w/z and writes each syllable as a word, so in converted text at most 5%
    of words may hold those letters and at most 4% be longer than 7 letters; Spanish, French and
    German converted by a legacy table fail both (their rates: 4-25% and 10-38%)."""
    words = [w for w in _WORD.findall(text) if len(w) > 1]
    if not words:
        return True
    alien = sum(1 for w in words if _ALIEN_LETTERS & set(w)) / len(words)
    long_words = sum(1 for w in words if len(w) > 7) / len(words)
    return alien <= 0.05 and long_words <= 0.04


@functools.lru_cache(maxsize=1 << 16)
def _token_reads(token: str, encoding: str | None) -> bool:
    """Does this white-space token, decoded with `encoding` (None: as it is), read as Vietnamese?"""
    text = convert(token, encoding) if encoding else token
    words = _WORD.findall(text)
    return bool(words) and all(_is_word(w) for w in words) and not _JUNK.search(text)


def _is_word(word: str) -> bool:
    # `is_syllable` is lenient about vowel sequences: it accepts "boọ" and "soỏ" (VNI "Boä" and
    # "Soá" read as TCVN3) and "ngaỉnh" (VNI "NGAØNH"). Vietnamese doubles a vowel only in loans
    # like "xoong", and a syllable ending in a glide (ai, ao, ôi, ưu…) takes no final consonant.
    return is_syllable(word) and not _BAD_SHAPE.search(_strip_tones(word))


def _strip_tones(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))


def _scores(text: str, encodings: Sequence[str | None]) -> tuple[dict[str | None, float], int]:
    """Share of the non-ASCII tokens of `text` that read as Vietnamese under each encoding.

    Only tokens with a non-ASCII character are counted: a table cannot change the others, and
    counting them would let "MS SQL Server" or "Windows NT" in a table row drown the evidence.
    """
    tokens = [t for t in text.split() if _NON_ASCII.search(t)]
    if not tokens:
        return {enc: 0.0 for enc in encodings}, 0
    scores = {enc: sum(_token_reads(t, enc) for t in tokens) / len(tokens) for enc in encodings}
    return scores, len(tokens)


def _content_encoding(text: str, min_tokens: int = _MIN_TOKENS) -> str | None:
    """The legacy encoding `text` is clearly in, judged from its content alone; None if unsure."""
    if _UNICODE_ONLY_VIETNAMESE.search(text):
        return None
    if not _has_legacy_marks(text):
        return VIQR if _looks_viqr(text) else None
    scores, tokens = _scores(text, (None, *_CONTENT_CANDIDATES))
    if tokens < min_tokens:
        return None
    base = scores.pop(None)
    best = max(scores.values())
    if best < _ACCEPT_SHARE or best - base < _MIN_GAIN:
        return None
    contenders = [enc for enc, score in scores.items() if enc and score > best - _MIN_LEAD]
    if len(contenders) > 1:
        # Several tables give syllable-shaped output (TCVN3 text read as VISCII gives "nhẹn dẹn
        # tửnh", all well-formed): the letters' frequencies in Vietnamese decide, and must
        # decide clearly (viparse's character model separates right from wrong by 0.17).
        ranked = sorted(((_letter_score(convert(text, e)), e) for e in contenders), reverse=True)
        if ranked[0][0] - ranked[1][0] < _MIN_LETTER_LEAD:
            return None
        contenders = [ranked[0][1]]
    encoding = contenders[0]
    assert encoding is not None
    if not _reads_as_vietnamese(convert(text, encoding)):
        return None
    return encoding


def _letter_score(text: str) -> float:
    from viparse.normalize.frequency import vietnamese_score

    return float(vietnamese_score(text))


def detect_encoding(text: str) -> str | None:
    """The legacy encoding of font-less `text` (or MOJIBAKE / VIQR), None for Unicode or unsure."""
    if _mojibake_spans(text):
        return MOJIBAKE
    return _content_encoding(text)


def detect_and_convert(text: str) -> str:
    """Font-less text converted to Unicode NFC if its content is clearly legacy, else unchanged.

    UTF-8 read as Windows-1252 is repaired span by span wherever it occurs; TCVN3, VNI, VISCII,
    Windows-1258 and VIQR are converted only when the whole text clearly reads as Vietnamese
    after conversion. Genuine Unicode text and other languages come back unchanged (NFC).
    """
    text = repair_mojibake(text)
    encoding = _content_encoding(text)
    return convert(text, encoding) if encoding else nfc(text)


# --- documents: runs with fonts ------------------------------------------------------------------


@dataclass
class _Piece:
    """Consecutive runs of one line that convert alike."""

    text: str
    font: str | None
    encoding: str | None  # from the font
    upper: bool
    decided: str | None = None  # from content, for pieces whose font says nothing


def convert_lines(lines: Sequence[Sequence[Run]]) -> list[str]:
    """The lines of a document, each a sequence of runs, as Unicode NFC text (one str per line).

    Runs in a legacy font are converted by their font. The remaining text of each line is grouped
    by font and detected from its content; a group too short to judge takes the encoding decided
    for the nearest group in the same font (else in any font), and only if it holds characters
    that plain Unicode text would not.
    """
    pieces_by_line: list[list[_Piece]] = []
    for line in lines:
        pieces: list[_Piece] = []
        for run in line:
            if not run.text:
                continue
            encoding = font_encoding(run.font)
            upper = encoding is not None and font_is_uppercase(run.font)
            last = pieces[-1] if pieces else None
            # Coalesce before converting: a VNI letter (base + mark) may be split across runs.
            if (
                last
                and (last.encoding, last.upper) == (encoding, upper)
                and (encoding is not None or last.font == run.font or not run.text.strip())
            ):
                last.text += run.text
            else:
                pieces.append(_Piece(run.text, run.font, encoding, upper))
        pieces_by_line.append(pieces)

    groups: list[_Group] = []
    for pieces in pieces_by_line:
        by_font: dict[str | None, list[_Piece]] = {}
        for piece in pieces:
            if piece.encoding is None:
                by_font.setdefault(piece.font, []).append(piece)
            elif piece.text.strip():
                # A run in a legacy font is evidence for its font-less neighbours as well.
                groups.append(_Group(piece.font, [], piece.text, encoding=piece.encoding))
        for font, members in by_font.items():
            group = _Group(font, members, repair_mojibake("".join(p.text for p in members)))
            groups.append(group)
            if _UNICODE_ONLY_VIETNAMESE.search(group.text):
                group.unicode = True
            elif _NON_ASCII.search(group.text) or _looks_viqr(group.text):
                group.encoding = _content_encoding(group.text)
    _drop_minority_charsets(groups)
    _decide_from_neighbours(groups)
    for group in groups:
        for piece in group.members:
            piece.decided = group.encoding

    font_tables = {g.encoding for g in groups if g.encoding in (TCVN3, VNI)}
    out: list[str] = []
    for pieces in pieces_by_line:
        parts: list[str] = []
        for piece in pieces:
            if piece.encoding is not None:
                parts.append(convert_run(piece.text, piece.font))
            elif piece.decided in (TCVN3, VNI):
                others = tuple(sorted(font_tables - {piece.decided}))
                parts.append(_convert_words(piece.text, piece.decided, others))
            else:
                text = repair_mojibake(piece.text)
                parts.append(convert(text, piece.decided) if piece.decided else nfc(text))
        out.append(nfc("".join(parts)))
    return out


def _convert_words(text: str, encoding: str, others: tuple[str, ...]) -> str:
    """`text` in `encoding`, except words that only read as Vietnamese in another font table.

    Text typed on two machines and pasted together keeps one font for both: corpus file 39 has
    "c¸c SÔÛ, BAN, NGAØNH" — TCVN3 words, then VNI capitals, in one run of one font.
    """
    if not others:
        return convert(text, encoding)

    def word(match: re.Match[str]) -> str:
        token = match.group()
        if _NON_ASCII.search(token) and not _token_reads(token, encoding):
            for other in others:
                converted = convert(token, other)
                if converted != nfc(token) and _token_reads(token, other):
                    return converted
        return convert(token, encoding)

    return re.sub(r"\S+", word, text)


@dataclass
class _Group:
    """The font-less text of one line in one font: the unit content detection judges."""

    font: str | None
    members: list[_Piece]
    text: str
    encoding: str | None = None
    unicode: bool = False  # holds letters only Unicode has: never converted


def _drop_minority_charsets(groups: list[_Group]) -> None:
    """Forget VISCII and Windows-1258 verdicts unless they hold most of the decided text.

    Those are character sets, chosen once for a whole file; only the font encodings (TCVN3, VNI)
    change from run to run. A few garbled lines of a TCVN3 file can read slightly better as
    VISCII (corpus file 39 has lines with dropped letters); that is noise, not a second charset.
    """
    weight: dict[str, int] = {}
    for group in groups:
        if group.members and group.encoding:
            weight[group.encoding] = weight.get(group.encoding, 0) + len(group.text)
    total = sum(weight.values())
    for group in groups:
        if group.encoding in (VISCII, CP1258) and weight[group.encoding] * 2 < total:
            group.encoding = None


def _decide_from_neighbours(groups: list[_Group]) -> None:
    """Undecided groups with non-ASCII text take an encoding with their neighbours as the prior.

    A heading such as "CH¦¥NG III: HÖ thèng c¸c dù ¸n" or a table cell "Bé" is too short to be
    judged alone; next to paragraphs that clearly are TCVN3 it is TCVN3 as well (corpus file 39,
    where one unnamed font holds TCVN3 and VNI sections). The prior is the encoding of the
    nearest decided group before and after (in the same font when there is one); another table
    wins only when the text itself reads clearly better with it. The choice is kept when the
    text reads better converted than not — or, for plain-looking text (only letters Unicode
    Vietnamese has too, "MôC LôC"), when its own font is otherwise legacy and the conversion
    reads at least as well. A font that also holds genuine Unicode text lends nothing to its
    plain-looking fragments.
    """
    decided = [(i, g.font, g.encoding) for i, g in enumerate(groups) if g.encoding]
    if not decided:
        return
    unicode_fonts = {g.font for g in groups if g.unicode}
    known = {enc for _, _, enc in decided if enc in _CONTENT_CANDIDATES}
    for i, group in enumerate(groups):
        if group.encoding or group.unicode or not _NON_ASCII.search(group.text):
            continue
        same_font = [d for d in decided if d[1] == group.font]
        suspicious = _has_legacy_marks(group.text)
        if not suspicious and (not same_font or group.font in unicode_fonts):
            continue
        pool = same_font or decided
        earlier = [d[2] for d in pool if d[0] < i][-1:]
        later = [d[2] for d in pool if d[0] > i][:1]
        prior = {enc for enc in earlier + later if enc in _CONTENT_CANDIDATES}
        if not prior:
            continue
        scores, tokens = _scores(group.text, (None, *_CONTENT_CANDIDATES))
        before = scores[None]
        encoding = max(sorted(prior), key=lambda enc: scores[enc])
        # Only a table the document is already known to use may overrule the prior.
        challenger = max(sorted(known), key=lambda enc: scores[enc])
        if scores[challenger] - scores[encoding] >= _MIN_LEAD:
            encoding = challenger
        after = scores[encoding]
        if suspicious:
            # Foreign words ("MS SQL Server", "Windows") are plain ASCII and unchanged by any
            # table, so an improvement here is an improvement on the legacy words themselves.
            ok = after > before or tokens < _MIN_TOKENS
        elif tokens < _MIN_TOKENS:
            ok = after >= before
        else:
            ok = after >= max(before, _ACCEPT_SHARE) and _reads_as_vietnamese(
                convert(group.text, encoding)
            )
        if ok:
            group.encoding = encoding


# --- Windows-1258, VIQR, UTF-8 mojibake ----------------------------------------------------------


def _from_cp1258(text: str) -> str:
    """Windows-1258 text that was decoded as Windows-1252: re-encode, decode right, compose."""
    out: list[str] = []
    for char in text:
        try:
            out.append(char.encode("cp1252").decode("cp1258"))
        except UnicodeError:
            out.append(char)
    return nfc("".join(out))


# VIQR (RFC 1456): a vowel followed by its modifier ( ^ + and tone ' ` ? ~ . ; "dd" is đ.
_VIQR_MODIFIER = {"(": "\u0306", "^": "\u0302", "+": "\u031b"}
_VIQR_MODIFIABLE = {"(": "aA", "^": "aAeEoO", "+": "oOuU"}
_VIQR_TONE = {"'": "\u0301", "`": "\u0300", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_VIQR_VOWELS = frozenset("aeiouyAEIOUY")
_VIQR_WORD = re.compile(r"[A-Za-z\\][A-Za-z(^+'`?~.\\]*")
_VIQR_MARKED = re.compile(r"[AaEeOoUu][(^+]|[AaEeIiOoUuYy][(^+]?['`?~.][a-z]|^[Dd][Dd][aeiouy]")


def _looks_viqr(text: str) -> bool:
    """Pure 7-bit text where many words carry VIQR marks inside them (not just punctuation)."""
    if _NON_ASCII.search(text):
        return False
    words = text.split()
    if len(words) < _MIN_TOKENS:
        return False
    marked = sum(1 for w in words if _VIQR_MARKED.search(w))
    if marked < 3 or marked / len(words) < 0.2:
        return False
    return vietnamese_share(_from_viqr(text)) >= _ACCEPT_SHARE


def _from_viqr(text: str) -> str:
    return nfc(_VIQR_WORD.sub(lambda m: _viqr_word(m.group(), text, m.end()), text))


def _viqr_word(word: str, text: str, end: int) -> str:
    """One VIQR word: each mark applies to the vowel typed just before it; "\\" escapes a mark."""
    out: list[str] = []
    base = ""  # the last letter written, and whether it already took a modifier / tone
    has_modifier = has_tone = False
    i = 0
    if word[:2] in ("dd", "DD", "Dd"):
        out.append("đ" if word[0] == "d" else "Đ")
        i = 2
    while i < len(word):
        char = word[i]
        if char == "\\" and i + 1 < len(word):
            out.append(word[i + 1])
            base, i = "", i + 2
            continue
        if char in _VIQR_MODIFIER and base in _VIQR_MODIFIABLE[char] and not has_modifier:
            out.append(_VIQR_MODIFIER[char])
            has_modifier = True
        elif char in _VIQR_TONE and base in _VIQR_VOWELS and not has_tone:
            last = i == len(word) - 1
            following = text[end : end + 2]
            # "...ra." or "...gì?" ends a sentence; a tone only if a lower-case word follows.
            if char in ".?" and last and not (following[:1] == " " and following[1:2].islower()):
                out.append(char)
                base = ""
            else:
                out.append(_VIQR_TONE[char])
                has_tone = True
        else:
            out.append(char)
            if char.isalpha():
                base, has_modifier = char, False
            else:
                base = ""
        i += 1
    return "".join(out)


# UTF-8 bytes that were decoded as Windows-1252: runs of characters that all exist in 1252.
_CP1252_RUN = re.compile(
    "[\x00-\x7f\x80-\xff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]+"
)
_MOJIBAKE_WORD = re.compile(_CP1252_RUN.pattern.replace("\x00-\x7f", "\x21-\x7f"))
# A UTF-8 lead byte (Â-ô) followed by a continuation byte (0x80-0xBF as 1252 shows it).
_MOJIBAKE_HINT = re.compile(
    "[\xc2-\xf4][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]"
)


_PLAUSIBLE = re.compile("[\u00a0-\u024f\u0300-\u036f\u1e00-\u1eff\u2010-\u206f\u20ac\u2122]")


def _cp1252_bytes(text: str) -> bytes:
    out = bytearray()
    for char in text:
        code = ord(char)
        # The five bytes 1252 leaves undefined come through as their C1 code points.
        out += bytes([code]) if 0x80 <= code <= 0x9F else char.encode("cp1252")
    return bytes(out)


def _mojibake_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, repaired) for each span that is UTF-8 read as 1252 and decodes cleanly."""
    if not _MOJIBAKE_HINT.search(text):
        return []
    spans = []
    # A UTF-8 sequence never holds an ASCII byte, so a mojibake word ends at white space; words
    # are tried one by one so that genuine text around them ("nhân dân") does not spoil them.
    for match in _MOJIBAKE_WORD.finditer(text):
        chunk = match.group()
        if not _MOJIBAKE_HINT.search(chunk):
            continue
        try:
            repaired = _cp1252_bytes(chunk).decode("utf-8")
        except UnicodeDecodeError:
            continue
        # Decoding only succeeds where every high byte is part of a valid UTF-8 sequence —
        # which ordinary French, German or Spanish text never is ("é" alone is not UTF-8). A
        # short legacy run can decode by accident ("Ê¬" is valid UTF-8 for U+02AC), so the
        # result must also consist of Latin letters, marks and punctuation.
        if repaired != chunk and all(_PLAUSIBLE.match(c) for c in _NON_ASCII.findall(repaired)):
            spans.append((match.start(), match.end(), nfc(repaired)))
    return spans


def repair_mojibake(text: str) -> str:
    """UTF-8 text that was read as Windows-1252 ("Há»™i Ä‘á»“ng") decoded again; else unchanged."""
    spans = _mojibake_spans(text)
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for start, end, repaired in spans:
        parts.append(text[last:start])
        parts.append(repaired)
        last = end
    parts.append(text[last:])
    return "".join(parts)
