"""Who may see and who may record Party dues.

Everyone sees the dues of the organisations they reach (`visible_organisations`, viewers
included): a basis through its member, a payment through the cell that collected it, a
remittance through the organisation that sent it (its recipient is above it, so whoever
reaches the recipient reaches the sender too).

Dues are recorded where members and their events are (the organisation board, the
grassroots and the cell secretaries: a cell's treasurer works under its secretary's
role) and by the committee's office, which keeps the Party's finances. The recipient's
office, or any of these roles on the recipient, acknowledges a remittance sent up to it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dangvu.accounts.models import MEMBER_EDITORS, Role
from dangvu.accounts.scoping import visible_members, visible_organisations
from dangvu.dues.models import DuesBasis, DuesPayment, DuesRemittance
from dangvu.orgs.models import Organisation

DUES_EDITORS = {*MEMBER_EDITORS, Role.Kind.BOARD_OFFICE}


def dues_editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations in which `user` may record dues (bases, payments, remittances)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    ids = list(
        Role.objects.filter(user=user, kind__in=DUES_EDITORS)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    if not ids:
        return Organisation.objects.none()
    q = Q()
    for org_id in ids:
        q |= Q(path__contains=f"/{org_id}/")
    return Organisation.objects.filter(q)


def can_record_dues(user: Any, org: Organisation | None = None) -> bool:
    """Whether `user` may record dues in `org` (anywhere, when `org` is None)."""
    qs = dues_editable_organisations(user)
    return qs.filter(pk=org.pk).exists() if org is not None else qs.exists()


def visible_bases(user: Any) -> QuerySet[DuesBasis]:
    return DuesBasis.objects.filter(member__in=visible_members(user))


def visible_payments(user: Any) -> QuerySet[DuesPayment]:
    return DuesPayment.objects.filter(organisation__in=visible_organisations(user))


def visible_remittances(user: Any) -> QuerySet[DuesRemittance]:
    return DuesRemittance.objects.filter(organisation__in=visible_organisations(user))


def recipient_organisations(user: Any) -> QuerySet[Organisation]:
    """Where `user` may send dues up to: what they see, and the organisations above those
    they may record dues for (a cell's secretary sees nothing above the cell)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    paths = Role.objects.filter(user=user, kind__in=DUES_EDITORS).values_list(
        "organisation__path", flat=True
    )
    above = {int(part) for path in paths for part in path.split("/") if part.isdigit()}
    return Organisation.objects.filter(
        Q(pk__in=visible_organisations(user).values("pk")) | Q(pk__in=above)
    )
