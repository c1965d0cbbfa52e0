"""Every write of personnel work goes through one of these functions.

Each validates its rules, writes in one transaction and records the change in the audit
trail. A refusal is a `DomainError` with a Vietnamese message naming the field at fault,
and nothing is written. `acting_user=None` is the system (imports run as their user; the
demo runs as nobody): scope is checked only for a real user.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from dangvu.audit import log as audit
from dangvu.core.dates import FOREVER, today
from dangvu.core.errors import DomainError
from dangvu.core.rules import rule
from dangvu.education.voiding import do_void
from dangvu.lib.text import clean, clean_paragraphs
from dangvu.lib.vnformat import fmt_date
from dangvu.members.models import AdmissionCandidate, Member, MembershipInterval
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation, subtree_range
from dangvu.orgs.queries import path_at, version_at
from dangvu.personnel.models import (
    POSITIONS,
    SINGLE_SEAT,
    ActingAssignment,
    CellAttendance,
    Committee,
    CommitteeDecision,
    CommitteeKind,
    CommitteeMember,
    LeaderEvaluation,
    PoliticalConclusion,
    Position,
)
from dangvu.personnel.scoping import personnel_editable_organisations

TERM_RE = re.compile(r"^(\d{4})\s*[-–—]\s*(\d{4})$")
PARTY_FOUNDED = dt.date(1930, 2, 3)  # the first day personnel rules are defined for

# Which bodies each kind of organisation has: a standing committee and an inspection
# commission belong to party committees (đảng ủy); every organisation that meets has an
# executive committee (for a small cell: its secretary and deputy).
BODIES: dict[str, tuple[str, ...]] = {
    OrgKind.BLOC: (CommitteeKind.EXECUTIVE, CommitteeKind.STANDING, CommitteeKind.INSPECTION),
    OrgKind.GRASSROOTS_COMMITTEE: (
        CommitteeKind.EXECUTIVE,
        CommitteeKind.STANDING,
        CommitteeKind.INSPECTION,
    ),
    OrgKind.GRASSROOTS_CELL: (CommitteeKind.EXECUTIVE,),
    OrgKind.SUB_COMMITTEE: (CommitteeKind.EXECUTIVE,),
    OrgKind.CELL: (CommitteeKind.EXECUTIVE,),
}
# Organisations whose monthly meetings a higher committee's member may be assigned to attend.
MEETING_KINDS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


def _check_past(day: dt.date, field: str) -> None:
    if day > today():
        raise DomainError(
            f"Ngày {fmt_date(day)} là ngày trong tương lai; chỉ ghi những việc đã xảy ra.",
            field=field,
        )


def _check_scope(org: Organisation, acting_user: Any, field: str = "organisation") -> None:
    if getattr(acting_user, "pk", None) is None:
        return
    if not personnel_editable_organisations(acting_user).filter(pk=org.pk).exists():
        raise DomainError(
            f"«{org.name}» nằm ngoài phạm vi bạn được ghi công tác cán bộ.", field=field
        )


def _check_active(org: Organisation, day: dt.date, field: str = "organisation") -> None:
    if org.ended_on is not None and day >= org.ended_on:
        raise DomainError(
            f"«{org.name}» đã kết thúc hoạt động từ ngày {fmt_date(org.ended_on)}; không "
            f"thể ghi cho ngày {fmt_date(day)}.",
            field=field,
        )
    if version_at(org, day) is None:
        raise DomainError(f"«{org.name}» chưa thành lập vào ngày {fmt_date(day)}.", field=field)


def _interval(member: Member, day: dt.date) -> MembershipInterval | None:
    return (
        MembershipInterval.objects.filter(member=member, valid_from__lte=day, valid_to__gt=day)
        .select_related("organisation")
        .first()
    )


def member_org(member: Member, day: dt.date, field: str = "member") -> Organisation:
    """The organisation `member` belonged to on `day`; DomainError if not a member then."""
    interval = _interval(member, day)
    if interval is None:
        raise DomainError(
            f"Ngày {fmt_date(day)} đồng chí {member.full_name} không phải là đảng viên đang "
            "sinh hoạt trong Đảng bộ.",
            field=field,
        )
    return interval.organisation


def _check_member_in(
    member: Member, org: Organisation, day: dt.date, field: str = "member"
) -> None:
    """`member` was a member within the subtree of `org` on `day`."""
    interval = _interval(member, day)
    path = path_at(org, day)
    if interval is None or path is None:
        member_org(member, day, field)  # raises the "not a member" message
        return
    low, high = subtree_range(path)
    if not low <= interval.path < high:
        raise DomainError(
            f"Ngày {fmt_date(day)} đồng chí {member.full_name} sinh hoạt tại "
            f"«{interval.organisation.name}», không thuộc «{org.name}».",
            field=field,
        )


# --- committees and terms -------------------------------------------------------------


def parse_term(term: str) -> tuple[int, int, str]:
    """(first year, last year, label "2020–2025") of a term; DomainError otherwise.

    The allowed length is the rule in force when the term begins.
    """
    match = TERM_RE.match(clean(term))
    if match is None:
        raise DomainError(
            "Nhiệm kỳ ghi dạng «2020–2025» (năm đầu, gạch nối, năm cuối).", field="term"
        )
    first, last = int(match.group(1)), int(match.group(2))
    if first < PARTY_FOUNDED.year:
        raise DomainError(
            f"Năm đầu nhiệm kỳ {first} trước ngày thành lập Đảng (1930).", field="term"
        )
    begins = max(dt.date(first, 1, 1), PARTY_FOUNDED)
    shortest, longest = rule("personnel.term_years", begins)
    if not shortest <= last - first <= longest:
        raise DomainError(
            f"Nhiệm kỳ {first}–{last} dài {last - first} năm; nhiệm kỳ cấp ủy dài từ "
            f"{shortest} đến {longest} năm.",
            field="term",
        )
    return first, last, f"{first}–{last}"


@transaction.atomic
def do_create_committee(
    *,
    organisation: Organisation,
    kind: str,
    term: str,
    note: str = "",
    acting_user: Any,
) -> Committee:
    """Open the record of one body (executive, standing, inspection) of an organisation
    for one term."""
    if kind not in CommitteeKind.values:
        raise DomainError("Cơ quan không có trong danh mục.", field="kind")
    first, last, label = parse_term(term)
    if first > today().year:
        raise DomainError(f"Nhiệm kỳ {label} chưa bắt đầu.", field="term")
    _check_scope(organisation, acting_user)
    day = max(dt.date(first, 1, 1), organisation.founded_on or dt.date(first, 1, 1))
    version = version_at(organisation, min(day, today()))
    if version is None:
        raise DomainError(
            f"«{organisation.name}» không hoạt động vào đầu nhiệm kỳ {label}.",
            field="organisation",
        )
    if kind not in BODIES.get(version.kind, ()):
        raise DomainError(
            f"{version.kind_label} «{organisation.name}» không có {CommitteeKind(kind).label}.",
            field="kind",
        )
    if Committee.objects.filter(
        organisation=organisation, kind=kind, term=label, voided_at__isnull=True
    ).exists():
        raise DomainError(
            f"{CommitteeKind(kind).label} «{organisation.name}» nhiệm kỳ {label} đã có.",
            field="term",
        )
    committee = Committee.objects.create(
        organisation=organisation,
        kind=kind,
        term=label,
        first_year=first,
        last_year=last,
        note=clean_paragraphs(note),
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=committee, after=audit.snapshot(committee))
    return committee


def _check_seat(
    committee: Committee,
    member: Member,
    position: str,
    start: dt.date,
    *,
    field: str = "member",
) -> None:
    """A new open seat of `member` as `position` from `start` fits the committee."""
    if position not in POSITIONS[committee.kind]:
        raise DomainError(
            f"{CommitteeKind(committee.kind).label} không có chức vụ "
            f"«{Position(position).label if position in Position.values else position}».",
            field="position",
        )
    _check_past(start, "start_date")
    if not committee.first_year - 1 <= start.year <= committee.last_year:
        raise DomainError(
            f"Ngày {fmt_date(start)} nằm ngoài nhiệm kỳ {committee.term}.", field="start_date"
        )
    org = committee.organisation
    _check_active(org, start, "start_date")
    _check_member_in(member, org, start, field)
    seats = CommitteeMember.objects.filter(
        committee=committee, voided_at__isnull=True, ended_on__gt=start
    )
    if seats.filter(member=member).exists():
        raise DomainError(
            f"Đồng chí {member.full_name} đang có tên trong {CommitteeKind(committee.kind).label} "
            f"«{org.name}» vào ngày {fmt_date(start)}; hãy cho thôi chức vụ cũ trước.",
            field=field,
        )
    if position in SINGLE_SEAT:
        holder = seats.filter(position=position).select_related("member").first()
        if holder is not None:
            raise DomainError(
                f"«{org.name}» đã có {Position(position).label.lower()} là đồng chí "
                f"{holder.member.full_name} vào ngày {fmt_date(start)}; một thời điểm chỉ có "
                f"một {Position(position).label.lower()}. Hãy cho thôi chức vụ của người cũ "
                "trước.",
                field="position",
            )


def _open_seat(
    committee: Committee,
    member: Member,
    position: str,
    start: dt.date,
    *,
    basis: str,
    decision: CommitteeDecision | None,
    acting_user: Any,
    field: str = "member",
) -> CommitteeMember:
    _check_seat(committee, member, position, start, field=field)
    seat = CommitteeMember.objects.create(
        committee=committee,
        member=member,
        position=position,
        start_date=start,
        start_decision=decision,
        start_basis=basis,
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=seat, after=audit.snapshot(seat))
    return seat


def _close_seat(
    seat: CommitteeMember,
    ended_on: dt.date,
    *,
    reason: str,
    decision: CommitteeDecision | None,
    acting_user: Any,
) -> CommitteeMember:
    if seat.voided_at is not None:
        raise DomainError("Chức vụ này đã bị hủy.", field="seat")
    if not seat.is_open:
        raise DomainError(
            f"Đồng chí {seat.member.full_name} đã thôi chức vụ này từ ngày "
            f"{fmt_date(seat.ended_on)}.",
            field="seat",
        )
    _check_past(ended_on, "ended_on")
    if ended_on <= seat.start_date:
        raise DomainError(
            f"Ngày thôi ({fmt_date(ended_on)}) phải sau ngày bắt đầu giữ chức vụ "
            f"({fmt_date(seat.start_date)}).",
            field="ended_on",
        )
    before = audit.snapshot(seat)
    seat.ended_on = ended_on
    seat.end_decision = decision
    seat.end_reason = reason
    seat.save(update_fields=["ended_on", "end_decision", "end_reason"])
    audit.record(
        audit.UPDATE, user=acting_user, obj=seat, before=before, after=audit.snapshot(seat)
    )
    return seat


ELECTED = "Đại hội bầu"


def _check_no_recorded_congress(committee: Committee) -> None:
    from dangvu.congresses.models import Congress

    congress = (
        Congress.objects.filter(
            organisation=committee.organisation,
            term_label=committee.term,
            held=True,
            voided_at__isnull=True,
        )
        .order_by("opens_on")
        .first()
    )
    if congress is not None:
        raise DomainError(
            f"Đại hội {committee.organisation.name} nhiệm kỳ {committee.term} (khai mạc ngày "
            f"{fmt_date(congress.opens_on)}) đã được ghi: người trúng cử ghi ở kết quả của đại "
            "hội đó (mục Đại hội). Nếu là bầu bổ sung tại hội nghị cấp ủy, hãy ghi căn cứ khác.",
            field="basis",
        )


@transaction.atomic
def do_add_seat(
    committee: Committee,
    *,
    member: Member,
    position: str,
    start_date: dt.date,
    basis: str = ELECTED,
    acting_user: Any,
) -> CommitteeMember:
    """Record a seat that no completion decision opened (elected by the congress, for a
    term whose congress is not recorded; or by a later conference of the committee).

    Once the term's congress is recorded, what it elected is written by recording its
    results (`congresses.actions.do_record_results`): one write path, so a seat «Đại hội
    bầu» of that term is refused here, naming the congress."""
    if committee.voided_at is not None:
        raise DomainError("Cơ quan này đã bị hủy.", field="member")
    _check_scope(committee.organisation, acting_user, "member")
    basis = clean(basis) or ELECTED
    if basis.casefold() == ELECTED.casefold():
        _check_no_recorded_congress(committee)
    return _open_seat(
        committee,
        member,
        position,
        start_date,
        basis=basis,
        decision=None,
        acting_user=acting_user,
    )


@transaction.atomic
def do_end_seat(
    seat: CommitteeMember, *, ended_on: dt.date, reason: str, acting_user: Any
) -> CommitteeMember:
    """Close a seat without a completion decision (a transfer, retirement, death …)."""
    reason = clean(reason)
    if not reason:
        raise DomainError("Hãy ghi lý do thôi (ví dụ: chuyển công tác).", field="reason")
    _check_scope(seat.committee.organisation, acting_user, "reason")
    return _close_seat(seat, ended_on, reason=reason, decision=None, acting_user=acting_user)


@transaction.atomic
def do_complete_committee(
    committee: Committee,
    *,
    kind: str,
    decision_date: dt.date,
    issued_by: str,
    number: str = "",
    appointments: Sequence[tuple[Member, str]] = (),
    endings: Sequence[CommitteeMember] = (),
    end_reason: str = "",
    note: str = "",
    acting_user: Any,
) -> CommitteeDecision:
    """Record a decision on a committee's personnel (kiện toàn).

    It closes `endings` on the decision date, then opens a seat for each (member,
    position) of `appointments` from that date, so one decision can move a member from
    one position to another. All or nothing.
    """
    issued_by = clean(issued_by)
    end_reason = clean(end_reason)
    if committee.voided_at is not None:
        raise DomainError("Cơ quan này đã bị hủy.", field="kind")
    if kind not in CommitteeDecision.Kind.values:
        raise DomainError("Loại quyết định không có trong danh mục.", field="kind")
    if not issued_by:
        raise DomainError(
            "Hãy nhập cấp quyết định (ví dụ: Ban Thường vụ Đảng ủy Khối).", field="issued_by"
        )
    _check_past(decision_date, "decision_date")
    _check_scope(committee.organisation, acting_user)
    if not appointments and not endings:
        raise DomainError(
            "Quyết định kiện toàn phải bổ sung hoặc cho thôi ít nhất một đồng chí.",
            field="member",
        )
    if kind == CommitteeDecision.Kind.RELIEVE and appointments:
        raise DomainError(
            "Quyết định cho thôi không bổ sung người mới; hãy chọn loại quyết định khác.",
            field="kind",
        )
    if kind != CommitteeDecision.Kind.RELIEVE and not appointments:
        raise DomainError("Hãy chọn đồng chí được chuẩn y, chỉ định.", field="member")
    if endings and not end_reason:
        end_reason = CommitteeDecision.Kind(kind).label
    members = [m.pk for m, _ in appointments]
    if len(members) != len(set(members)):
        raise DomainError("Một đồng chí được ghi hai lần trong cùng quyết định.", field="member")
    decision = CommitteeDecision.objects.create(
        committee=committee,
        kind=kind,
        number=clean(number),
        decision_date=decision_date,
        issued_by=issued_by,
        note=clean_paragraphs(note),
        recorded_by=_user(acting_user),
    )
    for seat in endings:
        if seat.committee_id != committee.pk:
            raise DomainError(
                f"Đồng chí {seat.member.full_name} không thuộc cơ quan này.", field="member"
            )
        _close_seat(
            seat, decision_date, reason=end_reason, decision=decision, acting_user=acting_user
        )
    for i, (member, position) in enumerate(appointments):
        _open_seat(
            committee,
            member,
            position,
            decision_date,
            basis=decision.get_kind_display(),
            decision=decision,
            acting_user=acting_user,
            field="member" if i == 0 else f"member_{i + 1}",
        )
    audit.record(audit.CREATE, user=acting_user, obj=decision, after=audit.snapshot(decision))
    return decision


# --- voiding --------------------------------------------------------------------------


@transaction.atomic
def do_void_decision(decision: CommitteeDecision, *, reason: str, acting_user: Any) -> None:
    """Void a mistaken completion decision: the seats it opened are voided and the seats
    it closed are open again."""
    opened = list(decision.opened_seats.filter(voided_at__isnull=True))
    if CellAttendance.objects.filter(seat__in=opened, voided_at__isnull=True).exists():
        raise DomainError(
            "Có phân công dự sinh hoạt chi bộ dựa trên chức vụ do quyết định này bổ sung; "
            "hãy hủy phân công đó trước.",
            field="reason",
        )
    do_void(decision, reason=reason, acting_user=acting_user)
    note = f"Hủy theo quyết định bị hủy: {clean_paragraphs(reason)}"
    for seat in opened:
        do_void(seat, reason=note, acting_user=acting_user)
    for seat in decision.closed_seats.filter(voided_at__isnull=True).select_related("member"):
        clash = CommitteeMember.objects.filter(
            committee=seat.committee_id,
            voided_at__isnull=True,
            ended_on__gt=seat.start_date,
        ).exclude(pk=seat.pk)
        if clash.filter(member=seat.member_id).exists() or (
            seat.position in SINGLE_SEAT and clash.filter(position=seat.position).exists()
        ):
            raise DomainError(
                f"Không mở lại được chức vụ của đồng chí {seat.member.full_name}: đã có người "
                "khác giữ chức vụ này sau đó. Hãy hủy các ghi nhận sau trước.",
                field="reason",
            )
        before = audit.snapshot(seat)
        seat.ended_on, seat.end_decision, seat.end_reason = FOREVER, None, ""
        seat.save(update_fields=["ended_on", "end_decision", "end_reason"])
        audit.record(
            audit.UPDATE,
            user=acting_user,
            obj=seat,
            before=before,
            after=audit.snapshot(seat),
            note=note,
        )


@transaction.atomic
def do_void_seat(seat: CommitteeMember, *, reason: str, acting_user: Any) -> None:
    """Void a seat recorded by mistake (one a decision opened is voided with the decision)."""
    if seat.start_decision_id is not None:
        raise DomainError(
            "Chức vụ này do một quyết định kiện toàn bổ sung; hãy hủy quyết định đó.",
            field="reason",
        )
    if seat.attendances.filter(voided_at__isnull=True).exists():
        raise DomainError(
            "Có phân công dự sinh hoạt chi bộ dựa trên chức vụ này; hãy hủy phân công trước.",
            field="reason",
        )
    do_void(seat, reason=reason, acting_user=acting_user)


@transaction.atomic
def do_void_committee(committee: Committee, *, reason: str, acting_user: Any) -> None:
    """Void a committee opened by mistake; only while nothing is recorded in it."""
    if committee.seats.filter(voided_at__isnull=True).exists():
        raise DomainError(
            "Cơ quan này còn danh sách thành viên; hãy hủy các ghi nhận đó trước.",
            field="reason",
        )
    do_void(committee, reason=reason, acting_user=acting_user)


# --- acting assignments ---------------------------------------------------------------


@transaction.atomic
def do_assign_acting(
    *,
    organisation: Organisation,
    member: Member,
    kind: str,
    post: str,
    start_date: dt.date,
    decision_date: dt.date,
    end_date: dt.date | None = None,
    decision_number: str = "",
    note: str = "",
    acting_user: Any,
) -> ActingAssignment:
    """Give `member` acting responsibility for (or charge of) a post of `organisation`."""
    post = clean(post)
    if kind not in ActingAssignment.Kind.values:
        raise DomainError("Hình thức không có trong danh mục.", field="kind")
    if not post:
        raise DomainError("Hãy nhập chức danh được giao (ví dụ: Bí thư).", field="post")
    _check_past(decision_date, "decision_date")
    _check_past(start_date, "start_date")
    if end_date is not None:
        _check_past(end_date, "end_date")
        if end_date < start_date:
            raise DomainError(
                f"Ngày kết thúc ({fmt_date(end_date)}) trước ngày bắt đầu "
                f"({fmt_date(start_date)}).",
                field="end_date",
            )
    _check_scope(organisation, acting_user)
    _check_active(organisation, start_date, "start_date")
    _check_member_in(member, organisation, start_date)
    clash = (
        ActingAssignment.objects.filter(
            organisation=organisation,
            post__iexact=post,
            voided_at__isnull=True,
            start_date__lte=end_date or FOREVER,
        )
        .exclude(end_date__lt=start_date)
        .select_related("member")
        .first()
    )
    if clash is not None:
        raise DomainError(
            f"Đồng chí {clash.member.full_name} đang được {clash.get_kind_display().lower()} "
            f"{clash.post} «{organisation.name}» từ ngày {fmt_date(clash.start_date)}.",
            field="start_date",
        )
    assignment = ActingAssignment.objects.create(
        organisation=organisation,
        member=member,
        kind=kind,
        post=post,
        start_date=start_date,
        end_date=end_date,
        decision_number=clean(decision_number),
        decision_date=decision_date,
        note=clean_paragraphs(note),
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=assignment, after=audit.snapshot(assignment))
    return assignment


# --- leader evaluations ---------------------------------------------------------------


@transaction.atomic
def do_record_evaluation(
    *,
    position: str,
    reason: str,
    date: dt.date,
    member: Member | None = None,
    person_name: str = "",
    organisation: Organisation | None = None,
    unit: str = "",
    requested_by: str = "",
    document_number: str = "",
    note: str = "",
    acting_user: Any,
) -> LeaderEvaluation:
    """Record the committee's comments on a leader, at another body's request.

    A member of the tree is placed in their organisation on the date; anyone else is
    named, with the organisation where they are members.
    """
    position, person_name = clean(position), clean(person_name)
    if reason not in LeaderEvaluation.Reason.values:
        raise DomainError("Lý do nhận xét không có trong danh mục.", field="reason")
    if not position:
        raise DomainError("Hãy nhập chức vụ của cán bộ được nhận xét.", field="position")
    _check_past(date, "date")
    if member is not None:
        unit_org = member_org(member, date)
        if organisation is not None and organisation.pk != unit_org.pk:
            # The organisation given may be the member's grassroots one: it must hold them.
            _check_member_in(member, organisation, date, "organisation")
        organisation, person_name = unit_org, member.full_name
    elif not person_name:
        raise DomainError(
            "Hãy chọn đảng viên hoặc nhập họ tên cán bộ được nhận xét.", field="person_name"
        )
    elif organisation is None:
        raise DomainError("Hãy chọn tổ chức đảng nơi cán bộ sinh hoạt.", field="organisation")
    _check_scope(organisation, acting_user)
    _check_active(organisation, date, "date")
    evaluation = LeaderEvaluation.objects.create(
        organisation=organisation,
        member=member,
        person_name=person_name,
        position=position,
        unit=clean(unit),
        reason=reason,
        requested_by=clean(requested_by),
        date=date,
        document_number=clean(document_number),
        note=clean_paragraphs(note),
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=evaluation, after=audit.snapshot(evaluation))
    return evaluation


# --- political-standard conclusions ---------------------------------------------------


@transaction.atomic
def do_conclude_political_standard(
    *,
    purpose: str,
    outcome: str,
    date: dt.date,
    member: Member | None = None,
    candidate: AdmissionCandidate | None = None,
    person_name: str = "",
    birth_date: dt.date | None = None,
    organisation: Organisation | None = None,
    unit: str = "",
    document_number: str = "",
    note: str = "",
    acting_user: Any,
) -> PoliticalConclusion:
    """Record a conclusion on a person's political standard.

    The person is a member (placed in their organisation on the date), an admission
    candidate (placed in their cell), or someone else named with birth date and the party
    organisation that asked for the conclusion.
    """
    person_name = clean(person_name)
    if purpose not in PoliticalConclusion.Purpose.values:
        raise DomainError("Mục đích kết luận không có trong danh mục.", field="purpose")
    if outcome not in PoliticalConclusion.Outcome.values:
        raise DomainError("Hãy chọn kết luận: đủ hoặc chưa đủ tiêu chuẩn.", field="outcome")
    _check_past(date, "date")
    if member is not None and candidate is not None:
        raise DomainError("Chọn đảng viên hoặc quần chúng ưu tú, không cả hai.", field="member")
    if member is not None:
        organisation = member_org(member, date)
        person_name, birth_date = member.full_name, member.birth_date
    elif candidate is not None:
        if candidate.registered_on > date:
            raise DomainError(
                f"Quần chúng {candidate.full_name} được đưa vào danh sách ngày "
                f"{fmt_date(candidate.registered_on)}, sau ngày kết luận.",
                field="date",
            )
        organisation = candidate.organisation
        person_name, birth_date = candidate.full_name, candidate.birth_date
    else:
        if not person_name:
            raise DomainError("Hãy nhập họ và tên người được kết luận.", field="person_name")
        if birth_date is None:
            raise DomainError("Hãy nhập ngày sinh người được kết luận.", field="birth_date")
        if organisation is None:
            raise DomainError("Hãy chọn tổ chức đảng đề nghị kết luận.", field="organisation")
    assert birth_date is not None and organisation is not None
    if birth_date >= date:
        raise DomainError("Ngày sinh phải trước ngày kết luận.", field="birth_date")
    _check_scope(organisation, acting_user)
    _check_active(organisation, date, "date")
    conclusion = PoliticalConclusion.objects.create(
        organisation=organisation,
        member=member,
        candidate=candidate,
        person_name=person_name,
        birth_date=birth_date,
        unit=clean(unit),
        purpose=purpose,
        outcome=outcome,
        date=date,
        document_number=clean(document_number),
        note=clean_paragraphs(note),
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=conclusion, after=audit.snapshot(conclusion))
    return conclusion


# --- cell attendance ------------------------------------------------------------------


@transaction.atomic
def do_assign_cell_attendance(
    *,
    member: Member,
    cell: Organisation,
    start_date: dt.date,
    end_date: dt.date | None = None,
    decision_number: str = "",
    note: str = "",
    acting_user: Any,
) -> CellAttendance:
    """Assign a committee member of a higher organisation to attend a cell's meetings."""
    _check_past(start_date, "start_date")
    if end_date is not None:
        _check_past(end_date, "end_date")
        if end_date < start_date:
            raise DomainError(
                f"Ngày kết thúc ({fmt_date(end_date)}) trước ngày bắt đầu "
                f"({fmt_date(start_date)}).",
                field="end_date",
            )
    _check_scope(cell, acting_user, "cell")
    _check_active(cell, start_date, "cell")
    version = version_at(cell, start_date)
    assert version is not None
    if version.kind not in MEETING_KINDS:
        raise DomainError(
            f"«{cell.name}» không phải là chi bộ; chỉ phân công dự sinh hoạt chi bộ.",
            field="cell",
        )
    ancestors = [int(i) for i in version.path.strip("/").split("/")[:-1]]
    seat = (
        CommitteeMember.objects.filter(
            member=member,
            voided_at__isnull=True,
            committee__voided_at__isnull=True,
            committee__kind__in=[CommitteeKind.EXECUTIVE, CommitteeKind.STANDING],
            committee__organisation_id__in=ancestors,
            start_date__lte=start_date,
            ended_on__gt=start_date,
        )
        .select_related("committee__organisation")
        .order_by("-committee__organisation__path")
        .first()
    )
    if seat is None:
        raise DomainError(
            f"Ngày {fmt_date(start_date)} đồng chí {member.full_name} không phải là cấp ủy "
            f"viên của cấp ủy cấp trên «{cell.name}».",
            field="member",
        )
    last = end_date or FOREVER
    if (
        CellAttendance.objects.filter(member=member, cell=cell, voided_at__isnull=True)
        .filter(start_date__lte=last)
        .exclude(end_date__lt=start_date)
        .exists()
    ):
        raise DomainError(
            f"Đồng chí {member.full_name} đã được phân công dự sinh hoạt «{cell.name}» "
            "trong thời gian này.",
            field="start_date",
        )
    attendance = CellAttendance.objects.create(
        member=member,
        seat=seat,
        cell=cell,
        start_date=start_date,
        end_date=end_date,
        decision_number=clean(decision_number),
        note=clean_paragraphs(note),
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=attendance, after=audit.snapshot(attendance))
    return attendance


@transaction.atomic
def do_extend_decision(
    decision: CommitteeDecision,
    *,
    member: Member,
    position: str = "",
    acting_user: Any,
) -> CommitteeMember:
    """Add one more person to a recorded completion decision (an import names one person
    per row): a seat opened from its date, or for a relieving decision the person's open
    seat closed on its date."""
    if decision.voided_at is not None:
        raise DomainError("Quyết định này đã bị hủy.", field="number")
    committee = decision.committee
    _check_scope(committee.organisation, acting_user)
    if decision.kind == CommitteeDecision.Kind.RELIEVE:
        seat = (
            committee.seats.filter(member=member, voided_at__isnull=True, ended_on=FOREVER)
            .select_related("member")
            .first()
        )
        if seat is None:
            raise DomainError(
                f"Đồng chí {member.full_name} không đang giữ chức vụ nào trong {committee}.",
                field="member",
            )
        return _close_seat(
            seat,
            decision.decision_date,
            reason=decision.get_kind_display(),
            decision=decision,
            acting_user=acting_user,
        )
    return _open_seat(
        committee,
        member,
        position,
        decision.decision_date,
        basis=decision.get_kind_display(),
        decision=decision,
        acting_user=acting_user,
    )


@transaction.atomic
def do_end_assignment(
    record: ActingAssignment | CellAttendance, *, end_date: dt.date, acting_user: Any
) -> ActingAssignment | CellAttendance:
    """Record the last day of an open acting or cell-attendance assignment."""
    if record.voided_at is not None:
        raise DomainError("Bản ghi này đã bị hủy.", field="end_date")
    if record.end_date is not None:
        raise DomainError(
            f"Phân công này đã kết thúc ngày {fmt_date(record.end_date)}.", field="end_date"
        )
    _check_past(end_date, "end_date")
    if end_date < record.start_date:
        raise DomainError(
            f"Ngày kết thúc ({fmt_date(end_date)}) trước ngày bắt đầu "
            f"({fmt_date(record.start_date)}).",
            field="end_date",
        )
    org = record.organisation if isinstance(record, ActingAssignment) else record.cell
    _check_scope(org, acting_user, "end_date")
    before = audit.snapshot(record)
    record.end_date = end_date
    record.save(update_fields=["end_date"])
    audit.record(
        audit.UPDATE, user=acting_user, obj=record, before=before, after=audit.snapshot(record)
    )
    return record
