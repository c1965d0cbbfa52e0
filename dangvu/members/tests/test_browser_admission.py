"""A secretary admits a candidate, confirms them a year later, and finds them unaccented."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from dangvu.members import candidates
from dangvu.members.tests.factories import person
from dangvu.personnel.actions import do_conclude_political_standard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def login(page: Any, url: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("bithu_gk1")
    page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/")


def test_admit_confirm_and_find(
    live_server: Any, browser_page: Any, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    page = browser_page
    with time_machine.travel(dt.datetime(2024, 3, 1, 9, 0), tick=True):
        candidate = candidates.do_register_candidate(
            person("Nguyễn Thị Ánh Tuyết", birth=dt.date(1997, 4, 4), sex="F"),
            organisation=tree["C11"],
            registered_on=dt.date(2023, 9, 1),
            sponsors="Trần Văn Giới, Ban Chấp hành Đoàn cơ sở",
            acting_user=None,
        )
        candidates.do_record_candidate_progress(
            candidate,
            class_completed_on=dt.date(2023, 11, 20),
            certificate_number="GCN-7",
            checked_on=dt.date(2024, 1, 10),
            proposed_on=dt.date(2024, 2, 5),
            acting_user=None,
        )
        # The file is complete only with the political-standard conclusion.
        do_conclude_political_standard(
            purpose="ADMISSION",
            outcome="MET",
            date=dt.date(2024, 1, 25),
            candidate=candidate,
            acting_user=None,
        )
        login(page, live_server.url)
        page.goto(f"{live_server.url}/members/candidates/")
        page.get_by_role("link", name="Nguyễn Thị Ánh Tuyết").click()
        page.get_by_label("Ngày quyết định kết nạp").fill("2024-03-01")
        page.get_by_label("Ngày lễ kết nạp").fill("2024-03-15")
        page.get_by_label("Số quyết định").fill("215-QĐ/ĐU")
        page.get_by_role("button", name="Ghi quyết định kết nạp").click()
        page.get_by_test_id("member-status").wait_for()
        assert "Đảng viên dự bị" in page.get_by_test_id("member-status").inner_text()
        member_url = page.url

    with time_machine.travel(dt.datetime(2025, 3, 20, 9, 0), tick=True):
        login(page, live_server.url)
        page.goto(member_url)
        page.get_by_role("link", name="Chuyển đảng chính thức").click()
        page.locator("#id_date").fill("2025-03-20")
        page.get_by_role("button", name="Ghi").click()
        page.get_by_test_id("member-status").wait_for()
        status = page.get_by_test_id("member-status").inner_text()
        assert "Đảng viên chính thức" in status

        page.goto(f"{live_server.url}/members/")
        page.get_by_label("Tìm (không cần dấu)").fill("nguyen thi anh tuyet")
        page.get_by_role("button", name="Lọc").click()
        page.wait_for_url("**q=nguyen**")
        found = page.locator("#results").get_by_role("link", name="Nguyễn Thị Ánh Tuyết")
        found.wait_for()
        assert "1 đảng viên" in page.get_by_test_id("member-total").inner_text()
