"""Pages of plans and targets, plan versus actual, and the document register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvu.accounts.scoping import top_organisations, visible_organisations
from dangvu.audit.log import history
from dangvu.core import listing
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.exports import export_response, requested_format
from dangvu.lib.vnformat import fmt_date, fmt_number, fmt_percent
from dangvu.office import documents, forms, plans, queries
from dangvu.office.models import DOCUMENT_KIND_CODES, DOCUMENT_KINDS, Document, Plan
from dangvu.office.scoping import can_edit_plans
from dangvu.office.views import _get, _in_period, _list, _period, _scope_org
from dangvu.orgs.models import Organisation
from dangvu.reports.registry import Period

# --- plans ----------------------------------------------------------------------------


def _plan_cells(p: Plan) -> list[object]:
    return [
        p.title,
        p.get_kind_display(),
        p.organisation.name,
        p.years,
        p.get_status_display(),
        p.document.full_number if p.document else "",
    ]


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    org = _scope_org(request)
    year = listing.year(request)
    kind = listing.choice(request, "loai", Plan.Kind.values)
    status = listing.choice(request, "trang_thai", Plan.Status.values)
    rows = queries.visible_plans(request.user).filter(voided_at__isnull=True)
    rows = rows.select_related("organisation", "document")
    if org is not None:
        rows = queries.in_subtree(rows, org)
    if year:
        rows = rows.filter(plans.years_q(year))
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    return _list(
        request,
        title="Chương trình, kế hoạch",
        rows=rows,
        headers=["Tên", "Loại", "Tổ chức", "Năm", "Tình trạng", "Văn bản ban hành"],
        cells=_plan_cells,
        export_name="chuong-trinh-ke-hoach",
        filters=[
            listing.select("loai", "Loại", Plan.Kind.choices, kind),
            listing.select("trang_thai", "Tình trạng", Plan.Status.choices, status),
        ],
        org=org,
        year=year,
        add_url=reverse("office:plan_create"),
        editable=can_edit_plans(request.user),
    )


def _plan(request: HttpRequest, pk: int) -> Plan:
    qs = queries.visible_plans(request.user).select_related("organisation", "document")
    plan: Plan = _get(request, qs, pk, "kế hoạch")
    return plan


def _plan_for_edit(request: HttpRequest, pk: int) -> Plan:
    plan = _plan(request, pk)
    if not can_edit_plans(request.user, plan.organisation):
        raise Http404("Không có quyền ghi cho kế hoạch này")
    return plan


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    targets = plan.targets.filter(voided_at__isnull=True).select_related("plan__organisation")
    can_edit = not plan.is_void and can_edit_plans(request.user, plan.organisation)
    context = {
        "plan": plan,
        "rows": plans.compare(list(targets), plans.plan_period(plan)),
        "tasks": plan.tasks.filter(voided_at__isnull=True),
        "void_targets": plan.targets.filter(voided_at__isnull=False),
        "void_tasks": plan.tasks.filter(voided_at__isnull=False),
        "can_edit": can_edit,
        "can_change": can_edit and plan.status != Plan.Status.CLOSED,
        "history": history(plan)[:20],
    }
    return render(request, "office/plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    if not can_edit_plans(request.user):
        raise Http404("Không có quyền ghi kế hoạch")
    form = forms.PlanForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = plans.do_create_plan(
                organisation=d["organisation"],
                year=d["year"],
                end_year=d.get("end_year"),
                kind=d["kind"],
                title=d["title"],
                document=d.get("document") or None,
                note=d.get("note") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã ghi «{plan.title}»; hãy thêm chỉ tiêu và nhiệm vụ.")
            return redirect(plan)
    return render(
        request,
        "office/form.html",
        {"title": "Ghi chương trình, kế hoạch", "form": form, "back": reverse("office:plans")},
    )


def _plan_form_page(
    request: HttpRequest, pk: int, form_class: type[Any], title: str, write: Any, done: str
) -> HttpResponse:
    plan = _plan_for_edit(request, pk)
    form = form_class(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            write(plan, form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, done)
            return redirect(plan)
    return render(
        request,
        "office/form.html",
        {"title": f"{title} — {plan.title}", "form": form, "back": plan.get_absolute_url()},
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
    org: Organisation | None = _scope_org(request)
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


def _document_cells(d: Document) -> list[object]:
    return [
        d.full_number,
        fmt_date(d.date),
        d.get_kind_display(),
        d.summary,
        d.issuer.name,
        d.signer,
        d.term,
    ]


@login_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    org = _scope_org(request)
    year = listing.year(request)
    kind = listing.choice(request, "loai", list(DOCUMENT_KIND_CODES))
    period = _period(request)
    rows = queries.visible_documents(request.user).filter(voided_at__isnull=True)
    rows = rows.select_related("issuer")
    if org is not None:
        rows = queries.in_subtree(rows, org, "issuer")
    if year:
        rows = rows.filter(date__year=year)
    if kind:
        rows = rows.filter(kind=kind)
    rows = _in_period(rows, "date", period)
    return _list(
        request,
        title="Sổ đăng ký văn bản",
        rows=rows,
        headers=[
            "Số, ký hiệu",
            "Ngày",
            "Loại văn bản",
            "Trích yếu",
            "Tổ chức ban hành",
            "Người ký",
            "Nhiệm kỳ",
        ],
        cells=_document_cells,
        export_name="so-van-ban",
        filters=[listing.select("loai", "Loại văn bản", list(DOCUMENT_KINDS), kind)],
        org=org,
        year=year,
        add_url=reverse("office:document_create"),
        editable=can_edit_plans(request.user),
        period=period,
    )


@login_required
@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    qs = queries.visible_documents(request.user).select_related("issuer")
    document: Document = _get(request, qs, pk, "văn bản")
    context = {
        "d": document,
        "plans": document.plans.filter(voided_at__isnull=True),
        "history": history(document)[:20],
        "can_edit": not document.is_void and can_edit_plans(request.user, document.issuer),
    }
    return render(request, "office/document.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest) -> HttpResponse:
    if not can_edit_plans(request.user):
        raise Http404("Không có quyền ghi sổ văn bản")
    form = forms.DocumentForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            document = documents.do_register_document(
                issuer=d["issuer"],
                kind=d["kind"],
                date=d["date"],
                summary=d["summary"],
                number=d.get("number"),
                symbol=d.get("symbol") or "",
                term=d.get("term") or "",
                signer=d.get("signer") or "",
                note=d.get("note") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã vào sổ văn bản số {document.full_number}.")
            return redirect(document)
    return render(
        request,
        "office/document_form.html",
        {"title": "Vào sổ văn bản", "form": form, "back": reverse("office:documents")},
    )


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
        day = today()
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
