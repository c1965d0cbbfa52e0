"""The rating's decision pages on a phone (390 px): the grassroots committee's secretary
sees how many «xuất sắc» are still allowed, ticks two of the members its cells proposed,
gives the decision's number and date, decides, and sees those two locked; then, as the
superior of its cells, ticks two cells, grades them and decides. Each page is one column,
without horizontal scrolling, every control on screen and tappable."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest

from dangvu.members.tests.factories import existing
from dangvu.rating.actions import do_open_round, do_propose_member
from dangvu.rating.models import Grade, MemberRating, OrgRating

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

# Where screenshots go when asked for (RATING_SCREENSHOTS=<a directory>); none by default.
SHOTS = os.environ.get("RATING_SCREENSHOTS", "")
YEAR = 2025


def login(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("Mat-khau-2024!")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/")


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"rating-{name}-390.png"), full_page=True)


def no_horizontal_scroll(page: Any) -> None:
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > 391)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 8)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide


def all_tappable(form: Any) -> None:
    """Every control of the form lies within the screen's width and takes a tap."""
    controls = form.locator("input:not([type=hidden]), select, button")
    assert controls.count() > 0
    for control in controls.all():
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert box["height"] >= 16 and box["width"] >= 16, box
        control.click(trial=True)  # visible, enabled, not covered by anything


def checkbox_beside_its_label(row: Any, label: str) -> None:
    box = row.get_by_role("checkbox", name=label).bounding_box()
    text = row.locator("label.form-check-label", has_text=label).bounding_box()
    assert box is not None and text is not None
    assert box["y"] < text["y"] + text["height"] and text["y"] < box["y"] + box["height"]
    assert box["x"] + box["width"] <= text["x"]


@pytest.fixture
def members(tree: dict[str, Any]) -> list[Any]:
    people = [
        existing(tree["C11"], dt.date(2020, 1, 1), dt.date(2010, 5, 1), name)
        for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Phương Nguyên")
    ]
    do_open_round(tree["GK1"], YEAR, opened_on=dt.date(YEAR, 12, 1), acting_user=None)
    for m in people:
        do_propose_member(
            m, YEAR, grade=Grade.GOOD, score=80, on=dt.date(YEAR, 12, 5), acting_user=None
        )
    return people


def test_the_grassroots_secretary_decides_two_members_on_a_phone(
    live_server: Any, browser_page: Any, members: list[Any], cast: dict[str, Any]
) -> None:
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server.url, "bithu_gk1")
    page.goto(f"{live_server.url}/rating/quyet-dinh/GK1/?nam={YEAR}")
    rows = page.get_by_test_id("pending-row")
    rows.first.wait_for()
    assert rows.count() == 3
    quota = page.get_by_test_id("quota")
    assert quota.is_visible() and "xuất sắc" in quota.inner_text()
    shot(page, "decide-before")
    no_horizontal_scroll(page)
    form = page.get_by_test_id("decision-form")
    all_tappable(form)
    checkbox_beside_its_label(rows.first, "Quyết định")

    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        row = rows.filter(has_text=name)
        row.get_by_role("checkbox", name="Quyết định").check()
        row.get_by_label("Mức quyết định").select_option("GOOD")
    page.get_by_label("Số quyết định (thông báo)").fill("12-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill("20/12/2025")
    page.get_by_test_id("decide").click()
    page.get_by_text(f"Đã ghi quyết định xếp loại năm {YEAR} của 2 đồng chí").wait_for()
    shot(page, "decide-after")
    locked = page.get_by_test_id("decided-row")
    assert locked.count() == 2
    assert all("12-QĐ/ĐU" in t for t in locked.all_inner_texts())
    assert page.get_by_test_id("pending-row").count() == 1
    decided = MemberRating.objects.filter(decided_on__isnull=False)
    assert sorted(r.member.full_name for r in decided) == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert all(r.is_locked for r in decided)
    no_horizontal_scroll(page)


def test_the_superior_decides_two_of_its_cells_on_a_phone(
    live_server: Any, browser_page: Any, members: list[Any], cast: dict[str, Any]
) -> None:
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server.url, "bithu_gk1")
    page.goto(f"{live_server.url}/rating/to-chuc/GK1/?nam={YEAR}")
    rows = page.get_by_test_id("org-row")
    rows.first.wait_for()
    assert page.get_by_test_id("quota").is_visible()
    shot(page, "organisations-before")
    no_horizontal_scroll(page)
    form = page.get_by_test_id("orgs-form")
    all_tappable(form)
    checkbox_beside_its_label(rows.first, "Chọn")

    for name in ("Chi bộ Văn phòng Sở Y tế", "Chi bộ Thanh tra Sở Y tế"):
        row = rows.filter(has_text=name)
        row.get_by_role("checkbox", name="Chọn").check()
        row.get_by_label("Mức xếp loại").select_option("GOOD")
        row.get_by_label("Điểm").fill("82")
    page.get_by_label("Việc ghi").select_option("quyet_dinh")
    page.get_by_label(re.compile("^Ngày")).fill("28/12/2025")
    page.get_by_label("Số quyết định").fill("30-QĐ/ĐU")
    page.get_by_role("button", name="Ghi").click()
    page.get_by_text("Đã có quyết định 30-QĐ/ĐU").first.wait_for()
    shot(page, "organisations-after")
    assert rows.filter(has_text="Đã có quyết định 30-QĐ/ĐU").count() == 2
    decided = OrgRating.objects.filter(decided_on__isnull=False)
    assert sorted(r.organisation.code for r in decided) == ["C11", "C12"]
    assert all(r.is_locked for r in decided)
    no_horizontal_scroll(page)
