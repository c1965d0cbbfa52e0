"""The home page in a browser at desk width (1280 px) and on a phone (390 px): it loads,
side by side at the desk, in one column on the phone with no horizontal scrolling."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from dangvu.accounts.models import Role
from dangvu.core.dates import add_months, today
from dangvu.members.tests.factories import admit, existing

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

# Where screenshots go when asked for (HOME_SCREENSHOTS=<a directory>); none by default.
SHOTS = os.environ.get("HOME_SCREENSHOTS", "")


def login(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/")


def box(page: Any, testid: str) -> dict[str, float]:
    found = page.get_by_test_id(testid).first.bounding_box()
    assert found is not None
    return found


@pytest.mark.parametrize("user", ["vanphong", "quantri"])
def test_home_at_desk_and_phone_widths(
    live_server: Any,
    browser_page: Any,
    tree: dict[str, Any],
    admin_user: Any,
    django_user_model: Any,
    user: str,
) -> None:
    office = django_user_model.objects.create_user("vanphong", password="Mat-khau-2024!")
    Role.objects.create(user=office, organisation=tree["BLOC"], kind=Role.Kind.BOARD_OFFICE)
    existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2010, 3, 1), "Ngô Văn Chưa Thẻ")
    # Probation ending in about three weeks.
    admitted = add_months(today(), -12) + dt.timedelta(days=14)
    admit(tree["C21"], admitted, "Trần Thị Sắp Hết Dự Bị")
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server.url, user)
    page.get_by_test_id("org-panel").first.wait_for()
    assert "Trần Thị Sắp Hết Dự Bị" in page.get_by_test_id("due").first.inner_text()
    assert page.get_by_test_id("admin-panels").count() == (1 if user == "quantri" else 0)
    figures, due = box(page, "figures"), box(page, "due")
    assert due["x"] > figures["x"] + figures["width"] - 1  # side by side at the desk
    # The main menu wraps onto a second line rather than push the page sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"home-{user}-1280.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.get_by_test_id("org-panel").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    figures, due, changes = box(page, "figures"), box(page, "due"), box(page, "changes")
    # One column: each card under the one before, at the same left edge.
    assert abs(due["x"] - figures["x"]) < 1 and due["y"] >= figures["y"] + figures["height"]
    assert abs(changes["x"] - due["x"]) < 1 and changes["y"] >= due["y"] + due["height"]
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"home-{user}-390.png"), full_page=True)
