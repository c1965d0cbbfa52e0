"""The rules of the annual quality rating as dated data (see dangvu.core.rules).

A year is rated by the versions in force on its last day (or on the day a member's time on
the books, or an organisation, ended that year): Quy định 132-QĐ/TW (2018) with the
Central Organisation Board's guidance 16-HD/BTCTW (2018) and 21-HD/BTCTW (2019), Quy định
124-QĐ/TW (2023), and Quy định 366-QĐ/TW (2025), which brings the 100-point scale. A figure
the texts' wording could not be checked against says so in its source.

Grades are the codes of `dangvu.office.models.Rating` (EXCELLENT, GOOD, COMPLETED,
NOT_COMPLETED); reasons for not rating are codes of `dangvu.rating.models.NotRatedReason`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvu.core.rules import register_rule

QD132 = (
    "Quy định số 132-QĐ/TW ngày 08/3/2018 của Bộ Chính trị về việc kiểm điểm và đánh giá, "
    "xếp loại chất lượng hằng năm đối với tập thể, cá nhân trong hệ thống chính trị"
)
HD16 = (
    "Hướng dẫn số 16-HD/BTCTW ngày 24/9/2018 của Ban Tổ chức Trung ương về kiểm điểm, đánh "
    "giá, xếp loại chất lượng hằng năm đối với tổ chức đảng, đảng viên"
)
HD21 = (
    "Hướng dẫn số 21-HD/BTCTW ngày 18/10/2019 của Ban Tổ chức Trung ương (thay Hướng dẫn "
    "16-HD/BTCTW)"
)
QD124 = (
    "Quy định số 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị về kiểm điểm và đánh giá, xếp "
    "loại chất lượng hằng năm đối với tập thể, cá nhân trong hệ thống chính trị (thay Quy "
    "định 132-QĐ/TW)"
)
QD366 = (
    "Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị về việc kiểm điểm và đánh giá, "
    "xếp loại chất lượng đối với tập thể, cá nhân trong hệ thống chính trị (thay Quy định "
    "124-QĐ/TW)"
)
UNCHECKED = "chưa đối chiếu được nguyên văn"

START_132 = dt.date(2018, 3, 8)
START_HD21 = dt.date(2019, 10, 18)
START_124 = dt.date(2023, 10, 4)
START_366 = dt.date(2025, 8, 30)

GRADES = ("EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED")
MEMBER_REASONS = ("EXEMPT", "NEW_MEMBER", "LONG_LEAVE", "LEFT", "OTHER")
ORG_REASONS = ("NEW_ORGANISATION", "LEFT", "OTHER")


def _grade_errors(value: Any, where: str) -> list[str]:
    if value in GRADES:
        return []
    return [
        f"«{value}» ({where}) không phải mức xếp loại; hãy dùng một trong: {', '.join(GRADES)}."
    ]


def _scheme_errors(value: Any) -> list[str]:
    errors: list[str] = []
    scale = value.get("scale")
    if isinstance(scale, dict):
        for key, low in scale.items():
            errors += _grade_errors(key, "thang điểm")
            if not isinstance(low, int | float) or isinstance(low, bool) or not 0 <= low <= 100:
                errors.append(f"Điểm thấp nhất của mức «{key}» phải là số từ 0 đến 100.")
        lows = [scale.get(g) for g in GRADES if g in scale]
        if not errors and lows != sorted(lows, reverse=True):
            errors.append("Điểm thấp nhất của các mức phải giảm dần từ «xuất sắc» xuống.")
    cap = value.get("excellent_cap_percent")
    if isinstance(cap, int) and not 0 <= cap <= 100:
        errors.append("Tỷ lệ «xuất sắc» tối đa phải từ 0 đến 100 (phần trăm).")
    errors += _grade_errors(value.get("excellent_cap_base"), "mức làm căn cứ tính tỷ lệ")
    return errors


SCHEME_QUOTA = (
    "số đảng viên được xếp loại «Hoàn thành xuất sắc nhiệm vụ» không vượt quá 20% số đảng "
    "viên được xếp loại «Hoàn thành tốt nhiệm vụ» trong từng tổ chức cơ sở đảng"
)

register_rule(
    "rating.scheme",
    "Xếp loại chất lượng: thang điểm và tỷ lệ «Hoàn thành xuất sắc nhiệm vụ» tối đa",
    (
        START_132,
        {"scale": None, "excellent_cap_percent": 20, "excellent_cap_base": "GOOD"},
        f"{QD132}; {HD16}, mục khung tiêu chuẩn các mức chất lượng: {SCHEME_QUOTA}; tổ chức "
        f"đảng tương tự ({UNCHECKED} về tổ chức đảng). Không có thang điểm.",
    ),
    (
        START_HD21,
        {"scale": None, "excellent_cap_percent": 20, "excellent_cap_base": "GOOD"},
        f"{HD21}, điểm 2.3 khung tiêu chuẩn các mức chất lượng: cấp có thẩm quyền xem xét, "
        f"quyết định {SCHEME_QUOTA} (đối chiếu qua bản trích dẫn).",
    ),
    (
        START_124,
        {"scale": None, "excellent_cap_percent": 20, "excellent_cap_base": "GOOD"},
        f"{QD124}, Điều 12 (bốn mức xếp loại) và tỷ lệ xuất sắc không quá 20% số hoàn thành "
        f"tốt nhiệm vụ ({UNCHECKED}).",
    ),
    (
        START_366,
        {
            "scale": {"EXCELLENT": 90, "GOOD": 70, "COMPLETED": 50},
            "excellent_cap_percent": 20,
            "excellent_cap_base": "GOOD",
        },
        f"{QD366}, Điều 11: thang điểm 100 (nhóm tiêu chí chung 30 điểm, kết quả thực hiện "
        "nhiệm vụ 70 điểm); hoàn thành xuất sắc nhiệm vụ từ 90 điểm trở lên, hoàn thành tốt "
        "từ 70 đến dưới 90 điểm, hoàn thành nhiệm vụ từ 50 đến dưới 70 điểm, dưới 50 điểm "
        "không hoàn thành nhiệm vụ (đối chiếu qua báo chí ngày 20/9/2025 và bản trích khoản 1 "
        f"Điều 11). Tỷ lệ xuất sắc không quá 20% số hoàn thành tốt: giữ như trước ({UNCHECKED}).",
    ),
    use="Mỗi năm dùng phiên bản có hiệu lực vào ngày 31/12 của năm đó. «scale»: điểm thấp "
    "nhất của từng mức; khi có thang điểm, phải ghi điểm cùng mức xếp loại và mức phải khớp "
    "với điểm (dưới điểm thấp nhất của «hoàn thành» là «không hoàn thành»); null là năm "
    "không chấm điểm. Khi tổ chức cơ sở đảng quyết định xếp loại đảng viên (cấp trên quyết "
    "định xếp loại tổ chức đảng), số «xuất sắc» không được vượt quá «excellent_cap_percent» "
    "phần trăm (làm tròn xuống) số được xếp mức «excellent_cap_base» trong cùng tổ chức "
    "quyết định và cùng năm; lời từ chối nêu số đã xếp, số được phép và số còn được.",
    check=_scheme_errors,
)


def _not_rated_errors(value: Any) -> list[str]:
    errors: list[str] = []
    for key in ("new_member_months", "new_organisation_months"):
        months = value.get(key)
        if isinstance(months, int) and not 0 <= months <= 24:
            errors.append(f"«{key}» phải là số tháng từ 0 đến 24.")
    for key, allowed in (("member_reasons", MEMBER_REASONS), ("org_reasons", ORG_REASONS)):
        for code in value.get(key, []):
            if code not in allowed:
                errors.append(
                    f"«{code}» ({key}) không phải lý do không xếp loại; hãy dùng một trong: "
                    f"{', '.join(allowed)}."
                )
    return errors


NOT_RATED_132 = {
    "new_member_months": 0,
    "new_organisation_months": 6,
    "exempt_not_rated": True,
    "suspended_not_rated": False,
    "member_reasons": ["EXEMPT", "LEFT", "OTHER"],
    "org_reasons": ["NEW_ORGANISATION", "LEFT", "OTHER"],
}

register_rule(
    "rating.not_rated",
    "Xếp loại chất lượng: đảng viên, tổ chức đảng không đánh giá, xếp loại",
    (
        START_132,
        NOT_RATED_132,
        f"{QD132}; {HD16}: đảng viên trong toàn Đảng đều đánh giá, xếp loại, trừ đảng viên "
        "được miễn công tác và sinh hoạt đảng (đối chiếu qua bản trích dẫn); tổ chức đảng mới "
        f"thành lập chưa đủ 6 tháng ({UNCHECKED}). Đảng viên chuyển đi, ra khỏi Đảng, từ trần "
        "trước khi đánh giá thì nơi đó không xếp loại.",
    ),
    (
        START_HD21,
        NOT_RATED_132 | {"suspended_not_rated": True},
        f"{HD21}: bổ sung đảng viên bị đình chỉ sinh hoạt đảng không đánh giá, xếp loại (cấp "
        "ủy viên bị đình chỉ sinh hoạt cấp ủy vẫn đánh giá, xếp loại); ghi lý do «khác» "
        f"(đối chiếu qua bản trích dẫn); tổ chức đảng mới thành lập ({UNCHECKED}).",
    ),
    (
        START_124,
        NOT_RATED_132
        | {
            "new_member_months": 6,
            "suspended_not_rated": True,
            "member_reasons": ["EXEMPT", "NEW_MEMBER", "LEFT", "OTHER"],
        },
        f"{QD124}, Điều 5, khoản 2, điểm 2.1: đảng viên trong toàn Đảng, trừ đảng viên được "
        "miễn công tác và sinh hoạt đảng, đảng viên bị đình chỉ sinh hoạt đảng, đảng viên mới "
        "kết nạp chưa đủ 6 tháng (đối chiếu qua bản trích dẫn); tổ chức đảng mới thành lập "
        f"({UNCHECKED}).",
    ),
    (
        START_366,
        NOT_RATED_132
        | {
            "new_member_months": 6,
            "suspended_not_rated": True,
            "member_reasons": ["EXEMPT", "NEW_MEMBER", "LEFT", "OTHER"],
        },
        f"{QD366}: giữ các trường hợp như Quy định 124-QĐ/TW ({UNCHECKED}).",
    ),
    use="Đảng viên có tên trong danh sách của chi bộ trong năm mà không xếp loại phải ghi một "
    "lý do trong «member_reasons» (tổ chức đảng: «org_reasons»). «Mới kết nạp» chỉ được "
    "khi ngày kết nạp (ngày vào Đảng) cách ngày 31/12 của năm ít hơn «new_member_months» "
    "tháng; «mới thành lập» chỉ được khi tổ chức thành lập chưa đủ «new_organisation_months» "
    "tháng; «miễn sinh hoạt» khi «exempt_not_rated». Đảng viên bị đình chỉ sinh hoạt đảng "
    "(«suspended_not_rated») ghi lý do «khác». Danh sách đảng viên chưa xếp loại đọc quy "
    "định này.",
    check=_not_rated_errors,
)


def _limits_errors(value: Any) -> list[str]:
    errors = _grade_errors(value.get("disciplined_member_max"), "đảng viên bị kỷ luật") + (
        _grade_errors(value.get("disciplined_org_max"), "tổ chức đảng bị kỷ luật")
    )
    needs = value.get("excellent_org_needs")
    if needs is not None:
        if not isinstance(needs, dict):
            return [*errors, "«excellent_org_needs» phải là một đối tượng JSON hoặc null."]
        errors += _grade_errors(needs.get("at_least"), "mức tối thiểu của tổ chức xuất sắc")
        percent = needs.get("good_percent")
        if not isinstance(percent, int | float) or not 0 <= percent <= 100:
            errors.append("«good_percent» phải là một số từ 0 đến 100.")
    return errors


LIMITS_132 = {
    "disciplined_member_max": "NOT_COMPLETED",
    "disciplined_org_max": "NOT_COMPLETED",
    "excellent_org_needs_no_discipline_below": False,
}
LIMITS_HD21 = LIMITS_132 | {"excellent_org_needs": {"at_least": "COMPLETED", "good_percent": 80}}

register_rule(
    "rating.limits",
    "Xếp loại chất lượng: mức cao nhất khi bị kỷ luật trong năm và điều kiện của tổ chức đảng",
    (
        START_132,
        LIMITS_132,
        f"{HD16}: đảng viên bị thi hành kỷ luật trong năm là đảng viên không hoàn thành nhiệm "
        "vụ (một vi phạm bị xử lý kỷ luật chỉ tính một lần khi xếp loại; đối chiếu qua bản "
        f"trích dẫn); tổ chức đảng bị kỷ luật trong năm: không hoàn thành nhiệm vụ ({UNCHECKED}).",
    ),
    (
        START_HD21,
        LIMITS_HD21,
        f"{HD21}, mục II, điểm B: đảng viên bị thi hành kỷ luật trong năm là không hoàn thành "
        "nhiệm vụ; tập thể có thành viên lãnh đạo bị kỷ luật từ cảnh cáo trở lên là không "
        "hoàn thành nhiệm vụ (một vi phạm chỉ tính một lần khi xếp loại; đối chiếu qua bản "
        "trích dẫn). Phần II.B, mục 1, tiểu mục 1.3: tổ chức đảng hoàn thành xuất sắc nhiệm vụ "
        "phải có 100% đảng viên (chi bộ) hoặc tổ chức đảng trực thuộc (đảng bộ) được xếp loại "
        "hoàn thành nhiệm vụ trở lên, trong đó từ 80% hoàn thành tốt nhiệm vụ trở lên (đối "
        "chiếu qua bản trích dẫn).",
    ),
    (
        START_124,
        LIMITS_HD21,
        f"{QD124}, Điều 12: giữ như Hướng dẫn 21-HD/BTCTW ({UNCHECKED}).",
    ),
    (
        START_366,
        LIMITS_HD21 | {"excellent_org_needs_no_discipline_below": True},
        f"{QD366}, Điều 11, khoản 1: tập thể hoàn thành xuất sắc nhiệm vụ phải không có đơn vị "
        "trực thuộc hoặc thành viên của tập thể lãnh đạo, quản lý bị kỷ luật (đối chiếu qua "
        f"bản trích dẫn); đảng viên, tổ chức đảng bị kỷ luật trong năm: như trước ({UNCHECKED}).",
    ),
    use="Đảng viên có quyết định kỷ luật (chưa hủy) ký trong năm đánh giá không được xếp cao "
    "hơn «disciplined_member_max»; tổ chức đảng bị kỷ luật trong năm không được xếp cao hơn "
    "«disciplined_org_max». Khi «excellent_org_needs_no_discipline_below», tổ chức đảng có "
    "tổ chức trực thuộc bị kỷ luật trong năm không được xếp «xuất sắc». Lời từ chối nêu "
    'quyết định kỷ luật. Khi có «excellent_org_needs» ({"at_least": mức, "good_percent": '
    "số}), tổ chức đảng chỉ được xếp «xuất sắc» khi mọi đảng viên của chi bộ (mọi tổ chức đảng "
    "do đảng bộ xếp loại) đã có quyết định xếp loại đạt từ «at_least» trở lên và tỷ lệ «tốt» "
    "trở lên đạt «good_percent».",
    check=_limits_errors,
)


def _window_errors(value: Any) -> list[str]:
    errors: list[str] = []
    for key in ("opens_month", "deadline_month"):
        month = value.get(key)
        if isinstance(month, int) and not 1 <= month <= 12:
            errors.append(f"«{key}» phải là tháng từ 1 đến 12.")
    day = value.get("deadline_day")
    if isinstance(day, int) and not 1 <= day <= 31:
        errors.append("«deadline_day» phải là ngày từ 1 đến 31.")
    return errors


register_rule(
    "rating.review_window",
    "Xếp loại chất lượng: thời gian kiểm điểm, đánh giá hằng năm (tháng mở đợt, hạn hoàn thành)",
    (
        START_132,
        {"opens_month": 12, "deadline_month": 1, "deadline_day": 31},
        f"{HD16}: kiểm điểm, đánh giá, xếp loại vào dịp cuối năm, cấp cơ sở trong tháng 12, "
        f"cấp trên cơ sở xong trong tháng 01 năm sau ({UNCHECKED}; quản trị viên có thể đổi).",
    ),
    use="Khi mở đợt đánh giá của năm mà không ghi hạn, hạn hoàn thành là ngày «deadline_day» "
    "tháng «deadline_month» (tháng nhỏ hơn tháng mở đợt là của năm sau); trang đợt đánh giá "
    "nhắc từ tháng «opens_month» của năm.",
    check=_window_errors,
)
