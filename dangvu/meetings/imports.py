"""Importing meetings and their attendance, each row through the same actions as the
pages (`dangvu.meetings.actions`), so the roll of the day, the month's one regular
meeting, the scope and the reasons for absence are checked alike.

A «meetings» row records a meeting with everyone on the roll present; the
«meeting-attendance» rows then mark the members who were absent (or confirm those
present), one member per row, each a correction of the meeting's lines. The same row
again is «đã có (không đổi)». The whole file is written or nothing.
"""

from __future__ import annotations

from typing import Any

from dangvu.core.errors import DomainError
from dangvu.core.importing import Column, Context, ImportKind, RowError, register
from dangvu.dues.imports import MEMBER_COLUMNS, MemberIndex
from dangvu.lib.text import clean, search_key
from dangvu.lib.vnformat import fmt_date
from dangvu.meetings import actions
from dangvu.meetings.models import AbsenceReason, Meeting, MeetingKind, Presence
from dangvu.meetings.roll import assigned_attendee, roll_at
from dangvu.members.models import Member
from dangvu.orgs.models import Organisation

KINDS = tuple(MeetingKind.choices)
MARKS = tuple((v, label) for v, label in Presence.choices if v in actions.MARKABLE)
REASONS = tuple(AbsenceReason.choices)


def _organisation(row: dict[str, Any], ctx: Context) -> Organisation:
    org = ctx.organisation(row["organisation"], "Tổ chức đảng", row["date"])
    if not ctx.in_scope(org.pk):
        raise RowError(f"«{org.name}» nằm ngoài phạm vi của bạn.", "Tổ chức đảng")
    return org


def _raise(error: DomainError, columns: dict[str, str]) -> None:
    field = (error.field or "").split(":", 1)[0]
    raise RowError(error.message, columns.get(field)) from None


# --- meetings -----------------------------------------------------------------------------

MEETING_ROWS = (
    Column("Tổ chức đảng", "organisation", "org", required=True, example="DBK.01.02"),
    Column("Ngày sinh hoạt", "date", "date", required=True, example="05/03/2025"),
    Column(
        "Hình thức",
        "kind",
        "choice",
        required=True,
        choices=KINDS,
        example=MeetingKind.REGULAR.label,
    ),
    Column(
        "Chuyên đề, nội dung chính",
        "topic",
        example="Học tập, quán triệt Nghị quyết",
        help="Bắt buộc với sinh hoạt chuyên đề.",
    ),
    Column("Chủ trì", "chair", example="Nguyễn Văn An", help="Họ và tên, có trong danh sách."),
    Column("Thư ký", "secretary", example="Trần Thị Bình", help="Họ và tên, có trong danh sách."),
    Column(
        "Cấp ủy cấp trên dự",
        "superior",
        example="Lê Văn Cường",
        help="Họ và tên cấp ủy viên cấp trên dự; để trống nếu không có.",
    ),
    Column("Những nội dung chi bộ thống nhất", "decisions"),
    Column("Ghi chú", "note"),
)
MEETING_COLUMNS = {
    "organisation": "Tổ chức đảng",
    "date": "Ngày sinh hoạt",
    "kind": "Hình thức",
    "topic": "Chuyên đề, nội dung chính",
    "chaired_by": "Chủ trì",
    "minutes_by": "Thư ký",
    "superior_attendee_name": "Cấp ủy cấp trên dự",
    "decisions": "Những nội dung chi bộ thống nhất",
    "note": "Ghi chú",
}


def _on_roll(name: str, people: list[Member], column: str) -> Member | None:
    if not name:
        return None
    key = search_key(name)
    found = [m for m in people if m.full_name == name] or [m for m in people if m.search_key == key]
    if not found:
        raise RowError(
            f"Không có đồng chí {name} trong danh sách sinh hoạt của tổ chức ngày này.", column
        )
    if len(found) > 1:
        raise RowError(f"Danh sách có hai đồng chí tên {name}; hãy ghi trên trang.", column)
    return found[0]


def _same_meeting(meeting: Meeting, values: dict[str, Any]) -> bool:
    return all(getattr(meeting, k) == v for k, v in values.items())


def apply_meeting(row: dict[str, Any], ctx: Context) -> str:
    org = _organisation(row, ctx)
    day, kind = row["date"], row["kind"]
    people = [line.member for line in roll_at(org, day)]
    chair = _on_roll(clean(row.get("chair")), people, "Chủ trì")
    secretary = _on_roll(clean(row.get("secretary")), people, "Thư ký")
    superior_name = clean(row.get("superior"))
    superior = None
    assigned = assigned_attendee(org, day)
    if assigned is not None and superior_name and search_key(superior_name) == assigned.search_key:
        superior, superior_name = assigned, ""
    values = {
        "topic": clean(row.get("topic")),
        "chaired_by": chair,
        "minutes_by": secretary,
        "superior_attendee": superior,
        "superior_attendee_name": superior_name,
        "decisions": row.get("decisions") or "",
        "note": row.get("note") or "",
    }
    existing = Meeting.objects.filter(
        organisation=org, date=day, kind=kind, voided_at__isnull=True
    ).first()
    if existing is not None:
        if _same_meeting(existing, values):
            return "unchanged"
        raise RowError(
            f"Đã có {actions.describe(existing)} với nội dung khác; muốn sửa hãy sửa trên trang "
            "của buổi sinh hoạt.",
            "Ngày sinh hoạt",
        )
    try:
        actions.do_record_meeting(org, date=day, kind=kind, acting_user=ctx.user, **values)
    except DomainError as error:
        _raise(error, MEETING_COLUMNS)
    return "created"


MEETING_KIND = ImportKind(
    code="meetings",
    label="Buổi sinh hoạt chi bộ",
    description=(
        "Mỗi dòng là một buổi sinh hoạt của một chi bộ (hoặc chi bộ cơ sở, đảng bộ bộ phận, "
        "đảng bộ cơ sở): ngày, hình thức, chuyên đề, người chủ trì, thư ký, cấp ủy cấp trên "
        "dự và những nội dung thống nhất. Danh sách đảng viên lấy theo hồ sơ ngày sinh hoạt, "
        "mọi người được ghi có mặt; người vắng ghi bằng mẫu nhập điểm danh."
    ),
    columns=MEETING_ROWS,
    apply=apply_meeting,
    notes=(
        "Each row goes through the same action as the meeting page: the organisation must "
        "exist that day and be of a kind that meets, the date may not be in the future, a "
        "thematic meeting needs its topic, and an organisation has one regular meeting a "
        "month (a second is refused naming the first).",
        "The chair and the minutes taker are named as on the roll of the day; the superior "
        "attendee, when it is the committee member assigned to the cell that day, is linked "
        "to them, otherwise kept as the name written.",
        "The roll is the ledger's on that day, everyone present; import the attendance next "
        "to mark the absent. A meeting already recorded with the same values is «đã có (không "
        "đổi)»; with other values it is refused (correct it on its page).",
    ),
)


# --- attendance ---------------------------------------------------------------------------

ATTENDANCE_ROWS = (
    Column("Tổ chức đảng", "organisation", "org", required=True, example="DBK.01.02"),
    Column("Ngày sinh hoạt", "date", "date", required=True, example="05/03/2025"),
    Column(
        "Hình thức",
        "kind",
        "choice",
        choices=KINDS,
        help="Cần khi tổ chức có hai buổi sinh hoạt cùng ngày.",
    ),
    *MEMBER_COLUMNS,
    Column(
        "Tình hình dự",
        "presence",
        "choice",
        required=True,
        choices=MARKS,
        example=Presence.EXCUSED.label,
    ),
    Column(
        "Lý do vắng",
        "reason",
        "choice",
        choices=REASONS,
        example=AbsenceReason.SICK.label,
        help="Bắt buộc khi vắng có lý do.",
    ),
    Column("Ghi rõ lý do", "reason_note", help="Bắt buộc với «lý do khác»."),
)
ATTENDANCE_COLUMNS = {
    "presence": "Tình hình dự",
    "reason": "Lý do vắng",
    "reason_note": "Ghi rõ lý do",
    "marks": "Họ và tên",
    "date": "Ngày sinh hoạt",
    "organisation": "Tổ chức đảng",
    "chaired_by": "Tình hình dự",
    "minutes_by": "Tình hình dự",
}


def _meeting_of(row: dict[str, Any], org: Organisation) -> Meeting:
    found = Meeting.objects.filter(organisation=org, date=row["date"], voided_at__isnull=True)
    if row.get("kind"):
        found = found.filter(kind=row["kind"])
    meetings = list(found.select_related("organisation")[:2])
    if not meetings:
        raise RowError(
            f"{org.name} chưa có buổi sinh hoạt ngày {fmt_date(row['date'])}; hãy nhập buổi "
            "sinh hoạt trước (mẫu «Buổi sinh hoạt chi bộ»).",
            "Ngày sinh hoạt",
        )
    if len(meetings) > 1:
        raise RowError(
            f"{org.name} có hai buổi sinh hoạt ngày {fmt_date(row['date'])}; hãy ghi hình thức.",
            "Hình thức",
        )
    return meetings[0]


def apply_attendance(row: dict[str, Any], ctx: Context) -> str:
    org = _organisation(row, ctx)
    meeting = _meeting_of(row, org)
    index = MemberIndex()
    index.load([row])
    member = index.find(row, ctx, scoped=False)
    marks = actions.current_marks(meeting)
    if member.pk not in marks:
        raise RowError(
            f"Đồng chí {member.full_name} không có tên trong danh sách "
            f"{actions.describe(meeting)}.",
            "Họ và tên",
        )
    presence = row["presence"]
    reason = row.get("reason") or "" if presence == Presence.EXCUSED else ""
    note = clean(row.get("reason_note")) if presence == Presence.EXCUSED else ""
    mark = actions.Mark(presence, reason, note)
    if marks[member.pk] == mark:
        return "unchanged"
    marks[member.pk] = mark
    try:
        actions.do_correct_meeting(
            meeting,
            date=meeting.date,
            kind=meeting.kind,
            topic=meeting.topic,
            chaired_by=meeting.chaired_by,
            minutes_by=meeting.minutes_by,
            superior_attendee=meeting.superior_attendee,
            superior_attendee_name=meeting.superior_attendee_name,
            decisions=meeting.decisions,
            marks=marks,
            note=meeting.note,
            reason="Nhập điểm danh từ tệp",
            acting_user=ctx.user,
        )
    except DomainError as error:
        _raise(error, ATTENDANCE_COLUMNS)
    return "created"


ATTENDANCE_KIND = ImportKind(
    code="meeting-attendance",
    label="Điểm danh sinh hoạt chi bộ",
    description=(
        "Mỗi dòng là tình hình dự của một đảng viên trong danh sách một buổi sinh hoạt đã "
        "ghi: có mặt, vắng có lý do (kèm lý do) hoặc vắng không có lý do. Đảng viên tìm theo "
        "số CCCD, hoặc họ tên và ngày sinh."
    ),
    columns=ATTENDANCE_ROWS,
    apply=apply_attendance,
    notes=(
        "The meeting is found by organisation and date (and kind, when two meetings fall on "
        "one day); it must have been recorded first. The member must be on that meeting's "
        "roll (the ledger's on that day); members attending from elsewhere are added on the "
        "meeting's page.",
        "Each row corrects the meeting's lines through the same action as its page (audited, "
        "counts rewritten); a row that changes nothing is «đã có (không đổi)». An absence "
        "with a reason needs the reason, and «lý do khác» its note; the chair and the "
        "minutes taker cannot be marked absent.",
    ),
)

register(MEETING_KIND)
register(ATTENDANCE_KIND)
