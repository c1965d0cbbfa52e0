"""Every change to the board's records goes through one of these functions.

Each checks its rules, writes in one transaction and records the change in the audit
trail; a refusal is a `DomainError` with a Vietnamese message naming the field at fault.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from dangvu.audit import log as audit
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.education.models import (
    ClassLearner,
    Conference,
    Contest,
    ContestEntry,
    PoliticalClass,
    Resolution,
    StudyReturn,
)
from dangvu.education.rules import candidate_class_name
from dangvu.lib.text import clean, clean_paragraphs
from dangvu.lib.vnformat import fmt_date
from dangvu.members.models import AdmissionCandidate, Member
from dangvu.members.queries import members_at
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import version_at


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


def _check_past(day: dt.date, field: str) -> None:
    if day > today():
        raise DomainError(
            f"Ngày {fmt_date(day)} là ngày trong tương lai; chỉ ghi những việc đã diễn ra.",
            field=field,
        )


def _check_org(org: Organisation | None, day: dt.date, field: str) -> Organisation:
    if org is None:
        raise DomainError("Hãy chọn tổ chức.", field=field)
    if version_at(org, day) is None:
        raise DomainError(
            f"«{org.name}» không hoạt động vào ngày {fmt_date(day)} (đã giải thể, sáp nhập "
            "hoặc chưa thành lập).",
            field=field,
        )
    return org


def _check_dates(start: dt.date, end: dt.date, what: str) -> None:
    if end < start:
        raise DomainError(
            f"Ngày kết thúc {what} ({fmt_date(end)}) không thể trước ngày bắt đầu "
            f"({fmt_date(start)}).",
            field="end_date",
        )


def _count(value: int | None, field: str, label: str) -> int:
    if value is None:
        raise DomainError(f"Hãy nhập {label}.", field=field)
    if value < 0:
        raise DomainError(f"{label.capitalize()} không thể là số âm.", field=field)
    return int(value)


def _required(text: str, field: str, label: str) -> str:
    value = clean(text or "")
    if not value:
        raise DomainError(f"Hãy nhập {label}.", field=field)
    return value


# --- classes ------------------------------------------------------------------------


@transaction.atomic
def do_create_class(
    *,
    kind: str,
    name: str,
    organiser: Organisation,
    start_date: dt.date,
    end_date: dt.date,
    venue: str = "",
    note: str = "",
    acting_user: Any,
) -> PoliticalClass:
    if kind not in PoliticalClass.Kind.values:
        raise DomainError("Loại lớp không có trong danh mục.", field="kind")
    name = _required(name, "name", "tên lớp")
    _check_dates(start_date, end_date, "lớp")
    _check_org(organiser, start_date, "organiser")
    klass = PoliticalClass.objects.create(
        kind=kind,
        name=name,
        organiser=organiser,
        start_date=start_date,
        end_date=end_date,
        venue=clean(venue),
        note=clean_paragraphs(note),
        created_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=klass, after=audit.snapshot(klass))
    return klass


def _check_admitted_by_class_end(member: Member, political_class: PoliticalClass) -> None:
    """A new-member class counts only members admitted by the day it ended.

    One admitted (on the ledger, or on the file they came with) only after the class ended
    cannot have studied in it as a new member.
    """
    from dangvu.members.kinds import EventKind

    dates = list(
        member.events.filter(
            kind__in=[EventKind.ADMITTED, EventKind.READMITTED], voided_at__isnull=True
        ).values_list("date", flat=True)
    )
    dates += [d for d in (member.admission_decision_date, member.readmission_date) if d]
    if not dates or min(dates) <= political_class.end_date:
        return
    raise DomainError(
        f"Đồng chí {member.full_name} được kết nạp ngày {fmt_date(min(dates))}, sau ngày bế "
        f"giảng lớp «{political_class.name}» ({fmt_date(political_class.end_date)}); lớp bồi "
        "dưỡng cho đảng viên mới chỉ tính người đã được kết nạp khi lớp kết thúc.",
        field="person",
    )


@transaction.atomic
def do_add_learner(
    political_class: PoliticalClass,
    *,
    member: Member | None = None,
    candidate: AdmissionCandidate | None = None,
    completed: bool = False,
    certificate_number: str = "",
    acting_user: Any,
) -> ClassLearner:
    """Add one person to a class: a candidate for a candidate class, a member for a
    new-member class, either for another class."""
    if (member is None) == (candidate is None):
        raise DomainError(
            "Mỗi học viên là một đảng viên hoặc một quần chúng ưu tú.", field="person"
        )
    kind = political_class.kind
    if kind == PoliticalClass.Kind.CANDIDATE and candidate is None:
        raise DomainError(
            f"«{political_class.name}» là {candidate_class_name(political_class.start_date)}: "
            "học viên là quần chúng ưu tú, chưa phải đảng viên; đảng viên mới học lớp bồi "
            "dưỡng lý luận chính trị cho đảng viên mới.",
            field="person",
        )
    if kind == PoliticalClass.Kind.NEW_MEMBER and member is None:
        raise DomainError(
            "Lớp bồi dưỡng lý luận chính trị cho đảng viên mới dành cho đảng viên.",
            field="person",
        )
    person: Member | AdmissionCandidate = member or candidate  # type: ignore[assignment]
    if kind == PoliticalClass.Kind.NEW_MEMBER and member is not None:
        _check_admitted_by_class_end(member, political_class)
    same = ClassLearner.objects.filter(political_class=political_class)
    same = same.filter(member=member) if member is not None else same.filter(candidate=candidate)
    if same.exists():
        raise DomainError(
            f"{person.full_name} đã có trong danh sách học viên của lớp này.", field="person"
        )
    if completed:
        _check_past(political_class.end_date, "completed")
    try:
        with transaction.atomic():
            learner = ClassLearner.objects.create(
                political_class=political_class,
                member=member,
                candidate=candidate,
                completed=completed,
                certificate_number=clean(certificate_number),
            )
    except IntegrityError:
        raise DomainError(
            f"{person.full_name} đã có trong danh sách học viên của lớp này.", field="person"
        ) from None
    audit.record(audit.CREATE, user=acting_user, obj=learner, after=audit.snapshot(learner))
    if completed:
        _mark_candidate(learner, acting_user)
    return learner


@transaction.atomic
def do_record_completion(
    learner: ClassLearner,
    *,
    completed: bool = True,
    certificate_number: str = "",
    acting_user: Any,
) -> ClassLearner:
    """Record that a learner completed (or did not complete) the class, with the number of
    the certificate. A candidate who completes the candidate class has that step of the
    admission file filled in."""
    klass = learner.political_class
    if completed and klass.end_date > today():
        raise DomainError(
            f"Lớp kết thúc ngày {fmt_date(klass.end_date)}; chưa ghi được kết quả hoàn thành.",
            field="completed",
        )
    before = audit.snapshot(learner)
    learner.completed = completed
    learner.certificate_number = clean(certificate_number) if completed else ""
    learner.save(update_fields=["completed", "certificate_number"])
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=learner,
        before=before,
        after=audit.snapshot(learner),
    )
    if completed:
        _mark_candidate(learner, acting_user)
    return learner


def _mark_candidate(learner: ClassLearner, acting_user: Any) -> None:
    from dangvu.members.candidates import do_record_candidate_progress

    klass = learner.political_class
    candidate = learner.candidate
    if (
        candidate is None
        or klass.kind != PoliticalClass.Kind.CANDIDATE
        or candidate.class_completed_on is not None
        or candidate.stage != AdmissionCandidate.Stage.REGISTERED
        or klass.end_date < candidate.registered_on
    ):
        return
    do_record_candidate_progress(
        candidate,
        class_completed_on=klass.end_date,
        certificate_number=learner.certificate_number,
        checked_on=None,
        proposed_on=None,
        acting_user=acting_user,
    )


# --- conferences --------------------------------------------------------------------


@transaction.atomic
def do_create_conference(
    *,
    kind: str,
    title: str,
    date: dt.date,
    organiser: Organisation,
    attendance: int,
    venue: str = "",
    note: str = "",
    acting_user: Any,
) -> Conference:
    if kind not in Conference.Kind.values:
        raise DomainError("Loại hội nghị, hoạt động không có trong danh mục.", field="kind")
    title = _required(title, "title", "tên hội nghị, hoạt động")
    _check_past(date, "date")
    _check_org(organiser, date, "organiser")
    attendance = _count(attendance, "attendance", "số lượt tham dự")
    conference = Conference.objects.create(
        kind=kind,
        title=title,
        date=date,
        organiser=organiser,
        attendance=attendance,
        venue=clean(venue),
        note=clean_paragraphs(note),
        created_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=conference, after=audit.snapshot(conference))
    return conference


# --- resolution studies -------------------------------------------------------------


@transaction.atomic
def do_create_resolution(
    *,
    name: str,
    number: str,
    issuing_body: str,
    issued_on: dt.date,
    term: str = "",
    acting_user: Any,
) -> Resolution:
    name = _required(name, "name", "tên văn bản")
    number = _required(number, "number", "số hiệu văn bản")
    issuing_body = _required(issuing_body, "issuing_body", "cơ quan ban hành")
    _check_past(issued_on, "issued_on")
    if Resolution.objects.filter(number__iexact=number).exists():
        raise DomainError(f"Văn bản số {number} đã có trong danh mục.", field="number")
    resolution = Resolution.objects.create(
        name=name,
        number=number,
        issuing_body=issuing_body,
        term=clean(term),
        issued_on=issued_on,
        created_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=resolution, after=audit.snapshot(resolution))
    return resolution


@transaction.atomic
def do_record_study_return(
    resolution: Resolution,
    *,
    organisation: Organisation,
    date: dt.date,
    members_studied: int,
    members_total: int | None = None,
    nonmembers_studied: int = 0,
    nonmembers_total: int = 0,
    acting_user: Any,
) -> StudyReturn:
    """One organisation's return; the members' total defaults to the roll on that day."""
    _check_past(date, "date")
    if date < resolution.issued_on:
        raise DomainError(
            f"Ngày học tập ({fmt_date(date)}) không thể trước ngày ban hành văn bản "
            f"({fmt_date(resolution.issued_on)}).",
            field="date",
        )
    _check_org(organisation, date, "organisation")
    if members_total is None:
        members_total = members_at(organisation, date)["total"]
    m_studied = _count(members_studied, "members_studied", "số đảng viên tham gia")
    m_total = _count(members_total, "members_total", "tổng số đảng viên")
    n_studied = _count(nonmembers_studied, "nonmembers_studied", "số quần chúng tham gia")
    n_total = _count(nonmembers_total, "nonmembers_total", "tổng số quần chúng")
    if m_studied > m_total:
        raise DomainError(
            f"Số đảng viên tham gia ({m_studied}) không thể lớn hơn tổng số đảng viên ({m_total}).",
            field="members_studied",
        )
    if n_studied > n_total:
        raise DomainError(
            f"Số quần chúng tham gia ({n_studied}) không thể lớn hơn tổng số quần chúng "
            f"({n_total}).",
            field="nonmembers_studied",
        )
    message = (
        f"«{organisation.name}» đã báo cáo kết quả học tập văn bản {resolution.number}; "
        "mỗi tổ chức báo cáo một lần."
    )
    if StudyReturn.objects.filter(
        resolution=resolution, organisation=organisation, voided_at__isnull=True
    ).exists():
        raise DomainError(message, field="organisation")
    try:
        with transaction.atomic():
            study = StudyReturn.objects.create(
                resolution=resolution,
                organisation=organisation,
                date=date,
                members_studied=m_studied,
                members_total=m_total,
                nonmembers_studied=n_studied,
                nonmembers_total=n_total,
                created_by=_user(acting_user),
            )
    except IntegrityError:
        raise DomainError(message, field="organisation") from None
    audit.record(audit.CREATE, user=acting_user, obj=study, after=audit.snapshot(study))
    return study


# --- contests -----------------------------------------------------------------------


@transaction.atomic
def do_create_contest(
    *,
    name: str,
    organiser: Organisation,
    start_date: dt.date,
    end_date: dt.date,
    note: str = "",
    entrants: str = Contest.Entrants.INDIVIDUAL,
    acting_user: Any,
) -> Contest:
    name = _required(name, "name", "tên hội thi, cuộc thi")
    _check_dates(start_date, end_date, "hội thi")
    _check_org(organiser, start_date, "organiser")
    if entrants not in Contest.Entrants.values:
        raise DomainError(
            "Hãy chọn hình thức dự thi: cá nhân (bài dự thi) hoặc đội (đội thi).",
            field="entrants",
        )
    contest = Contest.objects.create(
        name=name,
        entrants=entrants,
        organiser=organiser,
        start_date=start_date,
        end_date=end_date,
        note=clean_paragraphs(note),
        created_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=contest, after=audit.snapshot(contest))
    return contest


@transaction.atomic
def do_add_contest_entry(
    contest: Contest,
    *,
    organisation: Organisation | None = None,
    entrant_name: str = "",
    title: str = "",
    result: str = "",
    sent_up: bool = False,
    acting_user: Any,
) -> ContestEntry:
    entrant_name = clean(entrant_name)
    if organisation is None and not entrant_name:
        raise DomainError(
            "Hãy ghi tên đội thi hoặc tổ chức có đội thi."
            if contest.is_team
            else "Hãy ghi tác giả hoặc tổ chức dự thi của bài dự thi.",
            field="entrant_name",
        )
    entry = ContestEntry.objects.create(
        contest=contest,
        organisation=organisation,
        entrant_name=entrant_name,
        title=clean(title),
        result=clean(result),
        sent_up=sent_up,
    )
    audit.record(audit.CREATE, user=acting_user, obj=entry, after=audit.snapshot(entry))
    return entry


@transaction.atomic
def do_update_contest_entry(
    entry: ContestEntry, *, result: str, sent_up: bool, acting_user: Any
) -> ContestEntry:
    before = audit.snapshot(entry)
    entry.result = clean(result)
    entry.sent_up = sent_up
    entry.save(update_fields=["result", "sent_up"])
    audit.record(
        audit.UPDATE, user=acting_user, obj=entry, before=before, after=audit.snapshot(entry)
    )
    return entry
