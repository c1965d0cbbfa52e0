"""Pages of what dues produce: the due lists, the cell's dues book and the level report.

Read-only pages: any user who sees an organisation sees its dues figures. Junk in the
query string falls back to the defaults, never an error.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from dangvu.accounts.scoping import get_org_for_user, top_organisations
from dangvu.core import exports
from dangvu.core.dates import add_months, today
from dangvu.dues import book as books
from dangvu.dues import queries
from dangvu.dues.calc import first_of_month, last_of_month
from dangvu.lib.vnformat import fmt_date
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import version_at

PAGE_SIZE = 50
# The organisations whose members pay them directly, and so keep a dues book.
COLLECTING_KINDS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL, OrgKind.GROUP)
MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
YEARS = range(2000, 2101)


def parse_month(text: str) -> dt.date | None:
    """ "03/2024" -> 01/03/2024; anything else None."""
    found = MONTH.match(text or "")
    if not found:
        return None
    month, year = int(found.group(1)), int(found.group(2))
    if not 1 <= month <= 12 or year not in YEARS:
        return None
    return dt.date(year, month, 1)


def _scope_org(request: HttpRequest) -> Organisation | None:
    code = request.GET.get("to_chuc", "").strip()[:80]
    if code:
        return get_org_for_user(request, code.split(" — ")[0].strip().upper())
    tops = top_organisations(request.user)
    return tops[0] if tops else None


def _int(value: str, allowed: range, default: int | None) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if number in allowed else default


# --- due lists ----------------------------------------------------------------------------


@login_required
@require_GET
def due(request: HttpRequest) -> HttpResponse:
    """Members with unpaid months (at least `muc` = 1, 2 or 3), and organisations that sent
    nothing up for the last quarter, in the subtree of `to_chuc`."""
    org = _scope_org(request)
    day = today()
    least = _int(request.GET.get("muc", ""), range(1, 4), 1) or 1
    context: dict[str, Any] = {"org": org, "day": day, "least": least}
    if org is not None:
        lines = queries.arrears_due(org, day, least=least)
        start, end, unremitted = queries.not_remitted(org, day)
        context.update(
            arrears=Paginator(lines, PAGE_SIZE).get_page(request.GET.get("trang")),
            removal=sum(1 for line in lines if line.consider_removal),
            removal_months=queries.REMOVAL_MONTHS,
            months=queries.arrears_year_months(day),
            quarter_start=start,
            quarter_end=end,
            unremitted=Paginator(unremitted, PAGE_SIZE).get_page(request.GET.get("trang_nop")),
            ending=Paginator(queries.exemptions_ending(org, day), PAGE_SIZE).get_page(
                request.GET.get("trang_mien")
            ),
        )
    return render(request, "dues/due.html", context)


# --- the cell's book --------------------------------------------------------------------------


@login_required
@require_GET
def cell_book(request: HttpRequest, code: str) -> HttpResponse:
    cell = get_org_for_user(request, code.strip().upper()[:80])
    last_ended = add_months(first_of_month(today()), -1)
    first = parse_month(request.GET.get("tu", "")) or dt.date(last_ended.year, 1, 1)
    last = parse_month(request.GET.get("den", "")) or max(first, last_ended)
    if last < first:
        first, last = last, first
    version = version_at(cell, last_of_month(last)) or version_at(cell, first)
    if (version.kind if version else cell.kind) not in COLLECTING_KINDS:
        # Members pay their cell: a committee has no book of its own, its figures are the
        # sums of its organisations' in the level report.
        messages.info(
            request,
            f"{cell.name} không trực tiếp thu đảng phí của đảng viên: sổ thu, nộp đảng phí "
            "là của từng chi bộ. Dưới đây là báo cáo thu, nộp theo từng tổ chức trực thuộc; "
            "chọn chi bộ để xem sổ của chi bộ đó.",
        )
        return redirect(f"{reverse('dues:report')}?to_chuc={cell.code}&nam={last.year}")
    found = books.book(cell, first, last)
    if exports.requested_format(request) == "xlsx":
        return _book_xlsx(found, book_channels(found))
    context = {"book": found, "first": first, "last": last, "channels": book_channels(found)}
    return render(request, "dues/book.html", context)


def book_channels(found: books.Book) -> list[tuple[str, list[Decimal], Decimal]]:
    """The book's collection month by month split by how members paid (label, amount of
    each month, total), the channels used only, when more than cash was used: one query."""
    from django.db.models import Sum

    from dangvu.dues.models import Channel, DuesPayment

    sums: dict[tuple[str, dt.date], Decimal] = {
        (channel, month): amount
        for channel, month, amount in DuesPayment.objects.filter(
            organisation=found.cell,
            month__gte=found.months[0],
            month__lte=found.months[-1],
            voided_at__isnull=True,
        )
        .values_list("channel", "month")
        .annotate(s=Sum("amount"))
        .order_by()
        .values_list("channel", "month", "s")
    }
    used = {channel for channel, _ in sums}
    if used <= {Channel.CASH}:
        return []
    lines = []
    for c in Channel:
        if c.value in used:
            amounts = [sums.get((c.value, m), Decimal(0)) for m in found.months]
            lines.append((str(c.label), amounts, sum(amounts, Decimal(0))))
    return lines


def _book_xlsx(
    found: books.Book, channels: list[tuple[str, list[Decimal], Decimal]]
) -> HttpResponse:
    heads = ["Họ và tên", "Đối tượng", "Mức đóng hằng tháng (đồng)"]
    heads += [f"Tháng {m:%m/%Y}" for m in found.months] + ["Cộng (đồng)"]
    rows: list[list[object]] = [
        [r.member.full_name, r.category, int(r.basis)]
        + [int(p) if p is not None else "" for p in r.paid]
        + [int(r.total)]
        for r in found.rows
    ]
    collected, kept, sent_up = found.totals
    rows.append(["Tổng số thu", "", ""] + [int(a) for a in found.collected] + [int(collected)])
    for label, amounts, total in channels:
        rows.append([f"Trong đó: {label}", "", ""] + [int(a) for a in amounts] + [int(total)])
    rows.append(["Trích giữ lại", "", ""] + [int(a) for a in found.kept] + [int(kept)])
    rows.append(["Nộp cấp trên", "", ""] + [int(a) for a in found.sent_up] + [int(sent_up)])
    period = f"Từ tháng {found.months[0]:%m/%Y} đến tháng {found.months[-1]:%m/%Y}"
    return exports.export_response(
        "xlsx",
        f"so-dang-phi-{found.cell.code}",
        heads,
        rows,
        title="Sổ thu, nộp đảng phí",
        subtitle=[f"Chi bộ: {found.cell.name}", period],
    )


# --- the report of a level -----------------------------------------------------------------


@login_required
@require_GET
def level_report(request: HttpRequest) -> HttpResponse:
    org = _scope_org(request)
    year = _int(request.GET.get("nam", ""), YEARS, None) or today().year
    q = _int(request.GET.get("quy", ""), range(1, 5), None)
    start, end = books.quarter(year, q) if q else (dt.date(year, 1, 1), dt.date(year, 12, 31))
    report = books.level_report(org, start, end) if org is not None else None
    channels = queries.collected_by_channel(org, start, end) if report is not None else {}
    if report is not None and exports.requested_format(request) == "xlsx":
        return _report_xlsx(report, year, q, channels)
    context = {
        "org": org,
        "report": report,
        "year": year,
        "quarter": q,
        "quarters": range(1, 5),
        "channels": channels,
    }
    return render(request, "dues/report.html", context)


def _report_xlsx(
    report: books.LevelReport, year: int, q: int | None, channels: dict[str, Decimal]
) -> HttpResponse:
    heads = ["Tổ chức", "Tổng số thu (đồng)"]
    heads += [f"Thu: {label}" for label in report.categories]
    heads += ["Trích giữ lại (đồng)", "Nộp cấp trên (đồng)"]

    def line(r: books.ReportRow) -> list[object]:
        return (
            [r.name, int(r.collected)]
            + [int(r.by_category.get(label, 0)) for label in report.categories]
            + [int(r.kept), int(r.sent_up)]
        )

    rows = [line(r) for r in report.rows] + [line(report.total)]
    # The total's split by how members paid, under it.
    rows += [
        [f"Trong đó: {label}", int(amount)] + [""] * (len(heads) - 2)
        for label, amount in channels.items()
    ]
    period = f"Quý {q} năm {year}" if q else f"Năm {year}"
    return exports.export_response(
        "xlsx",
        f"bao-cao-dang-phi-{report.organisation.code}-{year}{f'-q{q}' if q else ''}",
        heads,
        rows,
        title="Báo cáo thu, nộp đảng phí",
        subtitle=[
            f"Tổ chức: {report.organisation.name}",
            period,
            f"Từ ngày {fmt_date(report.start)} đến ngày {fmt_date(report.end)}",
        ],
    )
