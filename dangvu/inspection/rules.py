"""Rule defaults of inspection and discipline work (see dangvu.core.rules).

Each version names the text it follows; where a detail could not be checked against the
text itself, the source says so, and an administrator changes it from a date on by adding
a rule version.
"""

from __future__ import annotations

import datetime as dt

from dangvu.core.rules import register_rule

D0 = dt.date(1930, 2, 3)
Q102 = dt.date(2017, 11, 15)  # Quy định 102-QĐ/TW: the first limitation for members
Q07 = dt.date(2018, 8, 28)  # Quy định 07-QĐi/TW: the first limitation for organisations
Q69 = dt.date(2022, 7, 6)  # Quy định 69-QĐ/TW: both, replacing 102-QĐ/TW and 07-QĐi/TW
Q30 = dt.date(2016, 7, 26)  # Quy định 30-QĐ/TW on inspection, supervision and discipline
Q22 = dt.date(2021, 7, 28)  # Quy định 22-QĐ/TW, replacing 30-QĐ/TW
Q296 = dt.date(2025, 5, 30)  # Quy định 296-QĐ/TW, replacing 22-QĐ/TW

# Years from the violation to the decision after which the form its gravity calls for may
# no longer be applied; null: no limitation. Heaviest form first, as the texts list them.
register_rule(
    "discipline.limitation_years.members",
    "Thời hiệu xử lý kỷ luật đảng viên (năm), theo hình thức",
    (
        D0,
        {"EXPULSION": None, "DISMISSAL": None, "WARNING": None, "REPRIMAND": None},
        "Trước Quy định 102-QĐ/TW kỷ luật đảng viên không có thời hiệu (Quy định 181-QĐ/TW "
        "ngày 30/3/2013 không quy định thời hiệu)",
    ),
    (
        Q102,
        {"EXPULSION": None, "DISMISSAL": 10, "WARNING": 10, "REPRIMAND": 5},
        "Quy định 102-QĐ/TW ngày 15/11/2017 của Bộ Chính trị, Điều 3, khoản 1, điểm a và khoản "
        "2; Hướng dẫn 04-HD/UBKTTW ngày 22/3/2018 tính thời hiệu đến thời điểm tổ chức đảng có "
        "thẩm quyền quyết định kiểm tra, xem xét kỷ luật: ghi ngày đó vào ô ngày kết luận vi "
        "phạm (chưa đối chiếu được nguyên văn)",
    ),
    (
        Q69,
        {"EXPULSION": None, "DISMISSAL": 10, "WARNING": 10, "REPRIMAND": 5},
        "Quy định 69-QĐ/TW ngày 06/7/2022 của Bộ Chính trị, Điều 4 (thời hiệu kỷ luật đảng "
        "viên: 5 năm với khiển trách, 10 năm với cảnh cáo hoặc cách chức; tính từ thời điểm "
        "xảy ra hành vi vi phạm đến khi tổ chức đảng có thẩm quyền kết luận vi phạm đến mức "
        "phải thi hành kỷ luật, như Hướng dẫn 02-HD/TW năm 2021 thực hiện Quy định 22-QĐ/TW "
        "đã nêu; chưa đối chiếu được nguyên văn Điều 4)",
    ),
    use=(
        "Quyết định kỷ luật đảng viên (trang Kỷ luật, nhập từ Excel, biến động trên hồ sơ đảng "
        "viên và tệp nhập biến động) bị từ chối nếu từ ngày vi phạm (hoặc ngày vi phạm mới "
        "trong thời hiệu) đến ngày kết luận vi phạm đã quá số năm này; ngày kết luận vi phạm "
        "là ngày tổ chức đảng có thẩm quyền kết luận vi phạm đến mức phải thi hành kỷ luật "
        "(để trống: ngày quyết định), không sau ngày quyết định, không trước ngày vi phạm. "
        "null: không áp dụng thời hiệu. Áp dụng phiên bản có hiệu lực vào ngày quyết định."
    ),
)
register_rule(
    "discipline.limitation_years.organisations",
    "Thời hiệu xử lý kỷ luật tổ chức đảng (năm), theo hình thức",
    (
        D0,
        {"DISSOLUTION": None, "WARNING": None, "REPRIMAND": None},
        "Trước Quy định 07-QĐi/TW kỷ luật tổ chức đảng không có thời hiệu (chưa đối chiếu "
        "được nguyên văn)",
    ),
    (
        Q07,
        {"DISSOLUTION": None, "WARNING": 10, "REPRIMAND": 5},
        "Quy định 07-QĐi/TW ngày 28/8/2018 của Bộ Chính trị, Điều 5",
    ),
    (
        Q69,
        {"DISSOLUTION": None, "WARNING": 10, "REPRIMAND": 5},
        "Quy định 69-QĐ/TW ngày 06/7/2022 của Bộ Chính trị, Điều 4 (thời hiệu kỷ luật tổ "
        "chức đảng: 5 năm với khiển trách, 10 năm với cảnh cáo)",
    ),
    use=(
        "Quyết định kỷ luật tổ chức đảng bị từ chối nếu từ ngày vi phạm (hoặc ngày vi phạm mới "
        "trong thời hiệu) đến ngày kết luận vi phạm (để trống: ngày quyết định) đã quá số năm "
        "này; null: không áp dụng thời hiệu."
    ),
)
# The categories of violation to which no limitation applies, whatever the form.
register_rule(
    "discipline.limitation_exempt_categories",
    "Loại vi phạm không áp dụng thời hiệu xử lý kỷ luật",
    (
        Q102,
        {
            "members": [
                "INTERNAL_POLITICS",
                "SECURITY_DEFENCE",
                "FOREIGN_AFFAIRS",
                "ILLEGAL_DEGREE",
            ],
            "organisations": [],
        },
        "Quy định 102-QĐ/TW ngày 15/11/2017, Điều 3, khoản 2 (tổ chức đảng chưa có thời hiệu)",
    ),
    (
        Q07,
        {
            "members": [
                "INTERNAL_POLITICS",
                "SECURITY_DEFENCE",
                "FOREIGN_AFFAIRS",
                "ILLEGAL_DEGREE",
            ],
            "organisations": ["INTERNAL_POLITICS", "SECURITY_DEFENCE", "FOREIGN_AFFAIRS"],
        },
        "Quy định 07-QĐi/TW ngày 28/8/2018, Điều 5 (tổ chức đảng: chính trị nội bộ; quốc "
        "phòng, an ninh, đối ngoại xâm hại lợi ích quốc gia)",
    ),
    (
        Q69,
        {
            "members": [
                "INTERNAL_POLITICS",
                "SECURITY_DEFENCE",
                "FOREIGN_AFFAIRS",
                "ILLEGAL_DEGREE",
            ],
            "organisations": ["INTERNAL_POLITICS", "SECURITY_DEFENCE", "FOREIGN_AFFAIRS"],
        },
        "Quy định 69-QĐ/TW ngày 06/7/2022, Điều 4",
    ),
    use=(
        "Quyết định kỷ luật ghi loại vi phạm (ô «Loại vi phạm»); vi phạm thuộc một loại trong "
        "danh sách thì không bị từ chối vì hết thời hiệu, dù hình thức nào. Cũng không áp dụng "
        "thời hiệu khi cơ quan quyết định đánh giá vi phạm đến mức phải khai trừ (giải tán)."
    ),
)
# Which body may decide which forms. "delegated": forms a body may decide only where the
# committee above has delegated the power to it (recorded on the decision).
register_rule(
    "discipline.forms_by_issuing_level",
    "Hình thức kỷ luật theo cơ quan quyết định",
    (
        D0,
        {
            "members": {
                "STANDING": ["EXPULSION", "DISMISSAL", "WARNING", "REPRIMAND"],
                "COMMISSION": ["EXPULSION", "DISMISSAL", "WARNING", "REPRIMAND"],
                "GRASSROOTS": ["DISMISSAL", "WARNING", "REPRIMAND"],
                "CELL": ["WARNING", "REPRIMAND"],
            },
            "delegated": {"GRASSROOTS": ["EXPULSION"]},
            "organisations": {
                "STANDING": ["DISSOLUTION", "WARNING", "REPRIMAND"],
                "COMMISSION": ["WARNING", "REPRIMAND"],
                "GRASSROOTS": ["WARNING", "REPRIMAND"],
            },
        },
        "Điều lệ Đảng (khóa XI, 2011), Điều 36, khoản 1 (chi bộ cảnh cáo, khiển trách đảng "
        "viên trong chi bộ), khoản 2 (đảng ủy cơ sở cách chức cấp ủy viên cấp dưới, cảnh "
        "cáo, khiển trách đảng viên; đảng ủy cơ sở được ủy quyền quyết định kết nạp thì "
        "được quyết định khai trừ), khoản 3; Điều 37 (tổ chức đảng); chi bộ cơ sở không "
        "quyết định khai trừ",
    ),
    use=(
        "Trang Kỷ luật và tệp nhập quyết định kỷ luật chỉ nhận hình thức mà cơ quan quyết định "
        "có thẩm quyền: chi bộ (kể cả chi bộ cơ sở) chỉ cảnh cáo, khiển trách; đảng ủy cơ sở "
        "khai trừ chỉ khi quyết định ghi số, ngày quyết định ủy quyền của cấp ủy cấp trên "
        "(nhóm «delegated»)."
    ),
)
# Days within which a complaint about a discipline (khiếu nại) or a denunciation (tố cáo)
# is settled, by the tier of the body that settles it, counted from receipt in the unit
# the text uses ("working": working days, see core.declared_days; "calendar": days).
COMPLAINT_TIERS = {
    "CELL": "GRASSROOTS",
    "GRASSROOTS": "GRASSROOTS",
    "STANDING": "ABOVE_GRASSROOTS",
    "COMMISSION": "ABOVE_GRASSROOTS",
    "BOARD": "ABOVE_GRASSROOTS",
}
register_rule(
    "inspection.complaint_deadline_days",
    "Thời hạn giải quyết khiếu nại kỷ luật, tố cáo theo cấp giải quyết",
    (
        D0,
        {
            "unit": "working",
            "tiers": COMPLAINT_TIERS,
            "COMPLAINT": {"GRASSROOTS": 90, "ABOVE_GRASSROOTS": 90, "PROVINCE": 90, "CENTRAL": 90},
            "DENUNCIATION": {
                "GRASSROOTS": 90,
                "ABOVE_GRASSROOTS": 90,
                "PROVINCE": 90,
                "CENTRAL": 90,
            },
        },
        "Quy định 30-QĐ/TW ngày 26/7/2016 (và các quy định trước): chậm nhất 90 ngày làm việc "
        "kể từ ngày nhận đơn, ở mọi cấp (tố cáo: theo sổ tay kiểm tra của cấp ủy; khiếu nại: "
        "chưa đối chiếu được nguyên văn)",
    ),
    (
        Q22,
        {
            "unit": "working",
            "tiers": COMPLAINT_TIERS,
            "COMPLAINT": {"GRASSROOTS": 30, "ABOVE_GRASSROOTS": 60, "PROVINCE": 60, "CENTRAL": 90},
            "DENUNCIATION": {
                "GRASSROOTS": 30,
                "ABOVE_GRASSROOTS": 60,
                "PROVINCE": 60,
                "CENTRAL": 90,
            },
        },
        "Quy định 22-QĐ/TW ngày 28/7/2021, Điều 20 (tố cáo) và Điều 22 (khiếu nại kỷ luật): "
        "chậm nhất 90 ngày làm việc ở cấp Trung ương, 60 ở cấp tỉnh, cấp huyện và tương "
        "đương, 30 ở cấp cơ sở, kể từ ngày nhận đơn (chưa đối chiếu được nguyên văn)",
    ),
    (
        Q296,
        {
            "unit": "working",
            "tiers": COMPLAINT_TIERS,
            "COMPLAINT": {"GRASSROOTS": 30, "ABOVE_GRASSROOTS": 60, "PROVINCE": 60, "CENTRAL": 90},
            "DENUNCIATION": {
                "GRASSROOTS": 30,
                "ABOVE_GRASSROOTS": 60,
                "PROVINCE": 60,
                "CENTRAL": 90,
            },
        },
        "Quy định 296-QĐ/TW ngày 30/5/2025 về công tác kiểm tra, giám sát và kỷ luật của Đảng "
        "(thay Quy định 22-QĐ/TW; thời hạn theo cấp như trước, chưa đối chiếu được nguyên văn)",
    ),
    use=(
        "Hạn giải quyết mặc định của đơn khi tiếp nhận (trang Khiếu nại, tố cáo và tệp nhập): "
        "số ngày theo loại đơn và cấp giải quyết, tính từ ngày nhận, bằng ngày làm việc khi "
        'unit là "working" (bỏ thứ Bảy, Chủ nhật, ngày lễ, Tết, ngày nghỉ bù), bằng ngày '
        'lịch khi "calendar". «tiers» xếp cơ quan giải quyết vào cấp: chi bộ, đảng ủy cơ sở '
        "là cấp cơ sở (GRASSROOTS); Ban Thường vụ, Ủy ban Kiểm tra, các ban của đảng ủy cấp "
        "trên cơ sở là cấp huyện và tương đương (ABOVE_GRASSROOTS). Danh sách đơn đến hạn, "
        "quá hạn đọc hạn đã ghi trên đơn."
    ),
)
