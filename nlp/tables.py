"""Table rows in a document's text: found so that facts read from sentences skip them.

Extractors flatten tables to lines of text (a PDF's or a scan's columns side by side, a Word
table's cells between "|"). Read as sentences, a table's header ("STT Chỉ tiêu Đơn vị tính năm
2018 KH (%) Ghi chú", 17_krongno_ubnd_TB237-2019) and its rows ("Nhựa hoá đường huyện km 12 12
12 100") look like counts of work items with nonsense units ("i00", "l7"). `mask_tables` blanks
those lines, keeping every other character where it was, so offsets into the text still hold.
"""

from __future__ import annotations

import re

# Three numbers in a row with only spaces or cell borders between them: columns, not prose
# (prose separates numbers by words or commas: "các Điều 1, 2, 3"). A cell may hold a bound or
# a range: "≤300 200–280 40–56".
_FIGURE = r"\d(?:[\d.,]*\d)?"
_NUMBER = rf"[≤≥<>]?\(?{_FIGURE}(?:[–-]{_FIGURE})?%?\)?"
_NUMBER_RUN = re.compile(rf"(?<![\w,.]){_NUMBER}(?:[ \t|]+{_NUMBER}){{2,}}(?![\w])")
# A header row: the row-number column and a column title beside it.
_HEADER = re.compile(
    r"(?<!\w)S?TT(?!\w).{0,80}?(?:Chỉ tiêu|Đơn vị|Nội dung|Tên|Ghi chú|Số lượng|Thành tiền|"
    r"Hạng mục|NHÓM|NỘI DUNG|CHỈ TIÊU|ĐƠN VỊ|TÊN)",
)


def is_table_row(line: str) -> bool:
    """Whether a line of text is a table's header or one of its rows of figures."""
    return bool(_NUMBER_RUN.search(line) or _HEADER.search(line))


def mask_tables(text: str) -> str:
    """`text` with every table line blanked (spaces, same length, newlines kept)."""
    return "\n".join(" " * len(line) if is_table_row(line) else line for line in text.split("\n"))
