"""The statute of limitations of discipline (thời hiệu xử lý kỷ luật), from dated rules.

Shared by the member ledger's discipline action and the organisations' decisions, so that
every way of recording a discipline applies the same rule in force on the decision date:

- the years run from the violation, by the form its gravity calls for (rule
  `discipline.limitation_years.<target>`; null: no limitation, as for expulsion);
- no limitation for a violation that the deciding body judges to be at the level of
  expulsion (of dissolution, for an organisation), even when it decides a lighter form;
- none for the categories the regulation lists (rule `discipline.limitation_exempt_categories`:
  internal political security; national security and defence; foreign affairs; illegal
  degrees and certificates, for members);
- a new violation within the period restarts the clock from the new violation;
- the period runs to the day the competent body concludes that the violation warrants
  discipline (ngày kết luận vi phạm; Quy định 102-QĐ/TW, Điều 3, khoản 1; Quy định
  69-QĐ/TW, Điều 4), not to the decision that follows it; left blank, the decision date.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from dangvu.core.errors import DomainError
from dangvu.core.rules import NoRuleInForce, rule
from dangvu.lib.vnformat import fmt_date

# The help of the conclusion date, the same on the pages and in the imports' columns.
CONCLUSION_DATE_HELP = (
    "Ngày tổ chức đảng có thẩm quyền kết luận vi phạm đến mức phải thi hành kỷ luật; thời "
    "hiệu tính đến ngày này. Để trống: tính đến ngày quyết định."
)

# Heaviest first, as party reports list them.
FORM_LABELS = {
    "EXPULSION": "khai trừ",
    "DISSOLUTION": "giải tán",
    "DISMISSAL": "cách chức",
    "WARNING": "cảnh cáo",
    "REPRIMAND": "khiển trách",
}


class ViolationCategory(models.TextChoices):
    """What the violation is about, for the limitation (Quy định 69-QĐ/TW, Điều 4)."""

    OTHER = "OTHER", "Vi phạm khác"
    INTERNAL_POLITICS = "INTERNAL_POLITICS", "Về chính trị nội bộ"
    SECURITY_DEFENCE = "SECURITY_DEFENCE", "Về quốc phòng, an ninh, xâm hại lợi ích quốc gia"
    FOREIGN_AFFAIRS = "FOREIGN_AFFAIRS", "Về đối ngoại, xâm hại lợi ích quốc gia"
    ILLEGAL_DEGREE = (
        "ILLEGAL_DEGREE",
        "Sử dụng văn bằng, chứng chỉ, chứng nhận không hợp pháp",
    )


def _plus_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/02 of a leap year
        return day.replace(year=day.year + years, day=28)


def limitation_years(target: str, form: str, decision_date: dt.date) -> int | None:
    """Years of limitation of `form` under the rule in force on the decision date."""
    years = rule(f"discipline.limitation_years.{target}", decision_date).get(form)
    return None if years is None else int(years)


def exempt_categories(target: str, decision_date: dt.date) -> list[str]:
    """The categories of violation to which no limitation applies on the decision date."""
    try:
        return list(rule("discipline.limitation_exempt_categories", decision_date).get(target, []))
    except NoRuleInForce:  # before the first text that set a limitation at all
        return []


def limitation_end(
    target: str, form: str, violation_date: dt.date, decision_date: dt.date
) -> dt.date | None:
    """The last day on which `form` may be decided for a violation of that date, or None.

    `target` is "members" or "organisations"; the rule in force on the decision date applies.
    """
    years = limitation_years(target, form, decision_date)
    return None if years is None else _plus_years(violation_date, years)


def check_limitation(
    target: str,
    form: str,
    violation_date: dt.date,
    decision_date: dt.date,
    *,
    category: str = "",
    expulsion_level: bool = False,
    later_violation_date: dt.date | None = None,
    conclusion_date: dt.date | None = None,
) -> None:
    """Refuse a decision whose violation was concluded after the limitation of its form ran.

    `category` is a `ViolationCategory`; `expulsion_level` says the deciding body judged
    the violation to be at the level of expulsion (dissolution); `later_violation_date`
    is the date of a new violation committed within the period, which restarts it;
    `conclusion_date` is the day the competent body concluded that the violation warrants
    discipline, to which the period is counted (None: the decision date). The rule in
    force on the decision date applies.
    """
    if violation_date > decision_date:
        raise DomainError("Ngày vi phạm không thể sau ngày quyết định.", field="violation_date")
    check_conclusion_date(violation_date, conclusion_date, decision_date)
    concluded = conclusion_date or decision_date
    if category and category not in ViolationCategory.values:
        raise DomainError("Loại vi phạm không có trong danh mục.", field="violation_category")
    if later_violation_date is not None and not (
        violation_date < later_violation_date <= concluded
    ):
        until = (
            f"ngày kết luận vi phạm ({fmt_date(concluded)})"
            if conclusion_date is not None
            else f"ngày quyết định ({fmt_date(decision_date)})"
        )
        raise DomainError(
            f"Ngày vi phạm mới ({fmt_date(later_violation_date)}) phải sau ngày vi phạm "
            f"({fmt_date(violation_date)}) và không sau {until}.",
            field="later_violation_date",
        )
    years = limitation_years(target, form, decision_date)
    if years is None or expulsion_level:
        return
    if category and category in exempt_categories(target, decision_date):
        return
    end = _plus_years(violation_date, years)
    start = violation_date
    if later_violation_date is not None:
        if later_violation_date > end:
            raise DomainError(
                f"Vi phạm mới ngày {fmt_date(later_violation_date)} xảy ra sau khi thời hiệu "
                f"{years} năm của vi phạm ngày {fmt_date(violation_date)} đã hết (hết ngày "
                f"{fmt_date(end)}), nên không tính lại thời hiệu; vi phạm cũ không còn xử lý "
                "kỷ luật được, hãy xem xét vi phạm mới bằng một quyết định riêng.",
                field="later_violation_date",
            )
        start = later_violation_date
        end = _plus_years(later_violation_date, years)
    if concluded > end:
        since = (
            f"kể từ ngày vi phạm mới {fmt_date(start)}"
            if start != violation_date
            else f"kể từ ngày vi phạm {fmt_date(violation_date)}"
        )
        reached = (
            f"ngày kết luận vi phạm là {fmt_date(concluded)}"
            if conclusion_date is not None
            else f"ngày quyết định (không ghi ngày kết luận vi phạm) là {fmt_date(decision_date)}"
        )
        raise DomainError(
            f"Đã hết thời hiệu xử lý kỷ luật: hình thức {FORM_LABELS.get(form, form)} chỉ "
            f"áp dụng trong {years} năm {since} đến khi tổ chức đảng có thẩm quyền kết luận "
            f"vi phạm (đến hết ngày {fmt_date(end)}); {reached}. Không áp dụng thời hiệu "
            "nếu vi phạm đến mức phải khai trừ (giải tán) hoặc thuộc loại vi phạm được loại "
            "trừ (chính trị nội bộ; quốc phòng, an ninh, đối ngoại; văn bằng, chứng chỉ không "
            "hợp pháp): hãy ghi rõ loại vi phạm; nếu có vi phạm mới trong thời hiệu, ghi ngày "
            "vi phạm mới; nếu tổ chức đảng đã kết luận vi phạm trước ngày quyết định, ghi ngày "
            "kết luận vi phạm.",
            field="violation_date",
        )


def check_conclusion_date(
    violation_date: dt.date, conclusion_date: dt.date | None, decision_date: dt.date
) -> None:
    """The conclusion that the violation warrants discipline lies between the violation and
    the decision that follows it."""
    if conclusion_date is None:
        return
    if conclusion_date > decision_date:
        raise DomainError(
            f"Ngày kết luận vi phạm ({fmt_date(conclusion_date)}) không thể sau ngày quyết "
            f"định kỷ luật ({fmt_date(decision_date)}): tổ chức đảng kết luận vi phạm rồi mới "
            "quyết định kỷ luật. Hãy sửa một trong hai ngày.",
            field="conclusion_date",
        )
    if conclusion_date < violation_date:
        raise DomainError(
            f"Ngày kết luận vi phạm ({fmt_date(conclusion_date)}) không thể trước ngày vi "
            f"phạm ({fmt_date(violation_date)}). Hãy sửa một trong hai ngày.",
            field="conclusion_date",
        )
