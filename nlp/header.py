"""What a document says about itself: its header, its signature block, or a news article's byline.

The layout is the one of Nghị định 30/2020/NĐ-CP (and of Thông tư 01/2011/TT-BNV before it): a
letterhead naming the issuer (one to three upper-case lines in the left column), the national
motto in the right column (often on the same text line, after tabs or spaces), "Số: 12/2019/NQ-
HĐND" and "Hà Nội, ngày 27 tháng 6 năm 2025", the type ("NGHỊ QUYẾT") with the trích yếu (title)
under it, or "V/v …" for a công văn; at the end "TM. …", "KT. CHỦ TỊCH", the role and the
signer's name, interleaved with the "Nơi nhận" list. Records stripped of their letterhead still
carry the authority line ("HỘI ĐỒNG NHÂN DÂN TỈNH HÀ GIANG / KHÓA XVII - KỲ HỌP THỨ NĂM") and the
date of adoption ("thông qua ngày 13 tháng 7 năm 2017"). News articles instead carry a date-time
stamp ("(09:39 03/12/2019)"), a source ("HNP - …", "Theo …") and an author line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.records import HeaderFacts, Signer
from nlp import places
from nlp.bodies import recase
from nlp.dates import first_date, iso_day
from nlp.normalize import fold, normalize_tones
from nlp.numbers import ordinal, roman_to_int
from nlp.people import is_name
from nlp.places import Place

HEADER_LINES = 45
# A header or signature line is short; a longer one is body text run together (a document with
# no line breaks), and only its start is read as header.
MAX_LINE = 300
DOC_TYPES = {
    fold(name).upper(): name
    for name in (
        "Nghị quyết", "Quyết định", "Chỉ thị", "Quy chế", "Quy định", "Thông báo", "Hướng dẫn",
        "Chương trình", "Kế hoạch", "Phương án", "Đề án", "Dự án", "Báo cáo", "Biên bản",
        "Tờ trình", "Hợp đồng", "Công văn", "Công điện", "Bản ghi nhớ", "Bản thỏa thuận",
        "Giấy ủy quyền", "Giấy mời", "Giấy giới thiệu", "Giấy nghỉ phép", "Phiếu gửi",
        "Phiếu chuyển", "Phiếu báo", "Thư công", "Nghị định", "Thông tư", "Luật", "Pháp lệnh",
        "Kết luận",
    )
}  # fmt: skip
# Type codes in a document's symbol ("12/2019/NQ-HĐND" → NQ), Nghị định 30/2020/NĐ-CP Phụ lục III.
NUMBER_CODES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế", "QYĐ": "Quy định",
    "TB": "Thông báo", "TBKL": "Thông báo", "HD": "Hướng dẫn", "CTR": "Chương trình",
    "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án", "BC": "Báo cáo",
    "BB": "Biên bản", "TTR": "Tờ trình", "HĐ": "Hợp đồng", "CĐ": "Công điện", "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu", "GUQ": "Giấy ủy quyền", "KL": "Kết luận", "NĐ": "Nghị định",
    "TT": "Thông tư",
}  # fmt: skip

_MOTTO = re.compile(
    r"C[ỘO]NG\s+H(?:[ÒÓOÕ]A|OÀ)\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM"
    r"|Đ[ộo]c\s+l[ậa]p\s*[-–—]\s*T[ựu]\s+do\s*[-–—]\s*H[ạa]nh\s+ph[úu]c",
    re.IGNORECASE,
)
_COLUMNS = re.compile(r"\t+|\s{3,}")
_RULE = re.compile(r"^[\s\-–—_=.*]+$")
_MARKUP = re.compile(r"^\s*(?:<[^>]+>\s*)+$")
_NUMBER_LINE = re.compile(r"^\s*(?:Số|SỐ|So)\s*[:.]?\s*(?P<rest>.*)$")
_VV = re.compile(r"^\s*V/v\s*[:.]?\s*(?P<rest>.*)$", re.IGNORECASE)
_PLACE_DATE = re.compile(r",\s*(?:ng[àa\ufffd]y)\b", re.IGNORECASE)
_TITLE_STOP = re.compile(
    r"^\s*(?:Căn\s+cứ|Kính\s+gửi|Xét\s|Theo\s+đề\s+nghị|Thực\s+hiện\s|Trên\s+cơ\s+sở|QUYẾT\s+NGHỊ"
    r"|Điều\s+1|\(Kèm\s+theo|Ngày\s+\d|Hôm\s+nay|Chương\s+I\b|Phần\s+I\b|I\.\s|KH[ÓO]A\s+[IVXL]+\b"
    r"|KỲ\s+HỌP\s+THỨ|(?:HỘI\s+ĐỒNG|ỦY\s+BAN|UỶ\s+BAN)\s+NHÂN\s+DÂN\s*$)",
    re.IGNORECASE,
)
# A letterhead names a body: one of these words is in it ("PHẦN THỨ NHẤT:" is no letterhead).
_BODY_WORD = re.compile(
    r"\b(?:HỘI\s+ĐỒNG|ỦY\s+BAN|UỶ\s+BAN|UBND|HĐND|SỞ|BAN|VĂN\s+PHÒNG|ĐOÀN|THƯỜNG\s+TRỰC|BỘ|CHÍNH\s+PHỦ"
    r"|QUỐC\s+HỘI|ỦY|UỶ|ĐẢNG|MẶT\s+TRẬN|UBMTTQ|TÒA\s+ÁN|VIỆN|CÔNG\s+AN|CỤC|CHI\s+CỤC|THANH\s+TRA"
    r"|TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG|THỊ\s+TRẤN)\b",
    re.IGNORECASE,
)
_AUTHORITY = re.compile(
    r"^\s*(?:HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|ỦY\s+BAN\s+NHÂN\s+DÂN|UỶ\s+BAN\s+NHÂN\s+DÂN|THƯỜNG\s+TRỰC"
    r"|CHỦ\s+TỊCH|BỘ\s+TRƯỞNG|GIÁM\s+ĐỐC|HĐND|UBND|BAN\s+THƯỜNG\s+VỤ|ĐOÀN\s+GIÁM\s+SÁT)\b"
)
_KIND_WORD = re.compile(r"\b(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\b")
_SESSION = re.compile(
    r"(?<!\w)k[ỳy]\s+họp\s+thứ\s+(?P<n>\d+|[^\W\d_]+(?:\s+(?:mươi|mốt|một|hai|ba|tư|bốn|năm|lăm|"
    r"sáu|bảy|tám|chín))?)",
    re.IGNORECASE,
)
_KHOA = re.compile(r"(?<!\w)kh[óo]a\s+(?P<k>[IVXLC]+)(?!\w)", re.IGNORECASE)
_TERM = re.compile(r"(?<!\w)nhiệm\s+kỳ\s+(\d{4})\s*[-–—]\s*(\d{4})", re.IGNORECASE)
_ADOPTED = re.compile(r"thông\s+qua\s+(?:vào\s+)?ng[àa]y", re.IGNORECASE)
_STAMP = re.compile(
    r"\(?\s*(?P<h>\d{1,2})[:h](?P<mi>\d{2})\s*,?\s*(?P<d>\d{1,2})/(?P<mo>\d{1,2})/(?P<y>\d{4})\s*\)?"
    r"|(?P<d2>\d{1,2})/(?P<mo2>\d{1,2})/(?P<y2>\d{4})\s*[-,]?\s*(?P<h2>\d{1,2})[:h](?P<mi2>\d{2})"
    r"|(?:thứ\s+\w+|chủ\s+nhật)\s*,\s*(?P<d3>\d{1,2})\s+(?P<mo3>\d{1,2})\s+(?P<y3>\d{4})\s+"
    r"(?P<h3>\d{1,2}):(?P<mi3>\d{2})",
    re.IGNORECASE,
)
_WEEKDAY_ONLY = re.compile(r"^(?:thứ\s+\w+|chủ\s+nhật)\s*,?\s*$", re.IGNORECASE)
_LEDE_SOURCE = re.compile(r"^\s*(?P<src>[A-ZĐ]{2,8}(?:\.[A-Z]{2,4})?)\s*[-–—]\s+\S")
_THEO = re.compile(r"\bTheo\s+(?P<src>[A-ZĐ][^\n|.,;:()]{1,60}?)\s*(?:Xem\b|[|.\n]|$)")
_BOILERPLATE = re.compile(
    r"^(?:các\s+bài|tin\s+(?:đã\s+đưa|khác|liên\s+quan)|bài\s+viết|viết\s+bình\s+luận|"
    r"bình\s+luận|liên\s+kết|xem\s+thêm|chia\s+sẻ|số\s+lượt)",
    re.IGNORECASE,
)
_NOI_NHAN = re.compile(r"^\s*Nơi\s+nhận\b")
_AFTER_SIGNATURE = re.compile(r"^\s*(?:PHỤ\s+LỤC|Điều\s+\d|Chương\s+[IVX]+)")
_ROLE_WORDS = (
    "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "CHÁNH VĂN PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG", "TRƯỞNG ĐOÀN", "PHÓ TRƯỞNG ĐOÀN", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN",
    "BÍ THƯ", "PHÓ BÍ THƯ", "CHÁNH THANH TRA", "TRƯỞNG PHÒNG", "CHỦ NHIỆM", "BỘ TRƯỞNG",
    "THỨ TRƯỞNG", "TỔNG GIÁM ĐỐC", "CHÁNH ÁN", "VIỆN TRƯỞNG", "ỦY VIÊN", "THỦ TRƯỞNG", "TRƯỞNG",
)  # fmt: skip
_ROLE_START = re.compile(
    r"^(?:(?:TM|KT|TL|TUQ|Q|T/M)\.?\s+\S|(?:"
    + "|".join(re.escape(w) for w in _ROLE_WORDS)
    + r")(?!\w))"
)
_SIGN_FOR = re.compile(r"^(TM|KT|TL|TUQ|Q)\.?\s+(.*)$")


@dataclass
class Header(HeaderFacts):
    """The header facts of one document, plus the place its issuer sits in (`locality`), which
    bare body names are read against."""

    locality: Place | None = None


def read_header(text: str, title_hint: str | None = None) -> Header:
    """The header facts of a document's text (as prepared by `nlp.facts.prepare`).

    `issued_date` keeps the precision the document gives: "2024" for "ngày   tháng   năm 2024".
    """
    lines = text.splitlines()
    header = Header()
    head = _header_lines(lines)
    parts = [(i, part) for i, line in head for part in columns(line)]
    symbol = _number(parts, header)
    _place_date(head, header)
    type_index = _doc_type(parts, header, symbol)
    _letterhead(parts, header, type_index)
    _title(lines, parts, header, type_index)
    _article(lines, header, title_hint)
    if header.issuer is None:
        _authority(parts, header)
    if header.published:
        header.issued_date = header.published[:10]
    if header.issued_date is None:
        header.issued_date = _adopted(text) or _annex_date(text, header.doc_type)
    header.signer = read_signer(lines)
    header.session, header.term = read_session(text, head, header.title)
    return header


# --- document numbers -------------------------------------------------------------------------


def normalize_number(number: str) -> str:
    """One spelling of a document number: dashes unified, spaces and trailing dots dropped,
    "Ð" (Icelandic eth, a common font slip) read as "Đ": "15–NQ/TU." → "15-NQ/TU"."""
    text = re.sub(r"[–—‐‑]", "-", number.replace("Ð", "Đ"))
    return normalize_tones(re.sub(r"\s+", "", text).strip(".,;:"))


def number_code(number: str) -> str | None:
    """The type a symbol names: "12/2019/NQ-HĐND" → "Nghị quyết", "15-NQ/TU" → "Nghị quyết",
    "/UBND-NC" → "Công văn" (Nghị định 30/2020: a letter's symbol has no type code)."""
    number = normalize_number(number)
    for token in re.split(r"[/-]", number):
        if not token.isdigit() and token.upper() in NUMBER_CODES:
            return NUMBER_CODES[token.upper()]
    symbol = number.split("/", 1)[1] if "/" in number else number
    return "Công văn" if re.search(r"[A-ZĐ]", symbol) else None


# --- layout -----------------------------------------------------------------------------------


def columns(line: str) -> list[str]:
    """The columns of a header or signature line: split at tabs and runs of spaces, with the
    national motto and rules cut out ("ỦY BAN NHÂN DÂN ⇥ CỘNG HÒA …" → ["ỦY BAN NHÂN DÂN"])."""
    pieces: list[str] = []
    for chunk in _COLUMNS.split(line.replace("|", "   ")):
        for piece in _MOTTO.split(chunk):
            piece = piece.strip(" \t*#_")
            if piece and not _RULE.match(piece):
                pieces.append(piece)
    return pieces


def _header_lines(lines: list[str]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if len(out) >= HEADER_LINES:
            break
        if line.strip() and not _MARKUP.match(line):
            out.append((i, line[:MAX_LINE]))
    return out


def _is_upper(text: str) -> bool:
    """At least 85% of the letters are capitals."""
    letters = sum(map(str.isalpha, text))
    return letters > 0 and sum(map(str.isupper, text)) >= 0.85 * letters


# --- number, place and date, type ---------------------------------------------------------------


def _number(parts: list[tuple[int, str]], header: Header) -> str | None:
    """Sets the number from "Số: 12/2019/NQ-HĐND"; returns the symbol as written, also when the
    number is left blank ("Số:     /TB-UBND" → "/TB-UBND": a draft or an unsigned copy)."""
    for _, part in parts[:30]:
        if m := _NUMBER_LINE.match(part):
            # "Số: 02 /TB-UBND": a space typed before the symbol
            rest = re.sub(r"^(\d+)\s+(?=/)", r"\1", m["rest"].strip())
            token = (rest.split() or [""])[0].strip(" .,;")
            if "/" not in token and "-" not in token:
                continue
            if token[0].isdigit():
                header.doc_number = token
                header.doc_number_normalized = normalize_number(token)
            return token
    return None


def _place_date(head: list[tuple[int, str]], header: Header) -> None:
    # "Số: 11/2025/NQ-HĐND Hà Nội, ngày 27 tháng 6 năm 2025": the place is the run of capitalised
    # words before ", ngày" in its column; the date may be blank in part ("ngày   tháng 11 …").
    for _, line in head[:25]:
        m = _PLACE_DATE.search(line)
        if not m:
            continue
        column = _MOTTO.split(_COLUMNS.split(line[: m.start()])[-1])[-1]
        place: list[str] = []
        for word in reversed(column.split()):
            if not word[:1].isupper() or any(c.isdigit() or c in "/:" for c in word):
                break
            place.insert(0, word)
            if len(place) == 4:
                break
        if not place:
            continue
        header.place = " ".join(place)
        found = first_date(line[m.start() :])
        if found is not None and found.precision in ("day", "month", "year"):
            header.issued_date = found.value
        return


def _doc_type(parts: list[tuple[int, str]], header: Header, symbol: str | None) -> int | None:
    """Sets the type from its line ("NGHỊ QUYẾT", "DỰ THẢO QUYẾT ĐỊNH") and returns that line's
    index; without one, "V/v" makes a công văn, else the symbol's type code decides."""
    for index, (_, part) in enumerate(parts):
        written = part.strip(" :")
        key = re.sub(r"^DU THAO\s+", "", fold(written).upper())
        if key in DOC_TYPES and written.isupper():
            header.doc_type = DOC_TYPES[key]
            return index
    if any(_VV.match(part) for _, part in parts[:25]):
        header.doc_type = "Công văn"
    elif symbol:
        header.doc_type = number_code(symbol)
    return None


# --- issuer -----------------------------------------------------------------------------------


def _letterhead(parts: list[tuple[int, str]], header: Header, type_index: int | None) -> None:
    lines: list[str] = []
    for index, (_, part) in enumerate(parts):
        if type_index is not None and index >= type_index:
            break
        if part.isdigit():  # a page number above the letterhead
            continue
        if _NUMBER_LINE.match(part) or _PLACE_DATE.search(part) or _VV.match(part):
            break
        if not _is_upper(part):
            break
        if lines and (part.startswith(("VÀ ", "& ")) or lines[-1].endswith((" VÀ", "&", "-"))):
            lines[-1] = f"{lines[-1]} {part}"  # "VĂN PHÒNG ĐOÀN ĐBQH / VÀ HĐND TỈNH THANH HÓA"
        else:
            lines.append(part)
        if len(lines) == 4:
            break
    if lines and any(_BODY_WORD.search(line) for line in lines):
        header.issuer, header.locality = compose_issuer(lines)


def compose_issuer(lines: list[str]) -> tuple[str | None, Place | None]:
    """The issuer a letterhead names, in its usual short form, and its place.

    ["HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"] → "HĐND thành phố Hà Nội";
    ["HĐND TỈNH BẮC NINH", "THƯỜNG TRỰC"] → "Thường trực HĐND tỉnh Bắc Ninh";
    ["UBND TỈNH BÌNH THUẬN", "SỞ NỘI VỤ"] → "Sở Nội vụ tỉnh Bình Thuận".
    """
    place: Place | None = None
    segments: list[str] = []
    for line in lines:
        rest, found = _split_place(line)
        place = found or place
        if rest:
            segments.append(_short(rest))
    if not segments:
        return None, place
    name = segments[0]
    if len(segments) > 1:
        parent, child = segments[0], segments[-1]
        if parent == "HĐND":
            name = f"{child} HĐND"
        elif parent == "UBND" and child.startswith("Văn phòng"):
            name = f"{child} UBND"
        elif parent.endswith(("Tỉnh ủy", "Thành ủy", "Huyện ủy")):
            name = child if child.endswith("ủy") else f"{child} {parent}"
        else:
            name = child
    if place is None:
        return name, None
    if name.endswith(("Tỉnh ủy", "Thành ủy", "Huyện ủy")):
        return f"{name} {place.name}", place
    return f"{name} {place.label}", place


def _split_place(line: str) -> tuple[str, Place | None]:
    """A letterhead line and the place at its end: "UBND TỈNH BÌNH THUẬN" → ("UBND", tỉnh Bình
    Thuận); "THÀNH PHỐ HÀ NỘI" → ("", thành phố Hà Nội)."""
    words = line.split()
    for i in range(len(words)):
        for kind_len in (2, 1):
            kind = " ".join(words[i : i + kind_len]).lower().rstrip(".")
            kind = "thành phố" if kind == "tp" else kind
            if kind not in places.KIND_LEVEL or i + kind_len >= len(words):
                continue
            if place := places.lookup(" ".join(words[i + kind_len :]), kind):
                return " ".join(words[:i]), place
    party = " ".join(words[:2]).upper() in ("TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY")
    if party and len(words) >= 3 and (place := places.lookup(" ".join(words[2:]))):
        return " ".join(words[:2]), place
    for kind_len in (2, 1):
        # A place the gazetteer does not know (misspelt, or a glyph lost in a PDF): as written.
        kind = " ".join(words[:kind_len]).lower()
        if kind in places.KIND_LEVEL and 1 <= len(words) - kind_len <= 4 and _is_upper(line):
            name = " ".join(w.capitalize() for w in words[kind_len:])
            return "", Place(kind, name, places.level_of(kind, name))
    return line, None


def _short(segment: str) -> str:
    text = recase(segment)
    return text.replace("Hội đồng nhân dân", "HĐND").replace("Ủy ban nhân dân", "UBND")


def _authority(parts: list[tuple[int, str]], header: Header) -> None:
    # A record stripped of its letterhead still names its author above the preamble, on one line
    # or two ("HỘI ĐỒNG NHÂN DÂN / TỈNH ĐỒNG THÁP", "… TỈNH BÀ RỊA-VŨNG / TÀU").
    for k, (_, part) in enumerate(parts):
        if not (_AUTHORITY.match(part) and _is_upper(part)):
            continue
        following = parts[k + 1][1] if k + 1 < len(parts) else ""
        for candidate in (part, f"{part} {following}", f"{part}{following}"):
            rest, place = _split_place(candidate)
            if place is not None and rest and places.lookup(place.name, place.kind):
                header.issuer = f"{_short(rest)} {place.label}"
                header.locality = header.locality or place
                return


# --- title ------------------------------------------------------------------------------------


def _title(
    lines: list[str], parts: list[tuple[int, str]], header: Header, type_index: int | None
) -> None:
    """The trích yếu: the lines under the type line, or after "V/v", up to a blank line, the
    preamble ("Căn cứ …", "Kính gửi"), or the authority line of an upper-case title."""
    first = ""
    if type_index is not None:
        start = parts[type_index][0] + 1
    else:
        found = next(((i, m) for i, part in parts[:25] if (m := _VV.match(part))), None)
        if found is None:
            return
        start, first = found[0] + 1, found[1]["rest"].strip()
    collected = [first] if first else []
    for line in lines[start : start + 12]:
        text = line.strip(" \t*#|_")
        if not text or _MARKUP.match(line):
            if collected:
                break
            continue
        if _RULE.match(text) or _TITLE_STOP.match(text) or _NUMBER_LINE.match(text):
            break
        authority = collected and _AUTHORITY.match(text) and _is_upper(text)
        if authority and (not _is_upper(" ".join(collected)) or _KIND_WORD.search(text)):
            break
        if type_index is None and _PLACE_DATE.search(text):
            break
        collected.append(text)
        if sum(map(len, collected)) > 600:
            break
    header.title = " ".join(" ".join(collected).split()).strip(" .;:") or None


# --- news articles ----------------------------------------------------------------------------


def _article(lines: list[str], header: Header, title_hint: str | None) -> None:
    """A date-time stamp near the top makes the text a news article: its title is the stamp's
    line (or the next long one), its source the lede's "HNP - " or a closing "Theo …", its author
    a short line after the last paragraph."""
    content = [(i, line) for i, line in enumerate(lines) if line.strip()][:4]
    for index, (i, line) in enumerate(content):
        m = _STAMP.search(line)
        if not m or (header.doc_type is not None and header.doc_number is not None):
            continue
        header.published = _stamp(m)
        rest = " ".join(line.replace("|", " ").replace(m[0], " ").split()).strip(" -–")
        if len(_WEEKDAY_ONLY.sub("", rest)) >= 15:
            header.title = rest
        else:
            header.title = next(
                (
                    c
                    for _, f in content[index + 1 :]
                    if len(c := " ".join(f.replace("|", " ").split())) >= 15
                ),
                (title_hint or "").strip() or None,
            )
        header.source = _source(lines[i + 1 :])
        header.author = _author(lines[i + 1 :])
        return


def _stamp(m: re.Match[str]) -> str | None:
    for d, mo, y, h, mi in (
        ("d", "mo", "y", "h", "mi"),
        ("d2", "mo2", "y2", "h2", "mi2"),
        ("d3", "mo3", "y3", "h3", "mi3"),
    ):
        if m[d] and (day := iso_day(m[d], m[mo], m[y])) and int(m[h]) < 24 and int(m[mi]) < 60:
            return f"{day}T{int(m[h]):02d}:{int(m[mi]):02d}"
    return None


def _source(lines: list[str]) -> str | None:
    body = [line for line in lines if line.strip()]
    for line in body[:3]:
        if m := _LEDE_SOURCE.match(line.replace("|", " ")):
            return m["src"]
    for line in reversed(body):
        if m := _THEO.search(line):
            return " ".join(m["src"].split())
    return None


def _author(lines: list[str]) -> str | None:
    previous = ""
    for line in lines:
        text = " ".join(line.replace("|", " ").split())
        if not text:
            continue
        if _BOILERPLATE.match(text):
            return None
        words = text.split()
        if (
            len(previous) >= 100
            and 1 <= len(words) <= 5
            and len(text) <= 40
            and all(w[:1].isupper() for w in words)
            and not any(c.isdigit() for c in text)
            and text[-1] not in ".:;,!?"
        ):
            return text
        previous = text
    return None


# --- dates stated outside the header ----------------------------------------------------------


def _adopted(text: str) -> str | None:
    # "Nghị quyết này đã được … thông qua ngày 13 tháng 7 năm 2017": a resolution is dated the
    # day it is adopted.
    for m in _ADOPTED.finditer(text):
        found = first_date(text[m.end() - 5 : m.end() + 40])
        if found is not None and found.precision == "day":
            return found.value
    return None


def _annex_date(text: str, doc_type: str | None) -> str | None:
    # "(Ban hành kèm theo Nghị quyết số 89/NQ-HĐND ngày 14 tháng 7 năm 2017 của …)": an annex
    # states the date of the document it belongs to.
    if doc_type is None:
        return None
    words = r"\s+".join(map(re.escape, doc_type.split()))
    pattern = re.compile(rf"kèm\s+theo\s+{words}\s+số\s*[^\s,;]*\s*,?\s*ngày\s", re.IGNORECASE)
    for m in pattern.finditer(text):
        found = first_date(text[m.end() - 5 : m.end() + 40])
        if found is not None and found.precision == "day":
            return found.value
    return None


# --- signature --------------------------------------------------------------------------------


def read_signer(lines: list[str]) -> Signer | None:
    """The signer and the role lines above the name ("TM. Ủy ban nhân dân, KT. Chủ tịch, Phó Chủ
    tịch"), from the signature block around "Nơi nhận", whose list shares its lines."""
    roles: list[str] = []
    for line in _signature_window(lines):
        for part in columns(line[:MAX_LINE]):
            if roles and (name := _name_of(part)):
                return Signer(name, ", ".join(roles))
            role = _role_of(part)
            if role and role not in roles:
                roles.append(role)
    return None


def _signature_window(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if _NOI_NHAN.match(line):
            window = lines[max(0, i - 4) : i + 32]
            # stop where an annex or the next document begins
            end = next(
                (
                    j
                    for j, w in enumerate(window)
                    if j > 4 and (_MOTTO.search(w) or _AFTER_SIGNATURE.match(w))
                ),
                len(window),
            )
            return window[:end]
    return lines[-40:]


def _role_of(part: str) -> str | None:
    part = re.sub(r"^Nơi\s+nhận\s*:?\s*", "", part).strip()
    if not part:
        return None
    if _ROLE_START.match(part) and _is_upper(part) and not part.startswith(("-", "+")):
        return _recase_role(part)
    # "- Như Điều 3; KT. CHỦ TỊCH": the upper-case end of a "Nơi nhận" line
    tail: list[str] = []
    for word in reversed(part.split()):
        if not any(c.isalpha() for c in word) or word.upper() != word or word.endswith((";", ",")):
            break
        tail.insert(0, word)
    for k in range(len(tail)):
        candidate = " ".join(tail[k:])
        if _ROLE_START.match(candidate):
            return _recase_role(candidate)
    return None


def _recase_role(role: str) -> str:
    role = re.sub(r"\s+", " ", role.replace("T/M", "TM.")).strip(" .")
    if m := _SIGN_FOR.match(role):
        return f"{m[1]}. {recase(m[2])}"
    return recase(role)


def _name_of(part: str) -> str | None:
    text = part.strip(" -")
    candidates = [text]
    if "." in text or ";" in text:  # "- Lưu: VT, Ly (10). Phạm Văn Chánh"
        candidates.append(re.split(r"[.;]\s+", text)[-1])
    return next((c for c in candidates if is_name(c)), None)


# --- session and term -------------------------------------------------------------------------


def read_session(
    text: str, head: list[tuple[int, str]], title: str | None
) -> tuple[str | None, str | None]:
    """ "kỳ họp thứ N, khóa X" and the term "YYYY-YYYY" the document belongs to: from its
    authority line and title, else from the sentence of adoption ("đã được HĐND … khóa XVI Kỳ
    họp thứ 24 thông qua"), else from the first session the text names."""
    header_text = normalize_tones("\n".join(line for _, line in head if _is_upper(line)))
    sources = [header_text, normalize_tones(title or "")]
    sources += [
        normalize_tones(text[m.start() : m.start() + 200]) for m in re.finditer(r"đã\s+được", text)
    ]
    sources.append(normalize_tones(text[:6000]))
    term = next((f"{m[1]}-{m[2]}" for s in sources[:2] if (m := _TERM.search(s))), None)
    for source in sources:
        for m in _SESSION.finditer(source):
            number = _session_number(m["n"])
            if number is None:
                continue
            around = source[max(0, m.start() - 120) : m.end() + 120]
            session = f"kỳ họp thứ {number}"
            if (khoa := _KHOA.search(around)) and roman_to_int(khoa["k"]):
                session += f", khóa {khoa['k'].upper()}"
            if term is None and (t := _TERM.search(around)):
                term = f"{t[1]}-{t[2]}"
            return session, term
    return None, term


def _session_number(words: str) -> int | None:
    parts = words.split()
    for n in (len(parts), 1):
        if value := ordinal(" ".join(parts[:n])):
            return value
    return None
