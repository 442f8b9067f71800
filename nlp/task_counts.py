"""Counted quantities a council reports about its work, read from the sentence's structure.

"có 248/273 (bằng 90,8%) nội dung công việc trong kế hoạch đã hoàn thành" → 248 of 273, 90.8%,
unit "nội dung công việc", role completed, kind task.

A count is a number (digits, "1.204", "3,4 nghìn", or words: "mười một") followed by the noun
phrase it counts — the unit, read from underthesea's part-of-speech tags, not from a list of
known units (`_unit`). Around it the sentence may state:

- a total: "X/Y …", "X … trên (trong) tổng số Y", or a total the clause opened with: "Y kiến
  nghị, trong đó X … và W …" (each part takes Y as its total);
- a percent: "(đạt / bằng Z%)" after the number or after the unit, ", chiếm Z%", "đạt Z% (X/Y
  …)"; kept only when it belongs to that count (it agrees with X/Y when there is a total, and
  nothing else was counted between them);
- a label before a colon instead of a unit after the number: "Số kiến nghị đã trả lời: 45/60",
  "Đã giải quyết: 40 (88,9%)" (the unit is the label's noun, else the unit last counted).

Each part of a sentence between commas, semicolons, "trong đó", "gồm" carries its own role:
completed, in_progress, pending (not yet due), not_completed (not done, overdue, or the
remainder "còn lại, tồn đọng"), carried_over, new, total, passed (resolutions or documents
adopted), other (a counted activity: meetings held, citizens received, questions asked). The
role is read from the verb that governs the count: the nearest verb before it, found by its tag
with the markers in front of it (`_verb_phrase_before`), or the predicate after the counted
noun, or a label. Aspect and polarity markers decide first, whatever the verb ("chưa", "không",
"đang", "tiếp tục", "sẽ"); then the verb's class in a lexicon of verbs grouped by meaning
(`ROLE_CUES`: completion, handling said done, adoption, deferral, arising, activities). A
completion that the clause only plans or asks for ("sẽ", "cần", "phấn đấu") is an `other`. `kind` says what was counted (`_kind`): task (work items of a programme, petitions to
settle), activity (events: meetings, sessions, supervisions, receptions, questions), indicator
(targets and results: communes, projects, households, targets of a plan).

Not counts: dates and years (`nlp.dates.scan`), money and measures (the unit is a unit noun:
đồng, ha, tấn, %), durations (năm, tháng, ngày), growth ("tăng 5 xã"), rankings ("xếp thứ
12/63"), ordinals ("kỳ họp thứ 11"), article and clause numbers ("Điều 5", "khoản 2"), document,
phone and account numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.records import TaskCount
from nlp.dates import LOST, Found, scan
from nlp.matching import matching_copy
from nlp.numbers import NUMBER, NUMBER_WORDS, find_number_words, parse_number, words_value
from nlp.sentences import Sentences
from nlp.tagging import NOUNS, Word, tag
from nlp.words import segment, two_syllable_words


def _phrases(*phrases: str) -> str:
    """An alternation of phrases whose syllables may be separated by any spacing."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


# Verbs grouped by what they say happened to the items, written from the dictionary meaning of
# the words in administrative Vietnamese (not from the sentences of the gold set).
# Done by themselves: finished, handed over, accepted, remedied, met a standard.
COMPLETION_VERBS = _phrases(
    "hoàn thành", "hoàn tất", "thực hiện xong", "giải quyết xong", "xử lý xong", "làm xong",
    "xong", "kết thúc", "nghiệm thu", "bàn giao", "khánh thành", "đưa vào sử dụng",
    "đưa vào vận hành", "hòa giải thành", "hoà giải thành",
    "đưa vào hoạt động", "đi vào hoạt động", "khắc phục", "tiếp thu", "đạt chuẩn", "công nhận",
    "đúng hạn", "trước hạn", "vượt kế hoạch", "đạt và vượt", "đạt kế hoạch", "đạt yêu cầu",
    "có văn bản", "giải quyết trước", "giải quyết đúng", "có kết quả", "thoát nghèo", "thoát khỏi", "giảm được",
)  # fmt: skip
# Handling verbs: done when said done ("đã", "được"): "đã trả lời", "được giải quyết"; a bare
# "câu hỏi trả lời trực tiếp" names a kind of question, a bare "giải quyết dứt điểm 14 vụ việc
# tồn đọng" asks for it.
HANDLING_VERBS = _phrases(
    "giải quyết", "xử lý", "trả lời", "thực hiện", "triển khai", "đề xuất", "công bố",
    "xác minh", "thẩm định", "phê duyệt", "duyệt", "cấp", "thu hồi", "xét duyệt", "kết luận", "đạt",
    "thi hành", "giải ngân", "khởi công",
)  # fmt: skip
# Answering verbs: a question, petition or letter answered or explained is done, whatever the
# mode of the answer ("trả lời trực tiếp tại hội trường", "trả lời bằng văn bản"), said done or
# bare after the counted noun ("18 câu hỏi trả lời trực tiếp"); a question asked is not.
ANSWERING_VERBS = _phrases(
    "trả lời", "phúc đáp", "hồi đáp", "giải đáp", "giải trình", "giải thích", "làm rõ"
)  # fmt: skip
# Classifiers of events that are held (a question is answered, a meeting held).
_HELD = frozenset(["cuộc", "buổi", "phiên", "đợt", "chuyến", "kỳ", "hội nghị"])
_COMPLETED = re.compile(rf"(?<!\w)(?:{COMPLETION_VERBS})(?!\w)", re.IGNORECASE)
# Adopted: resolutions and documents voted or issued.
PASSING_VERBS = _phrases(
    "thông qua", "ban hành", "biểu quyết", "phê chuẩn", "quyết nghị", "quyết định chủ trương",
    "phát hành",
    # an investment policy approved: "thống nhất chủ trương đầu tư 3 dự án"
    "thống nhất chủ trương", "phê duyệt chủ trương", "chấp thuận chủ trương",
)  # fmt: skip
# Moved to a later period.
DEFERRING_VERBS = _phrases(
    "chuyển tiếp", "gia hạn", "hoãn", "tạm hoãn", "lùi lại", "dời lại", "rút khỏi chương trình",
    "kéo dài thời gian", "tồn đầu kỳ", "tồn kỳ trước", "kỳ trước chuyển sang",
    "năm trước chuyển sang",
)  # fmt: skip
# "chuyển sang năm sau", "lùi thời gian trình sang năm 2026": moved, then where to.
_MOVED_TO = (
    r"(?:chuyển|lùi|dời|hoãn|điều\s+chỉnh)(?:\s+\w+){0,4}?\s+(?:sang|qua)|"
    r"(?:chuyển|lùi|dời|để\s+lại)(?:\s+trình)?\s+(?:kỳ|năm|quý|đợt)\s+(?:sau|tới)|"
    r"được\s+để\s+lại"
)
# Late, stopped or left over: not done whatever the verb.
FAILING_WORDS = _phrases(
    "quá hạn", "quá thời hạn", "trễ hạn", "trễ", "chậm", "tồn đọng", "còn tồn", "còn nợ",
    "vướng", "còn lại", "dừng thực hiện", "tạm dừng", "tạm ngừng", "đình chỉ", "vướng mắc", "ách tắc",
    "dở dang", "dang dở", "bỏ dở", "trả lại", "từ chối", "bác bỏ", "kéo dài", "thu hồi chủ trương",
    "hủy bỏ", "huỷ bỏ", "dừng triển khai", "ngừng triển khai", "ngừng thực hiện", "thiếu",
    "xấp xỉ đạt", "gần đạt",
)  # fmt: skip
# Arisen or added.
ARISING_VERBS = _phrases(
    "phát sinh", "bổ sung", "mới được giao", "thành lập mới", "mới thành lập", "tuyển mới",
    "khởi công mới", "mở mới", "đăng ký mới", "cấp mới", "đóng mới", "xây mới", "xây dựng mới",
    "trồng mới", "tái nghèo", "nhận mới", "thụ lý mới", "tiếp nhận mới",
)  # fmt: skip
# A request after the counted noun: the verb that follows is asked for, not done ("ý kiến đề
# nghị bổ sung"; not "nội dung kiến nghị sau giám sát đang …", a noun).
_REQUESTING = r"đề\s+nghị|yêu\s+cầu|kiến\s+nghị|đề\s+xuất"
_REQUEST = re.compile(
    rf"(?i:^\s*(?:{_REQUESTING})\s+"
    rf"(?:{ARISING_VERBS}|{COMPLETION_VERBS}|{HANDLING_VERBS}|{PASSING_VERBS}|{DEFERRING_VERBS})(?!\w))"
)
# The same after whose request it is: "16 ý kiến của các đại biểu đề nghị UBND huyện làm rõ".
# and sent on to be handled: "32 ý kiến cử tri được chuyển UBND huyện trả lời"
_REQUESTED = re.compile(
    rf"{_REQUEST.pattern}|(?i:^\s*của\s[^,;.()]{{0,60}}?(?<!\w)(?:đề\s+nghị|yêu\s+cầu)(?!\w))|"
    rf"(?i:^\s*(?:[^\W\d]+\s+){{0,2}}?(?:đã\s+)?(?:được\s+)?chuyển\s(?!sang\s+(?:năm|kỳ|quý|tháng|đợt|giai\s+đoạn))[^,;.()]{{0,40}}?(?<!\w)(?:{ANSWERING_VERBS}|{HANDLING_VERBS})(?!\w))"
)
# "mới" closing the counted noun phrase: the items are new ("23 dự án đầu tư mới, …").
_NEW_ITEMS = re.compile(r"(?i:^(?:\s+[^\W\d]+){0,3}?\s+mới(?=\s*(?:[,.;:)]|và\s|$)))")
# A request that opens the verbs before the count: "kiến nghị sửa đổi, bổ sung 10 cơ chế".
_ASKING_BEFORE = re.compile(
    rf"(?i:(?:^|[,;:])\s*(?:(?:đồng\s+thời|cũng|và)\s+)?(?:{_REQUESTING})\s+"
    rf"(?:(?!(?:đã|được|đang)\s)\w+,?\s+){{0,5}}?"
    rf"(?:{ARISING_VERBS}|{COMPLETION_VERBS}|{HANDLING_VERBS}|{PASSING_VERBS})(?:\s+\w+){{0,3}}?\s*$)"
)
# "đã (được) đề nghị …": what follows was asked for.
_ASKED = re.compile(rf"(?i:(?<!\w)đã\s+(?:được\s+)?(?:{_REQUESTING})(?!\w))")
# What is left: "còn", "còn lại", "số còn lại".
_REMAINDER = re.compile(r"(?i:(?<!\w)còn(?:\s+lại)?(?!\w))")
# not "giảm … xuống còn 13 ban" (reduced to)
_REMAINDER_BEFORE = re.compile(r"(?i:(?<!\w)(?<!xuống\s)(?<!giảm\s)còn(?:\s+lại)?\s*$)")
_ARISING = re.compile(rf"(?i:(?<!\w)(?:{ARISING_VERBS}|mới\s+phát\s+sinh)(?!\w))")
# Words after "không" that do not deny the predicate: "không có", "không chỉ", "không quá 5".
# An opinion is not an outcome: "8 cử tri không đồng tình với phương án".
_NOT_NEGATING = (
    r"có|chỉ|những|ít|phải|còn|quá|nhiều|thuộc|nằm|kể|phân\s+biệt|ngừng|ngại|"
    r"đồng\s+tình|đồng\s+ý|nhất\s+trí|tán\s+thành"
)
# Verbs after "đang" that describe a state, not work under way.
_STATES = r"bị|sử\s+dụng|sinh\s+sống|cư\s+trú|công\s+tác|làm\s+việc|hoạt\s+động|quản\s+lý|có|là"

# Words after "đạt" that open an amount, not what was achieved: "đạt trên 1,5 triệu lượt".
_AMOUNT = r"từ|tỷ|tỉ|trên|hơn|gần|khoảng|xấp\s+xỉ|dưới|tới|mức|bình\s+quân"

# A vote or an opinion: who agreed is not what was done ("37/37 phiếu đồng ý", "2.597/2.623 hộ
# đồng ý"; "biểu quyết tán thành 26 dự thảo" passes them).
_VOTING = r"(?<!quyết\s)(?:bỏ\s+phiếu|lấy\s+phiếu|đồng\s+tình|đồng\s+ý|đồng\s+thuận|nhất\s+trí|tán\s+thành|thống\s+nhất)"
# A plan or a promise: what follows has not happened.
PLANNING_WORDS = r"sẽ|phấn\s+đấu|dự\s+kiến|dự\s+định|hứa|cam\s+kết"
# Cues of each role, most specific first: the first role whose cue is in the part of the
# sentence that holds the count wins. Aspect and polarity markers come before the verb classes:
# "chưa" (not yet), "không" (not), "đang" and "tiếp tục" (under way), "sẽ" (planned) decide the
# role whatever verb they modify.
ROLE_CUES = (
    ("pending", r"chưa\s+(?:đến|tới|hết)\s+(?:thời\s+|kỳ\s+)?hạn|chưa\s+(?:đến|tới)\s+kỳ|(?:còn\s+|đang\s+)?trong\s+(?:thời\s+)?hạn(?:\s+\w+)"),
    ("carried_over", rf"{DEFERRING_VERBS}|{_MOVED_TO}"),
    # "chưa kể" (not counting) denies nothing
    ("not_completed", rf"chưa(?!\s+kể)|không\s+(?!(?:{_NOT_NEGATING})(?!\w))\w+|{FAILING_WORDS}"),
    # a target or a plan: nothing has happened to the items yet (a deferral, or a state the
    # items are in, "6 nhiệm vụ còn tồn đọng", says more than the plan around it)
    ("planned", PLANNING_WORDS),
    ("in_progress", rf"(?:đang|tiếp\s+tục)\s+(?:được\s+)?(?!(?:{_STATES})(?!\w))\w+|trong\s+quá\s+trình"),
    ("new", rf"mới\s+phát\s+sinh|{ARISING_VERBS}|(?:có|\w+)\s+thêm"),
    ("passed", PASSING_VERBS),
    ("completed", rf"{COMPLETION_VERBS}|(?:(?:đã|mới)\s+(?:được\s+)?|được\s+)(?:\w+,?\s+){{0,2}}?(?:{HANDLING_VERBS})|"
                  rf"{ANSWERING_VERBS}|đạt(?=\s*$)|thực\s+hiện(?=\s*$)|đạt(?=\s+(?!(?:{_AMOUNT})(?!\w))[^\W\d])"),
    ("total", r"(?:bao\s+)?gồm|như\s+sau|tổng\s+số|tổng\s+cộng|tổng(?=\s*$)|trong\s+số|trên\s+số|danh\s+mục"),
    ("other", r"(?:đủ|đáp\s+ứng)\s+điều\s+kiện|tổ\s+chức|tiếp\s+(?:công\s+dân|xúc|nhận|được)|tiếp(?!\s+tục)|chất\s+vấn|giám\s+sát|khảo\s+sát|"
              r"tham\s+dự|tham\s+gia|có\s+mặt|nhận\s+được|tiếp\s+nhận|họp|phát\s+biểu|kiểm\s+tra|"
              r"dự\s+(?:kỳ|hội|họp|phiên)|thẩm\s+tra|xem\s+xét|cho\s+ý\s+kiến|chuyển|hướng\s+dẫn|kế\s+hoạch|phát\s+hiện|"
              rf"{_VOTING}"),
    # any other verb after "đã": the thing was done ("56 dự án đã khởi công")
    ("done", r"đã\s+(?:được\s+)?\w+"),
)  # fmt: skip
_CUES = [(role, re.compile(rf"(?<!\w)(?:{cue})(?!\w)", re.IGNORECASE)) for role, cue in ROLE_CUES]

# Words that open a unit of money, measure or time: what follows the number is not counted.
_NOT_COUNTED = frozenset((
    "đồng", "usd", "euro", "tỷ", "tỉ", "triệu", "nghìn", "ngàn", "vạn", "ha", "héc-ta", "hecta",
    "km", "km2", "m", "m2", "m3", "cm", "mm", "kg", "tấn", "tạ", "lít", "mw", "kw", "kwh", "gw", "%",
    "năm", "tháng", "ngày", "giờ", "phút", "giây", "tuần", "quý", "tuổi", "lần", "bậc", "hạng",
    "độ", "sao", "phần", "trăm", "‰", "số", "chỗ", "con", "teu", "lượt/ngày", "bps", "kbps", "tầng",
    "kilomet", "kilômét", "ki-lô-mét", "cây số", "kv", "cm3", "cc", "ml",
    "nhiệm kỳ",  # "trải qua 15 nhiệm kỳ": a duration
    "mbps", "gbps", "mhz", "ghz", "kb", "mb", "gb",
))  # fmt: skip
# Bodies written short: a number before one names something of the body's, it counts nothing.
_BODY_ABBREVIATIONS = frozenset(["HĐND", "UBND", "MTTQ", "UBMTTQ", "HĐND-UBND"])
# Unit words that also open nouns of things counted: "hạng mục", "con đường", "chỗ ở"; and the
# nouns a money word opens: "đồng chí" (comrades), "đồng bào" (compatriots).
_OPENS_NOUNS = frozenset(["hạng", "con", "chỗ"])
_OPENED_BY_MONEY = frozenset(["đồng chí", "đồng bào"])
# Heads of work items and events; any other unit is an indicator.
_TASK_HEADS = (
    "nội dung", "nhiệm vụ", "công việc", "việc", "đầu việc", "nhóm", "kiến nghị", "ý kiến",
    "đơn", "vụ việc", "vụ", "hồ sơ", "vấn đề", "chỉ đạo", "kết luận", "văn bản", "nghị quyết",
    "trường hợp", "chuyên đề", "tin báo",
    "dự thảo", "tờ trình", "báo cáo", "đề án", "quyết định", "chương trình", "tồn tại",
    "kế hoạch", "luật", "dự án luật",
    # the docket of courts and procuracies: cases, the accused, reports of crimes
    "bị can", "bị cáo", "tin", "tố giác",
)  # fmt: skip
_ACTIVITY_HEADS = (
    "cuộc", "buổi", "phiên", "lượt", "đợt", "chuyến", "kỳ họp", "hội nghị", "câu hỏi", "câu",
    "lớp", "hội thảo", "tọa đàm", "tổ công tác", "hoạt động", "tổ đại biểu", "đoàn", "cử tri", "đại biểu", "điểm tiếp xúc",
    # who was elected, dismissed or voted, and where a session was followed
    "phiếu", "ủy viên", "thành viên", "ứng cử viên", "người ứng cử", "chức danh", "đồng chí",
    "phó", "chủ tịch",
    "điểm cầu", "đơn vị bầu cử",
)  # fmt: skip
# Heads of units that count people taking part: a share of them is not a result.
_PARTICIPANTS = frozenset(["đại biểu", "cử tri", "vị", "thành viên", "ủy viên", "phiếu"])
# Words that make a count of work items an event: questions and opinions voiced at a session.
_VOICED = re.compile(r"(?<!\w)(?:chất\s+vấn|phát\s+biểu|thảo\s+luận)(?!\w)")
_VOICED_BEFORE = re.compile(r"(?i:(?:phát\s+biểu|thảo\s+luận|chất\s+vấn)\s+(?:với\s+)?$)")
# One-syllable classifiers of events: the verb after them names the event ("cuộc giám sát").
_EVENT_CLASSIFIERS = frozenset(
    ["cuộc", "buổi", "phiên", "lượt", "đợt", "chuyến", "câu", "lần", "kỳ", "điểm"]
)
# Nouns the tagger often reads as verbs; as the first word of a unit they name a document.
_THING_VERBS = frozenset(
    ["báo cáo", "dự thảo", "tờ trình", "kết luận", "kiến nghị", "đề xuất", "hoạt động", "tồn tại",
     "quyết định", "chức danh"]
)  # fmt: skip
# Heads that count kinds, levels or parts of an idea, not things: "3 loại rừng", "chính quyền
# 2 cấp", "trung bình cộng sáu thành phần" (of a score), "hai bên tuyến đường" (sides), "20 dân
# tộc thiểu số" (the peoples living in a place, which no reader of the gold counts).
_CATEGORIES = frozenset(
    [
        "loại", "cấp", "hình thức", "mức", "bước", "chiều", "phương thức", "điều", "khoản",
        "chương", "thành phần", "yếu tố", "khía cạnh", "giai đoạn", "phương diện", "phương án",
        "phương pháp", "nguồn", "lĩnh vực", "hướng", "mặt", "bên", "phía", "loại hình", "dạng", "kiểu",
        "dân tộc", "dân tộc thiểu số",
    ]
)  # fmt: skip
# Nouns of copies and sets: "Hồ sơ đề nghị (01 bộ)", "03 bản": how many copies to file, not a
# count of work; counted only with the noun of what they hold ("01 bộ hồ sơ").
_COPIES = frozenset(["bộ", "bản", "tờ", "quyển", "cuốn", "chiếc", "cái", "tập"])
# Words that never belong to a counted noun phrase, whatever their tag.
_NOT_IN_UNIT = frozenset(
    [
        "được",
        "có",
        "là",
        "bị",
        "đã",
        "đang",
        "sẽ",
        "chưa",
        "với",
        "của",
        "cho",
        "và",
        "hoặc",
        "theo",
        "tại",
        "trong",
        "sau",
        "trên",
        "này",
        "đó",
        "khác",
        "gồm",  # "4 kỳ họp gồm 3 kỳ họp thường lệ": the parts follow
    ]
)

# Time words end a counted noun phrase: "23 công trình khởi công năm 2024".
_TIME_WORDS = frozenset(["năm", "tháng", "quý", "ngày", "tuần", "giai đoạn", "nhiệm kỳ"])
# Scale words after digits: "3,4 nghìn lượt", "10,4 vạn lao động" (a vạn is ten thousand).
_SCALE_VALUES = {"nghìn": 1000, "ngàn": 1000, "vạn": 10_000, "triệu": 1_000_000}
# A number glued to the word before by a comma (a space lost: "tiếp xúc,16 cử tri") is read; not
# after a digit or a lone letter ("5,6", an OCR "I,7"), where the comma is a decimal one.
_DIGITS = re.compile(
    rf"(?<![\w/⁄.:–\-+])(?<![\d)],)(?<!\W\w,)(?P<n>{NUMBER})(?:\s+(?P<scale>{'|'.join(_SCALE_VALUES)})(?!\s+đồng))?"
    rf"(?:\s*/\s*(?P<total>{NUMBER}))?"
)
# A number after a unit and a slash: "10 lượt/17 công dân".
_AFTER_UNIT_SLASH = re.compile(rf"(?<=[^\W\d])[ \t]?/[ \t]?(?P<n>{NUMBER})(?=[ \t]+[^\W\d])")
# Whatever follows a number that makes it part of something else: "12/2019/NQ", "2019-2020",
# "1.5.2", "3.4a", "05:30".
_CONTINUES = re.compile(r"[/⁄\-–.:]\s?\w|\w|,\d")
# A year written alone: a count that large is written with a thousands dot ("1.998").
_YEAR = re.compile(r"19[4-9]\d|20[0-4]\d")
# A share: a number, or one written with a decimal point before its % sign ("đạt tỷ lệ 3.43%").
_PCT = rf"\d+\.\d{{1,2}}(?=\s*%)|{NUMBER}"
_OUT_OF = re.compile(
    rf"\s*(?P<open>\(\s*)?(?:trên|trong)\s+(?:tổng\s+số\s+|số\s+|tổng\s+)?(?P<total>{NUMBER}|{NUMBER_WORDS}(?:\s+{NUMBER_WORDS})*(?!\w))"
    rf"(?![\w/.,]\w)(?(open)\s*\))",  # "12 (trong số 17) xã"
    re.I,
)
_PERCENT_PAREN = re.compile(
    rf"\s*\(\s*(?:(?:bằng|đạt|chiếm|=)\s*)?(?:(?:tỷ|tỉ)\s+lệ\s*)?(?P<pct>{_PCT})\s*%\s*(?:\)|[,;])",
    re.I,
)
# A share compared with an earlier period is a growth, not a part: "bằng 120% so với cùng kỳ".
_NOT_A_COMPARISON = r"(?!\s*(?:so\s+với\s+(?:cùng\s+kỳ|năm|tháng|quý)|cùng\s+kỳ))"
# A clause with a subject of its own, whose share is not the count's: a rate ("105.970 hồ sơ,
# tỷ lệ hồ sơ … đúng hạn đạt 99,7%"; ", tỷ lệ 95%" right after a count is its own share) or a
# part without a number ("13.448 hộ, với 51.398 khẩu, trong đó đồng bào DTTS chiếm 77,5%").
_OWN_SUBJECT = r",\s*(?:t[ỷỉ]\s+lệ\s+(?!\d)|trong\s+đó\s+(?!\d))"
_PERCENT_AFTER = re.compile(
    rf"(?:(?!{_OWN_SUBJECT})[^\d;()%]){{0,60}}?(?:(?:,\s*|\(\s*|\s)(?:đạt|bằng|chiếm|tương\s+đương|tương\s+ứng)\s+(?:tỷ\s+lệ\s+|tỉ\s+lệ\s+)?"
    rf"(?:trên\s+|gần\s+|hơn\s+|khoảng\s+)?|"
    rf"(?:,\s*|\(\s*)(?:tỷ\s+lệ|tỉ\s+lệ)\s+|\(\s*)(?P<pct>{_PCT})\s*%{_NOT_A_COMPARISON}",
    re.I,
)
_PERCENT_BEFORE = re.compile(
    rf"(?P<pct>{_PCT})\s*%[^\d;()%]{{0,40}}(?:\(\s*(?:tương\s+ứng\s+|với\s+)?|\svới\s+)$|"
    rf"\(\s*(?:(?:đạt|bằng|chiếm)\s+)?(?P<pct2>{_PCT})\s*%\s*\)\s*$",
    re.I,
)
# A number inside a range or a comparison: "từ 15 đến 18 tiêu chí", "dưới 5 tiêu chí".
_RANGE_BEFORE = re.compile(
    rf"(?i:(?:\d[ \t]*(?:đến|tới|-|–)|(?<!\w)từ\s+(?:{NUMBER_WORDS})\s+(?:đến|tới)|"
    r"(?<!\w)(?:dưới|cả|giữa|nằm\s+trong|mỗi\s+\w+(?:\s+\w+)?))[ \t]*$)"
)
# A rate after a unit: per one, ten, a hundred or a thousand of something ("/100 dân", "/01
# phòng"), or per a unit of time or a room, a vehicle, a person ("người/phòng", "lượt/ngày").
_PER = re.compile(
    r"(?i:\s*/\s*(?:0*10*(?:\.0+)*\s+[^\W\d]|"
    r"(?:ngày|tháng|năm|tuần|quý|phòng|xe|người|hộ|lớp|ca|buổi|suất|con)(?!\w)))"
)
# What follows a number that counts nothing: the end of a line, another number, a percent sign.
_NOTHING_COUNTED = re.compile(r"[ \t]*(?:\n|$|\d|%)")
# The number of a row or a list item: a line that opens with a number and a capitalised word.
_ROW_START = re.compile(r"(?:^|\n)[ \t|]*$")
_ROW_NUMBER = re.compile(rf"(?:{NUMBER})[.)]?[ \t]+(?P<next>\w)")
# The words that open a numbered list: "như sau:", "sau đây:".
_LIST_OPENS = re.compile(
    r"(?i:(?<!\w)(?<!kỳ\s)(?<!họp\s)(?<!năm\s)(?<!quý\s)(?<!tháng\s)(?<!đợt\s)sau(?:\s+đây)?\s*:\s*$)"
)  # not "Chuyển sang kỳ họp sau: 02 dự thảo": the next session
_COLON_BEFORE = re.compile(r":\s*$")
# Plural determiners never take a cardinal after them: "do các\n17 cơ quan …" is a table whose
# row number fell inside a wrapped cell.
_DETERMINER_BEFORE = re.compile(r"(?i:(?<!\w)(?:các|những|mọi)\s*$)")
# A scope, a size or a norm describes, it does not report: "phạm vi 1 phòng", "quy mô 500 học
# sinh", "theo tiêu chuẩn 01 người".
_SCOPE_BEFORE = re.compile(r"(?i:(?<!\w)(?:phạm\s+vi|quy\s+mô|tiêu\s+chuẩn|định\s+mức)\s*$)")
# A quantity per item earlier in the clause: "mỗi quận, huyện chọn 1 xã" (one each).
_EACH = re.compile(r"(?i:(?<!\w)(?:mỗi|từng)\s+\w+[^.;:\d]{0,40}$)")
_RANGE_AFTER = re.compile(r"(?i:\s*(?:đến|tới|-|–)\s*\d|(?:\s+\w+){1,3}\s+trở\s+(?:lên|xuống))")
# A threshold: "từ 03 chỉ số … (trên tổng số 10 chỉ số) trở lên" states a condition; the numbers
# up to "trở lên" count nothing.
_THRESHOLD_BEFORE = re.compile(r"(?i:(?<!\w)từ\s*$)")
_THRESHOLD_END = re.compile(r"(?i:[^.;:\n]{0,120}?\s)trở\s+(?:lên|xuống)(?!\w)")
# The word right before the number tells it is not a count.
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?i:(?<!\w)(?:(?<!tổng\s)(?<!trong\s)(?<!trên\s)số|thứ|điều|khoản|(?<!dứt\s)điểm|(?<!danh\s)mục|chương|phần|lần|phụ\s+lục|"
    r"biểu|bảng|mẫu|quý|khóa|khoá|tuyến|lô|phòng|tổ|ấp|thôn|khu(?:\s+phố)?|tổ\s+dân\s+phố|đường|buôn|xóm|khóm|"
    r"quốc\s+lộ|tỉnh\s+lộ|hạng|(?<!sắp\s)xếp|vị\s+trí|kiệt|ngõ|ngách|không\s+quá|tối\s+đa|tối\s+thiểu|tăng|giảm|(?<!đạt\svà\s)(?<!đạt,\s)vượt|thiếu(?:\s+(?:khoảng|hơn|gần|trên))?|dôi\s+dư|hẻm|tiểu\s+khu|tài\s+khoản|stk|"
    r"điện\s+thoại|đt|fax|hotline|tầng|km|năm|tháng|ngày|giờ|nhóm|đợt|(?<!định\s)(?<!đầu\s)(?<!cuối\s)(?<!trong\s)kỳ|vòng|trung\s+ương|"
    # "cấp 2" is a level; "đã cấp 340 giấy phép" grants
    r"(?<!đã\s)(?<!được\s)(?<!đang\s)(?<!chưa\s)(?<!đã\sđược\s)(?<!cung\s)(?<!nâng\s)cấp|(?<!phân\s)loại|cột|hàng|"
    r"top|mã|code|v/v|nq|qđ|mức(?:\s+độ)?)\s*(?:thứ\s*)?\.?\s*|(?<!\w)số\s*:\s*)$"
)
# Inside the brackets after a difference: "giảm 58 ĐVHC cấp xã (gồm 7 phường, 39 xã, …".
_DIFFERENCE_PARTS_BEFORE = re.compile(
    r"(?i:(?<!\w)(?:tăng|giảm)\s+\d[\d.,]*\s+[^\W\d][^()\d;]{0,40}"
    r"\(\s*(?:bao\s+gồm|gồm|trong\s+đó)[^()]*$)"
)
# The later counts of a list of differences: "giảm 53 lượt, 63 người", "tăng 5 xã và 2 thôn".
_DIFFERENCES_BEFORE = re.compile(
    r"(?i:(?<!\w)(?:tăng|giảm)\s+(?:\d[\d.,]*\s+[^\W\d][^\d;:()]{0,30}?(?:,|\s+và|\s+với)\s*)+$)"
)
# A number naming a unit is a label, not a count: "Đội kiểm tra 814 hoạt động kiêm nhiệm".
_LABEL_BEFORE = re.compile(
    r"(?:Đội|Tổ(?!\s+chức)|Khu|Trạm|Nhóm|Lữ\s+đoàn|Sư\s+đoàn|Trung\s+đoàn|Tiểu\s+đoàn|Buôn|Bon|Bản|"
    r"Xóm|Làng|Khóm|Khối)(?:\s+[a-zà-ỹđ]+){0,2}\s+$"
)
# The later numbers of a list of references: "các Điều 14, 15, và 16", "khoản 2 và 3".
_REFERENCE_LIST_BEFORE = re.compile(
    r"(?i:(?<!\w)(?:điều|khoản|điểm|chương|mục|phụ\s+lục)\s+\d+[a-zđ]?(?:\s*,\s*\d+[a-zđ]?)*"
    r"\s*,?\s*(?:và|hoặc|,)\s*$)"
)
# A numbered list or appendix heading: "Danh mục 2 Địa bàn có tiềm năng du lịch" (the count of
# a heading is in capitals or brackets: "DANH MỤC 79 DỰ ÁN").
_NUMBERED_HEADING = re.compile(r"(?i:(?<!\w)danh\s+mục\s*)$")
# A decimal comma the scan spaced out: "1, 6 triệu người" (1,6 million), "40, 75 nghìn tỷ".
_MAGNITUDE = rf"\s+(?:{'|'.join([*_SCALE_VALUES, 'tỷ', 'tỉ'])})(?!\w)"
_SPLIT_DECIMAL_AFTER = re.compile(rf", \d+{_MAGNITUDE}")
_SPLIT_DECIMAL_BEFORE = re.compile(r"(?<![\d.,])\d{1,3}, $")
# The bases of rates: "tử vong bà mẹ 80/100.000 ca sinh".
_RATE_BASES = frozenset([1000, 10_000, 100_000, 1_000_000])
# A number the scan split apart: "10 3 công trình" (103), "đã có 1 7 doanh nghiệp" (17).
_SPLIT_NUMBER_BEFORE = re.compile(r"(?<![\w.,/])\d{1,3}(?:[.,]\d{1,2})? $")
_PERIOD_EXCLUDED = re.compile(r"(?:so\s+với|cùng\s+kỳ)\s+(?:cùng\s+kỳ\s+)?$", re.IGNORECASE)
# Where one part of a sentence ends and the next begins.
_BOUNDARY = re.compile(
    r"[;:()\n]|,(?!\d|\s*(?:ban(?!\s+hành)|ngành|đơn\s+vị|thị\s+trấn|phường|xã)\b)|(?<!\w)(?:trong\s+đó|gồm|bao\s+gồm|"
    rf"còn(?=\s+(?:\w+\s+)?(?:\d|{NUMBER_WORDS}(?!\w)))|riêng|ngoài\s+ra|và)(?!\w)",
    re.IGNORECASE,
)
_PARTS_OF = re.compile(r"(?:,|:)?\s*(?:trong\s+đó|bao\s+gồm|gồm(?:\s+có)?)\s*:?\s*$", re.I)
_LABEL_COLON = re.compile(r"(?:(?<!\w)là|:)\s*$")


@dataclass
class _Count:
    start: int
    end: int  # of the number (or ratio)
    number: float
    total: float | None
    percent: float | None
    unit: str
    unit_end: int  # of everything read with the count (its unit, total, percent)
    noun_end: int  # of the counted noun phrase (or of the number, when it has none after it)
    label: bool = False  # the unit came from a label or an earlier count, not after the number
    whole: _Count | None = None  # the count this one is a part of
    role: str = "other"
    said_done: bool = False  # the percent came with "đạt": "554 hộ, đạt 100% kế hoạch"
    governed: str | None = None  # the role of the verb before a whole its parts follow
    held: bool = False  # a whole of events held, its parts their kinds: "tổ chức 10 kỳ họp, …"


def find_task_counts(
    text: str,
    sentences: Sentences | None = None,
    reference: str | None = None,
    dates: list[Found] | None = None,
) -> list[TaskCount]:
    """The counts of `text` in text order. `dates` is `nlp.dates.scan(text, reference)` when
    the caller has it already."""
    text = matching_copy(text)
    sentences = sentences or Sentences(text)
    dates = scan(text, reference) if dates is None else dates
    spans = [(d.start, d.end) for d in dates]
    found: list[_Count] = []
    consumed_until = -1
    for start, end, number, total in _numbers(text):
        if start < consumed_until:
            continue
        if any(s < end and start < e for s, e in spans):
            continue
        if _NOT_A_COUNT_BEFORE.search(text, max(0, start - 25), start):
            continue
        if _DIFFERENCES_BEFORE.search(text, max(0, start - 120), start):
            continue  # "giảm 53 lượt, 63 người so với tháng trước": the list of differences
        if _DIFFERENCE_PARTS_BEFORE.search(text, max(0, start - 160), start):
            continue  # "giảm 58 xã (gồm 7 phường, 39 xã)": the parts of a difference
        if _LABEL_BEFORE.search(text, max(0, start - 40), start):
            continue
        if _DETERMINER_BEFORE.search(text, max(0, start - 12), start):
            continue
        if _SCOPE_BEFORE.search(text, max(0, start - 16), start):
            continue
        if _EACH.search(text, max(0, start - 50), start):
            continue
        if _numbered_row(text, start, end, number):
            continue
        if not text[start].isdigit() and _not_a_number_word(text, start):
            continue
        if _RANGE_BEFORE.search(text, max(0, start - 25), start) or _RANGE_AFTER.match(text, end):
            continue
        if _THRESHOLD_BEFORE.search(text, max(0, start - 5), start) and (
            threshold := _THRESHOLD_END.match(text, end)
        ):
            consumed_until = threshold.end()
            continue
        if _in_a_name(text, start, end) or _inside_a_word(text, start, end):
            continue
        if _REFERENCE_LIST_BEFORE.search(text, max(0, start - 40), start):
            continue
        if _NUMBERED_HEADING.search(text, max(0, start - 12), start) and _title_word(text, end):
            continue
        if _SPLIT_NUMBER_BEFORE.search(text, max(0, start - 5), start):
            continue
        if _SPLIT_DECIMAL_AFTER.match(text, end) or (
            _SPLIT_DECIMAL_BEFORE.search(text, max(0, start - 6), start)
            and re.search(_MAGNITUDE, f" {text[start : end + 8]}")
        ):
            continue
        if _NOTHING_COUNTED.match(text, end):
            continue  # a table cell, a share, a number run: nothing to tag
        if text[end : end + 1] in (".", ")") and (
            _LIST_OPENS.search(text, max(0, start - 12), start)
            or (number == 1 and _COLON_BEFORE.search(text, max(0, start - 4), start))
        ):
            continue  # "… các quyền hạn sau: 1.", "… bao gồm: 1.": the first item of a list
        row = _ROW_NUMBER.match(text, start)
        if row and row["next"].isupper() and _ROW_START.search(text, max(0, start - 10), start):
            continue
        if text[start:end].lower() == "một" and not (found and start - found[-1].unit_end < 40):
            continue  # "một" counts only in a list of counts: "hai cuộc giám sát và một cuộc khảo sát"
        clause = sentences.clause(start, end)
        count = _read_count(text, start, end, number, total, clause, found)
        if count is None:
            continue
        if count.total is not None and (
            count.total < count.number or count.total == 0 or count.total in _RATE_BASES
        ):
            continue  # not a part of a whole; "80/100.000 ca": a rate
        consumed_until = count.unit_end
        found.append(count)
    for i, c in enumerate(found):
        c.role = _role(text, c, found, sentences.clause(c.start, c.end))
        if c.role == "other" and _handled_after_receiving(text, c, found, sentences):
            c.role = "completed"
        prev = found[i - 1] if i else None
        if (
            prev is not None
            and c.role == "other"
            and prev.role != "other"
            and (
                _LIST_SEPARATOR.fullmatch(text, prev.unit_end, c.start)
                or _PAIR_SEPARATOR.fullmatch(text, prev.unit_end, c.start)
            )
            and not _cue(text[c.noun_end : _part_end(text, c.noun_end, len(text), found, c)])
        ):
            # "xây dựng bổ sung 19 điểm … và 6 điểm …", "công nhận 9 trường (mức độ 1), 11
            # trường …": one verb for a list of counts
            c.role = prev.role
    for i, c in enumerate(found):
        prev = found[i - 1] if i else None
        if (
            prev is not None
            and prev.whole is not None
            and c.total is None
            and prev.whole.number > c.number
            and _LIST_SEPARATOR.fullmatch(text, prev.unit_end, c.start)
        ):
            # the items of one list share its whole: "gồm: 1.141 đơn …, 83 đơn …"
            c.whole = prev.whole
        else:
            c.whole = _whole(text, c, found, sentences.around(c.start))
        if c.whole is None:
            continue
        if c.role == "total":
            c.role = _role(text, c, found, sentences.clause(c.start, c.end), part=True)
        if _bracket_open(text, c.whole.unit_end, c.start):
            # parts in brackets after their whole share its role: "3.004 vụ, đạt 95,6% (cấp
            # tỉnh: 1.846 vụ, …)"
            events = _kind(c.whole.unit, "other") == "activity"
            if c.role == "other" and c.whole.role != "total":
                c.role = c.whole.role  # not "total": a whole only forwarded or received
            elif c.role != c.whole.role and c.whole.total is None and not events:
                # parts with a predicate of their own: "xử lý 820 đơn (tồn đầu kỳ 35 đơn,
                # nhận mới 785 đơn)"
                c.whole.role = "total"
            if c.whole.role == "other" and not events:
                # "có 10 đơn vị hành chính cấp huyện (7 huyện, …)"; not events held:
                # "thực hiện 33 cuộc thanh tra (theo kế hoạch 21 cuộc, đột xuất 12 cuộc)"
                c.whole.role = "total"
        elif (
            c.whole.role in ("other", "completed") and c.whole.total is None and not c.whole.held
        ) or (
            c.role != c.whole.role
            and _WHOLE_BEFORE.search(text, max(0, c.whole.start - 20), c.whole.start)
        ):
            # "Trong 7 nhiệm vụ chưa hoàn thành, có 4 nhiệm vụ được chuyển tiếp …": a whole the
            # sentence opens with, whose parts say what happened to them, is their total
            c.whole.role = "total"
    _inherit(text, found, sentences)
    for c in found:
        if c.percent is None and c.total is None and c.whole is None:
            c.percent = _late_share(text, c, found, sentences.clause(c.start, c.end))
    for c in found:
        if c.role in ("completed", "passed", "total") and _PLANNED_SENTENCE.search(
            text, sentences.around(c.start)[0], c.start
        ):
            c.role = "other"  # "TP sẽ sáp nhập 80 xã, tái lập thành 32 đơn vị (gồm …)"
    return [_task_count(text, c, sentences, dates) for c in found]


# Between two counts of one list: a comma, "và", "cùng", "với", after an aside in brackets or
# a quoted name; the next count may be approximate ("hơn 19.870 tài khoản").
_LIST_SEPARATOR = re.compile(
    r"(?:\s*(?:\([^()]*\)|“[^“”]*”))?[\s,]*(?:và|cùng|với)?\s*(?:(?:hơn|gần|khoảng|trên)\s+)?"
)
# Between the two counts of a pair: "thụ lý 540 vụ/800 bị cáo" (cases and the accused).
_PAIR_SEPARATOR = re.compile(r"[ \t]?/[ \t]?")

# Roles that say what happened to the items; a whole governed by one passes it to its parts.
_OUTCOMES = frozenset(
    ["completed", "passed", "new", "carried_over", "not_completed", "in_progress"]
)


def _inherit(text: str, found: list[_Count], sentences: Sentences) -> None:
    """Parts without a verb of their own take the role of the verb that governs their whole,
    and the whole keeps it: "Đã giải quyết 52 đơn, trong đó 40 đơn khiếu nại và 12 đơn tố
    cáo" (all completed), "thông qua 15 nghị quyết, trong đó 6 nghị quyết về …" (passed). A
    whole only stated, received or considered ("có", "tổng số", "tiếp nhận", "thẩm tra") stays
    the total of its parts, and a part with a predicate of its own keeps its own role."""
    for whole in found:
        if whole.governed not in _OUTCOMES:
            continue
        parts = [c for c in found if c.whole is whole]
        if not parts:
            continue
        clause = sentences.clause(whole.start, whole.end)
        if all(_verbless(text, c, found, clause) for c in parts):
            whole.role = whole.governed
            for c in parts:
                c.role = whole.governed


def _verbless(text: str, c: _Count, found: list[_Count], clause: tuple[int, int]) -> bool:
    """Whether the part of the sentence holding count `c` says nothing of what happened to it:
    "trong đó 40 đơn khiếu nại", "(gồm 80 hộ nghèo", "9 kiến nghị liên quan đến đất đai"."""
    end = max(clause[1], c.unit_end)
    after = text[c.noun_end : _part_end(text, c.noun_end, end, found, c)]
    before = text[_part_start(text, c.start, min(clause[0], c.start), found, c) : c.start]
    return _cue(after) is None and _cue(before, skip="total") is None


# Moved to a later period across the count: "lùi 2 nội dung giám sát sang quý III", "chuyển 9
# đơn sang năm sau", "rút 3 tờ trình … để trình vào kỳ họp sau".
_MOVING_BEFORE = re.compile(r"(?i:(?<!\w)(?:chuyển|lùi|dời|hoãn|rút)(?!\w)(?:\s+\w+){0,2}\s*$)")
_MOVED_AFTER = re.compile(
    r"(?i:(?<!\w)(?:sang|qua|vào|đến)\s+(?:kỳ|năm|quý|tháng|giai\s+đoạn|đợt|phiên|cuối|đầu)(?!\w))"
)


def _moved(before: str, after: str) -> bool:
    """Whether a moving verb before the count and a later period after it defer the items."""
    return bool(_MOVING_BEFORE.search(before) and _MOVED_AFTER.search(after))


def _in_a_name(text: str, start: int, end: int) -> bool:
    """Whether the number stands inside a name, between two capitalised words that do not open
    the sentence: "Khuôn viên Vĩnh Ninh 3 Vị trí: …"."""
    before = text[max(0, start - 40) : start].split()
    after = text[end : end + 20].split()
    if len(before) < 2 or not after or not before[-2][-1:].isalpha():
        return False
    return all(w[:1].isupper() and w[1:].islower() for w in (before[-1], after[0]))


_SYLLABLES_BEFORE = re.compile(r"(?:(?<=\s)|^)(?:([^\W\d_]+) )?([^\W\d_]+)\s+$")
_SYLLABLES_AFTER = re.compile(r"\s+([^\W\d_]+)(?: ([^\W\d_]+))?")


def _title_word(text: str, pos: int) -> bool:
    """Whether the word after `pos` is capitalised and not all capitals: "Địa", not "DỰ"."""
    word = text[pos : pos + 20].split()[:1]
    return bool(word) and word[0][:1].isupper() and word[0][1:].isalpha() and word[0][1:].islower()


def _inside_a_word(text: str, start: int, end: int) -> bool:
    """Whether the number was dropped into the middle of a word by the layout (a footnote mark,
    a page or row number at the start of a wrapped line): the syllables on either side, read
    without it, make a word of the dictionary that underthesea's segmenter also joins in their
    context ("đóng góp tự 23 nguyện", "các tỉnh xa 40 xôi", "về xử\n2 lý vi phạm"; not "hoàn
    thành 248 nội dung", though "thành nội" is a word)."""
    before = _SYLLABLES_BEFORE.search(text, max(0, start - 20), start)
    after = _SYLLABLES_AFTER.match(text, end)
    if before is None or after is None or not (before[2].islower() and after[1].islower()):
        return False
    if f"{before[2]} {after[1]}" not in two_syllable_words():
        return False
    left = [w for w in before.groups() if w]
    words = segment(" ".join(left + [w for w in after.groups() if w])).split()
    seen = 0
    for word in words:
        seen += word.count("_") + 1
        if seen >= len(left):
            return seen > len(left)  # the word of the last syllable before runs past it
    return False


def _numbers(text: str) -> list[tuple[int, int, float, float | None]]:
    """(start, end, number, total) of every number and ratio written in digits or words."""
    out: list[tuple[int, int, float, float | None]] = []
    for m in _DIGITS.finditer(text):
        if _CONTINUES.match(text, m.end()):
            continue
        if (m["n"].startswith("0") and len(m["n"]) >= 4) or (
            len(m["n"]) >= 7 and "." not in m["n"]
        ):
            continue  # a phone, account or tax number: "0913 …", "6400123456"
        if _YEAR.fullmatch(m["n"]) and not m["scale"] and not m["total"]:
            continue  # "1 1998 Tổ chức tập huấn": a year (a count of 1998 is written "1.998")
        number = parse_number(m["n"])
        if number is None:
            continue
        if m["scale"]:
            number *= _SCALE_VALUES[m["scale"]]
        elif "," in m["n"]:
            continue  # "2,5 …" without a scale word is a measure, not a count
        total = parse_number(m["total"]) if m["total"] else None
        out.append((m.start(), m.end(), number, total))
    for m in _AFTER_UNIT_SLASH.finditer(text):
        # "10 lượt/17 công dân", "33 máy/33 đơn vị": two counts, not a ratio (not "2 người/1
        # phòng", "12 máy/100 dân": a norm or a density, `_PER`)
        number = parse_number(m["n"])
        if number is not None and number not in (1, 10, 100, 1000, 10_000):
            out.append((m.start("n"), m.end("n"), number, None))
    for start, end, value in find_number_words(text):
        out.append((start, end, float(value), None))
    for m in re.finditer(
        r"(?<!\w)một(?=\s+(?:cuộc|buổi|phiên|đợt|lượt|chuyến|nghị\s+quyết|nội\s+dung|nhiệm\s+vụ)(?!\w))",
        text,
        re.I,
    ):
        out.append((m.start(), m.end(), 1.0, None))
    return sorted(out)


def _value(written: str) -> float | None:
    if written[0].isdigit():
        return parse_number(written)
    value = words_value(written.split())
    return float(value) if value is not None else None


def _read_count(
    text: str,
    start: int,
    end: int,
    number: float,
    total: float | None,
    clause: tuple[int, int],
    found: list[_Count],
) -> _Count | None:
    percent = None
    pos = end
    if total is None and (m := _OUT_OF.match(text, pos)) and m.end() <= clause[1]:
        total, pos = _value(m["total"]), m.end()
    if m := _PERCENT_PAREN.match(text, pos):
        percent, pos = parse_number(m["pct"]), m.end()
    if re.match(r"\s*%", text[pos : pos + 3]):
        return None
    words = _words_after(text, pos, clause[1])
    unit, unit_end = _unit(words, after_number=True)
    label = False
    if unit is None:
        unit = _borrowed_unit(text, start, pos, clause, found)
        if unit is None:
            return None
        unit_end, label = pos, True
    # the role is read from the words after the head noun: "48 dự án khởi công mới", "14 vụ
    # việc tồn đọng" (the tagger takes some verbs for nouns)
    noun_end = unit_end
    if not label:
        event = words[0].text.lower() in _EVENT_CLASSIFIERS and len(words) > 1
        noun_end = min(unit_end, words[1 if event else 0].end)
        if "," in unit:
            noun_end = unit_end  # "102 ý kiến, kiến nghị nhận được …": past the listed nouns
    head = unit.split()[0].rstrip(",;:.")  # "23 triệu tấn, thép …": the head is "tấn"
    # the head as a word: "chương trình" (a programme) is not "chương" (a chapter), "hạng mục"
    # (a work item) not "hạng" (a rank)
    first_word = unit if label else words[0].text.lower()
    measure = (head in _NOT_COUNTED or first_word in _NOT_COUNTED) and not (
        (head in _OPENS_NOUNS and first_word != head) or first_word in _OPENED_BY_MONEY
    )
    points = unit == "điểm" and not _AT_PLACE.search(text, max(0, start - 8), start)
    if measure or points or (head.isupper() and len(head) <= 3):
        return None  # "đạt 85 điểm" scores; "tiếp xúc cử tri tại 52 điểm" counts places
    if head.upper() in _BODY_ABBREVIATIONS:
        return None  # "phòng họp 305 UBND huyện", "kỳ họp 21 HĐND tỉnh": a name, then a body
    if unit in _CATEGORIES or first_word in _CATEGORIES:
        return None
    if label and any(unit.startswith(c + " ") for c in _CATEGORIES):
        return None
    if _PER.match(text, unit_end):
        return None  # "12 máy/100 dân", "2 người/phòng": a density or a norm, per something
    if unit in _COPIES:
        return None
    if re.match(r"người|(?:nhân\s+)?khẩu", unit) and re.search(
        r"(?i:dân\s+(?:số|cư))", text[clause[0] : start]
    ):
        return None  # a population, not people counted
    if (
        number >= 10_000
        and re.match(r"người|lao\s+động", unit)
        and re.search(r"(?i:(?<!\w)số\s+(?:người|lao\s+động))", text[clause[0] : start])
    ):
        return None  # "Số lao động có việc làm 51,36 nghìn người": a workforce, not people counted
    if re.match(r"[ \t]*\d", text[unit_end : unit_end + 3]) and "," not in unit:
        return None  # "1 Nhóm 1 – đơn giản": the unit is a label with its own number
    if LOST in text[unit_end : unit_end + 1]:
        return None  # a word cut by a glyph the text layer lost: "31 th\ufffdng 3"
    if re.search(r"\n[ \t|]*$", text[max(0, start - 10) : start]) and not _continues(text, start):
        return None  # "2 công; điều phối …": a row number before the wrapped text of a table cell
    if total is None and (m := _AFTER_UNIT_SLASH.match(text, unit_end)):
        # "thụ lý 13.084 vụ/14.856 vụ án": a ratio written with its noun on both sides (not
        # "10 lượt/17 công dân", "5 lượt đoàn/75 lượt người": two counts of one thing)
        tail, tail_end = _unit(_words_after(text, m.end(), clause[1]))
        whole = parse_number(m["n"])
        same = tail is not None and tail.split()[0] == head and head not in _EVENT_CLASSIFIERS
        if same and whole is not None and whole >= number:
            total, unit_end = whole, tail_end
    if total is None and (m := _OUT_OF_LATER.match(text, unit_end)) and m.end() <= clause[1]:
        # "45 kiến nghị (đã được giải quyết) trên tổng số 50 kiến nghị"
        total = _value(m["total"])
        tail, tail_end = _unit(_words_after(text, m.end(), clause[1]))
        unit_end = tail_end if tail and tail.split()[0] == head else m.end()
    said_done = False
    if percent is None:
        percent, unit_end, said_done = _percent_after(text, unit_end, clause[1])
    if percent is None and (m := _PERCENT_BEFORE.search(text, max(clause[0], start - 60), start)):
        percent = parse_number(m["pct"] or m["pct2"])
    if percent is not None and total is not None and not _agrees(number, total, percent):
        percent = None  # the stated share is not this count's: keep the counts, drop the share
    if percent is None and total is not None:
        # "hoàn thành 11/13 đầu việc được giao tại kỳ họp thứ 10 (tỷ lệ 84,6%)": a share
        # further on in the clause, before any other ratio, that agrees with X/Y is X/Y's
        # or said after a comma: "15/36 trường đạt chuẩn mức độ 1, chiếm 41,6%"
        later = _LATER_SHARE.match(text, unit_end, min(clause[1], unit_end + 120))
        share = parse_number(later["pct"] or later["pct2"]) if later else None
        if share is not None and _agrees(number, total, share):
            percent = share
    count = _Count(start, end, number, total, percent, unit, unit_end, noun_end, label)
    count.said_done = said_done
    return count


_LATER_SHARE = re.compile(
    rf"[^;%/]*?(?:\(\s*(?:tỷ\s+lệ|tỉ\s+lệ|đạt|bằng)?\s*(?P<pct>{_PCT})\s*%\s*\)|"
    rf"(?:,\s*|\s)(?:chiếm|đạt|bằng)\s+(?:tỷ\s+lệ\s+|tỉ\s+lệ\s+)?(?P<pct2>{_PCT})\s*%)",
    re.I,
)


def _list_start(text: str, c: _Count, found: list[_Count]) -> int:
    """Where the list of counts that `c` closes starts: "15 tập thể và 23 cá nhân"."""
    start = c.start
    for o in reversed([o for o in found if o.start < c.start]):
        if not _LIST_SEPARATOR.fullmatch(text, o.unit_end, start):
            break
        start = o.start
    return start


# An award or a gift: those honoured are no result ("tặng Giấy khen cho 15 tập thể").
_AWARDED = re.compile(
    r"(?i:(?<!\w)(?:khen\s+thưởng|biểu\s+dương|tuyên\s+dương|tặng(?:\s+[^\W\d]+){0,3})"
    r"(?:\s+cho)?(?:\s+[^\W\d]+){0,2}?\s*$)"
)
# A share said at the end of the count's clause, after words that count nothing: "đã thi
# hành xong 2.107 việc, tăng 451 việc với cùng kỳ, đạt 73,34%" (not a comparison with a year).
_LATE_SHARE = re.compile(
    rf"[^;%]*?,\s*(?:đạt|bằng|chiếm)\s+(?:tỷ\s+lệ\s+|tỉ\s+lệ\s+)?(?P<pct>{_PCT})\s*%{_NOT_A_COMPARISON}",
    re.I,
)


def _late_share(text: str, c: _Count, found: list[_Count], clause: tuple[int, int]) -> float | None:
    """The share at the end of `c`'s clause when no other count comes between them."""
    if _bracket_open(text, clause[0], c.start):
        return None  # "10.645 hộ (32.616 khẩu), chiếm tỷ lệ 3,23%": the share is the households'
    m = _LATE_SHARE.match(text, c.unit_end, clause[1])
    if m is None:
        return None
    for o in found:
        # another count between them takes it, unless in brackets: "10.645 hộ (32.616 khẩu)"
        if c.unit_end <= o.start < m.end() and not _bracket_open(text, c.unit_end, o.start):
            return None
    return parse_number(m["pct"])


_OUT_OF_LATER = re.compile(
    r"[^\d;,()%]{0,50}?(?=\s(?:trên|trong)\s+(?:tổng\s+)?số\s)" + _OUT_OF.pattern, re.I
)
# What may follow a number whose unit is not after it: "…: 45/60.", "… là 81; …", "còn 3 đang"
_BARE_END = re.compile(r"\s*(?:[,;.(:]|$|đang|chưa|đã|được|\n)", re.I)


# Labels of amounts of money, whose number counts nothing.
_AMOUNT_LABEL = re.compile(
    r"(?i:(?:tổng\s+)?(?:kinh\s+phí|vốn|ngân\s+sách|dự\s+toán|bội\s+chi|doanh\s+thu|giá\s+trị|"
    r"thu|chi|nguồn\s+vốn|mức\s+hỗ\s+trợ)(?!\w))"
)


def _borrowed_unit(
    text: str, start: int, pos: int, clause: tuple[int, int], found: list[_Count]
) -> str | None:
    """The unit of a number that has none after it: the label before a colon or "là" ("Số
    kiến nghị đã trả lời: 45/60" → kiến nghị), else the unit counted last in the sentence
    ("Số kiến nghị đã được giải quyết là 81; đang giải quyết 17")."""
    if not _BARE_END.match(text, pos):
        return None
    labelled = _LABEL_COLON.search(text, max(clause[0], start - 4), start)
    if labelled:
        unit = _label_unit(text, clause[0], start)
        if unit is not None and _AMOUNT_LABEL.match(unit):
            return None  # "Tổng dự toán kinh phí …: 3.850 triệu": an amount of money
        if unit is not None:
            return unit
    if not labelled and re.search(r"(?i:\striệu)", text[start:pos]):
        return None  # "thu nhập … đạt 65 triệu": money without its currency, not one more count
    before = text[max(0, start - 40) : start]
    opened = found and _OPENER.search(text, found[-1].unit_end, start)
    if not labelled and not opened and _cue(before[-25:]) is None:
        return None
    if not labelled and re.match(r"[ \t]*(?:\n|$)", text[pos:]):
        return None  # "… thực hiện 100\n": the last cell of a table row, not a count
    for other in reversed(found):
        # the unit counted last in the same sentence, on the same line
        if start - other.unit_end < 300 and not re.search(r"\.\s|\n", text[other.unit_end : start]):
            return other.unit
        break
    return None


# Words that make a number word part of a compound or a vague amount: "ngã ba" (a junction),
# "mùng hai", "hàng trăm" (hundreds of), "vài ba".
_COMPOUND_BEFORE = re.compile(r"(?i:(?<!\w)(?:ngã|mùng|mồng|hàng|vài|dăm|tam)\s+$)")


def _not_a_number_word(text: str, start: int) -> bool:
    """Whether a number written in words is no count: after "của" it names a known set ("các
    tỉnh của hai nước bạn"); in a compound ("ngã ba"); capitalised inside a sentence it opens a
    name ("Khu di chỉ Óc Eo - Ba Thê")."""
    before = text[max(0, start - 8) : start]
    if re.search(r"(?i:(?<!\w)của\s*$)", before) or _COMPOUND_BEFORE.search(before):
        return True
    opens = re.search(r"(?:^|[.!?:;\n(\-–•*+]\s*|\d[.)]\s+)$", text[max(0, start - 6) : start])
    return text[start].isupper() and not opens


def _numbered_row(text: str, start: int, end: int, number: float) -> bool:
    """Whether a number that opens a line numbers a table row: a line shortly before opens with
    the number one less ("16 khác của ngân sách …" … "17 cơ quan, tổ chức, …")."""
    if number < 2 or number % 1 or not text[start].isdigit():
        return False
    if not _ROW_START.search(text, max(0, start - 10), start):
        return False
    previous = re.compile(rf"(?m:^)[ \t|]*0*{int(number) - 1}[.)]?[ \t]")
    return previous.search(text, max(0, start - 1500), start) is not None


def _continues(text: str, start: int) -> bool:
    """Whether a number that opens a line continues the sentence of the line before: that line
    ends with a word that asks for what follows ("báo cáo của\n16 hội"), not with a cell's last
    word or the end of a sentence."""
    line_end = text.rfind("\n", 0, start)
    before = text[max(0, line_end - 40) : line_end].rstrip()
    if not before or not before[-1].isalpha():
        return False
    words = tag(before.split("\n")[-1])
    return bool(words) and words[-1].tag in ("V", "E", "C", "CC", "R", "L", "P")


def _words_after(text: str, pos: int, stop: int) -> tuple[Word, ...]:
    # the counted noun is on the number's line: past a line break is the next cell of a table
    line_end = text.find("\n", pos)
    # the unit is a few words long: tagging costs by the word, so tag only the next few
    stop = min(stop, line_end if line_end >= 0 else stop)
    if stop > pos + 40:
        space = text.rfind(" ", pos, pos + 40)
        stop = space if space > pos else pos + 40
    snippet = text[pos:stop]
    if snippet.isupper():
        snippet = snippet.lower()  # "DANH MỤC 79 DỰ ÁN": the tagger knows lower-case words
    # a number before the words gives the tagger the context it has in the sentence
    return tuple(
        Word(w.text, w.tag, w.start - 2 + pos, w.end - 2 + pos) for w in tag("1 " + snippet)[1:]
    )


def _unit(words: tuple[Word, ...], after_number: bool = False) -> tuple[str | None, int]:
    """The counted noun phrase at the start of `words` and where it ends: a noun (or a verb
    naming a thing, "dự thảo", "báo cáo", before a noun) with the nouns that modify it; an
    event classifier takes the verb that names the event ("cuộc giám sát", "câu hỏi chất vấn",
    "buổi tiếp công dân"); nouns listed with commas stay one unit ("sở, ban, ngành")."""
    if not words or not _in_unit(words[0]):
        return None, 0
    first = words[0]
    # A word between a number (`after_number`) and the end of its phrase is what the number
    # counts, whatever the tagger made of it ("giảm còn 1.152 hộ.": "hộ" tagged a verb).
    ends_phrase = after_number and (len(words) == 1 or words[1].tag == "CH")
    # A compound right after the number that the tagger took for a verb, before a determiner
    # or a noun, names the things counted: "5 máy in các loại".
    compound = (
        after_number and " " in first.text and len(words) > 1 and words[1].tag in ("L", "N", "Nc")
    )
    if first.tag == "Z" and len(words) > 1 and words[1].tag in NOUNS:
        first = Word(f"{first.text} {words[1].text}", "N", first.start, words[1].end)
        words = (first, *words[2:])  # "1 Phó Chủ tịch": a prefix and the office it qualifies
    if (
        first.tag not in NOUNS
        and first.text.lower() not in _THING_VERBS
        and not ((ends_phrase or compound) and first.tag == "V" and first.text.islower())
    ):
        return None, 0
    taken = [first]
    nouns = 1
    i = 1
    while i < len(words) and nouns < 5:
        w = words[i]
        if w.text.lower() in _TIME_WORDS:
            break  # "23 công trình khởi công năm 2024": a time, not what is counted
        if not _in_unit(w):
            if w.text == "," and nouns <= 3 and _listed_noun(words, i):
                taken += [w, words[i + 1]]
                nouns += 1
                i += 2
                continue
            break
        if w.tag in NOUNS or (w.tag == "M" and not w.text[0].isdigit()):
            taken.append(w)
        elif (i == 1 or (i == 2 and taken[1].tag == "V")) and (
            first.text.lower() in _EVENT_CLASSIFIERS
            and w.tag in ("V", "A")
            and _cue(" ".join(x.text for x in words[i : i + 2]))
            not in ("carried_over", "not_completed", "pending", "new")
        ):  # "01 cuộc lùi sang quý I": what happened to the event, not its name
            taken.append(w)  # "cuộc giám sát", "câu hỏi chất vấn", "buổi tiếp"
        else:
            break
        nouns += 1
        i += 1
    unit = " ".join(w.text for w in taken).replace(" ,", ",")
    return " ".join(unit.split()).lower(), taken[-1].end


def _listed_noun(words: tuple[Word, ...], comma: int) -> bool:
    # "sở, ban, ngành", "ý kiến, kiến nghị", "xã, thị trấn": a short noun after the comma
    if comma + 1 >= len(words):
        return False
    nxt = words[comma + 1]
    if comma + 2 < len(words) and (
        words[comma + 2].tag == "M" or words[comma + 2].text[0].isdigit()
    ):
        return False  # "6 nhiệm vụ, tỷ lệ 12%"
    if nxt.text[0].isupper() and not words[comma - 1].text[0].isupper():
        return False  # "212 lượt ý kiến góp ý, Ban soạn thảo …": a new subject, not a list
    if nxt.text.lower() in ("số", "tổng số", "trong đó", "ông", "bà", "đồng chí"):
        return False  # "41 trường hợp, số còn lại …", "46/48 phiếu bầu, ông A": a new subject
    for i in range(comma + 1, min(comma + 7, len(words) - 1)):
        if words[i].text in (",", ";", "(", ")"):
            break
        # the noun counted again after a number: "312 hồ sơ, hồ sơ bổ sung 45 hồ sơ", "420 đơn,
        # năm trước chuyển sang 36 đơn": a clause of its own, not a list
        if words[i].text[0].isdigit() and words[i + 1].text.lower() == words[0].text.lower():
            return False
    noun = nxt.tag in NOUNS or nxt.text.lower() in _TASK_HEADS  # "kiến nghị" tagged a verb
    return noun and _in_unit(nxt) and len(nxt.text) <= 10 and not nxt.text.isupper()


def _in_unit(w: Word) -> bool:
    return (
        w.text[0].isalpha()
        and len(w.text) >= 2
        and LOST not in w.text
        and w.text.lower() not in _NOT_IN_UNIT
        # a section code or a heading in capitals ends the phrase: "4 nhóm I.B Lãnh đạo …",
        # "4 nhóm TỔNG CỘNG"
        and not _ROMAN_CODE.fullmatch(w.text)
        and not (" " in w.text and w.text.isupper())
    )


_ROMAN_CODE = re.compile(r"[IVXLC]+(?:\.[A-Z0-9]+)*\.?")


def _label_unit(text: str, clause_start: int, number_start: int) -> str | None:
    """The noun of a label before a colon: "Số kiến nghị đã trả lời: 45" → "kiến nghị",
    "Hồ sơ trễ hạn: 7/540" → "hồ sơ"."""
    label = re.split(r"[.;:\n]", text[clause_start:number_start].rstrip(" :"))[-1]
    label = re.sub(r"(?i:\s+là\s*$)", "", label)
    label = re.sub(
        r"(?i:^[\s\-–+*•]*(?:tổng\s+)?(?:số\s+(?:lượng\s+)?)?(?:các\s+|những\s+)?)", "", label
    )
    unit, _ = _unit(tag(label))
    return unit


def _percent_after(text: str, pos: int, stop: int) -> tuple[float | None, int, bool]:
    m = _PERCENT_AFTER.match(text, pos)
    if m is None or m.end() > stop:
        return None, pos, False
    between = text[pos : m.start("pct")]
    plain = re.sub(r"(?i:thứ\s+\d+)", "", between)  # "tại kỳ họp thứ 10 (tỷ lệ 84,6%)"
    if between.count(",") > 2 or re.search(r"(?i:tăng|giảm|so\s+với|\d)", plain):
        return None, pos, False
    return parse_number(m["pct"]), m.end(), bool(re.search(r"(?i:đạt)\s*(?:tỷ\s+lệ\s*)?$", between))


def _agrees(number: float, total: float, percent: float) -> bool:
    decimals = len(str(percent).split(".")[1].rstrip("0")) if percent % 1 else 0
    share = number / total * 100
    return (
        abs(share - percent) <= 0.5 * 10**-decimals + 0.06
        or abs(int(share * 10**decimals) / 10**decimals - percent) < 1e-6
    )


def _task_count(text: str, c: _Count, sentences: Sentences, dates: list[Found]) -> TaskCount:
    clause = sentences.clause(c.start, c.end)
    total = c.total
    if total is None and c.whole is not None:
        total = c.whole.number  # a share stated for a part is of its own target: kept as stated
    percent = c.percent
    whole = c.whole or c
    # a verbless part of a whole that was handled or forwarded is handled with it
    role = c.whole.role if c.whole is not None and c.role == "other" else c.role
    kind = _kind(whole.unit, role, text[whole.noun_end : whole.noun_end + 20])
    if kind == "task" and _VOICED_BEFORE.search(text, max(clause[0], c.start - 30), c.start):
        kind = "activity"  # "43 đại biểu phát biểu với 145 ý kiến": opinions voiced
    if kind == "indicator" and _VISITED.search(text, max(clause[0], c.start - 240), c.start):
        kind = "activity"  # "Đoàn giám sát đã làm việc tại sáu huyện": places of a visit
    if (
        kind == "indicator"
        and re.match(r"(?:người|vị)\b", c.unit)
        and re.search(
            r"(?i:đại\s+biểu|cử\s+tri|(?<!\w)tiếp(?!\s+tục)|lượt)",
            text[max(clause[0], c.start - 60) : c.start],
        )
    ):
        # "Nữ đại biểu HĐND tỉnh là 17 người": deputies are counted as present; "đã tiếp 312
        # lượt với 503 người": citizens received
        kind = "activity"
    return TaskCount(
        number=c.number,
        unit=c.unit,
        role=c.role,
        sentence=sentences.sentence(c.start, c.unit_end),
        total=total,
        percent=percent,
        period=_period(text, dates, clause, (c.start, c.unit_end)),
        kind=kind,
    )


_OPENER = re.compile(
    r"(?i:(?<!\w)(?:trong\s+(?:số\s+)?(?:đó|này)|bao\s+gồm|gồm(?:\s+có)?|cụ\s+thể(?!\s+h[oó][aá]))(?!\w))"
)
# "Trong (tổng số) 45 nhiệm vụ được giao, 39 nhiệm vụ …": a whole that opens its sentence.
_WHOLE_BEFORE = re.compile(
    r"(?i:(?<!\w)(?:trong|trên)\s+(?:tổng\s+)?số\s*$|tổng\s+số\s*$|(?:^|[.;:,\n]\s*)(?:trong|đối\s+với)\s+$)"
)


def _whole(text: str, c: _Count, found: list[_Count], sentence: tuple[int, int]) -> _Count | None:
    """The count whose parts this one is: "Y kiến nghị, trong đó X … và W …", "Trong tổng số
    Y …, đã … X", "tiếp nhận Y hồ sơ, giải quyết đúng hạn X hồ sơ", "Y vụ (cấp tỉnh: X vụ".
    Not when a share between them states that whole as its own ("phải thực hiện 3 chuyên đề;
    đã hoàn thành 2/3 chuyên đề, 1 chuyên đề chuyển sang năm sau": the 1 takes no total)."""
    whole = _whole_of(text, c, found, sentence)
    if (
        whole is not None
        and not _WHOLE_BEFORE.search(text, max(0, whole.start - 20), whole.start)
        and any(whole.start < x.start < c.start and x.total == whole.number for x in found)
    ):
        return None
    return whole


def _whole_of(
    text: str, c: _Count, found: list[_Count], sentence: tuple[int, int]
) -> _Count | None:
    if c.total is not None:
        return None
    earlier = [
        o
        for o in found
        if sentence[0] <= o.start < c.start
        # a share is a whole only of the parts it lists: "14/16 xã …, trong đó có 05 xã …"
        and (o.total is None or _lists_parts(text, o, c))
    ]
    if c.unit.split()[0] == "đoàn":
        # "tiếp 69 lượt công dân (thường xuyên 37 lượt, …), trong đó có 1 đoàn đông người":
        # delegations are counted among the visits, the first count of visits that is no part
        for o in reversed(earlier):
            between = text[o.unit_end : c.start]
            opened = _OPENER.search(between) or _bracket_open(text, o.unit_end, c.start)
            if o.unit.split()[0] == "lượt" and o.whole is None and o.number >= c.number and opened:
                o.held = o.held or o.role == "other"  # visits received stay events held
                return o
    for o in reversed(earlier):
        between = text[o.unit_end : c.start]
        if o.number < c.number or (o.whole is not None and not _OPENER.search(between)):
            continue  # a part is a whole of its own parts only when they are listed as such
        if ")" in between and _bracket_open(text, sentence[0], o.start):
            continue  # an aside closed before `c`: "phường A (19 ý kiến), phường B (16 ý kiến)"
        if not _same_unit(o.unit, c.unit):
            # "45 người …, trong đó có 03 sinh viên": a part named by another noun; "Trong
            # tổng số 48 nội dung …, đã có 11 ý kiến …": a whole the sentence opens with
            if o is earlier[-1] and (
                (_OPENER.search(between) and not re.search(r"\d", between))
                or _WHOLE_BEFORE.search(text, max(0, o.start - 20), o.start)
            ):
                return o
            continue
        if _OPENER.search(between) or _bracket_open(text, o.unit_end, c.start):
            return _named_whole(o, c, earlier)
        if _WHOLE_BEFORE.search(text, max(0, o.start - 20), o.start):
            return o
        if (
            o.role == "total"
            and re.search(r"(?i:tổng\s+số|tổng\s+cộng)", text[sentence[0] : o.start])
            and not re.search(r"(?i:tổng\s+số|tổng\s+cộng)", between)
        ):
            return o  # not a second total: "tổng số hộ nghèo … 10.645 hộ, tổng số hộ cận nghèo …"
        # the verb before a pair is the second count's too: "thụ lý 540 vụ/800 bị cáo"
        at = next(
            (p.start for p in found if _PAIR_SEPARATOR.fullmatch(text, p.unit_end, o.start)),
            o.start,
        )
        received = _RECEIVED.search(text, max(sentence[0], at - 30), at)
        if (received or _RECEIVED_AFTER.match(text, o.unit_end)) and c.role != "other":
            return o
    if whole := _sum_of_parts(text, c, found, sentence):
        return whole
    # "báo cáo của 16 hội …, tính đến ngày 26/11/2024 có:\n- 05 hội đã …\n- 04 hội …": the
    # items of a list take the count that introduced it
    for o in reversed(found):
        if o.start >= c.start or c.start - o.unit_end > 3000:
            continue
        if o.start >= sentence[0] or o.whole is not None:
            continue  # in this sentence, or another item of the same list
        intro = re.search(r":\s*\n", text[o.unit_end : c.start])
        if intro and "\n" in text[o.unit_end : o.unit_end + intro.start()]:
            intro = None  # the colon must close the line that states the whole
        items = [x for x in found if o.start < x.start < c.start]
        if (
            intro
            and _same_unit(o.unit, c.unit)
            and o.number >= c.number
            and not re.search(r"[.;]\s*\n", text[o.unit_end : o.unit_end + intro.start()])
            and all(_same_unit(x.unit, c.unit) and x.whole is o for x in items)
            and sum(x.number for x in items) + c.number <= o.number
        ):
            return o
        break
    return None


def _named_whole(o: _Count, c: _Count, earlier: list[_Count]) -> _Count:
    """The whole among `earlier` whose noun `c` names, when the nearest one `o` only shares
    its head: "17 cuộc giám sát, 6 cuộc khảo sát, trong đó có 5 cuộc giám sát chuyên đề"."""
    if c.unit == o.unit or c.unit.startswith(o.unit + " "):
        return o
    named = [
        x
        for x in earlier
        if x.number >= c.number
        and x.total is None
        and x.whole is None
        and " " in x.unit
        and (c.unit == x.unit or c.unit.startswith(x.unit + " "))
    ]
    if not named:
        return o
    whole = named[-1]
    whole.held = whole.held or o.held  # events held in one list: "tổ chức 17 cuộc …, 6 cuộc"
    return whole


# A sentence that opens on its topic: "Về kết quả thực hiện 46 kết luận …, đến nay …".
_TOPIC = re.compile(r"(?i:\W*(?:về|đối\s+với|trong)\s[^,;:]*$)")


def _lists_parts(text: str, o: _Count, c: _Count) -> bool:
    """Whether `trong đó`, `gồm` … after `o` open a list that `c` is in (no semicolon between)."""
    opener = _OPENER.search(text, o.unit_end, c.start)
    return opener is not None and ";" not in text[opener.end() : c.start]


def _sum_of_parts(
    text: str, c: _Count, found: list[_Count], sentence: tuple[int, int]
) -> _Count | None:
    """The earlier count of the sentence that `c` and the counts next to it add up to, when the
    sentence states it as a whole (it opens with `trong`, `đối với`, `về`, `tổng số`, or it was
    received, or `trong đó` / `gồm` / a colon follows it): "Đối với 9 tồn tại, … khắc phục 7
    nội dung; 2 nội dung còn lại …", "Tổng số kiến nghị …: 14; đã có kết quả: 9; …: 2; …: 3"
    (the parts may name the items another way, or across a semicolon). Two parts at least,
    each smaller than the whole, none a ratio of its own. Counts that only happen to add up
    ("khảo sát 14 trường …, 9 trường chưa …, 5 trường chưa …") are not parts: the guide leaves
    a total unstated."""
    for o in (o for o in found if sentence[0] <= o.start < c.start and o.total is None):
        if o.whole is not None:
            continue
        parts = _parts_adding_up(o, c, found, sentence)
        if parts is None or not _stated_whole(text, o, c, sentence):
            continue
        return o if parts else None
    return None


def _parts_adding_up(
    o: _Count, c: _Count, found: list[_Count], sentence: tuple[int, int]
) -> bool | None:
    """None when no run of counts right after `o` in its sentence adds up to it; else whether
    the run has two parts at least with `c` among them."""
    run = [x for x in found if o.start < x.start < sentence[1]]
    added = 0.0
    for k, x in enumerate(run):
        if x.total is not None or x.number >= o.number:
            return None
        added += x.number
        if added == o.number:
            return k >= 1 and c in run[: k + 1]
        if added > o.number:
            return None
    return None


def _stated_whole(text: str, o: _Count, c: _Count, sentence: tuple[int, int]) -> bool:
    """Whether the sentence states `o` as a whole of what follows it, up to `c`."""
    return bool(
        _WHOLE_BEFORE.search(text, max(0, o.start - 20), o.start)
        or re.search(r"(?i:tổng\s+số)", text[sentence[0] : o.start])
        or _TOPIC.match(text[sentence[0] : o.start])
        or re.search(r"(?i:(?<!\w)trong\s+$)", text[max(0, o.start - 8) : o.start])
        or _RECEIVED.search(text, max(sentence[0], o.start - 30), o.start)
        or _OPENER.search(text, o.unit_end, c.start)
        or re.match(r"[^,;.:]{0,60}:", text[o.unit_end : c.start])
        or re.match(r"\s*\([^()]*$", text[o.unit_end : c.start])  # "10 huyện (7 huyện, …"
    )


# A visit's places and a training's trainees: "làm việc tại 5 xã", "giám sát … tại 3 huyện",
# "khảo sát tại 7/10 xã", "làm việc với UBND huyện A, B và 02 đơn vị cấp xã", "đào tạo tin học
# cho hơn 42 người", "Năm 1998 đào tạo 28 người".
_VISITED = re.compile(
    r"(?i:(?:(?:làm\s+việc|giám\s+sát|khảo\s+sát|tiếp\s+xúc|kiểm\s+tra)[^.;]{0,80}(?:tại|với|ở)|"
    r"tiếp\s+xúc\s+cử\s+tri|"
    r"(?:đào\s+tạo|tập\s+huấn|bồi\s+dưỡng)(?:[^.;]{0,40}\scho)?)"
    r"(?:[^.;:]{0,150}?(?:,|\svà))?(?:\s+(?:hơn|trên|gần|khoảng))?\s*$)"
)
# Items received, or assigned to be handled ("phải thực hiện 53 kết luận"), then handled.
_RECEIVED = re.compile(
    r"(?i:(?:phải\s+(?:thực\s+hiện|giải\s+quyết)|tiếp\s+nhận|(?<!\w)(?<!công\s)(?<!xác\s)(?<!thừa\s)(?<!ghi\s)nhận(?!\s+(?:thấy|định|xét|diện|thức|biết))|thụ\s+lý)"
    r"(?:\s+\w+){0,2}\s*$)"
)
# "Có 20 nhiệm vụ được giao …, đã hoàn thành 17 nhiệm vụ": items received or assigned, then
# handled
_RECEIVED_AFTER = re.compile(
    r"(?i:\s*(?:đã\s+)?được\s+(?:giao|tiếp\s+nhận|chuyển\s+đến|gửi\s+đến)(?!\w))"
)


_HANDLING_JUST_BEFORE = re.compile(rf"(?i:(?<!\w)(?:{HANDLING_VERBS})\s+$)")


def _handled_after_receiving(
    text: str, c: _Count, found: list[_Count], sentences: Sentences
) -> bool:
    """Whether `c` follows a bare handling verb in a sentence that first states the items of
    its noun received: "thụ lý 1.367 vụ, giải quyết 1.206 vụ": a report of what was handled
    (a bare "giải quyết 14 vụ việc" alone asks for it)."""
    if not _HANDLING_JUST_BEFORE.search(text, max(0, c.start - 20), c.start):
        return False
    start = sentences.around(c.start)[0]
    return any(
        start <= o.start < c.start
        and o.role == "total"
        and _same_unit(o.unit, c.unit)
        and _RECEIVED_JUST_BEFORE.search(text, max(start, o.start - 40), o.start)
        for o in found
    )


def _bracket_open(text: str, start: int, end: int) -> bool:
    """Whether a bracket opens between `start` and `end` and is not closed before `end`."""
    return text.rfind("(", start, end) > text.rfind(")", start, end)


def _same_unit(a: str, b: str) -> bool:
    return a.split()[0] == b.split()[0]


def _share_of_whole(text: str, c: _Count, found: list[_Count]) -> bool:
    """Whether an earlier count of the same sentence and noun is stated as the whole that `c`
    is a share of ("Trong tổng số 18 cuộc giám sát theo chương trình, đã thực hiện 16 cuộc")."""
    sentence = max(text.rfind(".", 0, c.start), text.rfind("\n", 0, c.start)) + 1
    return any(
        sentence <= o.start < c.start
        and _same_unit(o.unit, c.unit)
        and _WHOLE_BEFORE.search(text, max(sentence, o.start - 20), o.start)
        for o in found
    )


_RECEIVED_JUST_BEFORE = re.compile(
    r"(?i:(?:tiếp\s+nhận|thụ\s+lý|tổng\s+hợp)(?:(?:,|\s+và)?\s+(?:xử\s+lý|giải\s+quyết|phân\s+loại|điều\s+tra|kiểm\s+sát)){0,2}"
    r"(?:\s+(?:mới|tổng\s+số|hơn|trên|gần))?\s+$)"
)
# A label naming the items received: "số hồ sơ tiếp nhận trực tuyến là 105.970", "tổng số hồ sơ
# đã tiếp nhận, giải quyết trên địa bàn tỉnh là 43.007" (not "mới tiếp nhận": those are new).
_RECEIVED_LABEL = re.compile(
    r"(?i:(?<!\w)số\s+[^.;:\d]{0,40}?(?<!mới)\s(?:đã\s+)?tiếp\s+nhận[^.;:\d]{0,60}?\s(?:là|được)\s+$)"
)
_PRESENT = re.compile(r"(?i:(?<!\w)(?:tham\s+dự|có\s+mặt|dự\s+họp|dự\s+kỳ\s+họp)(?!\w))")
# A count right after "tại" or "ở" says where the others are.
_AT_PLACE = re.compile(r"(?i:(?<!\w)(?:tại|ở)\s+$)")
# A document adopted, then words of its own before the count: the count is in its content.
_PASSED_DOCUMENT = re.compile(
    rf"(?i:(?<!\w)(?:{PASSING_VERBS})\s+(?:các\s+)?(?:nghị\s+quyết|quyết\s+định|đề\s+án|kế\s+hoạch)"
    r"(?P<content>(?:\s+[^\W\d]+)+)\s+$)"
)


def _role(
    text: str, c: _Count, found: list[_Count], clause: tuple[int, int], part: bool = False
) -> str:
    """The role of count `c` (`_read_role`); a plan, a promise or an obligation is an `other`,
    and so is a completion the clause only plans or asks for: "sẽ hoàn thành và đưa vào sử dụng
    2 phòng thí nghiệm", "cần rà soát, … và đôn đốc thực hiện 26 dự án"."""
    if _AT_PLACE.search(text, max(0, c.start - 8), c.start):
        return "other"  # "thu hồi 16 dự án chậm tiến độ tại 12 quận, huyện": where, not what
    role = _read_role(text, c, found, clause, part)
    if role == "passed" and c.unit.split()[0] in _HELD:
        return "completed"  # "đã ban hành kết luận 12 cuộc": events are concluded, not adopted
    if role == "passed" and (document := _PASSED_DOCUMENT.search(text[clause[0] : c.start])):
        # "thông qua nghị quyết sáp nhập 2 huyện": what the document decides, unless its
        # content says what happened ("ban hành quyết định công nhận 4 xã … đạt chuẩn")
        content = _cue(text[clause[0] + document.start("content") : c.start])
        return content if content in ("completed", "new", "carried_over") else "other"
    if (
        role == "other"
        and (
            _RECEIVED_JUST_BEFORE.search(text, max(clause[0], c.start - 30), c.start)
            or _RECEIVED_LABEL.search(text, max(clause[0], c.start - 110), c.start)
        )
        and _kind(c.unit, role) == "task"
        and not _planned(text[clause[0] : c.start])  # "Kế hoạch giao tiếp nhận 1.200 hồ sơ"
    ):
        return "total"  # "tiếp nhận 836 đơn thư", "tổng hợp 118 kiến nghị": the items received
        # or compiled, which are then handled
    if role == "other" and _heading_total(text, c, clause):
        return "total"
    if role in ("completed", "passed") and _planned(text[clause[0] : c.start]):
        return "other"
    if (
        role == "completed"
        and _participants(c)
        and not _COMPLETED.search(text, clause[0], c.start)
        and not _achieved(text[clause[0] : c.start], c)
    ):
        return "other"  # "41/42 đại biểu tham dự … đã bỏ phiếu": who took part, not a result
    if role in ("completed", "passed") and _PLANNED_PREDICATE.match(text, c.noun_end):
        return "other"  # "3 xã đăng ký hoàn thành năm 2020", "5 dự án sẽ hoàn thành"
    # a target is not a result, whatever its verb: "Dự kiến trong năm có thêm 97 xã có điện",
    # "Mục tiêu đến năm 2025 có 85 trường đạt chuẩn"; only the plan of the count's own part
    # counts here ("Những việc cần làm: còn 5 công trình chậm tiến độ" is a fact)
    own_part = text[_part_start(text, c.start, clause[0], found, c) : c.start]
    if role not in ("other", "pending", "completed", "passed") and _planned(own_part):
        # a state the items are in stays theirs: "cần giải quyết 4 kiến nghị còn tồn đọng"
        after = text[c.noun_end : _part_end(text, c.noun_end, clause[1], found, c)]
        return role if role == "not_completed" and _UNDONE.search(after) else "other"
    return "other" if role == "planned" else role


def _heading_total(text: str, c: _Count, clause: tuple[int, int]) -> bool:
    """Whether `c` alone in brackets after a heading that names its noun gives the number of
    the heading's items: "Các đường hiện hữu (25 đường)", "Đặt tên công trình công cộng (12
    công trình)"."""
    bracket = text.rfind("(", clause[0], c.start)
    if bracket < 0 or text[bracket + 1 : c.start].strip() or not text[c.unit_end :].startswith(")"):
        return False
    heading = text[max(clause[0], bracket - 80) : bracket]
    if re.search(r"\d|(?i:(?<!\w)(?:đã|đang|chưa|được|sẽ)(?!\w))", heading):
        # "Số hồ sơ trực tuyến chiếm 45,75% (5.412 hồ sơ)", "Một số đơn vị đã có phần mềm …
        # (8 đơn vị)": a share or a statement, its count restated, not a heading
        return False
    head = re.escape(c.unit.split()[0])
    return re.search(rf"(?i:(?<!\w){head}(?!\w))", heading) is not None


# Items said not done ("chưa được giải quyết", "còn tồn đọng", "quá hạn"); not "còn lại" (the
# rest) or "chậm triển khai" (a kind of project), which name the items rather than say what
# happened to them.
_UNDONE = re.compile(
    r"(?i:(?<!\w)(?:chưa\s+(?!(?:đến|tới|hết)\s)|còn\s+tồn\s+đọng|tồn\s+đọng|quá\s+(?:thời\s+)?hạn|trễ\s+hạn))"
)

# A plan, a promise or an obligation: what follows has not happened.
_PLAN = re.compile(
    rf"(?i:(?<!\w)(?:{PLANNING_WORDS}|cần|"
    r"đăng\s+ký(?=\s+(?:hoàn\s+thành|đạt|về\s+đích))|"
    r"mục\s+tiêu(?!\s+quốc\s+gia)|(?:đề\s+ra|đặt\s+ra|giao)\s+chỉ\s+tiêu)(?!\w))"
)
# A plan that the rest of its sentence, up to the count, only goes on describing.
_PLANNED_SENTENCE = re.compile(
    rf"(?i:(?<!\w)(?:{PLANNING_WORDS})(?!\w)(?![^;:]*(?<!\w)(?:đã|được|mới)(?!\w))[^;:]*$)"
)
# "<verb> được" right before a count: achieved ("bầu được 370/372 đại biểu"); not the passive
# marker after an aspect word ("đã được", "chưa được").
_ACHIEVED_BEFORE = re.compile(
    r"(?i:(?<!\w)(?!(?:đã|chưa|đang|sẽ|không|bị|cũng|vẫn|mới|đều|có)\s)[^\W\d]+\s+được"
    r"(?:\s+(?:gần|hơn|trên|khoảng))?\s*$)"
)


def _participants(c: _Count) -> bool:
    """Whether `c` counts people taking part (deputies, voters), whose share says who came or
    voted, not what was done."""
    unit = c.unit.lower().removeprefix("lượt ")  # "12 lượt đại biểu đã nêu …"
    return any(unit == p or unit.startswith(f"{p} ") for p in _PARTICIPANTS)


def _achieved(before: str, c: _Count) -> bool:
    """Whether the verb before the count says it was achieved: "(đã) xây dựng được gần 3.500
    căn nhà", "bầu được 370/372 đại biểu" (not events held: "xét xử được 27 phiên tòa")."""
    return bool(_ACHIEVED_BEFORE.search(before)) and c.unit.split()[0] not in _HELD


# A predicate after the items that plans what follows.
_PLANNED_PREDICATE = re.compile(
    r"(?i:\s*(?:[^\W\d]+\s+){0,2}?(?:sẽ|phấn\s+đấu|dự\s+kiến|đăng\s+ký|cam\s+kết)\s+"
    r"(?:[^\W\d]+\s+){0,2}?(?:hoàn\s+thành|đạt|về\s+đích|xong))"
)
# A clause that opens with the plan or the target it states: "Kế hoạch năm 2025 …", "Chỉ tiêu
# giao: …", "Mục tiêu đến năm 2025 …", "Theo kế hoạch, …".
_PLAN_OPENING = re.compile(r"(?i:^\W*(?:theo\s+)?(?:kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu)(?!\w))")


def _planned(before: str) -> bool:
    """Whether `before` (the words of a clause before a count) plans what follows: a plan, a
    promise, a target or an obligation not followed by a report that it was done."""
    planned = [m.end() for m in _PLAN.finditer(before)]
    opening = _PLAN_OPENING.match(before)
    if opening:
        planned.insert(0, opening.end())
    return bool(planned) and not re.search(r"(?i:(?<!\w)(?:đã|được)(?!\w))", before[planned[-1] :])


# A colon after a verb of saying opens what was said, not a label: "… cho biết: 8 quyết định …".
_SAID = re.compile(
    r"(?i:(?<!\w)(?:cho\s+biết|cho\s+rằng|khẳng\s+định|nhấn\s+mạnh|thông\s+tin|nêu\s+rõ|nói)\s*:\s*$)"
)
# What opens a purpose: the verbs after it say what the items are for, not what happened.
_PURPOSE = re.compile(r"(?i:(?<!\w)(?:để|nhằm)(?!\w))")


def _read_role(
    text: str, c: _Count, found: list[_Count], clause: tuple[int, int], part: bool = False
) -> str:
    """The role of count `c` from the cues of its part of the sentence. A `part` of a stated
    whole ("28 nhiệm vụ, gồm 21 nhiệm vụ đã hoàn thành") is never a total itself."""
    after_end = _part_end(text, c.noun_end, clause[1], found, c)
    out_of = re.search(r"(?i:\s(?:trên|trong)\s+(?:tổng\s+)?số\s)", text[c.noun_end : after_end])
    after = text[c.noun_end : c.noun_end + out_of.start() if out_of else after_end]
    if purpose := _PURPOSE.search(after):
        after = after[: purpose.start()]  # "… giúp 2 đơn vị để triển khai … đạt hiệu quả": an aim
    if out_of and c.total is not None and c.unit_end < clause[1]:
        # "68 xã trên tổng số 89 xã hoàn thành …": the predicate follows the total
        after += " " + text[c.unit_end : _part_end(text, c.unit_end, clause[1], found, c)]
    before = text[_part_start(text, c.start, clause[0], found, c) : c.start]
    prev = [o.unit_end for o in found if o.start < c.start and o.unit_end <= c.start]
    prev_in_clause = any(clause[0] <= p for p in prev)
    wider = text[max([clause[0], *prev]) : c.start]
    bracket = text.rfind("(", clause[0], c.start)
    if bracket > text.rfind(")", clause[0], c.start) and _cue(before) is None:
        # "đạt 97% (65 kiến nghị)", "(tương ứng 1.130 hồ sơ)": a count in brackets reads with
        # the words before them
        inner = text[clause[0] : bracket].rstrip()
        before = inner[_last_boundary(inner) :]
        wider = (
            text[max([clause[0], *prev]) : bracket].rstrip()
            if max(prev, default=-1) < bracket
            else before
        )
    if opens := _LIST_OPENS.search(before):
        before = before[: opens.start()]  # "Kết quả như sau: 12 nhiệm vụ đã …": no label
    if c.label or (re.search(r"(?:(?<!\w)là|:)\s*$", before) and not _SAID.search(before)):
        # "Số kiến nghị đã trả lời: 45/60", "Đang giải quyết: 12 vụ việc": the label says it
        windows = [re.split(r"[.;,\n]", text[clause[0] : c.start])[-1], after]
    elif re.search(r"(?i:(?<!\w)gồm(?:\s+có)?\s*$)", before) and not prev_in_clause:
        # "Những kiến nghị đang … gồm 15 kiến nghị": the words that "gồm" completes say what
        # the items are ("Chương trình …, gồm 273 nội dung": a whole stated)
        windows = [re.split(r"[.;,\n]", text[clause[0] : c.start])[-1], after]
    else:
        # the verb right before the count ("đã giải quyết 40 đơn") or the predicate after it
        # ("40 đơn đã giải quyết"), then anything earlier in its part of the sentence
        follows = bool(prev) and max(prev) > clause[0]
        near = _verb_phrase_before(before, wider, follows)
        windows = [near, after, before]
    # "Y …, trong đó X …": the count that opens a list of its parts is their total
    later = [o for o in found if c.start < o.start < clause[1]]
    end = c.unit_end
    joined = []
    while later and re.fullmatch(r"[\s,]*(?:với|và)\s*", text[end : later[0].start]):
        end = later[0].unit_end  # "4.692 hộ với 23.292 khẩu, trong đó: …"
        joined.append(later[0])
        later = later[1:]
    if (
        later
        and not _same_unit(later[0].unit, c.unit)
        and any(_same_unit(later[0].unit, j.unit) for j in joined)
    ):
        later = []  # "95 buổi …, với 6.230 lượt cử tri …, trong đó có 412 lượt": not ours
    limit = later[0].start if later else clause[1]
    opener = _OPENER.search(text, c.noun_end, limit)
    if later:
        # the parts after the opener are counted in this count's noun (or it is the only count
        # before them: "45 người …, trong đó có 03 sinh viên")
        parts_follow = _same_unit(later[0].unit, c.unit) or not [
            o for o in found if clause[0] <= o.start < c.start
        ]
    else:
        # "…, trong đó:" closing the line: the parts are the next lines; "gồm: Hội A, Hội B"
        # lists names, not parts
        parts_follow = opener is not None and bool(
            re.match(r"(?i:trong\s+đó\s*:?\s*$)", text[opener.start() : limit])
        )
    if opener and parts_follow and "\n" not in text[opener.end() : limit].strip():
        verb = _cue(before[-30:])
        first = _list_start(text, c, found)
        if verb is None and first < c.start:
            # "tổ chức 17 cuộc giám sát, 6 cuộc khảo sát, trong đó …": the list's verb
            verb = _cue(text[max(clause[0], first - 30) : first])
        role = "carried_over" if _moved(before[-30:], after) else verb or _cue(after)
        if role == "done":
            role = "other" if verb else "completed"  # "112 hộ đã được hỗ trợ (gồm …"
        held = verb and c.unit.split()[0] in _HELD and not _COMPLETED.search(before[-30:])
        if role == "completed" and held:
            role = "other"  # "thực hiện 12 cuộc giám sát, trong đó …": events held
        c.governed = role  # its parts may inherit it (`_inherit`)
        if c.total is not None and role == "completed":
            return role  # "6/9 đơn vị cấp huyện gồm 5 huyện …": a share done, then its parts
        if role == "other" and held:
            c.held = True  # "tổ chức 10 kỳ họp, trong đó 6 kỳ họp thường lệ": events held,
            return role  # the parts their kinds, as the events of a bracket (`find_task_counts`)
        return role if role in ("new", "carried_over", "passed") else "total"
    if _AWARDED.search(text, clause[0], _list_start(text, c, found)):
        # "khen thưởng 3 tập thể và 68 cá nhân (đã hoàn thành xuất sắc nhiệm vụ)": who was
        # honoured, whatever the merit said after them
        return "other"
    if not c.label and _moved(before[-30:], after):
        return "carried_over"  # "lùi 2 nội dung giám sát sang quý III"
    role, source = None, ""
    for window in windows:
        role, source = _cue(window, skip="total" if part else None), window
        if role is not None:
            break
    if role == "total" and _kind(c.unit, "other") != "task" and _MADE_UP_OF.search(source):
        # "tỉnh bao gồm 7 huyện, 1 thị xã": what a place or a thing is made of, not a whole of
        # work (a programme "gồm 40 nội dung" is); parts of its own still make it one (`_whole`)
        role = "other"
    if role in ("other", "done") and source is windows[0] and len(windows) == 3:
        # "Sau kỳ họp có 15 kiến nghị mới phát sinh": an activity word before the count gives
        # way to what its own predicate says
        specific = _cue(after, skip="total" if part else None)
        if specific not in (None, "other"):
            role, source = specific, after
    elif (
        role == "not_completed"
        and source is windows[0]
        and _cue(_REMAINDER.sub(" ", source)) != "not_completed"
    ):
        # "số còn lại 3 nhiệm vụ tiếp tục thực hiện": the remainder is not done, unless its
        # own predicate says what is happening to it, after the items or after the remainder
        # word ("các xã còn lại đạt 17/19 tiêu chí")
        skip = "total" if part else None
        specific = _cue(after, skip=skip) or _cue(_REMAINDER.sub(" ", source), skip=skip)
        if specific not in (None, "other", "done"):
            role, source = specific, after
    elif role == "not_completed" and source is after and _REMAINDER.search(after):
        # "2 xã còn lại đang hoàn thiện hồ sơ": the same, said after the items
        specific = _cue(_REMAINDER.sub(" ", after), skip="total" if part else None)
        if specific not in (None, "other", "done"):
            role = specific
    elif role == "new" and source is windows[0] and not _ARISING.search(source):
        # "có thêm 3/5 xã đạt chuẩn": a bare "thêm" gives way to the items' own predicate
        specific = _cue(after, skip="total" if part else None)
        if specific not in (None, "other", "done"):
            role, source = specific, after
    if (
        (role in ("completed", "other", "done") or (role == "in_progress" and "chưa" in after))
        and source is windows[0]
        and len(windows) == 3
        and _UNDONE.search(after)
    ):
        # "hoàn thành 6 nhiệm vụ còn tồn đọng", "7 kiến nghị … chưa được giải quyết": the state
        # the items are in, said after them, outranks the verb before them
        role, source = "not_completed", after
    if (
        role == "completed"
        and source is windows[0]
        and len(windows) == 3
        and c.total is None
        and c.unit.split()[0] in _HELD
        and not _COMPLETED.search(source)
        and not _share_of_whole(text, c, found)
    ):
        role = "other"  # "đã triển khai 12 cuộc kiểm tra": events held, not work items done
    if (
        role == "other"
        and source is windows[0]
        and re.search(r"(?i:(?<!\w)đã\s)", source)
        and _share_of_whole(text, c, found)
    ):
        # "Trong tổng số 12 buổi theo kế hoạch, đã tổ chức 10 buổi": a share of a stated whole
        # said done
        role = "completed"
    if source is after and role not in (None, "other") and _REQUESTED.match(after):
        role = "other"  # "11 ý kiến đề nghị bổ sung vào dự thảo": asked for, not done
    if role in ("new", "completed", "passed", "done") and _ASKING_BEFORE.search(
        text[clause[0] : c.start]
    ):
        role = "other"  # "kiến nghị sửa đổi, bổ sung 10 cơ chế": asked for, not done
    if role in (None, "done") and source is not after and not c.label:
        # "đã được UBND tỉnh chỉ đạo giải quyết 56 kiến nghị": the marker governs the verbs
        # after the agent
        role = _marked_verbs_before(before) or role
    if role in (None, "other", "done") and _NEW_ITEMS.match(after):
        role, source = "new", after  # "thu hút 23 dự án đầu tư mới": new items
    if role == "done" and _ASKED.search(source):
        role = "other"  # "12 thủ tục … đã được đề nghị bãi bỏ": asked for, not done
    if role == "done":
        # "56 dự án đã khởi công": what the items did; "đã xử lý 25.063 văn bản": an activity;
        # "Đã có 68 xã trên tổng số 89 xã": a share of a whole done
        said = source is after or c.label or c.total is not None
        role = "completed" if said or _achieved(before, c) else "other"
    if role == "other" and source is after and re.search(r"(?<!\w)đã\s+(?!được|bị)", after):
        # "05 hội đã tổ chức đại hội": the items themselves did it ("9 dự thảo đã được thẩm
        # tra": it was done to them, they were considered)
        return "completed"
    present = re.search(rf"(?i:có\s+mặt|tham\s+dự|(?<!\w)dự\s|{_VOTING})", source)
    if role == "other" and c.total is not None and source is not windows[0] and not present:
        return "completed"  # "8/10 kết luận sau giám sát": a ratio reports what was done
    if role in (None, "other", "done") and (role is None or source is after) and not c.label:
        # "64 đơn thư được các cơ quan thụ lý, giải quyết theo thẩm quyền": the verbs after
        # the agent of a passive say what was done to the items
        role = _passive_predicate(text, c, found, clause) or role
    if role is None and _achieved(before, c):
        return "completed"
    if role is None and _REMAINDER_BEFORE.search(before) and _remainder_of_work(text, c, found):
        return "not_completed"  # "Đã giải quyết 40 đơn, còn 5 đơn": the remainder
    if role is None and (c.said_done or c.total is not None):
        # "8/10 kết luận …", "554 hộ, đạt 100% kế hoạch": a ratio or a share reports what was
        # done; not those present: "Tham dự kỳ họp có 39/40 đại biểu" (other participants:
        # `_role`)
        came = c.total is not None and bool(_PRESENT.search(text, clause[0], c.start))
        return "other" if came else "completed"
    alone = not [o for o in found if clause[0] <= o.start < clause[1] and o is not c]
    if (
        role in (None, "other")
        and alone
        and re.fullmatch(r"[^.;]*:\s*", text[c.unit_end : clause[1]])
    ):
        return "total"  # "… báo cáo của 16 hội về việc …, có:": the whole of the list it opens
    if role is None and _names_follow(text, c, found):
        return "total"  # "huyện Than Uyên còn 4 xã gồm: Mường Kim, …": the whole of its names
    return role or "other"


# A list of names after a count's noun: "4 xã gồm: Mường Kim, Khoen On, …".
_NAMES_FOLLOW = re.compile(r"(?i:[\s,]*(?:bao\s+)?gồm(?:\s+có)?\s*:?\s*)(?=[^\W\d])")
# Words that only state what there is: "còn 4 xã", "có 51 đại biểu", "thành 7 phường".
_STATING_BEFORE = re.compile(r"(?i:(?<!\w)(?:còn|có|thành|thẩm\s+tra|xem\s+xét)\s+$)")
_MADE_UP_OF = re.compile(r"(?i:(?<!\w)(?:bao\s+)?gồm(?:\s+có)?\s*$)")


def _names_follow(text: str, c: _Count, found: list[_Count]) -> bool:
    """Whether the list of counts that holds `c` ("còn 5 phường, 1 xã") opens after a word that
    only states what there is (`_STATING_BEFORE`) and is followed by the names it is made of."""
    start = _list_start(text, c, found)
    j = next(k for k, o in enumerate(found) if o is c)  # found is in the text's order
    while j + 1 < len(found) and _LIST_SEPARATOR.fullmatch(
        text, found[j].unit_end, found[j + 1].start
    ):
        j += 1
    return bool(
        _STATING_BEFORE.search(text, max(0, start - 20), start)
        and _NAMES_FOLLOW.match(text, found[j].unit_end)
    )


def _remainder_of_work(text: str, c: _Count, found: list[_Count]) -> bool:
    """Whether `còn N` is what is left of work: work items ("còn 5 kiến nghị"), or what
    remains after counts the sentence reports before it ("Đã giải quyết 40 đơn, còn 5 đơn");
    not a stock a change left ("sau sắp xếp còn 4 xã", "toàn tỉnh còn 9.214 hộ nghèo")."""
    if _kind(c.unit, "other") == "task":
        return True
    return any(
        o.start < c.start and not re.search(r"\.\s|\n", text[o.unit_end : c.start]) for o in found
    )


def _verb_phrase_before(before: str, wider: str, follows: bool = False) -> str:
    """The verb phrase that governs a count from before it, read from the tags: the nearest
    verb of its part of the sentence (`before`) with the markers and verbs in front of it ("đã
    được giải quyết", "biểu quyết thông qua", verbs that share the count across a comma in the
    `wider` text before it: "đã tiếp thu, giải trình 66 ý kiến") and the words between it and
    the count ("khắc phục dứt điểm"); the last three syllables when no verb is tagged. When
    `wider` `follows` another count, the words right after that count are its predicate, not
    a verb shared across the comma: "trả lại 3 hồ sơ không hợp lệ và đang thẩm định 5 hồ sơ"."""
    fallback = " ".join(before.split()[-3:])
    tail = wider[-50:]
    if not re.search(r"[^\W\d]", before[-40:]) or _cue(tail) is None:
        return fallback  # no verb of the lexicon near: the phrase would say nothing either
    words = tag(tail)
    part_start = len(tail) - len(before)
    verbs = [i for i, w in enumerate(words) if w.tag == "V" and w.start >= part_start]
    if not verbs:
        return fallback
    first = verbs[-1]
    crossed = None
    while first > 0:
        if words[first - 1].tag in ("R", "V"):
            first -= 1
        elif first > 1 and words[first - 1].text in (",", "và") and words[first - 2].tag == "V":
            crossed = crossed if crossed is not None else first
            first -= 2
        else:
            break
    if crossed is not None and follows and len(wider) <= len(tail):
        while first > 0 and words[first - 1].tag in ("R", "V"):
            first -= 1
        if not tail[: words[first].start].strip():
            first = crossed  # the phrase before the "và" opens right after the other count
    phrase = tail[words[first].start :]
    return phrase if len(phrase.split()) >= 3 else fallback


def _passive_predicate(
    text: str, c: _Count, found: list[_Count], clause: tuple[int, int]
) -> str | None:
    """The role the verbs of a passive after count `c` give it ("được" + agent + verbs, the
    verbs listed with commas up to the next count), read from their tags; None when no verb
    of the lexicon follows "được"."""
    nxt = [o.start for o in found if o.start > c.start]
    stop = min([clause[1], *nxt, c.unit_end + 80])
    after = text[c.unit_end : stop]
    passive = re.match(r"\s*(?:đã\s+|đều\s+)?được(?!\w)", after, re.I)
    if not passive:
        return None
    for w in tag(after[passive.end() :]):
        if w.tag == "M" or w.text in (";", "."):
            break
        if w.tag == "V":
            role = _cue(f"đã được {w.text}")
            if role not in (None, "other", "done"):
                return role
    return None


def _marked_verbs_before(before: str) -> str | None:
    """The role the verbs between a marker of a done thing ("đã", "được") and the count give
    it, read from their tags, nearest first: "đã được UBND tỉnh chỉ đạo giải quyết" →
    completed; None when no verb of the lexicon follows the marker."""
    markers = [m.end() for m in re.finditer(r"(?i:(?<!\w)(?:đã|được)(?!\w))", before)]
    if not markers or len(before) - markers[-1] > 60:
        return None
    for w in reversed(tag(before[markers[-1] :])):
        if w.tag == "V":
            role = _cue(f"đã được {w.text}")
            if role not in (None, "other", "done"):
                return role
    return None


def _last_boundary(text: str) -> int:
    last = 0
    for m in _BOUNDARY.finditer(text):
        last = m.end()
    return last


def _cue(window: str, skip: str | None = None) -> str | None:
    for role, cue in _CUES:
        if role != skip and cue.search(window):
            return role
    return None


def _part_end(text: str, pos: int, stop: int, found: list[_Count], c: _Count) -> int:
    nxt = [o.start for o in found if o.start > c.start]
    stop = min([stop, *nxt])
    m = _BOUNDARY.search(text, pos, stop)
    return m.start() if m else stop


def _part_start(text: str, pos: int, start: int, found: list[_Count], c: _Count) -> int:
    prev = [o.unit_end for o in found if o.start < c.start and o.unit_end <= pos]
    start = max([start, *prev])
    last = start
    for m in _BOUNDARY.finditer(text, start, pos):
        if m.group() == ":" and not text[m.end() : pos].strip():
            continue  # "Tổng số đơn tiếp nhận: 312 đơn": the label is this count's own
        # a word that opens a part belongs to it: "gồm 02 chuyên đề", "còn 3 đang xác minh"
        last = m.start() if m.group()[0].isalpha() else m.end()
    return last


def _kind(unit: str, role: str, after: str = "") -> str:
    """What was counted: an event (activity), a work item (task), or a target or result
    (indicator). A part takes the kind of its whole; supervision visits counted against a
    programme (done, not done) are tasks, held ones activities; opinions voiced at a session
    are activities."""
    words = [w.text.lower() for w in tag(unit)]
    if len(words) > 1 and (words[0] == "nhóm" or words[0] in _COPIES):
        words = words[1:]  # "nhóm chỉ tiêu", "bộ hồ sơ": a group or a set of what it names
    head = " ".join(words)
    if _VOICED.search(f"{head} {after}"):
        return "activity"

    ends = {len(" ".join(words[: i + 1])) for i in range(len(words))}

    def starts(heads: tuple[str, ...]) -> bool:
        # on a word boundary: "đơn" is not the head of "đơn vị"
        return any(head.startswith(h) and len(h) in ends for h in heads)

    if re.match(r"lượt\s+(?:hành\s+)?khách", head):
        return "indicator"  # visitors to the territory: a result, not what a body did
    if (
        words[0] == "lượt"
        and role != "other"
        and any(head.removeprefix("lượt ").startswith(h) for h in _TASK_HEADS)
    ):
        return "task"  # "chuyển 84 lượt ý kiến, kiến nghị", "tiếp thu 187 lượt ý kiến": handled
    if starts(_ACTIVITY_HEADS):
        if re.search(r"giám\s+sát|khảo\s+sát", head) and role not in ("other", "total", "new"):
            return "task"
        return "activity"
    if starts(_TASK_HEADS):
        return "task"
    return "indicator"


def _period(
    text: str, dates: list[Found], clause: tuple[int, int], count: tuple[int, int]
) -> str | None:
    """The month, quarter, year or range the clause of a count states ("Tính đến hết tháng
    11-2019, có 248/273 …" → "2019-11"); not a day, a term, a comparison ("so với năm 2018") or
    an aside in brackets opened after the count."""
    for d in dates:
        if not (clause[0] <= d.start < clause[1]):
            continue
        if d.start > count[1] and _bracket_open(text, count[1], d.start):
            continue
        if d.precision in ("day", "term"):
            continue
        if _PERIOD_EXCLUDED.search(text, max(0, d.start - 25), d.start):
            continue
        return f"{d.value}/{d.end_value}" if d.end_value else d.value
    return None
