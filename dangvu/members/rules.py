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
# Probation and its confirmation (Điều lệ Đảng khóa XI, 2011, Điều 5, and the regulations
# implementing it): 12 months from the admission ceremony, wherever it was held.
DL2011 = dt.date(2011, 1, 19)  # Điều lệ Đảng thông qua tại Đại hội XI ngày 19/01/2011
PROBATION_USE = (
    "Danh sách hết thời gian dự bị (trang Việc đến hạn) và kiểm tra khi chuyển đảng chính "
    "thức: dự bị kết thúc đúng số tháng này sau ngày lễ kết nạp, kể cả đảng viên nhập theo "
    "danh sách hoặc chuyển đến (lễ kết nạp tổ chức ở nơi khác, ghi trong hồ sơ); đảng viên "
    "kết nạp lại tính từ lễ kết nạp lại."
)
register_rule(
    "members.probation_months",
    "Thời gian dự bị (tháng)",
    (D0, 12, STATUTE),
    (
        DL2011,
        12,
        "Điều lệ Đảng (Đại hội XI, 2011), Điều 5, khoản 1 (thời kỳ dự bị mười hai tháng, "
        "tính từ ngày chi bộ tổ chức lễ kết nạp)",
    ),
    (
        dt.date(2016, 7, 25),
        12,
        "Điều lệ Đảng, Điều 5, khoản 1; Quy định 29-QĐ/TW ngày 25/7/2016, mục 4 (công nhận "
        "chính thức đúng thời điểm hết 12 tháng dự bị)",
    ),
    (
        dt.date(2021, 7, 30),
        12,
        "Điều lệ Đảng, Điều 5, khoản 1; Quy định 24-QĐ/TW ngày 30/7/2021, mục 4 (Điều 5) "
        "(chưa đối chiếu được nguyên văn số mục)",
    ),
    (
        dt.date(2025, 7, 1),
        12,
        "Điều lệ Đảng, Điều 5, khoản 1; Quy định 294-QĐ/TW ngày 26/5/2025, phần về Điều 5 "
        "(chưa đối chiếu được nguyên văn)",
    ),
    use=PROBATION_USE,
)
register_rule(
    "members.ceremony_within_working_days",
    "Tổ chức lễ kết nạp trong vòng (ngày làm việc) kể từ quyết định",
    (D0, 30, STATUTE),
)
register_rule(
    "members.confirmation_within_working_days",
    "Xét chuyển chính thức trong vòng (ngày làm việc) sau khi hết dự bị",
    (D0, 30, STATUTE),
    (
        dt.date(2016, 7, 25),
        30,
        "Quy định 29-QĐ/TW ngày 25/7/2016, mục 4 (Điều 5): trong thời hạn 30 ngày làm việc "
        "kể từ ngày đảng viên hết 12 tháng dự bị, chi bộ phải xét và đề nghị công nhận chính "
        "thức",
    ),
    (
        dt.date(2021, 7, 30),
        30,
        "Quy định 24-QĐ/TW ngày 30/7/2021, mục 4 (Điều 5): 30 ngày làm việc kể từ ngày hết "
        "12 tháng dự bị (chưa đối chiếu được nguyên văn số mục)",
    ),
    (
        dt.date(2025, 7, 1),
        30,
        "Quy định 294-QĐ/TW ngày 26/5/2025, phần về Điều 5 (thời hạn xét công nhận đảng viên "
        "chính thức; chưa đối chiếu được nguyên văn)",
    ),
    use=(
        "Danh sách hết thời gian dự bị: hạn chót chi bộ xét chuyển chính thức là ngần này "
        "ngày làm việc (không kể thứ Bảy, Chủ nhật và ngày nghỉ lễ, Tết) sau ngày hết dự bị; "
        "quá hạn chót thì danh sách ghi «quá hạn xét»."
    ),
)
register_rule(
    "members.badge_milestones",
    "Mốc Huy hiệu Đảng (năm tuổi Đảng)",
    (D0, [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90], STATUTE),
    use=(
        "Danh sách đến mốc Huy hiệu Đảng (trang Việc đến hạn) và kiểm tra khi đề nghị, tặng, "
        "truy tặng Huy hiệu: chỉ các mốc này; mỗi đồng chí hiện mốc cao nhất đã đủ mà chưa "
        "được đề nghị, tặng."
    ),
)
register_rule(
    "members.badge_occasions",
    "Các dịp trao Huy hiệu Đảng (ngày, tháng)",
    (D0, [[3, 2], [19, 5], [2, 9], [7, 11]], STATUTE),
    use=(
        "Danh sách đến mốc Huy hiệu Đảng tính đến dịp trao tặng kế tiếp: đồng chí đủ tuổi Đảng "
        "đến ngày đó là «đến hạn»; xét tặng sớm được tính so với ngày đó."
    ),
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

# --- Party badges (Huy hiệu Đảng) --------------------------------------------------------
# Read on the day of the proposal or award ("tại thời điểm xét tặng"), not on the day of
# the discipline or the milestone. Quy định 50-QĐ/TW ngày 27/12/2021 is on cadre planning
# (quy hoạch cán bộ), not on badges: the badge texts are the Statute's implementing
# regulations (điểm 27.3) and the Secretariat's guidance (điểm 18).
BADGE_QD29 = dt.date(2016, 7, 25)  # Quy định 29-QĐ/TW
BADGE_QD24 = dt.date(2021, 7, 30)  # Quy định 24-QĐ/TW
BADGE_QD294 = dt.date(2025, 7, 1)  # Quy định 294-QĐ/TW ngày 26/5/2025, hiệu lực 01/7/2025
QD29_BADGE = "Quy định 29-QĐ/TW ngày 25/7/2016 thi hành Điều lệ Đảng, điểm 27.3, tiết a"
QD24_BADGE = "Quy định 24-QĐ/TW ngày 30/7/2021 thi hành Điều lệ Đảng, điểm 27.3, tiết a"
QD294_BADGE = (
    "Quy định 294-QĐ/TW ngày 26/5/2025 thi hành Điều lệ Đảng (hiệu lực 01/7/2025), mục tặng "
    "Huy hiệu Đảng (giữ như Quy định 24-QĐ/TW; chưa đối chiếu được nguyên văn)"
)
register_rule(
    "members.badge_deferral_months",
    "Thời gian chưa xét tặng Huy hiệu Đảng sau kỷ luật (tháng, kể từ ngày quyết định kỷ "
    "luật), theo hình thức",
    (
        D0,
        {"REPRIMAND": 0, "WARNING": 6, "DISMISSAL": 12},
        "Trước Quy định 29-QĐ/TW: áp dụng như Quy định 29-QĐ/TW (chưa đối chiếu được các văn "
        "bản trước năm 2016)",
    ),
    (
        BADGE_QD29,
        {"REPRIMAND": 0, "WARNING": 6, "DISMISSAL": 12},
        f"{QD29_BADGE} (kỷ luật từ cảnh cáo trở lên thì chưa xét tặng; sau 6 tháng đối với "
        "cảnh cáo, 1 năm đối với cách chức, nếu sửa chữa tốt khuyết điểm)",
    ),
    (
        BADGE_QD24,
        {"REPRIMAND": 6, "WARNING": 9, "DISMISSAL": 12},
        f"{QD24_BADGE} (bị kỷ luật thì chưa xét tặng; sau 6 tháng đối với khiển trách, 9 tháng "
        "đối với cảnh cáo, 1 năm đối với cách chức, nếu sửa chữa tốt khuyết điểm, được chi bộ "
        "công nhận; đối chiếu qua bản trích dẫn, chưa đối chiếu được nguyên văn)",
    ),
    (BADGE_QD294, {"REPRIMAND": 6, "WARNING": 9, "DISMISSAL": 12}, QD294_BADGE),
    use=(
        "Đề nghị tặng và tặng Huy hiệu Đảng (biểu mẫu, nhập từ tệp) bị từ chối khi ngày đề nghị "
        "hoặc ngày tặng còn trong thời gian này kể từ ngày một quyết định kỷ luật chưa bị hủy; "
        "lời từ chối nêu quyết định kỷ luật và ngày được đề nghị trở lại. Danh sách đến mốc "
        "ghi «chưa xét do kỷ luật» đến ngày đó. Mức áp dụng là mức của văn bản có hiệu lực vào "
        "ngày đề nghị (ngày tặng). 0 là hình thức không làm chậm việc xét tặng."
    ),
)
register_rule(
    "members.badge_early_months",
    "Xét tặng Huy hiệu Đảng sớm cho đảng viên bị bệnh nặng: số tháng sớm tối đa, theo mốc "
    "(từ mốc ghi ở khóa trở lên)",
    (
        D0,
        {"30": 12, "70": 12},
        "Trước Quy định 29-QĐ/TW: áp dụng như Quy định 29-QĐ/TW (chưa đối chiếu được các văn "
        "bản trước năm 2016)",
    ),
    (
        BADGE_QD29,
        {"30": 12, "70": 12},
        f"{QD29_BADGE} (bệnh nặng: xét tặng sớm không quá một năm so với thời gian quy định)",
    ),
    (
        BADGE_QD24,
        {"30": 12, "70": 24},
        f"{QD24_BADGE}; Hướng dẫn 01-HD/TW ngày 28/9/2021, điểm 18.1 (Huy hiệu 30 đến 65 năm: "
        "sớm không quá 12 tháng; 70 đến 90 năm: sớm không quá 24 tháng)",
    ),
    (
        BADGE_QD294,
        {"30": 12, "70": 24},
        f"{QD294_BADGE}; Hướng dẫn 06-HD/TW ngày 09/6/2025 (giữ như Hướng dẫn 01-HD/TW; chưa "
        "đối chiếu được nguyên văn)",
    ),
    use=(
        "Đề nghị và tặng Huy hiệu Đảng «xét tặng sớm (bệnh nặng)»: phải ghi tình trạng bệnh; "
        "ngày đủ tuổi Đảng không được muộn hơn ngày tặng (ngày đề nghị: dịp trao tặng kế tiếp) "
        "quá số tháng này. Danh sách đến mốc, khi chọn «cả trường hợp có thể xét tặng sớm», "
        "hiện những đồng chí đủ tuổi Đảng trong khoảng này sau dịp trao tặng kế tiếp."
    ),
)
register_rule(
    "members.badge_posthumous_early_months",
    "Truy tặng Huy hiệu Đảng cho đảng viên đã từ trần: số tháng tuổi Đảng còn thiếu tối đa "
    "vào ngày từ trần",
    (
        D0,
        0,
        "Trước Quy định 29-QĐ/TW: áp dụng như Quy định 29-QĐ/TW (chưa đối chiếu được các văn "
        "bản trước năm 2016)",
    ),
    (
        BADGE_QD29,
        0,
        f"{QD29_BADGE} (đảng viên đã từ trần, nếu thời gian sinh hoạt đảng có đủ tuổi đảng thì "
        "được truy tặng)",
    ),
    (
        BADGE_QD24,
        12,
        f"{QD24_BADGE}; Hướng dẫn 01-HD/TW ngày 28/9/2021, điểm 18.2 (truy tặng sớm không quá "
        "12 tháng so với thời gian quy định)",
    ),
    (
        BADGE_QD294,
        12,
        f"{QD294_BADGE}; Hướng dẫn 06-HD/TW ngày 09/6/2025 (chưa đối chiếu được nguyên văn)",
    ),
    use=(
        "Đề nghị và tặng Huy hiệu Đảng «truy tặng» cho đồng chí đã từ trần: tuổi Đảng tính đến "
        "ngày từ trần phải đủ mốc, hoặc thiếu không quá số tháng này. Danh sách đến mốc hiện "
        "các đồng chí đã từ trần như vậy mà chưa được đề nghị truy tặng."
    ),
)
register_rule(
    "members.badge_proposal_lead_months",
    "Đề nghị tặng Huy hiệu Đảng trước ngày đủ tuổi Đảng tối đa (tháng)",
    (
        D0,
        12,
        "Thực tiễn lập danh sách đề nghị trước các dịp trao tặng (không có văn bản quy định số "
        "tháng; quản trị viên có thể đổi)",
    ),
    use=(
        "Đề nghị tặng Huy hiệu Đảng trường hợp đến hạn được ghi trước ngày đủ tuổi Đảng không "
        "quá số tháng này, để hồ sơ kịp trình cấp có thẩm quyền; quyết định tặng thì phải vào "
        "ngày đã đủ tuổi Đảng (trừ xét tặng sớm, truy tặng)."
    ),
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
