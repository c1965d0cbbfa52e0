"""Admission candidates (quần chúng ưu tú): registration, progress, withdrawal, admission."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

from django.db import IntegrityError, transaction

from dangvu.audit import log as audit
from dangvu.core.errors import DomainError
from dangvu.lib.text import clean, search_key
from dangvu.lib.vnformat import fmt_date
from dangvu.members import numbers
from dangvu.members.actions import (
    Decision,
    Person,
    _check_date,
    _check_org,
    clean_person,
    do_admit_member,
)
from dangvu.members.models import AdmissionCandidate, Member
from dangvu.orgs.models import Organisation

PROGRESS = ["class_completed_on", "certificate_number", "checked_on", "proposed_on"]


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


@transaction.atomic
def do_update_candidate_record(
    candidate: AdmissionCandidate, person: Person, *, acting_user: Any
) -> AdmissionCandidate:
    """Correct a candidate's record (lý lịch) while the file is open.

    Once admitted the record is the member's (corrected there); a stopped file is closed.
    """
    if candidate.member_id or candidate.withdrawn_on:
        raise DomainError(
            "Hồ sơ này đã kết thúc; lý lịch của người đã kết nạp sửa trong hồ sơ đảng viên.",
            field="full_name",
        )
    person = clean_person(person, acting_user=acting_user)
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
) -> AdmissionCandidate:
    """Record the steps of the admission file; each date follows the one before."""
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
    if candidate.class_completed_on is None:
        raise DomainError(
            "Chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng; hãy cập nhật tiến "
            "độ hồ sơ trước khi kết nạp.",
            field="date",
        )
    if candidate.proposed_on is not None and decision.date < candidate.proposed_on:
        raise DomainError("Quyết định kết nạp không thể trước ngày chi bộ đề nghị.", field="date")
    member = do_admit_member(
        _person_of(candidate),
        organisation=candidate.organisation,
        decision=decision,
        ceremony_date=ceremony_date,
        acting_user=acting_user,
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
