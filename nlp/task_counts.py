"""Quantities a council reports about its work: programme contents, tasks, targets (chỉ tiêu),
supervision topics and visits, meetings, petitions, resolutions, deputies present.

"có 248/273 (bằng 90,8%) nội dung công việc trong kế hoạch đã hoàn thành" → 248 of 273, 90.8%,
unit "nội dung công việc", role completed. A count is a number directly followed by a work unit
from `UNITS`, or a ratio "N/M" of bodies or units that did something ("13/14 sở, ban, ngành đã
đề xuất"). The role comes from the words around it (`ROLE_CUES`); a stated percentage is kept
only if it agrees with N/M. Economic figures (tỷ đồng, tấn, ha), percentages without a count,
ordinals ("kỳ họp thứ 11") and the numbers inside dates and document numbers are not counts.
"""

from __future__ import annotations

import re

from hoso.records import TaskCount
from nlp.dates import Found, scan
from nlp.matching import matching_copy
from nlp.numbers import NUMBER, parse_number
from nlp.sentences import Sentences

# Counted work items, longest first. "nhóm" (task groups) only counts standing alone:
# "(09 nhóm)", "TỔNG CỘNG: 55 nhóm", not "3 nhóm giải pháp".
UNITS = (
    "nội dung công việc", "nội dung", "công việc", "nhiệm vụ", "chỉ tiêu", "hoạt động",
    "cuộc họp giao ban", "cuộc họp", "phiên họp", "kỳ họp", "hội nghị", "cuộc giám sát",
    "đợt giám sát", "chuyên đề giám sát", "chuyên đề", "cuộc khảo sát", "đợt khảo sát",
    "phiên giải trình", "phiên chất vấn", "cuộc tiếp xúc cử tri", "buổi tiếp xúc cử tri",
    "cuộc tiếp xúc", "buổi tiếp công dân", "lượt công dân", "lượt tiếp công dân",
    "kiến nghị cử tri", "kiến nghị", "ý kiến cử tri", "ý kiến", "đơn thư", "vụ việc",
    "câu hỏi chất vấn", "câu hỏi", "lượt đại biểu", "đại biểu", "dự thảo nghị quyết",
    "nghị quyết", "tờ trình", "đề án", "văn bản",
)  # fmt: skip
# Who did something, counted only as a ratio: "07/09 sở có văn bản".
RATIO_UNITS = ("sở, ban, ngành", "sở, ngành", "cơ quan, đơn vị", "đơn vị", "địa phương", "sở", "xã")
ROLE_CUES = (
    ("new", r"mới\s+phát\s+sinh|phát\s+sinh\s+mới|phát\s+sinh|bổ\s+sung\s+mới"),
    ("remaining", r"còn\s+lại|tồn\s+đọng"),
    ("pending", r"chưa\s+(?:được\s+)?(?:hoàn\s+thành|thực\s+hiện|giải\s+quyết|triển\s+khai|trả\s+lời|xử\s+lý|tổ\s+chức|có)"),
    ("in_progress", r"đang\s+(?:được\s+)?(?:thực\s+hiện|triển\s+khai|giải\s+quyết|xử\s+lý|chuẩn\s+bị|xem\s+xét)"),
    ("completed", r"(?:đã\s+(?:được\s+)?|cơ\s+bản\s+)?hoàn\s+thành|đã\s+(?:được\s+)?(?:thực\s+hiện|triển\s+khai|tổ\s+chức|giải\s+quyết|trả\s+lời|xử\s+lý|ban\s+hành|thông\s+qua|đề\s+xuất|tiếp(?!\s+tục)|công\s+bố|rà\s+soát|giám\s+sát|khảo\s+sát)|tổ\s+chức\s+thêm|có\s+văn\s+bản|đạt\s+và\s+vượt"),
    ("total", r"gồm|bao\s+gồm|tổng\s+số|tổng\s+cộng|dự\s+kiến|với\s+sự\s+tham\s+gia"),
)  # fmt: skip
# A sentence whose main verb says work was done: "Thường trực HĐND đã tổ chức thêm 21 cuộc họp".
_SENTENCE_COMPLETED = re.compile(
    r"đã\s+(?:\w+\s+){0,2}?(?:tổ\s+chức|thực\s+hiện|hoàn\s+thành|triển\s+khai|giải\s+quyết|"
    r"tiếp(?!\s+tục)|ban\s+hành|công\s+bố|rà\s+soát|giám\s+sát|khảo\s+sát)",
    re.IGNORECASE,
)


def _unit_pattern(units: tuple[str, ...]) -> str:
    return "|".join(u.replace(",", r"\s*,").replace(" ", r"\s+") for u in units)


_COUNT = re.compile(
    rf"(?<![\w/.,:–-])(?P<n>{NUMBER})(?:\s*/\s*(?P<total>{NUMBER}))?"
    rf"(?:\s*\(\s*(?:(?:bằng|đạt|chiếm|=)\s*)?(?P<pct>{NUMBER})\s*%\s*\))?"
    rf"[ \t]+(?P<unit>(?i:{_unit_pattern(UNITS)}|nhóm(?=\s*(?:[)–;:,.-]|$)))"
    rf"|(?P<unitr>(?i:{_unit_pattern(RATIO_UNITS)})))(?!\w)",
    re.MULTILINE,
)
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?i:(?:(?<!tổng\s)số|thứ|điều|khoản|điểm|mục|lần|phụ\s+lục|bảng|mẫu|quý)\s*:?\s*)$"
)
# A number naming a unit is a label, not a count: "Đội kiểm tra 814 hoạt động kiêm nhiệm".
_LABEL_BEFORE = re.compile(
    r"(?:Đội|Tổ|Khu|Trạm|Nhóm|Lữ\s+đoàn|Sư\s+đoàn|Trung\s+đoàn|Tiểu\s+đoàn)(?:\s+[a-zà-ỹđ]+){0,2}\s+$"
)
_CUES = [(role, re.compile(cue, re.IGNORECASE)) for role, cue in ROLE_CUES]
_PERIOD_EXCLUDED = re.compile(r"(?:so\s+với|cùng\s+kỳ)\s+(?:cùng\s+kỳ\s+)?$", re.IGNORECASE)


def find_task_counts(
    text: str,
    sentences: Sentences | None = None,
    reference: str | None = None,
    dates: list[Found] | None = None,
) -> list[TaskCount]:
    """The task counts of `text` in text order. `dates` is `nlp.dates.scan(text, reference)`
    when the caller has it already."""
    text = matching_copy(text)
    sentences = sentences or Sentences(text)
    dates = scan(text, reference) if dates is None else dates
    spans = [(d.start, d.end) for d in dates]
    counts: list[TaskCount] = []
    for m in _COUNT.finditer(text):
        if any(s < m.end("n") and m.start("n") < e for s, e in spans):
            continue
        if _NOT_A_COUNT_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        if _LABEL_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue
        number = parse_number(m["n"])
        total = parse_number(m["total"]) if m["total"] else None
        unit_raw = m["unit"] or m["unitr"]
        if number is None or (m["unitr"] and total is None):
            continue
        if total is not None and (total < number or total == 0):
            continue
        percent = parse_number(m["pct"]) if m["pct"] else None
        if percent is not None and (total is None or abs(number / total * 100 - percent) > 0.15):
            # the stated share does not agree with the counts: keep the counts, drop the share
            percent = None
        clause = sentences.clause(m.start(), m.end())
        role = _role(text, m, clause, total is not None)
        counts.append(
            TaskCount(
                number=number,
                unit=" ".join(unit_raw.split()).lower(),
                role=role,
                sentence=sentences.sentence(m.start(), m.end()),
                total=total,
                percent=percent,
                period=_period(text, dates, clause, (m.start(), m.end())),
            )
        )
    return counts


def _role(text: str, m: re.Match[str], clause: tuple[int, int], ratio: bool) -> str:
    after = text[m.end() : min(clause[1], m.end() + 80)]
    before = text[max(clause[0], m.start() - 60) : m.start()]
    for window in (after[:45], before[-30:], after):
        for role, cue in _CUES:
            if cue.search(window):
                return role
    if ratio:
        return "completed"
    sentence = text[clause[0] : clause[1]]
    if _SENTENCE_COMPLETED.search(sentence):
        return "completed"
    return "total"


def _period(
    text: str, dates: list[Found], clause: tuple[int, int], count: tuple[int, int]
) -> str | None:
    """The month, quarter, year or range the clause of a count states ("Tính đến hết tháng
    11-2019, có 248/273 …" → "2019-11"); not a day, a term, a comparison ("so với năm 2018") or
    an aside in brackets opened after the count."""
    for d in dates:
        if not (clause[0] <= d.start < clause[1]):
            continue
        if d.start > count[1]:
            between = text[count[1] : d.start]
            if between.rfind("(") > between.rfind(")"):
                continue
        if d.precision in ("day", "term"):
            continue
        if _PERIOD_EXCLUDED.search(text, max(0, d.start - 25), d.start):
            continue
        return f"{d.value}/{d.end_value}" if d.end_value else d.value
    return None
