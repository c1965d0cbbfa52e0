"""Pages of inspection work with domain actions of their own: a programme and its items,
an inspection's status and conclusion, a discipline decision recorded from a member's page
or an inspection, a complaint's handling, the complaints past their deadline. The lists,
exports, forms, pages and voids of the record kinds derive from `inspection/records.py`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvu.accounts.scoping import get_member_for_user
from dangvu.core import listing, records
from dangvu.core.concurrency import StampForm
from dangvu.core.dates import today
from dangvu.core.errors import DomainError, EditConflict
from dangvu.core.exports import export_response, requested_format
from dangvu.core.workdays import working_calendar
from dangvu.inspection import actions, forms, queries
from dangvu.inspection.models import Complaint, Inspection, Status, Target
from dangvu.inspection.records import (
    COMPLAINTS,
    DISCIPLINE,
    INSPECTIONS,
    KINDS,
    PROGRAMMES,
    scope_org,
    write_discipline,
)
from dangvu.inspection.scoping import levels_for
from dangvu.lib.vnformat import fmt_date
from dangvu.orgs.forms import DomainForm

PER_PAGE = 50

programme_list = records.list_view(PROGRAMMES)
programme_create = records.create_view(PROGRAMMES)
inspection_list = records.list_view(INSPECTIONS)
inspection_create = records.create_view(INSPECTIONS)
discipline_list = records.list_view(DISCIPLINE)
discipline_detail = records.detail_view(DISCIPLINE)
complaint_list = records.list_view(COMPLAINTS)
complaint_create = records.create_view(COMPLAINTS)


def _editable(request: HttpRequest, kind: records.RecordKind, record: Any) -> bool:
    """Whether the user records the work of the record's body (and it is not void)."""
    return not record.is_void and kind.can_void(request.user, record)


def _posted(
    request: HttpRequest,
    form: DomainForm,
    record: Any,
    action: Callable[..., Any],
    done: Callable[[Any], str],
) -> HttpResponse | None:
    """Write what a record's page posted through its form, whose fields are the action's
    arguments: back to the record's page, or None when the form or the action refused
    (the page is shown again with the reason)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        written = action(record, acting_user=request.user, **form.cleaned_data)
    except DomainError as error:
        form.add_domain_error(error)
        return None
    messages.success(request, done(written))
    return redirect(record)


# --- programmes -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme and its items; who records its body's work adds items."""
    programme = PROGRAMMES.get(request, pk)
    editable = _editable(request, PROGRAMMES, programme)
    data = request.POST if request.method == "POST" else None
    if data is not None and not editable:
        raise Http404("Không có quyền ghi")
    form = forms.ProgrammeItemForm(data, user=request.user)
    response = _posted(
        request,
        form,
        programme,
        actions.do_add_programme_item,
        lambda item: f"Đã thêm nội dung số {item.number}.",
    )
    if response is not None:
        return response
    items = list(programme.items.filter(voided_at__isnull=True).prefetch_related("inspections"))
    rows = []
    for item in items:
        alive = [i for i in item.inspections.all() if i.voided_at is None]
        rows.append({"item": item, "inspections": alive})
    done = sum(1 for r in rows if any(i.status == Status.DONE for i in r["inspections"]))
    return records.detail_page(
        request, PROGRAMMES, programme, rows=rows, done=done, form=form, can_edit=editable
    )


# --- inspections and supervisions -----------------------------------------------------


def _inspection_for_edit(request: HttpRequest, pk: int) -> Inspection:
    inspection: Inspection = INSPECTIONS.get(request, pk)
    if inspection.level not in levels_for(request.user, inspection.organisation):
        raise Http404("Không có quyền ghi cho cuộc kiểm tra, giám sát này")
    return inspection


@login_required
@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_page(request, INSPECTIONS.get(request, pk))


def _inspection_page(
    request: HttpRequest,
    inspection: Inspection,
    *,
    status_form: forms.StatusForm | None = None,
    conclusion_form: forms.ConclusionForm | None = None,
    stamp_form: StampForm | None = None,
) -> HttpResponse:
    """The inspection's page; a refused status or conclusion comes back bound, with what
    was typed and the errors beside it (a conflict at the top, with a fresh stamp)."""
    editable = _editable(request, INSPECTIONS, inspection)
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
            for errors in stamp_form.errors.values() if stamp_form is not None else ():
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
    # Each form carries a stamp of what the page shows; the bound one that was refused
    # keeps its own, renewed on a conflict.
    stamps = {
        "status_stamp": _step_stamp(None, inspection, forms.StatusForm) if status_form else None,
        "conclusion_stamp": (
            _step_stamp(None, inspection, forms.ConclusionForm) if conclusion_form else None
        ),
    }
    if stamp_form is not None:
        stamps[
            "status_stamp"
            if status_form is not None and status_form.is_bound
            else "conclusion_stamp"
        ] = stamp_form
    return records.detail_page(
        request,
        INSPECTIONS,
        inspection,
        subjects=subjects,
        decisions=inspection.discipline_decisions.filter(voided_at__isnull=True),
        can_edit=editable,
        status_form=status_form,
        conclusion_form=conclusion_form,
        **stamps,
    )


def _step_stamp(data: Any, inspection: Inspection, form_class: type[DomainForm]) -> StampForm:
    """The stamp of what a step's form was shown against: the status, or the conclusion."""
    stamped = (
        actions.STATUS_STAMPED if form_class is forms.StatusForm else actions.CONCLUSION_STAMPED
    )
    return StampForm(data, instance=inspection, fields=stamped, labels=actions.STAMP_LABELS)


def _inspection_step(
    request: HttpRequest,
    pk: int,
    form_class: type[DomainForm],
    action: Callable[..., Any],
    done: Callable[[Inspection], str],
) -> HttpResponse:
    """One step of the inspection's work (its status, its conclusion) posted from its page;
    refused, the page comes back with the bound form and the reason beside it."""
    inspection = _inspection_for_edit(request, pk)
    form = form_class(request.POST, user=request.user)
    stamp_form = _step_stamp(request.POST, inspection, form_class)
    stamp_valid = stamp_form.is_valid()
    if form.is_valid() and stamp_valid:
        try:
            written = action(
                inspection, acting_user=request.user, stamp=stamp_form.seen(), **form.cleaned_data
            )
        except EditConflict as error:
            inspection.refresh_from_db()
            stamp_form.renew(error)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, done(written))
            return redirect(inspection)
    inspection.refresh_from_db()  # as it stands, not as the refused step left it
    slot = "status_form" if isinstance(form, forms.StatusForm) else "conclusion_form"
    return _inspection_page(request, inspection, stamp_form=stamp_form, **{slot: form})


@login_required
@require_POST
def inspection_status(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_step(
        request,
        pk,
        forms.StatusForm,
        actions.do_set_inspection_status,
        lambda i: f"Đã chuyển sang «{i.get_status_display()}».",
    )


@login_required
@require_POST
def inspection_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_step(
        request,
        pk,
        forms.ConclusionForm,
        actions.do_conclude_inspection,
        lambda i: "Đã ghi kết luận.",
    )


# --- discipline -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def discipline_create(request: HttpRequest) -> HttpResponse:
    """The decision's form, reached from the list, a member's page (`?member=`, the member
    filled in, "Hủy" back to the page) or a done inspection (`?inspection=`, recorded with
    the decision)."""
    if not DISCIPLINE.can_record(request.user):
        raise Http404("Không có quyền ghi công tác kiểm tra")
    member_id = listing.identifier(request.GET.get("member"))
    member = get_member_for_user(request, member_id) if member_id is not None else None
    inspection_id = listing.identifier(request.GET.get("inspection"))
    inspection = INSPECTIONS.get(request, inspection_id) if inspection_id is not None else None
    initial: dict[str, Any] = {}
    if member is not None:
        initial = {"target": Target.MEMBER, "member": member.identity_number or member.full_name}
    return records.create_page(
        request,
        DISCIPLINE,
        initial=initial,
        write=partial(write_discipline, inspection=inspection),
        back=member.get_absolute_url() if member else "",
        inspection=inspection,
    )


# --- complaints and denunciations -----------------------------------------------------


@login_required
@require_GET
def complaints_due(request: HttpRequest) -> HttpResponse:
    """Open complaints past their deadline on a day (today unless `ngay` says otherwise)."""
    org = scope_org(request)
    day = listing.day(request, "ngay") or today()
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
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The complaint; who records its handling body's work records where it stands."""
    complaint: Complaint = COMPLAINTS.get(request, pk)
    editable = _editable(request, COMPLAINTS, complaint)
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
    # The form carries a stamp of where the complaint stood when the page was shown.
    stamp_form = StampForm(
        data,
        instance=complaint,
        fields=actions.COMPLAINT_STAMPED,
        labels=actions.COMPLAINT_STAMP_LABELS,
    )
    if data is not None and form.is_valid() and stamp_form.is_valid():
        try:
            actions.do_update_complaint(
                complaint, acting_user=request.user, stamp=stamp_form.seen(), **form.cleaned_data
            )
        except EditConflict as error:
            complaint.refresh_from_db()
            stamp_form.renew(error)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã ghi tình trạng «{complaint.get_status_display()}».")
            return redirect(complaint)
        complaint.refresh_from_db()  # as it stands, not as the refused update left it
    return records.detail_page(
        request,
        COMPLAINTS,
        complaint,
        form=form if editable and complaint.is_open else None,
        stamp_form=stamp_form,
        can_edit=editable,
        overdue=complaint.overdue_on(today()),
    )


# --- voiding --------------------------------------------------------------------------

# A mistaken record is voided with a reason at `void/<kind>/<pk>/` (a programme's item
# from the programme's page, back to it); 404 outside the user's reach or rights.
void = records.void_by_kind(KINDS)
