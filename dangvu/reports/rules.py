"""Rule defaults of the reports (see dangvu.core.rules)."""

from __future__ import annotations

import datetime as dt

from dangvu.core.rules import register_rule, rule

PROPAGANDA_MOBILISATION = "reports.propaganda_mobilisation_section"

# In 2025 the propaganda board and the mass mobilisation board of each committee were
# merged into one board, "Ban Tuyên giáo và Dân vận"; a report for a year from then on
# writes their work in one section. The value is that section's heading; "" (before the
# merger) keeps the two sections "Công tác tuyên giáo" and "Công tác dân vận".
register_rule(
    PROPAGANDA_MOBILISATION,
    "Báo cáo năm: công tác tuyên giáo và công tác dân vận viết chung một phần",
    (
        dt.date(1930, 2, 3),
        "",
        "Trước khi hợp nhất, Ban Tuyên giáo và Ban Dân vận là hai ban tham mưu riêng của "
        "cấp ủy: báo cáo có hai phần «Công tác tuyên giáo» và «Công tác dân vận».",
    ),
    (
        dt.date(2025, 2, 3),
        "Công tác tuyên giáo và dân vận",
        "Kết luận số 121-KL/TW ngày 24/01/2025 của Ban Chấp hành Trung ương Đảng khóa XIII "
        "về tổng kết Nghị quyết số 18-NQ/TW ngày 25/10/2017; quyết định của Bộ Chính trị "
        "hợp nhất Ban Tuyên giáo Trung ương và Ban Dân vận Trung ương thành Ban Tuyên giáo "
        "và Dân vận Trung ương, công bố ngày 03/02/2025; các tỉnh ủy, thành ủy hợp nhất "
        "ban tuyên giáo và ban dân vận của mình theo đó (chưa đối chiếu được nguyên văn).",
    ),
    use="Báo cáo năm của một năm kết thúc từ ngày hợp nhất trở đi viết công tác tuyên giáo "
    "và công tác dân vận trong một phần, với tiêu đề là giá trị của quy định; năm trước đó "
    "giữ hai phần riêng.",
)


def merged_section_heading(on: dt.date) -> str:
    """The heading of the one section for propaganda and mass mobilisation on `on`, or ""
    while the two boards are separate."""
    return str(rule(PROPAGANDA_MOBILISATION, on) or "")
