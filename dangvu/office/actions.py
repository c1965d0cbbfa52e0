"""Every write of office work goes through one of these functions.

Each validates its rules, writes in one transaction and records the change in the audit
trail. A refusal is a `DomainError` with a Vietnamese message naming the field at fault.
`acting_user=None` is the system (imports run as their user; the demo runs as nobody):
scope is checked only for a real user.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction

from dangvu.audit import log as audit
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.lib.text import clean, clean_paragraphs
from dangvu.lib.vnformat import fmt_date
from dangvu.members.models import Member, MembershipInterval
from dangvu.office.models import (
    Commendation,
    MassCongress,
    MassOrganisation,
    MassRating,
    Rating,
    Reason,
)
from dangvu.office.scoping import office_editable_organisations
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import version_at

TERM_RE = re.compile(r"^(\d{4})\s*[-–—]\s*(\d{4})$")


def _check_past(day: dt.date, field: str) -> None:
    if day > today():
        raise DomainError(
            f"Ngày {fmt_date(day)} là ngày trong tương lai; chỉ ghi những việc đã xảy ra.",
            field=field,
        )


def _check_scope(org: Organisation, acting_user: Any, field: str = "organisation") -> None:
    if getattr(acting_user, "pk", None) is None:
        return
    if not office_editable_organisations(acting_user).filter(pk=org.pk).exists():
        raise DomainError(f"«{org.name}» nằm ngoài phạm vi bạn được ghi.", field=field)


def _check_active(org: Organisation, day: dt.date, field: str = "organisation") -> None:
    if org.ended_on is not None and day >= org.ended_on:
        raise DomainError(
            f"«{org.name}» đã kết thúc hoạt động từ ngày {fmt_date(org.ended_on)}; không "
            f"thể ghi cho ngày {fmt_date(day)}.",
            field=field,
        )
    if version_at(org, day) is None:
        raise DomainError(
            f"«{org.name}» chưa thành lập vào ngày {fmt_date(day)}.",
            field=field,
        )


def _member_org(member: Member, day: dt.date) -> Organisation:
    interval = (
        MembershipInterval.objects.filter(member=member, valid_from__lte=day, valid_to__gt=day)
        .select_related("organisation")
        .first()
    )
    if interval is None:
        raise DomainError(
            f"Ngày {fmt_date(day)} đồng chí {member.full_name} không phải là đảng viên đang "
            "sinh hoạt trong Đảng bộ.",
            field="decision_date",
        )
    return interval.organisation


# --- commendations --------------------------------------------------------------------


@transaction.atomic
def do_commend(
    *,
    reason: str,
    level: str,
    decision_date: dt.date,
    decision_number: str = "",
    organisation: Organisation | None = None,
    member: Member | None = None,
    person_name: str = "",
    note: str = "",
    acting_user: Any,
) -> Commendation:
    """Record a commendation.

    Collective: `organisation` alone. Individual: a `member` (their organisation on the
    decision date is the unit), or a `person_name` with the `organisation` they work in.
    """
    person_name = clean(person_name)
    level = clean(level)
    _check_past(decision_date, "decision_date")
    if reason not in Reason.values:
        raise DomainError("Phong trào, lý do khen thưởng không có trong danh mục.", "reason")
    if not level:
        raise DomainError("Hãy nhập cấp khen thưởng (ví dụ: Tỉnh ủy).", field="level")
    if member is not None and person_name and person_name != member.full_name:
        raise DomainError(
            "Chọn đảng viên hoặc nhập họ tên người ngoài Đảng, không cả hai.", "person_name"
        )
    if member is not None:
        kind = Commendation.Kind.INDIVIDUAL
        if (
            getattr(acting_user, "pk", None) is not None
            and member.organisation_id is not None
            and not office_editable_organisations(acting_user)
            .filter(pk=member.organisation_id)
            .exists()
        ):
            raise DomainError(
                f"Đồng chí {member.full_name} thuộc tổ chức ngoài phạm vi bạn được ghi.",
                field="member",
            )
        unit = _member_org(member, decision_date)
        if organisation is not None and organisation.pk != unit.pk:
            raise DomainError(
                f"Ngày {fmt_date(decision_date)} đồng chí {member.full_name} sinh hoạt tại "
                f"«{unit.name}», không phải «{organisation.name}».",
                field="organisation",
            )
        organisation = unit
        person_name = member.full_name
    elif person_name:
        kind = Commendation.Kind.INDIVIDUAL
        if organisation is None:
            raise DomainError(
                "Hãy chọn tổ chức nơi cá nhân được khen công tác.", field="organisation"
            )
    elif organisation is not None:
        kind = Commendation.Kind.COLLECTIVE
    else:
        raise DomainError(
            "Hãy chọn tập thể (tổ chức) hoặc cá nhân (đảng viên, hoặc họ tên) được khen.",
            field="organisation",
        )
    _check_scope(organisation, acting_user)
    _check_active(organisation, decision_date)
    commendation = Commendation.objects.create(
        kind=kind,
        organisation=organisation,
        member=member,
        person_name=person_name if kind == Commendation.Kind.INDIVIDUAL else "",
        reason=reason,
        level=level,
        decision_number=clean(decision_number),
        decision_date=decision_date,
        note=clean_paragraphs(note),
        recorded_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    audit.record(
        audit.CREATE, user=acting_user, obj=commendation, after=audit.snapshot(commendation)
    )
    return commendation


# --- mass organisations ---------------------------------------------------------------


@transaction.atomic
def do_create_mass_organisation(
    *,
    kind: str,
    name: str,
    organisation: Organisation,
    note: str = "",
    acting_user: Any,
) -> MassOrganisation:
    name = clean(name)
    if kind not in MassOrganisation.Kind.values:
        raise DomainError("Loại đoàn thể không có trong danh mục.", field="kind")
    if not name:
        raise DomainError("Hãy nhập tên tổ chức đoàn thể.", field="name")
    _check_scope(organisation, acting_user)
    if organisation.ended_on is not None:
        raise DomainError(
            f"«{organisation.name}» đã kết thúc hoạt động từ ngày "
            f"{fmt_date(organisation.ended_on)}.",
            field="organisation",
        )
    if MassOrganisation.objects.filter(organisation=organisation, kind=kind, name=name).exists():
        raise DomainError(f"«{name}» đã có trong danh sách đoàn thể.", field="name")
    unit = MassOrganisation.objects.create(
        kind=kind, name=name, organisation=organisation, note=clean_paragraphs(note)
    )
    audit.record(audit.CREATE, user=acting_user, obj=unit, after=audit.snapshot(unit))
    return unit


def parse_term(term: str) -> tuple[int, int]:
    """(first year, last year) of a term written "2023 - 2028"; DomainError otherwise."""
    match = TERM_RE.match(clean(term))
    if match is None:
        raise DomainError("Nhiệm kỳ ghi dạng «2023 - 2028».", field="term")
    first, last = int(match.group(1)), int(match.group(2))
    if not 4 <= last - first <= 5:
        raise DomainError(
            f"Nhiệm kỳ {first} - {last} dài {last - first} năm; nhiệm kỳ đoàn thể là 4 hoặc 5 năm.",
            field="term",
        )
    return first, last


@transaction.atomic
def do_record_congress(
    unit: MassOrganisation,
    *,
    term: str,
    date: dt.date,
    note: str = "",
    acting_user: Any,
) -> MassCongress:
    """Record the congress of `unit` for a term, held on `date`."""
    first, last = parse_term(term)
    _check_past(date, "date")
    if not first - 1 <= date.year <= first:
        raise DomainError(
            f"Đại hội nhiệm kỳ {first} - {last} tổ chức trong năm {first - 1} hoặc {first}; "
            f"ngày {fmt_date(date)} không phù hợp.",
            field="date",
        )
    _check_scope(unit.organisation, acting_user, "unit")
    _check_active(unit.organisation, date, "date")
    normal = f"{first} - {last}"
    if MassCongress.objects.filter(unit=unit, term=normal, voided_at__isnull=True).exists():
        raise DomainError(f"Đại hội nhiệm kỳ {normal} của «{unit.name}» đã được ghi.", "term")
    congress = MassCongress.objects.create(
        unit=unit, term=normal, date=date, note=clean_paragraphs(note)
    )
    audit.record(audit.CREATE, user=acting_user, obj=congress, after=audit.snapshot(congress))
    return congress


@transaction.atomic
def do_rate_mass_organisation(
    unit: MassOrganisation,
    *,
    year: int,
    rating: str,
    rated_by: str = "",
    note: str = "",
    acting_user: Any,
) -> MassRating:
    """Record the annual rating of `unit` for `year` (one per unit and year)."""
    if rating not in Rating.values:
        raise DomainError("Mức xếp loại không có trong danh mục.", field="rating")
    if year > today().year:
        raise DomainError(f"Chưa thể xếp loại năm {year}.", field="year")
    _check_scope(unit.organisation, acting_user, "unit")
    org = unit.organisation
    as_of = dt.date(year, 12, 31)
    if org.ended_on is not None and org.ended_on <= as_of:
        as_of = org.ended_on - dt.timedelta(days=1)
    if as_of.year != year or version_at(org, as_of) is None:
        raise DomainError(
            f"«{org.name}» không hoạt động trong năm {year}, nên không thể xếp loại "
            f"«{unit.name}» năm đó.",
            field="year",
        )
    if MassRating.objects.filter(unit=unit, year=year, voided_at__isnull=True).exists():
        raise DomainError(f"«{unit.name}» đã được xếp loại năm {year}.", field="year")
    result = MassRating.objects.create(
        unit=unit,
        year=year,
        rating=rating,
        rated_by=clean(rated_by),
        note=clean_paragraphs(note),
        as_of=as_of,
    )
    audit.record(audit.CREATE, user=acting_user, obj=result, after=audit.snapshot(result))
    return result
