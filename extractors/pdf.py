"""PDF, page by page: the text layer (legacy fonts converted), and OCR where the layer is missing or broken.

A page's text is pdfplumber's `extract_text()`: characters clustered into lines by their top
(3 pt tolerance), sorted by x, split into words at white space and at gaps over 3 pt. That rule
reads the two-column letterhead of a council document ("HỘI ĐỒNG NHÂN DÂN ... CỘNG HÒA XÃ HỘI
...") as one line per row, which the facts rely on. pdfplumber takes the characters from pdfminer,
in pure Python (150-300 ms a page); pdfium (pypdfium2) has them in C++. So a page is first read by
the **fast path** (`fast_layer_text`, about 10 ms): pdfium's characters with pdfminer's
coordinates recomputed from the same numbers (origin, font size, descent: equal to 0.001 pt on
every character of the corpus), and pdfplumber's rule applied to them (`_plumber_text`). pdfium
post-processes its characters where pdfminer does not, so the fast path declines a page
(`_CloseCall`) wherever that could change the text:

- a text object with ink that has no characters (pdfium drops duplicates drawn twice for bold,
  and a lone hyphen); an `ActualText` replacement; a character without a Unicode mapping
  (pdfminer writes "(cid:N)"); a legacy font; rotated or skewed text;
- a close call of the rule: a line or word gap within float32 noise (0.005 pt) of 3 pt, a word
  gap within the width uncertainty (pdfium's width is the wider of advance and ink: up to 0.13 em
  over pdfminer's on the corpus, exact where the ink stops short), two characters of different
  objects at the same x (their order is the stream's in one, pdfium's in the other).

Ink-less text objects (a lone space between words) that pdfium skips are put back as spaces. A
hyphen ending a line, which pdfium rewrites (it no longer tells "-" from a soft hyphen, U+00AD),
is read as "-": what the page shows, and what pdfplumber reads on every such line of the corpus
(document numbers cut at a line end: "84/BC-" + "HĐND"); a soft hyphen there would read "\xad"
in pdfplumber.
What remains assumed, not checked: pdfium's dropping of a character drawn twice within one
object (same code, within 0.07 em), and ink-less objects being white space. Pages whose text
needs run-by-run conversion (a legacy font, legacy-looking text) and pages the fast path
declines are read by pdfplumber exactly as before (`_layer_text`); so is every page when pdfium
cannot open the file (a damaged file fails with pdfminer's reason). `tests/test_pdf_fast_path.py`
compares both readings on every page of the corpus and of generated documents. Beyond that:

- text in a legacy font (`.VnTime` = TCVN3, `VNI-Times` = VNI; corpus files 41 and 42), or with
  characters plain Unicode text would not hold, is rebuilt run by run from pdfplumber's text map,
  each run converted by its font (`extractors.legacy`);
- a page with no usable text layer (a scan) or a broken one is rendered and OCR'd
  (`extractors.ocr`); a mixed PDF OCRs only those pages.

A text layer counts as **broken** (`broken_layer`) when, after any legacy conversion, it has
unmapped glyphs ("(cid:106)"), letters outside the Vietnamese alphabet (ToUnicode mismaps:
"nƣớc", "PHÖ" in corpus files 11 and 20), or a `vietnamese_share` below 0.8. Calibration on the
corpus (BENCHMARKS.md, "Text fidelity"): clean Unicode pages score 0.85-1.0 and never hold an
alien letter or a cid; the cid-broken pages of file 03 score 0.59-0.77; unconverted TCVN3 pages
0.27-0.38. The mismapped pages of 11 and 20 still score 0.93-0.99 (a few words per page are
wrong), which is why the alien-letter test exists beside the share.
"""

from __future__ import annotations

import ctypes
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import CorruptFile, NoText
from core.records import Extraction, Page
from extractors.legacy import Run, convert_lines, font_encoding, needs_conversion
from nlp.normalize import nfc
from nlp.syllables import vietnamese_share

if TYPE_CHECKING:
    from extractors.contract import ExtractOptions

FORMAT = "pdf"
MIME_TYPES: tuple[str, ...] = ("application/pdf",)
EXTENSIONS: tuple[str, ...] = (".pdf",)

# Below this share of valid syllables a text layer is not Vietnamese text (see module docstring).
BROKEN_SHARE = 0.8
# The share is only meaningful over enough words; short pages (a signature page) are not judged.
MIN_JUDGED_WORDS = 30
# A page with fewer letters than this and a picture on it is a scan (a stamp or a page number
# may still be in the text layer).
MIN_TEXT_LETTERS = 50

_VIETNAMESE_LETTERS = frozenset(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
)
# A letter that is neither a Vietnamese letter nor its capital (the exact test, on `lower()`,
# runs only where this finds one).
_MAYBE_ALIEN = re.compile(
    f"[^\\W\\d_{''.join(sorted(_VIETNAMESE_LETTERS | {c.upper() for c in _VIETNAMESE_LETTERS}))}]"
)
_CID = re.compile(r"\(cid:\d+\)")
_WORD = re.compile(r"[^\W\d_]+")


def sniff(head: bytes, path: Path) -> bool:
    # The header may follow a little junk; readers accept it within the first 1024 bytes.
    return b"%PDF-" in head[:1024]


def broken_layer(text: str) -> str | None:
    """Why a page's (already converted) text layer cannot be trusted, or None if it can."""
    if _CID.search(text):
        return "unmapped glyphs (cid)"
    words = _WORD.findall(text)
    # Most pages hold no letter outside the alphabet in either case: one regex search says so.
    alien = (
        [w for w in words if any(c.lower() not in _VIETNAMESE_LETTERS for c in w)]
        if _MAYBE_ALIEN.search(text)
        else []
    )
    if alien:
        return f"letters outside the Vietnamese alphabet ({', '.join(alien[:3])})"
    if len(words) >= MIN_JUDGED_WORDS and (share := vietnamese_share(text)) < BROKEN_SHARE:
        return f"only {share:.0%} of its words are Vietnamese syllables"
    return None


def _page_runs(page: Any) -> list[list[Run]]:
    """The page's text as lines of (text, font) runs, in pdfplumber's reading order."""
    lines: list[list[Run]] = []
    current: list[Run] = []
    font: str | None = None
    buffer: list[str] = []
    for char_text, char in page.get_textmap().tuples:
        if char_text == "\n":
            if buffer:
                current.append(Run("".join(buffer), font))
                buffer = []
            lines.append(current)
            current = []
            continue
        char_font = char.get("fontname") if char else font  # layout spaces join their run
        if char_font != font and buffer:
            current.append(Run("".join(buffer), font))
            buffer = []
        font = char_font
        buffer.append(char_text)
    if buffer:
        current.append(Run("".join(buffer), font))
    lines.append(current)
    return lines


def _layer_text(page: Any) -> str:
    """The text layer of one page, legacy fonts and legacy-looking text converted."""
    text = page.extract_text() or ""
    fonts = {c.get("fontname") for c in page.chars}
    if not any(font_encoding(f) for f in fonts) and not needs_conversion(text):
        return nfc(text).strip()
    return nfc("\n".join(convert_lines(_page_runs(page)))).strip()


# --- the fast path: pdfplumber's text from pdfium's characters ------------------------------------

# Pages read by each path in this process (benchmarks report the share).
FAST_PATH_PAGES: Counter[str] = Counter()

# pdfplumber's defaults (`utils.text`): both the word gap and the line tolerance are 3 pt.
_TOLERANCE = 3.0
# pdfium keeps positions in float32 (pdfminer: float64): differences below this are noise.
_NOISE = 0.005
# pdfium's character width (glyph ink included) exceeds the /Widths advance pdfminer uses by
# 0 to 0.13 em on the corpus (italics most); the word-gap test allows for 0.15 em.
_WIDTH_SLACK = 0.15
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
_LIGATURE_TABLE = str.maketrans(_LIGATURES)
_LIGATURE_CHARS = re.compile(f"[{''.join(_LIGATURES)}]")
# pdfium's normalisation of U+FB05 gives "ſt" where pdfplumber writes "st"; 0x2 is a hyphen pdfium
# rewrote (it forgets whether it was "-" or a soft hyphen); 0 and U+FFFE carry no text (U+FFFE
# that pdfium marks a hyphen is one ending a line: read as "-").
_UNTRUSTED_CHARACTERS = frozenset("ſ\x00\x02\x03\ufffe")


class _CloseCall(Exception):
    """The fast path cannot vouch for its answer on this page."""


# A character as pdfplumber sees it: (text, x0, x1, top, font size, text object, index in pdfium's
# list: the pieces of one glyph that maps to several code points share it).
_Char = tuple[str, float, float, float, float, int, int]


def fast_layer_text(page: Any) -> tuple[str, bool] | None:
    """The text layer of a `pypdfium2.PdfPage`, equal to `_layer_text` of the same page in
    pdfplumber, and whether the page holds pictures (pdfplumber's `page.images`: pdfium lists
    the same image objects, inline or not, in forms too); None when only pdfplumber can tell
    (see the module docstring)."""
    import pypdfium2.raw as pdfium_c

    raw = page.raw
    if pdfium_c.FPDFPage_GetRotation(raw) != 0:
        return None
    textpage = pdfium_c.FPDFText_LoadPage(raw)
    handle = ctypes.cast(textpage, ctypes.c_void_p).value or 0
    try:
        chars, has_images = _pdfium_chars(raw, handle)
        text = _plumber_text(chars, _ExactRight(handle))
    except _CloseCall:
        return None
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
    if needs_conversion(text):
        return None  # legacy-looking text: converted run by run from pdfplumber's fonts
    return nfc(text).strip(), has_images


class _Calls:
    """The pdfium text functions called once per character, as cffi pointers to the functions
    pypdfium2 loaded, taking and returning plain integers for handles: a call costs about 60%
    of the same call through ctypes (the fast path makes three to four per character)."""

    def __init__(self) -> None:
        import cffi
        import pypdfium2.raw as pdfium_c

        self.ffi = ffi = cffi.FFI()

        def declare(name: str, signature: str) -> Any:
            return ffi.cast(signature, ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value)

        self.count = declare("FPDFText_CountChars", "int(*)(uintptr_t)")
        self.text = declare("FPDFText_GetText", "int(*)(uintptr_t, int, int, unsigned short*)")
        self.generated = declare("FPDFText_IsGenerated", "int(*)(uintptr_t, int)")
        self.map_error = declare("FPDFText_HasUnicodeMapError", "int(*)(uintptr_t, int)")
        self.is_hyphen = declare("FPDFText_IsHyphen", "int(*)(uintptr_t, int)")
        self.text_object = declare("FPDFText_GetTextObject", "uintptr_t(*)(uintptr_t, int)")
        self.origin = declare("FPDFText_GetCharOrigin", "int(*)(uintptr_t, int, double*, double*)")
        # FS_RECTF: left, top, right, bottom.
        self.loose_box = declare("FPDFText_GetLooseCharBox", "int(*)(uintptr_t, int, float*)")
        self.ink_box = declare(
            "FPDFText_GetCharBox", "int(*)(uintptr_t, int, double*, double*, double*, double*)"
        )


@functools.cache
def _calls() -> _Calls:
    return _Calls()


class _ExactRight:
    """Whether pdfium's x1 for a character is pdfminer's: pdfium's box is the wider of the
    advance and the ink, so it is the advance (what pdfminer uses) wherever the ink stops
    short of it (measured on every character of the corpus's text PDFs: no exception)."""

    def __init__(self, textpage: int) -> None:
        self.textpage = textpage
        self.ink = _calls().ffi.new("double[4]")  # left, right, bottom, top
        self.loose = _calls().ffi.new("float[4]")

    def __call__(self, index: int) -> bool:
        if index < 0:
            return False
        calls, ink = _calls(), self.ink
        calls.ink_box(self.textpage, index, ink, ink + 1, ink + 2, ink + 3)
        calls.loose_box(self.textpage, index, self.loose)
        return ink[1] < self.loose[2] - _NOISE  # ink right < loose right


def _pdfium_chars(raw_page: Any, textpage: int) -> tuple[list[_Char], bool]:
    """The page's characters with pdfminer's coordinates, in pdfium's order, and whether the
    page holds pictures; raises _CloseCall."""
    import pypdfium2.raw as pdfium_c

    calls = _calls()
    height = pdfium_c.FPDF_GetPageHeightF(raw_page)
    objects, has_images = _text_objects(raw_page)
    count = calls.count(textpage)
    buffer = calls.ffi.new("unsigned short[]", count + 1)
    written = calls.text(textpage, 0, count, buffer) - 1  # without the NUL
    unicode = bytes(calls.ffi.buffer(buffer, 2 * max(written, 0))).decode(
        "utf-16-le", "surrogatepass"
    )
    if len(unicode) != count or any("\ud800" <= c <= "\udfff" for c in unicode):
        # Control characters are left out of the text, astral ones take two units: the text
        # no longer lines up with the characters.
        raise _CloseCall("text and characters do not line up")
    chars: list[_Char] = []
    lines: dict[int, tuple[float, float]] = {}  # object → (top offset, font size)
    point = calls.ffi.new("double[2]")
    box = calls.ffi.new("float[4]")  # left, top, right, bottom
    generated, map_error, text_object = calls.generated, calls.map_error, calls.text_object
    origin, loose_box, y = calls.origin, calls.loose_box, point + 1
    append = chars.append
    for i, text in enumerate(unicode):
        if text in " \r\n" and generated(textpage, i):
            continue  # pdfium's own spaces and line breaks: pdfplumber has none
        if text == "\ufffe" and calls.is_hyphen(textpage, i):
            text = "-"  # a hyphen ending a line ("84/BC-" + "HĐND"): what the page shows
        elif text in _UNTRUSTED_CHARACTERS or map_error(textpage, i):
            raise _CloseCall("character without a trustworthy Unicode value")
        key = text_object(textpage, i)
        metrics = lines.get(key)
        if metrics is None:
            if key not in objects:
                raise _CloseCall("character outside the page's text objects")
            metrics = lines[key] = _line_metrics(textpage, i, key)
        origin(textpage, i, point, y)
        loose_box(textpage, i, box)
        # pdfminer: top = height - (origin y + (1 + descent) * font size * vertical scale)
        append((text, point[0], box[2], height - (point[1] + metrics[0]), metrics[1], key, i))
    for key, space in objects.items():
        if space is None:
            if key not in lines:
                raise _CloseCall("pdfium dropped a text object (a duplicate, a lone hyphen)")
            continue
        # White space pdfium left out (a lone " " between words, spaces after a space): for
        # pdfplumber it ends a word and its top joins the line clustering. Its first and last
        # characters stand for all: nothing else sits between them.
        first, last, offset = space
        if key not in lines:
            for x0 in (first, last) if last - first >= _NOISE else (first,):
                chars.append((" ", x0, x0, height - offset, 0.0, key, -1 - len(chars)))
    return chars, has_images


def _line_metrics(handle: int, index: int, obj: int) -> tuple[float, float]:
    """(height of a character's box above its origin as pdfminer draws it, font size) for the
    characters of one text object; raises _CloseCall for text that is not upright."""
    import pypdfium2.raw as pdfium_c

    textpage = ctypes.cast(handle, pdfium_c.FPDF_TEXTPAGE)
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(textpage, index, matrix)
    if matrix.b != 0 or matrix.c != 0 or matrix.a <= 0 or matrix.d <= 0:
        raise _CloseCall("rotated, mirrored or skewed text")
    size = pdfium_c.FPDFText_GetFontSize(textpage, index)
    descent = ctypes.c_float()
    text_object = ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT)
    pdfium_c.FPDFFont_GetDescent(
        pdfium_c.FPDFTextObj_GetFont(text_object), ctypes.c_float(1.0), descent
    )
    return size * matrix.d * (1 + descent.value), size * matrix.d


def _text_objects(
    raw_page: Any,
) -> tuple[dict[int, tuple[float, float, float] | None], bool]:
    """Every text object of the page: None for one with ink, and for an ink-less one (white
    space, which pdfium leaves out or merges into a neighbouring space) the x of its first and
    last character and the offset of their top; and whether the page holds an image. Raises
    _CloseCall for what the fast path does not model: legacy fonts, ActualText, ink-less text
    inside forms."""
    import pypdfium2.raw as pdfium_c

    found: dict[int, tuple[float, float, float] | None] = {}
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fonts: dict[int, bool] = {}
    images = False

    def visit(count: int, get: Any, in_form: bool) -> None:
        for i in range(count):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                visit(
                    pdfium_c.FPDFFormObj_CountObjects(obj),
                    lambda j, form=obj: pdfium_c.FPDFFormObj_GetObject(form, j),
                    True,
                )
                continue
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                nonlocal images
                images = True
            if kind != pdfium_c.FPDF_PAGEOBJ_TEXT:
                continue
            key = ctypes.cast(obj, ctypes.c_void_p).value or 0
            font = pdfium_c.FPDFTextObj_GetFont(obj)
            font_key = ctypes.cast(font, ctypes.c_void_p).value or 0
            if font_key not in fonts:
                fonts[font_key] = _is_legacy_font(font)
            if fonts[font_key]:
                raise _CloseCall("legacy font")
            if _has_actual_text(obj):
                raise _CloseCall("ActualText")
            pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
            # Bounds are the union of the glyphs' ink: a space has none.
            if right.value - left.value >= 0.01 and top.value - bottom.value >= 0.01:
                found[key] = None
                continue
            if in_form:
                raise _CloseCall("ink-less text inside a form")
            matrix = pdfium_c.FS_MATRIX()
            pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
            if matrix.b != 0 or matrix.c != 0 or matrix.a <= 0 or matrix.d <= 0:
                raise _CloseCall("rotated white space")
            size = ctypes.c_float()
            pdfium_c.FPDFTextObj_GetFontSize(obj, size)
            descent = ctypes.c_float()
            pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1.0), descent)
            offset = matrix.f + size.value * matrix.d * (1 + descent.value)
            found[key] = (left.value, right.value, offset)

    visit(
        pdfium_c.FPDFPage_CountObjects(raw_page),
        lambda j: pdfium_c.FPDFPage_GetObject(raw_page, j),
        False,
    )
    return found, images


def _is_legacy_font(font: Any) -> bool:
    import pypdfium2.raw as pdfium_c

    for getter in (pdfium_c.FPDFFont_GetBaseFontName, pdfium_c.FPDFFont_GetFamilyName):
        size = getter(font, None, 0)
        if size <= 0:
            continue
        buffer = ctypes.create_string_buffer(size)
        getter(font, buffer, size)
        if font_encoding(buffer.value.decode("utf-8", "replace")):
            return True
    return False


def _has_actual_text(obj: Any) -> bool:
    """True when a marked-content ActualText may replace the object's characters in pdfium."""
    import pypdfium2.raw as pdfium_c

    for m in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
        mark = pdfium_c.FPDFPageObj_GetMark(obj, m)
        length = ctypes.c_ulong()
        if pdfium_c.FPDFPageObjMark_GetParamStringValue(
            mark, b"ActualText", None, 0, ctypes.byref(length)
        ):
            return True
    return False


def _clusters(values: Iterable[float]) -> dict[float, int]:
    """pdfplumber's `cluster_list`: sorted distinct values, a new cluster after each gap over
    3 pt; raises _CloseCall when a gap is too close to 3 pt to be sure of."""
    ids: dict[float, int] = {}
    cluster, last = 0, None
    for value in sorted(set(values)):
        if last is not None:
            gap = value - last
            if abs(gap - _TOLERANCE) <= _NOISE:
                raise _CloseCall("line gap of 3 pt")
            cluster += gap > _TOLERANCE
        ids[value] = cluster
        last = value
    return ids


def _plumber_text(chars: list[_Char], exact_right: Callable[[int], bool]) -> str:
    """pdfplumber's `extract_text()` (layout off, default tolerances) over these characters:
    lines by top, characters by x, words split at white space, a gap over 3 pt or a top 3 pt
    away; raises _CloseCall where pdfium's numbers cannot settle a decision."""
    if not chars:
        return ""
    line_of = _clusters(c[3] for c in chars)
    # pdfplumber sorts by line, then each line by x, both stable: one stable sort by both.
    ordered = sorted(chars, key=lambda c: (line_of[c[3]], c[1]))
    words: list[str] = []
    tops: list[float] = []
    word: list[str] = []
    top = last_line = 0.0
    before: _Char | None = None  # the previous character of the line
    last: _Char | None = None  # the last character of the word
    for char in ordered:
        line = line_of[char[3]]
        if before is not None and line == last_line and _same_x_ambiguous(before, char):
            raise _CloseCall("two characters at the same x")
        if line != last_line or char[0].isspace():
            if word:
                words.append("".join(word))
                tops.append(top)
                word = []
            last_line, before = line, char
            if char[0].isspace():
                continue
        elif last is not None and word and _begins_word(last, char, exact_right):
            words.append("".join(word))
            tops.append(top)
            word = []
        if not word or char[3] < top:
            top = char[3]
        word.append(char[0])
        before = last = char
    if word:
        words.append("".join(word))
        tops.append(top)
    line_of = _clusters(tops)
    lines = [
        " ".join(w for w, _ in group)
        for _, group in groupby(zip(words, tops, strict=True), key=lambda wt: line_of[wt[1]])
    ]
    text = "\n".join(lines)
    return text.translate(_LIGATURE_TABLE) if _LIGATURE_CHARS.search(text) else text


def _same_x_ambiguous(before: _Char, char: _Char) -> bool:
    """True when the order of two characters that sort as neighbours may differ between the
    paths: pdfplumber keeps stream order for equal x, pdfium reorders text objects, and
    float32 noise can swap near-equal x. Equal x within one object (a zero-width combining mark
    and the next letter) is computed alike by both and keeps stream order in both."""
    step = char[1] - before[1]
    if step >= _NOISE or char[6] == before[6]:
        return False
    return char[5] != before[5] or step != 0


def _begins_word(before: _Char, char: _Char, exact_right: Callable[[int], bool]) -> bool:
    """pdfplumber's `char_begins_new_word` for upright text. pdfminer's x1 of `before` is
    pdfium's where `exact_right` says so, else between pdfium's less `_WIDTH_SLACK` em and
    pdfium's."""
    # The rule's first test, a step back to the left, never fires: lines are sorted by x.
    rise = abs(char[3] - before[3])
    if abs(rise - _TOLERANCE) <= _NOISE:
        raise _CloseCall("a top 3 pt away")
    if rise > _TOLERANCE:
        return True
    gap = char[1] - before[2] - _TOLERANCE
    if gap > _NOISE:
        return True
    if gap <= -_WIDTH_SLACK * before[4]:
        return False
    if exact_right(before[6]) and abs(gap) > _NOISE:
        return gap > 0
    raise _CloseCall("a word gap near 3 pt")


def extract(path: Path, options: ExtractOptions) -> Extraction:
    pages: list[Page] = []
    to_ocr: dict[int, str] = {}  # page index → why its text layer is not used
    texts, title = _layer_texts(path)
    for index, (text, has_images) in enumerate(texts):
        letters = sum(c.isalpha() for c in text)
        if letters < MIN_TEXT_LETTERS and has_images:
            to_ocr[index] = "no text layer"
        elif reason := broken_layer(text):
            to_ocr[index] = f"broken text layer: {reason}"
        pages.append(Page(number=index + 1, text=text))
    if not pages:
        raise CorruptFile("PDF has no pages")
    if not to_ocr and not any(p.text for p in pages):
        # No text and no picture objects pdfplumber can see (inline or vector-drawn scans):
        # reading the rendered pages is the only way left.
        to_ocr = dict.fromkeys(range(len(pages)), "no text layer")
    metadata: dict[str, str] = {}
    if to_ocr:
        pages, metadata = _ocr_pages(path, pages, to_ocr, options)
    if not any(p.text for p in pages):
        raise NoText(f"no text on any of its {len(pages)} pages, not even by OCR")
    return Extraction(
        format=FORMAT,
        pages=pages,
        title=nfc(title) if isinstance(title, str) else None,
        metadata=metadata,
    )


def _layer_texts(path: Path) -> tuple[list[tuple[str, bool]], str | None]:
    """(text layer, whether the page has pictures) per page, and the title: every page the fast
    path can vouch for from pdfium, the others from pdfplumber (all of them when pdfium cannot
    open the file, so a damaged file fails with pdfminer's reason, as before)."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError:
        return _plumber_layer_texts(path, None)
    try:
        texts: list[tuple[str, bool] | None] = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                texts.append(fast_layer_text(page))
            finally:
                page.close()
        # pdfium reads the Info dictionary of the newest revision; "" means no title.
        title = pdf.get_metadata_value("Title") or None
    finally:
        pdf.close()
    FAST_PATH_PAGES["pdfium"] += sum(t is not None for t in texts)
    if all(t is not None for t in texts):
        return [t for t in texts if t is not None], title
    slow, _ = _plumber_layer_texts(path, [i for i, t in enumerate(texts) if t is None])
    if len(slow) != len(texts):  # the two parsers disagree on the page tree: trust pdfminer
        return _plumber_layer_texts(path, None)
    return [t if t is not None else slow[i] for i, t in enumerate(texts)], title


def _plumber_layer_texts(
    path: Path, indices: list[int] | None
) -> tuple[list[tuple[str, bool]], str | None]:
    """pdfplumber's reading of the pages at `indices` (None: every page; the others come back
    empty), and the title pdfminer reads."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    texts: list[tuple[str, bool]] = []
    try:
        with pdfplumber.open(path) as pdf:
            wanted = set(range(len(pdf.pages)) if indices is None else indices)
            for index, page in enumerate(pdf.pages):
                if index in wanted:
                    texts.append((_layer_text(page), bool(page.images)))
                    FAST_PATH_PAGES["pdfplumber"] += 1
                else:
                    texts.append(("", False))
            title = (pdf.metadata or {}).get("Title")
    except (PdfminerException, PDFSyntaxError) as e:
        raise CorruptFile(f"unreadable PDF: {e}") from e
    return texts, title if isinstance(title, str) else None


def _ocr_pages(
    path: Path, pages: list[Page], to_ocr: dict[int, str], options: ExtractOptions
) -> tuple[list[Page], dict[str, str]]:
    """Replace the pages in `to_ocr` by their OCR; without OCR keep the layer's text if any."""
    from extractors import ocr

    unavailable = ocr.unavailable_reason(options)
    numbers = ", ".join(str(i + 1) for i in sorted(to_ocr))
    if unavailable is None:
        for index in sorted(to_ocr):
            pages[index] = ocr.ocr_pdf_page(path, index, options)
        return pages, {"ocr_pages": numbers}
    scans = [i for i, why in to_ocr.items() if why == "no text layer"]
    has_text = any(p.text for i, p in enumerate(pages) if i not in scans)
    if not has_text:
        what = (
            "no text layer"
            if len(scans) == len(to_ocr)
            else "no usable text layer (" + "; ".join(sorted(set(to_ocr.values()))) + ")"
        )
        raise NoText(f"needs OCR: {what} and {unavailable}")
    # Some text is better than none: the broken or missing pages are named in the metadata.
    return pages, {"ocr_skipped": f"pages {numbers}: {unavailable}"}
