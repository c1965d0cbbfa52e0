"""Admission candidates (quần chúng ưu tú): registration, progress, withdrawal, admission."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields
from typing import Any

from django.db import IntegrityError, transaction

from dangvu.audit import log as audit
from dangvu.core import concurrency
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.rules import rule
from dangvu.lib.text import clean, search_key
from dangvu.lib.vnformat import fmt_date
from dangvu.members import numbers
from dangvu.members.actions import (
    Decision,
    Person,
    _check_age,
    _check_date,
    _check_org,
    clean_person,
    do_admit_member,
    education_grade,
    education_problem,
    forget_unresolved,
)
from dangvu.members.models import AdmissionCandidate, Member
from dangvu.orgs.models import Organisation

PROGRESS = [
    "class_completed_on",
    "certificate_number",
    "checked_on",
    "proposed_on",
    "education_exception",
]
_SPONSOR_SPLIT = re.compile(r"[,;\n]+|\s+và\s+")


def sponsor_names(sponsors: str) -> list[str]:
    """The introducers a file names ("Nguyễn Văn An, Ban Chấp hành Đoàn cơ sở")."""
    return [name for name in (clean(p) for p in _SPONSOR_SPLIT.split(sponsors or "")) if name]


def political_conclusion(candidate: AdmissionCandidate, by: dt.date | None = None) -> Any:
    """The latest standing conclusion on the candidate's political standard (up to `by`)."""
    from dangvu.personnel.models import PoliticalConclusion

    qs = PoliticalConclusion.objects.filter(candidate=candidate, voided_at__isnull=True)
    if by is not None:
        qs = qs.filter(date__lte=by)
    return qs.order_by("-date", "-id").first()


def missing_steps(candidate: AdmissionCandidate) -> list[str]:
    """What the file still lacks before the admission can be decided, in the clerk's words.

    The steps of Điều lệ Đảng, Điều 4 and Quy định 24-QĐ/TW 2021, điểm 1 (294-QĐ/TW 2025):
    two introducers, the awareness class, the background check with a conclusion that the
    candidate meets the political standard, the cell's resolution; age (on the day of that
    resolution) and education within the rule. Empty when the admit button may be offered.
    """
    missing: list[str] = []
    day = candidate.proposed_on or today()
    needed = rule("members.admission_sponsors", day)
    named = sponsor_names(candidate.sponsors)
    if len(named) < needed:
        missing.append(
            f"Chưa đủ người giới thiệu: hồ sơ ghi {len(named)}, cần {needed} (hai đảng viên "
            "chính thức, hoặc ban chấp hành đoàn cơ sở và một đảng viên chính thức; ghi tên cách "
            "nhau bằng dấu phẩy)."
        )
    if candidate.class_completed_on is None:
        # The class as the committee names it (rule "education.candidate_class_name").
        name = rule("education.candidate_class_name", day)
        missing.append(f"Chưa có giấy chứng nhận học {name}.")
    if candidate.checked_on is None:
        missing.append("Chưa thẩm tra, xác minh lý lịch.")
    conclusion = political_conclusion(candidate)
    if conclusion is None:
        missing.append(
            "Chưa có kết luận tiêu chuẩn chính trị (ghi ở mục Nhân sự › Kết luận tiêu chuẩn "
            "chính trị, chọn quần chúng này)."
        )
    elif conclusion.outcome != conclusion.Outcome.MET:
        missing.append(
            f"Kết luận tiêu chuẩn chính trị ngày {fmt_date(conclusion.date)}: "
            f"{conclusion.get_outcome_display().lower()}."
        )
    if candidate.proposed_on is None:
        missing.append("Chi bộ chưa họp xét, ra nghị quyết đề nghị kết nạp.")
    try:
        _check_age(candidate.birth_date, day)
    except DomainError as error:
        missing.append(error.message)
    if education_grade(candidate.education) is None:
        missing.append(
            f"Lý lịch chưa ghi trình độ giáo dục phổ thông đọc được (đang ghi "
            f"«{candidate.education or 'trống'}»; ví dụ 9/12, 12/12, 7/10)."
        )
    problem = education_problem(candidate.education, candidate.education_exception, day)
    if problem:
        missing.append(problem)
    return missing


def _check_candidate_identity(ident: str, exclude_pk: int | None, acting_user: Any) -> None:
    """A candidate's identity number must be nobody else's: no member's, no other candidate's.

    An admitted candidate's record lives on as the member's, so it is found as the member.
    """
    if not ident:
        return
    clash = (
        AdmissionCandidate.objects.select_related("organisation")
        .filter(identity_number=ident)
        .exclude(pk=exclude_pk)
        .first()
    )
    if clash is not None:
        raise numbers.identity_error(ident, numbers.candidate_holder(clash), acting_user)


def _person_of(candidate: AdmissionCandidate) -> Person:
    return Person(**{f.name: getattr(candidate, f.name) for f in fields(Person)})


@transaction.atomic
def do_register_candidate(
    person: Person,
    *,
    organisation: Organisation,
    registered_on: dt.date,
    sponsors: str = "",
    acting_user: Any,
) -> AdmissionCandidate:
    _check_date(registered_on, "registered_on")
    _check_org(organisation, registered_on)
    # A candidate is not yet a member, so the members' identity check applies too.
    person = clean_person(person, acting_user=acting_user)
    _check_candidate_identity(person.identity_number, None, acting_user)
    try:
        with transaction.atomic():
            candidate = AdmissionCandidate.objects.create(
                organisation=organisation,
                registered_on=registered_on,
                sponsors=clean(sponsors),
                search_key=search_key(person.full_name),
                **{f.name: getattr(person, f.name) for f in fields(person)},
            )
            audit.record(
                audit.CREATE, user=acting_user, obj=candidate, after=audit.snapshot(candidate)
            )
            return candidate
    except IntegrityError:
        # Another save took the number meanwhile: say whose it is now, in the same words.
        _check_candidate_identity(person.identity_number, None, acting_user)
        raise DomainError(
            "Số CCCD vừa được ghi cho người khác; hãy kiểm tra lại rồi ghi lại.",
            field="identity_number",
        ) from None


# The fields a candidate's edit page shows, stamped so that a concurrent edit is refused.
CANDIDATE_STAMPED = [f.name for f in fields(Person)]


@transaction.atomic
def do_update_candidate_record(
    candidate: AdmissionCandidate,
    person: Person,
    *,
    acting_user: Any,
    stamp: str | concurrency.Stamp | None = None,
) -> AdmissionCandidate:
    """Correct a candidate's record (lý lịch) while the file is open.

    Once admitted the record is the member's (corrected there); a stopped file is closed.
    `stamp`, when given, is the edit page's stamp of `CANDIDATE_STAMPED`: the row is locked
    and re-read, and a value changed by someone else since refuses with `EditConflict`.
    """
    if stamp is not None:
        concurrency.check(concurrency.locked(candidate), stamp, CANDIDATE_STAMPED)
    if candidate.member_id or candidate.withdrawn_on:
        raise DomainError(
            "Hồ sơ này đã kết thúc; lý lịch của người đã kết nạp sửa trong hồ sơ đảng viên.",
            field="full_name",
        )
    person = clean_person(person, acting_user=acting_user, keep=candidate)
    _check_candidate_identity(person.identity_number, candidate.pk, acting_user)
    changed = [
        f.name for f in fields(person) if getattr(candidate, f.name) != getattr(person, f.name)
    ]
    if not changed:
        return candidate
    before = audit.snapshot(candidate, changed)
    for name in changed:
        setattr(candidate, name, getattr(person, name))
    candidate.search_key = search_key(candidate.full_name)
    try:
        with transaction.atomic():
            candidate.save(update_fields=[*changed, "search_key"])
            forget_unresolved(candidate, changed)
    except IntegrityError:
        # Another save took the number meanwhile: say whose it is now, in the same words.
        _check_candidate_identity(person.identity_number, candidate.pk, acting_user)
        raise DomainError(
            "Số CCCD vừa được ghi cho người khác; hãy kiểm tra lại rồi ghi lại.",
            field="identity_number",
        ) from None
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=candidate,
        before=before,
        after=audit.snapshot(candidate, changed),
    )
    return candidate


@transaction.atomic
def do_record_candidate_progress(
    candidate: AdmissionCandidate,
    *,
    class_completed_on: dt.date | None,
    certificate_number: str,
    checked_on: dt.date | None,
    proposed_on: dt.date | None,
    acting_user: Any,
    education_exception: str | None = None,
) -> AdmissionCandidate:
    """Record the steps of the admission file; each date follows the one before.

    `education_exception` is the ground for waiving the education rule (None: unchanged).
    """
    before = audit.snapshot(candidate, PROGRESS)
    if candidate.stage in (AdmissionCandidate.Stage.ADMITTED, AdmissionCandidate.Stage.WITHDRAWN):
        raise DomainError("Hồ sơ này đã kết thúc; không cập nhật được.", field="class_completed_on")
    steps = [
        ("registered_on", candidate.registered_on, "ngày đưa vào danh sách"),
        ("class_completed_on", class_completed_on, "ngày hoàn thành lớp bồi dưỡng"),
        ("checked_on", checked_on, "ngày thẩm tra lý lịch"),
        ("proposed_on", proposed_on, "ngày chi bộ đề nghị"),
    ]
    previous: tuple[str, dt.date, str] | None = None
    for name, value, label in steps:
        if value is None:
            continue
        _check_date(value, name)
        if previous is not None and value < previous[1]:
            raise DomainError(
                f"{label.capitalize()} ({fmt_date(value)}) không thể trước {previous[2]} "
                f"({fmt_date(previous[1])}).",
                field=name,
            )
        previous = (name, value, label)
    if proposed_on and not class_completed_on:
        raise DomainError(
            "Chi bộ chỉ đề nghị kết nạp khi quần chúng đã học lớp bồi dưỡng.", field="proposed_on"
        )
    if education_exception is not None:
        education_exception = clean(education_exception)
        allowed = rule("members.admission_education", proposed_on or today())["exceptions"]
        if education_exception and education_exception not in allowed:
            raise DomainError(
                "Trường hợp ngoại lệ về học vấn không có trong danh mục.",
                field="education_exception",
            )
        candidate.education_exception = education_exception
    candidate.class_completed_on = class_completed_on
    candidate.certificate_number = clean(certificate_number)
    candidate.checked_on = checked_on
    candidate.proposed_on = proposed_on
    after = audit.snapshot(candidate, PROGRESS)
    if after == before:
        return candidate  # saved unchanged: nothing to write, nothing for the trail
    candidate.save(update_fields=PROGRESS)
    audit.record(audit.UPDATE, user=acting_user, obj=candidate, before=before, after=after)
    return candidate


@transaction.atomic
def do_withdraw_candidate(
    candidate: AdmissionCandidate, *, on: dt.date, reason: str, acting_user: Any
) -> AdmissionCandidate:
    if candidate.member_id or candidate.withdrawn_on:
        raise DomainError("Hồ sơ này đã kết thúc.", field="reason")
    _check_date(on, "on")
    if not clean(reason):
        raise DomainError("Hãy ghi lý do dừng xem xét.", field="reason")
    candidate.withdrawn_on = on
    candidate.withdrawn_reason = clean(reason)
    candidate.save(update_fields=["withdrawn_on", "withdrawn_reason"])
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=candidate,
        after=audit.snapshot(candidate, ["withdrawn_on", "withdrawn_reason"]),
    )
    return candidate


@transaction.atomic
def do_admit_candidate(
    candidate: AdmissionCandidate,
    *,
    decision: Decision,
    ceremony_date: dt.date | None,
    acting_user: Any,
) -> Member:
    """Admit the candidate: their record becomes a member's record with the ADMITTED event."""
    if candidate.member_id:
        raise DomainError("Quần chúng này đã được kết nạp.", field="date")
    if candidate.withdrawn_on:
        raise DomainError("Hồ sơ đã dừng xem xét; không thể kết nạp.", field="date")
    missing = missing_steps(candidate)
    if missing:
        raise DomainError(
            "Hồ sơ chưa đủ để kết nạp: " + " ".join(missing) + " Hãy bổ sung rồi ghi lại.",
            field="date",
        )
    day = decision.date
    assert candidate.proposed_on is not None and candidate.class_completed_on is not None
    if day < candidate.proposed_on:
        raise DomainError(
            f"Quyết định kết nạp ({fmt_date(day)}) không thể trước ngày chi bộ họp xét, đề "
            f"nghị ({fmt_date(candidate.proposed_on)}).",
            field="date",
        )
    if day < candidate.class_completed_on:
        raise DomainError(
            f"Quyết định kết nạp ({fmt_date(day)}) trước ngày hoàn thành "
            f"{rule('education.candidate_class_name', candidate.class_completed_on)} "
            f"({fmt_date(candidate.class_completed_on)}).",
            field="date",
        )
    if political_conclusion(candidate, by=day) is None:
        conclusion = political_conclusion(candidate)
        raise DomainError(
            f"Kết luận tiêu chuẩn chính trị ({fmt_date(conclusion.date)}) sau ngày quyết định "
            f"kết nạp ({fmt_date(day)}); phải có kết luận trước khi kết nạp.",
            field="date",
        )
    member = do_admit_member(
        _person_of(candidate),
        organisation=candidate.organisation,
        decision=decision,
        ceremony_date=ceremony_date,
        acting_user=acting_user,
        considered_on=candidate.proposed_on,
        education_exception=candidate.education_exception,
        keep=candidate,
    )
    candidate.member = member
    candidate.save(update_fields=["member"])
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=candidate,
        after={"member_id": member.pk},
        note="Đã kết nạp",
    )
    return member
