"""Rule defaults of member work (see dangvu.core.rules); each value has its source."""

from __future__ import annotations

import datetime as dt

from dangvu.core.rules import register_rule

STATUTE = "Điều lệ Đảng; Quy định 294-QĐ/TW; Hướng dẫn 06-HD/TW"
D0 = dt.date(1930, 2, 3)

# The texts on admission and readmission, one version per text (Điều lệ Đảng khóa XI;
# the regulations implementing it and the Secretariat's guidance on their procedure).
QD29 = dt.date(2016, 7, 25)  # Quy định 29-QĐ/TW ngày 25/7/2016
QD24 = dt.date(2021, 7, 30)  # Quy định 24-QĐ/TW ngày 30/7/2021
QD294 = dt.date(2025, 7, 1)  # Quy định 294-QĐ/TW ngày 26/5/2025, hiệu lực từ 01/7/2025
AGE_USE = (
    "Kiểm tra khi ghi kết nạp (biểu mẫu, nhập từ tệp, kết nạp quần chúng ưu tú): tuổi tính "
    "theo tháng tròn vào ngày chi bộ họp xét kết nạp (ngày nghị quyết chi bộ), không phải ngày "
    "quyết định kết nạp; ngày lý lịch ghi kết nạp cũng không được sớm hơn tuổi này."
)
register_rule(
    "members.admission_min_age_months",
    "Tuổi tối thiểu khi chi bộ xét kết nạp (tháng)",
    (D0, 18 * 12, "Điều lệ Đảng, Điều 1, khoản 2 (từ mười tám tuổi trở lên)"),
    (QD29, 18 * 12, "Quy định 29-QĐ/TW ngày 25/7/2016, điểm 1.1 (đủ 18 tuổi, tính theo tháng)"),
    (QD24, 18 * 12, "Quy định 24-QĐ/TW ngày 30/7/2021, điểm 1.1 (đủ 18 tuổi, tính theo tháng)"),
    (
        QD294,
        18 * 12,
        "Quy định 294-QĐ/TW ngày 26/5/2025, điểm 1.1 (đủ 18 tuổi, tính theo tháng; chưa đối "
        "chiếu được nguyên văn)",
    ),
    use=AGE_USE,
)
register_rule(
    "members.admission_max_age_months",
    "Tuổi tối đa khi chi bộ xét kết nạp (tháng)",
    (D0, 60 * 12, "Điều lệ Đảng, Điều 1, khoản 2 (chưa đối chiếu được nguyên văn về tuổi tối đa)"),
    (
        QD29,
        60 * 12,
        "Quy định 29-QĐ/TW ngày 25/7/2016, điểm 1.1 (đến đủ 60 tuổi; trên 60 tuổi do cấp ủy "
        "trực thuộc Trung ương quyết định)",
    ),
    (
        QD24,
        60 * 12,
        "Quy định 24-QĐ/TW ngày 30/7/2021, điểm 1.1 (tại thời điểm chi bộ xét kết nạp, đủ 18 "
        "đến đủ 60 tuổi tính theo tháng; trên 60 tuổi do cấp ủy trực thuộc Trung ương quyết định)",
    ),
    (
        QD294,
        60 * 12,
        "Quy định 294-QĐ/TW ngày 26/5/2025, điểm 1.1 (chưa đối chiếu được nguyên văn)",
    ),
    use=AGE_USE,
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
    (D0, 30, "Điều lệ Đảng 2011, Điều 4 (thủ tục kết nạp); thời hạn theo các quy định thi hành"),
    (
        dt.date(2016, 7, 25),
        30,
        "Quy định 29-QĐ/TW ngày 25/7/2016, điểm 3 (Điều 4): chậm nhất 30 ngày làm việc kể từ "
        "ngày nhận quyết định kết nạp, chi bộ tổ chức lễ kết nạp (chưa đối chiếu được "
        "nguyên văn số điểm)",
    ),
    (
        dt.date(2021, 7, 30),
        30,
        "Quy định 24-QĐ/TW ngày 30/7/2021, điểm 3 (Điều 4): 30 ngày làm việc kể từ ngày nhận "
        "quyết định kết nạp (chưa đối chiếu được nguyên văn số điểm)",
    ),
    (
        dt.date(2025, 7, 1),
        30,
        "Quy định 294-QĐ/TW ngày 26/5/2025, phần về Điều 4 (chưa đối chiếu được nguyên văn)",
    ),
    use=(
        "Khi ghi quyết định kết nạp có ngày lễ kết nạp, ngày lễ phải nằm trong ngần này ngày "
        "làm việc (không kể thứ Bảy, Chủ nhật, ngày nghỉ lễ, Tết và ngày nghỉ bù) kể từ ngày "
        "quyết định; nếu muộn hơn, quyết định bị từ chối và nêu ngày chậm nhất."
    ),
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
    "Hình thức kỷ luật được áp dụng theo loại đảng viên (chính thức, dự bị)",
    (
        D0,
        {
            "PROBATIONARY": ["WARNING", "REPRIMAND"],
            "FULL": ["EXPULSION", "DISMISSAL", "WARNING", "REPRIMAND"],
        },
        "Điều lệ Đảng 2011, Điều 35, khoản 1: đảng viên chính thức bị khiển trách, cảnh "
        "cáo, cách chức, khai trừ; đảng viên dự bị bị khiển trách, cảnh cáo",
    ),
    use=(
        "Khi ghi quyết định kỷ luật một đảng viên, hình thức phải thuộc danh sách của loại "
        "đảng viên (chính thức hay dự bị) vào ngày quyết định; nếu không, quyết định bị từ "
        "chối và nêu các hình thức được áp dụng."
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


# --- admission file (kết nạp) -----------------------------------------------------------
# Education as "grade/years of the system" (9/12, 7/10); `min_grade` is counted in the
# 12-year system (9 = lower secondary, 5 = primary). `exceptions` are the grounds on which
# the guidance lets a lower level do, each with the minimum it still asks.
EDUCATION_EXCEPTIONS = {
    "MOUNTAIN": "Sinh sống ở miền núi",
    "ISLAND": "Sinh sống ở hải đảo",
    "ETHNIC": "Vùng đồng bào dân tộc thiểu số",
    "HARDSHIP": "Vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn",
    "OTHER": "Trường hợp cụ thể khác do yêu cầu phát triển đảng",
}
register_rule(
    "members.admission_education",
    "Trình độ học vấn của người vào Đảng (lớp theo hệ 12 năm) và các trường hợp ngoại lệ",
    (
        D0,
        {"min_grade": 9, "exception_min_grade": 5, "exceptions": EDUCATION_EXCEPTIONS},
        "Quy định 45-QĐ/TW ngày 01/11/2011, điểm 1.2; Hướng dẫn 01-HD/TW ngày 05/01/2012 "
        "(tốt nghiệp trung học cơ sở; chưa đối chiếu được nguyên văn)",
    ),
    (
        QD29,
        {"min_grade": 9, "exception_min_grade": 5, "exceptions": EDUCATION_EXCEPTIONS},
        "Quy định 29-QĐ/TW ngày 25/7/2016, điểm 1.2 (tốt nghiệp trung học cơ sở và tương "
        "đương trở lên); ngoại lệ theo Hướng dẫn 01-HD/TW ngày 20/9/2016, điểm 3.2 (tối thiểu "
        "tốt nghiệp tiểu học; chưa đối chiếu được nguyên văn)",
    ),
    (
        QD24,
        {"min_grade": 9, "exception_min_grade": 5, "exceptions": EDUCATION_EXCEPTIONS},
        "Quy định 24-QĐ/TW ngày 30/7/2021, điểm 1.2 (bằng tốt nghiệp trung học cơ sở trở lên; "
        "miền núi, hải đảo, vùng đồng bào dân tộc thiểu số, vùng đặc biệt khó khăn và trường hợp "
        "cụ thể khác theo hướng dẫn của Ban Bí thư); Hướng dẫn 01-HD/TW ngày 28/9/2021 (tối "
        "thiểu tốt nghiệp tiểu học; chưa đối chiếu được nguyên văn)",
    ),
    (
        QD294,
        {"min_grade": 9, "exception_min_grade": 5, "exceptions": EDUCATION_EXCEPTIONS},
        "Quy định 294-QĐ/TW ngày 26/5/2025, điểm 1.2; Hướng dẫn 06-HD/TW ngày 09/6/2025 (chưa "
        "đối chiếu được nguyên văn)",
    ),
    use=(
        "Kiểm tra khi ghi kết nạp: «giáo dục phổ thông» của lý lịch (9/12, 7/10…) phải đạt "
        "tốt nghiệp trung học cơ sở, trừ khi hồ sơ ghi một trường hợp ngoại lệ; khi đó phải "
        "đạt mức tối thiểu của ngoại lệ. Danh sách ngoại lệ là các lựa chọn trên hồ sơ quần "
        "chúng ưu tú."
    ),
)
register_rule(
    "members.admission_sponsors",
    "Số người giới thiệu người vào Đảng",
    (
        D0,
        2,
        "Điều lệ Đảng, Điều 4, khoản 1 (hai đảng viên chính thức giới thiệu; người trong độ "
        "tuổi đoàn: ban chấp hành đoàn cơ sở và một đảng viên chính thức)",
    ),
    use=(
        "Danh mục hồ sơ quần chúng ưu tú: ô «người giới thiệu» phải ghi đủ số người (tên cách "
        "nhau bằng dấu phẩy) thì mới hiện nút kết nạp."
    ),
)
register_rule(
    "members.new_member_class_before_confirmation",
    "Lớp bồi dưỡng lý luận chính trị cho đảng viên mới trước khi xét chuyển chính thức",
    (
        D0,
        "warn_with_reason",
        "Hướng dẫn 01-HD/TW ngày 28/9/2021, điểm 3.4 (đảng viên dự bị học lớp bồi dưỡng cho "
        "đảng viên mới; chưa đối chiếu được nguyên văn về trường hợp chưa học)",
    ),
    use=(
        "Khi ghi chuyển đảng chính thức: nếu chưa có ghi nhận đồng chí hoàn thành lớp bồi dưỡng "
        "cho đảng viên mới (mục Giáo dục), trang cảnh báo và phải ghi lý do mới lưu được; lý do "
        "được giữ trong biến động."
    ),
)

# --- readmission (kết nạp lại) --------------------------------------------------------
READMISSION_GROUNDS = {
    "ABANDONED": "Tự bỏ sinh hoạt đảng",
    "RESIGNED": "Tự nguyện làm đơn xin ra khỏi Đảng",
    "RESIGNED_FAMILY": "Xin ra khỏi Đảng vì lý do gia đình đặc biệt khó khăn",
    "DISUNITY": "Gây mất đoàn kết nội bộ nghiêm trọng",
    "CORRUPTION": "Bị kết án hình sự về tội tham nhũng",
    "SERIOUS_CRIME": "Bị kết án hình sự về tội phạm nghiêm trọng trở lên",
    "POPULATION": "Vi phạm chính sách dân số và kế hoạch hóa gia đình",
    "OTHER": "Lý do khác",
}
EARLY_READMISSION = (
    "Quy định 173-QĐ/TW năm 2013 về kết nạp lại và các quy định trước Quy định 29-QĐ/TW "
    "(chưa đối chiếu được nguyên văn)"
)
_EXCLUDED = ["ABANDONED", "RESIGNED", "DISUNITY", "CORRUPTION", "SERIOUS_CRIME"]
READMISSION_USE = (
    "Khi ghi «Kết nạp lại» (biểu mẫu và nhập từ tệp): phải ra khỏi Đảng đủ số tháng này; "
    "chỉ kết nạp lại một lần; không kết nạp lại người ra khỏi Đảng vì các lý do trong danh "
    "sách loại trừ; phải ghi số và ngày văn bản đồng ý của Ban Thường vụ tỉnh ủy, thành ủy; "
    "sau khi kết nạp lại, đồng chí là đảng viên dự bị 12 tháng như người vào Đảng lần đầu."
)
register_rule(
    "members.readmission_min_months_out",
    "Thời gian tối thiểu đã ra khỏi Đảng trước khi xét kết nạp lại (tháng)",
    (
        D0,
        36,
        EARLY_READMISSION,
    ),
    (
        QD29,
        36,
        "Quy định 29-QĐ/TW ngày 25/7/2016, điểm 4.1 (ít nhất 36 tháng; chưa đối chiếu được "
        "nguyên văn)",
    ),
    (QD24, 36, "Quy định 24-QĐ/TW ngày 30/7/2021, điểm 4.1 (ít nhất 36 tháng)"),
    (QD294, 36, "Quy định 294-QĐ/TW ngày 26/5/2025, điểm 3.5.1 (đã ra khỏi Đảng ít nhất 36 tháng)"),
    use=READMISSION_USE,
)
register_rule(
    "members.readmission_excluded_grounds",
    "Lý do ra khỏi Đảng không được xét kết nạp lại",
    (
        D0,
        _EXCLUDED,
        EARLY_READMISSION,
    ),
    (
        QD29,
        _EXCLUDED,
        "Quy định 29-QĐ/TW ngày 25/7/2016, điểm 4.2 (chưa đối chiếu được nguyên văn)",
    ),
    (
        QD24,
        _EXCLUDED,
        "Quy định 24-QĐ/TW ngày 30/7/2021, điểm 4.2 (chưa đối chiếu được nguyên văn)",
    ),
    (
        QD294,
        _EXCLUDED,
        "Quy định 294-QĐ/TW ngày 26/5/2025, điểm 3.5.2 (tự bỏ sinh hoạt đảng; tự nguyện làm "
        "đơn xin ra khỏi Đảng, trừ lý do gia đình đặc biệt khó khăn; gây mất đoàn kết nội bộ "
        "nghiêm trọng; bị kết án về tội tham nhũng; bị kết án về tội phạm nghiêm trọng trở lên)",
    ),
    use=READMISSION_USE,
)
register_rule(
    "members.readmission_times",
    "Số lần được kết nạp lại",
    (
        D0,
        1,
        EARLY_READMISSION,
    ),
    (QD29, 1, "Quy định 29-QĐ/TW ngày 25/7/2016, điểm 4.1 (chỉ kết nạp lại một lần)"),
    (QD24, 1, "Quy định 24-QĐ/TW ngày 30/7/2021, điểm 4.1 (chỉ kết nạp lại một lần)"),
    (QD294, 1, "Quy định 294-QĐ/TW ngày 26/5/2025, điểm 3.5.1 (chỉ kết nạp lại một lần)"),
    use=READMISSION_USE,
)


# --- statistical tables (thống kê đảng viên) ---------------------------------------------
# Each value lists the groups as [from, label]: a member falls in the last group whose
# "from" (full years) they have reached; one below the first "from" counts in the first
# group, so that every member is counted once and the groups add up to the total.
STATISTICS_SOURCE = (
    "Hướng dẫn 11-HD/BTCTW ngày 13/12/2021 của Ban Tổ chức Trung ương về thực hiện chế độ "
    "báo cáo thống kê trong công tác tổ chức xây dựng Đảng, các biểu thống kê đảng viên (số "
    "biểu và khoảng tuổi: chưa đối chiếu được nguyên văn; các hướng dẫn trước năm 2021: chưa "
    "đối chiếu được nguyên văn)"
)
AGE_GROUPS = [
    [18, "Từ 18 đến 30 tuổi"],
    [31, "Từ 31 đến 40 tuổi"],
    [41, "Từ 41 đến 50 tuổi"],
    [51, "Từ 51 đến 60 tuổi"],
    [61, "Từ 61 đến 70 tuổi"],
    [71, "Từ 71 tuổi trở lên"],
]
PARTY_AGE_GROUPS = [
    [0, "Dưới 10 năm"],
    [10, "Từ 10 đến dưới 20 năm"],
    [20, "Từ 20 đến dưới 30 năm"],
    [30, "Từ 30 đến dưới 40 năm"],
    [40, "Từ 40 đến dưới 50 năm"],
    [50, "Từ 50 năm trở lên"],
]
ADMISSION_AGE_GROUPS = [
    [18, "Từ 18 đến 30 tuổi"],
    [31, "Từ 31 đến 40 tuổi"],
    [41, "Từ 41 đến 50 tuổi"],
    [51, "Trên 50 tuổi"],
]


def _groups(value: object) -> list[str]:
    """Groups as [from, label], "from" rising, each label said once."""
    if not isinstance(value, list) or not value:
        return ["Hãy ghi ít nhất một nhóm, mỗi nhóm là [tuổi từ, tên nhóm]."]
    if not all(
        isinstance(g, list) and len(g) == 2 and type(g[0]) is int and isinstance(g[1], str)
        for g in value
    ):
        return ['Mỗi nhóm ghi [số năm tròn từ, tên nhóm], ví dụ [18, "Từ 18 đến 30 tuổi"].']
    starts = [g[0] for g in value]
    if starts != sorted(set(starts)) or any(s < 0 for s in starts):
        return ["Số năm bắt đầu của các nhóm phải tăng dần, không trùng nhau, không âm."]
    labels = [g[1].strip() for g in value]
    if "" in labels or len(set(labels)) != len(labels):
        return ["Mỗi nhóm phải có tên, không trùng tên nhóm khác."]
    return []


register_rule(
    "members.statistics_ages",
    "Nhóm tuổi đời trong biểu thống kê đảng viên",
    (D0, AGE_GROUPS, STATISTICS_SOURCE),
    use=(
        "Biểu thống kê đảng viên theo tuổi đời (chỉ tiêu members.by_age): tuổi tròn năm vào "
        "ngày cuối kỳ; mỗi đảng viên vào nhóm cuối cùng có tuổi bắt đầu không quá tuổi của "
        "mình (dưới nhóm đầu thì tính vào nhóm đầu)."
    ),
    check=_groups,
)
register_rule(
    "members.statistics_party_ages",
    "Nhóm tuổi Đảng trong biểu thống kê đảng viên",
    (D0, PARTY_AGE_GROUPS, STATISTICS_SOURCE),
    use=(
        "Biểu thống kê đảng viên theo tuổi Đảng (chỉ tiêu members.by_party_age): số năm tròn "
        "tuổi Đảng vào ngày cuối kỳ, tính như trang đảng viên (từ ngày quyết định kết nạp lần "
        "đầu, trừ thời gian không là đảng viên)."
    ),
    check=_groups,
)
register_rule(
    "members.statistics_admission_ages",
    "Nhóm tuổi đời của đảng viên mới kết nạp trong biểu thống kê",
    (D0, ADMISSION_AGE_GROUPS, STATISTICS_SOURCE),
    use=(
        "Biểu thống kê kết nạp đảng viên theo tuổi đời (chỉ tiêu members.admitted.by_age): "
        "tuổi tròn năm vào ngày quyết định kết nạp."
    ),
    check=_groups,
)
