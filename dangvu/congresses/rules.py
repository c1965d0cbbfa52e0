"""Dated rules of party congresses (see dangvu.core.rules): how long a term runs by the
kind of organisation, and how far a congress may be moved from its due day.

The term of a cell under a grassroots committee is two and a half years (two congresses in
five years, Statute Article 24.3). Quy định 294-QĐ/TW pilots one cell congress per five
years: the shipped versions keep the Statute's 30 months, and an installation that takes
part in the pilot adds an administrator's version of "congresses.term_months" from the
day it applies, with the value `TERM_MONTHS_CELL_PILOT` (the cells at 60 months) and the
text that admits it (docs/rules.md shows both).
"""

from __future__ import annotations

import datetime as dt

from dangvu.core.rules import register_rule
from dangvu.orgs.kinds import OrgKind

D0 = dt.date(1930, 2, 3)
QD294 = dt.date(2025, 7, 1)  # Quy định 294-QĐ/TW ngày 26/5/2025, hiệu lực từ 01/7/2025

STATUTE = (
    "Điều lệ Đảng (khóa XI, 2011): đại hội đảng bộ, chi bộ cơ sở và cấp trên năm năm một "
    "lần; Điều 24, khoản 3: «Đại hội chi bộ do chi ủy triệu tập năm năm hai lần» (theo bản "
    "trích dẫn của Báo điện tử Đảng Cộng sản Việt Nam; đảng bộ bộ phận như chi bộ trực thuộc: "
    "chưa đối chiếu được nguyên văn)"
)

TERM_MONTHS = {
    OrgKind.BLOC.value: 60,
    OrgKind.GRASSROOTS_COMMITTEE.value: 60,
    OrgKind.GRASSROOTS_CELL.value: 60,
    OrgKind.SUB_COMMITTEE.value: 30,
    OrgKind.CELL.value: 30,
}
# The pilot of Quy định 294-QĐ/TW: one congress per five years for the cells under a
# grassroots committee, where the competent committee chooses to apply it.
TERM_MONTHS_CELL_PILOT = TERM_MONTHS | {
    OrgKind.SUB_COMMITTEE.value: 60,
    OrgKind.CELL.value: 60,
}


def _check_months(value: dict[str, int]) -> list[str]:
    errors = []
    for kind, months in value.items():
        if kind not in OrgKind.values or kind == OrgKind.GROUP:
            errors.append(f"«{kind}» không phải là loại tổ chức đảng có đại hội.")
        elif not 12 <= months <= 72:
            errors.append(f"Nhiệm kỳ của {OrgKind(kind).label} phải từ 12 đến 72 tháng.")
    return errors


register_rule(
    "congresses.term_months",
    "Độ dài nhiệm kỳ đại hội theo loại tổ chức đảng (tháng)",
    (D0, TERM_MONTHS, STATUTE),
    (
        QD294,
        TERM_MONTHS,
        "Quy định 294-QĐ/TW ngày 26/5/2025 thi hành Điều lệ Đảng (hiệu lực từ 01/7/2025): "
        "giữ nhiệm kỳ theo Điều lệ; thí điểm đại hội chi bộ trực thuộc đảng ủy cơ sở năm năm "
        "một lần ở nơi được cấp có thẩm quyền cho phép (chưa đối chiếu được nguyên văn). Nơi "
        "thực hiện thí điểm, quản trị viên ghi phiên bản từ ngày áp dụng với chi bộ trực "
        "thuộc và đảng bộ bộ phận là 60 tháng",
    ),
    use=(
        "Hạn tổ chức đại hội nhiệm kỳ sau của một nhiệm kỳ là ngày bắt đầu nhiệm kỳ cộng số "
        "tháng của loại tổ chức đảng vào ngày đó (theo quy định có hiệu lực ngày ấy); danh "
        "sách nhiệm kỳ sắp hết, quá hạn đọc hạn này. Nơi thí điểm đại hội chi bộ năm năm một "
        "lần (Quy định 294-QĐ/TW), ghi phiên bản mới: "
        '{"BLOC": 60, "GRASSROOTS_COMMITTEE": 60, "GRASSROOTS_CELL": 60, '
        '"SUB_COMMITTEE": 60, "CELL": 60}.'
    ),
    check=_check_months,
)

register_rule(
    "congresses.allowed_delay_months",
    "Số tháng đại hội được triệu tập sớm hoặc muộn hơn hạn (khi cấp trên đồng ý)",
    (
        D0,
        6,
        "Điều lệ Đảng (khóa XI, 2011), Điều 24, khoản 3: «Khi được đảng ủy cơ sở đồng ý có "
        "thể triệu tập sớm hoặc muộn hơn, nhưng không quá sáu tháng» (theo bản trích dẫn của "
        "Báo điện tử Đảng Cộng sản Việt Nam)",
    ),
    use=(
        "Một nhiệm kỳ chỉ được coi là quá hạn khi đã qua hạn tổ chức đại hội cộng số tháng "
        "này; khi lập kế hoạch đại hội thường lệ xa hạn hơn số tháng này, Đảng vụ nhắc cần có "
        "văn bản đồng ý của cấp trên."
    ),
)
