"""Government, party and front bodies named in a document, under one canonical name each.

"HĐND TP", "Hội đồng nhân dân Thành phố" and "HĐNDTP" in a Hà Nội resolution are one body,
"Hội đồng nhân dân thành phố Hà Nội" (level tinh, place Hà Nội). Abbreviations are expanded;
a body written without its place ("UBND tỉnh", "Thường trực HĐND") takes the place of the
document's own council or committee (`Locality`); where the document does not say where it is,
the body is kept with the level its name states ("Ủy ban nhân dân tỉnh", level tinh, no place;
"Ban Pháp chế Hội đồng nhân dân", level unknown). Place names are checked against the
gazetteer in `nlp.places`. Generic references ("UBND các xã", "các Ban của HĐND", "cấp huyện")
and names inside law titles ("Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân") are
not bodies. Mass organisations, public service units, banks and the press are out of scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.records import Body
from nlp import places
from nlp.matching import matching_copy
from nlp.normalize import fold, normalize_tones
from nlp.places import Place

# Fields of provincial departments (Sở) and ministries (Bộ), before and after the 2025 mergers.
DEPARTMENTS = (
    "Nội vụ", "Tài chính", "Tư pháp", "Kế hoạch và Đầu tư", "Công Thương", "Xây dựng",
    "Giao thông vận tải", "Nông nghiệp và Phát triển nông thôn", "Nông nghiệp và Môi trường",
    "Tài nguyên và Môi trường", "Lao động - Thương binh và Xã hội", "Văn hóa, Thể thao và Du lịch",
    "Văn hóa và Thể thao", "Du lịch", "Khoa học và Công nghệ", "Thông tin và Truyền thông",
    "Giáo dục và Đào tạo", "Y tế", "Ngoại vụ", "Dân tộc và Tôn giáo", "Quy hoạch - Kiến trúc",
    "Công an", "Quốc phòng", "Ngoại giao",
)  # fmt: skip
_DEPARTMENT_ABBREVIATIONS = {
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn", "NNPTNT": "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và PTNT": "Nông nghiệp và Phát triển nông thôn", "NN&MT": "Nông nghiệp và Môi trường",
    "TN&MT": "Tài nguyên và Môi trường", "TNMT": "Tài nguyên và Môi trường",
    "KH&ĐT": "Kế hoạch và Đầu tư", "KHĐT": "Kế hoạch và Đầu tư", "GD&ĐT": "Giáo dục và Đào tạo",
    "GDĐT": "Giáo dục và Đào tạo", "VH,TT&DL": "Văn hóa, Thể thao và Du lịch",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch", "LĐTBXH": "Lao động - Thương binh và Xã hội",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội", "TT&TT": "Thông tin và Truyền thông",
    "TTTT": "Thông tin và Truyền thông", "KH&CN": "Khoa học và Công nghệ",
    "KHCN": "Khoa học và Công nghệ", "GTVT": "Giao thông vận tải",
}  # fmt: skip
# Standing committees of a people's council.
COMMITTEES = (
    "Kinh tế - Ngân sách", "Văn hóa - Xã hội", "Kinh tế - Xã hội", "Pháp chế", "Dân tộc",
    "Đô thị", "Kinh tế",
)  # fmt: skip
# Fixed central bodies: canonical name → ways of writing it.
CENTRAL = {
    "Ủy ban Thường vụ Quốc hội": ("Ủy ban Thường vụ Quốc hội", "UBTVQH", "Ủy ban TVQH"),
    "Ủy ban Công tác đại biểu": (
        "Ủy ban Công tác đại biểu của Quốc hội", "Ủy ban CTĐB của Quốc hội",
        "Ủy ban Công tác đại biểu", "Ủy ban CTĐB", "Ban Công tác đại biểu",
    ),
    "Văn phòng Quốc hội": ("Văn phòng Quốc hội",),
    "Văn phòng Chính phủ": ("Văn phòng Chính phủ",),
    "Ban Chấp hành Trung ương Đảng": ("Ban Chấp hành Trung ương Đảng", "Ban Chấp hành Trung ương"),
    "Bộ Chính trị": ("Bộ Chính trị",),
    "Ban Bí thư": ("Ban Bí thư",),
    "Ban Thi đua - Khen thưởng Trung ương": ("Ban Thi đua - Khen thưởng Trung ương", "Ban TĐKT Trung ương"),
    "Thanh tra Chính phủ": ("Thanh tra Chính phủ",),
    "Kiểm toán Nhà nước": ("Kiểm toán Nhà nước", "Kiểm toán nhà nước"),
    "Tòa án nhân dân tối cao": ("Tòa án nhân dân tối cao", "TANDTC"),
    "Viện kiểm sát nhân dân tối cao": ("Viện kiểm sát nhân dân tối cao", "Viện Kiểm sát nhân dân tối cao", "VKSNDTC"),
    "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam": ("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "Ủy ban Trung ương MTTQ Việt Nam"),
    "Quốc hội": ("Quốc hội",),
    "Chính phủ": ("Chính phủ",),
}  # fmt: skip

HDND = "Hội đồng nhân dân"
UBND = "Ủy ban nhân dân"
MTTQ = "Ủy ban Mặt trận Tổ quốc Việt Nam"
_KIND = re.compile(
    r"(?:[Tt]ỉnh|TỈNH|[Tt]hành phố|THÀNH PHỐ|TP\.?|[Hh]uyện|HUYỆN|[Qq]uận|QUẬN|[Tt]hị xã|THỊ XÃ"
    r"|[Tt]hị trấn|THỊ TRẤN|[Xx]ã|XÃ|[Pp]hường|PHƯỜNG|[Đđ]ặc khu)(?!\w)"
)
_SPACE = re.compile(r"\s+")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’]*")
_FIELD_WORD = re.compile(r"[\s,&-]*([^\s,;:.()]+)")
_AFTER_HEAD = re.compile(r"[ \t]*\n?[ \t]*(?:,\s*)?")
_BEFORE_NAME_WORD = re.compile(r"[ \t]*(?:\n[ \t]*)?(?:[-–][ \t]*)?")
_COMMA = re.compile(r"\s*,\s*")
_LIST_SKIP = re.compile(r"[ \t,;]*(?:và\s+)?(?:\([^)]{0,120}\)[ \t,;]*)?")
_LIST_GOES_ON = re.compile(r"\s*(?:[,;]|và\s|\(|$)")
_LIST_ITEM = re.compile(r"[^,;.\n]+[,;]?")


def _ci(phrase: str) -> str:
    """A regex for `phrase` in its own case, in capitals, with any run of whitespace between words."""
    forms = {phrase, phrase.upper()}
    return "(?:" + "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms) + ")"


def dept_key(name: str) -> str:
    """Matching key of a department field: "Văn hoá, Thể thao & Du lịch" → "vanhoathethaodulich"."""
    text = fold(normalize_tones(name)).replace("&", " va ")
    return re.sub(r"[^a-z]", "", re.sub(r"\bva\b", "", text))


_DEPARTMENT_KEYS = {dept_key(d): d for d in DEPARTMENTS}
_DEPARTMENT_KEYS.update({dept_key(k): v for k, v in _DEPARTMENT_ABBREVIATIONS.items()})
_DEPARTMENT_KEYS.update({dept_key("Tài nguyên Môi trường"): "Tài nguyên và Môi trường"})
_COMMITTEE_KEYS = {dept_key(c): c for c in COMMITTEES}


def department_at(text: str, pos: int, max_words: int = 9) -> tuple[str, int] | None:
    """The department field named at text[pos:] (longest match) and where it ends."""
    return _longest(text, pos, _DEPARTMENT_KEYS, max_words)


def _longest(text: str, pos: int, table: dict[str, str], max_words: int) -> tuple[str, int] | None:
    words: list[re.Match[str]] = []
    cursor = pos
    for _ in range(max_words):
        m = _FIELD_WORD.match(text, cursor)
        if not m:
            break
        words.append(m)
        cursor = m.end()
    for n in range(len(words), 0, -1):
        candidate = text[pos : words[n - 1].end()]
        if (k := dept_key(candidate)) and k in table:
            return table[k], words[n - 1].end()
    return None


@dataclass
class Locality:
    """Where a document sits: its own unit (`own`), and the province (and district) around it.
    Bodies written without a place ("UBND tỉnh", "HĐND huyện", "Thường trực HĐND") are read
    against it."""

    own: Place | None = None
    province: Place | None = None
    district: Place | None = None

    @classmethod
    def of(cls, place: Place | None) -> Locality:
        if place is None:
            return cls()
        province = district = None
        if place.level == "tinh":
            province = place
        else:
            province = (
                places.lookup(place.province, "tỉnh", as_written=False) if place.province else None
            )
            if place.level == "huyen":
                district = place
            elif place.district:
                district = places.lookup(place.district, "huyện", place.province)
        return cls(place, province, district)

    def for_kind(self, kind: str) -> Place | None:
        """The unit a bare "tỉnh", "huyện", "Thành phố" … means in this document."""
        kind = kind.lower().rstrip(".")
        if kind == "tp":
            kind = "thành phố"
        if kind == "tỉnh":
            return self.province
        if kind == "thành phố":
            if self.province and places.is_central_city(self.province.name):
                return self.province
            if self.district and self.district.kind == "thành phố":
                return self.district
            return None
        if kind in ("huyện", "quận", "thị xã"):
            return self.district
        if self.own and self.own.level == "xa" and self.own.kind == kind:
            return self.own
        return None


@dataclass
class _Mention:
    start: int
    end: int
    head: str  # canonical form of the body's own name, without place
    family: str  # council | committee | front | party | department | court | agency | central
    place: Place | None = None
    generic: bool = False
    explicit: bool = False
    kind: str | None = None  # a level word written with no name the document resolves ("tỉnh")


# Heads: (regex, canonical head, family). Order matters: longer names first.
def _heads() -> list[tuple[str, str, str]]:
    council = rf"(?:{_ci(HDND)}|(?i:hội\s+đồng\s+nhân\s+dân)|HĐND|HDND)"
    committee = rf"(?:{_ci(UBND)}|{_ci('Uỷ ban nhân dân')}|(?i:ủy\s+ban\s+nhân\s+dân)|UBND)"
    front = (
        rf"(?:{_ci('Ủy ban Mặt trận Tổ quốc Việt Nam')}|{_ci('Ủy ban Mặt trận Tổ quốc')}|"
        rf"Ủy ban MTTQ(?:\s?VN|\s+Việt\s+Nam)?|UBMTTQ(?:\s?VN)?|{_ci('Mặt trận Tổ quốc Việt Nam')}|"
        rf"{_ci('Mặt trận Tổ quốc')}|MTTQ(?:\s?VN)?)"
    )
    committees = "|".join(_ci(c).replace(r"\s+\-\s+", r"\s*[-–]\s*") for c in COMMITTEES)
    return [
        (
            rf"{_ci('Văn phòng')}\s+(?:Đoàn\s+(?:ĐBQH|đại\s+biểu\s+Quốc\s+hội|Đại\s+biểu\s+Quốc\s+hội)|ĐOÀN\s+ĐBQH)\s*(?:và|&|VÀ)\s*{council}",
            "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân",
            "council",
        ),
        (
            rf"(?:{_ci('Văn phòng')}|VP)\s+{council}\s*(?:&|và)\s*{committee}",
            "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
            "council",
        ),
        (rf"(?:{_ci('Văn phòng')}|VP)\s*{council}", f"Văn phòng {HDND}", "council"),
        (rf"(?:{_ci('Văn phòng')}|văn\s+phòng|VP)\s*{committee}", f"Văn phòng {UBND}", "committee"),
        (
            rf"{_ci('Văn phòng')}\s+(?:Tỉnh|Thành|Huyện)\s+[ủu]y(?!\s+viên)",
            "Văn phòng {party}",
            "party",
        ),
        (rf"(?:{_ci('Ban Thường trực')})\s+{front}", f"Ban Thường trực {MTTQ}", "front"),
        (rf"(?:{_ci('Thường trực')}|TT\.?)\s*{council}", f"Thường trực {HDND}", "council"),
        (
            rf"{_ci('Thường trực')}\s+(?:Tỉnh|Thành|Huyện)\s+[ủu]y(?!\s+viên)",
            "Thường trực {party}",
            "party",
        ),
        (
            rf"{_ci('Ban Thường vụ')}\s+(?:Tỉnh|Thành|Huyện)\s+[ủu]y(?!\s+viên)",
            "Ban Thường vụ {party}",
            "party",
        ),
        (
            r"Ban\s+(?P<organ>Tổ\s+chức|Tuyên\s+giáo(?:\s+và\s+Dân\s+vận)?|Dân\s+vận|Nội\s+chính|Kiểm\s+tra|Đảng)\s+(?:Tỉnh|Thành|Huyện)\s+[ủu]y(?!\s+viên)",
            "Ban {organ} {party}",
            "party",
        ),
        (rf"{_ci('Ban Cán sự đảng')}\s+{committee}", f"Ban Cán sự đảng {UBND}", "committee"),
        (rf"{_ci('Đoàn giám sát')}(?:\s+của)?\s+{council}", f"Đoàn giám sát {HDND}", "council"),
        (rf"{_ci('Đoàn giám sát')}", f"Đoàn giám sát {HDND}", "council"),
        (
            rf"(?:{_ci('Ban')})\s+(?P<committee>{committees})(?:\s*,)?(?:\s+của)?\s+{council}",
            "Ban {committee} " + HDND,
            "council",
        ),
        (rf"{_ci('Ban Dân tộc')}(?=\s+(?:tỉnh|TỈNH|thành phố)\b)", "Ban Dân tộc", "agency"),
        (
            rf"(?:{_ci('Ban')})\s+(?P<committee>{committees})(?!\s*[-–]\s*\w)",
            "Ban {committee} " + HDND,
            "council",
        ),
        (
            r"Đoàn\s+(?:[Đđ]ại\s+biểu\s+Quốc\s+hội|ĐBQH|ĐB\s+Quốc\s+hội)|ĐOÀN\s+(?:ĐẠI\s+BIỂU\s+QUỐC\s+HỘI|ĐBQH)",
            "Đoàn đại biểu Quốc hội",
            "council",
        ),
        (council + r"(?=TP\b)|" + council, HDND, "council"),
        (committee + r"(?=TP\b)|" + committee, UBND, "committee"),
        (front, MTTQ, "front"),
        (
            rf"(?:{_ci('Ban Thi đua - Khen thưởng')}|Ban\s+TĐKT)(?!\s+Trung\s+ương)",
            "Ban Thi đua - Khen thưởng",
            "agency",
        ),
        (
            rf"{_ci('Ban Quản lý các khu công nghiệp')}|{_ci('Ban Quản lý các Khu công nghiệp')}",
            "Ban Quản lý các khu công nghiệp",
            "agency",
        ),
        (rf"{_ci('Bộ Chỉ huy Quân sự')}", "Bộ Chỉ huy Quân sự", "agency"),
        (rf"{_ci('Thanh tra')}(?=\s+(?:tỉnh|thành phố|huyện|TỈNH)\b)", "Thanh tra", "agency"),
        (rf"{_ci('Công an')}(?=\s+(?:tỉnh|thành phố|huyện|TỈNH)\b)", "Công an", "agency"),
        (
            rf"(?:{_ci('Cục Thuế')}|Cục\s+thuế)(?=\s+(?:tỉnh|thành phố|TỈNH)\b)",
            "Cục Thuế",
            "agency",
        ),
        (
            rf"(?:{_ci('Bảo hiểm xã hội')}|BHXH)(?=\s+(?:tỉnh|thành phố|huyện|TỈNH)\b)",
            "Bảo hiểm xã hội",
            "agency",
        ),
        (r"(?i:tòa\s+án\s+nhân\s+dân|toà\s+án\s+nhân\s+dân)", "Tòa án nhân dân", "court"),
        (r"(?i:viện\s+kiểm\s+sát\s+nhân\s+dân)", "Viện kiểm sát nhân dân", "court"),
        (r"(?i:chi\s+cục\s+thi\s+hành\s+án\s+dân\s+sự)", "Chi cục Thi hành án dân sự", "court"),
        (r"(?i:cục\s+thi\s+hành\s+án\s+dân\s+sự)", "Cục Thi hành án dân sự", "court"),
        (r"(?:Tỉnh|TỈNH)\s+(?:ủy|ỦY)(?!\s+viên)", "Tỉnh ủy", "party"),
        (r"(?:Thành|THÀNH)\s+(?:ủy|ỦY)(?!\s+viên)", "Thành ủy", "party"),
        (r"(?:Huyện|HUYỆN)\s+(?:ủy|ỦY)(?!\s+viên)", "Huyện ủy", "party"),
        (
            r"(?:Đảng|ĐẢNG)\s+(?:ủy|ỦY)(?=\s+(?:xã|phường|thị\s+trấn|XÃ|PHƯỜNG)\b)",
            "Đảng ủy",
            "party",
        ),
        (r"(?:Sở|SỞ)\s+(?=\w)", "Sở", "department"),
        (r"(?:Bộ|BỘ)\s+(?=\w)", "Bộ", "ministry"),
    ]


def _central() -> list[tuple[str, str]]:
    pairs = [(variant, name) for name, variants in CENTRAL.items() for variant in variants]
    pairs.sort(key=lambda p: -len(p[0]))
    return [(_ci(v).replace(r"\s+\-\s+", r"\s*[-–]\s*"), name) for v, name in pairs]


_HEAD_RULES = [(re.compile(p), head, family) for p, head, family in _heads()]
_CENTRAL_RULES = [(re.compile(p + r"(?!\w)"), name) for p, name in _central()]
_LAW_BEFORE = re.compile(r"\bLuật\s[^;.:]{0,70}$")
_ENUMERATION = re.compile(
    r"(?i:các)\s+(Sở|sở|SỞ|Bộ|bộ)(?:\s*,\s*(?:(?i:ban)\s*,?\s*)?(?i:ngành))?\s*:\s*"
)
_GENERIC_AFTER = re.compile(r"\s+(?:các|cấp|mọi)\s", re.IGNORECASE)
_PLURAL_BEFORE = re.compile(r"(?:các|những|mỗi|từng)\s+$", re.IGNORECASE)
_NOT_CENTRAL_BEFORE = re.compile(
    r"(?:[Tt]hủ\s+tướng|biểu|ĐB|[Đđ]oàn|Văn\s+phòng|Thường\s+vụ|TVQH|CTĐB|Ủy\s+ban)\s+$"
)
# "Quốc hội tỉnh" is the tail of "Đoàn đại biểu Quốc hội tỉnh" cut by a table layout.
_LOCAL_AFTER = re.compile(r"\s+(?:tỉnh|thành\s+phố|TP)\b")
# A fund, club or association that carries an agency's name is not the agency.
_NAMED_AFTER_BEFORE = re.compile(r"(?:Quỹ|Câu\s+lạc\s+bộ)\s+(?:[^\W\d_]+\s+){0,3}$")


def find_bodies(text: str, locality: Locality | None = None) -> list[Body]:
    """The bodies `text` names, each once, in order of first mention."""
    locality = locality or Locality()
    matched = matching_copy(text)
    mentions = _scan(matched, locality)
    mentions += _enumerations(matched, locality, mentions)
    mentions.sort(key=lambda m: m.start)
    _share_places(matched, mentions)
    if locality.own is None:
        _share_council_level(mentions)
    bodies: dict[str, Body] = {}
    for mention in mentions:
        body = _body(mention, locality)
        if body is None:
            continue
        surface = " ".join(text[mention.start : mention.end].split())
        known = bodies.setdefault(_key(body.name), body)
        if surface not in known.mentions:
            known.mentions.append(surface)
    return list(bodies.values())


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", normalize_tones(name).lower())


def _scan(text: str, locality: Locality) -> list[_Mention]:
    mentions: list[_Mention] = []
    taken = bytearray(len(text) + 1)  # 1 where a body's name already is

    def free(start: int, end: int) -> bool:
        return not any(taken[start:end])

    def take(start: int, end: int) -> None:
        taken[start:end] = b"\x01" * (end - start)

    for pattern, name in _CENTRAL_RULES:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()) or _in_law_title(text, m.start()):
                continue
            if name in ("Quốc hội", "Chính phủ") and (
                _NOT_CENTRAL_BEFORE.search(text, max(0, m.start() - 20), m.start())
                or _LOCAL_AFTER.match(text, m.end())
            ):
                continue
            mentions.append(_Mention(m.start(), m.end(), name, "central"))
            take(m.start(), m.end())
    for pattern, head, family in _HEAD_RULES:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            mention = _head_mention(text, m, head, family, locality)
            if mention is None:
                continue
            take(mention.start, mention.end)
            if (
                _in_law_title(text, m.start())
                or _PLURAL_BEFORE.search(text, max(0, m.start() - 8), m.start())
                or _NAMED_AFTER_BEFORE.search(text, max(0, m.start() - 40), m.start())
            ):
                continue
            mentions.append(mention)
            mentions.extend(_coordinated(text, mention, locality))
    return mentions


def _head_mention(
    text: str, m: re.Match[str], head: str, family: str, locality: Locality
) -> _Mention | None:
    end = m.end()
    if "{committee}" in head:
        head = head.format(committee=_canonical(_COMMITTEE_KEYS, m["committee"]))
    if family == "department" or family == "ministry":
        found = department_at(text, end)
        if found is None:
            return None
        field_name, end = found
        if family == "ministry":
            return _Mention(m.start(), end, f"Bộ {field_name}", "central")
        head = f"Sở {field_name}"
    if family == "party":
        party = " ".join(
            w.lower() if i else w.capitalize() for i, w in enumerate(m[0].split()[-2:])
        )
        organ = " ".join(m["organ"].split()) if "{organ}" in head else ""
        head = head.format(party=party, organ=organ) if "{party}" in head else party
    mention = _Mention(m.start(), end, head, family)
    if text.startswith("TP", end):  # "HĐNDTP", "UBNDTP": the city
        mention.place = locality.for_kind("thành phố")
        mention.end = end + 2
        mention.explicit = mention.place is not None
        return mention
    place, place_end, generic, kind = _locality_at(text, end, family, locality)
    mention.generic, mention.kind = generic, kind
    if place is not None:
        mention.place, mention.end, mention.explicit = place, place_end, True
    elif kind is not None:
        mention.end = place_end
    return mention


def _canonical(table: dict[str, str], written: str) -> str:
    return table.get(dept_key(written), written)


def _in_law_title(text: str, pos: int) -> bool:
    return bool(_LAW_BEFORE.search(text, max(0, pos - 80), pos))


def _locality_at(
    text: str, pos: int, family: str, locality: Locality
) -> tuple[Place | None, int, bool, str | None]:
    """The place written right after a body's name: (place, end, generic, kind), `kind` being
    a level word ("tỉnh", "huyện") written with no name that the document resolves."""
    if _GENERIC_AFTER.match(text, pos):
        return None, pos, True, None
    m = _AFTER_HEAD.match(text, pos)
    cursor = m.end() if m else pos
    kind_match = _KIND.match(text, cursor)
    if kind_match is None:
        if family == "party":  # "Tỉnh ủy Gia Lai": the name follows without a kind
            place, end = _place_name(text, cursor, None, locality)
            return place, end, False, None
        return None, pos, False, None
    kind = kind_match[0].lower().rstrip(".")
    kind = "thành phố" if kind == "tp" else kind
    name_start = kind_match.end()
    if text.startswith(".", name_start):
        name_start += 1
    place, end = _place_name(text, name_start, kind, locality)
    if place is not None:
        return place, end, False, None
    if _GENERIC_AFTER.match(text, name_start) or text.startswith(("ủy", "uỷ"), name_start + 1):
        return None, pos, True, None
    bare = locality.for_kind(kind)
    if bare is None and locality.own is None:
        # "UBND tỉnh" in a text that does not say where it is: kept with its level
        return None, kind_match.end(), False, kind
    if bare is None:
        # "UBND xã" in a province's text: any commune's committee
        return None, kind_match.end(), True, None
    return bare, kind_match.end(), False, None


def _place_name(
    text: str, pos: int, kind: str | None, locality: Locality
) -> tuple[Place | None, int]:
    words: list[re.Match[str]] = []
    cursor = pos
    for _ in range(5):
        m = _BEFORE_NAME_WORD.match(text, cursor)
        start = m.end() if m else cursor
        w = _NAME_WORD.match(text, start)
        if not w or not w[0][0].isupper():
            break
        words.append(w)
        cursor = w.end()
    if kind in ("thành phố", "tp") and words and words[0][0] in ("HCM", "HCM."):
        hcm = places.lookup("Hồ Chí Minh", "thành phố")
        return hcm, words[0].end()
    province = locality.province.name if locality.province else None
    for n in range(len(words), 0, -1):
        name = text[pos : words[n - 1].end()].strip()
        place = places.lookup(name, kind, province)
        if place is not None and (kind is not None or place.level == "tinh" or n > 1):
            return place, words[n - 1].end()
    return None, pos


def _coordinated(text: str, mention: _Mention, locality: Locality) -> list[_Mention]:
    # "UBND thành phố Thuận An, thị xã Bến Cát, huyện Bàu Bàng": one committee for each.
    if (
        not mention.explicit
        or mention.place is None
        or mention.family not in ("council", "committee")
    ):
        return []
    extra: list[_Mention] = []
    kind = mention.place.kind
    cursor = mention.end
    province = mention.place.province or (locality.province.name if locality.province else None)
    while True:
        m = _COMMA.match(text, cursor)
        if not m:
            break
        start = m.end()
        kind_match = _KIND.match(text, start)
        name_start = kind_match.end() if kind_match else start
        next_kind = kind_match[0].lower() if kind_match else kind
        if next_kind == "tp":
            next_kind = "thành phố"
        place, end = _place_name(text, name_start, next_kind, locality)
        if place is None or place.level != mention.place.level:
            break
        if province and place.province and places.key(place.province) != places.key(province):
            break
        extra.append(_Mention(start, end, mention.head, mention.family, place, explicit=True))
        cursor, kind = end, next_kind
    return extra


def _enumerations(text: str, locality: Locality, mentions: list[_Mention]) -> list[_Mention]:
    """Departments listed after "các Sở, ngành:" or "Các Bộ:" — "Tài chính, Nông nghiệp và Môi
    trường, Văn hóa, Thể thao và Du lịch; Y tế" — each named in full by the gazetteer (a comma
    inside a name is told from a comma between names by the longest match). Items that are not
    departments ("Thanh tra tỉnh", "Liên đoàn Lao động tỉnh") are stepped over; the list ends at
    a full stop or a new "- …" line."""
    found: list[_Mention] = []
    taken = [(m.start, m.end) for m in mentions]
    for m in _ENUMERATION.finditer(text):
        ministry = m[1].lower() == "bộ"
        cursor, limit = m.end(), min(len(text), m.end() + 700)
        while cursor < limit:
            skip = _LIST_SKIP.match(text, cursor)
            cursor = skip.end() if skip else cursor
            if cursor >= limit or _list_end(text, cursor):
                break
            if text[cursor] == "\n":
                cursor += 1
                continue
            hit = department_at(text, cursor)
            if hit is None:
                item = _LIST_ITEM.match(text, cursor)
                if item is None or item.end() == cursor:
                    break
                cursor = item.end()
                continue
            field_name, end = hit
            if not any(s < end and cursor < e for s, e in taken):
                if ministry:
                    found.append(_Mention(cursor, end, f"Bộ {field_name}", "central"))
                else:
                    department = _Mention(cursor, end, f"Sở {field_name}", "department")
                    department.place = locality.province
                    department.explicit = locality.province is not None
                    found.append(department)
            cursor = end
            if not _LIST_GOES_ON.match(text, cursor):
                break
    return found


def _list_end(text: str, pos: int) -> bool:
    if text[pos] == ".":
        return True
    return text[pos] == "\n" and text[pos + 1 : pos + 4].lstrip(" \t")[:1] in ("-", "*", "+", "")


_EVERY_LEVEL = frozenset({"council", "committee", "front", "court"})


def _share_places(text: str, mentions: list[_Mention]) -> None:
    # "Tòa án nhân dân, Viện kiểm sát nhân dân, Cục Thi hành án dân sự tỉnh": the place written
    # after the last body of a list belongs to each.
    for i in range(len(mentions) - 2, -1, -1):
        this, nxt = mentions[i], mentions[i + 1]
        if this.explicit or this.generic:
            continue
        gap = text[this.end : nxt.start]
        if not re.fullmatch(r"\s*(?:,|và|&)\s*", gap):
            continue
        if nxt.family == "central" or this.family == "central":
            continue
        if nxt.explicit and nxt.place is not None:
            this.place, this.explicit = nxt.place, True
        elif nxt.kind and this.kind is None and {this.family, nxt.family} <= _EVERY_LEVEL:
            # "Thường trực HĐND, UBND tỉnh" where the text names no province: both provincial
            this.kind = nxt.kind
        elif nxt.generic and {this.family, nxt.family} <= _EVERY_LEVEL:
            # "TT HĐND, UBND các quận, huyện": both are plural. A department exists only at the
            # province, so "Sở Nội vụ, Ủy ban nhân dân các huyện" keeps its own place.
            this.generic = True


def _share_council_level(mentions: list[_Mention]) -> None:
    # A text that does not say where it is but speaks of "Thường trực HĐND tỉnh": its "Ban Pháp
    # chế" is that council's committee, of the same level.
    council = next(
        (m.kind for m in mentions if m.family == "council" and m.kind and HDND in m.head), None
    )
    if council is None:
        return
    for mention in mentions:
        if (
            mention.family == "council"
            and mention.head != HDND
            and mention.place is None
            and mention.kind is None
            and not mention.generic
        ):
            mention.kind = council


def _body(mention: _Mention, locality: Locality) -> Body | None:
    if mention.generic:
        return None
    if mention.family == "central":
        return Body(mention.head, level="trung_uong")
    place = mention.place
    if place is None and mention.kind is None:
        if mention.family in ("agency",):
            return None
        if mention.family == "party":
            place = _party_default(mention.head, locality)
        elif mention.family == "department":
            place = locality.province
        else:
            place = locality.own
    if place is None:
        return _level_only(mention)
    if mention.head == "Ban Thi đua - Khen thưởng" and place.level != "tinh":
        return None
    if mention.family == "party" and not mention.head.endswith("Đảng ủy"):
        # "Tỉnh ủy Gia Lai": the committee's name already says its level
        return Body(f"{mention.head} {place.name}", level=place.level, place=place.name)
    return Body(f"{mention.head} {place.label}", level=place.level, place=place.name)


# Heads that name one body even without its place ("Ban Pháp chế", "Thường trực HĐND"), unlike
# a bare "HĐND" or "UBND", which may mean any council or committee.
_BARE_HEADS = (HDND, UBND, MTTQ, "Tòa án nhân dân", "Viện kiểm sát nhân dân")
_PARTY_LEVELS = {"Tỉnh ủy": "tinh", "Huyện ủy": "huyen"}


def _level_only(mention: _Mention) -> Body | None:
    """A body whose place the document does not tell, kept with the level its name states:
    "UBND tỉnh" → "Ủy ban nhân dân tỉnh" (tinh), "Ban Pháp chế" → "Ban Pháp chế Hội đồng nhân
    dân" (level unknown), "Sở Tài chính" (tinh)."""
    if mention.kind is not None:
        level = None if mention.kind == "thành phố" else places.KIND_LEVEL.get(mention.kind)
        if mention.family == "party" and mention.head.endswith("Đảng ủy"):
            return Body(f"Đảng ủy {mention.kind}", level=level)
        return Body(f"{mention.head} {mention.kind}", level=level)
    if mention.family == "party":
        level = next((v for k, v in _PARTY_LEVELS.items() if mention.head.endswith(k)), None)
        return None if mention.head.endswith("Đảng ủy") else Body(mention.head, level=level)
    if mention.family == "department":
        return Body(mention.head, level="tinh")
    if mention.family in ("agency",) or mention.head in _BARE_HEADS:
        return None
    if mention.head == "Ban Thi đua - Khen thưởng":
        return None
    return Body(mention.head)


def _party_default(head: str, locality: Locality) -> Place | None:
    if head.endswith("Huyện ủy"):
        return locality.district
    return locality.province


# --- recasing: "THƯỜNG TRỰC HĐND TỈNH THANH HÓA" → "Thường trực HĐND tỉnh Thanh Hóa" ---------

_CANON = {
    **{p.lower(): p for p in (
        "Hội đồng nhân dân", "Ủy ban nhân dân", "Thường trực", "Đoàn giám sát", "Văn phòng",
        "Đoàn ĐBQH", "Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Chánh Văn phòng",
        "Phó Chánh Văn phòng", "Trưởng đoàn", "Phó Trưởng đoàn", "Trưởng ban", "Phó Trưởng ban",
        "Bí thư", "Phó Bí thư", "Chánh Thanh tra", "Trưởng phòng", "Chủ nhiệm", "Bộ trưởng",
        "Thứ trưởng", "Viện trưởng", "Chánh án", "Ban Thường vụ", "Ủy ban Mặt trận Tổ quốc Việt Nam",
        "Đoàn đại biểu Quốc hội", "Quốc hội", "Chính phủ", "Tỉnh ủy", "Thành ủy", "Huyện ủy",
    )},
    **{f"ban {c.lower()}": f"Ban {c}" for c in COMMITTEES},
    **{f"sở {d.lower()}": f"Sở {d}" for d in DEPARTMENTS},
    **{f"bộ {d.lower()}": f"Bộ {d}" for d in DEPARTMENTS},
    **{a.lower(): a for a in ("HĐND", "UBND", "ĐBQH", "MTTQ", "UBMTTQ", "TM.", "KT.", "TL.", "TUQ.", "Q.")},
}  # fmt: skip
_CANON_MAX = max(len(k.split()) for k in _CANON)


def recase(phrase: str) -> str:
    """A phrase written in capitals in the usual case: "SỞ NỘI VỤ" → "Sở Nội vụ",
    "TM. ỦY BAN NHÂN DÂN" → "TM. Ủy ban nhân dân", "UBND TỈNH LÂM ĐỒNG" → "UBND tỉnh Lâm Đồng"."""
    words = normalize_tones(_SPACE.sub(" ", phrase).strip()).split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(_CANON_MAX, len(words) - i), 0, -1):
            chunk = " ".join(words[i : i + n]).lower()
            if chunk in _CANON:
                out.append(_CANON[chunk])
                i += n
                break
        else:
            placed = _recase_place(words, i)
            if placed is not None:
                label, i = placed
                out.append(label)
                continue
            out.append(words[i].lower())
            i += 1
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _recase_place(words: list[str], i: int) -> tuple[str, int] | None:
    for kind_len in (2, 1):
        kind = " ".join(words[i : i + kind_len]).lower()
        if kind not in places.KIND_LEVEL:
            continue
        for n in range(min(5, len(words) - i - kind_len), 0, -1):
            name = " ".join(words[i + kind_len : i + kind_len + n])
            if place := places.lookup(name, kind):
                return f"{kind} {place.name}", i + kind_len + n
    return None


def abbreviate(name: str) -> str:
    """The short form issuers are written in: "Hội đồng nhân dân tỉnh X" → "HĐND tỉnh X"."""
    for long, short in (
        (HDND, "HĐND"),
        (UBND, "UBND"),
        ("Đoàn đại biểu Quốc hội", "Đoàn ĐBQH"),
        (MTTQ, "UBMTTQ Việt Nam"),
    ):
        name = name.replace(long, short)
    return name


def committee_at(text: str, pos: int, max_words: int = 6) -> tuple[str, int] | None:
    """The council committee named at text[pos:] ("Kinh tế - Ngân sách") and where it ends."""
    return _longest(text, pos, _COMMITTEE_KEYS, max_words)
