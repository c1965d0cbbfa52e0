"""The pages that record meetings: choosing the cell, the cell's meeting page, the
meeting's page with its correction and void, the list, the minutes' file."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.concurrency import stamp
from dangvu.meetings import actions
from dangvu.meetings.models import Attendance, Meeting, Presence
from dangvu.meetings.tests.helpers import cell_members

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


def _login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def _post(people: list[Any], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"date": "05/03/2024", "kind": "REGULAR"}
    for p in people:
        data[f"dd_{p.pk}"] = "PRESENT"
    return data | extra


class TestRecordPage:
    def test_a_secretary_of_one_cell_goes_straight_to_it(self, client: Client, cast: Any) -> None:
        _login(client, cast["cell"])
        response = client.get(reverse("meetings:record"))
        assert response.status_code == 302 and response.url.endswith("/chi-bo/C21/")

    def test_a_committee_secretary_chooses_among_its_cells(self, client: Client, cast: Any) -> None:
        _login(client, cast["grassroots"])
        page = client.get(reverse("meetings:record")).content.decode()
        assert "Chi bộ Văn phòng Sở Y tế" in page and "Chi bộ Văn phòng Sở Tài chính" not in page
        page = client.get(reverse("meetings:record") + "?q=Khoa").content.decode()
        assert "Chi bộ Khoa Nội" in page and "Chi bộ Thanh tra" not in page

    def test_a_viewer_records_nothing(self, client: Client, cast: Any) -> None:
        _login(client, cast["viewer"])
        assert client.get(reverse("meetings:record")).status_code == 404


class TestCellPage:
    def test_the_roll_is_recorded_with_marks_in_one_post(
        self, client: Client, cast: Any, people: list[Any]
    ) -> None:
        _login(client, cast["grassroots"])
        url = reverse("meetings:cell", args=["C11"]) + "?ngay=05/03/2024"
        page = client.get(url).content.decode()
        assert page.count('data-testid="roll-row"') == 4
        an, binh, cuong, _ = people
        response = client.post(
            url,
            _post(
                people,
                **{
                    f"dd_{binh.pk}": "EXCUSED",
                    f"ly_do_{binh.pk}": "SICK",
                    f"dd_{cuong.pk}": "UNEXCUSED",
                    "chaired_by": str(an.pk),
                    "khach_1": "Võ Thị Hoa",
                    "khach_noi_1": "Đảng bộ tỉnh Gia Lai",
                },
            ),
        )
        meeting = Meeting.objects.get()
        assert response.status_code == 302 and response.url == meeting.get_absolute_url()
        assert (meeting.required, meeting.present, meeting.excused, meeting.unexcused) == (
            4,
            2,
            1,
            1,
        )
        assert meeting.guests == 1 and meeting.chaired_by == an
        assert Attendance.objects.get(member=binh).reason == "SICK"

    def test_a_guest_of_this_committee_is_named_by_identity_number(
        self, client: Client, cast: Any, people: list[Any], tree: Any
    ) -> None:
        (guest,) = cell_members(tree["C12"], ("Khách Văn Em",))
        guest.identity_number = "052085009999"
        guest.save(update_fields=["identity_number"])
        _login(client, cast["grassroots"])
        url = reverse("meetings:cell", args=["C11"])
        response = client.post(url, _post(people, khach_cccd_1="052085000000"))
        assert "Không tìm thấy đảng viên có số CCCD 052085000000" in response.content.decode()
        response = client.post(url, _post(people, khach_cccd_1="052085009999"))
        meeting = Meeting.objects.get()
        assert response.status_code == 302 and meeting.guests == 1
        assert meeting.attendance.get(is_guest=True).member == guest

    def test_a_refusal_is_shown_beside_the_member(
        self, client: Client, cast: Any, people: list[Any]
    ) -> None:
        _login(client, cast["grassroots"])
        binh = people[1]
        url = reverse("meetings:cell", args=["C11"])
        response = client.post(url, _post(people, **{f"dd_{binh.pk}": "EXCUSED"}))
        assert response.status_code == 200
        assert "vắng có lý do: hãy chọn lý do vắng" in response.content.decode()
        assert not Meeting.objects.exists()

    def test_junk_is_refused_in_vietnamese(self, client: Client, cast: Any, people: Any) -> None:
        _login(client, cast["grassroots"])
        url = reverse("meetings:cell", args=["C11"])
        for junk in (
            {"date": "32/13/2024", "kind": "X"},
            {"date": "05/03/2024", "kind": "REGULAR", "chaired_by": "999999"},
            {"date": "\x00", "kind": ["REGULAR", "THEMATIC"]},
        ):
            response = client.post(url, junk)
            assert response.status_code == 200
        assert client.get(url + "?ngay=xx").status_code == 200
        assert not Meeting.objects.exists()

    def test_another_organisations_cell_is_neither_seen_nor_recorded(
        self, client: Client, cast: Any, people: list[Any], tree: Any
    ) -> None:
        _login(client, cast["cell"])
        url = reverse("meetings:cell", args=["C11"])
        assert client.get(url).status_code == 404
        assert client.post(url, _post(people)).status_code == 404
        _login(client, cast["viewer"])
        assert client.get(url).status_code == 200
        assert client.post(url, _post(people)).status_code == 404


class TestMeetingPage:
    def test_it_shows_the_roll_and_corrects_and_voids(
        self, client: Client, cast: Any, people: list[Any], tree: Any
    ) -> None:
        an = people[0]
        meeting = actions.do_record_meeting(tree["C11"], date=DAY, kind="REGULAR", acting_user=None)
        _login(client, cast["grassroots"])
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert page.count('data-testid="line"') == 4 and "100%" in page
        url = reverse("meetings:correct", args=[meeting.pk])
        # The stamp of the meeting as the page shows it (see core.concurrency).
        seen = stamp(meeting, actions.MEETING_STAMPED)
        response = client.post(url, _post(people, stamp=seen, **{f"dd_{an.pk}": "UNEXCUSED"}))
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.unexcused == 1
        # The same again changes nothing: said, not silently accepted.
        seen = stamp(meeting, actions.MEETING_STAMPED)
        response = client.post(url, _post(people, stamp=seen, **{f"dd_{an.pk}": "UNEXCUSED"}))
        assert "Chưa có gì khác" in response.content.decode()
        response = client.post(reverse("meetings:void", args=[meeting.pk]), {"reason": "Nhầm"})
        meeting.refresh_from_db()
        assert response.status_code == 302 and meeting.is_void

    def test_the_list_filters_and_exports(
        self, client: Client, cast: Any, people: list[Any], tree: Any
    ) -> None:
        actions.do_record_meeting(tree["C11"], date=DAY, kind="REGULAR", acting_user=None)
        actions.do_record_meeting(
            tree["C11"], date=DAY, kind="THEMATIC", topic="Học tập Nghị quyết", acting_user=None
        )
        _login(client, cast["grassroots"])
        url = reverse("meetings:meetings")
        page = client.get(url + "?to_chuc=C11&hinh_thuc=THEMATIC").content.decode()
        assert "Học tập Nghị quyết" in page and "thường kỳ (hằng tháng)</td>" not in page
        assert client.get(url + "?xuat=xlsx").status_code == 200
        _login(client, cast["cell"])
        assert "Học tập Nghị quyết" not in client.get(url).content.decode()


class TestMinutesFile:
    def test_the_file_is_served_only_to_those_who_see_the_meeting(
        self, client: Client, cast: Any, people: list[Any], tree: Any, files: Any
    ) -> None:
        _login(client, cast["grassroots"])
        url = reverse("meetings:cell", args=["C11"])
        with open(files / "scan.png", "wb") as handle:
            handle.write(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
        with open(files / "scan.png", "rb") as upload:
            response = client.post(url, _post(people, minutes_file=upload))
        meeting = Meeting.objects.get()
        assert response.status_code == 302 and meeting.minutes_file.name.endswith(".png")
        response = client.get(reverse("meetings:file", args=[meeting.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
        _login(client, cast["cell"])
        assert client.get(reverse("meetings:file", args=[meeting.pk])).status_code == 404

    def test_an_html_page_named_like_a_scan_is_refused(
        self, client: Client, cast: Any, people: list[Any], files: Any
    ) -> None:
        _login(client, cast["grassroots"])
        with open(files / "scan.pdf", "wb") as handle:
            handle.write(b"<html><script>alert(1)</script></html>")
        with open(files / "scan.pdf", "rb") as upload:
            response = client.post(
                reverse("meetings:cell", args=["C11"]), _post(people, minutes_file=upload)
            )
        assert "PDF, JPEG hoặc PNG" in response.content.decode()
        assert not Meeting.objects.exists()
        assert Presence.PRESENT  # the roll kept its marks


class TestMemberPanel:
    def test_a_members_last_twelve_months_show_on_their_page(
        self, client: Client, cast: Any, people: list[Any], tree: Any
    ) -> None:
        an = people[0]
        actions.do_record_meeting(
            tree["C11"],
            date=dt.date.today() - dt.timedelta(days=20),
            kind="EXTRAORDINARY",
            marks={an.pk: ("UNEXCUSED",)},
            acting_user=None,
        )
        actions.do_record_meeting(
            tree["C11"], date=dt.date(2020, 3, 5), kind="REGULAR", acting_user=None
        )
        _login(client, cast["grassroots"])
        page = client.get(reverse("members:detail", args=[an.pk])).content.decode()
        assert "vắng không lý do <strong>1</strong>" in page
        assert "có mặt 0" in page
