"""Pages of inspection work: programmes, inspections and supervisions, discipline decisions,
complaints and denunciations; lists with filters and export, details with their history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvu.accounts.scoping import (
    get_member_for_user,
    get_org_for_user,
    visible_members,
    visible_organisations,
)
from dangvu.audit.log import history
from dangvu.core import listing
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.exports import export_response, requested_format
from dangvu.core.workdays import working_calendar
from dangvu.education.voiding import do_void
from dangvu.inspection import actions, forms, queries
from dangvu.inspection.limitation import ViolationCategory
from dangvu.inspection.models import (
    INSPECTION_KINDS,
    SUPERVISION_KINDS,
    Complaint,
    DisciplineDecision,
    Form,
    Inspection,
    Kind,
    Level,
    Programme,
    ProgrammeItem,
    Status,
    Target,
)
from dangvu.inspection.scoping import can_record, levels_for
from dangvu.lib.text import clean, search_key
from dangvu.lib.vnformat import fmt_date
from dangvu.members.models import Member
from dangvu.orgs.models import Organisation
from dangvu.orgs.resolve import resolve_organisation

PER_PAGE = 50
GROUPS = {"inspection": INSPECTION_KINDS, "supervision": SUPERVISION_KINDS}
GROUP_CHOICES = [("inspection", "Kiểm tra"), ("supervision", "Giám sát")]


# --- filters --------------------------------------------------------------------------


def _scope_org(request: HttpRequest) -> Organisation | None:
    code = request.GET.get("to_chuc", "").strip()
    return get_org_for_user(request, code.split(" — ")[0].upper()) if code else None


def _day(request: HttpRequest, name: str) -> dt.date | None:
    return listing.day(request, name)


def _in_period(request: HttpRequest, rows: QuerySet[Any], field: str) -> QuerySet[Any]:
    """The `tu`..`den` dates of a records link from a report (either may be missing)."""
    start, end = _day(request, "tu"), _day(request, "den")
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
    cells: Callable[[Any], list[object]],
    export_name: str,
    filters: list[dict[str, Any]],
    org: Organisation | None,
    year: int | None,
    add_url: str = "",
    link_col: int = 1,
    notice: str = "",
    notice_url: str = "",
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
        "add_url": add_url if can_record(request.user) else "",
        "link_col": link_col,
        "notice": notice,
        "notice_url": notice_url,
    }
    return render(request, "inspection/list.html", context)


def _get(qs: QuerySet[Any], pk: int, what: str) -> Any:
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(f"Không tìm thấy {what}")
    return obj


def _require_recorder(request: HttpRequest) -> None:
    if not can_record(request.user):
        raise Http404("Không có quyền ghi công tác kiểm tra")


def _form_page(
    request: HttpRequest, title: str, form: Any, back: str, **extra: Any
) -> HttpResponse:
    return render(
        request, "inspection/form.html", {"title": title, "form": form, "back": back, **extra}
    )


# --- finding subjects -----------------------------------------------------------------


def _find_member(user: Any, text: str, field: str) -> Member:
    """The member named by identity number or full name, within the user's reach."""
    text = clean(text)
    key = Q(identity_number=text) if text.isdigit() else Q(search_key=search_key(text))
    found = list(visible_members(user).filter(key)[:2])
    if not found:
        raise DomainError(f"Không tìm thấy đảng viên «{text}» trong phạm vi của bạn.", field)
    if len(found) > 1:
        raise DomainError(
            f"Có nhiều đảng viên tên «{text}»; hãy nhập số CCCD để phân biệt.", field=field
        )
    return found[0]


def _find_org(user: Any, text: str, field: str, on: dt.date | None = None) -> Organisation:
    """The organisation named by code or name within the user's reach (namesakes refused)."""
    return resolve_organisation(visible_organisations(user), text, on=on, field=field)


# --- programmes -----------------------------------------------------------------------


def _programme_cells(p: Programme) -> list[object]:
    return [p.year, p.title, p.body_label, p.n_items]


@login_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    org = _scope_org(request)
    year = listing.year(request)
    level = listing.choice(request, "cap", Level.values)
    rows = (
        queries.visible_programmes(request.user)
        .filter(voided_at__isnull=True)
        .select_related("organisation")
        .annotate(n_items=Count("items", filter=Q(items__voided_at__isnull=True)))
        .order_by("-year", "organisation__path", "level", "id")
    )
    if org is not None:
        rows = queries.in_subtree(rows, org)
    if year:
        rows = rows.filter(year=year)
    if level:
        rows = rows.filter(level=level)
    return _list(
        request,
        title="Chương trình kiểm tra, giám sát",
        rows=rows,
        headers=["Năm", "Tên chương trình", "Cơ quan thực hiện", "Số nội dung"],
        cells=_programme_cells,
        export_name="chuong-trinh-kiem-tra",
        filters=[listing.select("cap", "Cơ quan", Level.choices, level)],
        org=org,
        year=year,
        add_url=reverse("inspection:programme_create"),
        link_col=2,
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    _require_recorder(request)
    form = forms.ProgrammeForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            programme = actions.do_create_programme(
                organisation=d["organisation"],
                level=d["level"],
                board_name=d.get("board_name") or "",
                year=d["year"],
                title=d["title"],
                note=d.get("note") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, "Đã ghi chương trình; hãy thêm các nội dung của chương trình."
            )
            return redirect(programme)
    return _form_page(
        request, "Ghi chương trình kiểm tra, giám sát", form, reverse("inspection:programmes")
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme: Programme = _get(
        queries.visible_programmes(request.user).select_related("organisation"),
        pk,
        "chương trình kiểm tra, giám sát",
    )
    editable = not programme.is_void and programme.level in levels_for(
        request.user, programme.organisation
    )
    data = request.POST if request.method == "POST" else None
    if data is not None and not editable:
        raise Http404("Không có quyền ghi")
    form = forms.ProgrammeItemForm(data, user=request.user)
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            item = actions.do_add_programme_item(
                programme,
                kind=d["kind"],
                title=d["title"],
                planned_subjects=d.get("planned_subjects") or "",
                planned_quarter=d.get("planned_quarter"),
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã thêm nội dung số {item.number}.")
            return redirect(programme)
    items = list(programme.items.filter(voided_at__isnull=True).prefetch_related("inspections"))
    rows = []
    for item in items:
        alive = [i for i in item.inspections.all() if i.voided_at is None]
        rows.append({"item": item, "inspections": alive})
    done = sum(1 for r in rows if any(i.status == Status.DONE for i in r["inspections"]))
    return render(
        request,
        "inspection/programme.html",
        {
            "p": programme,
            "rows": rows,
            "done": done,
            "form": form,
            "can_edit": editable,
            "history": history(programme)[:20],
        },
    )


# --- inspections and supervisions -----------------------------------------------------


def _inspection_cells(i: Inspection) -> list[object]:
    return [
        fmt_date(i.start_date),
        i.title,
        i.get_kind_display(),
        i.body_label,
        ", ".join(str(s) for s in i.subjects.all())
        or (f"{i.members_checked} đảng viên" if i.members_checked else ""),
        i.get_status_display(),
        fmt_date(i.end_date),
        "Có" if i.in_programme else "",
    ]


@login_required
@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    org = _scope_org(request)
    year = listing.year(request)
    level = listing.choice(request, "cap", Level.values)
    kind = listing.choice(request, "loai", Kind.values)
    group = listing.choice(request, "nhom", list(GROUPS))
    status = listing.choice(request, "trang_thai", Status.values)
    rows = (
        queries.visible_inspections(request.user)
        .filter(voided_at__isnull=True)
        .select_related("organisation")
        .prefetch_related("subjects__organisation", "subjects__member")
    )
    if org is not None:
        rows = queries.in_subtree(rows, org)
    if year:
        rows = rows.filter(Q(end_date__year=year) | Q(end_date__isnull=True, start_date__year=year))
    if request.GET.get("tu") or request.GET.get("den"):
        rows = _in_period(request, rows.exclude(end_date__isnull=True), "end_date")
    if level:
        rows = rows.filter(level=level)
    if kind:
        rows = rows.filter(kind=kind)
    if group:
        rows = rows.filter(kind__in=GROUPS[group])
    if status:
        rows = rows.filter(status=status)
    return _list(
        request,
        title="Kiểm tra, giám sát",
        rows=rows,
        headers=[
            "Ngày bắt đầu",
            "Nội dung",
            "Loại",
            "Cơ quan tiến hành",
            "Đối tượng",
            "Tình trạng",
            "Ngày kết thúc",
            "Theo chương trình",
        ],
        cells=_inspection_cells,
        export_name="kiem-tra-giam-sat",
        filters=[
            listing.select("cap", "Cơ quan tiến hành", Level.choices, level),
            listing.select("nhom", "Kiểm tra / giám sát", GROUP_CHOICES, group),
            listing.select("loai", "Loại", Kind.choices, kind),
            listing.select("trang_thai", "Tình trạng", Status.choices, status),
        ],
        org=org,
        year=year,
        add_url=reverse("inspection:inspection_create"),
        link_col=2,
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request: HttpRequest) -> HttpResponse:
    _require_recorder(request)
    initial: dict[str, Any] = {}
    item_id = listing.identifier(request.GET.get("noi_dung"))
    if item_id is not None:
        planned: ProgrammeItem = _get(
            ProgrammeItem.objects.filter(
                programme__in=queries.visible_programmes(request.user), voided_at__isnull=True
            ).select_related("programme__organisation"),
            item_id,
            "nội dung chương trình",
        )
        initial = {
            "organisation": planned.programme.organisation.code,
            "level": planned.programme.level,
            "board_name": planned.programme.board_name,
            "kind": planned.kind,
            "title": planned.title,
            "subject_orgs": planned.planned_subjects,
            "in_programme": True,
            "programme_item": planned.number,
        }
    form = forms.InspectionForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            orgs = [
                _find_org(request.user, t, "subject_orgs", d["start_date"])
                for t in d["subject_orgs"]
            ]
            members = [
                _find_member(request.user, t, "subject_members") for t in d["subject_members"]
            ]
            item = None
            if d.get("programme_item"):
                item = ProgrammeItem.objects.filter(
                    programme__organisation=d["organisation"],
                    programme__level=d["level"],
                    programme__board_name=clean(d.get("board_name") or ""),
                    programme__year=d["start_date"].year,
                    programme__voided_at__isnull=True,
                    number=d["programme_item"],
                    voided_at__isnull=True,
                ).first()
                if item is None:
                    raise DomainError(
                        f"Chương trình năm {d['start_date'].year} của cơ quan tiến hành không "
                        f"có nội dung số {d['programme_item']}.",
                        field="programme_item",
                    )
            inspection = actions.do_record_inspection(
                organisation=d["organisation"],
                level=d["level"],
                board_name=d.get("board_name") or "",
                kind=d["kind"],
                title=d["title"],
                start_date=d["start_date"],
                end_date=d.get("end_date"),
                status=d["status"],
                organisations=orgs,
                members=members,
                members_checked=d.get("members_checked"),
                in_programme=d.get("in_programme") or False,
                programme_item=item,
                decision_number=d.get("decision_number") or "",
                conclusion=d.get("conclusion") or "",
                conclusion_date=d.get("conclusion_date"),
                note=d.get("note") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã ghi {inspection.get_kind_display().lower()}.")
            return redirect(inspection)
    return _form_page(
        request, "Ghi cuộc kiểm tra, giám sát", form, reverse("inspection:inspections")
    )


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    qs = queries.visible_inspections(request.user).select_related(
        "organisation", "programme_item__programme"
    )
    inspection: Inspection = _get(qs, pk, "cuộc kiểm tra, giám sát")
    return inspection


def _inspection_for_edit(request: HttpRequest, pk: int) -> Inspection:
    inspection = _inspection(request, pk)
    if inspection.level not in levels_for(request.user, inspection.organisation):
        raise Http404("Không có quyền ghi cho cuộc kiểm tra, giám sát này")
    return inspection


@login_required
@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_page(request, _inspection(request, pk))


def _inspection_page(
    request: HttpRequest,
    inspection: Inspection,
    *,
    status_form: forms.StatusForm | None = None,
    conclusion_form: forms.ConclusionForm | None = None,
) -> HttpResponse:
    """The inspection's page; a refused status or conclusion comes back bound, with what
    was typed and the errors beside it."""
    editable = not inspection.is_void and inspection.level in levels_for(
        request.user, inspection.organisation
    )
    subjects = inspection.subjects.select_related(
        "organisation", "member", "member_organisation"
    ).order_by("organisation__path", "member__full_name")
    status_shown = editable and inspection.status in (Status.PLANNED, Status.IN_PROGRESS)
    conclusion_shown = editable and inspection.status == Status.DONE
    for bound, shown in ((status_form, status_shown), (conclusion_form, conclusion_shown)):
        if bound is not None and not shown:
            # Refused in a state whose page has no such form: the reason is said there.
            for errors in bound.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(inspection)
    if status_shown and status_form is None:
        status_form = forms.StatusForm(user=request.user)
    if conclusion_shown and conclusion_form is None:
        # The conclusion recorded so far is shown, so that it is corrected, not retyped.
        conclusion_form = forms.ConclusionForm(
            user=request.user,
            initial={
                "conclusion": inspection.conclusion,
                "conclusion_date": inspection.conclusion_date,
            },
        )
    return render(
        request,
        "inspection/inspection.html",
        {
            "i": inspection,
            "subjects": subjects,
            "decisions": inspection.discipline_decisions.filter(voided_at__isnull=True),
            "can_edit": editable,
            "status_form": status_form,
            "conclusion_form": conclusion_form,
            "history": history(inspection)[:20],
        },
    )


@login_required
@require_POST
def inspection_status(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection_for_edit(request, pk)
    form = forms.StatusForm(request.POST, user=request.user)
    if not form.is_valid():
        return _inspection_page(request, inspection, status_form=form)
    try:
        actions.do_set_inspection_status(
            inspection,
            status=form.cleaned_data["status"],
            end_date=form.cleaned_data.get("end_date"),
            acting_user=request.user,
        )
    except DomainError as error:
        form.add_domain_error(error)
        inspection.refresh_from_db()
        return _inspection_page(request, inspection, status_form=form)
    messages.success(request, f"Đã chuyển sang «{inspection.get_status_display()}».")
    return redirect(inspection)


@login_required
@require_POST
def inspection_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection_for_edit(request, pk)
    form = forms.ConclusionForm(request.POST, user=request.user)
    if not form.is_valid():
        return _inspection_page(request, inspection, conclusion_form=form)
    try:
        actions.do_conclude_inspection(
            inspection,
            conclusion=form.cleaned_data["conclusion"],
            conclusion_date=form.cleaned_data["conclusion_date"],
            acting_user=request.user,
        )
    except DomainError as error:
        form.add_domain_error(error)
        inspection.refresh_from_db()
        return _inspection_page(request, inspection, conclusion_form=form)
    messages.success(request, "Đã ghi kết luận.")
    return redirect(inspection)


# --- discipline -----------------------------------------------------------------------


def _decision_cells(d: DisciplineDecision) -> list[object]:
    return [
        fmt_date(d.decision_date),
        d.member.full_name if d.member is not None else d.organisation.name,
        d.get_target_display(),
        d.organisation.name,
        d.get_form_display(),
        d.issuer_label,
        d.decision_number,
        fmt_date(d.violation_date),
    ]


@login_required
@require_GET
def discipline_list(request: HttpRequest) -> HttpResponse:
    org = _scope_org(request)
    year = listing.year(request)
    target = listing.choice(request, "doi_tuong", Target.values)
    form = listing.choice(request, "hinh_thuc", Form.values)
    level = listing.choice(request, "cap", Level.values)
    rows = (
        queries.visible_decisions(request.user)
        .filter(voided_at__isnull=True)
        .select_related("member", "organisation", "issuing_organisation")
    )
    if org is not None:
        rows = queries.in_subtree(rows, org)
    if year:
        rows = rows.filter(decision_date__year=year)
    rows = _in_period(request, rows, "decision_date")
    if target:
        rows = rows.filter(target=target)
    if form:
        rows = rows.filter(form=form)
    if level:
        rows = rows.filter(issuing_level=level)
    return _list(
        request,
        title="Kỷ luật",
        rows=rows,
        headers=[
            "Ngày quyết định",
            "Đảng viên, tổ chức bị kỷ luật",
            "Đối tượng",
            "Tổ chức",
            "Hình thức",
            "Cơ quan quyết định",
            "Số quyết định",
            "Ngày vi phạm",
        ],
        cells=_decision_cells,
        export_name="ky-luat",
        filters=[
            listing.select("doi_tuong", "Đối tượng", Target.choices, target),
            listing.select("hinh_thuc", "Hình thức", Form.choices, form),
            listing.select("cap", "Cơ quan quyết định", Level.choices, level),
        ],
        org=org,
        year=year,
        add_url=reverse("inspection:discipline_create"),
        link_col=2,
    )


@login_required
@require_http_methods(["GET", "POST"])
def discipline_create(request: HttpRequest) -> HttpResponse:
    _require_recorder(request)
    member: Member | None = None
    member_id = listing.identifier(request.GET.get("member"))
    if member_id is not None:
        member = get_member_for_user(request, member_id)
    inspection: Inspection | None = None
    inspection_id = listing.identifier(request.GET.get("inspection"))
    if inspection_id is not None:
        inspection = _inspection(request, inspection_id)
    initial: dict[str, Any] = {}
    if member is not None:
        initial = {"target": Target.MEMBER, "member": member.identity_number or member.full_name}
    form = forms.DisciplineForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            target = d["target"]
            found = None
            if target == Target.MEMBER:
                if not d.get("member"):
                    raise DomainError("Hãy nhập đảng viên bị kỷ luật.", field="member")
                found = _find_member(request.user, d["member"], "member")
            decision = actions.do_discipline(
                target=target,
                form=d["form"],
                issuing_organisation=d["issuing_organisation"],
                issuing_level=d["issuing_level"],
                violation_date=d["violation_date"],
                decision_date=d["decision_date"],
                decision_number=d.get("decision_number") or "",
                violation=d["violation"],
                member=found,
                organisation=d.get("organisation") if target == Target.ORGANISATION else None,
                inspection=inspection,
                violation_category=d.get("violation_category") or ViolationCategory.OTHER,
                expulsion_level=bool(d.get("expulsion_level")),
                later_violation_date=d.get("later_violation_date"),
                conclusion_date=d.get("conclusion_date"),
                delegation=d.get("delegation") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã ghi quyết định kỷ luật {decision.subject_name}.")
            return redirect(decision)
    return _form_page(
        request,
        "Ghi quyết định kỷ luật",
        form,
        member.get_absolute_url() if member else reverse("inspection:disciplines"),
        inspection=inspection,
    )


@login_required
@require_GET
def discipline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision: DisciplineDecision = _get(
        queries.visible_decisions(request.user).select_related(
            "member", "organisation", "issuing_organisation", "inspection", "member_event"
        ),
        pk,
        "quyết định kỷ luật",
    )
    editable = not decision.is_void and decision.issuing_level in levels_for(
        request.user, decision.issuing_organisation
    )
    return render(
        request,
        "inspection/discipline.html",
        {"d": decision, "can_edit": editable, "history": history(decision)[:20]},
    )


# --- complaints and denunciations -----------------------------------------------------


def _complaint_cells(c: Complaint) -> list[object]:
    return [
        fmt_date(c.received_date),
        c.get_kind_display(),
        c.sender,
        c.against_label,
        c.handler_label,
        fmt_date(c.deadline),
        c.get_status_display(),
        fmt_date(c.closed_date),
    ]


COMPLAINT_STATES = [
    *Complaint.State.choices,
    ("OPEN", "Chưa giải quyết xong"),
    ("CLOSED", "Đã kết thúc"),
    ("OVERDUE", "Quá hạn"),
]


@login_required
@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    org = _scope_org(request)
    year = listing.year(request)
    kind = listing.choice(request, "loai", Complaint.Kind.values)
    state = listing.choice(request, "trang_thai", [k for k, _ in COMPLAINT_STATES])
    visible = queries.visible_complaints(request.user).filter(voided_at__isnull=True)
    if org is not None:
        visible = queries.in_subtree(visible, org, "handling_organisation")
    overdue = visible.filter(closed_date__isnull=True, deadline__lt=today())
    rows = visible.select_related("against_organisation", "against_member", "handling_organisation")
    if year:
        rows = rows.filter(received_date__year=year)
    if state == "CLOSED":
        rows = _in_period(request, rows.filter(closed_date__isnull=False), "closed_date")
    else:
        rows = _in_period(request, rows, "received_date")
    if kind:
        rows = rows.filter(kind=kind)
    if state == "OPEN":
        rows = rows.filter(closed_date__isnull=True)
    elif state == "CLOSED":
        rows = rows.filter(closed_date__isnull=False)
    elif state == "OVERDUE":
        rows = rows.filter(closed_date__isnull=True, deadline__lt=today())
    elif state:
        rows = rows.filter(status=state)
    n = overdue.count()
    notice_url = reverse("inspection:complaints_due")
    if org is not None:
        notice_url += f"?to_chuc={org.code}"
    return _list(
        request,
        title="Khiếu nại, tố cáo",
        rows=rows,
        headers=[
            "Ngày nhận",
            "Loại đơn",
            "Người gửi",
            "Đối tượng bị khiếu nại, tố cáo",
            "Cơ quan giải quyết",
            "Hạn giải quyết",
            "Tình trạng",
            "Ngày kết thúc",
        ],
        cells=_complaint_cells,
        export_name="khieu-nai-to-cao",
        filters=[
            listing.select("loai", "Loại đơn", Complaint.Kind.choices, kind),
            listing.select("trang_thai", "Tình trạng", COMPLAINT_STATES, state),
        ],
        org=org,
        year=year,
        add_url=reverse("inspection:complaint_create"),
        link_col=3,
        notice=f"{n} đơn quá hạn giải quyết" if n else "",
        notice_url=notice_url,
    )


@login_required
@require_GET
def complaints_due(request: HttpRequest) -> HttpResponse:
    """Open complaints past their deadline on a day (today unless `ngay` says otherwise)."""
    org = _scope_org(request)
    day = _day(request, "ngay") or today()
    error = ""
    if day > today():
        error = f"Ngày {fmt_date(day)} là ngày trong tương lai; danh sách tính đến hôm nay."
        day = today()
    rows = (
        queries.visible_complaints(request.user)
        .filter(
            Q(closed_date__isnull=True) | Q(closed_date__gt=day),
            received_date__lte=day,
            deadline__lt=day,
            voided_at__isnull=True,
        )
        .select_related("against_organisation", "against_member", "handling_organisation")
        .order_by("deadline", "id")
    )
    if org is not None:
        rows = queries.in_subtree(rows, org, "handling_organisation")
    fmt = requested_format(request)
    headers = [
        "Hạn giải quyết",
        "Quá hạn (ngày làm việc)",
        "Loại đơn",
        "Người gửi",
        "Đối tượng",
        "Cơ quan giải quyết",
        "Thời hạn theo quy định",
    ]
    calendar = working_calendar()

    def terms(c: Complaint) -> str:
        # The regulation's term for this kind and level, in its unit, as on the received date.
        try:
            days, unit = actions.deadline_terms(c.kind, c.handling_level, c.received_date)
        except DomainError:
            return ""
        return f"{days} ngày làm việc" if unit == "working" else f"{days} ngày"

    def cells(c: Complaint) -> list[object]:
        return [
            fmt_date(c.deadline),
            calendar.working_days_between(c.deadline, day),
            c.get_kind_display(),
            c.sender,
            c.against_label,
            c.handler_label,
            terms(c),
        ]

    if fmt is not None:
        return export_response(
            fmt, "don-qua-han", headers, (cells(c) for c in rows.iterator()), title="Đơn quá hạn"
        )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("trang"))
    return render(
        request,
        "inspection/due.html",
        {
            "page": page,
            "rows": [(c.get_absolute_url(), cells(c)) for c in page],
            "headers": headers,
            "total": page.paginator.count,
            "org": org,
            "day": day,
            "error": error,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_create(request: HttpRequest) -> HttpResponse:
    _require_recorder(request)
    form = forms.ComplaintForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            member = (
                _find_member(request.user, d["against_member"], "against_member")
                if d.get("against_member")
                else None
            )
            complaint = actions.do_receive_complaint(
                kind=d["kind"],
                received_date=d["received_date"],
                sender=d["sender"],
                subject=d["subject"],
                handling_organisation=d["handling_organisation"],
                handling_level=d["handling_level"],
                against_organisation=d.get("against_organisation"),
                against_member=member,
                deadline=d.get("deadline"),
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, f"Đã ghi đơn; hạn giải quyết ngày {fmt_date(complaint.deadline)}."
            )
            return redirect(complaint)
    return _form_page(request, "Ghi đơn khiếu nại, tố cáo", form, reverse("inspection:complaints"))


@login_required
@require_http_methods(["GET", "POST"])
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint: Complaint = _get(
        queries.visible_complaints(request.user).select_related(
            "against_organisation", "against_member", "handling_organisation"
        ),
        pk,
        "đơn khiếu nại, tố cáo",
    )
    editable = not complaint.is_void and complaint.handling_level in levels_for(
        request.user, complaint.handling_organisation
    )
    data = request.POST if request.method == "POST" else None
    if data is not None and not editable:
        raise Http404("Không có quyền ghi")
    # The form shows where the complaint stands, so that saving it unchanged changes
    # nothing; a received complaint is offered its next step, being handled.
    form = forms.ComplaintUpdateForm(
        data,
        user=request.user,
        initial={
            "status": Complaint.State.IN_PROGRESS,
            "outcome": complaint.outcome,
            "closed_date": complaint.closed_date,
        },
    )
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_update_complaint(
                complaint,
                status=d["status"],
                outcome=d.get("outcome") or "",
                closed_date=d.get("closed_date"),
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã ghi tình trạng «{complaint.get_status_display()}».")
            return redirect(complaint)
    return render(
        request,
        "inspection/complaint.html",
        {
            "c": complaint,
            "form": form if editable and complaint.is_open else None,
            "can_edit": editable,
            "overdue": complaint.overdue_on(today()),
            "history": history(complaint)[:20],
        },
    )


# --- voiding --------------------------------------------------------------------------


def _voidable(request: HttpRequest, kind: str, pk: int) -> tuple[Any, Organisation, str, Any]:
    """The record of `kind` within the user's reach, the body's organisation and level, and
    where to go back."""
    user = request.user
    if kind == "programme":
        p: Programme = _get(queries.visible_programmes(user), pk, "chương trình")
        return p, p.organisation, p.level, p
    if kind == "item":
        item: ProgrammeItem = _get(
            ProgrammeItem.objects.filter(programme__in=queries.visible_programmes(user)),
            pk,
            "nội dung chương trình",
        )
        return item, item.programme.organisation, item.programme.level, item.programme
    if kind == "inspection":
        i: Inspection = _get(queries.visible_inspections(user), pk, "cuộc kiểm tra, giám sát")
        return i, i.organisation, i.level, i
    if kind == "discipline":
        d: DisciplineDecision = _get(queries.visible_decisions(user), pk, "quyết định kỷ luật")
        return d, d.issuing_organisation, d.issuing_level, d
    if kind == "complaint":
        c: Complaint = _get(queries.visible_complaints(user), pk, "đơn")
        return c, c.handling_organisation, c.handling_level, c
    raise Http404("Không có loại bản ghi này")


@login_required
@require_POST
def void(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Void a mistaken record with a reason; 404 outside the user's reach or rights."""
    record, org, level, back = _voidable(request, kind, pk)
    if level not in levels_for(request.user, org):
        raise Http404("Không có quyền ghi")
    reason = request.POST.get("reason", "")
    try:
        if kind == "discipline":
            actions.do_void_discipline(record, reason=reason, acting_user=request.user)
        else:
            do_void(record, reason=reason, acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã hủy bản ghi ghi nhầm; hãy ghi lại bản đúng nếu cần.")
    return redirect(back)
