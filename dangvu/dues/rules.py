"""The rates of party dues and the shares each level keeps, as dated rule data
(see dangvu.core.rules).

Amounts are strings of whole đồng and percentages strings of percent, so that every
figure is read as `Decimal`, never a float. One version per text: Quy định 342-QĐ/TW
(2010), the Central Office's guidance 03-HD/VPTW (2016) for the fixed amounts, and
Quy định 01-QĐ/TW (2026), which replaced 342-QĐ/TW. A figure the texts' wording could not
be checked against says so in its source.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from dangvu.core.rules import register_rule

QD342 = (
    "Quy định về chế độ đảng phí ban hành kèm theo Quyết định số 342-QĐ/TW ngày "
    "28/12/2010 của Bộ Chính trị (áp dụng từ ngày 01/4/2011)"
)
CV141 = "Công văn số 141-CV/VPTW/nb ngày 17/3/2011 của Văn phòng Trung ương Đảng"
HD03 = (
    "Hướng dẫn số 03-HD/VPTW ngày 06/7/2016 của Văn phòng Trung ương Đảng thực hiện chế độ "
    "đảng phí theo Quyết định số 342-QĐ/TW"
)
QD01 = (
    "Quy định số 01-QĐ/TW ngày 03/02/2026 của Bộ Chính trị về chế độ đảng phí (có hiệu lực "
    "từ ngày 01/02/2026, thay thế Quyết định số 342-QĐ/TW)"
)
UNCHECKED = "(chưa đối chiếu được nguyên văn)"

START_342 = dt.date(2011, 4, 1)
START_HD03 = dt.date(2016, 7, 6)
START_01 = dt.date(2026, 2, 1)
START_01_STEP2 = dt.date(2028, 1, 1)


def _amounts(value: Any) -> list[str]:
    """Every leaf of `value` must be a whole, non-negative number written as a string."""
    errors: list[str] = []

    def walk(v: Any, where: str) -> None:
        if isinstance(v, dict):
            for k, item in v.items():
                walk(item, f"{where}{k} ")
            return
        try:
            number = Decimal(str(v))
        except InvalidOperation:
            number = None
        if not isinstance(v, str) or number is None or not number.is_finite() or number < 0:
            errors.append(
                f"Giá trị «{v}» ({where.strip()}) phải là một số không âm, viết "
                'trong dấu nháy (ví dụ "1" hoặc "0.5").'
            )

    walk(value, "")
    return errors


def _percents(value: Any) -> list[str]:
    errors = _amounts(value)

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for item in v.values():
                walk(item)
        elif not errors and Decimal(v) > 100:
            errors.append(f"Tỷ lệ «{v}» lớn hơn 100%; hãy nhập phần trăm từ 0 đến 100.")

    walk(value)
    return errors


PERCENT_342 = {"STATE": "1", "ARMED": "1", "PENSION": "0.5", "ENTERPRISE": "1", "ABROAD": "1"}

register_rule(
    "dues.percent",
    "Đảng phí: tỷ lệ (%) trên thu nhập hằng tháng làm căn cứ, theo đối tượng",
    (
        START_342,
        PERCENT_342,
        f"{QD342}, mục B: đảng viên hưởng tiền lương, phụ cấp trong cơ quan, lực lượng vũ "
        "trang, doanh nghiệp, đơn vị sự nghiệp đóng 1% tiền lương, phụ cấp, tiền công; đảng "
        f"viên hưởng lương bảo hiểm xã hội đóng 0,5%; {CV141} hướng dẫn các khoản tính. "
        f"Đảng viên ở ngoài nước hưởng lương, sinh hoạt phí: 1% {UNCHECKED}.",
    ),
    (
        START_01,
        PERCENT_342 | {"SICK_MATERNITY": "1"},
        f"{QD01}: đảng viên tham gia bảo hiểm xã hội bắt buộc đóng 1% tiền lương làm căn cứ "
        "đóng bảo hiểm xã hội bắt buộc của tháng trước liền kề (nghỉ ốm đau, thai sản: 1% trợ "
        "cấp); đảng viên hưởng lương hưu đóng 0,5% lương hưu; đảng viên làm việc tại cơ quan "
        "đại diện ở nước ngoài, lưu học sinh bằng ngân sách nhà nước đóng 1% sinh hoạt phí "
        "(theo tin của báo chí ngày 06–08/02/2026; chưa đối chiếu được nguyên văn). Đảng "
        "viên nghỉ ốm đau, thai sản hưởng chế độ do cơ quan bảo hiểm xã hội chi trả đóng 1% "
        "mức trợ cấp (đối tượng riêng; Quyết định số 342-QĐ/TW không nêu riêng trường hợp "
        "này nên trước ngày 01/02/2026 đối tượng đó không có tỷ lệ).",
    ),
    use="Số phải đóng hằng tháng của đảng viên đóng theo tỷ lệ (hưởng lương, phụ cấp từ ngân "
    "sách, lực lượng vũ trang, làm việc trong doanh nghiệp, hưởng lương hưu, ở ngoài nước có "
    "sinh hoạt phí, nghỉ ốm đau, thai sản hưởng trợ cấp): thu nhập (với người nghỉ ốm đau, "
    "thai sản: mức trợ cấp) ghi trong căn cứ đóng đảng phí nhân tỷ lệ của tháng đó. Văn bản "
    "không nói cách làm tròn; Đảng vụ làm tròn đến đồng (nửa đồng làm tròn lên). Mỗi tháng "
    "dùng tỷ lệ có hiệu lực vào ngày đầu tháng.",
    check=_percents,
)

register_rule(
    "dues.fixed",
    "Đảng phí: mức đóng cố định hằng tháng (đồng), theo đối tượng và địa bàn",
    (
        START_342,
        {
            "OTHER": {"METRO": "2000", "URBAN": "2000", "RURAL": "2000", "REMOTE": "2000"},
            "OTHER_AGED": {"METRO": "1000", "URBAN": "1000", "RURAL": "1000", "REMOTE": "1000"},
            "STUDENT": {"METRO": "2000", "URBAN": "2000", "RURAL": "2000", "REMOTE": "2000"},
            "ABROAD": {"METRO": "30000", "URBAN": "30000", "RURAL": "30000", "REMOTE": "30000"},
        },
        f"{QD342}, mục B: đảng viên khác ở trong nước đóng theo mức cố định trong khung từ "
        "2.000 đồng/tháng do cấp ủy quy định; Đảng vụ lấy mức thấp nhất của khung (ngoài độ "
        "tuổi lao động: một nửa, 1.000 đồng). Đảng viên "
        f"ở ngoài nước không có sinh hoạt phí: 30.000 đồng/tháng {UNCHECKED}.",
    ),
    (
        START_HD03,
        {
            "OTHER": {"METRO": "10000", "URBAN": "8000", "RURAL": "6000", "REMOTE": "4000"},
            "OTHER_AGED": {"METRO": "5000", "URBAN": "4000", "RURAL": "3000", "REMOTE": "2000"},
            "STUDENT": {"METRO": "3000", "URBAN": "3000", "RURAL": "3000", "REMOTE": "3000"},
            "ABROAD": {"METRO": "30000", "URBAN": "30000", "RURAL": "30000", "REMOTE": "30000"},
        },
        f"{HD03}: đảng viên khác trong độ tuổi lao động ở nội thành thành phố trực thuộc Trung "
        "ương 10.000 đồng/tháng; nội thành đô thị loại I, II, III 8.000 đồng; miền núi, vùng "
        "sâu, vùng xa, biên giới, hải đảo 4.000 đồng; các khu vực còn lại 6.000 đồng (ngoài độ "
        "tuổi lao động đóng 50%). Học sinh, sinh viên 3.000 đồng/tháng và đảng viên ở ngoài "
        f"nước 30.000 đồng/tháng {UNCHECKED}.",
    ),
    (
        START_01,
        {
            "OTHER": {"METRO": "15930", "URBAN": "14190", "RURAL": "12420", "REMOTE": "11100"},
            "OTHER_AGED": {"METRO": "10620", "URBAN": "9460", "RURAL": "8280", "REMOTE": "7400"},
            "STUDENT": {"METRO": "5000", "URBAN": "5000", "RURAL": "5000", "REMOTE": "5000"},
            "ABROAD": {"METRO": "30000", "URBAN": "30000", "RURAL": "30000", "REMOTE": "30000"},
        },
        f"{QD01}: học sinh, sinh viên 5.000 đồng/tháng; đảng viên khác ở ngoài nước từ "
        "30.000 đến 400.000 đồng/tháng (Đảng vụ lấy mức thấp nhất) — theo tin của báo chí "
        "ngày 06–08/02/2026. Đảng viên không tham gia bảo hiểm xã hội bắt buộc, chưa đến tuổi "
        "nghỉ hưu: 0,3% lương tối thiểu vùng trong năm 2026–2027, đã đến tuổi nghỉ hưu: 0,2%; "
        "Đảng vụ tính trên lương tối "
        "thiểu tháng từ 01/01/2026 theo Nghị định số 293/2025/NĐ-CP (vùng I 5.310.000, II "
        "4.730.000, III 4.140.000, IV 3.700.000 đồng), vùng I ứng với nội thành thành phố "
        "trực thuộc Trung ương, II với đô thị, III với nông thôn, IV với miền núi, vùng sâu "
        f"{UNCHECKED}.",
    ),
    (
        START_01_STEP2,
        {
            "OTHER": {"METRO": "26550", "URBAN": "23650", "RURAL": "20700", "REMOTE": "18500"},
            "OTHER_AGED": {"METRO": "15930", "URBAN": "14190", "RURAL": "12420", "REMOTE": "11100"},
            "STUDENT": {"METRO": "5000", "URBAN": "5000", "RURAL": "5000", "REMOTE": "5000"},
            "ABROAD": {"METRO": "30000", "URBAN": "30000", "RURAL": "30000", "REMOTE": "30000"},
        },
        f"{QD01}: từ năm 2028 đảng viên không tham gia bảo hiểm xã hội bắt buộc, chưa đến "
        "tuổi nghỉ hưu đóng 0,5% lương tối thiểu vùng, đã đến tuổi nghỉ hưu 0,3%; Đảng vụ tính "
        "trên lương tối thiểu vùng "
        "năm 2026 — quản trị viên ghi phiên bản mới khi lương tối thiểu vùng thay đổi "
        f"{UNCHECKED}.",
    ),
    use="Số phải đóng hằng tháng của đảng viên đóng mức cố định (nông dân, lao động tự do và "
    "đảng viên khác không có lương; học sinh, sinh viên; đảng viên ở ngoài nước không có "
    "sinh hoạt phí), theo địa bàn ghi trong căn cứ; đảng viên khác ngoài độ tuổi lao động "
    "(đã đến tuổi nghỉ hưu) có mức riêng; đảng viên ở ngoài nước có sinh hoạt phí đóng theo "
    "tỷ lệ trên sinh hoạt phí. Mỗi tháng dùng mức có hiệu lực vào ngày đầu tháng.",
    check=_amounts,
)

RETENTION_342 = {
    "CELL": "30",
    "SUB_COMMITTEE": "0",
    "GROUP": "0",
    "GRASSROOTS": {"COMMUNE": "90", "AGENCY": "70", "ENTERPRISE": "70", "ARMED": "70"},
    "BLOC": "50",
}

register_rule(
    "dues.retention",
    "Đảng phí: tỷ lệ (%) tổ chức đảng được trích để lại của số thu, theo cấp",
    (
        START_342,
        RETENTION_342,
        f"{QD342}, mục C: chi bộ trực thuộc đảng ủy cơ sở được trích để lại từ 30% đến 50% "
        "(Đảng vụ lấy 30%, đảng ủy cơ sở quyết định mức khác bằng phiên bản mới), nộp phần "
        "còn lại lên đảng ủy cơ sở; tổ chức cơ sở đảng ở xã, phường, thị trấn được trích để "
        "lại 90%; các tổ chức cơ sở đảng khác được trích để lại 70%; các cấp trên cơ sở, mỗi "
        "cấp được trích để lại 50% và nộp 50% lên cấp ủy cấp trên. Văn bản không nêu riêng "
        "đảng bộ bộ phận và tổ đảng: Đảng vụ coi là chuyển nguyên số thu lên.",
    ),
    (
        START_01,
        RETENTION_342,
        f"{QD01}: quy định nguyên tắc phân bổ đảng phí của tổ chức đảng các cấp; tỷ lệ trích "
        "để lại theo quy định mới chưa tìm được nên Đảng vụ giữ tỷ lệ của Quyết định số "
        f"342-QĐ/TW {UNCHECKED}.",
    ),
    use="Phần chi bộ trực thuộc, tổ chức cơ sở đảng (theo loại đơn vị: xã, phường, thị trấn "
    "hay cơ quan, doanh nghiệp, lực lượng vũ trang) và đảng bộ cấp trên cơ sở được giữ lại "
    "của số thu hoặc số nhận từ cấp dưới; phần còn lại nộp lên cấp trên. Số giữ lại làm tròn "
    "đến đồng (nửa đồng làm tròn lên), phần nộp lên là số còn lại, nên hai số cộng lại đúng "
    "bằng số thu. Mỗi tháng dùng tỷ lệ có hiệu lực vào ngày đầu tháng.",
    check=_percents,
)


SOURCES_01 = (
    "theo các bài giới thiệu Quy định số 01-QĐ/TW: báo Dân trí, VietNamNet ngày 06/02/2026, "
    "thông báo của Đảng ủy Trường Đại học Y khoa Phạm Ngọc Thạch"
)


def _party_age_exemption(value: Any) -> list[str]:
    if not isinstance(value, dict) or set(value) != {"years"}:
        return ['Giá trị phải có dạng {"years": "50"} (số năm tuổi Đảng; "0" là không miễn).']
    return _amounts(value)


register_rule(
    "dues.party_age_exemption",
    "Đảng phí: số năm tuổi Đảng được miễn đóng",
    (
        START_342,
        {"years": "0"},
        f"{QD342}: không có trường hợp miễn đóng đảng phí theo tuổi Đảng.",
    ),
    (
        START_01,
        {"years": "50"},
        f"{QD01}: đảng viên có từ đủ 50 năm tuổi Đảng trở lên được miễn đóng đảng phí "
        f"({SOURCES_01}; {UNCHECKED[1:-1]}).",
    ),
    use="Đảng viên có tuổi Đảng (tính từ ngày quyết định kết nạp, trừ thời gian không sinh "
    "hoạt Đảng, như huy hiệu Đảng) đủ số năm này vào một ngày nào đó của tháng được miễn "
    "đóng đảng phí từ chính tháng đó, không cần quyết định: số phải đóng, số nợ, trang thu "
    'của chi bộ và các tệp nhập đều tính là miễn («Miễn (50 năm tuổi Đảng)»). "0" là không '
    "miễn theo tuổi Đảng. Mỗi tháng dùng giá trị có hiệu lực vào ngày đầu tháng.",
    check=_party_age_exemption,
)


def _reduction(value: Any) -> list[str]:
    shape = (
        'Giá trị phải có dạng {"percents": ["30", "50", "70"], "max_months": "12"} (các mức '
        'giảm được phép, số tháng tối đa của một lần miễn, giảm; "0" là không giới hạn).'
    )
    if (
        not isinstance(value, dict)
        or set(value) != {"percents", "max_months"}
        or not isinstance(value["percents"], list)
    ):
        return [shape]
    errors = _amounts({"max_months": value["max_months"]})
    for p in value["percents"]:
        errors += _percents({"percent": p})
        if not errors and Decimal(p) != Decimal(p).to_integral_value():
            errors.append(f"Mức giảm «{p}» phải là số phần trăm chẵn.")
    return errors


register_rule(
    "dues.reduction",
    "Đảng phí: các mức giảm (%) và thời hạn tối đa (tháng) của một lần miễn, giảm",
    (
        START_342,
        {"percents": [], "max_months": "0"},
        f"{QD342}: cấp ủy xét giảm mức đóng cho đảng viên có khó khăn, không quy định mức "
        "giảm theo tỷ lệ và thời hạn (Đảng vụ ghi số tiền sau khi giảm).",
    ),
    (
        START_01,
        {"percents": ["30", "50", "70"], "max_months": "12"},
        f"{QD01}: đảng viên gặp khó khăn về tài chính được xét giảm 30%, 50% hoặc 70% mức "
        "đóng; mỗi lần xét miễn, giảm tối đa 12 tháng; đảng viên hưởng trợ cấp hưu trí xã "
        "hội và đảng viên có hoàn cảnh đặc biệt khó khăn (hộ nghèo, cận nghèo, bệnh hiểm "
        f"nghèo) có đơn được miễn ({SOURCES_01}; {UNCHECKED[1:-1]}).",
    ),
    use="Căn cứ đóng đảng phí ghi giảm theo một trong các mức này (phần trăm của mức phải "
    "đóng, làm tròn đến đồng); khi danh sách trống, ghi số tiền sau khi giảm. Một lần miễn "
    "hoặc giảm ghi tháng cuối cùng («miễn, giảm đến hết tháng»), không quá số tháng tối đa "
    "tính cả tháng bắt đầu; sau tháng đó đảng viên đóng đủ mức. Danh sách việc đến hạn nêu "
    "những lần miễn, giảm hết hạn vào tháng sau để chi bộ xem xét lại. Dùng giá trị có hiệu "
    "lực vào tháng bắt đầu của căn cứ.",
    check=_reduction,
)
