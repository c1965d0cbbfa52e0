"""A cell's secretary records a month of dues on a phone (390 px): opens the month page,
taps "Đã nộp đủ" for the members who paid (one paying three months ahead), saves with one
"Ghi", and sees the totals change; the page is one column, without horizontal scrolling."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from dangvu.dues import actions
from dangvu.dues.models import DuesPayment
from dangvu.members.tests.factories import existing

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

# Where screenshots go when asked for (DUES_SCREENSHOTS=<a directory>); none by default.
SHOTS = os.environ.get("DUES_SCREENSHOTS", "")


def login(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/")


def no_horizontal_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_treasurer_records_a_month_on_a_phone(
    live_server: Any, browser_page: Any, tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    people = {}
    for name, income in (
        ("Nguyễn Văn An", 3_000_000),
        ("Trần Thị Bình", 4_500_000),
        ("Lê Hoàng Phương Nguyên", 6_250_000),
    ):
        member = existing(tree["C21"], dt.date(2020, 1, 1), dt.date(2010, 5, 1), name)
        actions.do_set_basis(
            member,
            valid_from=dt.date(2024, 1, 1),
            category="STATE",
            income=income,
            acting_user=None,
        )
        people[name] = member
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server.url, "bithu_c21")
    page.goto(f"{live_server.url}/dues/thu/C21/?thang=03/2024")
    page.get_by_test_id("totals").wait_for()
    assert page.get_by_test_id("total-expected").inner_text() == "137.500"
    assert page.get_by_test_id("total-collected").inner_text() == "0"
    no_horizontal_scroll(page)
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "dues-month-390-before.png"), full_page=True)

    rows = page.get_by_test_id("member-row")
    an = rows.filter(has_text="Nguyễn Văn An")
    an.get_by_text("Đã nộp đủ").click()
    assert an.get_by_role("checkbox").is_checked()
    binh = rows.filter(has_text="Trần Thị Bình")
    binh.get_by_text("Đã nộp đủ").click()
    binh.get_by_label("Số tháng").fill("3")  # three months ahead, 45.000 a month
    # The touch targets are big enough for a thumb.
    tap = an.get_by_text("Đã nộp đủ").bounding_box()
    assert tap is not None and tap["height"] >= 38 and tap["width"] >= 300
    page.get_by_test_id("save").click()
    page.get_by_text("Đã ghi đảng phí tháng 03/2024 của 2 đồng chí").wait_for()

    assert page.get_by_test_id("total-collected").inner_text() == "75.000"
    assert page.get_by_test_id("total-outstanding").inner_text() == "62.500"
    assert page.get_by_test_id("paid").count() == 2
    no_horizontal_scroll(page)
    assert DuesPayment.objects.filter(member=people["Trần Thị Bình"]).count() == 3
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "dues-month-390-after.png"), full_page=True)
