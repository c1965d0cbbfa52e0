"""The statistical tables of party members: the list, one table's page, its Excel file and
the workbook of all tables.

Read-only pages: any user who sees an organisation sees its tables. The organisation is
`?to_chuc=CODE` within the user's scope (404 outside it, like a missing one); the day
`?ngay=dd/mm/yyyy` (today by default) or the year `?nam=yyyy` (last year by default). A
parameter that cannot be read is named in a notice and the page shows its default
instead; a day or a year in which the organisation did not exist is said in words, with
no table; never an error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from dangvu.accounts.scoping import get_org_for_user, top_organisations
from dangvu.audit import log as audit
from dangvu.audit.models import AuditEvent
from dangvu.core import outputjobs
from dangvu.core.dates import today
from dangvu.lib.vndate import parse_vn_date
from dangvu.lib.vnformat import fmt_date
from dangvu.orgs import lifespan
from dangvu.orgs.models import Organisation
from dangvu.reports import registry
from dangvu.reports.jobs import is_large
from dangvu.stats import jobs, xlsx
from dangvu.stats.tables import DAY, TABLES, Built, Table, build, get_table, period_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR = 2000


class Choice:
    """What the request asks for: organisation, day, year, and the notices on what it
    could not read."""

    def __init__(self, request: HttpRequest) -> None:
        self.notices: list[str] = []
        self.org = self._org(request)
        self.day = self._day(request)
        self.year = self._year(request)

    @classmethod
    def of(cls, org: Organisation, day: dt.date, year: int) -> Choice:
        """A choice already read (an output job's parameters), with no notice."""
        choice = cls.__new__(cls)
        choice.notices = []
        choice.org, choice.day, choice.year = org, day, year
        return choice

    @staticmethod
    def _org(request: HttpRequest) -> Organisation | None:
        code = request.GET.get("to_chuc", "").split(" — ")[0].strip().upper()[:80]
        if code:
            return get_org_for_user(request, code)
        tops = top_organisations(request.user)
        return tops[0] if tops else None

    def _day(self, request: HttpRequest) -> dt.date:
        text = request.GET.get("ngay", "").strip()
        now = today()
        if not text:
            return now
        try:
            day = parse_vn_date(text[:40])
        except ValueError as error:
            self.notices.append(
                f"Ngày «{text[:20]}» không đọc được: {error} Trang đang hiển thị ngày "
                f"{fmt_date(now)}."
            )
            return now
        if day > now:
            self.notices.append(
                f"Ngày {fmt_date(day)} chưa đến: biểu chỉ tính đến hôm nay. Trang đang hiển "
                f"thị ngày {fmt_date(now)}."
            )
            return now
        return day

    def _year(self, request: HttpRequest) -> int:
        text = request.GET.get("nam", "").strip()
        this_year = today().year
        fallback = this_year - 1
        if not text:
            return fallback
        try:
            year = int(text[:6])
        except ValueError:
            year = 0
        if not FIRST_YEAR <= year <= this_year:
            self.notices.append(
                f"Năm «{text[:20]}» không hợp lệ: hãy chọn một năm từ {FIRST_YEAR} đến "
                f"{this_year}. Trang đang hiển thị năm {fallback}."
            )
            return fallback
        return year

    def query(self, table: Table | None = None) -> str:
        """The query string that asks for this choice again (for `table`'s period kind)."""
        params: dict[str, str] = {}
        if self.org is not None:
            params["to_chuc"] = self.org.code
        if table is None or table.period == DAY:
            params["ngay"] = fmt_date(self.day)
        if table is None or table.period != DAY:
            params["nam"] = str(self.year)
        return urlencode(params)

    def absent(self, table: Table) -> tuple[str, str]:
        """(why the organisation has no table then, the note of a year partly lived)."""
        assert self.org is not None
        if table.period == DAY:
            return lifespan.on_day(self.org, self.day), ""
        period, _ = period_for(table, day=None, year=self.year)
        cover = lifespan.coverage(self.org, period.start, period.end, f"năm {self.year}")
        return ("" if cover.exists else cover.note), cover.note

    def build(self, table: Table) -> tuple[Built | None, str]:
        """The table for this choice, or (None, the reason there is none)."""
        if self.org is None:
            return None, ""
        reason, note = self.absent(table)
        if reason:
            return None, reason
        built = build(table, self.org, day=self.day, year=self.year)
        built.coverage = note
        return built, ""


def _table_or_404(code: str) -> Table:
    try:
        return get_table(code)
    except KeyError:
        raise Http404("Không có biểu thống kê này") from None


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _index_with(request, Choice(request))


def display(built: Built) -> dict[str, Any]:
    """What the page shows of a built table: the headings' two rows and the lines with each
    cell's figure and how it is written."""
    top: list[dict[str, Any]] = []
    low: list[str] = []
    col = 0
    for group, span in built.groups:
        if group:
            top.append({"text": group, "colspan": span, "rowspan": 1})
            low.extend(c.heading for c in built.columns[col : col + span])
        else:
            top.extend(
                {"text": c.heading, "colspan": 1, "rowspan": 2}
                for c in built.columns[col : col + span]
            )
        col += span
    decimals = [c.decimals for c in built.columns]

    def cells(values: list[Any]) -> list[tuple[Any, int]]:
        return list(zip(values, decimals, strict=True))

    return {
        "top": top,
        "low": low,
        "numbers": list(range(1, len(built.columns) + 1)),
        "rows": [(line, cells(line.cells)) for line in built.rows],
        "rest": (built.rest, cells(built.rest.cells)) if built.rest else None,
        "total": (built.total, cells(built.total.cells)),
    }


@login_required
@require_GET
def table(request: HttpRequest, code: str) -> HttpResponse:
    spec = _table_or_404(code)
    choice = Choice(request)
    built, reason = choice.build(spec)
    return _page(request, spec, choice, built, reason)


def _page(
    request: HttpRequest, spec: Table, choice: Choice, built: Built | None, reason: str
) -> HttpResponse:
    context: dict[str, Any] = {
        "spec": spec,
        "choice": choice,
        "org": choice.org,
        "built": built,
        "reason": reason,
        "notices": choice.notices,
        "download": f"{reverse('stats:download', args=[spec.code])}?{choice.query(spec)}",
        "is_day": spec.period == DAY,
    }
    if built is not None:
        superior, body = xlsx.heading_lines(built)
        place_date, authority, title = xlsx.signature(built)
        context.update(
            view=display(built),
            superior=superior,
            body=body,
            first_heading=xlsx.first_column_heading(built),
            place_date=place_date,
            authority=authority,
            signer_title=title,
            unit=xlsx.UNIT,
        )
    return render(request, "stats/table.html", context)


def _file(request: HttpRequest, data: bytes, name: str, note: str) -> HttpResponse:
    filename = f"{name}-{today():%Y%m%d}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit.record(AuditEvent.Action.EXPORT, request=request, note=f"{filename}: {note}")
    return response


@login_required
@require_GET
def download(request: HttpRequest, code: str) -> HttpResponse:
    spec = _table_or_404(code)
    choice = Choice(request)
    if choice.org is not None and not choice.notices and not choice.absent(spec)[0]:
        day = choice.day if spec.period == DAY else dt.date(choice.year, 12, 31)
        if is_large(choice.org, day):
            when = f"{choice.day:%Y%m%d}" if spec.period == DAY else str(choice.year)
            return _queue(
                request,
                choice,
                [spec.code],
                f"bieu-{spec.code}-{choice.org.code}-{when}",
                f"{spec.number} {spec.title} của {choice.org.name}",
            )
    built, reason = choice.build(spec)
    if built is None or choice.notices:
        # Nothing to download, or not what was asked: the page says why.
        return _page(request, spec, choice, built, reason)
    when = built.period.end if spec.period == DAY else built.year
    return _file(
        request,
        xlsx.render([built]),
        f"bieu-{spec.code}-{built.organisation.code}-{when:%Y%m%d}"
        if spec.period == DAY
        else f"bieu-{spec.code}-{built.organisation.code}-{when}",
        f"{spec.number} {spec.title}",
    )


def _queue(
    request: HttpRequest, choice: Choice, codes: list[str], name: str, title: str
) -> HttpResponse:
    """Hand a large scope's tables to the background worker and lead to the job's page."""
    assert choice.org is not None
    job = outputjobs.start(
        request.user,
        jobs.TABLES_KIND,
        jobs.params(choice.org.pk, choice.day, choice.year, codes, name),
        title,
    )
    return redirect("core:output_job", pk=job.pk)


@login_required
@require_GET
def workbook(request: HttpRequest) -> HttpResponse:
    choice = Choice(request)
    if choice.org is not None and not choice.notices and is_large(choice.org, choice.day):
        return _queue(
            request,
            choice,
            [spec.code for spec in TABLES],
            f"bieu-thong-ke-{choice.org.code}-{choice.day:%Y%m%d}-{choice.year}",
            f"Các biểu thống kê đảng viên của {choice.org.name}",
        )
    # One computation for the workbook: the day tables share one reading of the members.
    with registry.computation():
        built = [b for spec in TABLES for b in [choice.build(spec)[0]] if b is not None]
    if choice.org is None or not built or choice.notices:
        if choice.org is not None and not built:
            choice.notices.append(
                lifespan.on_day(choice.org, choice.day)
                or "Tổ chức không có số liệu vào ngày và năm đã chọn."
            )
        return _index_with(request, choice)
    return _file(
        request,
        xlsx.render(built),
        f"bieu-thong-ke-{choice.org.code}-{choice.day:%Y%m%d}-{choice.year}",
        "Các biểu thống kê đảng viên",
    )


def _index_with(request: HttpRequest, choice: Choice) -> HttpResponse:
    entries = [
        {
            "table": spec,
            "url": f"{reverse('stats:table', args=[spec.code])}?{choice.query(spec)}",
            "download": f"{reverse('stats:download', args=[spec.code])}?{choice.query(spec)}",
        }
        for spec in TABLES
    ]
    return render(
        request,
        "stats/index.html",
        {
            "choice": choice,
            "org": choice.org,
            "entries": entries,
            "notices": choice.notices,
            "workbook": f"{reverse('stats:workbook')}?{choice.query()}",
        },
    )
