"""Pages of what the rating produces: the results tables of a level, the members by
grade, and the members still to rate or failing two years running.

Read-only pages: any user who sees an organisation sees its rating results. A filter that
cannot be read (a year that is no year, a grade that does not exist) is named in a notice
and the page shows its default instead; never an error.
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
from dangvu.orgs.models import Organisation
from dangvu.rating import queries
from dangvu.rating.models import Grade

PAGE_SIZE = 50
YEARS = range(2000, 2101)
# Điều lệ Đảng, Điều 8: a member who fails the standards of a party member two years
# running is considered for removal from the rolls.
STATUTE = "Điều lệ Đảng, Điều 8, khoản 2"


def _scope_org(request: HttpRequest) -> Organisation | None:
    code = request.GET.get("to_chuc", "").strip()[:80]
    if code:
        return get_org_for_user(request, code.split(" — ")[0].strip().upper())
    tops = top_organisations(request.user)
    return tops[0] if tops else None


def _year(request: HttpRequest, notices: list[str], *, results: bool = False) -> int:
    """The year asked (`nam`); without one, the year of the latest decisions on the results
    pages and the year of the current round on the due list."""
    text = request.GET.get("nam", "").strip()
    fallback = (queries.results_year if results else queries.default_year)(today())
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


def _grade(request: HttpRequest, notices: list[str]) -> str:
    text = request.GET.get("xep_loai", "").strip()
    if not text or text in Grade.values:
        return text
    notices.append(
        f"Mức xếp loại «{text[:40]}» không có: hãy chọn một mức trong danh sách. Trang đang "
        "hiển thị mọi mức."
    )
    return ""


# --- results of a level ------------------------------------------------------------------------


@login_required
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    notices: list[str] = []
    org = _scope_org(request)
    year = _year(request, notices, results=True)
    found = queries.table(org, year) if org is not None else None
    if found is not None and exports.requested_format(request) == "xlsx":
        return _results_xlsx(found)
    context: dict[str, Any] = {"org": org, "year": year, "table": found, "notices": notices}
    if found is not None:
        context["members"] = _summary(found.total.members, found.previous.members)
        context["groups"] = [
            (label, _summary(found.total.group(key), found.previous.group(key)))
            for key, label in found.groups
        ]
    return render(request, "rating/output_results.html", context)


def _summary(now: queries.Tally, before: queries.Tally) -> dict[str, Any]:
    """One body's results of the year beside the year before's, as the page shows them."""
    return {
        "now": now,
        "before": before,
        "lines": [
            (code, label, count, rate, before.count(code), before.rate(code))
            for code, label, count, rate in now.grades()
        ],
    }


def _pct(t: queries.Tally, grade: str) -> str:
    return fmt_percent(t.rate(grade), 1) if t.graded else ""


def _tally_cells(t: queries.Tally) -> list[object]:
    cells: list[object] = [t.graded]
    for grade in queries.GRADES:
        cells += [t.count(grade), _pct(t, grade)]
    return [*cells, t.not_rated_total, t.unrated]


def _results_xlsx(found: queries.Table) -> HttpResponse:
    grade_heads: list[str] = []
    for grade in queries.GRADES:
        grade_heads += [Grade(grade).label, "Tỷ lệ"]
    heads = ["Tổ chức", "Đảng viên được xếp loại", *grade_heads]
    heads += ["Đảng viên không xếp loại", "Đảng viên chưa đánh giá"]
    heads += [f"Tổ chức đảng: {h}" for h in ["được xếp loại", *grade_heads]]
    heads += ["Tổ chức đảng không xếp loại", "Tổ chức đảng chưa đánh giá"]

    def line(name: str, r: queries.Results) -> list[object]:
        return [name, *_tally_cells(r.members), *_tally_cells(r.org_total)]

    rows = [line(r.name, r.results) for r in found.rows]
    rows.append(line("Tổng cộng", found.total))
    rows.append(line(f"Năm {found.year - 1}", found.previous))
    return exports.export_response(
        "xlsx",
        f"xep-loai-{found.organisation.code}-{found.year}",
        heads,
        rows,
        title="Kết quả đánh giá, xếp loại chất lượng",
        subtitle=exports.export_subtitle(
            found.organisation, day=dt.date(found.year, 12, 31), period=f"Năm {found.year}"
        ),
    )


# --- members by grade ---------------------------------------------------------------------------


@login_required
@require_GET
def by_grade(request: HttpRequest) -> HttpResponse:
    notices: list[str] = []
    org = _scope_org(request)
    year = _year(request, notices, results=True)
    grade = _grade(request, notices)
    context: dict[str, Any] = {
        "org": org,
        "year": year,
        "grade": grade,
        "grades": Grade.choices,
        "notices": notices,
    }
    if org is not None:
        rows = queries.graded_members(org, year, grade or None).select_related(
            "member", "organisation"
        )
        if exports.requested_format(request) == "xlsx":
            return _by_grade_xlsx(org, year, grade, rows)
        context["page"] = Paginator(
            rows.order_by("organisation__code", "member__search_key", "pk"), PAGE_SIZE
        ).get_page(request.GET.get("trang"))
    return render(request, "rating/output_by_grade.html", context)


def _by_grade_xlsx(org: Organisation, year: int, grade: str, rows: Any) -> HttpResponse:
    heads = ["Họ và tên", "Ngày sinh", "Xếp loại", "Điểm", *exports.ORG_HEADERS]
    heads += ["Ngày quyết định", "Số quyết định"]
    lines = [
        [
            r.member.full_name,
            r.member.birth_date,
            Grade(r.grade).label,
            r.score if r.score is not None else "",
            *exports.org_columns(r.organisation),
            r.decided_on,
            r.decision_number,
        ]
        for r in exports.in_party_order(rows, name="member__full_name")
    ]
    subtitle = exports.export_subtitle(org, day=dt.date(year, 12, 31), period=f"Năm {year}")
    if grade:
        subtitle.append(f"Mức: {Grade(grade).label}")
    return exports.export_response(
        "xlsx",
        f"dang-vien-theo-xep-loai-{org.code}-{year}",
        heads,
        lines,
        title="Danh sách đảng viên theo mức xếp loại chất lượng",
        subtitle=subtitle,
    )


# --- what is due ---------------------------------------------------------------------------------


@login_required
@require_GET
def due(request: HttpRequest) -> HttpResponse:
    """Members on the books with no rating for the year, and members rated «không hoàn
    thành nhiệm vụ» that year and the year before (for the Statute's consideration)."""
    notices: list[str] = []
    org = _scope_org(request)
    year = _year(request, notices)
    context: dict[str, Any] = {"org": org, "year": year, "notices": notices, "statute": STATUTE}
    if org is not None:
        context.update(
            unrated=Paginator(queries.unrated_members(org, year), PAGE_SIZE).get_page(
                request.GET.get("trang")
            ),
            failing=Paginator(queries.failing_twice(org, year), PAGE_SIZE).get_page(
                request.GET.get("trang_khong")
            ),
        )
    return render(request, "rating/output_due.html", context)
