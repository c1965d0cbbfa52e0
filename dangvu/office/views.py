"""Pages of office work: commendations, mass organisations, their congresses and ratings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvu.accounts.scoping import get_member_for_user, get_org_for_user
from dangvu.audit.log import history
from dangvu.core import listing
from dangvu.core.errors import DomainError
from dangvu.education.voiding import do_void
from dangvu.lib.vnformat import fmt_date
from dangvu.members.models import Member
from dangvu.office import actions, forms, queries
from dangvu.office.documents import check_voidable
from dangvu.office.models import (
    Commendation,
    Document,
    MassCongress,
    MassOrganisation,
    MassRating,
    Plan,
    PlanTarget,
    PlanTask,
    Rating,
    Reason,
)
from dangvu.office.scoping import can_edit_office, can_edit_plans
from dangvu.orgs.models import Organisation

PER_PAGE = 50


def _scope_org(request: HttpRequest) -> Organisation | None:
    code = request.GET.get("to_chuc", "").strip()
    return get_org_for_user(request, code.split(" — ")[0].upper()) if code else None


def _day(request: HttpRequest, name: str) -> dt.date | None:
    return listing.day(request, name)


def _period(request: HttpRequest) -> tuple[dt.date | None, dt.date | None]:
    """The `tu`..`den` dates of a records link from a report (either may be missing)."""
    return _day(request, "tu"), _day(request, "den")


def _in_period(
    rows: QuerySet[Any], field: str, period: tuple[dt.date | None, dt.date | None]
) -> QuerySet[Any]:
    start, end = period
    if start is not None:
        rows = rows.filter(**{f"{field}__gte": start})
    if end is not None:
        rows = rows.filter(**{f"{field}__lte": end})
    return rows


def _list(
    request: HttpRequest,
    *,
    title: str,
    rows: QuerySet[Any],
    headers: list[str],
    cells: Any,
    export_name: str,
    filters: list[dict[str, Any]],
    org: Organisation | None,
    year: int | None,
    add_url: str = "",
    link_col: int = 1,
    editable: bool | None = None,
    period: tuple[dt.date | None, dt.date | None] = (None, None),
) -> HttpResponse:
    context = listing.export_or_page(
        request,
        rows,
        title=title,
        headers=headers,
        cells=cells,
        export_name=export_name,
        per_page=PER_PAGE,
    )
    if isinstance(context, HttpResponse):
        return context
    context |= {
        "filters": filters,
        "org": org,
        "year": year,
        "add_url": add_url
        if (can_edit_office(request.user) if editable is None else editable)
        else "",
        "link_col": link_col,
        "start": period[0],
        "end": period[1],
    }
    return render(request, "office/list.html", context)


# --- commendations --------------------------------------------------------------------


def _commendation_cells(c: Commendation) -> list[object]:
    return [
        c.get_kind_display(),
        c.recipient,
        c.organisation.name,
        c.get_reason_display(),
        c.level,
        c.decision_number,
        fmt_date(c.decision_date),
    ]


@login_required
@require_GET
def commendation_list(request: HttpRequest) -> HttpResponse:
    org = _scope_org(request)
    year = listing.year(request)
    kind = listing.choice(request, "loai", Commendation.Kind.values)
    reason = listing.choice(request, "ly_do", Reason.values)
    period = _period(request)
    rows = (
        queries.visible_commendations(request.user)
        .filter(voided_at__isnull=True)
        .select_related("organisation", "member")
    )
    if org is not None:
        rows = queries.in_subtree(rows, org)
    if year:
        rows = rows.filter(decision_date__year=year)
    if kind:
        rows = rows.filter(kind=kind)
    if reason:
        rows = rows.filter(reason=reason)
    rows = _in_period(rows, "decision_date", period)
    return _list(
        request,
        title="Khen thưởng",
        rows=rows,
        headers=[
            "Đối tượng",
            "Tập thể, cá nhân được khen",
            "Tổ chức",
            "Phong trào, lý do",
            "Cấp khen thưởng",
            "Số quyết định",
            "Ngày quyết định",
        ],
        cells=_commendation_cells,
        export_name="khen-thuong",
        filters=[
            listing.select("loai", "Đối tượng", Commendation.Kind.choices, kind),
            listing.select("ly_do", "Phong trào, lý do", Reason.choices, reason),
        ],
        org=org,
        year=year,
        add_url=reverse("office:commendation_create"),
        link_col=2,
        period=period,
    )


def _get(request: HttpRequest, qs: QuerySet[Any], pk: int, what: str) -> Any:
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(f"Không tìm thấy {what}")
    return obj


@login_required
@require_GET
def commendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commendation = _get(
        request,
        queries.visible_commendations(request.user).select_related("organisation", "member"),
        pk,
        "khen thưởng",
    )
    context = {
        "c": commendation,
        "history": history(commendation)[:20],
        "can_edit": not commendation.is_void
        and can_edit_office(request.user, commendation.organisation),
    }
    return render(request, "office/commendation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def commendation_create(request: HttpRequest) -> HttpResponse:
    if not can_edit_office(request.user):
        raise Http404("Không có quyền ghi khen thưởng")
    member: Member | None = None
    member_id = listing.identifier(request.GET.get("member") or request.POST.get("member"))
    if member_id is not None:
        member = get_member_for_user(request, member_id)
    form = forms.CommendationForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if member is not None:
        form.fields.pop("person_name")
        form.fields["organisation"].label = "Tổ chức nơi sinh hoạt (để trống: tự xác định)"
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            commendation = actions.do_commend(
                reason=d["reason"],
                level=d["level"],
                decision_date=d["decision_date"],
                decision_number=d.get("decision_number") or "",
                organisation=d.get("organisation"),
                member=member,
                person_name=d.get("person_name") or "",
                note=d.get("note") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã ghi khen thưởng {commendation.recipient}.")
            return redirect(member if member is not None else commendation)
    return render(
        request,
        "office/form.html",
        {
            "title": "Ghi khen thưởng",
            "form": form,
            "member": member,
            "back": reverse("office:commendations"),
        },
    )


# --- mass organisations ---------------------------------------------------------------


def _massorg_cells(u: MassOrganisation) -> list[object]:
    return [u.name, u.get_kind_display(), u.organisation.name]


@login_required
@require_GET
def massorg_list(request: HttpRequest) -> HttpResponse:
    org = _scope_org(request)
    kind = listing.choice(request, "loai", MassOrganisation.Kind.values)
    rows = queries.visible_mass_organisations(request.user).select_related("organisation")
    if org is not None:
        rows = queries.in_subtree(rows, org)
    if kind:
        rows = rows.filter(kind=kind)
    return _list(
        request,
        title="Tổ chức đoàn thể",
        rows=rows,
        headers=["Tên tổ chức đoàn thể", "Loại", "Tổ chức đảng lãnh đạo"],
        cells=_massorg_cells,
        export_name="doan-the",
        filters=[listing.select("loai", "Loại đoàn thể", MassOrganisation.Kind.choices, kind)],
        org=org,
        year=None,
        add_url=reverse("office:massorg_create"),
    )


def _unit(request: HttpRequest, pk: int) -> MassOrganisation:
    qs = queries.visible_mass_organisations(request.user).select_related("organisation")
    unit: MassOrganisation = _get(request, qs, pk, "tổ chức đoàn thể")
    return unit


@login_required
@require_GET
def massorg_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    context = {
        "unit": unit,
        "congresses": unit.congresses.filter(voided_at__isnull=True).order_by("-date"),
        "ratings": unit.ratings.filter(voided_at__isnull=True).order_by("-year"),
        "void_congresses": unit.congresses.filter(voided_at__isnull=False).order_by("-date"),
        "void_ratings": unit.ratings.filter(voided_at__isnull=False).order_by("-year"),
        "can_edit": can_edit_office(request.user, unit.organisation),
        "history": history(unit)[:20],
    }
    return render(request, "office/massorg.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def massorg_create(request: HttpRequest) -> HttpResponse:
    if not can_edit_office(request.user):
        raise Http404("Không có quyền ghi tổ chức đoàn thể")
    form = forms.MassOrganisationForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            unit = actions.do_create_mass_organisation(
                kind=d["kind"],
                name=d["name"],
                organisation=d["organisation"],
                note=d.get("note") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã thêm {unit.name}.")
            return redirect(unit)
    return render(
        request,
        "office/form.html",
        {"title": "Thêm tổ chức đoàn thể", "form": form, "back": reverse("office:massorgs")},
    )


def _unit_for_edit(request: HttpRequest, pk: int) -> MassOrganisation:
    unit = _unit(request, pk)
    if not can_edit_office(request.user, unit.organisation):
        raise Http404("Không có quyền ghi cho tổ chức đoàn thể này")
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def congress_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_for_edit(request, pk)
    form = forms.CongressForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_record_congress(
                unit,
                term=d["term"],
                date=d["date"],
                note=d.get("note") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã ghi đại hội.")
            return redirect(unit)
    return render(
        request,
        "office/form.html",
        {"title": f"Ghi đại hội — {unit.name}", "form": form, "back": unit.get_absolute_url()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rating_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_for_edit(request, pk)
    form = forms.RatingForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_rate_mass_organisation(
                unit,
                year=d["year"],
                rating=d["rating"],
                rated_by=d.get("rated_by") or "",
                note=d.get("note") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã ghi xếp loại.")
            return redirect(unit)
    return render(
        request,
        "office/form.html",
        {"title": f"Ghi xếp loại — {unit.name}", "form": form, "back": unit.get_absolute_url()},
    )


def _congress_cells(c: MassCongress) -> list[object]:
    return [
        c.unit.name,
        c.unit.get_kind_display(),
        c.unit.organisation.name,
        c.term,
        fmt_date(c.date),
    ]


@login_required
@require_GET
def congress_list(request: HttpRequest) -> HttpResponse:
    org = _scope_org(request)
    year = listing.year(request)
    kind = listing.choice(request, "loai", MassOrganisation.Kind.values)
    rows = MassCongress.objects.filter(
        unit__in=queries.visible_mass_organisations(request.user), voided_at__isnull=True
    ).select_related("unit__organisation")
    if org is not None:
        rows = queries.in_subtree(rows, org, "unit__organisation")
    if year:
        rows = rows.filter(date__year=year)
    if kind:
        rows = rows.filter(unit__kind=kind)
    period = _period(request)
    rows = _in_period(rows, "date", period)
    return _list(
        request,
        title="Đại hội đoàn thể",
        rows=rows,
        headers=["Tổ chức đoàn thể", "Loại", "Tổ chức đảng", "Nhiệm kỳ", "Ngày đại hội"],
        cells=_congress_cells,
        export_name="dai-hoi-doan-the",
        filters=[listing.select("loai", "Loại đoàn thể", MassOrganisation.Kind.choices, kind)],
        org=org,
        year=year,
        period=period,
    )


def _rating_cells(r: MassRating) -> list[object]:
    return [
        r.unit.name,
        r.unit.get_kind_display(),
        r.unit.organisation.name,
        r.year,
        r.get_rating_display(),
        r.rated_by,
    ]


@login_required
@require_GET
def rating_list(request: HttpRequest) -> HttpResponse:
    org = _scope_org(request)
    year = listing.year(request)
    kind = listing.choice(request, "loai", MassOrganisation.Kind.values)
    rating = listing.choice(request, "xep_loai", Rating.values)
    rows = MassRating.objects.filter(
        unit__in=queries.visible_mass_organisations(request.user), voided_at__isnull=True
    ).select_related("unit__organisation")
    if org is not None:
        rows = queries.in_subtree(rows, org, "unit__organisation")
    if year:
        rows = rows.filter(year=year)
    if kind:
        rows = rows.filter(unit__kind=kind)
    if rating:
        rows = rows.filter(rating=rating)
    period = _period(request)
    rows = _in_period(rows, "as_of", period)
    return _list(
        request,
        title="Xếp loại tổ chức đoàn thể",
        rows=rows,
        headers=["Tổ chức đoàn thể", "Loại", "Tổ chức đảng", "Năm", "Xếp loại", "Cấp đánh giá"],
        cells=_rating_cells,
        export_name="xep-loai-doan-the",
        filters=[
            listing.select("loai", "Loại đoàn thể", MassOrganisation.Kind.choices, kind),
            listing.select("xep_loai", "Xếp loại", Rating.choices, rating),
        ],
        org=org,
        year=year,
        period=period,
    )


# --- voiding --------------------------------------------------------------------------


def _voidable(request: HttpRequest, kind: str, pk: int) -> tuple[Any, Organisation, Any, str]:
    """The record of `kind` within the user's reach, its organisation, and where to go back."""
    units = queries.visible_mass_organisations(request.user)
    if kind == "commendation":
        qs = queries.visible_commendations(request.user).select_related("organisation")
        c: Commendation = _get(request, qs, pk, "khen thưởng")
        return c, c.organisation, c, "khen thưởng"
    if kind == "congress":
        congress: MassCongress = _get(
            request,
            MassCongress.objects.filter(unit__in=units).select_related("unit__organisation"),
            pk,
            "đại hội",
        )
        return congress, congress.unit.organisation, congress.unit, "đại hội"
    if kind == "rating":
        rating: MassRating = _get(
            request,
            MassRating.objects.filter(unit__in=units).select_related("unit__organisation"),
            pk,
            "xếp loại",
        )
        return rating, rating.unit.organisation, rating.unit, "xếp loại"
    plans = queries.visible_plans(request.user).select_related("organisation")
    if kind == "plan":
        plan: Plan = _get(request, plans, pk, "kế hoạch")
        return plan, plan.organisation, plan, "kế hoạch"
    if kind == "target":
        targets = PlanTarget.objects.filter(plan__in=plans).select_related("plan")
        target: PlanTarget = _get(request, targets, pk, "chỉ tiêu")
        return target, target.plan.organisation, target.plan, "chỉ tiêu"
    if kind == "task":
        task: PlanTask = _get(
            request, PlanTask.objects.filter(plan__in=plans).select_related("plan"), pk, "nhiệm vụ"
        )
        return task, task.plan.organisation, task.plan, "nhiệm vụ"
    if kind == "document":
        qs = queries.visible_documents(request.user).select_related("issuer")
        document: Document = _get(request, qs, pk, "văn bản")
        return document, document.issuer, document, "văn bản"
    raise Http404("Không có loại bản ghi này")


PLAN_KINDS = ("plan", "target", "task", "document")


@login_required
@require_POST
def void(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Void a mistaken record with a reason; 404 outside the user's reach or edit rights."""
    record, org, back, what = _voidable(request, kind, pk)
    can_edit = can_edit_plans if kind in PLAN_KINDS else can_edit_office
    if not can_edit(request.user, org):
        raise Http404("Không có quyền ghi")
    try:
        if kind == "document":
            check_voidable(record)
        do_void(record, reason=request.POST.get("reason", ""), acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã hủy {what} ghi nhầm; hãy ghi lại bản đúng nếu cần.")
    return redirect(back)
