"""Pages of personnel work: committees and their members, completion decisions, acting
assignments, leader evaluations, political-standard conclusions, cell attendance.

Every kind is declared in `records.py`, from which its list, export, form, page and void
derive (their URLs point at the record layer's views). What stays here are the domain
pages: a committee's page with its seats and decisions, the forms that add a seat, record
a completion decision or end a seat, the shared page of the kinds without one of their
own, and the end date of an open assignment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from dangvu.core import records
from dangvu.core.dates import FOREVER
from dangvu.core.errors import DomainError
from dangvu.personnel import actions, forms, queries
from dangvu.personnel.models import Committee, CommitteeMember
from dangvu.personnel.records import (
    ACTING,
    ATTENDANCES,
    COMMITTEES,
    CONCLUSIONS,
    EVALUATIONS,
    SEATS,
)

# `records/<kind>/<pk>/`: the kinds without a page of their own, and of those the
# assignments that run to an end date recorded later (`records/<kind>/<pk>/end/`).
RECORD_PAGES = {k.url_kind: k for k in (ACTING, ATTENDANCES, EVALUATIONS, CONCLUSIONS)}
ENDABLE = {k.url_kind: k for k in (ACTING, ATTENDANCES)}


def _declared(kinds: dict[str, records.RecordKind], kind: str) -> records.RecordKind:
    declared = kinds.get(kind)
    if declared is None:
        raise Http404("Không có loại bản ghi này")
    return declared


@login_required
@require_GET
def record_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    declared = _declared(RECORD_PAGES, kind)
    return records.detail_page(request, declared, declared.get(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def record_end(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Record the last day of an open acting or cell-attendance assignment."""
    declared = _declared(ENDABLE, kind)
    record = declared.get(request, pk)
    if record.is_void or not declared.can_void(request.user, record):
        raise Http404("Không có quyền ghi")
    return records.part_form(
        request,
        record,
        forms.EndAssignmentForm,
        title=f"Ghi ngày kết thúc — {record}",
        write=lambda d: actions.do_end_assignment(
            record, end_date=d["end_date"], acting_user=request.user
        ),
        done="Đã ghi ngày kết thúc.",
    )


# --- a committee's page and what is recorded on it --------------------------------------


def _editable(request: HttpRequest, committee: Committee) -> bool:
    return not committee.is_void and COMMITTEES.can_void(request.user, committee)


def _committee_to_edit(request: HttpRequest, pk: int) -> Committee:
    committee: Committee = COMMITTEES.get(request, pk)
    if not _editable(request, committee):
        raise Http404("Không có quyền ghi cho cơ quan này")
    return committee


@login_required
@require_GET
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee: Committee = COMMITTEES.get(request, pk)
    seats = (
        committee.seats.filter(voided_at__isnull=True)
        .select_related("member", "start_decision", "end_decision")
        .order_by("-ended_on", queries.POSITION_ORDER, "start_date", "id")
    )
    return records.detail_page(
        request,
        COMMITTEES,
        committee,
        current=[s for s in seats if s.ended_on == FOREVER],
        former=[s for s in seats if s.ended_on != FOREVER],
        void_seats=committee.seats.filter(voided_at__isnull=False).select_related("member"),
        decisions=committee.decisions.filter(voided_at__isnull=True),
        can_edit=_editable(request, committee),
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_create(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee_to_edit(request, pk)
    return records.part_form(
        request,
        committee,
        forms.SeatForm,
        title=f"Ghi thành viên do đại hội bầu — {committee}",
        write=lambda d: actions.do_add_seat(
            committee,
            member=d["member"],
            position=d["position"],
            start_date=d["start_date"],
            basis=d.get("basis") or "",
            acting_user=request.user,
        ),
        done=lambda seat: f"Đã ghi đồng chí {seat.member.full_name}.",
        form_kwargs={"kind": committee.kind},
        intro="Người được chuẩn y, chỉ định, chỉ định bổ sung thì ghi bằng quyết định kiện toàn.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A completion decision: recorded on its committee's page, then shown on its own."""
    committee = _committee_to_edit(request, pk)
    seats = list(
        committee.seats.filter(voided_at__isnull=True, ended_on=FOREVER)
        .select_related("member")
        .order_by(queries.POSITION_ORDER, "member__search_key")
    )
    data = request.POST if request.method == "POST" else None
    form = forms.CompletionForm(data, user=request.user, kind=committee.kind, seats=seats)
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            decision = actions.do_complete_committee(
                committee,
                kind=d["kind"],
                decision_date=d["decision_date"],
                issued_by=d["issued_by"],
                number=d.get("number") or "",
                appointments=form.appointments(),
                endings=form.ended_seats(),
                end_reason=d.get("end_reason") or "",
                note=d.get("note") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã ghi {decision}.")
            return redirect(decision)
    context: dict[str, Any] = {
        "title": f"Ghi quyết định kiện toàn — {committee}",
        "form": form,
        "parent": committee,
        "back": committee.get_absolute_url(),
    }
    return render(request, "core/record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def seat_end(request: HttpRequest, pk: int) -> HttpResponse:
    seat: CommitteeMember = SEATS.get(request, pk)
    if seat.is_void or not SEATS.can_void(request.user, seat):
        raise Http404("Không có quyền ghi cho cơ quan này")
    return records.part_form(
        request,
        seat.committee,
        forms.EndSeatForm,
        title=f"Thôi chức vụ — {seat.member.full_name}, {seat.get_position_display()}",
        write=lambda d: actions.do_end_seat(
            seat, ended_on=d["ended_on"], reason=d["reason"], acting_user=request.user
        ),
        done=f"Đã ghi đồng chí {seat.member.full_name} thôi chức vụ.",
        intro="Người thôi theo quyết định kiện toàn thì ghi bằng quyết định đó.",
    )
