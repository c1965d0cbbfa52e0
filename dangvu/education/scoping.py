"""Who sees and who records the board's work.

A user sees a record when its organiser (for a study return: its organisation) is among
the organisations they may read. Editors are those who may record members there, and the
officers of the propaganda board (Ban Tuyên giáo) of the organisation's subtree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from dangvu.accounts.models import MEMBER_EDITORS, Role
from dangvu.accounts.scoping import visible_organisations
from dangvu.education.models import Conference, Contest, PoliticalClass, StudyReturn
from dangvu.orgs.models import Organisation

EDUCATION_EDITORS = {*MEMBER_EDITORS, Role.Kind.BOARD_PROPAGANDA}


def editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations for which the user may record the board's work."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    ids = Role.objects.filter(user=user, kind__in=EDUCATION_EDITORS).values_list(
        "organisation_id", flat=True
    )
    q = Q()
    for org_id in set(ids):
        q |= Q(path__contains=f"/{org_id}/")
    return Organisation.objects.filter(q) if q else Organisation.objects.none()


def can_edit(user: Any, org: Organisation | None) -> bool:
    if org is None:
        return False
    return editable_organisations(user).filter(pk=org.pk).exists()


def visible_classes(user: Any) -> QuerySet[PoliticalClass]:
    return PoliticalClass.objects.filter(organiser__in=visible_organisations(user))


def visible_conferences(user: Any) -> QuerySet[Conference]:
    return Conference.objects.filter(organiser__in=visible_organisations(user))


def visible_returns(user: Any) -> QuerySet[StudyReturn]:
    return StudyReturn.objects.filter(organisation__in=visible_organisations(user))


def visible_contests(user: Any) -> QuerySet[Contest]:
    return Contest.objects.filter(organiser__in=visible_organisations(user))


def get_for_user(qs: QuerySet[Any], pk: int, what: str) -> Any:
    """The record `pk` of `qs` (already scoped to the user), or 404."""
    try:
        return qs.get(pk=pk)
    except qs.model.DoesNotExist:
        raise Http404(f"Không tìm thấy {what}") from None
