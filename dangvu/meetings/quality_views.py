"""Pages of what the meetings produce: the quality table of a level and what is due.

Read-only pages: any user who sees an organisation sees its meetings' figures. A filter
that cannot be read (a year that is no year, a quarter that does not exist) is named in a
notice and the page shows its default instead; never an error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangvu.accounts.scoping import get_org_for_user, top_organisations
from dangvu.core import exports
from dangvu.core.dates import today
from dangvu.lib.vnformat import fmt_percent
from dangvu.meetings import queries
from dangvu.orgs.models import Organisation
from dangvu.reports.registry import Period

PAGE_SIZE = 50
YEARS = range(2000, 2101)
STATUTE = "Điều lệ Đảng, Điều 8, khoản 2"


def _scope_org(request: HttpRequest) -> Organisation | None:
    code = request.GET.get("to_chuc", "").strip()[:80]
    if code:
        return get_org_for_user(request, code.split(" — ")[0].strip().upper())
    tops = top_organisations(request.user)
    return tops[0] if tops else None


def _year(request: HttpRequest, notices: list[str], fallback: int) -> int:
    text = request.GET.get("nam", "").strip()
    if not text:
        return fallback
    try:
        year = int(text)
    except ValueError:
        year = 0
    if year not in YEARS:
        notices.append(
            f"Năm «{text[:20]}» không hợp lệ: hãy ghi năm bằng bốn chữ số (ví dụ "
            f"{fallback}). Trang đang hiển thị năm {fallback}."
        )
        return fallback
    return year


def _quarter(request: HttpRequest, notices: list[str]) -> int | None:
    text = request.GET.get("quy", "").strip()
    if not text:
        return None
    if text in ("1", "2", "3", "4"):
        return int(text)
    notices.append(
        f"Quý «{text[:20]}» không có: hãy chọn quý 1, 2, 3 hoặc 4. Trang đang hiển thị cả năm."
    )
    return None


def period_of(year: int, quarter: int | None, day: dt.date) -> tuple[Period, str]:
    """The year (or its quarter), cut at `day` when it is still running."""
    if quarter is None:
        start, end, label = dt.date(year, 1, 1), dt.date(year, 12, 31), f"Năm {year}"
    else:
        start = dt.date(year, 3 * quarter - 2, 1)
        end, label = queries.quarter_end(start), f"Quý {quarter}/{year}"
    if start <= day < end:
        end, label = day, f"{label} (đến ngày {day:%d/%m/%Y})"
    return Period(start, end), label


# --- the quality table -------------------------------------------------------------------------


@login_required
@require_GET
def quality(request: HttpRequest) -> HttpResponse:
    """A level's meetings per organisation: months met, thematic meetings per quarter,
    attendance, the superior's member."""
    notices: list[str] = []
    day = today()
    org = _scope_org(request)
    year = _year(request, notices, day.year)
    quarter = _quarter(request, notices)
    period, label = period_of(year, quarter, day)
    table = None
    if org is not None and period.start <= period.end:
        table = queries.quality(org, period, label)
        if exports.requested_format(request) == "xlsx":
            return _quality_xlsx(table)
    context: dict[str, Any] = {
        "org": org,
        "year": year,
        "quarter": quarter,
        "label": label,
        "table": table,
        "notices": notices,
        "quarters": [1, 2, 3, 4],
    }
    if table is not None:
        context["rows"] = [(line, table.thematic(line)) for line in table.lines]
        context["quarter_labels"] = [queries.quarter_label(q) for q in table.quarters]
        context["total_thematic"] = [
            table.total.thematic_in_quarter.get(q, 0) for q in table.quarters
        ]
    return render(request, "meetings/quality.html", context)


def _rate(s: queries.Stats) -> str:
    return fmt_percent(s.rate, 1) if s.rate is not None else ""


def _quality_xlsx(table: queries.Quality) -> HttpResponse:
    quarter_heads = [f"Chuyên đề {queries.quarter_label(q)}" for q in table.quarters]
    heads = [
        "Tổ chức",
        "Mã tổ chức",
        "Trực thuộc",
        "Số tháng có sinh hoạt",
        "Số tháng phải sinh hoạt",
        "Buổi sinh hoạt",
        *quarter_heads,
        "Số lượt phải dự",
        "Số lượt có mặt",
        "Tỷ lệ dự",
        "Vắng không lý do (lượt)",
        "Đảng viên nơi khác dự",
        "Buổi có cấp ủy cấp trên dự",
        "Buổi có cấp ủy viên được phân công dự",
    ]

    def line(
        name: str, code: str, parent: str, s: queries.Stats, thematic: list[int]
    ) -> list[object]:
        return [
            name,
            code,
            parent,
            len(s.months_met & s.months_due),
            len(s.months_due),
            s.held,
            *thematic,
            s.required,
            s.present,
            _rate(s),
            s.unexcused,
            s.guests,
            s.with_superior,
            s.assigned_came,
        ]

    rows = [
        line(
            li.name,
            li.organisation.code if li.organisation is not None else "",
            li.parent,
            li.stats,
            table.thematic(li),
        )
        for li in table.lines
    ]
    rows.append(
        line(
            "Tổng cộng",
            "",
            "",
            table.total,
            [table.total.thematic_in_quarter.get(q, 0) for q in table.quarters],
        )
    )
    return exports.export_response(
        "xlsx",
        f"chat-luong-sinh-hoat-{table.organisation.code}-{table.period.start:%Y%m}",
        heads,
        rows,
        title="Chất lượng sinh hoạt chi bộ",
        subtitle=exports.export_subtitle(
            table.organisation, day=table.period.end, period=table.label
        ),
    )


# --- what is due ---------------------------------------------------------------------------------


@login_required
@require_GET
def due(request: HttpRequest) -> HttpResponse:
    """Cells without a meeting last month, cells without a thematic meeting this quarter,
    members absent without reason in several months of the last twelve."""
    org = _scope_org(request)
    day = today()
    context: dict[str, Any] = {"org": org, "day": day, "statute": STATUTE, "notices": []}
    if org is not None:
        removal = queries.rule_on("meetings.removal", day)
        month = queries.last_month(day)
        window = queries.absence_window(day)
        context.update(
            month=month,
            quarter_label=queries.quarter_label(queries.quarter_start(day)),
            threshold=int(removal["months"]),
            near=int(removal["near"]),
            window=window,
            no_meeting=Paginator(queries.cells_without_meeting(org, day), PAGE_SIZE).get_page(
                request.GET.get("trang")
            ),
            no_thematic=Paginator(queries.cells_without_thematic(org, day), PAGE_SIZE).get_page(
                request.GET.get("trang_cd")
            ),
            absentees=Paginator(queries.absentees(org, day), PAGE_SIZE).get_page(
                request.GET.get("trang_vang")
            ),
        )
    return render(request, "meetings/due.html", context)
