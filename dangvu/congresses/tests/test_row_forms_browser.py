"""On a phone (390 px wide) the congress's results table is typed row by row in a real
browser: the page never scrolls sideways (the table scrolls within its frame), «Thêm dòng»
adds rows keeping what is typed, and the rows chosen and typed are recorded."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import CHROMIUM
from dangvu.congresses.models import Election
from dangvu.congresses.tests.helpers import member, plan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def phone() -> Iterator[Any]:
    """A page in the system's headless Chromium, 390 px wide."""
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
        context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        context.close()
        browser.close()


def test_results_are_typed_row_by_row_on_a_phone(
    live_server: Any, phone: Any, cast: dict[str, Any], tree: dict[str, Any]
) -> None:
    an = member(tree["C11"], "Nguyễn Văn An")
    binh = member(tree["C12"], "Trần Thị Bình")
    congress = plan(tree["GK1"], term="2025–2030", day=dt.date(2025, 6, 12))
    page = phone
    url = live_server.url
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("bantochuc")
    page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/")

    page.goto(f"{url}/congresses/{congress.pk}/ket-qua/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("Số đại biểu (đảng viên) được triệu tập").fill("10")
    page.get_by_label("Số có mặt").fill("10")
    page.get_by_label("Cơ quan, dòng 1", exact=True).select_option("EXECUTIVE")
    page.get_by_label("Đảng viên, dòng 1", exact=True).select_option(str(an.pk))
    page.get_by_label("Chức vụ, dòng 1", exact=True).select_option("SECRETARY")
    page.get_by_label("Số phiếu, dòng 1", exact=True).fill("9")
    page.get_by_label("Dự khuyết, dòng 2", exact=True).check()  # a wrong row: refused
    page.get_by_role("button", name="Ghi", exact=True).click()
    page.wait_for_load_state()
    assert "Dòng 2, Cơ quan: Hãy chọn cơ quan được bầu." in page.content()
    assert not Election.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Dự khuyết, dòng 2", exact=True).uncheck()
    # «Thêm dòng» adds blank rows in place: what is typed stays
    assert page.locator("tr[data-testid^=row-]").count() == 15
    page.get_by_role("link", name="Thêm dòng").click()
    assert page.locator("tr[data-testid^=row-]").count() == 25
    assert page.get_by_label("Số phiếu, dòng 1", exact=True).input_value() == "9"
    page.get_by_label("Cơ quan, dòng 22", exact=True).select_option("SUPERIOR_DELEGATE")
    page.get_by_label("Đảng viên, dòng 22", exact=True).select_option(str(binh.pk))
    page.get_by_label("Số phiếu, dòng 22", exact=True).fill("8")
    page.get_by_label("Dự khuyết, dòng 22", exact=True).check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Ghi", exact=True).click()
    page.wait_for_url(f"{url}/congresses/{congress.pk}/")
    elected = Election.objects.get(body="EXECUTIVE")
    assert (elected.member_id, elected.position, elected.votes) == (an.pk, "SECRETARY", 9)
    delegate = Election.objects.get(body="SUPERIOR_DELEGATE")
    assert (delegate.member_id, delegate.is_alternate) == (binh.pk, True)
