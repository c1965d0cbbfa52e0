"""Pages of what the congresses' records produce: the progress of a congress season and
the terms falling due, past due, or not recorded.

Read-only pages: any user who sees an organisation sees them for its subtree. A filter that
cannot be read (a term that is no term, a number of months that is no number) is named in
a notice and the page shows its default instead; never an error.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.views.decorators.http import require_GET

from dangvu.accounts.scoping import get_org_for_user, top_organisations
from dangvu.congresses import queries
from dangvu.core import exports
from dangvu.core.dates import today
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation

PAGE_SIZE = 50
DEFAULT_MONTHS = 6
MAX_MONTHS = 60


def _scope_org(request: HttpRequest) -> Organisation | None:
    code = request.GET.get("to_chuc", "").strip()[:80]
    if code:
        return get_org_for_user(request, code.split(" — ")[0].strip().upper())
    tops = top_organisations(request.user)
    return tops[0] if tops else None


def link(record: Any) -> str:
    """The record's own page, or "" while its page is not there."""
    if record is None:
        return ""
    try:
        return str(record.get_absolute_url())
    except NoReverseMatch:
        return ""


def _label(request: HttpRequest, notices: list[str]) -> str:
    fallback = queries.season_label(queries.season_year(today().year))
    text = request.GET.get("nhiem_ky", "").strip()
    if not text:
        return fallback
    parsed = queries.parse_label(text)
    if parsed is None:
        notices.append(
            f"Nhiệm kỳ «{text[:20]}» không đọc được: hãy ghi năm đầu và năm cuối, ví dụ "
            f"{fallback}. Trang đang hiển thị nhiệm kỳ {fallback}."
        )
        return fallback
    return f"{parsed[0]}–{parsed[1]}"


def _level(request: HttpRequest, org: Organisation | None, notices: list[str]) -> str:
    text = request.GET.get("cap", "").strip()
    fallback = (
        "truc-thuoc"
        if org is not None and org.kind == OrgKind.GRASSROOTS_COMMITTEE
        else queries.DEFAULT_LEVEL
    )
    if not text:
        return fallback
    if text in queries.LEVELS:
        return text
    notices.append(
        f"Cấp «{text[:20]}» không có: hãy chọn tổ chức cơ sở đảng hoặc chi bộ trực thuộc, "
        f"đảng bộ bộ phận. Trang đang hiển thị {queries.LEVELS[fallback][0].lower()}."
    )
    return fallback


# --- the progress of a season ----------------------------------------------------------------


@login_required
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    notices: list[str] = []
    org = _scope_org(request)
    label = _label(request, notices)
    level = _level(request, org, notices)
    context: dict[str, Any] = {
        "org": org,
        "label": label,
        "level": level,
        "levels": [(k, v[0]) for k, v in queries.LEVELS.items()],
        "notices": notices,
    }
    if org is not None:
        season = queries.season_progress(org, label, level, today())
        if exports.requested_format(request) == "xlsx":
            return _progress_xlsx(season)
        context["season"] = season
        context["rows"] = [(r, link(r.congress)) for r in season.rows]
    return render(request, "congresses/output_progress.html", context)


def _progress_xlsx(season: queries.Season) -> HttpResponse:
    heads = [*exports.ORG_HEADERS, "Loại tổ chức", "Trực thuộc", "Tình trạng"]
    heads += ["Nhiệm kỳ", "Ngày khai mạc", "Ngày bế mạc", "Hình thức"]
    rows = [
        [
            r.where.name,
            r.where.code,
            r.where.kind_label,
            r.parent_name,
            r.state_label,
            r.congress.term_label if r.congress else "",
            r.congress.opens_on if r.congress else "",
            r.congress.closes_on if r.congress and r.congress.closes_on else "",
            r.congress.get_form_display() if r.congress else "",
        ]
        for r in season.rows
    ]
    rows.append(
        [
            "Tổng cộng",
            "",
            "",
            "",
            f"Đã đại hội {season.held}; đã có kế hoạch {season.scheduled}; chưa có kế hoạch "
            f"{season.not_scheduled}",
            "",
            "",
            "",
            "",
        ]
    )
    subtitle = exports.export_subtitle(season.organisation, day=season.day)
    subtitle.append(f"Nhiệm kỳ {season.label} · {season.level_label}")
    return exports.export_response(
        "xlsx",
        f"tien-do-dai-hoi-{season.organisation.code}-{season.first_year}",
        heads,
        rows,
        title="Tiến độ đại hội",
        subtitle=subtitle,
    )


# --- terms due ------------------------------------------------------------------------------


def _months(request: HttpRequest, notices: list[str]) -> int:
    text = request.GET.get("trong", "").strip()
    if not text:
        return DEFAULT_MONTHS
    try:
        months = int(text)
    except ValueError:
        months = -1
    if not 1 <= months <= MAX_MONTHS:
        notices.append(
            f"Số tháng «{text[:20]}» không hợp lệ: hãy ghi một số từ 1 đến {MAX_MONTHS}. "
            f"Trang đang hiển thị các nhiệm kỳ hết hạn trong {DEFAULT_MONTHS} tháng tới."
        )
        return DEFAULT_MONTHS
    return months


def _year_period(year: int, day: Any) -> Any:
    from dangvu.reports.registry import Period

    period = Period.year(year)
    return Period(period.start, min(period.end, day))


def _year(request: HttpRequest, notices: list[str], day: Any) -> int:
    text = request.GET.get("nam", "").strip()
    if not text:
        return int(day.year)
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not 2000 <= year <= day.year:
        notices.append(
            f"Năm «{text[:20]}» không hợp lệ: hãy ghi năm bằng bốn chữ số, không sau năm "
            f"nay. Trang đang hiển thị năm {day.year}."
        )
        return int(day.year)
    return year


@login_required
@require_GET
def due(request: HttpRequest) -> HttpResponse:
    """Terms ending within N months, terms past due, organisations without a term, and the
    terms of a year (`nam`) that ended without a congress (what `congresses.ended_without`
    counts)."""
    notices: list[str] = []
    org = _scope_org(request)
    months = _months(request, notices)
    day = today()
    year = _year(request, notices, day)
    context: dict[str, Any] = {
        "org": org,
        "months": months,
        "day": day,
        "year": year,
        "notices": notices,
    }
    if org is not None:

        def page(items: list[Any], param: str) -> Any:
            return Paginator(items, PAGE_SIZE).get_page(request.GET.get(param))

        ending = [(d, link(d.term)) for d in queries.terms_ending(org, day, months)]
        past = [(d, link(d.term)) for d in queries.terms_past_due(org, day)]
        context.update(
            ending=page(ending, "trang"),
            past=page(past, "trang_qua"),
            without=page(queries.without_term(org, day), "trang_chua"),
            ended=page(
                [(t, link(t)) for t in queries.ended_without(org, _year_period(year, day))],
                "trang_het",
            ),
        )
    return render(request, "congresses/output_due.html", context)
