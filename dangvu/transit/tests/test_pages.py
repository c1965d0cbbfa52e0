"""The transit pages: the pending lists' page, the menu, and junk where the walks do not go."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dangvu.transit.models import Announcement
from dangvu.transit.tests.helpers import announce, attendee, transferred_out

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(dt.datetime(2025, 3, 20, 9, 0), tick=False):
        yield


@pytest.mark.parametrize("junk", ["", "abc", "-1", "9" * 40, "1.5", "\x00", "12 OR 1=1"])
def test_junk_event_numbers_never_close_an_announcement(
    tree: dict[str, Any], cast: dict[str, Any], junk: str
) -> None:
    announcement = announce(tree["C11"], dt.date(2025, 3, 3))
    client = Client()
    client.force_login(cast["grassroots"])
    answer = client.post(reverse("transit:link", args=[announcement.pk]), {"event": junk})
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert "Hãy chọn một lần tiếp nhận" in page
    announcement.refresh_from_db()
    assert announcement.state == Announcement.State.OPEN


def test_an_unrelated_transfer_in_is_refused_as_the_arrival(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    from dangvu.members import actions as member_actions
    from dangvu.members.tests.factories import person

    announcement = announce(tree["C11"], dt.date(2025, 3, 3))
    other = member_actions.do_transfer_in(
        person("Người Khác Hẳn", dt.date(1979, 1, 1)),
        organisation=tree["C11"],
        external_party="Đảng bộ tỉnh Nghệ An",
        decision=member_actions.Decision(dt.date(2025, 3, 12)),
        party_file=member_actions.PartyFile(dt.date(2010, 1, 1), None, dt.date(2011, 1, 1), ""),
        acting_user=None,
    )
    client = Client()
    client.force_login(cast["grassroots"])
    event = other.events.get(kind="TRANSFER_IN")
    answer = client.post(reverse("transit:link", args=[announcement.pk]), {"event": event.pk})
    assert "không phải tiếp nhận chuyển đến" in client.get(answer["Location"]).content.decode()
    announcement.refresh_from_db()
    assert announcement.state == Announcement.State.OPEN


def test_the_page_gathers_the_three_lists_of_the_subtree(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    transferred_out(tree["C11"], dt.date(2025, 1, 24), "Người Đi Quá Hạn")
    transferred_out(tree["C21"], dt.date(2025, 1, 24), "Người Đi Của GK2")
    announce(tree["C12"], dt.date(2025, 3, 3), "Người Sắp Đến")
    attendee(tree["C13"], dt.date(2024, 12, 20), dt.date(2025, 4, 1), "Người Sắp Về")
    client = Client()
    client.force_login(cast["grassroots"])
    page = client.get(reverse("transit:due")).content.decode()
    for name in ("Người Đi Quá Hạn", "Người Sắp Đến", "Người Sắp Về", "quá hạn 6 ngày"):
        assert name in page, name
    assert "Người Đi Của GK2" not in page
    assert "Ghi xác nhận" in page and "Ghi nhận chuyển đến" in page
    # A viewer sees the lists but not the buttons that record.
    client.force_login(cast["viewer"])
    page = client.get(reverse("transit:due")).content.decode()
    assert "Người Đi Của GK2" in page and "Ghi xác nhận" not in page


def test_the_menu_leads_to_the_pages(cast: dict[str, Any]) -> None:
    client = Client()
    client.force_login(cast["grassroots"])
    page = client.get(reverse("core:home")).content.decode()
    for name in ("transit:due", "transit:announcements", "transit:attendees"):
        assert f'href="{reverse(name)}"' in page, name


def test_the_meeting_form_fills_in_the_registered_attendees_of_the_day(
    tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    from dangvu.meetings.models import Attendance, Meeting

    attendee(tree["C11"], dt.date(2024, 12, 20), dt.date(2025, 4, 1), "Người Đến Họp")
    attendee(tree["C11"], dt.date(2024, 11, 1), dt.date(2025, 3, 1), "Người Đã Hết Hạn")
    client = Client()
    client.force_login(cast["grassroots"])
    url = reverse("meetings:cell", args=["C11"])
    page = client.get(url, {"ngay": "05/03/2025"}).content.decode()
    assert 'value="Người Đến Họp"' in page and "Người Đã Hết Hạn" not in page
    assert "không tính vào số đảng viên phải dự" in page
    answer = client.post(
        url,
        {
            "date": "05/03/2025",
            "kind": "REGULAR",
            "khach_1": "Người Đến Họp",
            "khach_noi_1": "Chi bộ Trường Đại học Y Hà Nội, Đảng bộ Bộ Y tế",
            "khach_2": "",
            "khach_noi_2": "",
        },
    )
    assert answer.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.guests == 1 and meeting.required == 0
    assert Attendance.objects.get(meeting=meeting, is_guest=True).guest_name == "Người Đến Họp"


def test_the_home_pages_due_groups_name_what_is_pending(tree: dict[str, Any]) -> None:
    from dangvu.core.due import due_for

    transferred_out(tree["C11"], dt.date(2025, 1, 24), "Người Đi Quá Hạn")
    transferred_out(tree["C11"], dt.date(2024, 1, 24), "Người Đi Năm Trước")
    announce(tree["C12"], dt.date(2025, 3, 3), "Người Sắp Đến")
    attendee(tree["C13"], dt.date(2024, 12, 20), dt.date(2025, 4, 1), "Người Sắp Về")
    attendee(tree["C21"], dt.date(2024, 12, 20), dt.date(2025, 4, 1), "Người Của GK2")
    groups = {g.key: g for g in due_for(tree["GK1"], dt.date(2025, 3, 20))}
    out = groups["transit_out"]
    assert out.count == 2 and out.overdue == 2
    names = [line.text.split(" — ")[0] for line in out.lines]
    assert names == ["Người Đi Năm Trước", "Người Đi Quá Hạn"]  # the older deadline first
    assert out.url.startswith(reverse("transit:due")) and out.url.endswith("#chuyen-di")
    assert [line.text.split(" — ")[0] for line in groups["transit_in"].lines] == ["Người Sắp Đến"]
    assert not groups["transit_in"].overdue
    ending = groups["transit_ending"]
    assert [line.text.split(" — ")[0] for line in ending.lines] == ["Người Sắp Về"]
    assert ending.lines[0].due == dt.date(2025, 4, 1)
