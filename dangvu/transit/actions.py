"""Every write of the transit records goes through one of these functions.

Each checks everything first, then writes in one transaction with its row in the audit
trail; a refusal is a `DomainError` in Vietnamese naming the field at fault and writes
nothing. `acting_user=None` is the system (the demo), whose scope is not checked; a
user must be able to record members in the organisation concerned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction

from dangvu.accounts.scoping import member_editable_organisations
from dangvu.audit import log as audit
from dangvu.core.dates import add_months, add_working_days, today
from dangvu.core.errors import DomainError
from dangvu.core.fields import LINE_MAX, checked_text
from dangvu.core.rules import rule
from dangvu.education.voiding import do_void
from dangvu.lib.text import clean, clean_paragraphs
from dangvu.lib.vnformat import fmt_date
from dangvu.members import actions as member_actions
from dangvu.members.kinds import EventKind
from dangvu.members.models import Member, MemberEvent
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import version_at
from dangvu.transit.models import (
    DUES_MAX,
    Announcement,
    ArrivalConfirmation,
    Sex,
    TemporaryAttendee,
    TemporaryDuesPayment,
)

__all__ = [
    "arrival_deadline",
    "do_announce",
    "do_close_not_coming",
    "do_confirm_arrival",
    "do_end_attendance",
    "do_link_arrival",
    "do_receive_announced",
    "do_register_attendee",
    "do_void",
    "period_bounds",
]


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


def _check_scope(org: Organisation, acting_user: Any, field: str = "organisation") -> None:
    if _user(acting_user) is None:
        return
    if not member_editable_organisations(acting_user).filter(pk=org.pk).exists():
        raise DomainError(
            f"«{org.name}» nằm ngoài phạm vi bạn được ghi đảng viên; hãy chọn tổ chức thuộc "
            "phạm vi của bạn.",
            field=field,
        )


def _line(
    value: Any, field: str, what: str, *, required: bool = True, limit: int = LINE_MAX
) -> str:
    text = checked_text(clean(str(value or "")), field=field, what=what, limit=limit)
    if required and not text:
        raise DomainError(f"Hãy ghi {what[0].lower()}{what[1:]}.", field=field)
    return text


def _paragraph(value: Any, field: str, what: str) -> str:
    return checked_text(clean_paragraphs(str(value or "")), field=field, what=what)


def _not_future(day: dt.date, field: str, what: str) -> None:
    if day > today():
        raise DomainError(
            f"{what} {fmt_date(day)} là ngày trong tương lai; hãy ghi ngày đã xảy ra.",
            field=field,
        )


def _check_org(org: Organisation, day: dt.date) -> None:
    version = version_at(org, day)
    if version is None:
        raise DomainError(
            f"«{org.name}» không hoạt động vào ngày {fmt_date(day)} (đã giải thể, sáp nhập "
            "hoặc chưa thành lập); hãy chọn tổ chức đang hoạt động.",
            field="organisation",
        )
    if version.kind not in member_actions.MEMBER_ORG_KINDS:
        raise DomainError(
            f"Đảng viên sinh hoạt tại chi bộ; «{version.name}» là "
            f"{version.kind_label.lower()}. Hãy chọn chi bộ.",
            field="organisation",
        )


def _sex(value: str) -> str:
    if value not in Sex.values:
        raise DomainError("Hãy chọn giới tính: Nam hoặc Nữ.", field="sex")
    return value


def _birth(birth_date: dt.date, on: dt.date) -> None:
    # A party member is at least 18 when admitted, so younger than that on the paper's
    # date is a typing mistake.
    if add_months(birth_date, 18 * 12) > on:
        raise DomainError(
            f"Ngày sinh {fmt_date(birth_date)}: người này chưa đủ 18 tuổi vào ngày "
            f"{fmt_date(on)}, không thể là đảng viên; hãy kiểm tra lại ngày sinh.",
            field="birth_date",
        )


# --- members transferred out: the deadline and the confirmation of arrival ---------------


def arrival_deadline(paper_date: dt.date, read: Callable[[dt.date], Any] | None = None) -> dt.date:
    """The last day to present the introduction paper at the receiving committee: the
    paper's date plus the rule's working days (holidays, Tết and declared days off skipped).

    A list passes `read` (`rule_reader` of the rule) so the rule's rows are read once.
    """
    value = (read or (lambda on: rule("transit.arrival_working_days", on)))(paper_date)
    return add_working_days(paper_date, int(value["working_days"]))


def paper_date_of(event: MemberEvent) -> dt.date:
    """The date of the transfer's paper: the decision's date, or the event's when none."""
    return event.decision_date or event.date


@transaction.atomic
def do_confirm_arrival(
    event: MemberEvent,
    *,
    learned_on: dt.date,
    notice_number: str,
    receiving_organisation: str,
    note: str = "",
    acting_user: Any,
) -> ArrivalConfirmation:
    """Record that the member transferred out by `event` arrived at the receiving committee."""
    locked = MemberEvent.objects.select_for_update().select_related("member").get(pk=event.pk)
    if locked.kind != EventKind.TRANSFER_OUT or locked.voided_at is not None:
        raise DomainError(
            "Chỉ xác nhận đến nơi mới cho một quyết định chuyển sinh hoạt đi còn hiệu lực.",
            field="learned_on",
        )
    if locked.organisation is None:
        raise DomainError("Quyết định chuyển đi không ghi tổ chức nơi đi.", field="learned_on")
    _check_scope(locked.organisation, acting_user, "learned_on")
    live = locked.arrival_confirmations.filter(voided_at__isnull=True).first()
    if live is not None:
        raise DomainError(
            f"Đã có xác nhận đồng chí {locked.member.full_name} đến nơi mới (ngày "
            f"{fmt_date(live.learned_on)}, số {live.notice_number}); nếu ghi nhầm, hãy hủy "
            "xác nhận đó trước.",
            field="learned_on",
        )
    _not_future(learned_on, "learned_on", "Ngày nhận được thông báo")
    if learned_on < locked.date:
        raise DomainError(
            f"Ngày nhận được thông báo {fmt_date(learned_on)} trước ngày chuyển đi "
            f"{fmt_date(locked.date)}; hãy kiểm tra lại.",
            field="learned_on",
        )
    number = _line(notice_number, "notice_number", "Số giấy báo, thông báo của nơi nhận", limit=60)
    receiving = _line(
        receiving_organisation or locked.external_party,
        "receiving_organisation",
        "Tổ chức đảng nơi nhận",
    )
    confirmation = ArrivalConfirmation(
        event=locked,
        organisation=locked.organisation,
        learned_on=learned_on,
        notice_number=number,
        receiving_organisation=receiving,
        note=_paragraph(note, "note", "Ghi chú"),
        recorded_by=_user(acting_user),
    )
    try:
        with transaction.atomic():
            confirmation.save()
    except IntegrityError:
        raise DomainError(
            "Người khác vừa ghi xác nhận cho quyết định này; hãy tải lại trang.",
            field="learned_on",
        ) from None
    audit.record(
        audit.CREATE, user=acting_user, obj=confirmation, after=audit.snapshot(confirmation)
    )
    return confirmation


# --- members announced as coming ---------------------------------------------------------


@transaction.atomic
def do_announce(
    *,
    full_name: str,
    birth_date: dt.date,
    sex: str,
    from_party: str,
    paper_number: str,
    paper_date: dt.date,
    organisation: Organisation,
    note: str = "",
    acting_user: Any,
) -> Announcement:
    """Record a member announced as coming to `organisation` with an introduction paper."""
    name = _line(full_name, "full_name", "Họ và tên")
    _check_scope(organisation, acting_user)
    _check_org(organisation, min(paper_date, today()))
    _not_future(paper_date, "paper_date", "Ngày giấy giới thiệu")
    _birth(birth_date, paper_date)
    announcement = Announcement.objects.create(
        full_name=checked_text(name, field="full_name", what="Họ và tên", limit=120),
        birth_date=birth_date,
        sex=_sex(sex),
        from_party=_line(from_party, "from_party", "Đảng bộ nơi chuyển đi"),
        paper_number=_line(paper_number, "paper_number", "Số giấy giới thiệu", limit=60),
        paper_date=paper_date,
        organisation=organisation,
        note=_paragraph(note, "note", "Ghi chú"),
        recorded_by=_user(acting_user),
    )
    audit.record(
        audit.CREATE, user=acting_user, obj=announcement, after=audit.snapshot(announcement)
    )
    return announcement


def _lock_open(announcement: Announcement, field: str) -> Announcement:
    locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if locked.voided_at is not None:
        raise DomainError("Thông báo này đã bị hủy; không ghi tiếp được.", field=field)
    if locked.state != Announcement.State.OPEN:
        raise DomainError(
            f"Thông báo này đã kết thúc theo dõi ({locked.get_state_display().lower()}).",
            field=field,
        )
    return locked


@transaction.atomic
def do_close_not_coming(
    announcement: Announcement, *, closed_on: dt.date, reason: str, acting_user: Any
) -> Announcement:
    """Close an announcement whose member will not come, with the reason."""
    locked = _lock_open(announcement, "reason")
    _check_scope(locked.organisation, acting_user, "reason")
    _not_future(closed_on, "closed_on", "Ngày kết thúc theo dõi")
    if closed_on < locked.paper_date:
        raise DomainError(
            f"Ngày kết thúc theo dõi {fmt_date(closed_on)} trước ngày giấy giới thiệu "
            f"{fmt_date(locked.paper_date)}; hãy kiểm tra lại.",
            field="closed_on",
        )
    why = _paragraph(reason, "reason", "Lý do không đến")
    if not why:
        raise DomainError("Hãy ghi lý do đồng chí không đến.", field="reason")
    before = audit.snapshot(locked)
    locked.state = Announcement.State.NOT_COMING
    locked.closed_on = closed_on
    locked.close_reason = why
    locked.save(update_fields=["state", "closed_on", "close_reason"])
    audit.record(
        audit.UPDATE, user=acting_user, obj=locked, before=before, after=audit.snapshot(locked)
    )
    return locked


def _link(locked: Announcement, event: MemberEvent, acting_user: Any) -> Announcement:
    before = audit.snapshot(locked)
    locked.state = Announcement.State.ARRIVED
    locked.arrival = event
    locked.closed_on = event.date
    locked.save(update_fields=["state", "arrival", "closed_on"])
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=locked,
        before=before,
        after=audit.snapshot(locked),
        note=f"Đã tiếp nhận: biến động #{event.pk}",
    )
    return locked


@transaction.atomic
def do_receive_announced(
    announcement: Announcement,
    person: member_actions.Person,
    *,
    organisation: Organisation,
    external_party: str,
    decision: member_actions.Decision,
    party_file: member_actions.PartyFile,
    acting_user: Any,
) -> Member:
    """Record the transfer-in of an announced member and close the announcement with it."""
    locked = _lock_open(announcement, "organisation")
    _check_scope(locked.organisation, acting_user)
    member = member_actions.do_transfer_in(
        person,
        organisation=organisation,
        external_party=external_party,
        decision=decision,
        party_file=party_file,
        acting_user=acting_user,
    )
    event = member.events.filter(kind=EventKind.TRANSFER_IN, voided_at__isnull=True).latest("pk")
    _link(locked, event, acting_user)
    return member


def arrival_candidates(announcement: Announcement) -> list[MemberEvent]:
    """Live transfers-in recorded elsewhere that may be this announced member's arrival:
    the same birth date and the same name (accents and case aside), on or after the paper."""
    from dangvu.lib.text import search_key

    return list(
        MemberEvent.objects.filter(
            kind=EventKind.TRANSFER_IN,
            voided_at__isnull=True,
            date__gte=announcement.paper_date,
            member__birth_date=announcement.birth_date,
            member__search_key=search_key(announcement.full_name),
        )
        .select_related("member", "organisation")
        .order_by("date", "pk")
    )


@transaction.atomic
def do_link_arrival(
    announcement: Announcement, event: MemberEvent, *, acting_user: Any
) -> Announcement:
    """Close an announcement with a transfer-in recorded on the members' page."""
    locked = _lock_open(announcement, "event")
    _check_scope(locked.organisation, acting_user, "event")
    if event.pk not in {e.pk for e in arrival_candidates(locked)}:
        raise DomainError(
            "Biến động này không phải tiếp nhận chuyển đến của người được thông báo (khác họ "
            "tên, ngày sinh hoặc trước ngày giấy giới thiệu).",
            field="event",
        )
    if Announcement.objects.filter(arrival=event).exists():
        raise DomainError("Lần tiếp nhận này đã khớp với một thông báo khác.", field="event")
    return _link(locked, event, acting_user)


# --- members of other committees attending here temporarily -----------------------------


def period_bounds(start: dt.date, purpose: str) -> tuple[dt.date, dt.date, str]:
    """The first and last allowed planned end for a stay starting on `start`, in words too."""
    value = rule("transit.temporary_period", start)
    earliest = add_months(start, int(value["min_months"]))
    if purpose == TemporaryAttendee.Purpose.STUDY:
        months = int(value["study_months"])
        latest = add_months(start, months)
        words = f"từ {value['min_months']} tháng đến {months} tháng (đi học)"
    else:
        months = int(value["below_months"])
        latest = add_months(start, months) - dt.timedelta(days=1)
        words = f"từ {value['min_months']} tháng đến dưới {months} tháng"
    return earliest, latest, words


def dues_default(start: dt.date) -> bool:
    """Whether an attendee starting on `start` pays dues at the host cell, by the rule."""
    return bool(rule("transit.temporary_dues_here", start)["pays_here"])


@transaction.atomic
def do_register_attendee(
    *,
    full_name: str,
    birth_date: dt.date,
    sex: str,
    home_party: str,
    paper_number: str,
    paper_date: dt.date,
    organisation: Organisation,
    purpose: str,
    start_date: dt.date,
    planned_end: dt.date,
    pays_dues_here: bool | None = None,
    note: str = "",
    acting_user: Any,
) -> TemporaryAttendee:
    """Register a member of another committee attending a cell of ours for a while."""
    name = _line(full_name, "full_name", "Họ và tên")
    _check_scope(organisation, acting_user)
    _check_org(organisation, start_date)
    _not_future(paper_date, "paper_date", "Ngày giấy giới thiệu")
    if start_date < paper_date:
        raise DomainError(
            f"Ngày bắt đầu {fmt_date(start_date)} trước ngày giấy giới thiệu "
            f"{fmt_date(paper_date)}; hãy kiểm tra lại.",
            field="start_date",
        )
    _birth(birth_date, start_date)
    if purpose not in TemporaryAttendee.Purpose.values:
        raise DomainError("Hãy chọn lý do: công tác, cư trú hoặc đi học.", field="purpose")
    earliest, latest, words = period_bounds(start_date, purpose)
    if not earliest <= planned_end <= latest:
        raise DomainError(
            f"Thời gian sinh hoạt tạm thời phải {words}: với ngày bắt đầu "
            f"{fmt_date(start_date)}, ngày kết thúc dự kiến phải từ {fmt_date(earliest)} đến "
            f"{fmt_date(latest)}. Ngắn hơn thì không phải giới thiệu sinh hoạt tạm thời; dài "
            "hơn thì chuyển sinh hoạt đảng chính thức.",
            field="planned_end",
        )
    attendee = TemporaryAttendee.objects.create(
        full_name=checked_text(name, field="full_name", what="Họ và tên", limit=120),
        birth_date=birth_date,
        sex=_sex(sex),
        home_party=_line(home_party, "home_party", "Tổ chức đảng nơi sinh hoạt chính thức"),
        paper_number=_line(paper_number, "paper_number", "Số giấy giới thiệu", limit=60),
        paper_date=paper_date,
        organisation=organisation,
        purpose=purpose,
        start_date=start_date,
        planned_end=planned_end,
        pays_dues_here=dues_default(start_date) if pays_dues_here is None else pays_dues_here,
        note=_paragraph(note, "note", "Ghi chú"),
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=attendee, after=audit.snapshot(attendee))
    return attendee


@transaction.atomic
def do_end_attendance(
    attendee: TemporaryAttendee, *, actual_end: dt.date, acting_user: Any
) -> TemporaryAttendee:
    """Record the day an attendee stopped attending (they left, or their paper ended)."""
    locked = TemporaryAttendee.objects.select_for_update().get(pk=attendee.pk)
    if locked.voided_at is not None:
        raise DomainError("Bản ghi này đã bị hủy; không ghi tiếp được.", field="actual_end")
    _check_scope(locked.organisation, acting_user, "actual_end")
    if locked.actual_end is not None:
        raise DomainError(
            f"Đã ghi đồng chí {locked.full_name} thôi sinh hoạt tạm thời từ ngày "
            f"{fmt_date(locked.actual_end)}.",
            field="actual_end",
        )
    _not_future(actual_end, "actual_end", "Ngày thôi sinh hoạt tạm thời")
    if actual_end < locked.start_date:
        raise DomainError(
            f"Ngày thôi sinh hoạt {fmt_date(actual_end)} trước ngày bắt đầu "
            f"{fmt_date(locked.start_date)}; hãy kiểm tra lại.",
            field="actual_end",
        )
    before = audit.snapshot(locked)
    locked.actual_end = actual_end
    locked.save(update_fields=["actual_end"])
    audit.record(
        audit.UPDATE, user=acting_user, obj=locked, before=before, after=audit.snapshot(locked)
    )
    return locked


# --- dues of temporary attendees -------------------------------------------------------


def _check_dues_scope(org: Organisation, acting_user: Any, field: str = "attendee") -> None:
    """Refuse a real user who may not record dues at the host cell (the dues editors'
    scope, as for the members' payments); the system (no user) may."""
    from dangvu.dues.scoping import dues_editable_organisations

    if _user(acting_user) is None:
        return
    if not dues_editable_organisations(acting_user).filter(pk=org.pk).exists():
        raise DomainError(
            f"«{org.name}» nằm ngoài phạm vi bạn được ghi đảng phí; chỉ người ghi đảng phí "
            "của chi bộ nơi đến hoặc cấp trên của chi bộ đó được ghi.",
            field=field,
        )


def _fmt_money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


@transaction.atomic
def do_record_temporary_dues(
    attendee: TemporaryAttendee,
    *,
    month: dt.date,
    amount: int,
    paid_on: dt.date,
    receipt: str = "",
    note: str = "",
    acting_user: Any,
) -> TemporaryDuesPayment:
    """Record what an attendee paid at the host cell for `month` (its first day).

    Only for an attendee who pays here, for a month some day of which falls within the
    stay, once per month: the attendee's row is locked first, so two clerks recording the
    same month at once are served one after the other and the second is refused naming
    the first. Never a member's payment: no figure of the members' dues counts it.
    """
    locked = (
        TemporaryAttendee.objects.select_for_update()
        .select_related("organisation")
        .get(pk=attendee.pk)
    )
    if locked.voided_at is not None:
        raise DomainError(
            "Bản ghi sinh hoạt tạm thời này đã bị hủy; không ghi đảng phí được.", field="attendee"
        )
    _check_dues_scope(locked.organisation, acting_user)
    if not locked.pays_dues_here:
        raise DomainError(
            f"Đồng chí {locked.full_name} đóng đảng phí tại nơi sinh hoạt chính thức "
            f"({locked.home_party}), không đóng tại {locked.organisation.name}. Nếu giấy giới "
            "thiệu ghi khác, hãy hủy bản ghi sinh hoạt tạm thời và ghi lại cho đúng.",
            field="attendee",
        )
    month = month.replace(day=1)
    last_of_month = add_months(month, 1) - dt.timedelta(days=1)
    if last_of_month < locked.start_date or month > locked.last_day:
        raise DomainError(
            f"Tháng {month:%m/%Y} nằm ngoài thời gian đồng chí {locked.full_name} sinh hoạt "
            f"tạm thời tại chi bộ (từ {fmt_date(locked.start_date)} đến hết "
            f"{fmt_date(locked.last_day)}); hãy chọn một tháng trong khoảng đó.",
            field="month",
        )
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= DUES_MAX:
        raise DomainError(
            f"Số tiền phải là số đồng chẵn, lớn hơn 0 và không quá {_fmt_money(DUES_MAX)}.",
            field="amount",
        )
    _not_future(paid_on, "paid_on", "Ngày nộp")
    found = (
        TemporaryDuesPayment.objects.filter(attendee=locked, month=month, voided_at__isnull=True)
        .select_related("recorded_by")
        .first()
    )
    if found is not None:
        who = found.recorded_by.get_username() if found.recorded_by else "hệ thống"
        raise DomainError(
            f"Đồng chí {locked.full_name} đã nộp đảng phí tháng {month:%m/%Y}: "
            f"{_fmt_money(found.amount)}, ngày {fmt_date(found.paid_on)}, do {who} ghi. Nếu "
            "khoản đó sai, hãy hủy nó trước rồi ghi lại.",
            field="month",
        )
    payment = TemporaryDuesPayment.objects.create(
        attendee=locked,
        organisation=locked.organisation,
        month=month,
        amount=amount,
        paid_on=paid_on,
        receipt=_line(receipt, "receipt", "Số phiếu thu", required=False, limit=40),
        note=_paragraph(note, "note", "Ghi chú"),
        recorded_by=_user(acting_user),
    )
    audit.record(audit.CREATE, user=acting_user, obj=payment, after=audit.snapshot(payment))
    return payment


@transaction.atomic
def do_void_temporary_dues(
    payment: TemporaryDuesPayment, *, reason: str, acting_user: Any
) -> TemporaryDuesPayment:
    """Void a payment with its reason (the first entry stays on record)."""
    _check_dues_scope(payment.organisation, acting_user, field="reason")
    return do_void(payment, reason=reason, acting_user=acting_user)
