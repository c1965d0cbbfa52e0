"""The rates of party dues and the shares each level keeps, as dated rule data
(see dangvu.core.rules). Amounts are strings of whole đồng and percentages strings of
percent, so that an administrator's version is read as `Decimal`, never a float."""

from __future__ import annotations

import datetime as dt

from dangvu.core.rules import register_rule

QD342 = "Quy định số 342-QĐ/TW ngày 28/12/2010 của Bộ Chính trị về chế độ đảng phí"
START_342 = dt.date(2011, 1, 1)

register_rule(
    "dues.percent",
    "Đảng phí: tỷ lệ phần trăm trên thu nhập hằng tháng, theo đối tượng",
    (
        START_342,
        {"STATE": "1", "ARMED": "1", "PENSION": "0.5", "ENTERPRISE": "1", "ABROAD": "1"},
        f"{QD342}, Điều 2 (mức đóng)",
    ),
    use="Số phải đóng hằng tháng của đảng viên hưởng lương, phụ cấp (ngân sách nhà nước, "
    "lực lượng vũ trang, doanh nghiệp) và hưởng lương hưu: thu nhập ghi trong căn cứ đóng "
    "đảng phí nhân tỷ lệ của tháng đó, làm tròn đến đồng (văn bản không nói cách làm tròn; "
    "Đảng vụ làm tròn nửa lên).",
)

register_rule(
    "dues.fixed",
    "Đảng phí: mức đóng cố định hằng tháng (đồng), theo đối tượng và địa bàn",
    (
        START_342,
        {
            "OTHER": {"URBAN": "5000", "RURAL": "3000"},
            "STUDENT": {"URBAN": "3000", "RURAL": "3000"},
            "ABROAD": {"URBAN": "50000", "RURAL": "50000"},
        },
        f"{QD342}, Điều 2 (mức đóng)",
    ),
    use="Số phải đóng hằng tháng của đảng viên không hưởng lương: nông dân, lao động tự do, "
    "học sinh, sinh viên, theo địa bàn ghi trong căn cứ; đảng viên ở ngoài nước đóng mức "
    "này hoặc tỷ lệ trên thu nhập nếu lớn hơn.",
)

register_rule(
    "dues.retention",
    "Đảng phí: tỷ lệ (%) tổ chức đảng được trích giữ lại của số thu, theo cấp",
    (
        START_342,
        {
            "CELL": "30",
            "SUB_COMMITTEE": "0",
            "GROUP": "0",
            "GRASSROOTS": {"COMMUNE": "90", "AGENCY": "70", "ENTERPRISE": "60", "ARMED": "70"},
            "BLOC": "50",
        },
        f"{QD342}, Điều 3 (quản lý, sử dụng đảng phí)",
    ),
    use="Phần chi bộ trực thuộc, tổ chức cơ sở đảng (theo loại đơn vị) và đảng bộ cấp trên "
    "cơ sở được giữ lại của số thu hoặc số nhận từ cấp dưới; phần còn lại nộp lên cấp trên. "
    "Số giữ lại làm tròn đến đồng, phần nộp lên là số còn lại, nên hai số cộng lại đúng "
    "bằng số thu.",
)
