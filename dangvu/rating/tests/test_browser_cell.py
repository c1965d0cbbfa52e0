"""A cell's secretary records the year's rating on a phone (390 px): opens the cell's page,
chooses each member's self grade and the cell's proposal (with scores in a year of the
100-point scale), gives the reason for one not rated, saves with one «Ghi», and sees each
member's result; the page is one column, without horizontal scrolling."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvu.members.tests.factories import existing
from dangvu.rating.actions import do_open_round
from dangvu.rating.models import MemberRating

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


def test_a_cell_secretary_rates_the_cell_on_a_phone(
    live_server: Any, browser_page: Any, tree: dict[str, Any], cast: dict[str, Any]
) -> None:
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Phương Nguyên"):
        existing(tree["C21"], dt.date(2020, 1, 1), dt.date(2010, 5, 1), name)
    do_open_round(tree["GK2"], 2025, opened_on=dt.date(2025, 12, 1), acting_user=None)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server.url, "bithu_c21")
    page.goto(f"{live_server.url}/rating/chi-bo/C21/?nam=2025")
    rows = page.get_by_test_id("member-row")
    rows.first.wait_for()
    assert rows.count() == 3
    no_horizontal_scroll(page)

    an = rows.filter(has_text="Nguyễn Văn An")
    an.get_by_label("Tự xếp loại").select_option("EXCELLENT")
    an.get_by_label("Điểm tự chấm").fill("92")
    an.get_by_label("Chi bộ đề xuất").select_option("GOOD")
    an.get_by_label("Điểm đề xuất").fill("85,5")
    binh = rows.filter(has_text="Trần Thị Bình")
    binh.get_by_label("Chi bộ đề xuất").select_option("GOOD")
    binh.get_by_label("Điểm đề xuất").fill("95")  # 95 points is «xuất sắc»: refused
    nguyen = rows.filter(has_text="Lê Hoàng Phương Nguyên")
    nguyen.get_by_label("Không xếp loại vì").select_option("OTHER")
    nguyen.get_by_label("Ghi chú").fill("Bị đình chỉ sinh hoạt đảng")
    box = an.get_by_label("Chi bộ đề xuất").bounding_box()
    assert box is not None and box["height"] >= 30
    page.get_by_test_id("save").click()
    error = page.get_by_test_id("field-error").first
    error.wait_for()
    assert "95 điểm là mức «Hoàn thành xuất sắc nhiệm vụ»" in error.inner_text()
    assert not MemberRating.objects.exists()
    no_horizontal_scroll(page)

    rows.filter(has_text="Trần Thị Bình").get_by_label("Điểm đề xuất").fill("78")
    page.get_by_test_id("save").click()
    page.get_by_text("Đã ghi đánh giá, xếp loại năm 2025 của 3 đồng chí").wait_for()
    results = page.get_by_test_id("result").all_inner_texts()
    assert results.count("Đã đề xuất mức xếp loại") == 2
    assert any(r.startswith("Không xếp loại") for r in results)
    no_horizontal_scroll(page)
