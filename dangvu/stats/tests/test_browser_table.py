"""A grassroots secretary reads the qualifications table (the widest) on a phone (390 px):
the page itself does not scroll sideways, the table scrolls inside its frame and its last
column, the academic titles, is reached by scrolling that frame."""

from __future__ import annotations

from typing import Any

import pytest

from dangvu.stats.tests.conftest import people

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


def test_the_widest_table_scrolls_in_its_frame_on_a_phone(
    live_server: Any, browser_page: Any, tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    people(tree)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server.url, "bithu_gk1")
    page.goto(f"{live_server.url}/stats/trinh-do/?to_chuc=GK1&ngay=30/06/2025")
    table = page.get_by_test_id("stats-table")
    table.wait_for()
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.table-responsive'))"
        ".map(e => e.tagName + '.' + e.className).slice(0, 8)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
    frame = table.locator(".table-responsive")
    assert frame.evaluate("e => e.scrollWidth > e.clientWidth")
    frame.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    last = page.get_by_role("columnheader", name="Giáo sư", exact=True)
    box = last.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 391
    assert "Tổng cộng" in page.get_by_test_id("total").inner_text()
