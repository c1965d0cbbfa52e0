"""The one path by which protected records are fetched for a user.

A role on organisation R reaches every organisation whose latest position (its current
one, or the last one before it ended) lies under R. Administrators reach everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from dangvu.accounts.models import FULL_NUMBER_READERS, MEMBER_EDITORS, ORG_EDITORS, Role
from dangvu.orgs.models import Organisation

if TYPE_CHECKING:
    from dangvu.members.models import Member


def _role_q(roles: QuerySet[Role], field: str = "path") -> Q | None:
    ids = list(roles.values_list("organisation_id", flat=True).distinct())
    if not ids:
        return None
    q = Q()
    for org_id in ids:
        q |= Q(**{f"{field}__contains": f"/{org_id}/"})
    return q


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations the user may read (404 for the rest)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    q = _role_q(Role.objects.filter(user=user))
    return Organisation.objects.filter(q) if q is not None else Organisation.objects.none()


def editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose structure the user may change."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    q = _role_q(Role.objects.filter(user=user, kind__in=ORG_EDITORS))
    return Organisation.objects.filter(q) if q is not None else Organisation.objects.none()


def get_org_for_user(request: HttpRequest, code: str, *, edit: bool = False) -> Organisation:
    """The organisation with `code` if the user may see (or edit) it; 404 otherwise."""
    qs = editable_organisations(request.user) if edit else visible_organisations(request.user)
    try:
        return qs.get(code=code)
    except Organisation.DoesNotExist:
        existing = Organisation.objects.filter(code=code).first()
        if existing is not None:
            _denied(request, existing, edit)
        raise Http404("Không tìm thấy tổ chức") from None


def top_organisations(user: Any) -> list[Organisation]:
    """The highest organisations the user reaches: where their pages start."""
    if user.is_superuser:
        return list(Organisation.objects.filter(parent__isnull=True, ended_on__isnull=True))
    orgs = list(Organisation.objects.filter(roles__user=user).distinct().order_by("path"))
    tops: list[Organisation] = []
    for org in orgs:
        if not any(org.path.startswith(t.path) for t in tops):
            tops.append(org)
    return tops


def top_organisations_at(user: Any, day: Any) -> list[Organisation]:
    """The highest organisations the user reaches as the tree stood on `day`.

    The roots of that day, not today's: a bloc dissolved in 2025 is where 2023 starts.
    For a role, the organisations in scope whose parent on `day` was out of scope (or
    none), so a committee founded later still shows, as of earlier, the organisations now
    under it.
    """
    from dangvu.orgs.models import OrganisationVersion

    versions = OrganisationVersion.objects.filter(valid_from__lte=day, valid_to__gt=day)
    if user.is_superuser:
        versions = versions.filter(parent__isnull=True)
    else:
        visible = visible_organisations(user).values("pk")
        versions = versions.filter(organisation__in=visible).exclude(parent__in=visible)
    ids = versions.values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("path"))


def can_edit_org(user: Any, org: Organisation) -> bool:
    return editable_organisations(user).filter(pk=org.pk).exists()


def visible_members(user: Any) -> QuerySet[Member]:
    """Members whose organisation (the last one, for former members) the user reaches."""
    from dangvu.members.models import Member

    if not user.is_authenticated:
        return Member.objects.none()
    if user.is_superuser:
        return Member.objects.all()
    q = _role_q(Role.objects.filter(user=user), "org_path")
    return Member.objects.filter(q) if q is not None else Member.objects.none()


def editable_members(user: Any) -> QuerySet[Member]:
    from dangvu.members.models import Member

    if not user.is_authenticated:
        return Member.objects.none()
    if user.is_superuser:
        return Member.objects.all()
    q = _role_q(Role.objects.filter(user=user, kind__in=MEMBER_EDITORS), "org_path")
    return Member.objects.filter(q) if q is not None else Member.objects.none()


def member_editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations in which the user may record members and their events."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    q = _role_q(Role.objects.filter(user=user, kind__in=MEMBER_EDITORS))
    return Organisation.objects.filter(q) if q is not None else Organisation.objects.none()


def full_number_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose members' and candidates' identity and phone numbers the user
    may export in full (on explicit request, each one recorded as a reveal)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    q = _role_q(Role.objects.filter(user=user, kind__in=FULL_NUMBER_READERS))
    return Organisation.objects.filter(q) if q is not None else Organisation.objects.none()


def full_number_members(user: Any) -> QuerySet[Member]:
    """Members whose numbers the user may export in full (see full_number_organisations)."""
    from dangvu.members.models import Member

    if not user.is_authenticated:
        return Member.objects.none()
    if user.is_superuser:
        return Member.objects.all()
    q = _role_q(Role.objects.filter(user=user, kind__in=FULL_NUMBER_READERS), "org_path")
    return Member.objects.filter(q) if q is not None else Member.objects.none()


def may_read_full_numbers(user: Any) -> bool:
    """Whether the user may ask for full numbers at all (somewhere in their scope)."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser or Role.objects.filter(user=user, kind__in=FULL_NUMBER_READERS).exists()
    )


def get_member_for_user(request: HttpRequest, pk: int, *, edit: bool = False) -> Member:
    """The member with `pk` if the user may see (or edit) them; 404 otherwise."""
    from dangvu.members.models import Member

    qs = editable_members(request.user) if edit else visible_members(request.user)
    try:
        return qs.get(pk=pk)
    except Member.DoesNotExist:
        existing = Member.objects.filter(pk=pk).first()
        if existing is not None:
            _denied(request, existing, edit)
        raise Http404("Không tìm thấy đảng viên") from None


def _denied(request: HttpRequest, obj: Any, edit: bool) -> None:
    """An attempt to reach a record outside one's scope goes to the audit trail.

    The user sees the same 404 as for a missing record; the administrator sees who tried.
    """
    from dangvu.audit.log import record
    from dangvu.audit.models import AuditEvent

    record(
        AuditEvent.Action.DENIED,
        request=request,
        obj=obj,
        note=f"{'Sửa' if edit else 'Xem'} ngoài phạm vi: {request.method} {request.path}",
    )
