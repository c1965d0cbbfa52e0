"""The transit pages that are not a record kind's: what is pending (in transit, announced,
temporary stays ending), the confirmation of an arrival, the arrival of an announced
member, closing an announcement and ending a stay.

Every object is fetched through the user's scope (404 for "missing" and "not yours"
alike); every write is an action of `transit.actions`, which checks and audits it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvu.accounts.scoping import top_organisations, visible_organisations
from dangvu.core import records
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.members import forms as member_forms
from dangvu.members.kinds import EventKind
from dangvu.members.models import MemberEvent
from dangvu.orgs.models import Organisation
from dangvu.transit import actions, forms, queries
from dangvu.transit.models import Announcement
from dangvu.transit.records import ANNOUNCEMENTS, ATTENDEES

PAGE_SIZE = 50
# The window of the list of temporary stays ending (`?trong=` days), and its bounds.
WITHIN_DEFAULT = 30
WITHIN_MAX = 366


def _scope_org(request: HttpRequest) -> Organisation | None:
    org = records.organisation_asked(request)
    if org is not None:
        return org
    tops = top_organisations(request.user)
    return tops[0] if tops else None


def _within(request: HttpRequest, notices: list[str]) -> int:
    text = request.GET.get("trong", "").strip()
    if not text:
        return WITHIN_DEFAULT
    if text.isdigit() and 1 <= int(text) <= WITHIN_MAX:
        return int(text)
    notices.append(
        f"Số ngày «{text[:20]}» không hợp lệ: hãy ghi số ngày từ 1 đến {WITHIN_MAX}. Trang "
        f"đang hiển thị {WITHIN_DEFAULT} ngày tới."
    )
    return WITHIN_DEFAULT


@login_required
@require_GET
def due(request: HttpRequest) -> HttpResponse:
    """Members in transit out, members announced and not arrived, temporary stays ending."""
    org = _scope_org(request)
    day = today()
    notices: list[str] = []
    within = _within(request, notices)
    context: dict[str, Any] = {"org": org, "day": day, "within": within, "notices": notices}
    if org is not None:
        context.update(
            can_record=queries.can_record(request.user, org),
            outgoing=Paginator(queries.in_transit(org, day), PAGE_SIZE).get_page(
                request.GET.get("trang")
            ),
            incoming=Paginator(queries.announced(org, day), PAGE_SIZE).get_page(
                request.GET.get("trang_den")
            ),
            ending=Paginator(queries.attendees_ending(org, day, within), PAGE_SIZE).get_page(
                request.GET.get("trang_tt")
            ),
            current=queries.attendees_open(org, day).count(),
        )
    return render(request, "transit/due.html", context)


def _transfer_out(request: HttpRequest, pk: int) -> MemberEvent:
    event = (
        MemberEvent.objects.filter(
            pk=pk,
            kind=EventKind.TRANSFER_OUT,
            voided_at__isnull=True,
            organisation__in=visible_organisations(request.user),
        )
        .select_related("member", "organisation")
        .first()
    )
    if event is None:
        raise Http404("Không tìm thấy quyết định chuyển sinh hoạt đi")
    return event


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a member transferred out arrived at the receiving committee."""
    event = _transfer_out(request, pk)
    if not queries.can_record(request.user, event.organisation):
        raise Http404("Không có quyền ghi xác nhận")
    live = event.arrival_confirmations.filter(voided_at__isnull=True).first()
    if live is not None:
        messages.info(
            request,
            "Đã có xác nhận đồng chí đến nơi mới; nếu ghi nhầm, hãy hủy xác nhận này rồi ghi lại.",
        )
        return redirect(live)
    data = request.POST if request.method == "POST" else None
    form = forms.ConfirmationForm(
        data, user=request.user, initial={"receiving_organisation": event.external_party}
    )
    if data is not None and form.is_valid():
        try:
            confirmation = actions.do_confirm_arrival(
                event, **form.cleaned_data, acting_user=request.user
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, f"Đã ghi xác nhận đồng chí {event.member.full_name} đến nơi mới."
            )
            return redirect(confirmation)
    paper = actions.paper_date_of(event)
    context = {
        "title": f"Xác nhận đồng chí {event.member.full_name} đã đến nơi mới",
        "intro": (
            f"Chuyển sinh hoạt đi ngày {event.date:%d/%m/%Y} đến {event.external_party}"
            f"{', quyết định số ' + event.decision_number if event.decision_number else ''}; "
            f"hạn xuất trình giấy giới thiệu {actions.arrival_deadline(paper):%d/%m/%Y}."
        ),
        "form": form,
        "back": f"{reverse('transit:due')}#chuyen-di",
    }
    return render(request, "core/record_form.html", context)


def _open_announcement(request: HttpRequest, pk: int) -> Announcement:
    announcement = ANNOUNCEMENTS.get(request, pk)
    if not queries.can_record(request.user, announcement.organisation):
        raise Http404("Không có quyền ghi")
    return announcement


@login_required
@require_http_methods(["GET", "POST"])
def receive(request: HttpRequest, pk: int) -> HttpResponse:
    """The transfer-in form, filled from the announcement; saving it closes the announcement."""
    announcement = _open_announcement(request, pk)
    if announcement.is_void or announcement.state != Announcement.State.OPEN:
        messages.error(request, "Thông báo này đã kết thúc theo dõi hoặc đã bị hủy.")
        return redirect(announcement)
    data = request.POST if request.method == "POST" else None
    person_form = member_forms.PersonForm(
        data,
        prefix="p",
        initial={
            "full_name": announcement.full_name,
            "birth_date": announcement.birth_date,
            "sex": announcement.sex,
        },
    )
    form = member_forms.TransferInForm(
        data,
        user=request.user,
        initial={
            "organisation": announcement.organisation.code,
            "external_party": announcement.from_party,
            "decision_number": announcement.paper_number,
            "decision_date": announcement.paper_date,
        },
    )
    if data is not None and person_form.is_valid() and form.is_valid():
        try:
            member = actions.do_receive_announced(
                announcement,
                person_form.person(),
                organisation=form.cleaned_data["organisation"],
                external_party=form.cleaned_data["external_party"],
                decision=form.decision(),
                party_file=form.party_file(),
                acting_user=request.user,
            )
        except DomainError as error:
            if error.field in person_form.fields:
                person_form.add_error(error.field, error.message)
            else:
                form.add_domain_error(error)
        else:
            messages.success(request, f"Đã tiếp nhận đồng chí {member.full_name}.")
            return redirect(member)
    return render(
        request,
        "members/person_form.html",
        {
            "title": f"Tiếp nhận đồng chí {announcement.full_name} chuyển đến",
            "person_form": person_form,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def not_coming(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _open_announcement(request, pk)
    return records.part_form(
        request,
        announcement,
        forms.NotComingForm,
        title=f"Đồng chí {announcement.full_name} không đến",
        write=lambda d: actions.do_close_not_coming(announcement, **d, acting_user=request.user),
        done="Đã khép thông báo: đồng chí không đến.",
        form_kwargs={"initial": {"closed_on": today()}},
    )


@login_required
@require_POST
def link(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the announcement with a transfer-in already recorded on the members' page."""
    announcement = _open_announcement(request, pk)
    text = request.POST.get("event", "")
    event = (
        MemberEvent.objects.filter(
            pk=int(text), organisation__in=visible_organisations(request.user)
        ).first()
        if text.isdigit() and len(text) < 12
        else None
    )
    if event is None:
        messages.error(request, "Hãy chọn một lần tiếp nhận chuyển đến trong danh sách.")
        return redirect(announcement)
    try:
        actions.do_link_arrival(announcement, event, acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã khép thông báo với lần tiếp nhận đã ghi.")
    return redirect(announcement)


@login_required
@require_http_methods(["GET", "POST"])
def end(request: HttpRequest, pk: int) -> HttpResponse:
    attendee = ATTENDEES.get(request, pk)
    if not queries.can_record(request.user, attendee.organisation):
        raise Http404("Không có quyền ghi")
    return records.part_form(
        request,
        attendee,
        forms.EndForm,
        title=f"Đồng chí {attendee.full_name} thôi sinh hoạt tạm thời",
        write=lambda d: actions.do_end_attendance(attendee, **d, acting_user=request.user),
        done="Đã ghi ngày thôi sinh hoạt tạm thời.",
        form_kwargs={"initial": {"actual_end": min(attendee.planned_end, today())}},
    )
