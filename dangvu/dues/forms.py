"""Forms of Party dues: they type the input (months as mm/yyyy, money in whole đồng written
the Vietnamese way, 1.250.000); the actions judge it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms

from dangvu.core.dateinput import VNDateField, VNDateInput
from dangvu.core.dates import today
from dangvu.core.fields import year_range
from dangvu.dues.models import Area, Category, Channel, Exemption
from dangvu.dues.scoping import dues_editable_organisations, recipient_organisations
from dangvu.lib.vnformat import fmt_number
from dangvu.members.models import Member
from dangvu.orgs.forms import DomainForm, OrgCodeField
from dangvu.personnel.forms import PersonField

NOTE = {"required": False, "widget": forms.Textarea(attrs={"rows": 2}), "label": "Ghi chú"}
# A province's year of dues is below 10^12 đồng; nothing typed may exceed it.
MONEY_MAX = Decimal(10) ** 12
_MONTH = re.compile(r"\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})\s*")
_ISO_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})(?:-\d{1,2})?\s*")
_DAY_MONTH = re.compile(r"\s*\d{1,2}\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*")


def parse_month(text: str) -> dt.date | None:
    """ "03/2024", "3/2024", "03-2024", "2024-03" (a link), or a whole date "15/03/2024":
    the first day of that month; None when it reads as none of these."""
    for pattern, order in ((_MONTH, (1, 2)), (_DAY_MONTH, (1, 2)), (_ISO_MONTH, (2, 1))):
        found = pattern.fullmatch(text)
        if found:
            month, year = int(found.group(order[0])), int(found.group(order[1]))
            if 1 <= month <= 12:
                return dt.date(year, month, 1)
            return None
    return None


def month_text(day: dt.date | None) -> str:
    return f"{day.month:02d}/{day.year}" if day is not None else ""


class MonthInput(forms.TextInput):
    """A month typed as mm/yyyy on a numeric keypad."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"inputmode": "numeric", "placeholder": "mm/yyyy", "autocomplete": "off"}
        super().__init__(attrs=base | (attrs or {}))

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return month_text(value)
        return super().format_value(value)


class MonthField(forms.CharField):
    """A month (its first day), typed mm/yyyy; refused in words otherwise."""

    widget = MonthInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError(
                f"«{text}» không phải là một tháng: hãy nhập tháng/năm, ví dụ 03/2024."
            )
        low, high = year_range()
        if not low <= month.year <= high:
            raise forms.ValidationError(
                f"Năm {month.year} không hợp lý: chỉ nhận từ {low} đến {high}."
            )
        return month


class MoneyField(forms.CharField):
    """Whole đồng, typed 1250000, 1.250.000 or 1 250 000; refused in words otherwise."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 24)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int):
            return fmt_number(value)
        return value

    def clean(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        digits = re.sub(r"[\s.]", "", text)
        if digits.endswith("đ") or digits.lower().endswith("đồng"):
            digits = digits.rstrip("đồngĐỒNG").strip()
        if re.fullmatch(r"\d{1,3}(,\d{3})+", digits):
            digits = digits.replace(",", "")
        if not re.fullmatch(r"\d+", digits):
            raise forms.ValidationError(
                f"«{text}» không phải là số tiền: hãy nhập số đồng chẵn, ví dụ 30.000."
            )
        amount = Decimal(digits)
        if amount >= MONEY_MAX:
            raise forms.ValidationError("Số tiền quá lớn; hãy kiểm tra lại.")
        return amount


class DuesForm(DomainForm):
    """Resolves organisations within those the user may record dues for, members among
    those of the organisations the user may record for; dates default to today."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = dues_editable_organisations(self.user)
        for f in self.fields.values():
            if isinstance(f, OrgCodeField):
                f.queryset = scope
            elif isinstance(f, PersonField):
                f.queryset = Member.objects.filter(organisation__in=scope)
        for f in self.fields.values():
            if isinstance(f.widget, VNDateInput) and f.required and f.initial is None:
                f.initial = today()


class BasisForm(DuesForm):
    member = PersonField(label="Đảng viên")
    valid_from = MonthField(label="Áp dụng từ tháng", help_text="Tháng/năm, ví dụ 01/2025")
    category = forms.ChoiceField(label="Đối tượng", choices=Category.choices)
    income = MoneyField(
        label="Thu nhập hằng tháng làm căn cứ (đồng)",
        required=False,
        help_text="Tiền lương, phụ cấp (đối tượng đóng theo tỷ lệ phần trăm)",
    )
    area = forms.ChoiceField(
        label="Địa bàn (đối tượng đóng mức cố định)",
        choices=[("", "—"), *Area.choices],
        required=False,
    )
    exemption = forms.ChoiceField(label="Miễn, giảm", choices=Exemption.choices, required=False)
    reduction_percent = forms.TypedChoiceField(
        label="Mức giảm",
        choices=[("", "—")],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Theo Quy định 01-QĐ/TW (từ tháng 02/2026)",
    )
    reduced_amount = MoneyField(
        label="Mức đóng sau khi giảm (đồng/tháng)",
        required=False,
        help_text="Các tháng trước 02/2026 (không theo phần trăm)",
    )
    exemption_until = MonthField(
        label="Miễn, giảm đến hết tháng",
        required=False,
        help_text="Tháng/năm; mỗi lần miễn, giảm tối đa 12 tháng theo Quy định 01-QĐ/TW "
        "(để trống: 12 tháng)",
    )
    decision = forms.CharField(label="Quyết định miễn, giảm", max_length=120, required=False)
    decision_date = VNDateField(label="Ngày quyết định miễn, giảm", required=False)
    note = forms.CharField(**NOTE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every percent a rule version allows (the action checks the basis's month).
        from dangvu.core.rules import registered_rules

        percents: set[int] = set()
        for r in registered_rules():
            if r.key == "dues.reduction":
                for _, value, _ in r.versions:
                    percents |= {int(Decimal(str(p))) for p in value.get("percents", [])}
        from dangvu.dues.actions import rule_reduction

        percents |= set(rule_reduction(today())["percents"])
        self.fields["reduction_percent"].choices = [
            ("", "—"),
            *((p, f"Giảm {p}%") for p in sorted(percents)),
        ]


class PaymentForm(DuesForm):
    member = PersonField(label="Đảng viên")
    organisation = OrgCodeField(
        label="Chi bộ thu (mã hoặc tên)", help_text="Chi bộ nơi đảng viên sinh hoạt tháng đó"
    )
    month = MonthField(label="Nộp cho tháng", help_text="Tháng/năm, ví dụ 03/2025")
    months = forms.IntegerField(
        label="Số tháng nộp",
        initial=1,
        min_value=1,
        max_value=24,
        help_text="Nộp trước nhiều tháng: số tiền chia đều cho các tháng từ tháng trên",
    )
    amount = MoneyField(label="Số tiền nộp (đồng)", help_text="Cả số tháng nộp")
    paid_on = VNDateField(label="Ngày nộp")
    receipt = forms.CharField(label="Số phiếu thu", max_length=40, required=False)
    channel = forms.ChoiceField(
        label="Hình thức nộp", choices=Channel.choices, initial=Channel.CASH, required=False
    )
    note = forms.CharField(**NOTE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].date_field = "paid_on"


class RemittanceForm(DuesForm):
    organisation = OrgCodeField(label="Tổ chức nộp (mã hoặc tên)")
    period_start = MonthField(label="Từ tháng", help_text="Tháng/năm, ví dụ 01/2025")
    period_end = MonthField(label="Đến tháng", help_text="Tháng/năm, ví dụ 03/2025")
    amount = MoneyField(label="Số tiền nộp lên (đồng)")
    sent_on = VNDateField(label="Ngày nộp")
    receipt_number = forms.CharField(label="Số chứng từ", max_length=40, required=False)
    recipient = OrgCodeField(
        label="Cấp trên nhận (mã hoặc tên)",
        required=False,
        help_text="Để trống: cấp trên trực tiếp của tổ chức nộp",
    )
    excess_reason = forms.CharField(
        label="Lý do nộp nhiều hơn số thu",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Chỉ khi nộp nhiều hơn số đã thu của kỳ (ví dụ nộp bù kỳ trước)",
    )
    note = forms.CharField(**NOTE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("organisation", "recipient"):
            self.fields[name].date_field = "sent_on"
        # The recipient is the superior, above what the user may record for.
        self.fields["recipient"].queryset = recipient_organisations(self.user)


class AcknowledgeForm(DomainForm):
    acknowledged_on = VNDateField(label="Ngày cấp trên nhận")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["acknowledged_on"].initial = today()
