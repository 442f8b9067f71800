"""People a document names, with the title it gives them.

A run of capitalised words is taken for a name only where the text marks it as one: after "Ông",
"Bà", "đồng chí", "công dân"; after a title ("Phó Chủ tịch HĐND TP Phùng Thị Hồng Hà"); in a list
opened by "Các đồng chí:"; or as the signer. It must start with a common family name and must not
be a place ("Hà Nội", "Lâm Đồng" start with family names too). The title is the first segment
the text attaches to the name: "Ông Phạm Văn Chánh - Chủ tịch HĐND tỉnh - phụ trách chung" →
"Chủ tịch HĐND tỉnh".
"""

from __future__ import annotations

import re

from hoso.records import Person, Signer
from nlp import places
from nlp.matching import matching_copy

# Common Vietnamese family names, Kinh and of the minorities of the north and the highlands.
# ("Ông" is a family name too, but far more often "Mr": it is left out.)
SURNAMES = frozenset(
    [
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Trịnh",
        "Đinh",
        "Lâm",
        "Đào",
        "Mai",
        "Trương",
        "Tô",
        "Hà",
        "Cao",
        "Lương",
        "Đoàn",
        "Quách",
        "Đậu",
        "Phùng",
        "Điểu",
        "Triệu",
        "Châu",
        "Lưu",
        "Tạ",
        "Thái",
        "Văn",
        "Kiều",
        "Lò",
        "Lục",
        "Mạc",
        "Vương",
        "Tăng",
        "Hứa",
        "Chu",
        "Giang",
        "Khúc",
        "Kim",
        "Lã",
        "Lạc",
        "Doãn",
        "Nông",
        "Tống",
        "Thân",
        "Quan",
        "Âu",
        "Diệp",
        "Đàm",
        "Bạch",
        "Cù",
        "Lại",
        "Mẫn",
        "Nghiêm",
        "Ninh",
        "Phí",
        "Tôn",
        "Từ",
        "Viên",
        "Ksor",
        "Rơ",
        "Siu",
        "Nay",
        "Rah",
        "Thạch",
        "Danh",
        "Sơn",
        "Kha",
        "Bế",
        "Hầu",
        "Sầm",
        "Vi",
        "Giàng",
        "Sùng",
        "Thào",
        "Mùa",
        "Lầu",
        "Vàng",
        "Hờ",
        "Chảo",
        "Tẩn",
        "Đồng",
        "Mông",
    ]
)
_NAME = re.compile(r"^(?:[A-ZĐÂĂÊÔƠƯ][^\W\d_A-Z]*\s+){1,4}[A-ZĐÂĂÊÔƠƯ][^\W\d_A-Z]*$")
_HONORIFIC = re.compile(
    r"(?<!\w)(?:[Ôô]ng|[Bb]à|[Đđ]ồng\s+chí|Đ/c|đ/c|[Cc]ông\s+dân)\s*:?\s+(?=[A-ZĐÂĂÊÔƠƯ])"
)
_LIST = re.compile(r"(?<!\w)[Cc]ác\s+đồng\s+chí\s*:\s*")
_TITLE_BEFORE = re.compile(
    r"(?<!\w)(?:(?:Phó\s+)?(?:Chủ\s+tịch|Bí\s+thư|Giám\s+đốc|Trưởng\s+[Bb]an|Chánh\s+[Vv]ăn\s+phòng"
    r"|Trưởng\s+[Đđ]oàn|Chủ\s+nhiệm|Bộ\s+trưởng|Thứ\s+trưởng|Chánh\s+án|Viện\s+trưởng|Thủ\s+tướng)"
    r"|PCT|CT|GĐ|PGĐ)(?!\w)"
)
_NEXT_WORD = re.compile(r"[ \t]+([^\s,;.()]+)")
_SPACE = re.compile(r"[ \t]+")
_ABBREVIATIONS = {"PCT": "Phó Chủ tịch", "CT": "Chủ tịch", "GĐ": "Giám đốc", "PGĐ": "Phó Giám đốc"}
# Names of bodies with a " - " or ", " inside, which must not end a title.
_COMPOUNDS = (
    "Kinh tế - Ngân sách", "Văn hóa - Xã hội", "Kinh tế - Xã hội", "Lao động - Thương binh",
    "Thi đua - Khen thưởng", "Lao động, Thương binh", "Văn hóa, Thể thao",
)  # fmt: skip
_GLUE = "\u2063"  # invisible separator, one character like the space it replaces
_TITLE_END = re.compile(
    r"\s+[-–]\s|[,;(.]|\n\s*[(\-+*]|\s(?:tại|về|đã|cùng|chủ\s+trì|cho\s+biết|nhấn\s+mạnh|"
    r"đề\s+nghị|báo\s+cáo|kết\s+luận|phát\s+biểu|để|trong)\s"
)
_WORD = re.compile(r"[^\W\d_]+")


def is_name(text: str) -> bool:
    """Whether `text` is, on its own, a person's name: "Nguyễn Ngọc Tuấn" yes, "Hà Nội" no."""
    text = text.strip()
    return bool(_NAME.match(text)) and text.split()[0] in SURNAMES and not _is_place(text)


def find_people(text: str, signer: Signer | None = None) -> list[Person]:
    """The people `text` names, each once, in order of first mention; the signer last."""
    text = matching_copy(text)
    glued = _glue(text)
    found: list[tuple[int, Person]] = []
    for m in _HONORIFIC.finditer(text):
        if (name := _name_at(text, m.end())) is not None:
            title = _title_after(glued, name[1]) or _title_before_colon(text, m.start())
            found.append((m.end(), Person(name[0], title)))
    for m in _LIST.finditer(text):
        # "Các đồng chí: Ngô Thanh Danh, Phó Bí thư …; Nguyễn Bốn, Phó Bí thư …; …"
        cursor = m.end()
        while (name := _name_at(text, cursor)) is not None:
            found.append((cursor, Person(name[0], _title_after(glued, name[1]))))
            semicolon = text.find(";", name[1], name[1] + 200)
            if semicolon < 0:
                break
            cursor = _skip_space(text, semicolon + 1)
    for m in _TITLE_BEFORE.finditer(text):
        # "Phó Chủ tịch HĐND TP Phùng Thị Hồng Hà": the name is up to six capitalised words on.
        cursor = m.end()
        for _ in range(6):
            space = _SPACE.match(text, cursor)
            if space is None:
                break
            if (name := _name_at(text, space.end())) is not None:
                title = _expand(" ".join(text[m.start() : cursor].split()))
                found.append((space.end(), Person(name[0], title)))
                break
            word = _NEXT_WORD.match(text, cursor)
            if word is None or not word[1][:1].isupper():
                break
            cursor = word.end()
    if signer is not None and signer.name:
        found.append((len(text), Person(signer.name, (signer.role or "").split(", ")[-1] or None)))
    people: dict[str, Person] = {}
    for _, person in sorted(found, key=lambda item: item[0]):
        known = people.setdefault(person.name, person)
        if known.title is None and person.title:
            known.title = person.title
    return list(people.values())


def _name_at(text: str, pos: int) -> tuple[str, int] | None:
    words: list[str] = []
    end = cursor = pos
    while len(words) < 5:
        m = _WORD.match(text, cursor)
        if not m or not (m[0][0].isupper() and (len(m[0]) == 1 or m[0][1:].islower())):
            break
        words.append(m[0])
        end = m.end()
        if end >= len(text) or text[end] not in " \t\n":
            break
        cursor = _skip_space(text, end)
    if len(words) < 2 or words[0] not in SURNAMES:
        return None
    name = " ".join(words)
    return None if _is_place(name) else (name, end)


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    return pos


def _is_place(name: str) -> bool:
    place = places.lookup(name)
    return place is not None and place.level != "xa"


def _glue(text: str) -> str:
    # Same length as `text`: the separators inside compound names become an invisible mark.
    for compound in _COMPOUNDS:
        text = text.replace(
            compound, compound.replace(" - ", f" {_GLUE} ").replace(", ", f"{_GLUE} ")
        )
    return text


def _title_after(glued: str, end: int) -> str | None:
    m = re.compile(r"[ \t]*(?:[-–]|,)[ \t]*\n?[ \t]*").match(glued, end)
    if not m:
        return None
    rest = glued[m.end() : m.end() + 160]
    if not rest[:1].isupper():
        return None
    stop = _TITLE_END.search(rest)
    title = (
        (rest[: stop.start()] if stop else rest)
        .replace(f" {_GLUE} ", " - ")
        .replace(f"{_GLUE} ", ", ")
    )
    title = " ".join(title.split()).strip(" -–:")
    return _expand(title) if title else None


def _title_before_colon(text: str, start: int) -> str | None:
    # "- Phó GĐ Sở: ông Trần Ngọc Tân;"
    m = re.search(r"([^\n;:\-]{2,40}?)\s*:\s*$", text[max(0, start - 42) : start])
    if m and m[1].strip()[:1].isupper():
        return _expand(" ".join(m[1].split()))
    return None


def _expand(title: str) -> str:
    first, _, rest = title.partition(" ")
    if first in _ABBREVIATIONS:
        return f"{_ABBREVIATIONS[first]} {rest}".strip()
    return title
