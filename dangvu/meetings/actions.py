"""Every write of a meeting and its attendance goes through one of these functions.

The roll comes from the ledger as of the meeting's day (`dangvu.meetings.roll`): the
recorder only marks who was absent, with or without a reason, and adds the members of
other places who attended temporarily. The meeting, all its attendance lines and its
counts are written in one transaction and recorded in the audit trail. A refusal is a
`DomainError` in Vietnamese naming the field at fault; `acting_user=None` is the system
(imports run as their user, the demo as nobody), whose scope is not checked.

Counts: `required` is the roll's lines marked present, excused or unexcused (exempted and
away members are shown, not required); `present`, `excused`, `unexcused` count those
lines; `guests` counts the lines of members attending temporarily from elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from dangvu.audit import log as audit
from dangvu.core import concurrency
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.fields import LINE_MAX, checked_text
from dangvu.education.voiding import do_void
from dangvu.lib.text import clean, clean_paragraphs
from dangvu.lib.vnformat import fmt_date
from dangvu.meetings.files import checked_upload
from dangvu.meetings.models import (
    REQUIRED,
    AbsenceReason,
    Attendance,
    Meeting,
    MeetingKind,
    Presence,
)
from dangvu.meetings.roll import MEETING_KINDS, RollLine, roll_at
from dangvu.meetings.scoping import meeting_editable_organisations
from dangvu.members.models import Member, MembershipInterval
from dangvu.orgs.kinds import OrgKind
from dangvu.orgs.models import Organisation
from dangvu.orgs.queries import version_at

# What a recorder may mark a member on the roll (the ledger's EXEMPT and AWAY are kept
# as they are, or overridden by one of these when the member came or was expected).
MARKABLE = (Presence.PRESENT, Presence.EXCUSED, Presence.UNEXCUSED)


@dataclass(frozen=True)
class Mark:
    presence: str
    reason: str = ""
    reason_note: str = ""


@dataclass(frozen=True)
class Guest:
    """A member attending temporarily from elsewhere: one of this installation's members
    (`member`), or of another committee by name and home organisation."""

    member: Member | None = None
    name: str = ""
    home: str = ""


@dataclass
class Prepared:
    fields: dict[str, Any]
    lines: list[Attendance]
    counts: dict[str, int]


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "pk", None) else None


def _check_scope(org: Organisation, acting_user: Any) -> None:
    if getattr(acting_user, "pk", None) is None:
        return
    if not meeting_editable_organisations(acting_user).filter(pk=org.pk).exists():
        raise DomainError(
            f"«{org.name}» nằm ngoài phạm vi bạn được ghi sinh hoạt chi bộ.", "organisation"
        )


def _text(value: Any, field: str, what: str, *, lines: bool = False, limit: int = 0) -> str:
    text = clean_paragraphs(str(value or "")) if lines else clean(str(value or ""))
    if limit:
        return checked_text(text, field=field, what=what, limit=limit)
    return checked_text(text, field=field, what=what)


def _mark(value: Any) -> Mark:
    if isinstance(value, Mark):
        return value
    if isinstance(value, str):
        return Mark(value)
    presence, *rest = tuple(value)
    reason = rest[0] if rest else ""
    note = rest[1] if len(rest) > 1 else ""
    return Mark(presence or "", reason or "", note or "")


def kind_label(kind: str) -> str:
    return MeetingKind(kind).label.lower() if kind in MeetingKind.values else kind


def describe(meeting: Meeting) -> str:
    """A meeting as a message names it: «sinh hoạt thường kỳ ngày 05/03/2025 của Chi bộ X»."""
    return (
        f"buổi {kind_label(meeting.kind)} ngày {fmt_date(meeting.date)} của "
        f"{meeting.organisation.name}"
    )


def _check_day(org: Organisation, day: Any) -> None:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise DomainError("Hãy ghi ngày sinh hoạt (dd/mm/yyyy).", "date")
    if day > today():
        raise DomainError(
            f"Ngày {fmt_date(day)} là ngày trong tương lai; chỉ ghi buổi sinh hoạt đã diễn ra.",
            "date",
        )
    if day.year < 1930:
        raise DomainError("Ngày sinh hoạt không hợp lệ; hãy kiểm tra năm.", "date")
    version = version_at(org, day)
    if version is None:
        raise DomainError(
            f"«{org.name}» không hoạt động vào ngày {fmt_date(day)}; hãy kiểm tra ngày sinh hoạt.",
            "date",
        )
    if version.kind not in MEETING_KINDS:
        raise DomainError(
            f"«{org.name}» là {OrgKind(version.kind).label.lower()}: chỉ ghi sinh hoạt của chi "
            "bộ, chi bộ cơ sở, đảng bộ bộ phận và đảng bộ cơ sở.",
            "organisation",
        )


def _check_clashes(
    org: Organisation, day: dt.date, kind: str, exclude: Meeting | None = None
) -> None:
    alive = Meeting.objects.filter(organisation=org, voided_at__isnull=True)
    if exclude is not None:
        alive = alive.exclude(pk=exclude.pk)
    same = alive.filter(date=day, kind=kind).first()
    what = f"Bản đang sửa ({describe(exclude)}) " if exclude is not None else ""
    if same is not None:
        raise DomainError(
            f"{what}trùng với {describe(same)} đã ghi; mỗi tổ chức chỉ ghi một buổi cùng hình "
            "thức trong một ngày. Hãy sửa buổi đã ghi thay vì ghi thêm.",
            "date",
        )
    if kind == MeetingKind.REGULAR:
        other = alive.filter(kind=kind, date__year=day.year, date__month=day.month).first()
        if other is not None:
            raise DomainError(
                f"{what}trùng tháng với {describe(other)}: mỗi tháng chỉ có một buổi sinh hoạt "
                f"thường kỳ. Buổi khác trong tháng {day:%m/%Y} hãy ghi là sinh hoạt chuyên đề "
                "hoặc bất thường.",
                "date",
            )


def _on_roll(who: Member | None, roll: dict[int, RollLine], field: str, what: str) -> None:
    if who is not None and who.pk not in roll:
        raise DomainError(
            f"Đồng chí {who.full_name} không có tên trong danh sách sinh hoạt của tổ chức vào "
            f"ngày này; {what} phải là đảng viên của tổ chức.",
            field,
        )


def prepare(
    org: Organisation,
    *,
    date: dt.date,
    kind: str,
    topic: str = "",
    chaired_by: Member | None = None,
    minutes_by: Member | None = None,
    superior_attendee: Member | None = None,
    superior_attendee_name: str = "",
    decisions: str = "",
    marks: Mapping[int, Any] | None = None,
    guests: Sequence[Guest] = (),
    note: str = "",
    exclude: Meeting | None = None,
) -> Prepared:
    """Check a meeting and build its fields, attendance lines and counts (nothing written)."""
    _check_day(org, date)
    if kind not in MeetingKind.values:
        raise DomainError("Hãy chọn hình thức sinh hoạt trong danh sách.", "kind")
    topic = _text(topic, "topic", "Chuyên đề, nội dung chính", limit=255)
    if kind == MeetingKind.THEMATIC and not topic:
        raise DomainError("Sinh hoạt chuyên đề cần ghi tên chuyên đề.", "topic")
    _check_clashes(org, date, kind, exclude)
    decisions = _text(decisions, "decisions", "Những nội dung chi bộ thống nhất", lines=True)
    note = _text(note, "note", "Ghi chú", lines=True)
    name = _text(superior_attendee_name, "superior_attendee_name", "Cấp ủy cấp trên dự", limit=120)
    if superior_attendee is not None and name:
        raise DomainError(
            "Chọn cấp ủy viên cấp trên dự trong danh sách hoặc ghi tên người khác, không ghi "
            "cả hai.",
            "superior_attendee_name",
        )
    lines = roll_at(org, date)
    roll = {line.member.pk: line for line in lines}
    marks = {int(k): _mark(v) for k, v in (marks or {}).items()}
    strangers = [k for k in marks if k not in roll]
    if strangers:
        names = ", ".join(
            Member.objects.filter(pk__in=strangers)
            .order_by("search_key")
            .values_list("full_name", flat=True)
        ) or ", ".join(str(k) for k in strangers)
        raise DomainError(
            f"Không có tên trong danh sách sinh hoạt của {org.name} ngày {fmt_date(date)}: "
            f"{names}. Đảng viên nơi khác đến dự hãy ghi ở phần sinh hoạt tạm thời.",
            "marks",
        )
    rows: list[Attendance] = []
    for line in lines:
        pk = line.member.pk
        mark = marks.get(pk)
        presence = line.default if mark is None or not mark.presence else mark.presence
        if presence not in Presence.values:
            raise DomainError(
                f"Đồng chí {line.member.full_name}: hãy chọn có mặt, vắng có lý do hoặc vắng "
                "không lý do.",
                f"presence:{pk}",
            )
        if presence not in MARKABLE and presence != line.default:
            label = Presence(presence).label.lower()
            raise DomainError(
                f"Đồng chí {line.member.full_name} không {label} vào ngày {fmt_date(date)} theo "
                "hồ sơ; hãy chọn có mặt, vắng có lý do hoặc vắng không lý do.",
                f"presence:{pk}",
            )
        reason, reason_note = "", ""
        if presence == Presence.EXCUSED:
            reason = mark.reason if mark is not None else ""
            if reason not in AbsenceReason.values:
                raise DomainError(
                    f"Đồng chí {line.member.full_name} vắng có lý do: hãy chọn lý do vắng.",
                    f"reason:{pk}",
                )
            reason_note = _text(
                mark.reason_note if mark is not None else "",
                f"reason_note:{pk}",
                "Lý do vắng",
                limit=255,
            )
            if reason == AbsenceReason.OTHER and not reason_note:
                raise DomainError(
                    f"Đồng chí {line.member.full_name} vắng vì «lý do khác»: hãy ghi rõ lý do.",
                    f"reason_note:{pk}",
                )
        rows.append(
            Attendance(
                member=line.member, presence=presence, reason=reason, reason_note=reason_note
            )
        )
    by_member = {row.member_id: row for row in rows}
    for who, field, what in (
        (chaired_by, "chaired_by", "người chủ trì"),
        (minutes_by, "minutes_by", "thư ký"),
    ):
        _on_roll(who, roll, field, what)
        if who is not None and by_member[who.pk].presence != Presence.PRESENT:
            raise DomainError(
                f"Đồng chí {who.full_name} là {what} nhưng được ghi "
                f"«{by_member[who.pk].get_presence_display().lower()}»; hãy sửa một trong hai.",
                field,
            )
    rows.extend(_guest_rows(org, date, guests, roll))
    on_roll = [r for r in rows if not r.is_guest]
    counts = {
        "required": sum(1 for r in on_roll if r.presence in REQUIRED),
        "present": sum(1 for r in on_roll if r.presence == Presence.PRESENT),
        "excused": sum(1 for r in on_roll if r.presence == Presence.EXCUSED),
        "unexcused": sum(1 for r in on_roll if r.presence == Presence.UNEXCUSED),
        "guests": sum(1 for r in rows if r.is_guest),
    }
    fields = {
        "date": date,
        "kind": kind,
        "topic": topic,
        "chaired_by": chaired_by,
        "minutes_by": minutes_by,
        "superior_attendee": superior_attendee,
        "superior_attendee_name": name,
        "decisions": decisions,
        "note": note,
    }
    return Prepared(fields, rows, counts)


def _guest_rows(
    org: Organisation, day: dt.date, guests: Iterable[Guest], roll: dict[int, RollLine]
) -> list[Attendance]:
    rows: list[Attendance] = []
    members = [g.member for g in guests if g.member is not None]
    on_books = set(
        MembershipInterval.objects.filter(
            member_id__in=[m.pk for m in members], valid_from__lte=day, valid_to__gt=day
        ).values_list("member_id", flat=True)
    )
    seen: set[int] = set()
    for guest in guests:
        if guest.member is not None:
            who = guest.member
            if who.pk in roll:
                raise DomainError(
                    f"Đồng chí {who.full_name} có tên trong danh sách của {org.name}, không phải "
                    "đảng viên sinh hoạt tạm thời.",
                    "guests",
                )
            if who.pk not in on_books:
                raise DomainError(
                    f"Đồng chí {who.full_name} không là đảng viên vào ngày {fmt_date(day)}.",
                    "guests",
                )
            if who.pk in seen:
                raise DomainError(f"Đồng chí {who.full_name} được ghi hai lần.", "guests")
            seen.add(who.pk)
            rows.append(Attendance(member=who, is_guest=True, presence=Presence.PRESENT))
            continue
        name = _text(guest.name, "guests", "Họ và tên đảng viên sinh hoạt tạm thời", limit=120)
        home = _text(guest.home, "guests", "Nơi sinh hoạt chính thức", limit=255)
        if not name:
            raise DomainError("Hãy ghi họ và tên đảng viên sinh hoạt tạm thời.", "guests")
        if not home:
            raise DomainError(f"Hãy ghi nơi sinh hoạt chính thức của đồng chí {name}.", "guests")
        rows.append(
            Attendance(is_guest=True, guest_name=name, guest_from=home, presence=Presence.PRESENT)
        )
    return rows


def _lines_snapshot(rows: Iterable[Attendance]) -> list[list[Any]]:
    return [
        [r.member_id, r.guest_name, r.guest_from, r.is_guest, r.presence, r.reason, r.reason_note]
        for r in rows
    ]


def _summary(counts: Mapping[str, int]) -> str:
    return (
        f"Phải dự {counts['required']}, có mặt {counts['present']}, vắng có lý do "
        f"{counts['excused']}, vắng không lý do {counts['unexcused']}, sinh hoạt tạm thời "
        f"{counts['guests']}."
    )


def _store_file(meeting: Meeting, upload: Any) -> None:
    content = checked_upload(upload, code=meeting.organisation.code, day=meeting.date)
    meeting.minutes_file.save(content.name, content, save=False)


@transaction.atomic
def do_record_meeting(
    org: Organisation,
    *,
    date: dt.date,
    kind: str,
    topic: str = "",
    chaired_by: Member | None = None,
    minutes_by: Member | None = None,
    superior_attendee: Member | None = None,
    superior_attendee_name: str = "",
    decisions: str = "",
    minutes_file: Any = None,
    marks: Mapping[int, Any] | None = None,
    guests: Sequence[Guest] = (),
    note: str = "",
    acting_user: Any,
) -> Meeting:
    """Record a meeting of `org` with its attendance: the roll of the day from the ledger,
    each line present unless `marks` (member id → (presence, reason, reason note)) says
    otherwise, and the guests."""
    _check_scope(org, acting_user)
    prepared = prepare(
        org,
        date=date,
        kind=kind,
        topic=topic,
        chaired_by=chaired_by,
        minutes_by=minutes_by,
        superior_attendee=superior_attendee,
        superior_attendee_name=superior_attendee_name,
        decisions=decisions,
        marks=marks,
        guests=guests,
        note=note,
    )
    meeting = Meeting(
        organisation=org, recorded_by=_user(acting_user), **prepared.fields, **prepared.counts
    )
    if minutes_file:
        _store_file(meeting, minutes_file)
    meeting.save()
    for row in prepared.lines:
        row.meeting = meeting
    Attendance.objects.bulk_create(prepared.lines)
    audit.record(
        audit.CREATE,
        user=acting_user,
        obj=meeting,
        after={**audit.snapshot(meeting), "lines": _lines_snapshot(prepared.lines)},
        note=_summary(prepared.counts),
    )
    return meeting


def current_marks(meeting: Meeting) -> dict[int, Mark]:
    return {
        r.member_id: Mark(r.presence, r.reason, r.reason_note)
        for r in meeting.attendance.filter(is_guest=False, member__isnull=False)
    }


def current_guests(meeting: Meeting) -> list[Guest]:
    return [
        Guest(r.member, r.guest_name, r.guest_from)
        for r in meeting.attendance.filter(is_guest=True).select_related("member")
    ]


def _line_key(r: Attendance) -> tuple[Any, ...]:
    return (
        r.member_id,
        r.guest_name,
        r.guest_from,
        r.is_guest,
        r.presence,
        r.reason,
        r.reason_note,
    )


# What a meeting's correction form shows, stamped so that a concurrent correction is
# refused: its facts, and the counts that any change of its marks moves.
MEETING_STAMPED = (
    "date",
    "kind",
    "topic",
    "chaired_by",
    "minutes_by",
    "superior_attendee",
    "superior_attendee_name",
    "decisions",
    "note",
    "required",
    "present",
    "excused",
    "unexcused",
    "guests",
)


@transaction.atomic
def do_correct_meeting(
    meeting: Meeting,
    *,
    date: dt.date,
    kind: str,
    topic: str = "",
    chaired_by: Member | None = None,
    minutes_by: Member | None = None,
    superior_attendee: Member | None = None,
    superior_attendee_name: str = "",
    decisions: str = "",
    minutes_file: Any = None,
    marks: Mapping[int, Any] | None = None,
    guests: Sequence[Guest] | None = None,
    note: str = "",
    reason: str = "",
    acting_user: Any,
    stamp: str | concurrency.Stamp | None = None,
) -> Meeting:
    """Re-record a meeting: its facts and all its lines, against the roll of its (possibly
    corrected) day. `guests=None` keeps the guests recorded. Refused when void, when the
    change clashes with another meeting (naming both) and when nothing changes.

    `stamp`, when given, is the correction page's stamp of `MEETING_STAMPED`: a value
    changed by someone else since the page was opened refuses the correction with
    `EditConflict`, before the "nothing changed" case.
    """
    meeting = Meeting.objects.select_for_update().select_related("organisation").get(pk=meeting.pk)
    org = meeting.organisation
    _check_scope(org, acting_user)
    if meeting.voided_at is not None:
        raise DomainError("Buổi sinh hoạt này đã bị hủy; không sửa được.", "date")
    if stamp is not None:
        concurrency.check(meeting, stamp, MEETING_STAMPED)
    reason = _text(reason, "reason", "Lý do sửa", lines=True, limit=LINE_MAX)
    prepared = prepare(
        org,
        date=date,
        kind=kind,
        topic=topic,
        chaired_by=chaired_by,
        minutes_by=minutes_by,
        superior_attendee=superior_attendee,
        superior_attendee_name=superior_attendee_name,
        decisions=decisions,
        marks=marks,
        guests=current_guests(meeting) if guests is None else guests,
        note=note,
        exclude=meeting,
    )
    old_lines = list(meeting.attendance.all())
    before = {**audit.snapshot(meeting), "lines": _lines_snapshot(old_lines)}
    same_fields = all(getattr(meeting, k) == v for k, v in prepared.fields.items())
    same_lines = sorted(map(_line_key, old_lines), key=repr) == sorted(
        map(_line_key, prepared.lines), key=repr
    )
    if same_fields and same_lines and not minutes_file:
        raise DomainError(
            f"Chưa có gì khác với {describe(meeting)} đã ghi; hãy sửa những điểm cần sửa rồi "
            "ghi lại.",
            None,
        )
    for key, value in {**prepared.fields, **prepared.counts}.items():
        setattr(meeting, key, value)
    if minutes_file:
        _store_file(meeting, minutes_file)
    meeting.save()
    meeting.attendance.all().delete()
    for row in prepared.lines:
        row.meeting = meeting
    Attendance.objects.bulk_create(prepared.lines)
    note = "Sửa biên bản sinh hoạt. " + _summary(prepared.counts)
    if reason:
        note += f" Lý do sửa: {reason}"
    audit.record(
        audit.UPDATE,
        user=acting_user,
        obj=meeting,
        before=before,
        after={**audit.snapshot(meeting), "lines": _lines_snapshot(prepared.lines)},
        note=note,
    )
    return meeting


@transaction.atomic
def do_void_meeting(meeting: Meeting, *, reason: str, acting_user: Any) -> Meeting:
    """Void a meeting recorded by mistake, with the reason; its attendance counts nowhere."""
    _check_scope(meeting.organisation, acting_user)
    # Re-read under a lock, so that of two simultaneous voids the second sees the first
    # and is refused as already void.
    return do_void(concurrency.locked(meeting), reason=reason, acting_user=acting_user)
