"""The rules of transfers and temporary attendance as dated data (see dangvu.core.rules).

One version per text: Quy định 24-QĐ/TW (2021) on implementing the Statute and the
Central Organisation Board's guidance under it, then Quy định 294-QĐ/TW (2025), which
replaced it; for dues, Quy định 01-QĐ/TW (2026) on party dues. A figure the texts' wording
could not be checked against says so in its source.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.core.rules import register_rule

QD24 = "Quy định số 24-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng"
QD294 = (
    "Quy định số 294-QĐ/TW ngày 26/5/2025 của Ban Chấp hành Trung ương về thi hành Điều lệ "
    "Đảng (hiệu lực từ ngày 01/7/2025)"
)
QD01 = (
    "Quy định số 01-QĐ/TW ngày 03/02/2026 của Bộ Chính trị về chế độ đảng phí (có hiệu lực "
    "từ ngày 01/02/2026)"
)
UNCHECKED = "chưa đối chiếu được nguyên văn"

# Before Quy định 24-QĐ/TW the same figures were applied under the earlier implementing
# rules; a record of those years (a transfer of 2019) still gets its deadline.
PARTY_FOUNDED = dt.date(1930, 2, 3)
EARLIER = (
    "Điều lệ Đảng và các quy định, hướng dẫn thi hành Điều lệ trước Quy định 24-QĐ/TW "
    "(Quy định 29-QĐ/TW ngày 25/7/2016 và trước đó)"
)
START_QD24 = dt.date(2021, 7, 30)
START_QD294 = dt.date(2025, 7, 1)
START_QD01 = dt.date(2026, 2, 1)


def _days_errors(value: Any) -> list[str]:
    days = value.get("working_days") if isinstance(value, dict) else None
    if isinstance(days, int) and not 1 <= days <= 120:
        return ["«working_days» phải là số ngày làm việc từ 1 đến 120."]
    return []


register_rule(
    "transit.arrival_working_days",
    "Chuyển sinh hoạt đảng chính thức: thời hạn đảng viên xuất trình giấy giới thiệu tại nơi "
    "đến (ngày làm việc kể từ ngày ký giấy giới thiệu)",
    (
        PARTY_FOUNDED,
        {"working_days": 30},
        f"{EARLIER}: 30 ngày làm việc ({UNCHECKED}).",
    ),
    (
        START_QD24,
        {"working_days": 30},
        f"{QD24}, điểm 7 (chuyển sinh hoạt đảng): trong 30 ngày làm việc kể từ ngày cấp ủy "
        f"giới thiệu chuyển sinh hoạt đảng, đảng viên phải xuất trình giấy giới thiệu với "
        f"tổ chức đảng nơi đến ({UNCHECKED}).",
    ),
    (
        START_QD294,
        {"working_days": 30},
        f"{QD294}, điểm 7: giữ thời hạn 30 ngày làm việc ({UNCHECKED}).",
    ),
    use=(
        "Danh sách đảng viên đã chuyển đi chưa có xác nhận đến nơi mới và danh sách đảng "
        "viên được thông báo chuyển đến chưa đến: hạn là ngày của giấy giới thiệu cộng số "
        "ngày làm việc này (bỏ thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ bù, theo quy "
        "định `core.declared_days`); quá hạn được xếp lên đầu. Cũng là hạn của gói hồ sơ "
        "chuyển sinh hoạt giữa các hệ thống (mục `expires_at`, tính theo phiên bản có hiệu "
        "lực vào ngày của giấy giới thiệu): nơi đến không ghi tiếp nhận bằng gói mà ngày "
        "tiếp nhận đã quá hạn."
    ),
    check=_days_errors,
)


def _period_errors(value: Any) -> list[str]:
    if not isinstance(value, dict):
        return []
    errors: list[str] = []
    low, high, study = value.get("min_months"), value.get("below_months"), value.get("study_months")
    if all(isinstance(v, int) for v in (low, high, study)):
        if not 0 < low < high:
            errors.append("«min_months» phải lớn hơn 0 và nhỏ hơn «below_months».")
        if study < low:
            errors.append("«study_months» không được nhỏ hơn «min_months».")
    return errors


register_rule(
    "transit.temporary_period",
    "Sinh hoạt đảng tạm thời: thời gian được giới thiệu sinh hoạt tạm thời (tháng)",
    (
        PARTY_FOUNDED,
        {"min_months": 3, "below_months": 12, "study_months": 24},
        f"{EARLIER}: các thời hạn như trên ({UNCHECKED}).",
    ),
    (
        START_QD24,
        {"min_months": 3, "below_months": 12, "study_months": 24},
        f"{QD24}, điểm 8 (sinh hoạt đảng tạm thời): đảng viên đến làm việc, cư trú ở nơi "
        "khác từ 3 tháng đến dưới 1 năm thì sinh hoạt đảng tạm thời; đi học từ 3 tháng đến "
        f"2 năm cũng giới thiệu sinh hoạt đảng tạm thời ({UNCHECKED}).",
    ),
    (
        START_QD294,
        {"min_months": 3, "below_months": 12, "study_months": 24},
        f"{QD294}, điểm 8: giữ các thời hạn trên ({UNCHECKED}).",
    ),
    use=(
        "Khi ghi đảng viên nơi khác đến sinh hoạt tạm thời: thời gian từ ngày bắt đầu đến "
        "ngày kết thúc dự kiến phải từ «min_months» tháng đến dưới «below_months» tháng; "
        "người đi học được đến hết «study_months» tháng. Ngoài khoảng đó bản ghi bị từ chối "
        "và nêu khoảng được phép (ngoài khoảng này là chuyển sinh hoạt chính thức)."
    ),
    check=_period_errors,
)

register_rule(
    "transit.temporary_dues_here",
    "Đảng viên nơi khác đến sinh hoạt tạm thời: đóng đảng phí tại chi bộ nơi sinh hoạt tạm thời",
    (
        PARTY_FOUNDED,
        {"pays_here": True},
        f"{EARLIER}: đảng viên sinh hoạt tạm thời đóng đảng phí ở nơi sinh hoạt tạm thời "
        f"({UNCHECKED}).",
    ),
    (
        START_QD24,
        {"pays_here": True},
        f"{QD24}, điểm 8: đảng viên sinh hoạt đảng tạm thời đóng đảng phí ở tổ chức đảng nơi "
        f"sinh hoạt tạm thời ({UNCHECKED}).",
    ),
    (
        START_QD01,
        {"pays_here": True},
        f"{QD01}: giả định giữ nguyên việc đảng viên sinh hoạt tạm thời đóng đảng phí tại "
        f"chi bộ nơi sinh hoạt tạm thời; kho mã nguồn không có nguyên văn điều khoản này "
        f"({UNCHECKED}).",
    ),
    use=(
        "Giá trị mặc định của ô «đóng đảng phí tại chi bộ nơi đến» khi ghi đảng viên nơi "
        "khác đến sinh hoạt tạm thời, theo ngày bắt đầu; người ghi sửa được theo giấy giới "
        "thiệu. Đảng phí của họ không bao giờ được cộng vào số thu của đảng viên chi bộ."
    ),
)
