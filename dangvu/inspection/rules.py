"""Rule defaults of inspection and discipline work (see dangvu.core.rules).

Each value has its source; the ones marked unconfirmed are defaults that an administrator
changes from a date on by adding a rule version.
"""

from __future__ import annotations

import datetime as dt

from dangvu.core.rules import register_rule

D0 = dt.date(1930, 2, 3)
DISCIPLINE = "Quy định 69-QĐ/TW, 22-QĐ/TW; Quy định 296-QĐ/TW (chưa xác nhận)"
COMPLAINTS = "Quy định 22-QĐ/TW (chưa xác nhận; mặc định, quản trị viên có thể thay đổi)"

# Years from the violation to the decision after which this form may no longer be applied;
# null: no limitation (expulsion of a member, dissolution of an organisation).
register_rule(
    "discipline.limitation_years.members",
    "Thời hiệu xử lý kỷ luật đảng viên (năm), theo hình thức",
    (D0, {"REPRIMAND": 5, "WARNING": 10, "DISMISSAL": 10, "EXPULSION": None}, DISCIPLINE),
)
register_rule(
    "discipline.limitation_years.organisations",
    "Thời hiệu xử lý kỷ luật tổ chức đảng (năm), theo hình thức",
    (D0, {"REPRIMAND": 5, "WARNING": 10, "DISSOLUTION": None}, DISCIPLINE),
)
# Calendar days from receipt within which a complaint or denunciation is to be settled.
register_rule(
    "inspection.complaint_deadline_days",
    "Thời hạn giải quyết đơn (ngày, kể từ ngày nhận), theo loại đơn",
    (D0, {"COMPLAINT": 90, "DENUNCIATION": 60}, COMPLAINTS),
)
# Which body may decide which forms (Điều lệ Đảng, Điều 36–38): a cell reprimands and warns
# its members; a grassroots committee also dismisses and expels; the committee above the
# grassroots (its standing committee and inspection commission) decides every form, and
# alone disciplines organisations.
register_rule(
    "discipline.forms_by_issuing_level",
    "Hình thức kỷ luật theo cơ quan quyết định",
    (
        D0,
        {
            "members": {
                "STANDING": ["REPRIMAND", "WARNING", "DISMISSAL", "EXPULSION"],
                "COMMISSION": ["REPRIMAND", "WARNING", "DISMISSAL", "EXPULSION"],
                "GRASSROOTS": ["REPRIMAND", "WARNING", "DISMISSAL", "EXPULSION"],
                "CELL": ["REPRIMAND", "WARNING"],
            },
            "organisations": {
                "STANDING": ["REPRIMAND", "WARNING", "DISSOLUTION"],
                "COMMISSION": ["REPRIMAND", "WARNING"],
                "GRASSROOTS": ["REPRIMAND", "WARNING"],
            },
        },
        "Điều lệ Đảng, Điều 36–38; Quy định 296-QĐ/TW (chưa xác nhận)",
    ),
)
