"""Who may see and who may record personnel work.

Records hang on a party organisation. Everyone sees those whose organisation they reach
(`visible_organisations`, viewers included). The organisation board records them in its
subtree; a grassroots secretary records those of their own organisation (its committee
and the committees of the cells under it). Other roles only read.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dangvu.accounts.models import Role
from dangvu.orgs.models import Organisation

PERSONNEL_EDITORS = {Role.Kind.BOARD_ORGANISATION, Role.Kind.GRASSROOTS_SECRETARY}


def personnel_editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations for which `user` may record personnel work."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    ids = list(
        Role.objects.filter(user=user, kind__in=PERSONNEL_EDITORS)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    if not ids:
        return Organisation.objects.none()
    q = Q()
    for org_id in ids:
        q |= Q(path__contains=f"/{org_id}/")
    return Organisation.objects.filter(q)


def can_edit_personnel(user: Any, org: Organisation | None = None) -> bool:
    """Whether `user` may record here (anywhere, when `org` is None)."""
    qs = personnel_editable_organisations(user)
    return qs.filter(pk=org.pk).exists() if org is not None else qs.exists()
