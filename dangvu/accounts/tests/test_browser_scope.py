"""A cell secretary sees only their cell; a URL edited by hand answers 404; the
administrator finds the attempt in the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.members.tests.factories import existing

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


def test_cell_secretary_is_kept_in_their_cell(
    live_server: Any,
    browser_page: Any,
    cast: dict[str, Any],
    tree: dict[str, Any],
    admin_user: Any,
) -> None:
    mine = existing(tree["C21"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), "Trương Văn Mình")
    other = existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2001, 5, 1), "Lý Thị Khác")
    page = browser_page
    login(page, live_server.url, "bithu_c21")
    page.goto(f"{live_server.url}/members/")
    results = page.locator("#results")
    results.get_by_role("link", name="Trương Văn Mình").wait_for()
    assert results.get_by_role("link", name="Lý Thị Khác").count() == 0

    response = page.goto(f"{live_server.url}/members/{other.pk}/")
    assert response is not None and response.status == 404
    assert "Lý Thị Khác" not in page.content()
    assert page.goto(f"{live_server.url}/members/{mine.pk}/").status == 200

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/audit/?hanh_dong=denied")
    table = page.get_by_test_id("audit-table")
    assert "bithu_c21" in table.inner_text()
    assert "Lý Thị Khác" in table.inner_text()
    assert f"/members/{other.pk}/" in table.inner_text()
