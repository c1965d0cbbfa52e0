"""Pages of Party dues beyond the record layer's: the treasurer's month page, where a cell's
month is read and recorded in one go, the list of cells that leads to it, and the
superior's acknowledgement of a remittance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvu.accounts.scoping import get_org_for_user, visible_organisations
from dangvu.core import records
from dangvu.core.dates import add_months, today
from dangvu.core.errors import DomainError
from dangvu.core.fields import year_range
from dangvu.dues import actions, calc, forms, seniority
from dangvu.dues.models import Channel, DuesPayment
from dangvu.dues.records import KINDS, REMITTANCES
from dangvu.dues.scoping import can_record_dues
from dangvu.lib.text import clean, search_key, vietnamese_sort_key
from dangvu.members.models import Member, MembershipInterval
from dangvu.orgs.forms import DomainForm
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.transit.queries import attendees_paying

void = records.void_by_kind(KINDS)

# The organisations whose members a cell treasurer collects from directly.
COLLECTING = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)
CELLS_SHOWN = 60


def asked_month(text: str | None) -> dt.date:
    """The month of `?thang=` (mm/yyyy), this month when absent or junk."""
    month = forms.parse_month(text or "")
    low, high = year_range()
    if month is None or not low <= month.year <= high:
        return calc.first_of_month(today())
    return month


@dataclass
class Line:
    """One member of the cell in the month: what they owe and what they paid."""

    member: Member
    expected: Decimal
    payment: DuesPayment | None
    left_on: dt.date | None  # left the cell before the month's end
    joined_on: dt.date | None  # came during the month
    exempt_label: str = ""  # «Miễn (50 năm tuổi Đảng)»: owes nothing, without a decision

    @property
    def owes(self) -> bool:
        """Counted in the cell's month: on its books on the month's last day."""
        return self.left_on is None


def month_lines(org: Organisation, month: dt.date) -> list[Line]:
    """Everyone in `org` some day of `month`, in the Party's order of names, with the
    expected amount by the basis in force (nothing for a member exempt by party age) and
    the live payment for the month, if any (wherever it was recorded): a few queries
    whatever the number of members."""
    first, last = month, calc.last_of_month(month)
    spans: dict[int, tuple[dt.date, dt.date]] = {}
    for member_id, start, end in MembershipInterval.objects.filter(
        organisation=org, valid_from__lte=last, valid_to__gt=first
    ).values_list("member_id", "valid_from", "valid_to"):
        low, high = spans.get(member_id, (start, end))
        spans[member_id] = (min(low, start), max(high, end))
    members = Member.objects.filter(pk__in=list(spans)).only("pk", "full_name")
    bases = calc.bases_on(list(spans), month)
    exempt = seniority.party_age_exempt(list(spans), [month]).get(month, set())
    years = seniority.exemption_years(month) if exempt else 0
    paid = {
        p.member_id: p
        for p in DuesPayment.objects.filter(
            member_id__in=list(spans), month=month, voided_at__isnull=True
        ).select_related("organisation", "recorded_by")
    }
    lines = []
    for member in members:
        start, end = spans[member.pk]
        lines.append(
            Line(
                member=member,
                expected=(
                    Decimal(0)
                    if member.pk in exempt
                    else calc.expected_amount(bases.get(member.pk), month)
                ),
                payment=paid.get(member.pk),
                left_on=end if end <= last else None,
                joined_on=start if start > first else None,
                exempt_label=seniority.label(years) if member.pk in exempt else "",
            )
        )
    lines.sort(key=lambda line: (vietnamese_sort_key(line.member.full_name), line.member.pk))
    return lines


class CollectionForm(DomainForm):
    """The ticked members of the month: for each, the amount (the expected one shown) and
    the months paid; one day of payment for all."""

    paid_on = forms.VNDateField(label="Ngày nộp")
    channel = djforms.ChoiceField(
        label="Hình thức nộp", choices=Channel.choices, initial=Channel.CASH, required=False
    )

    def __init__(self, *args: Any, lines: list[Line], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = {line.member.pk: line for line in lines if line.payment is None}
        for pk, line in self.lines.items():
            self.fields[f"chon_{pk}"] = djforms.BooleanField(
                label="Đã nộp đủ", required=False, widget=djforms.CheckboxInput
            )
            self.fields[f"so_tien_{pk}"] = forms.MoneyField(
                label="Số tiền (đồng)", required=False, initial=line.expected
            )
            self.fields[f"so_thang_{pk}"] = djforms.IntegerField(
                label="Số tháng", required=False, initial=1, min_value=1, max_value=24
            )
        self.fields["paid_on"].initial = today()
        # The tick is drawn as a button (Bootstrap's btn-check), not as a small box.
        for name, f in self.fields.items():
            if name.startswith("chon_"):
                f.widget.attrs["class"] = "btn-check"
                f.widget.attrs["autocomplete"] = "off"
            elif name.startswith(("so_tien_", "so_thang_")):
                f.widget.attrs["class"] = "form-control form-control-lg"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        ticked = [pk for pk in self.lines if data.get(f"chon_{pk}")]
        if not ticked and not self.errors:
            raise djforms.ValidationError(
                "Chưa đánh dấu đồng chí nào: hãy bấm «Đã nộp đủ» ở những người đã nộp."
            )
        for pk in ticked:
            if data.get(f"so_tien_{pk}") is None and f"so_tien_{pk}" not in self.errors:
                self.add_error(f"so_tien_{pk}", "Hãy nhập số tiền đã nộp.")
        return data

    def rows(self) -> list[actions.PaymentRow]:
        d = self.cleaned_data
        return [
            actions.PaymentRow(
                member=line.member,
                amount=d[f"so_tien_{pk}"] * (d.get(f"so_thang_{pk}") or 1),
                paid_on=d["paid_on"],
                months=d.get(f"so_thang_{pk}") or 1,
                channel=d.get("channel") or Channel.CASH,
            )
            for pk, line in self.lines.items()
            if d.get(f"chon_{pk}")
        ]

    def row_errors(self, pk: int) -> list[str]:
        return [
            str(e)
            for name in (f"so_tien_{pk}", f"so_thang_{pk}", f"chon_{pk}")
            for e in self.errors.get(name, [])
        ]

    def place_domain_error(self, error: DomainError) -> None:
        """A refusal naming a ticked member goes beside that member; else above the list."""
        for pk, line in self.lines.items():
            if self.cleaned_data.get(f"chon_{pk}") and line.member.full_name in error.message:
                self.add_error(f"chon_{pk}", error.message)
                return
        self.add_domain_error(error)


@dataclass
class Row:
    """A line of the page with its form fields."""

    line: Line
    tick: Any = None
    amount: Any = None
    months: Any = None
    errors: tuple[str, ...] = ()


@login_required
@require_http_methods(["GET", "POST"])
def month(request: HttpRequest, code: str) -> HttpResponse:
    """The treasurer's month: every member of the cell, what each owes, who has paid, and
    one "Ghi" for the members ticked (all or nothing)."""
    org = get_org_for_user(request, code.upper())
    when = asked_month(request.GET.get("thang") or request.POST.get("thang"))
    lines = month_lines(org, when)
    may_record = can_record_dues(request.user, org)
    if request.method == "POST" and not may_record:
        raise Http404("Không có quyền ghi đảng phí của tổ chức này")
    form = None
    if may_record:
        data = request.POST if request.method == "POST" else None
        form = CollectionForm(data, user=request.user, lines=lines)
        if data is not None and form.is_valid():
            rows = form.rows()
            try:
                written = actions.do_record_payments(org, when, rows, acting_user=request.user)
            except DomainError as error:
                form.place_domain_error(error)
            else:
                messages.success(
                    request,
                    f"Đã ghi đảng phí tháng {forms.month_text(when)} của {len(rows)} đồng chí "
                    f"({len(written)} khoản thu).",
                )
                return redirect(f"{request.path}?thang={forms.month_text(when)}")
    rows = []
    for line in lines:
        pk = line.member.pk
        row = Row(line)
        if form is not None and line.payment is None:
            row.tick, row.amount, row.months = (
                form[f"chon_{pk}"],
                form[f"so_tien_{pk}"],
                form[f"so_thang_{pk}"],
            )
            row.errors = tuple(form.row_errors(pk)) if form.is_bound else ()
        rows.append(row)
    owing = [line for line in lines if line.owes]
    expected = sum((line.expected for line in owing), Decimal(0))
    collected = sum(
        (
            line.payment.amount
            for line in lines
            if line.payment is not None and line.payment.organisation_id == org.pk
        ),
        Decimal(0),
    )
    outstanding = sum((line.expected for line in owing if line.payment is None), Decimal(0))
    context = {
        "org": org,
        "month": when,
        "month_text": forms.month_text(when),
        "previous": forms.month_text(add_months(when, -1)),
        "next": forms.month_text(add_months(when, 1)),
        "rows": rows,
        # Members of other committees attending here who pay their dues here: shown apart,
        # never in the members' figures above (dangvu.transit).
        "temporary": attendees_paying(org, when, calc.last_of_month(when)),
        "form": form,
        "may_record": may_record,
        "expected": expected,
        "collected": collected,
        "outstanding": outstanding,
        "paid_count": sum(1 for line in owing if line.payment is not None),
        "owing_count": len(owing),
        "collecting": org.kind in COLLECTING,
        "children": (
            []
            if org.kind in COLLECTING
            else visible_organisations(request.user)
            .filter(parent=org, ended_on__isnull=True)
            .order_by("path")
        ),
    }
    return render(request, "dues/month.html", context)


@login_required
@require_GET
def collect(request: HttpRequest) -> HttpResponse:
    """The cells of the user's scope, each leading to its month page; `?to_chuc=CODE`
    goes straight to it, `?q=` searches by name or code."""
    code = request.GET.get("to_chuc", "").split(" — ")[0].strip().upper()
    if code:
        org = get_org_for_user(request, code)
        return redirect("dues:month", code=org.code)
    cells = visible_organisations(request.user).filter(kind__in=COLLECTING, ended_on__isnull=True)
    query = clean(request.GET.get("q", ""))[:100]
    if query:
        cells = cells.filter(Q(search_key__contains=search_key(query)) | Q(code=query.upper()))
    cells = cells.order_by("path")
    total = cells.count()
    return render(
        request,
        "dues/collect.html",
        {"cells": cells[:CELLS_SHOWN], "total": total, "query": query, "shown": CELLS_SHOWN},
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """The superior records the day it received a remittance."""
    remittance = REMITTANCES.get(request, pk)
    if not can_record_dues(request.user, remittance.recipient):
        raise Http404("Không có quyền xác nhận lần nộp này")
    form = forms.AcknowledgeForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            actions.do_acknowledge(
                remittance, on=form.cleaned_data["acknowledged_on"], acting_user=request.user
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã ghi cấp trên xác nhận nhận đảng phí.")
            return redirect(remittance)
    return records.detail_page(
        request,
        REMITTANCES,
        remittance,
        acknowledge_form=form,
        acknowledge_url=reverse("dues:acknowledge", args=[remittance.pk]),
    )
