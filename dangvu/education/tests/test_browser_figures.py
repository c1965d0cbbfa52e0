"""An officer records a conference and a study return; the organisation's figures change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from dangvu.education import actions
from dangvu.members.tests.factories import existing

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def test_recording_changes_the_figures(
    live_server: Any, browser_page: Any, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    for _ in range(4):
        existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1))
    resolution = actions.do_create_resolution(
        name="Nghị quyết Hội nghị Trung ương 8",
        number="45-NQ/TW",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=dt.date(2023, 11, 24),
        term="khóa XIII",
        acting_user=None,
    )
    page = browser_page
    with time_machine.travel(dt.datetime(2024, 6, 1, 9, 0), tick=True):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill("tochuc_gk1")
        page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")

        page.goto(f"{live_server.url}/orgs/GK1/")
        figures = page.get_by_test_id("year-figures")
        assert figures.locator('[data-code="education.info_conferences"]').inner_text() == "0"

        page.goto(f"{live_server.url}/education/conferences/new/")
        page.get_by_label("Loại").select_option("INFO")
        page.get_by_label("Tên hội nghị, hoạt động").fill("Hội nghị thông tin tháng 5")
        page.get_by_label("Đơn vị tổ chức (mã hoặc tên)").fill("GK1")
        page.get_by_label("Ngày tổ chức").fill("2024-05-20")
        page.get_by_label("Số lượt tham dự").fill("120")
        page.get_by_role("button", name="Ghi").click()
        page.wait_for_load_state()

        page.goto(f"{live_server.url}/education/resolutions/{resolution.pk}/")
        page.get_by_label("Tổ chức báo cáo (mã hoặc tên)").fill("C11")
        page.get_by_label("Ngày học tập, quán triệt").fill("2024-05-25")
        page.get_by_label("Số đảng viên tham gia").fill("3")
        page.get_by_label("Tổng số đảng viên").fill("4")
        page.get_by_role("button", name="Ghi").click()
        page.wait_for_load_state()

        page.goto(f"{live_server.url}/orgs/GK1/")
        figures = page.get_by_test_id("year-figures")
        assert figures.locator('[data-code="education.info_conferences"]').inner_text() == "1"
        assert (
            figures.locator('[data-code="education.info_conference_attendance"]').inner_text()
            == "120"
        )
        assert figures.locator('[data-code="education.study.members_pct"]').inner_text() == "75%"
