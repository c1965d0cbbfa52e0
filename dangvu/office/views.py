"""Pages of office work: commendations, mass organisations, their congresses and ratings.

The lists, exports, pages and voiding derive from the declarations in `office/records.py`;
what stays here is the office's own: a commendation recorded from a member's page, and a
congress or a rating recorded on a mass organisation's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dangvu.accounts.scoping import get_member_for_user
from dangvu.core import listing, records
from dangvu.core.errors import DomainError
from dangvu.members.models import Member
from dangvu.office import actions, forms
from dangvu.office.models import MassOrganisation
from dangvu.office.records import (
    COMMENDATIONS,
    CONGRESSES,
    MASS_ORGANISATIONS,
    RATINGS,
    VOIDABLE,
)
from dangvu.office.scoping import can_edit_office

commendation_list = records.list_view(COMMENDATIONS)
commendation_detail = records.detail_view(COMMENDATIONS)
massorg_list = records.list_view(MASS_ORGANISATIONS)
massorg_create = records.create_view(MASS_ORGANISATIONS)
massorg_detail = records.detail_view(MASS_ORGANISATIONS)
congress_list = records.list_view(CONGRESSES)
rating_list = records.list_view(RATINGS)
void = records.void_by_kind(VOIDABLE)


@login_required
@require_http_methods(["GET", "POST"])
def commendation_create(request: HttpRequest) -> HttpResponse:
    """Record a commendation; from a member's page (`?member=`), of that member."""
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
    back = member.get_absolute_url() if member is not None else reverse("office:commendations")
    context = {
        "kind": COMMENDATIONS,
        "title": "Ghi khen thưởng",
        "form": form,
        "member": member,
        "back": back,
    }
    return render(request, "office/form.html", context)


def _unit_for_edit(request: HttpRequest, pk: int) -> MassOrganisation:
    unit: MassOrganisation = MASS_ORGANISATIONS.get(request, pk)
    if not can_edit_office(request.user, unit.organisation):
        raise Http404("Không có quyền ghi cho tổ chức đoàn thể này")
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def congress_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_for_edit(request, pk)

    def write(d: dict[str, Any]) -> Any:
        return actions.do_record_congress(
            unit, term=d["term"], date=d["date"], note=d.get("note") or "", acting_user=request.user
        )

    return records.part_form(
        request,
        unit,
        forms.CongressForm,
        title=f"Ghi đại hội — {unit.name}",
        write=write,
        done="Đã ghi đại hội.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def rating_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_for_edit(request, pk)

    def write(d: dict[str, Any]) -> Any:
        return actions.do_rate_mass_organisation(
            unit,
            year=d["year"],
            rating=d["rating"],
            rated_by=d.get("rated_by") or "",
            note=d.get("note") or "",
            acting_user=request.user,
        )

    return records.part_form(
        request,
        unit,
        forms.RatingForm,
        title=f"Ghi xếp loại — {unit.name}",
        write=write,
        done="Đã ghi xếp loại.",
    )
