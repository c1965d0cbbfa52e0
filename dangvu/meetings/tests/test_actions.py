"""Recording, correcting and voiding a meeting: every refusal, the counts, the audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangvu.audit.models import AuditEvent
from dangvu.core.errors import DomainError
from dangvu.meetings import actions
from dangvu.meetings.actions import Guest, Mark
from dangvu.meetings.models import Attendance, Meeting, MeetingKind, Presence
from dangvu.meetings.tests.helpers import cell_members
from dangvu.members.actions import Decision, do_exempt_member
from dangvu.members.tests.factories import existing

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 3, 5)


@pytest.fixture
def files(settings: Any, tmp_path: Any) -> Any:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


@pytest.fixture
def people(tree: Any) -> list[Any]:
    return cell_members(tree["C11"])


def record(org: Any, **kw: Any) -> Meeting:
    kw.setdefault("date", DAY)
    kw.setdefault("kind", MeetingKind.REGULAR)
    return actions.do_record_meeting(org, acting_user=kw.pop("acting_user", None), **kw)


def refused(match: str, org: Any, **kw: Any) -> DomainError:
    with pytest.raises(DomainError, match=match) as info:
        record(org, **kw)
    return info.value


class TestRecord:
    def test_it_writes_the_roll_with_marks_and_counts(self, tree: Any, people: list[Any]) -> None:
        an, binh, cuong, dung = people
        do_exempt_member(dung, decision=Decision(dt.date(2023, 1, 1)), acting_user=None)
        guest = existing(tree["C12"], dt.date(2020, 1, 1), dt.date(2010, 5, 1), "Khách Văn Em")
        meeting = record(
            tree["C11"],
            chaired_by=an,
            minutes_by=binh,
            marks={binh.pk: (Presence.PRESENT, "", ""), cuong.pk: ("EXCUSED", "SICK", "")},
            guests=[Guest(member=guest), Guest(name="Võ Thị Hoa", home="Đảng bộ tỉnh Gia Lai")],
            decisions="Thống nhất kế hoạch tháng 3.",
        )
        lines = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
        assert lines[an.pk].presence == Presence.PRESENT
        assert lines[cuong.pk].reason == "SICK"
        assert lines[dung.pk].presence == Presence.EXEMPT
        assert lines[guest.pk].is_guest
        assert (meeting.required, meeting.present, meeting.excused, meeting.unexcused) == (
            3,
            2,
            1,
            0,
        )
        assert meeting.guests == 2 and meeting.attendance.count() == 6
        event = AuditEvent.objects.get(object_type="meeting", object_id=str(meeting.pk))
        assert event.action == "create" and "Phải dự 3, có mặt 2" in event.note

    def test_an_exempt_member_who_came_counts_as_required(
        self, tree: Any, people: list[Any]
    ) -> None:
        dung = people[3]
        do_exempt_member(dung, decision=Decision(dt.date(2023, 1, 1)), acting_user=None)
        meeting = record(tree["C11"], marks={dung.pk: Mark(Presence.PRESENT)})
        assert (meeting.required, meeting.present) == (4, 4)

    def test_refusals_name_the_field(self, tree: Any, people: list[Any]) -> None:
        an, binh, *_ = people
        stranger = existing(tree["C12"], dt.date(2020, 1, 1), dt.date(2010, 5, 1), "Ngoài Văn Xa")
        assert refused("tương lai", tree["C11"], date=dt.date(2099, 1, 1)).field == "date"
        assert refused("không hoạt động", tree["C11"], date=dt.date(2019, 1, 1)).field == "date"
        assert refused("chỉ ghi sinh hoạt", tree["BLOC"]).field == "organisation"
        assert refused("hình thức", tree["C11"], kind="WEEKLY").field == "kind"
        assert refused("tên chuyên đề", tree["C11"], kind="THEMATIC").field == "topic"
        error = refused("chọn lý do", tree["C11"], marks={an.pk: ("EXCUSED", "", "")})
        assert error.field == f"reason:{an.pk}"
        error = refused("ghi rõ lý do", tree["C11"], marks={an.pk: ("EXCUSED", "OTHER", "")})
        assert error.field == f"reason_note:{an.pk}"
        error = refused("Ngoài Văn Xa", tree["C11"], marks={stranger.pk: ("PRESENT",)})
        assert error.field == "marks"
        assert refused("người chủ trì", tree["C11"], chaired_by=stranger).field == "chaired_by"
        error = refused("thư ký", tree["C11"], minutes_by=binh, marks={binh.pk: ("UNEXCUSED",)})
        assert error.field == "minutes_by"
        assert refused("theo hồ sơ", tree["C11"], marks={an.pk: ("EXEMPT",)})
        assert refused("có tên trong danh sách", tree["C11"], guests=[Guest(member=an)])
        assert refused("nơi sinh hoạt chính thức", tree["C11"], guests=[Guest(name="Hoa")])
        assert refused(
            "không ghi cả hai", tree["C11"], superior_attendee=an, superior_attendee_name="X"
        )
        assert not Meeting.objects.exists()

    def test_a_second_regular_meeting_in_the_month_is_refused_naming_the_first(
        self, tree: Any, people: list[Any]
    ) -> None:
        record(tree["C11"])
        error = refused("05/03/2024", tree["C11"], date=dt.date(2024, 3, 20))
        assert "mỗi tháng chỉ có một buổi" in error.message
        record(tree["C11"], date=dt.date(2024, 3, 20), kind="THEMATIC", topic="Học tập Nghị quyết")
        assert "trùng với" in refused("05/03/2024", tree["C11"], kind="REGULAR").message
        error = refused(
            "20/03/2024", tree["C11"], date=dt.date(2024, 3, 20), kind="THEMATIC", topic="X"
        )
        assert "trùng với" in error.message

    def test_scope_is_checked_for_a_user(self, tree: Any, cast: Any, people: list[Any]) -> None:
        assert refused("phạm vi", tree["C11"], acting_user=cast["cell"]).field == "organisation"
        assert refused("phạm vi", tree["C11"], acting_user=cast["viewer"])
        assert record(tree["C11"], acting_user=cast["grassroots"]).recorded_by == cast["grassroots"]


class TestMinutesFile:
    def test_a_pdf_is_stored_under_a_name_made_here(
        self, tree: Any, people: list[Any], files: Any
    ) -> None:
        upload = SimpleUploadedFile("bien ban.html", b"%PDF-1.7\n...", "text/html")
        meeting = record(tree["C11"], minutes_file=upload)
        assert meeting.minutes_file.name.startswith("bien-ban-sinh-hoat/2024/03/C11-20240305-")
        assert meeting.minutes_file.name.endswith(".pdf")

    def test_content_not_a_scan_is_refused_whatever_its_name(
        self, tree: Any, people: list[Any], files: Any
    ) -> None:
        upload = SimpleUploadedFile("scan.pdf", b"<html><script>x</script>", "application/pdf")
        assert refused("PDF, JPEG hoặc PNG", tree["C11"], minutes_file=upload).field == (
            "minutes_file"
        )
        big = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * (10 * 1024 * 1024))
        assert refused("10 MB", tree["C11"], minutes_file=big).field == "minutes_file"


class TestCorrect:
    def test_it_re_records_the_lines_and_audits_both_sides(
        self, tree: Any, people: list[Any]
    ) -> None:
        an, binh, *_ = people
        meeting = record(tree["C11"])
        actions.do_correct_meeting(
            meeting,
            date=DAY,
            kind="REGULAR",
            marks={an.pk: ("UNEXCUSED",), binh.pk: ("EXCUSED", "MISSION", "")},
            reason="Ghi thiếu người vắng",
            acting_user=None,
        )
        meeting.refresh_from_db()
        assert (meeting.present, meeting.excused, meeting.unexcused) == (2, 1, 1)
        assert meeting.attendance.get(member=an).presence == Presence.UNEXCUSED
        event = AuditEvent.objects.filter(object_id=str(meeting.pk), action="update").get()
        assert event.before["present"] == 4 and event.after["present"] == 2
        assert "Ghi thiếu người vắng" in event.note

    def test_nothing_changed_is_refused_not_silently_accepted(
        self, tree: Any, people: list[Any]
    ) -> None:
        meeting = record(tree["C11"], topic="Kế hoạch quý")
        with pytest.raises(DomainError, match="Chưa có gì khác"):
            actions.do_correct_meeting(
                meeting,
                date=DAY,
                kind="REGULAR",
                topic="Kế hoạch quý",
                marks=actions.current_marks(meeting),
                acting_user=None,
            )

    def test_a_clash_with_another_meeting_names_both(self, tree: Any, people: list[Any]) -> None:
        record(tree["C11"])
        other = record(tree["C11"], date=dt.date(2024, 4, 2))
        with pytest.raises(DomainError) as info:
            actions.do_correct_meeting(
                other, date=dt.date(2024, 3, 28), kind="REGULAR", acting_user=None
            )
        assert "02/04/2024" in info.value.message and "05/03/2024" in info.value.message


class TestVoid:
    def test_a_void_meeting_frees_its_month_and_cannot_be_corrected(
        self, tree: Any, people: list[Any], cast: Any
    ) -> None:
        meeting = record(tree["C11"])
        with pytest.raises(DomainError, match="phạm vi"):
            actions.do_void_meeting(meeting, reason="Ghi nhầm", acting_user=cast["cell"])
        with pytest.raises(DomainError, match="lý do hủy"):
            actions.do_void_meeting(meeting, reason=" ", acting_user=None)
        actions.do_void_meeting(meeting, reason="Ghi nhầm ngày", acting_user=cast["grassroots"])
        assert AuditEvent.objects.filter(object_id=str(meeting.pk), action="void").exists()
        record(tree["C11"], date=dt.date(2024, 3, 6))
        with pytest.raises(DomainError, match="đã bị hủy"):
            actions.do_correct_meeting(meeting, date=DAY, kind="REGULAR", acting_user=None)
