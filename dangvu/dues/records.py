"""Party dues declared once (see `dangvu.core.records`): the members' bases, the payments
the cells collect and the remittances sent up, with their lists, exports, forms, pages and
voids. The treasurer's month page (`views.month`) records a cell's month in one go."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import django_filters
import django_tables2 as tables
from django import forms as djforms
from django.db.models import QuerySet
from django.http import HttpRequest

from dangvu.core import records
from dangvu.dues import actions, forms
from dangvu.dues.models import (
    Category,
    Channel,
    DuesBasis,
    DuesPayment,
    DuesRemittance,
    Exemption,
)
from dangvu.dues.scoping import (
    can_record_dues,
    recipient_organisations,
    visible_bases,
    visible_payments,
    visible_remittances,
)
from dangvu.lib.vnformat import fmt_date, fmt_number
from dangvu.orgs.models import Organisation


class MoneyColumn(records.NumberColumn):
    """An amount in đồng: 1.250.000 on the page, right-aligned; a number in the export."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)


class MonthColumn(tables.Column):
    """A month as mm/yyyy."""

    def render(self, value: Any) -> str:
        return forms.month_text(value)

    def value(self, value: Any) -> str:
        return forms.month_text(value)


class MonthFilter(django_filters.Filter):
    """`thang=mm/yyyy`: the records of that month; junk selects nothing out."""

    class field_class(djforms.Field):  # django-filter's attribute name
        widget = forms.MonthInput

        def to_python(self, value: Any) -> Any:
            if value in (None, ""):
                return None
            month = forms.parse_month(str(value))
            if month is None:
                raise djforms.ValidationError("Tháng không hợp lệ.", code="invalid")
            return month


def _can_record(user: Any) -> bool:
    return can_record_dues(user)


def _org(record: Any) -> Organisation:
    return record.member.organisation if isinstance(record, DuesBasis) else record.organisation


def _can_void(user: Any, record: Any) -> bool:
    org = _org(record)
    return org is not None and can_record_dues(user, org)


def _money(value: Any) -> str:
    return f"{fmt_number(value)} đồng" if value is not None else ""


def _recorded(record: Any) -> Sequence[tuple[str, object]]:
    who = record.recorded_by.get_username() if record.recorded_by else "hệ thống"
    return [("Người ghi", f"{who}, ngày {fmt_date(record.recorded_at.date())}")]


# --- bases ----------------------------------------------------------------------------


class BasisTable(records.RecordTable):
    member = tables.Column("Đảng viên", linkify=lambda record: record.get_absolute_url())
    organisation = records.OrganisationColumn("Chi bộ", accessor="member__organisation")
    organisation_code = records.CodeColumn("member__organisation__code")
    valid_from = MonthColumn("Áp dụng từ tháng")
    category = tables.Column("Đối tượng")
    income = MoneyColumn("Thu nhập làm căn cứ (đồng)", default="")
    area = tables.Column("Địa bàn", default="")
    exemption = tables.Column("Miễn, giảm", default="")
    reduction_percent = records.NumberColumn("Mức giảm (%)", default="")
    reduced_amount = MoneyColumn("Mức đóng sau khi giảm (đồng)", default="")
    exemption_until = MonthColumn("Miễn, giảm đến hết tháng", default="")
    decision = tables.Column("Quyết định miễn, giảm", default="")


class BasisFilter(records.RecordFilter):
    org_field = "member__organisation"
    date_field = "valid_from"
    doi_tuong = django_filters.ChoiceFilter(
        field_name="category", label="Đối tượng", choices=Category.choices
    )
    mien_giam = django_filters.ChoiceFilter(
        field_name="exemption",
        label="Miễn, giảm",
        choices=[c for c in Exemption.choices if c[0]],
    )


def _write_basis(d: dict[str, Any], user: Any) -> DuesBasis:
    return actions.do_set_basis(
        d["member"],
        valid_from=d["valid_from"],
        category=d["category"],
        income=d.get("income"),
        area=d.get("area") or "",
        exemption=d.get("exemption") or "",
        reduced_amount=d.get("reduced_amount"),
        reduction_percent=d.get("reduction_percent"),
        exemption_until=d.get("exemption_until"),
        decision=d.get("decision") or "",
        decision_date=d.get("decision_date"),
        note=d.get("note") or "",
        acting_user=user,
    )


def _basis_rows(b: DuesBasis) -> Sequence[tuple[str, object]]:
    return [
        ("Đảng viên", b.member),
        ("Chi bộ", b.member.organisation),
        ("Áp dụng từ tháng", forms.month_text(b.valid_from)),
        ("Đối tượng", b.get_category_display()),
        ("Thu nhập làm căn cứ", _money(b.income)),
        ("Địa bàn", b.get_area_display() if b.area else ""),
        ("Miễn, giảm", b.get_exemption_display() if b.exemption else ""),
        ("Mức giảm", f"{b.reduction_percent}%" if b.reduction_percent else ""),
        ("Mức đóng sau khi giảm", _money(b.reduced_amount)),
        ("Miễn, giảm đến hết tháng", forms.month_text(b.exemption_until)),
        ("Quyết định miễn, giảm", b.decision),
        ("Ngày quyết định", fmt_date(b.decision_date)),
        ("Ghi chú", b.note),
        *_recorded(b),
    ]


BASES = records.RecordKind(
    model=DuesBasis,
    name="căn cứ đóng đảng phí",
    plural="Căn cứ đóng đảng phí",
    visible=visible_bases,
    table=BasisTable,
    filters=BasisFilter,
    export_name="can-cu-dang-phi",
    list_url="dues:bases",
    menu="Căn cứ đóng đảng phí",
    menu_order=30,
    related=("member__organisation", "recorded_by"),
    order=("member__organisation__path", "member__full_name", "-valid_from"),
    person_field="member__full_name",
    person_group="member__organisation",
    create=records.Create(
        form=forms.BasisForm,
        write=_write_basis,
        title="Ghi căn cứ đóng đảng phí",
        done=lambda b: f"Đã ghi căn cứ đóng đảng phí của đồng chí {b.member.full_name}.",
    ),
    create_url="dues:basis_create",
    can_record=_can_record,
    can_void=_can_void,
    void=actions.do_void_dues,
    void_url="dues:void",
    url_kind="basis",
    detail_rows=_basis_rows,
)


# --- payments -------------------------------------------------------------------------


class PaymentTable(records.RecordTable):
    member = tables.Column("Đảng viên", linkify=lambda record: record.get_absolute_url())
    month = MonthColumn("Tháng")
    amount = MoneyColumn("Số đã nộp (đồng)")
    organisation = records.OrganisationColumn("Chi bộ thu")
    organisation_code = records.CodeColumn("organisation__code")
    expected = MoneyColumn("Số phải đóng (đồng)")
    paid_on = records.DateColumn("Ngày nộp")
    receipt = tables.Column("Số phiếu thu", default="")
    channel = tables.Column("Hình thức nộp")


class PaymentFilter(records.RecordFilter):
    date_field = "month"
    thang = MonthFilter(method="filter_month", label="Tháng (mm/yyyy)")
    hinh_thuc = django_filters.ChoiceFilter(
        field_name="channel", label="Hình thức nộp", choices=Channel.choices
    )

    def filter_month(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return qs.filter(month=value)


def _write_payment(d: dict[str, Any], user: Any) -> DuesPayment:
    row = actions.PaymentRow(
        member=d["member"],
        amount=d["amount"],
        paid_on=d["paid_on"],
        months=d["months"],
        receipt=d.get("receipt") or "",
        note=d.get("note") or "",
        channel=d.get("channel") or Channel.CASH,
    )
    return actions.do_record_payments(d["organisation"], d["month"], [row], acting_user=user)[0]


def _payment_initial(request: HttpRequest) -> dict[str, Any]:
    code = request.GET.get("to_chuc", "").strip().upper()
    return {"organisation": code[:40]} if code else {}


def _payment_rows(p: DuesPayment) -> Sequence[tuple[str, object]]:
    return [
        ("Đảng viên", p.member),
        ("Chi bộ thu", p.organisation),
        ("Tháng", forms.month_text(p.month)),
        ("Số đã nộp", _money(p.amount)),
        ("Số phải đóng", _money(p.expected)),
        ("Ngày nộp", fmt_date(p.paid_on)),
        ("Số phiếu thu", p.receipt),
        ("Hình thức nộp", p.get_channel_display()),
        ("Ghi chú", p.note),
        *_recorded(p),
    ]


PAYMENTS = records.RecordKind(
    model=DuesPayment,
    name="khoản thu đảng phí",
    plural="Thu đảng phí",
    visible=visible_payments,
    table=PaymentTable,
    filters=PaymentFilter,
    export_name="thu-dang-phi",
    list_url="dues:payments",
    menu="Sổ thu đảng phí",
    menu_order=20,
    related=("member", "organisation", "recorded_by"),
    order=("-month", "organisation__path", "member__full_name"),
    person_field="member__full_name",
    create=records.Create(
        form=forms.PaymentForm,
        write=_write_payment,
        title="Ghi một khoản thu đảng phí",
        intro="Thu cả chi bộ trong một tháng: dùng trang «Thu đảng phí theo tháng».",
        done=lambda p: f"Đã ghi đảng phí của đồng chí {p.member.full_name}.",
        initial=_payment_initial,
    ),
    create_url="dues:payment_create",
    can_record=_can_record,
    can_void=_can_void,
    void=actions.do_void_dues,
    void_url="dues:void",
    url_kind="payment",
    detail_rows=_payment_rows,
)


# --- remittances ----------------------------------------------------------------------


class RemittanceTable(records.RecordTable):
    organisation = records.OrganisationColumn(
        "Tổ chức nộp", linkify=lambda record: record.get_absolute_url()
    )
    organisation_code = records.CodeColumn("organisation__code")
    period_start = MonthColumn("Từ tháng")
    amount = MoneyColumn("Số tiền nộp lên (đồng)")
    period_end = MonthColumn("Đến tháng")
    sent_on = records.DateColumn("Ngày nộp")
    receipt_number = tables.Column("Số chứng từ", default="")
    recipient = records.OrganisationColumn("Cấp trên nhận")
    recipient_code = records.CodeColumn("recipient__code", "Mã cấp trên nhận")
    acknowledged_on = records.DateColumn("Cấp trên xác nhận ngày", default="")


class RemittanceFilter(records.RecordFilter):
    """A year or period selects the remittances whose months overlap it."""

    date_field = "sent_on"
    xac_nhan = django_filters.ChoiceFilter(
        method="filter_acknowledged",
        label="Cấp trên xác nhận",
        choices=[("co", "Đã xác nhận"), ("chua", "Chưa xác nhận")],
    )

    def filter_year(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return qs.filter(period_start__year__lte=value, period_end__year__gte=value)

    def filter_from(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return qs.filter(period_end__gte=value)

    def filter_to(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return qs.filter(period_start__lte=value)

    def filter_acknowledged(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(acknowledged_on__isnull=value != "co")


def _write_remittance(d: dict[str, Any], user: Any) -> DuesRemittance:
    return actions.do_remit(
        d["organisation"],
        period_start=d["period_start"],
        period_end=d["period_end"],
        amount=d["amount"],
        sent_on=d["sent_on"],
        receipt_number=d.get("receipt_number") or "",
        excess_reason=d.get("excess_reason") or "",
        note=d.get("note") or "",
        recipient=d.get("recipient"),
        acting_user=user,
    )


def _remittance_initial(request: HttpRequest) -> dict[str, Any]:
    """From an organisation's link (`?to_chuc=CODE`): it, and its superior proposed."""
    code = request.GET.get("to_chuc", "").strip().upper()[:40]
    if not code:
        return {}
    org = Organisation.objects.filter(code=code).select_related("parent").first()
    initial: dict[str, Any] = {"organisation": code}
    parent = org.parent if org is not None else None
    if parent is not None and recipient_organisations(request.user).filter(pk=parent.pk).exists():
        initial["recipient"] = parent.code
    return initial


def _remittance_rows(r: DuesRemittance) -> Sequence[tuple[str, object]]:
    acknowledged = ""
    if r.acknowledged_on is not None:
        who = r.acknowledged_by.get_username() if r.acknowledged_by else "hệ thống"
        acknowledged = f"Ngày {fmt_date(r.acknowledged_on)} ({who})"
    return [
        ("Tổ chức nộp", r.organisation),
        ("Cấp trên nhận", r.recipient),
        ("Kỳ", f"Từ tháng {forms.month_text(r.period_start)} đến {forms.month_text(r.period_end)}"),
        ("Số tiền nộp lên", _money(r.amount)),
        ("Ngày nộp", fmt_date(r.sent_on)),
        ("Số chứng từ", r.receipt_number),
        ("Lý do nộp nhiều hơn số thu", r.excess_reason),
        ("Cấp trên xác nhận", acknowledged or "Chưa xác nhận"),
        ("Ghi chú", r.note),
        *_recorded(r),
    ]


def _remittance_context(request: HttpRequest, r: DuesRemittance) -> dict[str, Any]:
    from django.urls import reverse

    may = not r.is_void and r.acknowledged_on is None and can_record_dues(request.user, r.recipient)
    return {
        "acknowledge_form": forms.AcknowledgeForm(user=request.user) if may else None,
        "acknowledge_url": reverse("dues:acknowledge", args=[r.pk]),
    }


REMITTANCES = records.RecordKind(
    model=DuesRemittance,
    name="lần nộp đảng phí lên cấp trên",
    plural="Nộp đảng phí lên cấp trên",
    visible=visible_remittances,
    table=RemittanceTable,
    filters=RemittanceFilter,
    export_name="nop-dang-phi-len-cap-tren",
    list_url="dues:remittances",
    menu="Nộp đảng phí lên cấp trên",
    menu_order=40,
    related=("organisation", "recipient", "recorded_by", "acknowledged_by"),
    order=("-period_start", "organisation__path", "-id"),
    create=records.Create(
        form=forms.RemittanceForm,
        write=_write_remittance,
        title="Ghi nộp đảng phí lên cấp trên",
        done=lambda r: f"Đã ghi {r}.",
        initial=_remittance_initial,
    ),
    create_url="dues:remittance_create",
    can_record=_can_record,
    can_void=_can_void,
    void=actions.do_void_dues,
    void_url="dues:void",
    url_kind="remittance",
    detail_template="dues/remittance.html",
    detail_rows=_remittance_rows,
    detail_context=_remittance_context,
)

# Every kind voided at `void/<kind>/<pk>/`.
KINDS = {kind.url_kind: kind for kind in (BASES, PAYMENTS, REMITTANCES)}
