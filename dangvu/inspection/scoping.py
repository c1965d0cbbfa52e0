"""Who sees and who records inspection, discipline and complaint records.

Everyone sees the records whose organisation (conducting, issuing or handling) they reach
(`visible_organisations`). Recording depends on the role and the level of the body:
- the inspection board (BOARD_INSPECTION) records every level in its subtree;
- a grassroots secretary records the work of grassroots committees and cells of its subtree;
- a cell secretary records the work of its cell.
Whether the level fits the organisation's kind is the actions' business.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dangvu.accounts.models import Role
from dangvu.inspection.models import Level
from dangvu.orgs.models import Organisation

ALL_LEVELS = frozenset(Level.values)
LEVELS_BY_ROLE: dict[str, frozenset[str]] = {
    Role.Kind.BOARD_INSPECTION: ALL_LEVELS,
    Role.Kind.GRASSROOTS_SECRETARY: frozenset({Level.GRASSROOTS, Level.CELL}),
    Role.Kind.CELL_SECRETARY: frozenset({Level.CELL}),
}


def _roles(user: Any) -> list[tuple[int, str]]:
    return list(
        Role.objects.filter(user=user, kind__in=LEVELS_BY_ROLE).values_list(
            "organisation_id", "kind"
        )
    )


def editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations for which `user` may record some level of this work."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    q = Q()
    for org_id in {org_id for org_id, _ in _roles(user)}:
        q |= Q(path__contains=f"/{org_id}/")
    return Organisation.objects.filter(q) if q else Organisation.objects.none()


def levels_for(user: Any, org: Organisation) -> frozenset[str]:
    """The levels at which `user` may record the work of `org` (empty: none)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    if user.is_superuser:
        return ALL_LEVELS
    levels: set[str] = set()
    for org_id, kind in _roles(user):
        if f"/{org_id}/" in org.path:
            levels |= LEVELS_BY_ROLE[kind]
    return frozenset(levels)


def can_record(user: Any, org: Organisation | None = None, level: str | None = None) -> bool:
    """Whether `user` may record here: anywhere (no org), for `org`, at `level` of `org`."""
    if org is None:
        return editable_organisations(user).exists()
    levels = levels_for(user, org)
    return level in levels if level is not None else bool(levels)
