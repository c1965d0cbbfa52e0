"""On an English browser, every date still reads and is typed day first (dd/mm/yyyy).

A browser's own date picker follows the browser's language: in en-US, 4 December shows as
12/04. The pages' date inputs are text inputs that show 04/12/2024 and read what a clerk
types (31122024, 31-12-2024), and a day that does not exist is refused in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine

from conftest import CHROMIUM
from dangvu.members.tests.factories import existing

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

# 4 December: the day an en-US date picker would show as 12/04/2024.
TODAY = dt.datetime(2024, 12, 4, 9, 0)


@pytest.fixture
def english_page() -> Iterator[Any]:
    """A page in the system's headless Chromium, its language set to American English."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--headless",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        context.close()
        browser.close()


def _log_in(page: Any, url: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("tochuc_gk1")
    page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/")


def _query(page: Any, name: str) -> str:
    return parse_qs(urlparse(page.url).query).get(name, [""])[0]


def test_dates_read_day_first_in_an_english_browser(
    live_server: Any, english_page: Any, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    existing(tree["C11"], dt.date(2020, 1, 1), dt.date(1990, 5, 1), "Trần Văn Ngày")
    page = english_page
    assert page.evaluate("navigator.language") == "en-US"
    with time_machine.travel(TODAY, tick=True):
        _log_in(page, live_server.url)

        # A create form: today is shown 04/12/2024, in a text input with a numeric keypad.
        page.goto(f"{live_server.url}/education/conferences/new/")
        shown = page.locator("#id_date")
        assert shown.get_attribute("type") == "text"
        assert shown.get_attribute("inputmode") == "numeric"
        assert shown.get_attribute("placeholder") == "dd/mm/yyyy"
        assert shown.input_value() == "04/12/2024"

        # Another: a class typed as clerks type dates.
        page.goto(f"{live_server.url}/education/classes/new/")
        page.locator("#id_kind").select_option(index=1)
        page.locator("#id_name").fill("Lớp bồi dưỡng lý luận chính trị")
        page.locator("#id_organiser").fill("GK1")
        start, end = page.locator("#id_start_date"), page.locator("#id_end_date")

        # A day that does not exist is refused, in Vietnamese, and kept as typed.
        start.fill("31/02/2024")
        end.fill("28/02/2024")
        page.get_by_role("button", name="Ghi").click()
        page.wait_for_load_state()
        error = page.get_by_test_id("field-error").first
        assert error.inner_text() == (
            "Ngày 31/02/2024 không tồn tại: tháng 2 năm 2024 chỉ có 29 ngày."
        )
        assert page.locator("#id_start_date").input_value() == "31/02/2024"

        # Typed short, written out in full on leaving the field; accepted.
        start = page.locator("#id_start_date")
        start.fill("02122024")
        start.blur()
        assert start.input_value() == "02/12/2024"
        end = page.locator("#id_end_date")
        end.fill("4-12-2024")
        end.blur()
        assert end.input_value() == "04/12/2024"
        page.get_by_role("button", name="Ghi").click()
        page.get_by_text("02/12/2024 – 04/12/2024").wait_for()

        # The as-of picker: today shown day first; a date typed 31122023 is read so.
        page.goto(f"{live_server.url}/orgs/")
        picker = page.get_by_label("Xem theo ngày")
        assert picker.input_value() == "04/12/2024"
        picker.fill("31122023")
        page.get_by_role("button", name="Xem").click()
        page.wait_for_url("**ngay=31%2F12%2F2023**")
        assert "tại ngày 31/12/2023" in page.locator("#as-of-label").inner_text()
        assert page.get_by_label("Xem theo ngày").input_value() == "31/12/2023"
        # An old bookmark in ISO still works, and is shown day first.
        page.goto(f"{live_server.url}/orgs/?ngay=2022-06-30")
        assert "tại ngày 30/06/2022" in page.locator("#as-of-label").inner_text()
        assert page.get_by_label("Xem theo ngày").input_value() == "30/06/2022"

        # A list filter: the members on a day, typed 31-12-2023.
        page.goto(f"{live_server.url}/members/")
        day = page.get_by_label("Tại ngày")
        assert day.input_value() == "04/12/2024"
        day.fill("31-12-2023")
        page.get_by_role("button", name="Lọc").click()
        page.wait_for_url("**ngay=31%2F12%2F2023**")
        assert _query(page, "ngay") == "31/12/2023"
        assert page.get_by_label("Tại ngày").input_value() == "31/12/2023"
        assert page.get_by_text("Trần Văn Ngày").first.is_visible()
        # A day that does not exist in a filter is not an error page: the list says so.
        page.goto(f"{live_server.url}/members/?ngay=31%2F02%2F2024")
        assert "Ngày xem không hợp lệ" in page.content()
        assert page.get_by_label("Tại ngày").input_value() == "04/12/2024"
