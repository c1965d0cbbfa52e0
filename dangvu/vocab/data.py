"""The shipped values: the vocabularies of the member form and the provinces with their dates.

Pure data, read by the migration `0002_values` (through historical models) and by tests.
Each value names its basis in `source`; where a detail could not be checked against the
text of the decision it says so («chưa đối chiếu được nguyên văn»), as the rules do.

A vocabulary value is `(code, name, aliases, group)`; its order is its place in the tuple.
Every shipped value is valid from `SINCE` and has no end; an administrator adds or retires
values with their dates on the vocabularies' pages.
"""

from __future__ import annotations

import datetime as dt

UNCHECKED = "chưa đối chiếu được nguyên văn"

ValueRow = tuple[str, str, tuple[str, ...], str]

# --- Vocabularies ---------------------------------------------------------------------------

ETHNICITY_SOURCE = "Quyết định 121-TCTK/PPCĐ ngày 02/3/1979 (danh mục các dân tộc Việt Nam)"
FOREIGN_SOURCE = (
    "Phiếu đảng viên: người gốc nước ngoài đã nhập quốc tịch Việt Nam (mã riêng của Đảng vụ; "
    f"{UNCHECKED})"
)

# The statistics office's codes 01..54, in its order; 55 for a member of foreign origin.
ETHNICITIES: tuple[ValueRow, ...] = (
    ("01", "Kinh", ("Việt", "Người Kinh"), "KINH"),
    ("02", "Tày", ("Thổ Tày",), "MINORITY"),
    ("03", "Thái", ("Tai",), "MINORITY"),
    ("04", "Hoa", ("Hán", "Người Hoa"), "MINORITY"),
    ("05", "Khmer", ("Khơ-me", "Khơ me", "Khmer Krôm", "Khơme"), "MINORITY"),
    ("06", "Mường", ("Mol",), "MINORITY"),
    ("07", "Nùng", (), "MINORITY"),
    ("08", "Hmông", ("Mông", "H'Mông", "H'mông", "Mèo"), "MINORITY"),
    ("09", "Dao", ("Mán",), "MINORITY"),
    ("10", "Gia Rai", ("Gia-rai", "Jrai", "Giarai"), "MINORITY"),
    ("11", "Ngái", (), "MINORITY"),
    ("12", "Ê Đê", ("Ê-đê", "Ede", "Êđê", "Rađê"), "MINORITY"),
    ("13", "Ba Na", ("Ba-na", "Bahnar"), "MINORITY"),
    ("14", "Xơ Đăng", ("Xơ-đăng", "Sedang"), "MINORITY"),
    ("15", "Sán Chay", ("Sán Chỉ", "Cao Lan", "Cao Lan - Sán Chỉ"), "MINORITY"),
    ("16", "Cơ Ho", ("Cơ-ho", "K'ho", "Koho"), "MINORITY"),
    ("17", "Chăm", ("Chàm", "Chăm Hroi"), "MINORITY"),
    ("18", "Sán Dìu", ("Sán-dìu",), "MINORITY"),
    ("19", "Hrê", ("H'rê", "Hre"), "MINORITY"),
    ("20", "Mnông", ("M'nông", "Mơ Nông"), "MINORITY"),
    ("21", "Ra Glai", ("Ra-glai", "Raglai", "Raglay"), "MINORITY"),
    ("22", "Xtiêng", ("Stiêng", "X'tiêng"), "MINORITY"),
    ("23", "Bru Vân Kiều", ("Bru - Vân Kiều", "Vân Kiều", "Bru"), "MINORITY"),
    ("24", "Thổ", (), "MINORITY"),
    ("25", "Giáy", ("Nhắng",), "MINORITY"),
    ("26", "Cơ Tu", ("Cơ-tu", "Katu", "Ca Tu"), "MINORITY"),
    ("27", "Gié Triêng", ("Gié-Triêng", "Giẻ Triêng", "Giẻ-Triêng"), "MINORITY"),
    ("28", "Mạ", (), "MINORITY"),
    ("29", "Khơ Mú", ("Khơ-mú", "Khmu", "Kmhmu"), "MINORITY"),
    ("30", "Co", ("Cor", "Cua"), "MINORITY"),
    ("31", "Tà Ôi", ("Tà-ôi", "Pa Cô", "Pa-cô"), "MINORITY"),
    ("32", "Chơ Ro", ("Chơ-ro", "Châu Ro"), "MINORITY"),
    ("33", "Kháng", (), "MINORITY"),
    ("34", "Xinh Mun", ("Xinh-mun",), "MINORITY"),
    ("35", "Hà Nhì", ("Hà-nhì",), "MINORITY"),
    ("36", "Chu Ru", ("Chu-ru", "Churu"), "MINORITY"),
    ("37", "Lào", (), "MINORITY"),
    ("38", "La Chí", ("La-chí",), "MINORITY"),
    ("39", "La Ha", ("La-ha",), "MINORITY"),
    ("40", "Phù Lá", ("Phù-lá",), "MINORITY"),
    ("41", "La Hủ", ("La-hủ",), "MINORITY"),
    ("42", "Lự", (), "MINORITY"),
    ("43", "Lô Lô", ("Lô-lô",), "MINORITY"),
    ("44", "Chứt", (), "MINORITY"),
    ("45", "Mảng", (), "MINORITY"),
    ("46", "Pà Thẻn", ("Pà-thẻn",), "MINORITY"),
    ("47", "Cơ Lao", ("Cờ Lao", "Cơ-lao"), "MINORITY"),
    ("48", "Cống", (), "MINORITY"),
    ("49", "Bố Y", ("Bố-y",), "MINORITY"),
    ("50", "Si La", ("Si-la",), "MINORITY"),
    ("51", "Pu Péo", ("Pu-péo",), "MINORITY"),
    ("52", "Brâu", (), "MINORITY"),
    ("53", "Ơ Đu", ("Ơ-đu",), "MINORITY"),
    ("54", "Rơ Măm", ("Rơ-măm",), "MINORITY"),
    ("55", "Người nước ngoài", ("Nước ngoài", "Gốc nước ngoài"), "FOREIGN"),
)

RELIGION_SOURCE = (
    "Ban Tôn giáo Chính phủ: tôn giáo được Nhà nước công nhận theo Luật Tín ngưỡng, tôn giáo "
    f"2016 (mã riêng của Đảng vụ; {UNCHECKED} danh sách)"
)
RELIGION_NONE_SOURCE = "Phiếu đảng viên: không theo tôn giáo nào (mã riêng của Đảng vụ)"

RELIGIONS: tuple[ValueRow, ...] = (
    (
        "00",
        "Không",
        ("Không có", "Không theo tôn giáo", "Không tôn giáo", "Không theo đạo"),
        "NONE",
    ),
    ("01", "Phật giáo", ("Đạo Phật",), "RELIGIOUS"),
    ("02", "Công giáo", ("Thiên Chúa giáo", "Đạo Thiên Chúa", "Thiên Chúa"), "RELIGIOUS"),
    ("03", "Tin lành", ("Đạo Tin lành", "Tin lành giáo"), "RELIGIOUS"),
    ("04", "Cao Đài", ("Đạo Cao Đài",), "RELIGIOUS"),
    ("05", "Phật giáo Hòa Hảo", ("Hòa Hảo", "Đạo Hòa Hảo"), "RELIGIOUS"),
    ("06", "Hồi giáo", ("Đạo Hồi", "Islam"), "RELIGIOUS"),
    ("07", "Tôn giáo Baha'i", ("Baha'i", "Bahai"), "RELIGIOUS"),
    ("08", "Tịnh độ Cư sĩ Phật hội Việt Nam", ("Tịnh độ Cư sĩ",), "RELIGIOUS"),
    ("09", "Cơ đốc Phục lâm", ("Phục lâm", "Cơ đốc Phục lâm An thất nhật"), "RELIGIOUS"),
    ("10", "Phật giáo Tứ Ân Hiếu Nghĩa", ("Tứ Ân Hiếu Nghĩa",), "RELIGIOUS"),
    ("11", "Minh Sư đạo", ("Minh Sư",), "RELIGIOUS"),
    ("12", "Minh Lý đạo", ("Minh Lý", "Minh Lý đạo - Tam Tông Miếu"), "RELIGIOUS"),
    ("13", "Bà-la-môn giáo", ("Bà La Môn", "Bàlamôn giáo"), "RELIGIOUS"),
    ("14", "Mặc môn", ("Giáo hội Các Thánh hữu ngày sau của Chúa Giê-su Ky-tô",), "RELIGIOUS"),
    ("15", "Phật giáo Hiếu Nghĩa Tà Lơn", ("Hiếu Nghĩa Tà Lơn", "Tà Lơn"), "RELIGIOUS"),
    ("16", "Bửu Sơn Kỳ Hương", ("Đạo Bửu Sơn Kỳ Hương",), "RELIGIOUS"),
)

QUALIFICATION_SOURCE = (
    "Luật Giáo dục 2019, Luật Giáo dục nghề nghiệp 2014 và biểu thống kê đảng viên "
    f"(Hướng dẫn 11-HD/BTCTW ngày 13/12/2021; {UNCHECKED})"
)
QUALIFICATIONS: tuple[ValueRow, ...] = (
    ("NONE", "Chưa qua đào tạo", ("Không", "Chưa"), "NONE"),
    ("ELEMENTARY", "Sơ cấp, công nhân kỹ thuật", ("Sơ cấp", "Công nhân kỹ thuật", "CNKT"), ""),
    ("INTERMEDIATE", "Trung cấp", ("Trung học chuyên nghiệp", "TCCN"), ""),
    ("COLLEGE", "Cao đẳng", ("CĐ",), ""),
    ("BACHELOR", "Đại học", ("Cử nhân", "Kỹ sư", "ĐH"), ""),
    ("MASTER", "Thạc sĩ", ("ThS",), ""),
    ("DOCTOR", "Tiến sĩ", ("TS",), ""),
    ("DSC", "Tiến sĩ khoa học", ("TSKH",), ""),
)

THEORY_SOURCE = (
    "Phiếu đảng viên và biểu thống kê đảng viên (Hướng dẫn 11-HD/BTCTW ngày 13/12/2021; "
    f"{UNCHECKED}); «Cao cấp» và «Cử nhân» cùng một cột «Cao cấp, cử nhân»"
)
THEORIES: tuple[ValueRow, ...] = (
    ("NONE", "Chưa qua đào tạo", ("Không", "Chưa"), "NONE"),
    ("ELEMENTARY", "Sơ cấp", ("Sơ cấp lý luận chính trị", "Sơ cấp LLCT"), "ELEMENTARY"),
    (
        "INTERMEDIATE",
        "Trung cấp",
        ("Trung cấp lý luận chính trị", "Trung cấp LLCT"),
        "INTERMEDIATE",
    ),
    ("ADVANCED", "Cao cấp", ("Cao cấp lý luận chính trị", "Cao cấp LLCT"), "ADVANCED"),
    ("BACHELOR", "Cử nhân", ("Cử nhân chính trị", "Cử nhân lý luận chính trị"), "ADVANCED"),
)

STATE_MANAGEMENT_SOURCE = (
    f"Chương trình bồi dưỡng theo ngạch công chức (Luật Cán bộ, công chức; {UNCHECKED})"
)
STATE_MANAGEMENTS: tuple[ValueRow, ...] = (
    ("NONE", "Chưa qua bồi dưỡng", ("Không", "Chưa"), "NONE"),
    ("CLERK", "Cán sự", ("Ngạch cán sự",), "CLERK"),
    ("OFFICER", "Chuyên viên", ("Ngạch chuyên viên",), "OFFICER"),
    ("PRINCIPAL", "Chuyên viên chính", ("Ngạch chuyên viên chính", "CVC"), "PRINCIPAL"),
    ("SENIOR", "Chuyên viên cao cấp", ("Ngạch chuyên viên cao cấp", "CVCC"), "SENIOR"),
)

ACADEMIC_TITLE_SOURCE = f"Luật Giáo dục đại học (chức danh giáo sư, phó giáo sư; {UNCHECKED})"
ACADEMIC_TITLES: tuple[ValueRow, ...] = (
    ("ASSOC", "Phó Giáo sư", ("PGS",), "ASSOC"),
    ("PROF", "Giáo sư", ("GS",), "PROF"),
)

OCCUPATION_SOURCE = (
    f"Biểu thống kê đảng viên theo nghề nghiệp (Hướng dẫn 11-HD/BTCTW ngày 13/12/2021; {UNCHECKED})"
)
OCCUPATIONS: tuple[ValueRow, ...] = (
    ("WORKER", "Công nhân", (), "WORKER"),
    ("FARMER", "Nông dân", (), "FARMER"),
    ("OFFICIAL", "Cán bộ, công chức", ("Cán bộ", "Công chức"), "OFFICIAL"),
    ("PUBLIC", "Viên chức", (), "PUBLIC"),
    ("MILITARY", "Quân đội", ("Quân nhân", "Bộ đội"), "MILITARY"),
    ("POLICE", "Công an", ("Công an nhân dân",), "POLICE"),
    ("EMPLOYEE", "Người lao động trong doanh nghiệp", ("Người lao động",), "EMPLOYEE"),
    ("OWNER", "Chủ doanh nghiệp tư nhân", ("Chủ doanh nghiệp",), "OWNER"),
    ("STUDENT", "Học sinh, sinh viên", ("Học sinh", "Sinh viên"), "STUDENT"),
    ("RETIRED", "Nghỉ hưu, nghỉ mất sức", ("Nghỉ hưu", "Hưu trí", "Nghỉ mất sức"), "RETIRED"),
    ("FREELANCE", "Lao động tự do", ("Tự do",), "FREELANCE"),
    ("OTHER", "Khác", (), "OTHER"),
)


def _with_group(rows: tuple[ValueRow, ...]) -> tuple[ValueRow, ...]:
    """Rows whose group is empty take their code as group (the code is its own column)."""
    return tuple((c, n, a, g or c) for c, n, a, g in rows)


# vocabulary -> (values, source of every value but those with their own below)
VOCABULARIES: dict[str, tuple[tuple[ValueRow, ...], str]] = {
    "ETHNICITY": (ETHNICITIES, ETHNICITY_SOURCE),
    "RELIGION": (RELIGIONS, RELIGION_SOURCE),
    "QUALIFICATION": (_with_group(QUALIFICATIONS), QUALIFICATION_SOURCE),
    "THEORY": (THEORIES, THEORY_SOURCE),
    "STATE_MANAGEMENT": (STATE_MANAGEMENTS, STATE_MANAGEMENT_SOURCE),
    "ACADEMIC_TITLE": (ACADEMIC_TITLES, ACADEMIC_TITLE_SOURCE),
    "OCCUPATION": (OCCUPATIONS, OCCUPATION_SOURCE),
}

# Values whose basis differs from their vocabulary's: (vocabulary, code) -> source.
OWN_SOURCES: dict[tuple[str, str], str] = {
    ("ETHNICITY", "55"): FOREIGN_SOURCE,
    ("RELIGION", "00"): RELIGION_NONE_SOURCE,
}


def value_source(vocabulary: str, code: str) -> str:
    """The `source` a shipped value carries."""
    return OWN_SOURCES.get((vocabulary, code), VOCABULARIES[vocabulary][1])


# --- Provinces ------------------------------------------------------------------------------

HUE_DAY = dt.date(2025, 1, 1)
MERGER_DAY = dt.date(2025, 7, 1)

PROVINCE_SOURCE = (
    "Quyết định 124/2004/QĐ-TTg ngày 08/7/2004 (bảng danh mục và mã số các đơn vị hành chính "
    "Việt Nam); ngày bắt đầu là mốc chung của Đảng vụ, không phải ngày thành lập tỉnh"
)
HUE_SOURCE = (
    "Nghị quyết 175/2024/QH15 ngày 30/11/2024 (thành lập thành phố Huế trực thuộc trung ương "
    f"từ tỉnh Thừa Thiên Huế, từ 01/01/2025; giữ mã 46, {UNCHECKED} về mã)"
)
MERGER_SOURCE = (
    "Nghị quyết 202/2025/QH15 ngày 12/6/2025 (sắp xếp đơn vị hành chính cấp tỉnh, từ "
    "01/7/2025); mã theo Quyết định 19/2025/QĐ-TTg ngày 30/6/2025 "
    f"({UNCHECKED})"
)

# The 63 provinces and centrally-run cities with the statistics office's codes.
PROVINCES: tuple[tuple[str, str], ...] = (
    ("01", "Hà Nội"),
    ("02", "Hà Giang"),
    ("04", "Cao Bằng"),
    ("06", "Bắc Kạn"),
    ("08", "Tuyên Quang"),
    ("10", "Lào Cai"),
    ("11", "Điện Biên"),
    ("12", "Lai Châu"),
    ("14", "Sơn La"),
    ("15", "Yên Bái"),
    ("17", "Hòa Bình"),
    ("19", "Thái Nguyên"),
    ("20", "Lạng Sơn"),
    ("22", "Quảng Ninh"),
    ("24", "Bắc Giang"),
    ("25", "Phú Thọ"),
    ("26", "Vĩnh Phúc"),
    ("27", "Bắc Ninh"),
    ("30", "Hải Dương"),
    ("31", "Hải Phòng"),
    ("33", "Hưng Yên"),
    ("34", "Thái Bình"),
    ("35", "Hà Nam"),
    ("36", "Nam Định"),
    ("37", "Ninh Bình"),
    ("38", "Thanh Hóa"),
    ("40", "Nghệ An"),
    ("42", "Hà Tĩnh"),
    ("44", "Quảng Bình"),
    ("45", "Quảng Trị"),
    ("46", "Thừa Thiên Huế"),
    ("48", "Đà Nẵng"),
    ("49", "Quảng Nam"),
    ("51", "Quảng Ngãi"),
    ("52", "Bình Định"),
    ("54", "Phú Yên"),
    ("56", "Khánh Hòa"),
    ("58", "Ninh Thuận"),
    ("60", "Bình Thuận"),
    ("62", "Kon Tum"),
    ("64", "Gia Lai"),
    ("66", "Đắk Lắk"),
    ("67", "Đắk Nông"),
    ("68", "Lâm Đồng"),
    ("70", "Bình Phước"),
    ("72", "Tây Ninh"),
    ("74", "Bình Dương"),
    ("75", "Đồng Nai"),
    ("77", "Bà Rịa - Vũng Tàu"),
    ("79", "Hồ Chí Minh"),
    ("80", "Long An"),
    ("82", "Tiền Giang"),
    ("83", "Bến Tre"),
    ("84", "Trà Vinh"),
    ("86", "Vĩnh Long"),
    ("87", "Đồng Tháp"),
    ("89", "An Giang"),
    ("91", "Kiên Giang"),
    ("92", "Cần Thơ"),
    ("93", "Hậu Giang"),
    ("94", "Sóc Trăng"),
    ("95", "Bạc Liêu"),
    ("96", "Cà Mau"),
)

# Thừa Thiên Huế (46) ends on HUE_DAY; the city of Huế (46) begins that day.
HUE_OLD_CODE = "46"
HUE: tuple[str, str] = ("46", "Huế")

# The 2025 merger: (code, name) of the new province <- codes of the provinces it joins.
# The new province keeps the code of the province whose seat it keeps.
MERGER: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("08", "Tuyên Quang", ("08", "02")),
    ("15", "Lào Cai", ("10", "15")),
    ("19", "Thái Nguyên", ("19", "06")),
    ("25", "Phú Thọ", ("25", "26", "17")),
    ("24", "Bắc Ninh", ("27", "24")),
    ("33", "Hưng Yên", ("33", "34")),
    ("31", "Hải Phòng", ("31", "30")),
    ("37", "Ninh Bình", ("37", "35", "36")),
    ("44", "Quảng Trị", ("45", "44")),
    ("48", "Đà Nẵng", ("48", "49")),
    ("51", "Quảng Ngãi", ("51", "62")),
    ("52", "Gia Lai", ("64", "52")),
    ("56", "Khánh Hòa", ("56", "58")),
    ("68", "Lâm Đồng", ("68", "67", "60")),
    ("66", "Đắk Lắk", ("66", "54")),
    ("79", "Hồ Chí Minh", ("79", "74", "77")),
    ("75", "Đồng Nai", ("75", "70")),
    ("80", "Tây Ninh", ("72", "80")),
    ("92", "Cần Thơ", ("92", "94", "93")),
    ("86", "Vĩnh Long", ("86", "83", "84")),
    ("82", "Đồng Tháp", ("87", "82")),
    ("96", "Cà Mau", ("96", "95")),
    ("91", "An Giang", ("89", "91")),
)

# Provinces that continue unchanged through 2025 (Huế continues as the city of 2025-01-01).
UNCHANGED: tuple[str, ...] = ("01", "04", "11", "12", "14", "20", "22", "38", "40", "42")


def merged_codes() -> set[str]:
    """Codes of the provinces of `PROVINCES` that end on MERGER_DAY."""
    return {old for _, _, olds in MERGER for old in olds}


# --- What the pages need ------------------------------------------------------------------

# The address of each vocabulary's page (vocab:values), in the menu's order.
SLUGS: dict[str, str] = {
    "ETHNICITY": "dan-toc",
    "RELIGION": "ton-giao",
    "QUALIFICATION": "trinh-do-chuyen-mon",
    "THEORY": "ly-luan-chinh-tri",
    "STATE_MANAGEMENT": "quan-ly-nha-nuoc",
    "ACADEMIC_TITLE": "hoc-ham",
    "OCCUPATION": "nghe-nghiep",
}

# The groups of the vocabularies whose values the statistical tables gather in columns; a
# value of another vocabulary is its own group (its code).
GROUPS: dict[str, tuple[tuple[str, str], ...]] = {
    "ETHNICITY": (
        ("KINH", "Kinh"),
        ("MINORITY", "Dân tộc thiểu số"),
        ("FOREIGN", "Người nước ngoài"),
    ),
    "RELIGION": (("NONE", "Không theo tôn giáo"), ("RELIGIOUS", "Có tôn giáo")),
    "THEORY": (
        ("NONE", "Chưa qua đào tạo"),
        ("ELEMENTARY", "Sơ cấp"),
        ("INTERMEDIATE", "Trung cấp"),
        ("ADVANCED", "Cao cấp, cử nhân"),
    ),
}

# The field of the member record (members.PersonRecord) holding each vocabulary's value.
RECORD_FIELDS: dict[str, str] = {
    "ETHNICITY": "ethnicity",
    "RELIGION": "religion",
    "QUALIFICATION": "qualification",
    "THEORY": "theory_level",
    "STATE_MANAGEMENT": "state_management",
    "ACADEMIC_TITLE": "academic_title",
    "OCCUPATION": "occupation",
}
