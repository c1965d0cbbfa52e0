"""Rule defaults of member work (see dangvu.core.rules); each value has its source."""

from __future__ import annotations

import datetime as dt

from dangvu.core.rules import register_rule

STATUTE = "Điều lệ Đảng; Quy định 294-QĐ/TW; Hướng dẫn 06-HD/TW"
D0 = dt.date(1930, 2, 3)

register_rule(
    "members.admission_min_age_months", "Tuổi tối thiểu khi kết nạp (tháng)", (D0, 18 * 12, STATUTE)
)
register_rule(
    "members.admission_max_age_months", "Tuổi tối đa khi kết nạp (tháng)", (D0, 60 * 12, STATUTE)
)
register_rule("members.probation_months", "Thời gian dự bị (tháng)", (D0, 12, STATUTE))
register_rule(
    "members.ceremony_within_working_days",
    "Tổ chức lễ kết nạp trong vòng (ngày làm việc) kể từ quyết định",
    (D0, 30, STATUTE),
)
register_rule(
    "members.confirmation_within_working_days",
    "Xét chuyển chính thức trong vòng (ngày làm việc) sau khi hết dự bị",
    (D0, 30, STATUTE),
)
register_rule(
    "members.badge_milestones",
    "Mốc Huy hiệu Đảng (năm tuổi Đảng)",
    (D0, [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90], STATUTE),
)
register_rule(
    "members.badge_occasions",
    "Các dịp trao Huy hiệu Đảng (ngày, tháng)",
    (D0, [[3, 2], [19, 5], [2, 9], [7, 11]], STATUTE),
)
register_rule(
    "members.discipline_forms_by_status",
    "Hình thức kỷ luật được áp dụng theo tư cách đảng viên",
    (
        D0,
        {
            "PROBATIONARY": ["REPRIMAND", "WARNING"],
            "FULL": ["REPRIMAND", "WARNING", "DISMISSAL", "EXPULSION"],
        },
        STATUTE,
    ),
)
register_rule(
    "members.badge_deferral_months",
    "Thời gian chưa xét tặng Huy hiệu sau kỷ luật (tháng), theo hình thức",
    (D0, {"WARNING": 6, "DISMISSAL": 12, "EXPULSION": 0}, "Quy định 50-QĐ/TW (chưa xác nhận)"),
)
