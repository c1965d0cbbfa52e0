"""A cell's secretary records this month's meeting on a phone (390 px): opens «Ghi buổi
sinh hoạt», finds the roll of today present by default, taps one member absent with a
reason and one absent without, saves with one «Ghi» and sees the meeting's roll; the page
is one column, without horizontal scrolling."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.meetings.models import Attendance, Meeting, Presence
from dangvu.meetings.tests.helpers import cell_members

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def login(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/")


def no_horizontal_scroll(page: Any) -> None:
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > 391)"
        ".map(e => e.tagName + '#' + e.id).slice(0, 8)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide


def test_a_cell_secretary_records_a_meeting_on_a_phone(
    live_server: Any, browser_page: Any, tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    an, binh, cuong = cell_members(
        tree["C21"], ("Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Phương Nguyên")
    )
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server.url, "bithu_c21")
    started = dt.datetime.now()
    page.goto(f"{live_server.url}/meetings/ghi/")
    rows = page.get_by_test_id("roll-row")
    rows.first.wait_for()
    assert rows.count() == 3
    no_horizontal_scroll(page)

    binh_row = rows.filter(has_text="Trần Thị Bình")
    excused = binh_row.locator("label", has_text="Vắng có lý do")
    box = excused.bounding_box()
    assert box is not None and box["height"] >= 40
    excused.click()
    binh_row.get_by_label("Lý do vắng").select_option("SICK")
    rows.filter(has_text="Lê Hoàng Phương Nguyên").locator(
        "label", has_text="Vắng không lý do"
    ).click()
    no_horizontal_scroll(page)
    page.get_by_test_id("save").click()
    page.get_by_test_id("counts").wait_for()
    assert (dt.datetime.now() - started).total_seconds() < 60
    assert "tỷ lệ dự" in page.get_by_test_id("counts").inner_text()
    no_horizontal_scroll(page)

    meeting = Meeting.objects.get()
    assert meeting.organisation == tree["C21"] and meeting.kind == "REGULAR"
    assert (meeting.required, meeting.present, meeting.excused, meeting.unexcused) == (3, 1, 1, 1)
    lines = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    assert lines[an.pk].presence == Presence.PRESENT
    assert (lines[binh.pk].presence, lines[binh.pk].reason) == (Presence.EXCUSED, "SICK")
    assert lines[cuong.pk].presence == Presence.UNEXCUSED
