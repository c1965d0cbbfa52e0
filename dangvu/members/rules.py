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
            "PROBATIONARY": ["WARNING", "REPRIMAND"],
            "FULL": ["EXPULSION", "DISMISSAL", "WARNING", "REPRIMAND"],
        },
        STATUTE,
    ),
)
register_rule(
    "members.badge_deferral_months",
    "Thời gian chưa xét tặng Huy hiệu sau kỷ luật (tháng), theo hình thức",
    (D0, {"WARNING": 6, "DISMISSAL": 12, "EXPULSION": 0}, "Quy định 50-QĐ/TW (chưa xác nhận)"),
)

# Party age: which time between two periods of membership on our books counts as
# membership. Every gap is time without membership (subtracted) unless the pair (how the
# earlier period ended, how the next began) is listed: a transfer out and a transfer in
# back (the member belonged to another committee meanwhile), and a wrongful expulsion
# undone by restoration. The earlier interruption a file brings (ngày ra khỏi Đảng → ngày
# vào Đảng lần thứ hai) is always subtracted.
_PARTY_AGE = {
    "membership_gaps": [["TRANSFER_OUT", "TRANSFER_IN"], ["EXPELLED", "RESTORED"]],
}
_PARTY_AGE_USE = (
    "Tính tuổi Đảng (trang đảng viên, danh sách đến mốc Huy hiệu Đảng, đề nghị tặng Huy "
    "hiệu): tính từ ngày quyết định kết nạp lần đầu, trừ thời gian không là đảng viên (bị xóa "
    "tên, khai trừ, xin ra khỏi Đảng đến ngày kết nạp lại, kể cả khoảng ra khỏi Đảng trước "
    "khi kết nạp lại ghi trong hồ sơ). Thời gian sinh hoạt ở đảng bộ khác sau khi chuyển "
    "sinh hoạt đi rồi chuyển về, và thời gian bị khai trừ oan được phục hồi, vẫn tính là "
    "tuổi Đảng."
)
register_rule(
    "members.party_age_counting",
    "Cách tính tuổi Đảng: khoảng gián đoạn nào vẫn tính là thời gian là đảng viên",
    (
        D0,
        _PARTY_AGE,
        "Điều lệ Đảng (2011), Điều 5, khoản 4: tuổi đảng tính từ ngày ghi trong quyết định "
        "kết nạp, trừ thời gian không tham gia sinh hoạt đảng (các Điều lệ trước: chưa đối "
        "chiếu được nguyên văn)",
    ),
    (
        dt.date(2016, 7, 25),
        _PARTY_AGE,
        "Quy định 29-QĐ/TW ngày 25/7/2016, điểm 4.5 (tính tuổi đảng; kết nạp lại tính từ "
        "ngày kết nạp lần đầu trừ thời gian không tham gia sinh hoạt đảng); Hướng dẫn "
        "01-HD/TW ngày 20/9/2016, điểm 5.3 (thủ tục; bị oan, sai được khôi phục thì tuổi "
        "đảng tính liên tục) (số điểm của Quy định 29: chưa đối chiếu được nguyên văn)",
    ),
    (
        dt.date(2021, 7, 30),
        _PARTY_AGE,
        "Quy định 24-QĐ/TW ngày 30/7/2021, điểm 4.5.1 (thời gian không tham gia sinh hoạt "
        "đảng: bị khai trừ, bị xóa tên, mất liên lạc với tổ chức đảng, gián đoạn do chuyển "
        "sinh hoạt đảng) và 4.5.2 (đảng viên kết nạp lại); thủ tục theo Hướng dẫn 01-HD/TW "
        "ngày 28/9/2021",
    ),
    (
        dt.date(2025, 7, 1),
        _PARTY_AGE,
        "Quy định 294-QĐ/TW ngày 26/5/2025 (hiệu lực 01/7/2025), điểm 4.5; thủ tục theo "
        "Hướng dẫn 06-HD/TW ngày 09/6/2025 (cùng cách tính; chưa đối chiếu được nguyên văn)",
    ),
    use=_PARTY_AGE_USE,
)
