"""The pages that record meetings: choosing the organisation, its meeting page (made for a
cell secretary's phone: the roll of the day with one tap per absent member, one «Ghi»),
the meeting's page with its correction and void, and its scanned minutes (served only
here, to those who see the meeting)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangvu.accounts.scoping import get_org_for_user, visible_members
from dangvu.audit.log import record as audit_record
from dangvu.audit.models import AuditEvent
from dangvu.core import listing
from dangvu.core.concurrency import StampForm, form_labels
from dangvu.core.dateinput import VNDateField
from dangvu.core.dates import today
from dangvu.core.errors import DomainError, EditConflict
from dangvu.core.fields import limit_fields
from dangvu.meetings import actions
from dangvu.meetings.files import content_type_of
from dangvu.meetings.models import AbsenceReason, Meeting, MeetingKind, Presence
from dangvu.meetings.records import MEETINGS
from dangvu.meetings.roll import MEETING_KINDS, RollLine, assigned_attendee, roll_at
from dangvu.meetings.scoping import (
    can_change_meeting,
    can_record_meetings,
    meeting_editable_organisations,
)
from dangvu.members.models import Member
from dangvu.orgs.forms import DomainForm
from dangvu.orgs.models import Organisation
from dangvu.transit.models import TemporaryAttendee
from dangvu.transit.queries import attendees_at

GUEST_ROWS = 2
MARKS = [
    (Presence.PRESENT, "Có mặt"),
    (Presence.EXCUSED, "Vắng có lý do"),
    (Presence.UNEXCUSED, "Vắng không lý do"),
]
REASONS = [("", "— Lý do vắng —"), *AbsenceReason.choices]


class MeetingForm(DomainForm):
    """A meeting and the marks of its roll: one row per member of the roll (present by
    default; a tap marks them absent with or without a reason), the guests, who chaired,
    who took the minutes, the superior's attendee, the decisions and the scan."""

    date = VNDateField(label="Ngày sinh hoạt")
    kind = djforms.ChoiceField(label="Hình thức", choices=MeetingKind.choices)
    topic = djforms.CharField(label="Chuyên đề, nội dung chính", required=False, max_length=255)
    chaired_by = djforms.ChoiceField(label="Chủ trì", required=False)
    minutes_by = djforms.ChoiceField(label="Thư ký", required=False)
    superior_attendee = djforms.ChoiceField(label="Cấp ủy viên cấp trên dự", required=False)
    superior_attendee_name = djforms.CharField(
        label="Hoặc ghi tên cấp ủy cấp trên dự", required=False, max_length=120
    )
    decisions = djforms.CharField(
        label="Những nội dung chi bộ thống nhất",
        required=False,
        widget=djforms.Textarea(attrs={"rows": 3}),
    )
    minutes_file = djforms.FileField(
        label="Biên bản (bản chụp PDF, JPEG, PNG, đến 10 MB)",
        required=False,
        widget=djforms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    note = djforms.CharField(
        label="Ghi chú", required=False, widget=djforms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        lines: list[RollLine],
        attendee: Member | None,
        guests: int = GUEST_ROWS,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        people = [("", "—"), *[(str(line.member.pk), line.member.full_name) for line in lines]]
        self.fields["chaired_by"].choices = people
        self.fields["minutes_by"].choices = people
        superiors = [("", "— Không có —")]
        if attendee is not None:
            superiors.append((str(attendee.pk), attendee.full_name))
        self.fields["superior_attendee"].choices = superiors
        self.rows: list[dict[str, Any]] = []
        for line in lines:
            pk = line.member.pk
            choices = list(MARKS)
            if line.default not in (Presence.PRESENT,):
                choices.insert(0, (line.default, Presence(line.default).label))
            self.fields[f"dd_{pk}"] = djforms.ChoiceField(
                label=line.member.full_name,
                choices=choices,
                initial=line.default,
                widget=djforms.RadioSelect(attrs={"class": "btn-check"}),
            )
            self.fields[f"ly_do_{pk}"] = djforms.ChoiceField(
                label="Lý do vắng", choices=REASONS, required=False
            )
            self.fields[f"ghi_ro_{pk}"] = djforms.CharField(
                label="Ghi rõ lý do", required=False, max_length=255
            )
        self.guest_rows = guests
        for i in range(1, guests + 1):
            self.fields[f"khach_{i}"] = djforms.CharField(
                label="Họ và tên", required=False, max_length=120
            )
            self.fields[f"khach_noi_{i}"] = djforms.CharField(
                label="Nơi sinh hoạt chính thức", required=False, max_length=255
            )
            self.fields[f"khach_cccd_{i}"] = djforms.CharField(
                label="Hoặc số CCCD (đảng viên trong Đảng bộ)", required=False, max_length=12
            )
        limit_fields(self)
        for f in self.fields.values():
            widget = f.widget
            if isinstance(widget, djforms.RadioSelect):
                continue
            if isinstance(widget, djforms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
        for line in lines:
            pk = line.member.pk
            self.rows.append(
                {
                    "line": line,
                    "presence": self[f"dd_{pk}"],
                    "reason": self[f"ly_do_{pk}"],
                    "reason_note": self[f"ghi_ro_{pk}"],
                    "errors": [],
                }
            )

    def guest_fields(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"khach_{i}"], self[f"khach_noi_{i}"], self[f"khach_cccd_{i}"])
            for i in range(1, self.guest_rows + 1)
        ]

    def has_guest_errors(self) -> bool:
        return any(name.startswith("khach") for name in self.errors)

    def member(self, name: str) -> Member | None:
        value = self.cleaned_data.get(name)
        if not value:
            return None
        roll = {str(line.member.pk): line.member for line in self.lines}
        if value in roll:
            return roll[value]
        return Member.objects.filter(pk=int(value)).first()

    def marks(self) -> dict[int, actions.Mark]:
        d = self.cleaned_data
        return {
            line.member.pk: actions.Mark(
                d.get(f"dd_{line.member.pk}") or line.default,
                d.get(f"ly_do_{line.member.pk}") or "",
                d.get(f"ghi_ro_{line.member.pk}") or "",
            )
            for line in self.lines
        }

    def guests(self) -> list[actions.Guest]:
        d = self.cleaned_data
        found = []
        for i in range(1, self.guest_rows + 1):
            name, home = d.get(f"khach_{i}") or "", d.get(f"khach_noi_{i}") or ""
            number = "".join((d.get(f"khach_cccd_{i}") or "").split())
            if number:
                # A member of this installation, found within the user's reach.
                member = visible_members(self.user).filter(identity_number=number).first()
                if member is None:
                    raise DomainError(
                        f"Không tìm thấy đảng viên có số CCCD {number} trong phạm vi của bạn; "
                        "đảng viên nơi khác hãy ghi họ tên và nơi sinh hoạt chính thức.",
                        f"khach_cccd_{i}",
                    )
                found.append(actions.Guest(member=member))
            elif name.strip() or home.strip():
                found.append(actions.Guest(name=name, home=home))
        return found

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "date": d["date"],
            "kind": d["kind"],
            "topic": d.get("topic") or "",
            "chaired_by": self.member("chaired_by"),
            "minutes_by": self.member("minutes_by"),
            "superior_attendee": self.member("superior_attendee"),
            "superior_attendee_name": d.get("superior_attendee_name") or "",
            "decisions": d.get("decisions") or "",
            "minutes_file": d.get("minutes_file") or None,
            "marks": self.marks(),
            "note": d.get("note") or "",
        }

    def show_error(self, error: DomainError) -> None:
        field = error.field or ""
        if ":" in field:
            what, pk = field.split(":", 1)
            name = {"presence": "dd_", "reason": "ly_do_", "reason_note": "ghi_ro_"}.get(what, "")
            field = f"{name}{pk}"
        if field == "guests" and self.guest_rows:
            field = "khach_cccd_1" if "CCCD" in error.message else "khach_1"
        if field in self.fields:
            self.add_error(field, error.message)
        else:
            self.add_error(None, error.message)

    def collect_row_errors(self) -> None:
        for row in self.rows:
            pk = row["line"].member.pk
            row["errors"] = [
                str(e)
                for name in (f"dd_{pk}", f"ly_do_{pk}", f"ghi_ro_{pk}")
                for e in self.errors.get(name, [])
            ]


class CorrectionForm(MeetingForm):
    reason = djforms.CharField(label="Lý do sửa", required=False, max_length=255)
    # The meeting as the page showed it, so that a correction saved meanwhile by someone
    # else is refused rather than overwritten; set by `correction_form`.
    stamp_form: StampForm | None = None


def _posted_day(request: HttpRequest, default: dt.date) -> dt.date:
    """The day whose roll a page shows: the posted date, else `?ngay=`, else `default`."""
    text = request.POST.get("date") or request.GET.get("ngay") or ""
    day = listing.date_within(str(text), *listing.date_bounds()) if text else None
    return day if day is not None and day <= today() else default


# --- choosing the organisation --------------------------------------------------------


@login_required
@require_GET
def record(request: HttpRequest) -> HttpResponse:
    """The organisations whose meetings the user records; one alone opens at once."""
    orgs = meeting_editable_organisations(request.user).filter(
        kind__in=MEETING_KINDS, ended_on__isnull=True
    )
    if not orgs.exists():
        raise Http404("Không có quyền ghi sinh hoạt chi bộ")
    q = " ".join(str(request.GET.get("q", "")).replace("\x00", "")[:100].split())
    if q:
        orgs = orgs.filter(Q(code__icontains=q) | Q(name__icontains=q))
    shown = list(orgs.order_by("path")[:101])
    if len(shown) == 1 and not q:
        return redirect("meetings:cell", code=shown[0].code)
    return render(
        request,
        "meetings/record.html",
        {"orgs": shown[:100], "more": len(shown) > 100, "q": q},
    )


# --- the meeting page of an organisation ----------------------------------------------


def _form_for(
    request: HttpRequest, org: Organisation, day: dt.date, form_class: type[MeetingForm], **kw: Any
) -> MeetingForm:
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    return form_class(
        data,
        files,
        user=request.user,
        lines=roll_at(org, day),
        attendee=kw.pop("attendee", None) or assigned_attendee(org, day),
        **kw,
    )


def _guest_rows(request: HttpRequest, registered: int) -> int:
    """Guest rows enough for the registered attendees and one more, and for every row
    posted (a date changed on the form may have fewer attendees than rows typed)."""
    posted = sum(1 for key in request.POST if key.startswith("khach_noi_"))
    return max(GUEST_ROWS, registered + 1, posted)


def _registered_guests(registered: list[TemporaryAttendee]) -> dict[str, str]:
    initial: dict[str, str] = {}
    for i, person in enumerate(registered, start=1):
        initial |= {f"khach_{i}": person.full_name, f"khach_noi_{i}": person.home_party}
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def cell(request: HttpRequest, code: str) -> HttpResponse:
    """A cell's (or a committee's) meeting on a phone: the date (today by default), the
    kind, the roll of the day present by default, one «Ghi» for all."""
    org = get_org_for_user(request, code.upper())
    may_record = can_record_meetings(request.user, org)
    if request.method == "POST" and not may_record:
        raise Http404("Không có quyền ghi sinh hoạt của tổ chức này")
    day = _posted_day(request, today())
    attendee = assigned_attendee(org, day)
    # Members of other committees registered as attending here that day (dangvu.transit):
    # their guest rows come filled in, and the recorder clears the row of one who did not
    # come, so a guest line is their presence and its absence their absence.
    registered = attendees_at(org, day)
    form = None
    if may_record:
        form = _form_for(
            request,
            org,
            day,
            MeetingForm,
            attendee=attendee,
            guests=_guest_rows(request, len(registered)),
            initial={
                "date": day,
                "kind": MeetingKind.REGULAR,
                "superior_attendee": str(attendee.pk) if attendee else "",
                **_registered_guests(registered),
            },
        )
        if form.is_bound and form.is_valid():
            try:
                meeting = actions.do_record_meeting(
                    org, guests=form.guests(), acting_user=request.user, **form.values()
                )
            except DomainError as error:
                form.show_error(error)
            else:
                messages.success(
                    request,
                    f"Đã ghi {actions.describe(meeting)}: có mặt {meeting.present}/"
                    f"{meeting.required}, vắng có lý do {meeting.excused}, vắng không lý do "
                    f"{meeting.unexcused}.",
                )
                return redirect(meeting)
        if form.is_bound:
            form.collect_row_errors()
    recent = list(
        Meeting.objects.filter(organisation=org, voided_at__isnull=True).order_by("-date")[:6]
    )
    lines = form.lines if form is not None else roll_at(org, day)
    return render(
        request,
        "meetings/cell.html",
        {
            "org": org,
            "day": day,
            "form": form,
            "lines": lines,
            "attendee": attendee,
            "registered": registered,
            "recent": recent,
            "meets": bool(lines) or may_record,
        },
    )


# --- a meeting's page, its correction, its void and its file --------------------------


def correction_form(request: HttpRequest, meeting: Meeting) -> CorrectionForm:
    """The correction form of `meeting`, showing what was recorded."""
    marks = actions.current_marks(meeting)
    guests = [g for g in actions.current_guests(meeting) if g.member is None]
    initial: dict[str, Any] = {
        "date": meeting.date,
        "kind": meeting.kind,
        "topic": meeting.topic,
        "chaired_by": str(meeting.chaired_by_id or ""),
        "minutes_by": str(meeting.minutes_by_id or ""),
        "superior_attendee": str(meeting.superior_attendee_id or ""),
        "superior_attendee_name": meeting.superior_attendee_name,
        "decisions": meeting.decisions,
        "note": meeting.note,
    }
    for pk, mark in marks.items():
        initial |= {f"dd_{pk}": mark.presence, f"ly_do_{pk}": mark.reason}
        initial[f"ghi_ro_{pk}"] = mark.reason_note
    for i, guest in enumerate(guests, start=1):
        initial |= {f"khach_{i}": guest.name, f"khach_noi_{i}": guest.home}
    day = _posted_day(request, meeting.date)
    attendee = meeting.superior_attendee or assigned_attendee(meeting.organisation, day)
    form = _form_for(
        request,
        meeting.organisation,
        day,
        CorrectionForm,
        attendee=attendee,
        guests=len(guests) + 1,
        initial=initial,
    )
    assert isinstance(form, CorrectionForm)
    form.stamp_form = StampForm(
        request.POST if request.method == "POST" else None,
        instance=meeting,
        fields=actions.MEETING_STAMPED,
        labels=form_labels(form),
    )
    return form


def meeting_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    lines = list(meeting.attendance.select_related("member"))
    return {
        "lines": [a for a in lines if not a.is_guest],
        "guest_lines": [a for a in lines if a.is_guest],
        "file_url": (reverse("meetings:file", args=[meeting.pk]) if meeting.minutes_file else ""),
        "correction": (
            correction_form(request, meeting)
            if can_change_meeting(request.user, meeting) and request.method == "GET"
            else None
        ),
    }


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = MEETINGS.get(request, pk)
    if not can_change_meeting(request.user, meeting):
        raise Http404("Không có quyền sửa buổi sinh hoạt này")
    form = correction_form(request, meeting)
    stamp_form = form.stamp_form
    assert stamp_form is not None
    stamp_valid = stamp_form.is_valid()
    if form.is_valid() and stamp_valid:
        existing_guests = [g for g in actions.current_guests(meeting) if g.member is not None]
        try:
            actions.do_correct_meeting(
                meeting,
                guests=existing_guests + form.guests(),
                reason=form.cleaned_data.get("reason") or "",
                acting_user=request.user,
                stamp=stamp_form.seen(),
                **form.values(),
            )
        except EditConflict as error:
            # Shown at the top with what the clerk typed, and a stamp of the meeting as it
            # is now, so that a second submit after reading goes through.
            stamp_form.renew(error)
        except DomainError as error:
            form.show_error(error)
        else:
            messages.success(request, "Đã sửa biên bản sinh hoạt; bản trước vẫn lưu trong lịch sử.")
            return redirect(meeting)
    form.collect_row_errors()
    from dangvu.core.records import detail_page

    return detail_page(request, MEETINGS, meeting, correction=form)


@login_required
@require_GET
def minutes_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's scanned minutes, to those who see the meeting, as a download."""
    meeting = MEETINGS.get(request, pk)
    if not meeting.minutes_file:
        raise Http404("Buổi sinh hoạt này chưa có bản chụp biên bản")
    try:
        handle = meeting.minutes_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Không tìm thấy tệp biên bản trong kho lưu trữ") from None
    name = meeting.minutes_file.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, content_type=content_type_of(name))
    response["Content-Disposition"] = f'attachment; filename="{quote(name)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    audit_record(
        AuditEvent.Action.EXPORT,
        request=request,
        obj=meeting,
        note=f"Tải bản chụp biên bản {name}",
    )
    return response
