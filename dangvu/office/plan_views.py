"""Pages of plans and targets, plan versus actual, and the document register.

Lists, exports, pages and voiding derive from `office/records.py`; what stays here is the
plans' own work: targets and tasks added to a plan, issuing and closing it, the plan
against the actual figures, and the register's next number."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvu.accounts.scoping import top_organisations, visible_organisations
from dangvu.core import listing, records
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.exports import export_response, requested_format
from dangvu.lib.vnformat import fmt_number, fmt_percent
from dangvu.office import documents, forms, plans, queries
from dangvu.office.models import DOCUMENT_KIND_CODES, Plan
from dangvu.office.records import DOCUMENTS, PLANS
from dangvu.office.scoping import can_edit_plans
from dangvu.orgs.models import Organisation
from dangvu.reports.registry import Period

plan_list = records.list_view(PLANS)
plan_create = records.create_view(PLANS)
plan_detail = records.detail_view(PLANS)
document_list = records.list_view(DOCUMENTS)
document_create = records.create_view(DOCUMENTS)
document_detail = records.detail_view(DOCUMENTS)


# --- plans ----------------------------------------------------------------------------


def _plan_for_edit(request: HttpRequest, pk: int) -> Plan:
    plan: Plan = PLANS.get(request, pk)
    if not can_edit_plans(request.user, plan.organisation):
        raise Http404("Không có quyền ghi cho kế hoạch này")
    return plan


def _plan_form_page(
    request: HttpRequest, pk: int, form_class: type[Any], title: str, write: Any, done: str
) -> HttpResponse:
    plan = _plan_for_edit(request, pk)
    return records.part_form(
        request,
        plan,
        form_class,
        title=f"{title} — {plan.title}",
        write=lambda d: write(plan, d),
        done=done,
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_create(request: HttpRequest, pk: int) -> HttpResponse:
    def write(plan: Plan, d: dict[str, Any]) -> None:
        plans.do_set_target(
            plan,
            indicator=d["indicator"],
            target=d["target"],
            note=d.get("note") or "",
            acting_user=request.user,
        )

    return _plan_form_page(
        request, pk, forms.TargetForm, "Thêm chỉ tiêu", write, "Đã ghi chỉ tiêu."
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    def write(plan: Plan, d: dict[str, Any]) -> None:
        plans.do_add_task(
            plan, title=d["title"], detail=d.get("detail") or "", acting_user=request.user
        )

    return _plan_form_page(request, pk, forms.TaskForm, "Thêm nhiệm vụ", write, "Đã ghi nhiệm vụ.")


@login_required
@require_http_methods(["GET", "POST"])
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    def write(plan: Plan, d: dict[str, Any]) -> None:
        plans.do_issue_plan(plan, document=d["document"], acting_user=request.user)

    return _plan_form_page(
        request, pk, forms.IssuePlanForm, "Ban hành", write, "Đã ghi văn bản ban hành kế hoạch."
    )


@login_required
@require_POST
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_edit(request, pk)
    try:
        plans.do_close_plan(plan, acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã ghi tổng kết «{plan.title}».")
    return redirect(plan)


# --- plan versus actual ---------------------------------------------------------------

ACTUAL_HEADERS = [
    "Chỉ tiêu",
    "Đơn vị",
    "Kế hoạch",
    "Thực hiện",
    "Tỷ lệ so với kế hoạch",
    "Chương trình, kế hoạch",
]


def _actual_cells(row: plans.Comparison) -> list[object]:
    return [
        row.indicator.label,
        row.indicator.unit,
        row.target.target,
        row.actual,
        fmt_percent(row.percent) if row.percent is not None else "",
        row.target.plan.title,
    ]


@login_required
@require_GET
def plan_actual(request: HttpRequest) -> HttpResponse:
    """Every target an organisation set for a year, with the actual figure and percent."""
    org: Organisation | None = records.organisation_asked(request)
    if org is None:
        tops = top_organisations(request.user)
        if not tops:
            raise Http404("Không có tổ chức trong phạm vi")
        org = tops[0]
    year = listing.year(request) or today().year
    period = Period.year(year)
    rows = plans.compare(plans.committing_targets(org, year, year), period)
    title = f"Thực hiện chỉ tiêu năm {year} — {org.name}"
    fmt = requested_format(request)
    if fmt is not None:
        return export_response(
            fmt, "thuc-hien-chi-tieu", ACTUAL_HEADERS, (_actual_cells(r) for r in rows), title=title
        )
    drafts = queries.visible_plans(request.user).filter(
        organisation=org, year=year, end_year=year, status=Plan.Status.DRAFT, voided_at__isnull=True
    )
    context = {
        "title": title,
        "org": org,
        "year": year,
        "rows": [
            {
                "row": r,
                "target": fmt_number(r.target.target),
                "actual": fmt_number(r.actual) if r.actual is not None else "—",
                "percent": fmt_percent(r.percent) if r.percent is not None else "—",
            }
            for r in rows
        ],
        "met": sum(1 for r in rows if r.met),
        "drafts": drafts,
        "plans": queries.visible_plans(request.user)
        .filter(organisation=org, voided_at__isnull=True)
        .filter(plans.years_q(year))
        .select_related("document"),
    }
    return render(request, "office/plan_actual.html", context)


# --- document register ----------------------------------------------------------------


@login_required
@require_GET
def document_next(request: HttpRequest) -> HttpResponse:
    """The next number of the series the document form describes (an htmx fragment)."""
    proposal = problem = term = ""
    code = request.GET.get("issuer", "").strip().split(" — ")[0].strip().upper()
    kind = request.GET.get("kind", "")
    try:
        day = dt.date.fromisoformat(request.GET.get("date", "").strip())
    except ValueError:
        day = listing.day(request, "date") or today()
    org = visible_organisations(request.user).filter(code=code).first() if code else None
    if org is not None and kind in DOCUMENT_KIND_CODES and can_edit_plans(request.user, org):
        typed_symbol = request.GET.get("symbol", "").strip()
        typed_term = request.GET.get("term", "").strip()
        try:
            symbol = (
                documents.clean_symbol(typed_symbol)
                if typed_symbol
                else documents.default_symbol(org)
            )
            term = documents.parse_term(typed_term) if typed_term else documents.term_of(day)
            number = documents.next_number(org, kind, day, symbol=symbol, term=term)
        except DomainError as error:
            problem = error.message
        else:
            proposal = f"{number:02d}-{kind}/{symbol}"
    context = {"proposal": proposal, "problem": problem, "term": term}
    return render(request, "office/_next_number.html", context)
