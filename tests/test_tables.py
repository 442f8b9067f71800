"""Table headers and rows of figures are blanked before task counts are read (nlp.tables)."""

from __future__ import annotations

import pytest

from nlp.facts import extract_facts
from nlp.tables import is_table_row, mask_tables

# 17_krongno_ubnd_TB237-2019_chi-tieu-KTXH-2018_scan.pdf, as OCR read its table
HEADER = "So sánh với ¬ STT Chỉ tiêu Đơn vị tính năm 2018 kỳ họp thứ 7 hiện 2018 KH (%) Ghi chú"
ROW = "Vận động nhân dân phấn đấu BT hoá đường GTNT km 12 12 12 100"


@pytest.mark.parametrize(
    ("line", "table"),
    [
        (HEADER, True),
        (ROW, True),
        ("STT NHÓM NHIỆM VỤ SẢN PHẨM ĐẦU RA CHẤM THAM CHIẾU", True),  # 14_thanhhoa_hdnd_QD-OKR
        ("| 12 | 13 | 14 |", True),
        # 13_thanhhoa_vp-dbqh-hdnd_CV-danh-muc: cells of bounds and ranges
        ("I.A.2 văn bản thuộc thẩm ký; Hồ sơ trình; Phiếu N3 ≤300 200–280 40–56 đốc Sở", True),
        ("giai đoạn 2016-2020 và 2021-2025 với 3 dự án", False),
        ("Năm 2018 toàn huyện đạt 20/22 tiêu chí, đạt 90,9% kế hoạch", False),
        ("theo quy định tại các Điều 1, 2, 3 của Nghị quyết", False),
        ("đã hoàn thành 248/273 (bằng 90,8%) nội dung công việc", False),
    ],
)
def test_table_rows(line: str, table: bool) -> None:
    assert is_table_row(line) is table


def test_masking_keeps_offsets_and_prose() -> None:
    text = f"Kết quả:\n{HEADER}\n{ROW}\nĐã hoàn thành 12/15 nhiệm vụ."
    masked = mask_tables(text)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert "Chỉ tiêu" not in masked and masked.endswith("Đã hoàn thành 12/15 nhiệm vụ.")


def test_table_rows_are_not_task_counts() -> None:
    text = f"{HEADER}\n{ROW}\n\nĐã hoàn thành 12/15 nhiệm vụ được giao."
    counts = extract_facts(text).task_counts
    assert [(c.number, c.total) for c in counts] == [(12, 15)]
