"""Every write of inspection, discipline and complaint work goes through one of these.

Each validates its rules, writes in one transaction and records the change in the audit
trail. A refusal is a `DomainError` with a Vietnamese message naming the field at fault,
and nothing is written. `acting_user=None` is the system (imports run as their user, the
demo as nobody): scope is checked only for a real user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max

from dangvu.audit import log as audit
from dangvu.core import concurrency
from dangvu.core.dates import add_working_days, today
from dangvu.core.errors import DomainError
from dangvu.core.rules import rule
from dangvu.education.voiding import do_void
from dangvu.inspection.authority import LEVEL_KINDS, check_authority
from dangvu.inspection.limitation import (
    ViolationCategory,
    check_conclusion_date,
    check_limitation,
)
from dangvu.inspection.models import (
    MEMBER_FORMS,
    ORGANISATION_FORMS,
    Complaint,
    DisciplineDecision,
    Form,
    Inspection,
    Kind,
    Level,
    Programme,
    ProgrammeItem,
    Status,
    Subject,
    Target,
)
from dangvu.inspection.scoping import levels_for
from dangvu.lib.text import clean, clean_paragraphs
from dangvu.lib.vnformat import fmt_date
from dangvu.members import actions as member_actions
from dangvu.members.models import Member, MembershipInterval
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, OrganisationVersion, subtree_range
from dangvu.orgs.queries import latest_version, version_at

# A record may only move forward; done and cancelled are final (a mistake is voided).
NEXT_STATUS: dict[str, tuple[str, ...]] = {
    Status.PLANNED: (Status.IN_PROGRESS, Status.DONE, Status.CANCELLED),
    Status.IN_PROGRESS: (Status.DONE, Status.CANCELLED),
    Status.DONE: (),
    Status.CANCELLED: (),
}
CLOSED = (Complaint.State.RESOLVED, Complaint.State.DISMISSED)


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


def _check_past(day: dt.date, field: str, what: str = "Ngày") -> None:
    if day > today():
        raise DomainError(
            f"{what} {fmt_date(day)} là ngày trong tương lai; chỉ ghi những việc đã xảy ra.",
            field=field,
        )


def _required(text: str, field: str, label: str, *, paragraphs: bool = False) -> str:
    value = (clean_paragraphs if paragraphs else clean)(text or "")
    if not value:
        raise DomainError(f"Hãy nhập {label}.", field=field)
    return value


def _check_body(
    org: Organisation,
    level: str,
    board_name: str,
    day: dt.date,
    acting_user: Any,
    *,
    field: str = "organisation",
) -> OrganisationVersion:
    """The body (organisation and level) exists on `day`, fits the kind, and is the user's."""
    if level not in Level.values:
        raise DomainError("Cơ quan tiến hành không có trong danh mục.", field="level")
    if level == Level.BOARD and not board_name:
        raise DomainError("Hãy ghi tên ban của cấp ủy (ví dụ: Ban Tổ chức).", field="board_name")
    if level != Level.BOARD and board_name:
        raise DomainError(
            "Chỉ ghi tên ban khi cơ quan tiến hành là một ban của cấp ủy.", field="board_name"
        )
    version = version_at(org, day)
    if version is None:
        raise DomainError(
            f"«{org.name}» không hoạt động vào ngày {fmt_date(day)} (chưa thành lập hoặc đã "
            "kết thúc).",
            field=field,
        )
    if version.kind not in LEVEL_KINDS[level]:
        kinds = ", ".join(OrgKind(k).label.lower() for k in LEVEL_KINDS[level])
        raise DomainError(
            f"{Level(level).label} là cơ quan của {kinds}; «{version.name}» là "
            f"{version.kind_label.lower()}.",
            field="level",
        )
    if getattr(acting_user, "pk", None) is not None and level not in levels_for(acting_user, org):
        raise DomainError(
            f"Bạn không được ghi công việc của {Level(level).label.lower()} «{org.name}».",
            field=field,
        )
    return version


def _inside(path: str, root_path: str) -> bool:
    low, high = subtree_range(root_path)
    return low <= path < high


def _org_path(org: Organisation, day: dt.date) -> str | None:
    """The path of `org` on `day`, or its last one if it had ended by then."""
    version = version_at(org, day)
    if version is not None:
        return version.path
    if org.ended_on is not None and org.ended_on <= day:
        return latest_version(org).path
    return None


def _member_at(member: Member, day: dt.date) -> MembershipInterval | None:
    return (
        MembershipInterval.objects.filter(member=member, valid_from__lte=day, valid_to__gt=day)
        .select_related("organisation")
        .first()
    )


# --- programmes -----------------------------------------------------------------------


@transaction.atomic
def do_create_programme(
    *,
    organisation: Organisation,
    level: str,
    year: int,
    title: str,
    board_name: str = "",
    note: str = "",
    acting_user: Any,
) -> Programme:
    """Record the annual programme of inspection and supervision of one body."""
    board_name = clean(board_name)
    title = _required(title, "title", "tên chương trình")
    if not 2000 <= year <= today().year + 1:
        raise DomainError(
            f"Năm {year} không hợp lệ; chương trình lập cho một năm từ 2000 đến "
            f"{today().year + 1}.",
            field="year",
        )
    day = max(dt.date(year, 1, 1), organisation.founded_on or dt.date(year, 1, 1))
    if organisation.ended_on is not None and organisation.ended_on <= dt.date(year, 1, 1):
        day = dt.date(year, 1, 1)
    _check_body(organisation, level, board_name, min(day, dt.date(year, 12, 31)), acting_user)
    if Programme.objects.filter(
        organisation=organisation,
        level=level,
        board_name=board_name,
        year=year,
        voided_at__isnull=True,
    ).exists():
        raise DomainError(
            f"Chương trình kiểm tra, giám sát năm {year} của "
            f"{Level(level).label.lower()} «{organisation.name}» đã được ghi.",
            field="year",
        )
    programme = Programme.objects.create(
        organisation=organisation,
        level=level,
        board_name=board_name,
        year=year,
        title=title,
        note=clean_paragraphs(note),
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=programme, after=audit.snapshot(programme))
    return programme


@transaction.atomic
def do_add_programme_item(
    programme: Programme,
    *,
    kind: str,
    title: str,
    planned_subjects: str = "",
    planned_quarter: int | None = None,
    acting_user: Any,
) -> ProgrammeItem:
    """Add one planned inspection or supervision to a programme (numbered in order)."""
    if programme.is_void:
        raise DomainError("Chương trình này đã bị hủy.", field="title")
    if getattr(acting_user, "pk", None) is not None and programme.level not in levels_for(
        acting_user, programme.organisation
    ):
        raise DomainError("Bạn không được ghi vào chương trình này.", field="title")
    if kind not in Kind.values:
        raise DomainError("Loại kiểm tra, giám sát không có trong danh mục.", field="kind")
    title = _required(title, "title", "nội dung kiểm tra, giám sát")
    if planned_quarter is not None and not 1 <= planned_quarter <= 4:
        raise DomainError("Quý dự kiến là 1, 2, 3 hoặc 4.", field="planned_quarter")
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    last = programme.items.filter(voided_at__isnull=True).aggregate(n=Max("number"))["n"] or 0
    item = ProgrammeItem.objects.create(
        programme=programme,
        number=last + 1,
        kind=kind,
        title=title,
        planned_subjects=clean(planned_subjects),
        planned_quarter=planned_quarter,
    )
    audit.record(audit.CREATE, user=acting_user, obj=item, after=audit.snapshot(item))
    return item


# --- inspections and supervisions -----------------------------------------------------


def _check_dates(status: str, start_date: dt.date, end_date: dt.date | None) -> None:
    if status in (Status.IN_PROGRESS, Status.DONE):
        _check_past(start_date, "start_date", "Ngày bắt đầu")
    if status == Status.DONE and end_date is None:
        raise DomainError(
            "Cuộc kiểm tra, giám sát đã hoàn thành cần có ngày kết thúc.", field="end_date"
        )
    if end_date is not None:
        if status in (Status.PLANNED, Status.IN_PROGRESS):
            raise DomainError(
                "Chỉ ghi ngày kết thúc khi cuộc kiểm tra, giám sát đã hoàn thành hoặc hủy bỏ.",
                field="end_date",
            )
        _check_past(end_date, "end_date", "Ngày kết thúc")
        if end_date < start_date:
            raise DomainError(
                f"Ngày kết thúc ({fmt_date(end_date)}) không thể trước ngày bắt đầu "
                f"({fmt_date(start_date)}).",
                field="end_date",
            )


def _check_conclusion(
    status: str, start_date: dt.date, conclusion: str, conclusion_date: dt.date | None
) -> None:
    if not conclusion and conclusion_date is None:
        return
    if status != Status.DONE:
        raise DomainError(
            "Chỉ ghi kết luận khi cuộc kiểm tra, giám sát đã hoàn thành; hãy ghi hoàn thành trước.",
            field="conclusion",
        )
    if not conclusion:
        raise DomainError("Hãy nhập nội dung kết luận.", field="conclusion")
    if conclusion_date is None:
        raise DomainError("Hãy nhập ngày kết luận.", field="conclusion_date")
    _check_past(conclusion_date, "conclusion_date", "Ngày kết luận")
    if conclusion_date < start_date:
        raise DomainError(
            f"Ngày kết luận ({fmt_date(conclusion_date)}) không thể trước ngày bắt đầu "
            f"({fmt_date(start_date)}).",
            field="conclusion_date",
        )


def _check_item(
    item: ProgrammeItem, org: Organisation, level: str, board_name: str, kind: str, day: dt.date
) -> None:
    programme = item.programme
    if item.is_void or programme.is_void:
        raise DomainError("Nội dung chương trình này đã bị hủy.", field="programme_item")
    if (programme.organisation_id, programme.level, programme.board_name) != (
        org.pk,
        level,
        board_name,
    ):
        raise DomainError(
            f"Nội dung «{item.title}» thuộc chương trình của {programme.body_label}, không "
            "phải của cơ quan tiến hành đã chọn.",
            field="programme_item",
        )
    if programme.year != day.year:
        raise DomainError(
            f"Nội dung «{item.title}» thuộc chương trình năm {programme.year}; cuộc kiểm tra, "
            f"giám sát bắt đầu năm {day.year}.",
            field="programme_item",
        )
    if item.kind != kind:
        raise DomainError(
            f"Nội dung «{item.title}» của chương trình là {item.get_kind_display().lower()}.",
            field="kind",
        )
    taken = item.inspections.filter(voided_at__isnull=True).exclude(status=Status.CANCELLED)
    if taken.exists():
        raise DomainError(
            f"Nội dung «{item.title}» của chương trình đã có cuộc kiểm tra, giám sát được ghi.",
            field="programme_item",
        )


def _subjects(
    org: Organisation,
    root_path: str,
    day: dt.date,
    organisations: Sequence[Organisation],
    members: Sequence[Member],
) -> list[Subject]:
    """Subject rows for organisations and members within the subtree of `org` on `day`."""
    rows: list[Subject] = []
    seen: set[int] = set()
    for subject in organisations:
        if subject.pk in seen:
            continue
        seen.add(subject.pk)
        if subject.pk == org.pk:
            raise DomainError(
                f"«{org.name}» không tự kiểm tra, giám sát chính mình; hãy chọn tổ chức trực "
                "thuộc.",
                field="organisations",
            )
        version = version_at(subject, day)
        if version is None:
            raise DomainError(
                f"«{subject.name}» không hoạt động vào ngày {fmt_date(day)}.",
                field="organisations",
            )
        if not _inside(version.path, root_path):
            raise DomainError(
                f"«{subject.name}» không thuộc «{org.name}» vào ngày {fmt_date(day)}; chỉ "
                "kiểm tra, giám sát tổ chức trong phạm vi của mình.",
                field="organisations",
            )
        rows.append(Subject(organisation=subject, org_kind=version.kind))
    seen.clear()
    for member in members:
        if member.pk in seen:
            continue
        seen.add(member.pk)
        interval = _member_at(member, day)
        if interval is None:
            raise DomainError(
                f"Ngày {fmt_date(day)} đồng chí {member.full_name} không phải là đảng viên "
                "đang sinh hoạt.",
                field="members",
            )
        if not _inside(interval.path, root_path):
            raise DomainError(
                f"Ngày {fmt_date(day)} đồng chí {member.full_name} sinh hoạt tại "
                f"«{interval.organisation.name}», không thuộc «{org.name}»; chỉ kiểm tra, "
                "giám sát đảng viên trong phạm vi của mình.",
                field="members",
            )
        rows.append(Subject(member=member, member_organisation=interval.organisation))
    return rows


def _check_members_checked(organisation: Organisation, day: dt.date, checked: int) -> None:
    """A cell cannot report more members checked than it had when the check began."""
    from dangvu.members.queries import members_at

    had = members_at(organisation, day)["total"]
    if checked > had:
        raise DomainError(
            f"Ngày {fmt_date(day)} «{organisation.name}» có {had} đảng viên; không thể ghi "
            f"{checked} đảng viên được kiểm tra. Hãy kiểm tra lại số lượng hoặc ngày bắt đầu.",
            field="members_checked",
        )


@transaction.atomic
def do_record_inspection(
    *,
    organisation: Organisation,
    level: str,
    kind: str,
    title: str,
    start_date: dt.date,
    status: str,
    end_date: dt.date | None = None,
    board_name: str = "",
    organisations: Sequence[Organisation] = (),
    members: Sequence[Member] = (),
    members_checked: int | None = None,
    in_programme: bool = False,
    programme_item: ProgrammeItem | None = None,
    decision_number: str = "",
    conclusion: str = "",
    conclusion_date: dt.date | None = None,
    note: str = "",
    acting_user: Any,
) -> Inspection:
    """Record an inspection or supervision with its subjects.

    Subjects must lie in the conducting organisation's subtree on the start date. A cell's
    compliance check of its members may give `members_checked` instead of listing them.
    """
    board_name = clean(board_name)
    conclusion = clean_paragraphs(conclusion)
    if kind not in Kind.values:
        raise DomainError("Loại kiểm tra, giám sát không có trong danh mục.", field="kind")
    if status not in Status.values:
        raise DomainError("Tình trạng không có trong danh mục.", field="status")
    title = _required(title, "title", "nội dung kiểm tra, giám sát")
    _check_dates(status, start_date, end_date)
    _check_conclusion(status, start_date, conclusion, conclusion_date)
    version = _check_body(organisation, level, board_name, start_date, acting_user)
    if programme_item is not None:
        _check_item(programme_item, organisation, level, board_name, kind, start_date)
        in_programme = True
    if members_checked is not None:
        if level != Level.CELL or kind != Kind.COMPLIANCE:
            raise DomainError(
                "Chỉ ghi số đảng viên được kiểm tra (không liệt kê) cho việc chi bộ kiểm tra "
                "đảng viên chấp hành.",
                field="members_checked",
            )
        if members:
            raise DomainError(
                "Hoặc liệt kê đảng viên được kiểm tra, hoặc chỉ ghi số lượng; không cả hai.",
                field="members_checked",
            )
        if members_checked < 1:
            raise DomainError("Số đảng viên được kiểm tra phải từ 1 trở lên.", "members_checked")
        _check_members_checked(organisation, start_date, members_checked)
    subjects = _subjects(organisation, version.path, start_date, organisations, members)
    if not subjects and members_checked is None:
        raise DomainError(
            "Hãy chọn ít nhất một tổ chức hoặc đảng viên là đối tượng kiểm tra, giám sát.",
            field="organisations",
        )
    inspection = Inspection.objects.create(
        organisation=organisation,
        level=level,
        board_name=board_name,
        kind=kind,
        title=title,
        in_programme=in_programme,
        programme_item=programme_item,
        decision_number=clean(decision_number),
        start_date=start_date,
        end_date=end_date,
        status=status,
        members_checked=members_checked,
        conclusion=conclusion,
        conclusion_date=conclusion_date,
        note=clean_paragraphs(note),
        recorded_by=_user(acting_user),
    )
    for s in subjects:
        s.inspection = inspection
    Subject.objects.bulk_create(subjects)
    after = audit.snapshot(inspection)
    after["đối tượng"] = [str(s) for s in subjects]
    audit.record(audit.CREATE, user=acting_user, obj=inspection, after=after)
    return inspection


def _check_editable(inspection: Inspection, acting_user: Any, field: str) -> None:
    if inspection.is_void:
        raise DomainError("Cuộc kiểm tra, giám sát này đã bị hủy.", field=field)
    if getattr(acting_user, "pk", None) is not None and inspection.level not in levels_for(
        acting_user, inspection.organisation
    ):
        raise DomainError("Bạn không được ghi cho cuộc kiểm tra, giám sát này.", field=field)


# What the status and conclusion forms of an inspection's page are stamped with, so that a
# step recorded meanwhile by someone else is refused rather than overwritten.
STATUS_STAMPED = ("status", "end_date")
CONCLUSION_STAMPED = ("status", "conclusion", "conclusion_date")
STAMP_LABELS = {
    "status": "Tình trạng",
    "end_date": "Ngày kết thúc",
    "conclusion": "Kết luận",
    "conclusion_date": "Ngày kết luận",
}


@transaction.atomic
def do_set_inspection_status(
    inspection: Inspection,
    *,
    status: str,
    end_date: dt.date | None = None,
    acting_user: Any,
    stamp: str | concurrency.Stamp | None = None,
) -> Inspection:
    """Move a record on: started, done (with its end date) or cancelled.

    The row is locked and re-read first; `stamp`, when given, is the page's stamp of
    `STATUS_STAMPED`, and a status changed since the page was opened refuses the step with
    `EditConflict`.
    """
    concurrency.locked(inspection)
    _check_editable(inspection, acting_user, "status")
    if stamp is not None:
        concurrency.check(inspection, stamp, STATUS_STAMPED, STAMP_LABELS)
    if status not in Status.values:
        raise DomainError("Tình trạng không có trong danh mục.", field="status")
    if status not in NEXT_STATUS[inspection.status]:
        raise DomainError(
            f"Cuộc kiểm tra, giám sát đang ở tình trạng «{inspection.get_status_display()}»; "
            f"không chuyển sang «{Status(status).label}» được.",
            field="status",
        )
    _check_dates(status, inspection.start_date, end_date)
    before = audit.snapshot(inspection)
    inspection.status = status
    inspection.end_date = end_date
    inspection.save(update_fields=["status", "end_date"])
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=inspection,
        before=before,
        after=audit.snapshot(inspection),
    )
    return inspection


@transaction.atomic
def do_conclude_inspection(
    inspection: Inspection,
    *,
    conclusion: str,
    conclusion_date: dt.date | None,
    acting_user: Any,
    stamp: str | concurrency.Stamp | None = None,
) -> Inspection:
    """Record the conclusion of a done inspection or supervision.

    `stamp` is read as in `do_set_inspection_status`, of `CONCLUSION_STAMPED`: a conclusion
    recorded by someone else since the page was opened is named, not overwritten.
    """
    concurrency.locked(inspection)
    _check_editable(inspection, acting_user, "conclusion")
    if stamp is not None:
        concurrency.check(inspection, stamp, CONCLUSION_STAMPED, STAMP_LABELS)
    conclusion = clean_paragraphs(conclusion)
    if not conclusion and conclusion_date is None:
        raise DomainError("Hãy nhập nội dung kết luận.", field="conclusion")
    _check_conclusion(inspection.status, inspection.start_date, conclusion, conclusion_date)
    if (inspection.conclusion, inspection.conclusion_date) == (conclusion, conclusion_date):
        return inspection  # saved unchanged: nothing to write, nothing for the trail
    before = audit.snapshot(inspection)
    inspection.conclusion = conclusion
    inspection.conclusion_date = conclusion_date
    inspection.save(update_fields=["conclusion", "conclusion_date"])
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=inspection,
        before=before,
        after=audit.snapshot(inspection),
    )
    return inspection


# --- discipline -----------------------------------------------------------------------


@transaction.atomic
def do_discipline(
    *,
    target: str,
    form: str,
    issuing_organisation: Organisation,
    issuing_level: str,
    violation_date: dt.date,
    decision_date: dt.date,
    violation: str,
    decision_number: str = "",
    member: Member | None = None,
    organisation: Organisation | None = None,
    inspection: Inspection | None = None,
    violation_category: str = ViolationCategory.OTHER,
    expulsion_level: bool = False,
    later_violation_date: dt.date | None = None,
    conclusion_date: dt.date | None = None,
    delegation: str = "",
    acting_user: Any,
) -> DisciplineDecision:
    """Record a discipline decision on a member or an organisation.

    The issuing body must have authority for the form (rule
    `discipline.forms_by_issuing_level`; a grassroots committee expels only with the
    delegating decision recorded in `delegation`). A member's decision writes the
    DISCIPLINED event of their ledger through `members.actions.do_discipline_member` in
    this transaction, which checks the forms allowed by their status, the same authority
    and the statute of limitations (counted to `conclusion_date`, the day the violation was
    concluded to warrant discipline; None: the decision date), and ends the membership of
    an expelled member.
    """
    if target not in Target.values:
        raise DomainError("Hãy chọn kỷ luật đảng viên hay tổ chức đảng.", field="target")
    forms = MEMBER_FORMS if target == Target.MEMBER else ORGANISATION_FORMS
    if form not in forms:
        names = ", ".join(Form(f).label.lower() for f in forms)
        raise DomainError(
            f"Hình thức kỷ luật {Target(target).label.lower()} là một trong: {names}.",
            field="form",
        )
    violation = _required(violation, "violation", "tóm tắt nội dung vi phạm", paragraphs=True)
    _check_past(decision_date, "decision_date", "Ngày quyết định")
    _check_past(violation_date, "violation_date", "Ngày vi phạm")
    if violation_date > decision_date:
        raise DomainError("Ngày vi phạm không thể sau ngày quyết định.", field="violation_date")
    check_conclusion_date(violation_date, conclusion_date, decision_date)
    issuer = _check_body(
        issuing_organisation,
        issuing_level,
        "",
        decision_date,
        acting_user,
        field="issuing_organisation",
    )
    delegation = clean(delegation)
    check_authority(target, form, issuer, issuing_level, decision_date, delegation)
    if violation_category not in ViolationCategory.values:
        raise DomainError("Loại vi phạm không có trong danh mục.", field="violation_category")
    if inspection is not None:
        if inspection.is_void or inspection.status != Status.DONE:
            raise DomainError(
                "Quyết định kỷ luật gắn với một cuộc kiểm tra đã hoàn thành (chưa bị hủy).",
                field="inspection",
            )
        listed = inspection.subjects.filter(
            member=member if target == Target.MEMBER else None,
            organisation=organisation if target == Target.ORGANISATION else None,
        )
        if not listed.exists():
            raise DomainError(
                "Đối tượng bị kỷ luật không có trong danh sách đối tượng của cuộc kiểm tra.",
                field="inspection",
            )
    number = clean(decision_number)
    if target == Target.MEMBER:
        if member is None:
            raise DomainError("Hãy chọn đảng viên bị kỷ luật.", field="member")
        interval = _member_at(member, decision_date)
        if interval is None:
            raise DomainError(
                f"Ngày {fmt_date(decision_date)} đồng chí {member.full_name} không phải là "
                "đảng viên đang sinh hoạt.",
                field="member",
            )
        if not _inside(interval.path, issuer.path):
            raise DomainError(
                f"Ngày {fmt_date(decision_date)} đồng chí {member.full_name} sinh hoạt tại "
                f"«{interval.organisation.name}», không thuộc «{issuing_organisation.name}».",
                field="member",
            )
        event = member_actions.do_discipline_member(
            member,
            form=form,
            violation_date=violation_date,
            violation_category=violation_category,
            expulsion_level=expulsion_level,
            later_violation_date=later_violation_date,
            conclusion_date=conclusion_date,
            issuing_level=issuing_level,
            delegation=delegation,
            issuer=issuer,
            decision=member_actions.Decision(
                date=decision_date,
                number=number,
                decision_date=decision_date,
                note=violation[:500],
            ),
            acting_user=acting_user,
        )
        subject_org = interval.organisation
    else:
        if organisation is None:
            raise DomainError("Hãy chọn tổ chức đảng bị kỷ luật.", field="organisation")
        if organisation.pk == issuing_organisation.pk:
            raise DomainError(
                "Tổ chức đảng bị kỷ luật do cấp ủy cấp trên quyết định; hãy chọn tổ chức trực "
                "thuộc.",
                field="organisation",
            )
        if version_at(organisation, violation_date) is None:
            raise DomainError(
                f"«{organisation.name}» chưa hoạt động vào ngày vi phạm "
                f"{fmt_date(violation_date)}.",
                field="violation_date",
            )
        # A dissolved or merged organisation can still be disciplined: its last place.
        path = _org_path(organisation, decision_date)
        if path is None or not _inside(path, issuer.path):
            raise DomainError(
                f"«{organisation.name}» không thuộc «{issuing_organisation.name}» vào ngày "
                f"{fmt_date(decision_date)}.",
                field="organisation",
            )
        check_limitation(
            "organisations",
            form,
            violation_date,
            decision_date,
            category=violation_category,
            expulsion_level=expulsion_level,
            later_violation_date=later_violation_date,
            conclusion_date=conclusion_date,
        )
        event = None
        subject_org = organisation
    decision = DisciplineDecision.objects.create(
        target=target,
        member=member if target == Target.MEMBER else None,
        organisation=subject_org,
        form=form,
        issuing_organisation=issuing_organisation,
        issuing_level=issuing_level,
        violation_date=violation_date,
        violation_category=violation_category,
        expulsion_level=expulsion_level,
        later_violation_date=later_violation_date,
        conclusion_date=conclusion_date,
        delegation=delegation,
        decision_number=number,
        decision_date=decision_date,
        violation=violation,
        inspection=inspection,
        member_event=event,
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=decision, after=audit.snapshot(decision))
    return decision


@transaction.atomic
def do_void_discipline(
    decision: DisciplineDecision, *, reason: str, acting_user: Any
) -> DisciplineDecision:
    """Void a mistaken decision and, for a member, the ledger event it wrote."""
    do_void(decision, reason=reason, acting_user=acting_user)
    if decision.member_event is not None and decision.member_event.voided_at is None:
        member_actions.do_void_event(decision.member_event, reason=reason, acting_user=acting_user)
    return decision


# --- complaints and denunciations -----------------------------------------------------


def deadline_terms(kind: str, level: str, received_date: dt.date) -> tuple[int, str]:
    """(days, unit) within which the body of `level` settles a complaint or denunciation
    received that day: the rule in force on the received date, by the tier of the body
    (grassroots, or the committee above it), in the unit the text uses ("working" or
    "calendar" days)."""
    terms = rule("inspection.complaint_deadline_days", received_date)
    tier = terms.get("tiers", {}).get(level, "GRASSROOTS")
    by_tier = terms.get(kind, {})
    days = by_tier.get(tier) if isinstance(by_tier, dict) else by_tier
    if days is None:
        raise DomainError(
            f"Quy định về thời hạn giải quyết đơn không có số ngày cho {Level(level).label.lower()}"
            "; hãy nhập hạn giải quyết.",
            field="deadline",
        )
    return int(days), str(terms.get("unit", "calendar"))


def default_deadline(kind: str, received_date: dt.date, level: str = Level.GRASSROOTS) -> dt.date:
    """The deadline of a complaint received on `received_date` by the body of `level`."""
    days, unit = deadline_terms(kind, level, received_date)
    if unit == "working":
        return add_working_days(received_date, days)
    return received_date + dt.timedelta(days=days)


@transaction.atomic
def do_receive_complaint(
    *,
    kind: str,
    received_date: dt.date,
    sender: str,
    subject: str,
    handling_organisation: Organisation,
    handling_level: str,
    against_organisation: Organisation | None = None,
    against_member: Member | None = None,
    deadline: dt.date | None = None,
    acting_user: Any,
) -> Complaint:
    """Record a complaint or denunciation received, against an organisation or a member."""
    if kind not in Complaint.Kind.values:
        raise DomainError("Loại đơn không có trong danh mục.", field="kind")
    sender = _required(sender, "sender", "người gửi đơn")
    subject = _required(subject, "subject", "nội dung đơn", paragraphs=True)
    _check_past(received_date, "received_date", "Ngày nhận")
    handler = _check_body(
        handling_organisation,
        handling_level,
        "",
        received_date,
        acting_user,
        field="handling_organisation",
    )
    if (against_organisation is None) == (against_member is None):
        raise DomainError(
            "Hãy chọn một đối tượng bị khiếu nại, tố cáo: một tổ chức đảng hoặc một đảng viên.",
            field="against_organisation",
        )
    if against_member is not None:
        interval = _member_at(against_member, received_date)
        if interval is None or not _inside(interval.path, handler.path):
            raise DomainError(
                f"Ngày {fmt_date(received_date)} đồng chí {against_member.full_name} không "
                f"sinh hoạt trong «{handling_organisation.name}».",
                field="against_member",
            )
    if against_organisation is not None:
        path = _org_path(against_organisation, received_date)
        if (
            against_organisation.pk == handling_organisation.pk
            or path is None
            or not _inside(path, handler.path)
        ):
            raise DomainError(
                f"«{against_organisation.name}» không phải tổ chức trực thuộc "
                f"«{handling_organisation.name}» vào ngày {fmt_date(received_date)}.",
                field="against_organisation",
            )
    if deadline is None:
        deadline = default_deadline(kind, received_date, handling_level)
    elif deadline < received_date:
        raise DomainError(
            f"Hạn giải quyết ({fmt_date(deadline)}) không thể trước ngày nhận đơn "
            f"({fmt_date(received_date)}).",
            field="deadline",
        )
    complaint = Complaint.objects.create(
        kind=kind,
        received_date=received_date,
        sender=sender,
        against_organisation=against_organisation,
        against_member=against_member,
        subject=subject,
        handling_organisation=handling_organisation,
        handling_level=handling_level,
        deadline=deadline,
        status=Complaint.State.RECEIVED,
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=complaint, after=audit.snapshot(complaint))
    return complaint


# What the complaint's update form is stamped with: where the complaint stood when the page
# was opened, so that a step recorded meanwhile by someone else is refused, not overwritten.
COMPLAINT_STAMPED = ("status", "outcome", "closed_date")
COMPLAINT_STAMP_LABELS = {
    "status": "Tình trạng",
    "outcome": "Kết quả giải quyết",
    "closed_date": "Ngày kết thúc",
}


@transaction.atomic
def do_update_complaint(
    complaint: Complaint,
    *,
    status: str,
    outcome: str = "",
    closed_date: dt.date | None = None,
    acting_user: Any,
    stamp: str | concurrency.Stamp | None = None,
) -> Complaint:
    """Move a complaint on: being handled, or closed (resolved or not accepted) with outcome.

    The row is locked and re-read first; `stamp`, when given, is the page's stamp of
    `COMPLAINT_STAMPED`, and a complaint moved on since the page was opened refuses the
    update with `EditConflict`.
    """
    concurrency.locked(complaint)
    if stamp is not None:
        concurrency.check(complaint, stamp, COMPLAINT_STAMPED, COMPLAINT_STAMP_LABELS)
    if complaint.is_void:
        raise DomainError("Đơn này đã bị hủy.", field="status")
    if getattr(acting_user, "pk", None) is not None and complaint.handling_level not in levels_for(
        acting_user, complaint.handling_organisation
    ):
        raise DomainError("Bạn không được ghi cho đơn này.", field="status")
    if complaint.status in CLOSED:
        raise DomainError(
            f"Đơn đã kết thúc ngày {fmt_date(complaint.closed_date)}"
            if complaint.closed_date
            else "Đơn đã kết thúc.",
            field="status",
        )
    if status not in (Complaint.State.IN_PROGRESS, *CLOSED):
        raise DomainError(
            "Tình trạng mới là «Đang giải quyết», «Đã giải quyết» hoặc «Không thụ lý, lưu đơn».",
            field="status",
        )
    outcome = clean_paragraphs(outcome)
    if status in CLOSED:
        if closed_date is None:
            raise DomainError("Hãy nhập ngày kết thúc giải quyết đơn.", field="closed_date")
        _check_past(closed_date, "closed_date", "Ngày kết thúc")
        if closed_date < complaint.received_date:
            raise DomainError(
                f"Ngày kết thúc ({fmt_date(closed_date)}) không thể trước ngày nhận đơn "
                f"({fmt_date(complaint.received_date)}).",
                field="closed_date",
            )
        if not outcome:
            raise DomainError("Hãy ghi kết quả giải quyết.", field="outcome")
    elif closed_date is not None:
        raise DomainError(
            "Chỉ ghi ngày kết thúc khi đơn đã giải quyết xong hoặc không thụ lý.",
            field="closed_date",
        )
    outcome = outcome or complaint.outcome
    if (complaint.status, complaint.outcome, complaint.closed_date) == (
        status,
        outcome,
        closed_date,
    ):
        return complaint  # saved unchanged: nothing to write, nothing for the trail
    before = audit.snapshot(complaint)
    complaint.status = status
    complaint.outcome = outcome
    complaint.closed_date = closed_date
    complaint.save(update_fields=["status", "outcome", "closed_date"])
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=complaint,
        before=before,
        after=audit.snapshot(complaint),
    )
    return complaint
