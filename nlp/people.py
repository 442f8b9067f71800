"""People a document names, with the title it gives them.

A Vietnamese personal name is two to four capitalised syllables that start with a family name
("Nguyễn Văn An", "Trần B", "Nguyễn Thị Thanh Hương") and are not a place ("Hà Nội", "Lâm Đồng"
start with family names too: the gazetteer of `nlp.places` tells them apart). Such words are taken
for a name only where the text marks them as one:

- after a title, however long its organisation: "Chủ tịch UBND huyện Krông Nô Nguyễn Văn An",
  "Giám đốc Sở KH&ĐT Trần Bình", "UVTV Tỉnh ủy, Phó Chủ tịch UBND tỉnh Lê Cường"; the title
  ends where the name starts;
- after "Ông", "Bà", "đồng chí", "công dân", a rank ("Đại tá") or a degree ("PGS.TS.");
- before a title: "Nguyễn Văn An, Giám đốc Sở Tài chính, cho biết", "Lê Bình - Chủ tịch HĐND
  tỉnh", "Trần Cường (Phó Chủ tịch UBND huyện)", a name opening the sentence included;
- in a list after a colon: "Các Phó Chủ tịch HĐND tỉnh: Lê An, Trần Bình" (each gets the
  title), "Các đồng chí: Ngô Thanh Danh, Phó Bí thư …; Nguyễn Bốn, …";
- as the signer.

A title is an office word ("Chủ tịch", "Giám đốc", "Trưởng ban", …, or an abbreviation: "PCT",
"UVTV") followed by the organisation: body names and their places (the grammar of `nlp.bodies`),
capitalised words and the few lower-case words organisations are written with. It never runs
into the verb: a word that is neither ends it ("… Sở Tài chính cho biết"). Its functions are kept
as the text joins them ("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"); a segment that starts with no
office word ends it: "Ông Phạm Văn Chánh - Chủ tịch HĐND tỉnh - phụ trách chung" → "Chủ tịch
HĐND tỉnh".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from core.records import Person, Signer
from nlp import places
from nlp.bodies import committee_at, department_at
from nlp.matching import matching_copy


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common Vietnamese family names, Kinh and of the minorities of the north and the highlands.
# ("Ông" and "Phó" are family names too, but far more often "Mr" and "Deputy": they are left
# out; the "Y" and "H'" that open Ê Đê names are read by `_starts_name`.)
SURNAMES = _words(
    """
    Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trịnh Đinh Lâm Đào
    Mai Trương Tô Hà Cao Lương Đoàn Quách Đậu Phùng Điểu Triệu Châu Lưu Tạ Thái Văn Kiều Lò Lục
    Mạc Vương Tăng Hứa Chu Giang Khúc Kim Lã Lạc Doãn Nông Tống Thân Quan Âu Diệp Đàm Bạch Cù Lại
    Mẫn Nghiêm Ninh Phí Tôn Từ Viên Ksor Rơ Siu Nay Rah Thạch Danh Sơn Kha Bế Hầu Sầm Vi Giàng
    Sùng Thào Mùa Lầu Vàng Hờ Chảo Tẩn Đồng Mông Trang Bàn Lường Quàng Mã Ma Khổng Lữ Phương Tiêu
    Cầm Hàn Biện Chế Dư Đường Khương Lạng Lều Mạch Nhữ Ôn Thi Thiều Trình Ứng Yên Đàng Kpă Nguyên
    Ngọ Khuất Tòng Lộc Nhâm Đới Ngụy Giáp
    """
)
# Words that start with a capital in an organisation's name and never inside a person's.
_NOT_IN_NAME = _words("Phòng Ban Sở Bộ Ủy Uỷ Đảng Tỉnh Huyện Xã Phường Quận Trực Cục Ty")

# Office words a title starts with. "Phó", "Nguyên" (former) and "Quyền" (acting) may precede.
_OFFICES = (
    "Chủ tịch nước", "Chủ tịch", "Tổng Bí thư", "Bí thư", "Thủ tướng", "Bộ trưởng", "Thứ trưởng",
    "Tổng Giám đốc", "Giám đốc", "Trưởng ban", "Trưởng đoàn", "Trưởng phòng", "Trưởng khoa",
    "Trưởng thôn", "Trưởng ấp", "Trưởng bản", "Trưởng Công an", "Chánh Văn phòng",
    "Chánh Thanh tra", "Chánh án", "Chủ nhiệm", "Viện trưởng", "Cục trưởng", "Chi cục trưởng",
    "Vụ trưởng", "Hiệu trưởng", "Chỉ huy trưởng", "Tư lệnh", "Chính ủy", "Tổng Thư ký",
    "Tỉnh ủy viên", "Thành ủy viên", "Huyện ủy viên", "Đảng ủy viên", "Kế toán trưởng", "Tổ trưởng", "Thẩm phán", "Kiểm sát viên",
    "Chấp hành viên", "Thanh tra viên", "Người phát ngôn", "Đại biểu", "Ủy viên", "Uỷ viên",
    "Thư ký", "Thành viên",
)  # fmt: skip
# Offices whose word is also an everyday word ("tăng trưởng", "đại biểu"): capitalised only.
_CAPITAL_OFFICES = (
    "Phó", "Trưởng", "Phụ trách", "Chuyên viên", "Cán bộ", "Công chức",
)  # fmt: skip
_OFFICE_ABBREVIATIONS = {
    "PCT": "Phó Chủ tịch", "CT": "Chủ tịch", "GĐ": "Giám đốc", "PGĐ": "Phó Giám đốc",
    "PBT": "Phó Bí thư", "BT": "Bí thư", "TB": "Trưởng ban", "PTB": "Phó Trưởng ban",
    "CVP": "Chánh Văn phòng", "PCVP": "Phó Chánh Văn phòng", "UVTV": "UVTV", "UVBTV": "UVBTV",
    "TUV": "TUV", "HUV": "HUV", "ĐBQH": "ĐBQH", "UVBCH": "UVBCH", "PCN": "Phó Chủ nhiệm",
}  # fmt: skip
# Ranks and degrees: they mark a name ("Đại tá Nguyễn Văn An", "PGS.TS. Lê Bình") but are no title.
_RANKS = (
    "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá",
    "Thiếu tá", "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy",
)  # fmt: skip
_DEGREE = r"(?:GS|PGS|TS|ThS|TSKH|BS|BSCKI|BSCKII|BSCK|KS|CN|LS|DS|NSND|NSƯT|NGND|NGƯT|Ths)"
_DEGREES = re.compile(rf"(?:{_DEGREE}\s*\.\s*)*{_DEGREE}\b\s*\.?[ \t]*")


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    # Any letter case for the first letter of each word: "chủ tịch" and "Chủ tịch" alike.
    def one(phrase: str) -> str:
        return r"[ \t]+".join(
            f"[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in phrase.split()
        )

    return "|".join(one(p) for p in sorted(words, key=len, reverse=True))


_OFFICE = re.compile(
    r"(?<![\w/])(?:(?:[Nn]guyên|[Qq]uyền)[ \t]+)?"
    # "phó" in lower case only before an office: "Trần An, phó Bí thư Tỉnh ủy" ("giao phó")
    rf"(?:(?:(?:[Pp]hó[ \t]+)?(?:{_alternation(_OFFICES)})|{'|'.join(_CAPITAL_OFFICES)})(?!\w)"
    rf"|(?:{'|'.join(_OFFICE_ABBREVIATIONS)})(?![\w&]))"
)
_RANK = re.compile(rf"(?<!\w)(?:{_alternation(_RANKS)})(?!\w)[ \t]*")
_HONORIFIC = re.compile(
    r"(?<!\w)(?:[Ôô]ng|[Bb]à|[Đđ]ồng[ \t]+chí|Đ/c|đ/c|[Cc]ông[ \t]*\n?[ \t]*dân|[Cc]ử[ \t]+tri"
    r"|[Aa]nh|[Cc]hị)[ \t]*:?[ \t]*\n?[ \t]*(?=[A-ZĐÂĂÊÔƠƯ]|[^\W\d_a-zđ])"
)
# "Các đồng chí:", "gồm các ông, bà:", "Các Phó Chủ tịch HĐND tỉnh:" open a list of names.
_PLURAL = re.compile(r"(?<!\w)(?:[Cc]ác|[Nn]hững)[ \t]+(?:(?:đồng[ \t]+chí|ông|bà|vị)[ \t]+)?")
_HONORIFIC_LIST = re.compile(
    r"(?<!\w)(?:[Cc]ác[ \t]+)?(?:đồng[ \t]+chí|ông(?:[ \t]*[,/][ \t]*bà)?|bà)[ \t]*:[ \t]*\n?[ \t]*"
)
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SPACE = re.compile(r"[ \t]*(?:\n[ \t]*)?")
_INLINE_SPACE = re.compile(r"[ \t]+")
_TITLE_OPEN = re.compile(r"[ \t]*(?:,|[-–]|\(|:)[ \t]*\n?[ \t]*")
# A new line that starts an item ("- …", "+ …", "2. …") ends a title.
_ITEM_LINE = re.compile(r"\n[ \t]*(?:[-–+*•]|\d+[.)]|[a-zđ][.)])")

# Lower-case words an organisation's name is written with ("Ủy ban nhân dân tỉnh", "Hội Liên
# hiệp Phụ nữ tỉnh", "Phòng Tư pháp huyện"); any other lower-case word ends a title.
_ORG_WORDS = _words(
    """
    tỉnh thành phố huyện quận thị xã trấn phường đặc khu thôn ấp bản tổ dân nhân ban hội đồng
    đoàn đại biểu quốc ủy uỷ thường trực vụ và của chuyên trách kiêm khóa khoá phụ trách chính phủ
    đảng mặt trận cựu chiến binh liên hiệp nông phụ nữ thanh niên cộng sản hồ chí minh lao động
    doanh nghiệp kinh tế xã hội văn hóa hoá pháp chế ngân sách dân tộc đô thị tiếp công an quân sự
    kiểm sát tòa toà án thi hành dân sự cục chi sở phòng trung tâm quản lý dự xây dựng khu công
    nghiệp chế xuất y học cổ truyền bệnh viện đa khoa trường học phổ thông cơ sở mầm non tiểu
    thương mại cổ phần ngoại chi nhánh bạc nước kho quỹ bảo hiểm thuế hải quan kiểm toán giám sát
    tra thanh nội chính tuyên giáo tổ chức dân vận kiểm ủy viên thư ký hành văn phòng đài phát
    truyền hình báo sản xuất nghiên cứu học viện khối cơ quan hợp tác các trực thuộc thuộc tại
    hiệu phó trưởng tổng cấp ương
    """
)
# Words that can follow a title and are verbs or function words, never part of an organisation,
# even where _ORG_WORDS would take them ("tại", "các" are in both: they end a title only when
# nothing capitalised follows).
_VERBS = _words(
    """
    đã đang sẽ vừa được bị cho là có về cùng với để trong theo khi thì mà nhưng nên rằng đến từ
    trên dưới sau trước này đó chủ phát nhấn đề yêu báo kết trình khẳng thông giải trả ghi đánh
    kiến trao tặng dự tham làm thay điều chỉ giao ký gửi chúc cảm lưu mong đồng nêu nói chất
    phản hướng biết cũng đều vẫn luôn ra vào lên xuống đi bày chia nhận tiếp
    """
) - {"tiếp", "đồng", "chủ", "trình", "chỉ", "dự"}
_VERB_PHRASES = re.compile(
    r"(?:chủ\s+trì|chủ\s+động|đồng\s+chủ\s+trì|đồng\s+ý|đồng\s+thời|tiếp\s+thu|tiếp\s+tục|"
    r"tiếp\s+nhận|tiếp\s+xúc|trình\s+bày|chỉ\s+đạo|chỉ\s+rõ|chỉ\s+ra|dự\s+kiến|dự\s+họp|"
    r"dự\s+và|tại\s+buổi|tại\s+kỳ|tại\s+hội|tại\s+phiên|gồm|"
    # the next person: "Phó Chủ tịch HĐND huyện và bà Lê Thị Ba"
    r"(?:và[ \t]+)?(?:ông|bà|đồng[ \t]+chí|đ/c)(?=[ \t]+[A-ZĐÂĂÊÔƠƯ]))(?!\w)"
)
_PLACE_KINDS = re.compile(
    r"(?:tỉnh|thành\s+phố|TP\.?|huyện|quận|thị\s+xã|thị\s+trấn|xã|phường|đặc\s+khu)(?!\w)",
    re.IGNORECASE,
)
_MAX_TITLE_WORDS = 24
# Places and institutions named after people: the name that follows is theirs.
_INSTITUTION = re.compile(
    r"(?i:trường|bệnh\s+viện|đường|phố|khu\s+di\s+tích|di\s+tích|công\s+ty|nhà\s+văn\s+hóa|"
    r"cầu|chợ|quỹ|lăng|đền|tượng\s+đài)(?!\w)"
)


@dataclass
class _Name:
    start: int
    end: int
    name: str


def is_name(text: str) -> bool:
    """Whether `text` is, on its own, a person's name: "Nguyễn Ngọc Tuấn" yes, "Hà Nội" no."""
    words = text.split()
    return (
        2 <= len(words) <= 5
        and all(_is_name_word(w) for w in words)
        and _valid_name(words)
        and not _is_place(" ".join(words))
    )


def find_people(text: str, signer: Signer | None = None) -> list[Person]:
    """The people `text` names, each once, in order of first mention; the signer last."""
    text = matching_copy(text)
    regions = _regions(text)
    found: list[tuple[int, Person]] = []
    taken: dict[int, Person] = {}  # the people read, by where their name starts

    def add(name: _Name, title: str | None) -> None:
        if name.start in taken:
            if title and (known := taken[name.start]).title is None:
                known.title = title
            return
        taken[name.start] = person = Person(name.name, title)
        found.append((name.start, person))

    for m in _in_regions(_OFFICE, text, regions):
        # "Phó Chủ tịch HĐND TP Phùng Thị Hồng Hà": the name ends the title
        end, name = _read_title(text, m.start(), find_name=True)
        if name is None and (dash := _DASH.match(text, end)):
            # "Bí thư Thành ủy, Chủ tịch HĐND thành phố Long Xuyên – Đặng Thị Hoa Rây chủ trì"
            name = _name_at(text, dash.end())
            name = name if name is not None and _run_ends(text, name.end) else None
        if name is None:
            continue
        title = _clean_title(text[m.start() : end])
        if not title:
            continue
        if title.lower() == "đại biểu":
            # "đại biểu Lê Thị Kim Thúy - Phó Chủ tịch LĐLĐ thành phố": the office after the name
            title = _title_after(text, name.end) or title
        add(name, title)
        # "đại biểu Quốc hội Nguyễn Thị Kim Bé, Hồ Thị Kim Ngân": more names under one title
        for more in _names_after(text, name.end):
            add(more, _title_after(text, more.end) or title)
    for m in _in_regions(_HONORIFIC, text, regions):
        cursor = _skip_marks(text, m.end())
        if (name := _name_at(text, cursor)) is not None:
            add(name, _title_after(text, name.end, loose=True) or _title_before(text, m.start()))
    for m in _in_regions(_RANK, text, regions):
        cursor = _skip_marks(text, m.end())
        if (name := _name_at(text, cursor)) is not None:
            add(name, _title_after(text, name.end))
    for m in _in_regions(_DEGREES, text, regions):
        if m.start() and (text[m.start() - 1].isalnum()):
            continue
        if (name := _name_at(text, m.end())) is not None:
            add(name, _title_after(text, name.end) or _title_before(text, m.start()))
    for start, shared in _list_openers(text, regions):
        for name, own_title in _list_names(text, start):
            add(name, own_title or shared)
    for name in _names_before_titles(text, regions):
        add(name, _title_after(text, name.end))
    for name in _names_before_verbs(text, regions):
        add(name, None)
    if signer is not None and signer.name:
        found.append((len(text), Person(signer.name, (signer.role or "").split(", ")[-1] or None)))
    people: dict[str, Person] = {}
    for _, person in sorted(found, key=lambda item: item[0]):
        known = people.setdefault(person.name, person)
        if known.title is None and person.title:
            known.title = person.title
    return list(people.values())


# --- names ------------------------------------------------------------------------------------

_CAPITALS = "".join(
    sorted({c for c in map(chr, range(0x41, 0x1F00)) if c.isupper() and c.isalpha()})
)
# A capitalised word followed by another: where a name may start. Found in one fast pass; the
# rules only look at the text around these (a title is at most a few lines long).
# (No look-behind: it makes the scan three times slower; `_word_start` checks instead.)
_NAME_PAIR = re.compile(rf"[{_CAPITALS}][\w'’]*(?=[ \t]*\n?[ \t]*[{_CAPITALS}])")
_BEFORE = 260
_AFTER = 80


def _regions(text: str) -> list[tuple[int, int]]:
    """The stretches of `text` around possible names, merged where they overlap."""
    regions: list[tuple[int, int]] = []
    for m in _NAME_PAIR.finditer(text):
        if not _starts_name(m[0]) or not _word_start(text, m.start()):
            continue
        start, end = max(0, m.start() - _BEFORE), m.end() + _AFTER
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], end)
        else:
            regions.append((start, end))
    return regions


def _word_start(text: str, pos: int) -> bool:
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "._")


def _in_regions(
    pattern: re.Pattern[str], text: str, regions: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    for start, end in regions:
        yield from pattern.finditer(text, start, min(end, len(text)))


def _is_name_word(word: str) -> bool:
    # "Nguyễn", "B", "H'Bia": a capital, then lower case (a part after an apostrophe may be
    # capitalised again)
    parts = re.split(r"['’]", word)
    return word[:1].isupper() and all(p[1:].islower() or len(p) <= 1 for p in parts if p)


def _starts_name(word: str) -> bool:
    # a family name, or the "Y" of an Ê Đê man's name, the "H'" of an Ê Đê woman's ("Y Ngọc",
    # "H'Yim Kđoh")
    return word in SURNAMES or word == "Y" or word.startswith(("H'", "H’"))


def _valid_name(words: list[str]) -> bool:
    return (
        _starts_name(words[0])
        and not any(w in _NOT_IN_NAME for w in words[1:])
        and not (len(words[-1]) == 1 and len(words) > 2 and len(words[-2]) == 1)
    )


def _is_place(name: str) -> bool:
    place = places.lookup(name)
    return place is not None and place.level != "xa"


def _is_any_place(name: str) -> bool:
    return places.lookup(name) is not None


def _run_at(text: str, pos: int, limit: int = 8) -> list[re.Match[str]]:
    """The capitalised words from `pos` on, one space (or one line break) apart."""
    words: list[re.Match[str]] = []
    cursor = pos
    while len(words) < limit:
        m = _NAME_WORD.match(text, cursor)
        if not m or not _is_name_word(m[0]):
            break
        words.append(m)
        if m.end() >= len(text) or text[m.end()] not in " \t\n":
            break
        space = _SPACE.match(text, m.end())
        cursor = space.end() if space else m.end()
        if "\n" in text[m.end() : cursor] and _ITEM_LINE.match(text, text.index("\n", m.end())):
            break
    return words


def _name_at(text: str, pos: int) -> _Name | None:
    """A name starting exactly at `pos`: the longest run of two to five capitalised words that
    starts with a family name and is no place."""
    words = _run_at(text, pos, limit=5)
    for n in range(len(words), 1, -1):
        chunk = [w[0] for w in words[:n]]
        if _valid_name(chunk) and not _is_place(" ".join(chunk)):
            return _Name(words[0].start(), words[n - 1].end(), " ".join(chunk))
    return None


def _name_in_run(words: list[re.Match[str]], after_kind: bool) -> int | None:
    """Where, in a run of capitalised words that ends a title, the name starts: "Hà Giang Hoàng
    Văn Bình" after "UBND tỉnh" → at "Hoàng" (the words before it are a place); None when the
    run holds no name (it is all organisation or place)."""
    texts = [w[0] for w in words]
    n = len(texts)
    whole = " ".join(texts)
    if after_kind and _is_any_place(whole):
        return None  # "UBND huyện Hoàng Su Phì": a place, whatever its first word
    longest = 5 if texts[0] == "Y" or texts[0].startswith(("H'", "H’")) else 4
    if 2 <= n <= longest and _valid_name(texts) and not _is_place(whole):
        return 0  # (Ê Đê names run longer: "Y Giang Gry Niê Knơng")
    candidates = [i for i in range(1, n - 1) if 2 <= n - i <= 4 and _valid_name(texts[i:])]
    if not candidates:
        return None
    for i in sorted(candidates, reverse=True):
        if _is_any_place(" ".join(texts[:i])):
            return i
    if not after_kind:
        # capitalised words of an organisation before the name: "Sở Y tế Lê An" has none here;
        # "Trường THPT Lê Quý Đôn Nguyễn An" would need the school's name in a gazetteer
        return next((i for i in candidates if n - i == 3), None)
    # an unknown place name before the name: a full three-word name is the likeliest split
    for size in (3, 2, 4):
        for i in candidates:
            if n - i == size:
                return i
    return None


def _skip_marks(text: str, pos: int) -> int:
    # "ông PGS.TS. Lê An", "đồng chí Đại tá Trần Bình": a degree or a rank between
    for pattern in (_DEGREES, _RANK):
        m = pattern.match(text, pos)
        if m and m.end() > pos:
            pos = m.end()
    return pos


# --- titles -----------------------------------------------------------------------------------


def _read_title(text: str, start: int, find_name: bool) -> tuple[int, _Name | None]:
    """Reads a title from its office word at `start`: where it ends and, with `find_name`, the
    name it runs into (then the title ends where the name starts)."""
    office = _OFFICE.match(text, start)
    cursor = last_word_end = office.end() if office else start
    words = 1 if office else 0
    after_kind = False
    unknown = 0  # lower-case words in a row that no organisation's name is known to use
    institution = False  # the last words name a school, a street, a hospital …
    while words < _MAX_TITLE_WORDS and cursor < len(text):
        space = _SPACE.match(text, cursor)
        pos = space.end() if space else cursor
        if (
            pos > cursor
            and "\n" in text[cursor:pos]
            and (_ITEM_LINE.match(text, text.index("\n", cursor)) or text[pos : pos + 1] in "|")
        ):
            break
        if pos >= len(text):
            break
        if words and text[pos - 1] not in " \t\n" and text[pos] not in ",-–&":
            break
        ch = text[pos]
        if ch in ",-–":
            # "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Lê An", "Tỉnh ủy viên - Bí thư Huyện ủy":
            # another office goes on the title
            if ch != "," and (pos + 1 >= len(text) or text[pos + 1] not in " \t"):
                break
            nxt = _SPACE.match(text, pos + 1)
            after = nxt.end() if nxt else pos + 1
            office = _OFFICE.match(text, after)
            if office is None and ch != "," and (place := _place_across(text, pos, after)):
                cursor = last_word_end = place  # "Chủ tịch HĐND tỉnh Thừa Thiên – Huế Lê Lưu"
                words += 1
                continue
            if office is None:
                break
            cursor = last_word_end = office.end()
            words += 1
            after_kind, unknown = False, 0
            continue
        if (
            find_name
            and (marked := _skip_marks(text, pos)) > pos
            and (name := _name_at(text, marked)) is not None
        ):
            return pos, name  # "Giám đốc Công an tỉnh Đại tá Nguyễn Văn Dũng": a rank between
        if words and (field := _field_after(text, pos, text[last_word_end - 4 : last_word_end])):
            cursor = last_word_end = field
            words += 1
            unknown = 0
            continue
        if _INSTITUTION.match(text, pos):
            institution = True
        kind = _PLACE_KINDS.match(text, pos)
        if kind and words:
            institution = False
            cursor = last_word_end = kind.end()
            words += 1
            after_kind, unknown = True, 0
            continue
        m = _NAME_WORD.match(text, pos) or re.compile(r"[^\s,;:()]+").match(text, pos)
        if m is None:
            break
        word = m[0]
        if word.lower() in ("sở", "bộ", "ban"):
            # the field comes next: "Sở Kế hoạch và Đầu tư", "Ban Kinh tế - Ngân sách"
            cursor = last_word_end = m.end()
            words += 1
            after_kind, unknown = False, 0
            continue
        if _is_name_word(word) and not _OFFICE.match(text, pos):
            run = _run_at(text, pos)
            if find_name and run:
                i = _name_in_run(run, after_kind)
                if i == 0 and institution:
                    # "Hiệu trưởng Trường Tiểu học Lê Văn Tám": the school's name, no person
                    i = None
                if i is not None and _run_ends(text, run[-1].end()):
                    first, last = run[i], run[-1]
                    written = " ".join(w[0] for w in run[i:])
                    return first.start(), _Name(first.start(), last.end(), written)
            cursor = last_word_end = (run[-1] if run else m).end()
            words += len(run) or 1
            after_kind, unknown = False, 0
            continue
        if word[:1].isupper() or (not word[:1].isalpha() and word[:1] not in "(),;:."):
            # an abbreviation ("HĐND", "KH&ĐT", "UBMTTQVN", "TP.") or an office word
            office = _OFFICE.match(text, pos)
            cursor = last_word_end = office.end() if office else m.end()
            words += 1
            after_kind, unknown = False, 0
            continue
        lower = word.lower()
        if lower in _VERBS or _VERB_PHRASES.match(text, pos):
            break
        if lower == "và" and (
            _name_at(text, _skip_marks(text, m.end() + 1)) is not None
            or re.match(r"[ \t]+(?:các|những)(?!\w)", text[m.end() :])
        ):
            # "… của Quốc hội và Rơ Châm H'Phik - Bí thư Đảng ủy": the next person; "… tỉnh
            # Lâm Đồng và các đại biểu": others
            break
        if lower not in _ORG_WORDS or (unknown and not find_name):
            # "Trưởng Ban Dân nguyện Dương Thanh Bình", "Giám đốc Ngân hàng Thương mại": a word
            # the list lacks is taken, two at most, if a name or a capitalised word follows
            unknown += 1
            if unknown > 2:
                break
        else:
            unknown = 0
        cursor = m.end()
        if unknown == 0:
            last_word_end = cursor
        words += 1
    return last_word_end, None


def _place_across(text: str, dash: int, after: int) -> int | None:
    """The end of a place name written across the dash at `dash` ("Thừa Thiên – Huế", "Bà Rịa
    - Vũng Tàu"): the two words before it and one or two after it name a place."""
    before = re.search(r"(?:[^\W\d]+[ \t]+){1,2}$", text[max(0, dash - 30) : dash])
    if before is None:
        return None
    for m in re.finditer(r"[^\W\d]+", text[after : after + 30]):
        if m.start() > 12:
            break
        end = after + m.end()
        found = places.lookup(f"{before.group().strip()} - {text[after:end]}")
        if found is not None and found.level in ("tinh", "huyen"):
            return end
    return None


def _field_after(text: str, pos: int, before: str) -> int | None:
    # "Sở Kế hoạch và Đầu tư", "Ban Kinh tế - Ngân sách": a field the body grammar knows
    head = before.lower().split()[-1:] if before.strip() else []
    if not head or head[0] not in ("sở", "bộ", "ban"):
        return None
    found = department_at(text, pos) if head[0] in ("sở", "bộ") else committee_at(text, pos)
    return found[1] if found else None


def _run_ends(text: str, pos: int) -> bool:
    # a name ends at punctuation, a line end or a lower-case word, not amid capitalised words
    m = _INLINE_SPACE.match(text, pos)
    nxt = text[m.end() if m else pos : (m.end() if m else pos) + 1]
    return not nxt or not nxt.isupper()


def _title_after(text: str, end: int, loose: bool = False) -> str | None:
    """The title written right after a name: ", Giám đốc Sở Y tế," / " - Chủ tịch HĐND tỉnh".
    With `loose` (the name is certain: "Đ/c Bùi Văn Quyến,Tư pháp – Hộ tịch để …"), a title
    that starts with no office word is read up to the punctuation or the verb that ends it."""
    m = _TITLE_OPEN.match(text, end)
    if not m or text[end:].lstrip(" \t")[:1] == ":":
        return None
    office = _OFFICE.match(text, m.end())
    if office is None:
        return _loose_title(text, m.end()) if loose and text[m.end() - 1 : m.end()] != "(" else None
    title_end, _ = _read_title(text, m.end(), find_name=False)
    return _clean_title(text[m.end() : title_end]) or None


_LOOSE_END = re.compile(
    r"\s+[-–]\s|[,;(.:]|\n\s*[(\-+*]|\s(?:tại|về|đã|đang|sẽ|cùng|chủ\s+trì|cho\s+biết|nhấn\s+mạnh|"
    r"đề\s+nghị|báo\s+cáo|kết\s+luận|phát\s+biểu|để|trong|là|và)\s"
)
# Names of bodies with a " - " or ", " inside, which must not end a title.
_COMPOUND = re.compile(r"(?:Kinh tế|Văn hóa|Lao động|Thi đua|Tư pháp)(?: - |, )[A-ZĐ]\w*")


def _loose_title(text: str, pos: int) -> str | None:
    rest = text[pos : pos + 160]
    if not rest[:1].isupper():
        return None
    cursor = 0
    while (stop := _LOOSE_END.search(rest, cursor)) is not None:
        compound = _COMPOUND.search(rest, max(0, stop.start() - 12), stop.end() + 12)
        if compound is None or not compound.start() <= stop.start() < compound.end():
            break
        cursor = stop.end()
    title = rest[: stop.start()] if stop else rest
    return _clean_title(title) or None


def _title_before(text: str, start: int) -> str | None:
    """A title written before an honorific: "- Phó GĐ Sở: ông Trần Ngọc Tân;", "Phó Chủ tịch
    UBND tỉnh, ông Lê An", "Thư ký kỳ họp: ông Phùng Văn Khải"."""
    window = text[max(0, start - 80) : start]
    sep = re.search(r"[:,][ \t]*$", window)
    if sep is None:
        return None
    piece = re.split(r"[,;:\n(]|\s[-–]\s", window[: sep.start()])[-1]
    piece = _PLURAL.sub("", piece.lstrip(" \t-–+*•"), count=1)
    office = _OFFICE.match(piece)
    if office is None:
        return None
    words = piece[office.end() :].split()
    if len(words) > 10 or any(w.lower() in _VERBS for w in words):
        return None  # more than a title before the separator
    return _clean_title(piece) or None


def _clean_title(title: str) -> str:
    title = " ".join(title.split()).strip(" ,-–:;(")
    # a degree between the title and the name: "Giám đốc Sở Y tế, BS. Lê An"
    title = re.sub(rf"(?:[,\s]+(?:{_DEGREE})\.?)+$", "", title).strip(" ,")
    first, _, rest = title.partition(" ")
    if first in _OFFICE_ABBREVIATIONS:
        title = f"{_OFFICE_ABBREVIATIONS[first]} {rest}".strip()
    if title.lower().startswith(("các ", "những ")):
        title = title.split(" ", 1)[1]
    return title


# --- lists ------------------------------------------------------------------------------------


def _list_openers(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, str | None]]:
    """Where lists of names start, each with the title its opener gives every name in it."""
    openers: list[tuple[int, str | None]] = []
    for m in _in_regions(_HONORIFIC_LIST, text, regions):
        openers.append((m.end(), None))
    for m in _in_regions(_COLON, text, regions):
        # "Thư ký kỳ họp: ông Phùng Văn Khải, bà Nông Thị Duyên"
        if (title := _title_before(text, m.end())) is not None:
            openers.append((m.end(), title))
    for m in _in_regions(_PLURAL, text, regions):
        office = _OFFICE.match(text, m.end())
        if office is None:
            continue
        end, _ = _read_title(text, m.end(), find_name=False)
        colon = re.compile(r"[ \t]*:[ \t]*\n?[ \t]*").match(text, end)
        if colon:
            openers.append((colon.end(), _clean_title(text[m.end() : end]) or None))
    return openers


_COLON = re.compile(r"[ \t]*:[ \t]*\n?[ \t]*")


def _list_names(text: str, start: int) -> list[tuple[_Name, str | None]]:
    """ "A, B và C" / "A, Phó Bí thư …; B, …": the names of a list and each one's own title."""
    out: list[tuple[_Name, str | None]] = []
    cursor = start
    while len(out) < 40:
        honorific = _HONORIFIC.match(text, cursor)
        cursor = _skip_marks(text, honorific.end() if honorific else cursor)
        name = _name_at(text, cursor)
        if name is None:
            break
        title = _title_after(text, name.end)
        out.append((name, title))
        after = name.end
        if title:
            # "Nguyễn Bốn, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh; Nguyễn Đình Trung, …", or
            # with commas only: "Nông Văn Tuân, Trưởng Ban Pháp chế, La Văn Hồng, Trưởng Ban …"
            semicolon = text.find(";", name.end, name.end + 200)
            following = _next_titled_name(text, name.end, semicolon)
            if following is not None:
                cursor = following
                continue
            if semicolon < 0:
                break
            after = semicolon + 1
        sep = re.compile(r"[ \t]*(?:[,;]|và|\n)[ \t]*(?:và[ \t]+)?\n?[ \t]*").match(text, after)
        if sep is None or sep.end() == after:
            break
        cursor = sep.end()
    return out


def _next_titled_name(text: str, pos: int, semicolon: int) -> int | None:
    """Where the next "Name, Title" of a list joined by commas starts, before `semicolon` (if
    any): a comma, then a name with a title of its own."""
    limit = semicolon if semicolon >= 0 else pos + 200
    for comma in re.finditer(r",[ \t]*", text[pos:limit]):
        start = pos + comma.end()
        name = _name_at(text, start)
        if name is not None and _title_after(text, name.end) is not None:
            return start
    return None


# --- a name before its title ------------------------------------------------------------------

_BEFORE_OFFICE = re.compile(r"(?:,|[ \t]?[-–]|\()[ \t]*\n?[ \t]*(?=\S)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+(?:['’][^\W\d_]+)*)[ \t]*\n?[ \t]*$")


def _names_before_titles(text: str, regions: list[tuple[int, int]]) -> list[_Name]:
    """Names followed by a title: "Nguyễn Văn An, Giám đốc Sở Tài chính, cho biết",
    "Lê Bình - Chủ tịch HĐND tỉnh", "Trần Cường (Phó Chủ tịch UBND huyện)"."""
    out: list[_Name] = []
    for m in _in_regions(_BEFORE_OFFICE, text, regions):
        if _OFFICE.match(text, m.end()) is None:
            continue
        # the capitalised words right before the separator, back to the first that is not one
        end = m.start()
        while end and text[end - 1] in " \t":
            end -= 1
        words: list[tuple[int, str]] = []
        cursor = end
        while len(words) < 5:
            w = _WORD_BEFORE.search(text, max(0, cursor - 40), cursor)
            if w is None or not _is_name_word(w[1]):
                break
            words.insert(0, (w.start(1), w[1]))
            cursor = w.start(1)
        if not 2 <= len(words) <= 4:
            continue
        texts = [w for _, w in words]
        if _valid_name(texts) and not _is_place(" ".join(texts)):
            out.append(_Name(words[0][0], end, " ".join(texts)))
    return out


def _names_after(text: str, end: int) -> list[_Name]:
    """Names that follow one read after a title, joined by commas or "và"."""
    out: list[_Name] = []
    while len(out) < 20:
        sep = _JOIN.match(text, end)
        if sep is None:
            break
        name = _name_at(text, sep.end())
        if name is None or not _run_ends(text, name.end):
            break
        out.append(name)
        end = name.end
    return out


_DASH = re.compile(r"[ \t]*[-–][ \t]+")
_JOIN = re.compile(r"[ \t]*(?:,|và)[ \t]+(?:và[ \t]+)?")
_ASIDE = re.compile(r"[ \t]*\([^()\n]{1,80}\)")
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?:;,])[ \t]+|(?<=\n)[ \t]*(?:[-–+*•][ \t]*)?)$")
# Verbs of speaking and acting that a person opens a sentence with: "Nguyễn Thanh Hải cho biết".
_SPEECH = re.compile(
    r"[ \t]+(?:cho\s+biết|cho\s+rằng|khẳng\s+định|báo\s+cáo|phát\s+biểu|nhấn\s+mạnh|đề\s+nghị|"
    r"yêu\s+cầu|chủ\s+trì|kết\s+luận|trình\s+bày|giải\s+trình|trả\s+lời|chất\s+vấn|"
    r"đặt\s+câu\s+hỏi|thông\s+tin|chia\s+sẻ|bày\s+tỏ|lưu\s+ý|chỉ\s+đạo|đề\s+xuất|"
    r"kiến\s+nghị|phản\s+ánh|cảm\s+ơn|nêu\s+rõ|nói|được\s+bầu|được\s+bổ\s+nhiệm|giữ\s+chức|"
    r"tham\s+dự|điều\s+hành|đánh\s+giá|ghi\s+nhận|tiếp\s+thu|cam\s+kết|trao\s+đổi|giải\s+đáp)(?!\w)"
)


def _names_before_verbs(text: str, regions: list[tuple[int, int]]) -> list[_Name]:
    """A name that opens a sentence and is followed by a verb of speaking: "Trần Thanh Mẫn
    khẳng định …", "Triệu Văn Bình báo cáo …"."""
    out: list[_Name] = []
    for m in _in_regions(_NAME_PAIR, text, regions):
        if not _starts_name(m[0]) or not _word_start(text, m.start()):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if not _SENTENCE_START.search(text, max(line_start, m.start() - 3), m.start()):
            continue
        name = _name_at(text, m.start())
        if name is None:
            continue
        # "Lê An (Tổ đại biểu huyện Cư Jút) chất vấn …": the constituency between
        aside = _ASIDE.match(text, name.end)
        if _SPEECH.match(text, aside.end() if aside else name.end):
            out.append(name)
    return out
