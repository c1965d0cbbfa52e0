"""Who may see and who may record office and mass-mobilisation records.

Records hang on a party organisation: a user sees those whose organisation they reach
(`visible_organisations`), and records them where they hold an office, mass-mobilisation
or member-editor role (the role reaches the organisation's whole subtree).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dangvu.accounts.models import MEMBER_EDITORS, Role
from dangvu.orgs.models import Organisation

OFFICE_EDITORS = {
    Role.Kind.BOARD_OFFICE,
    Role.Kind.BOARD_MASS_MOBILISATION,
    *MEMBER_EDITORS,
}


def office_editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations for which `user` may record commendations and mass organisations."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    ids = list(
        Role.objects.filter(user=user, kind__in=OFFICE_EDITORS)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    if not ids:
        return Organisation.objects.none()
    q = Q()
    for org_id in ids:
        q |= Q(path__contains=f"/{org_id}/")
    return Organisation.objects.filter(q)


def can_edit_office(user: Any, org: Organisation | None = None) -> bool:
    """Whether `user` may record here (anywhere, when `org` is None)."""
    qs = office_editable_organisations(user)
    return qs.filter(pk=org.pk).exists() if org is not None else qs.exists()


# Plans and the document register are the committee office's work, shared with the
# organisation board (which drafts the organisation-building plans and targets) and the
# secretaries, who issue their own organisation's programmes and documents.
PLAN_EDITORS = {Role.Kind.BOARD_OFFICE, *MEMBER_EDITORS}


def plan_editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations for which `user` may record plans, targets and documents."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    ids = list(
        Role.objects.filter(user=user, kind__in=PLAN_EDITORS)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    if not ids:
        return Organisation.objects.none()
    q = Q()
    for org_id in ids:
        q |= Q(path__contains=f"/{org_id}/")
    return Organisation.objects.filter(q)


def can_edit_plans(user: Any, org: Organisation | None = None) -> bool:
    """Whether `user` may record plans and documents here (anywhere, when `org` is None)."""
    qs = plan_editable_organisations(user)
    return qs.filter(pk=org.pk).exists() if org is not None else qs.exists()
