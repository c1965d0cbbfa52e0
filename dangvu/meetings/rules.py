"""The rules of cell meetings as dated data (see dangvu.core.rules).

How often a cell meets (a regular meeting every month, a thematic one at least every
quarter), what the guidance in force counts as a meeting of quality (the attendance rate,
no member absent without reason), when a member's unexcused absences bring the Statute's
consideration of removal from the rolls, and which superior committee member's presence
the quality table counts. One version per text: the Statute (2011) and its implementing
rules (Quy định 24-QĐ/TW, 2021; Quy định 294-QĐ/TW, 2025), the Central Organisation
Board's guidance 09-HD/BTCTW (2012) and 12-HD/BTCTW (2018), and the Secretariat's
Chỉ thị 50-CT/TW (2025). A figure the texts' wording could not be checked against says so
in its source.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.core.rules import register_rule

STATUTE = "Điều lệ Đảng (Đại hội XI thông qua ngày 19/01/2011)"
HD09 = (
    "Hướng dẫn số 09-HD/BTCTW ngày 02/3/2012 của Ban Tổ chức Trung ương về một số vấn đề "
    "cụ thể nâng cao chất lượng sinh hoạt chi bộ"
)
HD12 = (
    "Hướng dẫn số 12-HD/BTCTW ngày 06/7/2018 của Ban Tổ chức Trung ương về một số vấn đề "
    "nâng cao chất lượng sinh hoạt chi bộ (thay Hướng dẫn 09-HD/BTCTW)"
)
CT50 = (
    "Chỉ thị số 50-CT/TW ngày 23/7/2025 của Ban Bí thư về tiếp tục đổi mới và nâng cao "
    "chất lượng sinh hoạt chi bộ trong giai đoạn mới"
)
QD24 = "Quy định số 24-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng"
QD294 = (
    "Quy định số 294-QĐ/TW ngày 26/5/2025 của Ban Chấp hành Trung ương về thi hành Điều lệ "
    "Đảng (hiệu lực từ ngày 01/7/2025)"
)
UNCHECKED = "chưa đối chiếu được nguyên văn"

START_STATUTE = dt.date(2011, 1, 19)
START_HD09 = dt.date(2012, 3, 2)
START_HD12 = dt.date(2018, 7, 6)
START_QD24 = dt.date(2021, 7, 30)
START_QD294 = dt.date(2025, 7, 1)
START_CT50 = dt.date(2025, 7, 23)

KINDS = ("REGULAR", "THEMATIC", "EXTRAORDINARY")


def _schedule_errors(value: Any) -> list[str]:
    errors: list[str] = []
    for key in ("regular_per_month", "thematic_per_quarter"):
        n = value.get(key)
        if isinstance(n, int) and not 0 <= n <= 10:
            errors.append(f"«{key}» phải là số buổi từ 0 đến 10.")
    for kind in value.get("monthly_kinds", []):
        if kind not in KINDS:
            errors.append(
                f"«{kind}» (monthly_kinds) không phải hình thức sinh hoạt; hãy dùng một trong: "
                f"{', '.join(KINDS)}."
            )
    return errors


SCHEDULE = {
    "regular_per_month": 1,
    "thematic_per_quarter": 1,
    "monthly_kinds": ["REGULAR", "THEMATIC"],
}

register_rule(
    "meetings.schedule",
    "Sinh hoạt chi bộ: sinh hoạt thường kỳ hằng tháng và sinh hoạt chuyên đề hằng quý",
    (
        START_STATUTE,
        SCHEDULE | {"thematic_per_quarter": 0},
        f"{STATUTE}, Điều 24: chi bộ sinh hoạt thường kỳ mỗi tháng một lần ({UNCHECKED}); "
        "sinh hoạt chuyên đề chưa có số buổi tối thiểu.",
    ),
    (
        START_HD09,
        SCHEDULE,
        f"{HD09}: chi bộ sinh hoạt thường kỳ mỗi tháng một lần, sinh hoạt chuyên đề ít nhất "
        f"mỗi quý một lần ({UNCHECKED}).",
    ),
    (
        START_HD12,
        SCHEDULE,
        f"{HD12}: sinh hoạt thường kỳ mỗi tháng một kỳ, sinh hoạt chuyên đề ít nhất mỗi quý "
        "một kỳ (đối chiếu qua bản trích dẫn); buổi sinh hoạt chuyên đề tổ chức trong tháng "
        f"được tính là chi bộ đã sinh hoạt tháng đó ({UNCHECKED}).",
    ),
    (
        START_CT50,
        SCHEDULE,
        f"{CT50}: giữ sinh hoạt thường kỳ hằng tháng và sinh hoạt chuyên đề hằng quý; chưa "
        f"tìm thấy hướng dẫn mới của Ban Tổ chức Trung ương thay Hướng dẫn 12-HD/BTCTW "
        f"({UNCHECKED}).",
    ),
    use="Bảng chất lượng sinh hoạt và danh sách «chưa sinh hoạt» coi một chi bộ (chi bộ "
    "trực thuộc, chi bộ cơ sở) đã sinh hoạt một tháng khi có ít nhất «regular_per_month» "
    "buổi (còn hiệu lực) thuộc các hình thức «monthly_kinds» trong tháng; một quý đạt khi có "
    "ít nhất «thematic_per_quarter» buổi sinh hoạt chuyên đề (0: không đòi hỏi). Dùng phiên "
    "bản có hiệu lực vào ngày cuối tháng (cuối quý).",
    check=_schedule_errors,
)


def _quality_errors(value: Any) -> list[str]:
    errors: list[str] = []
    rate = value.get("attendance_percent_above")
    if isinstance(rate, int | float) and not 0 <= rate <= 100:
        errors.append("«attendance_percent_above» phải là một số từ 0 đến 100 (phần trăm).")
    for key in ("unexcused_allowed", "excused_in_a_row_max"):
        n = value.get(key)
        if isinstance(n, int) and not 0 <= n <= 12:
            errors.append(f"«{key}» phải là số từ 0 đến 12.")
    return errors


QUALITY = {"attendance_percent_above": 85, "unexcused_allowed": 0, "excused_in_a_row_max": 3}

register_rule(
    "meetings.quality",
    "Sinh hoạt chi bộ: tỷ lệ đảng viên dự của một buổi sinh hoạt đạt chất lượng",
    (
        START_HD09,
        QUALITY,
        f"{HD09}: tiêu chí về tỷ lệ đảng viên dự sinh hoạt ({UNCHECKED}; giữ như Hướng dẫn "
        "12-HD/BTCTW).",
    ),
    (
        START_HD12,
        QUALITY,
        f"{HD12}, tiêu chí khung đánh giá buổi sinh hoạt thường kỳ: tỷ lệ đảng viên dự sinh "
        "hoạt đạt trên 85% và không có đảng viên vắng mặt không có lý do hoặc vắng mặt có lý do "
        "quá 03 lần liên tiếp trong năm, trừ đảng viên được miễn công tác, sinh hoạt đảng và "
        "đảng viên trong lực lượng vũ trang làm nhiệm vụ đặc biệt (đối chiếu qua bản trích dẫn).",
    ),
    (
        START_CT50,
        QUALITY,
        f"{CT50}: giữ tiêu chí của Hướng dẫn 12-HD/BTCTW cho đến khi có hướng dẫn mới "
        f"({UNCHECKED}).",
    ),
    use="Tỷ lệ dự của một buổi = số có mặt / số đảng viên phải dự (không tính đảng viên được "
    "miễn sinh hoạt, đảng viên sinh hoạt tạm thời nơi khác, đảng viên nơi khác đến sinh hoạt "
    "tạm thời). Bảng chất lượng sinh hoạt đếm các buổi có tỷ lệ dự vượt "
    "«attendance_percent_above» phần trăm và số vắng không lý do không quá «unexcused_allowed»; "
    "tỷ lệ dự bình quân của một cấp là tổng số có mặt / tổng số phải dự của các buổi.",
    check=_quality_errors,
)


def _removal_errors(value: Any) -> list[str]:
    errors: list[str] = []
    months, window = value.get("months"), value.get("window_months")
    if isinstance(months, int) and not 1 <= months <= 12:
        errors.append("«months» phải là số tháng từ 1 đến 12.")
    if isinstance(window, int) and not 1 <= window <= 24:
        errors.append("«window_months» phải là số tháng từ 1 đến 24.")
    if isinstance(months, int) and isinstance(window, int) and months > window:
        errors.append("«months» không được lớn hơn «window_months».")
    near = value.get("near")
    if isinstance(near, int) and isinstance(months, int) and not 0 < near <= months:
        errors.append("«near» phải từ 1 đến «months».")
    return errors


REMOVAL = {"months": 3, "window_months": 12, "near": 2}

register_rule(
    "meetings.removal",
    "Sinh hoạt chi bộ: bỏ sinh hoạt đảng không có lý do chính đáng (xem xét xóa tên)",
    (
        START_STATUTE,
        REMOVAL,
        f"{STATUTE}, Điều 8, khoản 2: đảng viên bỏ sinh hoạt đảng hoặc không đóng đảng phí ba "
        "tháng trong năm mà không có lý do chính đáng thì chi bộ xem xét, đề nghị lên cấp có "
        f"thẩm quyền xóa tên trong danh sách đảng viên ({UNCHECKED}).",
    ),
    (
        START_QD24,
        REMOVAL,
        f"{QD24}, điểm 8.1: chi bộ xem xét, đề nghị cấp ủy có thẩm quyền quyết định xóa tên "
        "đảng viên bỏ sinh hoạt đảng hoặc không đóng đảng phí 3 tháng trong năm mà không có "
        "lý do chính đáng (đối chiếu qua bản trích dẫn).",
    ),
    (
        START_QD294,
        REMOVAL,
        f"{QD294}: giữ trường hợp xóa tên đảng viên bỏ sinh hoạt đảng 3 tháng trong năm không "
        f"có lý do chính đáng ({UNCHECKED}).",
    ),
    use="Danh sách đảng viên vắng sinh hoạt không lý do đếm, cho mỗi đảng viên, số tháng khác "
    "nhau có buổi sinh hoạt (còn hiệu lực) mà đảng viên vắng không lý do, trong "
    "«window_months» tháng tính đến tháng đang xem («trong năm» được hiểu là trong 12 tháng "
    "liền). Từ «months» tháng: đề nghị chi bộ xem xét xóa tên theo Điều lệ Đảng; từ «near» "
    "tháng: nhắc chi bộ gặp gỡ, giáo dục trước khi đến ngưỡng.",
    check=_removal_errors,
)


register_rule(
    "meetings.superior",
    "Sinh hoạt chi bộ: cấp ủy viên cấp trên dự sinh hoạt chi bộ",
    (
        START_STATUTE,
        {"assigned_only": False},
        f"{STATUTE} và các quy định thi hành: cấp ủy viên cấp trên được phân công dự sinh hoạt "
        f"với chi bộ ({UNCHECKED}).",
    ),
    (
        START_HD12,
        {"assigned_only": False},
        f"{HD12}: cấp ủy cấp trên phân công cấp ủy viên dự sinh hoạt chi bộ để theo dõi, "
        f"hướng dẫn, đánh giá chất lượng sinh hoạt ({UNCHECKED}).",
    ),
    (
        START_CT50,
        {"assigned_only": False},
        f"{CT50}: cấp ủy viên cấp trên dự sinh hoạt định kỳ với chi bộ được phân công "
        f"({UNCHECKED}).",
    ),
    use="Bảng chất lượng sinh hoạt đếm các buổi có cấp ủy viên cấp trên dự và, riêng, các "
    "buổi có chính cấp ủy viên được phân công dự (phân công dự sinh hoạt chi bộ còn hiệu lực "
    "vào ngày sinh hoạt). Khi «assigned_only» là true, cột «cấp trên dự» chỉ đếm các buổi "
    "có chính người được phân công.",
)
