"""A person logs in, opens the tree, picks an older date and sees the older structure."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.orgs import actions

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def test_switching_the_date_shows_the_older_structure(
    live_server: Any,
    browser_page: Any,
    cast: dict[str, Any],
    tree: dict[str, Any],
    decision: Any,
) -> None:
    actions.do_dissolve_organisation(
        tree["GC2"], decision=decision(dt.date(2023, 3, 1)), acting_user=None
    )
    actions.do_rename_organisation(
        tree["GK1"],
        new_name="Đảng bộ Sở Y tế tỉnh",
        decision=decision(dt.date(2023, 3, 1)),
        acting_user=None,
    )
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("bantochuc")
    page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/orgs/")
    tree_list = page.get_by_test_id("tree")
    assert tree_list.get_by_text("Đảng bộ Sở Y tế tỉnh").is_visible()
    assert tree_list.get_by_text("Chi bộ Sở Ngoại vụ").count() == 0

    # Open a node: its children load on demand.
    tree_list.locator("summary", has_text="Đảng bộ Sở Y tế tỉnh").click()
    page.get_by_text("Chi bộ Văn phòng Sở Y tế").wait_for()

    page.get_by_label("Xem theo ngày").fill("2022-06-30")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**ngay=2022-06-30**")
    assert "tại ngày 30/06/2022" in page.locator("#as-of-label").inner_text()
    tree_list = page.get_by_test_id("tree")
    assert tree_list.get_by_text("Chi bộ Sở Ngoại vụ").is_visible()
    assert tree_list.get_by_text("Đảng bộ Sở Y tế", exact=True).is_visible()
