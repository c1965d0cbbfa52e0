"""The statute of limitations of discipline (thời hiệu xử lý kỷ luật), from dated rules.

Shared by the member ledger's discipline action and the organisations' decisions, so that
every way of recording a discipline applies the same rule in force on the decision date.
"""

from __future__ import annotations

import datetime as dt

from dangvu.core.errors import DomainError
from dangvu.core.rules import rule
from dangvu.lib.vnformat import fmt_date

FORM_LABELS = {
    "REPRIMAND": "khiển trách",
    "WARNING": "cảnh cáo",
    "DISMISSAL": "cách chức",
    "EXPULSION": "khai trừ",
    "DISSOLUTION": "giải tán",
}


def limitation_end(
    target: str, form: str, violation_date: dt.date, decision_date: dt.date
) -> dt.date | None:
    """The last day on which `form` may be decided for a violation of that date, or None.

    `target` is "members" or "organisations"; the rule in force on the decision date applies.
    """
    years = rule(f"discipline.limitation_years.{target}", decision_date).get(form)
    if years is None:
        return None
    try:
        return violation_date.replace(year=violation_date.year + int(years))
    except ValueError:  # 29/02 of a leap year
        return violation_date.replace(year=violation_date.year + int(years), day=28)


def check_limitation(
    target: str, form: str, violation_date: dt.date, decision_date: dt.date
) -> None:
    """Refuse a decision taken after the statute of limitations of its form has run."""
    if violation_date > decision_date:
        raise DomainError("Ngày vi phạm không thể sau ngày quyết định.", field="violation_date")
    end = limitation_end(target, form, violation_date, decision_date)
    if end is not None and decision_date > end:
        years = end.year - violation_date.year
        raise DomainError(
            f"Đã hết thời hiệu xử lý kỷ luật: hình thức {FORM_LABELS.get(form, form)} chỉ "
            f"áp dụng trong {years} năm kể từ ngày vi phạm {fmt_date(violation_date)} (đến "
            f"hết ngày {fmt_date(end)}); ngày quyết định là {fmt_date(decision_date)}.",
            field="violation_date",
        )
